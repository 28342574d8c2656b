package com.roisystems.ml.monitoring.performance;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Performance estimated before outcomes arrive from calibrated scores alone, as NannyML's confidence-based
 * performance estimation (CBPE): a prediction of probability p is expected to be a positive p times and a negative
 * 1 − p times, so at every threshold the expected true and false positives are the sums of p and 1 − p over the
 * scores at or above it; the expected ROC curve joins those points and its area (trapezoids) is the estimated AUC.
 * The expected Brier score is the mean of p(1 − p). Only as good as the calibration: scores that are not probabilities
 * give estimates that are not performance, which is why realised and estimated are shown side by side.
 *
 * <p>{@code ConfidenceBasedEstimate cbpe = new ConfidenceBasedEstimate(); cbpe.add(0.8, 10); cbpe.auc();}
 */
public final class ConfidenceBasedEstimate {

    private final TreeMap<Double, Long> counts = new TreeMap<>();
    private long rows;

    /** Adds {@code count} predictions of one calibrated score; a score outside [0, 1] is refused, naming it. */
    public ConfidenceBasedEstimate add(double score, long count) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be a probability in [0, 1], got " + score);
        }
        counts.merge(score, count, Long::sum);
        rows += count;
        return this;
    }

    public long rows() {
        return rows;
    }

    /** Empty without rows, or when the scores expect no positive or no negative at all (every score 0, or every 1). */
    public OptionalDouble auc() {
        double expectedPositives = 0;
        double expectedNegatives = 0;
        for (Map.Entry<Double, Long> entry : counts.entrySet()) {
            expectedPositives += entry.getValue() * entry.getKey();
            expectedNegatives += entry.getValue() * (1 - entry.getKey());
        }
        if (rows == 0 || expectedPositives <= 0 || expectedNegatives <= 0) {
            return OptionalDouble.empty();
        }
        double area = 0;
        double truePositives = 0;
        double falsePositives = 0;
        // Thresholds from the highest score down: each adds one point to the expected ROC curve.
        for (Map.Entry<Double, Long> entry : counts.descendingMap().entrySet()) {
            double tprBefore = truePositives / expectedPositives;
            double fprBefore = falsePositives / expectedNegatives;
            truePositives += entry.getValue() * entry.getKey();
            falsePositives += entry.getValue() * (1 - entry.getKey());
            area += (falsePositives / expectedNegatives - fprBefore) * (truePositives / expectedPositives + tprBefore) / 2;
        }
        return OptionalDouble.of(area);
    }

    /** The expected Brier score, mean p(1 − p); NaN without rows. */
    public double brier() {
        double sum = 0;
        for (Map.Entry<Double, Long> entry : counts.entrySet()) {
            sum += entry.getValue() * entry.getKey() * (1 - entry.getKey());
        }
        return sum / rows;
    }
}
