package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.IsotonicCalibration;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * MOVE_PROBABILITY: a binary boosted-tree model, calibrated by isotonic regression on the validation
 * split; the decision threshold (max F1 on validation) and the HIGH / MEDIUM / LOW bands are stored in
 * the artifact. Confidence is the calibrated probability of the predicted side, {@code max(p, 1 - p)}.
 *
 * <p>{@code TrainedModel m = new MovePropensityTrainer(0.30, 0.10).train(dataset, HyperParameters.defaults());}
 */
public final class MovePropensityTrainer {

    private final double highThreshold;
    private final double mediumThreshold;

    public MovePropensityTrainer(double highThreshold, double mediumThreshold) {
        if (!(mediumThreshold > 0 && mediumThreshold < highThreshold && highThreshold < 1)) {
            throw ServiceFailure.invalid("thresholds", "need 0 < medium < high < 1, got medium " + mediumThreshold + ", high " + highThreshold);
        }
        this.highThreshold = highThreshold;
        this.mediumThreshold = mediumThreshold;
    }

    public TrainedModel train(TrainingDataset dataset, HyperParameters hp) {
        List<TrainingDataset.Row> train = TrainingRows.capped(dataset.rows(TrainingDataset.Split.TRAIN), hp.maxTrainingRows(), hp.seed());
        TrainingRows.require(PredictionType.MOVE_PROBABILITY, dataset, train, true);
        long started = System.nanoTime();
        var model = Boosting.classifier(dataset.featureNames(), TrainingRows.x(train), TrainingRows.classes(train), hp);
        double seconds = (System.nanoTime() - started) / 1e9;

        JsonObject metadata = new JsonObject().put("prediction_type", PredictionType.MOVE_PROBABILITY.name())
                .put("feature_names", new JsonArray(dataset.featureNames())).put("class_labels", new JsonArray(List.of("NO_MOVE", "MOVE")))
                .put("missing_value", TrainingDataset.MISSING).put("hyper_parameters", hp.toJson())
                .put("label", dataset.description().getString("label"));
        ModelArtifact uncalibrated = new ModelArtifact(metadata.copy(), model);
        List<TrainingDataset.Row> validation = dataset.rows(TrainingDataset.Split.VALIDATION);
        double[] validationRaw = validation.stream().mapToDouble(row -> uncalibrated.posteriors(row.features())[1]).toArray();
        IsotonicCalibration calibration = IsotonicCalibration.fit(validationRaw, TrainingRows.classes(validation));
        double[] validationCalibrated = Arrays.stream(validationRaw).map(calibration::apply).toArray();
        double decision = Metrics.bestF1Threshold(TrainingRows.classes(validation), validationCalibrated);
        metadata.put("calibration", calibration.toJson()).put("decision_threshold", decision)
                .put("thresholds", new JsonObject().put("HIGH", highThreshold).put("MEDIUM", mediumThreshold))
                .put("confidence", "calibrated probability of the predicted side: max(p, 1 - p)");
        ModelArtifact artifact = new ModelArtifact(metadata, model);

        JsonObject metrics = evaluate(artifact, dataset.rows(TrainingDataset.Split.TEST), decision);
        JsonObject evaluation = Oracle.evaluation("auc", metrics.getDouble("auc"), 0.5, metrics.getDouble("oracle_auc"), true);
        metrics.put(UnseenEntities.KEY, UnseenEntities.report(dataset, rows -> evaluate(artifact, rows, decision)))
                .put(UnseenEntities.SEEN_SHARE, UnseenEntities.seenShare(dataset))
                .put("evaluation", evaluation);
        return new TrainedModel(PredictionType.MOVE_PROBABILITY, getClass().getSimpleName(), artifact, metrics, evaluation, hp, seconds);
    }

    /** Binary metrics at the validation-chosen threshold and the oracle's AUC on the same rows. */
    private static JsonObject evaluate(ModelArtifact artifact, List<TrainingDataset.Row> rows, double decision) {
        double[] p = rows.stream().mapToDouble(row -> artifact.probability(row.features())).toArray();
        return Metrics.binary(TrainingRows.classes(rows), p, decision).put("oracle_auc", Oracle.auc(rows));
    }

    /** HIGH / MEDIUM / LOW for a calibrated probability, by the artifact's thresholds. */
    public static String band(ModelArtifact artifact, double probability) {
        JsonObject thresholds = artifact.metadata().getJsonObject("thresholds");
        return probability >= thresholds.getDouble("HIGH") ? "HIGH" : probability >= thresholds.getDouble("MEDIUM") ? "MEDIUM" : "LOW";
    }

    public static double confidence(double probability) {
        return Math.max(probability, 1 - probability);
    }
}
