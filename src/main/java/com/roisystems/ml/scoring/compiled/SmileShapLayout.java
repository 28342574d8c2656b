package com.roisystems.ml.scoring.compiled;

import com.roisystems.ml.scoring.compiled.CompiledEnsemble.Kind;

/**
 * Rearranges {@link ShapValues} into the layout and scale of Smile's own {@code model.shap(tuple)},
 * so the two can be compared value for value: indexed {@code [j * k + c]} with {@code j} the
 * model's predictor-schema index and {@code k} the number of classes (1 for regression).
 *
 * <p>Smile averages the raw tree SHAP values over the trees of a class, ignoring shrinkage and
 * intercept, and repeats a binary model's single score for both classes; the compiled ensemble
 * folds shrinkage into its leaves and sums, so one factor per model converts between the two.
 *
 * <p>{@code double[] smileLike = new SmileShapLayout(schemaToInput, kind, 1, factor).convert(shap);}
 */
final class SmileShapLayout {

    private final int[] schemaToInput;
    /** A binary model has one output but Smile reports two classes, both with that output's values. */
    private final boolean binary;
    private final int classes;
    private final double factor;

    /**
     * @param schemaToInput per predictor-schema column, its input column, or -1 if the caller did
     *                      not name it (its contribution is 0)
     * @param factor        from {@link ShapValues} units to Smile's
     */
    SmileShapLayout(int[] schemaToInput, Kind kind, int numOutputs, double factor) {
        this.schemaToInput = schemaToInput;
        this.binary = kind == Kind.BINARY_GBT;
        this.classes = binary ? 2 : numOutputs;
        this.factor = factor;
    }

    double[] convert(ShapValues s) {
        int p = schemaToInput.length;
        int k = classes;
        double[] out = new double[p * k];
        for (int j = 0; j < p; j++) {
            int in = schemaToInput[j];
            for (int c = 0; c < k; c++) {
                int g = binary ? 0 : c;
                out[j * k + c] = in < 0 ? 0.0 : s.contribution(g, in) * factor;
            }
        }
        return out;
    }
}
