"""The index of a batch of reports: one HTML page and one workbook listing every project of the portfolio.

:func:`perfmethods.reporting.batch.render_batch` decides (which project rendered, which was current, which failed
and why); this module only writes the table it made, in the reader's words: statuses as labels, never codes; the
total in points with two decimals (the reports' rounding); the grade and next year's budget action; a relative link
to each report, so the output folder can be moved or mailed as a whole. The page is self-contained and works
offline: no script, no stylesheet or font from the network, the package's CJK font subset embedded
(:mod:`perfmethods.reporting.web_font`). Both files are written atomically (temporary file, then rename).
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import pandas as pd

from perfmethods.i18n import t
from perfmethods.io.tables import escape_formula, workbook_bytes
from perfmethods.reporting.publishing import write_atomic
from perfmethods.reporting.web_font import EMBEDDED_FAMILY, font_face_css
from perfmethods.validation import check_language

__all__ = ["INDEX_COLUMNS", "INDEX_HTML", "INDEX_XLSX", "index_page", "write_index"]

INDEX_HTML = "index.html"
INDEX_XLSX = "index.xlsx"
#: The columns the index shows, in order (keys of the ``batch.col.*`` labels).
INDEX_COLUMNS: tuple[str, ...] = (
    "number", "name", "project", "department", "total", "grade", "recommendation", "status", "report", "error",
)

_CSS = (
    f"body{{font-family:'{EMBEDDED_FAMILY}','Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;"
    "color:#222}h1{font-size:1.6em}table{border-collapse:collapse;margin-top:1em}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0;white-space:nowrap}td.num{text-align:right;white-space:nowrap}td.short{white-space:nowrap}"
    "tr.failed td{background:#fff4f2}td.error{max-width:36em;font-size:.9em;color:#8a1f11}"
    ".facts{color:#444}.note{color:#666;font-size:.9em;margin-top:1.5em}"
)

#: Columns kept on one line (codes, grades, short actions).
_SHORT = frozenset({"project", "grade", "recommendation"})


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cells(row: Any, number: int, language: str) -> dict[str, Any]:
    """The shown values of one row (text, or a number for the total), ``None`` where there is nothing."""
    total = None if _missing(row.total) else round(float(row.total), 2)
    return {
        "number": number,
        "name": None if _missing(row.name) else row.name,
        "project": row.project,
        "department": None if _missing(row.department) else row.department,
        "total": total,
        "grade": None if _missing(row.grade) else row.grade,
        "recommendation": None if _missing(row.recommendation) else row.recommendation,
        "status": t(f"batch.status.{row.status}", language),
        "report": None if _missing(row.report) else row.report,
        "error": None if _missing(row.error) else row.error,
    }


def index_page(table: pd.DataFrame, *, language: str = "zh", notebook: str = "") -> str:
    """The index as one self-contained HTML page (the embedded font included).

    Parameters
    ----------
    table : the batch table (:data:`perfmethods.reporting.batch.BATCH_COLUMNS`).
    language : ``"zh"`` or ``"en"``.
    notebook : the report notebook's file name, shown under the title.
    """
    language = check_language(language, func="index_page")
    counts = table["status"].value_counts()
    facts = t(
        "batch.facts", language, n=len(table), rendered=int(counts.get("rendered", 0)),
        skipped=int(counts.get("skipped", 0)), failed=int(counts.get("failed", 0)),
    )
    # the column of failure reasons only when something failed (the workbook keeps every column)
    columns = INDEX_COLUMNS if counts.get("failed", 0) else tuple(c for c in INDEX_COLUMNS if c != "error")
    header = "".join(f"<th>{html.escape(t(f'batch.col.{c}', language))}</th>" for c in columns)
    body = []
    for number, row in enumerate(table.itertuples(index=False), start=1):
        cells = _cells(row, number, language)
        shown = []
        for column in columns:
            value = cells[column]
            if value is None:
                shown.append("<td>—</td>")
            elif column == "total":
                shown.append(f'<td class="num">{value:.2f}</td>')
            elif column == "number":
                shown.append(f'<td class="num">{value}</td>')
            elif column == "report":
                href, label = html.escape(value, quote=True), html.escape(t("batch.open_report", language))
                shown.append(f'<td class="short"><a href="{href}">{label}</a></td>')
            elif column == "error":
                shown.append(f'<td class="error">{html.escape(str(value))}</td>')
            elif column in _SHORT:
                shown.append(f'<td class="short">{html.escape(str(value))}</td>')
            else:
                shown.append(f"<td>{html.escape(str(value))}</td>")
        css_class = ' class="failed"' if row.status == "failed" else ""
        body.append(f"<tr{css_class}>{''.join(shown)}</tr>")
    title = t("batch.title", language)
    source = t("batch.notebook", language, notebook=notebook) if notebook else ""
    page = (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p class=\"facts\">{html.escape(facts)}</p>"
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f'<p class="note">{html.escape(t("batch.note", language))}{html.escape(source)}</p>'
        "</body></html>\n"
    )
    return page.replace("</head>", font_face_css(page) + "</head>", 1)


def _workbook(table: pd.DataFrame, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = t("batch.sheet", language)
    ws.append([t(f"batch.col.{c}", language) for c in INDEX_COLUMNS])
    for number, row in enumerate(table.itertuples(index=False), start=1):  # one row per project: tens to hundreds
        cells = _cells(row, number, language)
        values = [
            t("batch.open_report", language) if c == "report" and cells[c] is not None
            else (escape_formula(cells[c]) if isinstance(cells[c], str) else cells[c])
            for c in INDEX_COLUMNS
        ]
        ws.append(values)
        if cells["report"] is not None:
            link = ws.cell(row=number + 1, column=INDEX_COLUMNS.index("report") + 1)
            link.hyperlink = cells["report"]
            link.font = Font(color="0563C1", underline="single")
        ws.cell(row=number + 1, column=INDEX_COLUMNS.index("total") + 1).number_format = "0.00"
    widths = {"number": 6, "name": 28, "project": 14, "department": 24, "error": 70}
    for j, column in enumerate(INDEX_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths.get(column, 12)
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)


def write_index(
    table: pd.DataFrame, output_dir: str | Path, *, language: str = "zh", notebook: str = ""
) -> tuple[Path, Path]:
    """Write ``index.html`` and ``index.xlsx`` into ``output_dir``, each atomically.

    Parameters
    ----------
    table : the batch table (:data:`perfmethods.reporting.batch.BATCH_COLUMNS`).
    output_dir : the batch's output folder (it exists).
    language : ``"zh"`` or ``"en"``.
    notebook : the report notebook's file name, shown on the page.

    Returns
    -------
    (Path, Path) : the page and the workbook.
    """
    out = Path(output_dir)
    page, workbook = out / INDEX_HTML, out / INDEX_XLSX
    write_atomic(workbook, _workbook(table, language))
    write_atomic(page, index_page(table, language=language, notebook=notebook).encode("utf-8"))
    return page, workbook
