"""Panel (unit × time) inputs of the impact estimators: one validator and the helpers they share.

:func:`check_panel` is the one validation layer for panel inputs (every estimator of
:mod:`perfmethods.impact` that takes a panel calls it): it copies the data once, checks the keys and returns
the copy, so no estimator changes the caller's frame. Duplicate and balance checks run on integer codes
(``np.bincount``), so validating a million-row panel costs a few milliseconds rather than a pandas
``duplicated`` pass.

Seeds, significance levels, languages and options are checked by :mod:`perfmethods.validation`; JSON-safe
values come from :mod:`perfmethods.results`. This module adds the normal critical value and the
nested-mapping walk that ``to_dict()`` needs for ``diagnostics``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.errors import InputError
from perfmethods.results import json_records, json_scalar
from perfmethods.validation import check_frame

__all__ = ["check_panel", "json_tree", "normal_p_value", "panel_codes", "require_columns", "validate_panel",
           "z_crit"]


def require_columns(data: pd.DataFrame, columns: Mapping[str, object], *, func: str) -> None:
    """Raise InputError naming the parameter whose column is missing."""
    for parameter, column in columns.items():
        if column is None:
            continue
        cols = [column] if isinstance(column, str) else list(column)  # type: ignore[arg-type]
        for col in cols:
            if col not in data.columns:
                raise InputError(f"The '{parameter}' parameter of {func} names column {col!r}, which is not in the "
                                 f"data; the columns are {list(map(str, data.columns))[:20]}.",
                                 location={"column": str(col)})


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes following the sorted distinct values.

    Integer keys with a compact range (the usual unit ids and years) are coded in O(n) with a lookup table;
    anything else goes through ``pd.factorize(sort=True)``.
    """
    arr = values.to_numpy()
    if arr.dtype.kind in "iu" and len(arr):
        lo, hi = int(arr.min()), int(arr.max())
        if hi - lo <= 4 * len(arr) + 1024:
            present = np.zeros(hi - lo + 1, dtype=bool)
            shifted = arr - lo
            present[shifted] = True
            lookup = np.cumsum(present) - 1
            return lookup[shifted].astype(np.int64, copy=False), pd.Index(np.flatnonzero(present) + lo)
    codes, levels = pd.factorize(values, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(levels)


def panel_codes(data: pd.DataFrame, unit: str, time: str) -> tuple[np.ndarray, np.ndarray, pd.Index, pd.Index]:
    """Integer codes of the unit and time keys (codes follow the sorted key values)."""
    ucode, ulev = _codes(data[unit])
    tcode, tlev = _codes(data[time])
    return ucode, tcode, ulev, tlev


def check_panel(
    data: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str | Sequence[str] | None,
    balanced: bool = True,
    sort: bool = True,
    func: str = "check_panel",
) -> pd.DataFrame:
    """Validate a long panel (one row per unit × time) and return a copy of it.

    Parameters
    ----------
    data : long-format DataFrame, one row per unit and period.
    unit : column holding the unit key (firm, lab, region).
    time : column holding the period (year, month index); must be sortable.
    outcome : outcome column (or columns) that must be present and numeric; ``None`` skips the check.
    balanced : require every unit to be observed in every period (default ``True``).
    sort : sort the copy by unit and time (default ``True``); ``False`` keeps the rows in the caller's order
        (the synthetic control lists donors in the order they appear).
    func : the public function whose input is checked, named in the messages.

    Returns
    -------
    DataFrame
        A copy of ``data`` (the caller's frame is never changed), sorted by unit and time unless
        ``sort=False``, with a fresh RangeIndex.

    Raises
    ------
    InputError
        A named column is missing; a key is missing (NaN); a unit × time key appears more than once; the
        panel is unbalanced while ``balanced=True``; an outcome is not numeric; or there are fewer than
        two units or two periods. The message says which key and how to fix it.
    """
    return validate_panel(data, unit=unit, time=time, outcome=outcome, balanced=balanced, sort=sort,
                          func=func)[0]


def validate_panel(
    data: pd.DataFrame, *, unit: str, time: str, outcome: str | Sequence[str] | None, balanced: bool = True,
    sort: bool = True, func: str = "check_panel",
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, pd.Index, pd.Index]:
    """:func:`check_panel` that also returns the unit and time codes of the returned frame."""
    if not isinstance(data, pd.DataFrame):
        check_frame(data, func=func)  # raises the package's message (no copy of a valid frame is made here)
    frame = data
    outcomes = [] if outcome is None else ([outcome] if isinstance(outcome, str) else list(outcome))
    require_columns(frame, {"unit": unit, "time": time, "outcome": outcomes}, func=func)
    for key in (unit, time):
        missing = frame[key].isna().to_numpy()
        if missing.any():
            row = int(np.flatnonzero(missing)[0])
            raise InputError(f"the panel key column {key!r} has {int(missing.sum())} missing value(s); every row "
                             "needs a unit and a period. Drop or fill those rows first.",
                             location={"row": row, "column": key})
    ucode, tcode, ulev, tlev = panel_codes(frame, unit, time)
    n_units, n_times = len(ulev), len(tlev)
    if n_units < 2 or n_times < 2:
        raise InputError(f"a panel needs at least two units and two periods; got {n_units} unit(s) and {n_times} "
                         "period(s).")
    key = ucode * n_times + tcode
    counts = np.bincount(key, minlength=n_units * n_times)
    if counts.max() > 1:
        dup = int(np.flatnonzero(counts > 1)[0])
        raise InputError(f"the panel has {int((counts > 1).sum())} duplicated {unit} × {time} key(s), e.g. "
                         f"{unit}={ulev[dup // n_times]!r}, {time}={tlev[dup % n_times]!r}; keep one row per unit "
                         "and period (aggregate or drop duplicates).", location={"column": f"{unit}, {time}"})
    if balanced and len(frame) != n_units * n_times:
        per_unit = np.bincount(ucode, minlength=n_units)
        short = int(np.flatnonzero(per_unit < n_times)[0])
        raise InputError(f"the panel is unbalanced: {int((per_unit < n_times).sum())} of {n_units} units are not "
                         f"observed in all {n_times} periods (e.g. {unit}={ulev[short]!r} has {int(per_unit[short])}). "
                         "Balance it (drop incomplete units) or pass balanced=False where the estimator allows it.",
                         location={"column": unit})
    for col in outcomes:
        if not pd.api.types.is_numeric_dtype(frame[col]) or pd.api.types.is_bool_dtype(frame[col]):
            raise InputError(f"the outcome column {col!r} must be numeric; got dtype {frame[col].dtype}.",
                             location={"column": col})
    if not sort or np.all(key[1:] > key[:-1]):
        # already sorted: a shallow copy is a copy under pandas copy-on-write (the caller's data never change)
        out = frame.copy(deep=False)
        out.index = pd.RangeIndex(len(out))
        return out, ucode, tcode, ulev, tlev
    order = np.argsort(key, kind="stable")
    return frame.iloc[order].reset_index(drop=True), ucode[order], tcode[order], ulev, tlev


# ---------------------------------------------------------------------------------------------------
# helpers shared by the impact modules
# ---------------------------------------------------------------------------------------------------

def z_crit(alpha: float) -> float:
    """The two-sided normal critical value :math:`z_{1-\\alpha/2}`."""
    return float(stats.norm.ppf(1.0 - alpha / 2.0))


def normal_p_value(estimate: Any, se: Any) -> Any:
    """Two-sided normal p-value :math:`2\\,(1 - \\Phi(|\\hat\\theta| / \\mathrm{se}))`; NaN where se is 0
    or NaN.

    Vectorised: scalars give a float, arrays an array.
    """
    est = np.asarray(estimate, dtype=float)
    s = np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(s > 0, 2.0 * stats.norm.sf(np.abs(est / s)), np.nan)
    return float(p) if p.ndim == 0 else p


def json_tree(value: Any) -> Any:
    """:func:`perfmethods.results.json_scalar` applied through nested mappings (the ``diagnostics`` dicts)."""
    if isinstance(value, Mapping):
        return {str(k): json_tree(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return json_records(value)
    if isinstance(value, pd.Series):
        return {str(k): json_scalar(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return json_scalar(value.tolist())
    if isinstance(value, (tuple, list)):
        return [json_tree(v) for v in value]
    if isinstance(value, (pd.Timestamp, pd.Period)):
        return str(value)
    return json_scalar(value)
