package com.roisystems.ml.predictionlog;

import com.roisystems.ml.bus.ControlCharacters;
import com.roisystems.ml.bus.ComponentHealth;
import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.HealthQuery;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The prediction log's event-bus contract.
 *
 * <ul>
 *   <li>{@link #SERVED} — published by scorers, one {@link LoggedPrediction} per prediction served, after they
 *       appended it to the {@link PredictionJournal} (from which it is written in batches to {@code ml_predictions}):
 *       counted in the model's health and its serving window.</li>
 *   <li>{@link #LOGGED} — a prediction to log from anywhere else: journaled by the log, then as {@link #SERVED}. Not
 *       durable before the publisher moves on; a scorer journals its own.</li>
 *   <li>{@link #FAILED} — published when a prediction request failed ({@link FailedPrediction}), counted in
 *       the model's error rate.</li>
 *   <li>{@link #FEEDBACK} — a {@link Feedback} → {@link FeedbackLinked}. Fails {@code INVALID_REQUEST} when
 *       {@code prediction_id} is missing, neither actual is given, or one has the wrong type (naming the field);
 *       {@code NOT_FOUND} for an unknown prediction id or another tenant's prediction; {@code UNAVAILABLE} when the database cannot store it.</li>
 *   <li>{@link #MODEL_HEALTH} — a {@link ModelStatsQuery} → {@link ModelStats} for the model's versions seen
 *       since start, merged with what was persisted before, with the drift of its latest closed monitoring window. {@code INVALID_REQUEST} without a model name.</li>
 *   <li>{@link #STATUS} — the log's own health: {@code UP} or {@code DEGRADED} (PostgreSQL refuses writes, or the
 *       journal is full), with backlog (predictions journaled, not yet written), the journal's bytes and bound, dropped,
 *       written, refused, torn and unreadable lines.</li>
 * </ul>
 *
 * <p>{@code Bus.publish(vertx, PredictionLogContract.LOGGED, logged);}
 */
public final class PredictionLogContract {

    private static final String SERVICE = "the prediction log";

    public static final Topic<LoggedPrediction> SERVED = Topic.nodeLocal("predictions.served", LoggedPrediction.FORMAT);
    public static final Topic<LoggedPrediction> LOGGED = Topic.nodeLocal("predictions.logged", LoggedPrediction.FORMAT);
    public static final Topic<FailedPrediction> FAILED = Topic.nodeLocal("predictions.failed", FailedPrediction.FORMAT);
    public static final Endpoint<Feedback, FeedbackLinked> FEEDBACK =
            Endpoint.of("predictions.feedback", SERVICE, 5_000, Feedback.FORMAT, FeedbackLinked.FORMAT);
    public static final Endpoint<ModelStatsQuery, ModelStats> MODEL_HEALTH =
            Endpoint.of("predictions.model-health", SERVICE, 5_000, ModelStatsQuery.FORMAT, ModelStats.FORMAT);
    public static final Endpoint<HealthQuery, ComponentHealth> STATUS =
            Endpoint.nodeLocal("predictions.log-status", SERVICE, 2_000, HealthQuery.FORMAT, ComponentHealth.FORMAT);

    private PredictionLogContract() {
    }

    /** A prediction request that failed, for the model's error rate. */
    public record FailedPrediction(String modelName, int modelVersion, double latencyMs, int errorCode) {

        public static final WireFormat<FailedPrediction> FORMAT = WireFormat.of(FailedPrediction.class, FailedPrediction::toJson, FailedPrediction::fromJson);

        public JsonObject toJson() {
            return new JsonObject().put("model_name", modelName).put("model_version", modelVersion)
                    .put("latency_ms", latencyMs).put("error_code", errorCode);
        }

        public static FailedPrediction fromJson(JsonObject json) {
            return new FailedPrediction(json.getString("model_name"), json.getInteger("model_version", 0),
                    json.getDouble("latency_ms", 0.0), json.getInteger("error_code", 500));
        }
    }

    /**
     * The real outcome of a prediction: a value (regressions, probabilities) or a class, or both. {@code tenant} is
     * the caller's ({@code tenant_id} on the bus; null: every tenant): another tenant's prediction is {@code NOT_FOUND}.
     * A body's {@code tenant_id} is not read: routes set it from the verified caller ({@link #withTenant}).
     */
    public record Feedback(String predictionId, Double actualValue, String actualClass, String tenant) {

        public static final WireFormat<Feedback> FORMAT = WireFormat.of(Feedback.class, Feedback::toJson,
                json -> fromJson(json).withTenant(json.getValue("tenant_id") instanceof String tenant ? tenant : null));

        public Feedback(String predictionId, Double actualValue, String actualClass) {
            this(predictionId, actualValue, actualClass, null);
        }

        public Feedback withTenant(String callerTenant) {
            return new Feedback(predictionId, actualValue, actualClass, callerTenant);
        }

        public JsonObject toJson() {
            return new JsonObject().put("prediction_id", predictionId).put("actual_value", actualValue).put("actual_class", actualClass)
                    .put("tenant_id", tenant);
        }

        /** Validates a feedback body, naming the first field to fix; the result is platform-wide until {@link #withTenant}. */
        public static Feedback fromJson(JsonObject json) {
            String predictionId = json.getValue("prediction_id") instanceof String id ? id : null;
            Object actualValue = json.getValue("actual_value");
            Object actualClass = json.getValue("actual_class");
            if (predictionId == null || predictionId.isBlank()) {
                throw ServiceFailure.invalid("prediction_id", "required");
            }
            if (actualValue == null && actualClass == null) {
                throw ServiceFailure.invalid("actual_value", "give actual_value or actual_class");
            }
            if (actualValue != null && !(actualValue instanceof Number)) {
                throw ServiceFailure.invalid("actual_value", "must be a number");
            }
            if (actualClass != null && !(actualClass instanceof String)) {
                throw ServiceFailure.invalid("actual_class", "must be a string");
            }
            ControlCharacters.requireNone("prediction_id", predictionId);
            ControlCharacters.requireNone("actual_class", (String) actualClass);
            return new Feedback(predictionId, actualValue == null ? null : ((Number) actualValue).doubleValue(), (String) actualClass);
        }
    }

    /** Feedback stored against its prediction. */
    public record FeedbackLinked(String predictionId) {

        public static final WireFormat<FeedbackLinked> FORMAT = WireFormat.of(FeedbackLinked.class, FeedbackLinked::toJson,
                json -> new FeedbackLinked(json.getString("prediction_id")));

        public JsonObject toJson() {
            return new JsonObject().put("prediction_id", predictionId).put("linked", true);
        }
    }

    /** Which model's serving counters to report. */
    public record ModelStatsQuery(String modelName) {

        public static final WireFormat<ModelStatsQuery> FORMAT = WireFormat.of(ModelStatsQuery.class,
                query -> new JsonObject().put("model_name", query.modelName()), ModelStatsQuery::fromJson);

        public static ModelStatsQuery fromJson(JsonObject json) {
            if (!(json.getValue("model_name") instanceof String name) || name.isBlank()) {
                throw ServiceFailure.invalid("model_name", "required");
            }
            return new ModelStatsQuery(name);
        }
    }

    /**
     * A model's serving counters: live since start, or persisted by earlier processes when it has not served yet; and
     * the drift of its latest closed monitoring window ({@code drift_detected} false and no features before the first).
     */
    public record ModelStats(String modelName, Integer servingVersion, long predictionCount, long errorCount,
                             double avgLatencyMs, double p95LatencyMs, double errorRate, String lastPredictionAt,
                             boolean driftDetected, List<String> driftedFeatures) {

        public static final WireFormat<ModelStats> FORMAT = WireFormat.of(ModelStats.class, ModelStats::toJson, ModelStats::fromJson);

        public ModelStats {
            driftedFeatures = driftedFeatures == null ? List.of() : List.copyOf(driftedFeatures);
        }

        public static ModelStats none(String modelName) {
            return new ModelStats(modelName, null, 0, 0, 0.0, 0.0, 0.0, null, false, List.of());
        }

        public ModelStats withDrift(boolean detected, List<String> drifted) {
            return new ModelStats(modelName, servingVersion, predictionCount, errorCount, avgLatencyMs, p95LatencyMs, errorRate,
                    lastPredictionAt, detected, drifted);
        }

        public JsonObject toJson() {
            return new JsonObject().put("model_name", modelName).put("serving_version", servingVersion)
                    .put("prediction_count", predictionCount).put("error_count", errorCount)
                    .put("avg_latency_ms", avgLatencyMs).put("p95_latency_ms", p95LatencyMs)
                    .put("error_rate", errorRate).put("last_prediction_at", lastPredictionAt)
                    .put("drift_detected", driftDetected).put("drifted_features", new JsonArray(new ArrayList<>(driftedFeatures)));
        }

        public static ModelStats fromJson(JsonObject json) {
            List<String> drifted = new ArrayList<>();
            json.getJsonArray("drifted_features", new JsonArray()).forEach(name -> drifted.add(String.valueOf(name)));
            return new ModelStats(json.getString("model_name"), json.getInteger("serving_version"),
                    json.getLong("prediction_count", 0L), json.getLong("error_count", 0L),
                    json.getDouble("avg_latency_ms", 0.0), json.getDouble("p95_latency_ms", 0.0),
                    json.getDouble("error_rate", 0.0), json.getString("last_prediction_at"),
                    json.getBoolean("drift_detected", false), drifted);
        }
    }
}
