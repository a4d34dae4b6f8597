"""Review (复核) of published self-evaluation tables: printed points beside a re-score, one table or a folder.

A finance bureau that spot-checks (抽查复核) a unit's 项目支出绩效自评表 (财预〔2020〕10号 附件2) re-scores it with
:func:`perfmethods.evaluation.evaluate` and lays the printed 得分 beside the recomputed points, row by row
(:func:`compare_printed`, with the totals of :func:`printed_totals`). :func:`review_table` lists the issues of
one table; :func:`review_folder` does it for every table of a folder (a batch review), and
:func:`write_review` writes the workbook and the HTML summary. Nothing is corrected here: a difference is
something for the reviewer to look at.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.errors import InputError, PerfMethodsError
from perfmethods.evaluation.finding_templates import build_finding
from perfmethods.evaluation.pipeline import evaluate
from perfmethods.evaluation.result import EvaluationResult
from perfmethods.findings import Finding
from perfmethods.indicators.linting import lint
from perfmethods.indicators.profiles import LocalityProfile, get_profile
from perfmethods.io.framework import SelfEvaluationTable, read_self_evaluation_table
from perfmethods.model.framework import Computed
from perfmethods.progress import progress_bar
from perfmethods.results import Result, json_records
from perfmethods.validation import check_number

__all__ = [
    "REVIEW_ISSUE_COLUMNS",
    "REVIEW_SUMMARY_COLUMNS",
    "ReviewResult",
    "compare_printed",
    "printed_totals",
    "review_folder",
    "review_table",
]


def compare_printed(
    table: SelfEvaluationTable, result: EvaluationResult, *, tolerance: float = 0.005
) -> pd.DataFrame:
    """The points as printed beside the points of a re-score, row by row.

    Parameters
    ----------
    table : a published self-evaluation table (:func:`perfmethods.io.read_self_evaluation_table`).
    result : the evaluation of this table, e.g. ``evaluate(table.framework, table.actuals,
        budget=table.budget, mode="self")``.
    tolerance : a printed and a recomputed value that differ by at most this many points agree
        (default 0.005: equal at the two decimals tables print).

    Returns
    -------
    pandas.DataFrame
        One row per scored row of ``result`` (in its order), then any printed row the result does
        not have, with the columns ``id``, ``row`` (the spreadsheet row, ``<NA>`` for a row the table
        does not have, such as a budget row the profile adds), ``name``, ``target_text``,
        ``actual_text``, ``points_available`` (as scored), ``printed`` (得分 as printed, NaN when blank
        or absent), ``recomputed`` (the points awarded by ``result``, NaN when absent), ``difference``
        (recomputed − printed), ``agrees`` (``True`` when both are numbers within ``tolerance``) and
        ``method`` (the scoring method ``result`` applied: positive, reverse, equal, range, qualitative,
        panel, budget_execution or missing).

    Raises
    ------
    InputError : a negative or non-finite ``tolerance``.

    Notes
    -----
    Nothing is corrected: a difference means the printed table did something the formula did not
    (an evaluator's score inside a qualitative tier, a reviewer's deduction, other rounding) or a
    value the re-score could not read; the result's findings say which.
    """
    tolerance = check_number(tolerance, name="tolerance", func="compare_printed", low=0.0)
    scored = result.indicators.set_index("id")
    ids = list(dict.fromkeys([*scored.index, *table.printed_points.index]))
    by_id = {ind.id: ind for ind in table.framework.indicators}
    actual_text = {v.indicator_id: v.value.text for v in table.actuals.values}

    def pick(column: str, i: str, fallback: object) -> object:
        return scored.at[i, column] if i in scored.index else fallback

    printed = table.printed_points.reindex(ids).to_numpy(dtype=float)
    recomputed = np.array([float(pick("points", i, math.nan)) for i in ids], dtype=float)
    difference = recomputed - printed
    frame = pd.DataFrame(
        {
            "id": ids,
            "row": pd.array([table.rows.get(i) for i in ids], dtype="Int64"),
            "name": [pick("name", i, by_id[i].name if i in by_id else "") for i in ids],
            "target_text": [pick("target_text", i, by_id[i].target.text if i in by_id else "") for i in ids],
            "actual_text": [pick("actual_text", i, actual_text.get(i, "")) for i in ids],
            "points_available": [
                float(pick("points_available", i, by_id[i].points if i in by_id else math.nan)) for i in ids
            ],
            "printed": printed,
            "recomputed": recomputed,
            "difference": difference,
            "agrees": np.abs(np.nan_to_num(difference, nan=np.inf)) <= tolerance + 1e-9,
            "method": [pick("method", i, "") for i in ids],
        }
    )
    frame.attrs["totals"] = printed_totals(table, result)
    return frame


def printed_totals(table: SelfEvaluationTable, result: EvaluationResult) -> dict[str, float | None]:
    """The three totals a reviewer compares: as printed, as the printed rows add up, and as re-scored.

    Parameters
    ----------
    table : the published table (:func:`perfmethods.io.read_self_evaluation_table`).
    result : its re-score (:func:`~perfmethods.evaluation.evaluate`).

    Returns
    -------
    dict
        ``printed_total`` (the 总分 row's 得分, ``None`` when blank), ``row_sum`` (the sum of the rows'
        printed 得分, blanks counted as 0), ``recomputed_total`` (``result.total``), ``points_sum`` (the
        rows' printed 分值) and ``printed_total_weight`` (the 总分 row's 分值, ``None`` when blank).
        :func:`compare_printed` attaches them as ``frame.attrs["totals"]``.
    """
    return {
        "printed_total": table.printed_total,
        "row_sum": float(np.nansum(table.printed_points.to_numpy(dtype=float))),
        "recomputed_total": float(result.total),
        "points_sum": float(table.framework.points().sum()),
        "printed_total_weight": table.printed_total_weight,
    }


#: The columns of :attr:`ReviewResult.tables`, in order.
REVIEW_SUMMARY_COLUMNS: tuple[str, ...] = (
    "file",
    "status",
    "project",
    "printed_total",
    "row_sum",
    "recomputed_total",
    "grade",
    "n_issues",
    "issues",
    "reason",
)
#: The columns of :attr:`ReviewResult.issues`, in order.
REVIEW_ISSUE_COLUMNS: tuple[str, ...] = ("file", "row", "indicator", "code", "severity", "message")

#: File endings a batch review reads.
_TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def _rounding_tolerance(profile: LocalityProfile) -> float:
    """Half a unit of the last decimal a profile keeps (0.005 at 2 decimals, 0.5 for integer tables)."""
    return 0.5 * 10.0 ** -int(profile.decimals.value)


def review_table(
    table: SelfEvaluationTable,
    *,
    profile: str | LocalityProfile = "central",
    mode: str = "self",
) -> tuple[EvaluationResult, list[Finding]]:
    """Re-score one published table and list its issues (the checks of a 复核).

    Issue codes (:data:`~perfmethods.evaluation.finding_templates.FINDING_TEMPLATES`):

    * ``review_row_sum`` — the rows' printed 得分 do not add up to the printed 总分 (beyond 0.005);
    * ``review_points_total`` — the rows' 分值 do not add up to 100 (the profile's indicator points when the
      table has no scored budget row);
    * ``review_formula_differs`` — a row's printed 得分 differs from the re-score beyond the profile's rounding
      (half a unit of its last decimal);
    * ``review_overachievement`` — an actual at or above the profile's over-achievement ratio with no reason
      in 偏差原因;
    * ``review_untiered`` — a qualitative row with neither a tier nor wording that states the target met;
    * ``review_execution_rate`` — the printed 执行率 differs from 全年执行数 / 全年预算数 by more than
      0.05 percentage points;
    * ``review_vague_target`` — a target that :func:`~perfmethods.indicators.linting.lint` finds vague.

    Parameters
    ----------
    table : a table read by :func:`perfmethods.io.read_self_evaluation_table`.
    profile : the locality profile (or its name) to re-score under; ``"as_printed"`` keeps points that do
        not add up to 100.
    mode : the evaluation mode (default ``"self"``: 单位自评).

    Returns
    -------
    (EvaluationResult, list of Finding) : the re-score and the issues, in table order.
    """
    prof = get_profile(profile)
    result = evaluate(table.framework, table.actuals, budget=table.budget, profile=prof, mode=mode)
    compared = compare_printed(table, result, tolerance=_rounding_tolerance(prof))
    totals = compared.attrs["totals"]
    issues: list[Finding] = []
    printed_total = totals["printed_total"]
    if printed_total is not None and abs(totals["row_sum"] - printed_total) > 0.005 + 1e-9:
        issues.append(build_finding("review_row_sum", row_sum=totals["row_sum"], printed_total=printed_total))
    has_budget = any(i.computed is Computed.BUDGET_EXECUTION for i in table.framework.indicators)
    expected = 100.0 if has_budget else prof.indicator_points
    if abs(totals["points_sum"] - expected) > 1e-6:
        issues.append(
            build_finding("review_points_total", points_sum=totals["points_sum"], expected=expected)
        )
    by_id = {i.id: i for i in table.framework.indicators}
    notes = {v.indicator_id: v.note for v in table.actuals.values}
    rows = compared.set_index("id")
    both = compared["printed"].notna() & compared["recomputed"].notna() & ~compared["agrees"]
    for r in compared[both].itertuples(index=False):  # the differing rows of one table
        issues.append(
            build_finding(
                "review_formula_differs",
                r.id,
                row=_row_text(r.row),
                name=r.name,
                printed=float(r.printed),
                recomputed=float(r.recomputed),
                difference=float(r.difference),
            )
        )
    scored = result.indicators.set_index("id")
    for f in result.findings:
        i = f.indicator_id
        if i is None or i not in by_id:
            continue
        row = _row_text(rows.at[i, "row"]) if i in rows.index else "—"
        if f.code == "overachievement" and not notes.get(i, "").strip():
            issues.append(
                build_finding(
                    "review_overachievement",
                    i,
                    row=row,
                    name=by_id[i].name,
                    actual=_amount(scored.at[i, "actual_value"], scored.at[i, "unit"]),
                    target=_amount(scored.at[i, "target_value"], scored.at[i, "unit"]),
                )
            )
        elif f.code in ("tier_needed", "missing_actual") and by_id[i].is_qualitative:
            actual = str(rows.at[i, "actual_text"]) if i in rows.index else ""
            issues.append(
                build_finding("review_untiered", i, row=row, name=by_id[i].name, actual=actual or "—")
            )
    issues.extend(_execution_issue(table))
    for f in lint(table.framework, mode=mode, profile=prof):
        if f.code == "vague_target" and f.indicator_id in by_id:
            ind = by_id[f.indicator_id]
            issues.append(build_finding("review_vague_target", ind.id, name=ind.name, target=ind.target.text))
    return result, issues


def _amount(value: object, unit: object) -> str:
    """A value as scored, in the target's unit (8万元 where the table printed 80000 元)."""
    return f"{float(value):g}{unit if isinstance(unit, str) else ''}"  # type: ignore[arg-type]


def _row_text(row: object) -> str:
    if row is None or row is pd.NA or (isinstance(row, float) and math.isnan(row)):
        return "—"
    return str(int(row))  # type: ignore[call-overload]


def _execution_issue(table: SelfEvaluationTable) -> list[Finding]:
    printed, budget = table.printed_execution_rate, table.budget
    if printed is None or printed.value is None or budget is None or budget.adjusted <= 0:
        return []
    shown = float(printed.value) / (100.0 if printed.unit == "%" else 1.0)
    computed = budget.executed / budget.adjusted
    if abs(shown - computed) <= 0.0005 + 1e-12:
        return []
    return [
        build_finding(
            "review_execution_rate",
            printed=printed.text,
            computed=f"{computed:.2%}",
            executed=budget.executed,
            adjusted=budget.adjusted,
        )
    ]


@dataclasses.dataclass(frozen=True, repr=False)
class ReviewResult(Result):
    """A batch review (复核) of a folder of self-evaluation tables (:func:`review_folder`).

    Attributes
    ----------
    tables : one row per file with :data:`REVIEW_SUMMARY_COLUMNS`: ``file`` (name), ``status``
        (``"reviewed"`` or ``"unreadable"``), ``project``, ``printed_total`` (总分 as printed), ``row_sum`` (the
        printed rows added up), ``recomputed_total``, ``grade``, ``n_issues``, ``issues`` (the codes, joined
        by ``;``), ``reason`` (why an unreadable table could not be read).
    issues : one row per issue with :data:`REVIEW_ISSUE_COLUMNS` (``message`` in ``language``).
    folder : the folder reviewed; profile : the profile's name; mode : the evaluation mode;
    language : ``"zh"`` or ``"en"``, the language of the messages.
    """

    tables: pd.DataFrame
    issues: pd.DataFrame
    folder: str
    profile: str
    mode: str
    language: str = "zh"

    _headline_fields: ClassVar[tuple[str, ...]] = ("folder", "profile", "mode", "n_tables", "n_unreadable")

    @property
    def n_tables(self) -> int:
        return len(self.tables)

    @property
    def n_unreadable(self) -> int:
        return int((self.tables["status"] == "unreadable").sum())

    def summary(self) -> pd.DataFrame:
        """The per-table summary (:attr:`tables`)."""
        return self.tables.copy()

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "profile": self.profile,
            "mode": self.mode,
            "language": self.language,
            "tables": json_records(self.tables),
            "issues": json_records(self.issues),
        }


def _table_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in _TABLE_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def review_folder(
    folder: str | Path,
    *,
    profile: str | LocalityProfile = "central",
    mode: str = "self",
    language: str = "zh",
    progress: bool | None = None,
) -> ReviewResult:
    """Batch review (抽查复核): read and re-score every self-evaluation table in a folder.

    Every ``.xlsx``, ``.xlsm`` and ``.csv`` file directly in ``folder`` (sorted by name; Excel lock files
    ``~$…`` skipped) is read with :func:`~perfmethods.io.read_self_evaluation_table`, re-scored under
    ``profile`` and checked by :func:`review_table`. A table that cannot be read or scored is listed as
    ``unreadable`` with the reason; the batch goes on.

    Parameters
    ----------
    folder : the folder of tables.
    profile : the locality profile or its name (``"as_printed"`` keeps points that do not add up to 100).
    mode : the evaluation mode (default ``"self"``).
    language : ``"zh"`` or ``"en"``: the language of the issue messages.
    progress : show a progress bar (see :func:`perfmethods.progress.progress_bar`); ``None`` (default): on a
        terminal or in JupyterLab, not in CI. The result is the same either way.

    Returns
    -------
    ReviewResult

    Raises
    ------
    InputError : ``folder`` is not a folder, holds no table, or an unknown profile or language.
    """
    if language not in ("zh", "en"):
        raise InputError(f"The 'language' parameter of review_folder must be 'zh' or 'en'; got {language!r}.")
    prof = get_profile(profile)
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"The folder to review does not exist or is not a folder: {path}")
    files = _table_files(path)
    if not files:
        raise InputError(f"The folder {path} holds no table (.xlsx, .xlsm or .csv) to review.")
    summary: list[dict[str, Any]] = []
    issue_rows: list[dict[str, Any]] = []
    with progress_bar(len(files), show=progress, desc="复核 review", unit="表") as bar:
        for file in files:  # one table at a time: reading dominates
            summary_row, issues = _review_file(file, prof, mode, language)
            summary.append(summary_row)
            issue_rows.extend(issues)
            bar.update(1)
    tables = pd.DataFrame.from_records(summary, columns=list(REVIEW_SUMMARY_COLUMNS))
    for column in ("printed_total", "row_sum", "recomputed_total"):
        tables[column] = pd.to_numeric(tables[column], errors="coerce").astype(float)
    tables["n_issues"] = tables["n_issues"].astype(int)
    issues_frame = pd.DataFrame.from_records(issue_rows, columns=list(REVIEW_ISSUE_COLUMNS))
    issues_frame["row"] = pd.array(issues_frame["row"], dtype="Int64")
    return ReviewResult(tables, issues_frame, str(path), prof.name, mode, language)


def _review_file(file: Path, prof: LocalityProfile, mode: str,
                 language: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One table's summary row and issue rows; a table that cannot be read or scored is listed as unreadable."""
    record: dict[str, Any] = {c: None for c in REVIEW_SUMMARY_COLUMNS}
    record.update(file=file.name, reason="", issues="", n_issues=0)
    try:
        table = read_self_evaluation_table(file)
        result, issues = review_table(table, profile=prof, mode=mode)
    except (PerfMethodsError, ValueError, OSError, KeyError) as exc:
        reason = _reason(exc)
        record.update(status="unreadable", project="", reason=reason, n_issues=1, issues="review_unreadable")
        finding = build_finding("review_unreadable", reason=reason)
        return record, [_issue_row(file.name, None, finding, language)]
    totals = printed_totals(table, result)
    record.update(
        status="reviewed",
        project=table.project_name,
        printed_total=totals["printed_total"],
        row_sum=totals["row_sum"],
        recomputed_total=totals["recomputed_total"],
        grade=result.grade,
        n_issues=len(issues),
        issues=";".join(dict.fromkeys(f.code for f in issues)),
    )
    return record, [_issue_row(file.name, table.rows.get(f.indicator_id or ""), f, language) for f in issues]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    if isinstance(exc, PerfMethodsError):
        return text
    unreadable = "the file could not be opened or read"
    return f"{unreadable} ({text})" if text else unreadable


def _issue_row(file: str, row: int | None, finding: Finding, language: str) -> dict[str, Any]:
    return {
        "file": file,
        "row": row,
        "indicator": finding.indicator_id or "",
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message(language),
    }
