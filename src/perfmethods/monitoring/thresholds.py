"""Warning-light thresholds of in-year performance monitoring (绩效运行监控 预警规则), and the lights they give.

No central rule fixes traffic-light thresholds: 财预〔2019〕136号 names the two things to monitor
(绩效目标实现程度和预算执行进度, the 双监控 of 中发〔2018〕34号) and the three tiers of 完成目标可能性, but no
numbers. What practice uses is encoded here as named, configurable rule sets; every constant is a
:class:`~perfmethods.provenance.Rule` with its source, and :meth:`LightThresholds.describe` prints them for a
reader (labels, values and sources in Chinese or English, no codes).

``budget_system`` (the warning rules configured in the 预算绩效管理系统 (pmkpi), table ``perf_t_warnset``)
    time progress τ_m = m / 12;
    budget light (bgttracewarn): r = execution / τ_m → r < 0.6 red, 0.6 ≤ r < 0.8 yellow, r ≥ 0.8 green;
    positive indicators (positiveindex): r = cumulative value / (annual target × m / 12) → r < 0.6 red,
    0.6 ≤ r < 0.8 yellow, 0.8 ≤ r < 1.2 green, r ≥ 1.2 blue (ahead of plan, 超进度);
    reverse indicators (reverseindex): value ≤ target → green, else red;
    qualitative indicators: 达成 green, 部分达成 yellow, 未达成 red;
    project target light (goalwarn): the worst light among its indicators.
``sichuan`` (川财绩〔2025〕10号 as summarised)
    cumulative execution floors 25 % / 40 % / 60 % / 80 % at the end of months 4 / 6 / 8 / 10: execution
    below the floor of the latest checkpoint reached → red (no floor before month 4);
    a gap of more than 10 percentage points between target progress and execution progress → yellow;
    indicator lights as ``budget_system`` (the Sichuan summary gives none).

Both sets add the projected-overspend flag on the year-end projection (全年预计执行数):
    projected spending / full-year budget > ``overspend_warn`` (1.00) → yellow, > ``overspend_red`` (1.10) → red.
    Spending beyond the approved budget is unlawful without an adjustment (《中华人民共和国预算法》第十三条:
    各部门、各单位的支出必须以经批准的预算为依据), hence the warning above 100 %; the 110 % red line is a local
    choice of this package (no published threshold), to be replaced by a locality's own.

The projected year-end execution (under-spending) light applies the same budget rule at the year end
(τ_12 = 1, and the floor of the last checkpoint): :meth:`LightThresholds.year_end_light`. Under-spending and
overspending are separate flags; a projection cannot raise both.

Thresholds are inclusive at their lower bound: a ratio exactly at 0.8 is green, exactly at 0.6 yellow;
execution exactly at a floor passes; a gap of exactly 10 points does not warn; a projection of exactly
100 % or 110 % of the budget does not raise the next overspend light. Comparisons allow a relative
tolerance of 1e-9 so that 0.2 / 0.25 counts as 0.8.

Override any constant with :meth:`LightThresholds.replace` (a plain value is recorded as *unverified*, "set
by the caller"), or build a rule set from scratch and :func:`register_thresholds` it under a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from dataclasses import replace as _dc_replace
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.i18n import t
from perfmethods.provenance import Provenance, Rule
from perfmethods.validation import check_language

__all__ = [
    "LIGHTS",
    "LIGHT_SEVERITY",
    "LightThresholds",
    "band_light",
    "get_thresholds",
    "list_thresholds",
    "register_thresholds",
    "worst_light",
]

S, U = Provenance.SECONDARY, Provenance.UNVERIFIED

#: Light colours, from best to worst. ``none`` means "no rule applies at this period" (e.g. no floor).
LIGHTS: tuple[str, ...] = ("green", "blue", "yellow", "red")
#: Severity used to take the worst light (none < green < blue < yellow < red).
LIGHT_SEVERITY: dict[str, int] = {"none": -1, "green": 0, "blue": 1, "yellow": 2, "red": 3}
_SEVERITY_LIGHT = {v: k for k, v in LIGHT_SEVERITY.items()}
_TOL = 1e-9

_SYSTEM = ("预算绩效管理系统 (pmkpi) warning rules, table perf_t_warnset: bgttracewarn / positiveindex / "
           "reverseindex / qualitativeindex / goalwarn")
_SICHUAN = "四川《部门预算绩效运行监控管理办法》（川财绩〔2025〕10号）as summarised"
_CY136 = "财预〔2019〕136号 names the tiers (确定能 / 有可能 / 完全不可能) but gives no thresholds"
_BUDGET_LAW = "《中华人民共和国预算法》第十三条（支出必须以经批准的预算为依据）"
_LOCAL = "perfmethods local choice: no published threshold"
_CALLER = "set by the caller"
#: The catalogue key (``mon.cite.*``) of each recorded source, for :meth:`LightThresholds.describe`.
_CITATIONS = {_SYSTEM: "system", _SICHUAN: "sichuan", _CY136: "cy136", _BUDGET_LAW: "budget_law",
              _LOCAL: "local", _CALLER: "caller"}
#: The rules in the order a reader meets them; the reverse-indicator rule is fixed (no constant).
_ORDER = ("budget_bands", "execution_floors", "floor_light", "gap_points", "gap_light", "indicator_bands",
          "reverse", "qualitative_lights", "certain_ratio", "impossible_ratio", "overspend_warn", "overspend_red")


def _bands(value: Any, name: str) -> tuple[tuple[float, str], ...]:
    try:
        out = tuple(sorted(((float(b), str(c)) for b, c in value), key=lambda x: -x[0]))
    except (TypeError, ValueError):
        raise InputError(f"The '{name}' rule must be pairs (lower bound, light); got {value!r} instead.") from None
    if not out or out[-1][0] > 0 or any(c not in LIGHT_SEVERITY for _, c in out):
        raise InputError(f"The '{name}' rule must cover 0 and use lights {list(LIGHT_SEVERITY)}; got {value!r} "
                         "instead.")
    return out


def band_light(ratio: Any, bands: tuple[tuple[float, str], ...]) -> np.ndarray:
    """Light of each ratio: the first band (best first) whose lower bound the ratio reaches; NaN → ``none``.

    Parameters
    ----------
    ratio : ratios (array-like; ``inf`` reaches every band).
    bands : (lower bound, light) pairs, best first, the last bound ≤ 0.
    """
    r = np.asarray(ratio, dtype=float)
    out = np.full(r.shape, bands[-1][1], dtype=object)
    done = np.zeros(r.shape, dtype=bool)
    for bound, colour in bands:
        hit = ~done & (r >= bound - _TOL * max(1.0, abs(bound)))
        out[hit] = colour
        done |= hit
    out[np.isnan(r)] = "none"
    return out


def worst_light(*lights: Any) -> np.ndarray:
    """The worst light, element by element (none < green < blue < yellow < red)."""
    sev = np.max(np.vstack([np.vectorize(LIGHT_SEVERITY.__getitem__, otypes=[int])(np.asarray(x, dtype=object))
                            for x in lights]), axis=0)
    return np.array([_SEVERITY_LIGHT[int(s)] for s in sev], dtype=object)


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%" if abs(x * 100 - round(x * 100)) < 1e-6 else f"{x * 100:g}%"


@dataclass(frozen=True)
class LightThresholds:
    """A named set of warning-light rules; every constant a :class:`Rule` (value, provenance, source).

    Attributes
    ----------
    name : the rule set's name.
    budget_bands : bands on r = execution progress / time progress, as (lower bound, light) pairs, best
        first; ``Rule(None, ...)`` switches the budget-ratio light off.
    execution_floors : {month: minimum cumulative execution}; execution below the floor of the latest
        checkpoint reached is ``floor_light``; ``Rule(None, ...)`` switches the floors off.
    floor_light : the light of a missed floor ("red").
    indicator_bands : bands on r = cumulative value / pro-rata plan for positive (≥) and equal (=) indicators.
    qualitative_lights : tier → light for qualitative indicators.
    gap_points : warn when |target progress − execution progress| exceeds this (a fraction: 0.10 = 10
        points); ``Rule(None, ...)`` switches the gap rule off.
    gap_light : the light of the gap rule ("yellow").
    certain_ratio, impossible_ratio : the 完成目标可能性 tiers from the projected year-end completion c
        (cumulative + best pace so far × remaining months, over the annual target): c ≥ certain_ratio →
        确定能; c < impossible_ratio → 完全不可能; else 有可能.
    overspend_warn, overspend_red : projected year-end spending / full-year budget above ``overspend_warn``
        → yellow, above ``overspend_red`` → red (strictly above); ``Rule(None, ...)`` switches a line off.
    """

    name: str
    budget_bands: Rule[tuple[tuple[float, str], ...] | None]
    execution_floors: Rule[Mapping[int, float] | None]
    floor_light: Rule[str]
    indicator_bands: Rule[tuple[tuple[float, str], ...]]
    qualitative_lights: Rule[Mapping[str, str]]
    gap_points: Rule[float | None]
    gap_light: Rule[str]
    certain_ratio: Rule[float]
    impossible_ratio: Rule[float]
    overspend_warn: Rule[float | None]
    overspend_red: Rule[float | None]

    def __post_init__(self) -> None:
        if self.budget_bands.value is not None:
            object.__setattr__(self, "budget_bands", _dc_replace(
                self.budget_bands, value=_bands(self.budget_bands.value, "budget_bands")))
        object.__setattr__(self, "indicator_bands", _dc_replace(
            self.indicator_bands, value=_bands(self.indicator_bands.value, "indicator_bands")))
        floors = self.execution_floors.value
        if floors is not None:
            try:
                clean = {int(m): float(v) for m, v in dict(floors).items()}
            except (TypeError, ValueError):
                raise InputError(f"The 'execution_floors' rule must map months to shares; got {floors!r}.") from None
            if any(not 1 <= m <= 12 for m in clean) or any(not 0 <= v <= 1 for v in clean.values()):
                raise InputError(f"The 'execution_floors' rule needs months 1–12 and shares in [0, 1]; got "
                                 f"{floors!r} instead.")
            object.__setattr__(self, "execution_floors", _dc_replace(
                self.execution_floors, value=dict(sorted(clean.items()))))
        for name in ("floor_light", "gap_light"):
            if getattr(self, name).value not in LIGHT_SEVERITY:
                raise InputError(f"The '{name}' rule must be one of {list(LIGHT_SEVERITY)}; got "
                                 f"{getattr(self, name).value!r} instead.")
        gap = self.gap_points.value
        if gap is not None and not (0 <= float(gap) <= 1):
            raise InputError(f"The 'gap_points' rule must be a fraction in [0, 1] (0.10 = 10 points); got {gap!r}.")
        if not 0 <= self.impossible_ratio.value <= self.certain_ratio.value:
            raise InputError("The 'impossible_ratio' rule must be >= 0 and <= 'certain_ratio'; got "
                             f"{self.impossible_ratio.value!r} and {self.certain_ratio.value!r}.")
        for name in ("overspend_warn", "overspend_red"):
            value = getattr(self, name).value
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or not 0 < float(value) < 100):
                raise InputError(f"The '{name}' rule must be a share of the budget above 0 (1.10 = 110 %) or None; "
                                 f"got {value!r} instead.")
        warn, red = self.overspend_warn.value, self.overspend_red.value
        if warn is not None and red is not None and red < warn:
            raise InputError(f"The 'overspend_red' rule must be >= 'overspend_warn'; got {red!r} and {warn!r}.")

    def replace(self, **changes: Any) -> LightThresholds:
        """A copy with some rules changed; a plain value is stored as an *unverified* rule set by the caller."""
        names = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise InputError(f"unknown light rules {unknown}; the rules are {sorted(names - {'name'})}")
        out: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "name" or isinstance(value, Rule):
                out[key] = value
            else:
                out[key] = Rule(value, U, _CALLER)
        return _dc_replace(self, **out)

    # -- the lights ---------------------------------------------------------------------------------------
    def budget_light(self, execution: Any, time_progress: Any) -> np.ndarray:
        """The budget light of execution progress against time progress (``none`` when the bands are off).

        r = execution / τ (NaN when τ = 0) graded by ``budget_bands``.
        """
        e = np.asarray(execution, dtype=float)
        tau = np.broadcast_to(np.asarray(time_progress, dtype=float), e.shape)
        if self.budget_bands.value is None:
            return np.full(e.shape, "none", dtype=object)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(tau > 0, e / np.where(tau > 0, tau, 1.0), np.nan)
        return band_light(r, self.budget_bands.value)

    def floor_at(self, month: Any) -> np.ndarray:
        """The execution floor of the latest checkpoint at or before ``month`` (NaN: none yet, or floors off)."""
        m = np.asarray(month, dtype=int)
        floors = self.execution_floors.value
        if not floors:
            return np.full(m.shape, np.nan)
        cm = np.array(list(floors), dtype=int)
        cv = np.array(list(floors.values()), dtype=float)
        k = np.searchsorted(cm, m, side="right") - 1
        return np.where(k >= 0, cv[np.clip(k, 0, None)], np.nan)

    def floor_light_of(self, execution: Any, month: Any) -> np.ndarray:
        """``floor_light`` where cumulative execution is below the month's floor, green above, ``none`` without."""
        e = np.asarray(execution, dtype=float)
        floor = np.broadcast_to(self.floor_at(month), e.shape)
        below = np.isfinite(floor) & (e < floor - _TOL)
        return np.where(np.isfinite(floor), np.where(below, self.floor_light.value, "green"), "none").astype(object)

    def year_end_light(self, completion: Any) -> np.ndarray:
        """The budget rule applied to projected year-end execution (τ = 1, the floor of month 12): the worst of the
        budget-band light and the floor light. Under-spending only: a projection above 100 % is green here and
        flagged by :meth:`overspend_light`."""
        c = np.asarray(completion, dtype=float)
        return worst_light(self.budget_light(c, 1.0), self.floor_light_of(c, np.full(c.shape, 12)))

    def year_end_bound(self) -> float | None:
        """The lowest projected year-end execution share that :meth:`year_end_light` shows green (``None``: no
        rule), i.e. a projection is flagged as under-spending exactly when it is below this share."""
        bounds = []
        if self.budget_bands.value is not None:
            green = [b for b, c in self.budget_bands.value if LIGHT_SEVERITY[c] <= LIGHT_SEVERITY["blue"]]
            if green:
                bounds.append(min(green))
        floor = self.floor_at(12)
        if np.isfinite(floor):
            bounds.append(float(floor))
        return max(bounds) if bounds else None

    def overspend_light(self, share: Any) -> np.ndarray:
        """Projected overspend: ``share`` = projected spending / budget; red above ``overspend_red``, yellow above
        ``overspend_warn``, green otherwise, ``none`` for a missing share or when both lines are off."""
        s = np.asarray(share, dtype=float)
        warn, red = self.overspend_warn.value, self.overspend_red.value
        out = np.full(s.shape, "none" if warn is None and red is None else "green", dtype=object)
        if warn is not None:
            out[s > warn * (1 + _TOL)] = "yellow"
        if red is not None:
            out[s > red * (1 + _TOL)] = "red"
        out[np.isnan(s)] = "none"
        return out

    @staticmethod
    def band_edge(bands: tuple[tuple[float, str], ...], light: str) -> float | None:
        """The lower bound of the band just better than ``light``: the line a ratio of that light fell below."""
        bounds = [b for b, c in bands]
        colours = [c for _, c in bands]
        if light not in colours:
            return None
        i = colours.index(light)
        return bounds[i - 1] if i > 0 else None

    # -- tables -------------------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per rule: ``rule``, ``value``, ``provenance``, ``source``, ``note`` (machine view; for a
        reader use :meth:`describe`)."""
        rows = []
        for f in fields(self):
            if f.name == "name":
                continue
            rule: Rule = getattr(self, f.name)
            rows.append({"rule": f.name, **rule.to_dict()})
        frame = pd.DataFrame(rows)
        frame["value"] = frame["value"].map(repr)
        return frame

    def describe(self, language: str = "zh") -> pd.DataFrame:
        """The rules as a reader reads them: one row per rule with ``rule`` (label), ``value`` (in words: bands
        as ranges of percentages, lights by colour, ``不使用`` for a rule switched off; the colour of a rule that
        is off is left out), ``provenance`` and ``source`` (the document behind the value), all in ``language``.

        Parameters
        ----------
        language : ``zh`` or ``en``.
        """
        language = check_language(language, func="describe")
        rows = []
        idle = {"floor_light": self.execution_floors.value is None, "gap_light": self.gap_points.value is None}
        for name in _ORDER:
            if idle.get(name):  # the colour of a rule that is switched off
                continue
            if name == "reverse":  # fixed by the budget systems: no constant to change
                rows.append({"rule": t("mon.rule.reverse", language), "value": t("mon.rule.reverse_value", language),
                             "provenance": t("mon.provenance.secondary", language),
                             "source": t("mon.cite.system", language)})
                continue
            rule: Rule = getattr(self, name)
            key = _CITATIONS.get(rule.source)
            rows.append({"rule": t(f"mon.rule.{name}", language), "value": self._value_text(name, rule.value, language),
                         "provenance": t(f"mon.provenance.{rule.provenance.value}", language),
                         "source": t(f"mon.cite.{key}", language) if key else rule.source})
        return pd.DataFrame(rows, columns=["rule", "value", "provenance", "source"])

    def rule_set_label(self, language: str = "zh") -> str:
        """The rule set's name in the reader's words (a registered set of the package) or its own name."""
        language = check_language(language, func="rule_set_label")
        key = f"mon.rules.name.{self.name}"
        return t(key, language) if self.name in ("budget_system", "sichuan") else self.name

    @staticmethod
    def _value_text(name: str, value: Any, language: str) -> str:
        sep = "；" if language == "zh" else "; "

        def light(c: str) -> str:
            return t(f"mon.light.{c}", language)

        if value is None:
            return t("mon.rule.off", language)
        if name in ("budget_bands", "indicator_bands"):
            parts = []
            for i, (lo, c) in enumerate(value):
                if i == 0:
                    span = f"≥ {_pct(lo)}"
                elif lo <= 0:
                    span = f"< {_pct(value[i - 1][0])}"
                else:
                    span = f"{_pct(lo)}–{_pct(value[i - 1][0])}"
                parts.append(f"{span} {light(c)}")
            return sep.join(parts)
        if name == "execution_floors":
            return sep.join(t("mon.rule.floor_item", language, month=m, share=_pct(v)) for m, v in value.items())
        if name in ("floor_light", "gap_light"):
            return light(str(value))
        if name == "qualitative_lights":
            return sep.join(f"{t(f'mon.tier.{k}', language)} {light(c)}" for k, c in value.items())
        if name == "gap_points":
            return t("mon.rule.gap_value", language, points=f"{float(value) * 100:g}")
        if name == "certain_ratio":
            return t("mon.rule.certain_value", language, share=_pct(float(value)))
        if name == "impossible_ratio":
            return t("mon.rule.impossible_value", language, share=_pct(float(value)))
        if name in ("overspend_warn", "overspend_red"):
            colour = light("yellow" if name == "overspend_warn" else "red")
            return t("mon.rule.overspend_value", language, share=_pct(float(value)), light=colour)
        return str(value)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        for f in fields(self):
            if f.name == "name":
                continue
            d = getattr(self, f.name).to_dict()
            value = d["value"]
            if isinstance(value, Mapping):
                value = {str(k): v for k, v in value.items()}
            elif isinstance(value, list):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
            d["value"] = value
            out[f.name] = d
        return out


_BUDGET_BANDS = Rule(((0.8, "green"), (0.6, "yellow"), (0.0, "red")), S, _SYSTEM,
                     note="r = execution rate / (month/12)")
_INDICATOR_BANDS = Rule(((1.2, "blue"), (0.8, "green"), (0.6, "yellow"), (0.0, "red")), S, _SYSTEM,
                        note="r = cumulative value / (annual target / 12 × month); blue = ahead of plan (超进度)")
_QUALITATIVE = Rule({"达成": "green", "部分达成": "yellow", "未达成": "red"}, S, _SYSTEM,
                    note="达成→green, 部分达成并具有一定效果→yellow, 未达成且效果较差→red")
_CERTAIN = Rule(1.0, U, _CY136, note="projected year-end completion at the best pace so far ≥ 100 %")
_IMPOSSIBLE = Rule(0.5, U, _CY136, note="projected year-end completion at the best pace so far < 50 %")
_OVER_WARN = Rule(1.0, U, _BUDGET_LAW, note="projected year-end spending above the full-year budget")
_OVER_RED = Rule(1.10, U, _LOCAL, note="projected year-end spending more than 10 % above the full-year budget")

_REGISTRY: dict[str, LightThresholds] = {
    "budget_system": LightThresholds(
        name="budget_system",
        budget_bands=_BUDGET_BANDS,
        execution_floors=Rule(None, S, _SYSTEM, note="the budget systems use the ratio bands, not floors"),
        floor_light=Rule("red", S, _SICHUAN),
        indicator_bands=_INDICATOR_BANDS,
        qualitative_lights=_QUALITATIVE,
        gap_points=Rule(None, S, _SYSTEM, note="no gap rule in the budget-system defaults"),
        gap_light=Rule("yellow", U, _LOCAL),
        certain_ratio=_CERTAIN,
        impossible_ratio=_IMPOSSIBLE,
        overspend_warn=_OVER_WARN,
        overspend_red=_OVER_RED,
    ),
    "sichuan": LightThresholds(
        name="sichuan",
        budget_bands=Rule(None, S, _SICHUAN, note="Sichuan warns on cumulative floors instead of the ratio"),
        execution_floors=Rule({4: 0.25, 6: 0.40, 8: 0.60, 10: 0.80}, S, _SICHUAN,
                              note="1–4月<25%, 1–6月<40%, 1–8月<60%, 1–10月<80% → warn; the latest checkpoint "
                                   "reached applies"),
        floor_light=Rule("red", S, _SICHUAN),
        indicator_bands=_INDICATOR_BANDS,
        qualitative_lights=_QUALITATIVE,
        gap_points=Rule(0.10, S, _SICHUAN, note="绩效目标实现进度与预算执行进度差异>10% → warn"),
        gap_light=Rule("yellow", U, _LOCAL, note="the summary says 'warn' without a colour"),
        certain_ratio=_CERTAIN,
        impossible_ratio=_IMPOSSIBLE,
        overspend_warn=_OVER_WARN,
        overspend_red=_OVER_RED,
    ),
}


def list_thresholds() -> list[str]:
    """Names of the registered rule sets."""
    return sorted(_REGISTRY)


def get_thresholds(thresholds: str | LightThresholds = "budget_system") -> LightThresholds:
    """A rule set by name, or the one given.

    Parameters
    ----------
    thresholds : a :class:`LightThresholds`, or the name of a registered set (``"budget_system"``,
        ``"sichuan"``, or one added with :func:`register_thresholds`).
    """
    if isinstance(thresholds, LightThresholds):
        return thresholds
    if thresholds not in _REGISTRY:
        raise InputError(f"The 'thresholds' parameter of get_thresholds must be a LightThresholds or one of "
                         f"{list_thresholds()}; got {thresholds!r} instead.")
    return _REGISTRY[thresholds]


def register_thresholds(thresholds: LightThresholds) -> None:
    """Register a rule set under its name (replacing one of the same name).

    Parameters
    ----------
    thresholds : the :class:`LightThresholds` to register; ``thresholds.name`` is the name
        :func:`get_thresholds` takes.
    """
    if not isinstance(thresholds, LightThresholds):
        raise InputError(f"register_thresholds needs a LightThresholds; got {type(thresholds).__name__} "
                         "instead.")
    _REGISTRY[thresholds.name] = thresholds
