"""revise_and_aggregate: diagnose each expert, revise the worst judgment, aggregate; the revision log."""

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
from perfmethods.results import REPR_LINES
from perfmethods.weighting import (
    REVISION_COLUMNS,
    aggregate_judgments,
    ahp,
    read_judgments,
    revise_and_aggregate,
    revise_judgments,
)

ROOT = Path(__file__).resolve().parents[2]
JUDGMENTS = ROOT / "data" / "examples" / "weighting" / "expert_judgments.xlsx"
pytestmark = pytest.mark.filterwarnings("ignore::perfmethods.errors.PerfMethodsWarning")

LABELS = list("abcd")
CONSISTENT = consistent_matrix(np.array([8.0, 4.0, 2.0, 1.0]))  # judgments 2, 4, 8: on Saaty's scale


def _frame(a: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(a, index=LABELS, columns=LABELS)


def _flipped(a: np.ndarray, i: int, j: int) -> np.ndarray:
    out = a.copy()
    out[i, j], out[j, i] = out[j, i], out[i, j]
    return out


def test_bundled_experts_match_the_step_by_step_workflow():
    judgments = read_judgments(JUDGMENTS)
    result = revise_and_aggregate(judgments)
    matrices = dict(judgments.matrices)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        for expert, m in judgments.matrices.items():
            first = ahp(m)
            if not first.is_consistent:
                matrices[expert] = revise_judgments(m, first.diagnostics.head(1))
        by_hand = aggregate_judgments(matrices)
    pd.testing.assert_series_equal(result.weights, by_hand.weights)
    assert result.group_cr == pytest.approx(float(by_hand.aggregate.cr))
    assert result.consensus == pytest.approx(by_hand.consensus)
    log = result.revisions
    assert list(log.columns) == list(REVISION_COLUMNS)
    assert list(log["expert"]) == ["专家C"] and log["round"].tolist() == [1]
    assert log["cr_before"].iloc[0] > 0.1 > log["cr_after"].iloc[0]
    assert set(result.diagnostics) == {"专家C"}


def test_a_swapped_judgment_is_restored():
    experts = {"e1": _frame(CONSISTENT), "e2": _frame(CONSISTENT), "e3": _frame(_flipped(CONSISTENT, 0, 3))}
    result = revise_and_aggregate(experts)
    row = result.revisions.iloc[0]
    assert (row["expert"], row["row"], row["column"]) == ("e3", "a", "d")
    assert row["judgment"] == pytest.approx(1 / 8) and row["revised_judgment"] == pytest.approx(8.0)
    assert row["cr_after"] == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(result.matrices["e3"].to_numpy(), CONSISTENT)
    np.testing.assert_allclose(result.weights.to_numpy(), [8 / 15, 4 / 15, 2 / 15, 1 / 15])
    assert result.n_revised == 1 and result.n_still_inconsistent == 0
    for expert in ("e1", "e2"):  # consistent experts are untouched
        pd.testing.assert_frame_equal(result.matrices[expert], experts[expert], check_names=False)


def test_several_rounds_stop_when_consistent():
    two_errors = _flipped(_flipped(CONSISTENT, 0, 3), 1, 2)
    experts = {"e1": _frame(CONSISTENT), "e2": _frame(two_errors)}
    one = revise_and_aggregate(experts, max_revisions=1, cr_threshold=0.05)
    many = revise_and_aggregate(experts, max_revisions=10, cr_threshold=0.05)
    assert len(one.revisions) == 1 and one.n_still_inconsistent == 1  # CR 0.092 after one revision
    assert many.revisions["round"].tolist() == list(range(1, len(many.revisions) + 1))
    assert 2 <= len(many.revisions) < 10  # stopped once consistent, not after ten rounds
    assert many.revisions["cr_after"].iloc[-1] < 0.05 <= many.revisions["cr_before"].iloc[-1]
    cr = many.revisions["cr_before"].tolist() + [many.revisions["cr_after"].iloc[-1]]
    assert all(b <= a + 1e-12 for a, b in zip(cr, cr[1:], strict=False))
    np.testing.assert_allclose(many.matrices["e2"].to_numpy(), CONSISTENT)


def test_zero_revisions_aggregates_as_given():
    experts = {"e1": _frame(CONSISTENT), "e2": _frame(_flipped(CONSISTENT, 0, 3))}
    result = revise_and_aggregate(experts, max_revisions=0, method="aip")
    assert result.revisions.empty and list(result.revisions.columns) == list(REVISION_COLUMNS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        plain = aggregate_judgments(experts, method="aip")
    pd.testing.assert_series_equal(result.weights, plain.weights)
    assert result.n_still_inconsistent == 1 and np.isnan(result.group_cr)


@pytest.mark.property
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 6))
def test_each_revision_never_raises_cr(seed, n):
    rng = np.random.default_rng(seed)
    stack = random_reciprocal(rng, 3, n)
    result = revise_and_aggregate({f"e{k}": m for k, m in enumerate(stack)}, max_revisions=3)
    log = result.revisions
    assert (log["cr_after"] <= log["cr_before"] + 1e-9).all()
    assert result.summary()["n_revisions"].sum() == len(log)
    assert (result.summary()["cr_after"] <= result.summary()["cr_before"] + 1e-9).all()


def test_result_protocol():
    result = revise_and_aggregate(read_judgments(JUDGMENTS))
    text = repr(result)
    assert len(text.splitlines()) <= REPR_LINES and "n_revised: 1" in text
    assert "<strong>RevisedGroupResult</strong>" in result._repr_html_()
    d = json.loads(json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False))
    assert d["revisions"][0]["expert"] == "专家C" and d["n_revised"] == 1
    columns = ["expert", "cr_before", "n_revisions", "cr_after", "is_consistent", "weight"]
    assert list(result.to_frame().columns) == columns


def test_bad_input():
    with pytest.raises(InputError, match="at least two experts"):
        revise_and_aggregate({"e1": CONSISTENT})
    with pytest.raises(InputError, match=r"'max_revisions' parameter of revise_and_aggregate must be an int"):
        revise_and_aggregate({"e1": CONSISTENT, "e2": CONSISTENT}, max_revisions=-1)
    with pytest.raises(InputError, match=r"'cr_threshold' parameter of revise_and_aggregate"):
        revise_and_aggregate({"e1": CONSISTENT, "e2": CONSISTENT}, cr_threshold=0)
    with pytest.raises(InputError, match="must be a Judgments"):
        revise_and_aggregate(np.stack([CONSISTENT, CONSISTENT]))
