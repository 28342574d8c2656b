package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One served prediction as the API answers it: ids, the type's answer, the top SHAP contributions, the
 * model version, the latency and where the features came from.
 *
 * <p>{@code context.json(prediction.toJson());}
 */
public record Prediction(String predictionId, String entityId, String predictionType, Answer answer,
                         List<Contribution> topFeatures, Instant predictionDate, String modelVersion, double latencyMs,
                         InputStatus featuresStatus) {

    public static final WireFormat<Prediction> FORMAT = WireFormat.of(Prediction.class, Prediction::toJson, Prediction::fromJson);

    /**
     * The type's answer: value, class and confidence, and the fields only this type has (class probabilities;
     * best day, hour and alternatives; interval and forecast), as they appear in the response.
     */
    public record Answer(Number predictedValue, String predictedClass, Double confidence, JsonObject typeFields) {

        /** The value as logged: a double whatever the type rounds it to in the response. */
        public Double predictedDouble() {
            return predictedValue == null ? null : predictedValue.doubleValue();
        }

        JsonObject toJson() {
            return new JsonObject().put("predicted_value", predictedValue).put("predicted_class", predictedClass)
                    .put("confidence", confidence).mergeIn(typeFields);
        }

        static Answer fromJson(JsonObject json) {
            JsonObject typeFields = json.copy();
            for (String common : List.of("prediction_id", "entity_id", "prediction_type", "predicted_value", "predicted_class",
                    "confidence", "top_features", "prediction_date", "model_version", "latency_ms", "features_status")) {
                typeFields.remove(common);
            }
            return new Answer(json.getNumber("predicted_value"), json.getString("predicted_class"), json.getDouble("confidence"), typeFields);
        }
    }

    /** One feature's SHAP contribution (raw model units) and the value it had. */
    public record Contribution(String featureName, double contribution, Double value) {

        JsonObject toJson() {
            return new JsonObject().put("feature_name", featureName).put("contribution", contribution).put("value", value);
        }

        static Contribution fromJson(JsonObject json) {
            return new Contribution(json.getString("feature_name"), json.getDouble("contribution"), json.getDouble("value"));
        }
    }

    /** Where the model's inputs came from: the request, or the feature store with its missing and stale features. */
    public record InputStatus(String source, Instant asOf, List<String> missing, List<String> stale) {

        public static final InputStatus FROM_REQUEST = new InputStatus("request", null, null, null);

        JsonObject toJson() {
            JsonObject json = new JsonObject().put("source", source);
            if (asOf != null) {
                json.put("as_of", asOf.toString()).put("missing", new JsonArray(missing)).put("stale", new JsonArray(stale));
            }
            return json;
        }

        static InputStatus fromJson(JsonObject json) {
            String asOf = json.getString("as_of");
            return asOf == null ? new InputStatus(json.getString("source"), null, null, null)
                    : new InputStatus(json.getString("source"), Instant.parse(asOf), strings(json.getJsonArray("missing")),
                    strings(json.getJsonArray("stale")));
        }

        private static List<String> strings(JsonArray array) {
            return array == null ? List.of() : array.stream().map(String::valueOf).toList();
        }
    }

    public JsonObject toJson() {
        JsonArray top = new JsonArray();
        topFeatures.forEach(contribution -> top.add(contribution.toJson()));
        return new JsonObject()
                .put("prediction_id", predictionId)
                .put("entity_id", entityId)
                .put("prediction_type", predictionType)
                .mergeIn(answer.toJson())
                .put("top_features", top)
                .put("prediction_date", predictionDate.atOffset(ZoneOffset.UTC).toString())
                .put("model_version", modelVersion)
                .put("latency_ms", Math.round(latencyMs * 1000) / 1000.0)
                .put("features_status", featuresStatus.toJson());
    }

    public static Prediction fromJson(JsonObject json) {
        return new Prediction(json.getString("prediction_id"), json.getString("entity_id"), json.getString("prediction_type"),
                Answer.fromJson(json),
                json.getJsonArray("top_features").stream().map(item -> Contribution.fromJson((JsonObject) item)).toList(),
                Instant.parse(json.getString("prediction_date")), json.getString("model_version"), json.getDouble("latency_ms"),
                InputStatus.fromJson(json.getJsonObject("features_status")));
    }
}
