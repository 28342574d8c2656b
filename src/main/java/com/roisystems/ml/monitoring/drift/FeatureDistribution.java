package com.roisystems.ml.monitoring.drift;

/**
 * One feature's (or the prediction's) observed distribution on one side of a comparison: numeric values as a step
 * CDF or categories with counts, and how many rows had no value.
 */
public record FeatureDistribution(Kind kind, NumericDistribution numeric, CategoricalDistribution categorical, long nulls) {

    public enum Kind { NUMERIC, CATEGORICAL }

    public static FeatureDistribution numeric(NumericDistribution values, long nulls) {
        return new FeatureDistribution(Kind.NUMERIC, values, null, nulls);
    }

    public static FeatureDistribution categorical(CategoricalDistribution counts, long nulls) {
        return new FeatureDistribution(Kind.CATEGORICAL, null, counts, nulls);
    }

    /** Rows with a value. */
    public long present() {
        return kind == Kind.NUMERIC ? numeric.count() : categorical.total();
    }

    public double nullRate() {
        long rows = present() + nulls;
        return rows == 0 ? 0.0 : nulls / (double) rows;
    }
}
