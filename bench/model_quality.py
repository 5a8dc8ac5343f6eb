#!/usr/bin/env python3
"""Out-of-time model quality: Vigie's model against two reference models.

Reference models, trained here for each cutoff and horizon on the output of `vigie features`:

* ``logistic`` -- the Signaux Faibles 2021 style baseline: raw feature values, missing values
  filled with 0, StandardScaler, L2 logistic regression (C chosen on a validation split);
* ``lightgbm`` -- gradient boosting on exactly Vigie's feature columns, missing values left as
  NaN (LightGBM learns which side of each split they go to).

Vigie's own out-of-time predictions (``vigie eval ... --predictions preds.csv``) are joined to
the same test rows when ``--predictions`` is given.

The protocol is the engine's (``plan_horizon``, ``draw`` and ``horizon_rows`` in
crates/engine/src/model/train.rs, model/backtest.rs): for a cutoff c and a horizon h, the
validation rows are the held-out quarter of the firms at the last 12 labelled months
(c - h - 11 .. c - h), the training rows the other firms from the warm-up to h months before
the validation months, both one month in three; the test rows are every firm of the
population at c whose outcome is known. Differences, in the baselines' favour: they train on
every training row, where the engine keeps at most 50 000 negatives (weighted) per horizon
and, beyond 1 000 000 rows, a SIREN sample of the firms.

Python and LightGBM are tools of this benchmark only: the product never depends on them.

Usage:
    python bench/model_quality.py --features FEATURES.csv [--predictions preds.csv]
        [--data-start YYYY-MM] [--eval eval.json] [--cutoffs 2019-06,2020-06]
        [--json out.json] [--refit]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
import warnings
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HORIZONS = (3, 6, 12, 18)
DEFAULT_CUTOFFS = "2019-06,2020-06"  # a normal year, then the Covid crisis

# The columns of `vigie features` that are not features (crates/cli/src/features.rs).
ID_COLUMNS = ("siren", "mois", "naf", "departement", "en_perimetre", "signal_fort")

# Protocol shared with the engine's `vigie eval` (crates/engine/src/model/train.rs,
# `plan_horizon` and `draw`; model/backtest.rs): keep these in step with it, or the comparison
# measures the protocols rather than the models.
WARM_UP = 15  # months of history before the first usable row (features/mod.rs `WARM_UP`)
MIN_TRAINING_MONTHS = 6  # a horizon whose training range ends before WARM_UP + 6 is infeasible
SAMPLING_STEP = 3  # rows of neighbouring months are near-duplicates of the same firm
VALIDATION_MONTHS = 12  # the last labelled months, held out out of time
VALIDATION_FIRM_SHARE = 0.25  # ... and for a quarter of the firms only (`validation_firm_share`)
VALIDATION_SALT = 0x5BD1_E995_1234_5678  # train.rs `VALIDATION_SALT`
HASH_MULTIPLIER = 0x9E37_79B9_7F4A_7C15  # train.rs `draw`
# Not reproduced, both to the baselines' advantage: the engine keeps at most 50 000 negative
# training rows per horizon (weighted 1 / rate), and computes at most 1 000 000 rows, beyond
# which it trains on a SIREN sample of the firms. The baselines see every training row.

LOGISTIC_C_GRID = (0.001, 0.01, 0.1, 1.0, 10.0)
LIGHTGBM_PARAMS = {
    "objective": "binary",
    "metric": "binary_logloss",
    "num_leaves": 31,
    "learning_rate": 0.05,
    "min_child_samples": 50,
    "verbosity": -1,
    # Same numbers on every run, so that a change of the table means a change of the data.
    "seed": 2017,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": os.cpu_count() or 1,
}
LIGHTGBM_MAX_ROUNDS = 2000
LIGHTGBM_PATIENCE = 100

# Slack for the term-structure check: probabilities written as text lose their last digits.
MONOTONE_TOLERANCE = 1e-9


def log(message: str) -> None:
    # Progress goes to stderr so that stdout stays a clean Markdown report.
    print(message, file=sys.stderr, flush=True)


# --- months ---------------------------------------------------------------------------------
# Months are handled as integers (year * 12 + month - 1) so that "c - h" is plain arithmetic.


def parse_month(text: str) -> int:
    year, month = text.strip().split("-")
    if not 1 <= int(month) <= 12:
        raise ValueError(f"not a month: {text!r}")
    return int(year) * 12 + int(month) - 1


def format_month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def plan_horizon(cutoff: int, horizon: int, start: int) -> tuple[list[int], list[int]] | None:
    """(training months, validation months) of `horizon` at `cutoff`, oldest first, as the
    engine's `plan_horizon` with `end` = the cutoff; `start` is the data's first month (the
    engine's month indices count from it). None when the horizon is infeasible.

    Validation: the last VALIDATION_MONTHS labelled months (c - h - 11 .. c - h). Training:
    WARM_UP .. valid_start - h - 1, so that no training label window (t, t + h] reaches the
    validation months (an embargo of h months). Both one month in SAMPLING_STEP, counted back
    from their last month so that the most recent rows are always in."""
    last_labelled = cutoff - start - horizon
    valid_start = last_labelled + 1 - VALIDATION_MONTHS
    train_end = valid_start - horizon  # exclusive: t + h < valid_start
    if last_labelled < 0 or valid_start < 0 or train_end < WARM_UP + MIN_TRAINING_MONTHS:
        return None
    train = range(train_end - 1, WARM_UP - 1, -SAMPLING_STEP)
    valid = range(last_labelled, valid_start - 1, -SAMPLING_STEP)
    return [start + t for t in reversed(train)], [start + t for t in reversed(valid)]


def draw(sirens: np.ndarray, salt: int) -> np.ndarray:
    """The engine's deterministic per-SIREN draw in [0, 1): ((s ^ salt) * K mod 2^64) >> 11,
    over 2^53 (exact in float64)."""
    s = sirens.astype(np.uint64)
    with np.errstate(over="ignore"):  # the multiplication wraps modulo 2^64, as in Rust
        hashed = ((s ^ np.uint64(salt)) * np.uint64(HASH_MULTIPLIER)) >> np.uint64(11)
    return hashed.astype(np.float64) / float(1 << 53)


def validation_firms(sirens: pd.Series) -> np.ndarray:
    """Whether each SIREN is one of the engine's validation firms."""
    return draw(sirens.astype(np.int64).to_numpy(), VALIDATION_SALT) < VALIDATION_FIRM_SHARE


# --- data -----------------------------------------------------------------------------------


def feature_columns(path: str) -> tuple[list[str], list[str]]:
    header = pd.read_csv(path, nrows=0).columns.tolist()
    labels = [f"failure_{h}m" for h in HORIZONS]
    missing = [c for c in (*ID_COLUMNS, *labels) if c not in header]
    if missing:
        sys.exit(f"{path}: not the output of `vigie features` (missing columns {missing})")
    features = [c for c in header if c not in ID_COLUMNS and c not in labels]
    return features, labels


def read_features(
    path: str, months: set[int], features: list[str], labels: list[str]
) -> pd.DataFrame:
    """The rows of `months` in the engine's population, features as float32.

    The file holds every observed firm x month (≈ 1 GB for 30 000 firms over eight years); it
    is read in chunks and only the needed months are kept, so memory stays near the final
    frame's size."""
    wanted = {format_month(m) for m in months}
    dtypes = {c: np.float32 for c in (*features, *labels)}
    dtypes.update({"siren": str, "mois": str, "en_perimetre": np.int8, "signal_fort": np.int8})
    columns = ["siren", "mois", "en_perimetre", "signal_fort", *features, *labels]
    kept = []
    for chunk in pd.read_csv(path, usecols=columns, dtype=dtypes, chunksize=250_000):
        # The engine's population (`in_population`): observed (a headcount known) and in bonis,
        # i.e. not a "signal fort" (a firm in a collective proceeding, still observed); the
        # file holds only rows of one of the two. `in_population` does not look at the
        # perimeter: firms outside it (en_perimetre = 0) are trained on and scored too, so
        # they are kept here, and counted in the report.
        chunk = chunk[chunk["mois"].isin(wanted) & (chunk["signal_fort"] == 0)]
        if len(chunk):
            kept.append(chunk.drop(columns=["signal_fort"]))
    if not kept:
        sys.exit(f"{path}: no row of the population at the months needed")
    frame = pd.concat(kept, ignore_index=True)
    frame["month"] = frame.pop("mois").map(parse_month).astype(np.int32)
    return frame


def first_month(path: str) -> int:
    """The earliest `mois` of the file (a full pass over one column)."""
    months = set()
    for chunk in pd.read_csv(path, usecols=["mois"], dtype=str, chunksize=1_000_000):
        months.update(chunk["mois"].unique())
    return min(parse_month(m) for m in months)


def read_engine_rows(path: str) -> dict[tuple[int, int], int]:
    """(cutoff, horizon) -> the rows Vigie's model was trained on, from `vigie eval -o`."""
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    return {
        (parse_month(b["cutoff"]), int(b["horizon"])): int(b["training_rows"])
        for b in report.get("backtests", [])
        if not b.get("skipped")
    }


def read_predictions(path: str) -> pd.DataFrame:
    preds = pd.read_csv(
        path,
        dtype={
            "siren": str,
            "month": str,
            "cutoff": str,
            "horizon": np.int32,
            "probability": np.float64,
            "label": np.float64,
        },
    )
    expected = {"siren", "month", "cutoff", "horizon", "probability", "label"}
    if not expected <= set(preds.columns):
        sys.exit(f"{path}: expected columns {sorted(expected)}, got {list(preds.columns)}")
    # A SIREN is nine digits: a writer that dropped the leading zeros must still join.
    preds["siren"] = preds["siren"].str.strip().str.zfill(9)
    preds["month"] = preds["month"].map(parse_month).astype(np.int32)
    preds["cutoff"] = preds["cutoff"].map(parse_month).astype(np.int32)
    return preds


# --- metrics --------------------------------------------------------------------------------


def metrics(y: np.ndarray, p: np.ndarray) -> dict:
    positives = int(y.sum())
    out = {
        "rows": len(y),
        "positives": positives,
        "prevalence": float(y.mean()) if len(y) else None,
        "roc_auc": None,
        "roc_auc_se": None,
        "average_precision": None,
        "brier": float(brier_score_loss(y, p)) if len(y) else None,
    }
    if 0 < positives < len(y):  # ranking metrics need both classes
        auc = float(roc_auc_score(y, p))
        out["roc_auc"] = auc
        out["roc_auc_se"] = auc_standard_error(auc, positives, len(y) - positives)
        out["average_precision"] = float(average_precision_score(y, p))
    return out


def auc_standard_error(auc: float, positives: int, negatives: int) -> float:
    """Hanley & McNeil (1982). Failures are rare (tens per cutoff on a 30 000-firm demo), so
    the AUC's noise is often as large as the gaps between models: the table shows it."""
    q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
    variance = (
        auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)
    ) / (positives * negatives)
    return float(np.sqrt(max(variance, 0.0)))


def term_structure(frame: pd.DataFrame) -> dict:
    """Whether p_3 <= p_6 <= p_12 <= p_18 for each firm predicted at every horizon: the chance
    of a proceeding within 18 months cannot be lower than within 3."""
    wide = frame.pivot_table(
        index="siren", columns="horizon", values="probability", aggfunc="first"
    )
    wide = wide.reindex(columns=list(HORIZONS)).dropna()
    p = wide.to_numpy()
    gaps = p[:, :-1] - p[:, 1:]  # > 0 where a shorter horizon has the higher probability
    violated = gaps > MONOTONE_TOLERANCE
    return {
        "firms": len(wide),
        "firms_not_monotone": int(violated.any(axis=1).sum()),
        "share_not_monotone": float(violated.any(axis=1).mean()) if len(wide) else None,
        "pairs_not_monotone": {
            f"{a}>{b}": int(violated[:, i].sum())
            for i, (a, b) in enumerate(itertools.pairwise(HORIZONS))
        },
        "largest_inversion": float(max(gaps.max(), 0.0)) if len(wide) else None,
    }


# --- models ---------------------------------------------------------------------------------


@dataclass
class Split:
    """One cutoff x horizon: the training rows (`fit`), the out-of-time validation rows of the
    held-out firms (`val`), both together for `--refit` only (`all`), and the test rows."""

    x_fit: np.ndarray
    y_fit: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_all: np.ndarray | None
    y_all: np.ndarray | None
    x_test: np.ndarray


def zero_filled(x: np.ndarray) -> np.ndarray:
    return np.nan_to_num(x, nan=0.0)


def fit_logistic(split: Split, refit: bool, names: list[str]):
    """Signaux Faibles 2021 style: missing = 0, then standardised, L2 penalty chosen on the
    out-of-time validation split by log loss (a proper score: it rewards both the ranking
    and the calibration that the Brier score then measures)."""
    warned = False

    def fit(c, x, y):
        nonlocal warned
        model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000))
        # Raw, unwinsorised amounts make lbfgs slow to converge: say so rather than hide it.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model.fit(zero_filled(x), y)
        warned |= any(issubclass(w.category, ConvergenceWarning) for w in caught)
        return model

    fitted, losses = {}, {}
    for c in LOGISTIC_C_GRID:
        fitted[c] = fit(c, split.x_fit, split.y_fit)
        p_val = fitted[c].predict_proba(zero_filled(split.x_val))[:, 1]
        losses[c] = log_loss(split.y_val, p_val, labels=[0, 1])
    best = min(losses, key=losses.get)
    model = fit(best, split.x_all, split.y_all) if refit else fitted[best]
    p_test = model.predict_proba(zero_filled(split.x_test))[:, 1]
    info = {
        "C": best,
        "validation_logloss": {str(c): loss for c, loss in losses.items()},
        "convergence_warning": warned,
    }
    return p_test, info


def fit_lightgbm(split: Split, refit: bool, names: list[str]):
    """Early stopping on the out-of-time validation split; with `refit`, the number of rounds
    found is then fitted again on the whole training window."""
    fit_set = lgb.Dataset(split.x_fit, split.y_fit, feature_name=names)
    val_set = lgb.Dataset(split.x_val, split.y_val, reference=fit_set)
    booster = lgb.train(
        LIGHTGBM_PARAMS,
        fit_set,
        num_boost_round=LIGHTGBM_MAX_ROUNDS,
        valid_sets=[val_set],
        callbacks=[lgb.early_stopping(LIGHTGBM_PATIENCE, verbose=False)],
    )
    rounds = booster.best_iteration or LIGHTGBM_MAX_ROUNDS
    info = {
        "rounds": int(rounds),
        "validation_logloss": float(booster.best_score["valid_0"]["binary_logloss"]),
    }
    if refit:
        all_set = lgb.Dataset(split.x_all, split.y_all, feature_name=names)
        booster = lgb.train(LIGHTGBM_PARAMS, all_set, num_boost_round=rounds)
    return booster.predict(split.x_test, num_iteration=rounds), info


BASELINES = {"logistic": fit_logistic, "lightgbm": fit_lightgbm}


# --- protocol -------------------------------------------------------------------------------


def evaluate_horizon(data, features, cutoff, h, start, refit):
    """Trains and tests both baselines for one cutoff x horizon. Returns the result entry and
    the test rows' predictions (siren, model, probability, label)."""
    label = f"failure_{h}m"
    entry = {"cutoff": format_month(cutoff), "horizon": h, "models": {}}
    plan = plan_horizon(cutoff, h, start)
    train_months, val_months = plan or ([], [])
    labelled = data[data[label].notna()]
    # Training rows: the firms not held out, at the training months; validation rows: the
    # held-out firms at the validation months (`horizon_rows` in train.rs).
    held_out = labelled["validation_firm"]
    train = labelled[labelled["month"].isin(train_months) & ~held_out]
    val = labelled[labelled["month"].isin(val_months) & held_out]
    # Test rows: every firm of the population at the cutoff whose outcome is known.
    test = labelled[labelled["month"] == cutoff]
    entry["training"] = {
        "months": [format_month(m) for m in train_months],
        "validation_months": [format_month(m) for m in val_months],
        "rows": len(train),
        "positives": int(train[label].sum()),
        "validation_rows": len(val),
        "validation_positives": int(val[label].sum()),
    }
    entry["test_rows"] = test[["siren", "month", label]].rename(columns={label: "label"})
    entry["test_outside_perimeter"] = int((test["en_perimetre"] == 0).sum())

    problem = None
    if plan is None:
        problem = "infeasible: the training range would end before the warm-up + 6 months"
    elif test.empty:
        problem = "no labelled test row at the cutoff"
    elif train[label].nunique() < 2 or val[label].nunique() < 2:
        problem = "a class is missing from the training or validation rows"
    if problem:
        entry["skipped"] = problem
        log(f"{entry['cutoff']} h={h}: skipped, {problem}")
        return entry, []

    def x(frame):
        return frame[features].to_numpy(np.float32)

    def y(frame):
        return frame[label].to_numpy(np.int8)

    every = pd.concat([train, val]) if refit else None
    split = Split(
        x(train), y(train), x(val), y(val),
        x(every) if refit else None, y(every) if refit else None, x(test),
    )  # fmt: skip
    y_test, scored = y(test), []
    for name, fitter in BASELINES.items():
        started = time.perf_counter()
        p, info = fitter(split, refit, features)
        info["seconds"] = round(time.perf_counter() - started, 2)
        entry["models"][name] = {**metrics(y_test, p), "fit": info}
        scored.append(predictions_frame(name, test["siren"], h, p, y_test))
        auc = fmt(entry["models"][name]["roc_auc"])
        log(f"{entry['cutoff']} h={h} {name}: AUC {auc} ({info['seconds']} s)")
    return entry, scored


def predictions_frame(model, sirens, h, p, y):
    return pd.DataFrame(
        {"model": model, "siren": np.asarray(sirens), "horizon": h, "probability": p, "label": y}
    )


def join_vigie(entry, preds, scored):
    """Vigie's predictions on the baselines' test rows (siren + month + horizon); `scored`
    gains them."""
    cutoff, h = parse_month(entry["cutoff"]), entry["horizon"]
    test = entry["test_rows"]
    mine = preds[(preds["cutoff"] == cutoff) & (preds["horizon"] == h)]
    duplicates = int(mine.duplicated(["siren", "month"]).sum())
    mine = mine.drop_duplicates(["siren", "month"])
    joined = test.merge(
        mine[["siren", "month", "probability", "label"]],
        on=["siren", "month"],
        how="outer",
        suffixes=("", "_vigie"),
        indicator=True,
    )
    both = joined[joined["_merge"] == "both"]
    entry["join"] = {
        "test_rows": len(test),
        "prediction_rows": len(mine) + duplicates,
        "matched": len(both),
        "test_rows_without_prediction": int((joined["_merge"] == "left_only").sum()),
        # Includes predictions at a month other than the cutoff, which `vigie eval` should not
        # write.
        "predictions_outside_test_rows": int((joined["_merge"] == "right_only").sum()),
        "duplicate_predictions": duplicates,
        # Both sides label from the same panel: a disagreement means the protocols differ.
        "label_disagreements": int((both["label"] != both["label_vigie"]).sum()),
    }
    if both.empty:
        return
    y = both["label"].to_numpy(np.int8)
    entry["models"]["vigie"] = metrics(y, both["probability"].to_numpy())
    scored.append(predictions_frame("vigie", both["siren"], h, both["probability"].to_numpy(), y))
    if len(both) < len(test):
        # Compare like with like: the baselines again, on only the rows Vigie scored.
        rows = set(both["siren"])
        for frame in scored:
            name = frame["model"].iat[0]
            if name in BASELINES and frame["horizon"].iat[0] == h:
                sub = frame[frame["siren"].isin(rows)]
                entry["models"][f"{name} (Vigie's rows)"] = metrics(
                    sub["label"].to_numpy(), sub["probability"].to_numpy()
                )


def evaluate(data, features, cutoffs, start, preds, engine, refit) -> list[dict]:
    results = []
    for cutoff in cutoffs:
        entries, scored = [], []  # scored: every model's test predictions at this cutoff
        for h in HORIZONS:
            entry, horizon_scored = evaluate_horizon(data, features, cutoff, h, start, refit)
            if (cutoff, h) in engine:
                entry["vigie_training_rows"] = engine[(cutoff, h)]
            scored += horizon_scored
            if preds is not None:
                join_vigie(entry, preds, scored)
            del entry["test_rows"]
            entries.append(entry)
        # The term structure spans the horizons: one check per cutoff and model.
        terms = {}
        if scored:
            every = pd.concat(scored, ignore_index=True)
            for name, group in every.groupby("model", sort=False):
                terms[name] = term_structure(group)
        results.append(
            {"cutoff": format_month(cutoff), "horizons": entries, "term_structure": terms}
        )
    return results


# --- report ---------------------------------------------------------------------------------


def fmt(value, digits=4):
    return "–" if value is None else f"{value:.{digits}f}"


def table(header: list[str], rows: list[list], left: int) -> list[str]:
    """Markdown lines: the first `left` columns are labels, the others right-aligned numbers."""
    align = ["---" if i < left else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return lines


def span(months: list[str]) -> str:
    return f"{months[0]} … {months[-1]} ({len(months)})" if months else "none"


def markdown(results: list[dict], with_vigie: bool) -> str:
    quality, training, joins, terms = [], [], [], []
    for block in results:
        for e in block["horizons"]:
            c, h = e["cutoff"], e["horizon"]
            if "skipped" in e:
                quality.append([c, h, f"skipped: {e['skipped']}", *[""] * 7])
            for name, m in e["models"].items():
                quality.append([
                    c, h, name, m["rows"], m["positives"], fmt(m["prevalence"]),
                    fmt(m["roc_auc"]), fmt(m["roc_auc_se"]), fmt(m["average_precision"]),
                    fmt(m["brier"], 5),
                ])  # fmt: skip
            t = e["training"]
            lg = e["models"].get("logistic", {}).get("fit", {})
            gb = e["models"].get("lightgbm", {}).get("fit", {})
            training.append([
                c, h, span(t["months"]), span(t["validation_months"]),
                f"{t['rows']} ({t['positives']})",
                f"{t['validation_rows']} ({t['validation_positives']})",
                e.get("vigie_training_rows", "–"),
                lg.get("C", "–"), gb.get("rounds", "–"),
                f"{lg.get('seconds', '–')} / {gb.get('seconds', '–')}",
            ])  # fmt: skip
            if "join" in e:
                j = e["join"]
                joins.append([
                    c, h, j["test_rows"], e["test_outside_perimeter"], j["prediction_rows"],
                    j["matched"], j["test_rows_without_prediction"],
                    j["predictions_outside_test_rows"], j["duplicate_predictions"],
                    j["label_disagreements"],
                ])  # fmt: skip
        for name, t in block["term_structure"].items():
            pairs = t["pairs_not_monotone"]
            terms.append([
                block["cutoff"], name, t["firms"], t["firms_not_monotone"],
                fmt(t["share_not_monotone"]), *pairs.values(), fmt(t["largest_inversion"]),
            ])  # fmt: skip

    lines = table(
        ["cutoff", "horizon", "model", "rows", "positives", "prevalence", "ROC AUC",
         "AUC s.e.", "avg precision", "Brier"],
        quality,
        left=3,
    )  # fmt: skip
    lines += [
        "",
        "Training and validation (the engine's split: one month in three; validation = the last "
        "12 labelled months, for the 25 % of firms held out; training = the other firms, up to "
        "h months before the validation months). The baselines use every training row; Vigie "
        "keeps at most 50 000 negatives (weighted) and, beyond 1 000 000 rows, a SIREN sample:",
        "",
    ]
    lines += table(
        ["cutoff", "horizon", "training months", "validation months",
         "training rows (positives)", "validation rows (positives)", "Vigie training rows",
         "logistic C", "LightGBM rounds", "seconds logistic / LightGBM"],
        training,
        left=4,
    )  # fmt: skip
    if with_vigie:
        lines += ["", "Vigie's predictions joined on the test rows (siren + month + horizon):", ""]
        lines += table(
            ["cutoff", "horizon", "test rows", "of which outside the perimeter", "predictions",
             "matched", "test rows without prediction", "predictions outside", "duplicates",
             "label disagreements"],
            joins,
            left=2,
        )  # fmt: skip
    lines += [
        "",
        "Term structure (firms scored at all four horizons; p_3 ≤ p_6 ≤ p_12 ≤ p_18 expected):",
        "",
    ]
    lines += table(
        ["cutoff", "model", "firms", "not monotone", "share", "3>6", "6>12", "12>18",
         "largest inversion"],
        terms,
        left=2,
    )  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--features", required=True, help="CSV written by `vigie features --from … --at …`"
    )
    parser.add_argument("--predictions", help="CSV written by `vigie eval … --predictions`")
    parser.add_argument("--cutoffs", default=DEFAULT_CUTOFFS, help="comma-separated YYYY-MM")
    parser.add_argument(
        "--data-start",
        help="the data's first month, YYYY-MM (the engine counts WARM_UP from it; default: "
        "the features file's first month minus WARM_UP, as written by `vigie features --from`"
        " the data's first month + 15)",
    )
    parser.add_argument(
        "--eval", help="JSON written by `vigie eval -o`: reports Vigie's training rows"
    )
    parser.add_argument("--json", help="write every number here")
    # Off by default: Vigie's model never trains on its validation months (nor does the
    # engine refit), and the baselines must be handicapped the same way to be comparable.
    # With --refit they also learn from the most recent months, an upper bound.
    parser.add_argument(
        "--refit",
        action="store_true",
        help="refit the baselines on training + validation rows with the chosen C / rounds",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    cutoffs = [parse_month(c) for c in args.cutoffs.split(",") if c.strip()]
    features, labels = feature_columns(args.features)
    if args.data_start:
        start = parse_month(args.data_start)
    else:
        start = first_month(args.features) - WARM_UP
        log(f"data start taken as {format_month(start)} (the file's first month - {WARM_UP})")
    # Every month any cutoff x horizon needs.
    needed = set(cutoffs)
    for c in cutoffs:
        for h in HORIZONS:
            needed.update(*(plan_horizon(c, h, start) or ()))
    data = read_features(args.features, needed, features, labels)
    missing = sorted(needed - set(data["month"]))
    if missing:
        # A row month absent from the file would silently shrink the training set.
        sys.exit(f"{args.features}: no row at {[format_month(m) for m in missing]}")
    data["validation_firm"] = validation_firms(data["siren"])
    read_seconds = time.perf_counter() - started
    log(
        f"read {len(data)} population rows at {data['month'].nunique()} months, "
        f"{len(features)} features, in {read_seconds:.1f} s"
    )
    engine = read_engine_rows(args.eval) if args.eval else {}
    preds = read_predictions(args.predictions) if args.predictions else None
    if preds is not None:
        unknown = sorted(set(preds["cutoff"]) - set(cutoffs))
        if unknown:
            log(f"predictions for cutoffs not evaluated: {[format_month(c) for c in unknown]}")

    results = evaluate(data, features, cutoffs, start, preds, engine, refit=args.refit)
    total = time.perf_counter() - started
    print(markdown(results, preds is not None))
    print(
        f"\n{len(features)} features; refit on the whole training window: {args.refit}; "
        f"{total:.0f} s in all ({read_seconds:.0f} s reading)."
    )
    if args.json:
        report = {
            "features_file": args.features,
            "predictions_file": args.predictions,
            "cutoffs": [format_month(c) for c in cutoffs],
            "protocol": {
                "data_start": format_month(start),
                "warm_up_months": WARM_UP,
                "min_training_months": MIN_TRAINING_MONTHS,
                "sampling_step_months": SAMPLING_STEP,
                "validation_months": VALIDATION_MONTHS,
                "validation_firm_share": VALIDATION_FIRM_SHARE,
                "validation_salt": hex(VALIDATION_SALT),
                "embargo_months": "h",
                "population": "signal_fort == 0 (the engine's in_population; any perimeter)",
                "refit_on_whole_window": args.refit,
            },
            "logistic": {"C_grid": list(LOGISTIC_C_GRID), "missing": 0, "scaler": "StandardScaler"},
            "lightgbm": {
                "params": LIGHTGBM_PARAMS,
                "max_rounds": LIGHTGBM_MAX_ROUNDS,
                "early_stopping_patience": LIGHTGBM_PATIENCE,
            },
            "versions": {
                "python": sys.version.split()[0],
                "lightgbm": lgb.__version__,
                "scikit-learn": sklearn.__version__,
                "pandas": pd.__version__,
                "numpy": np.__version__,
            },
            "features": features,
            "rows_read": len(data),
            "seconds": {"read": round(read_seconds, 1), "total": round(total, 1)},
            "results": results,
        }
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=2, ensure_ascii=False)
            out.write("\n")


if __name__ == "__main__":
    main()
