package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.api.ModelHealthService;
import com.roisystems.ml.api.ServiceFailures;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureService;
import com.roisystems.ml.features.FeatureStatus;
import com.roisystems.ml.features.FeatureValue;
import com.roisystems.ml.features.FeatureVector;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionLog;
import com.roisystems.ml.registry.ModelRegistry;
import com.roisystems.ml.registry.ModelsChanged;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.ModelArtifact;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves {@link ScoringService}: holds the Production model of each prediction type (compiled
 * ensembles with TreeSHAP), fetches features from the feature store or takes them from the request,
 * scores, explains, logs every prediction fire-and-forget, and hot-swaps a model on {@code models.changed}
 * without failing or pausing requests in flight. Deployed as a worker: scoring costs more than a few
 * microseconds (168 slots for CONTACT_TIMING, TreeSHAP for every answer).
 */
public final class ScoringVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(ScoringVerticle.class);
    private static final int BATCH_CONCURRENCY = 64;

    private final Map<PredictionType, AtomicReference<ServingModel>> models = new EnumMap<>(PredictionType.class);
    private ModelRegistry registry;
    private Pool pool;

    @Override
    public Future<?> start() {
        for (PredictionType type : PredictionType.values()) {
            models.put(type, new AtomicReference<>());
        }
        pool = PgPools.sharedForPointLookups(vertx, config());
        registry = new ModelRegistry(vertx, PgPools.shared(vertx, config()), Set.of(ModelArtifact.FORMAT_VERSION));
        return Bus.subscribe(vertx, ModelsChanged.TOPIC, this::onModelsChanged)
                .compose(subscribed -> registry.productionModels())
                .compose(production -> Future.join(production.stream().map(version -> reload(version.name())).toList()))
                .recover(failure -> {
                    log.error("Loading Production models failed; types without a model answer 503 until one is promoted: {}", failure.getMessage());
                    return Future.succeededFuture();
                })
                .compose(ignored -> Future.all(List.of(
                        vertx.eventBus().<JsonObject>consumer(ScoringService.PREDICT, this::predict).completion(),
                        vertx.eventBus().<JsonObject>consumer(ScoringService.PREDICT_BATCH, this::predictBatch).completion(),
                        vertx.eventBus().<JsonObject>consumer(ModelHealthService.ADDRESS, this::modelHealth).completion())));
    }

    private void onModelsChanged(ModelsChanged change) {
        PredictionType type = PredictionType.fromModelName(change.name()).orElse(null);
        if (type == null) {
            return;
        }
        if (Stage.PRODUCTION.name().equals(change.stage())) {
            reload(change.name());
        } else {
            ServingModel current = models.get(type).get();
            if (current != null && current.version().version() == change.version()) {
                models.get(type).compareAndSet(current, null);
                log.warn("{} v{} left Production ({}); {} predictions answer 503 until another version is promoted",
                        change.name(), change.version(), change.stage(), type);
            }
        }
    }

    /** Loads and compiles off the event loop, then swaps the reference atomically. */
    private Future<Void> reload(String modelName) {
        PredictionType type = PredictionType.fromModelName(modelName).orElse(null);
        if (type == null) {
            return Future.succeededFuture();
        }
        return registry.load(modelName, Stage.PRODUCTION.name())
                .compose(loaded -> vertx.executeBlocking(() -> ServingModel.load(loaded)))
                .onSuccess(model -> {
                    ServingModel previous = models.get(type).getAndSet(model);
                    log.info("Serving {} for {}{}", model.describe(), type,
                            previous == null ? "" : " (replaced " + previous.version().label() + ")");
                })
                .onFailure(failure -> log.error("Could not load the Production model {}: {}", modelName, failure.getMessage()))
                .mapEmpty();
    }

    private void predict(Message<JsonObject> message) {
        long started = System.nanoTime();
        score(message.body(), null, started).onSuccess(message::reply).onFailure(failure -> {
            ReplyException reply = asReply(failure);
            message.fail(reply.failureCode(), reply.getMessage());
        });
    }

    private void predictBatch(Message<JsonObject> message) {
        JsonArray requests = message.body() == null ? null : message.body().getJsonArray("requests");
        if (requests == null) {
            message.fail(ServiceFailures.BAD_REQUEST, "requests: an array of prediction requests is required");
            return;
        }
        if (requests.size() > ScoringService.MAX_BATCH) {
            message.fail(ServiceFailures.TOO_LARGE, "requests: at most " + ScoringService.MAX_BATCH + " per batch");
            return;
        }
        JsonObject[] results = new JsonObject[requests.size()];
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < requests.size(); from += BATCH_CONCURRENCY) {
            int start = from;
            int end = Math.min(requests.size(), from + BATCH_CONCURRENCY);
            chain = chain.compose(ignored -> {
                List<Future<Void>> wave = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    int index = i;
                    Object item = requests.getValue(i);
                    // Each item goes back through the bus, so the scoring instances share a batch's CPU work.
                    wave.add(scoreAnywhere(item instanceof JsonObject json ? json : new JsonObject())
                            .map(result -> {
                                results[index] = result.put("index", index);
                                return (Void) null;
                            })
                            .otherwise(failure -> {
                                results[index] = itemError(index, asReply(failure));
                                return null;
                            }));
                }
                return Future.join(wave).mapEmpty();
            });
        }
        chain.onComplete(done -> {
            int failed = 0;
            JsonArray all = new JsonArray();
            for (JsonObject result : results) {
                all.add(result);
                if (result.containsKey("error")) {
                    failed++;
                }
            }
            message.reply(new JsonObject().put("results", all).put("succeeded", results.length - failed).put("failed", failed));
        });
    }

    private Future<JsonObject> scoreAnywhere(JsonObject item) {
        return vertx.eventBus().<JsonObject>request(ScoringService.PREDICT, item,
                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(ScoringService.BATCH_TIMEOUT_MS)).map(reply -> reply.body());
    }

    private Future<JsonObject> score(JsonObject body, PredictionType implied, long started) {
        PredictionRequest request;
        try {
            request = PredictionRequest.parse(body, implied);
        } catch (PredictionRequest.Invalid invalid) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, invalid.failureCode(), invalid.getMessage()));
        }
        ServingModel model = models.get(request.predictionType()).get();
        if (model == null) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, ServiceFailures.UNAVAILABLE,
                    "no Production model for " + request.predictionType() + " (" + request.predictionType().modelName()
                            + "); train one and promote it to Production"));
        }
        Instant asOf = request.asOf() == null ? Instant.now() : request.asOf();
        Future<Inputs> inputs = request.features() != null ? fromRequest(model, request) : fromStore(model, request);
        if (model.type() == PredictionType.CONTACT_TIMING) {
            inputs = inputs.compose(features -> slotHistory(request.entityId(), asOf).map(features::withHistory));
        }
        return inputs.map(features -> {
            ServingModel.Scored scored = model.predict(features.values(), features.history());
            double latencyMs = (System.nanoTime() - started) / 1e6;
            String predictionId = "pred_" + UUID.randomUUID().toString().replace("-", "");
            Instant now = Instant.now();
            JsonObject response = new JsonObject()
                    .put("prediction_id", predictionId)
                    .put("entity_id", request.entityId())
                    .put("prediction_type", request.predictionType().name())
                    .mergeIn(scored.answer())
                    .put("top_features", scored.explanation().top(5))
                    .put("prediction_date", now.atOffset(ZoneOffset.UTC).toString())
                    .put("model_version", model.version().label())
                    .put("latency_ms", Math.round(latencyMs * 1000) / 1000.0)
                    .put("features_status", features.status());
            vertx.eventBus().publish(PredictionLog.LOGGED, new LoggedPrediction(predictionId, "USER", request.entityId(),
                    request.predictionType().name(), model.version().name(), model.version().version(), request.raw(),
                    features.used(model.storeFeatures()), scored.answer().getDouble("predicted_value"),
                    scored.answer().getString("predicted_class"), scored.answer().getDouble("confidence"),
                    scored.explanation().full(), latencyMs, now).toJson());
            return response;
        }).onFailure(failure -> vertx.eventBus().publish(PredictionLog.FAILED, new JsonObject()
                .put("model_name", model.version().name()).put("model_version", model.version().version())
                .put("latency_ms", (System.nanoTime() - started) / 1e6).put("error_code", asReply(failure).failureCode())));
    }

    /** Request features must name exactly the model's features, each a number (or null for missing). */
    private static Future<Inputs> fromRequest(ServingModel model, PredictionRequest request) {
        List<String> expected = model.storeFeatures();
        for (String name : request.features().keySet()) {
            if (!expected.contains(name)) {
                return invalid("features." + name, "unknown to " + model.version().name() + " " + model.version().label());
            }
        }
        double[] values = new double[expected.size()];
        for (int i = 0; i < values.length; i++) {
            Double value = request.features().get(expected.get(i));
            if (value == null) {
                return invalid("features." + expected.get(i), "required by " + model.version().name() + " " + model.version().label()
                        + " (send null for a missing value, or omit 'features' to use the feature store)");
            }
            values[i] = value;
        }
        return Future.succeededFuture(new Inputs(values, null, new JsonObject().put("source", "request")));
    }

    private Future<Inputs> fromStore(ServingModel model, PredictionRequest request) {
        return FeatureService.get(vertx, new FeatureService.GetRequest(EntityRef.user(request.entityId()), request.asOf(), model.storeFeatures(), List.of()))
                .map(vector -> {
                    List<String> names = model.storeFeatures();
                    double[] values = new double[names.size()];
                    JsonArray missing = new JsonArray();
                    JsonArray stale = new JsonArray();
                    for (int i = 0; i < names.size(); i++) {
                        FeatureValue value = vector.get(names.get(i)).orElse(null);
                        values[i] = value == null || value.value() == null ? Double.NaN : value.value();
                        if (value == null || value.status() == FeatureStatus.MISSING) {
                            missing.add(names.get(i));
                        } else if (value.status() == FeatureStatus.STALE) {
                            stale.add(names.get(i));
                        }
                    }
                    JsonObject status = new JsonObject().put("source", vector.source()).put("as_of", vector.asOf().toString())
                            .put("missing", missing).put("stale", stale);
                    return new Inputs(values, null, status);
                });
    }

    private Future<int[]> slotHistory(String userId, Instant asOf) {
        return pool.preparedQuery(ScoringQueries.SLOT_HISTORY).execute(Tuple.of(userId, asOf.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    int[] history = new int[ContactSlots.SLOTS];
                    rows.forEach(row -> history[row.getInteger("slot")] = row.getLong("engagements").intValue());
                    return history;
                });
    }

    private void modelHealth(Message<JsonObject> message) {
        String name = message.body() == null ? null : message.body().getString("model_name");
        PredictionType type = PredictionType.fromModelName(name).orElse(null);
        if (type == null) {
            message.fail(ServiceFailures.NOT_FOUND, "no model named " + name);
            return;
        }
        ServingModel model = models.get(type).get();
        vertx.eventBus().<JsonObject>request(PredictionLog.MODEL_HEALTH, new JsonObject().put("model_name", name))
                .map(reply -> reply.body())
                .otherwise(new JsonObject())
                .onSuccess(stats -> message.reply(new JsonObject()
                        .put("model_name", name)
                        .put("model_version", model == null ? null : model.version().label())
                        .put("status", model == null ? "NOT_DEPLOYED" : "DEPLOYED")
                        .put("deployed_at", model == null || model.version().deployedAt() == null ? null : model.version().deployedAt().toString())
                        .put("prediction_count", stats.getLong("prediction_count", 0L))
                        .put("avg_latency_ms", stats.getDouble("avg_latency_ms", 0.0))
                        .put("p95_latency_ms", stats.getDouble("p95_latency_ms", 0.0))
                        .put("error_rate", stats.getDouble("error_rate", 0.0))
                        // Drift monitoring lands with the monitoring work; the field is part of the contract now.
                        .put("drift_detected", false)
                        .put("last_prediction_at", stats.getString("last_prediction_at"))));
    }

    private static <T> Future<T> invalid(String field, String message) {
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, ServiceFailures.BAD_REQUEST, field + ": " + message));
    }

    private static ReplyException asReply(Throwable failure) {
        if (failure instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS) {
                return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, ServiceFailures.UNAVAILABLE,
                        "the feature store did not answer: " + reply.getMessage());
            }
            return reply;
        }
        log.error("Scoring failed", failure);
        return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, ServiceFailures.INTERNAL, "internal error");
    }

    private static JsonObject itemError(int index, ReplyException reply) {
        JsonObject error = com.roisystems.ml.api.ErrorResponses.body(com.roisystems.ml.api.ErrorResponses.toApiException(500, reply));
        return error.put("index", index).put("status", com.roisystems.ml.api.ErrorResponses.toApiException(500, reply).status());
    }

    /** What a model is scored on: values in {@link ServingModel#storeFeatures()} order, the slot history, their provenance. */
    private record Inputs(double[] values, int[] history, JsonObject status) {

        Inputs withHistory(int[] slotHistory) {
            return new Inputs(values, slotHistory, status);
        }

        JsonObject used(List<String> names) {
            JsonObject used = new JsonObject();
            for (int i = 0; i < names.size(); i++) {
                used.put(names.get(i), Double.isNaN(values[i]) ? null : values[i]);
            }
            return new JsonObject().put("values", used).put("status", status);
        }
    }
}
