/**
 * Model monitoring alerts (#15 item 5). {@link com.roisystems.ml.monitoring.alert.AlertEvaluator} runs after the drift
 * and performance jobs close windows: it reads each model's latest closed windows ({@code ml_monitoring}), derives the
 * conditions that hold ({@link com.roisystems.ml.monitoring.alert.AlertCondition}: model, feature and prediction drift,
 * realised or estimated performance worse than the version's reference), keeps one open alert per condition in
 * {@code ml_alerts} until it resolves (so restarts and instances never send one twice), and sends each opened and
 * resolved alert on the {@code alerts} address ({@link com.roisystems.ml.monitoring.alert.ModelAlert}, {@code source:
 * "monitoring"}) and to the webhook as Alertmanager JSON; it also keeps the Prometheus gauges of the latest windows.
 * Settings: {@link com.roisystems.ml.monitoring.alert.AlertSettings} ({@code monitoring.alerts}).
 *
 * <p>Layer: capabilities. Uses monitoring (its store and contract), bus and db; used by predictionlog, which runs it.
 */
package com.roisystems.ml.monitoring.alert;
