"""Every impact result follows the result protocol, and every effect result answers ``estimates()`` with the
same columns whose numbers are the result's own fields."""

from __future__ import annotations

import dataclasses
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from perfmethods.datasets import simulate_science_programme
from perfmethods.impact import (
    AggregatedEffect,
    callaway_santanna,
    density_test,
    did_2x2,
    event_study,
    its,
    mncs,
    rd_capital_stock,
    rd_returns,
    rdd,
    surrogate_index,
    synthetic_control,
    twfe,
)
from perfmethods.results import ESTIMATE_COLUMNS, REPR_LINES, Result


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    data, _ = simulate_science_programme(3, n_firms=60)
    panel = data["panel"]
    two = panel[panel["cohort"].isin([0, 2016]) & panel["year"].isin([2015, 2016])].assign(
        g=lambda d: d["cohort"] == 2016, post=lambda d: d["year"] == 2016)
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, 1500)
    take = np.where(x >= 0, rng.uniform(size=x.size) < 0.8, rng.uniform(size=x.size) < 0.2).astype(float)
    rd_frame = pd.DataFrame({"x": x, "d": take, "y": 1 + x + 2 * take + rng.normal(size=x.size)})
    s_obs = rng.normal(size=(300, 1))
    obs = pd.DataFrame({"s": s_obs[:, 0], "y": 2 * s_obs[:, 0] + rng.normal(size=300)})
    w = (rng.uniform(size=200) < 0.5).astype(float)
    s_exp = w + rng.normal(size=200)
    y_exp = np.where(np.arange(200) < 80, 2 * s_exp + rng.normal(size=200), np.nan)  # 80 validation units
    exp = pd.DataFrame({"s": s_exp, "w": w, "y": y_exp})
    sc_units = [f"u{i}" for i in range(6)]
    sc = pd.DataFrame([(u, t) for u in sc_units for t in range(12)], columns=["u", "t"])
    effect = np.where((sc["u"] == "u0") & (sc["t"] >= 8), 3.0, 0.0)
    sc["y"] = rng.normal(size=len(sc)) + effect + sc["t"] * 0.2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cs = callaway_santanna(panel, "rd_spending", "firm_id", "year", "cohort")
        out = {
            "did_2x2": did_2x2(two, outcome="rd_spending", treated="g", post="post", unit="firm_id"),
            "twfe": twfe(panel.assign(noise=rng.normal(size=len(panel))), outcome="rd_spending",
                         unit="firm_id", time="year", treated="treated", covariates=["noise"]),
            "event_study": event_study(panel, outcome="rd_spending", unit="firm_id", time="year",
                                       cohort="cohort", leads=3, lags=3),
            "callaway_santanna": cs,
            "aggregate_dynamic": cs.aggregate("dynamic"),
            "aggregate_cohort": cs.aggregate("cohort"),
            "aggregate_simple": cs.aggregate("simple"),
            "its": its(data["monthly"], outcome="applications", time="month", intervention="2018-01",
                       season_period=12, control="control_applications"),
            "synthetic_control": synthetic_control(sc, unit="u", time="t", outcome="y", treated_unit="u0",
                                                   treatment_time=8, n_candidates=20, placebo_candidates=5),
            "rdd_fuzzy": rdd(rd_frame, outcome="y", running="x", fuzzy="d"),
            "rdd_sharp": rdd(rd_frame, outcome="y", running="x"),
            "density_test": density_test(rd_frame, running="x"),
            "surrogate_index": surrogate_index(obs, exp, outcome="y", surrogates=["s"], treated="w"),
            "rd_returns": rd_returns(panel, outcome="revenue", rd="rd_spending", unit="firm_id", time="year",
                                     lags=2, degree=1),
            "rd_capital_stock": rd_capital_stock(pd.Series([100.0, 110.0, 121.0], index=[2020, 2021, 2022]),
                                                 growth=0.10, delta=0.15),
            "mncs": mncs(data["publications"], n_boot=60),
        }
    return out


EFFECTS = ["did_2x2", "twfe", "event_study", "callaway_santanna", "aggregate_dynamic", "aggregate_cohort",
           "aggregate_simple", "its", "synthetic_control", "rdd_fuzzy", "rdd_sharp", "surrogate_index",
           "rd_returns", "density_test"]


@pytest.mark.parametrize("name", [*EFFECTS, "rd_capital_stock", "mncs"])
def test_every_result_follows_the_protocol(results, name):
    res = results[name]
    assert isinstance(res, Result)
    assert len(repr(res).splitlines()) <= REPR_LINES
    assert repr(res).startswith(type(res).__name__)
    assert "<div>" in res._repr_html_()
    assert isinstance(res.summary(), pd.DataFrame) and isinstance(res.to_frame(), pd.DataFrame)
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    field = dataclasses.fields(res)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(res, field, None)
    for headline in type(res)._headline_fields:
        assert f"{headline}:" in repr(res)


@pytest.mark.parametrize("name", EFFECTS)
def test_estimates_have_the_common_columns_and_the_headline_first(results, name):
    res = results[name]
    est = res.estimates()
    assert tuple(est.columns) == ESTIMATE_COLUMNS
    assert len(est) >= 1 and est["term"].is_unique
    assert est["method"].str.contains(" ").all() and not est["method"].str.contains("_").any()
    first = est.iloc[0]
    if name.startswith("rdd"):
        assert first["term"] == "robust"
        expected = (res.estimate_bc, res.se_robust, *res.ci_robust, res.p_value)
    else:
        p = getattr(res, "p_value", first["p_value"])
        expected = (res.estimate, res.se, *res.ci, p)
    np.testing.assert_allclose(first[["estimate", "se", "ci_low", "ci_high", "p_value"]].to_numpy(float),
                               np.asarray(expected, float), rtol=1e-12, equal_nan=True)
    finite = est["se"] > 0
    assert ((est.loc[finite, "p_value"] > 0) & (est.loc[finite, "p_value"] <= 1)).all()
    assert (est.loc[finite, "ci_low"] <= est.loc[finite, "estimate"]).all()
    assert (est.loc[finite, "estimate"] <= est.loc[finite, "ci_high"]).all()
    assert (est["n"] > 0).all()


def _same(frame: pd.DataFrame, rows: pd.DataFrame, columns=("estimate", "se", "ci_low", "ci_high")) -> None:
    np.testing.assert_allclose(frame[list(columns)].to_numpy(float), rows[list(columns)].to_numpy(float),
                               rtol=1e-12, equal_nan=True)


def test_the_rows_are_the_results_own_tables(results):
    tw = results["twfe"]
    _same(tw.estimates(), tw.params, ("estimate", "se", "ci_low", "ci_high", "p_value"))
    assert tw.estimates()["term"].tolist() == tw.params["term"].tolist()
    assert tw.estimates()["n"].iloc[0] == tw.n

    es = results["event_study"]
    coefs = es.coefficients[es.coefficients["event_time"] != es.reference]
    _same(es.estimates().iloc[1:], coefs, ("estimate", "se", "ci_low", "ci_high", "p_value"))
    assert es.estimates()["term"].iloc[1:].tolist() == [f"e{int(e):+d}" for e in coefs["event_time"]]

    cs = results["callaway_santanna"]
    _same(cs.estimates().iloc[1:], cs.att_gt)
    assert cs.estimates()["n"].iloc[0] == cs.n * cs.diagnostics["n_periods"]
    for kind in ("aggregate_dynamic", "aggregate_cohort"):
        agg = results[kind]
        _same(agg.estimates().iloc[1:], agg.table)
        assert len(agg.estimates()) == len(agg.table) + 1
    assert len(results["aggregate_simple"].estimates()) == 1

    ts = results["its"]
    est = ts.estimates().set_index("term")
    slope = est.loc["slope_change", ["estimate", "se", "ci_low", "ci_high"]].to_numpy(float)
    np.testing.assert_allclose(slope, ts.slope_change, rtol=1e-12)
    _same(est.loc[[f"effect_h{h}" for h in ts.effects["horizon"]]], ts.effects)
    assert ts.estimates()["method"].iloc[0] == "interrupted time series (with a control series)"

    sc = results["synthetic_control"]
    row = sc.estimates().iloc[0]
    assert row["p_value"] == sc.p_value and row["n"] == sc.n * (sc.n_pre + sc.n_post)

    fuzzy, sharp = results["rdd_fuzzy"], results["rdd_sharp"]
    assert fuzzy.estimates()["term"].tolist() == ["robust", "conventional", "first_stage"]
    assert sharp.estimates()["term"].tolist() == ["robust", "conventional"]
    conv = fuzzy.estimates().iloc[1]
    conventional = (conv["estimate"], conv["se"], conv["ci_low"], conv["ci_high"])
    assert conventional == (fuzzy.estimate, fuzzy.se, *fuzzy.ci)
    fs = fuzzy.estimates().iloc[2]
    assert fs["estimate"] == fuzzy.first_stage["estimate_bc"] and fs["se"] == fuzzy.first_stage["se_robust"]
    assert (fuzzy.estimates()["n"] == sum(fuzzy.n_effective)).all()
    assert fuzzy.estimates()["method"].iloc[0] == "regression discontinuity (fuzzy)"

    si = results["surrogate_index"]
    bias = si.estimates().set_index("term").loc["surrogacy_bias"]
    assert bias["estimate"] == si.surrogacy["bias"] and bias["p_value"] == si.surrogacy["p_value"]
    assert bias["n"] == si.surrogacy["n_validation"]

    rr = results["rd_returns"]
    _same(rr.estimates().iloc[1:], rr.lags)


def test_estimates_concatenate_into_one_comparison_table(results):
    table = pd.concat([results[n].estimates().iloc[:1] for n in EFFECTS], ignore_index=True)
    assert tuple(table.columns) == ESTIMATE_COLUMNS and len(table) == len(EFFECTS)
    assert table["method"].nunique() >= 10
    assert str(table["n"].dtype) == "Int64"


def test_aggregated_effect_is_a_result(results):
    assert isinstance(results["aggregate_dynamic"], AggregatedEffect)


PLOTTED = ["did_2x2", "twfe", "event_study", "callaway_santanna", "aggregate_dynamic", "aggregate_simple",
           "its", "synthetic_control", "rdd_sharp", "surrogate_index", "rd_returns", "rd_capital_stock",
           "mncs", "density_test"]


@pytest.mark.parametrize("name", PLOTTED)
def test_plot_labels_come_from_the_catalogue_in_the_language_asked(results, name):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from perfmethods.i18n import catalogue

    def cjk(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    prefix = "plot.impact."
    assert any(key.startswith(prefix) for key in catalogue())
    for language in ("zh", "en"):
        ax = results[name].plot(language=language)
        texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts = [t for t in texts if t]
        assert texts, name
        assert all(cjk(t) == (language == "zh") for t in texts if not t.replace(".", "").isdigit()), texts
        plt.close(ax.figure)


def test_no_label_dicts_left_in_the_impact_modules():
    from pathlib import Path

    from perfmethods import impact

    folder = Path(impact.__file__).parent
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "_LABELS = {" not in source, path.name
        assert '"zh": {' not in source and '"zh": (' not in source, path.name
