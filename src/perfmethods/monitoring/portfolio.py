"""A department's portfolio of in-year reports, read from CSV tables.

A portfolio folder holds (CSV in UTF-8, UTF-8 with BOM or GB18030, read by :func:`perfmethods.io.read_table`;
one header row; column names as below):

``projects.csv``     project, name, department, original_budget, budget (全年预算数), unit
``spending.csv``     project, period, month, executed_cum (cumulative execution at the period's end)
``indicators.csv``   project, id, name, level1, level2, weight, direction, target, unit, [accumulates]
                     (or 累计: yes / no, 是 / 否 — whether the indicator accumulates over the year; blank or
                     absent: the unit decides, :func:`~perfmethods.monitoring.quantities.accumulates`)
``progress.csv``     project, indicator_id, month, value (cumulative), tier (qualitative), [plan]
``adjustments.csv``  the adjustment log (optional; :class:`~perfmethods.monitoring.adjustments.AdjustmentLog`)
``history.csv``      past years' cumulative values for the seasonal outlook (optional): project, item, year,
                     month, value

Rows naming a project that ``projects.csv`` does not list, and numeric cells that are not numbers, are errors
naming the file, row and column; each project's tables are then validated by
:class:`~perfmethods.monitoring.inputs.ProjectReport`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.io import Table, contained_file, framework_from_records, read_table
from perfmethods.monitoring.adjustments import AdjustmentLog
from perfmethods.monitoring.inputs import ProjectReport
from perfmethods.monitoring.quantities import parse_accumulates

__all__ = ["Portfolio", "read_portfolio"]

#: The spellings of the optional "accumulates" column of ``indicators.csv``.
ACCUMULATES_COLUMNS: tuple[str, ...] = ("accumulates", "累计")


@dataclass(frozen=True)
class Portfolio:
    """A department's projects with their in-year reports.

    Attributes
    ----------
    reports : one :class:`ProjectReport` per project, in ``projects.csv`` order.
    adjustments : the adjustment log (empty when there is none).
    history : past years' cumulative values (``None`` when there is none).
    projects : the ``projects.csv`` table.
    source : the folder.
    """

    reports: tuple[ProjectReport, ...]
    adjustments: AdjustmentLog
    history: pd.DataFrame | None
    projects: pd.DataFrame
    source: str = ""

    def __len__(self) -> int:
        return len(self.reports)

    def summary(self) -> pd.DataFrame:
        return self.projects.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reports": [r.to_dict() for r in self.reports],
                "adjustments": self.adjustments.to_dict()}


def _read(path: Path, required: set[str], *, optional: bool = False, allow_outside: bool = False) -> Table | None:
    """The table at ``path`` with blank cells as ``""`` (``None`` for a missing optional table); a table that is a
    symbolic link to a file outside the folder is refused unless ``allow_outside``."""
    if not path.is_file() and not path.is_symlink():
        if optional:
            return None
        raise InputError("the portfolio table is missing", location={"file": str(path)})
    try:
        contained_file(path.name, path.parent, key=path.name, folder="portfolio folder", allow_outside=allow_outside)
    except InputError as exc:
        raise InputError(_message(exc), location={"file": str(path)}) from None
    table = read_table(path)
    missing = required - set(table.data.columns)
    if missing:
        raise InputError(f"the table lacks columns {sorted(missing)}", location={"file": str(path)})
    data = table.data.astype(object).where(table.data.notna(), "")
    return Table.from_frame(data.astype(str).map(str.strip), table.file, sheet=table.sheet, rows=table.rows,
                            header_rows=table.header_rows, headers=table.headers)


def _message(exc: InputError) -> str:
    """The message of ``exc`` without its location prefix."""
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text


def _numbers(table: Table, column: str) -> pd.Series:
    """The column as floats (blank: NaN); a cell that is not a number raises, naming file, row and column."""
    raw = table.data[column]
    number = pd.to_numeric(raw.replace({"": None}), errors="coerce").astype(float)
    bad = np.flatnonzero(number.isna().to_numpy() & (raw != "").to_numpy())
    if bad.size:
        i = int(bad[0])
        raise InputError(f"the {column} must be a number; got {raw.iloc[i]!r}",
                         location=table.location(i, column))
    return number


def _accumulates(table: Table) -> list[bool | None]:
    """The optional yes / no column saying whether each indicator accumulates (``None`` where blank or absent);
    a value that is not yes / no raises, naming file, row and column."""
    present = [c for c in ACCUMULATES_COLUMNS if c in table.data.columns]
    if len(present) > 1:
        raise InputError(f"give whether an indicator accumulates in one column, not in {present}",
                         location={"file": str(table.file)})
    if not present:
        return [None] * len(table.data)
    column = present[0]
    return [parse_accumulates(v, location=table.location(i, column)) for i, v in enumerate(table.data[column])]


def _known(table: Table, ids: list[str]) -> None:
    bad = ~table.data["project"].isin(ids)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(f"project {table.data['project'].iloc[i]!r} is not listed in projects.csv",
                         location={"file": str(table.file), "row": table.row_number(i)})


def read_portfolio(folder: str | Path, *, allow_outside: bool = False) -> Portfolio:
    """Read a portfolio folder (tables described in the module docstring).

    Parameters
    ----------
    folder : the folder holding ``projects.csv``, ``spending.csv``, ``indicators.csv``, ``progress.csv`` and
        optionally ``adjustments.csv`` and ``history.csv``.
    allow_outside : accept tables that are symbolic links to files outside the folder (refused by default).

    Returns
    -------
    Portfolio

    Raises
    ------
    InputError : a missing table or column, a row for an unknown project, or any error of the project reports.
    """
    root = Path(folder)
    tables = {
        "projects": _read(root / "projects.csv", {"project", "name", "budget"}, allow_outside=allow_outside),
        "spending": _read(root / "spending.csv", {"project", "period", "month", "executed_cum"},
                          allow_outside=allow_outside),
        "indicators": _read(root / "indicators.csv", {"project", "id", "name", "level1", "level2", "weight",
                                                      "direction", "target"}, allow_outside=allow_outside),
        "progress": _read(root / "progress.csv", {"project", "indicator_id", "month"}, allow_outside=allow_outside),
    }
    if any(t is None for t in tables.values()):  # pragma: no cover - _read raises for a required table
        raise InputError("a required portfolio table is missing", location={"file": str(root)})
    checked: dict[str, Table] = {k: t for k, t in tables.items() if t is not None}
    projects, spending = checked["projects"].data, checked["spending"].data
    indicators, progress = checked["indicators"].data, checked["progress"].data
    dup = projects["project"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise InputError(f"project {projects['project'].iloc[i]!r} is listed twice",
                         location=checked["projects"].location(i))
    ids = list(projects["project"])
    for name in ("spending", "indicators", "progress"):
        _known(checked[name], ids)
    flags = pd.Series(_accumulates(checked["indicators"]), index=indicators.index, dtype=object)
    indicators = indicators.drop(columns=[c for c in ACCUMULATES_COLUMNS if c in indicators.columns])
    budgets = _numbers(checked["projects"], "budget")
    originals = (_numbers(checked["projects"], "original_budget") if "original_budget" in projects.columns
                 else budgets)
    spending = spending.assign(month=_numbers(checked["spending"], "month"),
                               executed_cum=_numbers(checked["spending"], "executed_cum"))
    for column in ("month", "value"):
        if column in progress.columns:
            _numbers(checked["progress"], column)
    reports = []
    for i, row in enumerate(projects.to_dict(orient="records")):  # one validated report per project
        pid = row["project"]
        sp = spending[spending["project"] == pid].drop(columns="project")
        if sp.empty:
            raise InputError(f"project {pid!r} has no rows in spending.csv; give its cumulative execution by period",
                             location={"file": str(root / "spending.csv"), "project": pid})
        ind = indicators[indicators["project"] == pid].drop(columns="project")
        explicit = {k: v for k, v in zip(ind["id"], flags[ind.index], strict=True) if v is not None}
        fw = None
        if len(ind):
            recs = ind.to_dict(orient="records")
            fw = framework_from_records(recs, name=row["name"], source=str(root / "indicators.csv"))
        pr = progress[progress["project"] == pid].drop(columns="project")
        pr = pr.replace({"": None}) if len(pr) else None
        budget = float(budgets.iloc[i])
        original = float(originals.iloc[i]) if np.isfinite(originals.iloc[i]) else budget
        if not np.isfinite(budget):
            raise InputError(f"the budget of project {pid!r} is not a number",
                             location=checked["projects"].location(i, "budget", project=pid))
        reports.append(ProjectReport.from_tables(
            pid, budget=budget, original=original, spending=sp, framework=fw, progress=pr, name=row["name"],
            department=row.get("department", ""), unit=row.get("unit") or "万元", source=str(root),
            accumulates=explicit))
    adj_table = _read(root / "adjustments.csv", {"project", "item", "date", "reason", "approval", "before",
                                                 "after"}, optional=True,
                      allow_outside=allow_outside)
    log = AdjustmentLog()
    if adj_table is not None:
        log = AdjustmentLog.from_frame(adj_table.data, source=str(root / "adjustments.csv"))
    hist_table = _read(root / "history.csv", {"project", "item", "year", "month", "value"}, optional=True,
                       allow_outside=allow_outside)
    hist = None
    if hist_table is not None:
        numbers = {c: _numbers(hist_table, c) for c in ("year", "month", "value")}
        for column, values in numbers.items():
            blank = np.flatnonzero(values.isna().to_numpy())
            if blank.size:
                raise InputError(f"the {column} is blank",
                                 location=hist_table.location(int(blank[0]), column))
        hist = hist_table.data.assign(year=numbers["year"].astype(np.int64),
                                      month=numbers["month"].astype(int),
                                      value=numbers["value"].astype(float))
    return Portfolio(reports=tuple(reports), adjustments=log, history=hist, projects=projects.reset_index(drop=True),
                     source=str(root))
