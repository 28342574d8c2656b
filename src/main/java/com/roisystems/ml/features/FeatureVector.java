package com.roisystems.ml.features;

import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Feature values of one entity as of one instant, each with its status, and where they came from:
 * {@code memory} (in-process cache), {@code online} (Redis) or {@code postgres} (computed); the entity's tenant
 * ({@code tenant_id}) when the store knows it, so what is derived from the vector (a logged prediction) stays in it. Immutable;
 * a value is found by name through an index built on first lookup, or by position.
 *
 * <p>{@code double equity = vector.value("equity");  // NaN when absent, as Smile expects}
 */
public final class FeatureVector {

    public static final String SOURCE_MEMORY = "memory";
    public static final String SOURCE_ONLINE = "online";
    public static final String SOURCE_POSTGRES = "postgres";

    public static final WireFormat<FeatureVector> FORMAT = WireFormat.of(FeatureVector.class, FeatureVector::toJson, FeatureVector::fromJson);

    private final EntityRef entity;
    private final Instant asOf;
    private final String source;
    private final List<FeatureValue> values;
    private final String tenant;
    /** Built on the first lookup by name; a race builds it twice, to the same content. */
    private Map<String, Integer> positions;

    public FeatureVector(EntityRef entity, Instant asOf, String source, List<FeatureValue> values) {
        this(entity, asOf, source, values, null);
    }

    public FeatureVector(EntityRef entity, Instant asOf, String source, List<FeatureValue> values, String tenant) {
        this.entity = entity;
        this.asOf = asOf;
        this.source = source;
        this.values = List.copyOf(values);
        this.tenant = tenant;
    }

    /** The tenant the entity belongs to; null when not known (a vector built outside the store). */
    public String tenant() {
        return tenant;
    }

    public EntityRef entity() {
        return entity;
    }

    public Instant asOf() {
        return asOf;
    }

    public String source() {
        return source;
    }

    public List<FeatureValue> values() {
        return values;
    }

    /** The position of {@code name} in {@link #values()}, or -1. */
    public int indexOf(String name) {
        Map<String, Integer> index = positions;
        if (index == null) {
            index = new HashMap<>(values.size() * 2);
            for (int i = 0; i < values.size(); i++) {
                index.put(values.get(i).name(), i);
            }
            positions = index;
        }
        Integer position = index.get(name);
        return position == null ? -1 : position;
    }

    public Optional<FeatureValue> get(String name) {
        int position = indexOf(name);
        return position < 0 ? Optional.empty() : Optional.of(values.get(position));
    }

    /** The value of {@code name}, NaN when absent or unknown. */
    public double value(String name) {
        int position = indexOf(name);
        return position < 0 ? Double.NaN : values.get(position).asDouble();
    }

    public double[] toArray() {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i).asDouble();
        }
        return array;
    }

    public JsonObject toJson() {
        JsonArray items = new JsonArray();
        values.forEach(value -> items.add(value.toJson()));
        return new JsonObject().put("entity_type", entity.entityType()).put("entity_id", entity.entityId())
                .put("as_of", asOf.toString()).put("source", source).put("tenant_id", tenant).put("values", items);
    }

    public static FeatureVector fromJson(JsonObject json) {
        List<FeatureValue> values = json.getJsonArray("values").stream().map(item -> FeatureValue.fromJson((JsonObject) item)).toList();
        return new FeatureVector(new EntityRef(json.getString("entity_type"), json.getString("entity_id")),
                Instant.parse(json.getString("as_of")), json.getString("source"), values, json.getString("tenant_id"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureVector vector && entity.equals(vector.entity) && asOf.equals(vector.asOf)
                && source.equals(vector.source) && values.equals(vector.values) && Objects.equals(tenant, vector.tenant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entity, asOf, source, values);
    }

    @Override
    public String toString() {
        return "FeatureVector[" + entity + " as of " + asOf + " from " + source + ", " + values.size() + " values]";
    }
}
