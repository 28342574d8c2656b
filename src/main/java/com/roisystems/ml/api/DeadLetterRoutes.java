package com.roisystems.ml.api;

import com.roisystems.ml.ingest.DeadLetterAdmin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP admin routes over the {@link DeadLetterAdmin} addresses:
 * {@code GET /v1/admin/dead-letters?reason=&include_replayed=&limit=} and
 * {@code POST /v1/admin/dead-letters/replay} with {@code {"ids": [...]}} or {@code {"reason": "...", "limit": n}}.
 */
public final class DeadLetterRoutes {

    private DeadLetterRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/dead-letters").handler(context -> {
            JsonObject request = new JsonObject()
                    .put("include_replayed", Boolean.parseBoolean(context.queryParams().get("include_replayed")))
                    .put("reason", context.queryParams().get("reason"));
            String limit = context.queryParams().get("limit");
            if (limit != null) {
                try {
                    request.put("limit", Integer.parseInt(limit));
                } catch (NumberFormatException e) {
                    context.fail(ApiException.badRequest("invalid_field", "limit must be a whole number", "limit"));
                    return;
                }
            }
            forward(vertx, context, DeadLetterAdmin.LIST, request);
        });
        router.post("/dead-letters/replay").handler(context -> {
            JsonObject request;
            try {
                request = context.body().length() == 0 ? new JsonObject() : context.body().asJsonObject();
            } catch (RuntimeException e) {
                context.fail(ApiException.badRequest("malformed_json", "the body must be a JSON object", "body"));
                return;
            }
            forward(vertx, context, DeadLetterAdmin.REPLAY, request);
        });
        return router;
    }

    private static void forward(Vertx vertx, RoutingContext context, String address, JsonObject request) {
        vertx.eventBus().<JsonObject>request(address, request)
                .onSuccess(reply -> context.response().putHeader("content-type", "application/json").end(reply.body().encode()))
                .onFailure(context::fail);
    }
}
