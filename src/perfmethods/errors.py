"""One exception and warning hierarchy for perfmethods.

Every error the package raises on purpose is a :class:`PerfMethodsError`. Each also subclasses the
built-in exception it refines, so ``except ValueError`` keeps working for callers who do not know
this package (``InputError`` is a ``ValueError``; ``RenderError`` is a ``RuntimeError``).

Messages say what was expected, what was found, where (file, sheet, row, column, indicator id),
and how to fix it, in the user's terms. Use :func:`located` to build the "where" part uniformly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "PerfMethodsError",
    "InputError",
    "SchemaError",
    "RenderError",
    "ParameterError",
    "PerfMethodsWarning",
    "ConsistencyWarning",
    "DataQualityWarning",
    "located",
]


class PerfMethodsError(Exception):
    """Base class of every error raised on purpose by perfmethods."""


class InputError(PerfMethodsError, ValueError):
    """A user-supplied value, file or table is invalid.

    Attributes
    ----------
    location : dict
        Where the problem is, e.g. ``{"file": "indicators.csv", "row": 7, "column": "目标值"}``.
        Empty when the problem is not tied to a place in a file.
    message : str
        The message without its location (so that a caller who knows more of the place can raise it
        again with a fuller ``location``).
    """

    def __init__(self, message: str, *, location: Mapping[str, object] | None = None) -> None:
        message = plain_numbers(message)
        self.message: str = message
        self.location: dict[str, object] = dict(location or {})
        where = located(**self.location)
        super().__init__(f"{where}: {message}" if where else message)


class SchemaError(InputError):
    """A table lacks a required column or has one that cannot be read as its declared type."""


class ParameterError(InputError):
    """A report parameter is unknown, of the wrong type, or points at a missing input file."""


class RenderError(PerfMethodsError, RuntimeError):
    """A report notebook failed while executing or exporting; no report was written."""


class PerfMethodsWarning(UserWarning):
    """Base class of perfmethods warnings: a result is computed but deserves a look."""


class ConsistencyWarning(PerfMethodsWarning):
    """Judgments or weights are inconsistent (e.g. AHP CR >= 0.10, weights not summing to 100)."""


class DataQualityWarning(PerfMethodsWarning):
    """Input data look wrong (e.g. spending above budget, a constant indicator column)."""


_ORDER = ("file", "sheet", "line", "row", "column", "indicator", "key", "cell")
_LABEL = {"indicator": "indicator", "key": "parameter"}


def located(**where: object) -> str:
    """Format a location as ``file 'x.csv', sheet 'S', row 7, column '目标值'``.

    Unknown keys are appended in the order given; ``None`` values are skipped.
    """
    parts: list[str] = []
    keys = [k for k in _ORDER if k in where] + [k for k in where if k not in _ORDER]
    for key in keys:
        value = where[key]
        if value is None:
            continue
        label = _LABEL.get(key, key)
        parts.append(f"{label} {value}" if isinstance(value, int) else f"{label} '{value}'")
    return ", ".join(parts)


_NUMPY_SCALAR = re.compile(r"\bnp\.(?:float|int|uint|complex)\d*\(([^()]*)\)")
_NUMPY_TEXT = re.compile(r"\bnp\.str_\(('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\)")
_NUMPY_BOOL = re.compile(r"\bnp\.(True|False)_\b")


def _plain_number(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    if number != number:
        return "NaN"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return text


def plain_numbers(message: str) -> str:
    """``message`` with numpy reprs written as a person writes the value: ``np.float64(99.0)`` → ``99``,
    ``np.int64(3)`` → ``3``, ``np.str_('x')`` → ``'x'``, ``np.True_`` → ``True``.

    Messages are built from values that may be numpy scalars (a cell of an array, an element of a Series);
    since numpy 2 their ``repr`` names the type. Every package exception passes its message through here, so
    no message shows one, whichever module built it (:func:`perfmethods.validation.shown_value` formats a
    single value the same way).

    Parameters
    ----------
    message : the message text.
    """
    message = _NUMPY_SCALAR.sub(lambda m: _plain_number(m.group(1)), message)
    message = _NUMPY_TEXT.sub(lambda m: m.group(1), message)
    return _NUMPY_BOOL.sub(lambda m: m.group(1), message)
