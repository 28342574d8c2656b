package com.roisystems.ml.api;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one failure handler: every error body is {@code {"error": {"code", "message", "field"?}}}
 * with the status its {@link FailureCode} means (a 401's {@code WWW-Authenticate} challenge is set by the
 * authentication step before it fails the request, and kept). Every 503 carries {@code Retry-After}: the step that refused
 * the request may set its own (admission control), else a dependency that is down (PostgreSQL) answers with
 * {@link #RETRY_UNAVAILABLE_SECONDS}, about what a restarted database takes to be back. Unexpected failures are logged with their trace (by
 * {@link ServiceFailure#from}) and answered with a bare 500 — a stack trace never reaches a client.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final String SERVICE = "the HTTP API";
    static final String RETRY_UNAVAILABLE_SECONDS = "2";

    private ErrorResponses() {
    }

    public static void handle(RoutingContext context) {
        ServiceFailure error = toFailure(context.statusCode(), context.failure());
        if (error.httpStatus() >= 500 && error.code() != FailureCode.INTERNAL) {
            log.warn("Request {} {} answered {}: {}", context.request().method(), context.request().path(), error.httpStatus(), error.getMessage());
        }
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        if (error.httpStatus() == 503 && context.response().headers().get("Retry-After") == null) {
            context.response().putHeader("Retry-After", RETRY_UNAVAILABLE_SECONDS);
        }
        HttpReplies.json(context, error.httpStatus(), error.toErrorBody());
    }

    /** What a failed route means to the client: a service's own failure, or the router's status (404 route, 405, 413, 415). */
    public static ServiceFailure toFailure(int statusCode, Throwable failure) {
        if (failure == null) {
            return switch (statusCode) {
                case 401 -> new ServiceFailure(FailureCode.UNAUTHENTICATED, null, "this route needs a valid bearer token");
                case 404 -> new ServiceFailure(FailureCode.NOT_FOUND, null, "no such route");
                case 405 -> new ServiceFailure(FailureCode.METHOD_NOT_ALLOWED, null, "method not allowed on this route");
                case 413 -> new ServiceFailure(FailureCode.PAYLOAD_TOO_LARGE, null, "the request body is too large");
                case 415 -> new ServiceFailure(FailureCode.UNSUPPORTED_MEDIA_TYPE, null, "send application/json");
                case 403 -> new ServiceFailure(FailureCode.FORBIDDEN, null, "origin or credentials not allowed");
                default -> statusCode >= 400 && statusCode < 500
                        ? new ServiceFailure(FailureCode.forStatus(statusCode), null, "request failed")
                        : ServiceFailure.internal();
            };
        }
        if (failure instanceof HttpException http && !(failure instanceof ServiceFailure)) {
            return toFailure(http.getStatusCode(), null);
        }
        if (statusCode >= 400 && statusCode < 500 && !(failure instanceof ServiceFailure)) {
            return toFailure(statusCode, null);
        }
        return ServiceFailure.from(failure, SERVICE);
    }

}
