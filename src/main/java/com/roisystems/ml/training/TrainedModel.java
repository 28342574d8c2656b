package com.roisystems.ml.training;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonObject;

/**
 * A trainer's output: the artifact, the test-split metrics (with the oracle's value and the gap under
 * {@code evaluation}), the hyper-parameters and the trainer's name, ready for the registry.
 *
 * @param evaluation {@code {"metric", "value", "baseline", "oracle", "gap"}}: the headline comparison
 */
public record TrainedModel(PredictionType type, String trainer, ModelArtifact artifact, JsonObject metrics,
                           JsonObject evaluation, HyperParameters hyperParameters, double trainSeconds) {
}
