package com.roisystems.ml.api;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.registry.Comparison;
import com.roisystems.ml.registry.ModelList;
import com.roisystems.ml.registry.ModelVersion;
import com.roisystems.ml.registry.RegistryContract;
import com.roisystems.ml.registry.RegistryContract.Archive;
import com.roisystems.ml.registry.RegistryContract.Compare;
import com.roisystems.ml.registry.RegistryContract.GetHistory;
import com.roisystems.ml.registry.RegistryContract.GetModel;
import com.roisystems.ml.registry.RegistryContract.ListModels;
import com.roisystems.ml.registry.RegistryContract.ModelLookup;
import com.roisystems.ml.registry.RegistryContract.Promote;
import com.roisystems.ml.registry.StageHistory;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.List;

/**
 * HTTP admin routes of the registry: each builds its {@link RegistryContract} request from the path, query
 * and body and forwards it; the reply is the 200 body, a failure the error body ({@link ErrorResponses}).
 * {@code GET /v1/admin/models}, {@code GET /v1/admin/models/{name}},
 * {@code GET /v1/admin/models/{name}/versions/{version}}, {@code POST .../versions/{version}/promote}
 * ({@code {"stage", "reason"?}}), {@code POST .../versions/{version}/archive}; who changed a stage is the caller's token
 * subject ({@link Caller}), never a body field,
 * {@code GET /v1/admin/models/{name}/compare?v1=&v2=&other=&metrics=auc,f1}, {@code GET /v1/admin/models/{name}/history}.
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(RegistryRoutes.router(vertx));}
 */
public final class RegistryRoutes {

    private RegistryRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/models").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegistryContract.LIST, ListModels.ALL), ModelList::toJson));
        router.get("/models/:name").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegistryContract.GET, new GetModel(context.pathParam("name"), null)), ModelLookup::toJson));
        router.get("/models/:name/versions/:version").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegistryContract.GET, new GetModel(context.pathParam("name"), context.pathParam("version"))),
                ModelLookup::toJson));
        router.post("/models/:name/versions/:version/promote").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegistryContract.PROMOTE, Promote.fromJson(bodyAndPath(context))), ModelVersion::toJson));
        router.post("/models/:name/versions/:version/archive").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegistryContract.ARCHIVE, Archive.fromJson(bodyAndPath(context))), ModelVersion::toJson));
        router.get("/models/:name/compare").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegistryContract.COMPARE, compare(context)), Comparison::toJson));
        router.get("/models/:name/history").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegistryContract.HISTORY, new GetHistory(context.pathParam("name"))), StageHistory::toJson));
        return router;
    }

    /**
     * The body's fields (stage, reason) with the path's model and version over them, since the path names what changes,
     * and {@code changed_by} the caller's token subject: a {@code changed_by} in the body is ignored, never trusted.
     */
    private static JsonObject bodyAndPath(RoutingContext context) {
        return HttpReplies.optionalJsonObject(context)
                .put("model_name", context.pathParam("name"))
                .put("version", context.pathParam("version"))
                .put("changed_by", Caller.of(context).subject());
    }

    /** {@code ?v1=2&v2=3&other=other_model&metrics=auc,f1}: {@code other} defaults to the path's model, no metrics to all shared ones. */
    private static Compare compare(RoutingContext context) {
        MultiMap query = context.queryParams();
        String metrics = query.get("metrics");
        List<String> names = metrics == null ? List.of() : Arrays.stream(metrics.split(",")).map(String::trim).toList();
        return new Compare(context.pathParam("name"), RegistryContract.parseVersion("v1", query.get("v1")), query.get("other"),
                RegistryContract.parseVersion("v2", query.get("v2")), names);
    }
}
