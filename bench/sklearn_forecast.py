"""scikit-learn / XGBoost side of the forecast-matrix comparison (bench/tree_fit.ts is the TypeScript side).

Same CSV (bench/prepare.ts; '#' header line), same split: first int(n * 0.8) rows train, the rest test,
one-step predictions, raw amount target. One thread. Fits `repeats` times with random_state 42 and
reports every fit time; with `seeds` > 0 it then fits random_state 1..seeds and reports their test R².
Prints one JSON line.

    /usr/bin/python3 bench/sklearn_forecast.py <csv> <sk-rf|sk-gb|sk-hgb|xgb-gbm|xgb-rf> [repeats] [seeds]
"""

import json
import resource
import sys
import time

import numpy as np
from sklearn.metrics import r2_score


def make(name, seed=42):
    if name == "sk-rf":
        from sklearn.ensemble import RandomForestRegressor

        return RandomForestRegressor(
            n_estimators=100, max_depth=10, min_samples_split=5, n_jobs=1, random_state=seed
        )
    if name == "sk-gb":
        from sklearn.ensemble import GradientBoostingRegressor

        return GradientBoostingRegressor(random_state=seed)
    if name == "sk-hgb":
        # GradientBoostingRegressor's defaults on the histogram engine (binned features, like ours).
        from sklearn.ensemble import HistGradientBoostingRegressor

        return HistGradientBoostingRegressor(
            max_iter=100,
            learning_rate=0.1,
            max_depth=3,
            max_leaf_nodes=None,
            min_samples_leaf=1,
            l2_regularization=0.0,
            early_stopping=False,
            random_state=seed,
        )
    import xgboost as xgb

    if name == "xgb-gbm":
        return xgb.XGBRegressor(
            n_estimators=100, max_depth=6, learning_rate=0.1, tree_method="hist", n_jobs=1, random_state=seed
        )
    if name == "xgb-rf":
        return xgb.XGBRFRegressor(
            n_estimators=100,
            max_depth=10,
            tree_method="hist",
            n_jobs=1,
            subsample=0.632,
            colsample_bynode=1.0,
            random_state=seed,
        )
    raise SystemExit(f"unknown model {name}")


def main():
    path, name = sys.argv[1], sys.argv[2]
    repeats = max(1, int(sys.argv[3])) if len(sys.argv) > 3 else 3
    seeds = max(0, int(sys.argv[4])) if len(sys.argv) > 4 else 0
    data = np.loadtxt(path, delimiter=",")
    X, y = data[:, :-1], data[:, -1]
    k = int(len(y) * 0.8)
    fit_seconds = []
    model = None
    for _ in range(repeats):
        m = make(name)
        t0 = time.perf_counter()
        m.fit(X[:k], y[:k])
        fit_seconds.append(time.perf_counter() - t0)
        if model is None:
            model = m
    t0 = time.perf_counter()
    predicted = model.predict(X[k:])
    predict_s = time.perf_counter() - t0
    seed_r2 = [
        float(r2_score(y[k:], make(name, seed).fit(X[:k], y[:k]).predict(X[k:]))) for seed in range(1, seeds + 1)
    ]
    print(
        json.dumps(
            {
                "model": name,
                "rows": len(y),
                "trainRows": k,
                "cols": X.shape[1],
                "fitSeconds": fit_seconds,
                "predictS": predict_s,
                "r2": float(r2_score(y[k:], predicted)),
                "note": "",
                "seedR2": seed_r2,
                "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
