"""Normalisation (标准化 / 无量纲化): bring indicators in different units onto one comparable scale.

Step 5 of the JRC ten-step guide (OECD/JRC 2008, *Handbook on Constructing Composite Indicators*, §1.5 and
table 3). The methods and their parameters follow COINr (bluefoxr/COINr@b9682034, ``R/normalise.R``), so that an
index built here matches one built there:

============  =================================================================  ==========================
method        formula (x after the direction is applied)                         options
============  =================================================================  ==========================
minmax        l + (x − min)/(max − min) · (u − l)                                 ``range=(l, u)``, (0, 100)
zscore        m + (x − mean)/sd · s  (sample sd, as R's ``sd``)                   ``mean=m``, ``sd=s``
goalposts     clip((x − lower)/(upper − lower), 0, 1) · scale                     ``lower``, ``upper``,
                                                                                  ``scale``, ``truncate``
target        (x − min)/(target − min); cost: (max − x)/(max − target)            ``target``, ``cap``
reference     1 − (x_ref − x)/(x_ref − min): distance to a reference unit          ``reference``, ``cap``
best          1 − (max − x)/(max − min): distance to the best unit (dist2max)      –
fracmax       x / max; cost: min / x (values > 0)                                  –
rank          rank, 1 = lowest, ties share the lowest rank                        –
percentile    (rank − 1)/(n − 1)                                                  –
log           ln x; cost: −ln x (values > 0)                                      –
boxcox        Box–Cox (x^λ − 1)/λ, λ by maximum likelihood per indicator          ``lmbda`` (fixed λ)
============  =================================================================  ==========================

Directions (指标方向): a cost indicator (反向, −1) is negated before normalising, and so are its goalposts and
target (COINr's convention), so that the best unit always scores highest; ``fracmax``, ``log`` and ``boxcox``
need positive data and reverse the result instead. Missing values stay missing and are ignored when the
minimum, maximum, mean, sd and ranks are computed.

Parameters that differ by indicator (a target, goalposts) are given as a mapping by indicator id.

Hand-written because no Python library implements these definitions with directions and per-indicator
parameters; each is one vectorised numpy line over the whole table. Box–Cox uses :func:`scipy.stats.boxcox`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.composite._frames import as_frame
from perfmethods.errors import InputError
from perfmethods.model.framework import check_directions
from perfmethods.validation import check_number, check_option, shown_value

__all__ = ["NORMALISATIONS", "normalise"]

#: The normalisation methods and the options each takes (with their defaults).
NORMALISATIONS: dict[str, dict[str, Any]] = {
    "minmax": {"range": (0.0, 100.0)},
    "zscore": {"mean": 0.0, "sd": 1.0},
    "goalposts": {"lower": None, "upper": None, "scale": 1.0, "truncate": True},
    "target": {"target": None, "cap": False},
    "reference": {"reference": None, "cap": False},
    "best": {},
    "fracmax": {},
    "rank": {},
    "percentile": {},
    "log": {},
    "boxcox": {"lmbda": None},
}

_FUNC = "normalise"


def _per_indicator(value: Any, ids: list[str], option: str) -> np.ndarray:
    """An option as one float per indicator (a scalar for all, or a mapping by indicator id)."""
    if value is None:
        raise InputError(f"The {option!r} parameter of normalise is required for this method; give a number or "
                         "a mapping by indicator id.")
    if isinstance(value, (Mapping, pd.Series)):
        given = {str(k): v for k, v in dict(value).items()}
        missing = [i for i in ids if i not in given]
        if missing:
            raise InputError(f"The {option!r} parameter of normalise has no value for indicator(s) {missing}")
        values = [given[i] for i in ids]
    else:
        values = [value] * len(ids)
    out = np.empty(len(ids))
    for j, (v, i) in enumerate(zip(values, ids, strict=True)):
        try:
            out[j] = check_number(v, name=option, func=_FUNC)
        except InputError as exc:
            raise InputError(exc.message, location={"indicator": i}) from None
    return out


def _constant_check(spread: np.ndarray, ids: list[str], method: str) -> None:
    bad = np.flatnonzero(~(spread > 0))
    if bad.size:
        raise InputError(f"the indicator has the same value for every unit, so the '{method}' normalisation is "
                         "undefined (it divides by the range or the standard deviation); drop the indicator",
                         location={"indicator": ids[int(bad[0])]})


def _positive_check(x: np.ndarray, frame: pd.DataFrame, method: str) -> None:
    bad = np.argwhere(x <= 0)
    if bad.size:
        i, j = bad[0]
        raise InputError(f"the '{method}' normalisation needs values > 0; got {shown_value(x[i, j])}",
                         location={"indicator": frame.columns[j], "unit": frame.index[i]})


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks along the units (1 = lowest; ties take the lowest rank; missing stay missing)."""
    return pd.DataFrame(x).rank(method="min", na_option="keep").to_numpy(dtype=float)


def _normalise_values(frame: pd.DataFrame, method: str, directions: np.ndarray, opts: dict[str, Any]) -> np.ndarray:
    """The normalised values of ``frame`` (already checked) as an array, by ``method`` with ``opts``."""
    ids = list(frame.columns)
    raw = frame.to_numpy(dtype=float)
    sign = directions.astype(float)[None, :]
    if method in ("fracmax", "log", "boxcox"):
        _positive_check(np.where(np.isnan(raw), 1.0, raw), frame, method)
    x = raw * sign
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            low, high = opts["range"]
            lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
            _constant_check(hi - lo, ids, method)
            return low + (x - lo) / (hi - lo) * (high - low)
        if method == "zscore":
            mean, sd = np.nanmean(x, axis=0), np.nanstd(x, axis=0, ddof=1)
            _constant_check(sd, ids, method)
            return opts["mean"] + (x - mean) / sd * opts["sd"]
        if method == "goalposts":
            lower = _per_indicator(opts["lower"], ids, "lower")
            upper = _per_indicator(opts["upper"], ids, "upper")
            bad = np.flatnonzero(upper == lower)
            if bad.size:
                raise InputError("the goalposts 'lower' and 'upper' are equal", location={"indicator": ids[bad[0]]})
            lo, hi = lower * sign[0], upper * sign[0]
            # negated goalposts swap roles: for a cost indicator the best post is -lower (COINr n_goalposts)
            y = np.where(sign > 0, (x - lo) / (hi - lo), (x - hi) / (lo - hi))
            if opts["truncate"]:
                y = np.clip(y, 0.0, 1.0)
            return y * float(check_number(opts["scale"], name="scale", func=_FUNC))
        if method == "target":
            target = _per_indicator(opts["target"], ids, "target") * sign[0]
            lo = np.nanmin(x, axis=0)
            bad = np.flatnonzero(target == lo)
            if bad.size:
                raise InputError("the target equals the worst value, so the distance to target is undefined",
                                 location={"indicator": ids[bad[0]]})
            y = 1.0 - (target - x) / (target - lo)
            return np.minimum(y, 1.0) if opts["cap"] else y
        if method == "reference":
            ref = opts["reference"]
            if ref is None or str(ref) not in frame.index:
                raise InputError(f"The 'reference' parameter of normalise must name a unit of the data; got "
                                 f"{shown_value(ref)}; the units are {list(frame.index)[:10]}")
            xref = x[list(frame.index).index(str(ref))]
            lo = np.nanmin(x, axis=0)
            bad = np.flatnonzero(np.isnan(xref) | (xref == lo))
            if bad.size:
                raise InputError(f"the reference unit '{ref}' has the worst (or a missing) value, so the distance to "
                                 "the reference divides by zero; choose another reference unit",
                                 location={"indicator": ids[bad[0]]})
            y = 1.0 - (xref - x) / (xref - lo)
            return np.minimum(y, 1.0) if opts["cap"] else y
        if method == "best":
            lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
            _constant_check(hi - lo, ids, method)
            return 1.0 - (hi - x) / (hi - lo)
        if method == "fracmax":
            return np.where(sign > 0, raw / np.nanmax(raw, axis=0), np.nanmin(raw, axis=0) / raw)
        if method == "rank":
            return _ranks(x)
        if method == "percentile":
            r = _ranks(x)
            n = (~np.isnan(x)).sum(axis=0)
            bad = np.flatnonzero(n < 2)
            if bad.size:
                raise InputError("the percentile rank needs at least 2 units with a value",
                                 location={"indicator": ids[bad[0]]})
            return (r - 1.0) / (n - 1.0)
        if method == "log":
            return np.log(raw) * sign
        # boxcox
        out = np.full_like(raw, np.nan)
        lmbda = opts["lmbda"]
        for j in range(raw.shape[1]):  # one λ per indicator: a loop over indicators, not rows
            col = raw[:, j]
            ok = ~np.isnan(col)
            if lmbda is None:
                if np.ptp(col[ok]) == 0:
                    _constant_check(np.array([0.0]), [ids[j]], method)
                out[ok, j] = stats.boxcox(col[ok])[0]
            else:
                out[ok, j] = stats.boxcox(col[ok], lmbda=float(check_number(lmbda, name="lmbda", func=_FUNC)))
        return out * sign


def normalise(
    data: Any,
    method: str = "minmax",
    *,
    directions: Any = None,
    **options: Any,
) -> pd.DataFrame:
    """Normalise every indicator of a units × indicators table onto a common scale.

    Parameters
    ----------
    data : DataFrame (index = unit names, columns = indicator ids) or a 2-D array; missing values allowed.
    method : one of :data:`NORMALISATIONS` — ``"minmax"`` (default, onto ``range=(0, 100)``), ``"zscore"``,
        ``"goalposts"``, ``"target"``, ``"reference"``, ``"best"``, ``"fracmax"``, ``"rank"``,
        ``"percentile"``, ``"log"``, ``"boxcox"``. The formulas are in the module docstring.
    directions : +1 / 'benefit' / 正向 (more is better) or -1 / 'cost' / 反向 per indicator (a mapping by id, a
        sequence in column order, or ``None`` for all benefit).
    **options : the method's options (see :data:`NORMALISATIONS`): ``range``; ``mean``, ``sd``; ``lower``,
        ``upper``, ``scale``, ``truncate``; ``target``, ``cap``; ``reference`` (a unit name); ``lmbda``. A
        per-indicator option (``lower``, ``upper``, ``target``) is a number or a mapping by indicator id.

    Returns
    -------
    DataFrame
        The normalised table, same units and indicators, higher = better for every indicator.

    Raises
    ------
    InputError
        An unknown method or option; a constant indicator for a method that divides by its range or sd; a
        value ≤ 0 for ``fracmax`` / ``log`` / ``boxcox``; a target or reference equal to the worst value —
        each naming the indicator (and the unit).

    References
    ----------
    OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, §1.5, table 3; COINr
    (bluefoxr/COINr@b9682034, ``R/normalise.R``: ``n_minmax``, ``n_zscore``, ``n_goalposts``, ``n_dist2targ``,
    ``n_dist2ref``, ``n_dist2max``, ``n_fracmax``, ``n_rank``, ``n_prank``); Box & Cox (1964), JRSS B 26(2).

    Examples
    --------
    >>> normalise(pd.DataFrame({"a": [1, 2, 3]}), "minmax", range=(1, 100))["a"].tolist()
    [1.0, 50.5, 100.0]
    """
    frame = as_frame(data, func=_FUNC)
    opts = check_normalisation(method, options)
    dirs = check_directions(directions, frame.columns, func=_FUNC).to_numpy()
    values = _normalise_values(frame, opts.pop("method"), dirs, opts)
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)


def check_normalisation(method: Any, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A normalisation choice as a complete ``{"method": ..., option: value}`` dict, checked.

    Parameters
    ----------
    method : a method name, or a mapping ``{"method": name, **options}``.
    options : options of the method (merged over a mapping's own).
    """
    if isinstance(method, Mapping):
        spec = dict(method)
        method = spec.pop("method", "minmax")
        spec.update(options or {})
    else:
        spec = dict(options or {})
    check_option(method, NORMALISATIONS, name="method", func=_FUNC)
    unknown = sorted(set(spec) - set(NORMALISATIONS[method]))
    if unknown:
        accepted = ", ".join(NORMALISATIONS[method]) or "none"
        raise InputError(f"The '{method}' normalisation has no option {unknown}; its options are: {accepted}.")
    full = {**NORMALISATIONS[method], **spec}
    if method == "minmax":
        low, high = (check_number(v, name="range", func=_FUNC) for v in _pair(full["range"], "range"))
        if not high > low:
            raise InputError(f"The 'range' parameter of normalise must be (low, high) with low < high; got "
                             f"{shown_value(tuple(full['range']))} instead.")
        full["range"] = (float(low), float(high))
    if method == "zscore":
        full["mean"] = float(check_number(full["mean"], name="mean", func=_FUNC))
        full["sd"] = float(check_number(full["sd"], name="sd", func=_FUNC, low=0.0, closed="neither"))
    for flag in ("truncate", "cap"):
        if flag in full and not isinstance(full[flag], (bool, np.bool_)):
            raise InputError(f"The {flag!r} parameter of normalise must be True or False; got "
                             f"{shown_value(full[flag])} instead.")
    return {"method": method, **full}


def _pair(value: Any, name: str) -> tuple[Any, Any]:
    try:
        low, high = value
    except (TypeError, ValueError):
        raise InputError(f"The {name!r} parameter of normalise must be a pair (low, high); got "
                         f"{shown_value(value)} instead.") from None
    return low, high
