"""The cost-benefit notebooks render with their defaults and report what the library computes (slow: marked
``notebooks``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perfmethods.cba import MAX_P_WORSE, appraise, decide_options, optimism_bias
from perfmethods.cba.case_file import read_appraisal
from perfmethods.cba.ex_ante import appraise_ex_ante
from perfmethods.i18n import t

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.notebooks


def test_ex_ante_appraisal_report_matches_the_library(rendered):
    result = rendered(ROOT / "notebooks" / "reports" / "ex_ante_appraisal.ipynb")
    # the library, called directly with the notebook's default parameters
    case = read_appraisal(ROOT / "data" / "examples" / "environment_project")
    flows = case.option_flows()
    options = {k: case.economic(v) for k, v in flows.items()}
    ob = optimism_bias(case.optimism_bias["project_type"], mitigation=case.optimism_bias["mitigation"])
    decision = decide_options(options, case.variables, case.uncertainty, requested="budget", baseline="stop",
                              rate="china_2006", rank_correlation=case.rank_correlation, optimism=ob,
                              n_draws=2000, seed=0)
    appraisal = appraise_ex_ante(case.ex_ante, decision, targets=case.targets,
                                 funding_need=case.funding_need("budget"), unit=case.unit)
    records = result.records
    assert records["title"] == case.title == "某区河道水环境综合治理工程追加投资事前绩效评估报告"
    assert records["tier"] == appraisal.tier
    assert records["verdicts"] == appraisal.verdicts()
    chosen = decision.table.set_index("option").loc[decision.option]
    assert records["decision"] == {"option": decision.option, "status": decision.status,
                                   "governing_npv": pytest.approx(chosen["governing_npv"]),
                                   "deterministic_npv": pytest.approx(chosen["deterministic_npv"]),
                                   "expected_npv": pytest.approx(chosen["expected_npv"])}
    table = decision.table.set_index("option")
    assert records["p_negative"] == pytest.approx(table["p_negative"].to_dict())
    assert records["p_worse"] == pytest.approx(table["p_worse"].drop("stop").to_dict())
    assert set(records["p_negative"]) == set(flows)                        # risk for every option, not one
    assert records["max_p_worse"] == MAX_P_WORSE.value
    assert records["fnpv"] == pytest.approx(appraise(case.financial(flows["budget"]), "china_2006").npv)
    assert records["enpv"] == pytest.approx(appraise(options["budget"], "china_2006").npv)
    assert records["fnpv"] < 0 < records["enpv"]
    assert records["funding_need"] == pytest.approx(case.funding_need("budget"))

    html = result.report.read_text(encoding="utf-8")
    assert "<title>某区河道水环境综合治理工程追加投资事前绩效评估报告</title>" in html
    for section in ("一、评估对象基本情况", "二、综合评估结论", "三、立项必要性", "四、投入经济性",
                    "五、绩效目标合理性", "六、实施方案可行性", "七、筹资合规性", "八、相关建议", "九、方法与参数来源"):
        assert section in html, section
    assert f"评估结论：{t(f'cba.exante.tier.{appraisal.tier}')}。" in html
    assert "中发〔2018〕34号" in html and "合成示例数据" in html
    assert decision.statement("zh", labels={"budget": "追加预算、保持目标", "stop": "终止项目"}) in html
    assert "可接受的“劣于终止项目”概率上限取20%：这是本报告的本地设定" in html
    assert html.count("data:image/png;base64,") == 4
    # no internal codes or Python values in what the reader sees
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S))
    for code in ("fund_conditional", "support_after_adjustment", "general_budget", "china_2006", "non_cash",
                 "in_progress", "None", "nan", "secondary", "unverified"):
        assert not re.search(rf"\b{code}\b", text), code


def test_cost_benefit_example_renders(rendered):
    result = rendered(ROOT / "notebooks" / "examples" / "cost_benefit.ipynb", overrides={"language": "en"})
    npvs = result.records["npv_by_schedule"]
    assert npvs["green_book"] > npvs["china_2006_long_term"] > npvs["china_2006"]
    html = result.report.read_text(encoding="utf-8")
    assert "Multiple IRRs" in html and "Switching values" in html
