package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.EventTypes;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * One validated activity event: the envelope's fields, typed, and the payload as the schema accepted it; every row it
 * writes belongs to {@code tenantId}.
 * The bytes received stay with its {@link CheckedEvent}, for the audit trail and for dead-letter replay.
 *
 * <p>{@code RawTables.forEventType(event.eventType()).parameters(List.of(event))}
 */
public record ActivityEvent(UUID eventId, String eventType, String entityType, String entityId,
                            Instant occurredAt, int schemaVersion, JsonObject payload, String tenantId) {

    public JsonObject toJson() {
        return new JsonObject()
                .put(EventTypes.EVENT_ID, eventId.toString())
                .put(EventTypes.EVENT_TYPE, eventType)
                .put(EventTypes.ENTITY_TYPE, entityType)
                .put(EventTypes.ENTITY_ID, entityId)
                .put(EventTypes.OCCURRED_AT, occurredAt.toString())
                .put(EventTypes.SCHEMA_VERSION, schemaVersion)
                .put(EventTypes.PAYLOAD, payload)
                .put(EventTypes.TENANT_ID, tenantId);
    }
}
