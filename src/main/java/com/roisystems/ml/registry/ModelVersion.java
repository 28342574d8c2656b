package com.roisystems.ml.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One registered version of a model: what it predicts, how it did, how it was made, and where it is
 * in its lifecycle. The artifact bytes are not part of it; {@link ModelRegistry#load} returns them.
 */
public record ModelVersion(long modelId, String name, int version, String predictionType, String modelType,
                           String algorithm, Stage stage, JsonObject metrics, JsonObject parameters, JsonObject tags,
                           List<String> featureNames, JsonObject provenance, int formatVersion, String artifactSha256,
                           int artifactBytes, OffsetDateTime createdAt, OffsetDateTime deployedAt) {

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
}
