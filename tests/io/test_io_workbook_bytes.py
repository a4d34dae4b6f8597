"""workbook_bytes: the same workbook content gives the same bytes, whenever it is saved."""

from __future__ import annotations

import io
import time
import zipfile

from openpyxl import Workbook, load_workbook

from perfmethods.io.tables import WORKBOOK_TIMESTAMP, workbook_bytes


def _book() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["指标", "分值"])
    ws.append(["满意度", 10])
    ws["B2"].number_format = "0.00"
    return wb


def test_same_content_same_bytes_and_still_a_workbook(monkeypatch) -> None:
    first = workbook_bytes(_book())
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)  # saved "a year later"
    second = workbook_bytes(_book())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {WORKBOOK_TIMESTAMP}
        core = archive.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core
    ws = load_workbook(io.BytesIO(first))["指标"]
    assert [c.value for c in ws[2]] == ["满意度", 10] and ws["B2"].number_format == "0.00"


def test_different_content_different_bytes() -> None:
    other = _book()
    other["指标"]["B2"] = 11
    assert workbook_bytes(other) != workbook_bytes(_book())
