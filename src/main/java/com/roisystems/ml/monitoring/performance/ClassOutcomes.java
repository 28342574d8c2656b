package com.roisystems.ml.monitoring.performance;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Realised performance of a class prediction (TRANSACTION_TYPE) from a confusion matrix: accuracy, and macro-F1 over
 * the classes that were predicted or happened (as {@code training.Metrics.macro} and scikit-learn's
 * {@code f1_score(average="macro")}; a class with no true positive scores 0).
 *
 * <p>{@code new ClassOutcomes().add("BUY", "SELL", 3).accuracy()}
 */
public final class ClassOutcomes {

    private final Map<String, Map<String, Long>> confusion = new HashMap<>();
    private long total;
    private long correct;

    public ClassOutcomes add(String predicted, String actual, long count) {
        if (predicted == null || actual == null) {
            throw new IllegalArgumentException("predicted and actual classes are required, got " + predicted + " / " + actual);
        }
        confusion.computeIfAbsent(predicted, p -> new HashMap<>()).merge(actual, count, Long::sum);
        total += count;
        correct += predicted.equals(actual) ? count : 0;
        return this;
    }

    public long labelled() {
        return total;
    }

    /** Empty without outcomes. */
    public OptionalDouble accuracy() {
        return total == 0 ? OptionalDouble.empty() : OptionalDouble.of(correct / (double) total);
    }

    /** Empty without outcomes. */
    public OptionalDouble macroF1() {
        if (total == 0) {
            return OptionalDouble.empty();
        }
        TreeSet<String> classes = new TreeSet<>(confusion.keySet());
        confusion.values().forEach(row -> classes.addAll(row.keySet()));
        double sum = 0;
        for (String c : classes) {
            long truePositives = cell(c, c);
            long predictedAs = confusion.getOrDefault(c, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            long actuallyC = confusion.values().stream().mapToLong(row -> row.getOrDefault(c, 0L)).sum();
            long falsePositives = predictedAs - truePositives;
            long falseNegatives = actuallyC - truePositives;
            sum += 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
        }
        return OptionalDouble.of(sum / classes.size());
    }

    private long cell(String predicted, String actual) {
        return confusion.getOrDefault(predicted, Map.of()).getOrDefault(actual, 0L);
    }
}
