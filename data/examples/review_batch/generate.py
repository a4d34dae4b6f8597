"""Generate the synthetic batch of 30 self-evaluation tables in data/examples/review_batch/.

SYNTHETIC DATA (合成数据): every project, unit, figure and text here is made up; no real table is copied.
The tables follow the 附件2 layout of 财预〔2020〕10号 that perfmethods.io.read_self_evaluation_table
reads, as XLSX (with merged cells) and as CSV (as Excel saves a merged range: the value in the first
cell only). Some tables are correct; others carry one departure a reviewer must find (see README.md for
the list by file). Run from the repository root:

    python data/examples/review_batch/generate.py

The output is deterministic (fixed seed, fixed workbook timestamps, a fixed string-hash seed).
"""

from __future__ import annotations

import csv
import math
import os
import sys
from pathlib import Path

import numpy as np
import openpyxl

from perfmethods.io.tables import workbook_bytes

HERE = Path(__file__).resolve().parent
SEED = 20260612

PROJECTS = [
    ("社区文化惠民工程", "某市文化和旅游局", "某市群众艺术馆"),
    ("农村饮水安全巩固提升", "某县水利局", "某县农村供水站"),
    ("中小学校舍维修改造", "某区教育局", "某区教育设施服务中心"),
    ("基层医疗机构设备购置", "某县卫生健康局", "某县人民医院"),
    ("城乡道路养护", "某市交通运输局", "某市公路事业发展中心"),
    ("高标准农田建设", "某县农业农村局", "某县农田建设服务中心"),
]


def _half_up(x: float, decimals: int = 2) -> float:
    factor = 10.0**decimals
    return math.floor(round(x * factor, 9) + 0.5) / factor


def _rows(rng: np.random.Generator) -> list[list[object]]:
    """The indicator rows of a correct table: level1, level2, name, target, actual, points, score, note."""
    sessions = int(rng.integers(40, 80))
    done = sessions + int(rng.integers(-3, 6))
    rate = float(rng.choice([96.0, 97.5, 98.0, 99.0, 100.0]))
    cost_target = float(rng.choice([1.2, 1.5, 2.0]))
    cost = _half_up(cost_target * float(rng.uniform(0.85, 1.1)), 2)
    satisfied = float(rng.choice([88.0, 91.5, 93.0, 95.2]))
    rows = [
        ["产出指标", "数量指标", "完成项目数量", f"≥{sessions}个", f"{done}个", 20],
        ["产出指标", "质量指标", "项目验收合格率", "≥95%", f"{rate:g}%", 15],
        ["产出指标", "时效指标", "项目完成及时性", "按期完成", "100%", 5],
        ["产出指标", "成本指标", "单位平均成本", f"≤{cost_target:g}万元", f"{cost:g}万元", 10],
        ["效益指标", "社会效益指标", "群众生产生活条件保障情况", "保障到位", "保障到位", 20],
        ["效益指标", "可持续影响指标", "长效管护机制建立情况", "建立", "达成", 10],
        ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", f"{satisfied:g}%", 10],
    ]
    scored = []
    for l1, l2, name, target, actual, points in rows:
        if name == "完成项目数量":
            score = points * min(done / sessions, 1.0)
        elif name == "项目验收合格率":
            score = points * min(rate / 95.0, 1.0)
        elif name == "单位平均成本":
            score = points if cost <= cost_target else points * max(1 - (cost - cost_target) / cost_target, 0)
        elif name == "受益群众满意度":
            score = points * min(satisfied / 90.0, 1.0)
        else:
            score = points
        scored.append([l1, l2, name, target, actual, points, _half_up(score), ""])
    return scored


def _grid(
    project: tuple[str, str, str],
    year: int,
    budget: tuple[float, float, float],
    rows: list[list[object]],
    *,
    printed_rate: str | None = None,
    total: float | None = None,
) -> list[list[object]]:
    """The 附件2 table as a 10-column grid (None = blank)."""
    name, department, unit = project
    original, adjusted, executed = budget
    rate = executed / adjusted
    budget_score = _half_up(10 * min(rate, 1.0))
    shown_rate = printed_rate if printed_rate is not None else f"{100 * rate:.2f}%"
    grid: list[list[object]] = []

    def add(cells: list[object]) -> None:
        grid.append(cells + [None] * (10 - len(cells)))

    add(["项目支出绩效自评表"])
    add([f"（{year}年度）"])
    add(["项目名称", f"{name}（合成示例）"])
    add(["主管部门", department, None, None, None, "实施单位", unit])
    add(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    add([None, "年度资金总额", original, adjusted, executed, 10, shown_rate, budget_score])
    add([None, "其中：当年财政拨款", original, adjusted, executed, "—", "—", "—"])
    add([None, "上年结转资金", 0, 0, 0, "—", "—", "—"])
    add(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    add([None, f"按计划完成{name}年度建设任务", None, None, None, "已按计划完成年度建设任务"])
    add(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"])
    for l1, l2, ind, target, actual, points, score, note in rows:
        add([None, l1, l2, ind, target, actual, points, score, note or None])
    computed_total = _half_up(budget_score + sum(float(r[6]) for r in rows))
    add(["总分", None, None, None, None, None, 10 + sum(r[5] for r in rows),
         computed_total if total is None else total])
    add(["填表说明：本表为合成示例数据（synthetic），不代表任何真实项目。"])
    return grid


def _write_xlsx(path: Path, grid: list[list[object]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in grid:
        ws.append(row)
    ws.merge_cells("A1:J1")
    ws.merge_cells("A2:J2")
    ws.merge_cells("B3:J3")
    Path(path).write_bytes(workbook_bytes(wb))  # fixed time stamps: a re-run gives the same bytes


def _write_csv(path: Path, grid: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in grid:
            writer.writerow(["" if v is None else v for v in row])


#: file stem → the departure it carries ("" = a correct table).
VARIANTS: list[tuple[str, str]] = [
    *[(f"{k:02d}_correct", "") for k in range(1, 13)],
    ("13_row_sum", "row_sum"),
    ("14_row_sum", "row_sum"),
    ("15_row_sum", "row_sum"),
    ("16_points_110", "points_110"),
    ("17_points_110", "points_110"),
    ("18_formula", "formula"),
    ("19_formula", "formula"),
    ("20_formula", "formula"),
    ("21_overachievement", "overachievement"),
    ("22_overachievement", "overachievement"),
    ("23_untiered", "untiered"),
    ("24_untiered", "untiered"),
    ("25_execution_rate", "execution_rate"),
    ("26_execution_rate", "execution_rate"),
    ("27_vague_target", "vague_target"),
    ("28_vague_target", "vague_target"),
]


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":  # openpyxl orders parts by set iteration: fix the hash seed
        os.execve(sys.executable, [sys.executable, __file__], {**os.environ, "PYTHONHASHSEED": "0"})
    rng = np.random.default_rng(SEED)
    for old in HERE.glob("[0-9][0-9]_*"):
        old.unlink()
    for k, (stem, departure) in enumerate(VARIANTS):
        project = PROJECTS[k % len(PROJECTS)]
        adjusted = float(rng.choice([120.0, 250.0, 480.0, 600.0]))
        executed = _half_up(adjusted * float(rng.choice([0.95, 0.985, 1.0])), 2)
        budget = (adjusted, adjusted, executed)
        rows = _rows(rng)
        printed_rate, total = None, None
        if departure == "row_sum":
            total = _half_up(_half_up(10 * min(executed / adjusted, 1.0)) + sum(r[6] for r in rows) + 2.0)
        elif departure == "points_110":
            planned, reported = (int(str(rows[0][k]).strip("≥个")) for k in (3, 4))
            rows[0][5], rows[0][6] = 30, _half_up(30 * min(reported / planned, 1.0))
        elif departure == "formula":
            rows[1][4] = "80%"
            rows[1][7] = "部分项目返工"
        elif departure == "overachievement":
            target = int(str(rows[0][3]).strip("≥个"))
            rows[0][4] = f"{2 * target}个"
            rows[0][6] = 20.0
        elif departure == "untiered":
            rows[4][4] = "基本保障"
            rows[4][6] = 18.0
        elif departure == "execution_rate":
            printed_rate = "100%"
            budget = (adjusted, adjusted, _half_up(adjusted * 0.9, 2))
        elif departure == "vague_target":
            rows[5][3] = "进一步加强"
            rows[5][4] = "进一步加强"
        grid = _grid(project, 2025, budget, rows, printed_rate=printed_rate, total=total)
        if departure == "execution_rate":
            grid[5][7] = 10.0
            grid[-2][7] = _half_up(10.0 + sum(float(r[6]) for r in rows))
        if k % 3 == 2:
            _write_csv(HERE / f"{stem}.csv", grid)
        else:
            _write_xlsx(HERE / f"{stem}.xlsx", grid)
    (HERE / "29_unreadable.xlsx").write_bytes(b"This is not a workbook: a damaged upload (synthetic).\n")
    with (HERE / "30_unreadable.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([["项目支出绩效自评表"], ["项目名称", "缺少指标表的表格（合成示例）"]])


if __name__ == "__main__":
    main()
