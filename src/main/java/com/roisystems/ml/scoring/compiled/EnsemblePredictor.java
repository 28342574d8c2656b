package com.roisystems.ml.scoring.compiled;

import java.util.Arrays;

import com.roisystems.ml.scoring.compiled.CompiledEnsemble.Kind;

/**
 * Scores rows on a {@link Forest}: the prediction half of {@link CompiledEnsemble}, which documents
 * the public contract. Results are bit-for-bit Smile's because every sum is formed in Smile's tree
 * order, from Smile's intercept, with Smile's final formulas.
 *
 * <p>The single-row methods allocate nothing but their result, and the node arrays are this
 * object's own final fields, so the per-row loops read them directly.
 *
 * <p>{@code double[] p = new EnsemblePredictor(forest, kind, labels, b, 1.0).predictProba(row);}
 */
final class EnsemblePredictor {

    private final Kind kind;
    private final int[] classLabels;
    private final double intercept;
    /** Random forests average; boosting does not (its shrinkage is folded into the leaves). */
    private final double divisor;
    private final int numFeatures;
    private final int numOutputs;
    private final int treesPerOutput;
    private final int[] roots;
    private final int[] feature;
    private final int[] left;
    private final int[] right;
    private final double[] threshold;
    private final double[] value;

    /** @param classLabels Smile's class labels by output index, or null for a regression model */
    EnsemblePredictor(Forest forest, Kind kind, int[] classLabels, double intercept, double divisor) {
        this.kind = kind;
        this.classLabels = classLabels;
        this.intercept = intercept;
        this.divisor = divisor;
        this.numFeatures = forest.numFeatures;
        this.numOutputs = forest.numOutputs;
        this.treesPerOutput = forest.treesPerOutput;
        this.roots = forest.roots;
        this.feature = forest.feature;
        this.left = forest.left;
        this.right = forest.right;
        this.threshold = forest.threshold;
        this.value = forest.value;
    }

    void predictRaw(double[] x, double[] out) {
        Forest.checkRow(x, numFeatures);
        final int tpo = treesPerOutput;
        for (int g = 0; g < numOutputs; g++) {
            double f = g == 0 || kind != Kind.MULTICLASS_GBT ? intercept : 0.0;
            int base = g * tpo;
            for (int t = 0; t < tpo; t++) {
                f += value[leaf(roots[base + t], x)];
            }
            out[g] = divisor == 1.0 ? f : f / divisor;
        }
    }

    double[] predictRaw(double[] x) {
        double[] out = new double[numOutputs];
        predictRaw(x, out);
        return out;
    }

    double predictValue(double[] x) {
        if (numOutputs != 1) {
            throw new IllegalStateException("predictValue needs a single-output model, this one has " + numOutputs);
        }
        Forest.checkRow(x, numFeatures);
        double f = intercept;
        for (int root : roots) {
            f += value[leaf(root, x)];
        }
        return divisor == 1.0 ? f : f / divisor;
    }

    int predictProba(double[] x, double[] out) {
        requireClassifier();
        if (kind == Kind.BINARY_GBT) {
            double f = predictValue(x);
            return binaryProba(f, out);
        }
        predictRaw(x, out);
        return softmax(out);
    }

    double[] predictProba(double[] x) {
        double[] out = new double[classLabels == null ? 0 : classLabels.length];
        predictProba(x, out);
        return out;
    }

    int predictClass(double[] x) {
        requireClassifier();
        if (kind == Kind.BINARY_GBT) {
            return classLabels[predictValue(x) > 0 ? 1 : 0];
        }
        Forest.checkRow(x, numFeatures);
        // Same running strict maximum as Smile, so ties resolve to the lowest class.
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int g = 0; g < numOutputs; g++) {
            double f = 0.0;
            int base = g * treesPerOutput;
            for (int t = 0; t < treesPerOutput; t++) {
                f += value[leaf(roots[base + t], x)];
            }
            if (f > max) {
                max = f;
                best = g;
            }
        }
        return label(best);
    }

    /** Trees are the outer loop so each tree's nodes stay in cache across rows. */
    double[][] predictRawBatch(double[][] rows) {
        int n = rows.length;
        for (double[] row : rows) {
            Forest.checkRow(row, numFeatures);
        }
        double[][] out = new double[n][numOutputs];
        double[] acc = new double[n];
        for (int g = 0; g < numOutputs; g++) {
            Arrays.fill(acc, g == 0 || kind != Kind.MULTICLASS_GBT ? intercept : 0.0);
            int base = g * treesPerOutput;
            for (int t = 0; t < treesPerOutput; t++) {
                int root = roots[base + t];
                for (int r = 0; r < n; r++) {
                    acc[r] += value[leaf(root, rows[r])];
                }
            }
            for (int r = 0; r < n; r++) {
                out[r][g] = divisor == 1.0 ? acc[r] : acc[r] / divisor;
            }
        }
        return out;
    }

    double[][] predictProbaBatch(double[][] rows) {
        requireClassifier();
        double[][] raw = predictRawBatch(rows);
        if (kind != Kind.BINARY_GBT) {
            for (double[] p : raw) {
                softmax(p);
            }
            return raw;
        }
        double[][] out = new double[rows.length][2];
        for (int r = 0; r < rows.length; r++) {
            binaryProba(raw[r][0], out[r]);
        }
        return out;
    }

    private int binaryProba(double f, double[] out) {
        out[0] = 1.0 / (1.0 + Math.exp(2.0 * f));
        out[1] = 1.0 - out[0];
        return classLabels[f > 0 ? 1 : 0];
    }

    private int softmax(double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int g = 0; g < numOutputs; g++) {
            if (p[g] > max) {
                max = p[g];
                best = g;
            }
        }
        double sum = 0.0;
        for (int g = 0; g < numOutputs; g++) {
            p[g] = Math.exp(p[g] - max);
            sum += p[g];
        }
        for (int g = 0; g < numOutputs; g++) {
            p[g] /= sum;
        }
        return label(best);
    }

    private int label(int index) {
        if (index < 0) {
            throw new IllegalStateException("no finite class score (NaN leaf values?)");
        }
        return classLabels[index];
    }

    private int leaf(int node, double[] x) {
        final int[] feature = this.feature;
        final double[] threshold = this.threshold;
        int f;
        while ((f = feature[node]) >= 0) {
            // NaN fails <= and goes right, as in Smile.
            node = x[f] <= threshold[node] ? left[node] : right[node];
        }
        return node;
    }

    private void requireClassifier() {
        if (classLabels == null) {
            throw new IllegalStateException(kind + " is not a classifier");
        }
    }
}
