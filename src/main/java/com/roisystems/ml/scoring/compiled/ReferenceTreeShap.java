package com.roisystems.ml.scoring.compiled;

/**
 * Lundberg et al.'s recursive path-dependent TreeSHAP (Algorithm 2), operation for operation as
 * Smile's {@code CART.shap}. It is the reference the {@link ShapPlan} evaluators are tested
 * against, and the fallback for a model the plan refuses ({@link ShapPlan.Unavailable}): several
 * times slower, but it needs only O(depth^2) scratch per row whatever the model's size.
 *
 * <p>{@code double[] phi = new double[outputs * features]; new ReferenceTreeShap(forest).addTo(row, phi);}
 */
final class ReferenceTreeShap {

    private final int[] roots;
    private final int[] feature;
    private final int[] left;
    private final int[] right;
    private final double[] threshold;
    private final double[] value;
    private final double[] cover;
    private final int maxDepth;
    private final int numFeatures;
    private final int treesPerOutput;

    ReferenceTreeShap(Forest forest) {
        this.roots = forest.roots;
        this.feature = forest.feature;
        this.left = forest.left;
        this.right = forest.right;
        this.threshold = forest.threshold;
        this.value = forest.value;
        this.cover = forest.cover;
        this.maxDepth = forest.maxDepth;
        this.numFeatures = forest.numFeatures;
        this.treesPerOutput = forest.treesPerOutput;
    }

    /**
     * Adds every tree's contributions for row {@code x} (NaN allowed) to {@code phi}, indexed
     * {@code [output * numFeatures + feature]}, in leaf units: a random forest's division by its
     * tree count is left to the caller, as for the plan's evaluators.
     */
    void addTo(double[] x, double[] phi) {
        Scratch s = new Scratch(maxDepth);
        for (int i = 0; i < roots.length; i++) {
            recurse(roots[i], x, phi, (i / treesPerOutput) * numFeatures, s, 0, 0, 1.0, 1.0, -1);
        }
    }

    /** Reusable unique-path storage; one segment per recursion level, as in the reference C++. */
    private static final class Scratch {
        final int[] d;
        final double[] z;
        final double[] o;
        final double[] w;

        Scratch(int maxDepth) {
            int m = maxDepth + 3;
            int size = m * (m + 1) / 2 + m;
            d = new int[size];
            z = new double[size];
            o = new double[size];
            w = new double[size];
        }
    }

    /*
     * The path arithmetic below follows Smile's CART.Path (extend / unwind / unwoundSum) operation
     * for operation, so rounding matches Smile's closely; only the storage differs (one flat buffer
     * instead of four fresh arrays per node).
     */
    private void recurse(int node, double[] x, double[] phi, int phiOff, Scratch s,
                         int ud, int parentStart, double pz, double po, int pf) {
        final int[] d = s.d;
        final double[] z = s.z;
        final double[] o = s.o;
        final double[] w = s.w;
        final int p = parentStart + ud + 1;
        for (int i = 0; i < ud; i++) {
            d[p + i] = d[parentStart + i];
            z[p + i] = z[parentStart + i];
            o[p + i] = o[parentStart + i];
            w[p + i] = w[parentStart + i];
        }
        // extend
        d[p + ud] = pf;
        z[p + ud] = pz;
        o[p + ud] = po;
        w[p + ud] = ud == 0 ? 1.0 : 0.0;
        final double l1 = ud + 1;
        for (int i = ud - 1; i >= 0; i--) {
            w[p + i + 1] += po * w[p + i] * (i + 1) / l1;
            w[p + i] = pz * w[p + i] * (ud - i) / l1;
        }

        final int f = feature[node];
        if (f < 0) {
            final double v = value[node];
            for (int i = 1; i <= ud; i++) {
                phi[phiOff + d[p + i]] += unwoundSum(w, p, ud, o[p + i], z[p + i]) * (o[p + i] - z[p + i]) * v;
            }
            return;
        }

        final int hot;
        final int cold;
        if (x[f] <= threshold[node]) {
            hot = left[node];
            cold = right[node];
        } else {
            hot = right[node];
            cold = left[node];
        }
        int k = 0;
        while (k <= ud && d[p + k] != f) {
            k++;
        }
        double iz = 1.0;
        double io = 1.0;
        int depth = ud;
        if (k <= ud) {
            iz = z[p + k];
            io = o[p + k];
            unwind(s, p, ud, k);
            depth = ud - 1;
        }
        final double nodeCover = cover[node];
        recurse(hot, x, phi, phiOff, s, depth + 1, p, iz * cover[hot] / nodeCover, io, f);
        recurse(cold, x, phi, phiOff, s, depth + 1, p, iz * cover[cold] / nodeCover, 0.0, f);
    }

    private static double unwoundSum(double[] w, int p, int l, double oi, double zi) {
        double total = 0.0;
        final double l1 = l + 1;
        if (oi != 0.0) {
            double n = w[p + l];
            for (int j = l - 1; j >= 0; j--) {
                double tmp = n / ((j + 1) * oi);
                total += tmp;
                n = w[p + j] - tmp * zi * (l - j);
            }
        } else {
            for (int j = l - 1; j >= 0; j--) {
                total += w[p + j] / (zi * (l - j));
            }
        }
        return total * l1;
    }

    private static void unwind(Scratch s, int p, int l, int i) {
        final int[] d = s.d;
        final double[] z = s.z;
        final double[] o = s.o;
        final double[] w = s.w;
        final double oi = o[p + i];
        final double zi = z[p + i];
        final double l1 = l + 1;
        double n = w[p + l];
        if (oi != 0.0) {
            for (int j = l - 1; j >= 0; j--) {
                double tmp = w[p + j];
                w[p + j] = n * l1 / ((j + 1) * oi);
                n = tmp - w[p + j] * zi * (l - j) / l1;
            }
        } else {
            for (int j = l - 1; j >= 0; j--) {
                w[p + j] = w[p + j] * l1 / (zi * (l - j));
            }
        }
        for (int j = i; j < l; j++) {
            d[p + j] = d[p + j + 1];
            z[p + j] = z[p + j + 1];
            o[p + j] = o[p + j + 1];
        }
    }
}
