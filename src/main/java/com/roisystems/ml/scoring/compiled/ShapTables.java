package com.roisystems.ml.scoring.compiled;

/**
 * Precomputed per-leaf weights for path-dependent TreeSHAP (in the spirit of Fast TreeSHAP v2,
 * Yang 2021), so that explaining a row costs O(leaves x path length) table look-ups instead of
 * Lundberg's O(leaves x depth^2) extend/unwind arithmetic.
 *
 * <p>Why this is exact: for one leaf with value {@code v} whose path splits on the unique
 * features {@code M} ({@code m = |M|}), each feature {@code j} has a zero fraction {@code z_j}
 * (product of the cover ratios at the path's splits on {@code j}) and a one fraction
 * {@code o_j}, which is 1 when the row follows the path at every split on {@code j} and 0
 * otherwise. The leaf is a product game, and its Shapley values depend on the row only through
 * the set {@code A = {j : o_j = 1}}. With
 * <pre>
 *   G(T) = v * prod_{j in M\T} z_j * sum_k c_m(k) [t^k] prod_{j in T} (t + z_j),
 *   c_m(k) = k! (m-k-1)! / m!,
 * </pre>
 * the leaf contributes {@code -G(A)} to every {@code j} not in {@code A} and
 * {@code (1 - z_j) / z_j * G(A \ {j})} to every {@code j} in {@code A}. Tables of {@code G}
 * over all {@code 2^m} subsets are built at load; every term is a sum of positive products, so
 * the tables are accurate to a few ulps. Leaves with longer paths evaluate {@code G} on the
 * fly from the same formula in O(|A|^2 + m).
 *
 * <p>Table size is a cache trade-off: explaining a row is bound by table look-ups that miss in
 * cache, while leaves evaluated on the fly cost O(|A|^2 + m) arithmetic with unpredictable
 * loop lengths. On the (heavily shared) 2-core benchmark machine 12-bit tables beat 8-bit ones
 * end to end (binary 200 trees: 265 vs 319 us; 4-class 800 trees: 2.3 vs 4.1 ms per row),
 * though micro-runs were noisy enough to suggest otherwise for the 4-class model; re-measure
 * on the serving hardware before changing {@link #MAX_TABLE_BITS}.
 *
 * <p>The {@code -G(A)} terms are not added per leaf: {@link CompiledEnsemble} sums them over
 * subtrees and books them once per split node.
 */
final class ShapTables {

    /** Leaves with more unique path features than this evaluate G on the fly (see class doc). */
    static final int MAX_TABLE_BITS = 12;
    /**
     * Leaves with at most this many unique path features store, per subset A, the finished
     * contributions {@code [G(A), then (1 - z_j) / z_j * G(A \ {j}) for j in A]} contiguously:
     * one or two cache lines per leaf and row instead of one line per feature in A.
     */
    static final int VEC_BITS = 6;
    /** Upper bound on table entries per ensemble (8 bytes each). */
    static final long MAX_TABLE_ENTRIES = 1L << 24;
    /** Masks are longs, so longer unique paths need the reference algorithm. */
    static final int MAX_UNIQUE = 63;

    /** Per node: the bit (slot) of its split feature on its root path; -1 for leaves. */
    final int[] nodeSlot;
    /** Per node (leaves only): number of unique features on the path, and offsets. */
    final int[] leafM;
    final int[] leafOff;
    final int[] leafTab;
    /** Per leaf: offset of its contiguous block in {@link #vec}, or -1. */
    final int[] leafVec;
    final double[] vec;
    /** {@code blockOff[m][A]}: offset of subset A's record inside a block of an m-feature leaf. */
    final int[][] blockOff;
    /** Flat per-leaf-slot arrays, indexed from {@code leafOff[leaf]}. */
    final int[] slotFeature;
    final double[] slotRatio;
    final double[] slotZero;
    final double[] table;
    /**
     * Per tree (nodes of tree t are {@code [roots[t], roots[t+1])}, in preorder): its internal
     * nodes and its leaves, so a row is explained by two straight loops instead of a recursion
     * whose data-dependent branches the CPU cannot predict.
     */
    final int[] internal;
    final int[] internalStart;
    final int[] leaves;
    final int[] leafStart;
    /** Per node: {@code ~(1L << nodeSlot)}. */
    final long[] clearMask;
    final int maxTreeSize;
    final boolean complete;
    final int maxUnique;
    final long tableEntries;
    final int onTheFlyLeaves;

    /** {@code coef[m][k] = c_m(k)}. */
    private final double[][] coef;

    ShapTables(int[] roots, int[] feature, int[] left, int[] right, double[] cover, double[] value) {
        this(roots, feature, left, right, cover, value, MAX_TABLE_BITS);
    }

    /** {@code maxTableBits < 0} builds no tables at all (every leaf on the fly); for tests. */
    ShapTables(int[] roots, int[] feature, int[] left, int[] right, double[] cover, double[] value,
               int maxTableBits) {
        int n = feature.length;
        nodeSlot = new int[n];
        leafM = new int[n];
        leafOff = new int[n];
        leafTab = new int[n];
        leafVec = new int[n];
        java.util.Arrays.fill(leafVec, -1);
        java.util.Arrays.fill(nodeSlot, -1);
        java.util.Arrays.fill(leafTab, -1);

        // Pass 1: slots, per-leaf unique features and zero fractions.
        int[] pathFeat = new int[n + 1];
        double[] pathZero = new double[n + 1];
        GrowableArrays.Ints feats = new GrowableArrays.Ints();
        GrowableArrays.Doubles zeros = new GrowableArrays.Doubles();
        int[] maxM = new int[1];
        boolean ok = true;
        for (int root : roots) {
            ok &= walk(root, 0, feature, left, right, cover, pathFeat, pathZero, feats, zeros, maxM);
        }
        complete = ok;
        clearMask = new long[n];
        internalStart = new int[roots.length + 1];
        leafStart = new int[roots.length + 1];
        GrowableArrays.Ints in = new GrowableArrays.Ints();
        GrowableArrays.Ints lv = new GrowableArrays.Ints();
        int maxSize = 0;
        for (int t = 0; t < roots.length; t++) {
            int end = t + 1 < roots.length ? roots[t + 1] : n;
            maxSize = Math.max(maxSize, end - roots[t]);
            internalStart[t] = in.size();
            leafStart[t] = lv.size();
            for (int i = roots[t]; i < end; i++) {
                if (feature[i] >= 0) {
                    in.add(i);
                    clearMask[i] = nodeSlot[i] < 64 ? ~(1L << nodeSlot[i]) : -1L;
                } else {
                    lv.add(i);
                }
            }
        }
        internalStart[roots.length] = in.size();
        leafStart[roots.length] = lv.size();
        internal = in.toArray();
        leaves = lv.toArray();
        maxTreeSize = maxSize;
        maxUnique = maxM[0];
        slotFeature = feats.toArray();
        slotZero = zeros.toArray();
        slotRatio = new double[slotZero.length];
        for (int i = 0; i < slotZero.length; i++) {
            slotRatio[i] = (1.0 - slotZero[i]) / slotZero[i];
        }
        int cm = Math.min(maxUnique, MAX_UNIQUE) + 1;
        coef = new double[cm + 1][];
        for (int m = 1; m <= cm; m++) {
            coef[m] = new double[m];
            for (int k = 0; k < m; k++) {
                coef[m][k] = 1.0 / (m * binomial(m - 1, k));
            }
        }

        // Pass 2: tables, smallest leaves first claim the budget (they are the common case).
        blockOff = new int[VEC_BITS + 1][];
        for (int m = 0; m <= VEC_BITS; m++) {
            blockOff[m] = new int[(1 << m) + 1];
            for (int a = 0; a < 1 << m; a++) {
                blockOff[m][a + 1] = blockOff[m][a] + 1 + Long.bitCount(a);
            }
        }
        long vecEntries = 0;
        int vecBits = Math.min(VEC_BITS, maxTableBits);
        for (int i = 0; i < n; i++) {
            if (feature[i] < 0 && leafM[i] >= 1 && leafM[i] <= vecBits) {
                leafVec[i] = (int) vecEntries;
                vecEntries += blockOff[leafM[i]][1 << leafM[i]];
            }
        }
        long entries = 0;
        int onTheFly = 0;
        for (int bits = vecBits + 1; bits <= maxTableBits; bits++) {
            for (int i = 0; i < n; i++) {
                if (feature[i] < 0 && leafM[i] == bits) {
                    if (entries + (1L << bits) <= MAX_TABLE_ENTRIES) {
                        leafTab[i] = (int) entries;
                        entries += 1L << bits;
                    }
                }
            }
        }
        table = new double[(int) entries];
        vec = new double[(int) vecEntries];
        double[] poly = new double[cm + 2];
        for (int i = 0; i < n; i++) {
            if (feature[i] >= 0 || leafM[i] == 0) {
                continue;
            }
            if (leafVec[i] >= 0) {
                int m = leafM[i];
                for (int a = 0; a < 1 << m; a++) {
                    int pos = leafVec[i] + blockOff[m][a];
                    vec[pos++] = g(i, value[i], a, poly);
                    for (int j = 0; j < m; j++) {
                        if ((a >>> j & 1) != 0) {
                            vec[pos++] = slotRatio[leafOff[i] + j] * g(i, value[i], a ^ (1L << j), poly);
                        }
                    }
                }
                continue;
            }
            if (leafTab[i] < 0) {
                onTheFly++;
                continue;
            }
            int size = 1 << leafM[i];
            for (int mask = 0; mask < size; mask++) {
                table[leafTab[i] + mask] = g(i, value[i], mask, poly);
            }
        }
        tableEntries = entries + vecEntries;
        onTheFlyLeaves = onTheFly;
    }

    private boolean walk(int node, int depth, int[] feature, int[] left, int[] right, double[] cover,
                         int[] pathFeat, double[] pathZero, GrowableArrays.Ints feats, GrowableArrays.Doubles zeros, int[] maxM) {
        // pathFeat/pathZero[0..depth) hold this node's unique features and their zero fractions.
        int f = feature[node];
        if (f < 0) {
            leafM[node] = depth;
            leafOff[node] = feats.size();
            for (int s = 0; s < depth; s++) {
                feats.add(pathFeat[s]);
                zeros.add(pathZero[s]);
            }
            maxM[0] = Math.max(maxM[0], depth);
            return depth <= MAX_UNIQUE;
        }
        int slot = 0;
        while (slot < depth && pathFeat[slot] != f) {
            slot++;
        }
        nodeSlot[node] = slot;
        int childDepth = slot == depth ? depth + 1 : depth;
        double before = slot == depth ? 1.0 : pathZero[slot];
        pathFeat[slot] = f;
        boolean ok = true;
        pathZero[slot] = before * (cover[left[node]] / cover[node]);
        ok &= walk(left[node], childDepth, feature, left, right, cover, pathFeat, pathZero, feats, zeros, maxM);
        pathFeat[slot] = f;
        pathZero[slot] = before * (cover[right[node]] / cover[node]);
        ok &= walk(right[node], childDepth, feature, left, right, cover, pathFeat, pathZero, feats, zeros, maxM);
        pathZero[slot] = before;
        return ok;
    }

    /** G(T) of a leaf, for the subset {@code mask} of its slots; {@code poly} is scratch. */
    double g(int leaf, double v, long mask, double[] poly) {
        int m = leafM[leaf];
        if (m == 0) {
            return 0.0;
        }
        int off = leafOff[leaf];
        poly[0] = 1.0;
        int deg = 0;
        double out = v;
        for (int j = 0; j < m; j++) {
            double z = slotZero[off + j];
            if ((mask >>> j & 1L) != 0) {
                // Multiply the polynomial by (t + z).
                poly[deg + 1] = poly[deg];
                for (int k = deg; k >= 1; k--) {
                    poly[k] = poly[k] * z + poly[k - 1];
                }
                poly[0] *= z;
                deg++;
            } else {
                out *= z;
            }
        }
        double[] c = coef[m];
        double sum = 0.0;
        for (int k = 0; k <= deg && k < m; k++) {
            sum += c[k] * poly[k];
        }
        return out * sum;
    }

    /**
     * A leaf without a table: adds its contributions to the features in A and returns G(A);
     * builds {@code prod_{j in A}(t + z_j)} once and obtains each
     * {@code G(A \ {j})} by dividing out {@code (t + z_j)}, O(|A|^2 + m) per leaf. The division
     * is the same operation as Lundberg's "unwind".
     *
     * @param poly scratch of length at least {@code maxUnique + 2}
     */
    double leafOnTheFly(int leaf, double v, long a, double[] phi, int phiOff, double[] poly) {
        final int m = leafM[leaf];
        final int off = leafOff[leaf];
        // Iterating set bits (instead of testing every slot) keeps the loops free of
        // unpredictable branches.
        double out = v;
        for (long b = ~a & ((1L << m) - 1); b != 0; b &= b - 1) {
            out *= slotZero[off + Long.numberOfTrailingZeros(b)];
        }
        poly[0] = 1.0;
        int deg = 0;
        for (long b = a; b != 0; b &= b - 1) {
            final double z = slotZero[off + Long.numberOfTrailingZeros(b)];
            poly[deg + 1] = poly[deg];
            for (int k = deg; k >= 1; k--) {
                poly[k] = poly[k] * z + poly[k - 1];
            }
            poly[0] *= z;
            deg++;
        }
        final double[] c = coef[m];
        double sum = 0.0;
        for (int k = 0, top = Math.min(deg, m - 1); k <= top; k++) {
            sum += c[k] * poly[k];
        }
        for (long b = a; b != 0; b &= b - 1) {
            final int j = Long.numberOfTrailingZeros(b);
            final double z = slotZero[off + j];
            // Synthetic division of poly (degree deg) by (t + z), from the leading coefficient down.
            double qk = poly[deg];
            double s = c[deg - 1] * qk;
            for (int k = deg - 1; k >= 1; k--) {
                qk = poly[k] - z * qk;
                s += c[k - 1] * qk;
            }
            // (1 - z) / z * G(A \ {j}), with G(A \ {j}) = out * z * s.
            phi[phiOff + slotFeature[off + j]] += (1.0 - z) * out * s;
        }
        return out * sum;
    }

    private static double binomial(int n, int k) {
        double r = 1.0;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return Math.rint(r);
    }
}
