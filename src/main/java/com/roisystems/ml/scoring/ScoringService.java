package com.roisystems.ml.scoring;

/**
 * The scoring verticle's event-bus contract.
 *
 * <ul>
 *   <li>{@link #PREDICT} ({@code scoring.predict}): request = a {@link PredictionRequest} as JSON (the original
 *       design's body, with {@code prediction_type}); reply = the prediction response of the API
 *       ({@code prediction_id, entity_id, prediction_type, predicted_value, predicted_class, confidence,
 *       top_features, prediction_date, model_version, latency_ms, ...}).</li>
 *   <li>{@link #PREDICT_BATCH} ({@code scoring.predict-batch}): request {@code {"requests": [...]}} (up to
 *       {@link #MAX_BATCH}); reply {@code {"results": [...], "succeeded", "failed"}} where a failing item
 *       carries its own {@code {"error": {"code", "message", "field"?}, "index"}} and the others succeed.</li>
 * </ul>
 *
 * <p>Failure codes ({@link com.roisystems.ml.api.ServiceFailures}), message starting with the field for 400:
 * <ul>
 *   <li>400 — invalid request: missing or malformed field, unsupported prediction type, a request feature
 *       unknown to the model or of the wrong type, or a required feature missing;</li>
 *   <li>404 — the entity does not exist in the feature store;</li>
 *   <li>413 — a batch of more than {@link #MAX_BATCH} requests;</li>
 *   <li>503 — no Production model for the type (the message names it), or the feature store is unavailable.</li>
 * </ul>
 */
public final class ScoringService {

    public static final String PREDICT = "scoring.predict";
    public static final String PREDICT_BATCH = "scoring.predict-batch";
    public static final int MAX_BATCH = 1_000;

    /** How long the HTTP edge waits for a single prediction; beyond it the answer is a 503. */
    public static final long PREDICT_TIMEOUT_MS = 5_000;
    /** A full batch of 1,000 may need its features computed; it gets longer. */
    public static final long BATCH_TIMEOUT_MS = 60_000;

    private ScoringService() {
    }
}
