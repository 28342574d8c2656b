package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.training.ExperimentContract.CompareExperiments;
import com.roisystems.ml.training.ExperimentContract.ExperimentList;
import com.roisystems.ml.training.ExperimentContract.ListExperiments;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code ml_experiments}: a run is started RUNNING and ended once, FINISHED or FAILED; reads for the
 * {@link ExperimentContract} endpoints. Non-blocking; the trainer awaits it from its own thread.
 *
 * <p>{@code store.start(runId, "move_probability_model", "MOVE_PROBABILITY", parameters, "alice", Instant.now())}
 */
public final class ExperimentStore {

    private final Pool pool;

    public ExperimentStore(Pool pool) {
        this.pool = pool;
    }

    /** A new run id: {@code run_} and 32 hex digits. */
    static String newRunId() {
        return "run_" + UUID.randomUUID().toString().replace("-", "");
    }

    Future<Void> start(String runId, String modelName, String predictionType, JsonObject parameters, String startedBy, Instant startedAt) {
        return pool.preparedQuery(ExperimentQueries.START)
                .execute(Tuple.of(runId, modelName, predictionType, parameters, startedBy, startedAt.atOffset(ZoneOffset.UTC)))
                .mapEmpty();
    }

    /** Ends a RUNNING run with its completed parameters: {@code modelId} is the registered version's (null when it failed), {@code error} null when it finished. */
    Future<Void> end(String runId, Experiment.Status status, JsonObject parameters, JsonObject dataset, JsonObject metrics,
                     JsonObject artifacts, Long modelId, String error, long durationMs) {
        return pool.preparedQuery(ExperimentQueries.END).execute(Tuple.tuple().addString(runId).addString(status.name())
                        .addValue(parameters)
                        .addValue(dataset == null ? new JsonObject() : dataset).addValue(metrics == null ? new JsonObject() : metrics)
                        .addValue(artifacts == null ? new JsonObject() : artifacts).addLong(modelId).addString(error).addLong(durationMs))
                .mapEmpty();
    }

    public Future<ExperimentList> list(ListExperiments request) {
        return pool.preparedQuery(ExperimentQueries.LIST)
                .execute(Tuple.of(request.model(), request.status() == null ? null : request.status().name(), request.limit()))
                .map(rows -> {
                    List<Experiment> experiments = new ArrayList<>();
                    rows.forEach(row -> experiments.add(experiment(row)));
                    return new ExperimentList(experiments);
                });
    }

    public Future<Experiment> get(String runId) {
        return pool.preparedQuery(ExperimentQueries.BY_ID).execute(Tuple.of(runId)).map(rows -> {
            if (rows.size() == 0) {
                throw ServiceFailure.notFound("no experiment run " + runId);
            }
            return experiment(rows.iterator().next());
        });
    }

    public Future<ExperimentComparison> compare(CompareExperiments request) {
        return get(request.a()).compose(a -> get(request.b()).map(b -> ExperimentComparison.of(a, b)));
    }

    private static Experiment experiment(Row row) {
        return new Experiment(row.getString("run_id"), row.getString("model_name"), row.getString("prediction_type"),
                Experiment.Status.valueOf(row.getString("status")), json(row, "parameters"), json(row, "dataset"), json(row, "metrics"),
                json(row, "artifacts"), row.getLong("model_id"), row.getInteger("model_version"), row.getString("started_by"),
                instant(row.getOffsetDateTime("started_at")), instant(row.getOffsetDateTime("finished_at")), row.getLong("duration_ms"),
                row.getString("error"));
    }

    private static JsonObject json(Row row, String column) {
        return row.getValue(column) instanceof JsonObject json ? json : new JsonObject();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
