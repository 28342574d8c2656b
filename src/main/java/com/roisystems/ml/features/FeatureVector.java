package com.roisystems.ml.features;

import com.roisystems.ml.bus.EntityRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Feature values of one entity as of one instant, each with its status, and where they came from:
 * {@code memory} (in-process cache), {@code online} (Redis) or {@code postgres} (computed).
 *
 * <p>{@code double[] x = vector.toArray();  // NaN for missing values, straight into Smile}
 */
public record FeatureVector(EntityRef entity, Instant asOf, String source, List<FeatureValue> values) {

    public static final String SOURCE_MEMORY = "memory";
    public static final String SOURCE_ONLINE = "online";
    public static final String SOURCE_POSTGRES = "postgres";

    public FeatureVector {
        values = List.copyOf(values);
    }

    public Optional<FeatureValue> get(String name) {
        return values.stream().filter(value -> value.name().equals(name)).findFirst();
    }

    /** The value of {@code name}, NaN when absent or unknown. */
    public double value(String name) {
        return get(name).map(FeatureValue::asDouble).orElse(Double.NaN);
    }

    public double[] toArray() {
        return values.stream().mapToDouble(FeatureValue::asDouble).toArray();
    }

    public JsonObject toJson() {
        JsonArray items = new JsonArray();
        values.forEach(value -> items.add(value.toJson()));
        return new JsonObject().put("entity_type", entity.entityType()).put("entity_id", entity.entityId())
                .put("as_of", asOf.toString()).put("source", source).put("values", items);
    }

    public static FeatureVector fromJson(JsonObject json) {
        List<FeatureValue> values = json.getJsonArray("values").stream().map(item -> FeatureValue.fromJson((JsonObject) item)).toList();
        return new FeatureVector(new EntityRef(json.getString("entity_type"), json.getString("entity_id")),
                Instant.parse(json.getString("as_of")), json.getString("source"), values);
    }
}
