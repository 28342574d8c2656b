package com.roisystems.ml.ingest;

import com.roisystems.ml.bench.BenchmarkTraffic;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A Kafka workload with known answers: unique valid events, exact re-sends of some of them (far apart,
 * so in other batches), and invalid records of several kinds. Records what the database must end up with.
 */
final class KafkaTestTraffic {

    private static final String[] TYPES = {"document.viewed", "email.opened", "page.viewed", "search.performed", "alert.clicked", "property.viewed"};

    final List<byte[]> records = new ArrayList<>();
    int uniqueValid;
    int duplicates;
    int invalid;

    /** {@code total} records, of which about 5% re-sends and 5% invalid, in a seeded order. */
    static KafkaTestTraffic generate(int total, long seed) {
        KafkaTestTraffic traffic = new KafkaTestTraffic();
        Random random = new Random(seed);
        List<byte[]> sentValid = new ArrayList<>();
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < total; i++) {
            int roll = random.nextInt(100);
            if (roll < 5 && sentValid.size() > 1_000) {
                traffic.records.add(sentValid.get(random.nextInt(sentValid.size() - 500)));
                traffic.duplicates++;
            } else if (roll < 10) {
                traffic.records.add(invalidRecord(random, i));
                traffic.invalid++;
            } else {
                String type = TYPES[random.nextInt(TYPES.length)];
                JsonObject event = TestEvents.of(type, new UUID(random.nextLong(), random.nextLong()),
                        "user_" + random.nextInt(2_000), base.plusSeconds(i * 7L));
                byte[] bytes = event.encode().getBytes(StandardCharsets.UTF_8);
                traffic.records.add(bytes);
                sentValid.add(bytes);
                traffic.uniqueValid++;
            }
        }
        return traffic;
    }

    private static byte[] invalidRecord(Random random, int i) {
        return switch (random.nextInt(4)) {
            case 0 -> "{\"event_id\": \"broken".getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[]{'{', (byte) 0xFE, (byte) 0xFF, '}'};
            case 2 -> TestEvents.documentViewed(UUID.randomUUID(), "user_" + i).put("event_type", "document.burned").encode().getBytes(StandardCharsets.UTF_8);
            default -> {
                JsonObject event = TestEvents.documentViewed(UUID.randomUUID(), "user_" + i);
                event.getJsonObject("payload").remove("document_type");
                yield event.encode().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    void produce(String bootstrapServers, String topic) throws Exception {
        BenchmarkTraffic.createTopic(bootstrapServers, topic);
        // Generous timeouts: on a loaded 2-core machine a broker reply can take seconds, and an expired
        // batch would silently drop test input. Every send is then checked, so input loss fails loudly.
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", bootstrapServers, "acks", "all", "linger.ms", 5, "compression.type", "lz4",
                "delivery.timeout.ms", 600_000, "request.timeout.ms", 120_000, "max.in.flight.requests.per.connection", 1),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, "key_" + (i % 97), records.get(i))));
            }
            producer.flush();
        }
        for (java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send : sends) {
            send.get();
        }
    }
}
