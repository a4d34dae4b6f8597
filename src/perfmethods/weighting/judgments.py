"""Expert pairwise judgments from Excel workbooks or CSV files (专家判断矩阵).

Two layouts, as analysts collect them:

``"sheets"`` — one sheet per expert (the sheet name is the expert). Each sheet holds a square matrix: the
    first non-empty row gives the criteria across (its first cell is a free corner label such as 判断矩阵),
    the first column gives the same criteria down. A judgment a_ij says how much more important the row
    criterion is than the column criterion on Saaty's 1–9 scale; write 3 or 1/3 (a fraction string is
    read exactly). One triangle suffices: an empty cell whose mirror is filled is the reciprocal; a pair
    empty on both sides is a missing judgment (NaN, for :func:`complete_matrix` or ``ahp(missing=...)``);
    an empty diagonal is 1.
``"long"`` — one sheet with columns ``expert``, ``criterion_a``, ``criterion_b``, ``value`` (Chinese headers
    专家, 指标A/准则A, 指标B/准则B, 判断值/标度 also accepted): "criterion_a is ``value`` times as important as
    criterion_b".

Checks on the Saaty scale: judgments positive numbers, the diagonal 1, a_ij · a_ji = 1 (within 5 %, so
0.33 against 3 passes) where both are written, every expert comparing the same criteria; errors name the
sheet and the cell (``C4``) or row. Judgments outside 1/9 … 9 give a :class:`DataQualityWarning` naming the cell.

A CSV file (UTF-8, UTF-8 with BOM, or GB18030 as Excel saves it on Chinese Windows) is read through
:func:`perfmethods.io.read_table` and holds either the long layout or one expert's matrix, named after the
file; errors name the file, the spreadsheet row and the column.

Why hand-written: ``pandas.read_excel`` loses cell addresses, and error messages must point at the cell
an expert has to fix. The workbook is read by :func:`perfmethods.io.read_sheet_cells` (the package's one XLSX
reader, with its size limits), which keeps every cell at its address.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import DataQualityWarning, InputError, located
from perfmethods.io.tables import CSV_SUFFIXES, Table, read_sheet_cells, read_table
from perfmethods.validation import check_option
from perfmethods.weighting._checks import RECIPROCITY_RTOL

__all__ = ["Judgments", "read_judgments"]

_LONG_COLUMNS = {
    "expert": {"expert", "专家", "专家姓名", "评价专家", "rater"},
    "criterion_a": {"criterion_a", "指标a", "准则a", "因素a", "a", "row"},
    "criterion_b": {"criterion_b", "指标b", "准则b", "因素b", "b", "column"},
    "value": {"value", "判断值", "标度", "比较值", "judgment", "a_ab"},
}


@dataclass(frozen=True)
class Judgments:
    """Experts' pairwise matrices over the same criteria.

    Attributes
    ----------
    matrices : {expert: (n, n) DataFrame} (NaN for pairs an expert did not judge).
    criteria : the criteria, in the order of the first expert.
    source : the workbook path. layout : ``"sheets"`` or ``"long"``.
    """

    matrices: dict[str, pd.DataFrame] = field(repr=False)
    criteria: tuple[str, ...]
    source: str = ""
    layout: str = "sheets"

    @property
    def experts(self) -> tuple[str, ...]:
        return tuple(self.matrices)

    def stack(self) -> np.ndarray:
        """The matrices as one (k, n, n) array, experts in :attr:`experts` order."""
        return np.stack([m.to_numpy(dtype=float) for m in self.matrices.values()])

    def summary(self) -> pd.DataFrame:
        """Tidy long table: expert, criterion_a, criterion_b (a before b in criteria order), value."""
        n = len(self.criteria)
        iu, ju = np.triu_indices(n, 1)
        rows = []
        for expert, m in self.matrices.items():
            a = m.to_numpy(dtype=float)
            for i, j in zip(iu, ju, strict=True):
                rows.append({"expert": expert, "criterion_a": self.criteria[i], "criterion_b": self.criteria[j],
                             "value": a[i, j]})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "layout": self.layout, "criteria": list(self.criteria),
                "matrices": {e: [[None if np.isnan(x) else float(x) for x in row] for row in m.to_numpy(dtype=float)]
                             for e, m in self.matrices.items()}}


def _parse_value(value: object, where: dict[str, object]) -> float:
    """A judgment from a cell: a number, or a string like '3', '1/3', '０.５' (full-width digits allowed)."""
    if value is None:
        return np.nan
    if isinstance(value, bool):
        raise InputError(f"a judgment must be a number such as 3 or 1/3; got {value!r}", location=where)
    if isinstance(value, (int, float, np.integer, np.floating)):
        out = float(value)
    else:
        text = str(value).strip().translate(str.maketrans("０１２３４５６７８９／．", "0123456789/."))
        if text in ("", "-", "—", "nan", "NaN"):
            return np.nan
        try:
            out = float(Fraction(text))
        except (ValueError, ZeroDivisionError):
            raise InputError(f"a judgment must be a number such as 3 or 1/3; got {value!r}", location=where) from None
    if not (np.isfinite(out) and out > 0):
        raise InputError(f"a judgment must be a positive number (1/9 … 9); got {value!r}", location=where)
    return out


def _finish_matrix(raw: np.ndarray, cells: list[list[str]], criteria: list[str], where: dict[str, object]
                   ) -> np.ndarray:
    """Unit diagonal, reciprocals for one-sided cells, checks of written pairs; cells name positions."""
    n = len(criteria)
    a = raw.copy()
    for i in range(n):
        if np.isnan(a[i, i]):
            a[i, i] = 1.0
        elif not np.isclose(a[i, i], 1.0):
            raise InputError(f"a criterion against itself ({criteria[i]}) must be 1; got {a[i, i]:g}",
                             location={**where, "cell": cells[i][i]})
    for i in range(n):
        for j in range(i + 1, n):
            x, y = a[i, j], a[j, i]
            if np.isnan(x) and not np.isnan(y):
                a[i, j] = 1.0 / y
            elif np.isnan(y) and not np.isnan(x):
                a[j, i] = 1.0 / x
            elif not np.isnan(x) and abs(x * y - 1.0) > RECIPROCITY_RTOL:
                raise InputError(
                    f"the judgments of {criteria[i]} against {criteria[j]} are not reciprocal: {cells[i][j]} = {x:g} "
                    f"but {cells[j][i]} = {y:g} (should be {1 / x:.4g}); fill one of the two cells only, or fix one",
                    location={**where, "cell": cells[i][j]},
                )
    off = (a < 1 / 9 - 1e-9) | (a > 9 + 1e-9)
    if off.any():
        i, j = np.argwhere(off)[0]
        warnings.warn(f"{located(**where, cell=cells[i][j])}: judgment {a[i, j]:g} is outside Saaty's 1/9 … 9 scale",
                      DataQualityWarning, stacklevel=4)
    return a


def _read_sheet_matrix(rows: list[list[Any]], where: dict[str, object]) -> tuple[list[str], np.ndarray]:
    from openpyxl.utils import get_column_letter

    # header row: the first row with at least two non-empty cells after the corner
    top = next((r for r, row in enumerate(rows) if sum(v is not None and str(v).strip() != "" for v in row[1:]) >= 2),
               None)
    if top is None:
        raise InputError("no pairwise matrix found: expected criteria across the first row and down the first column",
                         location=where)
    header = rows[top]
    cols = [c for c in range(1, len(header)) if header[c] is not None and str(header[c]).strip() != ""]
    first, last = cols[0], cols[-1]
    if cols != list(range(first, last + 1)):
        raise InputError("the header row has an empty cell between criteria",
                         location={**where, "row": top + 1})
    criteria = [str(header[c]).strip() for c in cols]
    n = len(criteria)
    body = rows[top + 1: top + 1 + n]
    if len(body) < n:
        raise InputError(f"the matrix has {n} criteria across but only {len(body)} rows below the header",
                         location={**where, "row": top + 1})
    down = [str(r[first - 1]).strip() if first - 1 < len(r) and r[first - 1] is not None else "" for r in body]
    if down != criteria:
        pos = next(p for p, (x, y) in enumerate(zip(down, criteria, strict=True)) if x != y)
        cell = f"{get_column_letter(first)}{top + 2 + pos}"
        raise InputError(f"the criteria down the first column must match those across the header in the same order; "
                         f"found {down[pos]!r} where {criteria[pos]!r} is across", location={**where, "cell": cell})
    cells = [[f"{get_column_letter(first + 1 + j)}{top + 2 + i}" for j in range(n)] for i in range(n)]
    raw = np.full((n, n), np.nan)
    for i, row in enumerate(body):
        for j in range(n):
            c = first + j
            value = row[c] if c < len(row) else None
            raw[i, j] = _parse_value(value, {**where, "cell": cells[i][j]})
    return criteria, _finish_matrix(raw, cells, criteria, where)


def _long_columns(frame: pd.DataFrame, where: dict[str, object]) -> dict[str, str] | None:
    found: dict[str, str] = {}
    for col in frame.columns:
        key = str(col).strip().lower().replace(" ", "_")
        for name, spellings in _LONG_COLUMNS.items():
            if key in spellings and name not in found:
                found[name] = col
    if len(found) == 4:
        return found
    return None


def _read_long(frame: pd.DataFrame, cols: dict[str, str], where: dict[str, object],
               rows: Sequence[int] = ()) -> tuple[dict[str, pd.DataFrame], list[str]]:
    criteria: list[str] = []
    for name in ("criterion_a", "criterion_b"):
        for v in frame[cols[name]]:
            if v is not None and not (isinstance(v, float) and np.isnan(v)) and str(v).strip() not in criteria:
                criteria.append(str(v).strip())
    index = {c: p for p, c in enumerate(criteria)}
    n = len(criteria)
    experts: dict[str, tuple[np.ndarray, list[list[str]]]] = {}
    numbers = list(rows) if len(rows) == len(frame) else range(2, len(frame) + 2)  # row 1: the header
    for r, rec in zip(numbers, frame.itertuples(index=False), strict=True):
        rec_d = dict(zip(frame.columns, rec, strict=True))
        expert = str(rec_d[cols["expert"]]).strip()
        a_name, b_name = str(rec_d[cols["criterion_a"]]).strip(), str(rec_d[cols["criterion_b"]]).strip()
        loc = {**where, "row": r}
        if expert in ("", "nan", "None"):
            raise InputError("the expert is empty", location={**loc, "column": cols["expert"]})
        for name, col in ((a_name, "criterion_a"), (b_name, "criterion_b")):
            if name not in index:
                raise InputError("the criterion is empty", location={**loc, "column": cols[col]})
        value = _parse_value(rec_d[cols["value"]], {**loc, "column": cols["value"]})
        if np.isnan(value):
            continue
        raw, cells = experts.setdefault(expert, (np.full((n, n), np.nan), [[""] * n for _ in range(n)]))
        i, j = index[a_name], index[b_name]
        if i == j:
            raw[i, i] = value
            cells[i][i] = f"row {r}"
            continue
        if not np.isnan(raw[i, j]):
            raise InputError(f"the pair {a_name} / {b_name} is judged twice by {expert!r} (also {cells[i][j]})",
                             location=loc)
        raw[i, j] = value
        cells[i][j] = f"row {r}"
    out: dict[str, pd.DataFrame] = {}
    for expert, (raw, cells) in experts.items():
        for i in range(n):
            for j in range(n):
                if not cells[i][j]:
                    cells[i][j] = f"(pair {criteria[i]} / {criteria[j]})"
        a = _finish_matrix(raw, cells, criteria, {**where, "expert": expert})
        out[expert] = pd.DataFrame(a, index=pd.Index(criteria, name="criterion"),
                                   columns=pd.Index(criteria, name="criterion"))
    return out, criteria


def _read_csv_matrix(table: Table, where: dict[str, object]) -> tuple[list[str], np.ndarray]:
    """One expert's matrix from a CSV table: criteria across the header (after a corner cell) and down the
    first column; cells are named by spreadsheet row and column header."""
    data = table.data
    if data.shape[1] < 3:
        raise InputError("no pairwise matrix found: expected criteria across the first row and down the "
                         "first column", location=where)
    corner, *across = [str(c) for c in data.columns]
    criteria = [c.strip() for c in across]
    n = len(criteria)
    if len(data) != n:
        raise InputError(f"the matrix has {n} criteria across but {len(data)} rows below the header",
                         location=where)
    down = ["" if v is None else str(v).strip() for v in data[corner]]
    if down != criteria:
        pos = next(p for p, (x, y) in enumerate(zip(down, criteria, strict=True)) if x != y)
        raise InputError("the criteria down the first column must match those across the header in the same "
                         f"order; found {down[pos]!r} where {criteria[pos]!r} is across",
                         location=table.location(pos, corner))
    cells = [[f"row {table.row_number(i)}, column {across[j]!r}" for j in range(n)] for i in range(n)]
    raw = np.full((n, n), np.nan)
    for i in range(n):  # n ≤ a few dozen criteria: cell by cell, to name the cell that is wrong
        for j, column in enumerate(across):
            raw[i, j] = _parse_value(data[column].iloc[i], table.location(i, column))
    return criteria, _finish_matrix(raw, cells, criteria, where)


def _read_csv_judgments(path: Path, layout: str) -> Judgments:
    """Judgments from a CSV file (UTF-8, with BOM, or GB18030) read by :func:`perfmethods.io.read_table`."""
    table = read_table(path)
    where: dict[str, object] = {"file": path.name}
    if layout in ("auto", "long"):
        cols = _long_columns(table.data, where)
        if cols is not None:
            matrices, criteria = _read_long(table.data, cols, where, rows=table.rows)
            return Judgments(matrices=matrices, criteria=tuple(criteria), source=str(path), layout="long")
        if layout == "long":
            raise InputError("the long layout needs columns expert, criterion_a, criterion_b, value (or 专家, "
                             f"指标A, 指标B, 判断值); found {list(table.data.columns)}", location=where)
    criteria, a = _read_csv_matrix(table, where)
    index = pd.Index(criteria, name="criterion")
    matrix = pd.DataFrame(a, index=index, columns=index.copy())
    return Judgments(matrices={path.stem: matrix}, criteria=tuple(criteria), source=str(path),
                     layout="sheets")


def read_judgments(
    path: str | Path,
    *,
    layout: Literal["auto", "sheets", "long"] = "auto",
    sheets: list[str] | None = None,
) -> Judgments:
    """Read experts' pairwise judgments from an XLSX workbook or a CSV file.

    Parameters
    ----------
    path : the ``.xlsx`` file, or a ``.csv`` file (UTF-8, UTF-8 with BOM or GB18030, read by
        :func:`perfmethods.io.read_table`) holding either the long layout or one expert's matrix (the expert
        is named after the file).
    layout : ``"sheets"`` (one matrix per sheet, the sheet name is the expert), ``"long"`` (one sheet with
        expert / criterion_a / criterion_b / value columns), or ``"auto"`` (default: long when the first
        sheet has those columns, else sheets).
    sheets : for ``"sheets"``, the sheets to read (default all, in workbook order).

    Returns
    -------
    Judgments

    Raises
    ------
    InputError : the file is missing or not an XLSX workbook; a judgment is not a positive number; a diagonal
        is not 1; a written pair is not reciprocal; experts compare different criteria — naming the sheet and
        the cell or row.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("the judgments workbook does not exist", location={"file": str(path)})
    check_option(layout, ("auto", "sheets", "long"), name="layout", func="read_judgments")
    if path.suffix.lower() in CSV_SUFFIXES:
        return _read_csv_judgments(path, layout)
    try:
        book = read_sheet_cells(path)
    except InputError as exc:
        raise InputError(exc.message, location={**exc.location, "file": path.name}) from None
    names = list(book)
    if not names:
        raise InputError("the workbook has no sheets to read", location={"file": path.name})
    if layout in ("auto", "long"):
        rows = book[names[0]]
        frame = pd.DataFrame(rows[1:], columns=[str(c) for c in rows[0]]) if rows else pd.DataFrame()
        where = {"file": path.name, "sheet": names[0]}
        cols = _long_columns(frame, where)
        if cols is not None:
            matrices, criteria = _read_long(frame, cols, where)
            return Judgments(matrices=matrices, criteria=tuple(criteria), source=str(path), layout="long")
        if layout == "long":
            raise InputError("the long layout needs columns expert, criterion_a, criterion_b, value "
                             f"(or 专家, 指标A, 指标B, 判断值); found {list(frame.columns)}", location=where)
    chosen = sheets or names
    missing = [s for s in chosen if s not in names]
    if missing:
        raise InputError(f"sheet(s) {missing} not in the workbook; it has {names}", location={"file": path.name})
    matrices = {}
    criteria: list[str] | None = None
    for name in chosen:
        where = {"file": path.name, "sheet": name}
        crit, a = _read_sheet_matrix(book[name], where)
        if criteria is None:
            criteria = crit
        elif crit != criteria:
            raise InputError(f"this expert compares {crit}, but sheet {chosen[0]!r} compares {criteria}; every "
                             "expert must compare the same criteria in the same order", location=where)
        matrices[name] = pd.DataFrame(a, index=pd.Index(crit, name="criterion"),
                                      columns=pd.Index(crit, name="criterion"))
    return Judgments(matrices=matrices, criteria=tuple(criteria or ()), source=str(path), layout="sheets")
