package com.roisystems.ml.api;

import com.roisystems.ml.ingest.DeadLetter;
import com.roisystems.ml.ingest.IngestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * HTTP and WebSocket intake: {@code POST /v1/events} (one event or an array) answers 202 with a status
 * per event; {@code /v1/ws/events} takes one event or an array per text frame and acknowledges each
 * frame once its events are durable. Both go through {@link IngestService} on the event bus.
 *
 * <p>{@code router.route("/v1/*").subRouter(EventRoutes.router(vertx, config));}
 */
public final class EventRoutes {

    private static final long BUS_TIMEOUT_MS = 30_000;

    private EventRoutes() {
    }

    public static Router router(Vertx vertx, JsonObject config) {
        int maxEvents = config.getJsonObject("ingest", new JsonObject()).getInteger("maxEventsPerRequest", 1_000);
        Router router = Router.router(vertx);
        router.post("/events").handler(context -> acceptHttp(vertx, context, maxEvents));
        router.get("/ws/events").handler(context -> context.request().toWebSocket()
                .onSuccess(socket -> streamFrom(vertx, socket))
                .onFailure(context::fail));
        return router;
    }

    private static void acceptHttp(Vertx vertx, RoutingContext context, int maxEvents) {
        JsonArray events;
        try {
            events = parseEvents(context.body().buffer());
        } catch (ApiException e) {
            context.fail(e);
            return;
        }
        if (events.size() > maxEvents) {
            context.fail(new ApiException(413, "too_many_events",
                    events.size() + " events in one request; the limit is " + maxEvents, "events"));
            return;
        }
        ingest(vertx, DeadLetter.HTTP, events)
                .onSuccess(reply -> context.response().setStatusCode(202)
                        .putHeader("content-type", "application/json").end(reply.encode()))
                .onFailure(context::fail);
    }

    /** Each text frame is one event or an array; each gets one acknowledgement frame, in order. */
    private static void streamFrom(Vertx vertx, ServerWebSocket socket) {
        socket.frameHandler(frame -> {
            if (!frame.isText() && !frame.isBinary()) {
                return;
            }
            socket.pause();
            Future<JsonObject> acknowledgement;
            try {
                acknowledgement = ingest(vertx, DeadLetter.WEBSOCKET, parseEvents(frame.binaryData()))
                        .map(reply -> reply.put("type", "ack"));
            } catch (ApiException e) {
                acknowledgement = Future.succeededFuture(ErrorResponses.body(e).put("type", "error"));
            }
            acknowledgement
                    .recover(failure -> Future.succeededFuture(ErrorResponses.body(ErrorResponses.toApiException(500, failure)).put("type", "error")))
                    .compose(message -> socket.writeTextMessage(message.encode()))
                    .onComplete(ignored -> socket.resume());
        });
    }

    private static Future<JsonObject> ingest(Vertx vertx, String source, JsonArray events) {
        return vertx.eventBus().<JsonObject>request(IngestService.ADDRESS, IngestService.request(source, events),
                        new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
                .map(reply -> reply.body());
    }

    /** Strict UTF-8, then JSON; a single object becomes an array of one. */
    static JsonArray parseEvents(Buffer body) {
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest("empty_body", "send one event object or an array of events", "body");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("not_utf8", "the body is not valid UTF-8", "body");
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiException.badRequest("malformed_json", "the body is not valid JSON", "body");
        }
        if (parsed instanceof JsonArray array) {
            return array;
        }
        if (parsed instanceof JsonObject object) {
            return new JsonArray().add(object);
        }
        throw ApiException.badRequest("invalid_body", "send one event object or an array of events", "body");
    }
}
