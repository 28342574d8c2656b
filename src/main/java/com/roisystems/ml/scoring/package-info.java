/**
 * Serving predictions: {@link com.roisystems.ml.scoring.ScoringVerticle} holds the Production model of each
 * prediction type ({@link com.roisystems.ml.scoring.ServingModel}), hot-swapped on {@code models.changed}; it takes
 * features from the request or from {@code features.get}, scores, explains with TreeSHAP
 * ({@link com.roisystems.ml.scoring.Explanation}), and publishes every prediction on {@code predictions.logged}
 * (failures on {@code predictions.failed}). Its contract type (addresses, messages, failures):
 * {@code scoring.predict} ({@link com.roisystems.ml.scoring.PredictionRequest}), {@code scoring.predict-batch}, and
 * {@code models.health}, answered from the prediction log's counters ({@code predictions.model-health}).
 *
 * <p>Layer: capabilities. Uses scoring.compiled (never the reverse), features, registry, predictionlog (contract
 * types), model, bus and db; never the edge.
 */
package com.roisystems.ml.scoring;
