"""The impact replications (bootstraps, synthetic-control placebos) on the engines of perfmethods.engines.

For each public function that runs them: a run in several chunks (the chunk size made small here) gives the same
numbers in this process and on the session's two-worker Dask LocalCluster (``dask_address``), exactly; the
multi-chunk result is statistically right; the bar moves once per chunk; a wrong ``engine`` or an ``address``
without Dask is refused before any work, naming the parameter.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfmethods.engines as engines
from perfmethods.datasets import simulate_science_programme
from perfmethods.errors import InputError
from perfmethods.impact import (
    bibliometrics,
    callaway_santanna,
    mncs,
    mnjs,
    pp_top10,
    staggered,
    surrogate,
    surrogate_index,
    synth,
    synthetic_control,
)

# ------------------------------------------------------------------------------------------------- data


@pytest.fixture(scope="module")
def programme() -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    return simulate_science_programme(8, n_firms=200)


def _surrogate_samples(seed: int = 0, n_obs: int = 600, n_exp: int = 400, effect: float = 1.0
                       ) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Y = 2 S + noise in both samples; the treatment raises S by ``effect``, so the effect on Y is 2 × effect."""
    rng = np.random.default_rng(seed)
    s_obs = rng.normal(size=n_obs)
    obs = pd.DataFrame({"s": s_obs, "y": 2.0 * s_obs + rng.normal(size=n_obs)})
    w = (rng.random(n_exp) < 0.5).astype(float)
    exp = pd.DataFrame({"s": rng.normal(size=n_exp) + effect * w, "w": w})
    return obs, exp, 2.0 * effect


def _synth_panel(seed: int = 1, n_donors: int = 8, n_periods: int = 16, t0: int = 11, effect: float = 4.0
                 ) -> pd.DataFrame:
    """Donors from two factors; the treated unit a mix of three donors plus ``effect`` from period ``t0``."""
    rng = np.random.default_rng(seed)
    factors = np.column_stack([np.full(n_periods, 10.0), np.linspace(0, 3, n_periods)])
    donors = factors @ rng.uniform(0.5, 1.5, size=(n_donors, 2)).T + 0.3 * rng.standard_normal((n_periods, n_donors))
    treated = donors[:, :3] @ [0.5, 0.3, 0.2]
    treated[t0:] += effect
    names = ["T"] + [f"D{j}" for j in range(n_donors)]
    y = np.column_stack([treated, donors])
    return pd.DataFrame({"unit": np.repeat(names, n_periods), "time": np.tile(np.arange(n_periods), len(names)),
                         "y": y.T.ravel()})


SYNTH_KW = dict(unit="unit", time="time", outcome="y", treated_unit="T", treatment_time=11, n_candidates=40,
                placebo_candidates=20, placebo_maxfev=200)


def _quiet(fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kw)


@pytest.fixture
def bar_totals(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(total, updates) of every progress bar that perfmethods.engines opens."""
    seen: list[tuple[int, int]] = []

    class Recorder:
        def __init__(self, total: int, **_: Any) -> None:
            self.total, self.updates = total, 0

        def update(self, n: int = 1) -> None:
            self.updates += n

        def __enter__(self) -> Recorder:
            return self

        def __exit__(self, *exc: Any) -> None:
            seen.append((self.total, self.updates))

    monkeypatch.setattr(engines, "progress_bar", Recorder)
    return seen


# ------------------------------------------------------------------------------------------- staggered


def _cs(programme, **kw: Any) -> Any:
    data, _ = programme
    return callaway_santanna(data["panel"], "rd_spending", "firm_id", "year", "cohort", control="never", **kw)


@pytest.mark.slow
def test_multiplier_bootstrap_on_dask_gives_the_local_numbers(programme, monkeypatch, dask_address):
    monkeypatch.setattr(staggered, "BOOTSTRAP_CHUNK", 40)  # 130 draws: 4 chunks
    kw = dict(se="bootstrap", n_boot=130, seed=4, progress=False)
    local = _cs(programme, **kw)
    remote = _cs(programme, engine="dask", address=dask_address, **kw)
    pd.testing.assert_frame_equal(local.att_gt, remote.att_gt, check_exact=True)
    assert (local.estimate, local.se, local.ci) == (remote.estimate, remote.se, remote.ci)
    a = local.aggregate("dynamic", progress=False)
    b = remote.aggregate("dynamic", progress=False, engine="dask", address=dask_address)
    pd.testing.assert_frame_equal(a.table, b.table, check_exact=True)
    assert a.diagnostics == b.diagnostics


def test_multiplier_bootstrap_in_chunks_matches_the_analytic_errors(programme, monkeypatch, bar_totals):
    """Several chunks of draws: the bootstrap standard errors agree with the influence-function ones, the planted
    simple ATT lies in the interval, and the bar moves once per chunk."""
    monkeypatch.setattr(staggered, "BOOTSTRAP_CHUNK", 60)
    _, truth = programme
    boot = _cs(programme, se="bootstrap", n_boot=600, seed=2)
    assert bar_totals[0] == (10, 10)
    analytic = _cs(programme)
    assert boot.se == pytest.approx(analytic.se, rel=0.15)
    np.testing.assert_allclose(boot.att_gt["se"], analytic.att_gt["se"], rtol=0.25)
    assert boot.ci[0] <= truth["rd_spending"]["att_simple"] <= boot.ci[1]
    # the chunks draw independent streams: a second seed gives other draws
    assert _cs(programme, se="bootstrap", n_boot=600, seed=3).se != boot.se


@pytest.mark.parametrize("se", ["analytic", "bootstrap"])
def test_callaway_santanna_refuses_a_wrong_engine(programme, se):
    with pytest.raises(InputError, match="'engine' parameter of callaway_santanna"):
        _cs(programme, se=se, engine="spark")
    with pytest.raises(InputError, match="'address' parameter of callaway_santanna is for engine='dask'"):
        _cs(programme, se=se, address="127.0.0.1:8786")
    cs = _cs(programme, se=se, n_boot=50)
    with pytest.raises(InputError, match="'engine' parameter of aggregate"):
        cs.aggregate("dynamic", engine="spark")
    with pytest.raises(InputError, match="'address' parameter of aggregate"):
        cs.aggregate("dynamic", address="127.0.0.1:8786")


# --------------------------------------------------------------------------------------- bibliometrics


@pytest.mark.slow
@pytest.mark.parametrize("indicator", [mncs, pp_top10])
def test_bibliometric_bootstrap_on_dask_gives_the_local_numbers(programme, monkeypatch, dask_address, indicator):
    data, _ = programme
    pubs = data["publications"]
    monkeypatch.setattr(bibliometrics, "BOOTSTRAP_CELLS", 40 * len(pubs))  # 40 draws a chunk: 3 chunks
    kw = dict(unit="after_funding", share="share", n_boot=110, seed=6, progress=False)
    local = _quiet(indicator, pubs, **kw)
    remote = _quiet(indicator, pubs, engine="dask", address=dask_address, **kw)
    pd.testing.assert_frame_equal(local.table, remote.table, check_exact=True)
    assert (local.estimate, local.se, local.ci) == (remote.estimate, remote.se, remote.ci)


def test_bibliometric_bootstrap_in_chunks_has_the_standard_error_of_a_mean(programme, monkeypatch, bar_totals):
    """Full counting, one group: the bootstrap of the mean normalised score has the standard error s / √n (the
    plug-in one, √((n − 1)/n) s / √n) within its Monte Carlo error, drawn in several chunks."""
    data, _ = programme
    pubs = data["publications"]
    monkeypatch.setattr(bibliometrics, "BOOTSTRAP_CELLS", 100 * len(pubs))  # 100 draws a chunk
    res = _quiet(mncs, pubs, n_boot=800, seed=3)
    assert bar_totals == [(8, 8)]
    expected = pubs.groupby(["field", "year"])["citations"].transform("mean")
    x = (pubs["citations"] / expected).to_numpy()
    n = len(x)
    plug_in = x.std(ddof=0) / np.sqrt(n)
    assert res.se == pytest.approx(plug_in, rel=0.12)  # 800 draws: the SD of an SD estimate is ≈ 2.5 %
    assert res.ci[0] < res.estimate < res.ci[1]
    assert res.ci[1] - res.ci[0] == pytest.approx(2 * 1.96 * plug_in, rel=0.15)


@settings(max_examples=15, deadline=None)
@given(cells=st.integers(1, 2_000), n_boot=st.integers(50, 200), seed=st.integers(0, 2**32 - 1))
def test_every_chunk_of_draws_stays_within_each_units_values(cells, n_boot, seed):
    """Whatever the chunking, each draw is a weighted mean of the unit's own publications: within their range."""
    rng = np.random.default_rng(seed)
    n = 30
    x = rng.gamma(1.0, 1.0, n)
    a = rng.uniform(0.1, 1.0, n)
    ucode = rng.integers(0, 3, n)
    ucode[:3] = [0, 1, 2]
    original = bibliometrics.BOOTSTRAP_CELLS
    try:
        bibliometrics.BOOTSTRAP_CELLS = cells
        _, lo, hi, overall = bibliometrics._bootstrap(x, a, ucode, 3, n_boot, np.random.default_rng(seed), 0.05,
                                                      progress=False)
    finally:
        bibliometrics.BOOTSTRAP_CELLS = original
    low = np.array([x[ucode == u].min() for u in range(3)])
    high = np.array([x[ucode == u].max() for u in range(3)])
    assert np.all(low - 1e-12 <= lo) and np.all(hi <= high + 1e-12)
    assert len(overall) == n_boot and np.all((x.min() - 1e-12 <= overall) & (overall <= x.max() + 1e-12))


@pytest.mark.parametrize("indicator", [mncs, pp_top10, mnjs])
def test_bibliometric_indicators_refuse_a_wrong_engine(programme, indicator):
    data, _ = programme
    pubs = data["publications"].assign(jif=1.0 + data["publications"]["citations"])
    kw = {"journal_score": "jif"} if indicator is mnjs else {}
    name = indicator.__name__
    with pytest.raises(InputError, match=f"'engine' parameter of {name}"):
        indicator(pubs, n_boot=50, engine="spark", **kw)
    with pytest.raises(InputError, match=f"'address' parameter of {name} is for engine='dask'"):
        indicator(pubs, n_boot=50, address="127.0.0.1:8786", **kw)


def test_mnjs_shows_its_bar_over_the_chunks(programme, monkeypatch, bar_totals):
    """mnjs passes ``progress`` on (it used to drop it): its bar counts the chunks of draws."""
    data, _ = programme
    pubs = data["publications"].assign(jif=1.0 + data["publications"]["citations"])
    monkeypatch.setattr(bibliometrics, "BOOTSTRAP_CELLS", 25 * len(pubs))
    _quiet(mnjs, pubs, journal_score="jif", n_boot=100, progress=False)
    assert bar_totals == [(4, 4)]


# ------------------------------------------------------------------------------------------- surrogate

SURROGATE_KW = dict(outcome="y", surrogates=["s"], treated="w")


@pytest.mark.slow
def test_surrogate_bootstrap_on_dask_gives_the_local_numbers(monkeypatch, dask_address):
    monkeypatch.setattr(surrogate, "BOOTSTRAP_CHUNK", 30)  # 100 draws: 4 chunks
    obs, exp, _ = _surrogate_samples(seed=1, n_obs=300, n_exp=200)
    kw = dict(SURROGATE_KW, se_method="bootstrap", n_boot=100, seed=2, progress=False)
    local = surrogate_index(obs, exp, **kw)
    remote = surrogate_index(obs, exp, engine="dask", address=dask_address, **kw)
    assert (local.estimate, local.se, local.ci, local.p_value) == (remote.estimate, remote.se, remote.ci,
                                                                   remote.p_value)


def test_surrogate_bootstrap_in_chunks_matches_the_analytic_error(monkeypatch, bar_totals):
    monkeypatch.setattr(surrogate, "BOOTSTRAP_CHUNK", 50)
    obs, exp, effect = _surrogate_samples(seed=3)
    boot = surrogate_index(obs, exp, **SURROGATE_KW, se_method="bootstrap", n_boot=500, seed=0)
    assert bar_totals == [(10, 10)]
    analytic = surrogate_index(obs, exp, **SURROGATE_KW)
    assert boot.estimate == analytic.estimate
    assert boot.se == pytest.approx(analytic.se, rel=0.15)
    assert boot.ci[0] <= effect <= boot.ci[1]


@pytest.mark.parametrize("se_method", ["analytic", "bootstrap"])
def test_surrogate_index_refuses_a_wrong_engine_and_too_few_draws(se_method):
    obs, exp, _ = _surrogate_samples(seed=4, n_obs=100, n_exp=60)
    kw = dict(SURROGATE_KW, se_method=se_method)
    with pytest.raises(InputError, match="'engine' parameter of surrogate_index"):
        surrogate_index(obs, exp, engine="spark", **kw)
    with pytest.raises(InputError, match="'address' parameter of surrogate_index is for engine='dask'"):
        surrogate_index(obs, exp, address="127.0.0.1:8786", **kw)
    with pytest.raises(InputError, match="'n_boot' parameter of surrogate_index"):
        surrogate_index(obs, exp, n_boot=0, **kw)


# ---------------------------------------------------------------------------------------------- synth


@pytest.mark.slow
def test_placebos_on_dask_give_the_local_numbers(monkeypatch, dask_address):
    monkeypatch.setattr(synth, "PLACEBO_CHUNK", 3)  # 8 donors: 3 chunks
    frame = _synth_panel()
    local = _quiet(synthetic_control, frame, progress=False, **SYNTH_KW)
    remote = _quiet(synthetic_control, frame, progress=False, engine="dask", address=dask_address, **SYNTH_KW)
    pd.testing.assert_frame_equal(local.placebos, remote.placebos, check_exact=True)
    pd.testing.assert_frame_equal(local.placebo_gaps, remote.placebo_gaps, check_exact=True)
    assert (local.estimate, local.se, local.ci, local.p_value) == (remote.estimate, remote.se, remote.ci,
                                                                   remote.p_value)


def test_placebos_in_chunks_single_out_the_planted_effect(monkeypatch, bar_totals):
    """Three chunks of placebos: the treated unit has the largest post/pre RMSPE ratio (p = 1/9), every donor is a
    placebo once, in donor order, and the bar moves once per chunk."""
    monkeypatch.setattr(synth, "PLACEBO_CHUNK", 3)
    result = _quiet(synthetic_control, _synth_panel(), **SYNTH_KW)
    assert bar_totals == [(3, 3)]
    assert list(result.placebos["unit"]) == ["T"] + [f"D{j}" for j in range(8)]
    assert list(result.placebo_gaps.columns) == list(result.placebos["unit"])
    assert result.p_value == pytest.approx(1 / 9)
    assert result.ci[0] <= 4.0 <= result.ci[1]
    # the gaps are the placebo units' outcomes less their synthetic controls: small before the treatment time
    pre = result.placebo_gaps.loc[result.placebo_gaps.index < 11, result.placebo_gaps.columns[1:]]
    assert np.sqrt((pre**2).mean()).max() < 1.5


@pytest.mark.parametrize("placebos", [True, False])
def test_synthetic_control_refuses_a_wrong_engine(placebos):
    frame = _synth_panel(n_donors=4)
    kw = dict(SYNTH_KW, placebos=placebos)
    with pytest.raises(InputError, match="'engine' parameter of synthetic_control"):
        synthetic_control(frame, engine="spark", **kw)
    with pytest.raises(InputError, match="'address' parameter of synthetic_control is for engine='dask'"):
        synthetic_control(frame, address="127.0.0.1:8786", **kw)


# ------------------------------------------------------------------------------------ within one chunk


def test_runs_within_one_chunk_keep_the_numbers_they_had_before_chunking(programme):
    """A run of one chunk draws from the caller's generator as the unchunked code did: these are the numbers that
    code gave (perfmethods before the engines, same seeds and data). The multiplier bootstrap's product, in single
    precision then, is exact now: its numbers moved by less than 1e-6 relative."""
    data, _ = programme
    cs = _cs(programme, se="bootstrap", n_boot=80, seed=1)
    assert cs.se == pytest.approx(3.4471446926938065, rel=1e-6)
    assert cs.aggregate("dynamic").diagnostics["critical_value_uniform"] == pytest.approx(2.7037672440230622,
                                                                                          rel=1e-6)
    m = _quiet(mncs, data["publications"], unit="after_funding", share="share", n_boot=100, seed=2)
    assert m.se == pytest.approx(0.015890183293229672, rel=1e-9)
    np.testing.assert_allclose(m.ci, (0.9764801302464647, 1.035211671389532), rtol=1e-9)
    np.testing.assert_allclose(m.table["se"], [0.017395225524537747, 0.04688027437905152], rtol=1e-9)
    obs, exp, _ = _surrogate_samples(seed=5, n_obs=200, n_exp=100)
    s = surrogate_index(obs, exp, **SURROGATE_KW, se_method="bootstrap", n_boot=80, seed=3)
    assert s.se == pytest.approx(0.3912307418363703, rel=1e-9)
    sc = _quiet(synthetic_control, _synth_panel(n_donors=6), **SYNTH_KW)
    np.testing.assert_allclose(sc.placebos["ratio"].iloc[1:], [1.4875290224812379, 0.32049708450163694,
                                                               1.2197182764293695, 0.9588987733151043,
                                                               2.4447205213414747, 1.8408313346820349], rtol=1e-6)
    assert sc.se == pytest.approx(0.5769770997924231, rel=1e-6)
