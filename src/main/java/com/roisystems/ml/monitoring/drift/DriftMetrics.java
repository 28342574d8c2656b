package com.roisystems.ml.monitoring.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The drift metrics between a reference and a window distribution, each with its test where it has one. The
 * numeric ones walk both step CDFs once; they are exact for exact samples and as good as the sketches otherwise.
 *
 * <p>{@code DriftMetrics.Ks ks = DriftMetrics.kolmogorovSmirnov(reference, window); ks.pValue()}
 */
public final class DriftMetrics {

    /**
     * A share of 0 in a PSI bin becomes this (the convention of Evidently and most PSI code): ln(0) is undefined, and
     * 1e-4 keeps a bin that is empty on one side a strong but finite signal. Bins empty on both sides are left out.
     */
    public static final double PSI_EMPTY_SHARE = 1e-4;
    /** Window rows a PSI bin should expect at the least: B = min(bins, n / 20). */
    public static final int MIN_ROWS_PER_BIN = 20;

    /** PSI with its degrees of freedom (bins the reference fills, minus one) and its p-value under no change. */
    public record Psi(double value, int degreesOfFreedom, double pValue, double scale, double matchedDegreesOfFreedom) {

        /** PSI's critical value at {@code alpha}: (1/n + 1/m)·a·χ²₁₋α(ν), about (1/n + 1/m)·χ²₁₋α(B−1) for large windows. */
        public double threshold(double alpha) {
            return scale * SpecialFunctions.chiSquaredQuantile(1 - alpha, matchedDegreesOfFreedom);
        }
    }

    /** The two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value. */
    public record Ks(double statistic, double pValue, double effectiveN) {
    }

    /** Wasserstein-1 between the two distributions, and divided by the reference's spread (IQR, else std). */
    public record Wasserstein(double distance, double normalized, double spread, String spreadKind) {
    }

    /** Pearson's chi-squared test of homogeneity on the 2×K table of counts (no continuity correction). */
    public record ChiSquared(double statistic, int degreesOfFreedom, double pValue) {
    }

    private DriftMetrics() {
    }

    /**
     * PSI over {@code bins} bins cut at the reference's inverted-CDF quantiles j/bins (equal cut points merge, so a
     * feature with few distinct values gets fewer bins), bins (e₍ⱼ₋₁₎, eⱼ]. Under no change PSI ≈ (1/n + 1/m)·χ²(B−1)
     * (n, m the effective sizes), which gives the p-value.
     */
    public static Psi psi(NumericDistribution reference, NumericDistribution window, int bins) {
        // PSI's χ² law needs about 20 window rows per bin; fewer rows, fewer bins.
        int used = (int) Math.max(2, Math.min(bins, window.count() / MIN_ROWS_PER_BIN));
        TreeSet<Double> cuts = new TreeSet<>();
        for (int j = 1; j < used; j++) {
            cuts.add(reference.quantile(j / (double) used));
        }
        List<Double> edges = new ArrayList<>(cuts);
        double psi = 0;
        int filled = 0;
        double inverseShares = 0;
        double previousReference = 0;
        double previousWindow = 0;
        for (int j = 0; j <= edges.size(); j++) {
            double referenceUpTo = j == edges.size() ? 1.0 : reference.cdf(edges.get(j));
            double windowUpTo = j == edges.size() ? 1.0 : window.cdf(edges.get(j));
            double q = referenceUpTo - previousReference;
            double p = windowUpTo - previousWindow;
            previousReference = referenceUpTo;
            previousWindow = windowUpTo;
            if (q <= 0 && p <= 0) {
                continue;
            }
            if (q > 0) {
                filled++;
                inverseShares += 1 / q;
            }
            q = q <= 0 ? PSI_EMPTY_SHARE : q;
            p = p <= 0 ? PSI_EMPTY_SHARE : p;
            psi += (p - q) * Math.log(p / q);
        }
        int dof = Math.max(1, filled - 1);
        double sizes = 1.0 / window.effectiveSize() + 1.0 / reference.effectiveSize();
        // PSI/sizes is χ²(B−1) only to first order: its next terms add (Σ1/q − B)·sizes/2 to the mean and about
        // 4·(Σ1/q − B)·sizes to the variance, which alone doubles the false alarms of 100-row windows. Match both
        // moments with a·χ²(ν) (Satterthwaite).
        double excess = (inverseShares - filled) * sizes;
        double mean = dof + excess / 2;
        double variance = 2.0 * dof + 4 * excess;
        double stretch = variance / (2 * mean);
        double matchedDof = 2 * mean * mean / variance;
        double scale = sizes * stretch;
        return new Psi(psi, dof, SpecialFunctions.chiSquaredSurvival(psi / scale, matchedDof), scale, matchedDof);
    }

    /**
     * D = sup |F_ref − F_win| and P(K > √(n·m/(n+m))·D) under the Kolmogorov limit distribution, n and m the
     * effective sizes. SciPy's {@code ks_2samp(method='asymp')} evaluates the finite-n distribution at round(n·m/(n+m))
     * instead; the two agree to about 1/√(nm/(n+m)) and the limit is the more conservative for small windows.
     */
    public static Ks kolmogorovSmirnov(NumericDistribution reference, NumericDistribution window) {
        StepCdfs cdfs = StepCdfs.of(reference, window);
        double d = 0;
        for (int k = 0; k < cdfs.x().length; k++) {
            d = Math.max(d, Math.abs(cdfs.reference()[k] - cdfs.window()[k]));
        }
        double n = reference.effectiveSize();
        double m = window.effectiveSize();
        double en = n * m / (n + m);
        return new Ks(d, SpecialFunctions.kolmogorovSurvival(Math.sqrt(en) * d), en);
    }

    /**
     * ∫|F_ref − F_win| dx (SciPy's {@code wasserstein_distance}), divided by the reference's interquartile range: the
     * IQR rather than the standard deviation because a few extreme training values would otherwise shrink every
     * shift; the standard deviation when the IQR is 0 (a feature mostly at one value), 1 when both are.
     */
    public static Wasserstein wasserstein(NumericDistribution reference, NumericDistribution window) {
        StepCdfs cdfs = StepCdfs.of(reference, window);
        double distance = 0;
        for (int k = 1; k < cdfs.x().length; k++) {
            distance += Math.abs(cdfs.reference()[k - 1] - cdfs.window()[k - 1]) * (cdfs.x()[k] - cdfs.x()[k - 1]);
        }
        double iqr = reference.interquartileRange();
        if (iqr > 0) {
            return new Wasserstein(distance, distance / iqr, iqr, "iqr");
        }
        double std = reference.standardDeviation();
        return std > 0 ? new Wasserstein(distance, distance / std, std, "std") : new Wasserstein(distance, distance, 1.0, "none");
    }

    /** The Jensen–Shannon distance in base 2 (0 same, 1 disjoint), SciPy's {@code jensenshannon(p, q, base=2)}. */
    public static double jensenShannon(CategoricalDistribution reference, CategoricalDistribution window) {
        TreeSet<String> categories = new TreeSet<>(reference.counts().keySet());
        categories.addAll(window.counts().keySet());
        double divergence = 0;
        for (String category : categories) {
            double p = reference.share(category);
            double q = window.share(category);
            double m = (p + q) / 2;
            if (p > 0) {
                divergence += p * Math.log(p / m);
            }
            if (q > 0) {
                divergence += q * Math.log(q / m);
            }
        }
        return Math.sqrt(Math.max(0, divergence / 2 / Math.log(2)));
    }

    /** SciPy's {@code chi2_contingency([ref_counts, win_counts], correction=False)} over the categories either has. */
    public static ChiSquared chiSquared(CategoricalDistribution reference, CategoricalDistribution window) {
        TreeSet<String> categories = new TreeSet<>(reference.counts().keySet());
        categories.addAll(window.counts().keySet());
        categories.removeIf(c -> reference.count(c) + window.count(c) == 0);
        double total = reference.total() + window.total();
        if (categories.size() < 2 || reference.total() == 0 || window.total() == 0) {
            return new ChiSquared(0.0, Math.max(1, categories.size() - 1), 1.0);
        }
        double statistic = 0;
        for (String category : categories) {
            double column = reference.count(category) + window.count(category);
            double expectedReference = reference.total() * column / total;
            double expectedWindow = window.total() * column / total;
            statistic += square(reference.count(category) - expectedReference) / expectedReference
                    + square(window.count(category) - expectedWindow) / expectedWindow;
        }
        int dof = categories.size() - 1;
        return new ChiSquared(statistic, dof, SpecialFunctions.chiSquaredSurvival(statistic, dof));
    }

    private static double square(double x) {
        return x * x;
    }

    /** Both step CDFs evaluated at every point of the union of their supports, in order: what KS and Wasserstein walk. */
    private record StepCdfs(double[] x, double[] reference, double[] window) {

        static StepCdfs of(NumericDistribution reference, NumericDistribution window) {
            double[] rv = reference.values();
            double[] rc = reference.cumulative();
            double[] wv = window.values();
            double[] wc = window.cumulative();
            double[] x = new double[rv.length + wv.length];
            double[] fr = new double[x.length];
            double[] fw = new double[x.length];
            int points = 0;
            int i = 0;
            int j = 0;
            double r = 0;
            double w = 0;
            while (i < rv.length || j < wv.length) {
                double at = j >= wv.length || (i < rv.length && rv[i] <= wv[j]) ? rv[i] : wv[j];
                while (i < rv.length && rv[i] == at) {
                    r = rc[i++];
                }
                while (j < wv.length && wv[j] == at) {
                    w = wc[j++];
                }
                x[points] = at;
                fr[points] = r;
                fw[points++] = w;
            }
            return new StepCdfs(Arrays.copyOf(x, points), Arrays.copyOf(fr, points), Arrays.copyOf(fw, points));
        }
    }
}
