package com.roisystems.ml.training;

import com.roisystems.ml.model.PredictionType;
/**
 * The training management address (the HTTP route {@code POST /v1/admin/models/train} forwards to it).
 *
 * <ul>
 *   <li>{@link #TRAIN} {@code {"prediction_type", "promote"?: "Staging" | "Production", "users_limit"?, "cutoffs"?}} →
 *       {@code {"model_name", "version", "stage", "prediction_type", "evaluation": {metric, value, baseline, oracle, gap},
 *       "metrics", "rows", "train_s"}}</li>
 * </ul>
 *
 * <p>Failures: 400 malformed request (unknown {@code prediction_type}, a {@code promote} stage other than Staging or
 * Production; the message starts with the field); 409 the data cannot support a model (too few labelled rows, a single
 * class; nothing is registered) or the registry refused the promotion; 503 database unavailable.
 * Runs are serialised on one training thread: a second request waits for the first.
 */
public final class TrainingAdmin {

    public static final String TRAIN = "admin.models.train";

    public static final String PREDICTION_TYPE = "prediction_type";
    public static final String PROMOTE = "promote";
    public static final String USERS_LIMIT = "users_limit";
    public static final String CUTOFFS = "cutoffs";

    private TrainingAdmin() {
    }

    /** Parses and validates a request; throws {@link TrainingException} (400) naming the field. */
    public static Request parse(io.vertx.core.json.JsonObject body) {
        Object type = body.getValue(PREDICTION_TYPE);
        PredictionType predictionType;
        try {
            predictionType = PredictionType.parse(type instanceof String text ? text : null);
        } catch (IllegalArgumentException e) {
            throw TrainingException.badRequest(e.getMessage());
        }
        Object promote = body.getValue(PROMOTE);
        if (promote != null && !(promote instanceof String)) {
            throw TrainingException.badRequest("promote: must be \"Staging\" or \"Production\"");
        }
        TrainingOptions options = TrainingOptions.defaults().withCreatedBy(body.getString("changed_by", "admin"))
                .withPromote(TrainingOptions.parsePromote((String) promote));
        if (body.getValue(USERS_LIMIT) instanceof Number limit) {
            options = options.withUsersLimit(limit.intValue());
        }
        if (body.getValue(CUTOFFS) instanceof Number cutoffs) {
            options = options.withCutoffs(cutoffs.intValue());
        }
        return new Request(predictionType, options);
    }

    record Request(PredictionType type, TrainingOptions options) {
    }
}
