package com.roisystems.ml.training;

import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import com.roisystems.ml.scoring.compiled.ShapValues;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * A version's feature importance: the mean |SHAP| of each feature over (at most {@value #MAX_ROWS} of) its test rows, by
 * the exact TreeSHAP the scorer explains with, of the output the scorer explains (the positive class of a binary model,
 * the predicted class of TRANSACTION_TYPE, the value of a regressor), in that output's raw units (log-odds, log value).
 * Only the feature store's features are kept: a contact-timing model's slot encoding is not a feature anyone can look up
 * in the catalog. Stored under the version's metrics key {@value #KEY}, which the pipeline copies to
 * {@code ml_features.importance}.
 *
 * <p>{@code JsonObject importance = FeatureImportance.of(ensemble, names, storeFeatures, testRows, seed);}
 */
final class FeatureImportance {

    static final String KEY = "feature_importance";
    /** Enough rows for the means to settle to a few percent; SHAP over more would only lengthen training. */
    static final int MAX_ROWS = 2_000;

    private FeatureImportance() {
    }

    static JsonObject of(CompiledEnsemble ensemble, List<String> featureNames, Set<String> storeFeatures, List<TrainingDataset.Row> rows,
                         long seed) {
        List<TrainingDataset.Row> sample = TrainingRows.capped(rows, MAX_ROWS, seed);
        double[] sums = new double[featureNames.size()];
        for (TrainingDataset.Row row : sample) {
            ShapValues shap = ensemble.shap(row.features());
            int output = shap.numOutputs() == 1 ? 0 : argmax(ensemble.predictProba(row.features()));
            for (int f = 0; f < sums.length; f++) {
                sums[f] += Math.abs(shap.contribution(output, f));
            }
        }
        JsonObject importance = new JsonObject();
        for (int f = 0; f < sums.length; f++) {
            if (storeFeatures.contains(featureNames.get(f))) {
                importance.put(featureNames.get(f), sample.isEmpty() ? 0.0 : sums[f] / sample.size());
            }
        }
        return importance;
    }

    /** The class the scorer explains: the first of the highest probability. */
    private static int argmax(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }
}
