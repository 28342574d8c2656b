/**
 * The prediction log: scorers append every served prediction ({@link com.roisystems.ml.predictionlog.LoggedPrediction})
 * to the write-ahead {@link com.roisystems.ml.predictionlog.PredictionJournal} before answering
 * ({@link com.roisystems.ml.predictionlog.JournalWriter}); {@link com.roisystems.ml.predictionlog.PredictionLogVerticle}
 * writes the journal to {@code ml_predictions} in batches ({@link com.roisystems.ml.predictionlog.JournalReader}),
 * idempotent by prediction id, retrying with backoff while PostgreSQL is down; links feedback (the real outcome) to its prediction; and keeps
 * each model version's serving statistics ({@link com.roisystems.ml.predictionlog.ModelHealthStats}). Each prediction
 * also updates its version's hourly serving profile, and the log runs the job that closes finished windows into
 * {@code ml_monitoring} (both in {@code monitoring}), then the alert evaluator ({@code monitoring.alert}), and serves
 * monitoring's reads ({@code monitoring.MonitoringContract}); model health carries the latest window's drift. Predictions are
 * stored with their tenant; feedback is linked in the caller's tenant scope, so another tenant's prediction is not found.
 * Its contract type ({@link com.roisystems.ml.predictionlog.PredictionLogContract}): {@code predictions.served} and
 * {@code predictions.failed} (published by scorers), {@code predictions.logged} (a prediction to journal from elsewhere), {@code predictions.feedback}, {@code predictions.model-health},
 * {@code predictions.log-status}.
 *
 * <p>Layer: capabilities. May use bus, db and monitoring; never the edge. Its contract types are used by scoring and api.
 */
package com.roisystems.ml.predictionlog;
