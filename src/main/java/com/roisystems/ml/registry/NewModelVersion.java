package com.roisystems.ml.registry;

import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a trainer hands the registry: the serialized model, its format version, what it predicts, its
 * evaluation metrics, hyper-parameters, tags, the ordered feature names it expects, and provenance
 * (training window, row counts, library and Java versions, dataset). The registry adds the version
 * number and the checksum. A malformed name, an empty artifact or no feature names fail at once with a
 * 400 naming the field: a trainer bug, caught before anything is written.
 *
 * <p>{@code registry.register(new NewModelVersion(type.modelName(), type.name(), type.modelType(), "GradientTreeBoost", bytes, 1, metrics, hp.toJson(), tags, features, provenance, "cli"))}
 */
public record NewModelVersion(String name, String predictionType, String modelType, String algorithm,
                              byte[] artifact, int formatVersion, JsonObject metrics, JsonObject parameters,
                              JsonObject tags, List<String> featureNames, JsonObject provenance, String createdBy) {

    public NewModelVersion {
        if (name == null || !name.matches("[a-z][a-z0-9_]{2,63}")) {
            throw ServiceFailure.invalid("name", "must be 3-64 lower-case letters, digits or underscores, got '" + name + "'");
        }
        if (artifact == null || artifact.length == 0) {
            throw ServiceFailure.invalid("artifact", "the serialized model is empty");
        }
        if (featureNames == null || featureNames.isEmpty()) {
            throw ServiceFailure.invalid("feature_names", "a model must name the features it expects");
        }
    }
}
