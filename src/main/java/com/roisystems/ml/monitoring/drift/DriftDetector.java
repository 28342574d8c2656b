package com.roisystems.ml.monitoring.drift;

import com.roisystems.ml.monitoring.drift.DriftSettings.Metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a window with its reference, feature by feature, and decides at the configured false-alarm rate. Each
 * numeric feature is tested by PSI (its p-value from PSI ≈ (1/n + 1/m)·χ²(B−1)) and KS; a categorical one by
 * chi-squared; the feature's p-value is its smallest test's times the number of tests. Those p-values are then
 * corrected across the window's features (Benjamini–Hochberg or Bonferroni) and a feature drifts when its adjusted
 * p-value is at most alpha. The prediction is tested the same way, alone, at alpha. The model drifts when the share
 * of tested features that drifted reaches {@code driftShare} or the prediction drifted.
 *
 * <p>{@code new DriftDetector(DriftSettings.DEFAULTS).compare(reference, window, referencePrediction, windowPrediction)}
 */
public final class DriftDetector {

    private final DriftSettings settings;

    public DriftDetector(DriftSettings settings) {
        this.settings = settings;
    }

    /**
     * @param reference features by name as trained on (their order is the report's)
     * @param window    the same features as served; a feature missing here is skipped with a reason
     * @param referencePrediction may be null (no prediction drift then), as may {@code windowPrediction}
     */
    public DriftReport compare(Map<String, FeatureDistribution> reference, Map<String, FeatureDistribution> window,
                               FeatureDistribution referencePrediction, FeatureDistribution windowPrediction) {
        Map<String, FeatureDrift> features = new LinkedHashMap<>();
        reference.forEach((name, referenceSide) -> features.put(name, test(name, referenceSide, window.get(name))));
        adjust(features);
        FeatureDrift prediction = referencePrediction == null || windowPrediction == null ? null
                : test("prediction", referencePrediction, windowPrediction);
        if (prediction != null && prediction.pValue() != null) {
            prediction = prediction.withAdjusted(prediction.pValue(), prediction.pValue() <= settings.alpha());
        }
        long tested = features.values().stream().filter(f -> f.pValue() != null).count();
        long drifted = features.values().stream().filter(FeatureDrift::drifted).count();
        double share = tested == 0 ? 0.0 : drifted / (double) tested;
        boolean predictionDrifted = prediction != null && prediction.drifted();
        List<String> alerts = new ArrayList<>();
        if (tested > 0 && share >= settings.driftShare()) {
            alerts.add(String.format("feature drift: %d of %d features drifted (share %.3f >= %.3f)", drifted, tested, share, settings.driftShare()));
        }
        if (predictionDrifted) {
            alerts.add(String.format("prediction drift: p = %.3g <= alpha %.3g", prediction.pValue(), settings.alpha()));
        }
        return new DriftReport(features, prediction, share, !alerts.isEmpty(), alerts, null);
    }

    private FeatureDrift test(String name, FeatureDistribution reference, FeatureDistribution window) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (window == null) {
            return new FeatureDrift(name, reference.kind(), metrics, null, null, false, "not in the window");
        }
        metrics.put("reference_null_rate", reference.nullRate());
        metrics.put("window_null_rate", window.nullRate());
        if (reference.kind() != window.kind()) {
            return new FeatureDrift(name, reference.kind(), metrics, null, null, false,
                    "kind " + window.kind() + " in the window, " + reference.kind() + " in the reference");
        }
        if (reference.present() < settings.minRows() || window.present() < settings.minRows()) {
            return new FeatureDrift(name, reference.kind(), metrics, null, null, false, String.format(
                    "fewer than %d values (reference %d, window %d)", settings.minRows(), reference.present(), window.present()));
        }
        List<Double> pValues = new ArrayList<>();
        if (reference.kind() == FeatureDistribution.Kind.NUMERIC) {
            NumericDistribution r = reference.numeric();
            NumericDistribution w = window.numeric();
            if (settings.enabled(Metric.PSI)) {
                DriftMetrics.Psi psi = DriftMetrics.psi(r, w, settings.bins());
                metrics.put("psi", psi.value());
                metrics.put("psi_p_value", psi.pValue());
                metrics.put("psi_threshold", psi.threshold(settings.alpha()));
                pValues.add(psi.pValue());
            }
            if (settings.enabled(Metric.KS)) {
                DriftMetrics.Ks ks = DriftMetrics.kolmogorovSmirnov(r, w);
                metrics.put("ks_statistic", ks.statistic());
                metrics.put("ks_p_value", ks.pValue());
                pValues.add(ks.pValue());
            }
            if (settings.enabled(Metric.WASSERSTEIN)) {
                DriftMetrics.Wasserstein wasserstein = DriftMetrics.wasserstein(r, w);
                metrics.put("wasserstein", wasserstein.distance());
                metrics.put("wasserstein_normalized", wasserstein.normalized());
            }
        } else {
            CategoricalDistribution r = reference.categorical();
            CategoricalDistribution w = window.categorical();
            if (settings.enabled(Metric.JENSEN_SHANNON)) {
                metrics.put("jensen_shannon", DriftMetrics.jensenShannon(r, w));
            }
            if (settings.enabled(Metric.CHI_SQUARED)) {
                DriftMetrics.ChiSquared chi = DriftMetrics.chiSquared(r, w);
                metrics.put("chi_squared", chi.statistic());
                metrics.put("chi_squared_p_value", chi.pValue());
                pValues.add(chi.pValue());
            }
        }
        Double pValue = pValues.isEmpty() ? null
                : Math.min(1.0, pValues.stream().mapToDouble(Double::doubleValue).min().orElse(1.0) * pValues.size());
        return new FeatureDrift(name, reference.kind(), metrics, pValue, null, false, pValue == null ? "no test enabled" : null);
    }

    /** Adjusts every tested feature's p-value for the others and decides. */
    private void adjust(Map<String, FeatureDrift> features) {
        List<FeatureDrift> tested = new ArrayList<>(features.values().stream().filter(f -> f.pValue() != null).toList());
        int k = tested.size();
        if (k == 0) {
            return;
        }
        tested.sort(Comparator.comparingDouble(FeatureDrift::pValue));
        double[] adjusted = new double[k];
        if (settings.correction() == DriftSettings.Correction.BONFERRONI) {
            for (int i = 0; i < k; i++) {
                adjusted[i] = Math.min(1.0, tested.get(i).pValue() * k);
            }
        } else {
            // Benjamini–Hochberg step-up: q(i) = min over j ≥ i of p(j)·k/j.
            double running = 1.0;
            for (int i = k - 1; i >= 0; i--) {
                running = Math.min(running, tested.get(i).pValue() * k / (i + 1));
                adjusted[i] = running;
            }
        }
        for (int i = 0; i < k; i++) {
            FeatureDrift feature = tested.get(i);
            features.put(feature.feature(), feature.withAdjusted(adjusted[i], adjusted[i] <= settings.alpha()));
        }
    }
}
