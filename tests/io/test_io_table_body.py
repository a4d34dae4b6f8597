"""Table.body (the cells as read, no pandas) and Table.data (the same cells as a DataFrame, built on first use).

The framework readers work on ``body``, so that ``perfmethods lint`` reads a table without importing pandas;
every other reader asks for ``data``. The two must hold the same cells, in the same order, whatever they are.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from iotest_helpers import FIXTURES

from perfmethods.io import FRAMEWORK_COLUMNS, Table, read_self_evaluation_table, read_table

cells = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.integers(-10**6, 10**6),
    st.floats(allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
)


def same_cell(a: object, b: object) -> bool:
    both_nan = isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
    return both_nan or (type(a) is type(b) and a == b)


@given(st.integers(0, 5).flatmap(lambda n: st.dictionaries(
    st.text(min_size=1, max_size=4), st.lists(cells, min_size=n, max_size=n).map(tuple), max_size=4)))
def test_data_holds_the_cells_of_body(body: dict[str, tuple[object, ...]]) -> None:
    n = len(next(iter(body.values()))) if body else 0
    table = Table(body, Path("t.csv"), rows=tuple(range(2, n + 2)))
    frame = table.data
    assert list(frame.columns) == list(body)
    assert isinstance(frame.index, pd.RangeIndex) and len(frame) == n
    for name, column in body.items():
        assert frame[name].dtype == object
        values = frame[name].tolist()
        assert all(same_cell(a, b) for a, b in zip(values, column, strict=True)), (values, column)
    assert table.data is frame  # built once


def test_an_empty_table_has_an_empty_frame(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    table = read_table(path)
    assert table.body == {}
    assert table.data.equals(pd.DataFrame())


def test_a_read_table_has_the_same_cells_in_body_and_data() -> None:
    table = read_table(FIXTURES / "framework_zh.csv", expected_headers=FRAMEWORK_COLUMNS, required=("name",))
    assert list(table.body) == list(table.data.columns)
    assert {name: tuple(table.data[name]) for name in table.data.columns} == dict(table.body)
    assert all(len(cells) == len(table.rows) for cells in table.body.values())


def test_from_frame_keeps_the_frame_and_its_cells() -> None:
    frame = pd.DataFrame({"name": ["场次", "人次"], "weight": ["10", ""]}).astype(str)
    table = Table.from_frame(frame, Path("t.csv"), rows=(2, 3), headers={"name": "指标名称"})
    assert table.data is frame
    assert table.body == {"name": ("场次", "人次"), "weight": ("10", "")}
    assert table.location(1, "name") == {"file": "t.csv", "sheet": None, "row": 3, "column": "指标名称"}


def test_printed_points_is_the_series_of_printed_scores() -> None:
    table = read_self_evaluation_table(FIXTURES / "self_evaluation.xlsx")
    series = table.printed_points
    assert series.name == "printed_points" and series.index.name == "id" and series.dtype == float
    assert list(series.index) == list(table.printed_scores)
    assert all(same_cell(float(a), float(b)) for a, b in zip(series, table.printed_scores.values(), strict=True))
    assert table.printed_points is series
