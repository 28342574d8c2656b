package com.roisystems.ml.cli;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.infra.EmbeddedPostgresServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Graceful stop of the service on its embedded servers")
class GracefulStopTest {

    @Test
    @DisplayName("SIGTERM writes the prediction log's pending health and window into PostgreSQL before the embedded servers stop, and leaves none running")
    void drainBeforeServersStop(@TempDir Path dir) throws Exception {
        Path verticles = dir.resolve("verticles.conf");
        Files.writeString(verticles, new JsonObject().put("verticles", new JsonArray().add(new JsonObject()
                .put("name", "prediction-log").put("class", "com.roisystems.ml.predictionlog.PredictionLogVerticle")
                .put("instances", 1).put("worker", false).put("config", new JsonObject()))).encode());
        Path log = dir.resolve("service.log");
        Path dataDir = dir.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Droi.pg.embeddedPort=" + freePort(), "-Droi.redis.embeddedPort=" + freePort(),
                "-Droi.kafka.embeddedPort=" + freePort(), "-Droi.logDir=" + dir,
                ServiceWithPendingLogChild.class.getName(), verticles.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AUTH_ENABLED", "false");
        builder.environment().put("HTTP_PORT", "0");
        builder.environment().put("DATA_DIR", dataDir.toString());
        Process service = builder.start();
        try {
            await("the service has deployed its verticles").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .failFast("service exited early; see " + log, () -> !service.isAlive())
                    .until(() -> Files.readString(log).contains("READY"));
            long postgresPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
            long redisPid = Long.parseLong(Files.readAllLines(dataDir.resolve("redis/redis.pid")).get(0).trim());

            service.destroy();
            assertThat(service.waitFor(120, TimeUnit.SECONDS)).as("the service exits on SIGTERM").isTrue();

            String output = Files.readString(log);
            assertThat(output).contains("Shutting down").contains("Stopped");
            assertThat(output).as("nothing failed to reach a server stopped too early")
                    .doesNotContain("not persisted").doesNotContain("Connection refused");
            for (long pid : List.of(postgresPid, redisPid)) {
                ProcessHandle.of(pid).ifPresent(process -> process.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            }
            assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
            assertThat(dataDir.resolve("redis/redis.pid")).doesNotExist();
            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), 0);
                 Connection connection = Jdbc.connect(DatabaseUrl.parse(postgres.url("roi")));
                 ResultSet rows = connection.createStatement().executeQuery(
                         "SELECT count(*) FROM ml_predictions WHERE prediction_id = 'p-1'")) {
                rows.next();
                assertThat(rows.getLong(1)).as("the prediction answered before SIGTERM is in the log").isEqualTo(1);
            }
        } finally {
            service.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
