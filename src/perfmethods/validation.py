"""One validation layer for the options every public function shares: seed, alpha, language, choices, numbers,
columns of a data frame.

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

Why hand-written: scikit-learn's ``_param_validation`` is private and would pull scikit-learn in; these checks
are a few lines each and must raise the package's own :class:`~perfmethods.errors.InputError`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterable
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError

__all__ = [
    "LANGUAGES",
    "check_alpha",
    "check_columns",
    "check_frame",
    "check_language",
    "check_number",
    "check_option",
    "check_rng",
    "check_seed",
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
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{_where(name, func)} must be a pandas DataFrame; got {type(data).__name__} instead.")
    check_columns(data, columns, name=name, func=func)
    if len(data) < min_rows:
        raise InputError(f"{_where(name, func)} must have at least {min_rows} row(s); got {len(data)} instead.")
    return data.copy()
