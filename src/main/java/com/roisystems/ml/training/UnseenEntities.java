package com.roisystems.ml.training;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The test rows whose entity (user; property for PROPERTY_VALUE) never appears in the training split: what a model
 * meets for a new customer's homes and people. Every trainer reports its test metrics on them too, beside the
 * share of test entities that training did see.
 *
 * <p>{@code metrics.put(UnseenEntities.KEY, UnseenEntities.report(dataset, rows -> evaluate(rows)));}
 */
final class UnseenEntities {

    static final String KEY = "unseen_entities";
    static final String SEEN_SHARE = "test_entities_seen_share";

    private UnseenEntities() {
    }

    static List<TrainingDataset.Row> rows(TrainingDataset dataset) {
        Set<String> trained = trainedEntities(dataset);
        return dataset.rows(TrainingDataset.Split.TEST).stream().filter(row -> !trained.contains(row.entityId())).toList();
    }

    /** Share of distinct test entities that also appear in the training split (0 when there are no test rows). */
    static double seenShare(TrainingDataset dataset) {
        Set<String> trained = trainedEntities(dataset);
        Set<String> tested = dataset.rows(TrainingDataset.Split.TEST).stream().map(TrainingDataset.Row::entityId).collect(Collectors.toSet());
        return tested.isEmpty() ? 0 : tested.stream().filter(trained::contains).count() / (double) tested.size();
    }

    /**
     * {@code {"rows", "entities", "metrics"}}: {@code metrics} computed by {@code evaluate} on the unseen test rows, or
     * null when there are none (metrics of nothing would be NaN, which JSON cannot hold).
     */
    static JsonObject report(TrainingDataset dataset, Function<List<TrainingDataset.Row>, JsonObject> evaluate) {
        List<TrainingDataset.Row> unseen = rows(dataset);
        return new JsonObject().put("rows", unseen.size())
                .put("entities", unseen.stream().map(TrainingDataset.Row::entityId).distinct().count())
                .put("metrics", unseen.isEmpty() ? null : evaluate.apply(unseen));
    }

    private static Set<String> trainedEntities(TrainingDataset dataset) {
        return dataset.rows(TrainingDataset.Split.TRAIN).stream().map(TrainingDataset.Row::entityId).collect(Collectors.toSet());
    }
}
