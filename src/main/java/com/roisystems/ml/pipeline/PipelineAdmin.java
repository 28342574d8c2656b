package com.roisystems.ml.pipeline;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The pipeline's management contract on the event bus (the HTTP admin routes forward to it). Requests
 * and replies are JSON; a run is {@link RunRecord#toJson()}.
 *
 * <ul>
 *   <li>{@link #TRIGGER} {@code {"as_of"?: "2025-06-01"}} (default today, UTC) → the queued run</li>
 *   <li>{@link #BACKFILL} {@code {"from", "to"}} → {@code {"runs": [...]}} queued, executed oldest first</li>
 *   <li>{@link #STATUS} {@code {"run_id"?}} → one run with its tasks, or {@code {"runs": [...]}} (latest first, {@code "limit"?})</li>
 *   <li>{@link #CANCEL} {@code {"run_id"}} → the cancelled run</li>
 *   <li>{@link #RESUME} {@code {"run_id"}} → the resumed run (its SUCCEEDED tasks are skipped)</li>
 * </ul>
 *
 * <p>Failures ({@link com.roisystems.ml.api.ServiceFailures}): 400 malformed or future date, reversed or too long
 * range, malformed run id (the message starts with the field); 404 unknown run; 409 a run for that date
 * already queued or running, cancelling a finished run, resuming a run that is not FAILED or INTERRUPTED,
 * a run executing on another instance; 503 database unavailable.
 *
 * <p>{@code vertx.eventBus().request(PipelineAdmin.TRIGGER, new JsonObject().put("as_of", "2025-06-01"))}
 */
public final class PipelineAdmin {

    public static final String TRIGGER = "admin.pipeline.trigger";
    public static final String BACKFILL = "admin.pipeline.backfill";
    public static final String STATUS = "admin.pipeline.status";
    public static final String CANCEL = "admin.pipeline.cancel";
    public static final String RESUME = "admin.pipeline.resume";

    public static final String AS_OF = "as_of";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String RUN_ID = "run_id";
    public static final String LIMIT = "limit";

    private PipelineAdmin() {
    }

    /** {@code field} as a date, or {@code fallback} when absent; 400 naming the field when malformed. */
    public static LocalDate date(JsonObject request, String field, LocalDate fallback) {
        Object value = request.getValue(field);
        if (value == null) {
            if (fallback == null) {
                throw PipelineException.badRequest(field + ": required, a date like 2025-06-01");
            }
            return fallback;
        }
        try {
            return LocalDate.parse(value.toString().trim());
        } catch (DateTimeParseException e) {
            throw PipelineException.badRequest(field + ": must be a date like 2025-06-01, got '" + value + "'");
        }
    }

    /** The run id, as a number or numeric string; 400 otherwise. */
    public static long runId(JsonObject request) {
        Object value = request.getValue(RUN_ID);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && text.matches("\\d{1,18}")) {
            return Long.parseLong(text);
        }
        throw PipelineException.badRequest(RUN_ID + ": must be a run number, got " + (value == null ? "nothing" : "'" + value + "'"));
    }

    public static int limit(JsonObject request) {
        Object value = request.getValue(LIMIT);
        int limit = value instanceof Number number ? number.intValue()
                : value instanceof String text && text.matches("\\d{1,4}") ? Integer.parseInt(text) : value == null ? 20 : -1;
        if (limit < 1 || limit > 1_000) {
            throw PipelineException.badRequest(LIMIT + ": must be between 1 and 1000, got '" + value + "'");
        }
        return limit;
    }
}
