/**
 * Drift statistics, pure Java: {@link com.roisystems.ml.monitoring.drift.DriftMetrics} (PSI over the reference's
 * quantile bins, two-sample Kolmogorov–Smirnov with the Kolmogorov limit p-value, Wasserstein-1 over the reference's
 * IQR, Jensen–Shannon distance and the chi-squared test for categories), the distribution functions they need
 * ({@link com.roisystems.ml.monitoring.drift.SpecialFunctions}), and
 * {@link com.roisystems.ml.monitoring.drift.DriftDetector}, which decides each feature at the configured false-alarm
 * rate from the window's and the reference's sizes (PSI ≈ (1/n + 1/m)·χ²(B−1) to second order), corrects across a
 * window's features (Benjamini–Hochberg or Bonferroni) and decides whether the model drifts
 * ({@link com.roisystems.ml.monitoring.drift.DriftSettings}, the {@code monitoring} configuration section). Exact samples
 * and sketches are compared by the same code: both become a step CDF
 * ({@link com.roisystems.ml.monitoring.drift.NumericDistribution}) whose rank error counts as noise. Values are checked
 * against SciPy's in {@code DriftStatisticsTest} (golden values made by
 * {@code src/test/resources/monitoring/golden/make_golden.py}).
 *
 * <p>Layer: capabilities. Uses nothing of the project; used by monitoring and monitoring.profile.
 */
package com.roisystems.ml.monitoring.drift;
