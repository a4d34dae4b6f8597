"""The ex-ante appraisal (事前绩效评估): case-file evidence, the financial and economic views, the five dimensions.

The five dimensions and their order are those of 中共中央 国务院《关于全面实施预算绩效管理的意见》(中发〔2018〕34号,
第四部分第（一）项: 立项必要性、投入经济性、绩效目标合理性、实施方案可行性、筹资合规性); the three results 予以支持 /
调整后支持 / 不予支持 are those of municipal 事前绩效评估 rules (e.g. the 市级财政支出事前绩效评估管理办法 at
https://www.chacewang.com/newsdetail/news379739.html). The checks are the package's documented local rules; each is
tested to fire on the defect it names and only then.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.cba import appraise, decide_options, optimism_bias
from perfmethods.cba.case_file import read_appraisal
from perfmethods.cba.ex_ante import (
    DIMENSIONS,
    DIMENSIONS_RULE,
    PROHIBITED_FUNDING,
    TIERS,
    ExAnteAppraisal,
    FundingSource,
    Milestone,
    ReadinessItem,
    appraise_ex_ante,
)
from perfmethods.errors import InputError
from perfmethods.i18n import t

ROOT = Path(__file__).resolve().parents[2]
ENV = ROOT / "data" / "examples" / "environment_project"


@pytest.fixture(scope="module")
def case():
    return read_appraisal(ENV)


@pytest.fixture(scope="module")
def decision(case):
    options = {k: case.economic(v) for k, v in case.option_flows().items()}
    return decide_options(options, case.variables, case.uncertainty, requested="budget", baseline="stop",
                          rank_correlation=case.rank_correlation,
                          optimism=optimism_bias("standard_civil_engineering", mitigation=0.8), n_draws=2000, seed=0)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(ENV, folder)
    return folder


def _edit(folder: Path, change) -> Path:
    path = folder / "appraisal.yaml"
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(cfg)
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------------ financial and economic views
def test_financial_view_counts_cash_only(case):
    flows = case.option_flows()["budget"]
    fin = case.financial(flows)
    assert sorted(fin.select("benefit")) == ["停车与游船收费"]
    # by hand: the cash lines only (every cost line and the fees), discounted at 8 %
    cash_lines = [n for n in flows.amounts.index if n not in ("水质改善效益", "防洪减灾效益", "生态休闲效益")]
    signed = flows.amounts.loc[cash_lines].to_numpy() * np.where(
        flows.meta.loc[cash_lines, "kind"].to_numpy() == "cost", -1.0, 1.0)[:, None]
    df = 1.08 ** -np.arange(flows.amounts.shape[1])
    assert appraise(fin, "china_2006").npv == pytest.approx(float(signed.sum(axis=0) @ df))
    # a non-cash benefit ten times larger leaves the financial NPV where it was and moves the economic one
    bigger = flows.scale({"水质改善效益": 10.0})
    assert appraise(case.financial(bigger), "china_2006").npv == pytest.approx(appraise(fin, "china_2006").npv)
    assert appraise(case.economic(bigger), "china_2006").npv > appraise(case.economic(flows), "china_2006").npv + 1000


def test_economic_view_counts_every_benefit_once(case):
    flows = case.option_flows()["budget"]
    eco = case.economic(flows)
    assert sorted(eco.select("benefit")) == sorted(case.benefits)
    fin_benefits = appraise(case.financial(flows), "china_2006").pv_benefits
    eco_benefits = appraise(eco, "china_2006").pv_benefits
    non_cash = appraise(case.economic(flows.scale({k: 0.0 for k, v in case.benefits.items() if v == "cash"})),
                        "china_2006").pv_benefits
    assert eco_benefits == pytest.approx(fin_benefits + non_cash)       # cash counted once, non-cash once


def test_untagged_benefit_is_refused(tmp_path):
    folder = _edit(_copy(tmp_path), lambda cfg: cfg["benefits"].pop("生态休闲效益"))
    case = read_appraisal(folder)
    with pytest.raises(InputError, match="生态休闲效益") as err:
        case.financial(case.option_flows()["budget"])
    assert err.value.location["key"] == "benefits.生态休闲效益"
    with pytest.raises(InputError, match="not tagged"):
        case.economic(case.option_flows()["budget"])


@pytest.mark.parametrize(("change", "match"), [
    (lambda cfg: cfg["benefits"].update({"水质改善效益": "maybe"}), "cash"),
    (lambda cfg: cfg["benefits"].update({"工程材料": "cash"}), "not a benefit line"),
    (lambda cfg: cfg["ex_ante"].update({"requested_option": "expand"}), "expand"),
    (lambda cfg: cfg["ex_ante"]["necessity"].update({"urgency": "high"}), "urgency"),
    (lambda cfg: cfg["ex_ante"]["implementation"]["milestones"][1].update({"due": "next spring"}), "month"),
    (lambda cfg: cfg["ex_ante"]["implementation"]["readiness"][0].update({"status": "maybe"}), "status"),
    (lambda cfg: cfg["ex_ante"]["funding"]["sources"][0].update({"type": "loan"}), "type"),
    (lambda cfg: cfg["ex_ante"]["funding"]["sources"][0].update({"amount": -5}), "amount"),
    (lambda cfg: cfg["ex_ante"]["funding"]["sources"][0].pop("amount"), "amount"),
])
def test_case_file_errors_name_the_key(tmp_path, change, match):
    folder = _edit(_copy(tmp_path), change)
    with pytest.raises(InputError, match=match):
        read_appraisal(folder)


def test_case_file_errors_name_the_line_and_suggest(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "appraisal.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    policy_basis:", "    policy_basi:"), encoding="utf-8")
    with pytest.raises(InputError, match="did you mean 'policy_basis'") as err:
        read_appraisal(folder)
    assert err.value.location["line"] == next(k for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(),
                                                                          start=1) if "policy_basi:" in line)
    path.write_text(text.replace("type: transfer, amount: 1200", "type: transfer, amount: 一千二百"), encoding="utf-8")
    with pytest.raises(InputError, match="amount") as amount_err:
        read_appraisal(folder)
    assert amount_err.value.location["key"] == "ex_ante.funding.sources[2].amount"
    assert amount_err.value.location["line"] == next(k for k, line in enumerate(text.splitlines(), start=1)
                                                     if "中央水污染防治资金" in line)
    path.write_text(text.replace("status: done, document: 某环审", "status: finished, document: 某环审"),
                    encoding="utf-8")
    with pytest.raises(InputError, match="finished") as err:
        read_appraisal(folder)
    assert err.value.location["key"] == "ex_ante.implementation.readiness[1].status"
    assert err.value.location["line"] == next(k for k, line in enumerate(text.splitlines(), start=1)
                                              if "item: 环境影响评价批复" in line)


def test_a_case_without_ex_ante_evidence_says_so(tmp_path):
    folder = _edit(_copy(tmp_path), lambda cfg: cfg.pop("ex_ante"))
    case = read_appraisal(folder)
    assert case.ex_ante is None
    with pytest.raises(InputError, match="no 'ex_ante:' section") as err:
        case.require_ex_ante()
    assert err.value.location["key"] == "ex_ante"


def test_funding_need_is_the_remaining_cost_at_current_prices(case):
    # cashflows.csv, from 2025: materials 2350 + 1280 and taxes 190 + 105 (current prices); labour 700, 400 and design
    # 150, 150 at 2023 prices, inflated with the index 103.0 (2025) and 105.1 (2026)
    by_hand = 2350 + 1280 + 190 + 105 + (700 + 150) * 1.030 + (400 + 150) * 1.051
    assert case.funding_need("budget") == pytest.approx(by_hand)
    assert case.funding_need("stop") == 0.0
    with pytest.raises(InputError, match="unknown option"):
        case.funding_need("expand")


# ------------------------------------------------------------------------------------ the five dimensions
def test_environment_project_appraisal(case, decision):
    result = appraise_ex_ante(case.ex_ante, decision, targets=case.targets,
                              funding_need=case.funding_need("budget"), unit=case.unit)
    assert tuple(d.dimension for d in result.dimensions) == DIMENSIONS
    verdicts = result.verdicts()
    assert verdicts["necessity"] == "pass" and verdicts["feasibility"] == "pass" and verdicts["funding"] == "pass"
    assert verdicts["economy"] == decision.verdict
    # the target table holds a vague target (河道生态环境: 明显改善) that the 88号 rules reject
    assert verdicts["targets"] == "adjust"
    assert {f.indicator_id for f in result.dimension("targets").findings if f.severity.value == "error"} == {"D14"}
    assert result.tier == "support_after_adjustment"
    assert t(f"cba.exante.tier.{result.tier}") == "调整后支持"
    summary = result.summary()
    assert list(summary["label"]) == ["立项必要性", "投入经济性", "绩效目标合理性", "实施方案可行性", "筹资合规性"]
    json.dumps(result.to_dict(), allow_nan=False)
    assert isinstance(result, ExAnteAppraisal) and len(repr(result).splitlines()) <= 20


def _appraise(case, decision, **changes):
    ev = case.ex_ante
    nec = changes.pop("necessity", {})
    ev = dataclasses.replace(ev, necessity=dataclasses.replace(ev.necessity, **nec), **changes)
    return appraise_ex_ante(ev, decision, targets=case.targets, funding_need=case.funding_need("budget"),
                            target_reasons=None)


@pytest.mark.parametrize(("dimension", "changes", "verdict", "code"), [
    ("necessity", {"necessity": {"evidence": ()}}, "fail", "no_problem"),
    ("necessity", {"necessity": {"policy_basis": ()}}, "adjust", "no_policy_basis"),
    ("necessity", {"necessity": {"beneficiaries": 0.0}}, "adjust", "no_beneficiaries"),
    ("necessity", {"necessity": {"overlaps": ("区级黑臭水体整治项目的截污管网",)}}, "adjust", "overlap"),
    ("feasibility", {"milestones": ()}, "fail", "no_milestones"),
    ("feasibility", {"milestones": (Milestone("完工", pd.Period("2026-12", "M")),
                                    Milestone("招标", pd.Period("2025-06", "M")))}, "adjust", "milestone_order"),
    ("feasibility", {"readiness": (ReadinessItem("环境影响评价批复", "in_progress"),)}, "adjust",
     "precondition_missing"),
    ("feasibility", {"readiness": (ReadinessItem("运维经费", "not_started", precondition=False),)}, "pass",
     "open_items"),
    ("funding", {"funding": ()}, "fail", "no_sources"),
    ("funding", {"funding": (FundingSource("平台公司借款", "other_debt", 5378.55, basis="借款合同"),)}, "fail",
     "prohibited_source"),
    ("funding", {"funding": (FundingSource("区级预算", "general_budget", 5378.55),)}, "adjust", "no_basis"),
    ("funding", {"funding": (FundingSource("区级预算", "general_budget", 5378.55, "pending", "某财预"),)}, "adjust",
     "unconfirmed"),
    ("funding", {"funding": (FundingSource("区级预算", "general_budget", 4000, basis="某财预"),)}, "adjust",
     "funding_gap"),
    ("funding", {"funding": (FundingSource("区级预算", "general_budget", 7000, basis="某财预"),)}, "adjust",
     "funding_excess"),
    ("funding", {"funding": (FundingSource("区级预算", "general_budget", 5400, basis="某财预"),)}, "pass",
     "funding_matched"),
])
def test_each_check_fires_on_its_defect(case, decision, dimension, changes, verdict, code):
    result = _appraise(case, decision, **changes)
    d = result.dimension(dimension)
    assert d.verdict == verdict
    assert code in {f.code for f in d.findings}
    assert all(f.message_zh and f.message_en for f in d.findings)


def test_rules_cite_their_sources():
    assert PROHIBITED_FUNDING.value == ("other_debt",) and "第三十五条" in PROHIBITED_FUNDING.source
    assert DIMENSIONS_RULE.value == DIMENSIONS and "中发〔2018〕34号" in DIMENSIONS_RULE.source
    assert [t(f"cba.exante.dim.{d}") for d in DIMENSIONS] == ["立项必要性", "投入经济性", "绩效目标合理性",
                                                             "实施方案可行性", "筹资合规性"]
    assert [t(f"cba.exante.tier.{x}") for x in TIERS.value] == ["予以支持", "调整后支持", "不予支持"]


def test_no_targets_fails(case, decision):
    result = appraise_ex_ante(case.ex_ante, decision, targets=None, funding_need=1.0)
    assert result.dimension("targets").verdict == "fail" and result.tier == "reject"


def test_inputs_are_checked(case, decision):
    with pytest.raises(InputError, match="evidence"):
        appraise_ex_ante({"requested_option": "budget"}, decision, targets=None, funding_need=1.0)
    with pytest.raises(InputError, match="decide_options"):
        appraise_ex_ante(case.ex_ante, "budget", targets=None, funding_need=1.0)
    with pytest.raises(InputError, match="funding_need"):
        appraise_ex_ante(case.ex_ante, decision, targets=None, funding_need=-1.0)
    other = dataclasses.replace(case.ex_ante, requested_option="target")
    with pytest.raises(InputError, match="requested"):
        appraise_ex_ante(other, decision, targets=None, funding_need=1.0)


_DEFECTS = {
    "policy": ("adjust", {"necessity": {"policy_basis": ()}}),
    "evidence": ("fail", {"necessity": {"evidence": ()}}),
    "precondition": ("adjust", {"readiness": (ReadinessItem("用地手续", "not_started"),)}),
    "debt": ("fail", {"funding": (FundingSource("借款", "other_debt", 5378.55, basis="合同"),)}),
}


@given(st.sets(st.sampled_from(sorted(_DEFECTS))))
def test_tier_is_the_worst_dimension_and_defects_never_help(case, decision, defects):
    changes: dict = {}
    for name in sorted(defects):
        for key, value in _DEFECTS[name][1].items():
            if key == "necessity":
                changes.setdefault("necessity", {}).update(value)
            else:
                changes[key] = value
    result = _appraise(case, decision, **changes)
    rank = {"pass": 0, "adjust": 1, "fail": 2}
    worst = max(result.verdicts().values(), key=rank.__getitem__)
    assert result.tier == {"pass": "support", "adjust": "support_after_adjustment", "fail": "reject"}[worst]
    baseline = _appraise(case, decision)
    tier_rank = {"support": 0, "support_after_adjustment": 1, "reject": 2}
    assert tier_rank[result.tier] >= tier_rank[baseline.tier]
    if any(_DEFECTS[d][0] == "fail" for d in defects):
        assert result.tier == "reject"
