package com.roisystems.ml.monitoring;

import com.roisystems.ml.monitoring.MonitoringContract.AlertList;
import com.roisystems.ml.monitoring.MonitoringContract.AlertQuery;
import com.roisystems.ml.monitoring.MonitoringContract.AlertRecord;
import com.roisystems.ml.monitoring.MonitoringContract.DriftHistory;
import com.roisystems.ml.monitoring.MonitoringContract.DriftQuery;
import com.roisystems.ml.monitoring.MonitoringContract.DriftWindow;
import com.roisystems.ml.monitoring.MonitoringContract.ModelMonitoring;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceHistory;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceQuery;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceWindow;
import com.roisystems.ml.monitoring.MonitoringContract.ReferenceQuery;
import com.roisystems.ml.monitoring.MonitoringContract.ReferenceSummary;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.monitoring.profile.ServingProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiles in PostgreSQL: a version's reference ({@code ml_reference_profiles}), serving windows merged on upsert
 * ({@code ml_serving_profiles}), and the latest window's drift for the health endpoint; and the reads behind
 * {@link MonitoringContract}: windows with their drift or performance, reference summaries, alerts, and each model's
 * latest windows for the alert evaluator. Sketch (de)serialisation and merging run on a worker thread: a profile of a
 * hundred features is a few hundred kilobytes of JSON.
 *
 * <p>{@code store.saveReference("move_probability_model", 4, ReferenceProfile.of(names, rows, predictions))}
 */
public final class MonitoringStore {

    /** The latest closed window of a model: whether it drifted and which features did. */
    public record LatestDrift(int modelVersion, String periodEnd, boolean driftDetected, List<String> driftedFeatures) {
    }

    private final Vertx vertx;
    private final Pool pool;

    public MonitoringStore(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    /** Stores (or replaces) a model version's reference profile. */
    public Future<Void> saveReference(String modelName, int modelVersion, Profile reference) {
        return vertx.executeBlocking(reference::toJson, false)
                .compose(json -> pool.preparedQuery(MonitoringQueries.UPSERT_REFERENCE).execute(Tuple.of(modelName, modelVersion, json)))
                .mapEmpty();
    }

    /**
     * Makes the version's served windows within [from, to) its reference (merged sketches, predictions included), replacing
     * what training stored; 409 when no window lies in that period. Windows closed from now on are compared with it.
     */
    public Future<MonitoringContract.AdoptedReference> adoptReference(MonitoringContract.AdoptReference request) {
        return pool.preparedQuery(MonitoringQueries.WINDOWS_OF_DAY).execute(Tuple.of(request.modelName(), request.version(),
                        request.from().atOffset(ZoneOffset.UTC), request.to().atOffset(ZoneOffset.UTC)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(ServiceFailure.conflict("no serving window of " + request.modelName() + " version "
                                + request.version() + " lies within " + request.from() + ".." + request.to() + ": nothing to take as the reference"));
                    }
                    int windows = rows.size();
                    return vertx.executeBlocking(() -> {
                        Profile merged = null;
                        for (Row row : rows) {
                            Profile window = Profile.fromJson(row.getJsonObject("profile"));
                            merged = merged == null ? window : merged.merge(window);
                        }
                        return merged;
                    }, false).compose(reference -> saveReference(request.modelName(), request.version(), reference)
                            .map(saved -> new MonitoringContract.AdoptedReference(request.modelName(), request.version(), request.from(),
                                    request.to(), windows, reference.rows())));
                });
    }

    /** A version's reference profile, or null when none was captured. */
    public Future<Profile> reference(SqlConnection connection, String modelName, int modelVersion) {
        return connection.preparedQuery(MonitoringQueries.REFERENCE).execute(Tuple.of(modelName, modelVersion))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture((Profile) null)
                        : vertx.executeBlocking(() -> Profile.fromJson(rows.iterator().next().getJsonObject("profile")), false));
    }

    /** Merges a window's delta into its persisted profile, under a lock on the window so concurrent writers add up. */
    public Future<Void> mergeServing(ServingProfile delta) {
        Tuple key = Tuple.of(delta.modelName(), delta.modelVersion(), delta.periodStart().atOffset(ZoneOffset.UTC),
                delta.periodEnd().atOffset(ZoneOffset.UTC));
        return pool.withTransaction(connection -> connection.preparedQuery(MonitoringQueries.LOCK_WINDOW)
                .execute(Tuple.of(delta.modelName(), String.valueOf(delta.modelVersion()), delta.periodStart().toString()))
                .compose(locked -> connection.preparedQuery(MonitoringQueries.SERVING).execute(key))
                .compose(rows -> vertx.executeBlocking(() -> {
                    Profile profile = merged(rows, delta.profile());
                    return Tuple.of(delta.modelName(), delta.modelVersion(), key.getValue(2), key.getValue(3), profile.toJson(), profile.rows());
                }, false))
                .compose(row -> connection.preparedQuery(MonitoringQueries.UPSERT_SERVING).execute(row)))
                .mapEmpty();
    }

    private static Profile merged(RowSet<Row> rows, Profile delta) {
        if (rows.size() == 0) {
            return delta;
        }
        return Profile.fromJson(rows.iterator().next().getJsonObject("profile")).merge(delta);
    }

    /** The latest closed window (not a daily roll-up) of {@code modelName}, or null when none has been closed. */
    public Future<LatestDrift> latestDrift(String modelName) {
        return pool.preparedQuery(MonitoringQueries.LATEST_DRIFT).execute(Tuple.of(modelName)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            JsonObject summary = row.getJsonObject("summary");
            JsonArray drifted = summary == null ? new JsonArray() : summary.getJsonArray("drifted_features", new JsonArray());
            List<String> features = new ArrayList<>();
            drifted.forEach(name -> features.add(String.valueOf(name)));
            return new LatestDrift(row.getInteger("model_version"), row.getOffsetDateTime("period_end").toInstant().toString(),
                    row.getBoolean("drift_detected"), features);
        });
    }

    /** The compared windows a drift query asks for, oldest first. */
    public Future<DriftHistory> driftWindows(DriftQuery query) {
        return pool.preparedQuery(MonitoringQueries.DRIFT_WINDOWS)
                .execute(Tuple.of(query.modelName(), query.window().length.toSeconds() + " seconds", utc(query.from()), utc(query.to()), query.limit() + 1))
                .map(rows -> {
                    List<DriftWindow> windows = new ArrayList<>();
                    rows.forEach(row -> windows.add(driftWindow(row)));
                    boolean truncated = windows.size() > query.limit();
                    List<DriftWindow> kept = new ArrayList<>(windows.subList(0, Math.min(windows.size(), query.limit())));
                    java.util.Collections.reverse(kept);
                    return new DriftHistory(query.modelName(), query.window(), query.from(), query.to(), kept, truncated);
                });
    }

    /** The windows with performance a query asks for, oldest first. */
    public Future<PerformanceHistory> performanceWindows(PerformanceQuery query) {
        return pool.preparedQuery(MonitoringQueries.PERFORMANCE_WINDOWS)
                .execute(Tuple.of(query.modelName(), utc(query.from()), utc(query.to()), query.limit() + 1))
                .map(rows -> {
                    List<PerformanceWindow> windows = new ArrayList<>();
                    rows.forEach(row -> windows.add(performanceWindow(row)));
                    boolean truncated = windows.size() > query.limit();
                    List<PerformanceWindow> kept = new ArrayList<>(windows.subList(0, Math.min(windows.size(), query.limit())));
                    java.util.Collections.reverse(kept);
                    return new PerformanceHistory(query.modelName(), query.from(), query.to(), kept, truncated);
                });
    }

    /** A version's reference profile summarised per feature (off the event loop), or null when it has none. */
    public Future<ReferenceSummary> referenceSummary(ReferenceQuery query) {
        return pool.preparedQuery(MonitoringQueries.REFERENCE_OF).execute(Tuple.of(query.modelName(), query.version()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture((ReferenceSummary) null);
                    }
                    Row row = rows.iterator().next();
                    int version = row.getInteger("model_version");
                    Instant created = row.getOffsetDateTime("created_at").toInstant();
                    JsonObject profile = row.getJsonObject("profile");
                    return vertx.executeBlocking(() -> ProfileSummary.of(query.modelName(), version, created, Profile.fromJson(profile)), false);
                });
    }

    /** Alerts by state and model, newest first. */
    public Future<AlertList> alerts(AlertQuery query) {
        return pool.preparedQuery(MonitoringQueries.ALERTS).execute(Tuple.of(query.modelName(), query.state(), query.limit() + 1))
                .map(rows -> {
                    List<AlertRecord> alerts = new ArrayList<>();
                    rows.forEach(row -> alerts.add(new AlertRecord(row.getLong("alert_id"), row.getString("alert_key"),
                            row.getString("model_name"), row.getInteger("model_version"), row.getString("condition"), row.getString("feature"),
                            row.getString("severity"), row.getJsonObject("labels"), row.getString("summary"), row.getString("description"),
                            row.getDouble("value"), instant(row, "period_start"), instant(row, "period_end"), instant(row, "started_at"),
                            instant(row, "last_seen_at"), instant(row, "resolved_at"))));
                    boolean truncated = alerts.size() > query.limit();
                    return new AlertList(alerts.subList(0, Math.min(alerts.size(), query.limit())), truncated);
                });
    }

    /** A model's latest closed hourly window (compared or skipped) and its latest window with performance. */
    public Future<ModelMonitoring> modelMonitoring(String modelName) {
        Future<DriftWindow> window = pool.preparedQuery(MonitoringQueries.LATEST_WINDOW).execute(Tuple.of(modelName))
                .map(rows -> rows.size() == 0 ? null : driftWindow(rows.iterator().next()));
        Future<PerformanceWindow> performance = pool.preparedQuery(MonitoringQueries.LATEST_PERFORMANCE).execute(Tuple.of(modelName))
                .map(rows -> rows.size() == 0 ? null : performanceWindow(rows.iterator().next()));
        return Future.all(window, performance).map(both -> new ModelMonitoring(modelName, window.result(), performance.result()));
    }

    /** Per model, its latest compared hourly window that ended at or after {@code since}. */
    public Future<List<DriftWindow>> latestComparedWindows(Instant since) {
        return pool.preparedQuery(MonitoringQueries.LATEST_COMPARED_WINDOWS).execute(Tuple.of(utc(since))).map(rows -> {
            List<DriftWindow> windows = new ArrayList<>();
            rows.forEach(row -> windows.add(driftWindow(row)));
            return windows;
        });
    }

    /** Per model, its latest window with performance that ended at or after {@code since}. */
    public Future<List<PerformanceWindow>> latestPerformanceWindows(Instant since) {
        return pool.preparedQuery(MonitoringQueries.LATEST_PERFORMANCE_WINDOWS).execute(Tuple.of(utc(since))).map(rows -> {
            List<PerformanceWindow> windows = new ArrayList<>();
            rows.forEach(row -> windows.add(performanceWindow(row)));
            return windows;
        });
    }

    private static DriftWindow driftWindow(Row row) {
        return DriftWindow.of(row.getString("model_name"), row.getInteger("model_version"), instant(row, "period_start"),
                instant(row, "period_end"), row.getLong("prediction_count"), row.getBoolean("drift_detected"), row.getJsonObject("feature_drift"));
    }

    private static PerformanceWindow performanceWindow(Row row) {
        return new PerformanceWindow(row.getString("model_name"), row.getInteger("model_version"), instant(row, "period_start"),
                instant(row, "period_end"), row.getJsonObject("performance"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
