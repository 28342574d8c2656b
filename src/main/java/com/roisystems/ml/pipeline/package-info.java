/**
 * The daily feature pipeline (the original design's Airflow DAG): extract, compute per category, validate
 * ({@link com.roisystems.ml.pipeline.QualityGates}, whose shift gate compares with the baseline
 * {@link com.roisystems.ml.pipeline.PipelineBaselines} chooses), store, update statistics. Runs are recorded in PostgreSQL
 * ({@link com.roisystems.ml.pipeline.PipelineRuns}), retried, timed out, cancelled or resumed, and one instance
 * of a cluster runs a date under an advisory lock ({@link com.roisystems.ml.pipeline.RunExecution}).
 * {@link com.roisystems.ml.pipeline.PipelineRunner} is shared by the verticle, the command and the benchmark;
 * {@link com.roisystems.ml.pipeline.PipelineVerticle} fires runs on the cron schedule and serves
 * {@link com.roisystems.ml.pipeline.PipelineContract} ({@code admin.pipeline.trigger}, {@code .backfill},
 * {@code .status}, {@code .cancel}, {@code .resume}, {@code .baseline}). Failures are published on {@code alerts}
 * ({@link com.roisystems.ml.pipeline.PipelineAlert}), each task attempt and its end on {@code pipeline.progress}
 * ({@link com.roisystems.ml.pipeline.PipelineProgress}). On the same schedule the verticle applies the retention
 * ({@code privacy.RetentionJob}).
 *
 * <p>Layer: capabilities. Uses features (catalog, engine, online store), privacy (retention) and db; never the edge.
 */
package com.roisystems.ml.pipeline;
