package com.roisystems.ml.training;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Two runs side by side: each run's identity, then every parameter and every metric either has, by dotted path
 * ({@code hyper_parameters.trees}, {@code evaluation.gap}, {@code unseen_entities.auc}), with both values, whether they
 * are equal and, when both are numbers, the difference {@code b - a}. Arrays (reliability bins) are left to the runs
 * themselves: a difference of lists says nothing a reader can use.
 *
 * <p>{@code ExperimentComparison.of(baseline, candidate).toJson()}
 */
public record ExperimentComparison(JsonObject a, JsonObject b, List<Row> parameters, List<Row> metrics) {

    public static final WireFormat<ExperimentComparison> FORMAT = WireFormat.of(ExperimentComparison.class, ExperimentComparison::toJson,
            ExperimentComparison::fromJson);

    /** One compared value: {@code difference} is null unless both sides are numbers. */
    public record Row(String name, Object a, Object b, boolean equal, Double difference) {

        JsonObject toJson() {
            return new JsonObject().put("name", name).put("a", a).put("b", b).put("equal", equal).put("difference", difference);
        }

        static Row fromJson(JsonObject json) {
            return new Row(json.getString("name"), json.getValue("a"), json.getValue("b"), json.getBoolean("equal"), json.getDouble("difference"));
        }
    }

    public static ExperimentComparison of(Experiment a, Experiment b) {
        return new ExperimentComparison(identity(a), identity(b), rows(a.parameters(), b.parameters()), rows(a.metrics(), b.metrics()));
    }

    private static JsonObject identity(Experiment run) {
        return new JsonObject().put("run_id", run.runId()).put("model_name", run.modelName()).put("status", run.status().name())
                .put("model_version", run.modelVersion()).put("started_by", run.startedBy()).put("started_at", run.startedAt().toString())
                .put("duration_ms", run.durationMs()).put("error", run.error());
    }

    static List<Row> rows(JsonObject a, JsonObject b) {
        Map<String, Object> left = new TreeMap<>();
        Map<String, Object> right = new TreeMap<>();
        flatten("", a == null ? new JsonObject() : a, left);
        flatten("", b == null ? new JsonObject() : b, right);
        TreeMap<String, Object> names = new TreeMap<>(left);
        names.putAll(right);
        List<Row> rows = new ArrayList<>();
        for (String name : names.keySet()) {
            Object x = left.get(name);
            Object y = right.get(name);
            Double difference = x instanceof Number m && y instanceof Number n ? n.doubleValue() - m.doubleValue() : null;
            boolean equal = difference != null ? difference == 0 : Objects.equals(x, y);
            rows.add(new Row(name, x, y, equal, difference));
        }
        return rows;
    }

    private static void flatten(String prefix, JsonObject json, Map<String, Object> into) {
        for (Map.Entry<String, Object> entry : json) {
            String name = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof JsonObject nested) {
                flatten(name + ".", nested, into);
            } else if (!(value instanceof JsonArray)) {
                into.put(name, value);
            }
        }
    }

    /** {@code {"a": {run}, "b": {run}, "parameters": [{"name", "a", "b", "equal", "difference"}], "metrics": [...]}}. */
    public JsonObject toJson() {
        return new JsonObject().put("a", a).put("b", b)
                .put("parameters", new JsonArray(parameters.stream().map(Row::toJson).toList()))
                .put("metrics", new JsonArray(metrics.stream().map(Row::toJson).toList()));
    }

    public static ExperimentComparison fromJson(JsonObject json) {
        return new ExperimentComparison(json.getJsonObject("a"), json.getJsonObject("b"),
                json.getJsonArray("parameters").stream().map(item -> Row.fromJson((JsonObject) item)).toList(),
                json.getJsonArray("metrics").stream().map(item -> Row.fromJson((JsonObject) item)).toList());
    }
}
