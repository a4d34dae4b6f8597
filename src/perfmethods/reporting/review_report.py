"""The batch review (复核) as documents: one workbook and one HTML page a finance bureau files.

:func:`perfmethods.evaluation.review_folder` decides (re-scores every table, lists every issue); this module only
writes what it decided, in the reader's words: statuses and the scoring convention as labels, not codes; the page
carries its own font subset (:mod:`perfmethods.reporting.web_font`), so Chinese reads on any machine; every text
cell of the workbook is escaped against formula injection.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.evaluation.review import REVIEW_ISSUE_COLUMNS, REVIEW_SUMMARY_COLUMNS, ReviewResult
from perfmethods.io.tables import escape_formula, workbook_bytes
from perfmethods.reporting.web_font import EMBEDDED_FAMILY, font_face_css
from perfmethods.reporting.wording import profile_label

__all__ = ["write_review"]

_STATUS = {
    "zh": {"reviewed": "已重算", "unreadable": "无法读取"},
    "en": {"reviewed": "re-scored", "unreadable": "unreadable"},
}
#: Columns a reader needs; the issue codes stay in the result, the issues sheet explains each one in words.
_SHOWN = [c for c in REVIEW_SUMMARY_COLUMNS if c != "issues"]
_SHOWN_ISSUES = [c for c in REVIEW_ISSUE_COLUMNS if c != "code"]
_SEVERITY = {"zh": {"error": "错误", "warning": "需关注", "info": "提示"},
             "en": {"error": "error", "warning": "to check", "info": "note"}}


def _issues(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = frame[_SHOWN_ISSUES]
    return shown.assign(severity=shown["severity"].map(lambda s: _SEVERITY[lang].get(s, s)))

_SHEET_TITLES = {"zh": ("汇总", "问题清单"), "en": ("summary", "issues")}
_HEADERS = {
    "zh": {
        "file": "文件", "status": "状态", "project": "项目名称", "printed_total": "表上总分", "row_sum": "各行合计",
        "recomputed_total": "重算总分", "grade": "等级", "n_issues": "问题数", "issues": "问题类别",
        "reason": "无法读取的原因", "row": "行", "indicator": "指标", "code": "类别", "severity": "严重程度",
        "message": "说明",
    },
    "en": {c: c.replace("_", " ") for c in (*REVIEW_SUMMARY_COLUMNS, *REVIEW_ISSUE_COLUMNS)},
}


def _safe_cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    return escape_formula(value) if isinstance(value, str) else value


def write_review(review: ReviewResult, path: str | Path) -> tuple[Path, Path]:
    """Write a batch review: one workbook (summary sheet + issues sheet) and an HTML summary beside it.

    Text cells are escaped against formula injection (:func:`perfmethods.io.tables.escape_formula`): a
    cell of a submitted table that starts with ``=`` is written as text, never as a formula.

    Parameters
    ----------
    review : the result of :func:`review_folder`.
    path : the workbook to write (``.xlsx``); the HTML summary is written beside it with the suffix
        ``.html``.

    Returns
    -------
    (Path, Path) : the workbook and the HTML file.

    Raises
    ------
    InputError : a path that does not end in ``.xlsx``, or a folder that does not exist.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"The review workbook must be an .xlsx file; got {out.name}.")
    if not out.parent.is_dir():
        raise InputError(f"The folder for the review workbook does not exist: {out.parent}")
    lang = review.language
    headers = _HEADERS[lang]
    wb = Workbook()
    frames = (_readable(review.tables, lang)[_SHOWN], _issues(review.issues, lang))
    for k, (title, frame) in enumerate(zip(_SHEET_TITLES[lang], frames, strict=True)):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title
        ws.append([headers[c] for c in frame.columns])
        for values in frame.itertuples(index=False):  # a review's rows: tens to thousands
            ws.append([_safe_cell(v) for v in values])
        for j, column in enumerate(frame.columns, start=1):
            ws.column_dimensions[get_column_letter(j)].width = 60 if column in ("message", "reason") else 14
        ws.freeze_panes = "A2"
    out.write_bytes(workbook_bytes(wb))
    html_path = out.with_suffix(".html")
    html_path.write_text(_review_html(review), encoding="utf-8")
    return out, html_path


def _readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.assign(status=frame["status"].map(lambda s: _STATUS[lang].get(s, s)))


def _review_html(review: ReviewResult) -> str:
    lang = review.language
    headers = _HEADERS[lang]
    title = "自评表复核汇总" if lang == "zh" else "Review of self-evaluation tables"
    facts = (
        f"{'文件夹' if lang == 'zh' else 'Folder'}: {Path(review.folder).name} · "
        f"{'计分口径' if lang == 'zh' else 'Scoring convention'}: {profile_label(str(review.profile), lang)} · "
        f"{'表格数' if lang == 'zh' else 'Tables'}: {review.n_tables} · "
        f"{'无法读取' if lang == 'zh' else 'Unreadable'}: {review.n_unreadable}"
    )

    def render(frame: pd.DataFrame) -> str:
        shown = frame.rename(columns=headers)
        return shown.to_html(
            index=False, escape=True, na_rep="—", float_format=lambda x: f"{x:.2f}", border=0
        )

    names = _SHEET_TITLES[lang]
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f"<style>body{{font-family:'{EMBEDDED_FAMILY}','Noto Sans CJK SC',sans-serif;margin:2em}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;"
        "white-space:nowrap}td:last-child{white-space:normal}th{background:#f0f0f0}</style>"
        f"</head><body><h1>{html.escape(title)}</h1><p>{html.escape(facts)}</p>"
        f"<h2>{html.escape(names[0])}</h2>{render(_readable(review.tables, lang)[_SHOWN])}"
        f"<h2>{html.escape(names[1])}</h2>{render(_issues(review.issues, lang))}</body></html>\n"
    )
    return page.replace("</head>", font_face_css(page) + "</head>", 1)

