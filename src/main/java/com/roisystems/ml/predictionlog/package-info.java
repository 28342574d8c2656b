/**
 * The prediction log: {@link com.roisystems.ml.predictionlog.PredictionLogVerticle} buffers every served prediction
 * ({@link com.roisystems.ml.predictionlog.LoggedPrediction}) and writes it to {@code ml_predictions} in batches,
 * retrying with backoff while PostgreSQL is down; links feedback (the real outcome) to its prediction; and keeps
 * each model version's serving statistics ({@link com.roisystems.ml.predictionlog.ModelHealthStats}). Each prediction
 * also updates its version's hourly serving profile, and the log runs the job that closes finished windows into
 * {@code ml_monitoring} (both in {@code monitoring}), then the alert evaluator ({@code monitoring.alert}), and serves
 * monitoring's reads ({@code monitoring.MonitoringContract}); model health carries the latest window's drift. Predictions are
 * stored with their tenant; feedback is linked in the caller's tenant scope, so another tenant's prediction is not found.
 * Its contract type ({@link com.roisystems.ml.predictionlog.PredictionLogContract}): {@code predictions.logged} and
 * {@code predictions.failed} (published by scorers), {@code predictions.feedback}, {@code predictions.model-health},
 * {@code predictions.log-status}.
 *
 * <p>Layer: capabilities. May use bus, db and monitoring; never the edge. Its contract types are used by scoring and api.
 */
package com.roisystems.ml.predictionlog;
