"""Builders of small in-year reports for the monitoring tests."""

from __future__ import annotations

import pandas as pd

from perfmethods.io import framework_from_records
from perfmethods.model.framework import IndicatorFramework
from perfmethods.monitoring import ProjectReport

FRAMEWORK = framework_from_records([
    dict(id="A", name="培训学时", level1="产出", level2="数量", points=30, direction="≥", target="120学时"),
    dict(id="B", name="单位成本", level1="产出", level2="成本", points=10, direction="≤", target="≤100元"),
    dict(id="C", name="服务质量", level1="效益", level2="社会效益", points=10, direction="定性", target="有效"),
])


def spending_report(executed: list[float], months: list[int], *, budget: float = 100.0, project: str = "P1",
                    progress: pd.DataFrame | None = None, framework: IndicatorFramework | None = None,
                    name: str = "") -> ProjectReport:
    spending = pd.DataFrame({"period": [f"M{m}" for m in months], "month": months, "executed_cum": executed})
    return ProjectReport.from_tables(project, budget=budget, spending=spending, framework=framework,
                                     progress=progress, name=name)


def indicator_report(value: float, month: int = 6, *, executed: float = 50.0, indicator: str = "A",
                     earlier: tuple[int, float] | None = None, tier: str | None = None) -> ProjectReport:
    rows = []
    if earlier is not None:
        rows.append({"indicator_id": indicator, "month": earlier[0], "value": earlier[1], "tier": tier})
    rows.append({"indicator_id": indicator, "month": month, "value": value, "tier": tier})
    return spending_report([executed], [month], framework=FRAMEWORK, progress=pd.DataFrame(rows))
