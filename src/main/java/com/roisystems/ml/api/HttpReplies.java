package com.roisystems.ml.api;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP edge's one forwarder: a service's typed reply becomes a 200 JSON body, any failure goes to
 * the router's failure handler ({@link ErrorResponses}), which writes the error body. Also reads JSON
 * bodies, failing with a code that names the body.
 *
 * <p>{@code HttpReplies.forward(context, Bus.request(vertx, RegistryContract.LIST, ListModels.ALL), ModelList::toJson);}
 */
public final class HttpReplies {

    private HttpReplies() {
    }

    public static <T> void forward(RoutingContext context, Future<T> reply, Function<T, JsonObject> toJson) {
        forward(context, 200, reply, toJson);
    }

    /** As {@link #forward(RoutingContext, Future, Function)} with another success status (202 for work accepted to run later). */
    public static <T> void forward(RoutingContext context, int status, Future<T> reply, Function<T, JsonObject> toJson) {
        reply.onComplete(done -> {
            if (done.failed()) {
                context.fail(done.cause());
            } else if (!context.response().ended()) {
                json(context, status, toJson.apply(done.result()));
            }
        });
    }

    public static void json(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    /** The body as a JSON object; a missing, non-object or malformed body fails naming {@code body}. */
    public static JsonObject requiredJsonObject(RoutingContext context) {
        JsonObject body;
        try {
            body = context.body().asJsonObject();
        } catch (RuntimeException e) {
            throw new ServiceFailure(FailureCode.MALFORMED_JSON, "body", "the body is not a valid JSON object");
        }
        if (body == null) {
            throw new ServiceFailure(FailureCode.INVALID_BODY, "body", "a JSON object body is required");
        }
        return body;
    }

    /**
     * Runs validation of this HTTP request at the edge: a field it finds invalid is answered as
     * {@code invalid_field} (the edge's code), the same check behind the bus answers {@code invalid_request}.
     */
    public static <T> T validated(Supplier<T> check) {
        try {
            return check.get();
        } catch (ServiceFailure invalid) {
            throw invalid.code() == FailureCode.INVALID_REQUEST ? new ServiceFailure(FailureCode.INVALID_FIELD, invalid.field(), invalid.getMessage()) : invalid;
        }
    }

    /** The body as a JSON object, or an empty object when there is no body (or the body is {@code null}). */
    public static JsonObject optionalJsonObject(RoutingContext context) {
        if (context.body() == null || context.body().length() == 0) {
            return new JsonObject();
        }
        JsonObject body;
        try {
            body = context.body().asJsonObject();
        } catch (RuntimeException e) {
            throw new ServiceFailure(FailureCode.MALFORMED_JSON, "body", "the body must be a JSON object");
        }
        // A literal null says as much as no body at all.
        return body == null ? new JsonObject() : body;
    }
}
