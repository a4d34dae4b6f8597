"""A reader's wording of the package's codes: profiles, rule values, provenance, sources, units, periods.

A finance-bureau reader sees labels, never internal codes: the scoring profile ``central`` is
"财预〔2020〕10号 通行口径", the rounding mode ``nearest`` is "四舍五入", a boolean is 是/否, a provenance level
``secondary`` is "二手资料（地方系统配置或转述）", and a rule's source cites the primary document
(e.g. 财预〔2020〕10号 附件2) instead of the package's internal research notes. Every text comes from the
label catalogue (``i18n/report_outline.yaml``), in Chinese or English.

Names from the user's own data (a level-1 dimension the standard framework does not have, an unknown
period name, an unknown currency unit) are returned unchanged: they are the user's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from perfmethods.i18n import t
from perfmethods.indicators.grades import GRADE_LABELS
from perfmethods.indicators.profiles import LocalityProfile
from perfmethods.model.inputs import QUALITATIVE_TIERS
from perfmethods.validation import check_language

__all__ = [
    "LEVEL1_KEYS",
    "citation",
    "level1_label",
    "period_label",
    "profile_label",
    "rule_value",
    "rules_table",
    "unit_label",
    "yes_no",
]

#: The level-1 dimensions of 财预〔2020〕10号 附件1/附件2 (and the budget-execution row), by catalogue key.
LEVEL1_KEYS: dict[str, str] = {
    "决策": "decision",
    "过程": "process",
    "产出": "output",
    "效益": "outcome",
    "成本": "cost",
    "满意度": "satisfaction",
    "预算执行率": "budget_execution",
}
_PROFILES = ("central", "integer_down", "integer_nearest", "budget_20_80", "no_budget_row")
_ROUNDING = ("none", "down", "nearest")
_TIER_KEYS = dict(zip(QUALITATIVE_TIERS, ("met", "partial", "unmet"), strict=True))
_PERIODS = {
    "第一季度": "q1", "一季度": "q1", "第1季度": "q1", "q1": "q1",
    "第二季度": "q2", "二季度": "q2", "第2季度": "q2", "q2": "q2",
    "第三季度": "q3", "三季度": "q3", "第3季度": "q3", "q3": "q3",
    "第四季度": "q4", "四季度": "q4", "第4季度": "q4", "q4": "q4",
    "上半年": "h1", "下半年": "h2", "全年": "year",
}
_UNITS = {"元": "yuan", "千元": "thousand_yuan", "万元": "ten_thousand_yuan", "亿元": "hundred_million_yuan"}
#: (pattern in a rule's recorded source, catalogue key of the primary document it stands for);
#: the first match wins.
_CITATIONS: tuple[tuple[str, str], ...] = (
    (r"附件2", "annex2"),
    (r"grading as unified", "grades"),
    (r"财政/部门评价", "weights_finance"),
    (r"10号 单位自评", "self_split"),
    (r"10号 self-evaluation: indicator points add up to 100", "points_total"),
    (r"达州", "dazhou"),
    (r"广西", "guangxi"),
    (r"published 项目支出绩效自评表", "published_tables"),
    (r"pmkpi|budget[- ]system", "budget_system"),
    (r"package default|not recorded", "package_default"),
)


def _label(prefix: str, key: str, language: str) -> str:
    return t(f"pr.{prefix}.{key}", language)


def yes_no(value: bool, language: str = "zh") -> str:
    """是 / 否 (yes / no) for a boolean setting."""
    return _label("bool", "yes" if value else "no", check_language(language))


def profile_label(name: str, language: str = "zh") -> str:
    """The reader's name of a bundled scoring profile (``central`` → 财预〔2020〕10号 通行口径).

    A profile the package does not bundle keeps its own name.
    """
    language = check_language(language)
    return _label("profile", name, language) if name in _PROFILES else name


def level1_label(name: str, language: str = "zh") -> str:
    """A level-1 dimension in ``language``: the standard ones from the catalogue, the user's own unchanged."""
    language = check_language(language)
    key = LEVEL1_KEYS.get(str(name).strip())
    return _label("level1", key, language) if key else str(name)


def period_label(name: str, language: str = "zh") -> str:
    """A period name (第一季度, 上半年 …) in ``language``; a name that is not a quarter, half or year unchanged."""
    language = check_language(language)
    key = _PERIODS.get(str(name).strip().lower())
    return _label("period", key, language) if key else str(name)


def unit_label(unit: str, language: str = "zh") -> str:
    """A currency unit in ``language``: 万元 → "× 10,000 yuan", so that 600 万元 reads "600 × 10,000 yuan".

    An unknown unit is the user's own word and is returned unchanged.
    """
    language = check_language(language)
    key = _UNITS.get(str(unit).strip())
    return _label("unit", key, language) if key else str(unit)


def citation(source: str, language: str = "zh") -> str:
    """The primary document behind a rule's recorded ``source``, as a reader can look it up.

    A source is matched to the document it restates (财预〔2020〕10号 附件2, a budget system's scoring
    configuration, the published self-evaluation tables, a package default); a source that matches none is
    shown as written. Sources cite primary documents only (tests/foundation/test_rule_sources.py).
    """
    language = check_language(language)
    for pattern, key in _CITATIONS:
        if re.search(pattern, source):
            return _label("cite", key, language)
    return source.strip(" ,;") or _label("cite", "package_default", language)


def _share(x: float) -> str:
    return f"{x:.0%}"


def _points(x: float) -> str:
    return f"{x:g}"


def _tier(name: str, language: str) -> str:
    key = _TIER_KEYS.get(name)
    return _label("tier", key, language) if key else name


def _grade(name: str, language: str) -> str:
    return GRADE_LABELS.get(name, {language: name})[language] if language == "en" else name


def rule_value(setting: str, value: Any, language: str = "zh") -> str:
    """A rule's value as a reader writes it: labels for codes, 是/否 for booleans, shares as percentages.

    Parameters
    ----------
    setting : the profile setting (``rounding``, ``execution_basis``, …, as in ``LocalityProfile.to_frame``).
    value : its value (the ``ApplicationTable`` itself for ``application``).
    language : ``zh`` or ``en``.
    """
    language = check_language(language)
    sep = "；" if language == "zh" else "; "
    if setting == "rounding" and value in _ROUNDING:
        return _label("rounding", str(value), language)
    if setting == "execution_basis" and value in ("adjusted", "original"):
        return t(f"pe.basis.{value}", language)
    if isinstance(value, bool):
        return yes_no(value, language)
    if value is None:
        return _label("value", "none", language)
    if setting in ("overachievement_ratio", "overachievement_deduction", "min_output_benefit_share"):
        return _share(float(value))
    if setting == "budget_points":
        return t("pr.value.points", language, points=_points(float(value)))
    if setting == "qualitative_tiers":
        return sep.join(f"{_tier(n, language)} {_share(lo)}–{_share(hi)}" for n, lo, hi in value)
    if setting == "qualitative_default_shares":
        return sep.join(f"{_tier(n, language)} {_share(s)}" for n, s in value)
    if setting == "grade_bands":
        return sep.join(f"{_grade(g, language)} ≥ {_points(lo)}" for lo, g in value)
    if setting == "met_wording" and hasattr(value, "met"):
        # the phrases are Chinese by nature: the English report glosses them rather than quoting them
        words = "、".join(value.met[:3]) if language == "zh" else "'completed', 'fully completed', 'achieved'"
        return t("pr.value.met_wording", language, words=words, n=len(value.met))
    if setting == "late_schedule":
        steps = [t("pr.value.on_time" if days == 0 else "pr.value.late_within", language, days=days,
                   share=_share(share)) for days, share in value]
        return sep.join([*steps, t("pr.value.late_after", language, days=value[-1][0])])
    if setting == "self_eval_split":
        return sep.join(f"{level1_label(n, language)} {_points(p)}" for n, p in value)
    if setting == "application" and hasattr(value, "to_frame"):
        frame = value.to_frame()
        grades = frame["grade" if language == "zh" else "grade_en"]
        colon = "：" if language == "zh" else ": "
        return sep.join(f"{g}{colon}{p}" for g, p in zip(grades, frame[f"policy_{language}"], strict=True))
    if isinstance(value, float) and math.isfinite(value):
        return _points(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return sep.join(str(v) for v in value)
    return str(value)


def rules_table(profile: LocalityProfile, language: str = "zh") -> pd.DataFrame:
    """The scoring conventions of ``profile`` for the report: one row per setting, all in the reader's words.

    Returns
    -------
    DataFrame with columns ``setting`` (label), ``value_text``, ``provenance`` (label) and ``source`` (the
    primary document, see :func:`citation`).
    """
    language = check_language(language)
    rules = profile.rules()
    rows = [
        {
            "setting": t(f"pe.setting.{name}", language),
            "value_text": rule_value(name, rule.value, language),
            "provenance": _label("provenance", rule.provenance.value, language),
            "source": citation(rule.source, language),
        }
        for name, rule in rules.items()
    ]
    return pd.DataFrame(rows, columns=["setting", "value_text", "provenance", "source"])
