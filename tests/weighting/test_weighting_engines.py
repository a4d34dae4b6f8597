"""Weight perturbations on the engines: fixed chunks of draws, the same numbers in this process and on Dask."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods import engines
from perfmethods.errors import InputError
from perfmethods.indicators.grades import GRADE_BANDS
from perfmethods.weighting import ahp, perturb_judgments, perturb_weights
from perfmethods.weighting import sensitivity as sensitivity_module

SCORES = pd.DataFrame({"x1": [0.9, 0.6, 0.7, 0.4], "x2": [0.5, 0.8, 0.6, 0.9], "x3": [0.7, 0.7, 0.9, 0.5]},
                      index=["甲", "乙", "丙", "丁"])
MATRIX = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
W0 = pd.Series({"x1": 0.5, "x2": 0.3, "x3": 0.2})


def _same(a: Any, b: Any) -> None:
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.scores, b.scores)
    assert np.array_equal(a.ranks, b.ranks) and np.array_equal(a.grades, b.grades)
    pd.testing.assert_frame_equal(a.rank_reversal, b.rank_reversal, check_exact=True)


def test_a_run_of_one_chunk_draws_from_the_callers_generator_as_before():
    draws = sensitivity_module.DRAWS_PER_CHUNK
    res = perturb_weights(W0, SCORES, concentration=40, draws=draws, seed=6)
    expected = np.random.default_rng(6).dirichlet(40 * W0.to_numpy(), size=draws)
    assert np.array_equal(res.weights, expected)


def test_chunks_draw_from_spawned_generators_in_chunk_order(monkeypatch):
    monkeypatch.setattr(sensitivity_module, "DRAWS_PER_CHUNK", 70)
    res = perturb_weights(W0, SCORES, concentration=40, draws=150, seed=6)
    children = np.random.default_rng(6).spawn(3)
    expected = np.concatenate([g.dirichlet(40 * W0.to_numpy(), size=k) for g, k in zip(children, (70, 70, 10),
                                                                                        strict=True)])
    assert np.array_equal(res.weights, expected)
    np.testing.assert_allclose(res.scores, res.weights @ SCORES.to_numpy().T, rtol=1e-12)


def test_many_chunks_of_dirichlet_draws_have_the_stated_moments(monkeypatch):
    """E[w] = w₀ and Var[w_j] = w₀_j (1 − w₀_j) / (c + 1) over 20 chunks."""
    monkeypatch.setattr(sensitivity_module, "DRAWS_PER_CHUNK", 1000)
    c = 50.0
    res = perturb_weights(W0, SCORES, concentration=c, draws=20_000, seed=1)
    w0 = W0.to_numpy()
    var = w0 * (1 - w0) / (c + 1)
    # each mean within 5 standard errors; the variances within 5 %
    assert np.all(np.abs(res.weights.mean(axis=0) - w0) < 5 * np.sqrt(var / 20_000))
    np.testing.assert_allclose(res.weights.var(axis=0), var, rtol=0.05)


def test_many_chunks_of_judgments_keep_the_planted_order(monkeypatch):
    """x1 is strongly preferred (3 and 5 over the others): one step on Saaty's scale never makes it lose first place."""
    monkeypatch.setattr(sensitivity_module, "DRAWS_PER_CHUNK", 64)
    res = perturb_judgments(MATRIX, SCORES, steps=1, draws=300, seed=2)
    assert (res.weights.argmax(axis=1) == 0).all()
    base = ahp(MATRIX).weights.to_numpy()
    assert np.abs(res.weights.mean(axis=0) - base).max() < 0.05
    assert res.weights.std(axis=0).min() > 0  # the chunks' judgments move


@pytest.mark.property
@settings(max_examples=20, deadline=None)
@given(chunk=st.integers(1, 120), draws=st.integers(1, 300), seed=st.integers(0, 1000))
def test_the_reversal_share_is_that_of_all_draws_whatever_the_chunks(chunk, draws, seed):
    """Reversal counts added up over chunks are the share of reversed draws among all the draws."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sensitivity_module, "DRAWS_PER_CHUNK", chunk)
        res = perturb_weights(W0, SCORES, concentration=10, draws=draws, seed=seed)
    base = res.base_scores.to_numpy()
    above = base[:, None] > base[None, :]
    draw_above = res.scores[:, :, None] > res.scores[:, None, :]
    expected = ((above[None] & draw_above.transpose(0, 2, 1)) | (above.T[None] & draw_above)).mean(axis=0)
    np.testing.assert_array_equal(res.rank_reversal.to_numpy(), expected)
    assert res.weights.shape == (draws, 3) and res.ranks.shape == (draws, 4)


def test_the_bar_moves_once_per_chunk(monkeypatch):
    log: list[Any] = []

    class Bar:
        def __init__(self, total: int, show: Any = None, desc: str = "", unit: str = "") -> None:
            log.append(("open", total, show, desc))

        def update(self, n: int) -> None:
            log.append(("update", n))

        def __enter__(self) -> Bar:
            return self

        def __exit__(self, *exc: Any) -> None:
            log.append(("close",))

    monkeypatch.setattr(engines, "progress_bar", Bar)
    monkeypatch.setattr(sensitivity_module, "DRAWS_PER_CHUNK", 100)
    perturb_judgments(MATRIX, SCORES, draws=250, seed=0, progress=True)
    assert log == [("open", 3, True, "权重扰动 weight draws"), ("update", 1), ("update", 1), ("update", 1), ("close",)]


@pytest.mark.parametrize("func", ["perturb_weights", "perturb_judgments"])
def test_engine_options_are_checked(func):
    run = {"perturb_weights": lambda **kw: perturb_weights(W0, SCORES, draws=10, **kw),
           "perturb_judgments": lambda **kw: perturb_judgments(MATRIX, SCORES, draws=10, **kw)}[func]
    with pytest.raises(InputError, match=f"The 'engine' parameter of {func} must be one of 'local', 'dask'"):
        run(engine="spark")
    with pytest.raises(InputError, match=f"The 'address' parameter of {func} is for engine='dask'"):
        run(address="127.0.0.1:8786")


@pytest.mark.slow
def test_perturbations_on_dask_equal_the_local_run(dask_address, monkeypatch):
    monkeypatch.setattr(sensitivity_module, "DRAWS_PER_CHUNK", 80)
    options = {"draws": 300, "seed": 8, "scale": 100, "bands": GRADE_BANDS.value}
    _same(perturb_weights(W0, SCORES, **options),
          perturb_weights(W0, SCORES, engine="dask", address=dask_address, **options))
    _same(perturb_judgments(MATRIX, SCORES, **options),
          perturb_judgments(MATRIX, SCORES, engine="dask", address=dask_address, **options))
