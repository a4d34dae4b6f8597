"""Weight sensitivity: Dirichlet moments, Saaty-scale perturbation, rank reversal, grades, seeding."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from perfmethods.errors import InputError
from perfmethods.indicators.grades import GRADE_BANDS
from perfmethods.weighting import SAATY_SCALE, ahp, perturb_judgments, perturb_weights

SCORES = pd.DataFrame({"a": [0.9, 0.5, 0.7], "b": [0.4, 0.9, 0.6], "c": [0.8, 0.6, 0.7]},
                      index=["p1", "p2", "p3"])


def test_dirichlet_draws_have_the_stated_moments():
    w0 = pd.Series([0.5, 0.3, 0.2], index=list("abc"))
    c = 50.0
    res = perturb_weights(w0, SCORES, concentration=c, draws=40000, seed=1)
    assert res.weights.mean(axis=0) == pytest.approx(w0.to_numpy(), abs=3e-3)
    var = w0.to_numpy() * (1 - w0.to_numpy()) / (c + 1)
    assert res.weights.var(axis=0) == pytest.approx(var, rel=0.05)
    assert res.scores == pytest.approx(res.weights @ SCORES.to_numpy().T)


def test_rank_reversal_and_summary_consistent_with_draws():
    w0 = pd.Series([0.5, 0.3, 0.2], index=list("abc"))
    res = perturb_weights(w0, SCORES, concentration=20, draws=3000, seed=3)
    base = SCORES.to_numpy() @ w0.to_numpy()
    assert res.base_scores.to_numpy() == pytest.approx(base)
    # p1 (0.77) vs p3 (0.67): reversal share recomputed directly
    direct = (res.scores[:, 2] > res.scores[:, 0]).mean()
    assert res.rank_reversal.loc["p1", "p3"] == pytest.approx(direct)
    assert res.rank_reversal.loc["p3", "p1"] == pytest.approx(direct)
    assert np.diag(res.rank_reversal.to_numpy()) == pytest.approx(np.zeros(3))
    summ = res.summary().set_index("object")
    assert summ.loc["p1", "base_rank"] == 1
    assert summ.loc["p1", "p_rank_changes"] == pytest.approx((res.ranks[:, 0] != 1).mean())
    assert summ["p_best"].sum() == pytest.approx(1.0)


def test_seeded_and_reproducible():
    w0 = [0.5, 0.3, 0.2]
    a = perturb_weights(w0, SCORES.to_numpy(), draws=200, seed=0)
    b = perturb_weights(w0, SCORES.to_numpy(), draws=200, seed=0)
    c = perturb_weights(w0, SCORES.to_numpy(), draws=200, seed=np.random.default_rng(0))
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.weights, c.weights)
    assert not np.array_equal(a.weights, perturb_weights(w0, SCORES.to_numpy(), draws=200, seed=1).weights)


def test_judgment_perturbation_stays_on_the_scale():
    m = pd.DataFrame([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]], index=list("abc"), columns=list("abc"))
    res = perturb_judgments(m, SCORES, steps=1, draws=500, seed=2)
    assert res.base_weights.to_numpy() == pytest.approx(ahp(m).weights.to_numpy())
    assert res.weights.shape == (500, 3) and res.weights.sum(axis=1) == pytest.approx(np.ones(500))
    zero = perturb_judgments(m, SCORES, steps=0, draws=5, seed=2)
    assert zero.weights == pytest.approx(np.tile(res.base_weights.to_numpy(), (5, 1)))
    # a judgment at 9 cannot move above 9 (clipped): weights stay finite and positive
    extreme = pd.DataFrame([[1, 9], [1 / 9, 1]], index=["a", "b"], columns=["a", "b"])
    r2 = perturb_judgments(extreme, SCORES[["a", "b"]], steps=3, draws=300, seed=0)
    assert r2.weights[:, 0].max() == pytest.approx(0.9)
    assert set(np.round(r2.weights[:, 0] / r2.weights[:, 1], 6)) <= set(np.round(SAATY_SCALE, 6))


def test_grades_from_bands():
    w0 = pd.Series([0.5, 0.3, 0.2], index=list("abc"))
    scores = pd.DataFrame({"a": [0.95, 0.85], "b": [0.85, 0.95], "c": [0.9, 0.7]}, index=["x", "y"])
    res = perturb_weights(w0, scores, concentration=30, draws=2000, seed=5, scale=100, bands=GRADE_BANDS)
    dist = res.grade_distribution()
    assert dist.sum(axis=1).to_numpy() == pytest.approx([1.0, 1.0])
    assert res.base_grades.tolist() == ["优", "良"]  # x: 91.0, y: 85.5
    summ = res.summary().set_index("object")
    assert summ.loc["x", "p_grade_changes"] == pytest.approx((res.grades[:, 0] != "优").mean())
    d = json.loads(json.dumps(res.to_dict()))
    assert d["scheme"] == "dirichlet" and d["draws"] == 2000
    assert res.plot() is not None


def test_bad_sensitivity_input():
    with pytest.raises(InputError, match="positive finite"):
        perturb_weights([0.5, 0.5, 0.0], SCORES.to_numpy())
    with pytest.raises(InputError, match="'concentration'"):
        perturb_weights([0.5, 0.3, 0.2], SCORES.to_numpy(), concentration=0)
    with pytest.raises(InputError, match="one column per indicator"):
        perturb_weights(pd.Series([0.5, 0.5], index=["a", "z"]), SCORES)
    with pytest.raises(InputError, match="'seed'"):
        perturb_weights([0.5, 0.3, 0.2], SCORES.to_numpy(), seed=None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'steps'"):
        perturb_judgments([[1, 2], [0.5, 1]], SCORES[["a", "b"]].to_numpy(), steps=-1)
    with pytest.raises(InputError, match="no grades"):
        perturb_weights([0.5, 0.3, 0.2], SCORES.to_numpy(), draws=10).grade_distribution()
