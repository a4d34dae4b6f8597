"""The reasons table of in-year monitoring: one row per warning light, worded for the report's reader.

A light alone ("P01 红灯") does not tell a finance bureau what to do; the reason does: which indicator, the
numbers compared and the line crossed. ``monitor_portfolio`` (lights of spending, floors, gaps, indicators and
完成目标可能性) and ``OutlookResult.reasons`` (projected under-spending and overspend) give tables with the same
columns, :data:`REASON_COLUMNS`, so a report stacks them. The sentences come from the label catalogue
(``mon.reason.*``, Chinese and English). An indicator's sentence says which comparison was made: with the plan
pro-rated to the month for an indicator that accumulates over the year, with the annual target itself for a
level (a rate, share, score, price or unit cost); and where an approved adjustment is in force it names the
original and the adjusted target (or budget) and the approval. Numbers are shown with their unit by
:func:`~perfmethods.monitoring.quantities.quantity_text`, percentages by :func:`percent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.i18n import t
from perfmethods.monitoring.thresholds import LIGHT_SEVERITY

__all__ = ["CHECKS", "REASON_COLUMNS", "lamp", "line", "percent", "reason_frame", "sort_reasons"]

#: The columns of every reasons table.
REASON_COLUMNS: tuple[str, ...] = ("project", "name", "check", "light", "indicator_id", "indicator", "value", "target",
                                   "plan", "unit", "ratio", "threshold", "reason_zh", "reason_en")
#: The checks a reason can come from, in the order a report lists them for a project.
CHECKS: tuple[str, ...] = ("budget", "floor", "gap", "indicator", "likelihood", "year_end", "overspend")
_NUMERIC = ("value", "target", "plan", "ratio", "threshold")


def lamp(light: str, language: str) -> str:
    """红灯 / 黄灯 … (red light …) for a light code."""
    return t(f"mon.lamp.{light}", language)


def percent(x: float, digits: int = 1, beyond: float | None = None) -> str:
    """A share as a percentage rounded to ``digits`` decimals (``0.406`` → ``40.6%``); ``—`` when missing.

    ``beyond`` is the line the share is compared with: when rounding would put the share on the line (0.59996
    against a 60 % line would read "60.0%, below 60%"), decimals are added until it reads on its own side
    (``59.996%``). Otherwise the share reads as in a table rounded to ``digits`` decimals.
    """
    if x is None or not np.isfinite(x):
        return "—"
    for d in range(digits, digits + 6):
        shown = round(x * 100, d)
        if beyond is None or x == beyond or (shown < beyond * 100) == (x < beyond) and shown != beyond * 100:
            break
    return f"{shown:.{d}f}%"


def line(x: float | None) -> str:
    """A threshold as a percentage, exactly as set (``0.8`` → ``80%``, ``0.825`` → ``82.5%``); ``—`` when none."""
    return "—" if x is None or not np.isfinite(x) else f"{round(x * 100, 6):g}%"


def _adjusted(change: dict[str, Any] | None, language: str) -> str:
    """The clause naming an approved change in force (``mon.reason.adjusted_<item>``: the original and adjusted
    target or budget and the approval), or nothing."""
    return "" if not change else t(f"mon.reason.adjusted_{change['item']}", language, **change)


def _texts(key: str, fields: Sequence[dict[str, Any]]) -> tuple[list[str], list[str]]:
    words = {"lamp": lamp, "tier": lambda v, lang: t(f"mon.tier.{v}", lang) if isinstance(v, str) else "—",
             "adjusted": _adjusted}
    out: dict[str, list[str]] = {"zh": [], "en": []}
    for lang in out:
        for f in fields:
            shown = {k: (words[k](v, lang) if k in words else v) for k, v in f.items()}
            out[lang].append(t(f"mon.reason.{key}", lang, **shown))
    return out["zh"], out["en"]


def reason_frame(rows: pd.DataFrame, check: str, key: str, fields: Sequence[dict[str, Any]],
                 **columns: Any) -> pd.DataFrame:
    """Reasons for ``rows`` (columns ``project`` and ``warn_light``): the sentence ``mon.reason.<key>`` filled with
    each row's ``fields`` in both languages (the field ``lamp`` holds a light and ``tier`` a qualitative tier,
    worded in each language; ``adjusted`` an approved change of the target or budget in force, or ``None``), with
    the extra ``columns``."""
    zh, en = _texts(key, fields)
    return pd.DataFrame({"project": rows["project"].to_numpy(object), "check": check,
                         "light": rows["warn_light"].to_numpy(object), **columns, "reason_zh": zh, "reason_en": en})


def sort_reasons(parts: Sequence[pd.DataFrame], projects: Sequence[str], names: dict[str, str]) -> pd.DataFrame:
    """The parts stacked with every column of :data:`REASON_COLUMNS`, in project order, then by check
    (:data:`CHECKS`), red before yellow, then by indicator id."""
    frames = [p for p in parts if len(p)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=float if c in _NUMERIC else object) for c in REASON_COLUMNS})
    out = pd.concat(frames, ignore_index=True)
    for c in REASON_COLUMNS:
        if c not in out.columns:
            out[c] = np.nan if c in _NUMERIC else None
    out["name"] = out["project"].map(names)
    order = {p: n for n, p in enumerate(projects)}
    out = out.assign(_p=out["project"].map(order), _c=out["check"].map({c: n for n, c in enumerate(CHECKS)}),
                     _s=-out["light"].map(LIGHT_SEVERITY))
    out = out.sort_values(["_p", "_c", "_s", "indicator_id"], kind="stable", na_position="first")
    out = out[list(REASON_COLUMNS)].reset_index(drop=True)
    for c in _NUMERIC:
        out[c] = out[c].astype(float)
    return out
