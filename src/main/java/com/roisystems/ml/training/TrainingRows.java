package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.model.PredictionType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Turns dataset rows into Smile's arrays and guards what a model needs: enough labelled rows and more
 * than one class. A training split larger than the cap is subsampled with a fixed seed.
 */
final class TrainingRows {

    static final int MIN_TRAINING_ROWS = 100;
    static final int MIN_EVALUATION_ROWS = 20;

    private TrainingRows() {
    }

    static List<TrainingDataset.Row> capped(List<TrainingDataset.Row> rows, int max, long seed) {
        if (rows.size() <= max) {
            return rows;
        }
        List<TrainingDataset.Row> copy = new ArrayList<>(rows);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, max);
    }

    static void require(PredictionType type, TrainingDataset dataset, List<TrainingDataset.Row> train, boolean classification) {
        if (train.size() < MIN_TRAINING_ROWS) {
            throw ServiceFailure.conflict(type + ": too few labelled rows to train: " + train.size()
                    + " in the training split, need at least " + MIN_TRAINING_ROWS);
        }
        for (TrainingDataset.Split split : List.of(TrainingDataset.Split.VALIDATION, TrainingDataset.Split.TEST)) {
            if (dataset.count(split) < MIN_EVALUATION_ROWS) {
                throw ServiceFailure.conflict(type + ": too few labelled rows in the " + split.name().toLowerCase()
                        + " split: " + dataset.count(split) + ", need at least " + MIN_EVALUATION_ROWS);
            }
        }
        if (classification && train.stream().mapToDouble(TrainingDataset.Row::label).distinct().count() < 2) {
            throw ServiceFailure.conflict(type + ": the training split has a single class (label "
                    + (int) train.get(0).label() + " in all " + train.size() + " rows); a classifier needs at least two");
        }
    }

    static double[][] x(List<TrainingDataset.Row> rows) {
        return rows.stream().map(TrainingDataset.Row::features).toArray(double[][]::new);
    }

    static int[] classes(List<TrainingDataset.Row> rows) {
        return rows.stream().mapToInt(row -> (int) row.label()).toArray();
    }

    static double[] targets(List<TrainingDataset.Row> rows) {
        return rows.stream().mapToDouble(TrainingDataset.Row::label).toArray();
    }
}
