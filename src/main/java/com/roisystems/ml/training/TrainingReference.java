package com.roisystems.ml.training;

import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.monitoring.profile.ReferenceProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A new version's monitoring reference: the profile of the rows it was trained on, in the form the scorer logs its
 * inputs ({@code ml_predictions.features_used}): the feature-store features only (a contact-timing row's week-slot
 * encoding is not a store feature, and one row per person and cut-off stands for its 168 slots), a
 * {@link TrainingDataset#MISSING} value as missing. Predictions are not profiled yet: the scorer logs each type's answer
 * on its own scale, so the prediction-drift test stays off until the reference records the same scale.
 *
 * <p>{@code Profile reference = TrainingReference.of(dataset, hp);}
 */
final class TrainingReference {

    /** Enough rows for the sketches' error (k = 400) to be far below sampling noise; more only costs time. */
    static final int MAX_ROWS = 100_000;

    private TrainingReference() {
    }

    static Profile of(TrainingDataset dataset, HyperParameters hp) {
        List<String> names = dataset.featureNames().stream().filter(name -> !ContactSlots.FEATURES.contains(name)).toList();
        List<TrainingDataset.Row> trained = dataset.rows(TrainingDataset.Split.TRAIN).stream()
                .filter(row -> row.slot() <= 0).toList();
        List<double[]> rows = new ArrayList<>();
        for (TrainingDataset.Row row : TrainingRows.capped(trained, MAX_ROWS, hp.seed())) {
            double[] values = new double[names.size()];
            for (int i = 0; i < values.length; i++) {
                double value = row.features()[i];
                values[i] = value == TrainingDataset.MISSING ? Double.NaN : value;
            }
            rows.add(values);
        }
        return ReferenceProfile.of(names, rows, null);
    }
}
