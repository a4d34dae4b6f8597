"""The protocol every result object follows, and the JSON-safe helpers its ``to_dict()`` uses.

A result is a frozen dataclass that inherits :class:`Result` (declared ``@dataclass(frozen=True, repr=False)`` so
that the dataclass does not replace the short representation) and provides:

* ``summary()`` — a tidy :class:`pandas.DataFrame` (statsmodels' and linearmodels' ``summary``);
* ``to_frame()`` — the result's main table (by default the summary);
* ``to_dict()`` — JSON-safe (``json.dumps(..., allow_nan=False)`` works): numpy scalars become Python numbers,
  NaN, ±inf and ``pd.NA`` become ``None``, tuples become lists (:func:`json_scalar`, :func:`json_records`);
* a short ``repr`` (at most :data:`REPR_LINES` lines: the type, its headline numbers, the head of the summary)
  and ``_repr_html_`` for JupyterLab;
* ``plot(ax=None, language="zh")`` where a picture helps, with labels from :mod:`perfmethods.i18n`.

Estimators of an effect (the impact designs) also answer ``estimates()``: one row per estimated term with the
columns of :data:`ESTIMATE_COLUMNS`, the same for every design, so that a report compares methods in one table
without knowing which produced each row (CausalPy's ``EffectSummary``; linearmodels' ``params``,
``std_errors``, ``conf_int()``). :func:`estimates_frame` builds and checks that table.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ESTIMATE_COLUMNS", "REPR_LINES", "Result", "estimates_frame", "json_records", "json_scalar"]


def json_scalar(value: Any) -> Any:
    """A JSON-safe version of ``value`` (recursing into tuples and lists)."""
    import pandas as pd

    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (tuple, list)):
        return [json_scalar(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-safe dicts keyed by column name (as ``str``)."""
    return [{str(k): json_scalar(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


#: The columns of every ``estimates()`` table, in this order.
ESTIMATE_COLUMNS: tuple[str, ...] = ("term", "estimate", "se", "ci_low", "ci_high", "p_value", "n", "method")

#: The most lines a result's ``repr`` takes.
REPR_LINES = 20

_HEADLINE_TYPES = (bool, int, float, str, np.number, np.bool_)


def estimates_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The ``estimates()`` table from one mapping per term, with exactly :data:`ESTIMATE_COLUMNS`.

    Missing values (e.g. no standard error for a synthetic control) are NaN; ``n`` is the number of
    observations (units × periods for a panel) behind the estimate; ``method`` names the design in words.

    Parameters
    ----------
    rows : one mapping per estimated term with keys from :data:`ESTIMATE_COLUMNS`.

    Raises
    ------
    ValueError : a row with a key outside :data:`ESTIMATE_COLUMNS` (a programming error, not user input).
    """
    import pandas as pd

    records = [dict(r) for r in rows]
    for record in records:
        extra = set(record) - set(ESTIMATE_COLUMNS)
        if extra:
            raise ValueError(f"estimates rows take only {ESTIMATE_COLUMNS}; got {sorted(extra)}")
    frame = pd.DataFrame.from_records(records, columns=list(ESTIMATE_COLUMNS))
    for column in ("estimate", "se", "ci_low", "ci_high", "p_value"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["n"] = pd.array(pd.to_numeric(frame["n"], errors="coerce"), dtype="Int64")
    frame["term"] = frame["term"].astype(str)
    frame["method"] = frame["method"].astype(str)
    return frame


def _headline(value: Any) -> str | None:
    if isinstance(value, _HEADLINE_TYPES):
        if isinstance(value, (float, np.floating)):
            return f"{float(value):.6g}"
        text = str(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return None


class Result:
    """Base of every result object: a short ``repr``, ``_repr_html_``, ``to_frame()`` and a default ``to_dict()``.

    Subclasses are frozen dataclasses declared with ``repr=False`` and define ``summary()``. They may list the
    fields their ``repr`` shows first in ``_headline_fields``; by default the scalar fields are shown in
    declaration order.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ()

    def summary(self) -> pd.DataFrame:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def to_frame(self) -> pd.DataFrame:
        """The result's main table (its :meth:`summary` unless the result says otherwise)."""
        return self.summary()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe fields: scalars as they are, data frames as records, series as mappings."""
        import pandas as pd

        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, pd.DataFrame):
                out[f.name] = json_records(value)
            elif isinstance(value, pd.Series):
                out[f.name] = {str(k): json_scalar(v) for k, v in value.items()}
            elif isinstance(value, np.ndarray):
                out[f.name] = json_scalar(value.tolist())
            elif isinstance(value, Result):
                out[f.name] = value.to_dict()
            elif isinstance(value, (*_HEADLINE_TYPES, tuple, list, type(None))):
                out[f.name] = json_scalar(value)
        return out

    def _headlines(self) -> list[str]:
        names = list(self._headline_fields) or [f.name for f in dataclasses.fields(self)]  # type: ignore[arg-type]
        lines = []
        for name in names:
            if name.startswith("_"):
                continue
            shown = _headline(getattr(self, name, None))
            if shown is not None:
                lines.append(f"{name}: {shown}")
        return lines[:8]

    def _summary_text(self, rows: int) -> list[str]:
        import pandas as pd

        try:
            table = self.summary()
        except Exception as exc:  # noqa: BLE001 - a repr must never raise
            return [f"(summary unavailable: {type(exc).__name__})"]
        if not isinstance(table, pd.DataFrame):
            return []
        text = table.to_string(max_rows=max(rows, 2), max_cols=6, max_colwidth=20, show_dimensions=False)
        lines = text.splitlines()
        if len(table) > max(rows, 2) or table.shape[1] > 6:
            lines.append(f"[{table.shape[0]} rows x {table.shape[1]} columns: .summary() shows them all]")
        return lines

    def __repr__(self) -> str:
        head = [type(self).__name__] + ["  " + line for line in self._headlines()]
        room = REPR_LINES - len(head) - 1
        body = self._summary_text(max(room - 3, 2))[: max(room, 0)]
        return "\n".join(head + body)

    def _repr_html_(self) -> str:
        import pandas as pd

        head = "".join(f"<li>{html.escape(line)}</li>" for line in self._headlines())
        try:
            table = self.summary()
            body = table.to_html(max_rows=30, max_cols=12, border=0) if isinstance(table, pd.DataFrame) else ""
        except Exception as exc:  # noqa: BLE001 - a repr must never raise
            body = f"<p>(summary unavailable: {html.escape(type(exc).__name__)})</p>"
        return f"<div><strong>{html.escape(type(self).__name__)}</strong><ul>{head}</ul>{body}</div>"
