package com.roisystems.ml.config;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code rediss://} against a real Redis serving TLS only (the embedded 6.2 binary is built with TLS). */
@ExtendWith(VertxExtension.class)
@DisplayName("Redis over TLS (rediss://) with a password")
class RedisTlsTest {

    private static final String PASSWORD = "s3cret-for-tls-test";

    private static RedisServer server;
    private static int tlsPort;
    private static String caPath;

    @BeforeAll
    static void startTlsOnlyRedis() throws Exception {
        caPath = resource("tls/server-cert.pem");
        tlsPort = freePort();
        // port 0 turns the plain-text listener off: only TLS clients can talk to this server.
        server = RedisServer.newRedisServer()
                .port(0)
                .bind("127.0.0.1")
                .setting("tls-port " + tlsPort)
                .setting("tls-cert-file " + caPath)
                .setting("tls-key-file " + resource("tls/server-key.pem"))
                .setting("tls-auth-clients no")
                .setting("requirepass " + PASSWORD)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @DisplayName("rediss:// with the CA and the password connects encrypted and authenticated")
    void connectsOverTls(Vertx vertx) throws Exception {
        Redis redis = Redis.createClient(vertx, RedisClients.options(redisConfig("rediss://:" + PASSWORD + "@localhost:" + tlsPort, caPath)));
        Response pong = redis.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(pong.toString()).isEqualTo("PONG");
        redis.close();
    }

    @Test
    @DisplayName("without the CA the self-signed server is not trusted: no connection, no silent downgrade")
    void untrustedServerIsRefused(Vertx vertx) {
        Redis redis = Redis.createClient(vertx, RedisClients.options(redisConfig("rediss://:" + PASSWORD + "@localhost:" + tlsPort, "")));
        assertThatThrownBy(() -> redis.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasStackTraceContaining("certification path");
        redis.close();
    }

    @Test
    @DisplayName("a wrong password is refused by the server")
    void wrongPasswordIsRefused(Vertx vertx) {
        Redis redis = Redis.createClient(vertx, RedisClients.options(redisConfig("rediss://:wrong@localhost:" + tlsPort, caPath)));
        assertThatThrownBy(() -> redis.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasStackTraceContaining("WRONGPASS");
        redis.close();
    }

    @Test
    @DisplayName("a plain redis:// URL gets no TLS options")
    void plainUrlStaysPlain() {
        assertThat(RedisClients.options(redisConfig("redis://127.0.0.1:6379", caPath)).getNetClientOptions().isSsl()).isFalse();
    }

    private static JsonObject redisConfig(String url, String ca) {
        return new JsonObject().put("url", url).put("tls", new JsonObject().put("caPath", ca));
    }

    private static String resource(String name) throws Exception {
        return Path.of(RedisTlsTest.class.getClassLoader().getResource(name).toURI()).toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
