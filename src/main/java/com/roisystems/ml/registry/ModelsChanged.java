package com.roisystems.ml.registry;

import com.roisystems.ml.bus.WireFormat;
import com.roisystems.ml.bus.Topic;
import io.vertx.core.json.JsonObject;

/**
 * Published on {@link #ADDRESS} after every committed stage change, so each scorer reloads the
 * Production model of that prediction type without a restart.
 *
 * <p>{@code Bus.subscribe(vertx, ModelsChanged.TOPIC, change -> reload(change));}
 */
public record ModelsChanged(String name, int version, String predictionType, String stage) {

    public static final String ADDRESS = "models.changed";
    public static final WireFormat<ModelsChanged> FORMAT =
            WireFormat.of(ModelsChanged.class, ModelsChanged::toJson, ModelsChanged::fromJson);
    public static final Topic<ModelsChanged> TOPIC = Topic.of(ADDRESS, FORMAT);

    public JsonObject toJson() {
        return new JsonObject().put("model_name", name).put("version", version)
                .put("prediction_type", predictionType).put("stage", stage);
    }

    public static ModelsChanged fromJson(JsonObject json) {
        return new ModelsChanged(json.getString("model_name"), json.getInteger("version"),
                json.getString("prediction_type"), json.getString("stage"));
    }
}
