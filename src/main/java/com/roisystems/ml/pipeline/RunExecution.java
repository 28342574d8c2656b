package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Executes one run: takes the as-of date's advisory lock on a dedicated connection (held for the whole
 * run, so a second instance cannot run it and a crash releases it), claims the run row, then chains
 * the tasks as futures, each attempt recorded and retried after a delay. The run ends SUCCEEDED,
 * FAILED (with the reason; alert raised), or CANCELLED; a timeout or cancel completes the run at once
 * and the tasks stop at their next batch.
 *
 * <p>{@code new RunExecution(services, run, true).execute().onSuccess(done -> done.status());}
 */
final class RunExecution {

    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);
    static final String CANCELLED = "cancelled by an admin";

    private final PipelineServices services;
    private final RunRecord run;
    private final boolean resume;
    private final RunContext context;
    private final Promise<RunStatus> outcome = Promise.promise();
    private final Promise<RunRecord> recorded = Promise.promise();

    RunExecution(PipelineServices services, RunRecord run, boolean resume) {
        this.services = services;
        this.run = run;
        this.resume = resume;
        this.context = new RunContext(run.runId(), run.asOf());
    }

    long runId() {
        return run.runId();
    }

    /** Stops the run: it is recorded CANCELLED now, and its tasks stop at their next batch. */
    void cancel() {
        context.stop(CANCELLED);
        outcome.tryFail(new RunContext.RunStopped(CANCELLED));
    }

    /** Runs to the end and returns the final record; fails with 409 when the lock or the run cannot be claimed. */
    Future<RunRecord> execute() {
        int lockKey = (int) run.asOf().toEpochDay();
        return services.runs().pool().getConnection().compose(connection -> connection.preparedQuery(PipelineQueries.TRY_LOCK)
                .execute(Tuple.of(lockKey))
                .compose(rows -> {
                    if (!rows.iterator().next().getBoolean("locked")) {
                        return Future.failedFuture(ServiceFailure.conflict("run_id: run " + run.runId() + " (as of " + run.asOf()
                                + ") is being executed by another instance"));
                    }
                    return claimAndRun(connection, lockKey);
                })
                .eventually(() -> connection.close()))
                .onFailure(recorded::tryFail);
    }

    /** The run's record as soon as its final status is written (before its tasks have necessarily stopped). */
    Future<RunRecord> finishedRecord() {
        return recorded.future();
    }

    private Future<RunRecord> claimAndRun(SqlConnection connection, int lockKey) {
        RunStatus[] from = resume ? new RunStatus[]{RunStatus.QUEUED, RunStatus.FAILED, RunStatus.INTERRUPTED} : new RunStatus[]{RunStatus.QUEUED};
        long started = System.nanoTime();
        return services.runs().start(run.runId(), services.instance(), from).compose(claimed -> {
            if (!claimed) {
                return Future.failedFuture(ServiceFailure.conflict("run_id: run " + run.runId() + " cannot be started from its current status"));
            }
            log.info("Run {} (as of {}) started on {}{}", run.runId(), run.asOf(), services.instance(), resume ? " (resume)" : "");
            long timer = services.vertx().setTimer(services.options().runTimeoutMs(), id -> {
                String reason = "timed out after " + Duration.ofMillis(services.options().runTimeoutMs());
                context.stop(reason);
                outcome.tryFail(new RunContext.RunStopped(reason));
            });
            Future<Void> tasks = completedTasks().compose(this::runTasks);
            tasks.onComplete(result -> {
                if (result.succeeded()) {
                    outcome.tryComplete(RunStatus.SUCCEEDED);
                } else {
                    outcome.tryFail(result.cause());
                }
            });
            // The lock is held until the tasks have really stopped, even when the run already ended by timeout or cancel.
            Future<RunRecord> finished = outcome.future()
                    .transform(result -> finish(result.succeeded() ? null : result.cause(), started))
                    .onComplete(ignored -> services.vertx().cancelTimer(timer))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            recorded.tryComplete(result.result());
                        } else {
                            recorded.tryFail(result.cause());
                        }
                    });
            return Future.join(finished, tasks)
                    .transform(ignored -> connection.preparedQuery(PipelineQueries.UNLOCK).execute(Tuple.of(lockKey)))
                    .transform(ignored -> finished);
        });
    }

    private Future<Map<String, RunRecord.TaskRecord>> completedTasks() {
        return services.runs().tasks(run.runId()).compose(tasks -> {
            boolean computed = PipelineTask.computeTasks().stream().anyMatch(task -> succeeded(tasks, task));
            if (!resume || !computed || succeeded(tasks, PipelineTask.STORE_FEATURES)) {
                return Future.succeededFuture(tasks);
            }
            return services.data().stagingComplete(context).compose(complete -> complete ? Future.succeededFuture(tasks)
                    : services.runs().update(PipelineQueries.RESET_TASKS, run.runId(), new String[0])
                    .compose(reset -> services.runs().tasks(run.runId())));
        });
    }

    private Future<Void> runTasks(Map<String, RunRecord.TaskRecord> done) {
        PipelineTask.computeTasks().stream().filter(task -> succeeded(done, task))
                .forEach(task -> services.data().restoreProfile(context, task.category(), done.get(task.taskName()).details()));
        return task(done, PipelineTask.EXTRACT_RAW_DATA, () -> services.data().extract(context))
                .compose(extracted -> {
                    List<Future<Void>> computing = new ArrayList<>();
                    services.data().categories().forEach(category -> computing.add(task(done, PipelineTask.compute(category),
                            () -> services.data().compute(context, category))));
                    return Future.all(computing);
                })
                .compose(computed -> task(done, PipelineTask.VALIDATE_FEATURES,
                        () -> services.profiles().validate(context, services.data().profiles(context))))
                .compose(validated -> task(done, PipelineTask.STORE_FEATURES, () -> services.data().store(context)))
                .compose(stored -> task(done, PipelineTask.UPDATE_STATISTICS,
                        () -> services.profiles().statistics(services.data().profiles(context))));
    }

    private static boolean succeeded(Map<String, RunRecord.TaskRecord> tasks, PipelineTask task) {
        RunRecord.TaskRecord record = tasks.get(task.taskName());
        return record != null && "SUCCEEDED".equals(record.status());
    }

    private Future<Void> task(Map<String, RunRecord.TaskRecord> done, PipelineTask task, Supplier<Future<FeatureTasks.Outcome>> body) {
        if (succeeded(done, task)) {
            log.info("Run {}: {} already succeeded, skipped", run.runId(), task.taskName());
            services.listener().taskEnded(run.runId(), task, "SKIPPED", 0, 0, null);
            return Future.succeededFuture();
        }
        return attempt(task, body, 1);
    }

    private Future<Void> attempt(PipelineTask task, Supplier<Future<FeatureTasks.Outcome>> body, int attempt) {
        long started = System.nanoTime();
        return services.runs().cancelRequested(run.runId())
                .compose(requested -> {
                    if (requested) {
                        cancel();
                    }
                    context.checkNotStopped();
                    return services.runs().taskStarted(run.runId(), task, attempt);
                })
                .compose(recorded -> services.listener().beforeAttempt(run.runId(), task, attempt))
                .compose(ready -> body.get())
                .compose(result -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    services.metrics().task(task, "SUCCEEDED", millis);
                    services.listener().taskEnded(run.runId(), task, "SUCCEEDED", result.rows(), millis, null);
                    log.info("Run {}: {} succeeded in {} ms ({} rows, attempt {})", run.runId(), task.taskName(), millis, result.rows(), attempt);
                    return services.runs().taskFinished(run.runId(), task, "SUCCEEDED", result.rows(), result.details(), null);
                })
                .recover(failure -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    String message = message(failure);
                    services.metrics().task(task, "FAILED", millis);
                    boolean retry = !(failure instanceof RunContext.RunStopped) && !(failure instanceof RunContext.GateFailed)
                            && attempt <= services.options().retries() && context.stopReason() == null;
                    Future<Void> recorded = services.runs().taskFinished(run.runId(), task, "FAILED", null, null, message)
                            .otherwiseEmpty();
                    if (!retry) {
                        services.listener().taskEnded(run.runId(), task, "FAILED", 0, millis, message);
                        return recorded.compose(ignored -> Future.failedFuture(failure));
                    }
                    log.warn("Run {}: {} attempt {} failed ({}); retrying in {} ms", run.runId(), task.taskName(), attempt, message,
                            services.options().retryDelayMs());
                    return recorded.compose(ignored -> services.vertx().timer(services.options().retryDelayMs()))
                            .compose(waited -> attempt(task, body, attempt + 1));
                });
    }

    private Future<RunRecord> finish(Throwable failure, long startedNanos) {
        RunStatus status = failure == null ? RunStatus.SUCCEEDED
                : CANCELLED.equals(failure.getMessage()) && failure instanceof RunContext.RunStopped ? RunStatus.CANCELLED : RunStatus.FAILED;
        String error = failure == null ? null : message(failure);
        Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
        return services.runs().finish(run.runId(), status, error)
                .compose(updated -> services.runs().get(run.runId()))
                .map(record -> {
                    services.metrics().run(status, duration);
                    if (record.gates() != null) {
                        services.metrics().gates(record.gates());
                    }
                    if (status == RunStatus.SUCCEEDED) {
                        services.metrics().rowsWritten(record.rowsWritten() == null ? 0 : record.rowsWritten());
                        services.metrics().lastSuccess(Instant.now().getEpochSecond());
                        log.info("Run {} (as of {}) succeeded in {} ms: {} vectors written", run.runId(), run.asOf(),
                                duration.toMillis(), record.rowsWritten());
                    } else if (status == RunStatus.FAILED) {
                        services.alerts().raise(new PipelineAlert(PipelineAlert.SOURCE, run.runId(), run.asOf(), status.name(), error, Instant.now()));
                    } else {
                        log.warn("Run {} (as of {}) {}: {}", run.runId(), run.asOf(), status, error);
                    }
                    return record;
                });
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
