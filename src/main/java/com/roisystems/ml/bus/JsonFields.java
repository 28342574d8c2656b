package com.roisystems.ml.bus;

import io.vertx.core.json.JsonObject;

/**
 * Reading optional fields of a contract's JSON form, failing with {@code INVALID_REQUEST} naming the field
 * when one has the wrong type: shared so every contract answers a mistyped field the same way.
 *
 * <p>{@code String reason = JsonFields.optionalString(json, "reason");}
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The field as a string, or null when absent. */
    public static String optionalString(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw ServiceFailure.invalid(field, "must be a string");
        }
        return (String) value;
    }

    /** The field as a whole number, or {@code absent} when absent. */
    public static int optionalInt(JsonObject json, String field, int absent) {
        Object value = json.getValue(field);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number number)) {
            throw ServiceFailure.invalid(field, "must be a number, got " + value);
        }
        return number.intValue();
    }
}
