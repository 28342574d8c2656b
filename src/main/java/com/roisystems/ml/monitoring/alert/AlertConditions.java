package com.roisystems.ml.monitoring.alert;

import com.roisystems.ml.monitoring.MonitoringContract.DriftWindow;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceWindow;
import com.roisystems.ml.monitoring.alert.AlertCondition.Kind;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conditions a model's latest windows hold: from a compared drift window the model's drift, each drifted feature and
 * the prediction's drift; from a performance window each metric, realised (with at least {@code minLabelled} labelled
 * rows) or estimated by CBPE (with at least {@code minEstimatedRows} rows), worse than the version's reference by more
 * than its margin ({@link AlertSettings#degraded}). A block or metric that is absent raises nothing.
 *
 * <p>{@code AlertConditions.of(window)}, {@code new AlertConditions(settings).of(performanceWindow)}
 */
final class AlertConditions {

    private final AlertSettings settings;

    AlertConditions(AlertSettings settings) {
        this.settings = settings;
    }

    static List<AlertCondition> of(DriftWindow window) {
        List<AlertCondition> conditions = new ArrayList<>();
        if (window.skipped() != null) {
            return conditions;
        }
        String where = " in " + window.periodStart() + " .. " + window.periodEnd() + " (" + window.rows() + " predictions)";
        String model = window.modelName() + " v" + window.modelVersion();
        if (window.driftDetected()) {
            conditions.add(new AlertCondition(Kind.MODEL_DRIFT, window.modelName(), window.modelVersion(), null, null, window.driftedShare(),
                    model + " drifts", String.format(Locale.ROOT, "%d feature(s) drifted (share %.3f): %s%s%s", window.driftedFeatures().size(),
                    window.driftedShare() == null ? 0.0 : window.driftedShare(), window.driftedFeatures(),
                    predictionDrifted(window) ? "; the prediction drifted" : "", where), window.periodStart(), window.periodEnd()));
        }
        for (String feature : window.driftedFeatures()) {
            JsonObject metrics = window.features().getJsonObject(feature, new JsonObject());
            conditions.add(new AlertCondition(Kind.FEATURE_DRIFT, window.modelName(), window.modelVersion(), feature, null, effect(metrics),
                    "Feature " + feature + " of " + model + " drifted", describe(metrics) + where, window.periodStart(), window.periodEnd()));
        }
        if (predictionDrifted(window)) {
            conditions.add(new AlertCondition(Kind.PREDICTION_DRIFT, window.modelName(), window.modelVersion(), null, null,
                    effect(window.prediction()), "Predictions of " + model + " drifted", describe(window.prediction()) + where,
                    window.periodStart(), window.periodEnd()));
        }
        return conditions;
    }

    List<AlertCondition> of(PerformanceWindow window) {
        List<AlertCondition> conditions = new ArrayList<>();
        JsonObject reference = window.reference();
        if (reference == null) {
            return conditions;
        }
        JsonObject realised = window.realised();
        if (realised != null && realised.getValue("labelled") instanceof Number labelled && labelled.longValue() >= settings.minLabelled()) {
            degraded(conditions, Kind.PERFORMANCE_DEGRADED, window, realised, reference, "realised", labelled.longValue() + " labelled rows");
        }
        JsonObject estimated = window.estimated();
        if (estimated != null && estimated.getValue("rows") instanceof Number rows && rows.longValue() >= settings.minEstimatedRows()) {
            degraded(conditions, Kind.ESTIMATED_PERFORMANCE_DEGRADED, window, estimated, reference,
                    "estimated (" + estimated.getString("method", "CBPE") + ")", rows.longValue() + " rows");
        }
        return conditions;
    }

    private void degraded(List<AlertCondition> conditions, Kind kind, PerformanceWindow window, JsonObject observed,
                          JsonObject reference, String what, String basis) {
        for (String metric : settings.margins().keySet().stream().sorted().toList()) {
            if (observed.getValue(metric) instanceof Number value && reference.getValue(metric) instanceof Number expected
                    && Double.isFinite(value.doubleValue()) && Double.isFinite(expected.doubleValue())
                    && settings.degraded(metric, value.doubleValue(), expected.doubleValue())) {
                String model = window.modelName() + " v" + window.modelVersion();
                conditions.add(new AlertCondition(kind, window.modelName(), window.modelVersion(), null, metric, value.doubleValue(),
                        String.format(Locale.ROOT, "%s %s of %s is %.4g, reference %.4g", capitalised(what), metric, model,
                                value.doubleValue(), expected.doubleValue()),
                        String.format(Locale.ROOT, "%s %s %.4g against the reference's %.4g (%s; margin %s) over %s in %s .. %s",
                                what, metric, value.doubleValue(), expected.doubleValue(), reference.getString("source", "the version's metrics"),
                                margin(metric), basis, window.periodStart(), window.periodEnd()),
                        window.periodStart(), window.periodEnd()));
            }
        }
    }

    /** {@code -0.05} (an absolute drop) or {@code +20% relative} (rmse). */
    private String margin(String metric) {
        double margin = settings.margins().get(metric);
        return AlertSettings.RMSE.equals(metric) ? String.format(Locale.ROOT, "+%.0f%% relative", margin * 100)
                : String.format(Locale.ROOT, "-%.3g", margin);
    }

    private static boolean predictionDrifted(DriftWindow window) {
        return window.prediction() != null && window.prediction().getBoolean("drifted", false);
    }

    /** The size of the shift shown as the alert's value: PSI for numeric values, Jensen–Shannon for categories. */
    private static Double effect(JsonObject metrics) {
        if (metrics == null) {
            return null;
        }
        Object value = metrics.getValue("psi") != null ? metrics.getValue("psi") : metrics.getValue("jensen_shannon");
        return value instanceof Number number ? number.doubleValue() : null;
    }

    private static String describe(JsonObject metrics) {
        if (metrics == null) {
            return "drifted";
        }
        List<String> parts = new ArrayList<>();
        for (String metric : List.of("psi", "ks_statistic", "wasserstein_normalized", "chi_squared", "jensen_shannon", "adjusted_p_value")) {
            if (metrics.getValue(metric) instanceof Number number) {
                parts.add(String.format(Locale.ROOT, "%s %.3g", metric, number.doubleValue()));
            }
        }
        return parts.isEmpty() ? "drifted" : String.join(", ", parts);
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
