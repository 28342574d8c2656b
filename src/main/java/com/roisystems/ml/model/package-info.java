/**
 * The shared model: what training writes and scoring reads. {@link com.roisystems.ml.model.PredictionType} (the
 * four predictions with their URL slug and registry model name), {@link com.roisystems.ml.model.ModelArtifact}
 * (the versioned artifact format: magic, format version, metadata, the serialized Smile model; an unknown version
 * is refused), {@link com.roisystems.ml.model.IsotonicCalibration}, {@link com.roisystems.ml.model.ContactSlots}
 * (the 168 week slots of CONTACT_TIMING) and {@link com.roisystems.ml.model.SmileModels} (the Smile reference
 * application). No event-bus contract.
 *
 * <p>Layer: shared model, between the capabilities and the bottom. Uses no project package (Smile and Vert.x JSON
 * only) and may use only the bottom; used by training, scoring, api, cli and bench.
 */
package com.roisystems.ml.model;
