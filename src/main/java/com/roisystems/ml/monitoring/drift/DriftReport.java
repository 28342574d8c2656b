package com.roisystems.ml.monitoring.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window compared with its reference: each feature's drift, the prediction's, the share of tested features that
 * drifted, whether the model drifts, and the alerts that decision raises. {@code skipped} says why a window was not
 * compared at all (then nothing drifts).
 */
public record DriftReport(Map<String, FeatureDrift> features, FeatureDrift prediction, double driftedShare,
                          boolean driftDetected, List<String> alerts, String skipped) {

    public static DriftReport skipped(String reason) {
        return new DriftReport(Map.of(), null, 0.0, false, List.of(), reason);
    }

    /** The names of the drifted features, in feature order. */
    public List<String> driftedFeatures() {
        List<String> drifted = new ArrayList<>();
        features.forEach((name, drift) -> {
            if (drift.drifted()) {
                drifted.add(name);
            }
        });
        return drifted;
    }

    /** {@code ml_monitoring.feature_drift}: per feature its metrics, then the prediction and the summary under "_"-prefixed keys. */
    public Map<String, Object> featureDriftDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        features.forEach((name, drift) -> document.put(name, drift.toMap()));
        if (prediction != null) {
            document.put("_prediction", prediction.toMap());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("drifted_share", driftedShare);
        summary.put("drifted_features", driftedFeatures());
        if (skipped != null) {
            summary.put("skipped", skipped);
        }
        document.put("_summary", summary);
        return document;
    }
}
