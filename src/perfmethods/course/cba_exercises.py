"""Lesson 05 (成本效益分析与事前评估): the exercises and the mistakes they recognise.

Data: the district river remediation project (data/examples/environment_project: appraisal.yaml, cashflows.csv,
deflator.csv, targets.csv; synthetic) and the science facility (data/examples/science_facility; synthetic), read
through :func:`perfmethods.cba.case_file.read_appraisal`. Reference answers come from :mod:`perfmethods.cba`:
discount factors and NPV with the year-0-undiscounted, end-of-year convention (:func:`~perfmethods.cba.npv`, the
social discount rate 8 % of 国家发展改革委、建设部《建设项目经济评价方法与参数》第三版, 2006), the benefit-cost ratio
(:func:`~perfmethods.cba.bcr`), the financial view that counts cash lines only
(:meth:`~perfmethods.cba.case_file.AppraisalCase.financial`), the governing NPV of
:func:`~perfmethods.cba.decide_options` (optimism bias: HM Treasury 2003, *Supplementary Green Book Guidance:
Optimism Bias*, Table 2) and the tier of :func:`~perfmethods.cba.ex_ante.appraise_ex_ante` (the five dimensions of
中发〔2018〕34号; the worst dimension decides).

Two exercises are choices whose options stand for sets of benefit lines (05.4) or for the three results of an
ex-ante appraisal (05.6); their reference answer is the option matching what the library computes.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

import numpy as np
import pandas as pd

from perfmethods.cba import (
    NPVModel,
    bcr,
    decide_options,
    discount_factors,
    get_schedule,
    npv,
    optimism_bias,
    sample_inputs,
)
from perfmethods.cba.case_file import AppraisalCase, read_appraisal
from perfmethods.cba.decision import OptionDecision
from perfmethods.cba.ex_ante import ExAnteAppraisal, FundingSource, appraise_ex_ante
from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root
from perfmethods.i18n import t

__all__ = [
    "BENEFIT_CHOICES",
    "DRAWS",
    "RATE",
    "SEED",
    "TIERS_ZH",
    "environment_case",
    "environment_decision",
    "option_labels",
    "science_case",
    "science_decision",
    "variant_appraisal",
]

#: The social discount rate of the lesson (《建设项目经济评价方法与参数》第三版: 8 %).
RATE = "china_2006"
#: Monte Carlo draws and seed of the lesson (as notebooks/reports/ex_ante_appraisal.ipynb by default).
DRAWS, SEED = 2000, 0
#: 05.4: each option → the benefit lines it says the financial view counts.
BENEFIT_CHOICES: dict[str, frozenset[str]] = {
    "A": frozenset({"停车与游船收费"}),
    "B": frozenset({"停车与游船收费", "水质改善效益", "防洪减灾效益", "生态休闲效益"}),
    "C": frozenset({"水质改善效益", "防洪减灾效益", "生态休闲效益"}),
    "D": frozenset({"停车与游船收费", "生态休闲效益"}),
}
#: 05.6: the three results of an ex-ante appraisal, as the reader writes them.
TIERS_ZH: tuple[str, ...] = tuple(t(f"cba.exante.tier.{k}", "zh")
                                  for k in ("support", "support_after_adjustment", "reject"))
#: 05.6: the funding source of the variant case (the top-up borrowed from the district's investment company).
BORROWED = FundingSource("区城投公司借款", "other_debt", 880.0, "confirmed", "借款协议（草签）")


# -- the cases, read once ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def environment_case() -> AppraisalCase:
    """The river remediation case (data/examples/environment_project)."""
    return read_appraisal(data_root() / "examples" / "environment_project")


@functools.lru_cache(maxsize=1)
def science_case() -> AppraisalCase:
    """The science facility case (data/examples/science_facility)."""
    return read_appraisal(data_root() / "examples" / "science_facility")


def _economic(option: str):
    case = environment_case()
    return case.economic(case.option_flows("revised")[option])


@functools.lru_cache(maxsize=1)
def environment_decision() -> OptionDecision:
    """The river case's options decided on the governing NPV (economic view, 8 %, the case's optimism bias)."""
    case = environment_case()
    evidence = case.require_ex_ante()
    economic = {name: case.economic(f) for name, f in case.option_flows("revised").items()}
    ob = optimism_bias(case.optimism_bias["project_type"], mitigation=case.optimism_bias.get("mitigation", 0.0))
    return decide_options(economic, case.variables, case.uncertainty, requested=evidence.requested_option,
                          baseline=evidence.baseline_option, rate=RATE, rank_correlation=case.rank_correlation,
                          optimism=ob, n_draws=DRAWS, seed=SEED)


@functools.lru_cache(maxsize=1)
def science_decision() -> OptionDecision:
    """The science facility's governing NPV (one option, no baseline; 8 %, its optimism bias on capital)."""
    case = science_case()
    ob = optimism_bias(case.optimism_bias["project_type"], mitigation=case.optimism_bias.get("mitigation", 0.0))
    return decide_options({"facility": case.cashflows["base"]}, case.variables, case.uncertainty,
                          requested="facility", rate=RATE, rank_correlation=case.rank_correlation, optimism=ob,
                          n_draws=DRAWS, seed=SEED)


@functools.lru_cache(maxsize=1)
def variant_appraisal() -> ExAnteAppraisal:
    """The river case's ex-ante appraisal with the requested top-up borrowed instead of budgeted (05.6)."""
    case = environment_case()
    evidence = case.require_ex_ante()
    funding = tuple(BORROWED if s.source == "本次申请追加区级预算" else s for s in evidence.funding)
    variant = dataclasses.replace(evidence, funding=funding)
    return appraise_ex_ante(variant, environment_decision(), targets=case.targets,
                            funding_need=case.funding_need(evidence.requested_option), unit=case.unit,
                            option_labels=option_labels("zh"))


def option_labels(language: str = "zh") -> dict[str, str]:
    """The river case's options as the reader names them (追加预算、保持目标 …)."""
    return {name: t(f"cba.option.{name}", language) for name in environment_case().options}


def _near(value: Callable[[object], float], tolerance: float) -> Callable[[object, object], bool]:
    return lambda a, d: close(a, value(d), tolerance)


# -- 05.1 the present value of one flow ------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _one_flow_cached() -> pd.Series:
    case = environment_case()
    flows = _economic("budget")
    year = 2030
    return pd.Series({"效益项目": "水质改善效益", "年份": year, "基准年": case.decision_year,
                      "金额": float(flows.amounts.loc["水质改善效益", year]),
                      "折现率": float(get_schedule(RATE).rates[0])}, dtype=object)


def _one_flow() -> pd.Series:
    return _one_flow_cached().copy()


def _parts(d: pd.Series) -> tuple[float, int, float]:
    return float(d["金额"]), int(d["年份"]) - int(d["基准年"]), float(d["折现率"])


def _pv_one(d: pd.Series) -> float:
    amount, t_index, _ = _parts(d)
    return amount * float(discount_factors([t_index], RATE)[0])


EXERCISE_1 = Exercise(
    "05.1", "一笔效益的现值", "The present value of one flow", "number",
    data=_one_flow,
    solve=_pv_one,
    tolerance=0.06,
    hint_zh="答案不对。现值 = 金额 ÷ (1 + r)^t，t 是该年与基准年（t = 0，不折现）相差的年数。",
    hint_en="Not right. PV = amount / (1 + r)^t, where t is the number of years after the base year (t = 0, not "
            "discounted).",
    mistakes=(
        Mistake("counted_from_one", "年数多算了一年：基准年是 t = 0（不折现），基准年后第一年才是 t = 1。",
                "One year too many: the base year is t = 0 (not discounted); the year after it is t = 1.",
                lambda a, d: close(a, _parts(d)[0] * (1 + _parts(d)[2]) ** -(_parts(d)[1] + 1), 0.06)),
        Mistake("counted_one_short", "年数少算了一年：t 等于该年减去基准年，基准年本身是 t = 0。",
                "One year too few: t is the year minus the base year; the base year itself is t = 0.",
                lambda a, d: close(a, _parts(d)[0] * (1 + _parts(d)[2]) ** -(_parts(d)[1] - 1), 0.06)),
        Mistake("rate_as_percent", "折现率用错了单位：8% 是 0.08，折现系数是 1 / (1 + 0.08)^t。",
                "The rate is in the wrong unit: 8 % is 0.08, and the discount factor is 1 / (1 + 0.08)^t.",
                lambda a, d: any(close(a, _parts(d)[0] * (1 + r) ** -_parts(d)[1], 0.06)
                                 for r in (100 * _parts(d)[2], 10 * _parts(d)[2], _parts(d)[2] / 10))),
        Mistake("compounded", "你把金额往后复利（乘以 (1 + r)^t）了。求现值是往前折算：除以 (1 + r)^t。",
                "You compounded forward (multiplied by (1 + r)^t). A present value discounts back: divide by it.",
                lambda a, d: close(a, _parts(d)[0] * (1 + _parts(d)[2]) ** _parts(d)[1], 0.06)),
        Mistake("simple_interest", "你用了单利 1 + r·t。折现是复利：每年都在上一年的基础上再折一次。",
                "You used simple interest 1 + r·t. Discounting compounds: each year discounts the previous one again.",
                lambda a, d: close(a, _parts(d)[0] / (1 + _parts(d)[2] * _parts(d)[1]), 0.06)),
    ),
)


# -- 05.2 the NPV of a short stream -----------------------------------------------------------------------------

def _short_stream() -> pd.DataFrame:
    totals = _economic("target").totals()
    first = totals.iloc[:6]
    return pd.DataFrame({"年份": first["year"].astype(int).to_numpy(), "t": np.arange(len(first)),
                         "效益": first["benefits"].to_numpy().round(1), "费用": first["costs"].to_numpy().round(1)})


def _net(d: pd.DataFrame) -> np.ndarray:
    return (d["效益"] - d["费用"]).to_numpy(dtype=float)


def _npv_short(d: pd.DataFrame) -> float:
    return float(npv(_net(d), RATE))


EXERCISE_2 = Exercise(
    "05.2", "一段现金流的净现值", "The NPV of a short stream", "number",
    data=_short_stream,
    solve=_npv_short,
    tolerance=0.6,
    hint_zh="答案不对。先算每年的净现金流（效益 − 费用），乘以当年的折现系数 1 / 1.08^t，再把六年加总。",
    hint_en="Not right. Take each year's net flow (benefits − costs), multiply by its factor 1 / 1.08^t, and add the "
            "six years up.",
    mistakes=(
        Mistake("forgot_year_zero", "漏掉了第一年（t = 0）的净现金流：它不折现，但必须计入。",
                "You left out the first year (t = 0): it is not discounted, but it counts.",
                lambda a, d: close(a, _npv_short(d) - _net(d)[0], 0.6)),
        Mistake("undiscounted", "你把各年净现金流直接相加了，没有折现。",
                "You added the yearly net flows without discounting them.",
                lambda a, d: close(a, _net(d).sum(), 0.6)),
        Mistake("discounted_year_zero", "第一年也被折现了一次（这是 Excel NPV 函数的口径）。本课约定：t = 0 不折现。",
                "The first year was discounted too (Excel's NPV convention). Here the year t = 0 is not discounted.",
                lambda a, d: close(a, _npv_short(d) / (1 + get_schedule(RATE).rates[0]), 0.6)),
        Mistake("signs_reversed", "正负号反了：净现金流是效益减费用，不是费用减效益。",
                "The sign is reversed: the net flow is benefits minus costs, not costs minus benefits.",
                lambda a, d: close(a, -_npv_short(d), 0.6)),
    ),
)


# -- 05.3 the benefit-cost ratio -------------------------------------------------------------------------------

def _full_stream() -> pd.DataFrame:
    flows = _economic("target")
    totals = flows.totals()
    operating = flows.amounts.loc[flows.select("operating")].sum(axis=0).to_numpy(dtype=float)
    costs = totals["costs"].to_numpy(dtype=float)
    return pd.DataFrame({"年份": totals["year"].astype(int).to_numpy(), "t": np.arange(len(totals)),
                         "效益": totals["benefits"].to_numpy(dtype=float).round(1),
                         "建设投资": (costs - operating).round(1), "运行维护": operating.round(1)})


def _pvs(d: pd.DataFrame) -> tuple[float, float, float]:
    return (float(npv(d["效益"], RATE)), float(npv(d["建设投资"], RATE)), float(npv(d["运行维护"], RATE)))


def _bcr(d: pd.DataFrame) -> float:
    return float(bcr(d["效益"], d["建设投资"] + d["运行维护"], RATE))


EXERCISE_3 = Exercise(
    "05.3", "效益费用比", "The benefit-cost ratio", "number",
    data=_full_stream,
    solve=_bcr,
    tolerance=0.006,
    hint_zh="答案不对。效益费用比 = 效益现值 ÷ 费用现值，费用包括建设投资和运行维护，两者都按 8% 折现。",
    hint_en="Not right. BCR = PV(benefits) / PV(costs), costs being capital and operating costs, both at 8 %.",
    mistakes=(
        Mistake("netted_costs", "你把运行维护费从效益中扣除了（净效益 ÷ 建设投资）。效益费用比的分子是全部效益、"
                "分母是全部费用；把费用挪进分子会改变比值。",
                "You netted the operating costs off the benefits (net benefits / capital cost). The BCR puts all "
                "benefits over all costs; moving a cost into the numerator changes the ratio.",
                lambda a, d: close(a, (_pvs(d)[0] - _pvs(d)[2]) / _pvs(d)[1], 0.006)),
        Mistake("npv_over_costs", "你算的是净现值 ÷ 费用现值（即效益费用比 − 1）。分子应是效益现值，不是净现值。",
                "That is NPV / PV(costs), i.e. BCR − 1: the numerator is the PV of the benefits, not the NPV.",
                lambda a, d: close(a, _bcr(d) - 1, 0.006)),
        Mistake("undiscounted", "你用的是未折现的合计。效益和费用都要先折现再相除。",
                "You divided undiscounted totals: discount benefits and costs first.",
                lambda a, d: close(a, d["效益"].sum() / (d["建设投资"].sum() + d["运行维护"].sum()), 0.006)),
        Mistake("inverted", "分子分母颠倒了：效益费用比是效益现值 ÷ 费用现值。",
                "Numerator and denominator are swapped: BCR = PV(benefits) / PV(costs).",
                lambda a, d: close(a, 1 / _bcr(d), 0.006)),
        Mistake("capital_only", "分母只算了建设投资，漏了运行维护费用。",
                "The denominator has the capital cost only: add the operating costs.",
                lambda a, d: close(a, _pvs(d)[0] / _pvs(d)[1], 0.006)),
    ),
)


# -- 05.4 which benefits the financial view counts ------------------------------------------------------------

_BENEFIT_NOTES = {
    "停车与游船收费": "项目单位向游客收取的停车费和游船租金",
    "水质改善效益": "沿河居民对水质改善的支付意愿（按问卷调查估算的货币价值）",
    "防洪减灾效益": "避免的洪涝损失（居民和企业的财产损失，按历史灾损估算）",
    "生态休闲效益": "游客的休闲价值（已扣除游客支付的停车费和游船租金）",
}


def _benefit_lines() -> pd.DataFrame:
    flows = environment_case().option_flows("revised")["budget"]
    lines = flows.select("benefit")
    return pd.DataFrame({"效益项目": lines, "说明": [_BENEFIT_NOTES.get(n, "") for n in lines],
                         "2027年金额（万元）": flows.amounts.loc[lines, 2027].to_numpy(dtype=float)})


def _financial_choice(d: pd.DataFrame) -> str:
    case = environment_case()
    flows = case.option_flows("revised")["budget"]
    kept = frozenset(case.financial(flows).amounts.index) & frozenset(flows.select("benefit"))
    return next(k for k, v in BENEFIT_CHOICES.items() if v == kept)


EXERCISE_4 = Exercise(
    "05.4", "财务分析计入哪些效益", "Which benefits the financial view counts", "choice",
    data=_benefit_lines,
    solve=_financial_choice,
    choices=tuple(BENEFIT_CHOICES),
    hint_zh="答案不对。财务分析只看项目单位实际收到和付出的现金。",
    hint_en="Not right. The financial analysis counts only the cash the project actually receives and pays.",
    mistakes=(
        Mistake("counted_non_cash", "财务分析只计项目单位实际收到的现金；水质、防洪、生态效益是社会效益的货币化估值，"
                "只在经济分析中计入。",
                "The financial view counts cash the project receives; the water-quality, flood and ecology benefits "
                "are social benefits valued in money and belong to the economic view only.",
                lambda a, d: a == "B"),
        Mistake("views_swapped", "你选的是经济分析多出来的那部分：非现金的社会效益只在经济分析中计入，"
                "而收费是现金，财务分析要计入。",
                "You chose what the economic view adds: non-cash social benefits count in the economic view only, "
                "while the fees are cash and count in the financial view.",
                lambda a, d: a == "C"),
        Mistake("recreation_is_cash", "生态休闲效益是游客得到的休闲价值（已扣除所付费用），项目单位并没有收到这笔钱；"
                "计入财务分析会与收费重复。",
                "The recreation benefit is the visitors' surplus net of the fees they pay: the project receives no "
                "money for it, and counting it next to the fees counts the same visits twice.",
                lambda a, d: a == "D"),
    ),
)


# -- 05.5 the governing NPV ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _governing_inputs_cached() -> pd.Series:
    case = science_case()
    decision = science_decision()
    row = decision.table.iloc[0]
    ob = optimism_bias(case.optimism_bias["project_type"], mitigation=case.optimism_bias.get("mitigation", 0.0))
    flows = case.cashflows["base"]
    draws = decision.draws.shape[1]
    # the decision's own draws (same seed): E[PV benefits] over them; E[PV capital] from the optimism adjustment,
    # which is −uplift × E[PV capital] because NPV is linear in the flows
    x = sample_inputs(case.uncertainty, n_draws=draws, rank_correlation=case.rank_correlation, seed=SEED,
                      func="decide_options")
    values = {c: x[c].to_numpy() for c in x.columns}
    pv_benefits = float(NPVModel(flows.scale({"cost": 0.0}), case.variables, rate=RATE).evaluate(values).mean())
    pv_capital = float(-row["optimism_adjustment"] / decision.uplift)
    money = {"确定性净现值": row["deterministic_npv"], "期望净现值": row["expected_npv"],
             "建设投资现值期望": pv_capital, "效益现值期望": pv_benefits}
    shown = {**{k: round(float(v), 1) for k, v in money.items()}, "乐观偏差上限": ob.upper, "乐观偏差下限": ob.lower,
             "风险缓解比例": ob.mitigation}
    order = ("确定性净现值", "期望净现值", "乐观偏差上限", "乐观偏差下限", "风险缓解比例", "建设投资现值期望",
             "效益现值期望")
    return pd.Series({k: shown[k] for k in order})


def _governing_inputs() -> pd.Series:
    return _governing_inputs_cached().copy()


def _uplift(d: pd.Series) -> float:
    return max(d["乐观偏差上限"] * (1 - d["风险缓解比例"]), d["乐观偏差下限"])


def _governing(d: pd.Series) -> float:
    return float(science_decision().table.iloc[0]["governing_npv"])


EXERCISE_5 = Exercise(
    "05.5", "决策净现值", "The governing NPV", "number",
    data=_governing_inputs,
    solve=_governing,
    tolerance=1.0,
    hint_zh="答案不对。决策净现值 = 期望净现值 − 乐观偏差上调比例 × 建设投资现值期望；"
            "上调比例 = max(上限 × (1 − 缓解比例), 下限)。",
    hint_en="Not right. Governing NPV = expected NPV − uplift × E[PV of capital cost]; uplift = max(upper × (1 − "
            "mitigation), lower).",
    mistakes=(
        Mistake("deterministic", "这是确定性净现值（所有输入取基准值）。决策应依据考虑了风险和乐观偏差后的期望值。",
                "That is the deterministic NPV (every input at its base value). The decision rests on the expected "
                "value after risk and optimism bias.",
                _near(lambda d: d["确定性净现值"], 1.0)),
        Mistake("no_optimism", "这是蒙特卡洛期望净现值，还没有扣除乐观偏差（建设投资的系统性低估）。",
                "That is the Monte Carlo expected NPV before the optimism-bias adjustment of the capital cost.",
                _near(lambda d: d["期望净现值"], 1.0)),
        Mistake("optimism_on_benefits", "乐观偏差上调的是建设投资（费用），不是效益。",
                "The optimism-bias uplift applies to the capital cost, not to the benefits.",
                lambda a, d: any(close(a, d["期望净现值"] + s * _uplift(d) * d["效益现值期望"], 1.0) for s in (-1, 1))),
        Mistake("not_mitigated", "上调比例用错了：应按风险缓解比例从上限降下来，即 max(上限 × (1 − 缓解比例), 下限)。",
                "The uplift is wrong: reduce the upper bound by the mitigation, max(upper × (1 − mitigation), lower).",
                lambda a, d: any(close(a, d["期望净现值"] - u * d["建设投资现值期望"], 1.0)
                                 for u in (d["乐观偏差上限"], d["乐观偏差上限"] * d["风险缓解比例"],
                                           d["乐观偏差下限"]))),
        Mistake("skipped_risk", "乐观偏差调整加在了确定性净现值上，漏了风险调整：应从期望净现值出发。",
                "You adjusted the deterministic NPV and skipped the risk adjustment: start from the expected NPV.",
                lambda a, d: close(a, d["确定性净现值"] - _uplift(d) * d["建设投资现值期望"], 1.0)),
        Mistake("wrong_sign", "方向反了：费用上调会使净现值变小，应减去而不是加上。",
                "Wrong direction: a higher cost lowers the NPV; subtract the adjustment, do not add it.",
                lambda a, d: close(a, d["期望净现值"] + _uplift(d) * d["建设投资现值期望"], 1.0)),
    ),
)


# -- 05.6 the ex-ante tier -------------------------------------------------------------------------------------

def _dimension_verdicts() -> pd.DataFrame:
    table = variant_appraisal().summary("zh")
    return pd.DataFrame({"维度": table["label"], "判定": table["verdict_label"], "依据": table["reasons"]})


def _tier(d: pd.DataFrame) -> str:
    return t(f"cba.exante.tier.{variant_appraisal().tier}", "zh")


EXERCISE_6 = Exercise(
    "05.6", "事前评估结论", "The ex-ante appraisal's result", "choice",
    data=_dimension_verdicts,
    solve=_tier,
    choices=TIERS_ZH,
    hint_zh="答案不对。五个维度中最差的那个判定决定评估结论。",
    hint_en="Not right. The worst of the five verdicts decides the result.",
    mistakes=(
        Mistake("fail_adjusted", "有维度判定为“不符合”：不符合不能靠调整弥补（如违规举债），结论由最差的维度决定。",
                "A dimension fails: a failure cannot be adjusted away (e.g. prohibited borrowing); the worst "
                "dimension decides.",
                lambda a, d: a == TIERS_ZH[1] and (d["判定"] == t("cba.exante.verdict.fail", "zh")).any()),
        Mistake("majority", "结论不是按多数维度决定的，也不是只看投入经济性：任何一个维度不合格都影响结论。",
                "The result is not decided by the majority of dimensions, nor by the economy alone: any dimension "
                "that is not met changes it.",
                lambda a, d: a == TIERS_ZH[0] and (d["判定"] != t("cba.exante.verdict.pass", "zh")).any()),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5, EXERCISE_6)
