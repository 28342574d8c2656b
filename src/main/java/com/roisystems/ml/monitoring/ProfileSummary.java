package com.roisystems.ml.monitoring;

import com.roisystems.ml.monitoring.MonitoringContract.FeatureSummary;
import com.roisystems.ml.monitoring.MonitoringContract.ReferenceSummary;
import com.roisystems.ml.monitoring.drift.FeatureDistribution;
import com.roisystems.ml.monitoring.drift.NumericDistribution;
import com.roisystems.ml.monitoring.profile.Profile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A profile as people read it: per feature its count, null rate, quantiles and mean (numeric) or most frequent
 * categories (categorical), read off the sketches; never the sketch bytes. CPU work: run it off the event loop.
 *
 * <p>{@code ProfileSummary.of("move_probability_model", 4, createdAt, profile)}
 */
final class ProfileSummary {

    /** The quantiles shown, by name. */
    private static final Map<String, Double> QUANTILES = quantiles();
    /** The most categories shown per feature. */
    static final int TOP_CATEGORIES = 10;

    private ProfileSummary() {
    }

    static ReferenceSummary of(String modelName, int version, Instant createdAt, Profile profile) {
        List<FeatureSummary> features = new ArrayList<>();
        profile.featureDistributions().forEach((name, distribution) -> features.add(feature(name, distribution)));
        FeatureDistribution prediction = profile.predictionDistribution();
        return new ReferenceSummary(modelName, version, createdAt, profile.rows(), features,
                prediction == null ? null : feature("prediction", prediction));
    }

    static FeatureSummary feature(String name, FeatureDistribution distribution) {
        long count = distribution.present();
        if (distribution.kind() == FeatureDistribution.Kind.NUMERIC) {
            NumericDistribution values = distribution.numeric();
            JsonObject quantiles = null;
            Double mean = null;
            if (!values.isEmpty()) {
                JsonObject shown = new JsonObject();
                QUANTILES.forEach((label, p) -> shown.put(label, values.quantile(p)));
                quantiles = shown;
                mean = values.mean();
            }
            return new FeatureSummary(name, distribution.kind().name(), count, distribution.nulls(), distribution.nullRate(), quantiles, mean, null);
        }
        JsonArray top = new JsonArray();
        distribution.categorical().counts().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_CATEGORIES)
                .forEach(entry -> top.add(new JsonObject().put("category", entry.getKey()).put("count", entry.getValue())
                        .put("share", count == 0 ? 0.0 : entry.getValue() / (double) count)));
        return new FeatureSummary(name, distribution.kind().name(), count, distribution.nulls(), distribution.nullRate(), null, null, top);
    }

    private static Map<String, Double> quantiles() {
        Map<String, Double> quantiles = new java.util.LinkedHashMap<>();
        quantiles.put("min", 0.0);
        quantiles.put("p01", 0.01);
        quantiles.put("p05", 0.05);
        quantiles.put("p25", 0.25);
        quantiles.put("p50", 0.50);
        quantiles.put("p75", 0.75);
        quantiles.put("p95", 0.95);
        quantiles.put("p99", 0.99);
        quantiles.put("max", 1.0);
        return java.util.Collections.unmodifiableMap(quantiles);
    }
}
