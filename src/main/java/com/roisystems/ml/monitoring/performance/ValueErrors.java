package com.roisystems.ml.monitoring.performance;

import java.util.OptionalDouble;

/**
 * Realised errors of a value prediction (PROPERTY_VALUE, in the scorer's unit: dollars) from running sums, so a
 * window's sums can come from SQL or from rows alike: RMSE, and MAPE over the outcomes that are not zero (a zero
 * actual has no relative error; those are counted in {@link #zeroActuals()}, not guessed).
 *
 * <p>{@code new ValueErrors().add(310_000, 300_000).rmse()}
 */
public final class ValueErrors {

    private long count;
    private double squaredErrorSum;
    private long nonZeroActuals;
    private double relativeErrorSum;

    public ValueErrors add(double predicted, double actual) {
        if (!Double.isFinite(predicted) || !Double.isFinite(actual)) {
            throw new IllegalArgumentException("predicted and actual must be finite, got " + predicted + " / " + actual);
        }
        double error = predicted - actual;
        return addSums(1, error * error, actual == 0 ? 0 : 1, actual == 0 ? 0 : Math.abs(error) / Math.abs(actual));
    }

    /** Adds pre-summed rows: their count, Σ(predicted − actual)², how many had a non-zero actual and Σ|error|/|actual| over those. */
    public ValueErrors addSums(long rows, double squaredErrors, long nonZero, double relativeErrors) {
        count += rows;
        squaredErrorSum += squaredErrors;
        nonZeroActuals += nonZero;
        relativeErrorSum += relativeErrors;
        return this;
    }

    public long labelled() {
        return count;
    }

    public long zeroActuals() {
        return count - nonZeroActuals;
    }

    /** Empty without outcomes. */
    public OptionalDouble rmse() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.sqrt(squaredErrorSum / count));
    }

    /** Mean |error| / |actual| as a fraction (0.05 = 5%), over non-zero actuals; empty when there is none. */
    public OptionalDouble mape() {
        return nonZeroActuals == 0 ? OptionalDouble.empty() : OptionalDouble.of(relativeErrorSum / nonZeroActuals);
    }
}
