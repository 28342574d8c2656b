package com.roisystems.ml.training;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The oracle's score on the same test rows, from the simulator's truth carried in each row's
 * {@code oracle} value: the best any model could do. Rows without truth (real data) give {@code null}.
 */
final class Oracle {

    private Oracle() {
    }

    /** AUC of the true probabilities against the observed labels. */
    static Double auc(List<TrainingDataset.Row> rows) {
        List<TrainingDataset.Row> known = rows.stream().filter(row -> !Double.isNaN(row.oracle())).toList();
        if (known.isEmpty()) {
            return null;
        }
        return Metrics.auc(TrainingRows.classes(known), known.stream().mapToDouble(TrainingDataset.Row::oracle).toArray());
    }

    /** {@code {"metric", "value", "baseline", "oracle", "gap"}}; the gap is how far the model is from the oracle. */
    static JsonObject evaluation(String metric, double value, double baseline, Double oracle, boolean higherIsBetter) {
        JsonObject json = new JsonObject().put("metric", metric).put("value", value).put("baseline", baseline);
        if (oracle != null) {
            json.put("oracle", oracle).put("gap", higherIsBetter ? oracle - value : value - oracle);
        }
        return json;
    }
}
