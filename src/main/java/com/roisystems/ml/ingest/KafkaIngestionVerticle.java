package com.roisystems.ml.ingest;

import com.roisystems.ml.config.KafkaClients;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ActivityIngested;
import com.roisystems.ml.db.PgPools;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes the activity topic in a poll → validate → check tenants → write → commit loop. A batch (bounded by
 * {@code max.poll.records} and the poll timeout) is written in one transaction with its dead letters;
 * only then are its offsets committed, and only then is {@code activity.ingested} published. One poll
 * is in flight at a time, so memory is bounded by one batch whatever the input rate, and a slow
 * database slows consumption instead of filling a buffer (backpressure by construction).
 *
 * <p>Deployed as a worker: parsing and schema validation are CPU work that must not share an event loop
 * with HTTP. Instances scale within a consumer group, up to the topic's partition count.
 *
 * <p>{@code vertx.deployVerticle(KafkaIngestionVerticle.class, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config))}
 */
public final class KafkaIngestionVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(KafkaIngestionVerticle.class);
    private static final Duration LAG_SAMPLE_INTERVAL = Duration.ofSeconds(5);
    private static final long RETRY_DELAY_MS = 1_000;

    private KafkaConsumer<String, byte[]> consumer;
    private EventValidator validator;
    private PoisonIsolation poisonIsolation;
    private Pool pool;
    private IngestMetrics metrics;
    private String topic;
    private Duration pollTimeout;
    private volatile boolean running;
    private Future<Void> loopStopped = Future.succeededFuture();
    private long lastLagSample;

    @Override
    public Future<?> start() {
        JsonObject kafka = config().getJsonObject("kafka");
        JsonObject ingest = config().getJsonObject("ingest", new JsonObject());
        topic = kafka.getString("activityTopic");
        pollTimeout = Duration.ofMillis(ingest.getLong("pollTimeoutMs", 100L));
        validator = EventValidator.load(ingest.getInteger("maxEventBytes", 64 * 1024),
                Duration.ofSeconds(ingest.getLong("maxFutureSkewSeconds", 300L)));
        pool = PgPools.shared(vertx, config());
        poisonIsolation = new PoisonIsolation(new ActivityWriter(pool));
        metrics = IngestMetrics.forCurrentVertx();

        Map<String, String> settings = new HashMap<>(KafkaClients.connection(kafka));
        settings.put("group.id", kafka.getString("consumerGroup"));
        settings.put("enable.auto.commit", "false");
        settings.put("auto.offset.reset", "earliest");
        settings.put("max.poll.records", String.valueOf(ingest.getInteger("maxBatchEvents", 5_000)));
        settings.put("fetch.min.bytes", "1");
        // A crashed instance's partitions move to the survivors after this long without heartbeats.
        settings.put("session.timeout.ms", String.valueOf(ingest.getInteger("sessionTimeoutMs", 10_000)));
        settings.put("heartbeat.interval.ms", String.valueOf(ingest.getInteger("sessionTimeoutMs", 10_000) / 4));
        settings.put("max.partition.fetch.bytes", String.valueOf(4 << 20));
        settings.put("client.id", "roi-ml-ingestion-" + deploymentID());
        consumer = KafkaConsumer.create(vertx, settings, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.exceptionHandler(failure -> log.warn("Kafka consumer error on {}: {}", topic, failure.getMessage()));

        return consumer.subscribe(topic).onSuccess(ignored -> {
            running = true;
            Promise<Void> stopped = Promise.promise();
            loopStopped = stopped.future();
            log.info("Consuming {} as group {} from {}", topic, kafka.getString("consumerGroup"), kafka.getString("bootstrapServers"));
            pollLoop(stopped);
        });
    }

    private void pollLoop(Promise<Void> stopped) {
        if (!running) {
            stopped.complete();
            return;
        }
        consumer.poll(pollTimeout)
                .compose(this::ingest)
                .onComplete(result -> {
                    if (result.failed()) {
                        // The batch was not committed, so Kafka redelivers it: seek back by re-subscribing
                        // from the committed offsets, after a pause so a down database is not hammered.
                        log.warn("Batch from {} not written, will retry from the committed offsets: {}", topic, result.cause().getMessage());
                        rewindToCommitted().onComplete(ignored -> vertx.setTimer(RETRY_DELAY_MS, id -> pollLoop(stopped)));
                    } else {
                        pollLoop(stopped);
                    }
                });
    }

    private Future<Void> ingest(KafkaConsumerRecords<String, byte[]> records) {
        sampleLag();
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        List<CheckedEvent> received = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            CheckedEvent result = validator.validate(records.recordAt(i).value());
            metrics.count(DeadLetter.KAFKA, result.eventType(), "received");
            received.add(result);
        }
        return TenantOwnership.confine(pool, received).compose(checked -> write(records, checked));
    }

    private Future<Void> write(KafkaConsumerRecords<String, byte[]> records, List<CheckedEvent> checked) {
        List<ActivityEvent> events = new ArrayList<>(records.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, byte[]> record = records.recordAt(i);
            CheckedEvent result = checked.get(i);
            if (result.valid()) {
                events.add(result.event());
            } else {
                deadLetters.add(DeadLetter.fromKafka(record.topic(), record.partition(), record.offset(), result));
                metrics.count(DeadLetter.KAFKA, result.eventType(), "rejected");
                log.debug("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), result.rejection().describe());
            }
            offsets.merge(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1, ""),
                    (a, b) -> a.getOffset() >= b.getOffset() ? a : b);
        }
        long started = System.nanoTime();
        return poisonIsolation.write(events, deadLetters, DeadLetter.KAFKA, (poison, rejection) -> {
                    int index = indexOf(checked, poison);
                    KafkaConsumerRecord<String, byte[]> record = records.recordAt(index);
                    metrics.count(DeadLetter.KAFKA, poison.eventType(), "rejected");
                    return DeadLetter.fromKafka(record.topic(), record.partition(), record.offset(), CheckedEvent.rejected(
                            rejection, poison.eventId().toString(), poison.eventType(), record.value(), checked.get(index).tenantId()));
                })
                .compose(outcome -> {
                    metrics.batchWritten(records.size(), System.nanoTime() - started);
                    for (ActivityEvent event : events) {
                        if (outcome.accepted().contains(event.eventId())) {
                            metrics.count(DeadLetter.KAFKA, event.eventType(), "accepted");
                        } else if (outcome.duplicates().contains(event.eventId())) {
                            metrics.count(DeadLetter.KAFKA, event.eventType(), "duplicate");
                        }
                    }
                    return consumer.commit(offsets).map(committed -> outcome);
                })
                .onSuccess(outcome -> {
                    long durableAt = System.currentTimeMillis();
                    for (int i = 0; i < records.size(); i++) {
                        metrics.producedToDurable(durableAt - records.recordAt(i).timestamp());
                    }
                })
                .map(outcome -> {
                    if (!outcome.touched().isEmpty()) {
                        Bus.publish(vertx, ActivityIngested.TOPIC,
                                new ActivityIngested(outcome.touched(), outcome.accepted().size(), Instant.now()));
                    }
                    return null;
                });
    }

    private static int indexOf(List<CheckedEvent> checked, ActivityEvent event) {
        for (int i = 0; i < checked.size(); i++) {
            if (checked.get(i).event() == event) {
                return i;
            }
        }
        throw new IllegalStateException("event " + event.eventId() + " is not in its batch");
    }

    /** After a failed write, the next poll must start again at the last committed offset of each partition. */
    private Future<Void> rewindToCommitted() {
        return consumer.assignment().compose(partitions -> {
            List<Future<Void>> seeks = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                seeks.add(consumer.committed(partition).compose(committed -> committed == null
                        ? consumer.seekToBeginning(partition)
                        : consumer.seek(partition, committed.getOffset())));
            }
            return Future.join(seeks).mapEmpty();
        });
    }

    private void sampleLag() {
        long now = System.currentTimeMillis();
        if (now - lastLagSample < LAG_SAMPLE_INTERVAL.toMillis()) {
            return;
        }
        lastLagSample = now;
        consumer.assignment()
                .compose(partitions -> consumer.endOffsets(partitions).compose(ends -> {
                    List<Future<Long>> lags = new ArrayList<>();
                    ends.forEach((partition, end) -> lags.add(consumer.position(partition).map(position -> Math.max(0, end - position))));
                    return Future.all(lags).map(all -> lags.stream().mapToLong(Future::result).sum());
                }))
                .onSuccess(metrics::consumerLag);
    }

    /**
     * Graceful stop: no new poll starts; the batch in flight finishes writing and commits; then the
     * consumer leaves the group so its partitions move to another instance at once.
     */
    @Override
    public Future<?> stop() {
        running = false;
        return loopStopped.compose(ignored -> consumer.close());
    }
}
