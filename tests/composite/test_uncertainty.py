"""Monte Carlo uncertainty and Sobol sensitivity of a composite index; Sobol indices on Ishigami's function."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from SALib.test_functions import Ishigami

from perfmethods.composite import (
    ChoiceModel,
    CompositeIndex,
    factor_label,
    rank_units,
    sensitivity_analysis,
    sobol_indices,
    uncertainty_analysis,
)
from perfmethods.composite.robustness import rank_counts, rank_quantiles
from perfmethods.errors import InputError


# --- sobol_ishigami ------------------------------------------------------------------------------------------
# Source: SALib/SALib@1c375488 src/SALib/test_functions/Ishigami.py docstring (analytic S1 from Saltelli et al.
# 2008, The Primer) and tests/test_sobol.py l.115-116; the case notes give the closed form S1 and ST.
@pytest.mark.reference
def test_sobol_ishigami(cases):
    case = cases["sobol_ishigami"]
    assert case["input"]["N"] == 512 and case["input"]["sampler"] == "Saltelli/Sobol, calc_second_order=True"
    bounds = {f"x{i}": (-np.pi, np.pi) for i in (1, 2, 3)}
    # N = 512 with the plain (unscrambled) Sobol' sequence, as SALib's tests/test_sobol.py samples it
    res = sobol_indices(Ishigami.evaluate, bounds, n=512, second_order=True, scramble=False, seed=0)
    tol = case["tolerance"]
    first = res.first_output()
    np.testing.assert_allclose(first["S1"], case["expected"]["S1_analytic"], atol=tol["atol"], rtol=tol["rtol"])
    np.testing.assert_allclose(first["S1"], case["expected"]["S1_test"], atol=tol["atol"], rtol=tol["rtol"])
    np.testing.assert_allclose(first["ST"], case["expected"]["ST_test"], atol=tol["atol"], rtol=tol["rtol"])
    np.testing.assert_allclose(first["ST"], [0.557589, 0.442411, 0.243684], atol=tol["atol"], rtol=tol["rtol"])
    assert (first["S1_conf"] > 0).all() and (first["S1_conf"] < 0.2).all()
    s13 = res.second_order.set_index(["factor_i", "factor_j"]).loc[("x1", "x3"), "S2"]
    assert s13 == pytest.approx(0.557589 - 0.313905, abs=0.1)  # the only interaction: S13 = ST1 - S1
    assert res.settings["runs"] == 512 * (2 * 3 + 2)
    # a seeded scrambled design with N = 4096 is closer still to the closed form
    big = sobol_indices(Ishigami.evaluate, bounds, n=4096, seed=0).first_output()
    np.testing.assert_allclose(big["S1"], [0.313905, 0.442411, 0.0], atol=0.02)
    np.testing.assert_allclose(big["ST"], [0.557589, 0.442411, 0.243684], atol=0.02)


def test_sobol_is_reproducible_with_seed_zero_and_columns_match_the_scalar_path():
    bounds = {f"x{i}": (-np.pi, np.pi) for i in (1, 2, 3)}
    one = sobol_indices(Ishigami.evaluate, bounds, n=256, seed=0)
    two = sobol_indices(Ishigami.evaluate, bounds, n=256, seed=0)
    pd.testing.assert_frame_equal(one.indices, two.indices)  # SALib's `if seed:` would re-randomise seed 0

    def both(x):
        y = Ishigami.evaluate(x)
        return np.column_stack([y, 2 * y + 3])

    many = sobol_indices(both, bounds, n=256, seed=0, outputs=["y", "2y+3"])
    np.testing.assert_allclose(many.by_unit("S1").to_numpy()[0], one.first_output()["S1"], atol=1e-12)
    np.testing.assert_allclose(many.by_unit("ST").to_numpy(), many.by_unit("ST").to_numpy()[[0, 0]], atol=1e-12)
    with pytest.raises(InputError, match="power of 2"):
        sobol_indices(Ishigami.evaluate, bounds, n=500)
    with pytest.raises(InputError, match="low < high"):
        sobol_indices(Ishigami.evaluate, {"a": (1, 0), "b": (0, 1)})


# --- the composite index's uncertain choices -----------------------------------------------------------------
def _index(units: int = 15, seed: int = 0) -> CompositeIndex:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.uniform(10, 100, size=(units, 6)), index=[f"单位{k + 1}" for k in range(units)],
                        columns=[f"i{j}" for j in range(6)])
    data.iloc[0] = 200.0  # planted: best on every indicator
    data.iloc[1] = 1.0  # planted: worst on every indicator
    groups = {"i0": "A", "i1": "A", "i2": "B", "i3": "B", "i4": "C", "i5": "C"}
    return CompositeIndex(data, framework=groups).normalise("minmax", range=(1, 100)).aggregate()


ALTERNATIVES = {"normalisation": [{"method": "minmax", "range": (1, 100)}, "rank", {"method": "zscore", "mean": 10}],
                "aggregation": ["arithmetic", "geometric"], "exclude": True, "weight_noise": 0.3}


def test_dominant_units_keep_their_ranks_and_the_result_is_reproducible():
    idx = _index()
    res = uncertainty_analysis(idx, draws=600, seed=3, **ALTERNATIVES)
    again = uncertainty_analysis(idx, draws=600, seed=3, **ALTERNATIVES)
    np.testing.assert_array_equal(res.ranks, again.ranks)
    table = res.table.set_index("unit")
    # a unit best (worst) on every indicator is first (last) under any monotone normalisation, mean and weights
    assert table.loc["单位1", ["rank_q05", "median_rank", "rank_q95"]].tolist() == [1, 1, 1]
    assert table.loc["单位2", ["rank_q05", "rank_q95"]].tolist() == [15, 15]
    assert table.loc["单位1", "share_changed"] == 0 and table.loc["单位1", "mean_abs_shift"] == 0
    # the others move, and R̄_S is the mean of the per-unit mean shifts
    assert res.mean_abs_shift > 0
    assert res.mean_abs_shift == pytest.approx(table["mean_abs_shift"].mean())
    assert (table["rank_q05"] <= table["median_rank"]).all() and (table["median_rank"] <= table["rank_q95"]).all()


def test_choices_are_drawn_as_specified():
    idx = _index()
    res = uncertainty_analysis(idx, draws=3000, seed=1, **ALTERNATIVES)
    shares = res.choices["normalisation"].value_counts(normalize=True)
    assert len(shares) == 3 and (abs(shares - 1 / 3) < 0.04).all()
    assert set(res.choices["aggregation"]) == {"arithmetic", "geometric"}
    excluded = res.choices["excluded"].value_counts(normalize=True)
    assert set(excluded.index) == {"", "i0", "i1", "i2", "i3", "i4", "i5"} and (abs(excluded - 1 / 7) < 0.03).all()
    multipliers = res.choices[["weight:A", "weight:B", "weight:C"]].to_numpy()
    assert multipliers.min() >= 0.7 and multipliers.max() <= 1.3 and multipliers.std() > 0.15
    # every run's scores are those of the index rebuilt with that run's choices
    model = ChoiceModel.from_index(idx, **ALTERNATIVES)
    design = np.random.default_rng(1).random((5, len(model.factors)))
    scores = model.scores(design)
    for r, row in model.choices_frame(design).iterrows():
        spec = ALTERNATIVES["normalisation"][list(model.normalisations).index(row["normalisation"])]
        kept = [c for c in idx.tree.indicators if c != row["excluded"]]
        data = idx.data[kept]
        groups = {k: v for k, v in {"i0": "A", "i1": "A", "i2": "B", "i3": "B", "i4": "C", "i5": "C"}.items()
                  if k in kept}
        spec = spec if isinstance(spec, dict) else {"method": spec}
        rebuilt = CompositeIndex(data, framework=groups, weights={g: row[f"weight:{g}"] for g in "ABC"}) \
            .normalise(**spec).aggregate(row["aggregation"])
        np.testing.assert_allclose(scores[r], rebuilt.scores.to_numpy(), rtol=1e-10)


def test_rank_quantiles_match_numpy():
    rng = np.random.default_rng(2)
    scores = rng.integers(0, 6, size=(301, 8)).astype(float)
    ranks = rank_units(scores)
    got = rank_quantiles(rank_counts(ranks), (0.05, 0.5, 0.95, 0.0, 1.0))
    np.testing.assert_allclose(got, np.percentile(ranks, [5, 50, 95, 0, 100], axis=0))


def test_bad_choices_are_refused():
    idx = _index()
    with pytest.raises(InputError, match="cannot be combined.*geometric mean needs every normalised value > 0"):
        uncertainty_analysis(idx, normalisation=["minmax"], aggregation=["geometric"])
    with pytest.raises(InputError, match="nothing uncertain"):
        uncertainty_analysis(idx, weight_noise=0)
    with pytest.raises(InputError, match="alone in its group"):
        uncertainty_analysis(CompositeIndex(idx.data, framework={f"i{j}": f"g{j}" for j in range(6)}).normalise()
                             .aggregate(), exclude=["i0"], weight_noise=0)
    with pytest.raises(InputError, match="normalised and aggregated"):
        uncertainty_analysis(CompositeIndex(idx.data).normalise())
    with pytest.raises(InputError, match="'draws' parameter of uncertainty_analysis"):
        uncertainty_analysis(idx, draws=1)
    with pytest.raises(InputError, match="'exclude' parameter.*\\['zz'\\]"):
        uncertainty_analysis(idx, exclude=["zz"])


def test_uncertainty_result_protocol():
    res = uncertainty_analysis(_index(), draws=200, seed=0, **ALTERNATIVES)
    fig, ax = plt.subplots()
    res.plot(ax=ax, top=5)
    assert [t.get_text() for t in ax.get_xticklabels()] == res.table["unit"].head(5).tolist()
    plt.close(fig)
    assert len(repr(res).splitlines()) <= 20
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    for language in ("zh", "en"):
        fig, ax = plt.subplots()
        assert res.plot(ax=ax, language=language) is ax
        plt.close(fig)


def test_sobol_of_the_choices_finds_the_factor_that_matters():
    """A factor that cannot change any rank has S1 = ST = 0; the weights, which do, carry the variance."""
    idx = _index()
    # min-max onto (1, 100) or (1, 10): an affine change of every indicator, so the arithmetic ranks are the same
    res = sensitivity_analysis(idx, normalisation=[{"method": "minmax", "range": (1, 100)},
                                                   {"method": "minmax", "range": (1, 10)}],
                               weight_noise=0.5, weight_levels=[1, 2], n=256, seed=0)
    first = res.first_output().set_index("factor")
    assert first.loc["normalisation", ["S1", "ST"]].abs().max() < 1e-12
    weights = first.drop(index="normalisation")
    assert weights["ST"].sum() > 0.9
    assert res.outputs[0] == "mean_abs_rank_shift" and res.outputs[1:] == tuple(idx.data.index)
    assert [factor_label(f) for f in res.factors] == ["标准化方法", "权重：i0", "权重：i1", "权重：i2", "权重：i3",
                                                      "权重：i4", "权重：i5", "权重：A", "权重：B", "权重：C"]
    assert factor_label("exclusion", "en") == "Indicator left out"
    dominant = res.indices[res.indices["output"] == "单位1"]
    assert (dominant[["S1", "ST"]] == 0).all().all()  # its rank never changes
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    assert res.plot(ax=ax, language="zh") is ax
    plt.close(fig)


def test_progress_bar_is_silent_off_a_terminal(capsys):
    res = uncertainty_analysis(_index(), draws=50, seed=0, progress=True, **ALTERNATIVES)
    assert res.draws == 50
    assert capsys.readouterr().err == ""
