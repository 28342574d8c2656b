package com.roisystems.ml.scoring.compiled;

/**
 * {@link ShapPlan}'s evaluator in plain scalar Java, for JVMs started without the Vector API
 * module; {@link VectorTreeShap} is the same algorithm on SIMD lanes.
 */
final class ScalarTreeShap {

    private ScalarTreeShap() {
    }

    /**
     * Adds the SHAP contributions of group {@code g}'s trees for row {@code x} to the partial sums
     * in {@code s}. NaN must arrive as +Infinity (see {@link ShapExplainer}).
     */
    static void explainGroup(ShapPlan p, int g, double[] x, ShapPlan.Scratch s) {
        final int k = p.stride;
        final double[] t = p.points;
        final double[] u = p.complements;
        final int[] hot = s.hot;
        final double[] poly = s.poly;
        final double[] acc = s.acc;
        final double[] coef = p.coef;
        final double[] inverse = p.inverse;
        final int[] splitPoly = p.splitPoly;
        final int[] splitAcc = p.splitAcc;
        final int[] childPoly = p.childPoly;
        final int[] childLocal = p.childLocal;
        final int[] childEarlierLocal = p.childEarlierLocal;
        final int[] childInverse = p.childInverse;
        final double[] childZero = p.childZero;
        final double[] childScale = p.childScale;
        final int i0 = p.groupStart[g];
        final int i1 = p.groupStart[g + 1];
        final int firstSplit = s.alwaysHot();

        for (int m = 0; m < ShapPlan.GROUP; m++) {
            for (int q = 0; q < k; q++) {
                poly[m * p.maxTreeSize * k + q] = 1.0;
            }
        }
        // Top-down: P(child) = P(parent) * f(child) [/ f(earlier split on the same feature)],
        // times the leaf value for a leaf, which makes it S(leaf).
        for (int i = i0; i < i1; i++) {
            final int pn = splitPoly[i];
            final int goesLeft = p.goesLeft(i, x);
            for (int side = 0; side < 2; side++) {
                final int c = 2 * i + side;
                final int earlierLocal = childEarlierLocal[c];
                final int direction = side == 0 ? goesLeft : 1 - goesLeft;
                final double z = childZero[c];
                final double scale = childScale[c];
                final int pc = childPoly[c];
                if (earlierLocal == firstSplit) {
                    hot[childLocal[c]] = direction;
                    final double o = direction;
                    for (int q = 0; q < k; q++) {
                        poly[pc + q] = poly[pn + q] * ((z * u[q] + o * t[q]) * scale);
                    }
                } else {
                    final int earlierHot = hot[earlierLocal];
                    final int o = direction & earlierHot;
                    hot[childLocal[c]] = o;
                    final double od = o;
                    final int inv = childInverse[c] + (k & -earlierHot);
                    for (int q = 0; q < k; q++) {
                        poly[pc + q] = poly[pn + q] * ((z * u[q] + od * t[q]) * inverse[inv + q] * scale);
                    }
                }
            }
        }
        // Bottom-up: each child books its edge to the split feature, then S(node) = S(left) + S(right).
        for (int i = i1 - 1; i >= i0; i--) {
            final int a = splitAcc[i];
            final int pl = childPoly[2 * i];
            final int pr = childPoly[2 * i + 1];
            final int pn = splitPoly[i];
            final int cl = p.edgeCoefficients(2 * i, hot);
            final int cr = p.edgeCoefficients(2 * i + 1, hot);
            final int el = p.earlierCoefficients(2 * i, hot);
            final int er = p.earlierCoefficients(2 * i + 1, hot);
            for (int q = 0; q < k; q++) {
                final double sl = poly[pl + q];
                final double sr = poly[pr + q];
                acc[a + q] += sl * (coef[cl + q] - coef[el + q]) + sr * (coef[cr + q] - coef[er + q]);
                poly[pn + q] = sl + sr;
            }
        }
    }
}
