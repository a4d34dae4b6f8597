"""The one reader of a table of numbers (check_table) and of entries given per label (by_label, check_weights).

Composite (normalise, aggregate, topsis, grey_relational, outranking_matrix, fuzzy_comprehensive), efficiency (dea
and the others) and the composite framework tree read their tables and per-indicator entries through these; the
properties below say what every one of them can rely on: labels kept, every bad cell named by row and column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.validation import by_label, check_table, check_weights

_label = st.text(alphabet="甲乙丙丁区县abcXYZ019 _-", min_size=1, max_size=6)


@st.composite
def _tables(draw):
    """A valid units × indicators table of finite numbers with unique string labels."""
    m = draw(st.integers(1, 7))
    n = draw(st.integers(1, 5))
    units = draw(st.lists(_label, min_size=m, max_size=m, unique=True))
    indicators = draw(st.lists(_label, min_size=n, max_size=n, unique=True))
    values = draw(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=m * n, max_size=m * n))
    return pd.DataFrame(np.array(values).reshape(m, n), index=units, columns=indicators)


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(frame=_tables(), as_text=st.booleans())
def test_labels_and_values_are_kept(frame, as_text):
    """Labels come back as the same strings in the same order; numbers (also written as text) are the same."""
    data = frame.astype(object).map(repr) if as_text else frame
    before = data.copy()
    out = check_table(data, name="data", func="f")
    assert list(out.index) == list(frame.index) and list(out.columns) == list(frame.columns)
    assert out.index.name == "unit" and out.columns.name == "indicator"
    assert out.dtypes.eq(float).all()
    np.testing.assert_array_equal(out.to_numpy(), frame.to_numpy())
    pd.testing.assert_frame_equal(data, before)  # the caller's table is not changed


_BAD = {
    "text": ("二十八", {}, "the value '二十八' is not a number"),
    "infinite": (np.inf, {}, "the value is infinite"),
    "missing": (np.nan, {}, r"the value is missing \(1 such cell"),
    "blank": ("  ", {}, r"the value is missing \(1 such cell"),
    "boolean": (True, {}, "the value True is not a number"),
    "non-positive": (0.0, {"low": 0.0, "closed": "neither"}, "every value must be greater than 0; got 0"),
    "negative": (-2.5, {"low": 0.0}, "every value must be 0 or more; got -2.5"),
    "above": (1.5, {"low": 0.0, "high": 1.0}, r"every value must be a number in \[0, 1\]; got 1.5"),
}


@pytest.mark.property
@settings(max_examples=80, deadline=None)
@given(frame=_tables(), kind=st.sampled_from(sorted(_BAD)), where=st.tuples(st.integers(0, 6), st.integers(0, 4)),
       row_label=st.sampled_from(["unit", "factor"]), column_label=st.sampled_from(["indicator", "column"]))
def test_every_bad_cell_is_located(frame, kind, where, row_label, column_label):
    """Whatever the cell and whatever is wrong with it, the error names its row and its column in the user's labels."""
    value, options, message = _BAD[kind]
    frame = frame.clip(lower=0.5, upper=0.9) if options else frame  # the other cells in range
    i, j = where[0] % frame.shape[0], where[1] % frame.shape[1]
    bad = frame.astype(object)
    bad.iat[i, j] = value
    if kind in ("missing", "blank") and frame.shape[0] == 1:
        message = "has no value for any"  # a column with no value at all is named as a column
    with pytest.raises(InputError, match=message) as err:
        check_table(bad, name="data", func="f", row_label=row_label, column_label=column_label, **options)
    expected = {column_label: frame.columns[j]}
    if message != "has no value for any":
        expected[row_label] = frame.index[i]
    assert err.value.location == expected


def test_the_first_bad_cell_in_reading_order_is_named_with_the_count():
    data = pd.DataFrame({"a": [1, 2, "x"], "b": ["y", 2, 3]}, index=["甲", "乙", "丙"])
    with pytest.raises(InputError, match=r"the value 'y' is not a number \(2 such cell\(s\)\)") as err:
        check_table(data, name="data", func="f")
    assert err.value.location == {"unit": "甲", "indicator": "b"}


def test_arrays_get_the_callers_labels_and_vectors_one_column():
    out = check_table([[1, 2], [3, 4]], name="X", func="f", row_names="unit {}", column_names="x{}")
    assert list(out.index) == ["unit 1", "unit 2"] and list(out.columns) == ["x1", "x2"]
    one = check_table(pd.Series([1.0, 2.0], index=["a", "b"], name="教师"), name="inputs", func="dea", vector=True,
                      row_names="{}")
    assert list(one.columns) == ["教师"] and list(one.index) == ["a", "b"]
    assert list(check_table(np.array([5.0, 6.0]), name="y", func="f", vector=True, row_names="{}",
                            column_names="y{}").columns) == ["y1"]


def test_text_numbers_are_read_and_missing_values_kept_when_allowed():
    data = pd.DataFrame({"a": ["1.5", " 2 ", ""], "b": [1.0, np.nan, 3.0]})
    out = check_table(data, name="data", func="f", allow_missing=True)
    assert out["a"].tolist()[:2] == [1.5, 2.0] and np.isnan(out.iat[2, 0]) and np.isnan(out.iat[1, 1])


@pytest.mark.parametrize(
    "data, options, message",
    [
        ({"a": [1.0]}, {"min_rows": 2}, r"The 'data' parameter of f must have at least 2 units \(rows\); got 1"),
        ({}, {}, r"The 'data' parameter of f has no columns; give at least 1 indicator\."),
        ({"a": [1.0, 2.0]}, {"min_columns": 2, "column_label": "grade"}, "at least 2 grades"),
        ({"a": [np.nan, np.nan], "b": [1.0, 2.0]}, {"allow_missing": True}, "the indicator has no value for any unit"),
    ],
)
def test_shape_and_empty_column_messages(data, options, message):
    with pytest.raises(InputError, match=message):
        check_table(pd.DataFrame(data), name="data", func="f", **options)


def test_duplicates_and_non_tables_are_refused():
    with pytest.raises(InputError, match=r"names the unit\(s\) \['甲'\] more than once"):
        check_table(pd.DataFrame({"a": [1.0, 2.0]}, index=["甲", "甲"]), name="data", func="f")
    with pytest.raises(InputError, match=r"names the indicator\(s\) \['1'\] more than once"):
        check_table(pd.DataFrame([[1.0, 2.0]], columns=[1, "1"]), name="data", func="f")
    with pytest.raises(InputError, match=r"must be a 2-D table .*shape \(3,\)"):
        check_table([1, 2, 3], name="X", func="f")
    with pytest.raises(InputError, match="must be a table of numbers .*got dict"):
        check_table({"a": 1}, name="X", func="f")


# --- by_label and check_weights -----------------------------------------------------------------------------
@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(labels=st.lists(_label, min_size=1, max_size=8, unique=True), data=st.data())
def test_a_mapping_in_any_order_equals_the_sequence_in_label_order(labels, data):
    values = data.draw(st.lists(st.integers(0, 100), min_size=len(labels), max_size=len(labels)))
    order = data.draw(st.permutations(range(len(labels))))
    mapping = {labels[k]: values[k] for k in order}
    assert by_label(mapping, labels, name="weights") == values == by_label(values, labels, name="weights")
    assert by_label(pd.Series(mapping), labels, name="weights") == values
    assert by_label(np.array(values), labels, name="weights") == values
    assert by_label(7, labels, name="weights") == [7] * len(labels)


def test_by_label_refuses_unknown_missing_and_miscounted_entries():
    labels = ["a", "b"]
    with pytest.raises(InputError, match=r"The 'w' parameter of f names indicators that are not in the data: \['z'\]"):
        by_label({"a": 1, "b": 1, "z": 2}, labels, name="w", func="f")
    with pytest.raises(InputError, match=r"has no weight for the indicator\(s\) \['b'\]"):
        by_label({"a": 1}, labels, name="w", func="f", entry="weight")
    assert by_label({"a": 1}, labels, name="w", func="f", default=0) == [1, 0]
    with pytest.raises(InputError, match=r"must give one weight per indicator \(2\), in the order \['a', 'b'\]; got 3"):
        by_label([1, 2, 3], labels, name="w", func="f", entry="weight")


@pytest.mark.parametrize("bad", [-1, np.nan, np.inf, True, "3", None])
def test_a_bad_weight_is_named(bad):
    with pytest.raises(InputError, match="The 'weights' parameter of topsis must hold numbers >= 0") as err:
        check_weights([1.0, bad, 2.0], ["a", "b", "c"], func="topsis")
    assert err.value.location == {"indicator": "b"}
    assert check_weights([np.float32(1.5), 0, np.int64(2)], ["a", "b", "c"]).tolist() == [1.5, 0.0, 2.0]


# --- one rule, every method ---------------------------------------------------------------------------------
def _tenth(value):
    return value if isinstance(value, str) else value / 10  # memberships 0.5 / 0.5, 0.6 / 0.4, 0.4 / 0.6


def _methods():
    from perfmethods.composite import aggregate, fuzzy_comprehensive, normalise, topsis, treat_outliers
    from perfmethods.efficiency import dea

    outputs = pd.DataFrame({"在校生": [900.0, 700.0, 1000.0]}, index=["甲区", "乙区", "丙区"])
    return {
        "normalise": (normalise, "indicator"),
        "aggregate": (aggregate, "indicator"),
        "treat_outliers": (treat_outliers, "indicator"),
        "topsis": (topsis, "indicator"),
        "dea": (lambda data: dea(data, outputs), "column"),
        "fuzzy_comprehensive": (lambda data: fuzzy_comprehensive(data.map(_tenth), [1, 1, 1]), "grade"),
    }


@pytest.mark.parametrize("name", ["normalise", "aggregate", "treat_outliers", "topsis", "dea", "fuzzy_comprehensive"])
def test_every_method_names_a_text_cell_the_same_way(name):
    method, column_key = _methods()[name]
    data = pd.DataFrame({"教育支出": [5.0, 6.0, 4.0], "教师": [5.0, 4.0, 6.0]}, index=["甲区", "乙区", "丙区"])
    data = data.astype(object)
    data.loc["乙区", "教师"] = "四"
    with pytest.raises(InputError, match="'四' is not a number") as err:
        method(data)
    row = err.value.location.pop("factor" if name == "fuzzy_comprehensive" else "unit")
    assert row == "乙区" and err.value.location == {column_key: "教师"}
