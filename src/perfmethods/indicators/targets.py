"""Target-value setting (指标值设定): from history, from peers, from plan, under the 绩效改进 principle.

财预〔2020〕10号 names the bases of an indicator's value (评价标准): 计划标准 (the plan, budget or
norm), 行业标准 (published industry or peer values), 历史标准 (the indicator's own history) and other
recognised standards; for 历史标准 it adds "为体现绩效改进的原则，在可实现的条件下应当确定相对较高的评价标准"
(wording not checked against the document's text; the same four standards are verbatim in older local
rules, e.g. http://www.lygzb.net/html/text/lar/173029/17302961_4.html). 财预〔2021〕101号 附件1 lists the same
bases as 取值依据 (not checked against its text); 10号's 标杆管理法 takes "国内外同行业中较高的绩效水平" as
the benchmark (wording not checked against the document's text).

:func:`propose_target` turns one of these bases into a target and the sentence that states its basis:

* ``basis="history"``: ``method="recent"`` (the latest actual), ``"mean"`` (mean of the last ``window``
  actuals), ``"trend"`` (least-squares line through the history, one period ahead; the default with three or
  more actuals) or ``"percentile"`` (the ``q``-th percentile of the history);
* ``basis="peers"``: the ``q``-th percentile of peer values (default the 75th for ≥ indicators, the 25th for
  ≤ indicators: "a relatively high standard" on the better side of the peers) — package default, unverified;
* ``basis="plan"``: the planned value.

The 绩效改进 principle: whenever the history is known, a ≥ target is not set below the most recent actual
(nor a ≤ target above it) unless a written ``reason`` is given; the proposal says which happened.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from perfmethods.errors import InputError
from perfmethods.model.framework import Direction, EvaluationStandard, Indicator, IndicatorFramework
from perfmethods.model.values import ParsedValue, convert_unit, parse_value
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result
from perfmethods.validation import check_option

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PEER_PERCENTILE", "TargetProposal", "propose_target", "propose_targets"]

#: Default percentile of peers (行业标准 / 标杆): the 75th for ≥ indicators (25th for ≤).
PEER_PERCENTILE: Rule[float] = Rule(
    75.0, Provenance.UNVERIFIED,
    "package default; 财预〔2020〕10号 标杆管理法 (以国内外同行业中较高的绩效水平为标杆) and 历史标准 "
    "'相对较高的评价标准' give no number")

_STANDARD = {"history": EvaluationStandard.HISTORY, "peers": EvaluationStandard.INDUSTRY,
             "plan": EvaluationStandard.PLAN}
_METHOD_ZH = {"recent": "最近一期实际值", "mean": "近期实际值的平均数", "trend": "线性趋势外推值",
              "percentile": "历史值的第 {q:g} 百分位数", "peer_percentile": "同类单位的第 {q:g} 百分位数",
              "plan": "计划值"}
_METHOD_EN = {"recent": "the latest actual", "mean": "the mean of recent actuals",
              "trend": "the linear-trend projection", "percentile": "the {q:g}th percentile of the history",
              "peer_percentile": "the {q:g}th percentile of peers", "plan": "the planned value"}
_BASIS_ZH = {"history": "历史标准", "peers": "行业标准", "plan": "计划标准"}
_BASIS_EN = {"history": "historical standard", "peers": "industry (peer) standard", "plan": "plan standard"}


def _fmt(x: float) -> str:
    return f"{x:,.4f}".rstrip("0").rstrip(".") if math.isfinite(x) else "—"


@dataclass(frozen=True, repr=False)
class TargetProposal(Result):
    """A proposed target with its basis.

    Attributes
    ----------
    indicator_id, name : the indicator (``None`` / ``""`` when proposed without one).
    value : the proposed target value, in ``unit``.
    operator : ``"≥"``, ``"≤"`` or ``"="``.
    unit : the unit.
    basis : ``"history"``, ``"peers"`` or ``"plan"``; ``standard`` is the matching 评价标准.
    method : how the value was computed (recent / mean / trend / percentile / peer_percentile / plan).
    computed_value : the value the method gave, before rounding and the 绩效改进 floor.
    recent_actual : the latest actual when the history is known.
    floor_applied : the 绩效改进 principle raised (≥) or lowered (≤) the value to the recent actual.
    reason : the written reason for a target below the recent actual ("" when none).
    q : the percentile used (percentile methods), else ``None``.
    inputs : the numbers used (history or peers, in ``unit``).
    """

    _headline_fields = ("indicator_id", "value", "operator", "unit", "method", "basis")

    indicator_id: str | None
    name: str
    value: float
    operator: str
    unit: str
    basis: str
    method: str
    standard: EvaluationStandard
    computed_value: float
    recent_actual: float | None
    floor_applied: bool
    reason: str
    q: float | None
    inputs: tuple[float, ...]

    @property
    def text(self) -> str:
        """The target as a table writes it, e.g. ``"≥59场"``."""
        return f"{self.operator}{_fmt(self.value).replace(',', '')}{self.unit}"

    @property
    def below_recent(self) -> bool:
        """The target is below (≥) or above (≤) the recent actual, accepted with a reason."""
        if self.recent_actual is None:
            return False
        if self.operator == "≥":
            return self.value < self.recent_actual
        return self.operator == "≤" and self.value > self.recent_actual

    def basis_sentence(self, language: str = "zh") -> str:
        """The sentence that states the target's basis, for the report."""
        q = self.q if self.q is not None else 0.0
        u = self.unit
        if language == "en":
            parts = [f"Target {self.text} set on the {_BASIS_EN[self.basis]}: "
                     f"{_METHOD_EN[self.method].format(q=q)} is {_fmt(self.computed_value)}{u}"]
            if self.inputs and self.basis != "plan":
                label = "peer values" if self.basis == "peers" else "actuals"
                parts.append(f" ({len(self.inputs)} {label}: {', '.join(_fmt(x) for x in self.inputs)}{u})")
            if self.floor_applied:
                parts.append(f"; raised to the latest actual {_fmt(self.recent_actual or 0)}{u} under the "
                             "performance-improvement principle" if self.operator == "≥" else
                             f"; lowered to the latest actual {_fmt(self.recent_actual or 0)}{u} under the "
                             "performance-improvement principle")
            elif self.below_recent:
                parts.append(f"; it is looser than the latest actual {_fmt(self.recent_actual or 0)}{u} "
                             f"because: {self.reason}")
            elif self.recent_actual is not None:
                parts.append(f"; not looser than the latest actual {_fmt(self.recent_actual)}{u}")
            return "".join(parts) + "."
        parts = [f"指标值 {self.text} 按{_BASIS_ZH[self.basis]}设定：{_METHOD_ZH[self.method].format(q=q)}为 "
                 f"{_fmt(self.computed_value)}{u}"]
        if self.inputs and self.basis != "plan":
            label = "同类单位数值" if self.basis == "peers" else "实际值"
            parts.append(f"（{len(self.inputs)} 个{label}：{'、'.join(_fmt(x) for x in self.inputs)}{u}）")
        if self.floor_applied:
            word = "提高" if self.operator == "≥" else "降低"
            parts.append(f"；按绩效改进原则{word}到最近一期实际值 {_fmt(self.recent_actual or 0)}{u}")
        elif self.below_recent:
            word = "低于" if self.operator == "≥" else "高于"
            parts.append(f"；{word}最近一期实际值 {_fmt(self.recent_actual or 0)}{u}，理由：{self.reason}")
        elif self.recent_actual is not None:
            word = "不低于" if self.operator == "≥" else "不高于"
            parts.append(f"；{word}最近一期实际值 {_fmt(self.recent_actual)}{u}，符合绩效改进原则")
        return "".join(parts) + "。"

    def apply(self, framework: IndicatorFramework) -> IndicatorFramework:
        """A copy of ``framework`` whose indicator takes this target and its 评价标准."""
        if self.indicator_id is None or self.indicator_id not in framework:
            raise InputError(f"The proposal is for indicator {self.indicator_id!r}, which is not in the framework.")
        new = tuple(replace(i, target=parse_value(self.text), standard=self.standard)
                    if i.id == self.indicator_id else i for i in framework)
        return replace(framework, indicators=new)

    def to_dict(self) -> dict[str, Any]:
        return {"indicator_id": self.indicator_id, "name": self.name, "value": self.value, "text": self.text,
                "operator": self.operator, "unit": self.unit, "basis": self.basis, "method": self.method,
                "standard": self.standard.value, "computed_value": self.computed_value,
                "recent_actual": self.recent_actual, "floor_applied": self.floor_applied,
                "reason": self.reason, "q": self.q, "inputs": list(self.inputs),
                "basis_zh": self.basis_sentence("zh"), "basis_en": self.basis_sentence("en")}

    def summary(self) -> pd.DataFrame:
        """A one-row tidy table of the proposal."""
        import pandas as pd

        d = self.to_dict()
        d["inputs"] = ", ".join(_fmt(x) for x in self.inputs)
        return pd.DataFrame([d])


def _numbers(values: Any, unit: str, what: str, ind: str | None) -> list[float]:
    import pandas as pd

    items = list(values) if isinstance(values, (list, tuple, pd.Series, np.ndarray)) else [values]
    out = []
    for k, v in enumerate(items):
        p = v if isinstance(v, ParsedValue) else parse_value(v)
        if p.value is None:
            raise InputError(f"The '{what}' values must be numbers such as 52 or '52场'; item {k + 1} is "
                             f"{v!r}.", location={"indicator": ind})
        out.append(convert_unit(p.value, p.unit, unit, location={"indicator": ind}) if unit else p.value)
    if not out:
        raise InputError(f"The '{what}' parameter needs at least one value.", location={"indicator": ind})
    return out


def _decimals(values: Sequence[float], unit: str) -> int:
    """Decimals of the inputs as written (at most 2), and at least 1 for percentages."""
    def places(x: float) -> int:
        text = f"{x:.6f}".rstrip("0")
        return len(text.split(".")[1]) if "." in text else 0

    return min(2, max([places(x) for x in values] + [1 if unit in ("%", "％") else 0]))


def _round(x: float, decimals: int, op: str) -> float:
    f = 10.0 ** decimals
    y = x * f
    if abs(y - round(y)) < 1e-9:
        return round(y) / f
    return (math.ceil(y) if op == "≥" else math.floor(y) if op == "≤" else round(y)) / f


def propose_target(
    indicator: Indicator | None = None,
    *,
    basis: Literal["history", "peers", "plan"],
    history: Sequence[Any] | None = None,
    peers: Sequence[Any] | None = None,
    plan: Any = None,
    method: Literal["recent", "mean", "trend", "percentile"] | None = None,
    q: float | None = None,
    window: int = 3,
    direction: str | Direction | None = None,
    unit: str | None = None,
    decimals: int | None = None,
    reason: str = "",
) -> TargetProposal:
    """Propose a target value and state its basis.

    Parameters
    ----------
    indicator : the indicator (gives the direction, unit, id and name); optional when ``direction`` is given.
    basis : ``"history"`` (历史标准), ``"peers"`` (行业标准: a percentile of peer values) or ``"plan"`` (计划标准).
    history : the indicator's past actuals, oldest first (numbers or text such as ``"52场"``). Needed for
        ``basis="history"``; with any basis it sets the 绩效改进 floor (the latest actual).
    peers : peer values (同类单位、行业) for ``basis="peers"``.
    plan : the planned value for ``basis="plan"``.
    method : for history: ``"recent"``, ``"mean"``, ``"trend"`` or ``"percentile"``; default ``"trend"`` with
        three or more actuals, else ``"recent"``.
    q : percentile (0–100) for ``"percentile"`` and peers; default :data:`PEER_PERCENTILE` (75) for ≥ and
        100 − 75 for ≤.
    window : number of latest actuals averaged by ``"mean"`` (default 3).
    direction : ``≥`` / ``≤`` / ``=`` when no indicator is given (overrides the indicator's).
    unit : unit of the target (default the indicator's); inputs are converted to it (5万人次 → 50000 人次).
    decimals : decimals of the target; default the decimals of the inputs as written (at most 2; at least 1
        for ``%``). A ≥ target is rounded up, a ≤ target down, so rounding never loosens it.
    reason : a written reason that allows a target looser than the latest actual (绩效改进).

    Returns
    -------
    TargetProposal
        ``.text`` (``"≥59场"``) and ``.basis_sentence(language)`` for the report.

    Raises
    ------
    InputError
        An unknown basis or method, missing inputs for the basis, a qualitative or range indicator,
        unreadable values or incompatible units.

    Examples
    --------
    >>> p = propose_target(basis="history", history=["48场", "50场", "53场", "56场"], direction="≥", unit="场")
    >>> p.text
    '≥59场'
    """
    if indicator is not None and not isinstance(indicator, Indicator):
        raise InputError(f"The 'indicator' parameter of propose_target must be an Indicator or None; got "
                         f"{type(indicator).__name__} instead.")
    ind_id = indicator.id if indicator is not None else None
    d = Direction.parse(direction) if direction is not None else (indicator.direction if indicator else None)
    if d not in (Direction.POSITIVE, Direction.REVERSE, Direction.EQUAL):
        raise InputError("propose_target sets ≥, ≤ or = targets; give a quantitative indicator or direction "
                         f"('≥', '≤', '='); got {d!r} instead.", location={"indicator": ind_id})
    op = d.value
    u = unit if unit is not None else (indicator.target.unit or indicator.unit if indicator else "")
    check_option(basis, tuple(_STANDARD), name="basis", func="propose_target")
    hist = _numbers(history, u, "history", ind_id) if history is not None else []
    default_q = float(PEER_PERCENTILE.value) if op != "≤" else 100.0 - float(PEER_PERCENTILE.value)
    used_q: float | None = None
    if basis == "history":
        if not hist:
            raise InputError("basis='history' needs the 'history' values.", location={"indicator": ind_id})
        m = method or ("trend" if len(hist) >= 3 else "recent")
        if m == "recent":
            value = hist[-1]
        elif m == "mean":
            if window < 1:
                raise InputError(f"The 'window' parameter must be >= 1; got {window!r} instead.")
            value = float(np.mean(hist[-window:]))
        elif m == "trend":
            if len(hist) < 2:
                raise InputError("method='trend' needs at least two past actuals.", location={"indicator": ind_id})
            t = np.arange(len(hist), dtype=float)
            slope, intercept = np.polyfit(t, np.asarray(hist, dtype=float), 1)
            value = float(intercept + slope * len(hist))
        elif m == "percentile":
            used_q = default_q if q is None else float(q)
            value = float(np.percentile(hist, used_q))
        else:
            raise InputError(f"The 'method' parameter of propose_target must be 'recent', 'mean', 'trend' or "
                             f"'percentile'; got {method!r} instead.")
        inputs = tuple(hist)
    elif basis == "peers":
        if peers is None:
            raise InputError("basis='peers' needs the 'peers' values.", location={"indicator": ind_id})
        peer = _numbers(peers, u, "peers", ind_id)
        used_q = default_q if q is None else float(q)
        if not 0 <= used_q <= 100:
            raise InputError(f"The 'q' parameter must be a percentile in [0, 100]; got {q!r} instead.")
        value = float(np.percentile(peer, used_q))
        m, inputs = "peer_percentile", tuple(peer)
    else:
        if plan is None:
            raise InputError("basis='plan' needs the 'plan' value.", location={"indicator": ind_id})
        value = _numbers(plan, u, "plan", ind_id)[0]
        m, inputs = "plan", ()
    dec = decimals if decimals is not None else _decimals([*inputs, *hist, value if basis == "plan" else 0.0], u)
    proposed = _round(value, dec, op)
    recent = hist[-1] if hist else None
    floor = False
    if recent is not None and not reason.strip():
        if op == "≥" and proposed < recent:
            proposed, floor = recent, True
        elif op == "≤" and proposed > recent:
            proposed, floor = recent, True
    return TargetProposal(indicator_id=ind_id, name=indicator.name if indicator else "", value=float(proposed),
                          operator=op, unit=u, basis=basis, method=m, standard=_STANDARD[basis],
                          computed_value=float(value), recent_actual=recent, floor_applied=floor,
                          reason=reason.strip(), q=used_q, inputs=inputs)


def propose_targets(
    framework: IndicatorFramework,
    history: Mapping[str, Sequence[Any]] | pd.DataFrame,
    *,
    method: Literal["recent", "mean", "trend", "percentile"] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> list[TargetProposal]:
    """Propose history-based targets for every ≥ / ≤ / = indicator of ``framework`` that has a history.

    Parameters
    ----------
    framework : the indicator framework.
    history : ``{id: [oldest, …, latest]}`` or a table with ``indicator_id``, ``period`` and ``actual`` columns.
    method : the history method of :func:`propose_target` (default: ``"trend"`` with three or more actuals).
    reasons : indicator id → written reason for a target looser than the latest actual.

    Returns
    -------
    list of TargetProposal
        In framework order; indicators without a history, qualitative and range indicators are skipped.
    """
    from perfmethods.indicators.quality import history_by_indicator

    hist = history_by_indicator(history)
    unknown = sorted(set(hist) - set(framework.ids))
    if unknown:
        raise InputError(f"The history names indicators {unknown} that are not in the framework.")
    reasons = dict(reasons or {})
    out = []
    for ind in framework:
        if ind.id not in hist or ind.direction not in (Direction.POSITIVE, Direction.REVERSE, Direction.EQUAL):
            continue
        out.append(propose_target(ind, basis="history", history=hist[ind.id], method=method,
                                  reason=reasons.get(ind.id, "")))
    return out
