package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One run as recorded in {@code pipeline_runs}, with its tasks when loaded for status. The JSON form is
 * what the admin operations reply; a task's profile (internal, it feeds validation) is left out of it,
 * so a run read back from JSON between cluster nodes has its counts but not its profiles.
 *
 * <p>{@code RunRecord run = runs.get(id); run.status() == RunStatus.SUCCEEDED}
 */
public record RunRecord(long runId, LocalDate asOf, RunStatus status, String trigger, String instance, OffsetDateTime createdAt,
                        OffsetDateTime startedAt, OffsetDateTime finishedAt, Integer users, Long rowsWritten, JsonArray gates,
                        String error, List<TaskRecord> tasks) {

    public static final WireFormat<RunRecord> FORMAT = WireFormat.of(RunRecord.class, RunRecord::toJson, RunRecord::fromJson);

    /** One task of a run as recorded in {@code pipeline_task_runs}. */
    public record TaskRecord(String task, String status, int attempts, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                             Long rowCount, JsonObject details, String error) {

        static TaskRecord from(Row row) {
            Object details = row.getValue("details");
            return new TaskRecord(row.getString("task"), row.getString("status"), row.getInteger("attempts"),
                    row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"), row.getLong("row_count"),
                    details instanceof JsonObject json ? json : null, row.getString("error"));
        }

        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("task", task).put("status", status).put("attempts", attempts)
                    .put("started_at", text(startedAt)).put("finished_at", text(finishedAt)).put("rows", rowCount).put("error", error);
            if (startedAt != null && finishedAt != null) {
                json.put("duration_ms", Duration.between(startedAt, finishedAt).toMillis());
            }
            if (details != null) {
                // Profiles are internal (they feed validation); admins get the counts.
                JsonObject shown = details.copy();
                shown.remove("profile");
                json.put("details", shown);
            }
            return json;
        }

        public static TaskRecord fromJson(JsonObject json) {
            return new TaskRecord(json.getString("task"), json.getString("status"), json.getInteger("attempts"),
                    time(json.getString("started_at")), time(json.getString("finished_at")), json.getLong("rows"),
                    json.getJsonObject("details"), json.getString("error"));
        }
    }

    static RunRecord from(Row row) {
        Object gates = row.getValue("gates");
        return new RunRecord(row.getLong("run_id"), row.getLocalDate("as_of"), RunStatus.valueOf(row.getString("status")),
                row.getString("trigger"), row.getString("instance"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"), row.getInteger("users"),
                row.getLong("rows_written"), gates instanceof JsonArray array ? array : null, row.getString("error"), List.of());
    }

    public RunRecord withTasks(List<TaskRecord> list) {
        return new RunRecord(runId, asOf, status, trigger, instance, createdAt, startedAt, finishedAt, users, rowsWritten, gates, error, list);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("run_id", runId).put("as_of", asOf.toString()).put("status", status.name())
                .put("trigger", trigger).put("instance", instance).put("created_at", text(createdAt)).put("started_at", text(startedAt))
                .put("finished_at", text(finishedAt)).put("users", users).put("rows_written", rowsWritten).put("gates", gates)
                .put("error", error);
        if (!tasks.isEmpty()) {
            json.put("tasks", new JsonArray(tasks.stream().map(TaskRecord::toJson).toList()));
        }
        return json;
    }

    public static RunRecord fromJson(JsonObject json) {
        JsonArray tasks = json.getJsonArray("tasks", new JsonArray());
        return new RunRecord(json.getLong("run_id"), LocalDate.parse(json.getString("as_of")), RunStatus.valueOf(json.getString("status")),
                json.getString("trigger"), json.getString("instance"), time(json.getString("created_at")),
                time(json.getString("started_at")), time(json.getString("finished_at")), json.getInteger("users"),
                json.getLong("rows_written"), json.getJsonArray("gates"), json.getString("error"),
                tasks.stream().map(task -> TaskRecord.fromJson((JsonObject) task)).toList());
    }

    private static OffsetDateTime time(String text) {
        return text == null ? null : OffsetDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC);
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
