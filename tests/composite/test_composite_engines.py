"""The composite index's Monte Carlo and Sobol runs on the engines: fixed chunks, the same numbers here and on Dask."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from SALib.test_functions import Ishigami

from perfmethods import engines
from perfmethods.composite import (
    ChoiceModel,
    CompositeIndex,
    robustness,
    sensitivity_analysis,
    sobol_indices,
    uncertainty_analysis,
    variance_based,
)
from perfmethods.composite.robustness import ChoiceRuns, RunsTask, choice_runs
from perfmethods.errors import InputError

GROUPS = {"i0": "A", "i1": "A", "i2": "B", "i3": "B", "i4": "C", "i5": "C"}
CHOICES: dict[str, Any] = {"normalisation": [{"method": "minmax", "range": (1, 100)}, "rank"],
                           "aggregation": ["arithmetic", "geometric"], "exclude": True, "weight_noise": 0.3}
ISHIGAMI = {f"x{i}": (-np.pi, np.pi) for i in (1, 2, 3)}


def _index(units: int = 12, seed: int = 0) -> CompositeIndex:
    """Units × 6 indicators in 3 groups; unit 1 is best and unit 2 worst on every indicator (planted)."""
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.uniform(10, 100, size=(units, 6)), index=[f"单位{k + 1}" for k in range(units)],
                        columns=list(GROUPS))
    data.iloc[0] = 200.0
    data.iloc[1] = 1.0
    return CompositeIndex(data, framework=GROUPS).normalise("minmax", range=(1, 100)).aggregate()


def _assert_same_uncertainty(a: Any, b: Any) -> None:
    assert np.array_equal(a.ranks, b.ranks) and np.array_equal(a.scores, b.scores)
    pd.testing.assert_frame_equal(a.choices, b.choices)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.mean_abs_shift == b.mean_abs_shift


class _Bar:
    """A progress bar that records what it is asked to show."""

    def __init__(self, log: list[Any], total: int, show: Any) -> None:
        self.log = log
        log.append(("open", total, show))

    def update(self, n: int) -> None:
        self.log.append(("update", n))

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.log.append(("close",))


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    log: list[Any] = []
    monkeypatch.setattr(engines, "progress_bar", lambda total, show=None, desc="", unit="": _Bar(log, total, show))
    return log


# --- Monte Carlo --------------------------------------------------------------------------------------------------
def test_a_run_of_one_chunk_draws_from_the_callers_generator_as_before():
    """Up to DRAWS_PER_CHUNK draws: the factors are rng.random((draws, factors)) of the caller's generator."""
    idx = _index()
    draws = robustness.DRAWS_PER_CHUNK
    res = uncertainty_analysis(idx, draws=draws, seed=5, **CHOICES)
    model = ChoiceModel.from_index(idx, **CHOICES)
    design = np.random.default_rng(5).random((draws, len(model.factors)))
    pd.testing.assert_frame_equal(res.choices, model.choices_frame(design))
    scores, ranks, _, _ = model.evaluate(design)
    assert np.array_equal(res.scores, scores) and np.array_equal(res.ranks, ranks)


def test_chunks_draw_from_spawned_generators_in_chunk_order(monkeypatch):
    idx = _index()
    monkeypatch.setattr(robustness, "DRAWS_PER_CHUNK", 40)
    res = uncertainty_analysis(idx, draws=100, seed=9, **CHOICES)
    model = ChoiceModel.from_index(idx, **CHOICES)
    children = np.random.default_rng(9).spawn(3)
    design = np.concatenate([g.random((size, len(model.factors))) for g, size in zip(children, (40, 40, 20),
                                                                                       strict=True)])
    pd.testing.assert_frame_equal(res.choices, model.choices_frame(design))
    assert np.array_equal(res.ranks, model.evaluate(design)[1])
    # the chunks are different streams: no chunk repeats another's draws
    assert len({tuple(np.round(row, 12)) for row in design}) == 100


def test_a_run_of_many_chunks_recovers_the_planted_ranks_and_the_choice_shares(monkeypatch):
    """Several chunks: the planted best and worst units keep their ranks; the choices are drawn equiprobably."""
    monkeypatch.setattr(robustness, "DRAWS_PER_CHUNK", 250)
    res = uncertainty_analysis(_index(), draws=2000, seed=1, **CHOICES)
    table = res.table.set_index("unit")
    assert table.loc["单位1", ["rank_q05", "median_rank", "rank_q95"]].tolist() == [1, 1, 1]
    assert table.loc["单位2", ["rank_q05", "rank_q95"]].tolist() == [12, 12]
    assert res.mean_abs_shift > 0
    # 2000 draws: each share within 4 standard errors of its probability
    for column, k in (("normalisation", 2), ("aggregation", 2), ("excluded", 7)):
        shares = res.choices[column].value_counts(normalize=True)
        assert len(shares) == k
        assert (abs(shares - 1 / k) < 4 * np.sqrt((1 / k) * (1 - 1 / k) / 2000)).all()
    # the summed rank counts of the chunks give the table of all the runs' ranks
    np.testing.assert_allclose(table.loc[list(res.units), "median_rank"], np.median(res.ranks, axis=0))
    np.testing.assert_allclose(table.loc[list(res.units), "rank_q95"], np.percentile(res.ranks, 95, axis=0))


def test_the_monte_carlo_bar_moves_once_per_chunk(monkeypatch, bars):
    monkeypatch.setattr(robustness, "DRAWS_PER_CHUNK", 30)
    uncertainty_analysis(_index(), draws=100, seed=0, progress=True, **CHOICES)
    assert bars == [("open", 4, None), ("update", 1), ("update", 1), ("update", 1), ("update", 1), ("close",)]
    bars.clear()
    uncertainty_analysis(_index(), draws=100, seed=0, progress=False, **CHOICES)
    assert bars[0] == ("open", 4, False)


def test_a_chunk_without_design_or_generator_is_refused():
    model = ChoiceModel.from_index(_index(), **CHOICES)
    with pytest.raises(InputError, match="needs either the factor values"):
        choice_runs(RunsTask(model, draws=5))


def test_choice_runs_combine_in_chunk_order():
    model = ChoiceModel.from_index(_index(), **CHOICES)
    design = np.random.default_rng(3).random((30, len(model.factors)))
    nominal = model.index.ranks.to_numpy(dtype=float)
    whole = choice_runs(RunsTask(model, design=design, nominal=nominal))
    parts = ChoiceRuns.combine([choice_runs(RunsTask(model, design=d, nominal=nominal))
                                for d in np.split(design, [7, 20])])
    for name in ("design", "scores", "ranks", "counts", "shift"):
        np.testing.assert_allclose(getattr(parts, name), getattr(whole, name), rtol=1e-12, err_msg=name)
    lean = ChoiceRuns.combine([choice_runs(RunsTask(model, design=d, keep_scores=False)) for d in (design, design)])
    assert lean.scores is None and lean.ranks.shape == (60, 12) and np.isnan(lean.shift).all()


@pytest.mark.parametrize("func", ["uncertainty_analysis", "sensitivity_analysis"])
def test_engine_options_of_the_composite_analyses_are_checked(func):
    analysis = {"uncertainty_analysis": lambda **kw: uncertainty_analysis(_index(), draws=20, **CHOICES, **kw),
                "sensitivity_analysis": lambda **kw: sensitivity_analysis(_index(), n=8, **CHOICES, **kw)}[func]
    with pytest.raises(InputError, match=f"The 'engine' parameter of {func} must be one of 'local', 'dask'"):
        analysis(engine="spark")
    with pytest.raises(InputError, match=f"The 'address' parameter of {func} is for engine='dask'"):
        analysis(address="127.0.0.1:8786")


def test_engine_options_of_sobol_indices_are_checked():
    with pytest.raises(InputError, match="The 'engine' parameter of sobol_indices must be one of"):
        sobol_indices(Ishigami.evaluate, ISHIGAMI, n=8, engine="spark")
    with pytest.raises(InputError, match="The 'address' parameter of sobol_indices is for engine='dask'"):
        sobol_indices(Ishigami.evaluate, ISHIGAMI, n=8, address="127.0.0.1:8786")


# --- Sobol --------------------------------------------------------------------------------------------------------
def test_a_chunked_sobol_design_finds_the_factor_that_matters(monkeypatch, bars):
    """Several chunks of the design: a factor that changes no rank has S1 = ST = 0; the weights carry the rest."""
    monkeypatch.setattr(variance_based, "RUNS_PER_CHUNK", 500)
    idx = _index()
    res = sensitivity_analysis(idx, normalisation=[{"method": "minmax", "range": (1, 100)},
                                                   {"method": "minmax", "range": (1, 10)}],
                               weight_noise=0.5, weight_levels=[1, 2], n=256, seed=0, progress=True)
    assert res.n_runs == 256 * 12 and bars[0] == ("open", 7, None) and bars.count(("update", 1)) == 7
    first = res.first_output().set_index("factor")
    assert first.loc["normalisation", ["S1", "ST"]].abs().max() < 1e-12
    assert first.drop(index="normalisation")["ST"].sum() > 0.9
    dominant = res.indices[res.indices["output"] == "单位1"]
    assert (dominant[["S1", "ST"]] == 0).all().all()


def test_chunking_the_sobol_design_changes_no_index(monkeypatch):
    """The design's rows are evaluated in chunks and put back in row order: the indices of one chunk."""
    idx = _index()
    whole = sensitivity_analysis(idx, n=64, seed=2, **CHOICES)
    assert whole.n_runs <= variance_based.RUNS_PER_CHUNK
    monkeypatch.setattr(variance_based, "RUNS_PER_CHUNK", 100)
    chunked = sensitivity_analysis(idx, n=64, seed=2, **CHOICES)
    pd.testing.assert_frame_equal(chunked.indices, whole.indices, rtol=0, atol=1e-12)


@pytest.mark.property
@settings(max_examples=20, deadline=None)
@given(chunk=st.integers(1, 200), n=st.sampled_from([8, 16, 32]))
def test_sobol_indices_do_not_depend_on_the_chunk_size(chunk, n):
    """Ishigami's function works row by row, so any chunking of the design gives bit-identical indices."""
    whole = sobol_indices(Ishigami.evaluate, ISHIGAMI, n=n, seed=4, resamples=10)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(variance_based, "RUNS_PER_CHUNK", chunk)
        chunked = sobol_indices(Ishigami.evaluate, ISHIGAMI, n=n, seed=4, resamples=10)
    pd.testing.assert_frame_equal(chunked.indices, whole.indices, check_exact=True)


def test_a_chunked_ishigami_design_recovers_the_analytic_indices(monkeypatch):
    monkeypatch.setattr(variance_based, "RUNS_PER_CHUNK", 3000)
    res = sobol_indices(Ishigami.evaluate, ISHIGAMI, n=4096, seed=0).first_output()  # 20,480 runs in 7 chunks
    np.testing.assert_allclose(res["S1"], [0.313905, 0.442411, 0.0], atol=0.02)
    np.testing.assert_allclose(res["ST"], [0.557589, 0.442411, 0.243684], atol=0.02)


def test_a_chunk_with_the_wrong_number_of_outputs_is_refused(monkeypatch):
    monkeypatch.setattr(variance_based, "RUNS_PER_CHUNK", 10)
    with pytest.raises(InputError, match="one output \\(or one row of outputs\\) per run: 10 runs; got shape \\(9,\\)"):
        sobol_indices(lambda x: x[1:, 0], ISHIGAMI, n=8)
    with pytest.raises(InputError, match="per run: 10 runs; got shape \\(\\)"):
        sobol_indices(lambda x: np.float64(1.0), ISHIGAMI, n=8)
    calls = iter([2, 3, 3, 3])  # chunks that disagree on the number of outputs
    with pytest.raises(InputError, match="got shape \\(10, 3\\)"):
        sobol_indices(lambda x: np.zeros((len(x), next(calls))), ISHIGAMI, n=8)


# --- the same numbers on Dask -------------------------------------------------------------------------------------
@pytest.mark.slow
def test_uncertainty_on_dask_equals_the_local_run(dask_address, monkeypatch):
    monkeypatch.setattr(robustness, "DRAWS_PER_CHUNK", 60)
    idx = _index()
    local = uncertainty_analysis(idx, draws=200, seed=11, **CHOICES)
    remote = uncertainty_analysis(idx, draws=200, seed=11, engine="dask", address=dask_address, **CHOICES)
    _assert_same_uncertainty(local, remote)


@pytest.mark.slow
def test_sensitivity_on_dask_equals_the_local_run(dask_address, monkeypatch):
    monkeypatch.setattr(variance_based, "RUNS_PER_CHUNK", 150)
    idx = _index()
    local = sensitivity_analysis(idx, n=64, seed=3, **CHOICES)  # 64 × (6 + 2) = 512 runs: 4 chunks
    remote = sensitivity_analysis(idx, n=64, seed=3, engine="dask", address=dask_address, **CHOICES)
    pd.testing.assert_frame_equal(local.indices, remote.indices, check_exact=True)
    assert local.settings == remote.settings


@pytest.mark.slow
def test_sobol_indices_on_dask_equal_the_local_run(dask_address, monkeypatch):
    monkeypatch.setattr(variance_based, "RUNS_PER_CHUNK", 100)
    local = sobol_indices(Ishigami.evaluate, ISHIGAMI, n=64, seed=1)  # 320 runs: 4 chunks
    remote = sobol_indices(Ishigami.evaluate, ISHIGAMI, n=64, seed=1, engine="dask", address=dask_address)
    pd.testing.assert_frame_equal(local.indices, remote.indices, check_exact=True)
