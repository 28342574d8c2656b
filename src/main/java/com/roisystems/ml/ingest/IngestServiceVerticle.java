package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.ActivityIngested;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.EventTypes;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.ingest.IngestContract.EventResult;
import com.roisystems.ml.ingest.IngestContract.EventStatus;
import com.roisystems.ml.ingest.IngestContract.IngestReply;
import com.roisystems.ml.ingest.IngestContract.IngestRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Serves {@link IngestContract#EVENTS}: validates the events of one HTTP request or WebSocket frame,
 * writes the valid ones and the dead letters in one transaction, and answers per event only after
 * that commit, so an acknowledgement always means durable. Events are the caller's tenant's: without a
 * {@code tenant_id} they get it, with another the request is refused (403); an event about another tenant's
 * entity is rejected and dead-lettered ({@link TenantOwnership}).
 *
 * <p>Config: {@code ingest.maxEventsPerRequest}, {@code ingest.maxEventBytes}, {@code ingest.maxFutureSkewSeconds}, {@code pg}.
 */
public final class IngestServiceVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(IngestServiceVerticle.class);
    /** Whatever the cause, the transaction rolled back: the producer's answer is to send the same events again. */
    static final String NOT_STORED = "the events could not be stored: PostgreSQL is unreachable or not accepting writes; "
            + "retry with the same event ids";

    private EventValidator validator;
    private PoisonIsolation writer;
    private Pool pool;
    private IngestMetrics metrics;
    private int maxEventsPerRequest;

    @Override
    public Future<?> start() {
        JsonObject ingest = config().getJsonObject("ingest", new JsonObject());
        maxEventsPerRequest = ingest.getInteger("maxEventsPerRequest", 1_000);
        validator = EventValidator.load(ingest.getInteger("maxEventBytes", 64 * 1024),
                Duration.ofSeconds(ingest.getLong("maxFutureSkewSeconds", 300L)));
        pool = PgPools.shared(vertx, config());
        writer = new PoisonIsolation(new ActivityWriter(pool));
        metrics = IngestMetrics.forCurrentVertx();
        return Bus.serve(vertx, IngestContract.EVENTS, this::ingest);
    }

    private Future<IngestReply> ingest(IngestRequest request) {
        if (request.events().size() > maxEventsPerRequest) {
            return Future.failedFuture(IngestContract.tooManyEvents(request.events().size(), maxEventsPerRequest));
        }
        JsonArray events;
        try {
            events = inCallersTenant(request.events(), request.tenant());
        } catch (ServiceFailure forbidden) {
            return Future.failedFuture(forbidden);
        }
        String source = request.source();
        List<CheckedEvent> received = new ArrayList<>(events.size());
        for (Object element : events) {
            CheckedEvent event = check(element, request.tenant());
            received.add(event);
            metrics.count(source, event.eventType(), "received");
        }
        return TenantOwnership.confine(pool, received)
                .recover(failure -> {
                    log.warn("Checking the tenants of {} events from {} failed: {}", events.size(), source, failure.getMessage());
                    return Future.failedFuture(ServiceFailure.unavailable(NOT_STORED));
                })
                .compose(checked -> write(events, checked, source));
    }

    /**
     * The events with the caller's tenant: filled in where absent, and another one refuses the whole request before
     * anything is stored. A platform-wide caller's events are taken as they are (each must name its tenant).
     */
    private static JsonArray inCallersTenant(JsonArray events, String tenant) {
        if (tenant == null) {
            return events;
        }
        JsonArray scoped = new JsonArray(new ArrayList<>(events.size()));
        for (Object element : events) {
            if (element instanceof JsonObject event) {
                Object named = event.getValue(EventTypes.TENANT_ID);
                if (named != null && !tenant.equals(named)) {
                    throw IngestContract.otherTenant(tenant, named);
                }
                scoped.add(named == null ? event.copy().put(EventTypes.TENANT_ID, tenant) : event);
            } else {
                scoped.add(element);
            }
        }
        return scoped;
    }

    private Future<IngestReply> write(JsonArray events, List<CheckedEvent> checked, String source) {
        List<ActivityEvent> valid = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (CheckedEvent event : checked) {
            if (event.valid()) {
                valid.add(event.event());
            } else {
                deadLetters.add(DeadLetter.fromRequest(source, event));
                metrics.count(source, event.eventType(), "rejected");
            }
        }
        long started = System.nanoTime();
        // An event PostgreSQL refuses is answered as rejected (and dead-lettered) instead of failing the others.
        Map<UUID, CheckedEvent> refused = new HashMap<>();
        return writer.write(valid, deadLetters, source, (poison, rejection) -> {
                    CheckedEvent sent = checked.stream().filter(event -> event.event() == poison).findFirst().orElseThrow();
                    CheckedEvent letter = CheckedEvent.rejected(rejection, sent.eventId(), sent.eventType(), sent.raw(), sent.tenantId());
                    refused.put(poison.eventId(), letter);
                    return DeadLetter.fromRequest(source, letter);
                })
                .recover(failure -> {
                    log.warn("Writing {} events from {} failed: {}", events.size(), source, failure.getMessage());
                    // Whatever the cause, the transaction rolled back: the producer's answer is to send the same events again.
                    return Future.failedFuture(ServiceFailure.unavailable(NOT_STORED));
                })
                .map(outcome -> {
                    metrics.batchWritten(events.size(), System.nanoTime() - started);
                    if (!outcome.touched().isEmpty()) {
                        Bus.publish(vertx, ActivityIngested.TOPIC, new ActivityIngested(outcome.touched(), outcome.accepted().size(), Instant.now()));
                    }
                    return reply(checked, refused, outcome, source);
                });
    }

    private CheckedEvent check(Object element, String callerTenant) {
        if (element instanceof JsonObject json) {
            return validator.validate(json, json.toBuffer().getBytes());
        }
        byte[] raw = String.valueOf(element).getBytes(StandardCharsets.UTF_8);
        return CheckedEvent.rejected(new Rejection(Rejection.MALFORMED_JSON, "each event must be a JSON object", null), null, null, raw,
                callerTenant);
    }

    /** An event id sent twice in one request is accepted once; its other copies are duplicates. */
    private IngestReply reply(List<CheckedEvent> checked, Map<UUID, CheckedEvent> refused, WriteOutcome outcome, String source) {
        List<EventResult> results = new ArrayList<>(checked.size());
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < checked.size(); i++) {
            CheckedEvent event = checked.get(i);
            if (!event.valid()) {
                results.add(EventResult.rejected(i, event));
                continue;
            }
            CheckedEvent refusedByDatabase = refused.get(event.event().eventId());
            if (refusedByDatabase != null) {
                metrics.count(source, event.eventType(), "rejected");
                results.add(EventResult.rejected(i, refusedByDatabase));
                continue;
            }
            boolean accepted = outcome.accepted().contains(event.event().eventId()) && seen.add(event.event().eventId());
            EventStatus status = accepted ? EventStatus.ACCEPTED : EventStatus.DUPLICATE;
            metrics.count(source, event.eventType(), status.wireName());
            results.add(new EventResult(i, event.eventId(), status, null, null));
        }
        return new IngestReply(results);
    }
}
