package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link RecordSink} that publishes every record with an event type as a JSON envelope on the
 * activity topic, keyed by entity id so one entity's events stay in order on one partition. Optionally
 * paced to {@code rate} events per second and bounded to {@code maxEvents}; records without an event
 * type are ignored here (the simulation loads those by COPY).
 *
 * <p>{@code try (KafkaPublisher publisher = new KafkaPublisher(target)) { PlatformGenerator.generate(params, publisher, progress); publisher.flush(); }}
 */
final class KafkaPublisher implements RecordSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final double rate;
    private final long maxEvents;
    private final Map<String, Long> sentPerType = new TreeMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final long startNanos = System.nanoTime();
    private long sent;

    KafkaPublisher(KafkaTarget target) throws Exception {
        ensureTopic(target);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "roi-ml-simulator"), new StringSerializer(), new StringSerializer());
        this.topic = target.topic();
        this.rate = target.rate();
        this.maxEvents = target.maxEvents();
    }

    /** Brokers may not auto-create topics; an existing topic is used as it is. */
    private static void ensureTopic(KafkaTarget target) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()))) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(target.topic())) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(target.topic(), Optional.of(target.partitions()), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            log.info("Created topic {} with {} partitions", target.topic(), target.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Override
    public void accept(SimRecord record) throws Exception {
        if (record.eventType() == null || !wantsMore()) {
            return;
        }
        Exception earlier = failure.get();
        if (earlier != null) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + earlier.getMessage(), earlier);
        }
        pace();
        producer.send(new ProducerRecord<>(topic, record.entityId(), envelope(record).encode()), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
        sent++;
        sentPerType.merge(record.eventType().wireName(), 1L, Long::sum);
    }

    /** Publishes an envelope built elsewhere (a shift's events), keyed by its entity id, paced and bounded like the rest. */
    void send(JsonObject envelope) {
        if (!wantsMore()) {
            return;
        }
        Exception earlier = failure.get();
        if (earlier != null) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + earlier.getMessage(), earlier);
        }
        pace();
        producer.send(new ProducerRecord<>(topic, envelope.getString(EventTypes.ENTITY_ID), envelope.encode()), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
        sent++;
        sentPerType.merge(envelope.getString(EventTypes.EVENT_TYPE), 1L, Long::sum);
    }

    @Override
    public boolean wantsMore() {
        return maxEvents <= 0 || sent < maxEvents;
    }

    /** Sleeps just enough to keep the average at {@code rate}; bursts are bounded by one event. */
    private void pace() {
        if (rate <= 0) {
            return;
        }
        long due = startNanos + (long) (sent * 1_000_000_000L / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** The wire form agreed with ingestion: the envelope, and a payload of the event type's fields. */
    static JsonObject envelope(SimRecord record) {
        JsonObject payload = new JsonObject();
        for (String field : record.eventType().payloadFields()) {
            payload.put(field, jsonValue(record.value(field)));
        }
        return new JsonObject()
                .put(EventTypes.EVENT_ID, record.eventId().toString())
                .put(EventTypes.EVENT_TYPE, record.eventType().wireName())
                .put(EventTypes.ENTITY_TYPE, record.eventType().entityType().name())
                .put(EventTypes.ENTITY_ID, record.entityId())
                .put(EventTypes.OCCURRED_AT, record.occurredAt().toString())
                .put(EventTypes.SCHEMA_VERSION, EventTypes.CURRENT_SCHEMA_VERSION)
                .put(EventTypes.PAYLOAD, payload)
                .put(EventTypes.TENANT_ID, record.tenant() != null ? record.tenant() : SimTenants.PLATFORM);
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Boolean
                || value instanceof BigDecimal) {
            return value;
        }
        // Instants print as RFC 3339 UTC (2024-03-01T14:05:00Z), dates as 2024-03-01.
        return value.toString();
    }

    /** Events handed to the producer so far, per wire name. */
    Map<String, Long> sentPerType() {
        return sentPerType;
    }

    /** Waits until every event is acknowledged; fails if any was not. */
    void flush() {
        producer.flush();
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + error.getMessage(), error);
        }
        log.info("Published {} events to {}", sent, topic);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
