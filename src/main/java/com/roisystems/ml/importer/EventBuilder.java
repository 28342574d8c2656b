package com.roisystems.ml.importer;

import com.roisystems.ml.bus.EventTypes;
import com.roisystems.ml.ingest.CheckedEvent;
import com.roisystems.ml.ingest.EventValidator;
import com.roisystems.ml.ingest.Rejection;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one row of a customer's table into the events its mapping describes, each in the contract's envelope with
 * the import's tenant and a deterministic id ({@link ImportIds}), and checks each with the live path's
 * {@link EventValidator}. A row that cannot be read (wrong field count) yields one rejected candidate.
 *
 * <p>{@code List<Candidate> events = new EventBuilder(mapping, validator, "acme").build(row);}
 */
final class EventBuilder {

    /** A row the import cannot read at all: a CSV record with the wrong number of fields, a JSON line that is not an object. */
    static final String MALFORMED_ROW = "malformed_row";

    private final ImportMapping mapping;
    private final EventValidator validator;
    private final String tenant;

    EventBuilder(ImportMapping mapping, EventValidator validator, String tenant) {
        this.mapping = mapping;
        this.validator = validator;
        this.tenant = tenant;
    }

    List<Candidate> build(SourceRow row) {
        if (row.malformed() != null) {
            CheckedEvent rejected = CheckedEvent.rejected(new Rejection(MALFORMED_ROW, row.malformed(), null), null, null, new byte[0], tenant);
            return List.of(new Candidate(rejected, row.number(), row.line(), -1, row.original()));
        }
        List<Candidate> events = new ArrayList<>(mapping.entries().size());
        for (ImportMapping.Entry entry : mapping.entries()) {
            JsonObject event = event(entry, row);
            events.add(new Candidate(validator.validate(event, event.toBuffer().getBytes()), row.number(), row.line(), entry.index(),
                    row.original()));
        }
        return events;
    }

    /** The event {@code entry} makes of {@code row}; fields whose source is unknown in this row are left out. */
    JsonObject event(ImportMapping.Entry entry, SourceRow row) {
        Object entityId = entry.entityId().resolve(row, FieldType.STRING);
        Object occurredAt = entry.occurredAt().resolve(row, FieldType.STRING);
        JsonObject payload = new JsonObject();
        for (Map.Entry<String, FieldSource> field : entry.payload().entrySet()) {
            Object value = field.getValue().resolve(row, entry.types().get(field.getKey()));
            if (value != null) {
                payload.put(field.getKey(), value);
            }
        }
        String entityText = entityId == null ? null : String.valueOf(entityId);
        String occurredText = occurredAt == null ? null : String.valueOf(occurredAt);
        JsonObject event = new JsonObject()
                .put(EventTypes.EVENT_ID, ImportIds.eventId(tenant, entry.eventType(), entityText, occurredText, entry.index()).toString())
                .put(EventTypes.EVENT_TYPE, entry.eventType())
                .put(EventTypes.ENTITY_TYPE, entry.entityType());
        if (entityId != null) {
            event.put(EventTypes.ENTITY_ID, entityId);
        }
        if (occurredAt != null) {
            event.put(EventTypes.OCCURRED_AT, occurredAt);
        }
        return event.put(EventTypes.SCHEMA_VERSION, EventTypes.CURRENT_SCHEMA_VERSION).put(EventTypes.PAYLOAD, payload)
                .put(EventTypes.TENANT_ID, tenant);
    }
}
