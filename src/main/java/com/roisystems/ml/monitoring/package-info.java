/**
 * Service health: {@link com.roisystems.ml.monitoring.DependencyProbes} makes a round trip to PostgreSQL, Redis and
 * Kafka, and {@link com.roisystems.ml.monitoring.HealthReport} runs every probe concurrently with a deadline and
 * folds the answers into the {@code /health} document (healthy, degraded, unhealthy, per component), detailed or
 * public ({@code HealthReport.summary}); {@link com.roisystems.ml.config.Redaction} keeps credentials out of
 * every text it shows. No event-bus contract of its own: the edge hands it {@code bus.HealthProbe}s, one of which
 * asks the online store over {@code features.health}.
 *
 * <p>Layer: capabilities. Uses bus ({@code HealthProbe}) and db; never the edge. Used by api.
 */
package com.roisystems.ml.monitoring;
