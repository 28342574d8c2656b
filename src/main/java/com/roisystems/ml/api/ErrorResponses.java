package com.roisystems.ml.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one failure handler: every error body is {@code {"error": {"code", "message", "field"?}}}
 * with a status that means something. Unexpected failures are logged with their trace and answered
 * with a bare 500 — a stack trace never reaches a client.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static void handle(RoutingContext context) {
        Throwable failure = context.failure();
        ApiException error = toApiException(context.statusCode(), failure);
        if (error.status() == 500) {
            log.error("Request {} {} failed", context.request().method(), context.request().path(), failure);
        } else if (error.status() >= 500) {
            log.warn("Request {} {} answered {}: {}", context.request().method(), context.request().path(), error.status(), error.getMessage());
        }
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        context.response()
                .setStatusCode(error.status())
                .putHeader("content-type", "application/json")
                .end(body(error).encode());
    }

    public static JsonObject body(ApiException error) {
        JsonObject detail = new JsonObject().put("code", error.code()).put("message", error.getMessage());
        if (error.field() != null) {
            detail.put("field", error.field());
        }
        return new JsonObject().put("error", detail);
    }

    /** Maps any failure to the API error a client sees; event-bus failures per STYLE: timeouts are 503. */
    public static ApiException toApiException(int statusCode, Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof DecodeException) {
            return ApiException.badRequest("malformed_json", "the request body is not valid JSON", null);
        }
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case TIMEOUT -> ApiException.unavailable("timeout", "the request timed out inside the service");
                case NO_HANDLERS -> ApiException.unavailable("service_unavailable", "no handler is available for this request");
                default -> ServiceFailures.toApiException(reply.failureCode(), reply.getMessage());
            };
        }
        if (failure == null) {
            return switch (statusCode) {
                case 404 -> ApiException.notFound("not_found", "no such route");
                case 405 -> new ApiException(405, "method_not_allowed", "method not allowed on this route", null);
                case 413 -> new ApiException(413, "payload_too_large", "the request body is too large", null);
                case 415 -> new ApiException(415, "unsupported_media_type", "send application/json", null);
                default -> new ApiException(statusCode > 0 ? statusCode : 500, "error", "request failed", null);
            };
        }
        if (statusCode == 403) {
            return new ApiException(403, "forbidden", "origin or credentials not allowed", null);
        }
        if (statusCode >= 400 && statusCode < 500) {
            return toApiException(statusCode, null);
        }
        return new ApiException(500, "internal_error", "internal error", null);
    }
}
