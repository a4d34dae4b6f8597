"""Generate the synthetic portfolio of data/examples/portfolio_monitoring (seeded; run from anywhere).

    python data/examples/portfolio_monitoring/generate.py

Twenty projects of one fictitious department (某区文化和旅游局), reported at the end of each of the first
three quarters of 2024. Every number is SYNTHETIC: drawn from the seeded generator below with patterns
chosen so that each warning rule fires somewhere (slow spenders, back-loaded construction, a project ahead
of plan, a target gap, a target that cannot be met, an approved budget cut with its target change, pending
requests). Nothing here describes a real project.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20240930
DEPARTMENT = "某区文化和旅游局（虚构）"

# name, kind, budget (万元), spending pace factor, output pace factor, quality tier at month 9
PROJECTS = [
    ("社区文化活动进基层", "activity", 320, 1.00, 1.05, "达成"),
    ("公共图书馆数字资源采购", "purchase", 180, 1.10, 1.00, "达成"),
    ("非遗传承人培训", "training", 95, 0.55, 0.60, "部分达成"),
    ("文化馆场馆改造工程", "construction", 860, 1.00, 0.95, "达成"),
    ("乡村旅游标识系统建设", "construction", 240, 0.45, 0.50, "部分达成"),
    ("全民阅读推广活动", "activity", 120, 0.95, 1.35, "达成"),
    ("文艺团队扶持补贴", "subsidy", 200, 0.70, 0.72, "达成"),
    ("文物安全巡查", "activity", 60, 1.00, 0.98, "达成"),
    ("旅游市场执法专项", "activity", 85, 0.85, 0.90, "达成"),
    ("美术馆展陈提升", "construction", 410, 0.35, 0.30, "未达成"),
    ("公共文化云平台运维", "purchase", 150, 1.05, 1.00, "达成"),
    ("戏曲进校园", "activity", 70, 1.00, 0.55, "部分达成"),
    ("文化志愿者培训", "training", 45, 1.15, 1.10, "达成"),
    ("旅游节庆活动", "activity", 260, 0.60, 1.00, "达成"),
    ("博物馆免费开放补助", "subsidy", 300, 1.00, 1.00, "达成"),
    ("农家书屋更新", "purchase", 110, 0.80, 0.85, "达成"),
    ("景区厕所改造", "construction", 380, 0.90, 0.90, "达成"),
    ("文化遗产普查", "activity", 90, 0.50, 0.25, "部分达成"),
    ("广播电视户户通维护", "purchase", 130, 1.00, 1.02, "达成"),
    ("群众文化辅导", "training", 55, 0.95, 0.97, "达成"),
]

# indicators by kind: id suffix, name, level1, level2, weight, direction, target (annual), unit
INDICATORS = {
    "activity": [("1", "活动场次", "产出", "产出数量", 30, "≥", 48, "场"),
                 ("2", "参与人次", "产出", "产出数量", 20, "≥", 12000, "人次"),
                 ("3", "场均成本", "产出", "产出成本", 10, "≤", 2.5, "万元/场"),
                 ("4", "群众反响", "效益", "社会效益", 10, "定性", None, "")],
    "purchase": [("1", "采购完成量", "产出", "产出数量", 30, "≥", 100, "%"),
                 ("2", "系统可用率", "产出", "产出质量", 20, "≥", 99, "%"),
                 ("4", "服务效果", "效益", "社会效益", 10, "定性", None, "")],
    "training": [("1", "培训人次", "产出", "产出数量", 30, "≥", 600, "人次"),
                 ("2", "培训期数", "产出", "产出数量", 20, "≥", 12, "期"),
                 ("4", "培训效果", "效益", "社会效益", 10, "定性", None, "")],
    "construction": [("1", "工程完成量", "产出", "产出数量", 40, "≥", 100, "%"),
                     ("3", "单位造价", "产出", "产出成本", 10, "≤", 3200, "元/平方米"),
                     ("4", "工程质量", "产出", "产出质量", 10, "定性", None, "")],
    "subsidy": [("1", "补贴发放户数", "产出", "产出数量", 30, "≥", 400, "户"),
                ("2", "按时发放率", "产出", "产出时效", 20, "≥", 100, "%"),
                ("4", "受益对象满意", "效益", "社会效益", 10, "定性", None, "")],
}

# cumulative spending shares of a typical year at months 3 / 6 / 9
PROFILES = {"activity": (0.22, 0.50, 0.76), "purchase": (0.20, 0.55, 0.80), "training": (0.25, 0.50, 0.75),
            "construction": (0.08, 0.30, 0.60), "subsidy": (0.25, 0.50, 0.75)}
MONTHS = (3, 6, 9)


def main() -> None:
    rng = np.random.default_rng(SEED)
    projects, spending, indicators, progress, history = [], [], [], [], []
    for j, (name, kind, budget, spend_pace, out_pace, tier) in enumerate(PROJECTS, start=1):
        pid = f"P{j:02d}"
        original = budget
        full_year = budget
        if pid == "P04":  # material prices rose: the budget was cut in July with its target (see adjustments.csv)
            full_year = 780
        projects.append({"project": pid, "name": name, "department": DEPARTMENT, "kind": kind,
                         "original_budget": original, "budget": full_year, "unit": "万元"})
        shares = np.array(PROFILES[kind]) * spend_pace * rng.uniform(0.95, 1.05, 3)
        shares = np.minimum(np.maximum.accumulate(shares), 0.98)
        for m, s in zip(MONTHS, shares, strict=True):
            spending.append({"project": pid, "period": f"2024Q{m // 3}", "month": m,
                             "executed_cum": round(float(s * full_year), 1)})
        for suffix, iname, l1, l2, w, direction, target, unit in INDICATORS[kind]:
            iid = f"{pid}-{suffix}"
            if pid == "P04" and suffix == "1":
                target_text = "≥100%"
            elif direction == "定性":
                target_text = "良好"
            else:
                op = "≥" if direction == "≥" else "≤"
                target_text = f"{op}{target:g}{unit}"
            # a share of the works done grows through the year: it accumulates although its unit is %; rates held
            # through the year (可用率, 发放率) are levels, as their unit says
            indicators.append({"project": pid, "id": iid, "name": iname, "level1": l1, "level2": l2,
                               "weight": w, "direction": direction, "target": target_text, "unit": unit,
                               "accumulates": "是" if unit == "%" and suffix == "1" else ""})
            for k, m in enumerate(MONTHS):
                row = {"project": pid, "indicator_id": iid, "month": m, "value": None, "tier": None}
                if direction == "定性":
                    if m == 9:
                        row["tier"] = tier
                    else:
                        continue
                elif direction == "≤":
                    row["value"] = round(float(target * rng.uniform(0.85, 1.04)), 2)
                elif unit == "%" and suffix == "2":  # a rate held through the year
                    row["value"] = round(float(min(target, target * rng.uniform(0.97, 1.0))), 1)
                else:
                    curve = (np.array(PROFILES[kind]) if kind == "construction" else np.array(MONTHS) / 12)[k]
                    done = float(target * curve * out_pace * rng.uniform(0.95, 1.05))
                    # a count of events, people or households is whole; a share of works done keeps a decimal
                    row["value"] = round(done, 1) if unit == "%" else int(round(done))
                progress.append(row)
        if kind == "construction":  # two past years of spending with the same back-loaded profile
            for year, annual in ((2022, full_year * 0.9), (2023, full_year * 1.05)):
                for m, s in zip((3, 6, 9, 12), (*PROFILES[kind], 1.0), strict=True):
                    history.append({"project": pid, "item": "spending", "year": year, "month": m,
                                    "value": round(float(annual * s * rng.uniform(0.97, 1.03)) if m < 12 else annual, 1)})
    adjustments = [
        {"project": "P04", "item": "budget", "date": "2024-07-12", "reason": "经费保障", "approval": "某区财预〔2024〕31号",
         "before": "860", "after": "780", "status": "approved", "note": "建材价格上涨，部分工程内容调出，按程序调减预算"},
        {"project": "P04", "item": "P04-3", "date": "2024-07-12", "reason": "经费保障", "approval": "某区财预〔2024〕31号",
         "before": "≤3200元/平方米", "after": "≤3500元/平方米", "status": "approved", "note": "同步调整单位造价目标"},
        {"project": "P10", "item": "P10-1", "date": "2024-10-08", "reason": "硬件条件保障", "approval": "",
         "before": "≥100%", "after": "≥70%", "status": "pending", "note": "展厅结构检测延误，申请调减年度工程量目标"},
        {"project": "P18", "item": "budget", "date": "2024-10-10", "reason": "人员保障", "approval": "",
         "before": "90", "after": "60", "status": "pending", "note": "普查队伍未组建到位，申请调减预算"},
    ]
    pd.DataFrame(projects).to_csv(HERE / "projects.csv", index=False, encoding="utf-8")
    pd.DataFrame(spending).to_csv(HERE / "spending.csv", index=False, encoding="utf-8")
    pd.DataFrame(indicators).to_csv(HERE / "indicators.csv", index=False, encoding="utf-8")
    pd.DataFrame(progress, dtype=object).to_csv(HERE / "progress.csv", index=False, encoding="utf-8")
    pd.DataFrame(history).to_csv(HERE / "history.csv", index=False, encoding="utf-8")
    pd.DataFrame(adjustments).to_csv(HERE / "adjustments.csv", index=False, encoding="utf-8")


if __name__ == "__main__":
    main()
