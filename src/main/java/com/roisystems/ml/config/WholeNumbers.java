package com.roisystems.ml.config;

import io.vertx.core.json.JsonObject;

/**
 * Reads a count or a bound from a configuration section: a whole number of at least 1, or a {@link ConfigException}
 * naming the key by its full path ({@code http.admission.batch}) and the value it got.
 *
 * <p>{@code long batch = WholeNumbers.atLeastOne(section, "http.admission", "batch", 20_000);}
 */
public final class WholeNumbers {

    private WholeNumbers() {
    }

    /** {@code section.key}, or {@code fallback} when absent; {@code path} is the section's dotted path, for the message. */
    public static long atLeastOne(JsonObject section, String path, String key, long fallback) {
        Object value = section.getValue(key, fallback);
        if (!(value instanceof Number number) || number.longValue() < 1 || number.doubleValue() != number.longValue()) {
            throw new ConfigException(path + "." + key + " must be a whole number of at least 1, got " + value);
        }
        return number.longValue();
    }
}
