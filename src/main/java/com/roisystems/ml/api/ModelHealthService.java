package com.roisystems.ml.api;

/**
 * {@code models.health} ({@link #ADDRESS}): request {@code {"model_name"}} → the original design's model
 * health document ({@code model_name, model_version, status, deployed_at, prediction_count, avg_latency_ms,
 * p95_latency_ms, error_rate, drift_detected, last_prediction_at}). Served by the scoring verticle, which
 * knows what is deployed, from the prediction log's counters. Failures: 404 unknown model.
 */
public final class ModelHealthService {

    public static final String ADDRESS = "models.health";

    private ModelHealthService() {
    }
}
