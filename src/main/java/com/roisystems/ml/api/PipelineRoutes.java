package com.roisystems.ml.api;

import com.roisystems.ml.pipeline.PipelineAdmin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP admin routes of the pipeline, like Airflow's REST API, forwarding to the {@link PipelineAdmin}
 * addresses: {@code POST /v1/admin/pipeline/runs} ({@code {"as_of"?}}, 202), {@code POST /v1/admin/pipeline/backfill}
 * ({@code {"from", "to"}}, 202), {@code GET /v1/admin/pipeline/runs[?limit=]}, {@code GET /v1/admin/pipeline/runs/{id}},
 * {@code POST /v1/admin/pipeline/runs/{id}/cancel}, {@code POST /v1/admin/pipeline/runs/{id}/resume} (202).
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(PipelineRoutes.router(vertx));}
 */
public final class PipelineRoutes {

    private PipelineRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/pipeline/runs").handler(context -> forward(vertx, context, PipelineAdmin.TRIGGER, body(context), 202));
        router.post("/pipeline/backfill").handler(context -> forward(vertx, context, PipelineAdmin.BACKFILL, body(context), 202));
        router.get("/pipeline/runs").handler(context -> {
            JsonObject request = new JsonObject();
            String limit = context.queryParams().get(PipelineAdmin.LIMIT);
            if (limit != null) {
                request.put(PipelineAdmin.LIMIT, limit);
            }
            forward(vertx, context, PipelineAdmin.STATUS, request, 200);
        });
        router.get("/pipeline/runs/:id").handler(context -> forward(vertx, context, PipelineAdmin.STATUS, run(context), 200));
        router.post("/pipeline/runs/:id/cancel").handler(context -> forward(vertx, context, PipelineAdmin.CANCEL, run(context), 200));
        router.post("/pipeline/runs/:id/resume").handler(context -> forward(vertx, context, PipelineAdmin.RESUME, run(context), 202));
        return router;
    }

    private static JsonObject run(RoutingContext context) {
        return new JsonObject().put(PipelineAdmin.RUN_ID, context.pathParam("id"));
    }

    private static JsonObject body(RoutingContext context) {
        if (context.body() == null || context.body().length() == 0) {
            return new JsonObject();
        }
        try {
            return context.body().asJsonObject();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("malformed_json", "body: must be a JSON object", "body");
        }
    }

    private static void forward(Vertx vertx, RoutingContext context, String address, JsonObject request, int status) {
        vertx.eventBus().<JsonObject>request(address, request)
                .onSuccess(reply -> context.response().setStatusCode(status).putHeader("content-type", "application/json")
                        .end(reply.body().encode()))
                .onFailure(context::fail);
    }
}
