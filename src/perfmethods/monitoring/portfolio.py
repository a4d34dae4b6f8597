"""A department's portfolio of in-year reports, read from CSV tables.

A portfolio folder holds (UTF-8 CSV, one header row; column names as below):

``projects.csv``     project, name, department, original_budget, budget (全年预算数), unit
``spending.csv``     project, period, month, executed_cum (cumulative execution at the period's end)
``indicators.csv``   project, id, name, level1, level2, weight, direction, target, unit
``progress.csv``     project, indicator_id, month, value (cumulative), tier (qualitative), [plan]
``adjustments.csv``  the adjustment log (optional; :class:`~perfmethods.monitoring.adjustments.AdjustmentLog`)
``history.csv``      past years' cumulative values for the seasonal outlook (optional): project, item, year,
                     month, value

Rows naming a project that ``projects.csv`` does not list are errors (naming file and row); each project's
tables are then validated by :class:`~perfmethods.monitoring.inputs.ProjectReport`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from perfmethods.errors import InputError
from perfmethods.model.framework import IndicatorFramework
from perfmethods.monitoring.adjustments import AdjustmentLog
from perfmethods.monitoring.inputs import ProjectReport
from perfmethods.io import framework_from_records

__all__ = ["Portfolio", "read_portfolio"]


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


def _read(path: Path, required: set[str], *, optional: bool = False) -> pd.DataFrame | None:
    if not path.is_file():
        if optional:
            return None
        raise InputError("the portfolio table is missing", location={"file": str(path)})
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = required - set(frame.columns)
    if missing:
        raise InputError(f"the table lacks columns {sorted(missing)}", location={"file": str(path)})
    return frame


def _known(frame: pd.DataFrame, ids: list[str], path: Path) -> None:
    bad = ~frame["project"].isin(ids)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(f"project {frame['project'].iloc[i]!r} is not listed in projects.csv",
                         location={"file": str(path), "row": i + 2})


def read_portfolio(folder: str | Path) -> Portfolio:
    """Read a portfolio folder (tables described in the module docstring).

    Parameters
    ----------
    folder : the folder holding ``projects.csv``, ``spending.csv``, ``indicators.csv``, ``progress.csv`` and
        optionally ``adjustments.csv`` and ``history.csv``.

    Returns
    -------
    Portfolio

    Raises
    ------
    InputError : a missing table or column, a row for an unknown project, or any error of the project reports.
    """
    root = Path(folder)
    projects = _read(root / "projects.csv", {"project", "name", "budget"})
    spending = _read(root / "spending.csv", {"project", "period", "month", "executed_cum"})
    indicators = _read(root / "indicators.csv", {"project", "id", "name", "level1", "level2", "weight",
                                                 "direction", "target"})
    progress = _read(root / "progress.csv", {"project", "indicator_id", "month"})
    if projects is None or spending is None or indicators is None or progress is None:  # pragma: no cover
        raise InputError("a required portfolio table is missing", location={"file": str(root)})
    for frame in (projects, spending, indicators, progress):
        frame["project"] = frame["project"].str.strip()
    dup = projects["project"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise InputError(f"project {projects['project'].iloc[i]!r} is listed twice",
                         location={"file": str(root / "projects.csv"), "row": i + 2})
    ids = list(projects["project"])
    for frame, name in ((spending, "spending.csv"), (indicators, "indicators.csv"), (progress, "progress.csv")):
        _known(frame, ids, root / name)
    reports = []
    for row in projects.to_dict(orient="records"):  # one validated report per project
        pid = row["project"]
        sp = spending[spending["project"] == pid].drop(columns="project")
        sp = sp.assign(month=pd.to_numeric(sp["month"], errors="coerce"),
                       executed_cum=pd.to_numeric(sp["executed_cum"], errors="coerce"))
        ind = indicators[indicators["project"] == pid].drop(columns="project")
        fw = None
        if len(ind):
            recs = ind.to_dict(orient="records")
            fw = framework_from_records(recs, name=row["name"], source=str(root / "indicators.csv"))
        pr = progress[progress["project"] == pid].drop(columns="project")
        pr = pr.replace({"": None}) if len(pr) else None
        try:
            budget = float(row["budget"])
            original = float(row.get("original_budget") or row["budget"])
        except ValueError:
            raise InputError(f"the budget of project {pid!r} is not a number",
                             location={"file": str(root / "projects.csv"), "project": pid}) from None
        reports.append(ProjectReport.from_tables(
            pid, budget=budget, original=original, spending=sp, framework=fw, progress=pr, name=row["name"],
            department=row.get("department", ""), unit=row.get("unit") or "万元", source=str(root)))
    adj = _read(root / "adjustments.csv", {"project", "item", "date", "reason", "approval", "before", "after"},
                optional=True)
    log = AdjustmentLog.from_frame(adj, source=str(root / "adjustments.csv")) if adj is not None else AdjustmentLog()
    hist = _read(root / "history.csv", {"project", "item", "year", "month", "value"}, optional=True)
    if hist is not None:
        hist = hist.assign(year=pd.to_numeric(hist["year"]), month=pd.to_numeric(hist["month"]).astype(int),
                           value=pd.to_numeric(hist["value"]).astype(float))
    return Portfolio(reports=tuple(reports), adjustments=log, history=hist, projects=projects.reset_index(drop=True),
                     source=str(root))
