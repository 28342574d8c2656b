package com.roisystems.ml.bridge;

import com.roisystems.ml.auth.BearerAuthentication;
import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.TokenVerifier;
import com.roisystems.ml.bridge.BridgeGuard.Routed;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at {@code /eventbus}, for browsers (the official {@code @vertx/eventbus-bridge-client.js})
 * and anything speaking SockJS or its raw WebSocket ({@code /eventbus/websocket}, one JSON frame per message).
 * A browser cannot set headers on the handshake, so the token travels as {@code ?access_token=} on the URL (an
 * {@code Authorization: Bearer} header works too); no valid token, no socket (401). Every later frame is decided by
 * {@link BridgeGuard} for that token's caller, and Vert.x checks again that the caller holds the address as an authority.
 * A socket lives no longer than its token ({@link TokenLifetime}): once the token stops verifying, the client gets an
 * error frame (401, {@code "the token expired at ..."}) and the socket is closed ({@link #TOKEN_EXPIRED} on a raw WebSocket).
 *
 * <p>{@code root.route("/eventbus/*").subRouter(SockJsBridge.router(vertx, verifier, config.getJsonObject("bridge")));}
 */
public final class SockJsBridge {

    public static final String PATH = "/eventbus";
    private static final String VIA = "sockjs";
    private static final String TOKEN_ATTRIBUTE = "roi-token";
    /** The WebSocket close code of a socket whose token expired (4000-4999: private use); SockJS transports close without one. */
    static final int TOKEN_EXPIRED = 4401;

    private SockJsBridge() {
    }

    /** The bridge's routes, to mount under {@link #PATH}; with no verifier (authentication off) every socket is platform-wide. */
    public static Router router(Vertx vertx, Optional<TokenVerifier> verifier, JsonObject settings) {
        SockJSBridgeOptions options = new SockJSBridgeOptions().setReplyTimeout(settings.getLong("replyTimeoutMs", 1_800_000L));
        for (BridgeAddresses.Inbound inbound : BridgeAddresses.INBOUND) {
            options.addInboundPermitted(new PermittedOptions().setAddress(BridgeAddresses.GATEWAY_PREFIX + inbound.address())
                    .setRequiredAuthority(inbound.address()));
        }
        options.addInboundPermitted(new PermittedOptions().setAddress(BridgeAddresses.REFUSED));
        for (BridgeAddresses.Outbound outbound : BridgeAddresses.OUTBOUND) {
            options.addOutboundPermitted(new PermittedOptions().setAddress(outbound.address()).setRequiredAuthority(outbound.address()));
            if (outbound.tenantScoped()) {
                options.addOutboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(outbound.address()) + "\\.[A-Za-z0-9_.-]+")
                        .setRequiredAuthority(outbound.address()));
            }
        }
        Router router = Router.router(vertx);
        router.route().handler(SimpleAuthenticationHandler.create().authenticate(context -> authenticate(context, verifier)));
        Map<SockJSSocket, TokenLifetime> lifetimes = new ConcurrentHashMap<>();
        router.route().subRouter(SockJSHandler.create(vertx).bridge(BridgeCallers.roleAuthorities(), options,
                event -> decide(vertx, verifier, lifetimes, event)));
        return router;
    }

    /**
     * The caller {@code BearerAuthentication} already verified from the header, else the {@code access_token} query
     * parameter's; the token is kept on the user (never in its principal) for the socket's {@link TokenLifetime}.
     */
    private static Future<User> authenticate(RoutingContext context, Optional<TokenVerifier> verifier) {
        if (verifier.isEmpty()) {
            return Future.succeededFuture(BridgeCallers.toUser(Caller.of(context)));
        }
        String token = token(context.request());
        Caller known = context.get(Caller.CONTEXT_KEY);
        if (known != null && !known.isAnonymous()) {
            return Future.succeededFuture(withToken(BridgeCallers.toUser(known), token));
        }
        if (token == null || token.isBlank()) {
            return Future.failedFuture(new ServiceFailure(FailureCode.UNAUTHENTICATED, TokenVerifier.FIELD,
                    "the event bus needs a token: ?access_token=<token> on the URL or Authorization: Bearer <token>"));
        }
        String address = context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress();
        return verifier.get().verify(token, address).map(caller -> withToken(BridgeCallers.toUser(caller), token));
    }

    private static String token(HttpServerRequest request) {
        String header = BearerAuthentication.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        return header != null ? header : request.getParam(BearerAuthentication.QUERY_PARAMETER);
    }

    private static User withToken(User user, String token) {
        if (token != null) {
            user.attributes().put(TOKEN_ATTRIBUTE, token);
        }
        return user;
    }

    /** Watches the token of a socket just opened; the socket is told why and closed when the token stops verifying. */
    private static void watchToken(Vertx vertx, Optional<TokenVerifier> verifier, SockJSSocket socket, Map<SockJSSocket, TokenLifetime> lifetimes) {
        String token = socket.webUser() == null ? null : socket.webUser().attributes().getString(TOKEN_ATTRIBUTE);
        if (verifier.isEmpty() || token == null) {
            return;
        }
        String client = socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
        TokenLifetime.watch(vertx, verifier.get(), token, client, reason -> {
            lifetimes.remove(socket);
            socket.write(BridgeGuard.errorFrame(null, FailureCode.UNAUTHENTICATED, reason + "; sign in again with a new token").encode());
            socket.close(TOKEN_EXPIRED, reason);
        }).ifPresent(lifetime -> lifetimes.put(socket, lifetime));
    }

    private static void decide(Vertx vertx, Optional<TokenVerifier> verifier, Map<SockJSSocket, TokenLifetime> lifetimes, BridgeEvent event) {
        SockJSSocket socket = event.socket();
        Caller caller = socket.webUser() == null ? null : BridgeCallers.fromUser(socket.webUser());
        JsonObject raw = event.getRawMessage();
        BridgeEventType type = event.type();
        switch (type) {
            case SOCKET_CREATED -> {
                if (caller != null) {
                    watchToken(vertx, verifier, socket, lifetimes);
                }
                event.complete(caller != null);
            }
            case SOCKET_CLOSED -> {
                TokenLifetime lifetime = lifetimes.remove(socket);
                if (lifetime != null) {
                    lifetime.cancel();
                }
                event.complete(true);
            }
            case SEND -> {
                String replyAddress = raw.getString("replyAddress");
                if (replyAddress == null) {
                    refuse(event, BridgeGuard.errorFrame(null, FailureCode.INVALID_REQUEST,
                            "replyAddress: every address on this bridge answers; send with a reply handler"));
                    return;
                }
                Routed routed = BridgeGuard.route(caller, "the socket has no verified token", raw.getString("address"), raw.getValue("body"), VIA);
                raw.put("address", routed.address()).put("body", routed.body()).put("headers", routed.headers());
                event.complete(true);
            }
            case PUBLISH -> refuse(event, BridgeGuard.errorFrame(raw.getString("address"), FailureCode.FORBIDDEN,
                    "clients do not publish on this bridge: send a request, or register on a live stream"));
            case REGISTER -> {
                String address = raw.getString("address");
                Optional<String> refusal = caller == null ? Optional.of("the socket has no verified token") : BridgeGuard.listenRefusal(caller, address);
                if (refusal.isPresent()) {
                    refuse(event, BridgeGuard.errorFrame(address, FailureCode.FORBIDDEN, refusal.get()));
                    return;
                }
                if (address.startsWith(LiveStreams.PREDICTIONS)) {
                    vertx.eventBus().send(LiveStreams.PREDICTIONS_WANTED, null);
                }
                event.complete(true);
            }
            case SOCKET_ERROR -> {
                // A message above the server's WebSocket limit (or a broken transport): Vert.x drops the socket's state but
                // leaves it open and deaf, so it is closed, and the client knows to reconnect.
                socket.close();
                event.complete(true);
            }
            default -> event.complete(true);
        }
    }

    /** Our error frame naming the reason; Vert.x then adds its own {@code {"type": "err", "body": "rejected"}}. */
    private static void refuse(BridgeEvent event, JsonObject frame) {
        event.socket().write(frame.encode());
        event.complete(false);
    }
}
