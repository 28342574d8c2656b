/**
 * Service health: {@link com.roisystems.ml.monitoring.DependencyProbes} makes a round trip to PostgreSQL, Redis and
 * Kafka, and {@link com.roisystems.ml.monitoring.HealthReport} runs every probe concurrently with a deadline and
 * folds the answers into the {@code /health} document (healthy, degraded, unhealthy, per component), detailed or
 * public ({@code HealthReport.summary}); {@link com.roisystems.ml.config.Redaction} keeps credentials out of
 * every text it shows. A server that is down makes the service degraded, not unhealthy: each still serves part of the
 * traffic (README, "Dependency faults"). No event-bus contract of its own: the edge hands it {@code bus.HealthProbe}s, one of which
 * asks the online store over {@code features.health}.
 *
 *
 * <p>Model monitoring: {@link com.roisystems.ml.monitoring.ServingWindows} gathers each model version's serving profile
 * per window ({@code monitoring.windowSeconds}, an hour by default) from the predictions the prediction log receives;
 * {@link com.roisystems.ml.monitoring.MonitoringStore} merges
 * those windows into {@code ml_serving_profiles} (so they survive restarts), stores reference profiles
 * ({@code ml_reference_profiles}) and reads the latest window's drift for model health; and
 * {@link com.roisystems.ml.monitoring.DriftWindowJob} closes finished windows into {@code ml_monitoring} rows (every
 * metric per feature, {@code drift_detected}, {@code alerts}) and rolls windows up into days, announcing each window
 * written ({@link com.roisystems.ml.monitoring.DriftWindowClosed}). The statistics are in
 * {@code monitoring.drift}, the sketches in {@code monitoring.profile}, the alerts in {@code monitoring.alert}; settings in
 * {@link com.roisystems.ml.monitoring.MonitoringSettings}. Each window's performance from real outcomes (realised, CBPE
 * estimated, training's reference) is written by {@code monitoring.performance}. Its reads (windows' drift and
 * performance, reference summaries, alerts, a model's latest windows) are the contract
 * {@link com.roisystems.ml.monitoring.MonitoringContract}, served by {@link com.roisystems.ml.monitoring.MonitoringHandlers}
 * from the prediction log's verticle.
 *
 * <p>Layer: capabilities. Uses bus ({@code HealthProbe}, contracts), db, model ({@code PredictionType}) and features
 * (through monitoring.profile); never the edge, never monitoring.alert (which uses it). Used by api, scoring and
 * predictionlog.
 */
package com.roisystems.ml.monitoring;
