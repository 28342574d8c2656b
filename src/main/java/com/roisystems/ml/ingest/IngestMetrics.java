package com.roisystems.ml.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingestion meters, scraped at {@code /metrics}: events received / accepted / duplicate / rejected per
 * type and source, batch sizes, write latency, and the Kafka consumer's lag.
 *
 * <p>{@code IngestMetrics.forCurrentVertx().count(DeadLetter.HTTP, "email.opened", "accepted");}
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final DistributionSummary batchSize;
    private final Timer writeLatency;
    private final AtomicLong consumerLag = new AtomicLong();
    private final Timer produceToDurable;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("roi_ingest_batch_size").description("events per written batch")
                .publishPercentiles(0.5, 0.95).register(registry);
        this.writeLatency = Timer.builder("roi_ingest_batch_write").description("time to write and commit one batch")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        registry.gauge("roi_ingest_consumer_lag", consumerLag);
        this.produceToDurable = produceToDurableTimer(registry);
    }

    /** From the producer's record timestamp to the commit that made the event durable: data freshness. */
    public static Timer produceToDurableTimer(MeterRegistry registry) {
        return Timer.builder("roi_ingest_produce_to_durable").description("Kafka record timestamp to durable in PostgreSQL")
                .publishPercentiles(0.5, 0.95, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(10))
                .distributionStatisticBufferLength(1)
                .register(registry);
    }

    public void producedToDurable(long millis) {
        produceToDurable.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /** The registry of the running Vert.x metrics (Prometheus), or a private one where metrics are off. */
    public static IngestMetrics forCurrentVertx() {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        return new IngestMetrics(registry == null ? new SimpleMeterRegistry() : registry);
    }

    /** {@code outcome} is received, accepted, duplicate or rejected. */
    public void count(String source, String eventType, String outcome) {
        // Only contract types become tag values: a producer inventing types must not explode cardinality.
        String type = eventType != null && RawTables.eventTypes().contains(eventType) ? eventType : "other";
        counters.computeIfAbsent(source + '|' + type + '|' + outcome, key -> Counter.builder("roi_ingest_events_total")
                .tag("source", source).tag("event_type", type).tag("outcome", outcome)
                .register(registry)).increment();
    }

    public void batchWritten(int events, long nanos) {
        batchSize.record(events);
        writeLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void consumerLag(long lag) {
        consumerLag.set(lag);
    }
}
