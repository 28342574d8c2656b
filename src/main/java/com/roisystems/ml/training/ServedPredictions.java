package com.roisystems.ml.training;

import com.roisystems.ml.model.AnswerScale;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.IsotonicCalibration;
import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the scorer would log for a training row, in its scale ({@code ml_predictions.predicted_value} and
 * {@code predicted_class}, as {@code scoring.ServingModel} answers and {@code monitoring.ServingWindows} profiles them):
 * MOVE_PROBABILITY the calibrated probability rounded to 6 decimals and its HIGH / MEDIUM / LOW band; TRANSACTION_TYPE
 * the best class's probability (6 decimals) and its label; PROPERTY_VALUE today's value in whole dollars, no class;
 * CONTACT_TIMING the best of the person's 168 slots: its probability (6 decimals) and its readable slot. Rounding, band
 * and best class are {@link AnswerScale}'s, the scorer's own; scored by the same compiled ensemble the scorer uses, so the values are the scorer's bit for bit; {@code ServedPredictionsTest}
 * holds the two side by side.
 *
 * <p>{@code ServedPredictions.Served s = served.of(row.features());}
 */
final class ServedPredictions {

    /** One logged answer: either part may be null, as in the log. */
    record Served(Double value, String predictedClass) {
    }

    private final PredictionType type;
    private final CompiledEnsemble ensemble;
    private final IsotonicCalibration calibration;
    private final JsonObject thresholds;
    private final JsonArray classLabels;

    ServedPredictions(ModelArtifact artifact, CompiledEnsemble ensemble) {
        this.type = artifact.predictionType();
        this.ensemble = ensemble;
        JsonObject metadata = artifact.metadata();
        this.calibration = metadata.getJsonObject("calibration") == null ? null : IsotonicCalibration.fromJson(metadata.getJsonObject("calibration"));
        this.thresholds = metadata.getJsonObject("thresholds", new JsonObject());
        this.classLabels = metadata.getJsonArray("class_labels", new JsonArray());
    }

    /** A single-row answer (every type but CONTACT_TIMING, whose answer needs the person's 168 slot rows: {@link #ofSlots}). */
    Served of(double[] features) {
        return switch (type) {
            case MOVE_PROBABILITY -> {
                double raw = ensemble.predictProba(features)[1];
                double p = calibration == null ? raw : calibration.apply(raw);
                yield new Served(AnswerScale.round(p), AnswerScale.moveBand(p, thresholds));
            }
            case TRANSACTION_TYPE -> {
                double[] probabilities = ensemble.predictProba(features);
                int best = AnswerScale.mostProbable(probabilities);
                yield new Served(AnswerScale.round(probabilities[best]), classLabels.getString(best));
            }
            case PROPERTY_VALUE -> new Served((double) Math.round(Math.exp(ensemble.predictValue(features))), null);
            case CONTACT_TIMING -> throw new IllegalArgumentException("CONTACT_TIMING is answered over a person's 168 slot rows");
        };
    }

    /** CONTACT_TIMING: the best slot of one person at one cut-off; {@code rows} are that person's slot rows, any order. */
    Served ofSlots(List<TrainingDataset.Row> rows) {
        double[][] byIndex = new double[rows.size()][];
        int[] slots = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            byIndex[i] = rows.get(i).features();
            slots[i] = rows.get(i).slot();
        }
        double[][] probabilities = ensemble.predictProbaBatch(byIndex);
        int best = -1;
        for (int i = 0; i < rows.size(); i++) {
            // The scorer sorts slots by probability, ties kept in slot order: the lowest slot of the highest probability.
            if (best < 0 || probabilities[i][1] > probabilities[best][1]
                    || (probabilities[i][1] == probabilities[best][1] && slots[i] < slots[best])) {
                best = i;
            }
        }
        return new Served(AnswerScale.round(probabilities[best][1]), ContactSlots.describe(slots[best]));
    }
}
