package com.roisystems.ml.training;

import com.roisystems.ml.bus.JsonFields;
import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.registry.Stage;
import io.vertx.core.json.JsonObject;

/**
 * The training capability's event-bus contract. {@link #TRAIN} ({@code admin.models.train}) takes a
 * {@link Train}, builds the point-in-time dataset, trains, registers the model and optionally promotes it,
 * and answers a {@link TrainingReport}.
 *
 * <p>Cut-offs come from the data present (market data is optional; its features are then MISSING): monthly, the
 * first of each month UTC, at least {@code min_history_months} (default {@code training.minHistoryMonths}) after
 * the platform's first record; for MOVE_PROBABILITY and CONTACT_TIMING the whole label window must lie before the
 * data's end, for PROPERTY_VALUE and TRANSACTION_TYPE the window must be able to hold a valuation or transaction
 * ({@link MonthlyCutoffs}). {@code cutoffs} asks for the latest N of them. Rows are split by label event and label
 * time ({@link GroupedSplit}); the report's metrics include {@code unseen_entities} (test rows whose entity is
 * not in the training split) and, for PROPERTY_VALUE, split-conformal interval coverage. {@link TrainingVerticle} serves it on one training thread, so a
 * second request waits for the first (across a cluster too: a run holds an advisory lock, {@code TrainingSlot}); the route {@code POST /v1/admin/models/train} builds the request
 * from its body and forwards it.
 *
 * <p>Failures:
 * <ul>
 *   <li>400 {@code invalid_request} naming the field (the message starts with it too): {@code prediction_type}
 *       missing or unknown; {@code promote} not Staging or Production; {@code users_limit}, {@code cutoffs}
 *       or {@code min_history_months} not a number, {@code users_limit} below 1, {@code cutoffs} negative,
 *       {@code min_history_months} outside 0 to 120; {@code changed_by} not a string. Raised while the request is
 *       read, before anything is trained. Also {@code cutoffs} (only when the request sent it) asking for more
 *       cut-offs than the data allows: the message says how many exist and the rule.</li>
 *   <li>409 {@code conflict}, naming no field: the data cannot support a model (no label events, no usable
 *       cut-off — the message gives the data's span, the rule and the count —, too few labelled rows in a split,
 *       a single class), so nothing is registered; or the registry refused the registration or the promotion.</li>
 *   <li>503 {@code service_unavailable}: training did not answer within {@link #TIMEOUT_MS}, is not deployed,
 *       or PostgreSQL cannot be reached.</li>
 *   <li>500 {@code internal_error}: anything else, logged with its trace.</li>
 * </ul>
 *
 * <p>{@code Bus.request(vertx, TrainingContract.TRAIN, new Train(PredictionType.PROPERTY_VALUE, Stage.STAGING, 5_000, 0, null, "alice"))}
 */
public final class TrainingContract {

    /** The name callers read in "model training did not answer in time". */
    public static final String SERVICE = "model training";
    /** A full run over every user takes minutes; half an hour is the bound beyond which something is wrong. */
    public static final long TIMEOUT_MS = 30 * 60_000L;

    public static final Endpoint<Train, TrainingReport> TRAIN =
            Endpoint.of("admin.models.train", SERVICE, TIMEOUT_MS, Train.FORMAT, TrainingReport.FORMAT);

    static final String PREDICTION_TYPE = "prediction_type";
    static final String PROMOTE = "promote";
    static final String USERS_LIMIT = "users_limit";
    static final String CUTOFFS = "cutoffs";
    static final String MIN_HISTORY_MONTHS = MonthlyCutoffs.MIN_HISTORY_FIELD;
    static final String CHANGED_BY = "changed_by";
    /** Who a run is recorded as when the request does not say. */
    static final String DEFAULT_CHANGED_BY = "admin";

    private TrainingContract() {
    }

    /**
     * Train {@code type} on at most {@code usersLimit} users over the latest {@code cutoffs} usable monthly cut-offs
     * (0: the type's default), each with at least {@code minHistoryMonths} of data before it (null: the configured
     * default), then promote to {@code promote} (null: stay None). Validated when built, so a bad request never
     * reaches the training thread.
     */
    public record Train(PredictionType type, Stage promote, int usersLimit, int cutoffs, Integer minHistoryMonths, String changedBy) {

        public static final WireFormat<Train> FORMAT = WireFormat.of(Train.class, Train::toJson, Train::fromJson);

        public Train {
            if (type == null) {
                throw ServiceFailure.invalid(PREDICTION_TYPE, "required");
            }
            changedBy = changedBy == null ? DEFAULT_CHANGED_BY : changedBy;
            options(promote, usersLimit, cutoffs, minHistoryMonths, changedBy);
        }

        /** The run's options; the contact-timing subsample keeps its default, which the contract does not expose. */
        public TrainingOptions options() {
            return options(promote, usersLimit, cutoffs, minHistoryMonths, changedBy);
        }

        private static TrainingOptions options(Stage promote, int usersLimit, int cutoffs, Integer minHistoryMonths, String changedBy) {
            return TrainingOptions.defaults().withUsersLimit(usersLimit).withCutoffs(cutoffs).withMinHistoryMonths(minHistoryMonths)
                    .withPromote(promote).withCreatedBy(changedBy);
        }

        public JsonObject toJson() {
            return new JsonObject().put(PREDICTION_TYPE, type.name()).put(PROMOTE, promote == null ? null : promote.display())
                    .put(USERS_LIMIT, usersLimit).put(CUTOFFS, cutoffs).put(MIN_HISTORY_MONTHS, minHistoryMonths).put(CHANGED_BY, changedBy);
        }

        /**
         * {@code {"prediction_type", "promote"?: "Staging" | "Production", "users_limit"?, "cutoffs"?, "min_history_months"?,
         * "changed_by"?}}.
         */
        public static Train fromJson(JsonObject json) {
            PredictionType type;
            try {
                type = PredictionType.parse(json.getValue(PREDICTION_TYPE) instanceof String text ? text : null);
            } catch (IllegalArgumentException e) {
                // PredictionType's message already starts with the field.
                throw new ServiceFailure(FailureCode.INVALID_REQUEST, PREDICTION_TYPE, e.getMessage());
            }
            Object promote = json.getValue(PROMOTE);
            if (promote != null && !(promote instanceof String)) {
                throw ServiceFailure.invalid(PROMOTE, "must be \"Staging\" or \"Production\"");
            }
            String changedBy = JsonFields.optionalString(json, CHANGED_BY);
            return new Train(type, TrainingOptions.parsePromote((String) promote), JsonFields.optionalInt(json, USERS_LIMIT, Integer.MAX_VALUE),
                    JsonFields.optionalInt(json, CUTOFFS, 0),
                    json.getValue(MIN_HISTORY_MONTHS) == null ? null : JsonFields.optionalInt(json, MIN_HISTORY_MONTHS, 0), changedBy);
        }
    }

    /**
     * What a run registered: the model name, version and stage it ended in, what it predicts, the headline
     * evaluation ({@code {"metric", "value", "baseline", "oracle", "gap"}}), every test metric, the dataset's
     * row count and the training time.
     */
    public record TrainingReport(String modelName, int version, Stage stage, PredictionType type, JsonObject evaluation,
                                 JsonObject metrics, int rows, double trainSeconds) {

        public static final WireFormat<TrainingReport> FORMAT =
                WireFormat.of(TrainingReport.class, TrainingReport::toJson, TrainingReport::fromJson);

        /** {@code {"model_name", "version", "stage", "prediction_type", "evaluation", "metrics", "rows", "train_s"}}. */
        public JsonObject toJson() {
            return new JsonObject().put("model_name", modelName).put("version", version).put("stage", stage.display())
                    .put(PREDICTION_TYPE, type.name()).put("evaluation", evaluation).put("metrics", metrics)
                    .put("rows", rows).put("train_s", trainSeconds);
        }

        public static TrainingReport fromJson(JsonObject json) {
            return new TrainingReport(json.getString("model_name"), json.getInteger("version"), Stage.parse(json.getString("stage")),
                    PredictionType.valueOf(json.getString(PREDICTION_TYPE)), json.getJsonObject("evaluation"),
                    json.getJsonObject("metrics"), json.getInteger("rows"), json.getDouble("train_s"));
        }
    }

}
