"""CompositeIndex: the replayable pipeline, regenerate(), results protocol, and a planted ranking recovered."""

from __future__ import annotations

import dataclasses
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from perfmethods.composite import CompositeIndex, aggregate, normalise, rank_units, treat_outliers
from perfmethods.errors import InputError
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework


def _districts(seed: int = 0, units: int = 12) -> tuple[pd.DataFrame, dict[str, str], np.ndarray]:
    """Synthetic districts: a latent quality q drives 6 indicators (2 cost indicators fall as q rises)."""
    rng = np.random.default_rng(seed)
    q = rng.normal(size=units)
    names = [f"区{k + 1}" for k in range(units)]
    data = pd.DataFrame({
        "入学率": 90 + 3 * q + rng.normal(0, 0.5, units), "师生比": 15 + 2 * q + rng.normal(0, 0.4, units),
        "达标率": 80 + 5 * q + rng.normal(0, 1, units), "生均成本": 12 - 1.5 * q + rng.normal(0, 0.3, units),
        "辍学率": 3 - 0.8 * q + rng.normal(0, 0.2, units), "满意度": 85 + 4 * q + rng.normal(0, 1, units)},
        index=names)
    groups = {"入学率": "产出", "师生比": "产出", "达标率": "产出", "生均成本": "成本", "辍学率": "效益",
              "满意度": "效益"}
    return data, groups, q


DIRS = {"生均成本": "cost", "辍学率": "反向"}


def test_pipeline_equals_the_functions_step_by_step():
    data, groups, _ = _districts()
    idx = CompositeIndex(data, framework=groups, directions=DIRS).treat().normalise("minmax", range=(1, 100)) \
        .aggregate("geometric")
    treated = treat_outliers(data).data
    norm = normalise(treated, "minmax", range=(1, 100), directions=DIRS)
    pd.testing.assert_frame_equal(idx.normalised, norm, check_names=False)
    expected = aggregate(norm, groups, method="geometric")
    pd.testing.assert_frame_equal(idx.aggregates, expected, check_names=False)
    assert idx.recipe == "treat → normalise(minmax) → aggregate(geometric)"
    assert list(idx.summary().columns) == ["rank", "score", "产出", "成本", "效益"]


def test_every_step_returns_a_new_frozen_index_and_the_log_records_it():
    data, groups, _ = _districts()
    base = CompositeIndex(data, framework=groups, directions=DIRS)
    normed = base.normalise("zscore")
    assert base.steps == () and normed.steps == (("normalise", {"method": "zscore"}),)
    with pytest.raises(dataclasses.FrozenInstanceError):
        normed.steps = ()
    idx = normed.aggregate("arithmetic", threshold=0.5)
    log = idx.log
    assert {"normalise", "aggregate", "inputs"} == set(log["step"])
    assert log.loc[(log["step"] == "aggregate") & (log["option"] == "threshold"), "value"].item() == 0.5
    assert "生均成本, 辍学率" in log["value"].astype(str).tolist()
    # steps run in the JRC order whatever order they were called in; calling a step again replaces it
    late = CompositeIndex(data, framework=groups, directions=DIRS).aggregate().normalise("rank").treat()
    assert [name for name, _ in late.steps] == ["treat", "normalise", "aggregate"]
    assert dict(late.normalise("minmax").steps)["normalise"] == {"method": "minmax"}


def test_regenerate_changes_one_choice_and_replays_the_rest():
    data, groups, _ = _districts()
    idx = CompositeIndex(data, framework=groups, directions=DIRS).normalise("minmax", range=(1, 100)).aggregate()
    geo = idx.regenerate(aggregate={"method": "geometric"})
    direct = CompositeIndex(data, framework=groups, directions=DIRS).normalise("minmax", range=(1, 100)) \
        .aggregate("geometric")
    pd.testing.assert_series_equal(geo.scores, direct.scores)
    assert dict(geo.steps)["normalise"] == {"method": "minmax", "range": (1, 100)}
    # a new method starts from its own defaults (the threshold is kept)
    z = idx.regenerate(normalise={"method": "zscore"})
    assert dict(z.steps)["normalise"] == {"method": "zscore"}
    gen = idx.regenerate(aggregate={"method": "generalised", "p": 0.5, "threshold": 0.5})
    assert dict(gen.regenerate(aggregate={"method": "geometric"}).steps)["aggregate"] == {"method": "geometric",
                                                                                         "threshold": 0.5}
    # new weights, new data, dropping a step
    heavy = idx.regenerate(weights={"成本": 10})
    assert heavy.tree.weights["成本"] == 10 and idx.tree.weights["成本"] == 1
    assert heavy.scores.corr(heavy.aggregates["成本"]) > idx.scores.corr(idx.aggregates["成本"])
    assert idx.regenerate(data=data * 1.0).scores.equals(idx.scores)
    assert idx.regenerate(aggregate=None).aggregates is None
    with pytest.raises(InputError, match="regenerate cannot change \\['colour'\\]"):
        idx.regenerate(colour="red")


def test_indicator_framework_supplies_tree_points_and_directions():
    rows = [("C1", "产出", "数量", 30, "≥"), ("C2", "产出", "质量", 30, "≥"), ("C3", "效益", "成本", 40, "≤")]
    fw = IndicatorFramework(tuple(Indicator(id=i, name=i, level1=a, level2=b, points=p, direction=Direction.parse(d))
                                  for i, a, b, p, d in rows))
    data = pd.DataFrame({"C1": [1.0, 2, 3], "C2": [2.0, 2, 5], "C3": [9.0, 1, 5]}, index=["甲", "乙", "丙"])
    idx = CompositeIndex(data, framework=fw).normalise().aggregate()
    assert idx.directions.to_dict() == {"C1": 1, "C2": 1, "C3": -1}
    expected = (idx.normalised * fw.weights()).sum(axis=1)
    np.testing.assert_allclose(idx.scores.to_numpy(), expected.to_numpy())
    bad = IndicatorFramework((Indicator(id="Q", name="Q", level1="a", level2="b", points=1,
                                        direction=Direction.QUALITATIVE),))
    with pytest.raises(InputError, match="indicator 'Q'.*定性"):
        CompositeIndex(pd.DataFrame({"Q": [1.0, 2.0]}), framework=bad)


def test_results_protocol_and_errors():
    data, groups, _ = _districts()
    idx = CompositeIndex(data, framework=groups, directions=DIRS)
    with pytest.raises(InputError, match="call .aggregate\\(\\)"):
        _ = idx.scores
    idx = idx.normalise().aggregate()
    assert len(repr(idx).splitlines()) <= 20 and isinstance(idx._repr_html_(), str)
    payload = json.loads(json.dumps(idx.to_dict(), allow_nan=False, ensure_ascii=False))
    assert payload["ranks"]["区1"] == int(idx.ranks["区1"])
    best = {c: np.float64(idx.data[c].min() if idx.directions[c] < 0 else idx.data[c].max()) for c in idx.data}
    targets = idx.regenerate(normalise={"method": "target", "target": best})
    assert json.loads(json.dumps(targets.to_dict(), allow_nan=False))["steps"][0]["options"]["target"]["入学率"] > 0
    for language in ("zh", "en"):
        fig, ax = plt.subplots()
        assert idx.plot(ax=ax, language=language) is ax
        plt.close(fig)
    with pytest.raises(InputError, match="geometric mean needs every normalised value > 0"):
        idx.regenerate(aggregate={"method": "geometric"})  # min-max onto 0-100 gives a 0


def test_rank_units_ties_and_missing():
    r = rank_units(np.array([[3.0, 1.0, 3.0, np.nan, 0.5], [1.0, 2.0, 3.0, 4.0, 5.0]]))
    np.testing.assert_array_equal(r, [[1, 3, 1, np.nan, 4], [5, 4, 3, 2, 1]])
    rng = np.random.default_rng(0)
    s = rng.integers(0, 5, size=(50, 9)).astype(float)
    expected = np.vstack([stats.rankdata(-row, method="min") for row in s])
    np.testing.assert_array_equal(rank_units(s), expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_ranking_is_recovered(seed):
    """Districts whose indicators all follow one latent quality are ranked in that quality's order."""
    data, groups, q = _districts(seed, units=40)
    idx = CompositeIndex(data, framework=groups, directions=DIRS).normalise("zscore").aggregate()
    rho = stats.spearmanr(idx.scores, q).statistic
    assert rho > 0.95
    assert idx.ranks.iloc[int(np.argmax(q))] <= 2
    # and ignoring the cost directions breaks it (the test can fail)
    wrong = CompositeIndex(data, framework=groups).normalise("zscore").aggregate()
    assert stats.spearmanr(wrong.scores, q).statistic < rho - 0.1


def test_weights_from_the_weighting_package_and_array_input():
    """Weights computed by perfmethods.weighting (a Series by indicator) plug in as they are; arrays work too."""
    from perfmethods.weighting import entropy_weights

    data, _, _ = _districts(units=10)
    entropy = entropy_weights(data)
    idx = CompositeIndex(data, weights=entropy.weights, directions=DIRS).normalise().aggregate()
    expected = idx.normalised.to_numpy() @ (entropy.weights[idx.normalised.columns] / entropy.weights.sum()).to_numpy()
    np.testing.assert_allclose(idx.scores.to_numpy(), expected)
    arr = CompositeIndex(data.to_numpy()).normalise().aggregate()
    assert list(arr.scores.index[:2]) == ["unit1", "unit2"] and list(arr.tree.indicators[:2]) == ["x1", "x2"]
