package com.roisystems.ml.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import smile.data.DataFrame;
import smile.data.vector.BaseVector;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;

/**
 * Deterministic synthetic data for the scoring benchmark and tests: numeric features with a
 * few nonlinear, interacting signals so that trees grow to their size limits.
 */
public final class SyntheticData {

    private SyntheticData() {
    }

    public static String[] names(int p) {
        String[] names = new String[p];
        for (int j = 0; j < p; j++) {
            names[j] = "f" + j;
        }
        return names;
    }

    public static double[][] features(int n, int p, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                // Mix of continuous and coarse (few distinct values) columns, like real CRM data.
                row[j] = j % 5 == 4 ? Math.floor(rnd.nextDouble() * 6) : gaussian(rnd);
            }
        }
        return x;
    }

    /** A copy of {@code x} with a fraction of the cells replaced by NaN (missing). */
    public static double[][] withMissing(double[][] x, double rate, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                if (rnd.nextDouble() < rate) {
                    out[i][j] = Double.NaN;
                }
            }
        }
        return out;
    }

    private static double signal(double[] r, int variant) {
        int p = r.length;
        double a = r[variant % p];
        double b = r[(variant + 1) % p];
        double c = r[(variant + 7) % p];
        double d = r[(variant + 4) % p];
        return 1.2 * a - 0.8 * b * b + (c > 0.3 ? 1.0 : -0.5) * b + 0.4 * d + 0.6 * Math.sin(2 * r[(variant + 11) % p]);
    }

    public static int[] binaryLabels(double[][] x, long seed, int variant) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double pr = 1 / (1 + Math.exp(-signal(x[i], variant)));
            y[i] = rnd.nextDouble() < pr ? 1 : 0;
        }
        return y;
    }

    public static int[] classLabels(double[][] x, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = signal(x[i], 3 * c) + gaussian(rnd);
                if (s > max) {
                    max = s;
                    best = c;
                }
            }
            y[i] = best;
        }
        return y;
    }

    public static double[] regressionTarget(double[][] x, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 250_000 + 40_000 * signal(x[i], 2) + 10_000 * gaussian(rnd);
        }
        return y;
    }

    public static DataFrame frame(double[][] x, String[] names, String response, int[] y) {
        List<BaseVector<?, ?, ?>> cols = columns(x, names);
        cols.add(IntVector.of(response, y));
        return DataFrame.of(cols.toArray(new BaseVector[0]));
    }

    public static DataFrame frame(double[][] x, String[] names, String response, double[] y) {
        List<BaseVector<?, ?, ?>> cols = columns(x, names);
        cols.add(DoubleVector.of(response, y));
        return DataFrame.of(cols.toArray(new BaseVector[0]));
    }

    private static List<BaseVector<?, ?, ?>> columns(double[][] x, String[] names) {
        List<BaseVector<?, ?, ?>> cols = new ArrayList<>();
        for (int j = 0; j < names.length; j++) {
            double[] col = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                col[i] = x[i][j];
            }
            cols.add(DoubleVector.of(names[j], col));
        }
        return cols;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
