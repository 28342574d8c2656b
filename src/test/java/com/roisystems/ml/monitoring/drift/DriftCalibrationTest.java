package com.roisystems.ml.monitoring.drift;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * False alarms and power. Under no change, each feature's test (PSI and KS, Bonferroni within the feature) must flag
 * at most alpha of feature-windows at every window size, within three binomial standard deviations of the count
 * (the bound the test checks, so a calibration off by a factor of two fails); the detector (Benjamini–Hochberg
 * across features) must raise model drift on at most alpha of windows, within the same margin. Rates are over ten references
 * and thirty windows each (300 windows of five features per size).
 */
@DisplayName("Drift decisions")
class DriftCalibrationTest {

    private static final double ALPHA = 0.01;
    private static final int REFERENCE_ROWS = 20_000;
    private static final int WINDOWS = 300;
    private static final int WINDOWS_PER_REFERENCE = 30;

    /** Five kinds of feature: smooth, skewed, counts with ties, mostly zeros, categorical. */
    private static double[][] draw(Random random, int rows, double meanShift) {
        double[][] columns = new double[5][rows];
        for (int i = 0; i < rows; i++) {
            columns[0][i] = random.nextGaussian() + meanShift;
            columns[1][i] = Math.exp(3 + 0.5 * random.nextGaussian());
            columns[2][i] = poisson(random, 2.0);
            columns[3][i] = random.nextDouble() < 0.85 ? 0.0 : -3 * Math.log(random.nextDouble());
            double u = random.nextDouble();
            columns[4][i] = u < 0.5 ? 0 : u < 0.75 ? 1 : u < 0.9 ? 2 : 3;
        }
        return columns;
    }

    private static double poisson(Random random, double lambda) {
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private static Map<String, FeatureDistribution> profile(double[][] columns) {
        Map<String, FeatureDistribution> features = new LinkedHashMap<>();
        for (int f = 0; f < 4; f++) {
            features.put("f" + f, FeatureDistribution.numeric(NumericDistribution.ofSample(columns[f]), 0));
        }
        List<String> categories = new ArrayList<>();
        for (double code : columns[4]) {
            categories.add(CategoricalDistribution.categoryOf(code));
        }
        features.put("f4", FeatureDistribution.categorical(CategoricalDistribution.ofSample(categories), 0));
        return features;
    }

    private static double bound(int trials) {
        return ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / trials);
    }

    @ParameterizedTest(name = "windows of {0} rows")
    @ValueSource(ints = {100, 1_000, 10_000})
    @DisplayName("flag at most alpha of unchanged feature-windows, and of windows, at any traffic level")
    void falseAlarmRateIsAlphaAtEverySize(int rows) {
        Random random = new Random(rows);
        Map<String, FeatureDistribution> reference = null;
        DriftDetector uncorrected = new DriftDetector(new DriftSettings(ALPHA, DriftSettings.Correction.BONFERRONI, 1.0, 10, 30,
                DriftSettings.DEFAULTS.metrics()));
        DriftDetector detector = new DriftDetector(DriftSettings.DEFAULTS);
        int featureWindows = 0;
        int flagged = 0;
        int windowsDrifting = 0;
        for (int w = 0; w < WINDOWS; w++) {
            if (w % WINDOWS_PER_REFERENCE == 0) {
                // A fixed reference's own sampling error moves its windows' alarm rate up or down; alpha holds over both.
                reference = profile(draw(random, REFERENCE_ROWS, 0));
            }
            Map<String, FeatureDistribution> window = profile(draw(random, rows, 0));
            DriftReport report = uncorrected.compare(reference, window, null, null);
            for (FeatureDrift feature : report.features().values()) {
                featureWindows++;
                // The feature's own p-value against alpha: the per-feature calibration, before the across-feature correction.
                if (feature.pValue() <= ALPHA) {
                    flagged++;
                }
            }
            windowsDrifting += detector.compare(reference, window, null, null).driftDetected() ? 1 : 0;
        }
        assertThat(flagged / (double) featureWindows).as("feature-window false-alarm rate at %d rows", rows)
                .isLessThanOrEqualTo(bound(featureWindows));
        assertThat(windowsDrifting / (double) WINDOWS).as("window false-alarm rate at %d rows", rows)
                .isLessThanOrEqualTo(bound(WINDOWS));
    }

    @Test
    @DisplayName("detect a shifted feature, and only it, in most windows (power)")
    void shiftedFeatureIsDetected() {
        Random random = new Random(7);
        Map<String, FeatureDistribution> reference = profile(draw(random, REFERENCE_ROWS, 0));
        DriftDetector detector = new DriftDetector(DriftSettings.DEFAULTS);
        int detected = 0;
        int others = 0;
        for (int w = 0; w < 100; w++) {
            DriftReport report = detector.compare(reference, profile(draw(random, 1_000, 0.25)), null, null);
            detected += report.features().get("f0").drifted() ? 1 : 0;
            others += report.driftedFeatures().stream().filter(name -> !name.equals("f0")).count();
            assertThat(report.driftDetected()).isEqualTo(report.features().get("f0").drifted() || !report.driftedFeatures().isEmpty());
        }
        assertThat(detected).as("windows of 1,000 rows with a 0.25 sd shift detected").isGreaterThanOrEqualTo(95);
        assertThat(others).as("unshifted features flagged").isLessThanOrEqualTo(4);
    }

    @Test
    @DisplayName("detect a moved category share and a moved prediction")
    void categoricalAndPredictionDrift() {
        Random random = new Random(11);
        double[][] referenceColumns = draw(random, REFERENCE_ROWS, 0);
        double[][] windowColumns = draw(random, 2_000, 0);
        DoubleUnaryOperator moveToThree = code -> random.nextDouble() < 0.15 ? 3 : code;
        for (int i = 0; i < windowColumns[4].length; i++) {
            windowColumns[4][i] = moveToThree.applyAsDouble(windowColumns[4][i]);
        }
        FeatureDistribution referencePrediction = FeatureDistribution.numeric(NumericDistribution.ofSample(referenceColumns[1]), 0);
        double[] shiftedPrediction = windowColumns[1].clone();
        for (int i = 0; i < shiftedPrediction.length; i++) {
            shiftedPrediction[i] *= 1.2;
        }
        DriftReport report = new DriftDetector(DriftSettings.DEFAULTS).compare(profile(referenceColumns), profile(windowColumns),
                referencePrediction, FeatureDistribution.numeric(NumericDistribution.ofSample(shiftedPrediction), 0));
        assertThat(report.driftedFeatures()).containsExactly("f4");
        assertThat(report.prediction().drifted()).isTrue();
        assertThat(report.driftDetected()).isTrue();
        assertThat(report.alerts()).anyMatch(alert -> alert.startsWith("prediction drift"));
    }
}
