package com.roisystems.ml.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Synthetic, valid, unique activity for load: user events of the common types, built from the
 * contract's examples, seeded. Also the Kafka plumbing a load needs: topic creation, producing as fast
 * as possible or at a fixed open-loop rate, and waiting for a consumer group to commit to the end.
 */
public final class BenchmarkTraffic {

    private static final String[] TYPES = {"document.viewed", "email.opened", "email.sent", "page.viewed",
            "search.performed", "alert.clicked", "property.viewed", "session.started"};
    private static final int PARTITIONS = 4;

    private final List<byte[]> records;
    private final List<String> keys;

    private BenchmarkTraffic(List<byte[]> records, List<String> keys) {
        this.records = records;
        this.keys = keys;
    }

    public static BenchmarkTraffic generate(int count, long seed) {
        JsonObject examples = examples();
        Random random = new Random(seed);
        List<byte[]> records = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String user = "user_" + random.nextInt(100_000);
            JsonObject event = examples.getJsonObject(TYPES[random.nextInt(TYPES.length)]).copy()
                    .put("event_id", new UUID(random.nextLong(), random.nextLong()).toString())
                    .put("entity_id", user)
                    .put("occurred_at", base.plusMillis(i * 50L).toString());
            records.add(event.encode().getBytes(StandardCharsets.UTF_8));
            keys.add(user);
        }
        return new BenchmarkTraffic(records, keys);
    }

    long totalBytes() {
        return records.stream().mapToLong(r -> r.length).sum();
    }

    public static void createTopic(String bootstrap, String topic) throws Exception {
        createTopic(bootstrap, topic, PARTITIONS);
    }

    /** With {@code partitions} partitions: the most consumers of one group that can each hold one. */
    public static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Produces every record as fast as the broker takes them; returns the nanoseconds it took. */
    long produceAll(String bootstrap, String topic) throws Exception {
        createTopic(bootstrap, topic);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < records.size(); i++) {
                producer.send(new ProducerRecord<>(topic, keys.get(i), records.get(i)), this::countFailure);
            }
            producer.flush();
        }
        requireAllSent();
        return System.nanoTime() - started;
    }

    /**
     * Open loop: record i is due at start + i/rate whatever happened before, and carries that due time
     * as its Kafka timestamp, so latency measured from it includes any queueing (no coordinated omission).
     */
    void produceOpenLoop(String bootstrap, String topic, int rate) throws Exception {
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < records.size(); i++) {
                long dueNanos = startNanos + (long) i * 1_000_000_000L / rate;
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long dueMillis = startMillis + (long) i * 1_000L / rate;
                producer.send(new ProducerRecord<>(topic, null, dueMillis, keys.get(i), records.get(i)), this::countFailure);
            }
            producer.flush();
        }
        requireAllSent();
    }

    private final AtomicLong failedSends = new AtomicLong();

    private void countFailure(RecordMetadata metadata, Exception failure) {
        if (failure != null) {
            failedSends.incrementAndGet();
        }
    }

    /** A benchmark whose input did not all arrive would report a flattering throughput: refuse it. */
    private void requireAllSent() {
        if (failedSends.get() > 0) {
            throw new IllegalStateException(failedSends.get() + " records could not be produced; the figures would be wrong");
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 2,
                "batch.size", 262_144, "compression.type", "lz4", "max.in.flight.requests.per.connection", 5,
                "delivery.timeout.ms", 600_000, "request.timeout.ms", 120_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static void awaitCommitted(String bootstrap, String topic, String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (!fullyCommitted(admin, topic, group)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + group + " did not commit to the end of " + topic + " within " + timeout);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    public static boolean fullyCommitted(Admin admin, String topic, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        return partitions.stream().allMatch(p -> ends.get(p) == 0 || committed.containsKey(p) && committed.get(p).offset() == ends.get(p));
    }

    /** The same events as document_access rows, for the COPY ceiling. */
    String asDocumentAccessCsv() {
        StringBuilder csv = new StringBuilder(records.size() * 120);
        for (byte[] record : records) {
            JsonObject event = new JsonObject(new String(record, StandardCharsets.UTF_8));
            csv.append(event.getString("event_id")).append(',').append(event.getString("entity_id")).append(",doc_1,LISTING,VIEWED,")
                    .append(event.getString("occurred_at")).append('\n');
        }
        return csv.toString();
    }

    private static JsonObject examples() {
        try (InputStream in = BenchmarkTraffic.class.getResourceAsStream("/schemas/activity-event-examples.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("activity event examples missing from the class path", e);
        }
    }
}
