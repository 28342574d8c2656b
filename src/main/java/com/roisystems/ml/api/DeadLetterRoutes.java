package com.roisystems.ml.api;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.ingest.DeadLetterContract;
import com.roisystems.ml.ingest.DeadLetterContract.DeadLetterList;
import com.roisystems.ml.ingest.DeadLetterContract.ListDeadLetters;
import com.roisystems.ml.ingest.DeadLetterContract.ReplayDeadLetters;
import com.roisystems.ml.ingest.DeadLetterContract.ReplayReport;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * HTTP admin routes over the {@link DeadLetterContract} endpoints:
 * {@code GET /v1/admin/dead-letters?reason=&include_replayed=&limit=} and
 * {@code POST /v1/admin/dead-letters/replay} with {@code {"ids": [...]}} or {@code {"reason": "...", "limit": n}}.
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(DeadLetterRoutes.router(vertx));}
 */
public final class DeadLetterRoutes {

    private DeadLetterRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/dead-letters").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, DeadLetterContract.LIST, listRequest(context.queryParams())), DeadLetterList::toJson));
        router.post("/dead-letters/replay").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, DeadLetterContract.REPLAY, ReplayDeadLetters.fromJson(HttpReplies.optionalJsonObject(context))),
                ReplayReport::toJson));
        return router;
    }

    private static ListDeadLetters listRequest(MultiMap query) {
        String limit = query.get("limit");
        Integer parsed;
        try {
            parsed = limit == null ? null : Integer.valueOf(limit);
        } catch (NumberFormatException e) {
            throw new ServiceFailure(FailureCode.INVALID_FIELD, "limit", "limit must be a whole number");
        }
        return ListDeadLetters.of(Boolean.parseBoolean(query.get("include_replayed")), query.get("reason"), parsed);
    }
}
