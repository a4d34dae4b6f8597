"""Tests of perfmethods.impact.bibliometrics: MNCS, PP(top 10 %), MNJS and the responsible-metrics guard-rails.

Reference rules: the mean-of-ratios MNCS of Waltman et al. (2011, Scientometrics 87: 467–481, §2) and the
fractional assignment of publications tied at the percentile threshold of Waltman & Schreiber (2013, JASIST
64(2): 372–379, §3). The worked examples below are constructed by hand from those definitions (no published
table with these numbers was available); planted effects come from the bundled science programme.
"""

from __future__ import annotations

import dataclasses
import json
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.datasets import simulate_science_programme
from perfmethods.errors import InputError
from perfmethods.impact import (
    FieldCoverageWarning,
    ResponsibleMetricsWarning,
    mncs,
    mnjs,
    pp_top10,
    top_share,
)


@pytest.fixture(scope="module")
def pubs():
    data, truth = simulate_science_programme(8, n_firms=400)
    return data["publications"], truth["publications"]


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kw)


@pytest.mark.reference
def test_waltman_schreiber_ties_at_threshold():
    """20 publications, top 10 % = 2: one cited 10 is top; three tied at 5 share the remaining slot (1/3 each)."""
    c = pd.Series([10, 5, 5, 5, 3, 3, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    t = top_share(c, [pd.Series(["f"] * 20)])
    np.testing.assert_allclose(t[:4], [1, 1 / 3, 1 / 3, 1 / 3])
    assert t[4:].sum() == 0 and t.sum() == pytest.approx(2.0)


@pytest.mark.reference
def test_mncs_is_mean_of_ratios_with_fractional_counting():
    """Waltman et al. (2011): MNCS = mean of c/e (not ratio of means); fractional weights a_ui."""
    df = pd.DataFrame({"citations": [1, 3, 15, 5], "field": ["A", "A", "B", "B"], "year": 2020,
                       "unit": ["X", "Y", "X", "Y"], "share": [1.0, 0.5, 0.5, 1.0]})
    res = _quiet(mncs, df, unit="unit", share="share", n_boot=50, min_reference=1)
    # e_A = 2, e_B = 10 -> ratios X: 0.5 (A), 1.5 (B); Y: 1.5 (A), 0.5 (B)
    tab = res.table.set_index("unit")["value"]
    assert tab["X"] == pytest.approx((1.0 * 0.5 + 0.5 * 1.5) / 1.5)
    assert tab["Y"] == pytest.approx((0.5 * 1.5 + 1.0 * 0.5) / 1.5)
    full = _quiet(mncs, df, unit="unit", n_boot=50, min_reference=1).table.set_index("unit")["value"]
    assert full["X"] == pytest.approx(1.0)  # full counting: (0.5 + 1.5) / 2
    old_crown_x = (1 + 15) / (2 + 10)  # ratio of means ("old crown"), which the MNCS is not
    assert full["X"] != pytest.approx(old_crown_x)


def test_mncs_recovers_planted_citation_effect(pubs):
    p, truth = pubs
    res = _quiet(mncs, p, unit="after_funding", share="share", n_boot=300)
    # expected MNCS given the realised mix: boosted papers have mean m = 1.5, others 1; e_fy = mu (1 + 0.5 p_fy)
    m = truth["citation_multiplier"]
    pfy = p.groupby(["field", "year"])["after_funding"].transform("mean")
    expected = np.where(p["after_funding"], m, 1.0) / (1 + (m - 1) * pfy)
    exp_unit = (expected * p["share"]).groupby(p["after_funding"]).sum() / p["share"].groupby(p["after_funding"]).sum()
    tab = res.table.set_index("unit")
    for flag in (False, True):
        assert tab.loc[flag, "ci_low"] < exp_unit[flag] < tab.loc[flag, "ci_high"], flag
    assert tab.loc[True, "ci_low"] > tab.loc[False, "ci_high"]


def test_pp_top10_world_value_and_planted_direction(pubs):
    p, _ = pubs
    world = _quiet(pp_top10, p, n_boot=50)
    assert world.estimate == pytest.approx(0.10, abs=1e-12)  # exact with tie sharing and full counting
    res = _quiet(pp_top10, p, unit="after_funding", share="share", n_boot=300)
    tab = res.table.set_index("unit")
    assert tab.loc[True, "ci_low"] > 0.10 > tab.loc[False, "ci_high"]


def test_pp_top10_against_external_reference(pubs):
    p, _ = pubs
    funded = p[p["funded_firm"]]
    own = _quiet(pp_top10, p, n_boot=50)
    ext = _quiet(pp_top10, funded, reference=p, n_boot=50)
    # the same publications get the same top fractions whether scored inside the full set or against it
    t_full = top_share(p["citations"], [p["field"], p["year"]])
    expected = t_full[p["funded_firm"].to_numpy()].mean()
    assert ext.estimate == pytest.approx(expected, rel=1e-12)
    assert own.estimate == pytest.approx(0.10)


@pytest.mark.property
@settings(max_examples=20, deadline=None)
@given(counts=st.lists(st.integers(0, 6), min_size=1, max_size=60), top=st.sampled_from([0.01, 0.1, 0.5]))
def test_top_share_sums_to_top_n_and_is_monotone(counts, top):
    c = pd.Series(counts)
    t = top_share(c, [pd.Series(np.zeros(len(c)))], top)
    assert t.sum() == pytest.approx(top * len(c))
    order = np.argsort(-c.to_numpy(), kind="stable")
    assert np.all(np.diff(t[order]) <= 1e-12)  # more citations never means a smaller top share


@pytest.mark.property
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 1000))
def test_fractional_split_rows_equal_full_rows(seed):
    rng = np.random.default_rng(seed)
    n = 60
    df = pd.DataFrame({"citations": rng.integers(0, 20, n), "field": rng.choice(["a", "b"], n), "year": 2020,
                       "unit": "U", "share": 1.0})
    split = pd.concat([df.assign(share=0.5), df.assign(share=0.5)], ignore_index=True)
    a = _quiet(mncs, df, unit="unit", share="share", n_boot=50)
    b = _quiet(mncs, split, unit="unit", share="share", n_boot=50, reference=df)
    assert a.estimate == pytest.approx(b.estimate, rel=1e-12)


def test_guard_rails(pubs):
    p, _ = pubs
    scored = p.assign(jif=p.groupby("field")["citations"].transform("mean"))
    with pytest.raises(InputError, match="DORA"):
        mnjs(scored, journal_score="jif", unit="firm_id", level="individual")
    ok = _quiet(mnjs, scored, journal_score="jif", unit="funded_firm", level="institution", n_boot=50)
    assert ok.world == 1.0
    with pytest.warns(ResponsibleMetricsWarning, match="Leiden Manifesto"):
        _quiet_except(mncs, ResponsibleMetricsWarning, p, unit="firm_id", level="individual", n_boot=50)
    with pytest.warns(FieldCoverageWarning, match="covers field"):
        mncs(p, n_boot=50, coverage={"agriculture": 0.4, "life_sciences": 0.95})
    with pytest.warns(FieldCoverageWarning, match="fewer than"):
        mncs(p.head(200), n_boot=50, min_publications=0)
    with pytest.raises(InputError, match="level"):
        mncs(p, level="person")
    with pytest.raises(InputError, match="share"):
        mncs(p.assign(share=2.0), share="share")
    with pytest.raises(InputError, match="non-negative"):
        mncs(p.assign(citations=-1))


def _quiet_except(fn, keep, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("always", keep)
        return fn(*args, **kw)


def test_bootstrap_is_seeded(pubs):
    p, _ = pubs
    a = _quiet(mncs, p, unit="funded_firm", n_boot=100, seed=1)
    b = _quiet(mncs, p, unit="funded_firm", n_boot=100, seed=1)
    c = _quiet(mncs, p, unit="funded_firm", n_boot=100, seed=0)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not a.table["ci_low"].equals(c.table["ci_low"])


def test_contract(pubs):
    p, _ = pubs
    for res in (_quiet(mncs, p, unit="funded_firm", n_boot=50), _quiet(pp_top10, p, unit="field", n_boot=50)):
        assert type(res).__dataclass_params__.frozen
        with pytest.raises(dataclasses.FrozenInstanceError):
            res.estimate = 0.0
        assert isinstance(res.summary(), pd.DataFrame)
        json.dumps(res.to_dict(), allow_nan=False)
        fig, ax = plt.subplots()
        for lang in ("zh", "en"):
            assert res.plot(ax=ax, language=lang) is ax
        plt.close(fig)
