package com.roisystems.ml.scoring;

import com.roisystems.ml.scoring.compiled.ShapValues;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The SHAP side of a prediction: the full contribution vector of one model output (for the log) and
 * its largest-magnitude entries with the feature values (for {@code top_features}). Contributions are
 * in the model's raw output units: log-odds for classifiers, log value for PROPERTY_VALUE.
 */
record Explanation(List<String> names, double[] contributions, double expectedValue, double[] values) {

    static Explanation of(ShapValues shap, int output, List<String> names, double[] values) {
        return new Explanation(names, shap.contributions(output), shap.expectedValue(output), values);
    }

    List<Prediction.Contribution> top(int count) {
        Integer[] order = new Integer[contributions.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.abs(contributions[i])));
        List<Prediction.Contribution> top = new ArrayList<>(Math.min(count, order.length));
        for (int k = 0; k < Math.min(count, order.length); k++) {
            int i = order[k];
            top.add(new Prediction.Contribution(names.get(i), round(contributions[i]), Double.isNaN(values[i]) ? null : values[i]));
        }
        return top;
    }

    /** Every contribution and the base value, as written to {@code ml_predictions.shap_values}. */
    JsonObject full() {
        JsonObject all = new JsonObject();
        for (int i = 0; i < contributions.length; i++) {
            all.put(names.get(i), contributions[i]);
        }
        return new JsonObject().put("expected_value", expectedValue).put("contributions", all);
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
