package com.roisystems.ml.scoring.compiled;

/**
 * A Smile tree ensemble flattened into immutable arrays for fast, allocation-free scoring and
 * exact path-dependent TreeSHAP.
 *
 * <p>Supported models (smile-core 3.1.1): {@code smile.classification.GradientTreeBoost} (binary
 * and multi-class), {@code smile.regression.GradientTreeBoost} and
 * {@code smile.regression.RandomForest}. Predictions are bit-for-bit Smile's: leaf values are
 * summed in Smile's order with Smile's intercept and shrinkage, and a split sends a row to the
 * left ("true") child iff {@code x[f] <= threshold} - so NaN goes right, exactly as
 * {@code smile.base.cart.OrdinalNode.branch} does.
 *
 * <p>Input rows are {@code double[]} in the order of the {@code featureNames} given to
 * {@link #from(Object, String[])}; the model's own predictor schema is mapped onto that order by
 * column name once, at load.
 *
 * <p>Instances are immutable and thread-safe. This class is the public face only: compilation is
 * {@link EnsembleCompiler}'s, scoring {@link EnsemblePredictor}'s, TreeSHAP {@link ShapExplainer}'s
 * and Smile's SHAP layout {@link SmileShapLayout}'s.
 *
 * <p>{@code CompiledEnsemble m = CompiledEnsemble.from(gbt, names); double[] p = m.predictProba(row);}
 */
public final class CompiledEnsemble {

    /** The Smile model family an ensemble was compiled from. */
    public enum Kind {
        /** {@code smile.classification.GradientTreeBoost} with two classes. */
        BINARY_GBT,
        /** {@code smile.classification.GradientTreeBoost} with more than two classes. */
        MULTICLASS_GBT,
        /** {@code smile.regression.GradientTreeBoost}. */
        REGRESSION_GBT,
        /** {@code smile.regression.RandomForest}. */
        REGRESSION_RF
    }

    private final Kind kind;
    private final String[] featureNames;
    private final int[] classLabels;
    private final String[] schemaNames;
    private final Forest forest;
    private final EnsemblePredictor predictor;
    private final ShapExplainer explainer;
    private final SmileShapLayout smileLayout;

    CompiledEnsemble(Kind kind, String[] featureNames, int[] classLabels, String[] schemaNames, Forest forest,
                     EnsemblePredictor predictor, ShapExplainer explainer, SmileShapLayout smileLayout) {
        this.kind = kind;
        this.featureNames = featureNames.clone();
        this.classLabels = classLabels;
        this.schemaNames = schemaNames;
        this.forest = forest;
        this.predictor = predictor;
        this.explainer = explainer;
        this.smileLayout = smileLayout;
    }

    /**
     * Compiles a trained Smile model. {@code featureNames} fixes the column order of the rows
     * passed to the scoring methods; it must contain every predictor the model splits on (extra
     * names are allowed and get zero contributions).
     *
     * <p>{@code CompiledEnsemble m = CompiledEnsemble.from(model, new String[] {"age", "income"});}
     *
     * @throws IllegalArgumentException for an unsupported model or a missing feature name
     * @throws UnsupportedOperationException for trees with nominal (categorical) splits
     */
    public static CompiledEnsemble from(Object smileModel, String[] featureNames) {
        return from(smileModel, featureNames, ShapPlan.MAX_COEFFICIENTS);
    }

    /** As {@link #from(Object, String[])} with another TreeSHAP coefficient budget; for tests of the fallback. */
    static CompiledEnsemble from(Object smileModel, String[] featureNames, long maxShapCoefficients) {
        return EnsembleCompiler.compile(smileModel, featureNames, maxShapCoefficients);
    }

    // ------------------------------------------------------------------ metadata

    /** {@code if (m.kind() == CompiledEnsemble.Kind.BINARY_GBT) ...} */
    public Kind kind() {
        return kind;
    }

    /** Whether {@link #predictProba} and {@link #predictClass} apply. {@code boolean c = m.isClassifier();} */
    public boolean isClassifier() {
        return classLabels != null;
    }

    /** A copy of the input column order. {@code String[] names = m.featureNames();} */
    public String[] featureNames() {
        return featureNames.clone();
    }

    /** {@code int p = m.numFeatures();} */
    public int numFeatures() {
        return forest.numFeatures;
    }

    /** Length of {@link #predictRaw} and of {@link ShapValues} outputs. {@code int k = m.numOutputs();} */
    public int numOutputs() {
        return forest.numOutputs;
    }

    /** Number of classes (2 for binary), 0 for regression. {@code int k = m.numClasses();} */
    public int numClasses() {
        return classLabels == null ? 0 : classLabels.length;
    }

    /** Total number of trees. {@code int t = m.numTrees();} */
    public int numTrees() {
        return forest.roots.length;
    }

    /** Total number of nodes. {@code int n = m.numNodes();} */
    public int numNodes() {
        return forest.feature.length;
    }

    /** Deepest root-to-leaf edge count of any tree. {@code int d = m.maxDepth();} */
    public int maxDepth() {
        return forest.maxDepth;
    }

    /** Base value per output (see {@link ShapValues#expectedValue}). {@code double[] e = m.expectedValues();} */
    public double[] expectedValues() {
        return explainer.expectedValues();
    }

    // ------------------------------------------------------------------ prediction

    /**
     * Raw model output into {@code out} (length {@link #numOutputs()}), without allocating:
     * the regression value, the binary boosting score {@code F}, or the k class scores.
     *
     * <p>{@code double[] buf = new double[m.numOutputs()]; m.predictRaw(row, buf);}
     */
    public void predictRaw(double[] x, double[] out) {
        predictor.predictRaw(x, out);
    }

    /** Allocating form of {@link #predictRaw(double[], double[])}. {@code double[] f = m.predictRaw(row);} */
    public double[] predictRaw(double[] x) {
        return predictor.predictRaw(x);
    }

    /**
     * Scalar output of a single-output model without allocating: the regression value, or the
     * binary boosting score {@code F}. {@code double y = m.predictValue(row);}
     */
    public double predictValue(double[] x) {
        return predictor.predictValue(x);
    }

    /**
     * Class probabilities into {@code out} (length {@link #numClasses()}), computed with the
     * exact formulas of Smile's {@code predict(Tuple, double[])}.
     *
     * <p>{@code double[] p = new double[m.numClasses()]; int label = m.predictProba(row, p);}
     *
     * @return the predicted class label, as Smile's {@code predict} returns it
     */
    public int predictProba(double[] x, double[] out) {
        return predictor.predictProba(x, out);
    }

    /** Allocating form of {@link #predictProba(double[], double[])}. {@code double[] p = m.predictProba(row);} */
    public double[] predictProba(double[] x) {
        return predictor.predictProba(x);
    }

    /** The predicted class label, without allocating for binary models. {@code int label = m.predictClass(row);} */
    public int predictClass(double[] x) {
        return predictor.predictClass(x);
    }

    // ------------------------------------------------------------------ batch prediction

    /**
     * Raw outputs of many rows, {@code [row][output]}. Trees are the outer loop so each tree's
     * nodes stay in cache across rows; per row the sums are still formed in Smile's tree order,
     * so results equal {@link #predictRaw(double[])} bit for bit.
     *
     * <p>{@code double[][] f = m.predictRawBatch(rows);}
     */
    public double[][] predictRawBatch(double[][] rows) {
        return predictor.predictRawBatch(rows);
    }

    /** Class probabilities of many rows, {@code [row][class]}. {@code double[][] p = m.predictProbaBatch(rows);} */
    public double[][] predictProbaBatch(double[][] rows) {
        return predictor.predictProbaBatch(rows);
    }

    // ------------------------------------------------------------------ TreeSHAP

    /**
     * Exact path-dependent TreeSHAP values (the same quantities as Lundberg et al.'s Algorithm 2
     * and Smile's {@code shap}), in the units of {@link #predictRaw}: local accuracy holds per
     * output. Evaluated by Linear TreeSHAP over each tree's nodes (see {@link ShapPlan}).
     *
     * <p>{@code ShapValues s = m.shap(row); double phi = s.contribution(0, f);}
     */
    public ShapValues shap(double[] x) {
        return explainer.shap(x);
    }

    /**
     * SHAP values of many rows, with one scratch space for the whole batch.
     *
     * <p>{@code ShapValues[] s = m.shapBatch(rows);}
     */
    public ShapValues[] shapBatch(double[][] rows) {
        return explainer.shapBatch(rows);
    }

    /**
     * The plan for the scalar or the SIMD evaluator; for tests and benchmarks of the one this JVM
     * does not use. {@code ShapPlan scalar = m.buildShapPlan(false);}
     */
    public ShapPlan buildShapPlan(boolean vector) {
        return explainer.buildPlan(vector);
    }

    /** SHAP values by the given evaluator and plan; for tests. {@code ShapValues s = m.shapWith(scalar, false, row);} */
    public ShapValues shapWith(ShapPlan plan, boolean vector, double[] x) {
        return explainer.shapWith(plan, vector, x);
    }

    /** Whether {@link #shap} runs on SIMD lanes ({@link ShapEngine}). {@code boolean simd = m.usesVectorShap();} */
    public boolean usesVectorShap() {
        return explainer.usesVectorShap();
    }

    /** Whether this model is explained by the reference recursion because the plan refused it. */
    boolean explainsByReference() {
        return explainer.plan() == null;
    }

    /** Lundberg's recursive TreeSHAP ({@link ReferenceTreeShap}): the reference in tests. */
    ShapValues shapReference(double[] x) {
        return explainer.shapReference(x);
    }

    /**
     * SHAP values in exactly the layout and scale of Smile's own {@code model.shap(tuple)}, for
     * drop-in comparison: indexed {@code [j * k + c]} with {@code j} the model's predictor-schema
     * index and {@code k} the number of classes (1 for regression). Smile averages the raw tree
     * SHAP values over the trees of a class (ignoring shrinkage and intercept) and, for binary
     * models, repeats the same value for both classes - so these values do not sum to the model
     * output; {@link #shap(double[])} does.
     *
     * <p>{@code double[] smileLike = m.shapSmileLayout(row);}
     */
    public double[] shapSmileLayout(double[] x) {
        return smileLayout.convert(shap(x));
    }

    /** The model's predictor schema names, in the order Smile indexes them. {@code String[] s = m.schemaNames();} */
    public String[] schemaNames() {
        return schemaNames.clone();
    }

    /** Split feature (input column) of node {@code i}, -1 for a leaf; for tests. */
    int nodeFeature(int i) {
        return forest.feature[i];
    }

    /** Split threshold of node {@code i}; for tests. */
    double nodeThreshold(int i) {
        return forest.threshold[i];
    }
}
