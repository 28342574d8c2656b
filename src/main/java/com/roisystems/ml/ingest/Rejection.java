package com.roisystems.ml.ingest;

/**
 * Why an event was refused: a stable code for dashboards, a message for people, and the offending field
 * as a JSON path within the event ({@code payload.duration_seconds}) when one field is to blame.
 *
 * <p>{@code new Rejection(Rejection.SCHEMA_VIOLATION, "must be an integer", "payload.duration_seconds").describe()}
 */
public record Rejection(String code, String message, String field) {

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_UTF8 = "not_utf8";
    public static final String SCHEMA_VIOLATION = "schema_violation";
    public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
    public static final String ENTITY_TYPE_MISMATCH = "entity_type_mismatch";
    public static final String FUTURE_TIMESTAMP = "occurred_at_in_future";
    public static final String OVERSIZE = "oversize_event";
    /** The event's entity (or the user, property or transaction it names) belongs to another tenant than its tenant_id. */
    public static final String TENANT_MISMATCH = "tenant_mismatch";

    public String describe() {
        return field == null ? code + ": " + message : code + " at " + field + ": " + message;
    }
}
