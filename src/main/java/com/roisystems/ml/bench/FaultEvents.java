package com.roisystems.ml.bench;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The events {@code bench faults} publishes while it kills the service: valid user activity of the types that land in
 * the append-only activity tables, each with an event id from one contiguous range of this run
 * ({@link #eventId}), so the database can be asked which of them it stored, and how often, with one range predicate.
 * Produced open-loop on a thread of its own at a fixed rate, so the kills land while it publishes; the producer
 * retries through broker outages (acks=all, idempotent) and counts what the broker never acknowledged.
 *
 * <p>{@code FaultEvents events = new FaultEvents(seed, 1_000_000, owners); events.publishInBackground(bootstrap, topic, 5_000);}
 */
final class FaultEvents {

    /** The tables the event types below land in: where a stored event is found, and found more than once if duplicated. */
    static final List<String> ACTIVITY_TABLES = List.of("document_access", "email_events", "page_views", "searches",
            "alert_events", "property_views", "platform_sessions");
    private static final String[] TYPES = {"document.viewed", "email.opened", "email.sent", "page.viewed",
            "search.performed", "alert.clicked", "property.viewed", "session.started"};
    /** Version 4 and the IETF variant: the ids are valid UUIDs; the low 62 bits count the events. */
    private static final long VARIANT = 0x8000_0000_0000_0000L;

    /** A simulated user and the tenant it belongs to: an event about it must name that tenant, or it is refused. */
    record Owner(String userId, String tenantId) {
    }

    private final long high;
    private final long count;
    private final List<Owner> owners;
    private final JsonObject examples = examples();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile Thread publisher;
    private volatile Throwable failure;

    FaultEvents(long seed, long count, List<Owner> owners) {
        this.high = (seed & ~0xF000L) | 0x4000L;
        this.count = count;
        this.owners = List.copyOf(owners);
    }

    /** The simulated users and their tenants, so each event names its user's own tenant. */
    static List<Owner> owners(DatabaseUrl database) throws SQLException {
        List<Owner> owners = new ArrayList<>();
        try (Connection connection = Jdbc.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_id, tenant_id FROM users ORDER BY user_id")) {
            while (rows.next()) {
                owners.add(new Owner(rows.getString(1), rows.getString(2)));
            }
        }
        return owners;
    }

    long count() {
        return count;
    }

    /** The id of event {@code i} (0-based): ids grow with i, so the run's events are those between event 0 and event count-1. */
    UUID eventId(long i) {
        return new UUID(high, VARIANT | i);
    }

    UUID firstId() {
        return eventId(0);
    }

    UUID lastId() {
        return eventId(count - 1);
    }

    byte[] event(long i) {
        Owner owner = owner(i);
        return examples.getJsonObject(TYPES[(int) (i % TYPES.length)]).copy()
                .put("event_id", eventId(i).toString())
                .put("tenant_id", owner.tenantId())
                .put("entity_id", owner.userId())
                .put("occurred_at", Instant.parse("2024-01-01T00:00:00Z").plusMillis(i * 50L).toString())
                .encode().getBytes(StandardCharsets.UTF_8);
    }

    private Owner owner(long i) {
        return owners.get((int) ((i * 7919) % owners.size()));
    }

    /** Starts publishing every event at {@code rate} per second, open loop, on a thread of its own. */
    void publishInBackground(String bootstrap, String topic, int rate) {
        Thread thread = new Thread(() -> {
            try {
                publish(bootstrap, topic, rate);
            } catch (Throwable e) {
                failure = e;
            }
        }, "bench-faults-producer");
        thread.setDaemon(true);
        publisher = thread;
        thread.start();
    }

    private void publish(String bootstrap, String topic, int rate) {
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "enable.idempotence", true, "linger.ms", 5, "compression.type", "lz4",
                "delivery.timeout.ms", 600_000, "request.timeout.ms", 30_000), new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < count; i++) {
                long wait = started + i * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(topic, owner(i).userId(), event(i)), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                });
                published.incrementAndGet();
            }
            producer.flush();
        }
    }

    /** Events handed to the producer so far. */
    long published() {
        return published.get();
    }

    /** Events the broker acknowledged (acks=all): these, and only these, must end up stored. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Events the producer gave up on (delivery timeout): never in Kafka, so not counted as sent. */
    long refused() {
        return refused.get();
    }

    /** Waits for the publisher to finish and flush; rethrows what stopped it. */
    void awaitPublished() throws InterruptedException {
        Thread thread = publisher;
        if (thread != null) {
            thread.join();
        }
        if (failure != null) {
            throw new IllegalStateException("the event producer failed: " + failure, failure);
        }
    }

    private static JsonObject examples() {
        try (InputStream in = FaultEvents.class.getResourceAsStream("/schemas/activity-event-examples.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("activity event examples missing from the class path", e);
        }
    }
}
