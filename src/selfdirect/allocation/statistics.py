"""Calibration of the allocation table and the fairness audit, with statsmodels. Django-free."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .packages import Package, age_band

DIMENSIONS = ("client_group", "age_band", "sex", "ethnicity")


def frame(packages: list[Package]) -> pd.DataFrame:
    df = pd.DataFrame([p.__dict__ for p in packages])
    df["age_band"] = df["age"].map(age_band)
    return df


def calibrate(packages: list[Package], *, caseload_points=None, caseload_weekly=None) -> dict:
    """Fit weekly cost on points. The price per point is the slope of ordinary least squares through the origin (a
    price-per-point table gives nothing for no points); the other fits are shown beside it."""
    import statsmodels.api as sm  # Lazy: statsmodels takes a second to import; only calibration and the audit need it
    from statsmodels.robust.norms import HuberT

    df = frame(packages)
    y = df["weekly_cost_pence"].astype(float)
    x = df["points"].astype(float)
    if len(df) < 3 or x.sum() == 0:
        raise ValueError("calibration needs at least three packages with points")
    through_origin = sm.OLS(y, x.to_frame("points")).fit()
    with_intercept = sm.OLS(y, sm.add_constant(x.to_frame("points"))).fit()
    robust = sm.RLM(y, x.to_frame("points"), M=HuberT()).fit()
    slope = float(through_origin.params["points"])
    low, high = (float(v) for v in through_origin.conf_int(alpha=0.05).loc["points"])
    residuals = through_origin.resid
    influence = through_origin.get_influence()
    studentised = influence.resid_studentized_external
    outliers = df.loc[np.abs(studentised) > 3, "person_ref"].tolist()
    # R-squared of the through-origin fit measured against the mean (comparable with the fit with an intercept):
    # statsmodels' own rsquared for a fit without a constant is measured against zero.
    centred_r2 = 1 - float(through_origin.ssr) / float(through_origin.centered_tss) if y.var() > 0 else 1.0
    bands = pd.qcut(df["points"], q=min(5, df["points"].nunique()), duplicates="drop")
    banded = df.groupby(bands, observed=True)["weekly_cost_pence"].agg(["count", "mean"]).reset_index()
    price = int(round(slope))
    change = 0
    if caseload_points is not None and len(caseload_points):
        proposed = np.asarray(caseload_points, dtype=np.int64) * price
        change = int((proposed - np.asarray(caseload_weekly, dtype=np.int64)).sum()) * 52
    return {
        "price_per_point_pence": price,
        "ci95_pence": [int(round(low)), int(round(high))],
        "r_squared": round(centred_r2, 4),
        "n": int(len(df)),
        "residual_sd_pence": int(round(float(residuals.std(ddof=1)))),
        "outliers": outliers,
        "caseload_cost_change_pence": change,
        "fits": {
            "ols_through_origin": {"price_per_point_pence": round(slope, 2)},
            "ols_with_intercept": {"intercept_pence": round(float(with_intercept.params["const"]), 2),
                                   "price_per_point_pence": round(float(with_intercept.params["points"]), 2),
                                   "r_squared": round(float(with_intercept.rsquared), 4)},
            "robust_huber_through_origin": {"price_per_point_pence": round(float(robust.params["points"]), 2)},
            "banded_means": [{"points": str(row.iloc[0]), "n": int(row["count"]), "mean_weekly_pence": int(round(row["mean"]))}
                             for _, row in banded.iterrows()],
        },
    }


def audit(packages: list[Package], *, threshold: float = 0.10, minimum_group: int = 20, p_limit: float = 0.05) -> dict:
    """For each dimension separately: log(cost) = a + b x log(points) + group effects (sum-to-zero coding), so
    exp(effect) is the group's allocation over the overall mean at equal points. Packages with no points or no cost
    cannot be logged and are counted as excluded."""
    import statsmodels.api as sm  # Lazy: as in calibrate

    df = frame(packages)
    usable = (df["weekly_cost_pence"] > 0) & (df["points"] > 0)
    excluded = int((~usable).sum())
    df = df[usable].copy()
    df["log_cost"] = np.log(df["weekly_cost_pence"].astype(float))
    df["log_points"] = np.log(df["points"].astype(float))
    groups_out = []
    for dimension in DIMENSIONS:
        levels = sorted(df[dimension].astype(str).unique())
        counts = df[dimension].astype(str).value_counts()
        if len(levels) < 2:
            for level in levels:
                groups_out.append({"dimension": dimension, "group": level, "n": int(counts[level]), "ratio": 1.0,
                                   "ci95": [1.0, 1.0], "p_value": 1.0, "flagged": False})
            continue
        design = pd.DataFrame({"const": 1.0, "log_points": df["log_points"]}, index=df.index)
        # Sum-to-zero coding: a column per level but the last; the last level's effect is minus their sum.
        for level in levels[:-1]:
            design[f"g:{level}"] = np.where(df[dimension].astype(str) == level, 1.0,
                                            np.where(df[dimension].astype(str) == levels[-1], -1.0, 0.0))
        fit = sm.OLS(df["log_cost"], design).fit()
        names = list(design.columns)
        for level in levels:
            contrast = np.zeros(len(names))
            if level == levels[-1]:
                for other in levels[:-1]:
                    contrast[names.index(f"g:{other}")] = -1.0
            else:
                contrast[names.index(f"g:{level}")] = 1.0
            test = fit.t_test(contrast)
            effect = float(np.squeeze(test.effect))
            low, high = (float(v) for v in np.squeeze(test.conf_int(alpha=0.05)))
            p_value = float(np.squeeze(test.pvalue))
            ratio = float(np.exp(effect))
            n = int(counts[level])
            flagged = bool(n >= minimum_group and abs(ratio - 1) > threshold and p_value < p_limit)
            groups_out.append({"dimension": dimension, "group": level, "n": n, "ratio": round(ratio, 4),
                               "ci95": [round(float(np.exp(low)), 4), round(float(np.exp(high)), 4)],
                               "p_value": round(p_value, 6), "flagged": flagged})
    return {"groups": groups_out, "threshold": threshold, "minimum_group": minimum_group, "excluded": excluded,
            "n": int(len(df))}
