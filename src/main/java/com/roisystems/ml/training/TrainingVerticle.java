package com.roisystems.ml.training;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.WholeNumbers;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.training.TrainingContract.Train;
import com.roisystems.ml.training.TrainingContract.TrainingReport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@link TrainingContract#TRAIN} and the experiment tracker's reads ({@link ExperimentContract}). Training is CPU-heavy and waits on the database, so each run goes to
 * one dedicated training thread (not a Vert.x thread: the trainer awaits its database futures, which
 * must be completed by an event loop that this thread never occupies); runs are serialised — across the nodes of a
 * cluster too, by {@link TrainingSlot} — and the reply comes back on this verticle's context. Refusals (bad options, data that cannot support a model,
 * a registry conflict) are the trainer's {@link ServiceFailure}s; anything else is mapped by {@link Bus#serve}.
 *
 * <p>{@code vertx.deployVerticle(new TrainingVerticle(), new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))}
 */
public final class TrainingVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(TrainingVerticle.class);

    private ExecutorService trainingThread;
    private int maxQueued;
    private ModelTrainer trainer;
    private TrainingSlot slot;

    @Override
    public Future<?> start() {
        AppConfig config = AppConfig.of(config());
        trainer = new ModelTrainer(vertx, PgPools.shared(vertx, config()), config, line -> log.info("{}", line.strip()));
        slot = new TrainingSlot(PgPools.shared(vertx, config()), Duration.ofMillis(TrainingContract.TIMEOUT_MS));
        ExperimentStore experiments = new ExperimentStore(PgPools.shared(vertx, config()));
        int maxQueued = (int) WholeNumbers.atLeastOne(config.json().getJsonObject("training", new JsonObject()), "training", "maxQueuedRuns", 4);
        // Bounded: a run takes minutes, and requests piling up behind it would each hold a caller until it times out.
        trainingThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxQueued), runnable -> {
            Thread thread = new Thread(runnable, "model-training");
            thread.setDaemon(true);
            return thread;
        });
        this.maxQueued = maxQueued;
        // The experiment reads are plain queries: they answer while a run holds the training thread.
        return Future.all(List.of(Bus.serve(vertx, TrainingContract.TRAIN, this::train),
                Bus.serve(vertx, ExperimentContract.LIST, experiments::list),
                Bus.serve(vertx, ExperimentContract.GET, request -> experiments.get(request.runId())),
                Bus.serve(vertx, ExperimentContract.COMPARE, experiments::compare)));
    }

    @Override
    public Future<?> stop() {
        trainingThread.shutdownNow();
        return Future.succeededFuture();
    }

    private Future<TrainingReport> train(Train request) {
        CompletableFuture<ModelTrainer.TrainingResult> run;
        try {
            run = CompletableFuture.supplyAsync(() -> {
                try {
                    return slot.holding(() -> trainer.train(request.type(), request.options()));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, trainingThread);
        } catch (RejectedExecutionException full) {
            return Future.failedFuture(new ServiceFailure(FailureCode.QUEUE_FULL, null, "a training run is in progress and "
                    + maxQueued + " more are queued (training.maxQueuedRuns); retry when one has finished"));
        }
        return Future.fromCompletionStage(run, context)
                // The training thread's failure arrives wrapped; the caller is owed the trainer's own failure.
                .recover(failure -> Future.failedFuture(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure))
                .onFailure(failure -> {
                    if (failure instanceof ServiceFailure refused) {
                        log.warn("Training {} refused: {}", request.type(), refused.getMessage());
                    }
                })
                .map(TrainingVerticle::report);
    }

    private static TrainingReport report(ModelTrainer.TrainingResult result) {
        return new TrainingReport(result.version().name(), result.version().version(), result.version().stage(),
                result.model().type(), result.model().evaluation(), result.model().metrics(), result.datasetRows(),
                result.model().trainSeconds());
    }
}
