package com.roisystems.ml.ingest;

import com.roisystems.ml.bench.BenchmarkTraffic;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("A record PostgreSQL refuses does not stall Kafka ingestion")
class PoisonRecordTest {

    /** A value this test's constraint refuses: stands in for any record the contract passes and the database does not. */
    private static final int POISON_RESULTS = 13;

    @Test
    @DisplayName("the batch is split, the one refused event is dead-lettered with its Kafka position and PostgreSQL's reason, every other event is stored and the offsets reach the end")
    void poisonIsIsolated(Vertx vertx, TestServers servers) throws Exception {
        servers.jdbc().execute("ALTER TABLE searches ADD CONSTRAINT test_poison CHECK (results_count IS DISTINCT FROM " + POISON_RESULTS + ")");
        JsonObject config = servers.config().json();
        String topic = config.getJsonObject("kafka").getString("activityTopic");
        String group = config.getJsonObject("kafka").getString("consumerGroup");
        config.getJsonObject("ingest").put("maxBatchEvents", 200);

        List<byte[]> records = new ArrayList<>();
        UUID poisonId = null;
        for (int i = 0; i < 600; i++) {
            UUID id = UUID.randomUUID();
            JsonObject event = TestEvents.of("search.performed", id, "user_" + (i % 50), Instant.parse("2024-03-01T10:00:00Z").plusSeconds(i));
            event.getJsonObject("payload").put("results_count", i == 321 ? POISON_RESULTS : 100 + i);
            if (i == 321) {
                poisonId = id;
            }
            records.add(event.encode().getBytes(StandardCharsets.UTF_8));
        }
        produce(servers.kafkaBootstrapServers(), topic, records);

        vertx.deployVerticle(KafkaIngestionVerticle.class.getName(),
                new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER)).await(60, TimeUnit.SECONDS);
        // Without isolation the batch holding the poison fails forever and this never completes.
        KafkaIngestionTest.awaitCommitted(servers.kafkaBootstrapServers(), topic, group, Duration.ofMinutes(2));

        assertThat(servers.jdbc().count("SELECT count(*) FROM searches")).isEqualTo(599);
        assertThat(servers.jdbc().count("SELECT count(*) FROM searches WHERE event_id = '" + poisonId + "'")).isZero();
        assertThat(servers.jdbc().count("SELECT count(*) FROM dead_letters WHERE source = 'KAFKA'")).isEqualTo(1);
        assertThat(servers.jdbc().count("SELECT count(*) FROM dead_letters WHERE event_id = '" + poisonId + "'"
                + " AND reason LIKE 'database_refused%' AND reason LIKE '%test_poison%' AND kafka_offset IS NOT NULL AND topic = '" + topic + "'"))
                .isEqualTo(1);
    }

    private static void produce(String bootstrap, String topic, List<byte[]> records) throws Exception {
        BenchmarkTraffic.createTopic(bootstrap, topic);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (byte[] record : records) {
                sends.add(producer.send(new ProducerRecord<>(topic, "one-partition", record)));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> send : sends) {
                send.get();
            }
        }
    }
}
