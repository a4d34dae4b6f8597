"""Use of evaluation results in next year's budget (评价结果应用): grade → budget action.

财预〔2020〕10号 says, qualitatively, that projects graded 优 / 良 are supported and 中 / 差 have their
budgets cut ("原则上评价等级为优、良的根据情况予以支持；中、差的要完善政策、改进管理，根据情况核减预算";
财政评价 results application, wording not checked against the document's text). Localities turn this into
a table; the default here is 达州市's (verified, http://swj.dazhou.gov.cn/news-show-6995.html):

=====  ===================  ==========================================  ==================
grade  action               wording                                     suggested amount
=====  ===================  ==========================================  ==================
优      ``priority``         适当优先给予保障 (priority support)             the budget, with priority
良      ``maintain``         据实予以合理保障 (maintain, as justified)       at most the budget
中      ``reduce``           予以一定比例核减 (reduce by a share)            at most (1 − share) × budget
差      ``cancel``           视情况可取消或暂停 (cancel or suspend)          none
=====  ===================  ==========================================  ==================

达州 says "一定比例" without a number: the 10 % default share is a package default (provenance
unverified); set your locality's share with :meth:`ApplicationTable.with_reduction`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from perfmethods.errors import InputError
from perfmethods.indicators.grades import GRADE_LABELS, GRADES, parse_grade
from perfmethods.indicators.scoring import round_points
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ACTIONS",
    "DEFAULT_REDUCTION",
    "ApplicationBand",
    "ApplicationTable",
    "BudgetRecommendation",
    "recommend",
]

#: Action codes and their labels.
ACTIONS: dict[str, dict[str, str]] = {
    "priority": {"zh": "优先保障", "en": "priority support"},
    "maintain": {"zh": "保障", "en": "maintain"},
    "reduce": {"zh": "核减", "en": "reduce"},
    "cancel": {"zh": "取消或暂停", "en": "cancel or suspend"},
}

_DAZHOU = (
    "达州市商务局 预算绩效评价结果应用 (http://swj.dazhou.gov.cn/news-show-6995.html); "
    "operationalises 财预〔2020〕10号 (wording unverified)"
)

#: Default share cut from the budget of a project graded 中.
DEFAULT_REDUCTION: Rule[float] = Rule(
    0.10,
    Provenance.UNVERIFIED,
    'package default; 达州 says only "予以一定比例核减"',
    note="set the locality's share with ApplicationTable.with_reduction",
)

_UNIT_EN = {"元": "yuan", "万元": "× 10,000 yuan", "亿元": "× 100 million yuan", "千元": "× 1,000 yuan"}


@dataclass(frozen=True)
class ApplicationBand:
    """A grade band of the results-application table: what the grade means for next year's budget.

    Attributes
    ----------
    grade : 优 / 良 / 中 / 差.
    action : ``"priority"``, ``"maintain"``, ``"reduce"`` or ``"cancel"``.
    policy : the locality's wording (Chinese) as a :class:`Rule` with its source.
    policy_en : an English rendering of ``policy``.
    factor : multiplier of the current budget giving the suggested amount (``None`` for cancel), with
        its provenance. For ``reduce`` it is ``1 − share``.
    """

    grade: str
    action: str
    policy: Rule[str]
    policy_en: str
    factor: Rule[float | None]

    def __post_init__(self) -> None:
        object.__setattr__(self, "grade", parse_grade(self.grade))
        if self.action not in ACTIONS:
            raise InputError(
                f"unknown results-application action {self.action!r} for grade {self.grade}; "
                f"expected one of {list(ACTIONS)}"
            )
        f = self.factor.value
        if self.action == "cancel":
            if f is not None:
                raise InputError(
                    f"grade {self.grade}: the 'cancel' action suggests no amount; set factor to None"
                )
        elif f is None or not (math.isfinite(f) and f >= 0):
            raise InputError(f"grade {self.grade}: the budget factor must be a number >= 0; got {f!r}")

    @property
    def label_zh(self) -> str:
        return ACTIONS[self.action]["zh"]

    @property
    def label_en(self) -> str:
        return ACTIONS[self.action]["en"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "grade_en": GRADE_LABELS[self.grade]["en"],
            "action": self.action,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "policy": self.policy.to_dict(),
            "policy_en": self.policy_en,
            "factor": self.factor.to_dict(),
        }


def _default_rules(reduction: Rule[float]) -> tuple[ApplicationBand, ...]:
    share = reduction.value
    return (
        ApplicationBand(
            "优",
            "priority",
            Rule("适当优先给予保障", Provenance.VERIFIED, _DAZHOU),
            "give priority support as appropriate",
            Rule(
                1.0,
                Provenance.UNVERIFIED,
                "package default: the current budget, with priority",
                note="达州 gives no amount",
            ),
        ),
        ApplicationBand(
            "良",
            "maintain",
            Rule("据实予以合理保障", Provenance.VERIFIED, _DAZHOU),
            "fund as justified by the facts",
            Rule(
                1.0,
                Provenance.UNVERIFIED,
                "package default: at most the current budget",
                note="达州 gives no amount",
            ),
        ),
        ApplicationBand(
            "中",
            "reduce",
            Rule("予以一定比例核减", Provenance.VERIFIED, _DAZHOU),
            "reduce by a share",
            Rule(1.0 - share, reduction.provenance, reduction.source, note=reduction.note),
        ),
        ApplicationBand(
            "差",
            "cancel",
            Rule("视情况可取消或暂停下一年度预算安排", Provenance.VERIFIED, _DAZHOU),
            "cancel or suspend next year's budget as the case requires",
            Rule(None, Provenance.VERIFIED, _DAZHOU),
        ),
    )


@dataclass(frozen=True)
class ApplicationTable:
    """A locality's results-application table: one :class:`ApplicationBand` per grade.

    Build the default (达州 wording, 10 % cut for 中) with :meth:`default`; change the cut with
    :meth:`with_reduction`; or pass your own rules.
    """

    rules: tuple[ApplicationBand, ...]
    name: str = "达州"

    def __post_init__(self) -> None:
        rules = tuple(self.rules)
        object.__setattr__(self, "rules", rules)
        grades = [r.grade for r in rules]
        if sorted(grades, key=GRADES.index) != list(GRADES) or len(set(grades)) != len(grades):
            raise InputError(
                f"a results-application table needs exactly one rule for each grade {list(GRADES)}; "
                f"got rules for {grades}"
            )

    @classmethod
    def default(cls, reduction: float | Rule[float] | None = None) -> ApplicationTable:
        """The 达州 table; ``reduction`` is the share cut for 中 (default :data:`DEFAULT_REDUCTION`)."""
        return cls(_default_rules(_reduction_rule(reduction)), name="达州")

    @classmethod
    def sichuan(cls, reduction: float | Rule[float] | None = None) -> ApplicationTable:
        """四川《预算绩效结果应用管理办法》(2025) as summarised: 优→优先保障, 良→保障, 中→压缩, 差→取消
        (a practitioner's knowledge-base summary of the 四川 document; provenance secondary)."""
        src = "四川省《预算绩效结果应用管理办法》(2025), practitioner summary"
        base = _default_rules(_reduction_rule(reduction))
        wording = {
            "优": ("优先保障", "priority support"),
            "良": ("保障", "maintain"),
            "中": ("压缩", "compress (reduce)"),
            "差": ("取消", "cancel"),
        }
        rules = tuple(
            replace(
                r, policy=Rule(wording[r.grade][0], Provenance.SECONDARY, src), policy_en=wording[r.grade][1]
            )
            for r in base
        )
        return cls(rules, name="四川")

    def rule(self, grade: str) -> ApplicationBand:
        """The rule for ``grade`` (Chinese or English label)."""
        g = parse_grade(grade)
        return next(r for r in self.rules if r.grade == g)

    def with_reduction(self, share: float | Rule[float]) -> ApplicationTable:
        """A copy in which grade 中 cuts ``share`` of the budget (e.g. 0.2 for 20 %)."""
        rule = _reduction_rule(share)
        new = tuple(
            replace(r, factor=Rule(1.0 - rule.value, rule.provenance, rule.source, note=rule.note))
            if r.action == "reduce"
            else r
            for r in self.rules
        )
        return replace(self, rules=new)

    def to_frame(self) -> pd.DataFrame:
        """One row per grade: grade, action, labels, policy wording, factor, provenance."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "grade": r.grade,
                    "grade_en": GRADE_LABELS[r.grade]["en"],
                    "action": r.action,
                    "label_zh": r.label_zh,
                    "label_en": r.label_en,
                    "policy_zh": r.policy.value,
                    "policy_en": r.policy_en,
                    "factor": r.factor.value,
                    "factor_provenance": r.factor.provenance.value,
                }
                for r in self.rules
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rules": [r.to_dict() for r in self.rules]}


def _reduction_rule(share: float | Rule[float] | None) -> Rule[float]:
    if share is None:
        return DEFAULT_REDUCTION
    rule = (
        share if isinstance(share, Rule) else Rule(float(share), Provenance.UNVERIFIED, "set by the caller")
    )
    value = rule.value
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InputError(
            f"The 'reduction' share must be a number in [0, 1] (0.1 = 10 %); got {value!r} instead."
        )
    return rule


@dataclass(frozen=True, repr=False)
class BudgetRecommendation(Result):
    """A next-year budget recommendation for one grade.

    Attributes
    ----------
    grade, grade_en : the grade (优) and its English label (excellent).
    action : action code; ``label_zh`` / ``label_en`` its labels.
    text_zh, text_en : the recommendation as one sentence.
    budget_amount : the current budget the suggestion is based on (``None`` when not given).
    suggested_amount : suggested next-year amount (``None`` for cancel or without a budget amount).
    unit : currency unit as written (万元).
    factor : the factor applied (``None`` for cancel), with its provenance in ``factor_provenance``.
    """

    _headline_fields = ("grade", "action", "budget_amount", "suggested_amount", "unit")

    grade: str
    grade_en: str
    action: str
    label_zh: str
    label_en: str
    text_zh: str
    text_en: str
    budget_amount: float | None
    suggested_amount: float | None
    unit: str
    factor: float | None
    factor_provenance: str
    table: str

    def summary(self) -> pd.DataFrame:
        """One row: grade, action, budget, suggested amount, factor and the text in both languages."""
        import pandas as pd

        return pd.DataFrame([self.to_dict()])

    def text(self, language: str = "zh") -> str:
        return self.text_en if language == "en" else self.text_zh

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "grade_en": self.grade_en,
            "action": self.action,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "text_zh": self.text_zh,
            "text_en": self.text_en,
            "budget_amount": self.budget_amount,
            "suggested_amount": self.suggested_amount,
            "unit": self.unit,
            "factor": self.factor,
            "factor_provenance": self.factor_provenance,
            "table": self.table,
        }


def recommend(
    grade: str, budget_amount: float | None = None, unit: str = "万元", table: ApplicationTable | None = None
) -> BudgetRecommendation:
    """The next-year budget recommendation for a grade.

    Parameters
    ----------
    grade : 优 / 良 / 中 / 差 (or excellent / good / fair / poor).
    budget_amount : the current year's budget (e.g. 全年预算数); ``None`` gives the policy sentence only.
    unit : currency unit as written (default 万元).
    table : the locality's :class:`ApplicationTable` (default :meth:`ApplicationTable.default`).

    Returns
    -------
    BudgetRecommendation

    Examples
    --------
    >>> recommend("良", 580).text_zh
    '评价等级为“良”：下一年度预算据实予以合理保障，建议安排不超过 580.00 万元。'
    """
    table = ApplicationTable.default() if table is None else table
    rule = table.rule(grade)
    if budget_amount is not None:
        try:
            budget_amount = float(budget_amount)
        except (TypeError, ValueError):
            raise InputError(
                f"The 'budget_amount' parameter of recommend must be a number >= 0; got "
                f"{budget_amount!r} instead."
            ) from None
        if not (math.isfinite(budget_amount) and budget_amount >= 0):
            raise InputError(
                f"The 'budget_amount' parameter of recommend must be a number >= 0; got "
                f"{budget_amount!r} instead."
            )
    g_en = GRADE_LABELS[rule.grade]["en"]
    factor = rule.factor.value
    suggested = (
        None
        if factor is None or budget_amount is None
        else float(round_points(budget_amount * factor, "nearest", 2))
    )
    unit_en = _UNIT_EN.get(unit, unit)
    policy_zh, policy_en = rule.policy.value, rule.policy_en
    if rule.action == "reduce" and factor is not None:
        pct = f"{(1 - factor) * 100:g}%"
        policy_zh += f"（核减 {pct}）"
        policy_en += f" ({pct})"
    zh = f"评价等级为“{rule.grade}”：" + ("" if rule.action == "cancel" else "下一年度预算") + policy_zh
    en = f'Grade "{g_en}": ' + (policy_en if rule.action == "cancel" else f"next year's budget: {policy_en}")
    if suggested is not None:
        if rule.action == "priority":
            zh += f"，建议优先安排 {suggested:.2f} {unit}。"
            en += f"; suggested allocation {suggested:.2f} {unit_en}, with priority."
        else:
            zh += f"，建议安排不超过 {suggested:.2f} {unit}。"
            en += f"; suggested allocation at most {suggested:.2f} {unit_en}."
    else:
        zh += "。"
        en += "."
    return BudgetRecommendation(
        grade=rule.grade,
        grade_en=g_en,
        action=rule.action,
        label_zh=rule.label_zh,
        label_en=rule.label_en,
        text_zh=zh,
        text_en=en,
        budget_amount=budget_amount,
        suggested_amount=suggested,
        unit=unit,
        factor=factor,
        factor_provenance=rule.factor.provenance.value,
        table=table.name,
    )
