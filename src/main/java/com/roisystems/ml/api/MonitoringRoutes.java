package com.roisystems.ml.api;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.monitoring.MonitoringContract;
import com.roisystems.ml.monitoring.MonitoringContract.AdoptReference;
import com.roisystems.ml.monitoring.MonitoringContract.AdoptedReference;
import com.roisystems.ml.monitoring.MonitoringContract.AlertList;
import com.roisystems.ml.monitoring.MonitoringContract.AlertQuery;
import com.roisystems.ml.monitoring.MonitoringContract.DriftHistory;
import com.roisystems.ml.monitoring.MonitoringContract.DriftQuery;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceHistory;
import com.roisystems.ml.monitoring.MonitoringContract.PerformanceQuery;
import com.roisystems.ml.monitoring.MonitoringContract.ReferenceQuery;
import com.roisystems.ml.monitoring.MonitoringContract.ReferenceSummary;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * HTTP reads of model monitoring (roles admin or monitor, {@link ApiAccess}), each forwarded to {@link MonitoringContract}:
 * {@code GET /v1/monitoring/{model_name}/drift?from=&to=&window=hour|day&limit=} (per window: period, rows,
 * drift_detected, drifted features, every feature's metrics), {@code GET .../performance?from=&to=&limit=} (realised and
 * estimated side by side, with the reference), {@code GET .../reference?version=} (the reference profile summarised per
 * feature) and {@code GET /v1/monitoring/alerts?state=active|resolved&model=&limit=}. Query parameters are read by the
 * contract's requests and answered 400 {@code invalid_field} naming the parameter; an unknown model is 404
 * {@code unknown_model} naming it.
 *
 * <p>{@code api.route("/v1/monitoring/*").subRouter(MonitoringRoutes.router(vertx));}
 */
public final class MonitoringRoutes {

    private static final List<String> DRIFT_PARAMETERS = List.of(MonitoringContract.FROM, MonitoringContract.TO,
            MonitoringContract.WINDOW, MonitoringContract.LIMIT);
    private static final List<String> PERFORMANCE_PARAMETERS = List.of(MonitoringContract.FROM, MonitoringContract.TO, MonitoringContract.LIMIT);

    private MonitoringRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/alerts").handler(context -> HttpReplies.forward(context, Bus.request(vertx, MonitoringContract.ALERTS,
                HttpReplies.validated(() -> AlertQuery.fromJson(query(context, List.of(MonitoringContract.STATE, "model", MonitoringContract.LIMIT))))),
                AlertList::toJson));
        router.get("/:model_name/drift").handler(context -> HttpReplies.forward(context, Bus.request(vertx, MonitoringContract.DRIFT,
                HttpReplies.validated(() -> DriftQuery.fromJson(query(context, DRIFT_PARAMETERS)))), DriftHistory::toJson));
        router.get("/:model_name/performance").handler(context -> HttpReplies.forward(context, Bus.request(vertx, MonitoringContract.PERFORMANCE,
                HttpReplies.validated(() -> PerformanceQuery.fromJson(query(context, PERFORMANCE_PARAMETERS)))), PerformanceHistory::toJson));
        router.get("/:model_name/reference").handler(context -> HttpReplies.forward(context, Bus.request(vertx, MonitoringContract.REFERENCE,
                HttpReplies.validated(() -> ReferenceQuery.fromJson(query(context, List.of(MonitoringContract.VERSION))))), ReferenceSummary::toJson));
        return router;
    }

    /**
     * Admin: {@code PUT /v1/admin/monitoring/{model_name}/reference} with {@code {"version", "from", "to"?}} makes that
     * period of the version's served traffic its drift reference (audited with the other admin routes); 400 naming a
     * missing or bad field, 404 an unknown model, 409 when no served window lies in the period.
     */
    public static Router adminRouter(Vertx vertx) {
        Router router = Router.router(vertx);
        router.put("/monitoring/:model_name/reference").handler(context -> HttpReplies.forward(context, Bus.request(vertx,
                MonitoringContract.ADOPT_REFERENCE, HttpReplies.validated(() -> AdoptReference.fromJson(HttpReplies.requiredJsonObject(context)
                        .copy().put(MonitoringContract.MODEL_NAME, context.pathParam("model_name"))))), AdoptedReference::toJson));
        return router;
    }

    /** The path's model and the named query parameters, as text; the contract's {@code fromJson} reads and checks them. */
    private static JsonObject query(RoutingContext context, List<String> parameters) {
        JsonObject request = new JsonObject().put(MonitoringContract.MODEL_NAME, context.pathParam("model_name"));
        for (String parameter : parameters) {
            String value = context.queryParams().get(parameter);
            if (value != null) {
                request.put(parameter, value);
            }
        }
        return request;
    }
}
