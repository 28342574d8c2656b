package com.roisystems.ml.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server started from the binaries on the class path (zonky), for the zero-setup
 * default and for tests. Data lives under a folder that survives restarts, so a second start reuses it; a server a
 * killed run left running on that folder is stopped first ({@link LeftoverServers}, from its {@code postmaster.pid}).
 * Stopping is a step of {@link ShutdownSequence}, not zonky's own hook, which would stop PostgreSQL while the
 * service still flushes into it.
 *
 * <p>{@link #stop()} (fast shutdown) and {@link #restart()} take the server down and bring it back on the same data
 * directory and port, for tests and the fault bench that show the service riding out a database outage.
 *
 * <p>{@code try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(Path.of("data/postgres"), 54329)) { pg.url("roi"); pg.stop(); pg.restart(); }}
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final Path dataDirectory;
    private final int port;
    /** Null while stopped. */
    private EmbeddedPostgres postgres;
    private ShutdownSequence.Step shutdownStep;
    private boolean closed;

    private EmbeddedPostgresServer(Path dataDirectory, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.port = postgres.getPort();
        running(postgres);
    }

    private void running(EmbeddedPostgres started) {
        this.postgres = started;
        this.shutdownStep = ShutdownSequence.register(ShutdownSequence.Phase.SERVERS, "embedded PostgreSQL", this::closeQuietly);
    }

    /**
     * Starts the server with its data in {@code dataDirectory} (created when missing; kept when present)
     * on {@code port}, or on a free port when {@code port} is 0.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        if (!Files.isWritable(dataDirectory)) {
            throw new IOException("data directory " + dataDirectory.toAbsolutePath() + " is not writable");
        }
        LeftoverServers.stop(dataDirectory.resolve("postmaster.pid"), "postgres");
        return new EmbeddedPostgresServer(dataDirectory, launch(dataDirectory, port));
    }

    /** Starts PostgreSQL on the folder and returns once it accepts connections (zonky waits for that). */
    private static EmbeddedPostgres launch(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // Tuned for a bulk-loading analytics workload on a small machine; durability stays on.
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("work_mem", "32MB")
                .setServerConfig("maintenance_work_mem", "256MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("max_connections", "200")
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", postgres.getPort(), dataDirectory.toAbsolutePath());
        return postgres;
    }

    public int port() {
        return port;
    }

    /** A {@code postgresql://} URL for {@code database} as the superuser the embedded server creates. */
    public String url(String database) {
        return "postgresql://postgres:postgres@127.0.0.1:" + port() + "/" + database;
    }

    /** Whether the server is running (started and not stopped). */
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /**
     * Stops the server with a fast shutdown (open sessions are ended, their transactions rolled back); the data
     * directory stays for {@link #restart()}. Stopping a stopped server does nothing.
     */
    public synchronized void stop() throws IOException {
        if (postgres == null) {
            return;
        }
        shutdownStep.cancel();
        shutdownStep = null;
        EmbeddedPostgres stopping = postgres;
        postgres = null;
        stopping.close();
        log.info("Embedded PostgreSQL on port {} stopped", port);
    }

    /**
     * Starts the server again on the same data directory and port (stopping it first when running) and returns once
     * it accepts connections.
     */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("embedded PostgreSQL on port " + port + " was closed");
        }
        stop();
        running(launch(dataDirectory, port));
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            log.warn("Stopping embedded PostgreSQL failed: {}", e.getMessage());
        }
    }

    /** Idempotent and serialised: the shutdown sequence and an owner's own close may both reach it at exit. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        stop();
    }
}
