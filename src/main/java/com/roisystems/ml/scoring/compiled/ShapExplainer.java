package com.roisystems.ml.scoring.compiled;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.roisystems.ml.scoring.compiled.CompiledEnsemble.Kind;

/**
 * Explains rows of a {@link Forest} by exact path-dependent TreeSHAP: the SHAP half of
 * {@link CompiledEnsemble}, which documents the public contract. Holds the row-independent
 * {@link ShapPlan} for the evaluator {@link ShapEngine} chose for this JVM, built once at load;
 * a model the plan refuses is explained by {@link ReferenceTreeShap} instead.
 *
 * <p>{@code ShapValues s = new ShapExplainer(forest, kind, b, 1.0, ShapPlan.MAX_COEFFICIENTS).shap(row);}
 */
final class ShapExplainer {

    private static final Logger log = LoggerFactory.getLogger(ShapExplainer.class);

    private final Forest forest;
    private final int numFeatures;
    private final int numOutputs;
    /** Random forests average; the evaluators sum leaf values, so their output is divided once here. */
    private final double divisor;
    private final double[] expected;
    /** Null for a model the plan refuses, which is explained by the reference recursion instead. */
    private final ShapPlan plan;
    private final boolean vector;
    /** Per-thread scratch space, so explaining a row allocates only its result. */
    private final ThreadLocal<ShapPlan.Scratch> scratch;
    private final ReferenceTreeShap reference;

    /** @param maxCoefficients the plan's budget; a model over it falls back to the reference recursion */
    ShapExplainer(Forest forest, Kind kind, double intercept, double divisor, long maxCoefficients) {
        this.forest = forest;
        this.numFeatures = forest.numFeatures;
        this.numOutputs = forest.numOutputs;
        this.divisor = divisor;
        int treesPerOutput = forest.treesPerOutput;
        this.expected = new double[numOutputs];
        for (int g = 0; g < numOutputs; g++) {
            double sum = 0;
            for (int t = 0; t < treesPerOutput; t++) {
                sum += forest.expectation(forest.roots[g * treesPerOutput + t]);
            }
            expected[g] = (g == 0 || kind != Kind.MULTICLASS_GBT ? intercept : 0.0) + sum / divisor;
        }
        this.vector = ShapEngine.VECTOR;
        this.plan = planOrNull(kind, maxCoefficients);
        this.scratch = ThreadLocal.withInitial(() -> plan.newScratch(numOutputs * numFeatures));
        this.reference = new ReferenceTreeShap(forest);
    }

    private ShapPlan planOrNull(Kind kind, long maxCoefficients) {
        try {
            return newPlan(vector, maxCoefficients);
        } catch (ShapPlan.Unavailable unavailable) {
            log.warn("{} with {} trees is explained by the reference TreeSHAP recursion (several times slower): {}",
                    kind, forest.roots.length, unavailable.getMessage());
            return null;
        }
    }

    private ShapPlan newPlan(boolean vector, long maxCoefficients) {
        Forest f = forest;
        return new ShapPlan(f.roots, f.feature, f.left, f.right, f.threshold, f.value, f.cover, numFeatures,
                f.treesPerOutput, ShapEngine.laneMultiple(vector), maxCoefficients);
    }

    ShapValues shap(double[] x) {
        Forest.checkRow(x, numFeatures);
        if (plan == null) {
            return shapReference(x);
        }
        return explain(plan, vector, x, scratch.get());
    }

    /** One scratch space for the whole batch. */
    ShapValues[] shapBatch(double[][] rows) {
        for (double[] row : rows) {
            Forest.checkRow(row, numFeatures);
        }
        ShapValues[] out = new ShapValues[rows.length];
        ShapPlan.Scratch s = plan == null ? null : scratch.get();
        for (int r = 0; r < rows.length; r++) {
            out[r] = s == null ? shapReference(rows[r]) : explain(plan, vector, rows[r], s);
        }
        return out;
    }

    ShapValues shapWith(ShapPlan plan, boolean vector, double[] x) {
        Forest.checkRow(x, numFeatures);
        return explain(plan, vector, x, plan.newScratch(numOutputs * numFeatures));
    }

    ShapValues shapReference(double[] x) {
        Forest.checkRow(x, numFeatures);
        double[] phi = new double[numOutputs * numFeatures];
        reference.addTo(x, phi);
        finish(phi);
        return new ShapValues(phi, expected, numFeatures);
    }

    private ShapValues explain(ShapPlan plan, boolean vector, double[] x, ShapPlan.Scratch s) {
        ShapEngine.explain(vector, plan, noNaN(x), s);
        double[] phi = new double[numOutputs * numFeatures];
        plan.finish(s, phi);
        finish(phi);
        return new ShapValues(phi, expected, numFeatures);
    }

    /** A plan at the default budget for either evaluator, whichever this JVM uses. */
    ShapPlan buildPlan(boolean vector) {
        return newPlan(vector, ShapPlan.MAX_COEFFICIENTS);
    }

    /** The plan in use, or null if this model is explained by the reference recursion. */
    ShapPlan plan() {
        return plan;
    }

    boolean usesVectorShap() {
        return vector;
    }

    double[] expectedValues() {
        return expected.clone();
    }

    private void finish(double[] phi) {
        if (divisor != 1.0) {
            for (int i = 0; i < phi.length; i++) {
                phi[i] /= divisor;
            }
        }
    }

    /**
     * The row for the TreeSHAP evaluators: NaN becomes +Infinity, which takes the same (right)
     * branch at every split, so their branch-free direction test needs no NaN case.
     */
    private static double[] noNaN(double[] x) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = Double.POSITIVE_INFINITY;
            }
        }
        return out;
    }
}
