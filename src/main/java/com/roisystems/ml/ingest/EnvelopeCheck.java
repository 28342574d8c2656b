package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.EventTypes;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The envelope of the contract ({@code envelope} in {@code schemas/activity-events.json}) checked in
 * code. It is the same for every event and on the hot path of every intake; a general JSON-Schema
 * engine spent ~60 µs per event on it (enum, pattern and format keywords), this takes about one.
 * {@code EventValidatorTest} holds the two to the same answers on the documented cases.
 */
final class EnvelopeCheck {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A tenant id: a letter or digit, then up to 63 letters, digits, '_', '.' or '-' (the schema's pattern). */
    private static final Pattern TENANT_TEXT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> FIELDS = Set.of(EventTypes.EVENT_ID, EventTypes.EVENT_TYPE, EventTypes.ENTITY_TYPE,
            EventTypes.ENTITY_ID, EventTypes.OCCURRED_AT, EventTypes.SCHEMA_VERSION, EventTypes.PAYLOAD, EventTypes.TENANT_ID);
    private static final Set<String> ENTITY_TYPES = Set.of("USER", "PROPERTY", "TRANSACTION", "AGENT", "REGION");
    private static final int MAX_ID_LENGTH = 128;

    private EnvelopeCheck() {
    }

    /** The first violation, or null when the envelope is valid. The event type is checked by the caller. */
    static Rejection check(JsonObject event) {
        for (String field : FIELDS) {
            if (event.getValue(field) == null) {
                return violation(field, "is required");
            }
        }
        for (String field : event.fieldNames()) {
            if (!FIELDS.contains(field)) {
                return violation(field, "is not a field of the envelope");
            }
        }
        if (!(event.getValue(EventTypes.EVENT_ID) instanceof String id) || !UUID_TEXT.matcher(id).matches()) {
            return violation(EventTypes.EVENT_ID, "must be a UUID string");
        }
        if (!(event.getValue(EventTypes.EVENT_TYPE) instanceof String)) {
            return violation(EventTypes.EVENT_TYPE, "must be a string");
        }
        if (!(event.getValue(EventTypes.ENTITY_TYPE) instanceof String entityType) || !ENTITY_TYPES.contains(entityType)) {
            return violation(EventTypes.ENTITY_TYPE, "must be one of " + ENTITY_TYPES);
        }
        if (!(event.getValue(EventTypes.ENTITY_ID) instanceof String entityId) || entityId.isEmpty() || entityId.length() > MAX_ID_LENGTH) {
            return violation(EventTypes.ENTITY_ID, "must be a string of 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (!isTenantId(event.getValue(EventTypes.TENANT_ID))) {
            return violation(EventTypes.TENANT_ID, "must be a tenant id: a letter or digit, then up to 63 letters, digits, '_', '.' or '-'");
        }
        if (!(event.getValue(EventTypes.OCCURRED_AT) instanceof String)) {
            return violation(EventTypes.OCCURRED_AT, "must be an RFC 3339 timestamp string");
        }
        Object version = event.getValue(EventTypes.SCHEMA_VERSION);
        if (!(version instanceof Integer || version instanceof Long) || ((Number) version).intValue() != 1) {
            return violation(EventTypes.SCHEMA_VERSION, "must be 1 (the only version this service reads)");
        }
        if (!(event.getValue(EventTypes.PAYLOAD) instanceof JsonObject)) {
            return violation(EventTypes.PAYLOAD, "must be an object");
        }
        return null;
    }

    /** Whether {@code value} is a well-formed tenant id. */
    static boolean isTenantId(Object value) {
        return value instanceof String text && TENANT_TEXT.matcher(text).matches();
    }

    private static Rejection violation(String field, String message) {
        return new Rejection(Rejection.SCHEMA_VIOLATION, field + " " + message, field);
    }
}
