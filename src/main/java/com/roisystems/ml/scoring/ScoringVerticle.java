package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.monitoring.MonitoringContract;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.predictionlog.JournalWriter;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionJournal;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import com.roisystems.ml.registry.ModelsChanged;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Serves {@link ScoringContract}: scores a request on the Production model of its type ({@link ServingModels}),
 * on features from the request or the feature store ({@link ModelInputs}), explains it, and logs every
 * prediction: appended to the prediction journal before the answer leaves (so an answered prediction is logged even if
 * the process dies next), then published for the model's health; failures are published too. While the journal is
 * full (the log cannot write to PostgreSQL fast enough, or at all) requests are refused with 503 before scoring.
 * Batches fan out through the bus
 * ({@link BatchScoring}). Deployed as a worker: scoring costs more than a few microseconds (168 slots for
 * CONTACT_TIMING, TreeSHAP for every answer).
 *
 * <p>{@code vertx.deployVerticle(ScoringVerticle.class, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))}
 */
public final class ScoringVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(ScoringVerticle.class);
    private static final int TOP_FEATURES = 5;
    private static final String SERVICE = "the scoring service";

    private ServingModels models;
    private ModelInputs inputs;
    private PredictionJournal journal;
    private JournalWriter journalWriter;

    @Override
    public Future<?> start() {
        models = new ServingModels(vertx, PgPools.shared(vertx, config()));
        inputs = new ModelInputs(vertx, PgPools.sharedForPointLookups(vertx, config()));
        journal = PredictionJournal.shared(vertx, config());
        journalWriter = journal.writer();
        BatchScoring batches = new BatchScoring(vertx);
        return Bus.subscribe(vertx, ModelsChanged.TOPIC, models::onModelsChanged)
                .compose(subscribed -> models.loadProduction())
                .compose(loaded -> Future.all(List.of(
                        Bus.serve(vertx, ScoringContract.PREDICT, this::predict),
                        Bus.serve(vertx, ScoringContract.PREDICT_BATCH, batches::score),
                        Bus.serve(vertx, ScoringContract.MODEL_HEALTH, this::modelHealth))));
    }

    private Future<Prediction> predict(PredictionRequest request) {
        long started = System.nanoTime();
        if (journal.full()) {
            return Future.failedFuture(new ServiceFailure(FailureCode.OVERLOADED, null, "the prediction log is "
                    + journal.pendingBytes() + " bytes behind (predictionLog.journalMaxBytes " + journal.maxBytes()
                    + "): predictions are refused until it catches up; retry shortly"));
        }
        ServingModel model = models.current(request.predictionType());
        if (model == null) {
            return Future.failedFuture(ServiceFailure.unavailable("no Production model for " + request.predictionType()
                    + " (" + request.predictionType().modelName() + "); train one and promote it to Production"));
        }
        Instant asOf = request.asOf() == null ? Instant.now() : request.asOf();
        return inputs.of(model, request, asOf)
                .map(features -> answer(model, request, features, started))
                .onFailure(failure -> Bus.publish(vertx, PredictionLogContract.FAILED, new PredictionLogContract.FailedPrediction(
                        model.version().name(), model.version().version(), (System.nanoTime() - started) / 1e6,
                        failure instanceof ServiceFailure known ? known.httpStatus() : 500)));
    }

    private Prediction answer(ServingModel model, PredictionRequest request, ModelInputs.Inputs features, long started) {
        ServingModel.Scored scored = model.predict(features.values(), features.history());
        double latencyMs = (System.nanoTime() - started) / 1e6;
        String predictionId = "pred_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        Prediction.Answer answer = scored.answer();
        LoggedPrediction logged = new LoggedPrediction(predictionId, "USER", request.entityId(),
                request.predictionType().name(), model.version().name(), model.version().version(), request.loggedFields(),
                features.used(model.storeFeatures()), answer.predictedDouble(), answer.predictedClass(), answer.confidence(),
                scored.explanation().full(), latencyMs, now, features.tenant());
        try {
            // Before the answer leaves: an answered prediction is in the journal.
            journalWriter.append(logged);
        } catch (UncheckedIOException e) {
            log.error("Prediction {} not journaled, not answered: {}", predictionId, e.getMessage());
            throw ServiceFailure.unavailable("the prediction log cannot record predictions now (its journal cannot be written); retry later");
        }
        Bus.publish(vertx, PredictionLogContract.SERVED, logged);
        return new Prediction(predictionId, request.entityId(), request.predictionType().name(), answer,
                scored.explanation().top(TOP_FEATURES), now, model.version().label(), latencyMs, features.status());
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            journalWriter.close();
            journal.release();
            return null;
        });
    }

    private Future<ModelHealth> modelHealth(ModelHealth.Query query) {
        String name = query.modelName();
        PredictionType type = PredictionType.fromModelName(name).orElse(null);
        if (type == null) {
            return Future.failedFuture(ServiceFailure.notFound("no model named " + name));
        }
        ServingModel model = models.current(type);
        // Drifted features, the window's period and the latest performance come from model monitoring; health without them if it does not answer.
        Future<MonitoringContract.ModelMonitoring> monitoring = Bus.request(vertx, MonitoringContract.MODEL_STATUS,
                new MonitoringContract.ModelQuery(name)).otherwise((MonitoringContract.ModelMonitoring) null);
        return Bus.request(vertx, PredictionLogContract.MODEL_HEALTH, new PredictionLogContract.ModelStatsQuery(name))
                .otherwise(PredictionLogContract.ModelStats.none(name))
                .compose(stats -> monitoring.map(latest -> new ModelHealth(name,
                        model == null ? null : model.version().label(),
                        model == null ? "NOT_DEPLOYED" : "DEPLOYED",
                        model == null || model.version().deployedAt() == null ? null : model.version().deployedAt().toString(),
                        stats.predictionCount(), stats.avgLatencyMs(), stats.p95LatencyMs(), stats.errorRate(),
                        // The latest closed monitoring window's decision, as the prediction log reads it from ml_monitoring.
                        stats.driftDetected(),
                        stats.lastPredictionAt(), latest)));
    }
}
