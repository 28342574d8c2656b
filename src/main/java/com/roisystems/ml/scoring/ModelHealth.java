package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

/**
 * The original design's model health document: the deployed version and how it serves (counts, latency,
 * error rate, last prediction) and whether its latest closed monitoring window drifted.
 *
 * <p>{@code Bus.request(vertx, ScoringContract.MODEL_HEALTH, new ModelHealth.Query("move_probability_model"))}
 */
public record ModelHealth(String modelName, String modelVersion, String status, String deployedAt, long predictionCount,
                          double avgLatencyMs, double p95LatencyMs, double errorRate, boolean driftDetected,
                          String lastPredictionAt) {

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
        return new JsonObject()
                .put("model_name", modelName)
                .put("model_version", modelVersion)
                .put("status", status)
                .put("deployed_at", deployedAt)
                .put("prediction_count", predictionCount)
                .put("avg_latency_ms", avgLatencyMs)
                .put("p95_latency_ms", p95LatencyMs)
                .put("error_rate", errorRate)
                .put("drift_detected", driftDetected)
                .put("last_prediction_at", lastPredictionAt);
    }

    public static ModelHealth fromJson(JsonObject json) {
        return new ModelHealth(json.getString("model_name"), json.getString("model_version"), json.getString("status"),
                json.getString("deployed_at"), json.getLong("prediction_count", 0L), json.getDouble("avg_latency_ms", 0.0),
                json.getDouble("p95_latency_ms", 0.0), json.getDouble("error_rate", 0.0),
                json.getBoolean("drift_detected", false), json.getString("last_prediction_at"));
    }
}
