package com.roisystems.ml.api;

import com.roisystems.ml.predictionlog.PredictionLog;
import com.roisystems.ml.scoring.PredictionRequest;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.scoring.ScoringService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The original design's prediction API: {@code POST /v1/predict/{move-probability | transaction-type |
 * contact-timing | property-value}}, {@code POST /v1/predict/batch}, {@code GET /v1/models/{name}/health},
 * {@code POST /v1/feedback}. Bodies are validated here, naming the field; the scoring happens behind the
 * event bus ({@link ScoringService}).
 */
public final class PredictionRoutes {

    private PredictionRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/predict/batch").handler(context -> batch(vertx, context));
        router.post("/predict/:type").handler(context -> single(vertx, context));
        router.get("/models/:name/health").handler(context -> modelHealth(vertx, context));
        router.post("/feedback").handler(context -> feedback(vertx, context));
        return router;
    }

    private static void single(Vertx vertx, RoutingContext context) {
        String slug = context.pathParam("type");
        PredictionType type = PredictionType.fromSlug(slug).orElse(null);
        if (type == null) {
            context.fail(ApiException.badRequest("unsupported_prediction_type", "no prediction type '" + slug
                    + "'; use move-probability, transaction-type, contact-timing or property-value", "prediction_type"));
            return;
        }
        JsonObject body = jsonBody(context);
        if (body == null) {
            return;
        }
        try {
            PredictionRequest.parse(body, type);
        } catch (PredictionRequest.Invalid invalid) {
            context.fail(ApiException.badRequest("invalid_field", invalid.getMessage(), invalid.field()));
            return;
        }
        request(vertx, ScoringService.PREDICT, body.copy().put("prediction_type", type.name()), ScoringService.PREDICT_TIMEOUT_MS)
                .onSuccess(reply -> json(context, 200, reply))
                .onFailure(context::fail);
    }

    private static void batch(Vertx vertx, RoutingContext context) {
        JsonObject body = jsonBody(context);
        if (body == null) {
            return;
        }
        if (!(body.getValue("requests") instanceof JsonArray requests)) {
            context.fail(ApiException.badRequest("invalid_field", "requests: an array of prediction requests is required", "requests"));
            return;
        }
        if (requests.size() > ScoringService.MAX_BATCH) {
            context.fail(new ApiException(413, "batch_too_large", "requests: " + requests.size() + " requests in one batch; the limit is "
                    + ScoringService.MAX_BATCH, "requests"));
            return;
        }
        request(vertx, ScoringService.PREDICT_BATCH, body, ScoringService.BATCH_TIMEOUT_MS)
                .onSuccess(reply -> json(context, 200, reply))
                .onFailure(context::fail);
    }

    private static void modelHealth(Vertx vertx, RoutingContext context) {
        String name = context.pathParam("name");
        if (PredictionType.fromModelName(name).isEmpty()) {
            context.fail(ApiException.notFound("unknown_model", "no model named " + name
                    + "; models: move_probability_model, transaction_type_model, contact_timing_model, property_value_model"));
            return;
        }
        request(vertx, ModelHealthService.ADDRESS, new JsonObject().put("model_name", name), ScoringService.PREDICT_TIMEOUT_MS)
                .onSuccess(reply -> json(context, 200, reply))
                .onFailure(context::fail);
    }

    private static void feedback(Vertx vertx, RoutingContext context) {
        JsonObject body = jsonBody(context);
        if (body == null) {
            return;
        }
        request(vertx, PredictionLog.FEEDBACK, body, ScoringService.PREDICT_TIMEOUT_MS)
                .onSuccess(reply -> json(context, 200, reply))
                .onFailure(context::fail);
    }

    private static JsonObject jsonBody(RoutingContext context) {
        try {
            JsonObject body = context.body().asJsonObject();
            if (body == null) {
                context.fail(ApiException.badRequest("invalid_body", "a JSON object body is required", "body"));
            }
            return body;
        } catch (RuntimeException e) {
            context.fail(ApiException.badRequest("malformed_json", "the body is not a valid JSON object", "body"));
            return null;
        }
    }

    private static Future<JsonObject> request(Vertx vertx, String address, JsonObject body, long timeoutMs) {
        return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs)).map(reply -> reply.body());
    }

    private static void json(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
