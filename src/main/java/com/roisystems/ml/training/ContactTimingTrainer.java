package com.roisystems.ml.training;

import com.roisystems.ml.model.SmileModels;
import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import smile.data.type.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * CONTACT_TIMING: a binary engagement model over (person features x week slot). Scoring a person means
 * scoring all 168 slots and ranking them: {@link #rank} gives the best day and hour and the alternatives.
 * Evaluated by the top-3 hit rate: for each test (person, cut-off) with any engagement after the
 * cut-off, whether one of the three best-scored slots was engaged. Baseline: the globally most popular
 * slots; oracle: the person's true propensities.
 *
 * <p>{@code List<Slot> best = ContactTimingTrainer.rank(artifact, personFeatures, history, 3);}
 */
public final class ContactTimingTrainer {

    /** A ranked week slot: index (day x 24 + hour, Monday = 0, UTC), readable form, probability. */
    public record Slot(int slot, String when, double probability) {
    }

    public TrainedModel train(TrainingDataset dataset, HyperParameters hp) {
        List<TrainingDataset.Row> train = TrainingRows.capped(dataset.rows(TrainingDataset.Split.TRAIN), hp.maxTrainingRows(), hp.seed());
        TrainingRows.require(PredictionType.CONTACT_TIMING, dataset, train, true);
        long started = System.nanoTime();
        var model = Boosting.classifier(dataset.featureNames(), TrainingRows.x(train), TrainingRows.classes(train), hp);
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonObject metadata = new JsonObject().put("prediction_type", PredictionType.CONTACT_TIMING.name())
                .put("feature_names", new JsonArray(dataset.featureNames())).put("class_labels", new JsonArray(List.of("NOT_ENGAGED", "ENGAGED")))
                .put("slot_features", new JsonArray(ContactSlots.FEATURES)).put("person_features", new JsonArray(ContactSlots.PERSON_FEATURES))
                .put("slot_encoding", "slot = iso_dow_0_based * 24 + hour (UTC); shares from engagements in the "
                        + ContactSlots.HISTORY_DAYS + " days before the scoring time (ContactSlots.encode)")
                .put("missing_value", TrainingDataset.MISSING).put("hyper_parameters", hp.toJson())
                .put("label", dataset.description().getString("label"));
        ModelArtifact artifact = new ModelArtifact(metadata, model);

        // One schema for every evaluation: rebuilding it per row dominated scoring 168 slots per person.
        var schema = SmileModels.schema(dataset.featureNames());
        double[] popularity = new double[ContactSlots.SLOTS];
        train.forEach(row -> popularity[row.slot()] += row.label());
        JsonObject metrics = evaluate(model, schema, popularity, dataset.rows(TrainingDataset.Split.TEST));
        JsonObject evaluation = Oracle.evaluation("top3_hit_rate", metrics.getDouble("top3_hit_rate"),
                metrics.getDouble("popularity_top3_hit_rate"), metrics.getDouble("oracle_top3_hit_rate"), true);
        metrics.put(UnseenEntities.KEY, UnseenEntities.report(dataset, rows -> evaluate(model, schema, popularity, rows)))
                .put(UnseenEntities.SEEN_SHARE, UnseenEntities.seenShare(dataset))
                .put("evaluation", evaluation);
        return new TrainedModel(PredictionType.CONTACT_TIMING, getClass().getSimpleName(), artifact, metrics, evaluation, hp, seconds);
    }

    /** Binary metrics (threshold: best F1 on these rows), the top-3 hit rates of the model, of popularity and of the oracle. */
    private static JsonObject evaluate(smile.classification.GradientTreeBoost model, StructType schema, double[] popularity,
                                       List<TrainingDataset.Row> rows) {
        double[] p = rows.stream().mapToDouble(row -> SmileModels.posteriors(model, schema, row.features(), 2)[1]).toArray();
        int[] y = TrainingRows.classes(rows);
        JsonObject metrics = Metrics.binary(y, p, Metrics.bestF1Threshold(y, p));
        double[] oracleScore = rows.stream().mapToDouble(TrainingDataset.Row::oracle).toArray();
        double[] popularScore = rows.stream().mapToDouble(row -> popularity[row.slot()]).toArray();
        Double oracle = Double.isNaN(oracleScore.length == 0 ? Double.NaN : oracleScore[0]) ? null : top3HitRate(rows, oracleScore);
        return metrics.put("top3_hit_rate", top3HitRate(rows, p)).put("popularity_top3_hit_rate", top3HitRate(rows, popularScore))
                .put("oracle_top3_hit_rate", oracle).put("oracle_auc", Oracle.auc(rows));
    }

    /** Share of (person, cut-off) groups with any engagement where a top-3 slot by {@code score} was engaged. */
    static double top3HitRate(List<TrainingDataset.Row> rows, double[] score) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            groups.computeIfAbsent(rows.get(i).entityId() + "@" + rows.get(i).cutoff(), k -> new ArrayList<>()).add(i);
        }
        int groupsWithEngagement = 0;
        int hits = 0;
        for (List<Integer> group : groups.values()) {
            if (group.stream().noneMatch(i -> rows.get(i).label() == 1)) {
                continue;
            }
            groupsWithEngagement++;
            boolean hit = group.stream().sorted(Comparator.comparingDouble((Integer i) -> -score[i])).limit(3)
                    .anyMatch(i -> rows.get(i).label() == 1);
            hits += hit ? 1 : 0;
        }
        return groupsWithEngagement == 0 ? 0 : hits / (double) groupsWithEngagement;
    }

    /** Scores the 168 slots for one person ({@code person}: the artifact's person features; {@code history}: engagements per slot). */
    public static List<Slot> rank(ModelArtifact artifact, double[] person, int[] history, int top) {
        return IntStream.range(0, ContactSlots.SLOTS).mapToObj(slot -> {
                    double[] slotFeatures = ContactSlots.encode(slot, history);
                    double[] features = new double[person.length + slotFeatures.length];
                    System.arraycopy(person, 0, features, 0, person.length);
                    System.arraycopy(slotFeatures, 0, features, person.length, slotFeatures.length);
                    return new Slot(slot, ContactSlots.describe(slot), artifact.posteriors(features)[1]);
                })
                .sorted(Comparator.comparingDouble((Slot s) -> -s.probability()))
                .limit(top).toList();
    }
}
