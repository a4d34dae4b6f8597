"""Deviation reasons and the adjustment log: lawful in-year changes of budgets and targets.

When monitoring finds a project off course for an objective reason, 财预〔2019〕136号 lets the unit cut the
budget by the procedure and adjust the targets with it (客观原因无法完成 → 按程序调减预算并同步调整目标; not yet
checked against the text of 136号); the seed's environmental project whose material prices rose is such a case.
This module keeps the record of those changes and makes the year-end evaluation score against the *adjusted*
targets while showing the original ones:

* :data:`DEVIATION_REASONS` — the five classes of deviation reasons of 136号 (经费保障、制度保障、人员保障、
  硬件条件保障、其他), with English labels;
* :class:`Adjustment` — one change: project, item (``"budget"`` or an indicator id), date, reason, approval,
  before and after values, status (approved / pending / rejected);
* :class:`AdjustmentLog` — the validated log, a round trip to and from a table (CSV / XLSX sheet);
  :meth:`AdjustmentLog.apply` gives the adjusted :class:`~perfmethods.model.framework.IndicatorFramework`
  and :class:`~perfmethods.model.inputs.Budget`, :meth:`AdjustmentLog.in_force` those in force on a date (what
  in-year monitoring grades against at the end of a month);
* :func:`evaluate_adjusted` — :func:`~perfmethods.evaluation.evaluate` against the adjusted targets and
  budget, beside the same evaluation against the original ones.

Only approved entries change anything; pending ones are adjustment *requests* for the monitoring report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from perfmethods.errors import InputError
from perfmethods.model.framework import IndicatorFramework
from perfmethods.model.inputs import Actuals, Budget, PanelScores, SurveyResponses
from perfmethods.model.values import parse_value
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result
from perfmethods.validation import check_language

__all__ = [
    "ADJUSTMENT_STATUSES",
    "Adjustment",
    "AdjustedEvaluation",
    "AdjustmentLog",
    "BUDGET_ITEM",
    "DEVIATION_REASONS",
    "evaluate_adjusted",
]

#: The deviation-reason classes of 财预〔2019〕136号 (unverified against the text), zh → en.
DEVIATION_REASONS: Rule[dict[str, str]] = Rule(
    {"经费保障": "funding", "制度保障": "rules and procedures", "人员保障": "staffing",
     "硬件条件保障": "facilities and equipment", "其他": "other"},
    Provenance.UNVERIFIED,
    "《中央部门预算绩效运行监控管理暂行办法》（财预〔2019〕136号）",
    note="recalled; the 黄石 template uses 规划和目标设计、投入保障、制度保障、项目管理 instead",
)
#: Status of an entry: only approved entries change the budget or targets.
ADJUSTMENT_STATUSES: dict[str, str] = {"approved": "approved", "已批准": "approved", "批准": "approved",
                                       "pending": "pending", "待批": "pending", "待审批": "pending",
                                       "rejected": "rejected", "未批准": "rejected", "不予批准": "rejected"}
#: The item name of a budget change.
BUDGET_ITEM = "budget"

_COLUMNS = ["project", "item", "date", "reason", "approval", "before", "after", "status", "note"]
_TOL = 1e-9


def _reason(value: object, where: dict[str, Any]) -> str:
    text = str(value).strip()
    reasons = DEVIATION_REASONS.value
    if text in reasons:
        return text
    by_en = {v: k for k, v in reasons.items()}
    if text.lower() in by_en:
        return by_en[text.lower()]
    raise InputError(f"unknown deviation reason {text!r}; expected one of {list(reasons)} "
                     f"(or {list(reasons.values())})", location=where)


@dataclass(frozen=True)
class Adjustment:
    """One approved (or requested) change of a budget or a target.

    Attributes
    ----------
    project : the project's id.
    item : ``"budget"`` (全年预算数) or the id of the indicator whose target changes.
    date : the date of the change (ISO, e.g. ``"2024-07-15"``).
    reason : one of :data:`DEVIATION_REASONS` (经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他).
    approval : the approval (批复文号 or approver); required.
    before, after : the value before and after, as written (a number for the budget; a target text such as
        ``"≥48场"`` for an indicator).
    status : ``"approved"`` (default), ``"pending"`` or ``"rejected"`` (Chinese spellings accepted).
    note : explanation (情况说明).
    """

    project: str
    item: str
    date: str
    reason: str
    approval: str
    before: str
    after: str
    status: str = "approved"
    note: str = ""

    def __post_init__(self) -> None:
        where = {"project": str(self.project), "item": str(self.item)}
        for name in ("project", "item", "before", "after"):
            value = getattr(self, name)
            text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()
            if not text:
                raise InputError(f"the adjustment's '{name}' is empty", location=where)
            object.__setattr__(self, name, text)
        try:
            date = pd.Timestamp(str(self.date).strip())
        except (ValueError, TypeError):
            raise InputError(f"the adjustment date {self.date!r} is not a date (write 2024-07-15)",
                             location=where) from None
        if pd.isna(date):
            raise InputError("the adjustment has no date", location=where)
        object.__setattr__(self, "date", date.date().isoformat())
        object.__setattr__(self, "reason", _reason(self.reason, where))
        status = ADJUSTMENT_STATUSES.get(str(self.status).strip().lower()) or ADJUSTMENT_STATUSES.get(
            str(self.status).strip())
        if status is None:
            raise InputError(f"unknown adjustment status {self.status!r}; expected approved / pending / rejected",
                             location=where)
        object.__setattr__(self, "status", status)
        approval = "" if self.approval is None or (isinstance(self.approval, float) and math.isnan(self.approval)) \
            else str(self.approval).strip()
        if status == "approved" and not approval:
            raise InputError("an approved adjustment needs its approval (批复文号 or approver)", location=where)
        object.__setattr__(self, "approval", approval)
        object.__setattr__(self, "note", "" if self.note is None or (isinstance(self.note, float)
                                                                       and math.isnan(self.note)) else str(self.note))
        if self.item == BUDGET_ITEM:
            for name in ("before", "after"):
                try:
                    value = float(getattr(self, name))
                except ValueError:
                    raise InputError(f"a budget adjustment's '{name}' must be a number; got "
                                     f"{getattr(self, name)!r}", location=where) from None
                if not math.isfinite(value) or value < 0:
                    raise InputError(f"a budget adjustment's '{name}' must be >= 0; got {value!r}", location=where)

    def to_dict(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in _COLUMNS}


@dataclass(frozen=True)
class AdjustmentLog:
    """The adjustment log (调整记录) of one or more projects, validated.

    Entries of the same project and item must be in date order, and each entry's ``before`` must be the
    previous approved entry's ``after`` (checked when applied to the budget or framework).
    """

    entries: tuple[Adjustment, ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        entries = tuple(self.entries)
        object.__setattr__(self, "entries", entries)
        last: dict[tuple[str, str], str] = {}
        for i, e in enumerate(entries):
            if not isinstance(e, Adjustment):
                raise InputError(f"the adjustment log holds a {type(e).__name__}, not an Adjustment")
            key = (e.project, e.item)
            if key in last and e.date < last[key]:
                raise InputError(f"the adjustment of {e.date} comes after one of {last[key]}; list the changes of an "
                                 "item in date order", location={"file": self.source or None, "row": i + 2,
                                                                 "project": e.project, "item": e.item})
            last[key] = e.date

    def __len__(self) -> int:
        return len(self.entries)

    def for_project(self, project: str) -> AdjustmentLog:
        return AdjustmentLog(tuple(e for e in self.entries if e.project == str(project)), source=self.source)

    def pending(self) -> AdjustmentLog:
        """The adjustment requests not yet approved."""
        return AdjustmentLog(tuple(e for e in self.entries if e.status == "pending"), source=self.source)

    def to_frame(self) -> pd.DataFrame:
        """One row per entry (columns project, item, date, reason, approval, before, after, status, note)."""
        return pd.DataFrame([e.to_dict() for e in self.entries], columns=_COLUMNS)

    def summary(self, language: str = "zh") -> pd.DataFrame:
        """The log with the reason in the chosen language."""
        frame = self.to_frame()
        if check_language(language, func="AdjustmentLog.summary") == "en":
            frame["reason"] = frame["reason"].map(DEVIATION_REASONS.value)
        return frame

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [e.to_dict() for e in self.entries], "source": self.source}

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, source: str = "") -> AdjustmentLog:
        """Read a log from a table with the columns of :meth:`to_frame` (``status`` and ``note`` optional)."""
        data = pd.DataFrame(frame).copy()
        missing = set(_COLUMNS[:7]) - set(data.columns)
        if missing:
            raise InputError(f"the adjustment log lacks columns {sorted(missing)}", location={"file": source or None})
        if "status" not in data.columns:
            data["status"] = "approved"
        if "note" not in data.columns:
            data["note"] = ""
        entries = []
        for i, row in enumerate(data[_COLUMNS].astype(object).to_dict(orient="records")):
            try:
                entries.append(Adjustment(**{k: ("" if row[k] is None else row[k]) if k in ("note", "approval")
                                             else row[k] for k in _COLUMNS}))
            except InputError as err:
                raise InputError(str(err).split(": ", 1)[-1] if err.location else str(err),
                                 location={"file": source or None, "row": i + 2, **err.location}) from None
        return cls(tuple(entries), source=source)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], *, source: str = "") -> AdjustmentLog:
        return cls.from_frame(pd.DataFrame(list(records)), source=source)

    def approved_by(self, on: str) -> AdjustmentLog:
        """The approved entries dated on or before ``on`` (an ISO date): the changes in force on that day.
        Pending and rejected entries never are."""
        day = pd.Timestamp(on).date().isoformat()
        return AdjustmentLog(tuple(e for e in self.entries if e.status == "approved" and e.date <= day),
                             source=self.source)

    def in_force(
        self,
        framework: IndicatorFramework | None,
        budget: Budget | None,
        *,
        project: str,
        on: str,
    ) -> tuple[IndicatorFramework | None, Budget | None]:
        """The framework and budget of ``project`` in force on ``on`` (an ISO date).

        The whole chain of the project's approved entries is first checked against the framework and budget
        (:meth:`apply`). Targets are then the original ones changed by the approved entries dated on or before
        ``on``. When the log records changes of the project's budget, the budget in force is its ``original``
        amount changed by those entries (so a cut approved in July does not apply to June); otherwise it is
        the budget's full-year amount as given.

        Raises
        ------
        InputError : as :meth:`apply`.
        """
        own = self.for_project(project)
        own.apply(framework, budget)
        start = budget
        if budget is not None and any(e.item == BUDGET_ITEM and e.status == "approved" for e in own.entries):
            start = replace(budget, adjusted=budget.original)
        return own.approved_by(on).apply(framework, start)

    def apply(
        self,
        framework: IndicatorFramework | None = None,
        budget: Budget | None = None,
        *,
        project: str | None = None,
    ) -> tuple[IndicatorFramework | None, Budget | None]:
        """The framework and budget after the approved changes of ``project`` (all entries when ``None``).

        Parameters
        ----------
        framework : the original framework (targets as first set); ``None`` to apply budget changes only.
        budget : the budget; its ``original`` is the start of the budget chain and the result's ``adjusted``
            is the last approved ``after``.
        project : apply only this project's entries.

        Raises
        ------
        InputError : a target change for an indicator not in the framework, a ``before`` that is not the
            current value, or a budget whose ``adjusted`` amount contradicts the log.
        """
        log = self if project is None else self.for_project(project)
        approved = [e for e in log.entries if e.status == "approved"]
        fw = framework
        targets: dict[str, Any] = {}
        if fw is not None:
            targets = {ind.id: ind.target for ind in fw}
        new_budget = budget
        current_budget = None if budget is None else budget.original
        for e in approved:  # chains are short and ordered
            where = {"file": self.source or None, "project": e.project, "item": e.item, "date": e.date}
            if e.item == BUDGET_ITEM:
                if budget is None:
                    continue
                before, after = float(e.before), float(e.after)
                if abs(before - current_budget) > _TOL * max(1.0, abs(current_budget)):
                    raise InputError(f"the budget before this adjustment is {current_budget:g}, not {before:g}",
                                     location=where)
                current_budget = after
            else:
                if fw is None:
                    continue
                if e.item not in targets:
                    raise InputError(f"the adjustment names indicator {e.item!r}, which is not in the framework "
                                     f"{list(targets)}", location=where)
                cur = targets[e.item]
                before = parse_value(e.before)
                same = (before.value is not None and cur.value is not None
                        and abs(before.value - cur.value) <= _TOL * max(1.0, abs(cur.value))
                        and (before.upper or 0) == (cur.upper or 0)) or before.text.strip() == cur.text.strip()
                if not same:
                    raise InputError(f"the target before this adjustment is {cur.text!r}, not {e.before!r}",
                                     location=where)
                targets[e.item] = parse_value(e.after)
        if fw is not None:
            fw = replace(fw, indicators=tuple(
                replace(ind, target=targets[ind.id], unit=ind.unit or targets[ind.id].unit) for ind in fw))
        if budget is not None and current_budget is not None and any(e.item == BUDGET_ITEM for e in approved):
            if abs(budget.adjusted - budget.original) > _TOL and abs(budget.adjusted - current_budget) > _TOL * max(
                    1.0, current_budget):
                raise InputError(f"the budget's full-year amount {budget.adjusted:g} contradicts the adjustment log, "
                                 f"which ends at {current_budget:g}", location={"file": budget.source or None})
            new_budget = replace(budget, adjusted=float(current_budget))
        return fw, new_budget


@dataclass(frozen=True, repr=False)
class AdjustedEvaluation(Result):
    """An evaluation against the adjusted targets, beside the one against the original targets.

    Attributes
    ----------
    evaluation : :func:`~perfmethods.evaluation.evaluate` against the adjusted framework and budget (the
        evaluation of record).
    original : the same evaluation against the original targets and budget.
    targets : one row per indicator: ``indicator_id``, ``name``, ``original_target``, ``adjusted_target``,
        ``adjusted`` (bool), ``points_original``, ``points`` (against the adjusted target), ``date``,
        ``reason``, ``approval`` (of the last approved change).
    log : the entries applied.
    """

    evaluation: Any
    original: Any
    targets: pd.DataFrame
    log: AdjustmentLog

    def summary(self) -> pd.DataFrame:
        return self.targets.copy()

    def to_dict(self) -> dict[str, Any]:
        rows = self.targets.astype(object).where(self.targets.notna(), None).to_dict(orient="records")
        return {"total": self.evaluation.total, "grade": self.evaluation.grade,
                "total_original": self.original.total, "grade_original": self.original.grade,
                "targets": [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in rows],
                "log": self.log.to_dict(), "evaluation": self.evaluation.to_dict()}


def evaluate_adjusted(
    framework: IndicatorFramework,
    actuals: Actuals | Mapping[str, object] | None,
    log: AdjustmentLog,
    *,
    budget: Budget | None = None,
    project: str | None = None,
    panel: PanelScores | None = None,
    survey: SurveyResponses | None = None,
    profile: str = "central",
    mode: str = "finance",
) -> AdjustedEvaluation:
    """Score the project against its adjusted targets and budget, and show the original ones beside.

    Parameters
    ----------
    framework : the original framework (targets as first set).
    actuals : the actual values (as for :func:`~perfmethods.evaluation.evaluate`).
    log : the adjustment log; only approved entries of ``project`` are applied.
    budget : the budget (``original`` = 年初预算数); its full-year amount becomes the log's last approved value.
    project : the project's id in the log (``None``: every entry of the log).
    panel, survey, profile, mode : passed to :func:`~perfmethods.evaluation.evaluate`.

    Returns
    -------
    AdjustedEvaluation
    """
    from perfmethods.evaluation.pipeline import evaluate

    if not isinstance(log, AdjustmentLog):
        raise InputError(f"The 'log' parameter of evaluate_adjusted must be an AdjustmentLog; got "
                         f"{type(log).__name__} instead.")
    used = log if project is None else log.for_project(project)
    fw_adj, bud_adj = used.apply(framework, budget)
    kwargs = dict(panel=panel, survey=survey, profile=profile, mode=mode)
    result = evaluate(fw_adj, actuals, budget=bud_adj, **kwargs)
    bud_orig = None if budget is None else replace(budget, adjusted=budget.original)
    original = evaluate(framework, actuals, budget=bud_orig, **kwargs)
    last = {e.item: e for e in used.entries if e.status == "approved"}
    pts_adj = result.indicators.set_index("id")["points"]
    pts_orig = original.indicators.set_index("id")["points"]
    rows = []
    for ind, new in zip(framework, fw_adj, strict=True):  # one row per indicator
        e = last.get(ind.id)
        rows.append({"indicator_id": ind.id, "name": ind.name, "original_target": ind.target.text,
                     "adjusted_target": new.target.text, "adjusted": e is not None,
                     "points_original": float(pts_orig.get(ind.id, math.nan)),
                     "points": float(pts_adj.get(ind.id, math.nan)),
                     "date": None if e is None else e.date, "reason": None if e is None else e.reason,
                     "approval": None if e is None else e.approval})
    if budget is not None and BUDGET_ITEM in last:
        e = last[BUDGET_ITEM]
        rows.insert(0, {"indicator_id": BUDGET_ITEM, "name": "全年预算数", "original_target": f"{budget.original:g}",
                        "adjusted_target": f"{bud_adj.adjusted:g}", "adjusted": True,
                        "points_original": float(pts_orig.get(BUDGET_ITEM, math.nan)),
                        "points": float(pts_adj.get(BUDGET_ITEM, math.nan)), "date": e.date, "reason": e.reason,
                        "approval": e.approval})
    return AdjustedEvaluation(evaluation=result, original=original, targets=pd.DataFrame(rows), log=used)
