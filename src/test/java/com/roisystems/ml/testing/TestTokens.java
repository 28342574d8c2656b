package com.roisystems.ml.testing;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenMinter;
import com.roisystems.ml.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Tokens signed with the key {@link TestServers#config()} configures, for tests that talk to the API with
 * authentication on (as it is by default): one per role, tenant-scoped or platform-wide, and HTTP / WebSocket
 * clients that send one.
 *
 * <p>{@code WebClient http = TestTokens.webClient(vertx, TestTokens.admin());}
 */
public final class TestTokens {

    /** The HMAC secret of the test configuration (a test secret: at least 32 bytes, like any). */
    public static final String SECRET = "roi-ml-test-suite-hmac-secret-0123456789abcdef";

    private static final TokenMinter MINTER = TokenMinter.from(settings());

    private TestTokens() {
    }

    /** The auth settings of the test configuration: the defaults with {@link #SECRET}. */
    public static AuthSettings settings() {
        return AuthSettings.from(AppConfig.of(new JsonObject().put("auth", new JsonObject().put("hmacSecret", SECRET))).section("auth"));
    }

    /** Every role, every tenant: what existing tests of a route use, so they test the route and not the guard. */
    public static String all() {
        return mint("test-operator", EnumSet.allOf(Role.class), null);
    }

    public static String admin() {
        return mint("test-admin", Set.of(Role.ADMIN), null);
    }

    public static String monitor() {
        return mint("test-monitor", Set.of(Role.MONITOR), null);
    }

    public static String producer() {
        return mint("test-producer", Set.of(Role.PRODUCER), null);
    }

    public static String client() {
        return mint("test-client", Set.of(Role.CLIENT), null);
    }

    /** A client of one tenant. */
    public static String client(String tenant) {
        return mint("test-client-" + tenant, Set.of(Role.CLIENT), tenant);
    }

    /** Any roles, any tenant ({@code null}: no tenant claim), valid for an hour. */
    public static String mint(String subject, Set<Role> roles, String tenant) {
        return mint(subject, roles, tenant, Duration.ofHours(1));
    }

    /** As {@link #mint(String, Set, String)}, valid for {@code validFor} (a short-lived token, to see what its expiry ends). */
    public static String mint(String subject, Set<Role> roles, String tenant, Duration validFor) {
        return MINTER.mint(subject, roles, tenant, validFor);
    }

    /** A web client that sends {@code Authorization: Bearer token} with every request. */
    public static WebClient webClient(Vertx vertx, String token) {
        return WebClientSession.create(WebClient.create(vertx)).addHeader("Authorization", "Bearer " + token);
    }

    /** WebSocket connect options that carry the token in the Authorization header. */
    public static WebSocketConnectOptions withToken(WebSocketConnectOptions options, String token) {
        return options.addHeader("Authorization", "Bearer " + token);
    }
}
