"""Hierarchies: Saaty's cities (reference), framework write-back into points (分值), errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from perfmethods.datasets import data_root
from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.io import read_framework_table
from perfmethods.model.framework import IndicatorFramework
from perfmethods.weighting import ahp, ahp_hierarchy, pairwise_matrix, weight_framework


def _cities(case):
    mats = {"goal": pairwise_matrix(case["input"]["criteria_pairs"])}
    for crit, pairs in case["input"]["alternative_pairs_by_criterion"].items():
        mats[crit] = pairwise_matrix(pairs)
    return mats


@pytest.mark.reference
def test_saaty_cities_distributive_synthesis(cases):
    # ahp_saaty_cities_hierarchy: AHPy@d818996 tests/test_ahp.py::test_cities_weights_* (Saaty 2005); criteria vector
    # and CR also in ahpsurvey@70be66d vignettes/my-vignette.html
    case = cases["ahp_saaty_cities_hierarchy"]
    res = ahp_hierarchy(_cities(case))
    exp = case["expected"]["target_weights_4dp"]
    assert res.leaf_weights.reindex(list(exp)).to_numpy() == pytest.approx(list(exp.values()),
                                                                        abs=case["tolerance"]["target_weights_4dp"])
    crit = case["expected"]["criteria_eigenvector_4dp (ahpsurvey vignette)"]
    local = res.local["goal"].weights
    assert local.reindex(list(crit)).to_numpy() == pytest.approx(list(crit.values()), abs=case["tolerance"]["weights"])
    goal = _cities(case)["goal"]
    assert ahp(goal, ri="ahpsurvey").cr == pytest.approx(
        case["expected"]["criteria_CR_with_ahpsurvey_RI_1.1081014 (ahpsurvey vignette)"], abs=case["tolerance"]["CR"])
    assert ahp(goal, ri={5: 1.12}).cr == pytest.approx(
        case["expected"]["criteria_CR_with_RI_from_ahp.ri(nsims=1000,dim=5,seed=30000)=1.12 (ahpsurvey vignette)"],
        abs=case["tolerance"]["CR"])
    assert res.leaf_weights.sum() == pytest.approx(1.0)
    assert len(res.consistency()) == 6
    assert json.loads(json.dumps(res.to_dict()))["leaf_weights"]
    assert res.plot() is not None


def test_global_is_product_of_locals(cases):
    res = ahp_hierarchy(_cities(cases["ahp_saaty_cities_hierarchy"]))
    nodes = res.nodes
    level1 = nodes[nodes["level"] == 1].set_index("node")["global"]
    for _, row in nodes[nodes["level"] == 2].iterrows():
        assert row["global"] == pytest.approx(level1[row["parent"]] * row["local"])


def _framework() -> IndicatorFramework:
    return read_framework_table(data_root() / "examples" / "weighting" / "programme_framework.csv")


def test_weight_framework_writes_points():
    f = _framework()
    l1 = list(f.level1)
    w = np.array([0.12, 0.15, 0.33, 0.30, 0.10])
    level1 = pd.DataFrame(w[:, None] / w[None, :], index=l1, columns=l1)
    out = weight_framework(f, level1=level1, leaves={"产出数量": pd.DataFrame([[1, 3], [1 / 3, 1]],
                                                                       index=["O11", "O12"],
                                                                       columns=["O11", "O12"])})
    new = out.framework
    assert new.points().sum() == pytest.approx(100.0)
    assert new.level_points().to_numpy() == pytest.approx(100 * w)
    # 产出数量 split 3:1 by the leaf matrix; 产出 keeps its level-2 split from the points (35: 20 / 10 / 5)
    o = new.points()
    assert o["O11"] / o["O12"] == pytest.approx(3.0)
    assert (o["O11"] + o["O12"]) / new.level_points()["产出"] == pytest.approx(20 / 35)
    src = out.nodes.set_index("path")["source"]
    assert src["产出"] == "ahp" and src["产出 / 产出数量 / O11"] == "ahp" and src["满意度 / 服务对象满意度"] == "single"
    assert src["产出 / 产出质量"] == "points"
    scaled = weight_framework(f, level1=level1, total=90).framework
    assert scaled.points().sum() == pytest.approx(90.0) and scaled.total == 90.0


def test_weight_framework_errors():
    f = _framework()
    l1 = list(f.level1)
    with pytest.raises(InputError, match="missing \\['满意度'\\]"):
        weight_framework(f, level1=pd.DataFrame(np.ones((4, 4)), index=l1[:4], columns=l1[:4]))
    with pytest.raises(InputError, match="not level-1 indicators"):
        weight_framework(f, level2={"nope": None})
    with pytest.raises(InputError, match="not a level-2 indicator"):
        weight_framework(f, leaves={"nope": None})
    bad = pd.DataFrame([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], index=["P11", "P12", "P21"],
                       columns=["P11", "P12", "P21"])
    with pytest.raises(InputError, match="missing"):
        weight_framework(f, leaves={"资金管理": bad})
    cyc = pd.DataFrame([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], index=l1[:3], columns=l1[:3])
    with pytest.warns(ConsistencyWarning, match="level1"):
        weight_framework(_framework().with_points({}), level1=pd.concat(
            [pd.concat([cyc, pd.DataFrame(1.0, index=l1[:3], columns=l1[3:])], axis=1),
             pd.DataFrame(1.0, index=l1[3:], columns=l1)]))


def test_hierarchy_errors(cases):
    mats = _cities(cases["ahp_saaty_cities_hierarchy"])
    with pytest.raises(InputError, match="no matrix for the root"):
        ahp_hierarchy(mats, root="top")
    extra = dict(mats)
    extra["Orphan"] = pairwise_matrix([("x", "y", 2)])
    with pytest.raises(InputError, match="not reached from the root"):
        ahp_hierarchy(extra)
    with pytest.raises(InputError, match="needs labels"):
        ahp_hierarchy({"goal": np.ones((2, 2))})
