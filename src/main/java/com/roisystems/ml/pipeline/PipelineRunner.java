package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.features.OnlineStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's operations, shared by the verticle (schedule, admin addresses), the command line and
 * the benchmark: trigger or run a date, backfill a range, resume, cancel, status, and start-up recovery
 * of runs a crashed instance left behind. Input is validated here, so every entry point refuses the same
 * things with the same messages (field first).
 *
 * <p>{@code PipelineRunner.create(vertx, pool, null, PipelineOptions.defaults(), PipelineMetrics.create(), PipelineListener.NONE)
 *     .compose(runner -> runner.run(LocalDate.parse("2025-06-01"), "manual"))}
 */
public final class PipelineRunner {

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

    private final PipelineServices services;
    private final Map<Long, RunExecution> active = new ConcurrentHashMap<>();

    private PipelineRunner(PipelineServices services) {
        this.services = services;
    }

    /** Syncs the catalog and wires a runner; {@code onlineStore} may be null (no online refresh). */
    public static Future<PipelineRunner> create(Vertx vertx, Pool pool, OnlineStore onlineStore, PipelineOptions options,
                                                PipelineMetrics metrics, PipelineListener listener) {
        String instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + Integer.toHexString(System.identityHashCode(vertx));
        return FeatureComputer.create(pool, FeatureCatalog.standard())
                .compose(computer -> computer.registry().layoutFor(computer.catalog().all()).map(layout -> {
                    PipelineBaselines baselines = new PipelineBaselines(pool, options);
                    return new PipelineRunner(new PipelineServices(vertx, instance, options, new PipelineRuns(pool),
                                new FeatureTasks(pool, computer, layout, onlineStore, options),
                                new ProfileTasks(pool, computer.registry(), options, baselines), baselines, metrics, new Alerts(vertx, options.alertWebhookUrl()),
                                listener));
                }));
    }

    public PipelineOptions options() {
        return services.options();
    }

    public PipelineRuns runs() {
        return services.runs();
    }

    /** Starts a run for {@code asOf} in the background and returns it as queued; 400 future date, 409 already active. */
    public Future<RunRecord> trigger(LocalDate asOf, String trigger) {
        return createRun(asOf, trigger).onSuccess(run -> background(run, false));
    }

    /** Runs {@code asOf} to the end and returns the final record (the command line, tests, the benchmark). */
    public Future<RunRecord> run(LocalDate asOf, String trigger) {
        return createRun(asOf, trigger).compose(run -> execute(run, false));
    }

    private Future<RunRecord> createRun(LocalDate asOf, String trigger) {
        try {
            checkNotFuture("as_of", asOf);
        } catch (ServiceFailure e) {
            return Future.failedFuture(e);
        }
        return services.runs().create(asOf, trigger);
    }

    /** Queues one run per date of [from, to] (all or none) and executes them oldest first in the background. */
    public Future<List<RunRecord>> backfill(LocalDate from, LocalDate to, String trigger) {
        return queueBackfill(from, to, trigger).onSuccess(runs -> executeInOrder(runs));
    }

    /** As {@link #backfill}, returning when every date has finished. */
    public Future<List<RunRecord>> backfillAndWait(LocalDate from, LocalDate to, String trigger) {
        return queueBackfill(from, to, trigger).compose(this::executeInOrder);
    }

    private Future<List<RunRecord>> queueBackfill(LocalDate from, LocalDate to, String trigger) {
        try {
            checkNotFuture("to", to);
            if (from.isAfter(to)) {
                throw ServiceFailure.invalid("from", from + " is after to " + to);
            }
            long days = to.toEpochDay() - from.toEpochDay() + 1;
            if (days > services.options().maxBackfillDays()) {
                throw ServiceFailure.invalid("to", "a backfill covers at most " + services.options().maxBackfillDays()
                        + " days, " + from + ".." + to + " is " + days);
            }
        } catch (ServiceFailure e) {
            return Future.failedFuture(e);
        }
        return services.runs().createAll(from.datesUntil(to.plusDays(1)).toList(), trigger);
    }

    /** Sequentially; a failed date is recorded and the next one still runs, as in an Airflow backfill. */
    Future<List<RunRecord>> executeInOrder(List<RunRecord> runs) {
        Future<List<RunRecord>> chain = Future.succeededFuture(new ArrayList<>());
        for (RunRecord run : runs) {
            chain = chain.compose(done -> execute(run, false)
                    .recover(failure -> {
                        log.warn("Run {} (as of {}) did not run: {}", run.runId(), run.asOf(), failure.getMessage());
                        return services.runs().get(run.runId());
                    })
                    .map(finished -> {
                        done.add(finished);
                        return done;
                    }));
        }
        return chain;
    }

    /** Resumes a FAILED or INTERRUPTED run in the background, skipping its SUCCEEDED tasks; 409 otherwise. */
    public Future<RunRecord> resume(long runId) {
        return resumable(runId).onSuccess(run -> background(run, true)).compose(run -> services.runs().get(runId));
    }

    /** As {@link #resume}, returning the final record. */
    public Future<RunRecord> resumeAndWait(long runId) {
        return resumable(runId).compose(run -> execute(run, true));
    }

    private Future<RunRecord> resumable(long runId) {
        return services.runs().get(runId).compose(run -> run.status().resumable()
                ? services.runs().requireNoActiveRun(runId).map(run)
                : Future.failedFuture(ServiceFailure.conflict("run_id: run " + runId + " is " + run.status()
                + "; only FAILED or INTERRUPTED runs can be resumed")));
    }

    /** Cancels a queued or running run; 409 when it has already finished, 404 when unknown. */
    public Future<RunRecord> cancel(long runId) {
        return services.runs().get(runId).compose(run -> {
            if (run.status().finished()) {
                return Future.failedFuture(ServiceFailure.conflict("run_id: run " + runId + " already finished (" + run.status() + ")"));
            }
            RunExecution execution = active.get(runId);
            if (execution != null) {
                execution.cancel();
                return execution.finishedRecord();
            }
            // Queued here (backfill) or running on another instance: that instance sees the request before its next task.
            Future<?> marked = run.status() == RunStatus.QUEUED
                    ? services.runs().finish(runId, RunStatus.CANCELLED, RunExecution.CANCELLED)
                    : services.runs().requestCancel(runId);
            return marked.compose(done -> services.runs().get(runId));
        });
    }

    /**
     * Accepts a run's distribution as the PSI baseline of later runs, by {@code acceptedBy}; 404 unknown run, 409 a
     * run that did not succeed or profiled too few users ({@link PipelineBaselines#accept}).
     */
    public Future<PipelineContract.BaselineAccepted> acceptBaseline(long runId, String acceptedBy) {
        return services.runs().get(runId).compose(run -> services.baselines().accept(run, acceptedBy))
                .onSuccess(accepted -> log.info("Run {}'s distribution accepted as the pipeline baseline by {}", runId, acceptedBy));
    }

    public Future<RunRecord> status(long runId) {
        return services.runs().get(runId);
    }

    public Future<List<RunRecord>> list(int limit) {
        return services.runs().list(limit);
    }

    /** The latest as-of date that succeeded, or null (catch-up starts after it). */
    public Future<LocalDate> lastSuccessfulAsOf() {
        return services.runs().pool().query(PipelineQueries.LAST_SUCCESS).execute().map(rows -> {
            var row = rows.iterator().next();
            Number at = (Number) row.getValue("at");
            if (at != null) {
                services.metrics().lastSuccess(at.longValue());
            }
            return row.getLocalDate("as_of");
        });
    }

    /**
     * Start-up: a run QUEUED or RUNNING whose as-of lock nobody holds was left by a dead instance; it is
     * marked INTERRUPTED (and can be resumed). Runs whose lock is held belong to a live instance.
     */
    public Future<List<Long>> recoverInterrupted() {
        return services.runs().withStatus(RunStatus.QUEUED, RunStatus.RUNNING).compose(runs -> {
            List<Long> interrupted = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (RunRecord run : runs) {
                if (active.containsKey(run.runId())) {
                    continue;
                }
                int key = (int) run.asOf().toEpochDay();
                chain = chain.compose(ignored -> services.runs().pool().withConnection(connection -> connection
                        .preparedQuery(PipelineQueries.TRY_LOCK).execute(Tuple.of(key)).compose(rows -> {
                            if (!rows.iterator().next().getBoolean("locked")) {
                                return Future.succeededFuture();
                            }
                            interrupted.add(run.runId());
                            log.warn("Run {} (as of {}) was {} with no live instance holding it: marked INTERRUPTED",
                                    run.runId(), run.asOf(), run.status());
                            return services.runs().markInterrupted(run.runId())
                                    .eventually(() -> connection.preparedQuery(PipelineQueries.UNLOCK).execute(Tuple.of(key)));
                        })));
            }
            return chain.map(interrupted);
        });
    }

    private void background(RunRecord run, boolean resume) {
        execute(run, resume).onFailure(failure -> log.warn("Run {} (as of {}) did not run: {}", run.runId(), run.asOf(), failure.getMessage()));
    }

    private Future<RunRecord> execute(RunRecord run, boolean resume) {
        RunExecution execution = new RunExecution(services, run, resume);
        if (active.putIfAbsent(run.runId(), execution) != null) {
            return Future.failedFuture(ServiceFailure.conflict("run_id: run " + run.runId() + " is already executing here"));
        }
        return execution.execute().onComplete(done -> active.remove(run.runId(), execution));
    }

    private static void checkNotFuture(String field, LocalDate date) {
        if (date.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw ServiceFailure.invalid(field, date + " is in the future; features can only be computed as of today or earlier");
        }
    }
}
