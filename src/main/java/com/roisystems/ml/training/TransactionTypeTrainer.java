package com.roisystems.ml.training;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * TRANSACTION_TYPE: multi-class boosted trees over BUY, SELL, REFINANCE, INVESTMENT. Smile numbers the
 * classes present in training in ascending label order, so the artifact's {@code class_labels} list the
 * posterior positions. The oracle is the simulator's true next transaction type (macro-F1).
 *
 * <p>{@code TrainedModel m = new TransactionTypeTrainer().train(dataset, HyperParameters.defaults());}
 */
public final class TransactionTypeTrainer {

    public TrainedModel train(TrainingDataset dataset, HyperParameters hp) {
        List<TrainingDataset.Row> train = TrainingRows.capped(dataset.rows(TrainingDataset.Split.TRAIN), hp.maxTrainingRows(), hp.seed());
        TrainingRows.require(PredictionType.TRANSACTION_TYPE, dataset, train, true);
        int[] trainLabels = TrainingRows.classes(train);
        int[] present = Arrays.stream(trainLabels).distinct().sorted().toArray();
        long started = System.nanoTime();
        var model = Boosting.classifier(dataset.featureNames(), TrainingRows.x(train), trainLabels, hp);
        double seconds = (System.nanoTime() - started) / 1e9;

        JsonObject metadata = new JsonObject().put("prediction_type", PredictionType.TRANSACTION_TYPE.name())
                .put("feature_names", new JsonArray(dataset.featureNames()))
                .put("class_labels", new JsonArray(Arrays.stream(present).mapToObj(TransactionTypes.LABELS::get).toList()))
                .put("missing_value", TrainingDataset.MISSING).put("hyper_parameters", hp.toJson())
                .put("label", dataset.description().getString("label"));
        ModelArtifact artifact = new ModelArtifact(metadata, model);

        int majority = IntStream.of(present).boxed().max((x, z) -> Long.compare(count(trainLabels, x), count(trainLabels, z))).orElse(0);
        JsonObject metrics = evaluate(artifact, present, majority, dataset.rows(TrainingDataset.Split.TEST));
        JsonObject evaluation = Oracle.evaluation("macro_f1", metrics.getDouble("macro_f1"), metrics.getDouble("majority_class_macro_f1"),
                metrics.getDouble("oracle_macro_f1"), true);
        metrics.put(UnseenEntities.KEY, UnseenEntities.report(dataset, rows -> evaluate(artifact, present, majority, rows)))
                .put(UnseenEntities.SEEN_SHARE, UnseenEntities.seenShare(dataset))
                .put("evaluation", evaluation);
        return new TrainedModel(PredictionType.TRANSACTION_TYPE, getClass().getSimpleName(), artifact, metrics, evaluation, hp, seconds);
    }

    /** Multi-class metrics, the training majority class's macro-F1 and the oracle's on the same rows. */
    private static JsonObject evaluate(ModelArtifact artifact, int[] present, int majority, List<TrainingDataset.Row> rows) {
        int[] y = TrainingRows.classes(rows);
        double[][] proba = new double[rows.size()][TransactionTypes.LABELS.size()];
        int[] predicted = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] posteriors = artifact.posteriors(rows.get(i).features());
            int best = 0;
            for (int k = 0; k < posteriors.length; k++) {
                proba[i][present[k]] = posteriors[k];
                best = posteriors[k] > posteriors[best] ? k : best;
            }
            predicted[i] = present[best];
        }
        int classes = TransactionTypes.LABELS.size();
        JsonObject metrics = Metrics.multiclass(y, predicted, proba, classes);
        double baseline = Metrics.macro(y, IntStream.range(0, y.length).map(i -> majority).toArray(), classes).getDouble("macro_f1");
        List<TrainingDataset.Row> known = rows.stream().filter(row -> !Double.isNaN(row.oracle())).toList();
        Double oracle = known.isEmpty() ? null : Metrics.macro(TrainingRows.classes(known),
                known.stream().mapToInt(row -> (int) row.oracle()).toArray(), classes).getDouble("macro_f1");
        return metrics.put("majority_class_macro_f1", baseline).put("oracle_macro_f1", oracle);
    }

    private static long count(int[] labels, int label) {
        return Arrays.stream(labels).filter(l -> l == label).count();
    }
}
