package com.roisystems.ml.monitoring.performance;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes each monitoring window's realised and estimated performance into {@code ml_monitoring.performance}, from the
 * outcomes its predictions have had by {@code now} ({@link OutcomeQueries}, {@link WindowPerformance}).
 *
 * <p>Bounded work: one run recomputes at most {@code maxWindowsPerRun} windows, those that ended within
 * {@code lookbackDays} and are not settled, never computed first, then the ones computed longest ago; so every open
 * window is refreshed in turn and a backlog drains at a known rate. A window settles once it has been computed after its
 * end plus its horizon (all its activity outcomes are in; feedback given later is not read again). Windows are computed
 * one at a time (background work; the request paths keep the pool) and a window that fails is logged and left for the
 * next run. Two instances computing one window write the same document. Each window written is announced on
 * {@link WindowPerformanceWritten#TOPIC}.
 *
 * <p>{@code new PerformanceJob(vertx, pool, PerformanceSettings.of(config())).run(Instant.now())}
 */
public final class PerformanceJob {

    private static final Logger log = LoggerFactory.getLogger(PerformanceJob.class);

    private record Window(String modelName, int version, OffsetDateTime start, OffsetDateTime end, String predictionType,
                          JsonObject referenceMetrics) {

        Tuple key() {
            return Tuple.of(modelName, version, start, end);
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final PerformanceSettings settings;

    public PerformanceJob(Vertx vertx, Pool pool, PerformanceSettings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.settings = settings;
    }

    /** Recomputes the windows due as of {@code now}; the number written. Fails only when the due windows cannot be read. */
    public Future<Integer> run(Instant now) {
        if (!settings.enabled()) {
            return Future.succeededFuture(0);
        }
        OffsetDateTime asOf = now.atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(OutcomeQueries.DUE_WINDOWS).execute(Tuple.of(asOf, settings.lookbackDays(), settings.maxWindowsPerRun()))
                .compose(rows -> {
                    List<Window> windows = new ArrayList<>();
                    rows.forEach(row -> windows.add(window(row)));
                    Future<Integer> done = Future.succeededFuture(0);
                    for (Window window : windows) {
                        done = done.compose(count -> compute(window, now).map(written -> written ? count + 1 : count));
                    }
                    return done;
                })
                .onSuccess(written -> {
                    if (written > 0) {
                        log.debug("Performance of {} monitoring window(s) recomputed as of {}", written, now);
                    }
                });
    }

    private static Window window(Row row) {
        return new Window(row.getString("model_name"), row.getInteger("model_version"),
                row.getOffsetDateTime("period_start").withOffsetSameInstant(ZoneOffset.UTC),
                row.getOffsetDateTime("period_end").withOffsetSameInstant(ZoneOffset.UTC),
                row.getString("prediction_type"), row.getJsonObject("reference_metrics"));
    }

    private Future<Boolean> compute(Window window, Instant now) {
        Optional<PredictionType> type = window.predictionType() != null ? PredictionType.fromName(window.predictionType())
                : PredictionType.fromModelName(window.modelName());
        Future<JsonObject> document = type.isEmpty()
                ? Future.succeededFuture(new JsonObject().put("as_of", now.toString()).put("skipped", "model " + window.modelName()
                        + " version " + window.version() + " is not in ml_models and its name is no known prediction type's"))
                : document(window, type.get(), now);
        return document
                .compose(json -> pool.preparedQuery(OutcomeQueries.UPDATE_PERFORMANCE)
                        .execute(Tuple.of(window.modelName(), window.version(), window.start(), window.end(), json)))
                .map(updated -> {
                    Bus.publish(vertx, WindowPerformanceWritten.TOPIC, new WindowPerformanceWritten(window.modelName(), window.version(),
                            window.start().toInstant(), window.end().toInstant()));
                    return true;
                })
                .recover(failure -> {
                    log.warn("Performance of {} v{} window {}..{} not computed, will retry: {}", window.modelName(), window.version(),
                            window.start(), window.end(), failure.toString());
                    return Future.succeededFuture(false);
                });
    }

    private Future<JsonObject> document(Window window, PredictionType type, Instant now) {
        int horizon = LabelHorizons.days(type);
        return pool.preparedQuery(OutcomeQueries.WINDOW_PREDICTIONS).execute(window.key())
                .map(rows -> rows.iterator().next().getLong("predictions"))
                .compose(predictions -> {
                    JsonObject base = WindowPerformance.base(now, horizon, predictions);
                    if (predictions == 0) {
                        return Future.succeededFuture(base.put("realised_unavailable", "no prediction of this window in ml_predictions"));
                    }
                    Tuple parameters = Tuple.of(window.modelName(), window.version(), window.start(), window.end(),
                            now.atOffset(ZoneOffset.UTC), horizon);
                    return pool.preparedQuery(LabelHorizons.outcomeQuery(type)).execute(parameters)
                            .compose(rows -> vertx.executeBlocking(() -> switch (type) {
                                case MOVE_PROBABILITY -> WindowPerformance.moveProbability(base, rows, settings.calibrationBins());
                                case TRANSACTION_TYPE -> WindowPerformance.transactionType(base, rows);
                                case PROPERTY_VALUE -> WindowPerformance.propertyValue(base, rows);
                                case CONTACT_TIMING -> WindowPerformance.contactTiming(base, rows);
                            }, false));
                })
                .map(json -> {
                    JsonObject reference = ReferencePerformance.of(type, window.version(), window.referenceMetrics());
                    return reference == null ? json : json.put("reference", reference);
                });
    }
}
