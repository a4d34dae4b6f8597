"""Regenerate the synthetic weighting examples (fixed seeds): ``python data/examples/weighting/generate.py``.

Everything here is made up for teaching and testing (see README.md in this folder).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from perfmethods.io.tables import workbook_bytes

HERE = Path(__file__).resolve().parent
SCALE = np.concatenate([1.0 / np.arange(9, 1, -1), np.arange(1, 10, dtype=float)])
CRITERIA = ["决策", "过程", "产出", "效益", "满意度"]
EXPERTS = ["专家A", "专家B", "专家C", "专家D", "专家E"]
BASE = np.array([0.12, 0.15, 0.33, 0.30, 0.10])


def _snap(x: float) -> float:
    return float(SCALE[np.abs(np.log(SCALE) - np.log(x)).argmin()])


def _fraction(x: float) -> object:
    """How an expert types a judgment: whole numbers, or '1/k' strings for reciprocals."""
    return round(x) if x >= 1 else f"1/{round(1 / x)}"


def expert_matrices() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20251128)
    out = {}
    for name in EXPERTS:
        w = rng.dirichlet(BASE * 60)
        a = np.ones((5, 5))
        for i in range(5):
            for j in range(i + 1, 5):
                a[i, j] = _snap(w[i] / w[j])
                a[j, i] = 1 / a[i, j]
        out[name] = a
    # 专家C swapped one judgment: wrote 产出 vs 满意度 the wrong way round (1/5 instead of 5)
    c = out["专家C"]
    c[2, 4], c[4, 2] = 1 / c[2, 4], c[2, 4]
    return out


def write_sheets(mats: dict[str, np.ndarray]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for name, a in mats.items():
        ws = wb.create_sheet(name)
        ws.append(["判断矩阵", *CRITERIA])
        for i, crit in enumerate(CRITERIA):
            row: list[object] = [crit]
            for j in range(5):
                if i == j:
                    row.append(1)
                elif name == "专家E" and j < i:
                    row.append(None)  # 专家E fills the upper triangle only
                else:
                    row.append(_fraction(a[i, j]) if name == "专家B" else round(float(a[i, j]), 4))
            ws.append(row)
    (HERE / "expert_judgments.xlsx").write_bytes(workbook_bytes(wb))


def write_long(mats: dict[str, np.ndarray]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "judgments"
    ws.append(["专家", "指标A", "指标B", "判断值"])
    for name, a in mats.items():
        for i in range(5):
            for j in range(i + 1, 5):
                ws.append([name, CRITERIA[i], CRITERIA[j], _fraction(a[i, j])])
    (HERE / "expert_judgments_long.xlsx").write_bytes(workbook_bytes(wb))


def write_framework() -> None:
    rows = [
        ("D11", "决策", "项目立项", "立项依据充分性", 4, "定性", "充分"),
        ("D21", "决策", "绩效目标", "绩效目标明确性", 4, "定性", "明确"),
        ("D31", "决策", "资金投入", "预算编制科学性", 4, "定性", "科学"),
        ("P11", "过程", "资金管理", "资金到位率", 5, "≥", "100%"),
        ("P12", "过程", "资金管理", "预算执行率", 5, "≥", "95%"),
        ("P21", "过程", "组织实施", "管理制度健全性", 5, "定性", "健全"),
        ("O11", "产出", "产出数量", "发表高水平论文数", 10, "≥", "120篇"),
        ("O12", "产出", "产出数量", "授权发明专利数", 10, "≥", "40件"),
        ("O21", "产出", "产出质量", "项目验收通过率", 10, "≥", "95%"),
        ("O31", "产出", "产出时效", "按期结题率", 5, "≥", "90%"),
        ("E11", "效益", "经济效益", "技术合同成交额", 10, "≥", "5000万元"),
        ("E21", "效益", "社会效益", "培养青年科技人才数", 10, "≥", "80人"),
        ("E31", "效益", "可持续影响", "成果转化率", 8, "≥", "20%"),
        ("S11", "满意度", "服务对象满意度", "承担单位满意度", 10, "≥", "90%"),
    ]
    frame = pd.DataFrame(rows, columns=["指标编码", "一级指标", "二级指标", "三级指标", "分值", "指标性质", "年度指标值"])
    frame.to_csv(HERE / "programme_framework.csv", index=False, encoding="utf-8-sig")


def write_projects() -> None:
    rng = np.random.default_rng(7)
    names = [f"项目{c}" for c in "ABCDEF"]
    rates = np.clip(rng.normal([0.91, 0.90, 0.92, 0.88, 0.91], 0.05, (6, 5)), 0.6, 1.0).round(3)
    frame = pd.DataFrame(rates, columns=CRITERIA)
    frame.insert(0, "项目", names)
    frame.to_csv(HERE / "programme_scores.csv", index=False, encoding="utf-8-sig")


def write_districts() -> None:
    rng = np.random.default_rng(16)
    districts = ["中山区", "西岗区", "沙河口区", "甘井子区", "旅顺口区", "金州区", "普兰店区", "瓦房店市", "庄河市", "长海县",
                 "高新区", "开发区", "保税区", "长兴岛", "花园口", "太平湾"]
    size = rng.lognormal(0, 0.5, 16)
    meta = pd.DataFrame([
        ("X1", "人均财政科技支出", "Fiscal S&T spending per capita", "元", "benefit"),
        ("X2", "R&D经费投入强度", "R&D intensity", "%", "benefit"),
        ("X3", "每万人发明专利拥有量", "Invention patents per 10,000 people", "件", "benefit"),
        ("X4", "技术合同成交额", "Technology contract turnover", "亿元", "benefit"),
        ("X5", "高新技术企业数", "High-tech enterprises", "家", "benefit"),
        ("X6", "科技资金闲置率", "Idle share of S&T funds", "%", "cost"),
        ("X7", "项目验收延期率", "Share of projects accepted late", "%", "cost"),
    ], columns=["indicator", "name_zh", "name_en", "unit", "direction"])
    data = pd.DataFrame({
        "地区": districts,
        "X1": (600 * size * rng.lognormal(0, 0.2, 16)).round(0),
        "X2": (2.0 * size ** 0.5 * rng.lognormal(0, 0.25, 16)).round(2),
        "X3": (15 * size * rng.lognormal(0, 0.4, 16)).round(1),
        "X4": (20 * size ** 1.5 * rng.lognormal(0, 0.5, 16)).round(2),
        "X5": np.round(80 * size * rng.lognormal(0, 0.3, 16)).astype(int),
        "X6": np.clip(rng.normal(8, 3, 16), 0.5, None).round(1),
        "X7": np.clip(rng.normal(12, 5, 16), 1.0, None).round(1),
    })
    data.to_csv(HERE / "district_indicators.csv", index=False, encoding="utf-8-sig")
    meta.to_csv(HERE / "district_indicators_meta.csv", index=False, encoding="utf-8-sig")
    # the expert panel's pairwise matrix over the seven indicators (consistent enough: CR < 0.1)
    w = np.array([0.20, 0.22, 0.16, 0.14, 0.12, 0.09, 0.07])
    a = np.ones((7, 7))
    for i in range(7):
        for j in range(i + 1, 7):
            a[i, j] = _snap(w[i] / w[j])
            a[j, i] = 1 / a[i, j]
    pd.DataFrame(a.round(6), index=pd.Index(meta["indicator"], name="指标"), columns=meta["indicator"]).to_csv(
        HERE / "district_ahp_matrix.csv", encoding="utf-8-sig")


if __name__ == "__main__":
    mats = expert_matrices()
    write_sheets(mats)
    write_long(mats)
    write_framework()
    write_projects()
    write_districts()
