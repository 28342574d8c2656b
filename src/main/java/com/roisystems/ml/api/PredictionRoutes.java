package com.roisystems.ml.api;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.HealthProbe;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import com.roisystems.ml.scoring.BatchPrediction;
import com.roisystems.ml.scoring.ModelHealth;
import com.roisystems.ml.scoring.Prediction;
import com.roisystems.ml.scoring.PredictionRequest;
import com.roisystems.ml.scoring.ScoringContract;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The original design's prediction API: {@code POST /v1/predict/{move-probability | transaction-type |
 * contact-timing | property-value}}, {@code POST /v1/predict/batch}, {@code GET /v1/models/{name}/health},
 * {@code POST /v1/feedback}. Bodies are validated here, naming the field; the scoring happens behind the
 * event bus ({@link ScoringContract}). Each request is made for the verified caller's tenant ({@link Caller}), never a body's.
 */
public final class PredictionRoutes {

    private PredictionRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        PredictionMeter meter = PredictionMeter.forCurrentVertx();
        router.post("/predict/batch").handler(context -> batch(vertx, context));
        router.post("/predict/:type").handler(context -> single(vertx, meter, context));
        router.get("/models/:name/health").handler(context -> modelHealth(vertx, context));
        router.post("/feedback").handler(context -> feedback(vertx, context));
        return router;
    }

    private static void single(Vertx vertx, PredictionMeter meter, RoutingContext context) {
        String slug = context.pathParam("type");
        PredictionType type = PredictionType.fromSlug(slug).orElseThrow(() -> new ServiceFailure(FailureCode.UNSUPPORTED_PREDICTION_TYPE,
                "prediction_type", "no prediction type '" + slug + "'; use move-probability, transaction-type, contact-timing or property-value"));
        PredictionRequest request = HttpReplies.validated(() -> PredictionRequest.parse(HttpReplies.requiredJsonObject(context), type))
                .withTenant(Caller.of(context).tenant());
        HttpReplies.forward(context, meter.time(PredictionMeter.HTTP, type, Bus.request(vertx, ScoringContract.PREDICT, request)),
                Prediction::toJson);
    }

    private static void batch(Vertx vertx, RoutingContext context) {
        BatchPrediction.Request batch = BatchPrediction.Request.fromJson(HttpReplies.requiredJsonObject(context))
                .withTenant(Caller.of(context).tenant());
        HttpReplies.forward(context, Bus.request(vertx, ScoringContract.PREDICT_BATCH, batch), BatchPrediction.Result::toJson);
    }

    private static void modelHealth(Vertx vertx, RoutingContext context) {
        String name = context.pathParam("name");
        if (PredictionType.fromModelName(name).isEmpty()) {
            throw new ServiceFailure(FailureCode.UNKNOWN_MODEL, null, "no model named " + name
                    + "; models: move_probability_model, transaction_type_model, contact_timing_model, property_value_model");
        }
        HttpReplies.forward(context, Bus.request(vertx, ScoringContract.MODEL_HEALTH, new ModelHealth.Query(name)), ModelHealth::toJson);
    }

    private static void feedback(Vertx vertx, RoutingContext context) {
        PredictionLogContract.Feedback feedback = PredictionLogContract.Feedback.fromJson(HttpReplies.requiredJsonObject(context))
                .withTenant(Caller.of(context).tenant());
        HttpReplies.forward(context, Bus.request(vertx, PredictionLogContract.FEEDBACK, feedback), PredictionLogContract.FeedbackLinked::toJson);
    }

    /**
     * The prediction log's health for {@code /health}: DEGRADED while it cannot write to PostgreSQL or its journal is full,
     * with the backlog and the journal's bytes. Where no prediction log is deployed it reports UP with {@code deployed: false}.
     */
    public static HealthProbe predictionLogProbe(Vertx vertx) {
        return HealthProbe.ofService(vertx, "prediction_log", PredictionLogContract.STATUS);
    }
}
