package com.roisystems.ml.monitoring;

import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A window's drift written to {@code ml_monitoring} by {@link DriftWindowJob} (a serving window closed, or a day rolled
 * up), published on {@link #TOPIC} once its transaction has committed, so a reader that asks at once finds the row.
 * What the admin console redraws a model's drift chart on, instead of polling.
 *
 * <p>{@code Bus.subscribe(vertx, DriftWindowClosed.TOPIC, closed -> redraw(closed.modelName()));}
 */
public record DriftWindowClosed(String modelName, int modelVersion, Instant periodStart, Instant periodEnd) {

    public static final WireFormat<DriftWindowClosed> FORMAT = WireFormat.of(DriftWindowClosed.class, DriftWindowClosed::toJson,
            DriftWindowClosed::fromJson);
    public static final Topic<DriftWindowClosed> TOPIC = Topic.of("monitoring.drift.closed", FORMAT);

    public JsonObject toJson() {
        return new JsonObject().put("model_name", modelName).put("model_version", modelVersion)
                .put("period_start", periodStart.toString()).put("period_end", periodEnd.toString());
    }

    public static DriftWindowClosed fromJson(JsonObject json) {
        return new DriftWindowClosed(json.getString("model_name"), json.getInteger("model_version"),
                Instant.parse(json.getString("period_start")), Instant.parse(json.getString("period_end")));
    }
}
