package com.roisystems.ml.monitoring.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A categorical feature's (or predicted class's) counts per category. Categories are strings: a categorical
 * feature's numeric code is written as its decimal text ({@code "2"}), a predicted class as itself.
 *
 * <p>{@code CategoricalDistribution.ofCounts(Map.of("BUY", 40L, "SELL", 60L)).share("BUY") == 0.4}
 */
public record CategoricalDistribution(Map<String, Long> counts, long total) {

    public CategoricalDistribution {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public static CategoricalDistribution ofCounts(Map<String, Long> counts) {
        return new CategoricalDistribution(counts, counts.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Counts the non-null entries of a sample. */
    public static CategoricalDistribution ofSample(Iterable<String> sample) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String category : sample) {
            if (category != null) {
                counts.merge(category, 1L, Long::sum);
            }
        }
        return ofCounts(counts);
    }

    public long count(String category) {
        return counts.getOrDefault(category, 0L);
    }

    public double share(String category) {
        return total == 0 ? 0.0 : count(category) / (double) total;
    }

    /** Text of a categorical feature's code: whole codes without a decimal point ({@code 2.0 → "2"}). */
    public static String categoryOf(double code) {
        return code == Math.rint(code) && Math.abs(code) < 1e15 ? Long.toString((long) code) : Double.toString(code);
    }
}
