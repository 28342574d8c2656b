package com.roisystems.ml.monitoring.alert;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code monitoring.alerts} configuration section: where alerts are POSTed (Alertmanager JSON; empty: nowhere), how
 * often a failed POST is retried and how long it waits first, the base of each alert's {@code generatorURL}, how old a
 * model's latest window may be before its alerts resolve and its gauges go (a version no longer served writes no
 * windows), and when performance has degraded: at least {@code minLabelled} labelled rows (or {@code minEstimatedRows}
 * rows for the CBPE estimate) and the metric worse than the version's reference by its margin — an absolute drop for
 * the metrics where higher is better (auc, accuracy, macro_f1, top_k_hit_rate), a relative rise for rmse.
 *
 * <p>{@code AlertSettings.of(config())}
 */
public record AlertSettings(boolean enabled, String webhookUrl, int webhookRetries, long webhookRetryDelayMs,
                            long webhookTimeoutMs, String generatorBaseUrl, long staleAfterMs, long minLabelled,
                            long minEstimatedRows, Map<String, Double> margins) {

    /** Metrics where a lower value is better; their margin is a relative rise over the reference. */
    static final String RMSE = "rmse";
    static final Map<String, Double> DEFAULT_MARGINS = defaultMargins();

    public AlertSettings {
        if (webhookRetries < 0 || webhookRetries > 10) {
            throw new IllegalArgumentException("monitoring.alerts.webhookRetries must be 0..10, got " + webhookRetries);
        }
        if (webhookRetryDelayMs < 0 || webhookTimeoutMs < 1) {
            throw new IllegalArgumentException("monitoring.alerts.webhookRetryDelayMs must be >= 0 and webhookTimeoutMs >= 1");
        }
        if (staleAfterMs < 1) {
            throw new IllegalArgumentException("monitoring.alerts.staleAfterMs must be positive, got " + staleAfterMs);
        }
        if (minLabelled < 1 || minEstimatedRows < 1) {
            throw new IllegalArgumentException("monitoring.alerts.minLabelled and minEstimatedRows must be at least 1");
        }
        margins.forEach((metric, margin) -> {
            if (!DEFAULT_MARGINS.containsKey(metric)) {
                throw new IllegalArgumentException("monitoring.alerts.margins." + metric + " is not a metric alerts know: " + DEFAULT_MARGINS.keySet());
            }
            if (margin == null || !(margin >= 0)) {
                throw new IllegalArgumentException("monitoring.alerts.margins." + metric + " must be a number >= 0, got " + margin);
            }
        });
        margins = Map.copyOf(margins);
        webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl;
    }

    public static AlertSettings of(JsonObject config) {
        JsonObject section = config.getJsonObject("monitoring", new JsonObject()).getJsonObject("alerts", new JsonObject());
        Map<String, Double> margins = new LinkedHashMap<>(DEFAULT_MARGINS);
        section.getJsonObject("margins", new JsonObject()).forEach(entry -> margins.put(entry.getKey(),
                entry.getValue() instanceof Number number ? number.doubleValue() : null));
        JsonObject http = config.getJsonObject("http", new JsonObject());
        String generator = section.getString("generatorBaseUrl", "");
        if (generator.isBlank()) {
            generator = "http://" + http.getString("host", "localhost").replace("0.0.0.0", "localhost") + ":" + http.getInteger("port", 8080);
        }
        return new AlertSettings(section.getBoolean("enabled", true), section.getString("webhookUrl", ""),
                section.getInteger("webhookRetries", 3), section.getLong("webhookRetryDelayMs", 2_000L),
                section.getLong("webhookTimeoutMs", 5_000L), generator, section.getLong("staleAfterMs", 48 * 3_600_000L),
                section.getLong("minLabelled", 200L), section.getLong("minEstimatedRows", 200L), margins);
    }

    /** Whether {@code observed} is worse than {@code reference} by more than the metric's margin. */
    boolean degraded(String metric, double observed, double reference) {
        double margin = margins.get(metric);
        return RMSE.equals(metric) ? observed > reference * (1 + margin) : observed < reference - margin;
    }

    private static Map<String, Double> defaultMargins() {
        Map<String, Double> margins = new LinkedHashMap<>();
        margins.put("auc", 0.05);
        margins.put("accuracy", 0.05);
        margins.put("macro_f1", 0.05);
        margins.put("top_k_hit_rate", 0.05);
        margins.put(RMSE, 0.20);
        return java.util.Collections.unmodifiableMap(margins);
    }
}
