"""The cost-benefit notebooks render with their defaults and report what the library computes (slow: marked
``notebooks``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfmethods.cba import NPVModel, compare_options, monte_carlo, recommend_adjustment
from perfmethods.cba.case_file import read_appraisal

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.notebooks


def test_ex_ante_appraisal_report_matches_the_library(rendered):
    result = rendered(ROOT / "notebooks" / "reports" / "ex_ante_appraisal.ipynb")
    case = read_appraisal(ROOT / "data" / "examples" / "environment_project")
    options = {k: v.economic(case.conversion_factors) for k, v in case.option_flows().items()}
    cmp = compare_options(options, "china_2006")
    model = NPVModel(options["budget"], case.variables, rate="china_2006")
    risk = monte_carlo(model, case.uncertainty, n_draws=2000, rank_correlation=case.rank_correlation, seed=0)
    rec = recommend_adjustment(cmp, risk, max_p_negative=0.4)
    assert result.records["enpv"] == pytest.approx(cmp.table.set_index("option").loc["budget", "npv"])
    assert result.records["p_negative"] == pytest.approx(risk.p_negative)
    assert result.records["recommended"] == rec.option
    html = result.report.read_text(encoding="utf-8")
    for section in ("一、项目概况与调整缘由", "二、重新评估结果", "三、调整方案比较", "四、敏感性分析与临界值",
                    "五、情景分析", "六、风险分析", "七、乐观偏差调整", "八、结论与动态调整建议", "九、方法与参数来源"):
        assert section in html, section
    assert "合成示例数据" in html
    assert html.count("data:image/png;base64,") == 3


def test_cost_benefit_example_renders(rendered):
    result = rendered(ROOT / "notebooks" / "examples" / "cost_benefit.ipynb", overrides={"language": "en"})
    npvs = result.records["npv_by_schedule"]
    assert npvs["green_book"] > npvs["china_2006_long_term"] > npvs["china_2006"]
    html = result.report.read_text(encoding="utf-8")
    assert "Multiple IRRs" in html and "Switching values" in html
