package com.roisystems.ml.monitoring.drift;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One feature's drift in one window: every metric that ran (by its configuration name, plus p-values, thresholds and
 * null rates), the p-value of the feature's decision (the smallest of its tests times their number, Bonferroni within
 * the feature), that p-value adjusted for the window's other features, and the decision. A feature that could not be
 * tested says why ({@code skipped}).
 */
public record FeatureDrift(String feature, FeatureDistribution.Kind kind, Map<String, Double> metrics, Double pValue,
                           Double adjustedPValue, boolean drifted, String skipped) {

    public FeatureDrift withAdjusted(double adjusted, boolean isDrifted) {
        return new FeatureDrift(feature, kind, metrics, pValue, adjusted, isDrifted, skipped);
    }

    /** As stored in {@code ml_monitoring.feature_drift}: plain maps, numbers and strings. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind.name());
        // JSON has no NaN or infinity: a metric that could not be computed is null.
        metrics.forEach((name, value) -> map.put(name, value == null || !Double.isFinite(value) ? null : value));
        map.put("p_value", pValue);
        map.put("adjusted_p_value", adjustedPValue);
        map.put("drifted", drifted);
        if (skipped != null) {
            map.put("skipped", skipped);
        }
        return map;
    }
}
