"""Warning-light thresholds of in-year performance monitoring (绩效运行监控 预警规则).

No central rule fixes traffic-light thresholds: 财预〔2019〕136号 names the two things to monitor
(绩效目标实现程度和预算执行进度, the 双监控 of 中发〔2018〕34号) but no numbers (digest §3, [M]). What the
digest found in practice is encoded here as named, configurable rule sets; every constant is a
:class:`~perfmethods.provenance.Rule` with its source.

``budget_system`` (the budget-management systems' defaults, digest §3, secondary)
    time progress τ_m = m / 12;
    budget light (bgttracewarn): r = execution / τ_m → r < 0.6 red, 0.6 ≤ r < 0.8 yellow, r ≥ 0.8 green;
    positive indicators (positiveindex): r = cumulative value / (annual target × m / 12) → r < 0.6 red,
    0.6 ≤ r < 0.8 yellow, 0.8 ≤ r < 1.2 green, r ≥ 1.2 blue (ahead of plan, 超进度);
    reverse indicators (reverseindex): value ≤ target → green, else red;
    qualitative indicators: 达成 green, 部分达成 yellow, 未达成 red;
    project target light (goalwarn): the worst light among its indicators.
``sichuan`` (川财绩〔2025〕10号 as summarised, digest §3, secondary)
    cumulative execution floors 25 % / 40 % / 60 % / 80 % at the end of months 4 / 6 / 8 / 10: execution
    below the floor of the latest checkpoint reached → red (no floor before month 4);
    a gap of more than 10 percentage points between target progress and execution progress → yellow;
    indicator lights as ``budget_system`` (the Sichuan summary gives none).

Thresholds are inclusive at their lower bound: a ratio exactly at 0.8 is green, exactly at 0.6 yellow;
execution exactly at a floor passes; a gap of exactly 10 points does not warn. Comparisons allow a
relative tolerance of 1e-9 so that 0.2 / 0.25 counts as 0.8.

Override any constant with :meth:`LightThresholds.replace` (a plain value is recorded as *unverified*, "set
by the caller"), or build a rule set from scratch and :func:`register_thresholds` it under a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from dataclasses import replace as _dc_replace
from typing import Any

import pandas as pd

from perfmethods.errors import InputError
from perfmethods.provenance import Provenance, Rule

__all__ = [
    "LIGHTS",
    "LIGHT_SEVERITY",
    "LightThresholds",
    "get_thresholds",
    "list_thresholds",
    "register_thresholds",
]

S, U = Provenance.SECONDARY, Provenance.UNVERIFIED

#: Light colours, from best to worst. ``none`` means "no rule applies at this period" (e.g. no floor).
LIGHTS: tuple[str, ...] = ("green", "blue", "yellow", "red")
#: Severity used to take the worst light (none < green < blue < yellow < red).
LIGHT_SEVERITY: dict[str, int] = {"none": -1, "green": 0, "blue": 1, "yellow": 2, "red": 3}

_SYSTEM = ("budget-system configuration (bgttracewarn / positiveindex / reverseindex / qualitativeindex / goalwarn), "
           "digest §3")
_SICHUAN = "四川《部门预算绩效运行监控管理办法》（川财绩〔2025〕10号）as summarised"
_PACKAGE = ("perfmethods default; 财预〔2019〕136号 names the tiers (确定能 / 有可能 / 完全不可能) "
            "but gives no thresholds")


def _bands(value: Any, name: str) -> tuple[tuple[float, str], ...]:
    try:
        out = tuple(sorted(((float(b), str(c)) for b, c in value), key=lambda x: -x[0]))
    except (TypeError, ValueError):
        raise InputError(f"The '{name}' rule must be pairs (lower bound, light); got {value!r} instead.") from None
    if not out or out[-1][0] > 0 or any(c not in LIGHT_SEVERITY for _, c in out):
        raise InputError(f"The '{name}' rule must cover 0 and use lights {list(LIGHT_SEVERITY)}; got {value!r} "
                         "instead.")
    return out


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
                out[key] = Rule(value, U, "set by the caller")
        return _dc_replace(self, **out)

    def to_frame(self) -> pd.DataFrame:
        """One row per rule: ``rule``, ``value``, ``provenance``, ``source``, ``note``."""
        rows = []
        for f in fields(self):
            if f.name == "name":
                continue
            rule: Rule = getattr(self, f.name)
            rows.append({"rule": f.name, **rule.to_dict()})
        frame = pd.DataFrame(rows)
        frame["value"] = frame["value"].map(repr)
        return frame

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
_CERTAIN = Rule(1.0, U, _PACKAGE, note="projected year-end completion at the best pace so far ≥ 100 %")
_IMPOSSIBLE = Rule(0.5, U, _PACKAGE, note="projected year-end completion at the best pace so far < 50 %")

_REGISTRY: dict[str, LightThresholds] = {
    "budget_system": LightThresholds(
        name="budget_system",
        budget_bands=_BUDGET_BANDS,
        execution_floors=Rule(None, S, _SYSTEM, note="the budget systems use the ratio bands, not floors"),
        floor_light=Rule("red", S, _SICHUAN),
        indicator_bands=_INDICATOR_BANDS,
        qualitative_lights=_QUALITATIVE,
        gap_points=Rule(None, S, _SYSTEM, note="no gap rule in the budget-system defaults"),
        gap_light=Rule("yellow", U, _PACKAGE),
        certain_ratio=_CERTAIN,
        impossible_ratio=_IMPOSSIBLE,
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
        gap_light=Rule("yellow", U, _PACKAGE, note="the summary says 'warn' without a colour"),
        certain_ratio=_CERTAIN,
        impossible_ratio=_IMPOSSIBLE,
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
