package com.roisystems.ml.monitoring.performance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Realised performance of a probability against 0/1 outcomes, from counts per distinct score (a window's predictions
 * arrive grouped by score, so a million predictions are at most as many groups as there are distinct scores): AUC as
 * the Mann–Whitney statistic (a tied positive–negative pair counts one half), Brier score, log-loss with each
 * probability clipped to [{@value #LOG_LOSS_EPSILON}, 1 − {@value #LOG_LOSS_EPSILON}], and reliability bins of equal
 * width.
 *
 * <p>{@code BinaryOutcomes outcomes = new BinaryOutcomes(); outcomes.add(0.8, true, 1); outcomes.auc();}
 */
public final class BinaryOutcomes {

    /** scikit-learn's historical clipping: a confident mistake costs about 34.5 nats instead of infinity. */
    public static final double LOG_LOSS_EPSILON = 1e-15;

    /** One reliability bin: [lower, upper) (the last includes 1), its count, mean score and observed positive rate. */
    public record CalibrationBin(double lower, double upper, long count, double meanPredicted, double observedRate) {
    }

    /** score → {negatives, positives}. */
    private final TreeMap<Double, long[]> byScore = new TreeMap<>();
    private long positives;
    private long negatives;

    /** Adds {@code count} outcomes of one score; a score outside [0, 1] is refused, naming it. */
    public BinaryOutcomes add(double score, boolean positive, long count) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be a probability in [0, 1], got " + score);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        byScore.computeIfAbsent(score, s -> new long[2])[positive ? 1 : 0] += count;
        if (positive) {
            positives += count;
        } else {
            negatives += count;
        }
        return this;
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    public long labelled() {
        return positives + negatives;
    }

    /** Empty without both a positive and a negative: the statistic is 0/0 then. */
    public OptionalDouble auc() {
        if (positives == 0 || negatives == 0) {
            return OptionalDouble.empty();
        }
        double pairs = 0;
        long negativesBelow = 0;
        for (long[] counts : byScore.values()) {
            pairs += counts[1] * (negativesBelow + 0.5 * counts[0]);
            negativesBelow += counts[0];
        }
        return OptionalDouble.of(pairs / ((double) positives * negatives));
    }

    /** Mean squared difference between score and outcome; NaN without outcomes. */
    public double brier() {
        double sum = 0;
        for (Map.Entry<Double, long[]> entry : byScore.entrySet()) {
            double p = entry.getKey();
            sum += entry.getValue()[1] * (1 - p) * (1 - p) + entry.getValue()[0] * p * p;
        }
        return sum / labelled();
    }

    /** Mean negative log-likelihood in nats, probabilities clipped by {@link #LOG_LOSS_EPSILON}; NaN without outcomes. */
    public double logLoss() {
        double sum = 0;
        for (Map.Entry<Double, long[]> entry : byScore.entrySet()) {
            double p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, entry.getKey()));
            sum -= entry.getValue()[1] * Math.log(p) + entry.getValue()[0] * Math.log(1 - p);
        }
        return sum / labelled();
    }

    /** {@code bins} equal-width bins over [0, 1] (a score of exactly 1 falls in the last); empty bins are left out. */
    public List<CalibrationBin> calibration(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        long[] count = new long[bins];
        double[] scoreSum = new double[bins];
        long[] positive = new long[bins];
        byScore.forEach((score, counts) -> {
            int bin = Math.min(bins - 1, (int) (score * bins));
            count[bin] += counts[0] + counts[1];
            scoreSum[bin] += score * (counts[0] + counts[1]);
            positive[bin] += counts[1];
        });
        List<CalibrationBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                out.add(new CalibrationBin(b / (double) bins, (b + 1) / (double) bins, count[b], scoreSum[b] / count[b],
                        positive[b] / (double) count[b]));
            }
        }
        return out;
    }
}
