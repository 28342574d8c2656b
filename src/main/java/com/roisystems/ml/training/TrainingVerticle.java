package com.roisystems.ml.training;

import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.api.ServiceFailures;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link TrainingAdmin#TRAIN}. Training is CPU-heavy and waits on the database, so each run goes to
 * one dedicated training thread (not a Vert.x thread: the trainer awaits its database futures, which
 * must be completed by an event loop that this thread never occupies); runs are serialised, and the
 * reply comes back on this verticle's context.
 *
 * <p>{@code vertx.eventBus().request(TrainingAdmin.TRAIN, new JsonObject().put("prediction_type", "PROPERTY_VALUE"))}
 */
public final class TrainingVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(TrainingVerticle.class);

    private ExecutorService trainingThread;
    private ModelTrainer trainer;

    @Override
    public Future<?> start() {
        AppConfig config = AppConfig.of(config());
        trainer = new ModelTrainer(vertx, PgPools.shared(vertx, config()), config, line -> log.info("{}", line.strip()));
        trainingThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "model-training");
            thread.setDaemon(true);
            return thread;
        });
        return vertx.eventBus().<JsonObject>consumer(TrainingAdmin.TRAIN, this::train).completion();
    }

    @Override
    public Future<?> stop() {
        trainingThread.shutdownNow();
        return Future.succeededFuture();
    }

    private void train(Message<JsonObject> message) {
        TrainingAdmin.Request request;
        try {
            request = TrainingAdmin.parse(message.body() == null ? new JsonObject() : message.body());
        } catch (TrainingException e) {
            message.fail(e.failureCode(), e.getMessage());
            return;
        }
        CompletableFuture<ModelTrainer.TrainingResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return trainer.train(request.type(), request.options());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, trainingThread);
        Future.fromCompletionStage(run, context)
                .onSuccess(result -> message.reply(reply(result)))
                .onFailure(failure -> fail(message, request.type(), failure instanceof CompletionException ? failure.getCause() : failure));
    }

    private static JsonObject reply(ModelTrainer.TrainingResult result) {
        return new JsonObject().put("model_name", result.version().name()).put("version", result.version().version())
                .put("stage", result.version().stage().display()).put(TrainingAdmin.PREDICTION_TYPE, result.model().type().name())
                .put("evaluation", result.model().evaluation()).put("metrics", result.model().metrics())
                .put("rows", result.datasetRows()).put("train_s", result.model().trainSeconds());
    }

    private static void fail(Message<JsonObject> message, PredictionType type, Throwable failure) {
        if (failure instanceof TrainingException refused) {
            log.warn("Training {} refused: {}", type, refused.getMessage());
            message.fail(refused.failureCode(), refused.getMessage());
        } else if (failure instanceof ServiceFailure refused) {
            message.fail(refused.failureCode(), refused.getMessage());
        } else {
            log.error("Training {} failed", type, failure);
            message.fail(ServiceFailures.UNAVAILABLE, "training " + type + " failed: " + failure.getMessage());
        }
    }
}
