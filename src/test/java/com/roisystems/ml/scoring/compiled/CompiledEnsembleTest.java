package com.roisystems.ml.scoring.compiled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.roisystems.ml.bench.SyntheticData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.math.MathEx;

/**
 * Property tests: on random rows (with NaN and with values exactly on split thresholds) the
 * compiled ensemble must reproduce Smile's predictions bit for bit and Smile's SHAP values to
 * 1e-9, and its own SHAP values must satisfy local accuracy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The compiled tree ensemble, against Smile")
class CompiledEnsembleTest {

    private static final int P = 12;
    private static final String[] NAMES = SyntheticData.names(P);
    private static final double REL_TOL = 1e-9;

    /** A trained model plus the rows to check it on, as Smile tuples and as raw rows. */
    record Case(String name, Object model, boolean classifier, double[][] rows, List<Tuple> tuples) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final List<Case> cases = new ArrayList<>();

    @BeforeAll
    void train() {
        double[][] x = SyntheticData.features(1500, P, 11);
        double[] yReg = SyntheticData.regressionTarget(x, 12);
        int[] yBin = SyntheticData.binaryLabels(x, 13, 0);
        int[] y3 = SyntheticData.classLabels(x, 3, 14);
        int[] y4 = SyntheticData.classLabels(x, 4, 15);
        DataFrame bin = SyntheticData.frame(x, NAMES, "y", yBin);
        DataFrame c3 = SyntheticData.frame(x, NAMES, "y", y3);
        DataFrame c4 = SyntheticData.frame(x, NAMES, "y", y4);
        DataFrame reg = SyntheticData.frame(x, NAMES, "y", yReg);
        Formula f = Formula.lhs("y");

        MathEx.setSeed(19);
        add("binary-50x8", smile.classification.GradientTreeBoost.fit(f, bin, gbt(50, 6, 8, 0.1)), true, 1);
        MathEx.setSeed(20);
        add("binary-30x32-deep", smile.classification.GradientTreeBoost.fit(f, bin, gbt(30, 20, 32, 0.05)), true, 2);
        MathEx.setSeed(21);
        add("3class-20x12", smile.classification.GradientTreeBoost.fit(f, c3, gbt(20, 8, 12, 0.1)), true, 3);
        MathEx.setSeed(22);
        add("4class-15x24", smile.classification.GradientTreeBoost.fit(f, c4, gbt(15, 12, 24, 0.2)), true, 4);
        MathEx.setSeed(23);
        add("regression-40x16", smile.regression.GradientTreeBoost.fit(f, reg, gbt(40, 10, 16, 0.1)), false, 5);
        MathEx.setSeed(24);
        add("regression-60x4", smile.regression.GradientTreeBoost.fit(f, reg, gbt(60, 3, 4, 0.3)), false, 6);
        MathEx.setSeed(25);
        Properties rf = new Properties();
        rf.setProperty("smile.random_forest.trees", "25");
        rf.setProperty("smile.random_forest.max_nodes", "40");
        add("rf-regression-25x40", smile.regression.RandomForest.fit(f, reg, rf), false, 7);
    }

    private static Properties gbt(int trees, int depth, int nodes, double shrinkage) {
        Properties p = new Properties();
        p.setProperty("smile.gradient_boost.trees", Integer.toString(trees));
        p.setProperty("smile.gradient_boost.max_depth", Integer.toString(depth));
        p.setProperty("smile.gradient_boost.max_nodes", Integer.toString(nodes));
        p.setProperty("smile.gradient_boost.shrinkage", Double.toString(shrinkage));
        return p;
    }

    private void add(String name, Object model, boolean classifier, long seed) {
        CompiledEnsemble compiled = CompiledEnsemble.from(model, NAMES);
        double[][] rows = testRows(compiled, 250, seed);
        cases.add(new Case(name, model, classifier, rows, tuples(rows, classifier)));
    }

    /**
     * Fresh rows with ~10% NaN, plus rows whose values sit exactly on split thresholds so that
     * the {@code <=} boundary is exercised.
     */
    private static double[][] testRows(CompiledEnsemble compiled, int n, long seed) {
        double[][] base = SyntheticData.withMissing(SyntheticData.features(n, P, 1000 + seed), 0.10, 2000 + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<double[]> thresholds = new ArrayList<>();
        for (int i = 0; i < compiled.numNodes(); i++) {
            if (compiled.nodeFeature(i) >= 0) {
                thresholds.add(new double[] {compiled.nodeFeature(i), compiled.nodeThreshold(i)});
            }
        }
        for (int r = 0; r < n / 2; r++) {
            for (int k = 0; k < 4; k++) {
                double[] t = thresholds.get(rnd.nextInt(thresholds.size()));
                base[r][(int) t[0]] = t[1];
            }
        }
        return base;
    }

    private static List<Tuple> tuples(double[][] rows, boolean classifier) {
        DataFrame df = classifier
                ? SyntheticData.frame(rows, NAMES, "y", new int[rows.length])
                : SyntheticData.frame(rows, NAMES, "y", new double[rows.length]);
        List<Tuple> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            out.add(df.get(i));
        }
        return out;
    }

    Stream<Case> cases() {
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("predicts exactly what Smile predicts, bit for bit")
    void predictionsEqualSmileExactly(Case c) {
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES);
        for (int i = 0; i < c.rows().length; i++) {
            double[] x = c.rows()[i];
            Tuple t = c.tuples().get(i);
            if (c.model() instanceof smile.classification.GradientTreeBoost gbt) {
                double[] expected = new double[gbt.numClasses()];
                int label = gbt.predict(t, expected);
                double[] actual = new double[m.numClasses()];
                assertEquals(label, m.predictProba(x, actual), "label of row " + i);
                assertEquals(label, m.predictClass(x), "predictClass of row " + i);
                for (int k = 0; k < expected.length; k++) {
                    // Bit-for-bit: same summation order, same formulas.
                    assertEquals(expected[k], actual[k], 0.0, c.name() + " row " + i + " class " + k);
                }
            } else {
                double expected = ((smile.regression.DataFrameRegression) c.model()).predict(t);
                assertEquals(expected, m.predictValue(x), 0.0, c.name() + " row " + i);
                assertEquals(expected, m.predictRaw(x)[0], 0.0, c.name() + " row " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("explains with Smile's SHAP values to 1e-9")
    void shapEqualsSmile(Case c) {
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES);
        smile.feature.importance.SHAP<Tuple> smileShap = smileShap(c.model());
        double maxAbs = 0;
        for (int i = 0; i < c.rows().length; i++) {
            double[] expected = smileShap.shap(c.tuples().get(i));
            double[] actual = m.shapSmileLayout(c.rows()[i]);
            assertThat(actual).hasSameSizeAs(expected);
            double scale = 0;
            for (double v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            maxAbs = Math.max(maxAbs, scale);
            for (int j = 0; j < expected.length; j++) {
                double tol = REL_TOL * Math.abs(expected[j]) + 1e-12 * scale;
                if (Math.abs(expected[j] - actual[j]) > tol) {
                    fail(c.name() + " row " + i + " index " + j + ": smile " + expected[j] + " compiled " + actual[j]);
                }
            }
        }
        assertThat(maxAbs).as("SHAP values should not be trivially zero").isGreaterThan(1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("gives SHAP values that add up to the prediction (local accuracy)")
    void localAccuracy(Case c) {
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES);
        double[] e = m.expectedValues();
        for (int i = 0; i < c.rows().length; i++) {
            double[] x = c.rows()[i];
            double[] raw = m.predictRaw(x);
            ShapValues s = m.shap(x);
            assertEquals(m.numOutputs(), s.numOutputs());
            for (int g = 0; g < raw.length; g++) {
                assertEquals(e[g], s.expectedValue(g), 0.0);
                double sum = s.expectedValue(g);
                for (int f = 0; f < P; f++) {
                    sum += s.contribution(g, f);
                }
                assertEquals(raw[g], sum, 1e-9 * (1 + Math.abs(raw[g])), c.name() + " row " + i + " output " + g);
                assertEquals(sum, s.total(g), 1e-12 * (1 + Math.abs(sum)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("scores a batch exactly as it scores each row alone")
    void batchEqualsSingleRow(Case c) {
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES);
        double[][] rows = c.rows();
        double[][] raw = m.predictRawBatch(rows);
        ShapValues[] shap = m.shapBatch(rows);
        double[][] proba = c.classifier() ? m.predictProbaBatch(rows) : null;
        for (int i = 0; i < rows.length; i++) {
            assertThat(raw[i]).containsExactly(m.predictRaw(rows[i]));
            if (proba != null) {
                assertThat(proba[i]).containsExactly(m.predictProba(rows[i]));
            }
            ShapValues single = m.shap(rows[i]);
            for (int g = 0; g < m.numOutputs(); g++) {
                assertThat(shap[i].contributions(g)).containsExactly(single.contributions(g));
            }
        }
    }

    /** Both evaluators of the Linear TreeSHAP plan (scalar and SIMD) agree with Lundberg's recursion. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("has scalar and SIMD TreeSHAP evaluators that agree with Lundberg's recursion")
    void scalarAndVectorEvaluatorsAgreeWithReference(Case c) {
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES);
        assertThat(m.usesVectorShap()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        ShapPlan scalarPlan = m.buildShapPlan(false);
        ShapPlan vectorPlan = m.buildShapPlan(true);
        assertThat(vectorPlan.stride % VectorTreeShap.lanes()).isZero();
        for (int i = 0; i < 80; i++) {
            double[] x = c.rows()[i];
            ShapValues ref = m.shapReference(x);
            ShapValues scalar = m.shapWith(scalarPlan, false, x);
            ShapValues vector = m.shapWith(vectorPlan, true, x);
            for (int g = 0; g < m.numOutputs(); g++) {
                double scale = 0;
                for (int f = 0; f < P; f++) {
                    scale = Math.max(scale, Math.abs(ref.contribution(g, f)));
                }
                for (int f = 0; f < P; f++) {
                    double r = ref.contribution(g, f);
                    double tol = REL_TOL * Math.abs(r) + 1e-12 * scale;
                    assertEquals(r, scalar.contribution(g, f), tol, c.name() + " row " + i + " scalar");
                    assertEquals(r, vector.contribution(g, f), tol, c.name() + " row " + i + " vector");
                }
            }
        }
    }

    /**
     * The cases cover what the plan must get right: features split on again further down a path
     * (merged players), and paths long enough to need several quadrature points.
     */
    @Test
    @DisplayName("is checked on features split on again down a path and on paths that need several quadrature points")
    void casesCoverRepeatedFeaturesAndLongPaths() {
        int repeated = 0;
        int mostUnique = 0;
        for (Case c : cases) {
            ShapPlan plan = CompiledEnsemble.from(c.model(), NAMES).buildShapPlan(false);
            repeated += plan.repeatedSplits;
            mostUnique = Math.max(mostUnique, plan.maxUnique);
        }
        assertThat(repeated).isPositive();
        assertThat(mostUnique).isGreaterThanOrEqualTo(6);
    }

    /**
     * Paths with more unique features than one SIMD register has quadrature lanes for (here 40
     * features, trees of 200 leaves) take several vectors per node; both evaluators must still
     * match the reference and satisfy local accuracy.
     */
    @Test
    @DisplayName("explains paths long enough to span several vectors per node like the reference, with local accuracy")
    void longUniquePathsSpanSeveralVectors() {
        int p = 40;
        String[] names = SyntheticData.names(p);
        double[][] x = SyntheticData.features(4000, p, 31);
        // Every feature matters about equally, so long paths keep finding new features to split on.
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < p; j++) {
                y[i] += Math.sin(3 * x[i][j] + j);
            }
        }
        MathEx.setSeed(32);
        Object model = smile.regression.GradientTreeBoost.fit(Formula.lhs("y"),
                SyntheticData.frame(x, names, "y", y), gbt(4, 60, 400, 0.3));
        CompiledEnsemble m = CompiledEnsemble.from(model, names);
        ShapPlan scalarPlan = m.buildShapPlan(false);
        ShapPlan vectorPlan = m.buildShapPlan(true);
        assertThat(vectorPlan.stride).as("unique features per path %d", vectorPlan.maxUnique)
                .isGreaterThan(VectorTreeShap.lanes());
        double[][] rows = SyntheticData.withMissing(SyntheticData.features(60, p, 34), 0.1, 35);
        for (double[] row : rows) {
            ShapValues ref = m.shapReference(row);
            ShapValues scalar = m.shapWith(scalarPlan, false, row);
            ShapValues vector = m.shapWith(vectorPlan, true, row);
            double scale = 0;
            for (int f = 0; f < p; f++) {
                scale = Math.max(scale, Math.abs(ref.contribution(0, f)));
            }
            for (int f = 0; f < p; f++) {
                double r = ref.contribution(0, f);
                assertEquals(r, scalar.contribution(0, f), REL_TOL * Math.abs(r) + 1e-12 * scale);
                assertEquals(r, vector.contribution(0, f), REL_TOL * Math.abs(r) + 1e-12 * scale);
            }
            assertEquals(m.predictValue(row), vector.total(0), 1e-9 * (1 + Math.abs(vector.total(0))));
        }
    }

    /** A model too large for the plan's budget is still explained exactly, by the reference recursion. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("explains a model over the plan's budget exactly, by the reference recursion")
    void modelsOverTheBudgetFallBackToTheReference(Case c) {
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES, 10);
        assertThat(m.explainsByReference()).isTrue();
        assertThat(CompiledEnsemble.from(c.model(), NAMES).explainsByReference()).isFalse();
        for (int i = 0; i < 20; i++) {
            double[] x = c.rows()[i];
            ShapValues expected = m.shapReference(x);
            ShapValues actual = m.shap(x);
            ShapValues[] batch = m.shapBatch(new double[][] {x});
            for (int g = 0; g < m.numOutputs(); g++) {
                assertThat(actual.contributions(g)).containsExactly(expected.contributions(g));
                assertThat(batch[0].contributions(g)).containsExactly(expected.contributions(g));
            }
        }
    }

    /** k Gauss-Legendre points integrate every monomial up to degree 2k - 1 over [0, 1] exactly. */
    @Test
    @DisplayName("integrates every monomial up to degree 2k - 1 exactly with k Gauss-Legendre points")
    void quadratureIsExactToDegreeTwoKMinusOne() {
        for (int k = 1; k <= 32; k++) {
            double[][] rule = ShapPlan.gaussLegendre01(k);
            for (int degree = 0; degree <= 2 * k - 1; degree++) {
                double sum = 0;
                for (int q = 0; q < k; q++) {
                    assertThat(rule[0][q]).isBetween(0.0, 1.0);
                    sum += rule[1][q] * Math.pow(rule[0][q], degree);
                }
                assertEquals(1.0 / (degree + 1), sum, 1e-14, "k=" + k + " degree " + degree);
            }
        }
    }

    @Test
    @DisplayName("scores a binary classifier as half the log-odds")
    void binaryScoreIsHalfLogOdds() {
        Case c = cases.get(0);
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES);
        double[] x = c.rows()[3];
        double f = m.predictValue(x);
        assertEquals(1 / (1 + Math.exp(-2 * f)), m.predictProba(x)[1], 1e-15);
    }

    /** Columns passed in a different order than the training frame must be mapped by name. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("maps columns passed in another order by name")
    void featureOrderIsMappedByName(Case c) {
        int[] perm = new int[P + 1];
        String[] shuffled = new String[P + 1];
        // Reversed order plus one extra column the model does not use.
        for (int j = 0; j < P; j++) {
            perm[j] = P - 1 - j;
            shuffled[j] = NAMES[perm[j]];
        }
        shuffled[P] = "unused_extra";
        CompiledEnsemble reference = CompiledEnsemble.from(c.model(), NAMES);
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), shuffled);
        assertThat(m.schemaNames()).containsExactly(NAMES);
        for (int i = 0; i < 40; i++) {
            double[] x = c.rows()[i];
            double[] xs = new double[P + 1];
            for (int j = 0; j < P; j++) {
                xs[j] = x[perm[j]];
            }
            xs[P] = 1e6;
            assertThat(m.predictRaw(xs)).containsExactly(reference.predictRaw(x));
            ShapValues a = m.shap(xs);
            ShapValues b = reference.shap(x);
            for (int g = 0; g < m.numOutputs(); g++) {
                for (int j = 0; j < P; j++) {
                    assertEquals(b.contribution(g, perm[j]), a.contribution(g, j), 1e-12 * (1 + Math.abs(b.contribution(g, perm[j]))));
                }
                assertEquals(0.0, a.contribution(g, P), 0.0);
            }
            assertThat(m.shapSmileLayout(xs)).containsExactly(reference.shapSmileLayout(x));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("compiles a serialized and reloaded model to the same scores and explanations")
    void serializedModelCompilesToSameScores(Case c) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c.model());
        }
        Object reloaded;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            reloaded = in.readObject();
        }
        CompiledEnsemble before = CompiledEnsemble.from(c.model(), NAMES);
        CompiledEnsemble after = CompiledEnsemble.from(reloaded, NAMES);
        assertThat(after.expectedValues()).containsExactly(before.expectedValues());
        smile.feature.importance.SHAP<Tuple> reloadedShap = smileShap(reloaded);
        for (int i = 0; i < 60; i++) {
            double[] x = c.rows()[i];
            assertThat(after.predictRaw(x)).containsExactly(before.predictRaw(x));
            ShapValues a = after.shap(x);
            ShapValues b = before.shap(x);
            for (int g = 0; g < before.numOutputs(); g++) {
                assertThat(a.contributions(g)).containsExactly(b.contributions(g));
            }
            double[] smileAfter = reloadedShap.shap(c.tuples().get(i));
            double[] ours = after.shapSmileLayout(x);
            for (int j = 0; j < ours.length; j++) {
                assertEquals(smileAfter[j], ours[j], 1e-9 * (1e-3 + Math.abs(smileAfter[j])));
            }
        }
    }

    @Test
    @DisplayName("refuses unsupported models, missing features and the wrong row width")
    void rejectsUnsupportedModelsAndMissingFeatures() {
        Case c = cases.get(0);
        assertThatThrownBy(() -> CompiledEnsemble.from("not a model", NAMES))
                .isInstanceOf(IllegalArgumentException.class);
        String[] missing = NAMES.clone();
        missing[0] = "renamed";
        assertThatThrownBy(() -> CompiledEnsemble.from(c.model(), missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("f0");
        CompiledEnsemble m = CompiledEnsemble.from(c.model(), NAMES);
        assertThatThrownBy(() -> m.predictRaw(new double[P - 1])).isInstanceOf(IllegalArgumentException.class);
        CompiledEnsemble reg = CompiledEnsemble.from(cases.get(4).model(), NAMES);
        assertThatThrownBy(() -> reg.predictProba(new double[P])).isInstanceOf(IllegalStateException.class);
    }

    @SuppressWarnings("unchecked")
    private static smile.feature.importance.SHAP<Tuple> smileShap(Object model) {
        return (smile.feature.importance.SHAP<Tuple>) model;
    }
}
