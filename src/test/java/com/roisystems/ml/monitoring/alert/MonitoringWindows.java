package com.roisystems.ml.monitoring.alert;

import com.roisystems.ml.testing.TestServers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code ml_monitoring} rows as the drift job ({@code feature_drift}, {@code drift_detected}) and the performance job
 * ({@code performance}, in the shared format) write them, for tests of what reads them.
 */
public final class MonitoringWindows {

    private MonitoringWindows() {
    }

    /** The hour {@code hoursAgo} hours before the current one. */
    public static Instant hour(int hoursAgo) {
        return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(hoursAgo, ChronoUnit.HOURS);
    }

    /**
     * A compared hourly window of two features (sessions_30d numeric, property_type_code categorical) and the
     * prediction; those in {@code drifted} drifted, with large metrics, the others small ones.
     */
    public static void driftWindow(TestServers servers, String model, int version, Instant start, List<String> drifted) throws Exception {
        driftWindow(servers, model, version, start, start.plus(1, ChronoUnit.HOURS), drifted);
    }

    /** As {@link #driftWindow(TestServers, String, int, Instant, List)}, from {@code start} to {@code end} (a day's roll-up). */
    public static void driftWindow(TestServers servers, String model, int version, Instant start, Instant end, List<String> drifted)
            throws Exception {
        JsonObject document = new JsonObject()
                .put("sessions_30d", numeric(drifted.contains("sessions_30d")))
                .put("property_type_code", categorical(drifted.contains("property_type_code")))
                .put("_prediction", numeric(false))
                .put("_summary", new JsonObject().put("drifted_share", drifted.size() / 2.0).put("drifted_features", new JsonArray(drifted)));
        insert(servers, model, version, start, end, document, !drifted.isEmpty(), new JsonObject());
    }

    /** A window with a {@code performance} document and no drift comparison. */
    public static void performanceWindow(TestServers servers, String model, int version, Instant start, Instant end, JsonObject performance)
            throws Exception {
        insert(servers, model, version, start, end, new JsonObject(), false, performance);
    }

    /** {@code {"realised": {labelled, auc}, "estimated": {method, auc, rows}, "reference": {auc, source}}}. */
    public static JsonObject performance(long labelled, double realisedAuc, long estimatedRows, double estimatedAuc, double referenceAuc) {
        return new JsonObject().put("as_of", Instant.now().toString()).put("horizon_days", 90)
                .put("realised", new JsonObject().put("labelled", labelled).put("unlabelled", 10).put("positives", labelled / 8)
                        .put("auc", realisedAuc).put("brier", 0.1))
                .put("estimated", new JsonObject().put("method", "CBPE").put("auc", estimatedAuc).put("brier", 0.11).put("rows", estimatedRows))
                .put("reference", new JsonObject().put("auc", referenceAuc).put("brier", 0.08).put("source", "ml_models.metrics of version 4"));
    }

    private static JsonObject numeric(boolean drifted) {
        return new JsonObject().put("kind", "NUMERIC").put("reference_null_rate", 0.0).put("window_null_rate", 0.0)
                .put("psi", drifted ? 0.31 : 0.012).put("psi_p_value", drifted ? 1e-12 : 0.6).put("ks_statistic", drifted ? 0.22 : 0.03)
                .put("ks_p_value", drifted ? 1e-10 : 0.5).put("wasserstein_normalized", drifted ? 0.52 : 0.02)
                .put("p_value", drifted ? 2e-12 : 0.5).put("adjusted_p_value", drifted ? 1.2e-11 : 0.5).put("drifted", drifted);
    }

    private static JsonObject categorical(boolean drifted) {
        return new JsonObject().put("kind", "CATEGORICAL").put("reference_null_rate", 0.0).put("window_null_rate", 0.01)
                .put("chi_squared", drifted ? 180.0 : 2.0).put("chi_squared_p_value", drifted ? 1e-30 : 0.57)
                .put("jensen_shannon", drifted ? 0.21 : 0.01).put("p_value", drifted ? 1e-30 : 0.57)
                .put("adjusted_p_value", drifted ? 2e-30 : 0.57).put("drifted", drifted);
    }

    private static void insert(TestServers servers, String model, int version, Instant start, Instant end, JsonObject featureDrift,
                               boolean driftDetected, JsonObject performance) throws Exception {
        // With the serving counters the prediction log writes for the hour (model health reads them).
        servers.jdbc().execute("INSERT INTO ml_monitoring (model_name, model_version, period_start, period_end, prediction_count, "
                        + "avg_latency_ms, p95_latency_ms, feature_drift, drift_detected, performance) "
                        + "VALUES (?, ?, ?, ?, 812, 4.0, 9.0, ?::jsonb, ?, ?::jsonb)",
                model, version, Timestamp.from(start), Timestamp.from(end), featureDrift.encode(), driftDetected, performance.encode());
    }
}
