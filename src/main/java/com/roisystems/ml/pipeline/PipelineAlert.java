package com.roisystems.ml.pipeline;

import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A pipeline failure worth a person's attention, published on {@link #TOPIC} (and POSTed to the
 * configured webhook) as {@link #toJson()}.
 *
 * <p>{@code Bus.subscribe(vertx, PipelineAlert.TOPIC, alert -> page(alert));}
 */
public record PipelineAlert(String source, long runId, LocalDate asOf, String status, String reason, Instant at) {

    public static final String ADDRESS = "alerts";
    public static final WireFormat<PipelineAlert> FORMAT = WireFormat.of(PipelineAlert.class, PipelineAlert::toJson, PipelineAlert::fromJson);
    public static final Topic<PipelineAlert> TOPIC = Topic.of(ADDRESS, FORMAT);
    public static final String SOURCE = "pipeline";

    public JsonObject toJson() {
        return new JsonObject().put("source", source).put("run_id", runId).put("as_of", asOf.toString()).put("status", status)
                .put("reason", reason).put("at", at.toString());
    }

    public static PipelineAlert fromJson(JsonObject json) {
        return new PipelineAlert(json.getString("source"), json.getLong("run_id"), LocalDate.parse(json.getString("as_of")),
                json.getString("status"), json.getString("reason"), Instant.parse(json.getString("at")));
    }
}
