package com.roisystems.ml.monitoring.performance;

import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A window's {@code ml_monitoring.performance} (re)written by {@link PerformanceJob}, published on {@link #TOPIC} after
 * the update: the first computation after the window closed, and each later one while outcomes arrive (at most
 * {@code maxWindowsPerRun} per run). What the admin console redraws a model's performance chart on.
 *
 * <p>{@code Bus.subscribe(vertx, WindowPerformanceWritten.TOPIC, written -> redraw(written.modelName()));}
 */
public record WindowPerformanceWritten(String modelName, int modelVersion, Instant periodStart, Instant periodEnd) {

    public static final WireFormat<WindowPerformanceWritten> FORMAT = WireFormat.of(WindowPerformanceWritten.class,
            WindowPerformanceWritten::toJson, WindowPerformanceWritten::fromJson);
    public static final Topic<WindowPerformanceWritten> TOPIC = Topic.of("monitoring.performance.written", FORMAT);

    public JsonObject toJson() {
        return new JsonObject().put("model_name", modelName).put("model_version", modelVersion)
                .put("period_start", periodStart.toString()).put("period_end", periodEnd.toString());
    }

    public static WindowPerformanceWritten fromJson(JsonObject json) {
        return new WindowPerformanceWritten(json.getString("model_name"), json.getInteger("model_version"),
                Instant.parse(json.getString("period_start")), Instant.parse(json.getString("period_end")));
    }
}
