package com.roisystems.ml.auth;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The authentication step in front of every route: reads the bearer token, verifies it and stores the
 * {@link Caller} under {@link Caller#CONTEXT_KEY}; a request without a token continues as
 * {@link Caller#anonymous} (the {@link RoleGuard}s of the protected routes answer it 401, public routes serve
 * it). A token that is present but not valid is answered 401 on any route, with
 * {@code WWW-Authenticate: Bearer realm="roi-ml", error="invalid_token", error_description="..."}.
 *
 * <p>Browsers cannot set headers on a WebSocket, so on an upgrade request the token may also come as the query
 * parameter {@code access_token} (RFC 6750 §2.3); on plain requests it is not read there, keeping tokens out of
 * URLs that proxies and access logs record.
 *
 * <p>{@code router.route().handler(new BearerAuthentication(verifier));}
 */
public final class BearerAuthentication implements Handler<RoutingContext> {

    /** The realm every challenge names. */
    public static final String REALM = "roi-ml";
    /** The challenge header of a 401 (RFC 6750). */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    /** The query parameter a WebSocket upgrade may carry the token in. */
    public static final String QUERY_PARAMETER = "access_token";
    private static final String BEARER = "Bearer ";

    private final TokenVerifier verifier;

    public BearerAuthentication(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void handle(RoutingContext context) {
        if (context.get(Caller.CONTEXT_KEY) != null) {
            // The API is mounted at / and /api/ml: a request that falls through one mount into the other is verified once.
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token;
        if (header != null) {
            token = bearerToken(header);
            if (token == null) {
                refuse(context, "send the token as 'Authorization: Bearer <token>'");
                return;
            }
        } else {
            token = isWebSocketUpgrade(request) ? request.getParam(QUERY_PARAMETER) : null;
        }
        if (token == null || token.isEmpty()) {
            context.put(Caller.CONTEXT_KEY, Caller.anonymous(address));
            context.next();
            return;
        }
        verifier.verify(token, address).onComplete(verified -> {
            if (verified.succeeded()) {
                context.put(Caller.CONTEXT_KEY, verified.result());
                context.next();
            } else {
                context.response().putHeader(WWW_AUTHENTICATE, invalidTokenChallenge(verified.cause().getMessage()));
                context.fail(verified.cause());
            }
        });
    }

    /** The token of an {@code Authorization} value of the form {@code Bearer <token>} (any case); null for any other form. */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    private static void refuse(RoutingContext context, String description) {
        context.response().putHeader(WWW_AUTHENTICATE, invalidTokenChallenge(description));
        context.fail(new ServiceFailure(FailureCode.UNAUTHENTICATED, TokenVerifier.FIELD, description));
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** RFC 6750 §3: the challenge for a request that sent no token at all carries no error code. */
    public static String missingTokenChallenge() {
        return "Bearer realm=\"" + REALM + "\"";
    }

    /** RFC 6750 §3.1: a token that was sent and refused. Quotes and backslashes cannot appear in the quoted string. */
    public static String invalidTokenChallenge(String description) {
        String quoted = description == null ? "invalid token" : description.replaceAll("[\"\\\\\\r\\n]", "'");
        return missingTokenChallenge() + ", error=\"invalid_token\", error_description=\"" + quoted + "\"";
    }
}
