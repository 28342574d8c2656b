package com.roisystems.ml.scoring.compiled;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShapPlan}'s evaluator on SIMD lanes (the JDK's incubating Vector API): each lane
 * carries one quadrature point, and every step of the algorithm is lane-wise, so a row is
 * explained one register-width of points at a time. With 512-bit registers (8 doubles) a path of
 * up to 16 unique features needs a single pass; longer paths take one pass per register-width.
 *
 * <p>Measured choices (see the scoring benchmark): the point vectors stay in registers for a whole
 * pass; a first split on a feature (most splits) skips the divide-out and cancel terms behind a
 * branch the CPU predicts well; the cold/hot choice of edge coefficients is an index mask, not a
 * branch, because it is a coin flip per row.
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

    /** As {@link ScalarTreeShap#explainGroup}; the plan's stride must be a multiple of {@link #lanes()}. */
    static void explainGroup(ShapPlan p, int g, double[] x, ShapPlan.Scratch s) {
        for (int lane0 = 0; lane0 < p.stride; lane0 += SPECIES.length()) {
            explainPoints(p, g, x, s, lane0);
        }
    }

    /** One pass over group {@code g} for the quadrature points {@code [lane0, lane0 + lanes)}. */
    private static void explainPoints(ShapPlan p, int g, double[] x, ShapPlan.Scratch s, int lane0) {
        final VectorSpecies<Double> species = SPECIES;
        final int k = p.stride;
        final int[] hot = s.hot;
        final double[] poly = s.poly;
        final double[] acc = s.acc;
        final double[] coef = p.coef;
        final double[] inverse = p.inverse;
        final int[] childLocal = p.childLocal;
        final int[] childEarlierLocal = p.childEarlierLocal;
        final int[] childInverse = p.childInverse;
        final int[] childPoly = p.childPoly;
        final double[] childZero = p.childZero;
        final double[] childScale = p.childScale;
        final int[] splitPoly = p.splitPoly;
        final int[] splitAcc = p.splitAcc;
        final int firstSplit = s.alwaysHot();
        final int i0 = p.groupStart[g];
        final int i1 = p.groupStart[g + 1];
        final DoubleVector u = DoubleVector.fromArray(species, p.complements, lane0);
        final DoubleVector t = DoubleVector.fromArray(species, p.points, lane0);

        final DoubleVector one = DoubleVector.broadcast(species, 1.0);
        for (int m = 0; m < ShapPlan.GROUP; m++) {
            one.intoArray(poly, m * p.maxTreeSize * k + lane0);
        }
        // Top-down: P(child) = P(parent) * f(child) [/ f(earlier split on the same feature)],
        // times the leaf value for a leaf, which makes it S(leaf).
        for (int i = i0; i < i1; i++) {
            final DoubleVector pn = DoubleVector.fromArray(species, poly, splitPoly[i] + lane0);
            final int goesLeft = p.goesLeft(i, x);
            for (int side = 0; side < 2; side++) {
                final int c = 2 * i + side;
                final int earlierLocal = childEarlierLocal[c];
                final int direction = side == 0 ? goesLeft : 1 - goesLeft;
                final DoubleVector f;
                if (earlierLocal == firstSplit) {
                    hot[childLocal[c]] = direction;
                    f = u.mul(childZero[c]).add(t.mul((double) direction));
                } else {
                    final int earlierHot = hot[earlierLocal];
                    final int o = direction & earlierHot;
                    hot[childLocal[c]] = o;
                    f = u.mul(childZero[c]).add(t.mul((double) o))
                            .mul(DoubleVector.fromArray(species, inverse, childInverse[c] + (k & -earlierHot) + lane0));
                }
                pn.mul(f.mul(childScale[c])).intoArray(poly, childPoly[c] + lane0);
            }
        }
        // Bottom-up: each child books its edge to the split feature, then S(node) = S(left) + S(right).
        for (int i = i1 - 1; i >= i0; i--) {
            final int a = splitAcc[i] + lane0;
            final DoubleVector sl = DoubleVector.fromArray(species, poly, childPoly[2 * i] + lane0);
            final DoubleVector sr = DoubleVector.fromArray(species, poly, childPoly[2 * i + 1] + lane0);
            final DoubleVector contribution = sl.mul(edge(p, 2 * i, hot, firstSplit, lane0))
                    .add(sr.mul(edge(p, 2 * i + 1, hot, firstSplit, lane0)));
            DoubleVector.fromArray(species, acc, a).add(contribution).intoArray(acc, a);
            sl.add(sr).intoArray(poly, splitPoly[i] + lane0);
        }
    }

    /** Child {@code c}'s edge coefficients, less those of the earlier split on its feature if any. */
    private static DoubleVector edge(ShapPlan p, int c, int[] hot, int firstSplit, int lane0) {
        final DoubleVector own = DoubleVector.fromArray(SPECIES, p.coef, p.edgeCoefficients(c, hot) + lane0);
        if (p.childEarlierLocal[c] == firstSplit) {
            return own;
        }
        return own.sub(DoubleVector.fromArray(SPECIES, p.coef, p.earlierCoefficients(c, hot) + lane0));
    }
}
