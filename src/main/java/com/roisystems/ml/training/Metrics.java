package com.roisystems.ml.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Evaluation on held-out rows: binary (accuracy, precision, recall, F1 at a threshold, AUC, log-loss,
 * Brier, ten reliability bins), multi-class (accuracy, macro precision/recall/F1, log-loss, one-vs-rest
 * AUC) and regression (MSE, RMSE, MAE, R²). Keys match the registry's metric columns.
 *
 * <p>{@code JsonObject m = Metrics.binary(labels, probabilities, 0.5);}
 */
public final class Metrics {

    private static final double EPS = 1e-15;

    private Metrics() {
    }

    public static JsonObject binary(int[] y, double[] p, double threshold) {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        double logLoss = 0, brier = 0;
        for (int i = 0; i < y.length; i++) {
            boolean predicted = p[i] >= threshold;
            if (predicted && y[i] == 1) tp++;
            else if (predicted) fp++;
            else if (y[i] == 1) fn++;
            else tn++;
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            logLoss -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
            brier += (p[i] - y[i]) * (p[i] - y[i]);
        }
        double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        return new JsonObject().put("rows", y.length).put("positive_rate", (tp + fn) / (double) y.length)
                .put("threshold", threshold).put("accuracy", (tp + tn) / (double) y.length)
                .put("precision", precision).put("recall", recall).put("f1", f1(precision, recall))
                .put("auc", auc(y, p)).put("log_loss", logLoss / y.length).put("brier", brier / y.length)
                .put("reliability", reliability(y, p, 10));
    }

    /** The threshold in a 0.01 grid that maximises F1 (chosen on validation rows, applied to test rows). */
    public static double bestF1Threshold(int[] y, double[] p) {
        double best = 0.5;
        double bestF1 = -1;
        for (double t = 0.01; t < 0.99; t += 0.01) {
            // Counts only: the full binary() would sort for the AUC at every one of the 98 thresholds.
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < y.length; i++) {
                boolean predicted = p[i] >= t;
                if (predicted && y[i] == 1) tp++;
                else if (predicted) fp++;
                else if (y[i] == 1) fn++;
            }
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f1 = f1(precision, recall);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = t;
            }
        }
        return Math.round(best * 100) / 100.0;
    }

    /** Rank-based AUC (Mann-Whitney), ties averaged; 0.5 when one class is absent. */
    public static double auc(int[] y, double[] score) {
        Integer[] order = IntStream.range(0, y.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]] == 1) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = y.length - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    static JsonArray reliability(int[] y, double[] p, int bins) {
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        int[] n = new int[bins];
        for (int i = 0; i < y.length; i++) {
            int bin = Math.min(bins - 1, (int) (p[i] * bins));
            sumP[bin] += p[i];
            sumY[bin] += y[i];
            n[bin]++;
        }
        JsonArray out = new JsonArray();
        for (int b = 0; b < bins; b++) {
            if (n[b] > 0) {
                out.add(new JsonObject().put("bin", b).put("rows", n[b]).put("mean_predicted", sumP[b] / n[b]).put("observed_rate", sumY[b] / n[b]));
            }
        }
        return out;
    }

    public static JsonObject multiclass(int[] y, int[] predicted, double[][] proba, int classes) {
        double logLoss = 0;
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            correct += y[i] == predicted[i] ? 1 : 0;
            if (proba != null) {
                logLoss -= Math.log(Math.max(EPS, proba[i][y[i]]));
            }
        }
        JsonObject metrics = macro(y, predicted, classes).put("rows", y.length).put("accuracy", correct / (double) y.length);
        if (proba != null) {
            double aucSum = 0;
            int present = 0;
            for (int c = 0; c < classes; c++) {
                int[] binary = new int[y.length];
                double[] score = new double[y.length];
                boolean any = false;
                for (int i = 0; i < y.length; i++) {
                    binary[i] = y[i] == c ? 1 : 0;
                    score[i] = proba[i][c];
                    any |= binary[i] == 1;
                }
                if (any) {
                    aucSum += auc(binary, score);
                    present++;
                }
            }
            metrics.put("auc", present == 0 ? 0.5 : aucSum / present).put("log_loss", logLoss / y.length);
        }
        return metrics;
    }

    /** Macro-averaged precision, recall and F1 over the classes present in {@code y} or predicted. */
    public static JsonObject macro(int[] y, int[] predicted, int classes) {
        double precision = 0, recall = 0, f1 = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < y.length; i++) {
                if (predicted[i] == c && y[i] == c) tp++;
                else if (predicted[i] == c) fp++;
                else if (y[i] == c) fn++;
            }
            if (tp + fp + fn == 0) {
                continue;
            }
            double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            precision += p;
            recall += r;
            f1 += f1(p, r);
            counted++;
        }
        return new JsonObject().put("precision", precision / counted).put("recall", recall / counted)
                .put("f1", f1 / counted).put("macro_f1", f1 / counted);
    }

    public static JsonObject regression(double[] y, double[] predicted) {
        double mean = Arrays.stream(y).average().orElse(0);
        double sse = 0, sae = 0, sst = 0;
        for (int i = 0; i < y.length; i++) {
            double e = y[i] - predicted[i];
            sse += e * e;
            sae += Math.abs(e);
            sst += (y[i] - mean) * (y[i] - mean);
        }
        double mse = sse / y.length;
        return new JsonObject().put("rows", y.length).put("mse", mse).put("rmse", Math.sqrt(mse))
                .put("mae", sae / y.length).put("r2", sst == 0 ? 0 : 1 - sse / sst);
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
