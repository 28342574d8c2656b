package com.roisystems.ml.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The service under test as a child JVM ({@code java -cp <this class path> Main serve}) pointed at servers the bench
 * owns, so it can be killed with SIGKILL — a real crash, nothing runs on the way out — and started again on the same
 * data directory. Its console output is appended to one file across restarts;
 * its rolling log goes to {@code logDir}.
 *
 * <p>{@code ServiceProcess service = new ServiceProcess(env, configFile, log, logDir, port, token); Restart r = service.start();}
 */
final class ServiceProcess {

    /** One start, timed from the process launch: to {@code /health} answering healthy, and to the first prediction answered. */
    record Restart(double healthySeconds, double firstPredictionSeconds) {
    }

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Map<String, String> environment;
    private final Path configFile;
    private final Path log;
    private final Path logDir;
    private final int port;
    private final String token;
    private final String maxHeap;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private long launched;

    /** {@code environment} names the servers (PG_URL, REDIS_URL, KAFKA_BOOTSTRAP_SERVERS), the port, the key and DATA_DIR. */
    ServiceProcess(Map<String, String> environment, Path configFile, Path log, Path logDir, int port, String token) {
        this(environment, configFile, log, logDir, port, token, "1g");
    }

    /** As above, with the JVM's maximum heap ({@code -Xmx}), e.g. {@code "512m"} for one of several nodes on one machine. */
    ServiceProcess(Map<String, String> environment, Path configFile, Path log, Path logDir, int port, String token, String maxHeap) {
        this.maxHeap = maxHeap;
        this.environment = Map.copyOf(environment);
        this.configFile = configFile;
        this.log = log;
        this.logDir = logDir;
        this.port = port;
        this.token = token;
    }

    /** Launches the service and waits until it is healthy and has answered one prediction. */
    Restart start() throws IOException, InterruptedException {
        launch();
        return awaitReady();
    }

    /** Launches the service and returns at once, so several can start side by side; {@link #awaitReady} waits for it. */
    void launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                "-Droi.logDir=" + logDir, "com.roisystems.ml.Main", "serve", "--config", configFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        launched = System.nanoTime();
        process = builder.start();
    }

    /** Waits until the service launched last is healthy and has answered one prediction; times both from the launch. */
    Restart awaitReady() throws InterruptedException {
        long deadline = launched + START_TIMEOUT.toNanos();
        while (!healthy()) {
            requireAlive(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        double healthy = (System.nanoTime() - launched) / 1e9;
        while (!predicts()) {
            requireAlive(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return new Restart(healthy, (System.nanoTime() - launched) / 1e9);
    }

    /** SIGKILL: the JVM dies at once, with whatever it held in memory. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for the graceful stop. */
    void stop() throws InterruptedException {
        terminate();
        awaitExit();
    }

    /** SIGTERM without waiting, so several services stop side by side; {@link #awaitExit} waits. */
    void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits up to 120 s for the graceful stop, then kills. */
    void awaitExit() throws InterruptedException {
        if (process != null && !process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The detailed {@code /health} document (the bench's token may read it), or null when the service does not answer. */
    JsonObject health() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 || response.statusCode() == 503 ? new JsonObject(response.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private boolean healthy() {
        JsonObject health = health();
        return health != null && "healthy".equals(health.getString("status"));
    }

    private boolean predicts() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/predict/move-probability"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("entity_id", "user_1").put("entity_type", "USER").encode()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void requireAlive(long deadline) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the service exited with " + process.exitValue() + " while starting; see " + log);
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the service did not become healthy and answer a prediction within " + START_TIMEOUT + "; see " + log);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
