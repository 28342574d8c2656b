package com.roisystems.ml.monitoring.performance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One window's {@code ml_monitoring.performance} document from its grouped outcome rows ({@link OutcomeQueries}):
 * {@code as_of}, {@code horizon_days}, {@code predictions}; {@code realised} when any prediction is labelled (else
 * {@code realised_unavailable} says why); {@code estimated} (CBPE) where the scores are calibrated probabilities
 * (MOVE_PROBABILITY: AUC and Brier; TRANSACTION_TYPE: accuracy as the mean confidence of the predicted class); and
 * {@code reference} from training. A value that cannot be computed is left out with a reason
 * ({@code auc_unavailable}), never filled in. TRANSACTION_TYPE reports accuracy and macro-F1 instead of AUC (the log
 * keeps the predicted class's probability only); CONTACT_TIMING's hit rate is of the one logged slot ({@code k} = 1).
 *
 * <p>{@code WindowPerformance.moveProbability(WindowPerformance.base(asOf, 90, 852), rows, 10)}
 */
final class WindowPerformance {

    /** Where each prediction's outcome stands: fed back, read from the activity, none by the horizon's end, or waiting. */
    private static final class Tally {
        long feedback;
        long activity;
        long none;
        long unlabelled;

        void add(String source, long count) {
            if (source == null) {
                unlabelled += count;
            } else {
                switch (source) {
                    case "feedback" -> feedback += count;
                    case "activity" -> activity += count;
                    default -> none += count;
                }
            }
        }

        long labelled() {
            return feedback + activity;
        }

        JsonObject realised() {
            return new JsonObject().put("labelled", labelled()).put("unlabelled", unlabelled);
        }

        JsonObject sources() {
            return new JsonObject().put("feedback", feedback).put("activity", activity);
        }

        String noLabels(int horizonDays) {
            return "no labelled prediction yet: " + unlabelled + " waiting for an outcome within " + horizonDays + " days"
                    + (none > 0 ? ", " + none + " without one by the horizon's end" : "");
        }
    }

    static JsonObject base(Instant asOf, int horizonDays, long predictions) {
        return new JsonObject().put("as_of", asOf.toString()).put("horizon_days", horizonDays).put("predictions", predictions);
    }

    static JsonObject moveProbability(JsonObject document, Iterable<Row> rows, int calibrationBins) {
        BinaryOutcomes realised = new BinaryOutcomes();
        ConfidenceBasedEstimate estimate = new ConfidenceBasedEstimate();
        Tally tally = new Tally();
        for (Row row : rows) {
            double score = row.getDouble("score");
            long count = row.getLong("predictions");
            Boolean outcome = row.getBoolean("outcome");
            estimate.add(score, count);
            tally.add(row.getString("source"), count);
            if (outcome != null) {
                realised.add(score, outcome, count);
            }
        }
        if (realised.labelled() > 0) {
            JsonObject block = tally.realised().put("positives", realised.positives());
            putOrExplain(block, "auc", realised.auc(), realised.positives() == 0
                    ? "no positive among " + realised.labelled() + " labelled predictions"
                    : "no negative among " + realised.labelled() + " labelled predictions");
            JsonArray calibration = new JsonArray();
            realised.calibration(calibrationBins).forEach(bin -> calibration.add(new JsonObject().put("lower", bin.lower())
                    .put("upper", bin.upper()).put("count", bin.count()).put("mean_predicted", bin.meanPredicted())
                    .put("observed_rate", bin.observedRate())));
            document.put("realised", block.put("brier", realised.brier()).put("log_loss", realised.logLoss())
                    .put("log_loss_epsilon", BinaryOutcomes.LOG_LOSS_EPSILON).put("calibration", calibration)
                    .put("sources", tally.sources()));
        } else {
            document.put("realised_unavailable", tally.noLabels(document.getInteger("horizon_days")));
        }
        if (estimate.rows() > 0) {
            JsonObject estimated = new JsonObject().put("method", "CBPE").put("rows", estimate.rows());
            putOrExplain(estimated, "auc", estimate.auc(), "the scores expect no positive or no negative");
            document.put("estimated", estimated.put("brier", estimate.brier()));
        }
        return document;
    }

    static JsonObject transactionType(JsonObject document, Iterable<Row> rows) {
        ClassOutcomes realised = new ClassOutcomes();
        Tally tally = new Tally();
        double confidenceSum = 0;
        long confidences = 0;
        for (Row row : rows) {
            long count = row.getLong("predictions");
            String outcome = row.getString("outcome");
            String source = row.getString("source");
            tally.add(source, count);
            if (outcome != null && source != null) {
                realised.add(row.getString("predicted_class"), outcome, count);
            }
            confidenceSum += row.getDouble("confidence_sum") == null ? 0 : row.getDouble("confidence_sum");
            confidences += row.getLong("confidences");
        }
        if (realised.labelled() > 0) {
            document.put("realised", tally.realised().put("no_outcome", tally.none)
                    .put("accuracy", realised.accuracy().getAsDouble()).put("macro_f1", realised.macroF1().getAsDouble())
                    .put("sources", tally.sources()));
        } else {
            document.put("realised_unavailable", tally.noLabels(document.getInteger("horizon_days")));
        }
        if (confidences > 0) {
            // CBPE for accuracy: a prediction whose class has probability q is right q of the time.
            document.put("estimated", new JsonObject().put("method", "CBPE").put("rows", confidences)
                    .put("accuracy", confidenceSum / confidences));
        }
        return document;
    }

    static JsonObject propertyValue(JsonObject document, Iterable<Row> rows) {
        ValueErrors errors = new ValueErrors();
        Tally tally = new Tally();
        for (Row row : rows) {
            String source = row.getString("source");
            long count = row.getLong("predictions");
            tally.add(source, count);
            if ("feedback".equals(source) || "activity".equals(source)) {
                errors.addSums(count, row.getDouble("squared_errors"), row.getLong("non_zero_actuals"), row.getDouble("relative_errors"));
            }
        }
        if (errors.labelled() > 0) {
            JsonObject block = tally.realised().put("no_outcome", tally.none).put("rmse", errors.rmse().getAsDouble());
            putOrExplain(block, "mape", errors.mape(), "every actual value is zero");
            document.put("realised", block.put("zero_actuals_skipped_in_mape", errors.zeroActuals()).put("sources", tally.sources()));
        } else {
            document.put("realised_unavailable", tally.noLabels(document.getInteger("horizon_days")));
        }
        return document;
    }

    static JsonObject contactTiming(JsonObject document, Iterable<Row> rows) {
        long hits = 0;
        long labelled = 0;
        Tally tally = new Tally();
        for (Row row : rows) {
            long count = row.getLong("predictions");
            Boolean outcome = row.getBoolean("outcome");
            tally.add(row.getString("source"), count);
            if (outcome != null) {
                labelled += count;
                hits += outcome ? count : 0;
            }
        }
        if (labelled > 0) {
            document.put("realised", tally.realised().put("no_outcome", tally.none).put("hits", hits)
                    .put("top_k_hit_rate", hits / (double) labelled).put("k", 1).put("sources", tally.sources()));
        } else {
            document.put("realised_unavailable", tally.noLabels(document.getInteger("horizon_days")));
        }
        return document;
    }

    private static void putOrExplain(JsonObject block, String key, OptionalDouble value, String reason) {
        if (value.isPresent()) {
            block.put(key, value.getAsDouble());
        } else {
            block.put(key + "_unavailable", reason);
        }
    }

    private WindowPerformance() {
    }
}
