package com.roisystems.ml.features;

import io.vertx.core.json.JsonObject;

/**
 * One served value and why it is what it is. {@code value} is null unless the status is PRESENT or
 * STALE.
 *
 * <p>{@code new FeatureValue("equity", 120_000.0, FeatureStatus.PRESENT)}
 */
public record FeatureValue(String name, Double value, FeatureStatus status) {

    /** The value for a double vector: NaN when absent, as Smile expects. */
    public double asDouble() {
        return value == null ? Double.NaN : value;
    }

    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("value", value).put("status", status.name());
    }

    public static FeatureValue fromJson(JsonObject json) {
        return new FeatureValue(json.getString("name"), json.getDouble("value"), FeatureStatus.valueOf(json.getString("status")));
    }
}
