package com.roisystems.ml.infra;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.testing.TestDatabase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Embedded servers stop and restart in the same JVM, keeping their data")
class EmbeddedServerRestartTest {

    private static final String TOPIC = "restart-test";
    private static final String GROUP = "restart-test-group";

    @Test
    @DisplayName("PostgreSQL: stop frees the port, restart comes back on the same port with the rows it had")
    void postgresKeepsItsData(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0)) {
            TestDatabase database = TestDatabase.of(DatabaseUrl.parse(postgres.url("postgres")));
            database.execute("CREATE TABLE kept (id int PRIMARY KEY)");
            database.execute("INSERT INTO kept SELECT generate_series(1, 100)");
            int port = postgres.port();

            postgres.stop();
            postgres.stop();
            assertThat(postgres.isRunning()).isFalse();
            assertThat(accepts(port)).as("nothing listens on the port while stopped").isFalse();

            postgres.restart();
            assertThat(postgres.isRunning()).isTrue();
            assertThat(postgres.port()).isEqualTo(port);
            assertThat(database.count("SELECT count(*) FROM kept")).isEqualTo(100);

            postgres.restart();
            assertThat(database.count("SELECT count(*) FROM kept")).as("a restart of a running server").isEqualTo(100);
        }
    }

    @Test
    @DisplayName("Kafka: stop frees the port, restart comes back on the same address with its topics, records and committed offsets")
    void kafkaKeepsTopicsAndOffsets(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start("127.0.0.1", 0, dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            produce(bootstrap, 0, 10);
            assertThat(consumeAndCommit(bootstrap, 4)).containsExactly("0", "1", "2", "3");

            kafka.stop();
            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
            assertThat(accepts(port)).as("nothing listens on the port while stopped").isFalse();

            kafka.restart();
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
            }
            produce(bootstrap, 10, 12);
            assertThat(consumeAndCommit(bootstrap, 8))
                    .as("the group resumes at its committed offset and sees records from before and after the restart")
                    .containsExactly("4", "5", "6", "7", "8", "9", "10", "11");
        }
    }

    private static void produce(String bootstrap, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(TOPIC, String.valueOf(i))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads {@code count} records for the group from its committed offset and commits after the last one read. */
    private static List<String> consumeAndCommit(String bootstrap, int count) {
        List<String> values = new ArrayList<>();
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, count), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (values.size() < count) {
                        values.add(record.value());
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    }
                }
            }
        }
        return values;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
