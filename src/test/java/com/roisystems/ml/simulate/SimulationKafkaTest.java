package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes;
import com.roisystems.ml.bus.EventTypes.EventType;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealServers.class)
@DisplayName("Publishing the simulation to Kafka")
class SimulationKafkaTest {

    private static final SimulationParameters PARAMS = SimulationParameters.defaults().withUsers(120).withMonths(6).withSeed(5);

    @Test
    @DisplayName("publishes the same events, with the same ids, that a COPY load writes")
    void publishesWhatIsLoaded(TestServers servers) throws Exception {
        DatabaseUrl copied = RealServers.emptyDatabase("sim_kafka_copy");
        Migrations.apply(copied);
        Simulation.load(copied, PARAMS, false, Progress.NONE);
        String topic = servers.topic("roi.activity");

        SimulationSummary summary = Simulation.publish(servers.database(), PARAMS, false,
                new KafkaTarget(servers.kafkaBootstrapServers(), topic, 4, 0, 0), Progress.NONE);
        long published = summary.rowsPerTable().entrySet().stream()
                .filter(e -> e.getKey().startsWith("kafka:")).mapToLong(Map.Entry::getValue).sum();
        List<JsonObject> events = consume(servers.kafkaBootstrapServers(), topic, published);

        assertThat(events).hasSize((int) published);
        Set<String> publishedIds = new HashSet<>();
        for (JsonObject event : events) {
            EventType type = EventType.fromWire(event.getString(EventTypes.EVENT_TYPE)).orElseThrow();
            assertThat(event.getInteger(EventTypes.SCHEMA_VERSION)).isEqualTo(1);
            assertThat(event.getString(EventTypes.ENTITY_TYPE)).isEqualTo(type.entityType().name());
            assertThat(event.getString(EventTypes.ENTITY_ID)).isNotBlank();
            assertThat(Instant.parse(event.getString(EventTypes.OCCURRED_AT))).isNotNull();
            assertThat(event.getJsonObject(EventTypes.PAYLOAD).fieldNames()).containsExactlyInAnyOrderElementsOf(type.payloadFields());
            if (!type.rawTable().equals("properties") && !type.rawTable().equals("transactions")) {
                publishedIds.add(event.getString(EventTypes.EVENT_ID));
            }
        }
        assertThat(publishedIds).isEqualTo(loadedEventIds(copied));
        assertThat(servers.jdbc().count("SELECT count(*) FROM users")).isEqualTo(PARAMS.users());
        assertThat(servers.jdbc().count("SELECT count(*) FROM sim_user_month_truth")).isEqualTo(PARAMS.users() * PARAMS.months());
        assertThat(servers.jdbc().count("SELECT count(*) FROM email_events")).isZero();
    }

    @Test
    @DisplayName("stops at the event bound and keeps to the rate")
    void boundedAndPaced(TestServers servers) throws Exception {
        DatabaseUrl database = RealServers.emptyDatabase("sim_kafka_bounded");
        Migrations.apply(database);
        long start = System.nanoTime();
        SimulationSummary summary = Simulation.publish(database, PARAMS, false,
                new KafkaTarget(servers.kafkaBootstrapServers(), servers.topic("roi.activity.bounded"), 2, 1_000, 300), Progress.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        long published = summary.rowsPerTable().entrySet().stream()
                .filter(e -> e.getKey().startsWith("kafka:")).mapToLong(Map.Entry::getValue).sum();
        assertThat(published).isEqualTo(300);
        assertThat(seconds).isGreaterThan(0.29);
    }

    private static Set<String> loadedEventIds(DatabaseUrl url) throws Exception {
        return TestDatabase.of(url).withConnection(database -> {
            Set<String> ids = new HashSet<>();
            for (SimTable table : SimTable.values()) {
                if (table.columns().contains("event_id")) {
                    ids.addAll(database.query("SELECT event_id::text FROM " + table.tableName(), result -> result.getString(1)));
                }
            }
            return ids;
        });
    }

    private static List<JsonObject> consume(String bootstrap, String topic, long expected) {
        List<JsonObject> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, topic + ".reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonObject event = new JsonObject(record.value());
                    assertThat(record.key()).isEqualTo(event.getString(EventTypes.ENTITY_ID));
                    events.add(event);
                }
            }
        }
        return events;
    }
}
