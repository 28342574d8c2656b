package com.roisystems.ml.scoring.compiled;

/**
 * SHAP contributions of one row, per model output, in the units of
 * {@link CompiledEnsemble#predictRaw(double[])}: for every output {@code c},
 * {@code expectedValue(c) + sum_f contribution(c, f) == predictRaw(x)[c]} (up to rounding).
 *
 * <p>Outputs are: one for regression and binary models (the binary output is Smile's boosting
 * score {@code F}, where {@code P(class 1) = 1 / (1 + exp(-2F))}), {@code k} for a k-class model.
 * Features are in the order of the {@code featureNames} the ensemble was compiled with.
 *
 * <p>{@code ShapValues s = ensemble.shap(x); double top = s.contribution(0, 3);}
 */
public final class ShapValues {

    private final double[] contributions;
    private final double[] expected;
    private final int numFeatures;

    ShapValues(double[] contributions, double[] expected, int numFeatures) {
        this.contributions = contributions;
        this.expected = expected;
        this.numFeatures = numFeatures;
    }

    /** Number of model outputs. {@code int k = s.numOutputs();} */
    public int numOutputs() {
        return expected.length;
    }

    /** Number of input features. {@code int p = s.numFeatures();} */
    public int numFeatures() {
        return numFeatures;
    }

    /** Contribution of {@code feature} to {@code output}. {@code double c = s.contribution(0, f);} */
    public double contribution(int output, int feature) {
        if (feature < 0 || feature >= numFeatures) {
            throw new IndexOutOfBoundsException("feature " + feature);
        }
        return contributions[output * numFeatures + feature];
    }

    /** A copy of the contributions to one output. {@code double[] phi = s.contributions(0);} */
    public double[] contributions(int output) {
        double[] out = new double[numFeatures];
        System.arraycopy(contributions, output * numFeatures, out, 0, numFeatures);
        return out;
    }

    /**
     * The model's expected raw output (base value) for {@code output}, taken over the training
     * cover of the trees, as path-dependent TreeSHAP defines it. {@code double b = s.expectedValue(0);}
     */
    public double expectedValue(int output) {
        return expected[output];
    }

    /** {@code expectedValue + sum of contributions}; equals the raw prediction. {@code double f = s.total(0);} */
    public double total(int output) {
        double sum = expected[output];
        int base = output * numFeatures;
        for (int f = 0; f < numFeatures; f++) {
            sum += contributions[base + f];
        }
        return sum;
    }
}
