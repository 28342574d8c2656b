package com.roisystems.ml.training;

import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.monitoring.profile.ReferenceProfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A new version's monitoring reference: the profile of the rows it was trained on, in the form the scorer logs its
 * inputs ({@code ml_predictions.features_used}): the feature-store features only (a contact-timing row's week-slot
 * encoding is not a store feature, and one row per person and cut-off stands for its 168 slots), a
 * {@link TrainingDataset#MISSING} value as missing; and, given the version's {@link ServedPredictions}, what the scorer
 * would have answered for each of those rows in the scale it logs ({@code predicted_value}, {@code predicted_class}), so
 * the prediction-drift test compares like with like. A contact-timing row's answer is the best of its person's slot rows
 * at that cut-off, as the scorer ranks them.
 *
 * <p>{@code Profile reference = TrainingReference.of(dataset, hp, served);}
 */
final class TrainingReference {

    /** Enough rows for the sketches' error (k = 400) to be far below sampling noise; more only costs time. */
    static final int MAX_ROWS = 100_000;

    private TrainingReference() {
    }

    /** {@code served} null: features only, no prediction distribution. */
    static Profile of(TrainingDataset dataset, HyperParameters hp, ServedPredictions served) {
        List<String> names = dataset.featureNames().stream().filter(name -> !ContactSlots.FEATURES.contains(name)).toList();
        List<TrainingDataset.Row> train = dataset.rows(TrainingDataset.Split.TRAIN);
        boolean contact = dataset.type() == PredictionType.CONTACT_TIMING;
        Map<String, List<TrainingDataset.Row>> slotsOfPerson = contact && served != null ? slotsOfPerson(train) : Map.of();
        List<TrainingDataset.Row> trained = train.stream().filter(row -> row.slot() <= 0).toList();
        Profile profile = Profile.empty(ReferenceProfile.SKETCH_K);
        for (TrainingDataset.Row row : TrainingRows.capped(trained, MAX_ROWS, hp.seed())) {
            double[] values = new double[names.size()];
            for (int i = 0; i < values.length; i++) {
                double value = row.features()[i];
                values[i] = value == TrainingDataset.MISSING ? Double.NaN : value;
            }
            ServedPredictions.Served answer = served == null ? new ServedPredictions.Served(null, null)
                    : contact ? served.ofSlots(slotsOfPerson.get(personAt(row))) : served.of(row.features());
            profile.record(names, values, answer.value(), answer.predictedClass());
        }
        return profile;
    }

    private static Map<String, List<TrainingDataset.Row>> slotsOfPerson(List<TrainingDataset.Row> rows) {
        Map<String, List<TrainingDataset.Row>> byPerson = new HashMap<>();
        rows.forEach(row -> byPerson.computeIfAbsent(personAt(row), k -> new ArrayList<>()).add(row));
        return byPerson;
    }

    private static String personAt(TrainingDataset.Row row) {
        return row.entityId() + "@" + row.cutoff();
    }
}
