package com.roisystems.ml.monitoring;

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

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiles in PostgreSQL: a version's reference ({@code ml_reference_profiles}), serving windows merged on upsert
 * ({@code ml_serving_profiles}), and the latest window's drift for the health endpoint. Sketch (de)serialisation and
 * merging run on a worker thread: a profile of a hundred features is a few hundred kilobytes of JSON.
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
}
