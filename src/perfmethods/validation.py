"""One validation layer for the options every public function shares: seed, alpha, language, choices, numbers,
columns of a data frame, a table of numbers (units × indicators), entries given per label, weights.

Every public function checks its options here, once, at its boundary, and then trusts them. Messages follow
scikit-learn's form so that a user reads the same sentence whatever function they called::

    The 'alpha' parameter of twfe must be in (0, 0.5); got 0.7 instead.

Conventions decided here, for the whole package:

* ``seed`` is an int ≥ 0 or a :class:`numpy.random.Generator`; ``0`` is a seed, not "none" (SALib's
  ``if seed:`` bug), and ``None`` is refused so that every run is reproducible.
* ``alpha`` (the significance level of a two-sided interval) lies in (0, 0.5): a level of 0.5 or more would
  give an interval narrower than the point estimate's own half-normal spread and is always a typo (0.95 for
  0.05).
* ``language`` is ``"zh"`` or ``"en"`` (ISO 639-1, as nbconvert's ``language_code`` wants them).
* A table of numbers (:func:`check_table`: units in rows, indicators or variables in columns) is read once, with
  string labels; a text cell, an infinite value, a missing value where none is allowed, a duplicated label and a
  value out of range raise an error that names the row and the column (``unit '乙区', indicator '升学率'``).
* Entries given per label (:func:`by_label`: a weight, a direction, a reference value per indicator) come as a
  sequence in label order, a mapping or Series keyed by label, or one value for all; a key that is not a label is
  refused, and a label without an entry is refused unless the caller has a default for it.

Why hand-written: scikit-learn's ``_param_validation`` is private and would pull scikit-learn in; these checks
are a few lines each and must raise the package's own :class:`~perfmethods.errors.InputError`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from perfmethods.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LANGUAGES",
    "by_label",
    "check_alpha",
    "check_columns",
    "check_frame",
    "check_language",
    "check_number",
    "check_option",
    "check_rng",
    "check_seed",
    "check_table",
    "check_weights",
    "shown_value",
]

#: Languages every label, report and plot exists in.
LANGUAGES: tuple[str, ...] = ("zh", "en")


def _where(name: str, func: str | None) -> str:
    return f"The {name!r} parameter" + (f" of {func}" if func else "")


def shown_value(value: Any, *, limit: int = 60) -> str:
    """A value as an error message shows it: numbers as a person writes them, never a numpy repr.

    ``np.float64(99.0)`` → ``99``, ``0.7`` → ``0.7``, ``1e+308`` → ``1e+308``, ``nan`` → ``NaN``,
    ``np.int64(3)`` → ``3``; text is quoted (``'8%'``); arrays, lists and tuples show their items
    the same way (``[10, 25, 88]``); anything else is its ``repr``. The result is cut to ``limit``
    characters with ``...``.

    Parameters
    ----------
    value : the value to show.
    limit : the longest text returned (at least 4).
    """
    text = _shown_plain(value)
    return text if len(text) <= limit else text[: max(limit, 4) - 3] + "..."


def _shown_plain(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "inf" if number > 0 else "-inf"
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    if isinstance(value, str):
        return repr(str(value))
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_shown_plain(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    return repr(value)


def _shown(value: Any) -> str:
    return shown_value(value)


def check_number(
    value: Any,
    *,
    name: str,
    func: str | None = None,
    low: float | None = None,
    high: float | None = None,
    closed: str = "both",
    integer: bool = False,
) -> float | int:
    """Return ``value`` as a float (or int) if it is a finite real number in the interval, else raise.

    Parameters
    ----------
    value : the number to check (``bool`` is refused: ``True`` is not a number here).
    name : the parameter's name, for the message.
    func : the public function's name, for the message.
    low, high : bounds (``None``: unbounded).
    closed : which bounds are included: ``"both"``, ``"left"``, ``"right"`` or ``"neither"``.
    integer : require an integer (returns ``int``).

    Raises
    ------
    InputError : "The 'n_boot' parameter of f must be an integer in [1, inf); got 0.5 instead."
    """
    left = "[" if closed in ("both", "left") and low is not None else "("
    right = "]" if closed in ("both", "right") and high is not None else ")"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    kind = "an integer" if integer else "a number"
    rng = f" in {left}{lo}, {hi}{right}" if (low is not None or high is not None) else ""
    message = f"{_where(name, func)} must be {kind}{rng}; got {_shown(value)} instead."
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(message)
    number = float(value)
    if not math.isfinite(number):
        raise InputError(message)
    if integer and not number.is_integer():
        raise InputError(message)
    if low is not None and (number < low or (number == low and left == "(")):
        raise InputError(message)
    if high is not None and (number > high or (number == high and right == ")")):
        raise InputError(message)
    return int(number) if integer else number


def check_alpha(alpha: Any, *, func: str | None = None) -> float:
    """The significance level of a two-sided interval, in (0, 0.5).

    Parameters
    ----------
    alpha : e.g. 0.05 for a 95 % interval.
    func : the public function's name, for the message.
    """
    return float(check_number(alpha, name="alpha", func=func, low=0.0, high=0.5, closed="neither"))


def check_seed(seed: Any, *, func: str | None = None) -> int | np.random.Generator:
    """An int ≥ 0 or a numpy Generator; ``0`` is a seed, ``None`` is refused.

    Parameters
    ----------
    seed : the seed.
    func : the public function's name, for the message.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or int(seed) < 0:
        raise InputError(
            f"{_where('seed', func)} must be an integer >= 0 or a numpy Generator; got {_shown(seed)} instead."
        )
    return int(seed)


def check_rng(seed: Any, *, func: str | None = None) -> np.random.Generator:
    """The generator for ``seed`` (see :func:`check_seed`): ``default_rng(seed)`` or the Generator itself.

    Parameters
    ----------
    seed : an int ≥ 0 or a Generator.
    func : the public function's name, for the message.
    """
    checked = check_seed(seed, func=func)
    return checked if isinstance(checked, np.random.Generator) else np.random.default_rng(checked)


def check_language(language: Any, *, func: str | None = None) -> str:
    """``"zh"`` or ``"en"``.

    Parameters
    ----------
    language : the language code.
    func : the public function's name, for the message.
    """
    if language not in LANGUAGES:
        hint = " (write 'zh', not 'zh-CN')" if str(language).lower().startswith("zh") else ""
        raise InputError(
            f"{_where('language', func)} must be one of 'zh', 'en'; got {_shown(language)} instead{hint}."
        )
    return str(language)


def check_option(value: Any, options: Iterable[Any], *, name: str, func: str | None = None) -> Any:
    """``value`` if it is one of ``options``, else raise naming the choices.

    Parameters
    ----------
    value : the choice made.
    options : the accepted choices.
    name : the parameter's name, for the message.
    func : the public function's name, for the message.
    """
    choices = list(options)
    try:
        ok = value in choices
    except TypeError:  # an unhashable or incomparable value
        ok = False
    if not ok:
        shown = ", ".join(repr(c) for c in choices)
        raise InputError(f"{_where(name, func)} must be one of {shown}; got {_shown(value)} instead.")
    return value


def check_columns(frame: pd.DataFrame, columns: Collection[str], *, name: str = "data",
                  func: str | None = None) -> None:
    """Raise unless every one of ``columns`` is a column of ``frame``; the message lists what is there.

    Parameters
    ----------
    frame : the data frame.
    columns : the column names required.
    name : the parameter's name, for the message.
    func : the public function's name, for the message.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(repr(str(c)) for c in frame.columns[:12]) + (" ..." if frame.shape[1] > 12 else "")
        raise InputError(
            f"{_where(name, func)} has no column {', '.join(repr(c) for c in missing)}; its columns are {have}."
        )


def check_frame(data: Any, *, name: str = "data", func: str | None = None, columns: Collection[str] = (),
                min_rows: int = 1) -> pd.DataFrame:
    """A copy of ``data`` as a DataFrame with the required ``columns`` and at least ``min_rows`` rows.

    The caller's frame is never changed: methods work on the copy.

    Parameters
    ----------
    data : a pandas DataFrame.
    name : the parameter's name, for the message.
    func : the public function's name, for the message.
    columns : column names that must be present.
    min_rows : the fewest rows accepted.
    """
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{_where(name, func)} must be a pandas DataFrame; got {type(data).__name__} instead.")
    check_columns(data, columns, name=name, func=func)
    if len(data) < min_rows:
        raise InputError(f"{_where(name, func)} must have at least {min_rows} row(s); got {len(data)} instead.")
    return data.copy()


#: Text a table cell may hold for "no value" (as pandas writes NaN and None, and an empty cell).
_BLANK = ("", "nan", "NaN", "None", "NA", "<NA>")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _range_text(low: float | None, high: float | None, closed: str) -> str:
    left = closed in ("both", "left")
    right = closed in ("both", "right")
    if low is not None and high is not None:
        return f"a number in {'[' if left else '('}{low:g}, {high:g}{']' if right else ')'}"
    if low is not None:
        return f"{low:g} or more" if left else f"greater than {low:g}"
    return f"{high:g} or less" if right else f"less than {high:g}"


def check_table(
    data: Any,
    *,
    name: str,
    func: str,
    row_label: str = "unit",
    column_label: str = "indicator",
    row_names: str = "unit{}",
    column_names: str = "x{}",
    value_label: str = "value",
    allow_missing: bool = False,
    min_rows: int = 1,
    min_columns: int = 1,
    vector: bool = False,
    low: float | None = None,
    high: float | None = None,
    closed: str = "both",
) -> pd.DataFrame:
    """A float copy of a table of numbers (rows × columns) with string labels; every bad cell raises a located error.

    The one reader of the package's units × indicators (or units × variables, factors × grades) tables: a
    DataFrame keeps its labels; a 2-D array or nested list gets rows ``row_names.format(1)``, … and columns
    ``column_names.format(1)``, …. Text that reads as a number (``"12.5"``) is that number; an empty cell and
    the texts ``nan`` / ``None`` are missing values. The caller's table is never changed.

    Parameters
    ----------
    data : a DataFrame (index = row names, columns = column names) or a 2-D array-like; with ``vector`` also a
        Series or a 1-D array (one column, named after the Series or ``column_names.format(1)``).
    name : the parameter's name, for messages.
    func : the public function's name, for messages.
    row_label, column_label : what a row and a column are, in the user's words (``unit`` / ``indicator``);
        they name the cell in an error's ``location`` (``{"unit": "乙区", "indicator": "升学率"}``) and are the
        names of the returned index and columns.
    row_names, column_names : the labels given to the rows and columns of an array (``{}`` is 1, 2, …).
    value_label : what a cell holds, for messages (``value``, ``input``, ``membership``).
    allow_missing : accept missing values (NaN); a column missing for every row is refused either way.
    min_rows, min_columns : the fewest rows and columns accepted.
    vector : accept one column given as a Series or a 1-D array.
    low, high, closed : the range every value must lie in (``None``: unbounded); ``closed`` is ``"both"``,
        ``"left"``, ``"right"`` or ``"neither"``, as in :func:`check_number`.

    Returns
    -------
    DataFrame of floats, index named ``row_label`` and columns named ``column_label``, both of strings.

    Raises
    ------
    InputError : not a table; fewer than ``min_rows`` rows or ``min_columns`` columns; a row or column label
        that appears twice; a cell that is not a number, infinite, missing (unless ``allow_missing``) or out of
        range — each naming the row and the column; a column with no value at all, naming the column.
    """
    import pandas as pd

    where = _where(name, func)
    rows_word, columns_word = f"{row_label}s", f"{column_label}s"
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
    elif vector and isinstance(data, pd.Series):
        frame = data.to_frame(name=data.name if data.name is not None else column_names.format(1))
    elif isinstance(data, (np.ndarray, list, tuple)):
        try:
            arr = np.asarray(data)
        except ValueError:  # ragged rows
            arr = np.asarray(data, dtype=object)
        # numbers stay a float array (no cell-by-cell reading); text, booleans and objects are read and located below
        arr = arr.astype(float) if arr.dtype.kind in "iuf" else arr.astype(object)
        if vector and arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise InputError(f"{where} must be a 2-D table ({rows_word} in rows, {columns_word} in columns); "
                             f"got an array of shape {arr.shape} instead.")
        frame = pd.DataFrame(arr, index=[row_names.format(i + 1) for i in range(arr.shape[0])],
                             columns=[column_names.format(j + 1) for j in range(arr.shape[1])])
    else:
        kinds = "a pandas DataFrame" + (", a Series" if vector else "") + " or a 2-D array"
        raise InputError(f"{where} must be a table of numbers ({rows_word} x {columns_word}: {kinds}); "
                         f"got {type(data).__name__} instead.")
    m, n = frame.shape
    for count, least, word, axis in ((n, min_columns, column_label, "columns"), (m, min_rows, row_label, "rows")):
        if count == 0 and least > 0:
            raise InputError(f"{where} has no {axis}; give at least {_plural(least, word)}.")
        if count < least:
            raise InputError(f"{where} must have at least {_plural(least, word)} ({axis}); got {count} instead.")
    frame.index = pd.Index([str(u) for u in frame.index], name=row_label)
    frame.columns = pd.Index([str(c) for c in frame.columns], name=column_label)
    for labels, what in ((frame.index, row_label), (frame.columns, column_label)):
        dup = sorted(set(labels[labels.duplicated()]))
        if dup:
            raise InputError(f"{where} names the {what}(s) {dup} more than once; each {what} must appear once.")
    values = _table_values(frame, func=func, row_label=row_label, column_label=column_label,
                           value_label=value_label)

    def cell(mask: np.ndarray) -> dict[str, object]:
        i, j = np.argwhere(mask)[0]
        return {row_label: frame.index[i], column_label: frame.columns[j]}

    infinite = np.isinf(values)
    if infinite.any():
        raise InputError(f"{func}: the {value_label} is infinite", location=cell(infinite))
    missing = np.isnan(values)
    if missing.any():
        empty = missing.all(axis=0)
        if empty.any():
            column = frame.columns[int(np.flatnonzero(empty)[0])]
            raise InputError(f"{func}: the {column_label} has no value for any {row_label}; drop it or supply its "
                             "data", location={column_label: column})
        if not allow_missing:
            raise InputError(f"{func}: the {value_label} is missing ({int(missing.sum())} such cell(s) in {name!r}); "
                             f"{func} needs every {value_label} of every {row_label}: fill it in or leave the "
                             f"{row_label} out", location=cell(missing))
    if low is not None or high is not None:
        with np.errstate(invalid="ignore"):
            below = np.zeros(values.shape, dtype=bool) if low is None else (
                values < low if closed in ("both", "left") else values <= low)
            above = np.zeros(values.shape, dtype=bool) if high is None else (
                values > high if closed in ("both", "right") else values >= high)
        out = below | above
        if out.any():
            i, j = np.argwhere(out)[0]
            raise InputError(f"{func}: every {value_label} must be {_range_text(low, high, closed)}; "
                             f"got {shown_value(values[i, j])}", location=cell(out))
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)


def _table_values(frame: pd.DataFrame, *, func: str, row_label: str, column_label: str,
                  value_label: str) -> np.ndarray:
    """The cells of ``frame`` as floats; a cell that is not a number (text, a boolean, an object) raises, the first
    one in reading order (row by row) named."""
    import pandas as pd

    numeric = [pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in frame.dtypes]
    if all(numeric):
        return frame.to_numpy(dtype=float, na_value=np.nan)
    values = np.empty(frame.shape, dtype=float)
    bad = np.zeros(frame.shape, dtype=bool)
    for j in range(frame.shape[1]):  # by column: each column has its own dtype; text columns are read cell by cell
        col = frame.iloc[:, j]
        if numeric[j]:
            values[:, j] = col.to_numpy(dtype=float, na_value=np.nan)
            continue
        blank = col.isna().to_numpy() | col.astype(str).str.strip().isin(_BLANK).to_numpy()
        logical = col.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
        values[:, j] = pd.to_numeric(col.where(~(blank | logical)), errors="coerce").to_numpy(dtype=float,
                                                                                           na_value=np.nan)
        bad[:, j] = (np.isnan(values[:, j]) & ~blank) | logical
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(f"{func}: the {value_label} {shown_value(frame.iat[i, j])} is not a number "
                         f"({int(bad.sum())} such cell(s))",
                         location={row_label: frame.index[i], column_label: frame.columns[j]})
    return values


#: Marks an entry of :func:`by_label` that must be given (no default).
_REQUIRED: Any = object()


def by_label(values: Any, labels: Sequence[str], *, name: str, func: str | None = None, what: str = "indicator",
             entry: str = "value", default: Any = _REQUIRED) -> list[Any]:
    """One entry per label, from a sequence in label order, a mapping / Series keyed by label, or one value for all.

    Parameters
    ----------
    values : the entries: a sequence (list, tuple, array) with one entry per label in order; a mapping or Series
        keyed by label (keys are compared as strings); any other single value (a number, a text) for every label.
    labels : the labels (indicator ids, grades).
    name : the parameter's name, for messages.
    func : the public function's name, for messages.
    what : what a label is, for messages (``indicator``, ``grade``).
    entry : what an entry is, for messages (``weight``, ``direction``).
    default : the entry of a label that a mapping leaves out; without one, such a label is refused.

    Raises
    ------
    InputError : a sequence of the wrong length; a mapping naming a label that is not there, or (without
        ``default``) leaving one out.
    """
    import pandas as pd

    ids = [str(x) for x in labels]
    where = _where(name, func)
    if isinstance(values, (Mapping, pd.Series)):
        given = {str(k): v for k, v in dict(values).items()}
        unknown = [k for k in given if k not in set(ids)]
        if unknown:
            raise InputError(f"{where} names {what}s that are not in the data: {unknown}; the {what}s are {ids}")
        missing = [i for i in ids if i not in given]
        if missing and default is _REQUIRED:
            raise InputError(f"{where} has no {entry} for the {what}(s) {missing}; give one for every {what} of "
                             f"{ids}")
        return [given.get(i, default) for i in ids]
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray, pd.Index)):
        return [values] * len(ids)
    seq = list(np.asarray(values, dtype=object).ravel()) if isinstance(values, np.ndarray) else list(values)
    if len(seq) != len(ids):
        raise InputError(f"{where} must give one {entry} per {what} ({len(ids)}), in the order {ids}; "
                         f"got {len(seq)} instead.")
    return seq


def check_weights(values: Sequence[Any], labels: Sequence[str], *, name: str = "weights", func: str | None = None,
                  what: str = "indicator") -> np.ndarray:
    """Weights as floats ≥ 0, one per label (as :func:`by_label` gives them); the first bad one is located.

    Parameters
    ----------
    values : one weight per label, in label order.
    labels : the labels, for the error's location.
    name : the parameter's name, for messages.
    func : the public function's name, for messages.
    what : the location key naming a label (``indicator``, ``node``, ``group``).

    Raises
    ------
    InputError : a weight that is not a finite number ≥ 0 (``True`` and text are not numbers here), naming its
        label: "The 'weights' parameter of topsis must hold numbers >= 0; got -0.5".
    """
    out = np.empty(len(values))
    for j, (label, w) in enumerate(zip(labels, values, strict=True)):
        if isinstance(w, (bool, np.bool_)) or not isinstance(w, numbers.Real) or not math.isfinite(float(w)) \
                or float(w) < 0:
            raise InputError(f"{_where(name, func)} must hold numbers >= 0; got {shown_value(w)}",
                             location={what: label})
        out[j] = float(w)
    return out
