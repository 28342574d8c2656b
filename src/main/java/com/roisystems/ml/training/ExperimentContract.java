package com.roisystems.ml.training;

import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The experiment tracker's event-bus contract, served by {@link TrainingVerticle} over {@link ExperimentStore}.
 * {@link #LIST} ({@code admin.experiments.list}) answers the runs newest first, optionally of one model and one status;
 * {@link #GET} ({@code admin.experiments.get}) one run; {@link #COMPARE} ({@code admin.experiments.compare}) two runs'
 * parameters and metrics side by side ({@link ExperimentComparison}).
 *
 * <p>Failures:
 * <ul>
 *   <li>400 {@code invalid_request} naming the field, raised while the request is read: {@code status} not RUNNING,
 *       FINISHED or FAILED ("status: must be RUNNING, FINISHED or FAILED, got 'DONE'"); {@code limit} not a whole number
 *       from 1 to {@value #MAX_LIMIT}; {@code run_id}, {@code a} or {@code b} missing or blank ("a: required").</li>
 *   <li>404 {@code not_found}: no run with that id ("no experiment run run_1f2e"); for COMPARE, either run.</li>
 *   <li>503 {@code service_unavailable}: the tracker did not answer within {@link #TIMEOUT_MS}, or PostgreSQL cannot be reached.</li>
 * </ul>
 *
 * <p>{@code Bus.request(vertx, ExperimentContract.LIST, ListExperiments.of("move_probability_model", null, "20"))}
 */
public final class ExperimentContract {

    public static final String SERVICE = "experiment tracking";
    public static final long TIMEOUT_MS = 10_000;
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1_000;

    static final String MODEL = "model";
    static final String STATUS = "status";
    static final String LIMIT = "limit";
    static final String RUN_ID = "run_id";

    public static final Endpoint<ListExperiments, ExperimentList> LIST =
            Endpoint.of("admin.experiments.list", SERVICE, TIMEOUT_MS, ListExperiments.FORMAT, ExperimentList.FORMAT);
    public static final Endpoint<GetExperiment, Experiment> GET =
            Endpoint.of("admin.experiments.get", SERVICE, TIMEOUT_MS, GetExperiment.FORMAT, Experiment.FORMAT);
    public static final Endpoint<CompareExperiments, ExperimentComparison> COMPARE =
            Endpoint.of("admin.experiments.compare", SERVICE, TIMEOUT_MS, CompareExperiments.FORMAT, ExperimentComparison.FORMAT);

    private ExperimentContract() {
    }

    /** Runs of {@code model} (null: every model) in {@code status} (null: any), newest first, at most {@code limit}. */
    public record ListExperiments(String model, Experiment.Status status, int limit) {

        public static final WireFormat<ListExperiments> FORMAT = WireFormat.of(ListExperiments.class, ListExperiments::toJson,
                ListExperiments::fromJson);

        public ListExperiments {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ServiceFailure.invalid(LIMIT, "must be from 1 to " + MAX_LIMIT + ", got " + limit);
            }
            model = model == null || model.isBlank() ? null : model.trim();
        }

        /** From query parameters as text (any may be null): {@code ?model=&status=&limit=}. */
        public static ListExperiments of(String model, String status, String limit) {
            int parsedLimit = DEFAULT_LIMIT;
            if (limit != null) {
                try {
                    parsedLimit = Integer.parseInt(limit.trim());
                } catch (NumberFormatException e) {
                    throw ServiceFailure.invalid(LIMIT, "must be a whole number from 1 to " + MAX_LIMIT + ", got '" + limit + "'");
                }
            }
            return new ListExperiments(model, status == null || status.isBlank() ? null : Experiment.Status.parse(STATUS, status), parsedLimit);
        }

        public JsonObject toJson() {
            return new JsonObject().put(MODEL, model).put(STATUS, status == null ? null : status.name()).put(LIMIT, limit);
        }

        public static ListExperiments fromJson(JsonObject json) {
            return of(json.getString(MODEL), json.getString(STATUS), String.valueOf(json.getInteger(LIMIT, DEFAULT_LIMIT)));
        }
    }

    /** One run by id. */
    public record GetExperiment(String runId) {

        public static final WireFormat<GetExperiment> FORMAT = WireFormat.of(GetExperiment.class, GetExperiment::toJson, GetExperiment::fromJson);

        public GetExperiment {
            runId = required(RUN_ID, runId);
        }

        public JsonObject toJson() {
            return new JsonObject().put(RUN_ID, runId);
        }

        public static GetExperiment fromJson(JsonObject json) {
            return new GetExperiment(json.getString(RUN_ID));
        }
    }

    /** Two runs to compare: {@code a} is the baseline, differences are {@code b - a}. */
    public record CompareExperiments(String a, String b) {

        public static final WireFormat<CompareExperiments> FORMAT = WireFormat.of(CompareExperiments.class, CompareExperiments::toJson,
                CompareExperiments::fromJson);

        public CompareExperiments {
            a = required("a", a);
            b = required("b", b);
        }

        public JsonObject toJson() {
            return new JsonObject().put("a", a).put("b", b);
        }

        public static CompareExperiments fromJson(JsonObject json) {
            return new CompareExperiments(json.getString("a"), json.getString("b"));
        }
    }

    /** {@code {"experiments": [run, ...], "count"}}, newest first. */
    public record ExperimentList(List<Experiment> experiments) {

        public static final WireFormat<ExperimentList> FORMAT = WireFormat.of(ExperimentList.class, ExperimentList::toJson, ExperimentList::fromJson);

        public ExperimentList {
            experiments = List.copyOf(experiments);
        }

        public JsonObject toJson() {
            return new JsonObject().put("experiments", new JsonArray(experiments.stream().map(Experiment::toJson).toList()))
                    .put("count", experiments.size());
        }

        public static ExperimentList fromJson(JsonObject json) {
            return new ExperimentList(json.getJsonArray("experiments").stream().map(item -> Experiment.fromJson((JsonObject) item)).toList());
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ServiceFailure.invalid(field, "required");
        }
        return value.trim();
    }
}
