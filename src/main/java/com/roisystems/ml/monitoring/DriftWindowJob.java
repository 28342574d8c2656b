package com.roisystems.ml.monitoring;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.monitoring.drift.DriftDetector;
import com.roisystems.ml.monitoring.drift.DriftReport;
import com.roisystems.ml.monitoring.profile.Profile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes finished serving windows: each window ({@code monitoring.windowSeconds}) that ended more than the grace ago is compared with its model
 * version's reference profile and written to {@code ml_monitoring} ({@code feature_drift} with every metric per
 * feature, {@code drift_detected}, {@code alerts}; {@code feature_drift._serving_importance} the window's mean |SHAP| per feature);
 * a window without a reference is written too, saying why it was not
 * compared. Then each day whose windows are all closed is rolled up: its windows' profiles merged into a daily window,
 * compared and written the same way. Each window is claimed in its own transaction ({@code FOR UPDATE SKIP LOCKED}), so
 * two instances never close one window twice. Each window written is announced on {@link DriftWindowClosed#TOPIC} after its commit.
 *
 * <p>{@code new DriftWindowJob(vertx, pool, settings).run(Instant.now())}
 */
public final class DriftWindowJob {

    private static final Logger log = LoggerFactory.getLogger(DriftWindowJob.class);
    /** The {@code feature_drift} key of the window's mean |SHAP| per feature ({@code {feature: mean}}; empty: none logged). */
    public static final String SERVING_IMPORTANCE = "_serving_importance";

    private final Vertx vertx;
    private final Pool pool;
    private final MonitoringSettings settings;
    private final MonitoringStore store;
    private final DriftDetector detector;

    public DriftWindowJob(Vertx vertx, Pool pool, MonitoringSettings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.settings = settings;
        this.store = new MonitoringStore(vertx, pool);
        this.detector = new DriftDetector(settings.drift());
    }

    /** Closes what has finished by {@code now} less the grace; the number of windows written. */
    public Future<Integer> run(Instant now) {
        OffsetDateTime cutOff = now.minusMillis(settings.closeGraceMs()).atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(MonitoringQueries.FINISHED_WINDOWS).execute(Tuple.of(cutOff))
                .compose(rows -> sequentially(keys(rows), key -> announced(key, closeWindow(key))))
                .compose(windows -> pool.preparedQuery(MonitoringQueries.DAYS_TO_ROLL_UP).execute(Tuple.of(cutOff))
                        .compose(days -> sequentially(dayKeys(days), key -> announced(key, rollUpDay(key))))
                        .map(rolled -> windows + rolled));
    }

    private static List<Tuple> keys(Iterable<Row> rows) {
        List<Tuple> keys = new ArrayList<>();
        rows.forEach(row -> keys.add(Tuple.of(row.getString("model_name"), row.getInteger("model_version"),
                row.getOffsetDateTime("period_start"), row.getOffsetDateTime("period_end"))));
        return keys;
    }

    private static List<Tuple> dayKeys(Iterable<Row> rows) {
        List<Tuple> keys = new ArrayList<>();
        rows.forEach(row -> {
            OffsetDateTime day = row.getOffsetDateTime("day").withOffsetSameInstant(ZoneOffset.UTC);
            keys.add(Tuple.of(row.getString("model_name"), row.getInteger("model_version"), day, day.plusDays(1)));
        });
        return keys;
    }

    /** One window at a time: closing is background work and should not take the pool from the request paths. */
    private static Future<Integer> sequentially(List<Tuple> keys, java.util.function.Function<Tuple, Future<Boolean>> close) {
        Future<Integer> done = Future.succeededFuture(0);
        for (Tuple key : keys) {
            done = done.compose(count -> close.apply(key).map(written -> written ? count + 1 : count));
        }
        return done;
    }

    /** Publishes {@link DriftWindowClosed} for a window written: after its transaction committed, never for one another instance took. */
    private Future<Boolean> announced(Tuple key, Future<Boolean> written) {
        return written.onSuccess(done -> {
            if (done) {
                Bus.publish(vertx, DriftWindowClosed.TOPIC, new DriftWindowClosed(key.getString(0), key.getInteger(1),
                        key.getOffsetDateTime(2).toInstant(), key.getOffsetDateTime(3).toInstant()));
            }
        });
    }

    private Future<Boolean> closeWindow(Tuple key) {
        return pool.withTransaction(connection -> connection.preparedQuery(MonitoringQueries.CLAIM).execute(key)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                    }
                    JsonObject profile = rows.iterator().next().getJsonObject("profile");
                    return vertx.executeBlocking(() -> Profile.fromJson(profile), false)
                            .compose(window -> compareAndWrite(connection, key, window))
                            .compose(written -> connection.preparedQuery(MonitoringQueries.MARK_CLOSED).execute(key).map(true));
                }));
    }

    private Future<Boolean> rollUpDay(Tuple key) {
        return pool.withTransaction(connection -> connection.preparedQuery(MonitoringQueries.LOCK_WINDOW)
                .execute(Tuple.of(key.getString(0), String.valueOf(key.getInteger(1)), "day " + key.getValue(2)))
                .compose(locked -> connection.preparedQuery(MonitoringQueries.WINDOWS_OF_DAY).execute(key))
                .compose(windows -> vertx.executeBlocking(() -> {
                    Profile day = Profile.empty(settings.sketchK());
                    windows.forEach(row -> day.merge(Profile.fromJson(row.getJsonObject("profile"))));
                    return day;
                }, false))
                .compose(day -> connection.preparedQuery(MonitoringQueries.UPSERT_SERVING)
                        .execute(Tuple.of(key.getString(0), key.getInteger(1), key.getValue(2), key.getValue(3), day.toJson(), day.rows()))
                        .compose(stored -> connection.preparedQuery(MonitoringQueries.MARK_CLOSED).execute(key))
                        .compose(closed -> compareAndWrite(connection, key, day)))
                .map(true));
    }

    private Future<Void> compareAndWrite(SqlConnection connection, Tuple key, Profile window) {
        String modelName = key.getString(0);
        int version = key.getInteger(1);
        return store.reference(connection, modelName, version)
                .compose(reference -> vertx.executeBlocking(() -> compare(modelName, version, reference, window), false))
                .compose(report -> {
                    if (report.driftDetected()) {
                        log.warn("Drift in {} v{} window {}..{}: {}", modelName, version, key.getValue(2), key.getValue(3), report.alerts());
                    }
                    // Serving importance (mean |SHAP| per feature in the window) beside the drift, whether or not it was compared.
                    JsonObject featureDrift = new JsonObject(report.featureDriftDocument())
                            .put(SERVING_IMPORTANCE, new JsonObject(new java.util.LinkedHashMap<>(window.servingImportance())));
                    return connection.preparedQuery(MonitoringQueries.UPSERT_DRIFT).execute(Tuple.of(modelName, version,
                            key.getValue(2), key.getValue(3), window.rows(), featureDrift,
                            report.driftDetected(), new JsonArray(new ArrayList<>(report.alerts()))));
                })
                .mapEmpty();
    }

    private DriftReport compare(String modelName, int version, Profile reference, Profile window) {
        if (reference == null) {
            return DriftReport.skipped("no reference profile for " + modelName + " version " + version);
        }
        if (window.rows() < settings.drift().minRows()) {
            return DriftReport.skipped("window has " + window.rows() + " predictions, fewer than monitoring.minRows " + settings.drift().minRows());
        }
        return detector.compare(reference.featureDistributions(), window.featureDistributions(),
                reference.predictionDistribution(), window.predictionDistribution());
    }
}
