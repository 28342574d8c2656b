package com.roisystems.ml.monitoring.drift;

/**
 * The distribution functions the drift tests need: the chi-squared survival function and quantile (through the
 * regularized upper incomplete gamma function) and the Kolmogorov distribution's survival function. Written here
 * rather than borrowed so that their accuracy is known and tested against SciPy ({@code DriftStatisticsTest}).
 *
 * <p>{@code double p = SpecialFunctions.chiSquaredSurvival(12.3, 9);}
 */
public final class SpecialFunctions {

    private static final double EPSILON = 1e-16;
    private static final int MAX_ITERATIONS = 10_000;
    /** Lanczos coefficients (g = 7, n = 9): about 15 significant digits for x > 0. */
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7};

    private SpecialFunctions() {
    }

    /** ln Γ(x) for x > 0. */
    public static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection keeps the Lanczos series in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function. */
    public static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x < a + 1) {
            return 1.0 - lowerSeries(a, x);
        }
        return upperContinuedFraction(a, x);
    }

    /** P(χ²(dof) > x). */
    public static double chiSquaredSurvival(double x, double dof) {
        if (dof <= 0) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + dof);
        }
        return regularizedGammaQ(dof / 2.0, x / 2.0);
    }

    /** The x with P(χ²(dof) ≤ x) = p, found by bisection to a relative 1e-12 (monotone, so it cannot miss). */
    public static double chiSquaredQuantile(double p, double dof) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double low = 0;
        double high = Math.max(1.0, dof);
        while (1 - chiSquaredSurvival(high, dof) < p) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-12 * high; i++) {
            double middle = (low + high) / 2;
            if (1 - chiSquaredSurvival(middle, dof) < p) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /**
     * P(K > x) for the Kolmogorov distribution (the limit of √n·D_n; SciPy's {@code kstwobign.sf}). Two series,
     * each used where it converges in a few terms.
     */
    public static double kolmogorovSurvival(double x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x < 1.0) {
            // cdf = √(2π)/x · Σ exp(−(2k−1)²π²/(8x²)), accurate where the alternating series is slow.
            double sum = 0;
            double factor = -Math.PI * Math.PI / (8 * x * x);
            for (int k = 1; k <= 50; k++) {
                double term = Math.exp((2 * k - 1) * (2 * k - 1) * factor);
                sum += term;
                if (term < EPSILON * sum) {
                    break;
                }
            }
            return 1.0 - Math.sqrt(2 * Math.PI) / x * sum;
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * x * x);
            sum += (k % 2 == 1 ? term : -term);
            if (term < EPSILON * Math.abs(sum)) {
                break;
            }
        }
        return Math.max(0.0, Math.min(1.0, 2 * sum));
    }

    private static double lowerSeries(double a, double x) {
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Lentz's method for the continued fraction of Γ(a, x). */
    private static double upperContinuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }
}
