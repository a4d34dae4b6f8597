"""Directions (benefit / cost, 正向 / 反向 / 负向, 1 / −1, the model's Direction) have one reader: direction_sign and
check_directions. Every method that compares units (normalise, CompositeIndex, topsis, grey_relational,
outranking_matrix, entropy / CRITIC / CILOS weights, minmax_normalize) reads them there, so every spelling means
the same in all of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.composite import grey_relational, normalise, outranking_matrix, topsis
from perfmethods.errors import InputError
from perfmethods.model.framework import Direction, check_directions, direction_sign
from perfmethods.weighting import critic_weights, entropy_weights, minmax_normalize

BENEFIT = [1, 1.0, np.int64(1), "1", "+1", "+", Direction.POSITIVE, "≥", ">=", "正向", "正向指标", "效益型", "benefit",
           "Benefit ", "positive", "max", "higher"]
COST = [-1, -1.0, np.float64(-1), "-1", "-", Direction.REVERSE, "≤", "<=", "反向", "负向", "逆向", "成本型", "cost",
        " COST", "negative", "reverse", "min", "lower"]


@pytest.mark.parametrize("value", BENEFIT)
def test_benefit_spellings(value):
    assert direction_sign(value) == 1


@pytest.mark.parametrize("value", COST)
def test_cost_spellings(value):
    assert direction_sign(value) == -1


@pytest.mark.parametrize("value, message", [
    (Direction.EQUAL, r"the direction is '等于' \(=\).*benefit \(正向\) or cost \(反向\)"),
    ("区间", r"the direction is '区间' \(区间\)"),
    ("定性", r"the direction is '定性' \(定性\)"),
    ("sideways", "unknown direction 'sideways'"),
    (True, "unknown direction True"),
    (0, "unknown direction 0"),
    (2, "unknown direction 2"),
    (None, "unknown direction None"),
])
def test_what_has_no_better_side_is_refused(value, message):
    with pytest.raises(InputError, match=message):
        direction_sign(value)


def test_every_direction_parse_spelling_of_more_or_less_is_a_sign():
    """direction_sign reads every spelling Direction.parse reads for ≥ and ≤ (one list of spellings)."""
    from perfmethods.model.framework import _DIRECTION_SPELLINGS

    for direction, sign in ((Direction.POSITIVE, 1), (Direction.REVERSE, -1)):
        for spelling in _DIRECTION_SPELLINGS[direction]:
            assert Direction.parse(spelling) is direction and direction_sign(spelling) == sign


_ids = st.lists(st.text(alphabet="ABCxyz甲乙123-", min_size=1, max_size=5), min_size=1, max_size=8, unique=True)


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(ids=_ids, data=st.data())
def test_mapping_sequence_and_partial_mapping_agree(ids, data):
    words = data.draw(st.lists(st.sampled_from(BENEFIT + COST), min_size=len(ids), max_size=len(ids)))
    expected = [direction_sign(w) for w in words]
    by_seq = check_directions(words, ids, func="f")
    assert by_seq.tolist() == expected and list(by_seq.index) == ids and by_seq.index.name == "indicator"
    assert check_directions(dict(zip(ids, words, strict=True)), ids, func="f").tolist() == expected
    costs = {i: w for i, w, s in zip(ids, words, expected, strict=True) if s < 0}
    assert check_directions(costs, ids, func="f").tolist() == expected  # an indicator not named is a benefit
    assert check_directions(None, ids, func="f").tolist() == [1] * len(ids)


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(ids=_ids, data=st.data())
def test_a_bad_direction_names_its_indicator(ids, data):
    k = data.draw(st.integers(0, len(ids) - 1))
    bad = data.draw(st.sampled_from(["区间", "=", "定性", "up", 0, 3]))
    words = ["正向"] * len(ids)
    words[k] = bad
    with pytest.raises(InputError, match="The 'directions' parameter of topsis: ") as err:
        check_directions(words, ids, func="topsis")
    assert err.value.location == {"indicator": ids[k]}


def test_unknown_ids_and_wrong_lengths_are_refused():
    with pytest.raises(InputError, match=r"names indicators that are not in the data: \['z'\]; the indicators are"):
        check_directions({"z": -1}, ["a", "b"], func="f")
    with pytest.raises(InputError, match=r"must give one direction per indicator \(2\).*got 3 instead"):
        check_directions([1, -1, 1], ["a", "b"], func="f")
    assert check_directions("cost", ["a", "b"], func="f").tolist() == [-1, -1]


# --- one rule, every method ---------------------------------------------------------------------------------
X = pd.DataFrame({"生均经费": [1.2, 1.5, 0.9, 1.1], "班额": [45.0, 38.0, 52.0, 40.0], "升学率": [0.8, 0.85, 0.7, 0.9]},
                 index=["甲区", "乙区", "丙区", "丁区"])
SPELLED = {"班额": "负向"}
SIGNS = [1, -1, 1]


@pytest.mark.parametrize("method", [
    lambda d: normalise(X, "minmax", directions=d).to_numpy(),
    lambda d: topsis(X, directions=d).closeness.to_numpy(),
    lambda d: grey_relational(X, directions=d).grades.to_numpy(),
    lambda d: outranking_matrix(X, directions=d).matrix.to_numpy(),
    lambda d: entropy_weights(X, directions=d).weights.to_numpy(),
    lambda d: critic_weights(X, directions=d).weights.to_numpy(),
    lambda d: minmax_normalize(X, directions=d).to_numpy(),
], ids=["normalise", "topsis", "grey_relational", "outranking_matrix", "entropy_weights", "critic_weights",
        "minmax_normalize"])
def test_every_method_reads_a_direction_the_same_way(method):
    """负向 by name, −1 in column order and 成本型 in column order give one result; benefit-only differs (can fail)."""
    spelled = method(SPELLED)
    np.testing.assert_allclose(spelled, method(SIGNS))
    np.testing.assert_allclose(spelled, method(["效益型", "成本型", "正向"]))
    assert not np.allclose(spelled, method(None))
    with pytest.raises(InputError, match="'directions'") as err:
        method({"班额": "区间"})
    assert err.value.location == {"indicator": "班额"}
