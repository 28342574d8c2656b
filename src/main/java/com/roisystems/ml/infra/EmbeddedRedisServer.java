package com.roisystems.ml.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * A real Redis server started from the binary shipped in the embedded-redis artifact, bound to loopback.
 * It keeps no data on disk: Redis holds only the online store, which PostgreSQL can rebuild.
 *
 * <p>{@code try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(63799)) { redis.url(); }}
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts Redis on {@code port}, or on a free port when {@code port} is 0. */
    public static EmbeddedRedisServer start(int port) throws IOException {
        int chosen = port > 0 ? port : freePort();
        RedisServer server = RedisServer.newRedisServer()
                .port(chosen)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 1gb")
                .setting("maxmemory-policy allkeys-lru")
                .build();
        server.start();
        log.info("Embedded Redis listening on 127.0.0.1:{}", chosen);
        return new EmbeddedRedisServer(server, chosen);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server; tests use it to show the service degrades to PostgreSQL. */
    public void stop() throws IOException {
        server.stop();
    }

    /** Starts the server again on the same port after {@link #stop()}. */
    public void restart() throws IOException {
        server.start();
    }

    @Override
    public void close() throws IOException {
        if (server.isActive()) {
            server.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
