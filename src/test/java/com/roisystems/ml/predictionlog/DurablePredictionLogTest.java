package com.roisystems.ml.predictionlog;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The guarantee on the real service in a child JVM: a prediction that was answered is logged even when the
 * process is killed with SIGKILL right after answering. The first run never writes to PostgreSQL on its own (its
 * flush interval is an hour), so every answered prediction exists only in the journal when the kill lands; the next
 * start on the same data directory writes each of them exactly once. A full journal refuses predictions with 503.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Durable prediction log")
class DurablePredictionLogTest {

    private static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(1_000).withMonths(24).withSeed(13);

    @BeforeAll
    static void productionModel(Vertx vertx, TestServers servers) throws Exception {
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        AppConfig config = servers.config();
        new ModelTrainer(vertx, PgPools.shared(vertx, config.json()), config, line -> { })
                .train(PredictionType.MOVE_PROBABILITY, TrainingOptions.defaults().withPromote(Stage.PRODUCTION).withCreatedBy("tests"));
    }

    @Test
    @DisplayName("writes every prediction answered before a kill -9 exactly once at the next start, and refuses predictions while the journal is full")
    void answeredPredictionsSurviveKillNine(Vertx vertx, TestServers servers, @TempDir Path dir) throws Exception {
        TestDatabase database = servers.jdbc();
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        Path dataDir = dir.resolve("data");

        int port = freePort();
        Process first = startService(servers, dir, dataDir, port, "first.log", Map.of("roi.predictionLog.flushIntervalMs", "3600000"));
        List<String> answered = new ArrayList<>();
        try {
            awaitUp(client, port, first, dir.resolve("first.log"));
            for (int i = 0; i < 200; i++) {
                HttpResponse<Buffer> response = predict(client, port, "user_" + (1 + i % 300));
                assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
                answered.add(response.bodyAsJsonObject().getString("prediction_id"));
            }
        } finally {
            first.destroyForcibly().waitFor();
        }
        String ids = answered.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        assertThat(database.count("SELECT count(*) FROM ml_predictions WHERE prediction_id IN (" + ids + ")"))
                .as("the killed run wrote nothing itself: the journal is all that holds the answers").isZero();
        assertThat(Files.list(dataDir.resolve("prediction-journal")).filter(file -> file.toString().endsWith(PredictionJournal.SUFFIX)).count()).isPositive();

        port = freePort();
        Process second = startService(servers, dir, dataDir, port, "second.log", Map.of());
        try {
            awaitUp(client, port, second, dir.resolve("second.log"));
            await("the journal written to ml_predictions").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> database.count("SELECT count(*) FROM ml_predictions WHERE prediction_id IN (" + ids + ")") == answered.size());
            assertThat(database.count("SELECT count(DISTINCT prediction_id) FROM ml_predictions WHERE prediction_id IN (" + ids + ")"))
                    .isEqualTo(answered.size());
            JsonObject logged = new JsonObject(database.queryForObject("SELECT request::text FROM ml_predictions WHERE prediction_id = ?",
                    String.class, answered.get(0)));
            assertThat(logged.fieldNames()).as("the parsed request only, not the body as sent")
                    .containsOnly("entity_id", "entity_type", "prediction_type", "tenant_id").doesNotContain("padding");
        } finally {
            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.list(dataDir.resolve("prediction-journal")).filter(file -> file.toString().endsWith(PredictionJournal.SUFFIX)).toList())
                .as("segments written to PostgreSQL are deleted").isEmpty();

        port = freePort();
        Process third = startService(servers, dir, dataDir, port, "third.log",
                Map.of("roi.predictionLog.flushIntervalMs", "3600000", "roi.predictionLog.journalMaxBytes", "1"));
        try {
            awaitUp(client, port, third, dir.resolve("third.log"));
            assertThat(predict(client, port, "user_5").statusCode()).isEqualTo(200);
            HttpResponse<Buffer> refused = predict(client, port, "user_6");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isNotBlank();
            assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("overloaded");
            assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("predictionLog.journalMaxBytes");
            JsonObject health = client.get(port, "127.0.0.1", "/health").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
            assertThat(health.encode()).contains("journal_bytes");
        } finally {
            third.destroyForcibly().waitFor();
        }
    }

    private static HttpResponse<Buffer> predict(WebClient client, int port, String user) throws Exception {
        return client.post(port, "127.0.0.1", "/v1/predict/move-probability")
                .sendJsonObject(new JsonObject().put("entity_id", user).put("padding", "x".repeat(2_000)))
                .await(30, TimeUnit.SECONDS);
    }

    private static void awaitUp(WebClient client, int port, Process service, Path log) {
        await("the service answers predictions").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .failFast("service exited early; see " + log, () -> !service.isAlive())
                .ignoreExceptions()
                .until(() -> predictReady(client, port));
    }

    private static boolean predictReady(WebClient client, int port) throws Exception {
        return client.get(port, "127.0.0.1", "/v1/models/move_probability_model/health").send().await(5, TimeUnit.SECONDS)
                .bodyAsJsonObject().getString("status").equals("DEPLOYED");
    }

    /** The real service in a child JVM, as {@code java ... Main serve}, so SIGKILL is a real crash. */
    private static Process startService(TestServers servers, Path dir, Path dataDir, int port, String logName,
                                        Map<String, String> properties) throws Exception {
        Path verticles = dir.resolve("verticles.conf");
        JsonArray entries = new JsonArray();
        for (String[] entry : List.of(
                new String[]{"prediction-log", "com.roisystems.ml.predictionlog.PredictionLogVerticle", "1", "false"},
                new String[]{"features", "com.roisystems.ml.features.FeatureVerticle", "1", "false"},
                new String[]{"scoring", "com.roisystems.ml.scoring.ScoringVerticle", "2", "true"},
                new String[]{"http-api", "com.roisystems.ml.api.HttpApiVerticle", "1", "false"})) {
            entries.add(new JsonObject().put("name", entry[0]).put("class", entry[1]).put("instances", Integer.parseInt(entry[2]))
                    .put("worker", Boolean.parseBoolean(entry[3])).put("config", new JsonObject()));
        }
        Files.writeString(verticles, new JsonObject().put("verticles", entries).encode());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Droi.logDir=" + dir));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("com.roisystems.ml.Main", "serve", "--verticles", verticles.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile());
        Map<String, String> env = builder.environment();
        env.put("PG_URL", servers.database().toUrl());
        env.put("REDIS_URL", servers.redis().url());
        env.put("KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrapServers());
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("AUTH_HMAC_SECRET", TestTokens.SECRET);
        env.put("DATA_DIR", dataDir.toString());
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
