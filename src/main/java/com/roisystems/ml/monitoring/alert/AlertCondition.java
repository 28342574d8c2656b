package com.roisystems.ml.monitoring.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A condition that holds in a model's latest window: what it is ({@link Kind}), for which model version and feature or
 * metric, the observed value, what it says to people, and the window it was seen in. {@link #key()} identifies it
 * across evaluations, restarts and instances: the same condition of the same version is one alert until it resolves.
 *
 * <p>{@code new AlertCondition(Kind.FEATURE_DRIFT, "move_probability_model", 4, "sessions_30d", null, 0.31, summary, description, start, end)}
 */
public record AlertCondition(Kind kind, String modelName, int modelVersion, String feature, String metric, Double value,
                             String summary, String description, Instant periodStart, Instant periodEnd) {

    /** The conditions alerts are raised for, each with its Alertmanager {@code alertname} and severity. */
    public enum Kind {
        MODEL_DRIFT("ModelDrift", "warning"),
        FEATURE_DRIFT("ModelFeatureDrift", "warning"),
        PREDICTION_DRIFT("ModelPredictionDrift", "warning"),
        PERFORMANCE_DEGRADED("ModelPerformanceDegraded", "critical"),
        ESTIMATED_PERFORMANCE_DEGRADED("ModelEstimatedPerformanceDegraded", "warning");

        public final String alertname;
        public final String severity;

        Kind(String alertname, String severity) {
            this.alertname = alertname;
            this.severity = severity;
        }

        /** As stored in {@code ml_alerts.condition}: {@code feature_drift}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Drift conditions link to the drift route, performance ones to the performance route. */
        boolean isPerformance() {
            return this == PERFORMANCE_DEGRADED || this == ESTIMATED_PERFORMANCE_DEGRADED;
        }
    }

    /** {@code move_probability_model/v4/feature_drift/sessions_30d}. */
    public String key() {
        StringBuilder key = new StringBuilder(modelName).append("/v").append(modelVersion).append('/').append(kind.wireName());
        if (feature != null) {
            key.append('/').append(feature);
        }
        if (metric != null) {
            key.append('/').append(metric);
        }
        return key.toString();
    }

    /** The Alertmanager label set: alertname, model, version, feature or metric when there is one, severity. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", kind.alertname);
        labels.put("model", modelName);
        labels.put("version", Integer.toString(modelVersion));
        if (feature != null) {
            labels.put("feature", feature);
        }
        if (metric != null) {
            labels.put("metric", metric);
        }
        labels.put("severity", kind.severity);
        return labels;
    }
}
