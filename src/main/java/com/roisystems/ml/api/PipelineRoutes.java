package com.roisystems.ml.api;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.pipeline.PipelineContract;
import com.roisystems.ml.pipeline.PipelineContract.AcceptBaseline;
import com.roisystems.ml.pipeline.PipelineContract.Backfill;
import com.roisystems.ml.pipeline.PipelineContract.BaselineAccepted;
import com.roisystems.ml.pipeline.PipelineContract.RunList;
import com.roisystems.ml.pipeline.PipelineContract.RunRef;
import com.roisystems.ml.pipeline.PipelineContract.StatusQuery;
import com.roisystems.ml.pipeline.PipelineContract.StatusReply;
import com.roisystems.ml.pipeline.PipelineContract.TriggerRun;
import com.roisystems.ml.pipeline.RunRecord;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP admin routes of the pipeline, like Airflow's REST API, over the {@link PipelineContract} endpoints:
 * {@code POST /v1/admin/pipeline/runs} ({@code {"as_of"?}}, 202), {@code POST /v1/admin/pipeline/backfill}
 * ({@code {"from", "to"}}, 202), {@code GET /v1/admin/pipeline/runs[?limit=]}, {@code GET /v1/admin/pipeline/runs/{id}},
 * {@code POST /v1/admin/pipeline/runs/{id}/cancel}, {@code POST /v1/admin/pipeline/runs/{id}/resume} (202),
 * {@code POST /v1/admin/pipeline/baseline} ({@code {"run_id"}}, replied {@code {"run_id", "accepted_by", "accepted_at"}}).
 * Runs start and resume in the background, hence 202 for those. A baseline's {@code accepted_by} is the caller's
 * verified subject, never a body field, so the record says who really accepted it.
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(PipelineRoutes.router(vertx));}
 */
public final class PipelineRoutes {

    private PipelineRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/pipeline/runs").handler(context -> HttpReplies.forward(context, 202,
                Bus.request(vertx, PipelineContract.TRIGGER, TriggerRun.fromJson(HttpReplies.optionalJsonObject(context))), RunRecord::toJson));
        router.post("/pipeline/backfill").handler(context -> HttpReplies.forward(context, 202,
                Bus.request(vertx, PipelineContract.BACKFILL, Backfill.fromJson(HttpReplies.optionalJsonObject(context))), RunList::toJson));
        router.get("/pipeline/runs").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, PipelineContract.STATUS, StatusQuery.latest(context.queryParams().get("limit"))), StatusReply::toJson));
        router.get("/pipeline/runs/:id").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, PipelineContract.STATUS, StatusQuery.of(run(context))), StatusReply::toJson));
        router.post("/pipeline/runs/:id/cancel").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, PipelineContract.CANCEL, run(context)), RunRecord::toJson));
        router.post("/pipeline/runs/:id/resume").handler(context -> HttpReplies.forward(context, 202,
                Bus.request(vertx, PipelineContract.RESUME, run(context)), RunRecord::toJson));
        router.post("/pipeline/baseline").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, PipelineContract.BASELINE, AcceptBaseline.of(HttpReplies.optionalJsonObject(context), Caller.of(context).subject())),
                BaselineAccepted::toJson));
        return router;
    }

    private static RunRef run(RoutingContext context) {
        return RunRef.parse(context.pathParam("id"));
    }
}
