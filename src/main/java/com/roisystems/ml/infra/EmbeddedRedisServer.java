package com.roisystems.ml.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server started from the binary shipped in the embedded-redis artifact, bound to loopback.
 * It keeps no data on disk: Redis holds only the online store, which PostgreSQL can rebuild.
 *
 * <p>The process is started here rather than by the library, whose own shutdown hook would stop Redis while the
 * service still flushes into it; stopping is a step of {@link ShutdownSequence}. With a pid file, a Redis that a
 * killed run left on the port is stopped first ({@link LeftoverServers}).
 *
 * <p>{@code try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(63799, dataDir.resolve("redis.pid"))) { redis.url(); }}
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    static final String EXECUTABLE = "redis-server";

    private final List<String> command;
    private final int port;
    private final Path pidFile;
    private Process process;
    private ShutdownSequence.Step shutdownStep;

    private EmbeddedRedisServer(List<String> command, int port, Path pidFile) {
        this.command = command;
        this.port = port;
        this.pidFile = pidFile;
    }

    /** Starts Redis on {@code port}, or on a free port when {@code port} is 0, without a pid file. */
    public static EmbeddedRedisServer start(int port) throws IOException {
        return start(port, null);
    }

    /**
     * Starts Redis on {@code port} (a free one when 0); with a {@code pidFile}, first stops the Redis a killed run
     * recorded there, then records this one.
     */
    public static EmbeddedRedisServer start(int port, Path pidFile) throws IOException {
        if (pidFile != null) {
            LeftoverServers.stop(pidFile, EXECUTABLE);
        }
        int chosen = port > 0 ? port : freePort();
        List<String> command = RedisServer.newRedisServer()
                .port(chosen)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 1gb")
                .setting("maxmemory-policy allkeys-lru")
                .buildCommandArgs();
        EmbeddedRedisServer server = new EmbeddedRedisServer(command, chosen, pidFile);
        server.launch();
        log.info("Embedded Redis listening on 127.0.0.1:{}", chosen);
        return server;
    }

    private synchronized void launch() throws IOException {
        Path executable = Path.of(command.get(0));
        if (!Files.isExecutable(executable)) {
            executable.toFile().setExecutable(true);
        }
        process = new ProcessBuilder(command)
                .directory(executable.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitReady();
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        if (pidFile != null) {
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            Files.writeString(pidFile, process.pid() + "\n" + port + "\n");
        }
        shutdownStep = ShutdownSequence.register(ShutdownSequence.Phase.SERVERS, "embedded Redis", this::stopQuietly);
    }

    /** Redis answers PING once it accepts connections; a process that exits first failed (port taken, bad config). */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with code " + process.exitValue() + " (is port " + port + " taken?)");
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Redis", e);
            }
        }
        throw new IOException("redis-server did not answer PING on port " + port + " within " + READY_WITHIN.toSeconds() + " s");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's process id (tests of crash recovery look for it). */
    public long pid() {
        return process.pid();
    }

    /** Stops the server; tests use it to show the service degrades to PostgreSQL. */
    public synchronized void stop() throws IOException {
        if (shutdownStep != null) {
            shutdownStep.cancel();
            shutdownStep = null;
        }
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping Redis", e);
        }
        if (pidFile != null) {
            Files.deleteIfExists(pidFile);
        }
    }

    /** Starts the server again on the same port after {@link #stop()}. */
    public synchronized void restart() throws IOException {
        launch();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException e) {
            log.warn("Stopping embedded Redis failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
