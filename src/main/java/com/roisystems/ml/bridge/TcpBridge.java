package com.roisystems.ml.bridge;

import com.roisystems.ml.auth.BearerAuthentication;
import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.TokenVerifier;
import com.roisystems.ml.bridge.BridgeGuard.Routed;
import com.roisystems.ml.bus.FailureCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The event-bus bridge over TCP (off unless {@code bridge.tcp.port} is set), speaking the protocol of Vert.x's TCP
 * event-bus bridge: each frame a 4-byte big-endian length and that many bytes of UTF-8 JSON, {@code {"type": "send" |
 * "register" | "unregister" | "ping", "address", "replyAddress"?, "headers"?, "body"?}}; replies are {@code "message"},
 * {@code "err"} or {@code "pong"} frames. There is no handshake, so every frame carries the token in
 * {@code headers.authorization} ({@code "Bearer <token>"}) and is decided by {@link BridgeGuard} like a SockJS frame.
 *
 * <p>Served here rather than by {@code vertx-tcp-eventbus-bridge}, whose server reads the address before its event hook
 * runs (so a request cannot be routed to the gateway), writes no error frame for malformed JSON or an unknown type, and
 * buffers a frame of whatever length it announces. Here a frame above {@code bridge.tcp.maxFrameBytes} is answered with an
 * error frame and the socket closed; malformed JSON, a missing field or an unknown type get an error frame. A socket
 * lives no longer than the longest-lived token it has shown: when that token stops verifying, the socket gets an error
 * frame (401, {@code "the token expired at ..."}) and is closed, so its registrations end with the token.
 */
final class TcpBridge {

    private static final Logger log = LoggerFactory.getLogger(TcpBridge.class);
    private static final String VIA = "tcp";
    private static final int MAX_REGISTRATIONS_PER_SOCKET = 64;

    private final Vertx vertx;
    private final Optional<TokenVerifier> verifier;
    private final long replyTimeoutMs;
    private final int maxFrameBytes;
    private NetServer server;

    TcpBridge(Vertx vertx, Optional<TokenVerifier> verifier, long replyTimeoutMs, int maxFrameBytes) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.replyTimeoutMs = replyTimeoutMs;
        this.maxFrameBytes = maxFrameBytes;
    }

    Future<Integer> listen(String host, int port) {
        return vertx.createNetServer().connectHandler(this::accept).listen(port, host).map(listening -> {
            server = listening;
            log.info("TCP event-bus bridge listening on {}:{}", host, listening.actualPort());
            return listening.actualPort();
        });
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** One client's socket: what it listens on, and the lifetime of the longest-lived token it has shown. */
    private static final class Connection {
        final NetSocket socket;
        final Map<String, MessageConsumer<Object>> registrations = new HashMap<>();
        TokenLifetime lifetime;

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        void closed() {
            registrations.values().forEach(MessageConsumer::unregister);
            if (lifetime != null) {
                lifetime.cancel();
            }
        }
    }

    private void accept(NetSocket socket) {
        Connection connection = new Connection(socket);
        RecordParser parser = RecordParser.newFixed(4);
        boolean[] readingLength = {true};
        parser.handler(chunk -> {
            if (readingLength[0]) {
                int length = chunk.getInt(0);
                if (length <= 0 || length > maxFrameBytes) {
                    write(socket, BridgeGuard.errorFrame(null, FailureCode.PAYLOAD_TOO_LARGE,
                            "a frame must hold 1 to " + maxFrameBytes + " bytes; this one announced " + length));
                    socket.close();
                    return;
                }
                readingLength[0] = false;
                parser.fixedSizeMode(length);
            } else {
                readingLength[0] = true;
                parser.fixedSizeMode(4);
                handleFrame(connection, chunk);
            }
        });
        socket.handler(parser);
        socket.closeHandler(closed -> connection.closed());
        socket.exceptionHandler(failure -> log.debug("TCP bridge socket failed: {}", failure.toString()));
    }

    private void handleFrame(Connection connection, Buffer bytes) {
        NetSocket socket = connection.socket;
        Map<String, MessageConsumer<Object>> registrations = connection.registrations;
        JsonObject frame;
        try {
            frame = new JsonObject(bytes);
        } catch (DecodeException | ClassCastException e) {
            write(socket, BridgeGuard.errorFrame(null, FailureCode.MALFORMED_JSON, "the frame is not a JSON object"));
            return;
        }
        String type = frame.getValue("type") instanceof String text ? text : "";
        Object address = frame.getValue("address");
        if (type.equals("ping")) {
            write(socket, new JsonObject().put("type", "pong"));
            return;
        }
        if (!(address instanceof String)) {
            write(socket, BridgeGuard.errorFrame(null, FailureCode.INVALID_REQUEST, "address: every " + type + " frame needs one"));
            return;
        }
        switch (type) {
            case "send" -> caller(connection, frame).onComplete(known -> send(socket, frame, known.succeeded() ? known.result() : null,
                    known.succeeded() ? null : known.cause().getMessage()));
            case "register" -> caller(connection, frame).onComplete(known -> register(socket, (String) address,
                    known.succeeded() ? known.result() : null, registrations));
            case "unregister" -> {
                MessageConsumer<Object> registration = registrations.remove(address);
                if (registration != null) {
                    registration.unregister();
                }
            }
            case "publish" -> write(socket, BridgeGuard.errorFrame((String) address, FailureCode.FORBIDDEN,
                    "clients do not publish on this bridge: send a request, or register on a live stream"));
            default -> write(socket, BridgeGuard.errorFrame(null, FailureCode.INVALID_REQUEST,
                    "type: must be send, register, unregister or ping"));
        }
    }

    /**
     * The frame's {@code headers.authorization} verified; the platform-wide caller when authentication is off. A token
     * that lives longer than the socket's current one becomes the one the socket lives by ({@link #liveBy}).
     */
    private Future<Caller> caller(Connection connection, JsonObject frame) {
        NetSocket socket = connection.socket;
        String client = socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
        if (verifier.isEmpty()) {
            return Future.succeededFuture(Caller.unauthenticated(client));
        }
        JsonObject headers = frame.getValue("headers") instanceof JsonObject given ? given : new JsonObject();
        String given = headers.getValue("authorization") instanceof String text ? text.trim() : "";
        // "Bearer <token>" as on HTTP, or the bare token.
        String token = Optional.ofNullable(BearerAuthentication.bearerToken(given)).orElse(given);
        if (token.isEmpty()) {
            return Future.failedFuture("each frame needs a token: headers.authorization = \"Bearer <token>\"");
        }
        String verified = token;
        return verifier.get().verify(token, client).onSuccess(caller -> liveBy(connection, verified, client));
    }

    /** The socket closes, after an error frame naming the reason, once the longest-lived token it has shown stops verifying. */
    private void liveBy(Connection connection, String token, String client) {
        Optional<Instant> expiry = TokenLifetime.expiry(token);
        if (expiry.isEmpty() || connection.lifetime != null && !expiry.get().isAfter(connection.lifetime.expiresAt())) {
            return;
        }
        if (connection.lifetime != null) {
            connection.lifetime.cancel();
        }
        connection.lifetime = TokenLifetime.watch(vertx, verifier.orElseThrow(), token, client, reason -> {
            write(connection.socket, BridgeGuard.errorFrame(null, FailureCode.UNAUTHENTICATED, reason + "; reconnect with a new token"));
            connection.socket.close();
        }).orElse(null);
    }

    private void send(NetSocket socket, JsonObject frame, Caller caller, String tokenRefusal) {
        String address = frame.getString("address");
        Object replyAddress = frame.getValue("replyAddress");
        if (!(replyAddress instanceof String reply) || reply.isEmpty() || reply.length() > 64) {
            write(socket, BridgeGuard.errorFrame(null, FailureCode.INVALID_REQUEST,
                    "replyAddress: every address on this bridge answers; send one (at most 64 characters)"));
            return;
        }
        Routed routed = BridgeGuard.route(caller, tokenRefusal, address, frame.getValue("body"), VIA);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(replyTimeoutMs);
        routed.headers().forEach(header -> options.addHeader(header.getKey(), String.valueOf(header.getValue())));
        vertx.eventBus().<Object>request(routed.address(), routed.body(), options).onComplete(answered -> {
            if (answered.succeeded()) {
                write(socket, new JsonObject().put("type", "message").put("address", reply).put("body", answered.result().body()));
            } else {
                ReplyException failure = answered.cause() instanceof ReplyException known ? known : null;
                write(socket, new JsonObject().put("type", "err").put("address", reply).put("sourceAddress", address)
                        .put("failureCode", failure == null ? 500 : failure.failureCode())
                        .put("failureType", failure == null ? "RECIPIENT_FAILURE" : failure.failureType().name())
                        .put("message", failure == null ? "internal error" : failure.getMessage()));
            }
        });
    }

    private void register(NetSocket socket, String address, Caller caller, Map<String, MessageConsumer<Object>> registrations) {
        Optional<String> refusal = caller == null ? Optional.of("each frame needs a valid token: headers.authorization = \"Bearer <token>\"")
                : BridgeGuard.listenRefusal(caller, address);
        if (refusal.isEmpty() && registrations.containsKey(address)) {
            refusal = Optional.of("this socket already listens on " + address);
        }
        if (refusal.isEmpty() && registrations.size() >= MAX_REGISTRATIONS_PER_SOCKET) {
            refusal = Optional.of("a socket may listen on at most " + MAX_REGISTRATIONS_PER_SOCKET + " addresses");
        }
        if (refusal.isPresent()) {
            write(socket, BridgeGuard.errorFrame(address, caller == null ? FailureCode.UNAUTHENTICATED : FailureCode.FORBIDDEN, refusal.get()));
            return;
        }
        registrations.put(address, vertx.eventBus().consumer(address, (Message<Object> message) ->
                write(socket, new JsonObject().put("type", "message").put("address", address).put("body", message.body()))));
        if (address.startsWith(LiveStreams.PREDICTIONS)) {
            vertx.eventBus().send(LiveStreams.PREDICTIONS_WANTED, null);
        }
    }

    private static void write(NetSocket socket, JsonObject frame) {
        Buffer json = frame.toBuffer();
        socket.write(Buffer.buffer(json.length() + 4).appendInt(json.length()).appendBuffer(json));
    }
}
