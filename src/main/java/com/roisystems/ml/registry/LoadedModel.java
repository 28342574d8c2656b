package com.roisystems.ml.registry;

/** A model version with its artifact bytes, checksum and format already verified. */
public record LoadedModel(ModelVersion version, byte[] artifact) {
}
