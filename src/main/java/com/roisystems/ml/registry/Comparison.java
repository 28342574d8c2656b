package com.roisystems.ml.registry;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Two versions of the same prediction type side by side on the named metrics, with the difference (second
 * minus first) where both values are numbers. The reply of {@link RegistryContract#COMPARE}.
 *
 * <p>{@code registry.compare("move_probability_model", 2, "move_probability_model", 3, List.of("auc")).map(c -> c.difference("auc"))}
 */
public record Comparison(ModelVersion first, ModelVersion second, List<String> metrics) {

    public static final WireFormat<Comparison> FORMAT = WireFormat.of(Comparison.class, Comparison::toJson, Comparison::fromJson);

    public Comparison {
        metrics = List.copyOf(metrics);
    }

    /** Second minus first, or null when either version lacks the metric or it is not a number. */
    public Double difference(String metric) {
        return first.metrics().getValue(metric) instanceof Number a && second.metrics().getValue(metric) instanceof Number b
                ? b.doubleValue() - a.doubleValue()
                : null;
    }

    /**
     * {@code {"prediction_type", "a": version, "b": version, "metrics": {name: {"v2": x, "v3": y, "difference"?}}}}:
     * each metric keyed by the two versions' labels, as the values are read side by side.
     */
    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        for (String metric : metrics) {
            JsonObject entry = new JsonObject()
                    .put(first.label(), first.metrics().getValue(metric))
                    .put(second.label(), second.metrics().getValue(metric));
            Double difference = difference(metric);
            if (difference != null) {
                entry.put("difference", difference);
            }
            table.put(metric, entry);
        }
        return new JsonObject()
                .put("prediction_type", first.predictionType())
                .put("a", first.toJson()).put("b", second.toJson())
                .put("metrics", table);
    }

    public static Comparison fromJson(JsonObject json) {
        return new Comparison(ModelVersion.fromJson(json.getJsonObject("a")), ModelVersion.fromJson(json.getJsonObject("b")),
                new ArrayList<>(json.getJsonObject("metrics").fieldNames()));
    }
}
