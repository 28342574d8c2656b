package com.roisystems.ml.api;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.training.TrainingContract;
import com.roisystems.ml.training.TrainingContract.Train;
import com.roisystems.ml.training.TrainingContract.TrainingReport;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * {@code POST /v1/admin/models/train {"prediction_type", "promote"?, "users_limit"?, "cutoffs"?}}:
 * the body is read into a {@link Train} (a 400 naming the field, before anything is sent) and forwarded to
 * {@link TrainingContract#TRAIN}, recorded as changed by the caller's token subject ({@link Caller}; a {@code changed_by}
 * in the body is ignored). The reply is the registered version and its evaluation.
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(TrainingRoutes.router(vertx));}
 */
public final class TrainingRoutes {

    private TrainingRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/models/train").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, TrainingContract.TRAIN, Train.fromJson(HttpReplies.optionalJsonObject(context)
                        .put("changed_by", Caller.of(context).subject()))),
                TrainingReport::toJson));
        return router;
    }
}
