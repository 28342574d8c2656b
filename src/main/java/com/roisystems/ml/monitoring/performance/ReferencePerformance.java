package com.roisystems.ml.monitoring.performance;

import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonObject;

/**
 * The {@code reference} block of a window's performance: what the version scored on its test split at training
 * ({@code ml_models.metrics}, as the trainers store it), under the keys the realised block uses, so the two compare
 * directly. PROPERTY_VALUE's RMSE is the dollar one ({@code rmse_usd}; its {@code rmse} is on the log scale);
 * CONTACT_TIMING's hit rate is training's top-3 ({@code k} says so). Null when the version stored none of them.
 */
final class ReferencePerformance {

    static JsonObject of(PredictionType type, int version, JsonObject metrics) {
        if (metrics == null) {
            return null;
        }
        JsonObject reference = new JsonObject();
        switch (type) {
            case MOVE_PROBABILITY -> {
                copy(metrics, "auc", reference, "auc");
                copy(metrics, "brier", reference, "brier");
                copy(metrics, "log_loss", reference, "log_loss");
            }
            case TRANSACTION_TYPE -> {
                copy(metrics, "accuracy", reference, "accuracy");
                copy(metrics, "macro_f1", reference, "macro_f1");
            }
            case PROPERTY_VALUE -> copy(metrics, "rmse_usd", reference, "rmse");
            case CONTACT_TIMING -> {
                if (copy(metrics, "top3_hit_rate", reference, "top_k_hit_rate")) {
                    reference.put("k", 3);
                }
            }
        }
        if (reference.isEmpty()) {
            return null;
        }
        return reference.put("source", "ml_models.metrics of version " + version + " (its test split)");
    }

    private static boolean copy(JsonObject from, String fromKey, JsonObject to, String toKey) {
        if (from.getValue(fromKey) instanceof Number number && Double.isFinite(number.doubleValue())) {
            to.put(toKey, number.doubleValue());
            return true;
        }
        return false;
    }

    private ReferencePerformance() {
    }
}
