package com.roisystems.ml.registry;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One registered version of a model: what it predicts, how it did, how it was made, and where it is
 * in its lifecycle. The artifact bytes are not part of it; {@link ModelRegistry#load} returns them.
 * It is the reply of {@link RegistryContract#PROMOTE} and {@link RegistryContract#ARCHIVE}.
 *
 * <p>{@code registry.find("move_probability_model", "Production").map(ModelVersion::label)}
 */
public record ModelVersion(long modelId, String name, int version, String predictionType, String modelType,
                           String algorithm, Stage stage, JsonObject metrics, JsonObject parameters, JsonObject tags,
                           List<String> featureNames, JsonObject provenance, int formatVersion, String artifactSha256,
                           int artifactBytes, OffsetDateTime createdAt, OffsetDateTime deployedAt) {

    public static final WireFormat<ModelVersion> FORMAT = WireFormat.of(ModelVersion.class, ModelVersion::toJson, ModelVersion::fromJson);

    /** {@code v3}: the label the API shows as {@code model_version}. */
    public String label() {
        return "v" + version;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("model_id", modelId)
                .put("model_name", name)
                .put("version", version)
                .put("model_version", label())
                .put("prediction_type", predictionType)
                .put("model_type", modelType)
                .put("algorithm", algorithm)
                .put("stage", stage.display())
                .put("metrics", metrics)
                .put("parameters", parameters)
                .put("tags", tags)
                .put("feature_names", new JsonArray(featureNames))
                .put("provenance", provenance)
                .put("format_version", formatVersion)
                .put("artifact_sha256", artifactSha256)
                .put("artifact_bytes", artifactBytes)
                .put("created_at", createdAt == null ? null : createdAt.toString())
                .put("deployed_at", deployedAt == null ? null : deployedAt.toString());
    }

    /** Reads what {@link #toJson()} wrote: a reply, so it is trusted rather than validated. */
    public static ModelVersion fromJson(JsonObject json) {
        return new ModelVersion(json.getLong("model_id"), json.getString("model_name"), json.getInteger("version"),
                json.getString("prediction_type"), json.getString("model_type"), json.getString("algorithm"),
                Stage.parse(json.getString("stage")), json.getJsonObject("metrics"), json.getJsonObject("parameters"),
                json.getJsonObject("tags"), json.getJsonArray("feature_names").stream().map(String.class::cast).toList(),
                json.getJsonObject("provenance"), json.getInteger("format_version"), json.getString("artifact_sha256"),
                json.getInteger("artifact_bytes"), time(json.getString("created_at")), time(json.getString("deployed_at")));
    }

    private static OffsetDateTime time(String text) {
        return text == null ? null : OffsetDateTime.parse(text);
    }
}
