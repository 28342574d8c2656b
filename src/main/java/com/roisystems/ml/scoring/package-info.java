/**
 * Serving predictions: {@link com.roisystems.ml.scoring.ScoringVerticle} scores on the Production model of each
 * prediction type ({@link com.roisystems.ml.scoring.ServingModel}, hot-swapped on {@code models.changed} by
 * {@link com.roisystems.ml.scoring.ServingModels}); it takes features from the request or from {@code features.get}
 * ({@link com.roisystems.ml.scoring.ModelInputs}), fans batches out over the bus
 * ({@link com.roisystems.ml.scoring.BatchScoring}), scores, explains with TreeSHAP
 * ({@link com.roisystems.ml.scoring.Explanation}), appends every prediction to the prediction journal before answering
 * and publishes it on {@code predictions.served} (failures on {@code predictions.failed}); a full journal refuses
 * requests with 503. Its contract type ({@link com.roisystems.ml.scoring.ScoringContract}):
 * {@code scoring.predict} ({@link com.roisystems.ml.scoring.PredictionRequest}), {@code scoring.predict-batch}, and
 * {@code models.health}, answered from the prediction log's counters ({@code predictions.model-health}) and model
 * monitoring's latest windows ({@code monitoring.model-status}: drifted features, window, performance). Requests
 * carry the caller's tenant, passed to the feature store (another tenant's entity: NOT_FOUND) and logged with the
 * prediction; models are platform-wide.
 *
 * <p>Layer: capabilities. Uses scoring.compiled (never the reverse), features, registry, predictionlog and monitoring
 * (contract types), model, bus and db; never the edge.
 */
package com.roisystems.ml.scoring;
