package com.roisystems.ml.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Isotonic calibration (pool-adjacent-violators) of raw boosted-tree scores, fitted on validation rows so
 * the probabilities the service returns match observed frequencies. Stored in the artifact metadata as
 * breakpoints; applied by linear interpolation between them.
 *
 * <p>{@code IsotonicCalibration c = IsotonicCalibration.fit(rawScores, labels); double p = c.apply(raw);}
 */
public record IsotonicCalibration(double[] x, double[] y) {

    public static IsotonicCalibration fit(double[] score, int[] label) {
        Integer[] order = IntStream.range(0, score.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        List<double[]> blocks = new ArrayList<>(); // {sum score, sum label, weight}
        for (int i : order) {
            blocks.add(new double[]{score[i], label[i], 1});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] previous = blocks.get(blocks.size() - 2);
                if (previous[1] / previous[2] <= last[1] / last[2]) {
                    break;
                }
                previous[0] += last[0];
                previous[1] += last[1];
                previous[2] += last[2];
                blocks.remove(blocks.size() - 1);
            }
        }
        double[] x = new double[blocks.size()];
        double[] y = new double[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            x[b] = blocks.get(b)[0] / blocks.get(b)[2];
            y[b] = blocks.get(b)[1] / blocks.get(b)[2];
        }
        return new IsotonicCalibration(x, y);
    }

    public double apply(double score) {
        if (x.length == 0) {
            return score;
        }
        if (score <= x[0]) {
            return y[0];
        }
        if (score >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int hi = Arrays.binarySearch(x, score);
        if (hi >= 0) {
            return y[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double t = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    public JsonObject toJson() {
        return new JsonObject().put("method", "isotonic").put("x", array(x)).put("y", array(y));
    }

    public static IsotonicCalibration fromJson(JsonObject json) {
        return new IsotonicCalibration(doubles(json.getJsonArray("x")), doubles(json.getJsonArray("y")));
    }

    private static JsonArray array(double[] values) {
        JsonArray array = new JsonArray();
        Arrays.stream(values).forEach(array::add);
        return array;
    }

    private static double[] doubles(JsonArray array) {
        return array.stream().mapToDouble(value -> ((Number) value).doubleValue()).toArray();
    }
}
