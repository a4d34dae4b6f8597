"""Input checks shared by the composite-index core: the data table, indicator directions, a progress bar.

Every public function of the core reads its data through :func:`as_frame` once and then trusts it: a table of
units (rows, named) × indicators (columns, by id), numbers or missing values only. Messages name the indicator
and the unit in the user's terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.model.framework import Direction
from perfmethods.validation import shown_value

__all__ = ["as_frame", "check_directions", "progress_bar"]


def as_frame(data: Any, *, func: str, name: str = "data", allow_missing: bool = True,
             min_units: int = 2) -> pd.DataFrame:
    """A float copy of ``data`` (units × indicators) with string labels; bad cells raise located errors.

    Parameters
    ----------
    data : a DataFrame (index = unit names, columns = indicator ids) or a 2-D array (units ``unit1``…,
        indicators ``x1``…).
    func : the public function's name, for messages.
    name : the parameter's name, for messages.
    allow_missing : accept missing values (NaN); an indicator missing for every unit is refused either way.
    min_units : the fewest units accepted (2 where a method compares units).
    """
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
    elif isinstance(data, (np.ndarray, list, tuple)):
        arr = np.asarray(data, dtype=object)
        if arr.ndim != 2:
            raise InputError(f"The {name!r} parameter of {func} must be a table of units x indicators (2-D); "
                             f"got an array of shape {arr.shape} instead.")
        frame = pd.DataFrame(arr, index=[f"unit{i + 1}" for i in range(arr.shape[0])],
                             columns=[f"x{j + 1}" for j in range(arr.shape[1])])
    else:
        raise InputError(f"The {name!r} parameter of {func} must be a pandas DataFrame or a 2-D array; "
                         f"got {type(data).__name__} instead.")
    if frame.shape[0] < min_units or frame.shape[1] < 1:
        raise InputError(f"The {name!r} parameter of {func} needs at least {min_units} unit(s) and 1 indicator; "
                         f"got {frame.shape[0]} unit(s) x {frame.shape[1]} indicator(s).")
    frame.index = pd.Index([str(u) for u in frame.index], name="unit")
    frame.columns = pd.Index([str(c) for c in frame.columns], name="indicator")
    for labels, what in ((frame.index, "unit"), (frame.columns, "indicator")):
        dup = sorted({x for x in labels if (labels == x).sum() > 1})
        if dup:
            raise InputError(f"every {what} must appear once in {name!r}; {dup} appear more than once")
    numeric_only = all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in frame.dtypes)
    values = frame.to_numpy(dtype=float) if numeric_only else np.empty(frame.shape, dtype=float)
    for j, column in enumerate([] if numeric_only else frame.columns):  # text cells: read and locate, by column
        col = frame[column]
        numeric = pd.to_numeric(col, errors="coerce")
        bad = numeric.isna() & col.notna() & ~col.astype(str).str.strip().isin(["", "nan", "NaN", "None"])
        if bad.any():
            unit = bad[bad].index[0]
            raise InputError(f"the value {shown_value(col[unit])} is not a number",
                             location={"indicator": column, "unit": unit})
        values[:, j] = numeric.to_numpy(dtype=float)
    if np.isinf(values).any():
        i, j = np.argwhere(np.isinf(values))[0]
        raise InputError("the value is infinite", location={"indicator": frame.columns[j], "unit": frame.index[i]})
    missing = np.isnan(values)
    if missing.all(axis=0).any():
        column = frame.columns[int(np.flatnonzero(missing.all(axis=0))[0])]
        raise InputError("the indicator has no value for any unit; drop it or supply its data",
                         location={"indicator": column})
    if not allow_missing and missing.any():
        i, j = np.argwhere(missing)[0]
        raise InputError(f"{func} needs a value for every unit and indicator; this one is missing",
                         location={"indicator": frame.columns[j], "unit": frame.index[i]})
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)


_WORDS = {1: {"1", "+1", "benefit", "positive", "higher", "max", "正向", "≥", ">=", "效益型"},
          -1: {"-1", "cost", "negative", "lower", "min", "反向", "≤", "<=", "成本型"}}


def _direction(value: Any, indicator: str, func: str) -> int:
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"the direction {value!r} is not 1 / -1 / 'benefit' / 'cost'",
                         location={"indicator": indicator})
    if isinstance(value, (int, float, np.integer, np.floating)) and float(value) in (1.0, -1.0):
        return int(value)
    if isinstance(value, Direction) or isinstance(value, str):
        text = value.value if isinstance(value, Direction) else str(value).strip().lower()
        for sign, words in _WORDS.items():
            if text in words:
                return sign
        try:
            parsed = Direction.parse(text)
        except InputError:
            parsed = None
        if parsed is Direction.POSITIVE:
            return 1
        if parsed is Direction.REVERSE:
            return -1
        if parsed is not None:
            raise InputError(f"{func} needs a benefit (正向) or cost (反向) direction; the indicator is "
                             f"'{parsed.label_zh}' ({parsed.value}); give it 1 or -1 in 'directions'",
                             location={"indicator": indicator})
    raise InputError(f"unknown direction {shown_value(value)}; write 1 / 'benefit' / 正向 or -1 / 'cost' / 反向",
                     location={"indicator": indicator})


def check_directions(directions: Any, indicators: Sequence[str], *, func: str) -> pd.Series:
    """Directions as a Series of +1 (benefit, 正向) / -1 (cost, 反向) by indicator id.

    Parameters
    ----------
    directions : ``None`` (all benefit), a mapping or Series by indicator id (ids not given are benefit), or a
        sequence in indicator order; each value 1 / -1, 'benefit' / 'cost', 正向 / 反向 or a
        :class:`~perfmethods.model.Direction`.
    indicators : the indicator ids.
    func : the public function's name, for messages.
    """
    ids = [str(i) for i in indicators]
    if directions is None:
        return pd.Series(1, index=pd.Index(ids, name="indicator"), name="direction", dtype=int)
    if isinstance(directions, (Mapping, pd.Series)):
        given = {str(k): v for k, v in dict(directions).items()}
        unknown = sorted(set(given) - set(ids))
        if unknown:
            raise InputError(f"The 'directions' parameter of {func} names indicators that are not in the data: "
                             f"{unknown}; the indicators are {ids}")
        values = [_direction(given.get(i, 1), i, func) for i in ids]
    elif isinstance(directions, Iterable) and not isinstance(directions, str):
        seq = list(directions)
        if len(seq) != len(ids):
            raise InputError(f"The 'directions' parameter of {func} must give one direction per indicator "
                             f"({len(ids)}); got {len(seq)} instead.")
        values = [_direction(v, i, func) for v, i in zip(seq, ids, strict=True)]
    else:
        values = [_direction(directions, i, func) for i in ids]
    return pd.Series(values, index=pd.Index(ids, name="indicator"), name="direction", dtype=int)


def progress_bar(total: int, show: bool, *, desc: str) -> Any:
    """A progress bar under the package's rule (:func:`perfmethods.progress.progress_bar`), or a silent stand-in.

    Parameters
    ----------
    total : the number of steps.
    show : the caller's ``progress`` option: ``False`` never shows a bar; ``True`` shows one where the package's
        rule allows (a terminal or a Jupyter kernel, not in CI, not with ``PERFMETHODS_PROGRESS=0``).
    desc : the bar's label.
    """
    from perfmethods.progress import progress_bar as _progress_bar

    return _progress_bar(total, show=None if show else False, desc=desc)
