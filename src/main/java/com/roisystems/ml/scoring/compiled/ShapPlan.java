package com.roisystems.ml.scoring.compiled;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * The row-independent arrays for exact path-dependent TreeSHAP in O(nodes x Q) per tree and row,
 * where Q is half the longest unique-feature path: Linear TreeSHAP (Yu et al., NeurIPS 2022) in
 * its quadrature form. Built once per model; {@link ScalarTreeShap} and {@link VectorTreeShap}
 * evaluate it.
 *
 * <p>Why this is exact: a leaf with value {@code v} whose path splits on the unique features
 * {@code M} gives feature {@code i} in {@code M} the Shapley value
 * <pre>
 *   v (o_i - z_i) sum_{S in M\{i}} |S|! (m-|S|-1)! / m! prod_{j in S} o_j prod_{j in M\S\{i}} z_j
 *     = v (o_i - z_i) integral_0^1 prod_{j != i} f_j(t) dt,   f_j(t) = z_j (1 - t) + o_j t,
 * </pre>
 * because {@code |S|!(m-|S|-1)!/m!} is the Beta integral of {@code t^|S| (1-t)^(m-1-|S|)}.
 * The integrand is a polynomial of degree {@code m - 1}, so Gauss-Legendre quadrature with
 * {@code Q >= m/2} points is exact, and with {@code P_l(t) = prod_j f_j(t)} the leaf's share is
 * {@code v (o_i - z_i) sum_q w_q P_l(t_q) / f_i(t_q)}. Every leaf below a node shares that
 * node's {@code f_i}, so one top-down pass forms {@code P} as a running product over each
 * node's path, one bottom-up pass sums {@code S_n(t_q) = sum_{leaves l below n} v_l P_l(t_q)},
 * and each edge books {@code (o - z) sum_q w_q S_n(t_q) / f(t_q)} to its split feature once.
 *
 * <p>A feature split on again further down a path is one merged player ({@code z} the product
 * of the cover ratios, {@code o} the AND of the directions): the deeper edge divides the
 * earlier factor out of {@code P} and replaces it, and books its own term minus the earlier
 * edge's term over its subtree, which cancels what the earlier edge booked for those leaves.
 *
 * <p>{@code z} and the quadrature are row-independent, so per node the hot-side coefficients
 * {@code w_q (1 - z) / f(t_q)} are precomputed; the cold side, {@code -w_q / (1 - t_q)}, is the
 * same for every node.
 *
 * <p>{@code ShapPlan scalar = ensemble.buildShapPlan(false); ShapValues s = ensemble.shapWith(scalar, false, row);}
 */
public final class ShapPlan {

    /** Quadrature points per node: at least half the longest unique path, rounded up to the lane multiple. */
    final int stride;
    /** The Gauss-Legendre points t_q on [0, 1] (padded with t = 1/2, weight 0) and 1 - t_q. */
    final double[] points;
    final double[] complements;
    /**
     * Edge coefficients {@code w_q (o - z) / f(t_q)}: the cold side ({@code -w_q / (1 - t_q)}, the
     * same for every node) at {@code [0, stride)}, zeros at {@code [stride, 2 stride)}, and node
     * {@code i}'s hot side at {@link #hotOffset}{@code (i)}.
     */
    final double[] coef;
    /** 1/f(t_q), cold then hot, of each split that a deeper split on the same feature divides out. */
    final double[] inverse;
    /** Trees explained together, their splits interleaved; see the constructor. */
    static final int GROUP = 4;
    /** Per group of {@link #GROUP} trees: the range of its splits in the per-split arrays below. */
    final int[] groupStart;
    /** Offset of the split's (output, feature) partial sums in the scratch accumulator. */
    final int[] splitAcc;
    /*
     * Per internal node, parents before children, everything both passes read, so
     * each pass walks these arrays front to back (or back to front) instead of chasing node links.
     * Child arrays are indexed 2 * split + side (0 = left, 1 = right).
     */
    final int[] splitFeature;
    final double[] splitThreshold;
    /** Offset of the node's stride values in the scratch polynomials. */
    final int[] splitPoly;
    final int[] childPoly;
    /** Child's local index in the scratch one fractions. */
    final int[] childLocal;
    /** Local index of the earlier split on the child's feature; the scratch's always-hot entry if none. */
    final int[] childEarlierLocal;
    final double[] childZero;
    /** Leaf value for a leaf child (so P becomes S = v P at once), 1 for an internal child. */
    final double[] childScale;
    /** Offset of 1/f of the earlier split in {@link #inverse} (ones at 0 if none). */
    final int[] childInverse;
    /** Offset of the child's hot-side coefficients in {@link #coef}. */
    final int[] childCoef;
    /** Offset of the earlier split's hot-side coefficients, or of the zeros if none. */
    final int[] childEarlierCoef;
    final int maxTreeSize;
    /** Most unique features on any root-to-leaf path. */
    final int maxUnique;
    /** Edges whose feature was already split on higher up the path (merged players). */
    final int repeatedSplits;
    /** Coefficient budget: 2^25 doubles (256 MB), far above the product's models (under 0.5 M). */
    static final long MAX_COEFFICIENTS = 1L << 25;

    /** A model this plan cannot explain; {@link ShapExplainer} falls back to the reference recursion. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param laneMultiple    the stride is rounded up to a multiple of this (1 for the scalar evaluator,
     *                        the SIMD lane count for {@link VectorTreeShap})
     * @param maxCoefficients refuse ({@link Unavailable}) a model needing more per-node coefficients
     */
    ShapPlan(int[] roots, int[] feature, int[] left, int[] right, double[] threshold, double[] value,
             double[] cover, int numFeatures, int treesPerOutput, int laneMultiple, long maxCoefficients) {
        int n = feature.length;
        IntUnaryOperator end = t -> t + 1 < roots.length ? roots[t + 1] : n;
        Paths paths = new Paths(feature, left, right, cover, numFeatures);
        int maxSize = 1;
        int unique = 0;
        for (int t = 0; t < roots.length; t++) {
            maxSize = Math.max(maxSize, end.applyAsInt(t) - roots[t]);
            unique = Math.max(unique, paths.walk(roots[t], 0));
        }
        maxTreeSize = maxSize;
        maxUnique = unique;
        final double[] mergedZero = paths.mergedZero;
        final int[] previous = paths.previous;
        int repeated = 0;
        for (int p : previous) {
            repeated += p >= 0 ? 1 : 0;
        }
        repeatedSplits = repeated;
        for (int i = 0; i < n; i++) {
            if (!(cover[i] > 0)) {
                throw new Unavailable("node " + i + " has no training rows; its cover ratio cannot be divided out");
            }
        }

        // A leaf's integrand has degree (unique features - 1); q Gauss points are exact to degree 2q - 1.
        int q = Math.max(1, (maxUnique + 1) / 2);
        stride = (q + laneMultiple - 1) / laneMultiple * laneMultiple;
        if ((long) (n + 2) * stride > maxCoefficients) {
            throw new Unavailable((n + 2) + " nodes x " + stride + " quadrature points exceed the budget of "
                    + maxCoefficients + " coefficients");
        }
        double[][] rule = gaussLegendre01(q);
        points = new double[stride];
        complements = new double[stride];
        double[] weights = new double[stride];
        for (int j = 0; j < stride; j++) {
            points[j] = j < q ? rule[0][j] : 0.5;
            weights[j] = j < q ? rule[1][j] : 0.0;
            complements[j] = 1.0 - points[j];
        }

        coef = new double[(n + 2) * stride];
        for (int j = 0; j < stride; j++) {
            coef[j] = -weights[j] / complements[j];
        }
        int[] inverseOffset = new int[n];
        Arrays.fill(inverseOffset, -1);
        GrowableArrays.Doubles inv = new GrowableArrays.Doubles();
        for (int j = 0; j < 2 * stride; j++) {
            inv.add(1.0);
        }
        for (int i = 0; i < n; i++) {
            double z = mergedZero[i];
            for (int j = 0; j < stride; j++) {
                coef[hotOffset(i) + j] = weights[j] * (1.0 - z) / (z * complements[j] + points[j]);
            }
            int p = previous[i];
            if (p >= 0 && inverseOffset[p] < 0) {
                inverseOffset[p] = inv.size();
                for (int hotSide = 0; hotSide < 2; hotSide++) {
                    for (int j = 0; j < stride; j++) {
                        inv.add(1.0 / (mergedZero[p] * complements[j] + hotSide * points[j]));
                    }
                }
            }
        }
        inverse = inv.toArray();

        int splits = 0;
        for (int f : feature) {
            splits += f >= 0 ? 1 : 0;
        }
        int groups = (roots.length + GROUP - 1) / GROUP;
        groupStart = new int[groups + 1];
        splitAcc = new int[splits];
        splitFeature = new int[splits];
        splitThreshold = new double[splits];
        splitPoly = new int[splits];
        childPoly = new int[2 * splits];
        childLocal = new int[2 * splits];
        childEarlierLocal = new int[2 * splits];
        childZero = new double[2 * splits];
        childScale = new double[2 * splits];
        childInverse = new int[2 * splits];
        childCoef = new int[2 * splits];
        childEarlierCoef = new int[2 * splits];
        int s = 0;
        for (int g = 0; g < groups; g++) {
            groupStart[g] = s;
            int first = g * GROUP;
            int members = Math.min(GROUP, roots.length - first);
            int longest = 0;
            for (int m = 0; m < members; m++) {
                longest = Math.max(longest, end.applyAsInt(first + m) - roots[first + m]);
            }
            // Round robin over the member trees' preorders: consecutive splits belong to different
            // trees, so the CPU can overlap their dependency chains (a child's P needs its parent's).
            // Measured 3-10% faster than one tree at a time; 2 or 8 trees per group did no better.
            for (int pos = 0; pos < longest; pos++) {
                for (int m = 0; m < members; m++) {
                    int t = first + m;
                    int root = roots[t];
                    int i = root + pos;
                    if (i >= end.applyAsInt(t) || feature[i] < 0) {
                        continue;
                    }
                    int base = m * maxTreeSize;
                    splitAcc[s] = ((t / treesPerOutput) * numFeatures + feature[i]) * stride;
                    splitFeature[s] = feature[i];
                    splitThreshold[s] = threshold[i];
                    splitPoly[s] = (base + i - root) * stride;
                    for (int side = 0; side < 2; side++) {
                        int c = side == 0 ? left[i] : right[i];
                        int j = 2 * s + side;
                        int p = previous[c];
                        childPoly[j] = (base + c - root) * stride;
                        childLocal[j] = base + c - root;
                        childEarlierLocal[j] = p < 0 ? GROUP * maxTreeSize : base + p - root;
                        childZero[j] = mergedZero[c];
                        childScale[j] = feature[c] < 0 ? value[c] : 1.0;
                        childInverse[j] = p < 0 ? 0 : inverseOffset[p];
                        childCoef[j] = hotOffset(c);
                        childEarlierCoef[j] = p < 0 ? stride : hotOffset(p);
                    }
                    s++;
                }
            }
        }
        groupStart[groups] = s;
    }

    private int hotOffset(int node) {
        return (node + 2) * stride;
    }

    /** Per node: the merged zero fraction of its entering edge and the earlier split on the same feature. */
    private static final class Paths {
        private final int[] feature;
        private final int[] left;
        private final int[] right;
        private final double[] cover;
        /** Per non-root node: product of the cover ratios of its path's splits on its parent's feature. */
        final double[] mergedZero;
        /** Per non-root node: nearest ancestor entered by a split on the same feature, or -1. */
        final int[] previous;
        private final int[] lastEntered;

        Paths(int[] feature, int[] left, int[] right, double[] cover, int numFeatures) {
            this.feature = feature;
            this.left = left;
            this.right = right;
            this.cover = cover;
            mergedZero = new double[feature.length];
            previous = new int[feature.length];
            Arrays.fill(previous, -1);
            lastEntered = new int[numFeatures];
            Arrays.fill(lastEntered, -1);
        }

        /** Fills the arrays below {@code node}; returns the most unique features on a path. */
        int walk(int node, int unique) {
            int f = feature[node];
            if (f < 0) {
                return unique;
            }
            int before = lastEntered[f];
            int childUnique = before < 0 ? unique + 1 : unique;
            int most = 0;
            for (int side = 0; side < 2; side++) {
                int child = side == 0 ? left[node] : right[node];
                previous[child] = before;
                double ratio = cover[child] / cover[node];
                mergedZero[child] = before < 0 ? ratio : mergedZero[before] * ratio;
                lastEntered[f] = child;
                most = Math.max(most, walk(child, childUnique));
            }
            lastEntered[f] = before;
            return most;
        }
    }

    /** Scratch for explaining one row (or a batch, row after row); not shared between threads. */
    Scratch newScratch(int outputsTimesFeatures) {
        return new Scratch(maxTreeSize, stride, outputsTimesFeatures);
    }

    static final class Scratch {
        /** Per local node: merged one fraction of its entering split (1 or 0). */
        final int[] hot;
        /** Per local node, stride values: the path product P, then (bottom-up) the subtree sum S. */
        final double[] poly;
        /** Per (output, feature), stride partial sums; {@link #finish} adds them up. */
        final double[] acc;

        Scratch(int treeSize, int stride, int outputsTimesFeatures) {
            int nodes = GROUP * treeSize;
            // One extra entry, always 1: the "earlier split" of a feature's first split on a path.
            hot = new int[nodes + 1];
            hot[nodes] = 1;
            poly = new double[nodes * stride];
            acc = new double[outputsTimesFeatures * stride];
        }

        /** Index of the entry of {@link #hot} that stands for "no earlier split on this feature". */
        int alwaysHot() {
            return hot.length - 1;
        }
    }

    /** Adds the partial sums of {@code s} into {@code phi} and clears them for the next row. */
    void finish(Scratch s, double[] phi) {
        final double[] a = s.acc;
        final int k = stride;
        for (int i = 0; i < phi.length; i++) {
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                sum += a[i * k + j];
                a[i * k + j] = 0.0;
            }
            phi[i] += sum;
        }
    }

    /** Number of tree groups; an evaluator explains each, then {@link #finish} adds up. */
    int groups() {
        return groupStart.length - 1;
    }

    /**
     * 1 iff the row goes left at split {@code i} ({@code x <= threshold}), from the sign bit
     * rather than a branch the CPU cannot predict; exact for finite thresholds, and NaN arrives
     * as +Infinity (right, as in Smile).
     */
    int goesLeft(int i, double[] x) {
        return 1 - (int) (Double.doubleToRawLongBits(splitThreshold[i] - x[splitFeature[i]]) >>> 63);
    }

    /** Offset in {@link #coef} of child {@code c}'s edge coefficients: cold (0) or its hot side. */
    int edgeCoefficients(int c, int[] hot) {
        return childCoef[c] & -hot[childLocal[c]];
    }

    /** Offset of the coefficients the child's edge cancels for the earlier split on its feature (zeros if none). */
    int earlierCoefficients(int c, int[] hot) {
        return childEarlierCoef[c] & -hot[childEarlierLocal[c]];
    }

    /**
     * Gauss-Legendre rule with {@code k} points on [0, 1] (exact for polynomials of degree up to
     * {@code 2k - 1}): {@code {points, weights}}, by Newton's method on the Legendre polynomial.
     */
    static double[][] gaussLegendre01(int k) {
        double[] x = new double[k];
        double[] w = new double[k];
        for (int i = 0; i < (k + 1) / 2; i++) {
            double r = Math.cos(Math.PI * (i + 0.75) / (k + 0.5));
            for (int iter = 0; iter < 100; iter++) {
                double[] p = legendre(k, r);
                double step = p[0] / p[1];
                r -= step;
                if (Math.abs(step) < 1e-16) {
                    break;
                }
            }
            double slope = legendre(k, r)[1];
            double weight = 2.0 / ((1 - r * r) * slope * slope);
            // Map [-1, 1] to [0, 1]; the rule is symmetric.
            x[i] = (1 - r) / 2;
            w[i] = weight / 2;
            x[k - 1 - i] = (1 + r) / 2;
            w[k - 1 - i] = weight / 2;
        }
        return new double[][] {x, w};
    }

    /** {@code {P_k(r), P_k'(r)}} by the three-term recurrence. */
    private static double[] legendre(int k, double r) {
        double p0 = 1.0;
        double p1 = r;
        for (int j = 2; j <= k; j++) {
            double p2 = ((2 * j - 1) * r * p1 - (j - 1) * p0) / j;
            p0 = p1;
            p1 = p2;
        }
        return new double[] {p1, k * (r * p1 - p0) / (r * r - 1)};
    }
}
