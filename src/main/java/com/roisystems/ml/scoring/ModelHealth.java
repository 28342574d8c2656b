package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import com.roisystems.ml.monitoring.MonitoringContract.DriftWindow;
import com.roisystems.ml.monitoring.MonitoringContract.ModelMonitoring;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceWindow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The original design's model health document: the deployed version and how it serves (counts, latency,
 * error rate, last prediction) and whether its latest closed monitoring window drifted; from model monitoring
 * ({@code monitoring}, null when it did not answer) that window's drifted features and period ({@code drift_window})
 * and the latest realised and estimated performance ({@code performance}, absent before the first).
 *
 * <p>{@code Bus.request(vertx, ScoringContract.MODEL_HEALTH, new ModelHealth.Query("move_probability_model"))}
 */
public record ModelHealth(String modelName, String modelVersion, String status, String deployedAt, long predictionCount,
                          double avgLatencyMs, double p95LatencyMs, double errorRate, boolean driftDetected,
                          String lastPredictionAt, ModelMonitoring monitoring) {

    public static final WireFormat<ModelHealth> FORMAT = WireFormat.of(ModelHealth.class, ModelHealth::toJson, ModelHealth::fromJson);

    /** Which model to report on, by registry name ({@code move_probability_model}). */
    public record Query(String modelName) {

        public static final WireFormat<Query> FORMAT = WireFormat.of(Query.class,
                query -> new JsonObject().put("model_name", query.modelName()), Query::fromJson);

        static Query fromJson(JsonObject json) {
            if (!(json.getValue("model_name") instanceof String name) || name.isBlank()) {
                throw ServiceFailure.invalid("model_name", "required");
            }
            return new Query(name);
        }
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("model_name", modelName)
                .put("model_version", modelVersion)
                .put("status", status)
                .put("deployed_at", deployedAt)
                .put("prediction_count", predictionCount)
                .put("avg_latency_ms", avgLatencyMs)
                .put("p95_latency_ms", p95LatencyMs)
                .put("error_rate", errorRate)
                .put("drift_detected", driftDetected)
                .put("last_prediction_at", lastPredictionAt)
                .put("drifted_features", new JsonArray(new ArrayList<>(window() == null ? List.of() : window().driftedFeatures())));
        if (window() != null) {
            json.put("drift_window", new JsonObject().put("model_version", window().modelVersion())
                    .put("period_start", window().periodStart().toString()).put("period_end", window().periodEnd().toString())
                    .put("rows", window().rows()).put("skipped", window().skipped()));
        }
        PerformanceWindow performance = monitoring == null ? null : monitoring.latestPerformance();
        if (performance != null) {
            JsonObject shown = performance.toJson();
            shown.remove("model_name");
            json.put("performance", shown);
        }
        return json;
    }

    private DriftWindow window() {
        return monitoring == null ? null : monitoring.latestWindow();
    }

    public static ModelHealth fromJson(JsonObject json) {
        return new ModelHealth(json.getString("model_name"), json.getString("model_version"), json.getString("status"),
                json.getString("deployed_at"), json.getLong("prediction_count", 0L), json.getDouble("avg_latency_ms", 0.0),
                json.getDouble("p95_latency_ms", 0.0), json.getDouble("error_rate", 0.0),
                json.getBoolean("drift_detected", false), json.getString("last_prediction_at"), monitoringOf(json));
    }

    /** What {@link #toJson()} shows of model monitoring, read back (a window's per-feature metrics are not in it). */
    private static ModelMonitoring monitoringOf(JsonObject json) {
        JsonObject window = json.getJsonObject("drift_window");
        JsonObject performance = json.getJsonObject("performance");
        if (window == null && performance == null) {
            return null;
        }
        String name = json.getString("model_name");
        DriftWindow drift = window == null ? null : DriftWindow.fromJson(window.copy().put("model_name", name)
                .put("drift_detected", json.getBoolean("drift_detected", false)).put("drifted_features", json.getJsonArray("drifted_features")));
        return new ModelMonitoring(name, drift, performance == null ? null : PerformanceWindow.fromJson(performance.copy().put("model_name", name)));
    }
}
