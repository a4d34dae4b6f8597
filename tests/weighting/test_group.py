"""Group AHP: AIJ / AIP (renormalised and ahpsurvey's unrenormalised), inconsistent experts, consensus, errors."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from weighting_helpers import consistent_matrix, random_reciprocal

from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.evaluation.agreement import kendall_w
from perfmethods.weighting import aggregate_judgments, ahp, read_judgments

# synthetic experts are consistent matrices with noise; some ratios fall outside 1/9 … 9 (warned, not tested here)
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings("ignore::perfmethods.errors.DataQualityWarning")


def _experts(seed: int, k: int = 4, n: int = 5, noise: float = 0.15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.full(n, 3.0))
    a = consistent_matrix(w)[None] * np.exp(rng.normal(0, noise, (k, n, n)))
    return np.sqrt(a / np.swapaxes(a, 1, 2))


@pytest.mark.property
@pytest.mark.filterwarnings("ignore::perfmethods.errors.PerfMethodsWarning")
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 6), st.integers(3, 7))
def test_aij_equals_renormalised_geometric_aip_under_rgmm(seed, k, n):
    # Barzilai & Golany (1994); confirmed on ahpsurvey's city200 data (frankiecho/ahpsurvey@70be66d)
    stack = random_reciprocal(np.random.default_rng(seed), k, n)
    lam = np.random.default_rng(seed + 1).uniform(0.5, 2, k)
    aij = aggregate_judgments(stack, method="aij", priority="geometric", weights=lam)
    aip = aggregate_judgments(stack, method="aip", priority="geometric", weights=lam)
    assert aij.weights.to_numpy() == pytest.approx(aip.weights.to_numpy(), abs=1e-12)
    assert aip.raw_weights.sum() <= 1 + 1e-12  # the unrenormalised geometric mean sums to at most 1 (AM-GM)


def test_aij_is_the_elementwise_geometric_mean():
    stack = _experts(1)
    res = aggregate_judgments(stack)
    agg = np.exp(np.log(stack).mean(axis=0))
    assert res.aggregate is not None
    assert res.aggregate.matrix == pytest.approx(agg)
    assert res.weights.to_numpy() == pytest.approx(ahp(agg).weights.to_numpy())


def test_aip_means_and_raw_weights():
    stack = _experts(2)
    ind = ahp(stack).weights
    geo = aggregate_judgments(stack, method="aip")
    raw = np.exp(np.log(ind).mean(axis=0))
    assert geo.raw_weights.to_numpy() == pytest.approx(raw)  # ahpsurvey's ahp.aggpref convention (not renormalised)
    assert geo.weights.to_numpy() == pytest.approx(raw / raw.sum())
    ari = aggregate_judgments(stack, method="aip", mean="arithmetic")
    assert ari.weights.to_numpy() == pytest.approx(ind.mean(axis=0))


def test_inconsistent_experts_dropped_or_downweighted(cases):
    good = _experts(3, k=3, n=6, noise=0.05)
    bad = np.asarray(cases["ahp_wang_chin_2011_6x6"]["input"]["matrix"])  # CR 0.23
    stack = {"A": good[0], "B": good[1], "C": good[2], "D": bad}
    with pytest.warns(ConsistencyWarning, match=r"\['D'\].*kept"):
        keep = aggregate_judgments(stack)
    with pytest.warns(ConsistencyWarning, match="dropped"):
        drop = aggregate_judgments(stack, inconsistent="drop")
    with pytest.warns(ConsistencyWarning, match="down-weighted"):
        down = aggregate_judgments(stack, inconsistent="downweight")
    assert keep.experts["weight"].tolist() == pytest.approx([0.25] * 4)
    assert drop.experts.set_index("expert").loc["D", "weight"] == 0 and not drop.experts["used"].iloc[3]
    assert drop.weights.to_numpy() == pytest.approx(aggregate_judgments(good).weights.to_numpy())
    cr_d = float(keep.experts.set_index("expert").loc["D", "cr"])
    d_weight = down.experts.set_index("expert").loc["D", "weight"]
    assert d_weight == pytest.approx((0.1 / cr_d) / (3 + 0.1 / cr_d))
    assert keep.experts["compatibility"].iloc[3] > keep.experts["compatibility"].iloc[:3].max()


def test_kendall_w_known_values():
    assert kendall_w(np.array([[0.5, 0.3, 0.2], [0.6, 0.3, 0.1]])).w == pytest.approx(1.0)
    assert kendall_w(np.array([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])).w == pytest.approx(0.0)
    # 3 raters, 4 items: ranks (1,2,3,4), (2,1,3,4), (1,3,2,4): R = (4,6,8,12), S = 35 → W = 12·35/(9·60)
    w = np.array([[0.4, 0.3, 0.2, 0.1], [0.3, 0.4, 0.2, 0.1], [0.4, 0.2, 0.3, 0.1]])
    assert kendall_w(w).w == pytest.approx(12 * 35 / (9 * 60))


def test_group_consensus_is_the_evaluation_kendall_w_with_ties_corrected():
    """The bundled judgments: experts 1, 4 and 5 judge two criteria equally important (tied priorities)."""
    j = read_judgments(ROOT / "data" / "examples" / "weighting" / "expert_judgments.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        group = aggregate_judgments(j.matrices)
    priorities = group.experts.loc[group.experts["used"], list(group.weights.index)].to_numpy(float)
    assert group.consensus == pytest.approx(kendall_w(priorities).w)
    # by hand: each expert's ranks (1 = most important, ties share the average rank); tied pairs: two for
    # expert 1, one each for experts 4 and 5, each adding 2³ − 2 = 6 to Σ T
    ranks = np.array([[3, 4.5, 1.5, 1.5, 4.5], [3, 4, 1, 2, 5], [4, 5, 3, 2, 1], [4, 3, 1.5, 1.5, 5],
                      [3, 4, 1.5, 1.5, 5]])
    r = ranks.sum(axis=0)
    s = ((r - r.mean()) ** 2).sum()
    ties = 4 * (2**3 - 2)
    assert group.consensus == pytest.approx(12 * s / (25 * 120 - 5 * ties))
    uncorrected = kendall_w(priorities, correct_ties=False).w
    assert group.consensus > uncorrected  # ties make the uncorrected W understate agreement


def test_consensus_when_every_expert_ties_every_criterion_is_one():
    eye = np.ones((3, 3))
    group = aggregate_judgments([eye, eye, eye])
    assert group.consensus == 1.0


def test_result_methods_and_labels():
    stack = _experts(4)
    labels = list("abcde")
    frames = {f"e{i}": pd.DataFrame(m, index=labels, columns=labels) for i, m in enumerate(stack)}
    res = aggregate_judgments(frames, weights={"e0": 2, "e1": 1, "e2": 1, "e3": 1})
    assert list(res.weights.index) == labels
    assert res.experts["weight"].iloc[0] == pytest.approx(0.4)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["method"] == "aij" and len(d["experts"]) == 4 and d["group_cr"] is not None
    assert list(res.summary().columns) == ["criterion", "weight", "rank", "expert_min", "expert_max"]
    assert res.plot() is not None
    assert 0 <= res.consensus <= 1


def test_bad_group_input(cases):
    stack = _experts(5)
    with pytest.raises(InputError, match="at least two experts"):
        aggregate_judgments(stack[:1])
    with pytest.raises(InputError, match="'weights'"):
        aggregate_judgments(stack, weights=[1, 1])
    with pytest.raises(InputError, match="unknown experts"):
        aggregate_judgments({"a": stack[0], "b": stack[1]}, weights={"z": 1})
    with pytest.raises(InputError, match="'mean' applies to method='aip'"):
        aggregate_judgments(stack, mean="arithmetic")
    with pytest.raises(InputError, match="'inconsistent'"):
        aggregate_judgments(stack, inconsistent="ignore")  # type: ignore[arg-type]
    bad = np.asarray(cases["ahp_wang_chin_2011_6x6"]["input"]["matrix"])
    with pytest.warns(ConsistencyWarning), pytest.raises(InputError, match="every expert was dropped"):
        aggregate_judgments(np.stack([bad, bad]), inconsistent="drop")
    broken = stack.copy()
    broken[2, 0, 1] = 7.0
    with pytest.raises(InputError, match="row 1, column 2, matrix 3"):
        aggregate_judgments(broken)
