package com.roisystems.ml.training;

import com.roisystems.ml.model.IsotonicCalibration;
import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * A run's evaluation artifacts on its test rows, for {@code ml_experiments.artifacts}: for the binary models the
 * reliability bins (as the trainer computed them) and the confusion matrix at the model's threshold (MOVE_PROBABILITY: the
 * calibrated probability at the validation-chosen decision threshold; CONTACT_TIMING: the slot probability at the test
 * rows' best-F1 threshold the metrics report); for TRANSACTION_TYPE the confusion matrix over the classes and the
 * reliability of the predicted class's probability; for PROPERTY_VALUE the residual quantiles (log value and dollars).
 *
 * <p>{@code JsonObject artifacts = EvaluationArtifacts.of(artifact, ensemble, testRows, metrics);}
 */
final class EvaluationArtifacts {

    static final double[] QUANTILES = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};

    private EvaluationArtifacts() {
    }

    static JsonObject of(ModelArtifact artifact, CompiledEnsemble ensemble, List<TrainingDataset.Row> test, JsonObject metrics) {
        int[] y = TrainingRows.classes(test);
        return switch (artifact.predictionType()) {
            case MOVE_PROBABILITY -> {
                JsonObject calibrationJson = artifact.metadata().getJsonObject("calibration");
                IsotonicCalibration calibration = calibrationJson == null ? null : IsotonicCalibration.fromJson(calibrationJson);
                double[] p = test.stream().mapToDouble(row -> {
                    double raw = ensemble.predictProba(row.features())[1];
                    return calibration == null ? raw : calibration.apply(raw);
                }).toArray();
                double threshold = artifact.metadata().getDouble("decision_threshold", 0.5);
                yield binary(artifact, y, p, threshold, metrics);
            }
            case CONTACT_TIMING -> {
                double[] p = Arrays.stream(ensemble.predictProbaBatch(TrainingRows.x(test))).mapToDouble(row -> row[1]).toArray();
                yield binary(artifact, y, p, metrics.getDouble("threshold", 0.5), metrics);
            }
            case TRANSACTION_TYPE -> multiclass(artifact, ensemble, test);
            case PROPERTY_VALUE -> residuals(ensemble, test);
        };
    }

    private static JsonObject binary(ModelArtifact artifact, int[] y, double[] p, double threshold, JsonObject metrics) {
        long[][] matrix = new long[2][2];
        for (int i = 0; i < y.length; i++) {
            matrix[y[i]][p[i] >= threshold ? 1 : 0]++;
        }
        JsonArray reliability = metrics.getJsonArray("reliability");
        return new JsonObject().put("reliability_bins", reliability == null ? Metrics.reliability(y, p, 10) : reliability)
                .put("confusion_matrix", confusion(artifact.metadata().getJsonArray("class_labels"), matrix).put("threshold", threshold));
    }

    private static JsonObject multiclass(ModelArtifact artifact, CompiledEnsemble ensemble, List<TrainingDataset.Row> test) {
        JsonArray labels = artifact.metadata().getJsonArray("class_labels");
        List<String> all = TransactionTypes.LABELS;
        long[][] matrix = new long[labels.size()][labels.size()];
        int[] correct = new int[test.size()];
        double[] confidence = new double[test.size()];
        for (int i = 0; i < test.size(); i++) {
            double[] probabilities = ensemble.predictProba(test.get(i).features());
            int best = 0;
            for (int c = 1; c < probabilities.length; c++) {
                best = probabilities[c] > probabilities[best] ? c : best;
            }
            int actual = labels.getList().indexOf(all.get((int) test.get(i).label()));
            if (actual >= 0) {
                matrix[actual][best]++;
            }
            correct[i] = actual == best ? 1 : 0;
            confidence[i] = probabilities[best];
        }
        return new JsonObject().put("confusion_matrix", confusion(labels, matrix))
                .put("reliability_bins", Metrics.reliability(correct, confidence, 10))
                .put("reliability_of", "the predicted class's probability against whether it was the actual class");
    }

    /** {@code {"labels": [...], "rows": "actual", "columns": "predicted", "counts": [[...], ...]}}. */
    private static JsonObject confusion(JsonArray labels, long[][] matrix) {
        JsonArray counts = new JsonArray();
        for (long[] row : matrix) {
            counts.add(new JsonArray(Arrays.stream(row).boxed().toList()));
        }
        return new JsonObject().put("labels", labels).put("rows", "actual").put("columns", "predicted").put("counts", counts);
    }

    private static JsonObject residuals(CompiledEnsemble ensemble, List<TrainingDataset.Row> test) {
        double[] log = new double[test.size()];
        double[] usd = new double[test.size()];
        for (int i = 0; i < test.size(); i++) {
            double predicted = ensemble.predictValue(test.get(i).features());
            log[i] = test.get(i).label() - predicted;
            usd[i] = Math.exp(test.get(i).label()) - Math.exp(predicted);
        }
        return new JsonObject().put("residual_quantiles", new JsonObject()
                .put("definition", "actual - predicted, at quantiles " + Arrays.toString(QUANTILES))
                .put("log_value", quantiles(log)).put("usd", quantiles(usd)).put("rows", test.size()));
    }

    /** Linear interpolation between order statistics (the common "type 7" definition). */
    static JsonObject quantiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        JsonObject out = new JsonObject();
        for (double q : QUANTILES) {
            double position = q * (sorted.length - 1);
            int low = (int) Math.floor(position);
            int high = Math.min(sorted.length - 1, low + 1);
            out.put(String.format(java.util.Locale.ROOT, "p%02d", Math.round(q * 100)),
                    sorted.length == 0 ? null : sorted[low] + (position - low) * (sorted[high] - sorted[low]));
        }
        return out;
    }
}
