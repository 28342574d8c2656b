package com.roisystems.ml.pipeline;

import io.vertx.core.Future;

/**
 * Observes the tasks of runs: the command line prints a progress line per task, and tests inject
 * failures or delays before an attempt (a failed future fails that attempt, as a real failure would).
 *
 * <p>{@code PipelineListener failOnce = (run, task, attempt) -> attempt == 1 ? Future.failedFuture("boom") : Future.succeededFuture();}
 */
@FunctionalInterface
public interface PipelineListener {

    PipelineListener NONE = (runId, task, attempt) -> Future.succeededFuture();

    /** Called before each attempt of a task. */
    Future<Void> beforeAttempt(long runId, PipelineTask task, int attempt);

    /** Called when a task ends: SUCCEEDED, SKIPPED (already done by an earlier attempt of the run) or FAILED. */
    default void taskEnded(long runId, PipelineTask task, String status, long rows, long millis, String error) {
    }
}
