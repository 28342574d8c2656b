package com.roisystems.ml.training;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One training run as tracked in {@code ml_experiments}: what was asked ({@code parameters}: prediction type, hyper-parameters
 * and seed, cut-offs asked, minimum history, users limit, promotion), what it was trained on ({@code dataset}: cut-offs,
 * rows per split, label rate, feature layout hash, label events used and not used), what it scored ({@code metrics}, the
 * oracle gap under {@code evaluation}), the evaluation {@code artifacts} (reliability bins, confusion matrix, residual
 * quantiles, whichever the type has), who started it and how it ended: {@link Status#RUNNING}, {@link Status#FINISHED}
 * with the registered version ({@code modelId}, {@code modelVersion}) or {@link Status#FAILED} with the error.
 *
 * <p>{@code experiment.toJson().getString("status")}
 */
public record Experiment(String runId, String modelName, String predictionType, Status status, JsonObject parameters,
                         JsonObject dataset, JsonObject metrics, JsonObject artifacts, Long modelId, Integer modelVersion,
                         String startedBy, Instant startedAt, Instant finishedAt, Long durationMs, String error) {

    public static final WireFormat<Experiment> FORMAT = WireFormat.of(Experiment.class, Experiment::toJson, Experiment::fromJson);

    /** A run's state: RUNNING until it ends, then FINISHED or FAILED. */
    public enum Status {
        RUNNING, FINISHED, FAILED;

        /** Reads a status in any case; the message names the field {@code field}. */
        static Status parse(String field, String text) {
            try {
                return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw com.roisystems.ml.bus.ServiceFailure.invalid(field, "must be RUNNING, FINISHED or FAILED, got '" + text + "'");
            }
        }
    }

    /**
     * {@code {"run_id", "model_name", "prediction_type", "status", "parameters", "dataset", "metrics", "artifacts",
     * "model_id", "model_version", "started_by", "started_at", "finished_at", "duration_ms", "error"}}.
     */
    public JsonObject toJson() {
        return new JsonObject().put("run_id", runId).put("model_name", modelName).put("prediction_type", predictionType)
                .put("status", status.name()).put("parameters", parameters).put("dataset", dataset).put("metrics", metrics)
                .put("artifacts", artifacts).put("model_id", modelId).put("model_version", modelVersion).put("started_by", startedBy)
                .put("started_at", startedAt.toString()).put("finished_at", finishedAt == null ? null : finishedAt.toString())
                .put("duration_ms", durationMs).put("error", error);
    }

    public static Experiment fromJson(JsonObject json) {
        return new Experiment(json.getString("run_id"), json.getString("model_name"), json.getString("prediction_type"),
                Status.valueOf(json.getString("status")), json.getJsonObject("parameters"), json.getJsonObject("dataset"),
                json.getJsonObject("metrics"), json.getJsonObject("artifacts"), json.getLong("model_id"), json.getInteger("model_version"),
                json.getString("started_by"), Instant.parse(json.getString("started_at")),
                json.getString("finished_at") == null ? null : Instant.parse(json.getString("finished_at")),
                json.getLong("duration_ms"), json.getString("error"));
    }
}
