package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * The pipeline's management contract on the event bus; the HTTP admin routes build these requests and
 * forward them. A run is replied as a {@link RunRecord}. Every failure is a {@link ServiceFailure}; a 400
 * names its field, and its message starts with it: {@code "as_of: must be a date like 2025-06-01, got 'x'"}.
 *
 * <ul>
 *   <li>{@link #TRIGGER}: starts a run in the background and replies it QUEUED. 400 {@code as_of} malformed
 *   or in the future; 409 a run for that date is already queued or running.</li>
 *   <li>{@link #BACKFILL}: queues one run per date of the range, all or none, executed oldest first in the
 *   background. 400 {@code from}/{@code to} missing or malformed, {@code to} in the future, {@code from}
 *   after {@code to}, or ({@code to}) a range longer than {@code pipeline.maxBackfillDays}; 409 a date of the
 *   range already has an active run (nothing is queued).</li>
 *   <li>{@link #STATUS}: one run with its tasks, or the latest runs. 400 {@code run_id} not a run number,
 *   {@code limit} outside 1..1000; 404 no such run.</li>
 *   <li>{@link #CANCEL}: cancels a queued or running run. 400 {@code run_id}; 404 no such run; 409 the run
 *   has already finished.</li>
 *   <li>{@link #RESUME}: resumes a FAILED or INTERRUPTED run in the background, skipping the tasks that
 *   succeeded. 400 {@code run_id}; 404 no such run; 409 the run is in another status.</li>
 *   <li>{@link #BASELINE}: accepts a run's feature distribution as the baseline of later runs' PSI gate
 *   ({@code {"run_id", "accepted_by"}}, replied {@code {"run_id", "accepted_by", "accepted_at"}}). 400 {@code run_id}
 *   not a run number, {@code accepted_by} missing; 404 no such run; 409 the run has not SUCCEEDED or profiled fewer
 *   than {@code pipeline.gates.minBaselineUsers} users (the message says which).</li>
 * </ul>
 * Any of them: 409 when PostgreSQL refuses a write as a conflict; 503 when the database cannot be
 * reached or the pipeline does not answer within {@link #TIMEOUT_MS}; 500 for a bug (logged).
 *
 * <p>{@code Bus.request(vertx, PipelineContract.TRIGGER, new TriggerRun(LocalDate.parse("2025-06-01"))).map(RunRecord::runId)}
 */
public final class PipelineContract {

    /** How callers know the pipeline in failures: "the feature pipeline did not answer in time". */
    public static final String SERVICE = "the feature pipeline";
    /** Every operation only writes a row or two and replies; the run itself goes on in the background. */
    public static final long TIMEOUT_MS = 30_000;

    public static final Endpoint<TriggerRun, RunRecord> TRIGGER =
            Endpoint.of("admin.pipeline.trigger", SERVICE, TIMEOUT_MS, TriggerRun.FORMAT, RunRecord.FORMAT);
    public static final Endpoint<Backfill, RunList> BACKFILL =
            Endpoint.of("admin.pipeline.backfill", SERVICE, TIMEOUT_MS, Backfill.FORMAT, RunList.FORMAT);
    public static final Endpoint<StatusQuery, StatusReply> STATUS =
            Endpoint.of("admin.pipeline.status", SERVICE, TIMEOUT_MS, StatusQuery.FORMAT, StatusReply.FORMAT);
    public static final Endpoint<RunRef, RunRecord> CANCEL =
            Endpoint.of("admin.pipeline.cancel", SERVICE, TIMEOUT_MS, RunRef.FORMAT, RunRecord.FORMAT);
    public static final Endpoint<RunRef, RunRecord> RESUME =
            Endpoint.of("admin.pipeline.resume", SERVICE, TIMEOUT_MS, RunRef.FORMAT, RunRecord.FORMAT);

    public static final Endpoint<AcceptBaseline, BaselineAccepted> BASELINE =
            Endpoint.of("admin.pipeline.baseline", SERVICE, TIMEOUT_MS, AcceptBaseline.FORMAT, BaselineAccepted.FORMAT);

    static final String AS_OF = "as_of";
    static final String ACCEPTED_BY = "accepted_by";
    static final String ACCEPTED_AT = "accepted_at";
    static final String FROM = "from";
    static final String TO = "to";
    static final String RUN_ID = "run_id";
    static final String LIMIT = "limit";
    static final String RUNS = "runs";

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1_000;

    private PipelineContract() {
    }

    /**
     * Run the pipeline as of one date. Whether the date is in the future is checked by the runner, which
     * knows "today" at the moment the run is created.
     *
     * <p>{@code TriggerRun.fromJson(new JsonObject().put("as_of", "2025-06-01"))}
     */
    public record TriggerRun(LocalDate asOf) {

        public static final WireFormat<TriggerRun> FORMAT = WireFormat.of(TriggerRun.class, TriggerRun::toJson, TriggerRun::fromJson);

        public TriggerRun {
            Objects.requireNonNull(asOf, AS_OF);
        }

        public JsonObject toJson() {
            return new JsonObject().put(AS_OF, asOf.toString());
        }

        /** {@code {"as_of"?}}; without {@code as_of} the run is for today (UTC). */
        public static TriggerRun fromJson(JsonObject json) {
            return new TriggerRun(date(json, AS_OF, LocalDate.now(ZoneOffset.UTC)));
        }
    }

    /**
     * Run every date of {@code [from, to]}. The range is checked by the runner (its maximum length is
     * configuration), so every entry point refuses the same ranges.
     *
     * <p>{@code new Backfill(LocalDate.parse("2025-05-01"), LocalDate.parse("2025-05-07"))}
     */
    public record Backfill(LocalDate from, LocalDate to) {

        public static final WireFormat<Backfill> FORMAT = WireFormat.of(Backfill.class, Backfill::toJson, Backfill::fromJson);

        public Backfill {
            Objects.requireNonNull(from, FROM);
            Objects.requireNonNull(to, TO);
        }

        public JsonObject toJson() {
            return new JsonObject().put(FROM, from.toString()).put(TO, to.toString());
        }

        /** {@code {"from", "to"}}, both required. */
        public static Backfill fromJson(JsonObject json) {
            return new Backfill(date(json, FROM, null), date(json, TO, null));
        }
    }

    /**
     * One run by id, or (without one) the latest {@code limit} runs.
     *
     * <p>{@code StatusQuery.latest("50")} or {@code StatusQuery.of(new RunRef(42))}
     */
    public record StatusQuery(Long runId, int limit) {

        public static final WireFormat<StatusQuery> FORMAT = WireFormat.of(StatusQuery.class, StatusQuery::toJson, StatusQuery::fromJson);

        public static StatusQuery of(RunRef run) {
            return new StatusQuery(run.runId(), DEFAULT_LIMIT);
        }

        /** The latest runs; {@code limit} as given by a client (a query parameter), null for the default. */
        public static StatusQuery latest(Object limit) {
            return new StatusQuery(null, parseLimit(limit));
        }

        public JsonObject toJson() {
            JsonObject json = new JsonObject().put(LIMIT, limit);
            if (runId != null) {
                json.put(RUN_ID, runId);
            }
            return json;
        }

        /** {@code {"run_id"?, "limit"?}}: with {@code run_id} one run, else the latest {@code limit} (default 20). */
        public static StatusQuery fromJson(JsonObject json) {
            Object runId = json.getValue(RUN_ID);
            return new StatusQuery(runId == null ? null : parseRunId(runId), parseLimit(json.getValue(LIMIT)));
        }
    }

    /**
     * A run named by its id, to cancel or resume (or read).
     *
     * <p>{@code RunRef.parse(context.pathParam("id"))}
     */
    public record RunRef(long runId) {

        public static final WireFormat<RunRef> FORMAT = WireFormat.of(RunRef.class, RunRef::toJson, RunRef::fromJson);

        /** The id as a client wrote it (a path segment, a JSON number or string); 400 naming {@code run_id} otherwise. */
        public static RunRef parse(Object value) {
            return new RunRef(parseRunId(value));
        }

        public JsonObject toJson() {
            return new JsonObject().put(RUN_ID, runId);
        }

        /** {@code {"run_id"}}, a number or a numeric string. */
        public static RunRef fromJson(JsonObject json) {
            return parse(json.getValue(RUN_ID));
        }
    }

    /**
     * Accept run {@code runId}'s distribution as the PSI baseline, on behalf of {@code acceptedBy} (the HTTP route
     * takes it from the caller's verified token, never from the body).
     *
     * <p>{@code AcceptBaseline.of(HttpReplies.optionalJsonObject(context), Caller.of(context).subject())}
     */
    public record AcceptBaseline(long runId, String acceptedBy) {

        public static final WireFormat<AcceptBaseline> FORMAT = WireFormat.of(AcceptBaseline.class, AcceptBaseline::toJson, AcceptBaseline::fromJson);

        public AcceptBaseline {
            if (acceptedBy == null || acceptedBy.isBlank()) {
                throw ServiceFailure.invalid(ACCEPTED_BY, "required: who accepts the baseline");
            }
        }

        /** A client's body {@code {"run_id"}}, accepted by {@code acceptedBy}; any {@code accepted_by} in the body is ignored. */
        public static AcceptBaseline of(JsonObject body, String acceptedBy) {
            return new AcceptBaseline(parseRunId(body.getValue(RUN_ID)), acceptedBy);
        }

        public JsonObject toJson() {
            return new JsonObject().put(RUN_ID, runId).put(ACCEPTED_BY, acceptedBy);
        }

        /** {@code {"run_id", "accepted_by"}}, both required. */
        public static AcceptBaseline fromJson(JsonObject json) {
            return new AcceptBaseline(parseRunId(json.getValue(RUN_ID)), json.getString(ACCEPTED_BY));
        }
    }

    /**
     * The reply to {@link #BASELINE}: which run's distribution later runs compare with, who accepted it and when.
     *
     * <p>{@code new BaselineAccepted(42, "ops@example.com", Instant.now()).toJson()}
     */
    public record BaselineAccepted(long runId, String acceptedBy, Instant acceptedAt) {

        public static final WireFormat<BaselineAccepted> FORMAT = WireFormat.of(BaselineAccepted.class, BaselineAccepted::toJson, BaselineAccepted::fromJson);

        public BaselineAccepted {
            Objects.requireNonNull(acceptedBy, ACCEPTED_BY);
            Objects.requireNonNull(acceptedAt, ACCEPTED_AT);
        }

        public JsonObject toJson() {
            return new JsonObject().put(RUN_ID, runId).put(ACCEPTED_BY, acceptedBy).put(ACCEPTED_AT, acceptedAt.toString());
        }

        public static BaselineAccepted fromJson(JsonObject json) {
            return new BaselineAccepted(json.getLong(RUN_ID), json.getString(ACCEPTED_BY), Instant.parse(json.getString(ACCEPTED_AT)));
        }
    }

    /**
     * Runs, latest first (a status listing) or oldest first (the runs a backfill queued).
     *
     * <p>{@code new RunList(runner.list(20))}
     */
    public record RunList(List<RunRecord> runs) {

        public static final WireFormat<RunList> FORMAT = WireFormat.of(RunList.class, RunList::toJson, RunList::fromJson);

        public RunList {
            runs = List.copyOf(runs);
        }

        public JsonObject toJson() {
            return new JsonObject().put(RUNS, new JsonArray(runs.stream().map(RunRecord::toJson).toList()));
        }

        public static RunList fromJson(JsonObject json) {
            return new RunList(json.getJsonArray(RUNS).stream().map(run -> RunRecord.fromJson((JsonObject) run)).toList());
        }
    }

    /**
     * The reply to {@link #STATUS}: one run with its tasks when a run id was asked for, else a list. Its
     * JSON is the run itself or {@code {"runs": [...]}}, so clients read it as they always have.
     *
     * <p>{@code StatusReply.of(run).toJson()}
     */
    public record StatusReply(RunRecord run, RunList latest) {

        public static final WireFormat<StatusReply> FORMAT = WireFormat.of(StatusReply.class, StatusReply::toJson, StatusReply::fromJson);

        public StatusReply {
            if ((run == null) == (latest == null)) {
                throw new IllegalArgumentException("a status reply is one run or a list of runs");
            }
        }

        public static StatusReply of(RunRecord run) {
            return new StatusReply(run, null);
        }

        public static StatusReply of(List<RunRecord> runs) {
            return new StatusReply(null, new RunList(runs));
        }

        public JsonObject toJson() {
            return run != null ? run.toJson() : latest.toJson();
        }

        public static StatusReply fromJson(JsonObject json) {
            return json.containsKey(RUNS) ? new StatusReply(null, RunList.fromJson(json)) : of(RunRecord.fromJson(json));
        }
    }

    /** {@code field} as a date, or {@code fallback} when absent (null: required); 400 naming the field otherwise. */
    private static LocalDate date(JsonObject json, String field, LocalDate fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            if (fallback == null) {
                throw ServiceFailure.invalid(field, "required, a date like 2025-06-01");
            }
            return fallback;
        }
        try {
            return LocalDate.parse(value.toString().trim());
        } catch (DateTimeParseException e) {
            throw ServiceFailure.invalid(field, "must be a date like 2025-06-01, got '" + value + "'");
        }
    }

    private static long parseRunId(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && text.matches("\\d{1,18}")) {
            return Long.parseLong(text);
        }
        throw ServiceFailure.invalid(RUN_ID, "must be a run number, got " + (value == null ? "nothing" : "'" + value + "'"));
    }

    private static int parseLimit(Object value) {
        int limit = value instanceof Number number ? number.intValue()
                : value instanceof String text && text.matches("\\d{1,4}") ? Integer.parseInt(text) : value == null ? DEFAULT_LIMIT : -1;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ServiceFailure.invalid(LIMIT, "must be between 1 and " + MAX_LIMIT + ", got '" + value + "'");
        }
        return limit;
    }
}
