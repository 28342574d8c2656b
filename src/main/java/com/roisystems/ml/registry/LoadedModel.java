package com.roisystems.ml.registry;

/**
 * A model version with its artifact bytes, checksum and format already verified.
 *
 * <p>{@code registry.load("move_probability_model", "Production").map(loaded -> ModelArtifact.read(loaded.artifact()))}
 */
public record LoadedModel(ModelVersion version, byte[] artifact) {
}
