package com.roisystems.ml.model;

import io.vertx.core.json.JsonObject;

/**
 * The scale a model's answer is given and logged in, written once for the scorer (which answers in it) and for
 * training (whose monitoring reference records the same values, so prediction drift compares like with like):
 * probabilities rounded to 6 decimals, the move band from the version's thresholds, the most probable class.
 *
 * <p>{@code new Answer(AnswerScale.round(p), AnswerScale.moveBand(p, thresholds), ...)}
 */
public final class AnswerScale {

    private AnswerScale() {
    }

    /** A probability or rate as answered: 6 decimals. */
    public static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    /** HIGH, MEDIUM or LOW by the version's {@code thresholds} (defaults 0.5 and 0.2). */
    public static String moveBand(double probability, JsonObject thresholds) {
        return probability >= thresholds.getDouble("HIGH", 0.5) ? "HIGH" : probability >= thresholds.getDouble("MEDIUM", 0.2) ? "MEDIUM" : "LOW";
    }

    /** The index of the most probable class; the first of equals. */
    public static int mostProbable(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }
}
