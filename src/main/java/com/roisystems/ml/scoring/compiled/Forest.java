package com.roisystems.ml.scoring.compiled;

/**
 * A tree ensemble as {@link TreeCompiler} flattens it: parallel node arrays in preorder, each
 * tree's nodes contiguous from its root, trees stored output-major ({@code treesPerOutput} trees
 * for output 0, then for output 1, ...).
 *
 * <p>Node {@code i} splits on input column {@code feature[i]} (-1 for a leaf) and sends a row to
 * {@code left[i]} iff {@code x[feature[i]] <= threshold[i]}; {@code value} is a leaf's output with
 * the leaf scale already folded in, {@code cover} the node's training row count.
 *
 * <p>The arrays are shared by the scorers and never written after construction. The scorers copy
 * the references they need into their own final fields, so a hot loop reads its arrays without
 * going through this object.
 *
 * <p>{@code Forest f = compiler.build(1); double base = f.expectation(f.roots[0]);}
 */
final class Forest {

    final int[] roots;
    final int[] feature;
    final int[] left;
    final int[] right;
    final double[] threshold;
    final double[] value;
    final double[] cover;
    /** Deepest root-to-leaf edge count of any tree. */
    final int maxDepth;
    final int numFeatures;
    /** Outputs: 1 for regression/binary, k for multi-class. */
    final int numOutputs;
    final int treesPerOutput;

    Forest(int[] roots, int[] feature, int[] left, int[] right, double[] threshold, double[] value,
           double[] cover, int maxDepth, int numFeatures, int numOutputs) {
        if (roots.length % numOutputs != 0) {
            throw new IllegalStateException("tree count " + roots.length + " not divisible by outputs " + numOutputs);
        }
        this.roots = roots;
        this.feature = feature;
        this.left = left;
        this.right = right;
        this.threshold = threshold;
        this.value = value;
        this.cover = cover;
        this.maxDepth = maxDepth;
        this.numFeatures = numFeatures;
        this.numOutputs = numOutputs;
        this.treesPerOutput = roots.length / numOutputs;
    }

    /** Cover-weighted mean leaf value below {@code node}: the output TreeSHAP attributes nothing to. */
    double expectation(int node) {
        if (feature[node] < 0) {
            return value[node];
        }
        double c = cover[node];
        return cover[left[node]] / c * expectation(left[node]) + cover[right[node]] / c * expectation(right[node]);
    }

    /** Rejects a row of the wrong width before any array is indexed with it. */
    static void checkRow(double[] x, int numFeatures) {
        if (x.length != numFeatures) {
            throw new IllegalArgumentException("row has " + x.length + " values, expected " + numFeatures);
        }
    }
}
