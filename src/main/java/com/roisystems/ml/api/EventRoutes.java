package com.roisystems.ml.api;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.ingest.DeadLetter;
import com.roisystems.ml.ingest.IngestContract;
import com.roisystems.ml.ingest.IngestContract.IngestReply;
import com.roisystems.ml.ingest.IngestContract.IngestRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * HTTP and WebSocket intake: {@code POST /v1/events} (one event or an array) answers 202 with a status
 * per event; {@code /v1/ws/events} takes one event or an array per text frame and acknowledges each
 * frame once its events are durable ({@code {"type": "ack", "results": [...]}}, or {@code {"type": "error",
 * "error": {...}}} for a frame refused whole). Both go through {@link IngestContract#EVENTS}, which also
 * enforces the number of events per request. Events are the caller's tenant's: intake fills a missing
 * {@code tenant_id} from the caller and refuses (403, field {@code tenant_id}) one naming another tenant.
 *
 * <p>{@code router.route("/v1/*").subRouter(EventRoutes.router(vertx));}
 */
public final class EventRoutes {

    private EventRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/events").handler(context -> HttpReplies.forward(context, 202,
                Bus.request(vertx, IngestContract.EVENTS, new IngestRequest(DeadLetter.HTTP, parseEvents(context.body().buffer()), Caller.of(context).tenant())),
                IngestReply::toJson));
        router.get("/ws/events").handler(context -> context.request().toWebSocket()
                .onSuccess(socket -> streamFrom(vertx, socket, Caller.of(context).tenant()))
                .onFailure(context::fail));
        return router;
    }

    /**
     * Each message is one event or an array; each gets one acknowledgement frame, in order (the socket pauses meanwhile).
     * Messages, not frames: a message a client sends in fragments is reassembled (up to the server's
     * {@code maxWebSocketMessageSize}) before it is read, where a frame handler would see only its first fragment.
     */
    private static void streamFrom(Vertx vertx, ServerWebSocket socket, String tenant) {
        socket.textMessageHandler(text -> receive(vertx, socket, tenant, Buffer.buffer(text)));
        socket.binaryMessageHandler(bytes -> receive(vertx, socket, tenant, bytes));
    }

    private static void receive(Vertx vertx, ServerWebSocket socket, String tenant, Buffer message) {
        socket.pause();
        Future.succeededFuture(message)
                .map(EventRoutes::parseEvents)
                .compose(events -> Bus.request(vertx, IngestContract.EVENTS, new IngestRequest(DeadLetter.WEBSOCKET, events, tenant)))
                .map(reply -> reply.toJson().put("type", "ack"))
                .recover(failure -> Future.succeededFuture(ServiceFailure.from(failure, IngestContract.SERVICE).toErrorBody().put("type", "error")))
                .compose(answer -> socket.writeTextMessage(answer.encode()))
                .onComplete(ignored -> socket.resume());
    }

    /** Strict UTF-8, then JSON; a single object becomes an array of one. Failures name the {@code body}. */
    private static JsonArray parseEvents(Buffer body) {
        if (body == null || body.length() == 0) {
            throw invalidBody(FailureCode.EMPTY_BODY, "send one event object or an array of events");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw invalidBody(FailureCode.NOT_UTF8, "the body is not valid UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw invalidBody(FailureCode.MALFORMED_JSON, "the body is not valid JSON");
        }
        if (parsed instanceof JsonArray array) {
            return array;
        }
        if (parsed instanceof JsonObject object) {
            return new JsonArray().add(object);
        }
        throw invalidBody(FailureCode.INVALID_BODY, "send one event object or an array of events");
    }

    private static ServiceFailure invalidBody(FailureCode code, String message) {
        return new ServiceFailure(code, "body", message);
    }
}
