package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.Endpoint;

/**
 * The scoring verticle's event-bus contract.
 *
 * <ul>
 *   <li>{@link #PREDICT} ({@code scoring.predict}): a {@link PredictionRequest} → a {@link Prediction}.</li>
 *   <li>{@link #PREDICT_BATCH} ({@code scoring.predict-batch}): a {@link BatchPrediction.Request} of up to
 *       {@link #MAX_BATCH} items → a {@link BatchPrediction.Result} where a failing item carries its own error
 *       and the others succeed.</li>
 *   <li>{@link #MODEL_HEALTH} ({@code models.health}): a {@link ModelHealth.Query} → the original design's
 *       {@link ModelHealth} document: what is deployed and how it serves.</li>
 * </ul>
 *
 * <p>Failures ({@link com.roisystems.ml.bus.ServiceFailure}):
 * <ul>
 *   <li>{@code INVALID_REQUEST} naming the field — missing or malformed field, unsupported prediction type, a
 *       request feature unknown to the model or of the wrong type, or a required feature missing;</li>
 *   <li>{@code NOT_FOUND} — the entity does not exist in the feature store, or (health) no model of that name;</li>
 *   <li>{@code BATCH_TOO_LARGE} — a batch of more than {@link #MAX_BATCH} requests;</li>
 *   <li>{@code UNAVAILABLE} — no Production model for the type (the message names it), or the feature store
 *       is unavailable or did not answer (the message names it).</li>
 * </ul>
 *
 * <p>{@code Bus.request(vertx, ScoringContract.PREDICT, PredictionRequest.parse(body, PredictionType.MOVE_PROBABILITY))}
 */
public final class ScoringContract {

    public static final int MAX_BATCH = 1_000;
    /** How long the HTTP edge waits for a single prediction; beyond it the answer is a 503. */
    public static final long PREDICT_TIMEOUT_MS = 5_000;
    /** A full batch of 1,000 may need its features computed; it gets longer. */
    public static final long BATCH_TIMEOUT_MS = 60_000;

    private static final String SERVICE = "the scoring service";

    public static final Endpoint<PredictionRequest, Prediction> PREDICT =
            Endpoint.nodeLocal("scoring.predict", SERVICE, PREDICT_TIMEOUT_MS, PredictionRequest.FORMAT, Prediction.FORMAT);
    public static final Endpoint<BatchPrediction.Request, BatchPrediction.Result> PREDICT_BATCH =
            Endpoint.nodeLocal("scoring.predict-batch", SERVICE, BATCH_TIMEOUT_MS, BatchPrediction.Request.FORMAT, BatchPrediction.Result.FORMAT);
    public static final Endpoint<ModelHealth.Query, ModelHealth> MODEL_HEALTH =
            Endpoint.nodeLocal("models.health", SERVICE, PREDICT_TIMEOUT_MS, ModelHealth.Query.FORMAT, ModelHealth.FORMAT);

    private ScoringContract() {
    }
}
