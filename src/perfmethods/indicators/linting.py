"""Target linting: check an indicator framework before money is spent.

:func:`lint` reads an :class:`~perfmethods.model.framework.IndicatorFramework` against the target-quality
requirements of 《中央部门预算绩效目标管理办法》(财预〔2015〕88号) — **指向明确、细化量化、合理可行、相应匹配**
(not checked against the document's text; a 四川 2026 notice restates them as 指向明确/细化量化/合理可行/相互匹配)
— the indicator-setting principles of 《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》(财预〔2021〕101号)
— **高度关联、重点突出、量化易评** (not checked against the document's text) — the weight rules of 财预〔2020〕10号
(the 单位自评 split 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10 and 产出 + 效益 ≥ 60 % in 部门评价 and 财政评价,
taken from the locality profile so that :func:`~perfmethods.evaluation.evaluate` and the linter apply the same
constants), the 绩效改进 principle of 10号's 历史标准 (not checked against the document's text) and, for
science-and-technology frameworks, the 破四唯 rules — 《国家重点研发计划项目综合绩效评价工作规范（试行）》(科技部办公厅
2018; http://keyan.nufe.edu.cn/2024/0513/c146a7874/page.htm) and the 中办 国办《关于深化项目评审、人才评价、机构评估
改革的意见》(2018) — with DORA and the Leiden Manifesto.

Every rule is listed in :data:`LINT_CHECKS` with its principle, default severity and source; every
threshold is a :class:`~perfmethods.provenance.Rule` of :class:`LintConfig`, so a locality can change it.
The findings are :class:`~perfmethods.findings.Finding` objects in Chinese and English with a suggestion.

Rules (finding codes)
---------------------
=========================  ========  ==================================================================
code                       default   fires when
=========================  ========  ==================================================================
missing_target             error     a quantitative indicator has no numeric target
missing_unit               warning   a numeric target has no unit (计量单位)
no_time_frame              warning   neither the framework nor its quantitative indicators state a period
vague_target               warning   a vague verb (提高、加强、进一步 … / improve, enhance …) without a quantity
qualitative_no_tiers       warning   a qualitative indicator without its three-tier grading description
direction_conflict         error     the direction (指标性质) contradicts the target's operator (≥ with ≤50)
direction_wording          warning   the direction contradicts the wording (≥ with "不超过预算", 投诉率 ≥)
weights_total              error     the points do not sum to the framework's total (100)
self_eval_split            warning   a self-evaluation not at 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10
output_benefit_share       warning   a department or finance evaluation with 产出 + 效益 < 60 %
outcome_without_output     warning   an outcome (效益) indicator with no linked output (产出) indicator
cost_without_basis         warning   a cost indicator with no budget basis (预算、定额、支出标准、历史成本)
target_below_history       warning   a target below the recent actual (≥; above it for ≤) without a reason
too_many_leaves            warning   more leaves under a level-1 or level-2 branch than configured
too_few_leaves             warning   fewer leaves under a branch than configured
duplicate_indicator        error     two indicators with the same name
near_duplicate             warning   two indicators with nearly the same name
science_metric             error*    paper counts, talent titles (帽子), impact factors or awards scored
=========================  ========  ==================================================================

``*`` error in a science-and-technology framework, warning elsewhere.

A date target (:attr:`ParsedValue.kind` ``"date"``: ``"2026年6月底前完成竣工验收"``, ``"第三季度前"``,
``"按期完成"``) counts as quantified: it raises neither missing_target, vague_target nor
qualitative_no_tiers (it is scored met / late against its deadline, not by tiers).

A written reason accepts a warning (never an error): pass ``reasons={"self_eval_split": "..."}`` (a rule
for the whole framework), ``{"near_duplicate:C12": "..."}`` (one rule for one indicator) or
``{"C12": "..."}`` (the 绩效改进 rule for that indicator). An accepted finding stays in the list with
severity ``info`` and the reason in its message.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from dataclasses import replace as _dc_replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from perfmethods.errors import InputError
from perfmethods.findings import Finding, Severity, findings_frame
from perfmethods.indicators.point_shares import point_share_findings
from perfmethods.indicators.profiles import LocalityProfile, canonical_level1, get_profile
from perfmethods.model.framework import Computed, Direction, EvaluationStandard, Indicator, IndicatorFramework
from perfmethods.model.modes import normalise_mode
from perfmethods.model.values import ParsedValue, convert_unit, to_halfwidth
from perfmethods.provenance import Provenance, Rule
from perfmethods.validation import check_language, check_number, check_option

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LINT_CHECKS",
    "LintConfig",
    "LintCheck",
    "lint",
    "lint_frame",
    "lint_summary",
    "run_lint_cli",
]

V, S, U = Provenance.VERIFIED, Provenance.SECONDARY, Provenance.UNVERIFIED

_TOL = 1e-6

# -- rule catalogue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LintCheck:
    """One lint check: its code, the principle it enforces, default severity and source.

    Attributes
    ----------
    code : the finding code.
    principle_zh, principle_en : the requirement it enforces (e.g. 细化量化 / specific and quantified).
    severity : default severity (``science_metric`` is an error only in S&T frameworks).
    title_zh, title_en : a short description.
    provenance, source : how well the rule is sourced, and where it comes from.
    """

    code: str
    principle_zh: str
    principle_en: str
    severity: Severity
    title_zh: str
    title_en: str
    provenance: Provenance
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "principle_zh": self.principle_zh, "principle_en": self.principle_en,
                "severity": self.severity.value, "title_zh": self.title_zh, "title_en": self.title_en,
                "provenance": self.provenance.value, "source": self.source}


_P88 = "《中央部门预算绩效目标管理办法》(财预〔2015〕88号): 指向明确、细化量化、合理可行、相应匹配"
_P101 = "财预〔2021〕101号 指标设置原则: 高度关联、重点突出、量化易评"
_P10 = "财预〔2020〕10号, via the locality profile"
_PRINCIPLES = {
    "clear": ("指向明确", "clearly directed"),
    "specific": ("细化量化", "specific and quantified"),
    "feasible": ("合理可行", "reasonable and feasible"),
    "matching": ("相应匹配", "matching (outputs, outcomes, costs)"),
    "focus": ("高度关联、重点突出、量化易评", "relevant, focused, easy to assess"),
    "four": ("破四唯", "no paper / title / degree / award counting"),
}


def _rule(code: str, principle: str, severity: Severity, zh: str, en: str, prov: Provenance,
          source: str) -> LintCheck:
    pzh, pen = _PRINCIPLES[principle]
    return LintCheck(code, pzh, pen, severity, zh, en, prov, source)


E, W, I_ = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every lint rule by finding code, in the order :func:`lint` applies them.
LINT_CHECKS: dict[str, LintCheck] = {r.code: r for r in (
    _rule("missing_target", "specific", E, "定量指标没有数值目标", "a quantitative indicator without a numeric target",
          U, _P88),
    _rule("missing_unit", "specific", W, "数值目标没有计量单位", "a numeric target without a unit", U, _P88),
    _rule("no_time_frame", "specific", W, "没有写明时限（年度、期限）", "no time frame (year, deadline)", U, _P88),
    _rule("vague_target", "clear", W, "模糊动词而无数量（提高、加强、进一步…）",
          "a vague verb without a quantity (improve, enhance …)", U, _P88),
    _rule("qualitative_no_tiers", "specific", W, "定性指标没有三档评价标准",
          "a qualitative indicator without its three-tier grading", S,
          "财预〔2020〕10号 单位自评 定性三档 100–80% / 80–60% / 60–0% (wording not checked against the document's "
          "text); budget-system rule selfqualscorecheck (财政预算绩效管理系统, pmkpi); 不能以量化形式表述的，可以采用"
          "定性的分级分档形式表述 (an older local rule, http://fsou.com/html/text/lar/173454/17345420_2.html)"),
    _rule("direction_conflict", "clear", E, "指标性质与目标运算符矛盾",
          "the direction contradicts the target's operator",
          S, "101号 模板 指标性质 ≥ / ≤ / = / 定性; perfmethods.io rejects the same in files"),
    _rule("direction_wording", "clear", W, "指标性质与目标或名称的措辞不一致",
          "the direction contradicts the wording of the target or name", U, _P88),
    _rule("weights_total", "feasible", E, "分值合计不等于总分", "points do not sum to the total", S,
          "财预〔2020〕10号: 总分一般为100分; 自评表实践"),
    _rule("self_eval_split", "feasible", W, "单位自评一级指标分值不是 50/30/10/10",
          "self-evaluation level-1 points not 50/30/10/10", V, _P10 + " self_eval_split"),
    _rule("output_benefit_share", "feasible", W, "部门/财政评价中产出+效益低于60%",
          "department/finance evaluation with outputs + outcomes below 60 %", U,
          _P10 + " min_output_benefit_share"),
    _rule("outcome_without_output", "matching", W, "效益指标没有对应的产出指标",
          "an outcome indicator with no linked output", U, _P88 + "; " + _P101),
    _rule("cost_without_basis", "matching", W, "成本指标没有预算依据（预算、定额、支出标准、历史成本）",
          "a cost indicator with no budget basis", U,
          "101号: 成本指标以预算支出标准、定额、历史成本为依据"),
    _rule("target_below_history", "feasible", W, "目标低于近期实际值且未说明理由（绩效改进）",
          "a target below the recent actual without a reason (performance improvement)", U,
          "财预〔2020〕10号 历史标准: 为体现绩效改进的原则，在可实现的条件下应当确定相对较高的评价标准 "
          ""),
    _rule("too_many_leaves", "focus", W, "一个分支下的三级指标过多", "too many leaves under a branch", U, _P101),
    _rule("too_few_leaves", "focus", W, "一个分支下的三级指标过少", "too few leaves under a branch", U, _P101),
    _rule("duplicate_indicator", "focus", E, "指标重复", "duplicate indicators", U, _P101),
    _rule("near_duplicate", "focus", W, "指标近似重复", "near-duplicate indicators", U, _P101),
    _rule("science_metric", "four", E, "以论文数量、人才帽子、期刊影响因子或奖项作为计分指标",
          "paper counts, talent titles, impact factors or awards used as scoring indicators", V,
          "国家重点研发计划项目综合绩效评价: 不将'人才项目''头衔''帽子''论文数量''获得奖励'作为评价指标; 中办国办 2018 "
          "三评意见: 克服唯论文、唯职称、唯学历、唯奖项; DORA (2012); Leiden Manifesto (2015)"),
)}

# -- configuration -------------------------------------------------------------------------------------

_VAGUE_ZH = ("提高", "提升", "加强", "增强", "进一步", "促进", "推进", "推动", "显著", "有效", "明显", "大幅",
             "切实", "不断", "持续", "积极", "稳步", "努力", "力争", "改善", "优化", "完善", "丰富", "扩大",
             "良好", "较好", "逐步")
_VAGUE_EN = ("improve", "improved", "improving", "enhance", "enhanced", "strengthen", "strengthened", "promote",
             "foster", "boost", "increase", "increased", "better", "significant", "significantly", "effective",
             "effectively", "further", "substantially", "considerably", "optimise", "optimize")
_TIME_PATTERN = (
    r"\d{4}\s*年|年度|全年|当年|每年|本年|一年|半年|\d+\s*个?\s*(?:年|月|季度|日|天|周|工作日)|"
    r"[一二三四五六七八九十两]+\s*个?\s*(?:年|月|季度|周|天)|季度|月底|年底|年末|月末|年初|实施期|执行期|周期|"
    r"期末|期内|期间|[Tt]\s*\+\s*\d|\b(?:year|years|yearly|annual|annually|month|months|quarter|quarterly|"
    r"week|weeks|day|days|within|deadline|period|by\s+\d{4})\b"
)
_COST_BASIS = ("预算", "定额", "支出标准", "标准", "历史成本", "测算", "同类", "市场价", "招标", "合同", "概算",
               "决算", "budget", "norm", "standard", "benchmark", "historical", "contract", "estimate")
_SCIENCE_METRICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("papers", ("论文数", "论文数量", "发表论文", "论文发表", "SCI", "EI收录", "核心期刊", "paper count",
                "number of papers", "papers published", "publications", "publication count")),
    ("journal_metrics", ("影响因子", "JCR", "期刊分区", "h指数", "H指数", "impact factor", "JIF", "h-index")),
    ("titles", ("帽子", "人才称号", "人才项目", "头衔", "院士", "杰青", "长江学者", "万人计划", "千人计划", "优青",
                "职称", "学历", "talent title", "academic title", "honorific title")),
    ("awards", ("获奖", "奖项", "获得奖励", "科技奖", "奖励数", "award", "awards", "prize", "prizes")),
)
_SCIENCE_ENDORSED = ("代表作", "同行评议", "representative work", "peer review")
#: Science and technology named in Chinese or English: 科技, 科研, 研发, 自然科学基金 and other 科学 (but not the
#: adjective of 科学合理 / 科学性 / 科学决策 / 科学规范 / 科学管理), 创新 in 创新项目 / 平台 / 团队 / 中心 / 能力 /
#: 驱动 / 券 and 技术创新 / 自主创新 / 科技创新.
_SCIENCE_DOMAIN = (
    r"科技|科研|研发|研究|实验室|重点研发|基础研究|技术开发|应用示范|自然科学基金"
    r"|(?<!决策)科学(?!性|化|合理|规范|决策|管理|有效|设置|设定|论证|配置|安排|规划|分配)"
    r"|创新(?:项目|平台|团队|中心|能力|驱动|券|基金|计划|专项|人才)|技术创新|自主创新|协同创新"
    r"|research|r&d|science|scientific"
)


def _words_rule(words: Sequence[str], source: str, prov: Provenance = U, note: str = "") -> Rule[tuple[str, ...]]:
    return Rule(tuple(words), prov, source, note)


@dataclass(frozen=True)
class LintConfig:
    """Thresholds and word lists of :func:`lint`, each a sourced :class:`Rule`.

    Attributes
    ----------
    vague_words_zh, vague_words_en : vague verbs and adverbs that need a quantity.
    time_pattern : regular expression of a time frame (年度, 一年内, 2025年底前, within a year …).
    cost_basis_words : words that show a cost target's basis (预算、定额、支出标准、历史成本 …).
    max_leaves_level1, max_leaves_level2 : most leaves under a level-1 / level-2 branch (12 / 5).
    min_leaves_level1, min_leaves_level2 : fewest leaves under a level-1 / level-2 branch (1 / 1: off).
    near_duplicate_ratio : name similarity (difflib ratio, 0–1) from which two names are near duplicates.
    science_metrics : (category, words) of metrics that are not scoring indicators under 破四唯.
    science_endorsed : words that mark an endorsed alternative (代表作, 同行评议): no finding.
    science_domain_pattern : regular expression that marks a framework as science and technology.
    """

    vague_words_zh: Rule[tuple[str, ...]] = _words_rule(
        _VAGUE_ZH, "package list; the seed's 提高市民文化素养 and 《预算绩效目标管理办法》细化量化")
    vague_words_en: Rule[tuple[str, ...]] = _words_rule(_VAGUE_EN, "package list (English equivalents)")
    time_pattern: Rule[str] = Rule(_TIME_PATTERN, U, "package pattern; 10号/88号 targets are annual (年度指标值)")
    cost_basis_words: Rule[tuple[str, ...]] = _words_rule(
        _COST_BASIS, "101号: 成本指标以预算支出标准/定额/历史成本为依据")
    max_leaves_level1: Rule[int] = Rule(12, U, "package default; 101号 重点突出 gives no number")
    max_leaves_level2: Rule[int] = Rule(5, U, "package default; 101号 重点突出 gives no number")
    min_leaves_level1: Rule[int] = Rule(1, U, "package default (off); set 2 to ask for more than one leaf")
    min_leaves_level2: Rule[int] = Rule(1, U, "package default (off)")
    near_duplicate_ratio: Rule[float] = Rule(0.8, U, "package default: difflib SequenceMatcher ratio of names")
    science_metrics: Rule[tuple[tuple[str, tuple[str, ...]], ...]] = Rule(
        _SCIENCE_METRICS, V,
        "重点研发 综合绩效评价 (http://keyan.nufe.edu.cn/2024/0513/c146a7874/page.htm); 中办国办 2018 三评意见 "
        "; DORA general recommendation (journal-based metrics); Leiden Manifesto",
        note="the word lists are the package's reading of those rules")
    science_endorsed: Rule[tuple[str, ...]] = _words_rule(
        _SCIENCE_ENDORSED, "科技部 2020 破除唯论文: 代表作制度、同行评议", V)
    science_domain_pattern: Rule[str] = Rule(_SCIENCE_DOMAIN, U, "package pattern")

    def __post_init__(self) -> None:
        for f in fields(self):
            if not isinstance(getattr(self, f.name), Rule):
                raise InputError(f"The '{f.name}' setting of LintConfig must be a perfmethods.provenance.Rule; "
                                 f"got {type(getattr(self, f.name)).__name__} instead (use LintConfig.replace).")
        for name in ("max_leaves_level1", "max_leaves_level2", "min_leaves_level1", "min_leaves_level2"):
            check_number(getattr(self, name).value, name=name, func="LintConfig", low=0, integer=True)
        check_number(self.near_duplicate_ratio.value, name="near_duplicate_ratio", func="LintConfig", low=0, high=1,
                     closed="right")
        for name in ("time_pattern", "science_domain_pattern"):
            try:
                re.compile(getattr(self, name).value)
            except (re.error, TypeError) as exc:
                raise InputError(f"The '{name}' setting of LintConfig must be a regular expression; {exc}") from None

    def replace(self, **changes: Any) -> LintConfig:
        """A copy with some settings changed; plain values become *unverified* rules "set by the caller"."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise InputError(f"unknown LintConfig settings {unknown}; the settings are {sorted(known)}")
        out = {k: v if isinstance(v, Rule) else Rule(tuple(v) if isinstance(v, list) else v, U,
                                                      "set by the caller (LintConfig.replace)")
               for k, v in changes.items()}
        return _dc_replace(self, **out)

    def to_frame(self) -> pd.DataFrame:
        """One row per setting: setting, value, provenance, source, note."""
        import pandas as pd

        rows = [{"setting": f.name, **getattr(self, f.name).to_dict()} for f in fields(self)]
        for row in rows:
            row["value"] = str(row["value"])
        return pd.DataFrame(rows, columns=["setting", "value", "provenance", "source", "note"])


# -- helpers -------------------------------------------------------------------------------------------

_LE_WORDS = ("不超过", "不高于", "不多于", "不大于", "不得超过", "以内", "以下", "至多", "最多", "控制在",
             "no more than", "at most", "not exceed", "below", "under", "within budget")
_GE_WORDS = ("不少于", "不低于", "不小于", "至少", "以上", "最少", "no less than", "at least", "or more")
_REVERSE_NAMES = ("投诉", "事故", "差错", "超支", "违规", "违纪", "发生率", "流失", "死亡率", "拖欠", "延误", "延期",
                  "单位成本", "场均成本", "人均成本", "平均成本", "成本", "费用", "complaint", "accident", "error rate",
                  "overspend", "cost per", "unit cost", "delay")
_POSITIVE_NAMES = ("满意度", "满意率", "达标率", "合格率", "完成率", "覆盖率", "到位率", "执行率", "节约率", "及时率",
                   "satisfaction", "completion rate", "coverage", "pass rate", "compliance rate")
_REVERSE_EXEMPT = ("节约", "节省", "下降", "降低", "减少", "控制率", "saving", "reduction")
_TIER_WORDS = (
    ("达成", "完全达成", "全部达成", "achieved", "fully", "优"),
    ("部分达成", "基本达成", "部分", "partly", "partially", "良", "有所"),
    ("未达成", "未完成", "不符合", "not achieved", "not met", "差", "无明显"),
)
_STOP_BIGRAMS = {"指标", "效益", "社会", "经济", "生态", "情况", "数量", "质量", "完成", "提升", "提高", "增加", "比例",
                 "水平", "项目", "建设", "管理", "服务", "满意", "意度", "程度", "合格", "达标", "覆盖"}
_STOP_WORDS_EN = {"of", "the", "a", "an", "and", "in", "to", "for", "on", "number", "rate", "share", "per",
                  "level", "total", "by", "with", "new", "annual", "benefit", "benefits", "social", "economic"}
_PUNCT = re.compile(r"[\s\-_·・,，。.;；:：、()（）\[\]【】\"'“”‘’/]+")


def _norm(text: str) -> str:
    return _PUNCT.sub("", to_halfwidth(str(text)).lower())


def _contains(text: str, words: Sequence[str]) -> list[str]:
    low = to_halfwidth(text).lower()
    out = []
    for w in words:
        wl = w.lower()
        if re.fullmatch(r"[a-z0-9 \-&+]+", wl):
            if re.search(r"(?<![a-z])" + re.escape(wl) + r"(?:s|es)?(?![a-z])", low):
                out.append(w)
        elif wl in low:
            out.append(w)
    return out


def _texts(ind: Indicator) -> str:
    return " ".join([ind.name, ind.target.text, ind.grading])


def _is_quantitative(ind: Indicator) -> bool:
    return ind.direction is not Direction.QUALITATIVE


def _canon(ind: Indicator) -> str:
    if ind.computed is Computed.BUDGET_EXECUTION:
        return "预算执行率"
    return canonical_level1(ind.level1)


def _is_satisfaction(ind: Indicator) -> bool:
    return (canonical_level1(ind.level2) == "满意度" or "满意" in ind.name or "satisfaction" in ind.name.lower()
            or ind.computed in (Computed.SURVEY_RATE, Computed.SURVEY_SCORE))


def _is_cost(ind: Indicator) -> bool:
    return (_canon(ind) == "成本" or "成本" in ind.level2 or "cost" in ind.level2.lower()
            or "成本" in ind.category or "cost" in ind.category.lower())


def _has_tiers(grading: str) -> bool:
    text = to_halfwidth(grading).lower()
    if not text.strip():
        return False
    if all(any(w.lower() in text for w in tier) for tier in _TIER_WORDS):
        return True
    parts = [p for p in re.split(r"[;；\n]+", text) if p.strip()]
    return len(parts) >= 3 and all(re.search(r"\d", p) for p in parts[-3:])


def _bigrams(text: str) -> set[str]:
    t = to_halfwidth(text).lower()
    out: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]+", t):
        out |= {run[i:i + 2] for i in range(len(run) - 1)} - _STOP_BIGRAMS
    out |= {w for w in re.findall(r"[a-z]{3,}", t) if w not in _STOP_WORDS_EN}
    return out


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


@dataclass
class _Out:
    findings: list[Finding]
    reasons: dict[str, str]
    used: set[str]

    def add(self, code: str, zh: str, en: str, *, indicator: str | None = None, szh: str = "", sen: str = "",
            severity: Severity | None = None) -> None:
        sev = severity or LINT_CHECKS[code].severity
        if sev is Severity.WARNING:
            keys = [f"{code}:{indicator}", code] if indicator else [code]
            if code == "target_below_history" and indicator:
                keys.insert(1, indicator)
            for key in keys:
                if key in self.reasons:
                    self.used.add(key)
                    reason = self.reasons[key]
                    zh += f"（已说明理由：{reason}）"
                    en += f" (reason given: {reason})"
                    sev = Severity.INFO
                    szh = sen = ""
                    break
        self.findings.append(Finding(code, sev, zh, en, indicator, szh, sen))


# -- the rules -----------------------------------------------------------------------------------------

def _check_quantified(fw: IndicatorFramework, cfg: LintConfig, out: _Out, period: str | None) -> None:
    vague = tuple(cfg.vague_words_zh.value) + tuple(cfg.vague_words_en.value)
    time_re = re.compile(cfg.time_pattern.value, re.IGNORECASE)
    no_time: list[str] = []
    for ind in fw:
        quantitative = _is_quantitative(ind)
        numeric = ind.target.value is not None
        dated = ind.target.kind == "date"  # a deadline ("2026年6月底前完成", "按期完成") is quantified in time
        if quantitative and not numeric and not dated:
            out.add("missing_target",
                    f"定量指标「{ind.name}」（{ind.direction.label_zh}）没有数值目标"
                    + (f"：「{ind.target.text}」不是数值。" if ind.target.text else "。"),
                    f"The quantitative indicator '{ind.name}' ({ind.direction.name.lower()}) has no numeric target"
                    + (f": '{ind.target.text}' is not a number." if ind.target.text else "."),
                    indicator=ind.id,
                    szh="写明运算符、数值和单位，如「≥50场」「≤9万元/场」「≥90%」；不能量化的改为定性指标并写明三档评价标准。",
                    sen="State the operator, number and unit, e.g. '≥50场', '≤9万元/场', '≥90%'; if it cannot be "
                        "quantified make it a qualitative indicator with a three-tier grading.")
        if quantitative and numeric and not (ind.unit or ind.target.unit):
            out.add("missing_unit", f"指标「{ind.name}」的目标「{ind.target.text}」没有计量单位。",
                    f"The target '{ind.target.text}' of '{ind.name}' has no unit.", indicator=ind.id,
                    szh="写明计量单位（场、人次、%、万元…），实际值用同一单位填报。",
                    sen="Give the unit (events, visits, %, 万元 …) and report the actual in the same unit.")
        if quantitative and numeric and not time_re.search(_texts(ind)):
            no_time.append(ind.id)
        words = _contains(f"{ind.name} {ind.target.text}", vague)
        if words and not numeric and not dated and not (ind.is_qualitative and _has_tiers(ind.grading)):
            shown = "、".join(words[:3])
            out.add("vague_target",
                    f"指标「{ind.name}」的目标「{ind.target.text or ind.name}」使用「{shown}」等模糊表述"
                    "而没有数量，无法评价。",
                    f"The target '{ind.target.text or ind.name}' of '{ind.name}' uses vague words "
                    f"({', '.join(words[:3])}) without a quantity and cannot be evaluated.",
                    indicator=ind.id,
                    szh="改写为「在〔时限〕内，〔对象〕的〔计量指标〕达到〔数值〕〔单位〕」，"
                        "例如「一年内举办至少 50 场社区文化活动，参与市民人数达到 5 万人次以上」。",
                    sen="Rewrite as 'by [date], [measure] of [who] reaches [number] [unit]', e.g. 'hold at least 50 "
                        "community cultural events within one year, with at least 50,000 participant visits'.")
        if ind.is_qualitative and not dated and not _has_tiers(ind.grading):
            out.add("qualitative_no_tiers",
                    f"定性指标「{ind.name}」没有三档评价标准（达成 / 部分达成 / 未达成），评价人无法一致打分。",
                    f"The qualitative indicator '{ind.name}' has no three-tier grading (achieved / partly achieved / "
                    "not achieved); evaluators cannot score it consistently.",
                    indicator=ind.id,
                    szh="在评分标准中写明三档：达成年度指标（100%–80%分值）；部分达成并具有一定效果（80%–60%）；"
                        "未达成且效果较差（60%–0）。每档写清可核查的表现。",
                    sen="Describe three tiers in the grading: achieved (100–80 % of the points); partly achieved "
                        "with some effect (80–60 %); not achieved (60–0 %), each with evidence to check.")
    framework_period = period or (fw.name if time_re.search(fw.name or "") else None)
    if no_time and not framework_period:
        ids = "、".join(no_time[:6]) + ("…" if len(no_time) > 6 else "")
        out.add("no_time_frame",
                f"指标体系和 {len(no_time)} 个定量指标（{ids}）都没有写明时限（年度、期限）。",
                f"Neither the framework nor {len(no_time)} quantitative indicators ({', '.join(no_time[:6])}"
                f"{'…' if len(no_time) > 6 else ''}) state a time frame (year, deadline).",
                szh="在指标体系名称中写明年度（如「2025年度」），或在目标中写明期限（如「一年内」「12月底前」）。",
                sen="Name the year in the framework (e.g. '2025年度') or the deadline in each target "
                    "('within one year', 'by end of December').")


_OPERATOR_CONFLICT = {Direction.POSITIVE: {"≤", "区间"}, Direction.REVERSE: {"≥", "区间"},
                      Direction.EQUAL: {"≥", "≤", "区间"}}


def _check_direction(fw: IndicatorFramework, out: _Out) -> None:
    for ind in fw:
        op = ind.target.operator
        d = ind.direction
        if ind.target.value is not None and (
            op in _OPERATOR_CONFLICT.get(d, set()) or (d is Direction.RANGE and op != "区间")
        ):
            out.add("direction_conflict",
                    f"指标「{ind.name}」的指标性质为「{d.value}」（{d.label_zh}），"
                    f"但目标「{ind.target.text}」是「{op or '无运算符'}」。",
                    f"The direction of '{ind.name}' is '{d.value}' ({d.name.lower()}) but the target "
                    f"'{ind.target.text}' says '{op or 'no operator'}'.",
                    indicator=ind.id, szh="使指标性质与目标一致（≥ 正向、≤ 反向、= 等于、区间）。",
                    sen="Make the direction and the target agree (≥, ≤, =, range).")
            continue
        text = ind.target.text
        name = ind.name
        problem_zh = problem_en = ""
        if d is Direction.POSITIVE and ind.target.value is None and _contains(text, _LE_WORDS):
            w = _contains(text, _LE_WORDS)[0]
            problem_zh, problem_en = f"目标写「{w}」却按正向（≥）计分", f"the target says '{w}' but is scored as ≥"
        elif d is Direction.REVERSE and ind.target.value is None and _contains(text, _GE_WORDS):
            w = _contains(text, _GE_WORDS)[0]
            problem_zh, problem_en = f"目标写「{w}」却按反向（≤）计分", f"the target says '{w}' but is scored as ≤"
        elif d is Direction.POSITIVE and _contains(name, _REVERSE_NAMES) and not _contains(name, _REVERSE_EXEMPT):
            w = _contains(name, _REVERSE_NAMES)[0]
            problem_zh, problem_en = (f"名称含「{w}」（越少越好）却按正向（≥）计分",
                                      f"the name mentions '{w}' (less is better) but it is scored as ≥")
        elif d is Direction.REVERSE and _contains(name, _POSITIVE_NAMES):
            w = _contains(name, _POSITIVE_NAMES)[0]
            problem_zh, problem_en = (f"名称含「{w}」（越高越好）却按反向（≤）计分",
                                      f"the name mentions '{w}' (more is better) but it is scored as ≤")
        elif d is Direction.QUALITATIVE and ind.target.value is not None:
            problem_zh, problem_en = (f"目标「{text}」是数值却按定性计分",
                                      f"the target '{text}' is numeric but is scored as qualitative")
        if problem_zh:
            out.add("direction_wording", f"指标「{name}」：{problem_zh}。", f"Indicator '{name}': {problem_en}.",
                    indicator=ind.id, szh="核对指标性质（≥ 正向、≤ 反向、= 等于、定性）与目标措辞，改正其一。",
                    sen="Check the direction (≥, ≤, =, qualitative) against the wording and correct one of them.")


def _infer_mode(fw: IndicatorFramework) -> str | None:
    canon = {_canon(i) for i in fw}
    if canon & {"决策", "过程"}:
        return "finance"
    if "预算执行率" in canon:
        return "self"
    return None


def _check_weights(fw: IndicatorFramework, mode: str | None, prof: LocalityProfile, out: _Out) -> None:
    pts = [float(i.points) for i in fw]
    w_sum = sum(pts)
    budget_leaf = any(i.computed is Computed.BUDGET_EXECUTION for i in fw)
    bp = prof.budget_points.value
    accepted = [float(fw.total)] + ([prof.indicator_points] if bp is not None and not budget_leaf else [])
    if all(abs(w_sum - a) > 0.01 for a in accepted):
        levels = {label: math.fsum(i.points for i in fw.leaves(label)) for label in fw.level1}
        parts = "、".join(f"{k} {_num(v)}" for k, v in levels.items())
        parts_en = ", ".join(f"{k} {_num(v)}" for k, v in levels.items())
        out.add("weights_total", f"分值合计 {_num(w_sum)} 分（{parts}），不等于总分 {_num(fw.total)} 分。",
                f"The points sum to {_num(w_sum)} ({parts_en}), not to the total of {_num(fw.total)}.",
                szh=f"调整各指标分值，使合计为 {_num(fw.total)} 分。",
                sen=f"Adjust the points to sum to {_num(fw.total)}.")
    if w_sum <= 0:
        return
    m = mode or _infer_mode(fw)
    if m is None:
        return
    for f in point_share_findings(fw, m, prof, inferred=mode is None):
        out.add(f.code, f.message_zh, f.message_en, szh=f.suggestion_zh, sen=f.suggestion_en)


def _check_relevance(fw: IndicatorFramework, cfg: LintConfig, out: _Out, links: Mapping[str, Sequence[str]],
                     history: Mapping[str, list[ParsedValue]]) -> None:
    outputs = [i for i in fw if _canon(i) == "产出"]
    out_grams = {i.id: _bigrams(f"{i.name} {i.level2}") for i in outputs}
    for ind in fw:
        if _canon(ind) != "效益" or _is_satisfaction(ind):
            continue
        if links.get(ind.id):
            continue
        grams = _bigrams(ind.name)
        if any(grams & g for g in out_grams.values()):
            continue
        if not outputs:
            zh, en = "指标体系没有产出指标", "the framework has no output indicators"
        else:
            zh, en = "找不到与之对应的产出指标", "no output indicator is linked to it"
        out.add("outcome_without_output",
                f"效益指标「{ind.name}」：{zh}，效益无法追溯到项目产出（相应匹配）。",
                f"Outcome indicator '{ind.name}': {en}, so the outcome cannot be traced to what the project "
                "delivers (matching).",
                indicator=ind.id,
                szh="设置产生该效益的产出指标，并在效益指标名称中点明对应的产出（如「展演活动观众满意度」对应"
                    "「举办展演活动场次」）；在程序中调用时，也可以逐条声明每个效益指标对应的产出指标编码。",
                sen="Add the output that produces this outcome and name it in the outcome indicator (e.g. 'audience "
                    "satisfaction with the performances' for 'performances held'); when calling lint from Python, "
                    "the links argument declares, for each outcome id, the output ids it follows from.")
    basis_words = tuple(cfg.cost_basis_words.value)
    for ind in fw:
        if not _is_cost(ind) or ind.target.value is None:
            continue
        if ind.standard is not EvaluationStandard.PLAN:
            continue
        if _contains(f"{ind.data_source} {ind.grading} {ind.target.text}", basis_words):
            continue
        out.add("cost_without_basis",
                f"成本指标「{ind.name}」（{ind.target.text}）没有写明取值依据（预算、定额、支出标准或历史成本）。",
                f"The cost indicator '{ind.name}' ({ind.target.text}) states no basis for its value (budget, "
                "norm, expenditure standard or historical cost).",
                indicator=ind.id,
                szh="在数据来源或评分标准中写明成本目标的依据（预算支出标准、定额、历史成本或同类项目），"
                    "或将评价标准设为历史标准/行业标准。",
                sen="State the basis of the cost target (expenditure standard, norm, historical cost or similar "
                    "projects) in the data source or grading, or set the standard to history / industry.")
    for ind in fw:
        raw = history.get(ind.id)
        if raw is None or ind.target.value is None or ind.direction not in (Direction.POSITIVE, Direction.REVERSE):
            continue
        parsed = [p for p in raw if p.value is not None]
        if not parsed:
            continue
        recent = parsed[-1]
        unit = ind.target.unit or ind.unit
        value = convert_unit(recent.value, recent.unit, unit, location={"indicator": ind.id})
        target = ind.target.value
        below = target < value - _TOL if ind.direction is Direction.POSITIVE else target > value + _TOL
        if below:
            word_zh = "低于" if ind.direction is Direction.POSITIVE else "高于"
            word_en = "below" if ind.direction is Direction.POSITIVE else "above (looser than)"
            out.add("target_below_history",
                    f"指标「{ind.name}」的目标 {ind.target.text} {word_zh}近期实际值 "
                    f"{recent.text or _num(recent.value)}，不符合绩效改进原则。",
                    f"The target {ind.target.text} of '{ind.name}' is {word_en} the recent actual "
                    f"{recent.text or _num(recent.value)}, against the performance-improvement principle.",
                    indicator=ind.id,
                    szh="目标原则上不低于近期实际值（10号：在可实现的条件下确定相对较高的评价标准）；确需下调的，"
                        "写明理由（reasons={指标编码: 理由}）。",
                    sen="Set the target at least at the recent actual (10号: a relatively high standard where "
                        "achievable); if it must be lower, give the reason (reasons={id: reason}).")


def _check_structure(fw: IndicatorFramework, cfg: LintConfig, out: _Out) -> None:
    tree = fw.tree()
    checks = []
    for l1, branches in tree.items():
        checks.append((l1, sum(len(v) for v in branches.values()), cfg.min_leaves_level1.value,
                       cfg.max_leaves_level1.value, "一级指标", "level-1 branch"))
        for l2, leaves in branches.items():
            if l2 == l1:
                continue
            checks.append((f"{l1} / {l2}", len(leaves), cfg.min_leaves_level2.value, cfg.max_leaves_level2.value,
                           "二级指标", "level-2 branch"))
    for label, n, lo, hi, kind_zh, kind_en in checks:
        if n > hi:
            out.add("too_many_leaves", f"{kind_zh}「{label}」下有 {n} 个三级指标，多于 {hi} 个，重点不突出。",
                    f"The {kind_en} '{label}' has {n} leaves, more than {hi}: the framework loses focus.",
                    szh="保留最能反映产出和效果的核心指标，合并或删除次要指标。",
                    sen="Keep the core indicators that best show outputs and results; merge or drop the rest.")
        elif n < lo:
            out.add("too_few_leaves", f"{kind_zh}「{label}」下只有 {n} 个三级指标，少于 {lo} 个。",
                    f"The {kind_en} '{label}' has {n} leaves, fewer than {lo}.",
                    szh="补充能够覆盖该方面的指标，或与相邻分支合并。",
                    sen="Add indicators that cover this aspect, or merge the branch with a neighbour.")
    inds = list(fw)
    normed = [_norm(i.name) for i in inds]
    ratio = float(cfg.near_duplicate_ratio.value)
    for j in range(len(inds)):
        for k in range(j):
            a, b = normed[k], normed[j]
            if a == b:
                out.add("duplicate_indicator",
                        f"指标「{inds[j].name}」（{inds[j].id}）与 {inds[k].id} 重复。",
                        f"Indicator '{inds[j].name}' ({inds[j].id}) duplicates {inds[k].id}.", indicator=inds[j].id,
                        szh="删除重复指标，或改名写明两者的区别。",
                        sen="Remove the duplicate, or rename both to show the difference.")
                break
            sm = difflib.SequenceMatcher(None, a, b)
            if sm.real_quick_ratio() >= ratio and sm.quick_ratio() >= ratio and sm.ratio() >= ratio:
                out.add("near_duplicate",
                        f"指标「{inds[j].name}」（{inds[j].id}）与「{inds[k].name}」（{inds[k].id}）近似重复"
                        f"（相似度 {sm.ratio():.0%}）。",
                        f"Indicator '{inds[j].name}' ({inds[j].id}) nearly duplicates '{inds[k].name}' ({inds[k].id}) "
                        f"(similarity {sm.ratio():.0%}).", indicator=inds[j].id,
                        szh="合并两个指标，或改写名称说明各自衡量的内容。",
                        sen="Merge the two, or rename them to say what each measures.")
                break


_SCIENCE_CATEGORY = {
    "papers": ("论文数量", "paper counts"),
    "journal_metrics": ("期刊影响因子等期刊指标", "journal-based metrics such as impact factors"),
    "titles": ("人才帽子、头衔、职称或学历", "talent titles, honorifics, ranks or degrees"),
    "awards": ("获奖数量", "award counts"),
}


def _check_science(fw: IndicatorFramework, cfg: LintConfig, out: _Out, domain: str | None) -> None:
    if domain is None:
        labels = " ".join([fw.name, *fw.level1, *fw.level2(), *(i.name for i in fw)])
        science = re.search(cfg.science_domain_pattern.value, labels, re.IGNORECASE) is not None
    else:
        science = domain == "science"
    severity = Severity.ERROR if science else Severity.WARNING
    for ind in fw:
        if ind.points <= 0 or _contains(ind.name, tuple(cfg.science_endorsed.value)):
            continue
        for category, words in cfg.science_metrics.value:
            hit = _contains(ind.name, words)
            if not hit:
                continue
            czh, cen = _SCIENCE_CATEGORY.get(category, (category, category))
            extra_en = (" DORA: do not use journal-based metrics, such as Journal Impact Factors, as a surrogate "
                        "measure of the quality of individual research articles."
                        if category == "journal_metrics" else "")
            out.add("science_metric",
                    f"指标「{ind.name}」以{czh}（「{hit[0]}」）作为计分指标（{_num(ind.points)} 分）。"
                    "破四唯：重点研发计划综合绩效评价不将人才项目、头衔、帽子、论文数量、获得奖励作为评价指标；"
                    "克服唯论文、唯职称、唯学历、唯奖项"
                    "（中办国办 2018）；另见 DORA 与莱顿宣言（定量指标应支持而非取代同行专家评议）。",
                    f"Indicator '{ind.name}' scores {cen} ('{hit[0]}', {_num(ind.points)} points). The 破四唯 rules "
                    "exclude talent programmes, titles, paper counts and awards as evaluation indicators (national key "
                    "R&D programme performance evaluation; 2018 三评 opinion); see also DORA and the Leiden Manifesto "
                    f"(quantitative evaluation should support, not replace, qualitative expert assessment).{extra_en}",
                    indicator=ind.id, severity=severity,
                    szh="改为代表作同行评议（原创性、科学价值、解决实际问题的贡献），"
                        "或将该指标作为不计分的监测信息（分值 0）。",
                    sen="Use peer review of representative works (originality, scientific value, contribution to "
                        "real problems) instead, or keep the count as unscored monitoring information (0 points).")
            break


# -- public API ----------------------------------------------------------------------------------------

def lint(
    framework: IndicatorFramework,
    *,
    mode: str | None = None,
    profile: str | LocalityProfile = "central",
    config: LintConfig | None = None,
    period: str | None = None,
    links: Mapping[str, Sequence[str]] | None = None,
    history: Mapping[str, Any] | pd.DataFrame | None = None,
    reasons: Mapping[str, str] | None = None,
    domain: str | None = None,
) -> list[Finding]:
    """Check an indicator framework's targets, weights and structure before it is used.

    Parameters
    ----------
    framework : the framework to check.
    mode : ``"self"`` (单位自评), ``"department"`` (部门评价) or ``"finance"`` (财政评价), or their Chinese
        names; sets the weight rules (self: the profile's 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10 split;
        department and finance: 产出 + 效益 ≥ the profile's 60 %). ``None`` infers it: a framework with
        决策 / 过程 is checked as finance, one with a 预算执行率 leaf as self, others not at all.
    profile : the locality profile whose weight rules apply (default ``"central"``).
    config : thresholds and word lists (:class:`LintConfig`); default ``LintConfig()``.
    period : the framework's time frame (e.g. ``"2025年度"``); when ``None`` the framework's name and the
        indicators' own texts are searched for one.
    links : outcome (效益) id → the output (产出) ids it follows from. Outcomes not listed are linked when
        their name shares a word with an output's name or level-2 label.
    history : indicator id → its recent actual(s) (a value such as ``"52场"`` or a sequence, oldest first), or a
        table with ``indicator_id``, ``period`` and ``actual`` columns; used by the 绩效改进 rule.
    reasons : written reasons that accept warnings: key ``code`` (the whole framework), ``"code:id"``
        (one indicator) or an indicator id (its target below history). Errors cannot be accepted.
    domain : ``"science"`` (science and technology: 破四唯 findings are errors), ``"general"`` (warnings),
        or ``None`` to detect science frameworks from their labels (科技、科研、研发、research …).

    Returns
    -------
    list of Finding
        Errors first, then warnings, then info; within a severity in rule order (:data:`LINT_CHECKS`).

    Raises
    ------
    InputError
        ``framework`` is not an :class:`IndicatorFramework`; an unknown ``mode`` or ``domain``; a ``links``
        or ``history`` id not in the framework; a ``reasons`` key that is neither a rule code, ``code:id``
        nor an indicator id; a history value in a unit that cannot be compared with the target.

    Notes
    -----
    Sources, with provenance, are in :data:`LINT_CHECKS` and :class:`LintConfig`: 财预〔2015〕88号 four
    requirements, 财预〔2021〕101号 principles, 财预〔2020〕10号 weight rules (the 单位自评 split as printed in
    published 自评表; the 60 % rule widely quoted but not located verbatim) and 绩效改进 (历史标准, not checked
    against the document's text), 破四唯, DORA (2012) and the Leiden Manifesto
    (Hicks et al., Nature 520, 429–431, 2015).

    Examples
    --------
    >>> from perfmethods.indicators import IndicatorFramework
    >>> fw = framework_from_records([
    ...     {"id": "C1", "level1": "产出指标", "name": "市民文化素养", "weight": 100, "target": "明显提高"}])
    >>> [f.code for f in lint(fw)]
    ['vague_target', 'qualitative_no_tiers']
    """
    if not isinstance(framework, IndicatorFramework):
        raise InputError(f"The 'framework' parameter of lint must be an IndicatorFramework; got "
                         f"{type(framework).__name__} instead.")
    mode_key: str | None = None
    if mode is not None:
        mode_key = normalise_mode(mode, func="lint")
    check_option(domain, (None, "science", "general"), name="domain", func="lint")
    cfg = config if config is not None else LintConfig()
    if not isinstance(cfg, LintConfig):
        raise InputError(f"The 'config' parameter of lint must be a LintConfig; got {type(cfg).__name__} instead.")
    prof = get_profile(profile)
    ids = set(framework.ids)
    links = dict(links or {})
    for key, targets in links.items():
        bad = [k for k in [key, *targets] if k not in ids]
        if bad:
            raise InputError(f"The 'links' parameter of lint names indicators {bad} that are not in the framework; "
                             f"the ids are {sorted(ids)}.")
    from perfmethods.indicators.quality import history_by_indicator

    history = history_by_indicator(history)
    unknown = sorted(set(history) - ids)
    if unknown:
        raise InputError(f"The 'history' parameter of lint names indicators {unknown} that are not in the "
                         f"framework; the ids are {sorted(ids)}.")
    reasons = {str(k): str(v) for k, v in (reasons or {}).items()}
    for key in reasons:
        code, _, ind = key.partition(":")
        ok = key in ids or (code in LINT_CHECKS and (not ind or ind in ids))
        if not ok:
            raise InputError(f"The 'reasons' parameter of lint has the key {key!r}, which is neither a rule code "
                             f"({', '.join(LINT_CHECKS)}), 'code:indicator id' nor an indicator id.")
    out = _Out([], reasons, set())
    _check_quantified(framework, cfg, out, period)
    _check_direction(framework, out)
    _check_weights(framework, mode_key, prof, out)
    _check_relevance(framework, cfg, out, links, history)
    _check_structure(framework, cfg, out)
    _check_science(framework, cfg, out, domain)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    rank = {code: k for k, code in enumerate(LINT_CHECKS)}
    return sorted(out.findings, key=lambda f: (order[f.severity], rank.get(f.code, 99)))


def lint_frame(findings: Sequence[Finding], language: str = "zh") -> pd.DataFrame:
    """The findings as a tidy table with the principle each enforces.

    Parameters
    ----------
    findings : the findings of :func:`lint`.
    language : ``"zh"`` or ``"en"``: the language of the messages and principles.

    Returns
    -------
    pandas.DataFrame
        Columns ``severity``, ``indicator_id``, ``code``, ``principle``, ``message``, ``suggestion``.
    """
    frame = findings_frame(findings, language)
    principle = [getattr(LINT_CHECKS.get(c), "principle_en" if language == "en" else "principle_zh", "")
                 for c in frame["code"]]
    frame.insert(3, "principle", principle)
    return frame


def lint_summary(findings: Sequence[Finding], language: str = "zh") -> pd.DataFrame:
    """Counts of findings by principle and severity: one row per principle that has findings.

    Parameters
    ----------
    findings : the findings of :func:`lint`.
    language : ``"zh"`` or ``"en"``: the language of the principle names.

    Returns
    -------
    pandas.DataFrame
        Columns ``principle``, ``error``, ``warning``, ``info``, ``codes`` (the rule codes that fired).
    """
    import pandas as pd

    rows: dict[str, dict[str, Any]] = {}
    for f in findings:
        rule = LINT_CHECKS.get(f.code)
        key = (rule.principle_en if language == "en" else rule.principle_zh) if rule else f.code
        row = rows.setdefault(key, {"principle": key, "error": 0, "warning": 0, "info": 0, "codes": []})
        row[f.severity.value] += 1
        if f.code not in row["codes"]:
            row["codes"].append(f.code)
    out = pd.DataFrame(list(rows.values()), columns=["principle", "error", "warning", "info", "codes"])
    out["codes"] = [", ".join(c) for c in out["codes"]]
    return out


_SEVERITY_LABEL = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
                   "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"}}


def _read_for_cli(path: str) -> tuple[IndicatorFramework, str | None, str | None]:
    """The framework at ``path`` (table, framework YAML, project.yaml or a project directory), and the
    evaluation mode and period when a project gives them."""
    p = Path(path)
    is_project = p.is_dir()
    if not is_project and p.suffix.lower() in (".yaml", ".yml"):
        from perfmethods.io.documents import read_yaml

        data = read_yaml(p)
        is_project = isinstance(data, Mapping) and "project" in data
    if is_project:
        from perfmethods.io.project import read_project

        project = read_project(p)
        year = project.meta.get("year")
        return project.framework, project.meta.get("evaluation_mode"), f"{year}年度" if year else None
    if p.suffix.lower() in (".yaml", ".yml"):
        from perfmethods.io.framework import read_framework_yaml

        return read_framework_yaml(p), None, None
    from perfmethods.io.framework import read_framework_table, read_self_evaluation_table

    framework = read_framework_table(p)
    try:  # a published 自评表 states its year in the title rows
        year = read_self_evaluation_table(p).year
    except InputError:
        year = None
    return framework, None, f"{year}年度" if year else None


def run_lint_cli(path: str, *, mode: str | None, language: str, stream: TextIO | None = None) -> int:
    """Lint the framework at ``path`` and print the findings: the body of ``perfmethods lint FRAMEWORK``.

    Parameters
    ----------
    path : a framework table (``.csv`` / ``.xlsx``, including a 附件2 self-evaluation table, whose title year
        is used as the period), a framework YAML, a ``project.yaml`` or a project directory (its mode and
        year are used).
    mode : ``self`` / ``department`` / ``finance`` (or 单位自评 / 部门评价 / 财政评价); ``None`` takes the
        project's ``evaluation_mode`` or infers it (see :func:`lint`).
    language : ``"zh"`` or ``"en"``: the language of the printed findings.
    stream : where to print (default ``sys.stdout``).

    Returns
    -------
    int
        1 when any finding is an error, else 0. Unreadable input raises :class:`InputError` (the CLI
        turns it into exit code 2).
    """
    check_language(language, func="run_lint_cli")
    out = stream if stream is not None else sys.stdout
    framework, project_mode, period = _read_for_cli(path)
    findings = lint(framework, mode=mode or project_mode, period=period)
    labels = _SEVERITY_LABEL[language]
    for f in findings:
        where = f" [{f.indicator_id}]" if f.indicator_id else ""
        print(f"{labels[f.severity.value]}{where} {f.code}: {f.message(language)}", file=out)
        if f.suggestion(language):
            print(f"    → {f.suggestion(language)}", file=out)
    counts = {s: sum(f.severity.value == s for f in findings) for s in ("error", "warning", "info")}
    if language == "zh":
        print(f"{path}：{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示。", file=out)
    else:
        print(f"{path}: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info.", file=out)
    return 1 if counts["error"] else 0
