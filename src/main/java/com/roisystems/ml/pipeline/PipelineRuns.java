package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run history in PostgreSQL: creating runs (one active run per as-of date, enforced by a unique
 * index), reading them with their tasks, and recording task attempts and outcomes.
 *
 * <p>{@code runs.create(LocalDate.parse("2025-06-01"), "manual").compose(run -> runs.get(run.runId()))}
 */
public final class PipelineRuns {

    /** PostgreSQL's unique_violation: another active run holds this as-of date. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    public PipelineRuns(Pool pool) {
        this.pool = pool;
    }

    /**
     * A QUEUED run for {@code asOf}; 409 while any run is queued or running. Runs go one at a time: two compete for the
     * same feature tables and each holds a pool connection for its whole length.
     */
    public Future<RunRecord> create(LocalDate asOf, String trigger) {
        return createAll(List.of(asOf), trigger).map(runs -> runs.get(0));
    }

    /** QUEUED runs for every date, all or none; refused whole (409) while another run is queued or running. */
    public Future<List<RunRecord>> createAll(List<LocalDate> dates, String trigger) {
        return pool.withTransaction(connection -> {
            Future<List<RunRecord>> chain = connection.query(PipelineQueries.LOCK_RUN_CREATION).execute()
                    .compose(locked -> requireNoActiveRun(connection, -1))
                    .map(none -> new ArrayList<>());
            for (LocalDate date : dates) {
                chain = chain.compose(list -> connection.preparedQuery(PipelineQueries.INSERT_RUN).execute(Tuple.of(date, trigger))
                        .recover(failure -> Future.failedFuture(conflictOrSame(failure, date)))
                        .map(rows -> {
                            list.add(RunRecord.from(rows.iterator().next()));
                            return list;
                        }));
            }
            return chain;
        });
    }

    /** Fails with 409 naming the active run when a run other than {@code exceptRunId} is queued or running. */
    public Future<Void> requireNoActiveRun(long exceptRunId) {
        return pool.withConnection(connection -> requireNoActiveRun(connection, exceptRunId));
    }

    private static Future<Void> requireNoActiveRun(SqlConnection connection, long exceptRunId) {
        return connection.preparedQuery(PipelineQueries.ACTIVE_RUN).execute(Tuple.of(exceptRunId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture();
            }
            RunRecord active = RunRecord.from(rows.iterator().next());
            return Future.failedFuture(ServiceFailure.conflict("run " + active.runId() + " (as of " + active.asOf()
                    + ") is already queued or running (" + active.status() + "): pipeline runs go one at a time; retry when it has finished"));
        });
    }

    private static Throwable conflictOrSame(Throwable failure, LocalDate asOf) {
        if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
            return ServiceFailure.conflict("as_of: a run for " + asOf + " is already queued or running");
        }
        return failure;
    }

    /** The run with its tasks; 404 when unknown. */
    public Future<RunRecord> get(long runId) {
        return pool.preparedQuery(PipelineQueries.GET_RUN).execute(Tuple.of(runId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(ServiceFailure.notFound("run_id: no pipeline run " + runId));
            }
            RunRecord run = RunRecord.from(rows.iterator().next());
            return tasks(runId).map(tasks -> run.withTasks(new ArrayList<>(tasks.values())));
        });
    }

    public Future<List<RunRecord>> list(int limit) {
        return pool.preparedQuery(PipelineQueries.LIST_RUNS).execute(Tuple.of(limit)).map(PipelineRuns::records);
    }

    public Future<List<RunRecord>> withStatus(RunStatus... statuses) {
        String[] names = Arrays.stream(statuses).map(Enum::name).toArray(String[]::new);
        return pool.preparedQuery(PipelineQueries.RUNS_WITH_STATUS).execute(Tuple.of(names)).map(PipelineRuns::records);
    }

    /** The run's tasks by name, in the order they started. */
    public Future<Map<String, RunRecord.TaskRecord>> tasks(long runId) {
        return pool.preparedQuery(PipelineQueries.TASKS).execute(Tuple.of(runId)).map(rows -> {
            List<RunRecord.TaskRecord> list = new ArrayList<>();
            rows.forEach(row -> list.add(RunRecord.TaskRecord.from(row)));
            list.sort((a, b) -> Integer.compare(PipelineTask.valueOf(a.task().toUpperCase()).ordinal(), PipelineTask.valueOf(b.task().toUpperCase()).ordinal()));
            Map<String, RunRecord.TaskRecord> byName = new LinkedHashMap<>();
            list.forEach(task -> byName.put(task.task(), task));
            return byName;
        });
    }

    /** Claims the run for this instance; false when it is not in one of {@code from}. */
    public Future<Boolean> start(long runId, String instance, RunStatus... from) {
        String[] names = Arrays.stream(from).map(Enum::name).toArray(String[]::new);
        return pool.preparedQuery(PipelineQueries.START_RUN).execute(Tuple.of(runId, instance, names)).map(rows -> rows.rowCount() == 1);
    }

    public Future<Boolean> finish(long runId, RunStatus status, String error) {
        return pool.preparedQuery(PipelineQueries.FINISH_RUN).execute(Tuple.of(runId, status.name(), error)).map(rows -> rows.rowCount() == 1);
    }

    public Future<Void> markInterrupted(long runId) {
        return pool.preparedQuery(PipelineQueries.MARK_INTERRUPTED).execute(Tuple.of(runId)).mapEmpty();
    }

    public Future<Boolean> requestCancel(long runId) {
        return pool.preparedQuery(PipelineQueries.REQUEST_CANCEL).execute(Tuple.of(runId)).map(rows -> rows.rowCount() == 1);
    }

    public Future<Boolean> cancelRequested(long runId) {
        return pool.preparedQuery(PipelineQueries.CANCEL_REQUESTED).execute(Tuple.of(runId))
                .map(rows -> rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
    }

    public Future<Void> taskStarted(long runId, PipelineTask task, int attempt) {
        return pool.preparedQuery(PipelineQueries.TASK_STARTED).execute(Tuple.of(runId, task.taskName(), attempt)).mapEmpty();
    }

    public Future<Void> taskFinished(long runId, PipelineTask task, String status, Long rows, JsonObject details, String error) {
        return pool.preparedQuery(PipelineQueries.TASK_FINISHED)
                .execute(Tuple.from(new Object[]{runId, task.taskName(), status, rows, details, error})).mapEmpty();
    }

    Future<Void> update(String sql, Object... values) {
        return pool.preparedQuery(sql).execute(Tuple.from(values)).mapEmpty();
    }

    public Pool pool() {
        return pool;
    }

    private static List<RunRecord> records(RowSet<Row> rows) {
        List<RunRecord> list = new ArrayList<>();
        rows.forEach(row -> list.add(RunRecord.from(row)));
        return list;
    }

}
