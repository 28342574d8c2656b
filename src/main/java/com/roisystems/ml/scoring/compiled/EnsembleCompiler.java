package com.roisystems.ml.scoring.compiled;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.roisystems.ml.scoring.compiled.CompiledEnsemble.Kind;

import smile.classification.GradientTreeBoost;
import smile.regression.RandomForest;
import smile.regression.RegressionTree;

/**
 * Turns a trained Smile ensemble into a {@link CompiledEnsemble}: flattens its trees with
 * {@link TreeCompiler}, reads the intercept and shrinkage Smile keeps private, and wires the
 * scorers to the resulting {@link Forest}. Everything model-specific is settled here, once, at
 * load; nothing downstream looks at the Smile object again.
 *
 * <p>{@code CompiledEnsemble m = EnsembleCompiler.compile(gbt, names, ShapPlan.MAX_COEFFICIENTS);}
 */
final class EnsembleCompiler {

    private static final Logger log = LoggerFactory.getLogger(EnsembleCompiler.class);

    private EnsembleCompiler() {
    }

    /** See {@link CompiledEnsemble#from(Object, String[])}; {@code maxShapCoefficients} is the TreeSHAP plan's budget. */
    static CompiledEnsemble compile(Object smileModel, String[] featureNames, long maxShapCoefficients) {
        Objects.requireNonNull(smileModel, "smileModel");
        Objects.requireNonNull(featureNames, "featureNames");
        if (smileModel instanceof GradientTreeBoost gbt) {
            return classifier(gbt, featureNames, maxShapCoefficients);
        }
        if (smileModel instanceof smile.regression.GradientTreeBoost gbt) {
            // Qualified: the classifier of the same simple name is imported.
            Class<?> type = smile.regression.GradientTreeBoost.class;
            double b = TreeCompiler.readDouble(type, gbt, "b");
            double shrinkage = TreeCompiler.readDouble(type, gbt, "shrinkage");
            RegressionTree[] trees = gbt.trees();
            TreeCompiler c = new TreeCompiler(featureNames);
            for (RegressionTree t : trees) {
                c.add(t, shrinkage);
            }
            // Smile's TreeSHAP averages raw tree SHAP over the trees (no shrinkage).
            return assemble(Kind.REGRESSION_GBT, featureNames, 1, null, b, 1.0,
                    1.0 / (shrinkage * trees.length), c, maxShapCoefficients);
        }
        if (smileModel instanceof RandomForest rf) {
            RegressionTree[] trees = rf.trees();
            TreeCompiler c = new TreeCompiler(featureNames);
            for (RegressionTree t : trees) {
                c.add(t, 1.0);
            }
            return assemble(Kind.REGRESSION_RF, featureNames, 1, null, 0.0, trees.length, 1.0, c,
                    maxShapCoefficients);
        }
        throw new IllegalArgumentException("unsupported model type " + smileModel.getClass().getName());
    }

    private static CompiledEnsemble classifier(GradientTreeBoost gbt, String[] names, long maxShapCoefficients) {
        Class<?> type = GradientTreeBoost.class;
        int k = gbt.numClasses();
        double shrinkage = TreeCompiler.readDouble(type, gbt, "shrinkage");
        // trees() flattens the k-class forest class-major, the layout we store.
        RegressionTree[] trees = gbt.trees();
        TreeCompiler c = new TreeCompiler(names);
        for (RegressionTree t : trees) {
            c.add(t, shrinkage);
        }
        int[] labels = gbt.classes().clone();
        if (k == 2) {
            double b = TreeCompiler.readDouble(type, gbt, "b");
            return assemble(Kind.BINARY_GBT, names, 1, labels, b, 1.0,
                    1.0 / (shrinkage * trees.length), c, maxShapCoefficients);
        }
        // Smile's multi-class scores start from 0, not from an intercept.
        return assemble(Kind.MULTICLASS_GBT, names, k, labels, 0.0, 1.0,
                1.0 / (shrinkage * (trees.length / k)), c, maxShapCoefficients);
    }

    /**
     * @param classLabels     Smile's class labels by output index, null for regression
     * @param divisor         what the summed leaf values are divided by: the tree count for a random
     *                        forest, 1 for boosting (its shrinkage is folded into the leaves)
     * @param smileShapFactor from our SHAP units to those of Smile's own {@code shap()}
     */
    private static CompiledEnsemble assemble(Kind kind, String[] featureNames, int numOutputs, int[] classLabels,
                                             double intercept, double divisor, double smileShapFactor,
                                             TreeCompiler c, long maxShapCoefficients) {
        Forest forest = c.build(numOutputs);
        ShapExplainer explainer = new ShapExplainer(forest, kind, intercept, divisor, maxShapCoefficients);
        ShapPlan plan = explainer.plan();
        log.debug("compiled {} with {} trees, {} nodes, max depth {}, {} unique features per path, "
                        + "TreeSHAP {} with {} quadrature points", kind, forest.roots.length, forest.feature.length,
                forest.maxDepth, plan == null ? -1 : plan.maxUnique, ShapEngine.describe(explainer.usesVectorShap()),
                plan == null ? 0 : plan.stride);
        return new CompiledEnsemble(kind, featureNames, classLabels, c.schemaNames(), forest,
                new EnsemblePredictor(forest, kind, classLabels, intercept, divisor), explainer,
                new SmileShapLayout(c.schemaToInput(), kind, numOutputs, smileShapFactor));
    }
}
