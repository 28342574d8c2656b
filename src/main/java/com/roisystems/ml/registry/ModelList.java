package com.roisystems.ml.registry;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Every registered model name, once: what it predicts, its latest and Production versions and how many
 * versions it has. The reply of {@link RegistryContract#LIST}.
 *
 * <p>{@code registry.models().map(list -> list.models().size())}
 */
public record ModelList(List<Entry> models) {

    public static final WireFormat<ModelList> FORMAT = WireFormat.of(ModelList.class, ModelList::toJson, ModelList::fromJson);

    public ModelList {
        models = List.copyOf(models);
    }

    /** One model name; {@code productionVersion} is null while no version is in Production. */
    public record Entry(String name, String predictionType, int latestVersion, Integer productionVersion, long versions) {
    }

    /** {@code {"models": [{"model_name", "prediction_type", "latest_version", "production_version", "versions"}]}}. */
    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        for (Entry model : models) {
            // production_version is written even when null: clients read "no Production version" from it.
            array.add(new JsonObject()
                    .put("model_name", model.name())
                    .put("prediction_type", model.predictionType())
                    .put("latest_version", model.latestVersion())
                    .put("production_version", model.productionVersion())
                    .put("versions", model.versions()));
        }
        return new JsonObject().put("models", array);
    }

    public static ModelList fromJson(JsonObject json) {
        return new ModelList(json.getJsonArray("models").stream().map(JsonObject.class::cast)
                .map(model -> new Entry(model.getString("model_name"), model.getString("prediction_type"),
                        model.getInteger("latest_version"), model.getInteger("production_version"), model.getLong("versions")))
                .toList());
    }
}
