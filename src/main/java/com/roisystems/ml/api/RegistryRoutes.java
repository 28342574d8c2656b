package com.roisystems.ml.api;

import com.roisystems.ml.registry.RegistryAdmin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;

/**
 * HTTP admin routes of the registry, forwarding to {@link RegistryAdmin} addresses:
 * {@code GET /v1/admin/models}, {@code GET /v1/admin/models/{name}},
 * {@code GET /v1/admin/models/{name}/versions/{version}}, {@code POST .../versions/{version}/promote}
 * ({@code {"stage", "reason"}}), {@code POST .../versions/{version}/archive},
 * {@code GET /v1/admin/models/{name}/compare?v1=&v2=&metrics=auc,f1}, {@code GET /v1/admin/models/{name}/history}.
 */
public final class RegistryRoutes {

    private RegistryRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/models").handler(context -> forward(vertx, context, RegistryAdmin.LIST, new JsonObject()));
        router.get("/models/:name").handler(context -> forward(vertx, context, RegistryAdmin.GET, named(context)));
        router.get("/models/:name/versions/:version").handler(context -> forward(vertx, context, RegistryAdmin.GET,
                named(context).put("version", context.pathParam("version"))));
        router.post("/models/:name/versions/:version/promote").handler(context -> forward(vertx, context, RegistryAdmin.PROMOTE,
                body(context).mergeIn(named(context)).put("version", context.pathParam("version"))));
        router.post("/models/:name/versions/:version/archive").handler(context -> forward(vertx, context, RegistryAdmin.ARCHIVE,
                body(context).mergeIn(named(context)).put("version", context.pathParam("version"))));
        router.get("/models/:name/compare").handler(context -> {
            JsonObject request = named(context).put("v1", context.queryParams().get("v1")).put("v2", context.queryParams().get("v2"));
            String other = context.queryParams().get("other");
            if (other != null) {
                request.put("other_model_name", other);
            }
            String metrics = context.queryParams().get("metrics");
            if (metrics != null) {
                request.put("metrics", new JsonArray(Arrays.stream(metrics.split(",")).map(String::trim).toList()));
            }
            forward(vertx, context, RegistryAdmin.COMPARE, request);
        });
        router.get("/models/:name/history").handler(context -> forward(vertx, context, RegistryAdmin.HISTORY, named(context)));
        return router;
    }

    private static JsonObject named(RoutingContext context) {
        return new JsonObject().put("model_name", context.pathParam("name"));
    }

    private static JsonObject body(RoutingContext context) {
        if (context.body() == null || context.body().length() == 0) {
            return new JsonObject();
        }
        try {
            return context.body().asJsonObject();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("malformed_json", "the body must be a JSON object", "body");
        }
    }

    private static void forward(Vertx vertx, RoutingContext context, String address, JsonObject request) {
        vertx.eventBus().<JsonObject>request(address, request)
                .onSuccess(reply -> context.response().putHeader("content-type", "application/json").end(reply.body().encode()))
                .onFailure(context::fail);
    }
}
