package com.roisystems.ml.monitoring.alert;

import com.roisystems.ml.monitoring.MonitoringContract.DriftWindow;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceWindow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus gauges of each model's latest windows, for Grafana to chart and alert on:
 * {@code roi_model_feature_drift{model,version,feature,metric}} (each feature's, and the prediction's as feature
 * {@code _prediction}, PSI, KS statistic, normalised Wasserstein, Jensen–Shannon and chi-squared),
 * {@code roi_model_drift_detected{model}} (1 or 0), {@code roi_model_auc}, {@code roi_model_rmse} and
 * {@code roi_model_top_k_hit_rate} {@code {model,kind=realised|estimated}}, {@code roi_model_alerts_active{model}}.
 * Cardinality stays bounded: only the latest window of each model is shown, and a series the latest evaluation did not
 * produce (an older version's, a model with no recent window) is removed from the registry. Updated on one thread;
 * scrapes read the values from any.
 *
 * <p>{@code gauges.update(latestWindows, latestPerformance, activePerModel)}
 */
final class ModelGauges {

    static final String FEATURE_DRIFT = "roi_model_feature_drift";
    static final String DRIFT_DETECTED = "roi_model_drift_detected";
    static final String ALERTS_ACTIVE = "roi_model_alerts_active";
    /** Performance gauges by the metric key of the performance document. */
    static final Map<String, String> PERFORMANCE = Map.of("auc", "roi_model_auc", "rmse", "roi_model_rmse",
            "top_k_hit_rate", "roi_model_top_k_hit_rate");
    /** The drift metrics exported per feature, by their key in {@code ml_monitoring.feature_drift}. */
    static final List<String> DRIFT_METRICS = List.of("psi", "ks_statistic", "wasserstein_normalized", "jensen_shannon", "chi_squared");
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            FEATURE_DRIFT, "Drift metric of a feature in the model's latest compared hourly window",
            DRIFT_DETECTED, "1 when the model's latest compared hourly window drifted",
            ALERTS_ACTIVE, "Open model monitoring alerts",
            "roi_model_auc", "AUC of the model's latest window with performance, realised or estimated (CBPE)",
            "roi_model_rmse", "RMSE of the model's latest window with performance",
            "roi_model_top_k_hit_rate", "Top-k hit rate of the model's latest window with performance");

    private record Series(String name, Tags tags) {
    }

    /** A gauge's value, written by the evaluator and read by scrapes. */
    private static final class Cell {
        volatile double value;
    }

    private final MeterRegistry registry;
    private final Map<Series, Cell> cells = new HashMap<>();
    private final Map<Series, Gauge> gauges = new HashMap<>();

    ModelGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void update(List<DriftWindow> windows, List<PerformanceWindow> performance, Map<String, Long> activePerModel) {
        Map<Series, Double> wanted = new LinkedHashMap<>();
        Map<String, Long> active = new HashMap<>(activePerModel);
        for (DriftWindow window : windows) {
            wanted.put(new Series(DRIFT_DETECTED, Tags.of("model", window.modelName())), window.driftDetected() ? 1.0 : 0.0);
            active.putIfAbsent(window.modelName(), 0L);
            window.features().forEach(entry -> {
                if (entry.getValue() instanceof JsonObject metrics) {
                    featureSeries(wanted, window, entry.getKey(), metrics);
                }
            });
            if (window.prediction() != null) {
                featureSeries(wanted, window, "_prediction", window.prediction());
            }
        }
        for (PerformanceWindow window : performance) {
            active.putIfAbsent(window.modelName(), 0L);
            performanceSeries(wanted, window.modelName(), "realised", window.realised());
            performanceSeries(wanted, window.modelName(), "estimated", window.estimated());
        }
        active.forEach((model, count) -> wanted.put(new Series(ALERTS_ACTIVE, Tags.of("model", model)), count.doubleValue()));
        apply(wanted);
    }

    private static void featureSeries(Map<Series, Double> wanted, DriftWindow window, String feature, JsonObject metrics) {
        for (String metric : DRIFT_METRICS) {
            if (metrics.getValue(metric) instanceof Number value && Double.isFinite(value.doubleValue())) {
                wanted.put(new Series(FEATURE_DRIFT, Tags.of("model", window.modelName(), "version", Integer.toString(window.modelVersion()),
                        "feature", feature, "metric", metric)), value.doubleValue());
            }
        }
    }

    private static void performanceSeries(Map<Series, Double> wanted, String model, String kind, JsonObject block) {
        if (block == null) {
            return;
        }
        PERFORMANCE.forEach((metric, name) -> {
            if (block.getValue(metric) instanceof Number value && Double.isFinite(value.doubleValue())) {
                wanted.put(new Series(name, Tags.of("model", model, "kind", kind)), value.doubleValue());
            }
        });
    }

    private void apply(Map<Series, Double> wanted) {
        gauges.entrySet().removeIf(entry -> {
            if (wanted.containsKey(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue());
            cells.remove(entry.getKey());
            return true;
        });
        wanted.forEach((series, value) -> cells.computeIfAbsent(series, this::register).value = value);
    }

    private Cell register(Series series) {
        Cell cell = new Cell();
        gauges.put(series, Gauge.builder(series.name(), cell, c -> c.value).tags(series.tags())
                .description(DESCRIPTIONS.get(series.name())).strongReference(true).register(registry));
        return cell;
    }

    /** Removes every gauge (the evaluator's owner stops). */
    void close() {
        gauges.values().forEach(registry::remove);
        gauges.clear();
        cells.clear();
    }
}
