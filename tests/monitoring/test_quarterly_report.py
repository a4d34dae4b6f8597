"""The quarterly monitoring report renders, and every number it records and states is the library's.

The default render comes from the session fixture ``rendered`` (tests/conftest.py), so the generic "every notebook
renders" test and this one share one render.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from perfmethods.datasets import data_root
from perfmethods.monitoring import monitor_portfolio, outlook, read_portfolio

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "notebooks" / "reports" / "quarterly_monitoring.ipynb"
pytestmark = pytest.mark.notebooks

#: Package codes, enum values and Python reprs that must never reach the Chinese reader.
CODES = re.compile(r"\b(budget_system|sichuan|green|yellow|red|blue|none|drift|seasonal|spending|approved|pending|"
                   r"overspend|year_end|True|False|None|nan|NaN|secondary|unverified|verified)\b|\[\(|\{'|'\)")
#: A count with a fraction (9.1 场) — counts are whole.
FRACTIONAL_COUNT = re.compile(r"\d\.\d+ ?(场|人次|期|户|人|次|个)(?![/\w])")


def _visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"data:[^\"')]+", " ", html)
    return unescape(re.sub(r"<[^>]+>", "\n", html))


@pytest.fixture(scope="module")
def report(rendered):
    return rendered(REPORT)


@pytest.fixture(scope="module")
def library():
    portfolio = read_portfolio(data_root() / "examples" / "portfolio_monitoring")
    result = monitor_portfolio(portfolio.reports, month=9, thresholds="budget_system",
                               adjustments=portfolio.adjustments, year=2024)
    projection = outlook(portfolio.reports, month=9, alpha=0.10, history=portfolio.history,
                         thresholds="budget_system")
    return result, projection


def test_records_are_the_library_on_the_same_data(report, library):
    result, projection = library
    rec = report.records
    overview = result.overview()
    for name in ("n_projects", "n_red", "n_yellow", "n_attention"):
        assert rec[name] == overview[name], name
    for name in ("budget", "executed", "execution_rate", "time_progress"):
        assert rec[name] == pytest.approx(overview[name]), name
    for name, value in projection.counts().items():
        assert rec[f"outlook_{name}"] == value, name
    assert rec["lights"] == dict(zip(result.projects["project"], result.projects["overall_light"], strict=True))
    expected = result.reasons[["project", "check", "light", "indicator_id"]].fillna("").to_dict(orient="records")
    assert rec["reasons"] == expected
    assert rec["outlook_reasons"] == projection.reasons()[["project", "check", "light"]].to_dict(orient="records")


def test_text_states_the_recorded_numbers(report, library):
    result, projection = library
    text = _visible_text(report.report.read_text(encoding="utf-8"))
    rec = report.records
    assert (f"{rec['n_red']} 个项目亮红灯，{rec['n_yellow']} 个项目亮黄灯，{rec['n_attention']} 个项目需要关注"
            in text)
    c = projection.counts()
    assert f"低于 80% 的项目 {c['low']} 个，其中亮红灯的 {c['low_red']} 个" in text
    assert f"预计全年支出超过全年预算 100% 的项目 {c['over']} 个，其中超过 110%、亮红灯的 {c['over_red']} 个" in text
    for sentence in [*result.reasons["reason_zh"], *projection.reasons()["reason_zh"]]:
        assert sentence in text, sentence


def test_every_red_or_yellow_project_is_explained(report, library):
    result, _ = library
    text = _visible_text(report.report.read_text(encoding="utf-8"))
    warned = result.projects[result.projects["overall_light"].isin(["red", "yellow"])]
    assert len(warned) == report.records["n_red"] + report.records["n_yellow"] > 0
    table2 = text.split("表2　预警原因")[1].split("四、全年预计执行与完成情况")[0]
    for _, p in warned.iterrows():
        rows = result.reasons[result.reasons["project"] == p["project"]]
        assert (rows["light"] == p["overall_light"]).any(), p["project"]
        assert p["project"] in table2 and all(r in table2 for r in rows["reason_zh"]), p["project"]


def test_no_codes_reprs_or_fractional_counts_reach_the_reader(report):
    html = report.report.read_text(encoding="utf-8")
    text = _visible_text(html)
    body = text.split("本报告由 perfmethods")[0]  # the footer names the notebook file
    assert not CODES.search(body), CODES.search(body)
    assert not FRACTIONAL_COUNT.search(body), FRACTIONAL_COUNT.search(body)
    for heading in ("一、总体情况", "二、双监控预警", "三、需要关注的项目", "四、全年预计执行与完成情况",
                    "五、预算与目标调整", "六、预警规则及其依据", "表2　预警原因", "表6　预警规则"):
        assert heading in text, heading
    assert "全年预算（万元）" in text and "预计全年（万元）" in text
    assert html.count("data:image/png;base64,") == 2  # the lights chart and the outlook chart
