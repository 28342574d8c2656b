package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.config.RedisClients;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.OnlineStore;
import com.roisystems.ml.pipeline.PipelineContract.RunList;
import com.roisystems.ml.pipeline.PipelineContract.StatusReply;
import com.roisystems.ml.privacy.RetentionJob;
import com.roisystems.ml.privacy.RetentionPolicy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The daily feature pipeline in the service: marks runs a crashed instance left behind INTERRUPTED,
 * serves the {@link PipelineContract} endpoints, fires runs on the cron schedule ({@code pipeline.schedule},
 * UTC) and, when {@code pipeline.catchUp}, runs the dates missed while the service was down, oldest first.
 * Deploy one instance per process; across a cluster the advisory lock lets one instance run a date.
 *
 * <p>Retention ({@link RetentionJob}, the {@code retention} section) runs on the same schedule, beside the run rather
 * than as one of its tasks: it must happen even when a feature run fails or is skipped as already done, and a run's
 * retries, gates and as-of date mean nothing to it. It also runs after a start-up that found missed dates.
 *
 * <p>Config: the {@code pipeline} section ({@link PipelineOptions}), {@code retention}, {@code pg}, {@code redis}.
 */
public final class PipelineVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(PipelineVerticle.class);

    private PipelineRunner runner;
    private PipelineSchedule schedule;
    private RetentionJob retention;
    private Redis redis;
    private long timerId = -1;

    @Override
    public Future<?> start() {
        PipelineOptions options = PipelineOptions.fromJson(config().getJsonObject("pipeline", new JsonObject()));
        schedule = PipelineSchedule.parse(options.schedule());
        retention = new RetentionJob(PgPools.shared(vertx, config()), RetentionPolicy.fromJson(config().getJsonObject("retention")));
        RedisOptions redisOptions = RedisClients.options(config().getJsonObject("redis"));
        redisOptions.getNetClientOptions().setConnectTimeout(500);
        redis = Redis.createClient(vertx, redisOptions);
        OnlineStore store = new OnlineStore(redis, 0, 0, config().getJsonObject("features", new JsonObject()).getLong("onlineTtlSeconds", 172_800L));
        return PipelineRunner.create(vertx, PgPools.shared(vertx, config()), store, options, PipelineMetrics.create(), PipelineProgress.publisher(vertx))
                .compose(created -> {
                    runner = created;
                    return runner.recoverInterrupted();
                })
                .compose(interrupted -> Future.all(List.of(
                        Bus.serve(vertx, PipelineContract.TRIGGER, request -> runner.trigger(request.asOf(), "manual")),
                        Bus.serve(vertx, PipelineContract.BACKFILL, request -> runner.backfill(request.from(), request.to(), "backfill")
                                .map(RunList::new)),
                        Bus.serve(vertx, PipelineContract.STATUS, request -> request.runId() == null
                                ? runner.list(request.limit()).map(StatusReply::of)
                                : runner.status(request.runId()).map(StatusReply::of)),
                        Bus.serve(vertx, PipelineContract.CANCEL, request -> runner.cancel(request.runId())),
                        Bus.serve(vertx, PipelineContract.RESUME, request -> runner.resume(request.runId())),
                        Bus.serve(vertx, PipelineContract.BASELINE, request -> runner.acceptBaseline(request.runId(), request.acceptedBy())))))
                .compose(serving -> runner.lastSuccessfulAsOf())
                .onSuccess(lastSuccess -> {
                    scheduleNext();
                    if (options.catchUp()) {
                        catchUp(lastSuccess, options.catchUpMaxRuns());
                    }
                    log.info("Pipeline ready: schedule '{}' (UTC), last successful as-of {}, catch-up {}", schedule.expression(),
                            lastSuccess, options.catchUp() ? "on" : "off");
                });
    }

    private void scheduleNext() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        schedule.next(now).ifPresent(next -> {
            long delay = Math.max(1, Duration.between(now, next).toMillis());
            timerId = vertx.setTimer(delay, id -> {
                LocalDate asOf = next.toLocalDate();
                runner.trigger(asOf, "schedule")
                        .onSuccess(run -> log.info("Scheduled run {} as of {} started", run.runId(), asOf))
                        .onFailure(failure -> log.warn("Scheduled run as of {} not started: {}", asOf, failure.getMessage()));
                applyRetention();
                scheduleNext();
            });
        });
    }

    /** Missed dates one after the other; each failure is alerted by the run itself, the next date still runs. */
    private void catchUp(LocalDate lastSuccess, int limit) {
        List<LocalDate> missed = schedule.missed(lastSuccess, ZonedDateTime.now(ZoneOffset.UTC), limit);
        if (missed.isEmpty()) {
            return;
        }
        log.info("Catching up {} missed run(s): {} .. {}", missed.size(), missed.get(0), missed.get(missed.size() - 1));
        applyRetention();
        Future<?> chain = Future.succeededFuture();
        for (LocalDate date : missed) {
            chain = chain.transform(ignored -> runner.run(date, "catch-up")
                    .onFailure(failure -> log.warn("Catch-up run as of {} not run: {}", date, failure.getMessage())));
        }
    }

    /** Deletes what is past its retention; counts are logged by the job, a failure here (tomorrow retries). */
    private void applyRetention() {
        retention.apply(Instant.now()).onFailure(failure -> log.warn("Retention not applied: {}", failure.getMessage()));
    }

    @Override
    public Future<?> stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (redis != null) {
            redis.close();
        }
        return Future.succeededFuture();
    }
}
