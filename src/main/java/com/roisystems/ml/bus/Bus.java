package com.roisystems.ml.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * The one way services talk: typed requests to an {@link Endpoint}, typed messages on a {@link Topic}.
 * Every failure a caller sees is a {@link ServiceFailure}; a timeout or a missing handler names the
 * service that did not answer. Codecs are registered on first use on each event bus, so a record
 * crosses the local bus as itself and a cluster as JSON. A node-local topic or endpoint stays on the node.
 *
 * <p>{@code Bus.request(vertx, FeatureContract.GET, request).map(vector -> ...)}
 */
public final class Bus {

    private static final Set<EventBus> INSTALLED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Never changed after this line: shared by every publication of a node-local topic. */
    private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);
    private static final WireFormat<ServiceFailure> FAILURE_FORMAT =
            WireFormat.of(ServiceFailure.class, ServiceFailure::toJson, ServiceFailure::fromJson);

    private Bus() {
    }

    /** Sends a request and waits at most the endpoint's timeout for the reply. */
    public static <Q, R> Future<R> request(Vertx vertx, Endpoint<Q, R> endpoint, Q request) {
        return request(vertx, endpoint, request, endpoint.timeoutMs());
    }

    /** Sends a request with a timeout of its own (a whole batch waits longer than one item). */
    public static <Q, R> Future<R> request(Vertx vertx, Endpoint<Q, R> endpoint, Q request, long timeoutMs) {
        register(vertx, endpoint.request(), endpoint.reply());
        return vertx.eventBus().<R>request(endpoint.address(), request,
                        new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(endpoint.nodeLocal()))
                .<R>map(Message::body)
                .recover(failure -> Future.failedFuture(ServiceFailure.from(failure, endpoint.service())));
    }

    /**
     * Serves an endpoint: each request is handed to {@code handler}; its result is the reply, its failure
     * (or an exception it throws) a {@link ServiceFailure}. A JSON request (from a client that speaks
     * only JSON, such as an event-bus bridge) is read with the endpoint's format and answered in JSON.
     */
    public static <Q, R> Future<Void> serve(Vertx vertx, Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
        register(vertx, endpoint.request(), endpoint.reply());
        Handler<Message<Object>> answering = message -> answer(endpoint, handler, message);
        return (endpoint.nodeLocal() ? vertx.eventBus().localConsumer(endpoint.address(), answering)
                : vertx.eventBus().consumer(endpoint.address(), answering)).completion();
    }

    private static <Q, R> void answer(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler, Message<Object> message) {
        Object body = message.body();
        boolean json = body instanceof JsonObject && endpoint.request().type() != JsonObject.class;
        Future<R> result;
        try {
            Q request = json ? endpoint.request().fromJson().apply((JsonObject) body) : endpoint.request().type().cast(body);
            result = handler.apply(request);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(done -> {
            if (done.succeeded()) {
                message.reply(json ? endpoint.reply().toJson().apply(done.result()) : done.result());
            } else {
                ServiceFailure failure = ServiceFailure.from(done.cause(), endpoint.service());
                message.reply(failure);
            }
        });
    }

    /** Publishes to every subscriber of the topic. */
    public static <T> void publish(Vertx vertx, Topic<T> topic, T message) {
        register(vertx, topic.format());
        if (topic.nodeLocal()) {
            vertx.eventBus().publish(topic.address(), message, LOCAL_ONLY);
        } else {
            vertx.eventBus().publish(topic.address(), message);
        }
    }

    /** Subscribes; the future completes once the subscription has reached the whole cluster. */
    public static <T> Future<Void> subscribe(Vertx vertx, Topic<T> topic, Handler<T> handler) {
        return subscription(vertx, topic, handler).completion();
    }

    /** Subscribes and returns the consumer, for a subscriber that ends before its verticle does. */
    public static <T> MessageConsumer<Object> subscription(Vertx vertx, Topic<T> topic, Handler<T> handler) {
        register(vertx, topic.format());
        Handler<Message<Object>> delivering = message -> {
            Object body = message.body();
            // An address may carry several types (alerts: the pipeline's and monitoring's): each subscriber gets its own.
            if (!(body instanceof JsonObject) && !topic.format().type().isInstance(body)) {
                return;
            }
            handler.handle(body instanceof JsonObject json && topic.format().type() != JsonObject.class
                    ? topic.format().fromJson().apply(json) : topic.format().type().cast(body));
        };
        return topic.nodeLocal() ? vertx.eventBus().localConsumer(topic.address(), delivering)
                : vertx.eventBus().consumer(topic.address(), delivering);
    }

    /**
     * Makes sure the bus knows the formats and has the record codec. The codec and its selector are installed once
     * per event bus, before any record is sent on it.
     */
    private static void register(Vertx vertx, WireFormat<?>... formats) {
        for (WireFormat<?> format : formats) {
            KnownFormats.add(format);
        }
        EventBus bus = vertx.eventBus();
        if (INSTALLED.contains(bus)) {
            return;
        }
        synchronized (INSTALLED) {
            if (!INSTALLED.contains(bus)) {
                KnownFormats.add(FAILURE_FORMAT);
                bus.registerCodec(new RecordCodec());
                bus.codecSelector(KnownFormats::codecFor);
                INSTALLED.add(bus);
            }
        }
    }
}
