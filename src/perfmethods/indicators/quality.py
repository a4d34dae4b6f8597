"""Data-quality checks of actual values: can the data under a score be trusted?

数据不准确 — inaccurate data — is one of the three challenges the seed article names for budget-performance
management, and the 项目支出绩效自评表 published by county and city departments (2016–2023) show it: a
budget row of zeros above real spending, spending at 102.59 % of budget, text where a number is due.
:func:`check_data` checks the actual values of a framework before they are scored and says how far the score
can be trusted:

===================  ========  ==================================================================
code                 severity  fires when
===================  ========  ==================================================================
missing_actual       error     a reported indicator has no actual value (completeness)
unknown_indicator    error     an actual is given for an id the framework does not have
actual_not_numeric   error     a quantitative indicator's actual is not a number ("较好", "五十场")
unit_mismatch        error     the actual's unit cannot be compared with the target's (人次 vs 场)
fraction_as_percent  info      a bare fraction against a % target, read ×100 (0.96 against ≥95% is 96 %)
fraction_ambiguous   error     a bare number in (0, 1.5] against a % target of at most 1.5 % (0.96, ≥1%)
tier_missing         warning   a qualitative indicator's actual gives no tier (达成 / 部分达成 / 未达成)
out_of_range         error*    a negative count, a bounded rate outside 0–100 %, or outside ``ranges``
constraint_violated  error     an impossible combination (participants < events × a minimum)
outlier              warning   a robust z-score against history beyond ±3.5
duplicate_record     error*    the same indicator reported twice for a period (warning if identical)
period_mismatch      error     a record for another period than the one evaluated
budget_zero          error     a budget of zero with spending recorded
overspending         warning   spending above the full-year budget
===================  ========  ==================================================================

``*`` a bounded rate above 100 % and an identical duplicate are warnings.

:func:`check_self_evaluation` checks a published self-evaluation table (附件2) the same way and adds what the
table printed against its own numbers (``printed_rate_mismatch``, ``printed_weight_total``,
``printed_total_mismatch``, ``budget_zero`` for a scored budget row of zeros).

The result's ``confidence`` (high / medium / low) is lowered by errors in proportion to the points they
touch: the thresholds are :class:`QualityConfig` rules (package defaults, unverified).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from dataclasses import replace as _dc_replace
from typing import TYPE_CHECKING, Any

import numpy as np

from perfmethods.errors import InputError
from perfmethods.findings import Finding, Severity, findings_frame
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals, Budget, parse_tier
from perfmethods.model.values import (
    ParsedValue,
    convert_unit,
    parse_value,
    read_as_percent,
    split_unit,
    units_compatible,
)
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result
from perfmethods.validation import check_number

if TYPE_CHECKING:
    import pandas as pd

    from perfmethods.io.framework import SelfEvaluationTable

__all__ = ["Constraint", "DataQualityResult", "QualityConfig", "check_data", "check_self_evaluation",
           "history_by_indicator", "robust_z"]

U = Provenance.UNVERIFIED
_COUNT_BASES = ("场", "次", "人", "人次", "个", "户", "家", "项", "件", "篇", "所", "名", "台", "套", "起", "株", "亩",
                "米", "平方米", "千米", "公里", "册", "份", "期", "批", "座", "处", "条", "元", "events", "people",
                "visits", "persons", "items")
_BOUNDED_RATES = ("执行率", "合格率", "达标率", "满意度", "满意率", "覆盖率", "到位率", "及格率", "参保率", "入学率",
                  "execution rate", "pass rate", "coverage", "satisfaction")


@dataclass(frozen=True)
class QualityConfig:
    """Thresholds of :func:`check_data`, each a sourced :class:`Rule`.

    Attributes
    ----------
    outlier_z : |robust z| from which a value is an outlier against its history (3.5).
    min_history : fewest past values needed for the outlier check (3).
    low_confidence_share : share of the points touched by errors from which confidence is low (0.2).
    medium_confidence_share : share of the points touched by warnings from which confidence is medium (0.1);
        any error makes it at most medium.
    count_units : base units of counts, which cannot be negative.
    bounded_rates : name words of rates bounded by 0–100 % (执行率, 合格率, 满意度 …).
    """

    outlier_z: Rule[float] = Rule(3.5, Provenance.SECONDARY,
                                  "Iglewicz & Hoaglin (1993), How to Detect and Handle Outliers: modified z-score "
                                  "0.6745·(x − median)/MAD, |z| > 3.5")
    min_history: Rule[int] = Rule(3, U, "package default")
    low_confidence_share: Rule[float] = Rule(0.2, U, "package default")
    medium_confidence_share: Rule[float] = Rule(0.1, U, "package default")
    count_units: Rule[tuple[str, ...]] = Rule(_COUNT_BASES, U, "package list")
    bounded_rates: Rule[tuple[str, ...]] = Rule(
        _BOUNDED_RATES, U, "package list; a published 项目支出绩效自评表 shows spending at 102.59 % of budget")

    def __post_init__(self) -> None:
        for f in fields(self):
            if not isinstance(getattr(self, f.name), Rule):
                raise InputError(f"The '{f.name}' setting of QualityConfig must be a Rule; got "
                                 f"{type(getattr(self, f.name)).__name__} instead (use QualityConfig.replace).")
        check_number(self.outlier_z.value, name="outlier_z", func="QualityConfig", low=0, closed="neither")
        check_number(self.min_history.value, name="min_history", func="QualityConfig", low=2, integer=True)
        for name in ("low_confidence_share", "medium_confidence_share"):
            check_number(getattr(self, name).value, name=name, func="QualityConfig", low=0, high=1)

    def replace(self, **changes: Any) -> QualityConfig:
        """A copy with some settings changed; plain values become *unverified* rules "set by the caller"."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise InputError(f"unknown QualityConfig settings {unknown}; the settings are {sorted(known)}")
        return _dc_replace(self, **{k: v if isinstance(v, Rule) else Rule(v, U, "set by the caller")
                                    for k, v in changes.items()})


# -- constraints --------------------------------------------------------------------------------------------

_BRACED = re.compile(r"\{([^{}]+)\}")
_ALLOWED = (ast.Expression, ast.Compare, ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load, ast.Add, ast.Sub,
            ast.Mult, ast.Div, ast.USub, ast.UAdd, ast.GtE, ast.LtE, ast.Gt, ast.Lt, ast.Eq, ast.NotEq, ast.BoolOp,
            ast.And, ast.Or)


@dataclass(frozen=True)
class Constraint:
    """A combination of actual values that must hold, e.g. participants ≥ events × 20.

    Parameters
    ----------
    expression : a comparison of indicator ids written in braces, numbers and ``+ - * /``:
        ``"{C12} * 10000 >= {C11} * 20"``. Each id stands for the indicator's actual value in the unit of
        its target (``"4.12万人次"`` against a ``"≥5万人次"`` target is 4.12).
    description_zh, description_en : what the constraint means, for the finding.
    """

    expression: str
    description_zh: str = ""
    description_en: str = ""

    def __post_init__(self) -> None:
        self._tree()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.strip() for m in _BRACED.findall(self.expression)))

    def _tree(self) -> tuple[ast.Expression, dict[str, str]]:
        names: dict[str, str] = {}

        def sub(m: re.Match[str]) -> str:
            key = f"_v{len(names)}"
            names.setdefault(m.group(1).strip(), key)
            return names[m.group(1).strip()]

        text = _BRACED.sub(sub, self.expression)
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError:
            raise InputError(f"The constraint {self.expression!r} cannot be read; write ids in braces, e.g. "
                             "'{C12} >= {C11} * 20'.") from None
        for node in ast.walk(tree):
            if not isinstance(node, _ALLOWED) or (isinstance(node, ast.Name) and node.id not in names.values()):
                raise InputError(f"The constraint {self.expression!r} may hold only ids in braces, numbers, "
                                 "+ - * / and one comparison; got something else.")
        if not isinstance(tree.body, (ast.Compare, ast.BoolOp)):
            raise InputError(f"The constraint {self.expression!r} must compare two sides (>=, <=, ==, >, <).")
        return tree, names

    def holds(self, values: Mapping[str, float]) -> bool | None:
        """Whether the constraint holds; ``None`` when a value it needs is missing."""
        tree, names = self._tree()
        env = {}
        for ind, key in names.items():
            v = values.get(ind)
            if v is None or not math.isfinite(v):
                return None
            env[key] = float(v)
        try:
            return bool(eval(compile(tree, "<constraint>", "eval"), {"__builtins__": {}}, env))  # noqa: S307
        except ZeroDivisionError:
            return None


# -- helpers ---------------------------------------------------------------------------------------------------

def robust_z(value: float, history: Sequence[float]) -> float:
    """The modified z-score of ``value`` against ``history`` (Iglewicz & Hoaglin, 1993).

    ``0.6745 · (value − median) / MAD``; when the MAD is 0, ``(value − median) / (1.253314 · mean absolute
    deviation)``; when both are 0, 0 for the median itself and ±inf otherwise.
    """
    h = np.asarray(history, dtype=float)
    med = float(np.median(h))
    mad = float(np.median(np.abs(h - med)))
    if mad > 0:
        return 0.6745 * (value - med) / mad
    mean_ad = float(np.mean(np.abs(h - med)))
    if mean_ad > 0:
        return (value - med) / (1.253314 * mean_ad)
    return 0.0 if value == med else math.copysign(math.inf, value - med)


def _records(actuals: Any) -> pd.DataFrame:
    """Actuals as a frame with indicator_id, text, value (ParsedValue), tier, period, row."""
    import pandas as pd

    rows = []
    if isinstance(actuals, pd.DataFrame):
        cols = {str(c).strip().lower(): c for c in actuals.columns}
        idc = cols.get("indicator_id") or cols.get("id")
        valc = cols.get("actual") or cols.get("value")
        if idc is None or valc is None:
            raise InputError("The 'actuals' table of check_data needs the columns 'indicator_id' and 'actual'; got "
                             f"{list(actuals.columns)} instead.")
        perc, tierc = cols.get("period"), cols.get("tier")
        for k, (_, r) in enumerate(actuals.iterrows(), start=2):
            raw = r[valc]
            rows.append({"indicator_id": str(r[idc]).strip(), "value": raw if isinstance(raw, ParsedValue)
                         else parse_value(raw), "tier": r[tierc] if tierc else None,
                         "period": None if perc is None or pd.isna(r[perc]) else str(r[perc]).strip(), "row": k})
    else:
        acts = actuals if isinstance(actuals, Actuals) else Actuals.from_mapping(dict(actuals or {}))
        for v in acts.values:
            rows.append({"indicator_id": v.indicator_id, "value": v.value, "tier": v.tier, "period": None,
                         "row": None})
    return pd.DataFrame(rows, columns=["indicator_id", "value", "tier", "period", "row"])


def history_by_indicator(history: Any) -> dict[str, list[ParsedValue]]:
    """Past actuals by indicator id, oldest first, parsed (``"52场"`` → 52 场).

    ``history`` is a mapping ``{id: value or [oldest, …, latest]}`` or a table with ``indicator_id`` (or
    ``id``), ``actual`` (or ``value``) and optionally ``period`` (rows are put in period order).
    """
    if history is None:
        return {}
    import pandas as pd

    out: dict[str, list[ParsedValue]] = {}
    if isinstance(history, pd.DataFrame):
        cols = {str(c).strip().lower(): c for c in history.columns}
        idc = cols.get("indicator_id") or cols.get("id")
        valc = cols.get("actual") or cols.get("value")
        if idc is None or valc is None:
            raise InputError("The 'history' table of check_data needs the columns 'indicator_id' and 'actual' "
                             f"(and optionally 'period'); got {list(history.columns)} instead.")
        frame = history.sort_values(cols["period"], kind="stable") if "period" in cols else history
        for _, r in frame.iterrows():
            out.setdefault(str(r[idc]).strip(), []).append(parse_value(r[valc]))
        return out
    for key, seq in dict(history).items():
        items = list(seq) if isinstance(seq, (list, tuple, pd.Series, np.ndarray)) else [seq]
        out[str(key)] = [v if isinstance(v, ParsedValue) else parse_value(v) for v in items]
    return out


def _base(unit: str) -> str:
    return split_unit(unit)[1] if unit else ""


# -- result ----------------------------------------------------------------------------------------------------

_CONF_ZH = {"high": "高", "medium": "中", "low": "低"}


@dataclass(frozen=True, repr=False)
class DataQualityResult(Result):
    """What :func:`check_data` found.

    Attributes
    ----------
    findings : the findings, errors first.
    indicators : one row per indicator: ``id``, ``name``, ``weight``, ``status`` (ok / warning / error),
        ``codes`` (tuple of finding codes), ``actual_text``.
    completeness : share of the reported (not computed) indicators that have a usable actual value.
    error_share, warning_share : share of the points carried by indicators with an error / a warning.
    confidence : ``"high"``, ``"medium"`` or ``"low"``: how far a score on these data can be trusted.
    """

    _headline_fields = ("confidence", "completeness", "error_share", "warning_share")

    findings: tuple[Finding, ...]
    indicators: pd.DataFrame
    completeness: float
    error_share: float
    warning_share: float
    confidence: str
    config: QualityConfig

    @property
    def n_errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    def summary(self) -> pd.DataFrame:
        """The tidy per-indicator table (see :attr:`indicators`)."""
        return self.indicators.copy()

    def findings_frame(self, language: str = "zh") -> pd.DataFrame:
        """The findings as a tidy table in one language."""
        return findings_frame(self.findings, language)

    def statement(self, language: str = "zh") -> str:
        """One sentence on the confidence of a score on these data, for the report."""
        if language == "en":
            return (f"Data confidence: {self.confidence} — {self.n_errors} errors; indicators with errors carry "
                    f"{self.error_share:.0%} of the points; {self.completeness:.0%} of the reported indicators have "
                    "a usable actual value.")
        return (f"数据可信度：{_CONF_ZH[self.confidence]}。共 {self.n_errors} 个错误，有错误的指标占分值的 "
                f"{self.error_share:.0%}；{self.completeness:.0%} 的填报指标有可用的实际值。")

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for r in self.indicators.to_dict(orient="records"):
            rows.append({k: (list(v) if isinstance(v, tuple) else v) for k, v in r.items()})
        return {"findings": [f.to_dict() for f in self.findings], "indicators": rows,
                "completeness": self.completeness, "error_share": self.error_share,
                "warning_share": self.warning_share, "confidence": self.confidence,
                "config": {f.name: getattr(self.config, f.name).to_dict() for f in fields(self.config)}}


# -- the checks ---------------------------------------------------------------------------------------------------

def _f(code: str, sev: Severity, zh: str, en: str, ind: str | None, szh: str = "", sen: str = "") -> Finding:
    return Finding(code, sev, zh, en, ind, szh, sen)


def check_data(
    framework: IndicatorFramework,
    actuals: Actuals | Mapping[str, object] | pd.DataFrame | None,
    *,
    history: Mapping[str, Any] | pd.DataFrame | None = None,
    constraints: Sequence[Constraint | str] = (),
    period: str | int | None = None,
    ranges: Mapping[str, tuple[float | None, float | None]] | None = None,
    budget: Budget | None = None,
    config: QualityConfig | None = None,
) -> DataQualityResult:
    """Check the actual values of a framework: completeness, type / unit / range, impossible combinations,
    outliers against history, duplicated records and period mismatches.

    Parameters
    ----------
    framework : the indicator framework.
    actuals : the actual values: :class:`~perfmethods.model.inputs.Actuals`, a mapping
        ``{id: "52场"}``, or a table of records with ``indicator_id``, ``actual`` and optionally ``period``
        and ``tier`` columns (only a table can show duplicated records and periods).
    history : past actuals by indicator: a mapping ``{id: [oldest, …, latest]}`` or a table with
        ``indicator_id``, ``actual`` and ``period``; used for the robust-z outlier check.
    constraints : impossible combinations, as :class:`Constraint` or expression strings
        (``"{C12} * 10000 >= {C11} * 20"``: participants ≥ events × 20).
    period : the period evaluated (``2025``); records labelled with another period are errors.
    ranges : ``{id: (low, high)}`` allowed values (either bound ``None``) in the target's unit.
    budget : the project budget: a budget of zero with spending, and spending above budget, are reported.
    config : thresholds (:class:`QualityConfig`).

    Returns
    -------
    DataQualityResult

    Raises
    ------
    InputError
        ``framework`` is not an :class:`IndicatorFramework`; a table without the needed columns; a
        constraint or range naming an unknown indicator; an unreadable constraint.

    Notes
    -----
    Sources: the seed article's 数据不准确 challenge; the data problems of published self-evaluation tables
; the modified z-score of Iglewicz & Hoaglin (1993). Thresholds: :class:`QualityConfig`.
    """
    if not isinstance(framework, IndicatorFramework):
        raise InputError(f"The 'framework' parameter of check_data must be an IndicatorFramework; got "
                         f"{type(framework).__name__} instead.")
    cfg = config if config is not None else QualityConfig()
    ids = set(framework.ids)
    cons = [c if isinstance(c, Constraint) else Constraint(str(c)) for c in constraints]
    for c in cons:
        bad = [i for i in c.ids if i not in ids]
        if bad:
            raise InputError(f"The constraint {c.expression!r} names indicators {bad} that are not in the framework.")
    ranges = dict(ranges or {})
    bad = sorted(set(ranges) - ids)
    if bad:
        raise InputError(f"The 'ranges' parameter of check_data names indicators {bad} that are not in the framework.")
    records = _records(actuals)
    hist = history_by_indicator(history)
    expected = None if period is None else str(period).strip()
    findings: list[Finding] = []
    add = findings.append

    # periods and duplicates
    if expected is not None:
        for _, r in records[records["period"].notna() & (records["period"] != expected)].iterrows():
            add(_f("period_mismatch", Severity.ERROR,
                   f"指标 {r['indicator_id']} 的记录属于 {r['period']} 期，而评价期为 {expected}" +
                   (f"（第 {r['row']} 行）。" if r["row"] else "。"),
                   f"The record of {r['indicator_id']} is for period {r['period']}, not the evaluated period "
                   f"{expected}" + (f" (row {r['row']})." if r["row"] else "."), r["indicator_id"],
                   "核对填报期间，删除或替换非本期数据。",
                   "Check the reporting period; remove or replace data of other periods."))
        current = records[records["period"].isna() | (records["period"] == expected)]
    else:
        periods = sorted({p for p in records["period"].dropna()})
        if len(periods) > 1:
            add(_f("period_mismatch", Severity.ERROR, f"实际值记录混有多个期间（{'、'.join(periods)}），未指定评价期。",
                   f"The actual records mix several periods ({', '.join(periods)}) and no period is given.", None,
                   "指定评价期（period=…），或只保留本期记录。",
                   "Give the evaluated period (period=...) or keep only its records."))
        current = records
    for ind_id, group in current.groupby("indicator_id", sort=False):
        if len(group) < 2:
            continue
        texts = {v.text for v in group["value"]}
        same = len(texts) == 1
        rows = "、".join(str(r) for r in group["row"] if r)
        add(_f("duplicate_record", Severity.WARNING if same else Severity.ERROR,
               f"指标 {ind_id} 有 {len(group)} 条记录" + (f"（第 {rows} 行）" if rows else "") +
               ("，数值相同。" if same else f"，数值不同（{'、'.join(sorted(texts))}）。"),
               f"Indicator {ind_id} has {len(group)} records" + (f" (rows {rows})" if rows else "") +
               (", with the same value." if same else f", with different values ({', '.join(sorted(texts))})."),
               str(ind_id), "每个指标每期只保留一条记录。", "Keep one record per indicator and period."))
    current = current.drop_duplicates("indicator_id", keep="last")
    by_id = {str(r["indicator_id"]): r for _, r in current.iterrows()}
    for ind_id in by_id:
        if ind_id not in ids:
            add(_f("unknown_indicator", Severity.ERROR, f"实际值表中的指标编码 {ind_id} 不在指标体系中。",
                   f"The actuals give a value for {ind_id}, which is not in the framework.", None,
                   "核对指标编码。", "Check the indicator ids."))

    numbers: dict[str, float] = {}
    reported = [i for i in framework if i.computed is None]
    usable = 0
    for ind in framework:
        if ind.computed is not None:
            continue
        rec = by_id.get(ind.id)
        value: ParsedValue = rec["value"] if rec is not None else ParsedValue("")
        if value.is_missing and not (rec is not None and rec["tier"]):
            add(_f("missing_actual", Severity.ERROR, f"指标「{ind.name}」没有实际值。",
                   f"Indicator '{ind.name}' has no actual value.", ind.id, "补充实际完成值及其数据来源。",
                   "Fill in the actual value and its data source."))
            continue
        if ind.direction is Direction.QUALITATIVE:
            tier = rec["tier"] if rec is not None else None
            try:
                tier = parse_tier(tier) or parse_tier(value.text)
            except InputError:
                tier = None
            if tier is None:
                add(_f("tier_missing", Severity.WARNING,
                       f"定性指标「{ind.name}」的实际值「{value.text}」没有给出等级（达成 / 部分达成 / 未达成）。",
                       f"The actual '{value.text}' of the qualitative indicator '{ind.name}' gives no tier "
                       "(achieved / partly achieved / not achieved).", ind.id,
                       "按评分标准判定等级并填写。", "Grade it by the tiers of its grading and record the tier."))
            usable += 1
            continue
        if value.value is None:
            add(_f("actual_not_numeric", Severity.ERROR, f"指标「{ind.name}」的实际值「{value.text}」不是数值。",
                   f"The actual '{value.text}' of '{ind.name}' is not a number.", ind.id,
                   "填写数值和单位，如「52场」。", "Write the number and unit, e.g. '52场'."))
            continue
        unit = ind.target.unit or ind.unit
        if value.unit and unit and not units_compatible(value.unit, unit):
            add(_f("unit_mismatch", Severity.ERROR,
                   f"指标「{ind.name}」的实际值单位「{value.unit}」与目标单位「{unit}」不可比。",
                   f"The actual of '{ind.name}' is in '{value.unit}', which cannot be compared with the target's "
                   f"'{unit}'.", ind.id, "用目标的计量单位填报实际值。", "Report the actual in the target's unit."))
            continue
        value = _percent_reading(ind, value, add)
        x = convert_unit(value.value, value.unit, unit) if unit else value.value
        numbers[ind.id] = x
        usable += 1
        _check_range(ind, x, value, ranges.get(ind.id), cfg, add)
        past = [p for p in hist.get(ind.id, []) if p.value is not None]
        if len(past) >= int(cfg.min_history.value):
            try:
                h = [convert_unit(p.value, p.unit, unit) if unit else p.value for p in past]
            except InputError:
                h = []
            if h:
                z = robust_z(x, h)
                if abs(z) > float(cfg.outlier_z.value):
                    med = float(np.median(h))
                    add(_f("outlier", Severity.WARNING,
                           f"指标「{ind.name}」的实际值 {value.text} 与历史值（中位数 {med:g}{unit}）相差很大"
                           f"（稳健 z = {z:.1f}）。",
                           f"The actual {value.text} of '{ind.name}' is far from its history (median {med:g}{unit}; "
                           f"robust z = {z:.1f}).", ind.id,
                           "核实数据来源和口径；确属实际变化的，写明原因。",
                           "Check the source and definition; if the change is real, explain it."))
    for c in cons:
        ok = c.holds(numbers)
        if ok is False:
            shown = "，".join(f"{i} = {numbers[i]:g}" for i in c.ids)
            add(_f("constraint_violated", Severity.ERROR,
                   f"实际值不可能同时成立：{c.description_zh or c.expression}（{shown}）。",
                   f"The actual values cannot all be right: {c.description_en or c.expression} "
                   f"({', '.join(f'{i} = {numbers[i]:g}' for i in c.ids)}).", c.ids[0] if c.ids else None,
                   "核对相关指标的原始记录。", "Check the source records of these indicators."))
    if budget is not None:
        if budget.adjusted == 0 and budget.executed > 0:
            add(_f("budget_zero", Severity.ERROR, f"全年预算数为 0，但记录了 {budget.executed:g}{budget.unit} 的支出。",
                   f"The full-year budget is 0 but {budget.executed:g} {budget.unit} was spent.", None,
                   "补充预算数。", "Fill in the budget."))
        elif budget.adjusted > 0 and budget.executed > budget.adjusted * (1 + 1e-9):
            add(_f("overspending", Severity.WARNING,
                   f"全年执行数 {budget.executed:g}{budget.unit} 超过全年预算数 {budget.adjusted:g}{budget.unit}"
                   f"（{budget.executed / budget.adjusted:.2%}）。",
                   f"Spending of {budget.executed:g} {budget.unit} exceeds the full-year budget of {budget.adjusted:g} "
                   f"{budget.unit} ({budget.executed / budget.adjusted:.2%}).", None,
                   "核实支出数据；超预算支出须有调整依据。",
                   "Check the spending; spending above budget needs an approved adjustment."))

    texts = {i: ("" if r is None else r["value"].text) for i, r in ((i, by_id.get(i)) for i in framework.ids)}
    completeness = usable / len(reported) if reported else 1.0
    return _finish(framework, findings, texts, completeness, cfg)


def _percent_reading(ind: Indicator, value: ParsedValue, add: Any) -> ParsedValue:
    """The actual as :func:`~perfmethods.model.values.read_as_percent` reads it against a % target, with
    ``fraction_as_percent`` (info: converted) or ``fraction_ambiguous`` (error: left as written)."""
    reading = read_as_percent(value, ind.target)
    if reading.verdict == "converted":
        shown = f"{reading.value.value:g}%"
        add(_f("fraction_as_percent", Severity.INFO,
               f"指标「{ind.name}」的实际值「{value.text}」未写单位而目标「{ind.target.text}」是百分数，已按小数读作 "
               f"{shown}。",
               f"The actual '{value.text}' of '{ind.name}' has no unit while the target "
               f"'{ind.target.text}' is a percentage; it was read as a fraction, {shown}.", ind.id,
               "实际值请写明“%”。", "Write the actual with its % sign."))
    elif reading.verdict == "ambiguous":
        add(_f("fraction_ambiguous", Severity.ERROR,
               f"指标「{ind.name}」的实际值「{value.text}」未写单位，目标「{ind.target.text}」是不超过 1.5% 的百分数，"
               "无法判断实际值是小数还是百分数。",
               f"The actual '{value.text}' of '{ind.name}' has no unit and the target "
               f"'{ind.target.text}' is a percentage of at most 1.5 %: it cannot be told whether the actual "
               "is a fraction or a percentage.",
               ind.id, "实际值请写明“%”（如“0.96%”或“96%”）。",
               "Write the actual with its % sign (e.g. '0.96%' or '96%')."))
    return reading.value


def _finish(framework: IndicatorFramework, findings: list[Finding], texts: Mapping[str, str], completeness: float,
            cfg: QualityConfig) -> DataQualityResult:
    """Sort the findings, tabulate them by indicator and grade the confidence."""
    import pandas as pd

    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    findings = sorted(findings, key=lambda f: order[f.severity])
    total = float(framework.points().sum()) or 1.0
    rows = []
    for ind in framework:
        fs = [f for f in findings if f.indicator_id == ind.id and f.severity is not Severity.INFO]
        status = ("error" if any(f.severity is Severity.ERROR for f in fs)
                  else "warning" if fs else "ok")
        rows.append({"id": ind.id, "name": ind.name, "weight": float(ind.points), "status": status,
                     "codes": tuple(dict.fromkeys(f.code for f in fs)), "actual_text": texts.get(ind.id, "")})
    table = pd.DataFrame(rows, columns=["id", "name", "weight", "status", "codes", "actual_text"])
    error_share = float(table.loc[table["status"] == "error", "weight"].sum()) / total
    warning_share = float(table.loc[table["status"] != "ok", "weight"].sum()) / total
    project_error = any(f.severity is Severity.ERROR and f.indicator_id is None for f in findings)
    if project_error or error_share >= float(cfg.low_confidence_share.value):
        confidence = "low"
    elif any(f.severity is Severity.ERROR for f in findings) or warning_share >= float(
            cfg.medium_confidence_share.value):
        confidence = "medium"
    else:
        confidence = "high"
    return DataQualityResult(tuple(findings), table, completeness, error_share, warning_share, confidence, cfg)


def check_self_evaluation(table: SelfEvaluationTable, *, config: QualityConfig | None = None) -> DataQualityResult:
    """Check a published self-evaluation table (附件2): its data, and what it printed against its own numbers.

    Runs :func:`check_data` on the table's indicators, actual values and budget, and adds:

    * ``printed_rate_mismatch`` (error): the printed 执行率 differs from 全年执行数 / 全年预算数 by more than
      0.5 percentage points (a row printing 100 % where its own numbers give 80.4 %);
    * ``printed_weight_total`` (error): the indicators' points (分值) do not sum to the printed 总分 分值
      (weights summing to 110 under a total printed as 100);
    * ``printed_total_mismatch`` (warning): the printed 得分 do not add up to the printed total;
    * ``budget_zero`` (error): a scored budget row whose budget figures are all zero or blank.

    Parameters
    ----------
    table : the table, as read by :func:`perfmethods.io.read_self_evaluation_table`.
    config : thresholds (:class:`QualityConfig`).

    Returns
    -------
    DataQualityResult

    Notes
    -----
    These are the data problems found in the 项目支出绩效自评表 published by county and city departments
    (2016–2023); each gives a finding rather than a silent score.
    """
    from perfmethods.io.framework import SelfEvaluationTable as _Table

    if not isinstance(table, _Table):
        raise InputError(f"The 'table' parameter of check_self_evaluation must be a SelfEvaluationTable; got "
                         f"{type(table).__name__} instead.")
    where = f"（{table.source}）" if table.source else ""
    budget_leaf = next((i.id for i in table.framework if i.computed is not None
                        and i.computed.value == "budget_execution"), None)
    budget = table.budget
    base = check_data(table.framework, table.actuals, budget=budget, config=config)
    extra: list[Finding] = []
    if budget_leaf is not None and (budget is None or (budget.adjusted == 0 and budget.executed == 0)):
        extra.append(_f("budget_zero", Severity.ERROR, f"预算执行率计分，但预算数和执行数为零或空白{where}。",
                        "Budget execution is scored but the budget and spending figures are zero or blank.",
                        budget_leaf, "填写年初预算数、全年预算数和全年执行数。",
                        "Fill in the original budget, the full-year budget and the spending."))
    printed = table.printed_execution_rate
    if budget is not None and budget.adjusted > 0 and printed is not None and printed.value is not None:
        rate = printed.value if printed.unit == "%" or printed.value > 1.5 else printed.value * 100
        actual = 100 * budget.executed / budget.adjusted
        if abs(rate - actual) > 0.5:
            extra.append(_f("printed_rate_mismatch", Severity.ERROR,
                            f"表中执行率印为 {printed.text}，按全年执行数 {budget.executed:g} / 全年预算数 "
                            f"{budget.adjusted:g} 计算为 {actual:.2f}%。",
                            f"The table prints an execution rate of {printed.text}; its own figures give "
                            f"{budget.executed:g} / {budget.adjusted:g} = {actual:.2f}%.", budget_leaf,
                            "按预算数和执行数重新计算执行率和得分。",
                            "Recompute the rate and its points from the figures."))
    points = float(table.framework.points().sum())
    if table.printed_total_weight is not None and abs(points - table.printed_total_weight) > 0.01:
        extra.append(_f("printed_weight_total", Severity.ERROR,
                        f"各行分值合计 {points:g} 分，而总分行印为 {table.printed_total_weight:g} 分。",
                        f"The rows' points sum to {points:g} but the total row prints {table.printed_total_weight:g}.",
                        None, "核对各指标分值。", "Check the points of each row."))
    scored = table.printed_points.dropna()
    if table.printed_total is not None and len(scored) and abs(float(scored.sum()) - table.printed_total) > 0.01:
        extra.append(_f("printed_total_mismatch", Severity.WARNING,
                        f"各行得分合计 {float(scored.sum()):g} 分，而总分行印为 {table.printed_total:g} 分。",
                        f"The rows' printed points sum to {float(scored.sum()):g} but the total row prints "
                        f"{table.printed_total:g}.", None, "核对得分合计。", "Check the sum of the points."))
    texts = dict(zip(base.indicators["id"], base.indicators["actual_text"], strict=True))
    return _finish(table.framework, [*base.findings, *extra], texts, base.completeness, base.config)


def _check_range(ind: Indicator, x: float, value: ParsedValue, bounds: tuple[float | None, float | None] | None,
                 cfg: QualityConfig, add: Any) -> None:
    unit = ind.target.unit or ind.unit or value.unit
    if bounds is not None:
        lo, hi = bounds
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            add(_f("out_of_range", Severity.ERROR,
                   f"指标「{ind.name}」的实际值 {value.text} 超出允许范围 [{lo if lo is not None else '−∞'}, "
                   f"{hi if hi is not None else '∞'}]。",
                   f"The actual {value.text} of '{ind.name}' is outside the allowed range [{lo}, {hi}].", ind.id,
                   "核实数据。", "Check the value."))
        return
    if x < 0 and _base(unit) in tuple(cfg.count_units.value):
        add(_f("out_of_range", Severity.ERROR, f"指标「{ind.name}」的实际值 {value.text} 为负数，计数不可能为负。",
               f"The actual {value.text} of '{ind.name}' is negative; a count cannot be.", ind.id,
               "核实数据。", "Check the value."))
        return
    name = ind.name.lower()
    if _base(unit) == "%" and any(w.lower() in name for w in cfg.bounded_rates.value):
        if x < 0:
            add(_f("out_of_range", Severity.ERROR, f"比率「{ind.name}」的实际值 {value.text} 为负数。",
                   f"The rate '{ind.name}' is negative ({value.text}).", ind.id, "核实数据。", "Check the value."))
        elif x > 100:
            add(_f("out_of_range", Severity.WARNING,
                   f"比率「{ind.name}」的实际值 {value.text} 超过 100%（如支出超预算），需核实。",
                   f"The rate '{ind.name}' exceeds 100 % ({value.text}), e.g. spending above budget; check it.",
                   ind.id, "核实分子分母的口径。", "Check the numerator and denominator."))

