package com.roisystems.ml.api;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.training.Experiment;
import com.roisystems.ml.training.ExperimentComparison;
import com.roisystems.ml.training.ExperimentContract;
import com.roisystems.ml.training.ExperimentContract.CompareExperiments;
import com.roisystems.ml.training.ExperimentContract.ExperimentList;
import com.roisystems.ml.training.ExperimentContract.GetExperiment;
import com.roisystems.ml.training.ExperimentContract.ListExperiments;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * HTTP routes of the experiment tracker (admin role, as every {@code /v1/admin} route): {@code GET /v1/admin/experiments
 * ?model=&status=&limit=} (runs newest first), {@code GET /v1/admin/experiments/compare?a=&b=} (two runs' parameters and
 * metrics side by side, differences {@code b - a}) and {@code GET /v1/admin/experiments/{run_id}}. Each builds its
 * {@link ExperimentContract} request from the query (a 400 naming the field before anything is sent) and forwards it; an
 * unknown run is the service's 404.
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(ExperimentRoutes.router(vertx));}
 */
public final class ExperimentRoutes {

    private ExperimentRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/experiments").handler(context -> {
            MultiMap query = context.queryParams();
            HttpReplies.forward(context, Bus.request(vertx, ExperimentContract.LIST,
                    ListExperiments.of(query.get("model"), query.get("status"), query.get("limit"))), ExperimentList::toJson);
        });
        router.get("/experiments/compare").handler(context -> HttpReplies.forward(context, Bus.request(vertx, ExperimentContract.COMPARE,
                new CompareExperiments(context.queryParams().get("a"), context.queryParams().get("b"))), ExperimentComparison::toJson));
        router.get("/experiments/:run_id").handler(context -> HttpReplies.forward(context, Bus.request(vertx, ExperimentContract.GET,
                new GetExperiment(context.pathParam("run_id"))), Experiment::toJson));
        return router;
    }
}
