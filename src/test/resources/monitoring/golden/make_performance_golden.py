"""Golden values for PerformanceMetricsTest, computed independently with numpy and SciPy (scikit-learn is not
installed here; each metric is written out from its definition).

Run from this directory: python3 make_performance_golden.py  (writes performance_golden.json; seeded, reproducible).
- AUC: SciPy's Mann-Whitney U of positives over negatives (ties count one half) / (n1 * n0).
- Brier: mean (p - y)^2.  Log-loss: mean -[y log p + (1 - y) log(1 - p)], p clipped to [1e-15, 1 - 1e-15].
- Calibration: 10 equal-width bins, bin = min(9, floor(10 p)); empty bins left out.
- CBPE (NannyML's confidence-based estimation): thresholds at the distinct scores from the highest down; expected
  TP = cumulative sum of p, expected FP = cumulative sum of 1 - p; ROC from (0, 0) through those points; area by
  numpy's trapezoid. Expected Brier = mean p (1 - p).
- RMSE; MAPE over non-zero actuals only, as a fraction.
- Accuracy; macro-F1 over the union of true and predicted classes, F1 = 2 TP / (2 TP + FP + FN).
"""
import json

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261126)
EPS = 1e-15


def binary_case(name, scores, labels):
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=int)
    pos, neg = scores[labels == 1], scores[labels == 0]
    u = stats.mannwhitneyu(pos, neg, alternative="two-sided", method="asymptotic").statistic
    clipped = np.clip(scores, EPS, 1 - EPS)
    bins = []
    index = np.minimum(9, np.floor(scores * 10).astype(int))
    for b in range(10):
        mask = index == b
        if mask.any():
            bins.append({"lower": b / 10, "upper": (b + 1) / 10, "count": int(mask.sum()),
                         "mean_predicted": float(scores[mask].mean()), "observed_rate": float(labels[mask].mean())})
    return {"name": name, "scores": scores.tolist(), "labels": labels.tolist(),
            "auc": float(u / (len(pos) * len(neg))),
            "brier": float(np.mean((scores - labels) ** 2)),
            "log_loss": float(-np.mean(labels * np.log(clipped) + (1 - labels) * np.log(1 - clipped))),
            "calibration": bins,
            "cbpe_auc": cbpe_auc(scores), "cbpe_brier": float(np.mean(scores * (1 - scores)))}


def cbpe_auc(scores):
    thresholds = np.unique(scores)[::-1]
    tp = np.array([scores[scores >= t].sum() for t in thresholds])
    fp = np.array([(1 - scores[scores >= t]).sum() for t in thresholds])
    tpr = np.concatenate([[0.0], tp / scores.sum()])
    fpr = np.concatenate([[0.0], fp / (1 - scores).sum()])
    return float(np.trapezoid(tpr, fpr))


def regression_case(name, predicted, actual):
    predicted, actual = np.asarray(predicted, float), np.asarray(actual, float)
    nonzero = actual != 0
    return {"name": name, "predicted": predicted.tolist(), "actual": actual.tolist(),
            "rmse": float(np.sqrt(np.mean((predicted - actual) ** 2))),
            "mape": float(np.mean(np.abs(predicted[nonzero] - actual[nonzero]) / np.abs(actual[nonzero]))),
            "zero_actuals": int((~nonzero).sum())}


def class_case(name, predicted, actual):
    predicted, actual = np.asarray(predicted), np.asarray(actual)
    f1 = []
    for c in sorted(set(predicted) | set(actual)):
        tp = np.sum((predicted == c) & (actual == c))
        fp = np.sum((predicted == c) & (actual != c))
        fn = np.sum((predicted != c) & (actual == c))
        f1.append(2 * tp / (2 * tp + fp + fn))
    return {"name": name, "predicted": predicted.tolist(), "actual": actual.tolist(),
            "accuracy": float(np.mean(predicted == actual)), "macro_f1": float(np.mean(f1))}


# Many ties: scores on a 0.05 grid.
p = np.round(rng.uniform(0, 1, 600) * 20) / 20
ties = binary_case("ties", p, rng.uniform(size=600) < p)
# Scores at the scorer's 4-decimal resolution, with certain 0 and 1 scores (log-loss clipping) and a skewed base rate.
p = np.round(rng.beta(0.6, 4, 2000), 4)
p[:5] = 0.0
p[5:10] = 1.0
labels = rng.uniform(size=2000) < p
labels[:2] = True  # a positive scored 0: log-loss clipped at 1e-15
skewed = binary_case("skewed", p, labels)

actual = np.round(rng.lognormal(12.5, 0.4, 300), 2)
actual[:4] = 0.0
value = regression_case("values", np.round(actual * rng.lognormal(0, 0.1, 300) + rng.normal(0, 5000, 300), 2), actual)

types = np.array(["BUY", "SELL", "REFINANCE", "INVESTMENT"])
truth = rng.choice(types, 500, p=[0.4, 0.3, 0.2, 0.1])
guess = np.where(rng.uniform(size=500) < 0.6, truth, rng.choice(types[:3], 500))
classes = class_case("types", guess, truth)

with open("performance_golden.json", "w") as out:
    json.dump({"numpy": np.__version__, "scipy": scipy.__version__, "binary": [ties, skewed],
               "regression": [value], "classes": [classes]}, out)
