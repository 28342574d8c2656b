package com.roisystems.ml.predictionlog;

/**
 * The prediction log's event-bus contract.
 *
 * <ul>
 *   <li>{@link #LOGGED} — published fire-and-forget by scorers, one message per prediction served:
 *       {@link LoggedPrediction#toJson()}. Buffered and written in batches to {@code ml_predictions}.</li>
 *   <li>{@link #FAILED} — published when a prediction request failed: {@code {"model_name", "model_version", "latency_ms", "error_code"}},
 *       counted in the model's error rate.</li>
 *   <li>{@link #FEEDBACK} — request {@code {"prediction_id", "actual_value"? , "actual_class"?}} → {@code {"prediction_id", "linked": true}}.
 *       Failures: 400 when neither actual is given (message starts with the field), 404 unknown prediction id,
 *       503 database unavailable.</li>
 *   <li>{@link #MODEL_HEALTH} — request {@code {"model_name"}} → {@code {"prediction_count", "error_count", "error_rate",
 *       "avg_latency_ms", "p95_latency_ms", "last_prediction_at", "model_version"}} for the model's versions seen since start,
 *       merged with what was persisted before. 404 when the model has never served.</li>
 *   <li>{@link #STATUS} — request {@code {}} → {@code {"status": "UP" | "DEGRADED", "backlog", "dropped", "written"}}: the health probe.</li>
 * </ul>
 */
public final class PredictionLog {

    public static final String LOGGED = "predictions.logged";
    public static final String FAILED = "predictions.failed";
    public static final String FEEDBACK = "predictions.feedback";
    public static final String MODEL_HEALTH = "predictions.model-health";
    public static final String STATUS = "predictions.log-status";

    private PredictionLog() {
    }
}
