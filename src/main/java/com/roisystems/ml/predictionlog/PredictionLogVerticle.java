package com.roisystems.ml.predictionlog;

import io.vertx.sqlclient.RowSet;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.HealthProbe;
import com.roisystems.ml.bus.ComponentHealth;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.db.DataRefusals;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.db.TenantScope;
import com.roisystems.ml.monitoring.DriftWindowJob;
import com.roisystems.ml.monitoring.MonitoringHandlers;
import com.roisystems.ml.monitoring.alert.AlertEvaluator;
import com.roisystems.ml.monitoring.alert.AlertSettings;
import com.roisystems.ml.monitoring.MonitoringSettings;
import com.roisystems.ml.monitoring.MonitoringStore;
import com.roisystems.ml.monitoring.ServingWindows;
import com.roisystems.ml.monitoring.performance.PerformanceJob;
import com.roisystems.ml.monitoring.performance.PerformanceSettings;
import com.roisystems.ml.monitoring.profile.ServingProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every served prediction to {@code ml_predictions} in batches, links feedback, and keeps each
 * model's serving health. Predictions wait in the {@link PredictionJournal} on disk, where the scorers put them before
 * answering (a prediction published on {@code predictions.logged} instead is journaled here); batches are read from it
 * ({@link JournalReader}) and inserted idempotently by prediction id. When PostgreSQL is unavailable the batch is read
 * again and retried with backoff, the backlog shows in {@code /health} and metrics, and nothing is dropped: a full
 * journal makes the scorers refuse new predictions instead. Stopping writes what is journaled; what PostgreSQL does not
 * take then stays in the journal for the next start. Each prediction
 * also updates its model version's serving profile of the window ({@code monitoring.windowSeconds}; {@code monitoring.ServingWindows}), merged into
 * {@code ml_serving_profiles} every {@code monitoring.windowFlushIntervalMs} and on stop; finished windows are compared
 * with their reference and written to {@code ml_monitoring} every {@code monitoring.closeIntervalMs}, then alerts are
 * evaluated ({@code monitoring.alert}); the verticle also serves the monitoring reads ({@code monitoring.MonitoringContract}).
 */
public final class PredictionLogVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(PredictionLogVerticle.class);

    private Pool pool;
    private PredictionJournal journal;
    private JournalReader reader;
    /** Journals the predictions published on {@code predictions.logged}; appends run one after another on a worker. */
    private JournalWriter publishedWriter;
    private Future<Void> appending = Future.succeededFuture();
    private final ModelHealthStats stats = new ModelHealthStats();
    /** Published predictions not journaled because the journal was full (scorers refuse theirs with 503 instead). */
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /** Predictions PostgreSQL refused (their data, not an outage): logged at ERROR and left out. */
    private final AtomicLong refused = new AtomicLong();
    private int batchSize;
    private long flushIntervalMs;
    private boolean flushing;
    private boolean degraded;
    private long retryDelayMs;
    private long flushTimer;
    private long syncTimer;
    private long persistTimer;
    private MonitoringSettings monitoring;
    private ServingWindows windows;
    private MonitoringStore monitoringStore;
    private DriftWindowJob driftJob;
    private PerformanceJob performanceJob;
    private AlertEvaluator alertEvaluator;
    private boolean windowsFlushing;
    private boolean closingWindows;
    private long windowTimer;
    private long closeTimer;

    @Override
    public Future<?> start() {
        JsonObject settings = config().getJsonObject("predictionLog", new JsonObject());
        batchSize = settings.getInteger("batchSize", 1_000);
        flushIntervalMs = settings.getLong("flushIntervalMs", 200L);
        long syncIntervalMs = settings.getLong("journalSyncMs", 1_000L);
        long persistIntervalMs = settings.getLong("healthPersistIntervalMs", 60_000L);
        pool = PgPools.shared(vertx, config());
        journal = PredictionJournal.shared(vertx, config());
        reader = new JournalReader(journal);
        publishedWriter = journal.writer();
        MeterRegistry registry = BackendRegistries.getDefaultNow() == null ? new SimpleMeterRegistry() : BackendRegistries.getDefaultNow();
        registry.gauge("roi_prediction_log_backlog", journal, PredictionJournal::pendingPredictions);
        registry.gauge("roi_prediction_log_dropped", dropped);
        registry.gauge("roi_prediction_log_written", written);

        flushTimer = vertx.setPeriodic(flushIntervalMs, id -> flush());
        syncTimer = vertx.setPeriodic(syncIntervalMs, id -> vertx.executeBlocking(() -> {
            journal.sync();
            return null;
        }));
        persistTimer = vertx.setPeriodic(persistIntervalMs, id -> persistHealth());
        monitoring = MonitoringSettings.of(config());
        windows = new ServingWindows(monitoring.sketchK(), monitoring.windowSeconds());
        monitoringStore = new MonitoringStore(vertx, pool);
        driftJob = new DriftWindowJob(vertx, pool, monitoring);
        performanceJob = new PerformanceJob(vertx, pool, PerformanceSettings.of(config()));
        alertEvaluator = new AlertEvaluator(vertx, pool, AlertSettings.of(config()), registry);
        if (monitoring.enabled()) {
            windowTimer = vertx.setPeriodic(monitoring.flushIntervalMs(), id -> flushWindows());
            closeTimer = vertx.setPeriodic(monitoring.closeIntervalMs(), id -> closeWindows());
        }
        return vertx.executeBlocking(reader::recover)
                .onSuccess(left -> {
                    if (left > 0) {
                        log.info("Prediction journal holds {} predictions an earlier run answered and did not write; writing them", left);
                    }
                })
                .compose(recovered -> Future.all(List.of(
                Bus.subscribe(vertx, PredictionLogContract.LOGGED, this::journal),
                Bus.subscribe(vertx, PredictionLogContract.SERVED, this::record),
                Bus.subscribe(vertx, PredictionLogContract.FAILED, this::recordFailure),
                Bus.serve(vertx, PredictionLogContract.FEEDBACK, this::feedback),
                Bus.serve(vertx, PredictionLogContract.MODEL_HEALTH, this::modelHealth),
                Bus.serve(vertx, PredictionLogContract.STATUS, query -> Future.succeededFuture(status())),
                MonitoringHandlers.serve(vertx, pool))));
    }

    /** A prediction published to be logged: counted, then journaled (appends stay in publishing order). */
    private void journal(LoggedPrediction prediction) {
        record(prediction);
        appending = appending.compose(ignored -> vertx.<Void>executeBlocking(() -> {
            if (journal.full()) {
                if (dropped.incrementAndGet() % 1_000 == 1) {
                    log.error("Prediction journal full ({} bytes waiting): a published prediction is not logged; {} so far",
                            journal.pendingBytes(), dropped.get());
                }
            } else {
                publishedWriter.append(prediction);
            }
            return null;
        })).otherwise(failure -> {
            log.error("Published prediction {} not journaled: {}", prediction.predictionId(), failure.getMessage());
            dropped.incrementAndGet();
            return (Void) null;
        });
    }

    /** A prediction served (and journaled by its scorer): its model's health and serving window. */
    private void record(LoggedPrediction prediction) {
        stats.record(prediction.modelName(), prediction.modelVersion(), prediction.latencyMs(), false, prediction.createdAt());
        if (monitoring.enabled()) {
            // The features as scored (ModelInputs.used: {"values": {name: value|null}, "status": ...}) update the window's sketches.
            JsonObject values = prediction.featuresUsed() == null ? null : prediction.featuresUsed().getJsonObject("values");
            // The SHAP document is the scorer's own object on the local bus ({"expected_value", "contributions": {name: value}}).
            JsonObject contributions = prediction.shapValues() == null ? null : prediction.shapValues().getJsonObject("contributions");
            windows.record(prediction.modelName(), prediction.modelVersion(), prediction.createdAt(),
                    values == null ? Map.of() : values.getMap(), prediction.predictedValue(), prediction.predictedClass(),
                    contributions == null ? Map.of() : contributions.getMap());
        }
    }

    private void recordFailure(PredictionLogContract.FailedPrediction failure) {
        stats.record(failure.modelName() == null ? "unknown" : failure.modelName(), failure.modelVersion(),
                failure.latencyMs(), true, Instant.now());
    }

    /** Writes the journal's next batch; on failure it is read again after a longer wait. Batches follow each other while full. */
    private Future<Void> flush() {
        if (flushing) {
            return Future.succeededFuture();
        }
        flushing = true;
        return vertx.executeBlocking(() -> reader.next(batchSize))
                .compose(batch -> batch.isEmpty() ? Future.succeededFuture(batch)
                        // A batch of written segments only (no new line) just deletes them.
                        : (batch.predictions().isEmpty() ? Future.succeededFuture(0) : insertIsolatingPoison(batch.predictions()))
                        .compose(refusedNow -> {
                            written.addAndGet(batch.predictions().size() - refusedNow);
                            return vertx.executeBlocking(() -> {
                                reader.commit(batch);
                                return batch;
                            });
                        }))
                .<Boolean>map(batch -> {
                    if (degraded) {
                        log.info("Prediction log writes recovered; backlog {}", journal.pendingPredictions());
                    }
                    degraded = false;
                    retryDelayMs = 0;
                    return batch.records() >= batchSize;
                })
                .recover(failure -> {
                    if (!degraded) {
                        log.warn("Prediction log cannot write to PostgreSQL, journaling ({} waiting): {}", journal.pendingPredictions(),
                                failure.getMessage());
                    }
                    degraded = true;
                    // At most 5 s: the log (and health) recover within seconds of PostgreSQL returning; a retry is one cheap read.
                    retryDelayMs = Math.min(5_000, Math.max(500, retryDelayMs * 2));
                    return Future.failedFuture(failure);
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        vertx.setTimer(retryDelayMs, id -> {
                            flushing = false;
                            flush();
                        });
                    } else {
                        flushing = false;
                        if (done.result()) {
                            flush();
                        }
                    }
                })
                .mapEmpty();
    }

    /**
     * Inserts the batch; when PostgreSQL refuses its data (not an outage: {@link DataRefusals}), halves are written on
     * their own down to the prediction to blame, which is logged and counted ({@code refused} in the status) instead of
     * sending the whole batch back to the front forever. The number refused.
     */
    private Future<Integer> insertIsolatingPoison(List<LoggedPrediction> batch) {
        return pool.preparedQuery(PredictionLogQueries.INSERT).execute(parameters(batch)).map(rows -> 0)
                .recover(failure -> {
                    if (!DataRefusals.refusesData(failure)) {
                        return Future.failedFuture(failure);
                    }
                    if (batch.size() == 1) {
                        LoggedPrediction poison = batch.get(0);
                        refused.incrementAndGet();
                        log.error("Prediction {} ({} v{}) refused by PostgreSQL and not logged: {}", poison.predictionId(),
                                poison.modelName(), poison.modelVersion(), DataRefusals.describe((PgException) failure));
                        return Future.succeededFuture(1);
                    }
                    int half = batch.size() / 2;
                    return insertIsolatingPoison(batch.subList(0, half))
                            .compose(first -> insertIsolatingPoison(batch.subList(half, batch.size())).map(second -> first + second));
                });
    }

    private static Tuple parameters(List<LoggedPrediction> batch) {
        int n = batch.size();
        String[] ids = new String[n];
        String[] entityTypes = new String[n];
        String[] entityIds = new String[n];
        String[] types = new String[n];
        String[] models = new String[n];
        Integer[] versions = new Integer[n];
        JsonObject[] requests = new JsonObject[n];
        JsonObject[] features = new JsonObject[n];
        Double[] values = new Double[n];
        String[] classes = new String[n];
        Double[] confidences = new Double[n];
        JsonObject[] shap = new JsonObject[n];
        Double[] latencies = new Double[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        String[] tenants = new String[n];
        for (int i = 0; i < n; i++) {
            LoggedPrediction p = batch.get(i);
            ids[i] = p.predictionId();
            entityTypes[i] = p.entityType();
            entityIds[i] = p.entityId();
            types[i] = p.predictionType();
            models[i] = p.modelName();
            versions[i] = p.modelVersion();
            requests[i] = p.request();
            features[i] = p.featuresUsed();
            values[i] = p.predictedValue();
            classes[i] = p.predictedClass();
            confidences[i] = p.confidence();
            shap[i] = p.shapValues();
            latencies[i] = p.latencyMs();
            created[i] = p.createdAt().atOffset(ZoneOffset.UTC);
            tenants[i] = p.tenantId();
        }
        return Tuple.of(ids, entityTypes, entityIds, types, models, versions, requests, features, values, classes,
                confidences, shap, latencies, created, tenants);
    }

    private Future<PredictionLogContract.FeedbackLinked> feedback(PredictionLogContract.Feedback feedback) {
        // A prediction served a moment ago may still be in the journal: write it first so the link lands.
        return drainJournal()
                .compose(ignored -> TenantScope.run(pool, feedback.tenant(), client -> client.preparedQuery(PredictionLogQueries.FEEDBACK)
                        .execute(Tuple.of(feedback.predictionId(), feedback.actualValue(), feedback.actualClass()))))
                .recover(failure -> {
                    log.warn("Feedback for {} not stored: {}", feedback.predictionId(), failure.toString());
                    return Future.failedFuture(ServiceFailure.unavailable("the prediction log cannot store feedback now; retry later"));
                })
                .compose(rows -> rows.rowCount() == 0
                        ? Future.failedFuture(ServiceFailure.notFound("no prediction " + feedback.predictionId()))
                        : Future.succeededFuture(new PredictionLogContract.FeedbackLinked(feedback.predictionId())));
    }

    private Future<PredictionLogContract.ModelStats> modelHealth(PredictionLogContract.ModelStatsQuery query) {
        Future<MonitoringStore.LatestDrift> latestDrift = monitoringStore.latestDrift(query.modelName())
                .otherwise(failure -> {
                    log.warn("Latest drift of {} not read: {}", query.modelName(), failure.getMessage());
                    return null;
                });
        return pool.preparedQuery(PredictionLogQueries.PERSISTED_HEALTH).execute(Tuple.of(query.modelName()))
                .map(PredictionLogVerticle::rows)
                .otherwise(List.of())
                .map(persisted -> ModelHealthReport.build(query.modelName(), stats.sinceStart(query.modelName()), persisted))
                .compose(health -> latestDrift.map(drift -> drift == null ? health : health.withDrift(drift.driftDetected(), drift.driftedFeatures())));
    }

    /** Merges the serving windows' deltas into PostgreSQL; a delta that fails goes back to be carried by the next flush. */
    private Future<Void> flushWindows() {
        if (windowsFlushing || windows.isEmpty()) {
            return Future.succeededFuture();
        }
        windowsFlushing = true;
        Future<Void> done = Future.succeededFuture();
        for (ServingProfile delta : windows.drain()) {
            done = done.compose(ignored -> monitoringStore.mergeServing(delta)
                    .recover(failure -> {
                        log.warn("Serving window {} v{} {} not persisted, will retry: {}", delta.modelName(), delta.modelVersion(),
                                delta.periodStart(), failure.getMessage());
                        windows.restore(delta);
                        return Future.succeededFuture();
                    }));
        }
        return done.onComplete(ignored -> windowsFlushing = false);
    }

    /** Compares each finished window with its reference and writes its ml_monitoring row (DriftWindowJob). */
    private void closeWindows() {
        if (closingWindows) {
            return;
        }
        closingWindows = true;
        Instant now = Instant.now();
        driftJob.run(now)
                // Performance is late by nature (outcomes arrive over months): its failure must not hold back the alerts.
                .compose(closed -> performanceJob.run(now).map(closed).recover(failure -> {
                    log.warn("Window performance not computed, will retry: {}", failure.getMessage());
                    return Future.succeededFuture(closed);
                }))
                .compose(closed -> alertEvaluator.evaluate(now).map(closed))
                .onSuccess(closed -> {
                    if (closed > 0) {
                        log.info("Closed {} monitoring window(s)", closed);
                    }
                })
                .onFailure(failure -> log.warn("Closing monitoring windows failed, will retry: {}", failure.getMessage()))
                .onComplete(ignored -> closingWindows = false);
    }

    private static List<JsonObject> rows(RowSet<Row> rowSet) {
        List<JsonObject> rows = new ArrayList<>();
        for (Row row : rowSet) {
            rows.add(row.toJson());
        }
        return rows;
    }

    private void persistHealth() {
        Map<ModelHealthStats.Key, ModelHealthStats.Counters> delta = stats.drainForPersistence();
        if (delta.isEmpty()) {
            return;
        }
        OffsetDateTime hour = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        List<Tuple> rows = new ArrayList<>();
        delta.forEach((key, counters) -> rows.add(Tuple.of(key.modelName(), key.version(), hour, hour.plusHours(1),
                counters.predictions, counters.errors, counters.averageLatencyMs(), counters.p95LatencyMs())));
        pool.preparedQuery(PredictionLogQueries.UPSERT_MONITORING).executeBatch(rows)
                .onFailure(failure -> {
                    log.warn("Model health not persisted, will retry: {}", failure.getMessage());
                    stats.restore(delta);
                });
    }

    private ComponentHealth status() {
        return new ComponentHealth(degraded || journal.full() ? HealthProbe.DEGRADED : HealthProbe.UP, new JsonObject()
                .put("backlog", journal.pendingPredictions())
                .put("journal_bytes", journal.pendingBytes())
                .put("journal_max_bytes", journal.maxBytes())
                .put("dropped", dropped.get())
                .put("written", written.get())
                .put("refused", refused.get())
                .put("torn", reader.torn())
                .put("unreadable", reader.unreadable()));
    }

    /** A window flush in flight finishes before the final one starts, so the open windows survive the restart whole. */
    private Future<Void> waitForWindows(int attempts) {
        if (!windowsFlushing || attempts > 500) {
            return Future.succeededFuture();
        }
        Promise<Void> idle = Promise.promise();
        vertx.setTimer(20, id -> waitForWindows(attempts + 1).onComplete(idle));
        return idle.future();
    }

    /** Writes until the journal is empty (or a write fails); appends of published predictions in flight first. */
    private Future<Void> drainJournal() {
        Promise<Void> drained = Promise.promise();
        appending.onComplete(ignored -> waitForFlush(drained, 0));
        return drained.future();
    }

    private void waitForFlush(Promise<Void> drained, int attempts) {
        if (journal.pendingPredictions() <= 0 && !flushing) {
            drained.complete();
        } else if (degraded || attempts > 600) {
            drained.fail("the prediction log cannot write to PostgreSQL");
        } else {
            // A batch in flight is not committed yet: wait for it too.
            flush();
            vertx.setTimer(20, id -> waitForFlush(drained, attempts + 1));
        }
    }

    /**
     * Graceful stop: the journal is written while PostgreSQL is up (the scorers, deployed later, stopped first); what it
     * cannot write stays journaled for the next start.
     */
    @Override
    public Future<?> stop() {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(syncTimer);
        vertx.cancelTimer(persistTimer);
        vertx.cancelTimer(windowTimer);
        vertx.cancelTimer(closeTimer);
        alertEvaluator.close();
        persistHealth();
        return waitForWindows(0).compose(ignored -> flushWindows()).compose(ignored -> drainJournal())
                .onSuccess(ignored -> log.info("Prediction log flushed: {} written", written.get()))
                .onFailure(failure -> log.error("Prediction log stopped with {} predictions journaled in {}, to be written at the next start: {}",
                        journal.pendingPredictions(), journal.directory(), failure.getMessage()))
                .eventually(() -> vertx.executeBlocking(() -> {
                    publishedWriter.close();
                    journal.sync();
                    journal.release();
                    return null;
                }));
    }
}
