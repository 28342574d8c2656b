package com.roisystems.ml.importer;

import com.roisystems.ml.bus.EventTypes;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping file: how each row of a customer's table becomes events of the contract. One row may produce several
 * events (the owner's {@code user.registered}, the home's {@code property.created}, its sale as
 * {@code property.valued}); docs/import.md has the format and a worked example.
 *
 * <pre>{"events": [{"event_type": "property.created", "entity_id": "prop-{row}", "occurred_at": "{sale_date}T00:00:00Z",
 *              "payload": {"bedrooms": {"column": "beds"}, "region_id": "{zip}", "source": {"value": "SALE"}}}]}</pre>
 *
 * Checked whole before any row is read: an unknown event type, a column the file does not have or a field the
 * contract does not have is a mistake in the mapping, reported naming the entry and the field
 * ({@link ServiceFailure} {@code invalid}, field {@code events[1].payload.colour}).
 *
 * <p>{@code ImportMapping mapping = ImportMapping.parse(json, ContractFields.load(), rows.columns(), rows.columnsOrigin());}
 */
record ImportMapping(List<Entry> entries) {

    /** One event per row: its type, where its entity id, time and payload fields come from, and each field's type. */
    record Entry(int index, String eventType, String entityType, FieldSource entityId, FieldSource occurredAt,
                 Map<String, FieldSource> payload, Map<String, FieldType> types) {
    }

    private static final Set<String> ENTRY_KEYS = Set.of(EventTypes.EVENT_TYPE, EventTypes.ENTITY_ID, EventTypes.OCCURRED_AT, EventTypes.PAYLOAD);

    /** Parses the mapping file's text; {@code file} names it in messages. */
    static ImportMapping parse(String text, String file, ContractFields contract, Collection<String> columns, String columnsOrigin) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new ServiceFailure(FailureCode.INVALID_REQUEST, "--mapping", "mapping " + file + " is not a JSON object: " + firstLine(e.getMessage()));
        }
        return parse(json, contract, columns, columnsOrigin);
    }

    static ImportMapping parse(JsonObject json, ContractFields contract, Collection<String> columns, String columnsOrigin) {
        // A mapping is kept beside the customer's tables for years: a description says what it is for, anything else is a typo.
        boolean described = !json.containsKey("description") || json.getValue("description") instanceof String;
        if (!(json.getValue("events") instanceof JsonArray events) || events.isEmpty() || !described
                || json.size() != (json.containsKey("description") ? 2 : 1)) {
            throw new ServiceFailure(FailureCode.INVALID_REQUEST, "events",
                    "mapping: must be {\"events\": [ ... ]} with at least one entry, and at most a \"description\" string beside it");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            entries.add(entry(events.getValue(i), i, contract, columns, columnsOrigin));
        }
        return new ImportMapping(List.copyOf(entries));
    }

    private static Entry entry(Object value, int index, ContractFields contract, Collection<String> columns, String columnsOrigin) {
        String at = "events[" + index + "]";
        if (!(value instanceof JsonObject entry)) {
            throw mistake(at, "mapping " + at + ": must be an object with event_type, entity_id, occurred_at and payload");
        }
        if (!(entry.getValue(EventTypes.EVENT_TYPE) instanceof String eventType)) {
            throw mistake(at + ".event_type", "mapping " + at + ".event_type: is required (one of " + contract.eventTypes() + ")");
        }
        if (!contract.knows(eventType)) {
            throw mistake(at + ".event_type", "mapping " + at + ".event_type: unknown event type '" + eventType
                    + "'; the contract's types are " + contract.eventTypes());
        }
        String named = "mapping " + at + " (" + eventType + ")";
        for (String key : entry.fieldNames()) {
            if (!ENTRY_KEYS.contains(key)) {
                throw mistake(at + "." + key, named + " " + key + ": not a key of a mapping entry (event_type, entity_id, occurred_at, payload;"
                        + " event_id and tenant_id are set by the import)");
            }
        }
        FieldSource entityId = source(entry, EventTypes.ENTITY_ID, at, named, columns, columnsOrigin);
        FieldSource occurredAt = source(entry, EventTypes.OCCURRED_AT, at, named, columns, columnsOrigin);
        if (!(entry.getValue(EventTypes.PAYLOAD, new JsonObject()) instanceof JsonObject payloadSpec)) {
            throw mistake(at + ".payload", named + " payload: must be an object of field: source");
        }
        Map<String, FieldSource> payload = new LinkedHashMap<>();
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (String field : payloadSpec.fieldNames()) {
            FieldType type = contract.fieldType(eventType, field);
            if (type == null) {
                throw mistake(at + ".payload." + field, named + " payload." + field + ": not a field of " + eventType
                        + " in the contract; its fields are " + contract.fields(eventType));
            }
            payload.put(field, checked(payloadSpec.getValue(field), at + ".payload." + field, named + " payload." + field, columns, columnsOrigin));
            types.put(field, type);
        }
        return new Entry(index, eventType, contract.entityType(eventType), entityId, occurredAt, Collections.unmodifiableMap(payload), Collections.unmodifiableMap(types));
    }

    private static FieldSource source(JsonObject entry, String key, String at, String named, Collection<String> columns, String columnsOrigin) {
        if (entry.getValue(key) == null) {
            throw mistake(at + "." + key, named + " " + key + ": is required (a column, a template or a constant)");
        }
        return checked(entry.getValue(key), at + "." + key, named + " " + key, columns, columnsOrigin);
    }

    private static FieldSource checked(Object spec, String field, String where, Collection<String> columns, String columnsOrigin) {
        FieldSource source;
        try {
            source = FieldSource.parse(spec, where);
        } catch (IllegalArgumentException e) {
            throw mistake(field, e.getMessage());
        }
        for (String column : source.columns()) {
            if (!columns.contains(column)) {
                throw mistake(field, where + ": column '" + column + "' is not in " + columnsOrigin + " (columns: " + columns + ")");
            }
        }
        return source;
    }

    private static ServiceFailure mistake(String field, String message) {
        return new ServiceFailure(FailureCode.INVALID_REQUEST, field, message);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
