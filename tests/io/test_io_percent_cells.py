"""Excel percentages: a number formatted as a percentage is read as the percentage Excel shows (issue 11).

Excel stores 96 % as 0.96 with the number format ``0%``. Read bare, an actual of 0.96 against "≥95%" scored
0.1 of 10 points (1 % completion) and a target of 0.95 against an actual of 90 % handed out full points.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from perfmethods.evaluation import evaluate
from perfmethods.io import read_framework_table, read_table
from perfmethods.io.tables import _is_percent_format


def _workbook(path: Path, rows: list[list[object]], formats: dict[tuple[int, int], str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for (r, c), fmt in formats.items():
        ws.cell(row=r, column=c).number_format = fmt
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "fmt, percent",
    [("0%", True), ("0.00%", True), ('0.0"%"', False), ("0\\%", False), ("General", False), ("#,##0", False),
     ('[Red]-0.0%;0.0%', True)],
)
def test_percent_formats(fmt, percent):
    assert _is_percent_format(fmt) is percent


def test_percent_cells_read_as_the_percentage_excel_shows(tmp_path):
    path = _workbook(
        tmp_path / "actuals.xlsx",
        [["指标编码", "实际完成值"], ["C1", 0.96], ["C2", 0.955], ["C3", 1], ["C4", 0.96]],
        {(2, 2): "0%", (3, 2): "0.0%", (4, 2): "0%"},
    )
    table = read_table(path)
    assert table.data["实际完成值"].tolist() == ["96%", "95.5%", "100%", 0.96]


def test_a_percent_formatted_target_and_actual_score_correctly(tmp_path):
    fw_path = _workbook(
        tmp_path / "framework.xlsx",
        [["指标编码", "一级指标", "三级指标", "分值", "指标值"], ["C1", "产出指标", "验收合格率", 100, 0.95]],
        {(2, 5): "0%"},
    )
    framework = read_framework_table(fw_path)
    target = framework.indicators[0].target
    assert target.value == pytest.approx(95.0) and target.unit == "%"
    actual_path = _workbook(tmp_path / "actuals.xlsx", [["指标编码", "实际完成值"], ["C1", 0.96], ["C2", 0.9]],
                            {(2, 2): "0%", (3, 2): "0%"})
    read = read_table(actual_path).data["实际完成值"].tolist()

    def row(actual):
        scored = evaluate(framework, {"C1": actual}).indicators.set_index("id").loc["C1"]
        return scored["points"], scored["points_available"]

    points, available = row(read[0])
    assert points == pytest.approx(available)  # 96 % ≥ 95 %: full points, not 1 % of them
    points, available = row(read[1])
    assert points < available  # 90 % < 95 %: not full points
