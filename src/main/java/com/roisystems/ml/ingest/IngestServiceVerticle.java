package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.api.ServiceFailures;
import com.roisystems.ml.bus.ActivityIngested;
import com.roisystems.ml.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Serves {@link IngestService#ADDRESS}: validates the events of one HTTP request or WebSocket frame,
 * writes the valid ones and the dead letters in one transaction, and answers per event only after
 * that commit, so an acknowledgement always means durable.
 */
public final class IngestServiceVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(IngestServiceVerticle.class);

    private EventValidator validator;
    private ActivityWriter writer;
    private IngestMetrics metrics;
    private int maxEventsPerRequest;
    private MessageConsumer<JsonObject> consumer;

    @Override
    public Future<?> start() {
        JsonObject ingest = config().getJsonObject("ingest", new JsonObject());
        maxEventsPerRequest = ingest.getInteger("maxEventsPerRequest", 1_000);
        validator = EventValidator.load(ingest.getInteger("maxEventBytes", 64 * 1024),
                Duration.ofSeconds(ingest.getLong("maxFutureSkewSeconds", 300L)));
        writer = new ActivityWriter(PgPools.shared(vertx, config()));
        metrics = IngestMetrics.forCurrentVertx();
        consumer = vertx.eventBus().consumer(IngestService.ADDRESS, this::handle);
        return consumer.completion();
    }

    private void handle(Message<JsonObject> message) {
        JsonObject body = message.body();
        if (body == null || !(body.getValue("events") instanceof JsonArray events)) {
            message.fail(ServiceFailures.BAD_REQUEST, "events: an array of events is required");
            return;
        }
        if (events.size() > maxEventsPerRequest) {
            message.fail(ServiceFailures.TOO_LARGE, "events: " + events.size() + " events in one request, the limit is " + maxEventsPerRequest);
            return;
        }
        String source = DeadLetter.WEBSOCKET.equals(body.getString("source")) ? DeadLetter.WEBSOCKET : DeadLetter.HTTP;
        List<CheckedEvent> results = new ArrayList<>(events.size());
        List<ActivityEvent> valid = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (Object element : events) {
            CheckedEvent result = validateElement(element);
            results.add(result);
            metrics.count(source, result.eventType(), "received");
            if (result.valid()) {
                valid.add(result.event());
            } else {
                deadLetters.add(DeadLetter.fromRequest(source, result));
                metrics.count(source, result.eventType(), "rejected");
            }
        }
        long started = System.nanoTime();
        writer.write(valid, deadLetters, source)
                .onSuccess(outcome -> {
                    metrics.batchWritten(events.size(), System.nanoTime() - started);
                    message.reply(reply(results, outcome, source));
                    if (!outcome.touched().isEmpty()) {
                        Bus.publish(vertx, ActivityIngested.TOPIC,
                                new ActivityIngested(outcome.touched(), outcome.accepted().size(), Instant.now()));
                    }
                })
                .onFailure(failure -> {
                    log.warn("Writing {} events from {} failed: {}", events.size(), source, failure.getMessage());
                    message.fail(ServiceFailures.UNAVAILABLE, "the events could not be stored; retry with the same event ids");
                });
    }

    private CheckedEvent validateElement(Object element) {
        if (element instanceof JsonObject json) {
            return validator.validate(json, json.toBuffer().getBytes());
        }
        byte[] raw = String.valueOf(element).getBytes(StandardCharsets.UTF_8);
        return CheckedEvent.rejected(new Rejection(Rejection.MALFORMED_JSON, "each event must be a JSON object", null), null, null, raw);
    }

    private JsonObject reply(List<CheckedEvent> results, WriteOutcome outcome, String source) {
        JsonArray items = new JsonArray();
        Set<UUID> seen = new HashSet<>();
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        for (int i = 0; i < results.size(); i++) {
            CheckedEvent result = results.get(i);
            JsonObject item = new JsonObject().put("index", i).put("event_id", result.eventId());
            if (!result.valid()) {
                rejected++;
                item.put("status", IngestService.STATUS_REJECTED)
                        .put("reason", result.rejection().code() + ": " + result.rejection().message());
                if (result.rejection().field() != null) {
                    item.put("field", result.rejection().field());
                }
            } else if (outcome.accepted().contains(result.event().eventId()) && seen.add(result.event().eventId())) {
                accepted++;
                item.put("status", IngestService.STATUS_ACCEPTED);
                metrics.count(source, result.eventType(), "accepted");
            } else {
                duplicates++;
                item.put("status", IngestService.STATUS_DUPLICATE);
                metrics.count(source, result.eventType(), "duplicate");
            }
            items.add(item);
        }
        return new JsonObject().put("results", items).put("accepted", accepted).put("duplicates", duplicates).put("rejected", rejected);
    }

    @Override
    public Future<?> stop() {
        return consumer.unregister();
    }
}
