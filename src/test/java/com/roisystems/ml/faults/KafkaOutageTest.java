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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Kafka broker down")
class KafkaOutageTest {

    private static final Logger log = LoggerFactory.getLogger(KafkaOutageTest.class);
    private static final Duration OUTAGE = Duration.ofSeconds(12);
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
        FaultPlatform.undeployAll(vertx);
        kafka.close();
    }

    @Test
    @DisplayName("the consumer rides out a 12 s broker stop under a steady producer and resumes by itself: every event the broker "
            + "acknowledged, before, across and after the stop, is stored exactly once; health shows kafka DOWN (degraded) "
            + "meanwhile and UP after; HTTP intake keeps working")
    void brokerStopUnderIntake() throws Exception {
        List<UUID> overHttp = new ArrayList<>();
        long resumedMillis;
        long restartMillis;
        int sentWhileDown;
        SteadyProducer producer = SteadyProducer.start(kafka.bootstrapServers(), topic);
        try {
            await("events flowing").atMost(Duration.ofSeconds(60)).until(() -> stored(producer.acknowledged()) >= 200);

            int sentBeforeStop = producer.sent();
            kafka.stop();
            long stoppedAt = System.nanoTime();
            await("health shows kafka down").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                FaultPlatform.Answer health = platform.health();
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body().getString("status")).isEqualTo("degraded");
                assertThat(health.body().getJsonObject("components").getJsonObject("kafka").getString("status")).isEqualTo("DOWN");
            });
            await("the outage lasts " + OUTAGE.toSeconds() + " s while HTTP intake works").atMost(OUTAGE.plusSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        UUID id = UUID.randomUUID();
                        FaultPlatform.Answer answer = platform.postEvents(new JsonArray()
                                .add(FaultPlatform.documentViewed(id, "http_user_" + overHttp.size() % 20, TENANT)));
                        assertThat(answer.status()).as(answer.body().encode()).isEqualTo(202);
                        overHttp.add(id);
                        return System.nanoTime() - stoppedAt >= OUTAGE.toNanos();
                    });

            long restarting = System.nanoTime();
            kafka.restart();
            long restarted = System.nanoTime();
            restartMillis = (restarted - restarting) / 1_000_000;
            sentWhileDown = producer.sent() - sentBeforeStop;
            int acknowledgedAtRestart = producer.acknowledged().size();
            await("events produced after the restart").atMost(Duration.ofSeconds(60))
                    .until(() -> producer.acknowledged().size() >= acknowledgedAtRestart + 300);
            producer.close();
            awaitStored(producer.acknowledged(), Duration.ofSeconds(90));
            resumedMillis = (System.nanoTime() - restarted) / 1_000_000;
        } finally {
            producer.close();
        }
        await("health shows kafka up").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            FaultPlatform.Answer health = platform.health();
            assertThat(health.body().getJsonObject("components").getJsonObject("kafka").getString("status")).isEqualTo("UP");
            assertThat(health.body().getString("status")).isEqualTo("healthy");
        });

        List<UUID> produced = producer.acknowledged();
        assertThat(producer.failed()).as("sends the producer gave up on").isZero();
        assertThat(produced).as("every send acknowledged, those held while the broker was down too").hasSize(producer.sent());
        TestDatabase database = servers.jdbc();
        String ids = String.join(",", produced.stream().map(UUID::toString).toList());
        assertThat(database.count("SELECT count(DISTINCT event_id) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", ids))
                .isEqualTo(produced.size());
        assertThat(database.count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", ids))
                .as("each stored once").isEqualTo(produced.size());
        String httpIds = String.join(",", overHttp.stream().map(UUID::toString).toList());
        assertThat(database.count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", httpIds))
                .as("events taken over HTTP during the outage").isEqualTo(overHttp.size());
        log.info("Kafka broker down {} s under a steady producer: {} events over HTTP meanwhile; {} Kafka events acknowledged before, "
                        + "across ({} sent after the stop began) and after the stop, all stored once, the last {} ms after the broker was back "
                        + "(its restart took {} ms)", OUTAGE.toSeconds(), overHttp.size(), produced.size(), sentWhileDown, resumedMillis, restartMillis);
    }

    /** How many of {@code ids} are stored. */
    private static long stored(List<UUID> ids) throws Exception {
        return servers.jdbc().count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))",
                String.join(",", ids.stream().map(UUID::toString).toList()));
    }

    /**
     * A producer that publishes 10 events every 50 ms until closed, through a broker stop: sends in flight at the stop are
     * retried when the broker returns (idempotent, acks=all), and the client itself holds further sends (up to its
     * {@code max.block.ms}) while the broker is away. Only the ids the broker acknowledged count.
     */
    private static final class SteadyProducer implements AutoCloseable {

        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final List<UUID> acknowledged = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger failed = new AtomicInteger();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger sent = new AtomicInteger();
        private boolean closed;

        private SteadyProducer(String bootstrapServers, String topic) {
            this.producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
            this.topic = topic;
        }

        static SteadyProducer start(String bootstrapServers, String topic) {
            SteadyProducer steady = new SteadyProducer(bootstrapServers, topic);
            steady.timer.scheduleAtFixedRate(steady::sendSome, 0, 50, TimeUnit.MILLISECONDS);
            return steady;
        }

        private void sendSome() {
            for (int i = 0; i < 10; i++) {
                UUID id = UUID.randomUUID();
                JsonObject event = FaultPlatform.documentViewed(id, "kafka_user_" + sent.getAndIncrement() % 40, TENANT);
                producer.send(new ProducerRecord<>(topic, event.getString("entity_id"), event.toBuffer().getBytes()), (metadata, failure) -> {
                    if (failure == null) {
                        acknowledged.add(id);
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
        }

        List<UUID> acknowledged() {
            synchronized (acknowledged) {
                return List.copyOf(acknowledged);
            }
        }

        int failed() {
            return failed.get();
        }

        int sent() {
            return sent.get();
        }

        /** Stops sending and waits for every send's answer. */
        @Override
        public synchronized void close() throws InterruptedException {
            if (closed) {
                return;
            }
            closed = true;
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            producer.flush();
            producer.close();
        }
    }

    private static void awaitStored(List<UUID> ids, Duration within) {
        String joined = String.join(",", ids.stream().map(UUID::toString).toList());
        await(ids.size() + " events stored").atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> servers.jdbc()
                .count("SELECT count(*) FROM document_access WHERE event_id::text = ANY(string_to_array(?, ','))", joined) >= ids.size());
    }
}
