package com.roisystems.ml.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's meters: {@code roi_pipeline_run_duration} (by status), {@code roi_pipeline_task_duration}
 * (by task and status), {@code roi_pipeline_rows_written}, {@code roi_pipeline_gate_results} (by gate
 * and result) and {@code roi_pipeline_last_success_timestamp_seconds}, the gauge a staleness alert
 * watches (now - value > 26 h: the daily run did not succeed).
 *
 * <p>{@code PipelineMetrics metrics = PipelineMetrics.create(); metrics.lastSuccess(Instant.now().getEpochSecond());}
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final AtomicLong lastSuccessSeconds = new AtomicLong();

    private PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("roi_pipeline_last_success_timestamp_seconds", lastSuccessSeconds, AtomicLong::get)
                .description("When the last pipeline run succeeded (epoch seconds); 0 before the first")
                .register(registry);
    }

    /** On the Vert.x Micrometer backend when there is one (scraped at /metrics), else a private registry. */
    public static PipelineMetrics create() {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        return new PipelineMetrics(registry != null ? registry : new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void run(RunStatus status, Duration duration) {
        Timer.builder("roi_pipeline_run_duration").tag("status", status.name()).register(registry).record(duration);
    }

    void task(PipelineTask task, String status, long millis) {
        Timer.builder("roi_pipeline_task_duration").tag("task", task.taskName()).tag("status", status)
                .register(registry).record(Duration.ofMillis(millis));
    }

    void rowsWritten(long rows) {
        Counter.builder("roi_pipeline_rows_written").description("Feature vectors written to ml_feature_values")
                .register(registry).increment(rows);
    }

    void gates(JsonArray gates) {
        gates.forEach(item -> {
            JsonObject gate = (JsonObject) item;
            Counter.builder("roi_pipeline_gate_results").tag("gate", gate.getString("gate"))
                    .tag("result", gate.getBoolean("passed") ? "passed" : "failed").register(registry).increment();
        });
    }

    void lastSuccess(long epochSeconds) {
        lastSuccessSeconds.accumulateAndGet(epochSeconds, Math::max);
    }

    public long lastSuccessSeconds() {
        return lastSuccessSeconds.get();
    }
}
