package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Request-driven intake (HTTP bodies and WebSocket frames) on the event bus. One request carries the
 * events of one body or frame as received; the reply says per event what happened and is sent only after
 * the accepted events and the dead letters are committed, so an acknowledgement always means durable.
 * An invalid event is not a failure of the request: it is answered {@code rejected} with its reason and
 * field, and dead-lettered.
 *
 * <p>Failures ({@link ServiceFailure}) of {@link #EVENTS}:
 * <ul>
 *   <li>400 {@code invalid_request}: {@code events} is not an array, or {@code source} is neither
 *   {@code HTTP} nor {@code WEBSOCKET} (the field is named);</li>
 *   <li>403 {@code forbidden} (field {@code tenant_id}): an event names another tenant than the caller's; nothing is stored;</li>
 *   <li>413 {@code too_many_events} (field {@code events}): more events than {@code ingest.maxEventsPerRequest};</li>
 *   <li>503 {@code service_unavailable}: the write failed and nothing was stored (the producer retries with the
 *   same event ids; what did land is then answered {@code duplicate}), or intake did not answer within
 *   {@link #TIMEOUT_MS}.</li>
 * </ul>
 *
 * <p>{@code Bus.request(vertx, IngestContract.EVENTS, new IngestRequest(DeadLetter.HTTP, events)).map(IngestReply::toJson)}
 */
public final class IngestContract {

    /** How callers know intake in failures: "event intake did not answer in time". */
    public static final String SERVICE = "event intake";
    /** A request of 1,000 events is validated and written in one transaction; this leaves room for a slow commit. */
    public static final long TIMEOUT_MS = 30_000;

    public static final Endpoint<IngestRequest, IngestReply> EVENTS =
            Endpoint.nodeLocal("ingest.events", SERVICE, TIMEOUT_MS, IngestRequest.FORMAT, IngestReply.FORMAT);

    static final String SOURCE = "source";
    static final String EVENTS_FIELD = "events";
    static final String TENANT_ID = "tenant_id";

    private IngestContract() {
    }

    /** More events in one request than intake takes: the producer splits the batch. */
    static ServiceFailure tooManyEvents(int events, int limit) {
        return new ServiceFailure(FailureCode.TOO_MANY_EVENTS, EVENTS_FIELD, events + " events in one request; the limit is " + limit);
    }

    /** An event names another tenant than the caller's. */
    static ServiceFailure otherTenant(String callerTenant, Object named) {
        return new ServiceFailure(FailureCode.FORBIDDEN, TENANT_ID, "tenant_id: events may only be sent for your tenant '" + callerTenant
                + "', not '" + named + "'");
    }

    /**
     * The events of one HTTP body or WebSocket frame, as received: each element should be an event
     * envelope, and anything else is answered {@code rejected} on its own. {@code source} is
     * {@link DeadLetter#HTTP} or {@link DeadLetter#WEBSOCKET}, recorded with dead letters and metrics.
     * {@code tenant} is the verified caller's (null: every tenant, and each event must name its own
     * {@code tenant_id}): an event without a tenant_id gets it, one naming another tenant fails the request (403).
     *
     * <p>{@code new IngestRequest(DeadLetter.WEBSOCKET, new JsonArray().add(event), caller.tenant())}
     */
    public record IngestRequest(String source, JsonArray events, String tenant) {

        public IngestRequest(String source, JsonArray events) {
            this(source, events, null);
        }


        public static final WireFormat<IngestRequest> FORMAT = WireFormat.of(IngestRequest.class, IngestRequest::toJson, IngestRequest::fromJson);

        public IngestRequest {
            if (!DeadLetter.HTTP.equals(source) && !DeadLetter.WEBSOCKET.equals(source)) {
                throw ServiceFailure.invalid(SOURCE, "must be " + DeadLetter.HTTP + " or " + DeadLetter.WEBSOCKET + ", got " + source);
            }
            Objects.requireNonNull(events, EVENTS_FIELD);
        }

        public JsonObject toJson() {
            return new JsonObject().put(SOURCE, source).put(EVENTS_FIELD, events).put(TENANT_ID, tenant);
        }

        /** {@code {"source"?: "HTTP" | "WEBSOCKET", "events": [...]}}; without a source the events came over HTTP. */
        public static IngestRequest fromJson(JsonObject json) {
            if (!(json.getValue(EVENTS_FIELD) instanceof JsonArray events)) {
                throw ServiceFailure.invalid(EVENTS_FIELD, "an array of events is required");
            }
            return new IngestRequest(json.getValue(SOURCE) == null ? DeadLetter.HTTP : String.valueOf(json.getValue(SOURCE)), events,
                    json.getValue(TENANT_ID) instanceof String tenant ? tenant : null);
        }
    }

    /** What became of one event: stored now, stored before (same event id), or refused and dead-lettered. */
    public enum EventStatus {
        ACCEPTED, DUPLICATE, REJECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static EventStatus fromWire(String wireName) {
            return valueOf(wireName.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The answer for the event at {@code index} of the request; a rejected one carries its reason
     * ({@code "schema_violation: ..."}) and, when one field is to blame, its path ({@code payload.document_id}).
     * {@code eventId} is null when the event had none that could be read.
     *
     * <p>{@code EventResult.rejected(2, checked)}
     */
    public record EventResult(int index, String eventId, EventStatus status, String reason, String field) {

        static EventResult rejected(int index, CheckedEvent checked) {
            Rejection rejection = checked.rejection();
            return new EventResult(index, checked.eventId(), EventStatus.REJECTED, rejection.code() + ": " + rejection.message(), rejection.field());
        }

        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("index", index).put("event_id", eventId).put("status", status.wireName());
            if (reason != null) {
                json.put("reason", reason);
            }
            if (field != null) {
                json.put("field", field);
            }
            return json;
        }

        public static EventResult fromJson(JsonObject json) {
            return new EventResult(json.getInteger("index"), json.getString("event_id"), EventStatus.fromWire(json.getString("status")),
                    json.getString("reason"), json.getString("field"));
        }
    }

    /**
     * One result per event of the request, in request order, with the counts per status.
     *
     * <p>{@code reply.accepted() + reply.duplicates() + reply.rejected() == reply.results().size()}
     */
    public record IngestReply(List<EventResult> results) {

        public static final WireFormat<IngestReply> FORMAT = WireFormat.of(IngestReply.class, IngestReply::toJson, IngestReply::fromJson);

        public IngestReply {
            results = List.copyOf(results);
        }

        public int accepted() {
            return count(EventStatus.ACCEPTED);
        }

        public int duplicates() {
            return count(EventStatus.DUPLICATE);
        }

        public int rejected() {
            return count(EventStatus.REJECTED);
        }

        private int count(EventStatus status) {
            return (int) results.stream().filter(result -> result.status() == status).count();
        }

        /** {@code {"results": [...], "accepted", "duplicates", "rejected"}}. */
        public JsonObject toJson() {
            return new JsonObject().put("results", new JsonArray(results.stream().map(EventResult::toJson).toList()))
                    .put("accepted", accepted()).put("duplicates", duplicates()).put("rejected", rejected());
        }

        public static IngestReply fromJson(JsonObject json) {
            return new IngestReply(json.getJsonArray("results").stream().map(result -> EventResult.fromJson((JsonObject) result)).toList());
        }
    }
}
