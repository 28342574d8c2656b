package com.roisystems.ml.auth;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("WebSockets: the upgrade needs a token, in the header or (for browsers) the access_token query parameter")
class WebSocketAuthTest {

    /** Each socket and the role it needs. */
    private static final Map<String, String> SOCKETS = Map.of(
            "/v1/ws/predictions", TestTokens.client(),
            "/api/ml/v1/ws/events", TestTokens.producer());

    private static ApiUnderTest api;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) {
        // Rate limits are on in the tests' config: an upgrade waits on Redis before toWebSocket(), as in production.
        api = ApiUnderTest.deploy(vertx, servers.config().json());
    }

    private static int rejection(WebSocketConnectOptions options) {
        Throwable failure = catchThrowable(() -> api.connect(options));
        assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
        return ((UpgradeRejectedException) failure).getStatus();
    }

    @Test
    @DisplayName("no token: the upgrade is rejected with 401 before upgrading")
    void noToken() {
        SOCKETS.keySet().forEach(uri -> assertThat(rejection(new WebSocketConnectOptions().setURI(uri))).as(uri).isEqualTo(401));
    }

    @Test
    @DisplayName("a token in the access_token query parameter opens the socket, and it answers frames")
    void queryToken() throws Exception {
        for (Map.Entry<String, String> socket : SOCKETS.entrySet()) {
            WebSocket opened = api.connect(new WebSocketConnectOptions().setURI(socket.getKey() + "?access_token=" + socket.getValue()));
            assertThat(opened.isClosed()).isFalse();
            opened.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a token in the Authorization header opens the socket too")
    void headerToken() throws Exception {
        for (Map.Entry<String, String> socket : SOCKETS.entrySet()) {
            WebSocket opened = api.connect(TestTokens.withToken(new WebSocketConnectOptions().setURI(socket.getKey()), socket.getValue()));
            opened.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a token without the socket's role: 403; a bad token: 401")
    void wrongRoleOrBadToken() {
        assertThat(rejection(new WebSocketConnectOptions().setURI("/v1/ws/predictions?access_token=" + TestTokens.producer()))).isEqualTo(403);
        assertThat(rejection(new WebSocketConnectOptions().setURI("/v1/ws/events?access_token=" + TestTokens.client()))).isEqualTo(403);
        assertThat(rejection(new WebSocketConnectOptions().setURI("/v1/ws/events?access_token=garbage"))).isEqualTo(401);
    }

    @Test
    @DisplayName("outside an upgrade the query parameter is not read: tokens stay out of ordinary URLs")
    void queryTokenOnlyForUpgrades() {
        assertThat(api.get("/v1/features/catalog?access_token=" + TestTokens.client(), null).statusCode()).isEqualTo(401);
    }
}
