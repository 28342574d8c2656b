package com.roisystems.ml.ingest;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * One validated activity event: the envelope's fields, typed, and the payload as the schema accepted it.
 * {@code raw} keeps the bytes received, for the audit trail and for dead-letter replay.
 */
public record ActivityEvent(UUID eventId, String eventType, String entityType, String entityId,
                            Instant occurredAt, int schemaVersion, JsonObject payload) {

    /** The wire names of the envelope, as producers write them. */
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String ENTITY_TYPE = "entity_type";
    public static final String ENTITY_ID = "entity_id";
    public static final String OCCURRED_AT = "occurred_at";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String PAYLOAD = "payload";

    public JsonObject toJson() {
        return new JsonObject()
                .put(EVENT_ID, eventId.toString())
                .put(EVENT_TYPE, eventType)
                .put(ENTITY_TYPE, entityType)
                .put(ENTITY_ID, entityId)
                .put(OCCURRED_AT, occurredAt.toString())
                .put(SCHEMA_VERSION, schemaVersion)
                .put(PAYLOAD, payload);
    }
}
