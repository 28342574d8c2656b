package com.roisystems.ml.training;


import java.util.Arrays;

/**
 * A split-conformal prediction interval on a residual scale: from the signed residuals (label − prediction) of
 * rows held out from fitting, the lower bound is the order statistic at level ⌊(n+1)·α/2⌋/n and the upper at
 * ⌈(n+1)(1−α/2)⌉/n. With those finite-sample ranks, a new row exchangeable with the calibration rows falls inside
 * with probability at least 1 − α.
 *
 * <p>{@code ConformalInterval i = ConformalInterval.fit(validationResiduals, 0.90); i.covers(residual);}
 */
record ConformalInterval(double coverage, double lowResidual, double highResidual, int calibrationRows) {

    /** Fewer calibration rows than this cannot place both ranks inside the sample at 90%. */
    static final int MIN_ROWS = 19;
    private static final double RANK_TOLERANCE = 1e-9;

    static ConformalInterval fit(double[] residuals, double coverage) {
        int n = residuals.length;
        if (n < MIN_ROWS) {
            throw new IllegalArgumentException("a conformal interval needs at least " + MIN_ROWS + " calibration rows, got " + n);
        }
        double[] sorted = residuals.clone();
        Arrays.sort(sorted);
        double alpha = 1 - coverage;
        // 1 - 0.90 is 0.0999…98 in binary: the nudge keeps the ranks exact where (n+1)·α/2 is a whole number.
        int low = Math.max(1, (int) Math.floor((n + 1) * alpha / 2 + RANK_TOLERANCE));
        int high = Math.min(n, (int) Math.ceil((n + 1) * (1 - alpha / 2) - RANK_TOLERANCE));
        return new ConformalInterval(coverage, sorted[low - 1], sorted[high - 1], n);
    }

    boolean covers(double residual) {
        return residual >= lowResidual && residual <= highResidual;
    }

    /** The share of {@code residuals} inside the interval (null for none). */
    Double coverageOf(double[] residuals) {
        return residuals.length == 0 ? null : Arrays.stream(residuals).filter(this::covers).count() / (double) residuals.length;
    }
}
