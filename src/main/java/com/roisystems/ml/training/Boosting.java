package com.roisystems.ml.training;

import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;
import smile.math.MathEx;

import java.util.List;

/**
 * Fits and applies Smile {@code GradientTreeBoost} models on frames whose predictor columns are exactly
 * the ordered feature names (all doubles), so a compiled scorer can map features by position. The seed
 * is set right before each fit: subsampling is the only randomness.
 *
 * <p>{@code var model = Boosting.classifier(names, x, y, HyperParameters.defaults());}
 *
 * <p>Smile names its classifier and its regressor both {@code GradientTreeBoost}; Java cannot import
 * two classes of one simple name, so both stay qualified here and each signature says which it is.
 */
public final class Boosting {

    /** The response column; feature names never clash with it (catalog names are snake_case nouns). */
    public static final String LABEL = "label__";

    private Boosting() {
    }

    public static smile.classification.GradientTreeBoost classifier(List<String> names, double[][] x, int[] y, HyperParameters hp) {
        DataFrame frame = DataFrame.of(x, names.toArray(String[]::new)).merge(IntVector.of(LABEL, y));
        MathEx.setSeed(hp.seed());
        return smile.classification.GradientTreeBoost.fit(Formula.lhs(LABEL), frame, hp.trees(), hp.maxDepth(), hp.maxNodes(),
                hp.nodeSize(), hp.shrinkage(), hp.subsample());
    }

    public static smile.regression.GradientTreeBoost regressor(List<String> names, double[][] x, double[] y, HyperParameters hp) {
        DataFrame frame = DataFrame.of(x, names.toArray(String[]::new)).merge(DoubleVector.of(LABEL, y));
        MathEx.setSeed(hp.seed());
        return smile.regression.GradientTreeBoost.fit(Formula.lhs(LABEL), frame, Loss.ls(), hp.trees(), hp.maxDepth(),
                hp.maxNodes(), hp.nodeSize(), hp.shrinkage(), hp.subsample());
    }
}
