package com.roisystems.ml.api;

import com.roisystems.ml.bus.ControlCharacters;
import io.vertx.core.Future;
import com.roisystems.ml.scoring.ScoringContract;
import com.roisystems.ml.scoring.PredictionRequest;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.features.FeatureContract;
import com.roisystems.ml.features.FeatureVector;
import com.roisystems.ml.features.FeaturesUpdated;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.privacy.UserErased;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /v1/ws/predictions}: predictions over a WebSocket, request/response with correlation ids, and
 * subscriptions: a client subscribes to entities (and prediction types) and is pushed a fresh prediction
 * whenever {@code features.updated} fires for one of them.
 *
 * <p>Client frames: {@code {"type": "predict", "id": "c1", "request": {...}}},
 * {@code {"type": "subscribe", "id": "c2", "entity_ids": ["user_1"], "prediction_types": ["MOVE_PROBABILITY"]}},
 * {@code {"type": "unsubscribe", "id": "c3", "entity_ids": ["user_1"]}}. Server frames: {@code prediction},
 * {@code subscribed}, {@code unsubscribed}, {@code push} (with {@code entity_id} and {@code prediction}) and
 * {@code error} (with the request's {@code id} when it had one).
 *
 * <p>A socket serves the tenant of the caller that opened it: predictions are made for that tenant, and a
 * subscription to another tenant's entity is refused with a 404 {@code error} frame, as every read path answers.
 */
final class PredictionSocket {

    private static final Logger log = LoggerFactory.getLogger(PredictionSocket.class);
    /** The contract's longest entity id. */
    static final int MAX_ENTITY_ID_LENGTH = 128;

    private static final String SERVICE = "the prediction WebSocket";

    private final Vertx vertx;
    private final SocketLimits limits;
    private final PredictionMeter meter;
    /** entity id → the sockets subscribed to it, with the prediction types each wants; an entity nobody follows has no entry. */
    private final Map<String, Map<ServerWebSocket, Set<PredictionType>>> subscriptions = new ConcurrentHashMap<>();
    /** Per open socket: its subscribed entities and its predict frames in flight. */
    private final Map<ServerWebSocket, SocketState> sockets = new ConcurrentHashMap<>();
    private final AtomicLong pushesSkipped = new AtomicLong();

    private static final class SocketState {
        private final Set<String> entities = ConcurrentHashMap.newKeySet();
        private final AtomicInteger inFlight = new AtomicInteger();
    }
    private final MessageConsumer<Object> updates;
    /** An erased person's (and their properties') subscriptions end: nothing more is pushed about them. */
    private final MessageConsumer<Object> erasures;

    PredictionSocket(Vertx vertx, SocketLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
        this.meter = PredictionMeter.forCurrentVertx();
        this.updates = Bus.subscription(vertx, FeaturesUpdated.TOPIC, this::pushUpdates);
        this.erasures = Bus.subscription(vertx, UserErased.TOPIC, erased -> erased.entityIds().forEach(this::forget));
    }

    /**
     * Whether another connection fits ({@code maxConnections}); asked before the upgrade, so a refused client gets an
     * HTTP 503 with {@code Retry-After} instead of a socket closed at once.
     */
    boolean hasRoom() {
        return sockets.size() < limits.maxConnections();
    }

    /** Serves {@code socket} for a caller of {@code tenant} (null: every tenant). */
    void accept(ServerWebSocket socket, String tenant) {
        sockets.put(socket, new SocketState());
        socket.textMessageHandler(text -> {
            JsonObject frame;
            try {
                frame = new JsonObject(text);
            } catch (DecodeException e) {
                send(socket, error(null, new ServiceFailure(FailureCode.MALFORMED_JSON, "frame", "each frame must be a JSON object")));
                return;
            }
            handle(socket, tenant, frame);
        });
        socket.closeHandler(ignored -> {
            SocketState state = sockets.remove(socket);
            if (state != null) {
                state.entities.forEach(entity -> unsubscribeOne(socket, entity));
            }
        });
    }

    /** Removes the socket from an entity's subscribers, and the entity's entry once nobody follows it. */
    private void unsubscribeOne(ServerWebSocket socket, String entity) {
        subscriptions.computeIfPresent(entity, (key, subscribers) -> {
            subscribers.remove(socket);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    private void forget(String entity) {
        Map<ServerWebSocket, Set<PredictionType>> subscribers = subscriptions.remove(entity);
        if (subscribers != null) {
            subscribers.keySet().forEach(socket -> {
                SocketState state = sockets.get(socket);
                if (state != null) {
                    state.entities.remove(entity);
                }
            });
        }
    }

    private void handle(ServerWebSocket socket, String tenant, JsonObject frame) {
        Object id = frame.getValue("id");
        String type = frame.getValue("type") instanceof String text ? text : "";
        switch (type) {
            case "predict" -> predict(socket, tenant, id, frame.getValue("request"));
            case "subscribe" -> subscribe(socket, tenant, id, frame);
            case "unsubscribe" -> unsubscribe(socket, id, frame);
            default -> send(socket, error(id, invalidField("type", "type: must be predict, subscribe or unsubscribe")));
        }
    }

    private void predict(ServerWebSocket socket, String tenant, Object id, Object request) {
        if (!(request instanceof JsonObject body)) {
            send(socket, error(id, invalidField("request", "request: a prediction request object is required")));
            return;
        }
        SocketState state = sockets.get(socket);
        if (state == null) {
            return;
        }
        // A client that sends faster than it reads its answers is told to slow down, not queued without bound.
        if (state.inFlight.incrementAndGet() > limits.maxInFlightPerSocket()) {
            state.inFlight.decrementAndGet();
            send(socket, error(id, new ServiceFailure(FailureCode.OVERLOADED, null, "at most " + limits.maxInFlightPerSocket()
                    + " predict frames in flight per connection; wait for answers before sending more")));
            return;
        }
        Future.succeededFuture(body)
                .map(json -> PredictionRequest.parse(json, null).withTenant(tenant))
                .compose(parsed -> meter.time(PredictionMeter.WEBSOCKET, parsed.predictionType(), Bus.request(vertx, ScoringContract.PREDICT, parsed)))
                .onComplete(done -> state.inFlight.decrementAndGet())
                .onSuccess(prediction -> send(socket, new JsonObject().put("type", "prediction").put("id", id).put("result", prediction.toJson())))
                .onFailure(failure -> send(socket, error(id, ServiceFailure.from(failure, SERVICE))));
    }

    private void subscribe(ServerWebSocket socket, String tenant, Object id, JsonObject frame) {
        List<String> entities = strings(frame.getValue("entity_ids"));
        if (entities == null || entities.isEmpty()) {
            send(socket, error(id, invalidField("entity_ids", "entity_ids: a non-empty array of entity ids (at most "
                    + MAX_ENTITY_ID_LENGTH + " characters, no control characters) is required")));
            return;
        }
        SocketState state = sockets.get(socket);
        if (state == null) {
            return;
        }
        Set<PredictionType> types = EnumSet.noneOf(PredictionType.class);
        List<String> requested = frame.getValue("prediction_types") == null ? List.of(PredictionType.MOVE_PROBABILITY.name())
                : strings(frame.getValue("prediction_types"));
        for (String name : requested == null ? List.<String>of("?") : requested) {
            PredictionType predictionType = PredictionType.fromName(name).orElse(null);
            if (predictionType == null) {
                send(socket, error(id, invalidField("prediction_types", "prediction_types: unsupported type '" + name + "'")));
                return;
            }
            types.add(predictionType);
        }
        long newEntities = entities.stream().distinct().filter(entity -> !state.entities.contains(entity)).count();
        if (state.entities.size() + newEntities > limits.maxSubscriptionsPerSocket()) {
            send(socket, error(id, new ServiceFailure(FailureCode.TOO_MANY_SUBSCRIPTIONS, "entity_ids", "entity_ids: at most "
                    + limits.maxSubscriptionsPerSocket() + " subscriptions per connection")));
            return;
        }
        requireTenantsEntities(entities, tenant)
                .onSuccess(visible -> {
                    if (!sockets.containsKey(socket)) {
                        return;
                    }
                    for (String entity : entities) {
                        state.entities.add(entity);
                        subscriptions.computeIfAbsent(entity, key -> new ConcurrentHashMap<>())
                                .merge(socket, EnumSet.copyOf(types), (existing, added) -> {
                                    existing.addAll(added);
                                    return existing;
                                });
                    }
                    send(socket, new JsonObject().put("type", "subscribed").put("id", id).put("entity_ids", new JsonArray(entities))
                            .put("prediction_types", new JsonArray(types.stream().map(Enum::name).toList())));
                })
                .onFailure(failure -> send(socket, error(id, ServiceFailure.from(failure, SERVICE))));
    }

    /**
     * For a tenant's socket, each entity must be one of the tenant's: the feature store answers NOT_FOUND for another
     * tenant's (and for an unknown one) without disclosing which, and the whole subscription is refused with it.
     * A platform-wide socket may subscribe to any id, as before tenants.
     */
    private Future<Void> requireTenantsEntities(List<String> entities, String tenant) {
        if (tenant == null) {
            return Future.succeededFuture();
        }
        List<Future<FeatureVector>> lookups = entities.stream().map(entity -> Bus.request(vertx, FeatureContract.GET,
                new FeatureContract.GetRequest(EntityRef.user(entity), null, List.of(), List.of(), tenant))).toList();
        return Future.all(lookups).mapEmpty();
    }

    private void unsubscribe(ServerWebSocket socket, Object id, JsonObject frame) {
        List<String> entities = strings(frame.getValue("entity_ids"));
        if (entities == null) {
            send(socket, error(id, invalidField("entity_ids", "entity_ids: an array of entity ids is required")));
            return;
        }
        SocketState state = sockets.get(socket);
        entities.forEach(entity -> {
            unsubscribeOne(socket, entity);
            if (state != null) {
                state.entities.remove(entity);
            }
        });
        send(socket, new JsonObject().put("type", "unsubscribed").put("id", id).put("entity_ids", new JsonArray(entities)));
    }

    /** A feature refresh for subscribed entities becomes one fresh prediction per subscribed type, pushed. */
    private void pushUpdates(FeaturesUpdated update) {
        for (EntityRef entity : update.entities()) {
            Map<ServerWebSocket, Set<PredictionType>> subscribers = subscriptions.get(entity.entityId());
            if (subscribers == null || subscribers.isEmpty()) {
                continue;
            }
            Set<PredictionType> wanted = EnumSet.noneOf(PredictionType.class);
            subscribers.values().forEach(wanted::addAll);
            for (PredictionType type : wanted) {
                PredictionRequest request = PredictionRequest.parse(new JsonObject().put("entity_id", entity.entityId())
                        .put("entity_type", "USER").put("prediction_type", type.name()), type);
                meter.time(PredictionMeter.PUSH, type, Bus.request(vertx, ScoringContract.PREDICT, request))
                        .onSuccess(prediction -> {
                            JsonObject frame = new JsonObject().put("type", "push").put("entity_id", entity.entityId())
                                    .put("prediction", prediction.toJson());
                            subscribers.forEach((socket, types) -> {
                                if (types.contains(type)) {
                                    push(socket, frame);
                                }
                            });
                        })
                        .onFailure(failure -> log.debug("Push for {} {} failed: {}", entity.entityId(), type, failure.getMessage()));
            }
        }
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof JsonArray array)) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String text) || text.isBlank() || text.length() > MAX_ENTITY_ID_LENGTH
                    || ControlCharacters.find(text, false) >= 0) {
                return null;
            }
            strings.add(text);
        }
        return strings;
    }

    private static ServiceFailure invalidField(String field, String message) {
        return new ServiceFailure(FailureCode.INVALID_FIELD, field, message);
    }

    private static JsonObject error(Object id, ServiceFailure error) {
        return error.toErrorBody().put("type", "error").put("id", id).put("status", error.httpStatus());
    }

    private static void send(ServerWebSocket socket, JsonObject frame) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(frame.encode());
        }
    }

    /**
     * A push to a client that does not read (its write queue is full) is skipped rather than buffered without bound;
     * the next feature change pushes a fresher prediction anyway. Answers to its own requests are bounded by
     * {@code maxInFlightPerSocket} instead.
     */
    private void push(ServerWebSocket socket, JsonObject frame) {
        if (socket.writeQueueFull()) {
            if (pushesSkipped.incrementAndGet() % 1_000 == 1) {
                log.warn("Skipped pushes to WebSocket clients that do not read ({} so far)", pushesSkipped.get());
            }
            return;
        }
        send(socket, frame);
    }

    /** Entities with at least one subscriber (tests: nothing is kept for entities nobody follows). */
    int subscribedEntities() {
        return subscriptions.size();
    }

    long pushesSkipped() {
        return pushesSkipped.get();
    }

    void close() {
        updates.unregister();
        erasures.unregister();
    }
}
