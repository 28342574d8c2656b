package com.roisystems.ml.api;

import com.roisystems.ml.features.FeatureVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions on the prediction WebSocket for a caller of one tenant. The socket is served here the way the HTTP
 * edge serves it once the caller is known (acme's, or platform-wide), over the real feature store.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The prediction WebSocket for a tenant's caller")
class PredictionSocketTenantTest {

    private static int acmePort;
    private static int platformPort;

    @BeforeAll
    static void socketsOverTheFeatureStore(Vertx vertx, TestServers servers) throws Exception {
        // Users of their own: Redis is shared by the test run, and other classes' users may be online there.
        servers.jdbc().execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES "
                + "('ws_acme_1', 'R1', '35_49', now(), 'acme'), ('ws_acme_2', 'R1', '35_49', now(), 'acme'), "
                + "('ws_globex_1', 'R1', '35_49', now(), 'globex')");
        vertx.deployVerticle(new FeatureVerticle(), new DeploymentOptions().setConfig(servers.config().json())).await(60, TimeUnit.SECONDS);
        PredictionSocket sockets = new PredictionSocket(vertx, SocketLimits.of(new JsonObject()));
        HttpServer acme = vertx.createHttpServer().webSocketHandler(socket -> sockets.accept(socket, "acme")).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        HttpServer platform = vertx.createHttpServer().webSocketHandler(socket -> sockets.accept(socket, null)).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        acmePort = acme.actualPort();
        platformPort = platform.actualPort();
    }

    private static JsonObject subscribe(Vertx vertx, int port, String... users) throws Exception {
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/v1/ws/predictions")).await(10, TimeUnit.SECONDS);
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "s-1").put("entity_ids", new JsonArray(List.of(users)))
                .encode()).await(10, TimeUnit.SECONDS);
        JsonObject reply = frames.poll(30, TimeUnit.SECONDS);
        socket.close().await(10, TimeUnit.SECONDS);
        return reply;
    }

    @Test
    @DisplayName("refuses a subscription to another tenant's user with a 404 not_found error frame, as for an unknown user")
    void anotherTenantsUserIs404(Vertx vertx) throws Exception {
        for (JsonObject refused : List.of(subscribe(vertx, acmePort, "ws_globex_1"), subscribe(vertx, acmePort, "ws_acme_1", "ws_globex_1"),
                subscribe(vertx, acmePort, "ghost"))) {
            assertThat(refused.getString("type")).isEqualTo("error");
            assertThat(refused.getString("id")).isEqualTo("s-1");
            assertThat(refused.getInteger("status")).isEqualTo(404);
            assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("not_found");
        }
    }

    @Test
    @DisplayName("subscribes acme's caller to acme's users, and a platform-wide caller to anyone's")
    void ownTenantsUsersAreSubscribed(Vertx vertx) throws Exception {
        JsonObject acme = subscribe(vertx, acmePort, "ws_acme_1", "ws_acme_2");
        assertThat(acme.getString("type")).isEqualTo("subscribed");
        assertThat(acme.getJsonArray("entity_ids")).containsExactly("ws_acme_1", "ws_acme_2");
        assertThat(subscribe(vertx, platformPort, "ws_globex_1").getString("type")).isEqualTo("subscribed");
    }

}
