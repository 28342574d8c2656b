package com.roisystems.ml.ingest;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RealServers.class)
@DisplayName("Crash safety of Kafka ingestion")
class CrashRecoveryTest {

    private static final String ACTIVITY_ROWS = "SELECT (SELECT count(*) FROM document_access) + (SELECT count(*) FROM email_events)"
            + " + (SELECT count(*) FROM page_views) + (SELECT count(*) FROM searches) + (SELECT count(*) FROM alert_events)"
            + " + (SELECT count(*) FROM property_views)";

    @Test
    @DisplayName("a service killed with SIGKILL mid-consumption loses and duplicates nothing once restarted")
    void killNineMidStream(TestServers servers, @TempDir Path dir) throws Exception {
        JsonObject config = servers.config().json();
        String topic = config.getJsonObject("kafka").getString("activityTopic");
        String group = config.getJsonObject("kafka").getString("consumerGroup");
        KafkaTestTraffic traffic = KafkaTestTraffic.generate(30_000, 11);
        traffic.produce(servers.kafkaBootstrapServers(), topic);
        Path verticles = dir.resolve("verticles.conf");
        Files.writeString(verticles, new JsonObject().put("verticles", new JsonArray().add(new JsonObject()
                .put("name", "kafka-ingestion").put("class", KafkaIngestionVerticle.class.getName())
                .put("instances", 1).put("worker", true)
                // Small batches so the kill lands while most of the topic is still unconsumed.
                .put("config", new JsonObject().put("ingest", new JsonObject().put("maxBatchEvents", 200))))).encode());

        TestDatabase database = servers.jdbc();
        Process first = startService(servers, topic, group, verticles, dir.resolve("first.log"));
        await("the service has started consuming").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .failFast("service exited early; see " + dir.resolve("first.log"), () -> !first.isAlive())
                .until(() -> database.count(ACTIVITY_ROWS) >= 2_000);
        first.destroyForcibly().waitFor();
        long atKill = database.count(ACTIVITY_ROWS);
        assertThat(atKill).as("the kill should land mid-stream").isLessThan(traffic.uniqueValid);

        Process second = startService(servers, topic, group, verticles, dir.resolve("second.log"));
        try {
            KafkaIngestionTest.awaitCommitted(servers.kafkaBootstrapServers(), topic, group, Duration.ofMinutes(3));
        } finally {
            second.destroy();
            second.waitFor();
        }

        assertThat(database.count("SELECT (SELECT count(*) FROM document_access) + (SELECT count(*) FROM email_events)"
                + " + (SELECT count(*) FROM page_views) + (SELECT count(*) FROM searches) + (SELECT count(*) FROM alert_events)"
                + " + (SELECT count(*) FROM property_views)")).isEqualTo(traffic.uniqueValid);
        assertThat(database.count("SELECT count(*) FROM dead_letters WHERE source = 'KAFKA'")).isEqualTo(traffic.invalid);
    }

    /** The real service in a child JVM, as {@code java ... Main serve}, so SIGKILL is a real crash. */
    private static Process startService(TestServers servers, String topic, String group, Path verticles, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                "-Droi.kafka.consumerGroup=" + group,
                "-Droi.logDir=" + log.getParent().toString(),
                "com.roisystems.ml.Main", "serve", "--verticles", verticles.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PG_URL", servers.database().toUrl());
        env.put("REDIS_URL", servers.redis().url());
        env.put("KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrapServers());
        env.put("KAFKA_ACTIVITY_TOPIC", topic);
        env.put("HTTP_PORT", "0");
        env.put("AUTH_HMAC_SECRET", TestTokens.SECRET);
        env.put("DATA_DIR", log.getParent().resolve("data").toString() + File.separator);
        return builder.start();
    }
}
