package com.roisystems.ml.pipeline;

import io.vertx.core.Vertx;

/**
 * What every run of one pipeline instance uses, wired once by {@link PipelineRunner#create}.
 *
 * <p>{@code services.runs().get(runId)}
 */
record PipelineServices(Vertx vertx, String instance, PipelineOptions options, PipelineRuns runs, FeatureTasks data,
                        ProfileTasks profiles, PipelineBaselines baselines, PipelineMetrics metrics, Alerts alerts, PipelineListener listener) {
}
