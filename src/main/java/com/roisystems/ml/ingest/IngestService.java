package com.roisystems.ml.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus contract for request-driven intake (HTTP and WebSocket producers).
 *
 * <p>Request on {@link #ADDRESS}: {@code {"source": "HTTP" | "WEBSOCKET", "events": [ {...}, ... ]}}
 * where each element is an event envelope as received (objects; anything else is rejected per item).
 * Reply, sent only after the accepted events and the dead letters are committed:
 * {@code {"results": [{"index", "event_id", "status": "accepted" | "duplicate" | "rejected", "reason"?, "field"?}], "accepted", "duplicates", "rejected"}}.
 *
 * <p>Failures: {@link com.roisystems.ml.api.ServiceFailures#BAD_REQUEST} when the request has no
 * {@code events} array; {@link com.roisystems.ml.api.ServiceFailures#TOO_LARGE} when it holds more
 * than the configured limit; {@link com.roisystems.ml.api.ServiceFailures#UNAVAILABLE} when the
 * database write fails (nothing was written; the producer should retry with the same event ids).
 *
 * <p>{@code vertx.eventBus().request(IngestService.ADDRESS, IngestService.request("HTTP", events))}
 */
public final class IngestService {

    public static final String ADDRESS = "ingest.events";

    public static final String STATUS_ACCEPTED = "accepted";
    public static final String STATUS_DUPLICATE = "duplicate";
    public static final String STATUS_REJECTED = "rejected";

    private IngestService() {
    }

    public static JsonObject request(String source, JsonArray events) {
        return new JsonObject().put("source", source).put("events", events);
    }
}
