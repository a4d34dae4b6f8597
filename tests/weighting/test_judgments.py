"""Expert judgments from XLSX: both layouts, one triangle, fractions, and errors naming the sheet and the cell."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook

from perfmethods.datasets import data_root
from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.weighting import aggregate_judgments, read_judgments

EXAMPLE = data_root() / "examples" / "weighting"


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


GOOD = [["判断矩阵", "a", "b", "c"], ["a", 1, 3, 5], ["b", "1/3", 1, 2], ["c", 0.2, 0.5, 1]]


def test_bundled_example_both_layouts_agree():
    sheets = read_judgments(EXAMPLE / "expert_judgments.xlsx")
    long = read_judgments(EXAMPLE / "expert_judgments_long.xlsx")
    assert sheets.layout == "sheets" and long.layout == "long"
    assert sheets.experts == ("专家A", "专家B", "专家C", "专家D", "专家E")
    assert sheets.criteria == long.criteria == ("决策", "过程", "产出", "效益", "满意度")
    # 4-decimal typing (0.3333) in the sheets against exact fractions in the long file
    assert np.abs(sheets.stack() - long.stack()).max() < 1e-3
    e = sheets.matrices["专家E"].to_numpy()  # upper triangle only: reciprocals filled
    assert e * e.T == pytest.approx(np.ones((5, 5)))
    assert json.loads(json.dumps(sheets.to_dict()))["layout"] == "sheets"
    assert len(sheets.summary()) == 5 * 10
    with pytest.warns(Warning, match="专家C"):  # the planted swapped judgment: CR far above 0.10, dropped
        group = aggregate_judgments(sheets.matrices, inconsistent="drop")
    assert group.experts["used"].tolist() == [True, True, False, True, True]


def test_sheet_layout_with_title_rows_fractions_and_gaps(tmp_path):
    rows = [["某科技计划专家打分表"], [], *GOOD]
    rows[4][3] = None  # b / c empty, c / b = 0.5 filled → reciprocal
    path = _book(tmp_path / "j.xlsx", {"张三": rows, "李四": [["", "a", "b", "c"], ["a", None, 2, None],
                                                              ["b", None, None, 4], ["c", None, None, None]]})
    j = read_judgments(path)
    assert j.matrices["张三"].loc["b", "c"] == pytest.approx(2.0)
    assert j.matrices["张三"].loc["b", "a"] == pytest.approx(1 / 3)
    li = j.matrices["李四"]
    assert np.isnan(li.loc["a", "c"]) and np.isnan(li.loc["c", "a"])  # never judged: missing
    assert li.loc["b", "a"] == 0.5 and li.loc["a", "a"] == 1.0
    assert read_judgments(path, sheets=["张三"]).experts == ("张三",)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda r: r[1].__setitem__(2, 3) or r[2].__setitem__(1, 3), r"sheet 'E1', cell 'C2'.*not reciprocal"),
        (lambda r: r[2].__setitem__(3, -2), r"sheet 'E1', cell 'D3'.*positive"),
        (lambda r: r[2].__setitem__(3, "abc"), r"sheet 'E1', cell 'D3'.*must be a number"),
        (lambda r: r[3].__setitem__(3, 2), r"sheet 'E1', cell 'D4'.*must be 1"),
        (lambda r: r[3].__setitem__(0, "x"), r"sheet 'E1', cell 'A4'.*must match"),
    ],
)
def test_errors_name_sheet_and_cell(tmp_path, change, match):
    rows = [list(r) for r in GOOD]
    change(rows)
    path = _book(tmp_path / "bad.xlsx", {"E1": rows})
    with pytest.raises(InputError, match=match):
        read_judgments(path)


def test_outside_scale_warns_with_cell(tmp_path):
    rows = [list(r) for r in GOOD]
    rows[1][3], rows[3][1] = 12, "1/12"
    with pytest.warns(DataQualityWarning, match=r"sheet 'E1', cell 'D2'.*outside Saaty"):
        read_judgments(_book(tmp_path / "w.xlsx", {"E1": rows}))


def test_experts_must_compare_the_same_criteria(tmp_path):
    other = [["", "a", "b", "d"], ["a", 1, 3, 5], ["b", "1/3", 1, 2], ["d", 0.2, 0.5, 1]]
    with pytest.raises(InputError, match=r"sheet 'E2'.*same criteria"):
        read_judgments(_book(tmp_path / "x.xlsx", {"E1": GOOD, "E2": other}))


def test_long_layout_errors(tmp_path):
    rows = [["expert", "criterion_a", "criterion_b", "value"], ["e1", "a", "b", 3], ["e1", "a", "b", 4]]
    with pytest.raises(InputError, match=r"row 3.*judged twice"):
        read_judgments(_book(tmp_path / "l.xlsx", {"long": rows}))
    with pytest.raises(InputError, match="long layout needs columns"):
        read_judgments(_book(tmp_path / "m.xlsx", {"S": GOOD}), layout="long")


def test_missing_and_non_workbook_files(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_judgments(tmp_path / "none.xlsx")
    bad = tmp_path / "text.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="cannot be read as an Excel workbook") as info:
        read_judgments(bad)
    assert info.value.location["file"] == "text.xlsx"


def test_the_workbook_limits_of_every_table_apply(tmp_path, monkeypatch):
    """The workbook is read by the package's one XLSX reader, so its size limits hold here too."""
    import perfmethods.io.tables as tables

    monkeypatch.setattr(tables, "MAX_TABLE_ROWS", 3)
    with pytest.raises(InputError, match="more than the 3 rows") as info:
        read_judgments(_book(tmp_path / "big.xlsx", {"专家甲": GOOD}))
    assert info.value.location == {"file": "big.xlsx", "sheet": "专家甲"}
