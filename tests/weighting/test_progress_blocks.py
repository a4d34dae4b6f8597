"""Large AHP stacks and weight perturbations run in blocks with an optional progress bar: same numbers."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfmethods.progress as progress
import perfmethods.weighting.analytic_hierarchy as analytic_hierarchy
import perfmethods.weighting.sensitivity as sensitivity
from perfmethods.indicators.grades import GRADE_BANDS
from perfmethods.weighting import SAATY_SCALE, ahp, perturb_judgments, perturb_weights

SCORES = pd.DataFrame({"x1": [0.9, 0.6, 0.7, 0.4], "x2": [0.5, 0.8, 0.6, 0.9], "x3": [0.7, 0.7, 0.9, 0.5]},
                      index=["甲", "乙", "丙", "丁"])
MATRIX = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])


def random_stack(k: int, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, SAATY_SCALE.size, size=(k, n * (n - 1) // 2))
    iu, ju = np.triu_indices(n, 1)
    a = np.ones((k, n, n))
    a[:, iu, ju] = SAATY_SCALE[idx]
    a[:, ju, iu] = 1.0 / SAATY_SCALE[idx]
    return a


@pytest.fixture
def bar_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown bars appear at once (however quick the call), so that the shown path really runs."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.delenv("PERFMETHODS_PROGRESS", raising=False)


@settings(max_examples=15, deadline=None)
@given(k=st.integers(1, 300), n=st.integers(3, 8), block=st.integers(1, 64),
       method=st.sampled_from(["eigenvector", "geometric", "arithmetic"]), seed=st.integers(0, 2**31))
def test_an_ahp_stack_in_blocks_is_the_stack_at_once(k, n, block, method, seed):
    a = random_stack(k, n, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = ahp(a, method=method, warn=False)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(analytic_hierarchy, "_STACK_BLOCK", block)
            blocked = ahp(a, method=method, warn=False, progress=False)
    np.testing.assert_array_equal(blocked.weights, whole.weights)
    np.testing.assert_array_equal(blocked.cr, whole.cr)


def test_a_large_ahp_stack_shows_a_bar_and_the_same_weights(capsys, bar_at_once, monkeypatch):
    a = random_stack(500, 5, 0)
    monkeypatch.setattr(analytic_hierarchy, "_STACK_BLOCK", 100)
    shown = ahp(a, warn=False, progress=True)
    assert "层次分析 AHP" in capsys.readouterr().err
    quiet = ahp(a, warn=False)
    assert capsys.readouterr().err == ""
    np.testing.assert_array_equal(shown.weights, quiet.weights)
    np.testing.assert_array_equal(shown.lambda_max, quiet.lambda_max)


def _same(a, b) -> None:
    np.testing.assert_array_equal(a.weights, b.weights)
    np.testing.assert_array_equal(a.scores, b.scores)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    pd.testing.assert_frame_equal(a.rank_reversal, b.rank_reversal)
    np.testing.assert_array_equal(a.grades, b.grades)


def test_perturbations_same_with_and_without_a_bar(capsys, bar_at_once):
    w0 = pd.Series({"x1": 0.5, "x2": 0.3, "x3": 0.2})
    shown = perturb_weights(w0, SCORES, draws=3000, seed=4, scale=100, bands=GRADE_BANDS.value, progress=True)
    assert "权重扰动 weight draws" in capsys.readouterr().err
    quiet = perturb_weights(w0, SCORES, draws=3000, seed=4, scale=100, bands=GRADE_BANDS.value)
    assert capsys.readouterr().err == ""
    _same(shown, quiet)
    shown = perturb_judgments(MATRIX, SCORES, draws=3000, seed=4, scale=100, bands=GRADE_BANDS.value,
                              progress=True)
    assert "权重扰动 weight draws" in capsys.readouterr().err
    _same(shown, perturb_judgments(MATRIX, SCORES, draws=3000, seed=4, scale=100, bands=GRADE_BANDS.value))


@pytest.mark.parametrize("block", [1, 7, 4096])
def test_rank_reversal_counted_in_blocks_is_the_share_of_reversed_draws(monkeypatch, block):
    w0 = pd.Series({"x1": 0.4, "x2": 0.35, "x3": 0.25})
    monkeypatch.setattr(sensitivity, "_DRAW_BLOCK", block)
    res = perturb_weights(w0, SCORES, concentration=15, draws=500, seed=9)
    # the definition, on all draws at once: base says i above j and the draw says j above i (strictly)
    base = res.base_scores.to_numpy()
    above = base[:, None] > base[None, :]
    draw_above = res.scores[:, :, None] > res.scores[:, None, :]
    expected = ((above[None] & draw_above.transpose(0, 2, 1)) | (above.T[None] & draw_above)).mean(axis=0)
    np.testing.assert_array_equal(res.rank_reversal.to_numpy(), expected)
    assert expected.max() > 0  # concentration 15 moves some orders: the check has something to count
