"""Golden values for DriftStatisticsTest, computed independently with numpy and SciPy.

Run from this directory: python3 make_golden.py  (writes golden.json; seeded, so the output is reproducible).
Versions used are recorded in the file. PSI has no SciPy implementation: it is computed here with numpy by the
binning DriftMetrics documents (B = min(bins, window rows // 20); cut points = the reference's inverted-CDF quantiles j/B, merged when equal; bins
(e[j-1], e[j]]; a zero share becomes 1e-4; bins empty on both sides are left out) and its p-value
from the scaled chi-squared that matches PSI's mean and variance to second order (DriftMetrics.psi says how).
"""
import json

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261125)
PSI_EMPTY_SHARE = 1e-4


def psi(reference, window, bins):
    bins = int(max(2, min(bins, len(window) // 20)))
    cuts = np.unique(np.quantile(reference, [j / bins for j in range(1, bins)], method="inverted_cdf"))
    ref_counts = np.bincount(np.searchsorted(cuts, reference, side="left"), minlength=len(cuts) + 1)
    win_counts = np.bincount(np.searchsorted(cuts, window, side="left"), minlength=len(cuts) + 1)
    q = ref_counts / len(reference)
    p = win_counts / len(window)
    keep = (q > 0) | (p > 0)
    filled = int(np.sum(q > 0))
    q = np.where(q > 0, q, PSI_EMPTY_SHARE)[keep]
    p = np.where(p > 0, p, PSI_EMPTY_SHARE)[keep]
    value = float(np.sum((p - q) * np.log(p / q)))
    dof = max(1, filled - 1)
    sizes = 1 / len(window) + 1 / len(reference)
    # The second-order moments of PSI under no change, matched by a scaled chi-squared (Satterthwaite).
    excess = (np.sum(1 / (ref_counts[ref_counts > 0] / len(reference))) - filled) * sizes
    mean = dof + excess / 2
    variance = 2 * dof + 4 * excess
    scale = sizes * variance / (2 * mean)
    nu = 2 * mean * mean / variance
    return value, dof, float(stats.chi2.sf(value / scale, nu)), float(scale * stats.chi2.ppf(0.99, nu))


def numeric_case(name, reference, window, bins=10):
    n, m = len(reference), len(window)
    ks = stats.ks_2samp(reference, window, method="asymp")
    en = n * m / (n + m)
    psi_value, dof, psi_p, psi_threshold = psi(reference, window, bins)
    q75, q25 = np.quantile(reference, [0.75, 0.25], method="inverted_cdf")
    return {
        "name": name, "reference": reference.tolist(), "window": window.tolist(), "bins": bins,
        "ks_statistic": float(ks.statistic),
        "ks_p_value_kolmogorov_limit": float(stats.kstwobign.sf(np.sqrt(en) * ks.statistic)),
        "ks_p_value_scipy_asymp": float(ks.pvalue),
        "wasserstein": float(stats.wasserstein_distance(reference, window)),
        "reference_iqr": float(q75 - q25),
        "reference_std": float(np.std(reference)),
        "psi": psi_value, "psi_dof": dof, "psi_p_value": psi_p, "psi_threshold_alpha_0_01": psi_threshold,
    }


def categorical_case(name, reference_counts, window_counts):
    categories = sorted(set(reference_counts) | set(window_counts))
    r = np.array([reference_counts.get(c, 0) for c in categories], dtype=float)
    w = np.array([window_counts.get(c, 0) for c in categories], dtype=float)
    chi2, p, dof, _ = stats.chi2_contingency(np.vstack([r, w]), correction=False)
    return {
        "name": name, "reference": reference_counts, "window": window_counts,
        "jensen_shannon": float(jensenshannon(r / r.sum(), w / w.sum(), base=2)),
        "chi_squared": float(chi2), "chi_squared_dof": int(dof), "chi_squared_p_value": float(p),
    }


numeric = [
    numeric_case("normal, mean shift 0.3 sd", np.round(rng.normal(0, 1, 600), 6), np.round(rng.normal(0.3, 1, 250), 6)),
    numeric_case("normal, no change", np.round(rng.normal(5, 2, 500), 6), np.round(rng.normal(5, 2, 400), 6)),
    numeric_case("lognormal, scale change", np.round(rng.lognormal(3, 0.5, 700), 6), np.round(rng.lognormal(3, 0.7, 300), 6)),
    numeric_case("poisson counts with ties", rng.poisson(2.0, 800).astype(float), rng.poisson(2.6, 350).astype(float)),
    numeric_case("mostly zeros (IQR 0)", np.where(rng.random(500) < 0.85, 0.0, np.round(rng.exponential(3, 500), 6)),
                 np.where(rng.random(300) < 0.75, 0.0, np.round(rng.exponential(3, 300), 6))),
    numeric_case("window beyond the reference's range", np.round(rng.uniform(0, 1, 300), 6), np.round(rng.uniform(0.5, 1.5, 200), 6), bins=5),
]

categorical = [
    categorical_case("property type, shifted", {"0": 500, "1": 250, "2": 150, "3": 100}, {"0": 180, "1": 130, "2": 60, "3": 30}),
    categorical_case("predicted class, no change", {"BUY": 300, "SELL": 280, "REFINANCE": 220, "INVESTMENT": 200},
                     {"BUY": 31, "SELL": 25, "REFINANCE": 24, "INVESTMENT": 20}),
    categorical_case("new category in the window", {"0": 400, "1": 600}, {"0": 50, "1": 40, "2": 10}),
]

special = {
    "chi2_sf": [{"x": x, "dof": d, "value": float(stats.chi2.sf(x, d))}
                for x, d in [(0.5, 1), (3.84, 1), (12.3, 9), (30.0, 9), (2.0, 20), (80.0, 40), (200.0, 99), (1e-3, 3)]],
    "chi2_ppf": [{"p": p, "dof": d, "value": float(stats.chi2.ppf(p, d))} for p, d in [(0.99, 9), (0.95, 1), (0.999, 4), (0.5, 30)]],
    "kolmogorov_sf": [{"x": x, "value": float(stats.kstwobign.sf(x))} for x in [0.2, 0.5, 0.8, 0.99, 1.0, 1.36, 1.63, 2.5, 4.0]],
}

with open("golden.json", "w") as out:
    json.dump({"numpy": np.__version__, "scipy": scipy.__version__, "seed": 20261125,
               "numeric": numeric, "categorical": categorical, "special": special}, out, indent=1)
