package com.roisystems.ml.scoring.compiled;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LinearTreeShap}'s evaluator on SIMD lanes (the JDK's incubating Vector API): every
 * per-node step works on all quadrature points at once, which with 512-bit registers and at most
 * 8 points is one instruction per arithmetic step instead of eight.
 *
 * <p>This class links against {@code jdk.incubator.vector}, which the JVM resolves only when
 * started with {@code --add-modules jdk.incubator.vector}; {@link ShapEngine} loads it only then.
 */
final class VectorTreeShap {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorTreeShap() {
    }

    static int lanes() {
        return SPECIES.length();
    }

    /** As {@link LinearTreeShap#explainTree}; the plan's stride must be a multiple of {@link #lanes()}. */
    static void explainTree(LinearTreeShap p, int tree, double[] x, int accOff, LinearTreeShap.Scratch s) {
        final VectorSpecies<Double> species = SPECIES;
        final int lanes = species.length();
        final int k = p.stride;
        final int root = p.roots[tree];
        final int[] hot = s.hot;
        final double[] poly = s.poly;
        final double[] acc = s.acc;
        final int[] internal = p.internal;
        final int[] left = p.left;
        final int[] right = p.right;
        final int[] previous = p.previous;
        final double[] mergedZero = p.mergedZero;
        final double[] coef = p.coef;
        final double[] inverse = p.inverse;
        final int i0 = p.internalStart[tree];
        final int i1 = p.internalStart[tree + 1];

        final DoubleVector one = DoubleVector.broadcast(species, 1.0);
        for (int j = 0; j < k; j += lanes) {
            one.intoArray(poly, j);
        }
        hot[0] = 1;
        for (int i = i0; i < i1; i++) {
            final int n = internal[i];
            final int pn = (n - root) * k;
            final int goesLeft = p.goesLeft(n, x);
            for (int side = 0; side < 2; side++) {
                final int c = side == 0 ? left[n] : right[n];
                final int lc = c - root;
                final int pc = lc * k;
                final int prev = previous[c];
                final double z = mergedZero[c];
                final int direction = side == 0 ? goesLeft : 1 - goesLeft;
                if (prev < 0) {
                    hot[lc] = direction;
                    final double o = direction;
                    for (int j = 0; j < k; j += lanes) {
                        DoubleVector f = DoubleVector.fromArray(species, p.complements, j).mul(z)
                                .add(DoubleVector.fromArray(species, p.points, j).mul(o));
                        DoubleVector.fromArray(species, poly, pn + j).mul(f).intoArray(poly, pc + j);
                    }
                } else {
                    final int op = hot[prev - root];
                    hot[lc] = direction & op;
                    final double o = direction & op;
                    final int inv = p.inverseOffset[prev] + (k & -op);
                    for (int j = 0; j < k; j += lanes) {
                        DoubleVector f = DoubleVector.fromArray(species, p.complements, j).mul(z)
                                .add(DoubleVector.fromArray(species, p.points, j).mul(o))
                                .mul(DoubleVector.fromArray(species, inverse, inv + j));
                        DoubleVector.fromArray(species, poly, pn + j).mul(f).intoArray(poly, pc + j);
                    }
                }
            }
        }
        final int[] leaves = p.leaves;
        for (int i = p.leafStart[tree], e = p.leafStart[tree + 1]; i < e; i++) {
            final int n = leaves[i];
            final int pn = (n - root) * k;
            final double v = p.value[n];
            for (int j = 0; j < k; j += lanes) {
                DoubleVector.fromArray(species, poly, pn + j).mul(v).intoArray(poly, pn + j);
            }
        }
        final int[] feature = p.feature;
        for (int i = i1 - 1; i >= i0; i--) {
            final int n = internal[i];
            final int l = left[n];
            final int r = right[n];
            final int pl = (l - root) * k;
            final int pr = (r - root) * k;
            final int pn = (n - root) * k;
            final int a = (accOff + feature[n]) * k;
            final int ownL = p.edgeOffset(l, root, hot);
            final int ownR = p.edgeOffset(r, root, hot);
            final int earlierL = p.earlierOffset(l, root, hot);
            final int earlierR = p.earlierOffset(r, root, hot);
            for (int j = 0; j < k; j += lanes) {
                DoubleVector sl = DoubleVector.fromArray(species, poly, pl + j);
                DoubleVector sr = DoubleVector.fromArray(species, poly, pr + j);
                DoubleVector cl = DoubleVector.fromArray(species, coef, ownL + j)
                        .sub(DoubleVector.fromArray(species, coef, earlierL + j));
                DoubleVector cr = DoubleVector.fromArray(species, coef, ownR + j)
                        .sub(DoubleVector.fromArray(species, coef, earlierR + j));
                sl.fma(cl, sr.fma(cr, DoubleVector.fromArray(species, acc, a + j))).intoArray(acc, a + j);
                sl.add(sr).intoArray(poly, pn + j);
            }
        }
    }
}
