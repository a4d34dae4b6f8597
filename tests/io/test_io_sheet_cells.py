"""read_sheet_cells: every sheet's cells as read_table sees them, at their addresses."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from perfmethods.errors import InputError
from perfmethods.io import read_sheet_cells


def test_cells_keep_their_addresses_percent_text_and_merged_values(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "专家甲"
    ws["A1"], ws["B1"], ws["C2"] = "判断矩阵", "  产出 ", "   "
    ws["B2"] = 0.955
    ws["B2"].number_format = "0.0%"
    ws["A3"] = "合并"
    ws.merge_cells("A3:B3")
    wb.create_sheet("专家乙")["D4"] = 7
    wb.save(tmp_path / "book.xlsx")
    before = (tmp_path / "book.xlsx").read_bytes()
    book = read_sheet_cells(tmp_path / "book.xlsx")
    assert list(book) == ["专家甲", "专家乙"]
    first = book["专家甲"]
    assert first[0][:2] == ["判断矩阵", "产出"] and first[1][2] is None  # stripped; blank text is empty
    assert first[1][1] == "95.5%"          # as Excel shows it, the exact decimal
    assert first[2][:2] == ["合并", "合并"]  # a merged range repeats its top-left value
    assert book["专家乙"][3][3] == 7         # D4: row 4, column 4
    assert (tmp_path / "book.xlsx").read_bytes() == before  # the input is never modified


def test_not_a_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"expected an Excel workbook \(.xlsx\); got '.csv'"):
        read_sheet_cells(tmp_path / "a.csv")
    with pytest.raises(InputError, match="does not exist"):
        read_sheet_cells(tmp_path / "missing.xlsx")
