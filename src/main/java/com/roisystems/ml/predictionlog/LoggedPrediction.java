package com.roisystems.ml.predictionlog;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One served prediction as logged: the request, the features used (values and statuses), the answer,
 * the full SHAP vector, the model version and the latency. The request, the features and the SHAP values
 * are JSON documents because they are stored as such ({@code jsonb}); the record itself travels the local bus.
 * {@code tenantId} is the tenant the prediction belongs to (the caller's, or the entity's for a platform-wide
 * caller); null when the scorer could not know it, and the log then takes the entity's tenant.
 */
public record LoggedPrediction(String predictionId, String entityType, String entityId, String predictionType,
                               String modelName, int modelVersion, JsonObject request, JsonObject featuresUsed,
                               Double predictedValue, String predictedClass, Double confidence, JsonObject shapValues,
                               double latencyMs, Instant createdAt, String tenantId) {

    /** A prediction whose tenant the log resolves from its entity. */
    public LoggedPrediction(String predictionId, String entityType, String entityId, String predictionType,
                            String modelName, int modelVersion, JsonObject request, JsonObject featuresUsed,
                            Double predictedValue, String predictedClass, Double confidence, JsonObject shapValues,
                            double latencyMs, Instant createdAt) {
        this(predictionId, entityType, entityId, predictionType, modelName, modelVersion, request, featuresUsed, predictedValue,
                predictedClass, confidence, shapValues, latencyMs, createdAt, null);
    }

    public static final WireFormat<LoggedPrediction> FORMAT = WireFormat.of(LoggedPrediction.class, LoggedPrediction::toJson, LoggedPrediction::fromJson);

    public JsonObject toJson() {
        return new JsonObject()
                .put("prediction_id", predictionId).put("entity_type", entityType).put("entity_id", entityId)
                .put("prediction_type", predictionType).put("model_name", modelName).put("model_version", modelVersion)
                .put("request", request).put("features_used", featuresUsed)
                .put("predicted_value", predictedValue).put("predicted_class", predictedClass).put("confidence", confidence)
                .put("shap_values", shapValues).put("latency_ms", latencyMs).put("created_at", createdAt.toString())
                .put("tenant_id", tenantId);
    }

    public static LoggedPrediction fromJson(JsonObject json) {
        return new LoggedPrediction(json.getString("prediction_id"), json.getString("entity_type"), json.getString("entity_id"),
                json.getString("prediction_type"), json.getString("model_name"), json.getInteger("model_version"),
                json.getJsonObject("request", new JsonObject()), json.getJsonObject("features_used", new JsonObject()),
                json.getDouble("predicted_value"), json.getString("predicted_class"), json.getDouble("confidence"),
                json.getJsonObject("shap_values"), json.getDouble("latency_ms"), Instant.parse(json.getString("created_at")),
                json.getString("tenant_id"));
    }
}
