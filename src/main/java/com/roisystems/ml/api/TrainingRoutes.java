package com.roisystems.ml.api;

import com.roisystems.ml.training.TrainingException;
import com.roisystems.ml.training.TrainingAdmin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/admin/models/train {"prediction_type", "promote"?}}: validated here (400 naming the field),
 * then forwarded to {@link TrainingAdmin#TRAIN}. The reply is the registered version and its evaluation.
 */
public final class TrainingRoutes {

    private TrainingRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/models/train").handler(TrainingRoutes::validate).handler(context -> vertx.eventBus()
                .<JsonObject>request(TrainingAdmin.TRAIN, context.<JsonObject>get("request"),
                        new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(30 * 60_000L))
                .onSuccess(reply -> context.response().putHeader("content-type", "application/json").end(reply.body().encode()))
                .onFailure(context::fail));
        return router;
    }

    private static void validate(RoutingContext context) {
        JsonObject body;
        try {
            body = context.body() == null || context.body().length() == 0 ? new JsonObject() : context.body().asJsonObject();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("malformed_json", "the body must be a JSON object", "body");
        }
        try {
            TrainingAdmin.parse(body);
        } catch (TrainingException e) {
            String field = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            throw ApiException.badRequest("invalid_" + field, e.getMessage(), field);
        }
        context.put("request", body);
        context.next();
    }
}
