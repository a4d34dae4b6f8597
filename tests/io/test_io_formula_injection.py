"""Writers never hand a spreadsheet a formula (OWASP CSV injection), and what they write reads back unchanged."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.io import framework_from_records, read_framework_table, write_framework_table
from perfmethods.io.tables import FORMULA_TRIGGERS, escape_formula, unescape_formula

HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-2+3"]


def _framework():
    records = [
        {"id": f"C{i}", "level1": "产出", "name": name, "weight": 10, "target": "≥50场", "unit": "场"}
        for i, name in enumerate(HOSTILE, start=1)
    ]
    return framework_from_records(records, name="注入测试")


def test_csv_cells_are_escaped_and_read_back(tmp_path: Path):
    out = write_framework_table(_framework(), tmp_path / "fw.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        cells = [row[3] for row in csv.reader(fh)][1:]
    assert cells == ["'" + name for name in HOSTILE]
    again = read_framework_table(out)
    assert [ind.name for ind in again] == HOSTILE


def test_xlsx_cells_are_text_with_a_quote_prefix(tmp_path: Path):
    out = write_framework_table(_framework(), tmp_path / "fw.xlsx")
    ws = openpyxl.load_workbook(out).active
    names = [ws.cell(row=r, column=4) for r in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in names] == HOSTILE
    assert all(c.data_type == "s" and c.quotePrefix for c in names)
    assert [ind.name for ind in read_framework_table(out)] == HOSTILE
    assert not ws.cell(row=2, column=5).quotePrefix  # the points are a number, not escaped


@pytest.mark.parametrize("number", ["-5", "+3.5", "-1,000", "10"])
def test_numbers_are_not_escaped(number):
    assert escape_formula(number) == number


@pytest.mark.parametrize("text", ["'=x", "''+1", "'-5", "'", "=", "-"])
def test_apostrophes_already_there_survive(text):
    assert unescape_formula(escape_formula(text)) == text


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r1.,ax "), max_size=12) | st.text(max_size=30))
def test_escape_then_unescape_is_the_identity(text):
    escaped = escape_formula(text)
    assert unescape_formula(escaped) == text
    if text and text[0] in FORMULA_TRIGGERS and escaped != text:
        assert escaped[0] == "'"


def test_round_trip_keeps_every_field(tmp_path: Path):
    fw = _framework()
    again = read_framework_table(write_framework_table(fw, tmp_path / "fw.csv"))
    assert again.indicators == tuple(dataclasses.replace(i, direction_inferred=False) for i in fw)
