package com.roisystems.ml.faults;

import com.roisystems.ml.infra.EmbeddedKafkaBroker;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Kafka broker down")
class KafkaOutageTest {

    private static final Logger log = LoggerFactory.getLogger(KafkaOutageTest.class);
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final int EVENTS_EACH_SIDE = 300;
    private static final String TENANT = "acme";

    private static EmbeddedKafkaBroker kafka;
    private static TestServers servers;
    private static String topic;
    private static FaultPlatform platform;

    @BeforeAll
    static void serviceOnItsOwnBroker(Vertx vertx, TestServers shared, @TempDir Path dir) throws Exception {
        kafka = EmbeddedKafkaBroker.start("127.0.0.1", 0, dir.resolve("kafka"));
        servers = new TestServers(shared.database(), shared.redis(), kafka.bootstrapServers(), shared.databaseName());
        FaultPlatform.loadAndTrain(vertx, servers);
        JsonObject config = servers.config().json();
        topic = config.getJsonObject("kafka").getString("activityTopic");
        platform = FaultPlatform.deploy(vertx, config, true);
    }

    /** The consumer leaves its group on undeploy, which needs the broker: undeploy first, then stop the broker. */
    @AfterAll
    static void stopServiceThenBroker(Vertx vertx) throws Exception {
        for (String deployment : vertx.deploymentIDs()) {
            vertx.undeploy(deployment).await(60, TimeUnit.SECONDS);
        }
        kafka.close();
    }

    @Test
    @DisplayName("the consumer rides out a 12 s broker stop and resumes by itself: events produced before and after are stored exactly "
            + "once; health shows kafka DOWN (degraded) meanwhile and UP after; HTTP intake keeps working")
    void brokerStopUnderIntake() throws Exception {
        List<UUID> produced = new ArrayList<>(produce(EVENTS_EACH_SIDE));
        awaitStored(produced, Duration.ofSeconds(60));

        kafka.stop();
        long stoppedAt = System.nanoTime();
        List<UUID> overHttp = new ArrayList<>();
        await("health shows kafka down").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            FaultPlatform.Answer health = platform.health();
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().getString("status")).isEqualTo("degraded");
            assertThat(health.body().getJsonObject("components").getJsonObject("kafka").getString("status")).isEqualTo("DOWN");
        });
        await("the outage lasts " + OUTAGE.toSeconds() + " s while HTTP intake works").atMost(OUTAGE.plusSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    UUID id = UUID.randomUUID();
                    FaultPlatform.Answer answer = platform.postEvents(new JsonArray().add(FaultPlatform.documentViewed(id, "http_user_" + overHttp.size() % 20, TENANT)));
                    assertThat(answer.status()).as(answer.body().encode()).isEqualTo(202);
                    overHttp.add(id);
                    return System.nanoTime() - stoppedAt >= OUTAGE.toNanos();
                });

        long restarting = System.nanoTime();
        kafka.restart();
        long restarted = System.nanoTime();
        produced.addAll(produce(EVENTS_EACH_SIDE));
        awaitStored(produced, Duration.ofSeconds(90));
        long resumedMillis = (System.nanoTime() - restarted) / 1_000_000;
        await("health shows kafka up").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            FaultPlatform.Answer health = platform.health();
            assertThat(health.body().getJsonObject("components").getJsonObject("kafka").getString("status")).isEqualTo("UP");
            assertThat(health.body().getString("status")).isEqualTo("healthy");
        });

        TestDatabase database = servers.jdbc();
        String ids = String.join(",", produced.stream().map(UUID::toString).toList());
        assertThat(database.count("SELECT count(DISTINCT event_id) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", ids))
                .isEqualTo(produced.size());
        assertThat(database.count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", ids))
                .as("each stored once").isEqualTo(produced.size());
        String httpIds = String.join(",", overHttp.stream().map(UUID::toString).toList());
        assertThat(database.count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", httpIds))
                .as("events taken over HTTP during the outage").isEqualTo(overHttp.size());
        log.info("Kafka broker down {} s: {} events over HTTP meanwhile; {} Kafka events before and after all stored once, "
                + "the last {} ms after the broker was back (its restart took {} ms)", OUTAGE.toSeconds(), overHttp.size(), produced.size(),
                resumedMillis, (restarted - restarting) / 1_000_000);
    }

    /** Publishes {@code count} valid events to the activity topic, acknowledged by the broker, and returns their ids. */
    private static List<UUID> produce(int count) throws Exception {
        List<UUID> ids = new ArrayList<>(count);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                JsonObject event = FaultPlatform.documentViewed(id, "kafka_user_" + i % 40, TENANT);
                producer.send(new ProducerRecord<>(topic, event.getString("entity_id"), event.toBuffer().getBytes()));
                ids.add(id);
            }
            producer.flush();
        }
        return ids;
    }

    private static void awaitStored(List<UUID> ids, Duration within) {
        String joined = String.join(",", ids.stream().map(UUID::toString).toList());
        await(ids.size() + " events stored").atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> servers.jdbc()
                .count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", joined) >= ids.size());
    }
}
