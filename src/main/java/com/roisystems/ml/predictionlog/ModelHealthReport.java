package com.roisystems.ml.predictionlog;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** Folds live and persisted counters into the model health answer of the original design. */
final class ModelHealthReport {

    private ModelHealthReport() {
    }

    static PredictionLogContract.ModelStats build(String modelName, List<Map.Entry<ModelHealthStats.Key, ModelHealthStats.Counters>> live,
                            List<JsonObject> persisted) {
        long predictions = 0;
        long errors = 0;
        double latencyWeighted = 0;
        double p95 = 0;
        String lastPredictionAt = null;
        Integer latestVersion = null;
        for (Map.Entry<ModelHealthStats.Key, ModelHealthStats.Counters> entry : live) {
            ModelHealthStats.Counters counters = entry.getValue();
            predictions += counters.predictions;
            errors += counters.errors;
            latencyWeighted += counters.latencySumMs;
            p95 = Math.max(p95, counters.p95LatencyMs());
            if (counters.lastPredictionAt != null && (lastPredictionAt == null || counters.lastPredictionAt.toString().compareTo(lastPredictionAt) > 0)) {
                lastPredictionAt = counters.lastPredictionAt.toString();
            }
            latestVersion = latestVersion == null ? entry.getKey().version() : Math.max(latestVersion, entry.getKey().version());
        }
        // Persisted rows include what this process already flushed; live counters since start are the
        // authority for this process, persisted rows add what earlier processes served.
        if (live.isEmpty()) {
            for (JsonObject row : persisted) {
                // A monitoring window's row has no latency of its own (NULL): a present-but-null key reads as null, not the default.
                long count = orZero(row.getLong("predictions"));
                predictions += count;
                errors += orZero(row.getLong("errors"));
                latencyWeighted += orZero(row.getDouble("avg_latency_ms")) * count;
                p95 = Math.max(p95, orZero(row.getDouble("p95_latency_ms")));
                latestVersion = latestVersion == null ? row.getInteger("model_version") : Math.max(latestVersion, row.getInteger("model_version"));
            }
        }
        long requests = predictions + errors;
        return new PredictionLogContract.ModelStats(modelName, latestVersion, predictions, errors,
                requests == 0 ? 0.0 : Math.round(latencyWeighted / requests * 1000) / 1000.0,
                Math.round(p95 * 1000) / 1000.0,
                requests == 0 ? 0.0 : (double) errors / requests, lastPredictionAt, false, List.of());
    }

    private static long orZero(Long value) {
        return value == null ? 0L : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0.0 : value;
    }
}
