package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One step of a running pipeline run, published on {@link #TOPIC} as it happens: a task's attempt starting
 * ({@code RUNNING}) and ending ({@code SUCCEEDED}, {@code SKIPPED}, {@code FAILED} with its rows, duration and error),
 * the task named as the run's record names it ({@link PipelineTask#taskName()}: {@code compute_behavioral}).
 * What the admin console draws as a run's live progress.
 *
 * <p>{@code Bus.subscribe(vertx, PipelineProgress.TOPIC, step -> draw(step.runId(), step.task(), step.status()));}
 */
public record PipelineProgress(long runId, String task, String status, int attempt, long rows, long millis, String error, Instant at) {

    public static final String RUNNING = "RUNNING";
    public static final WireFormat<PipelineProgress> FORMAT = WireFormat.of(PipelineProgress.class, PipelineProgress::toJson, PipelineProgress::fromJson);
    public static final Topic<PipelineProgress> TOPIC = Topic.of("pipeline.progress", FORMAT);

    /** The listener the pipeline verticle runs with: every attempt and every task's end published. */
    static PipelineListener publisher(Vertx vertx) {
        return new PipelineListener() {
            @Override
            public Future<Void> beforeAttempt(long runId, PipelineTask task, int attempt) {
                Bus.publish(vertx, TOPIC, new PipelineProgress(runId, task.taskName(), RUNNING, attempt, 0, 0, null, Instant.now()));
                return Future.succeededFuture();
            }

            @Override
            public void taskEnded(long runId, PipelineTask task, String status, long rows, long millis, String error) {
                Bus.publish(vertx, TOPIC, new PipelineProgress(runId, task.taskName(), status, 0, rows, millis, error, Instant.now()));
            }
        };
    }

    public JsonObject toJson() {
        return new JsonObject().put("run_id", runId).put("task", task).put("status", status).put("attempt", attempt).put("rows", rows)
                .put("millis", millis).put("error", error).put("at", at.toString());
    }

    public static PipelineProgress fromJson(JsonObject json) {
        return new PipelineProgress(json.getLong("run_id"), json.getString("task"), json.getString("status"), json.getInteger("attempt", 0),
                json.getLong("rows", 0L), json.getLong("millis", 0L), json.getString("error"), Instant.parse(json.getString("at")));
    }
}
