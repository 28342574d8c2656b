package com.roisystems.ml.scoring;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.registry.ModelRegistry;
import com.roisystems.ml.registry.ModelsChanged;
import com.roisystems.ml.registry.Stage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The Production model of each prediction type, swapped without pausing requests: a new version is
 * loaded and compiled off the event loop, then replaces the old one atomically, so a request in flight
 * finishes on the model it began with. A version leaving Production stops being served at once.
 *
 * <p>{@code ServingModel model = models.current(PredictionType.MOVE_PROBABILITY);  // null: none in Production}
 */
final class ServingModels {

    private static final Logger log = LoggerFactory.getLogger(ServingModels.class);

    private final Vertx vertx;
    private final ModelRegistry registry;
    private final Map<PredictionType, LatestLoad<ServingModel>> models = new EnumMap<>(PredictionType.class);

    ServingModels(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.registry = new ModelRegistry(vertx, pool, Set.of(ModelArtifact.FORMAT_VERSION));
        for (PredictionType type : PredictionType.values()) {
            models.put(type, new LatestLoad<>());
        }
    }

    ModelRegistry registry() {
        return registry;
    }

    /** The model serving {@code type}, or null while none is in Production. */
    ServingModel current(PredictionType type) {
        return models.get(type).current();
    }

    /** Loads every Production model; a failure leaves those types answering 503 until a promotion. */
    Future<Void> loadProduction() {
        return registry.productionModels()
                .compose(production -> Future.join(production.stream().map(version -> reload(version.name())).toList()))
                .<Void>mapEmpty()
                .recover(failure -> {
                    log.error("Loading Production models failed; types without a model answer 503 until one is promoted: {}", failure.getMessage());
                    return Future.succeededFuture();
                });
    }

    void onModelsChanged(ModelsChanged change) {
        PredictionType type = PredictionType.fromModelName(change.name()).orElse(null);
        if (type == null) {
            return;
        }
        if (Stage.PRODUCTION.name().equals(change.stage())) {
            reload(change.name());
            return;
        }
        ServingModel current = models.get(type).current();
        if (current != null && current.version().version() == change.version() && models.get(type).clearIf(current)) {
            log.warn("{} v{} left Production ({}); {} predictions answer 503 until another version is promoted",
                    change.name(), change.version(), change.stage(), type);
        }
    }

    /**
     * Loads and compiles off the event loop, then swaps atomically — unless a reload that started later has
     * already been installed (promotions in quick succession finish in any order; the latest one wins).
     */
    private Future<Void> reload(String modelName) {
        PredictionType type = PredictionType.fromModelName(modelName).orElse(null);
        if (type == null) {
            return Future.succeededFuture();
        }
        LatestLoad<ServingModel> slot = models.get(type);
        long ticket = slot.begin();
        return registry.load(modelName, Stage.PRODUCTION.name())
                .compose(loaded -> vertx.executeBlocking(() -> ServingModel.load(loaded)))
                .compose(model -> model.type() == type && model.version().name().equals(modelName) ? Future.succeededFuture(model)
                        : Future.failedFuture("the registry answered " + model.describe() + ", a " + model.type() + " model"))
                .onSuccess(model -> {
                    ServingModel previous = slot.complete(ticket, model);
                    if (slot.current() != model) {
                        log.info("Not serving {}: a later promotion of {} was loaded first", model.describe(), type);
                        return;
                    }
                    log.info("Serving {} for {}{}", model.describe(), type,
                            previous == null ? "" : " (replaced " + previous.version().label() + ")");
                })
                .onFailure(failure -> log.error("Could not load the Production model {}: {}", modelName, failure.getMessage()))
                .mapEmpty();
    }
}
