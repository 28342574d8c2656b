package com.roisystems.ml.monitoring.drift;

import java.util.Arrays;

/**
 * A numeric feature's distribution as a step CDF: distinct values in ascending order, the share of the sample at or
 * below each, the sample size and how far the CDF may be off. An exact sample ({@link #ofSample}) has no rank error;
 * a quantile sketch's sorted view carries the sketch's rank error, which the tests add to their noise
 * ({@link #effectiveSize()}). Every numeric metric works on this one form, so exact and sketched profiles are compared
 * by the same code.
 *
 * <p>{@code NumericDistribution.ofSample(new double[] {1, 2, 2, 3}).cdf(2.0) == 0.75}
 */
public final class NumericDistribution {

    /** The rank error is a 99% bound; its standard deviation is about the bound over z(0.995). */
    private static final double Z_995 = 2.5758293035489;

    private final double[] values;
    private final double[] cumulative;
    private final long count;
    private final double rankError;

    /**
     * @param values     ascending (equal neighbours allowed: the last one's share counts)
     * @param cumulative share of the sample at or below each value, non-decreasing, the last 1
     * @param count      the number of observations the distribution stands for
     * @param rankError  the largest error of any CDF value at 99% confidence (0 for an exact sample)
     */
    public NumericDistribution(double[] values, double[] cumulative, long count, double rankError) {
        if (values.length != cumulative.length) {
            throw new IllegalArgumentException("values and cumulative shares differ in length");
        }
        int distinct = 0;
        double[] v = new double[values.length];
        double[] c = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (distinct > 0 && v[distinct - 1] == values[i]) {
                c[distinct - 1] = cumulative[i];
            } else {
                v[distinct] = values[i];
                c[distinct] = cumulative[i];
                distinct++;
            }
        }
        this.values = Arrays.copyOf(v, distinct);
        this.cumulative = Arrays.copyOf(c, distinct);
        this.count = count;
        this.rankError = rankError;
    }

    /** The exact distribution of a sample; NaN values (missing) are left out. */
    public static NumericDistribution ofSample(double[] sample) {
        double[] sorted = Arrays.stream(sample).filter(x -> !Double.isNaN(x)).sorted().toArray();
        double[] cumulative = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            cumulative[i] = (i + 1) / (double) sorted.length;
        }
        return new NumericDistribution(sorted, cumulative, sorted.length, 0.0);
    }

    public long count() {
        return count;
    }

    public double rankError() {
        return rankError;
    }

    public boolean isEmpty() {
        return count == 0 || values.length == 0;
    }

    double[] values() {
        return values;
    }

    double[] cumulative() {
        return cumulative;
    }

    /** The share of the sample at or below {@code x}. */
    public double cdf(double x) {
        int index = Arrays.binarySearch(values, x);
        if (index >= 0) {
            return cumulative[index];
        }
        int insertion = -index - 1;
        return insertion == 0 ? 0.0 : cumulative[insertion - 1];
    }

    /** The smallest value whose CDF reaches {@code p} (numpy's {@code method='inverted_cdf'}). */
    public double quantile(double p) {
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= p - 1e-12) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    public double mean() {
        double mean = 0;
        double previous = 0;
        for (int i = 0; i < values.length; i++) {
            mean += values[i] * (cumulative[i] - previous);
            previous = cumulative[i];
        }
        return mean;
    }

    /** The population standard deviation (numpy's {@code std}, ddof 0). */
    public double standardDeviation() {
        double mean = mean();
        double variance = 0;
        double previous = 0;
        for (int i = 0; i < values.length; i++) {
            variance += (values[i] - mean) * (values[i] - mean) * (cumulative[i] - previous);
            previous = cumulative[i];
        }
        return Math.sqrt(variance);
    }

    /** The interquartile range by inverted-CDF quartiles. */
    public double interquartileRange() {
        return quantile(0.75) - quantile(0.25);
    }

    /**
     * The sample size a test may count on: the sampling variance of a CDF value (at most 1/(4n)) plus the sketch's
     * (its rank error's standard deviation squared), expressed as the n of an exact sample with that variance.
     * Equal to {@link #count()} for an exact sample; at most about 1.66/ε² for a sketch of rank error ε.
     */
    public double effectiveSize() {
        if (count == 0) {
            return 0;
        }
        double sketchSigma = rankError / Z_995;
        return 1.0 / (1.0 / count + 4 * sketchSigma * sketchSigma);
    }
}
