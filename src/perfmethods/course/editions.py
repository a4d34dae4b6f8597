"""The trainee and trainer editions of the course, rendered through the report pipeline.

A lesson is a notebook in ``notebooks/course/`` named ``NN_topic.ipynb``. Two kinds of cells are for the trainer
only, marked with cell tags:

* ``solution`` — the reference answer of an exercise (it runs the same ``check`` the trainee runs);
* ``trainer`` — teaching notes (timing, questions to ask, pitfalls).

The **trainee edition** is the lesson without those cells, executed as a trainee first sees it (every check says
"not answered yet"); the **trainer edition** is the whole lesson, executed with its solutions. Both are rendered by
:func:`perfmethods.reporting.render` with the code shown (a course teaches the code), each lesson into
``<edition>/<lesson>/report.html`` beside its manifest, and each edition gets an ``index.html`` listing its
lessons. The trainee edition's notebooks contain no solution cell, so handing out its ``executed.ipynb`` gives
nothing away.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.reporting import load_notebook, render
from perfmethods.reporting.publishing import write_atomic
from perfmethods.reporting.web_font import EMBEDDED_FAMILY, font_face_css
from perfmethods.results import Result, json_records
from perfmethods.validation import check_language

__all__ = ["EDITIONS", "TRAINER_TAGS", "CourseBuild", "build_course", "edition_notebook", "lesson_paths"]

#: Cell tags kept out of the trainee edition.
TRAINER_TAGS: frozenset[str] = frozenset({"solution", "trainer"})
#: The editions and their titles (zh, en).
EDITIONS: dict[str, tuple[str, str]] = {"trainee": ("学员版", "trainee edition"),
                                        "trainer": ("教员版", "trainer edition")}
_LESSON_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")


def lesson_paths(source: str | os.PathLike[str] | None = None) -> list[Path]:
    """The lesson notebooks (``NN_topic.ipynb``) of ``source`` (default ``notebooks/course`` of the checkout)."""
    folder = Path(source) if source is not None else data_root().parent / "notebooks" / "course"
    if not folder.is_dir():
        raise InputError(f"The course folder {folder} does not exist; give the folder holding the NN_topic.ipynb "
                         "lessons.")
    lessons = sorted(p for p in folder.iterdir() if _LESSON_NAME.match(p.name))
    if not lessons:
        raise InputError(f"The course folder {folder} holds no lesson (files named like 03_ahp.ipynb).")
    return lessons


def edition_notebook(notebook: Any, edition: str) -> Any:
    """The lesson as the edition shows it: the trainee edition drops the cells tagged ``solution`` or ``trainer``.

    Parameters
    ----------
    notebook : a lesson notebook (path or :class:`nbformat.NotebookNode`); not modified.
    edition : ``"trainee"`` or ``"trainer"``.
    """
    if edition not in EDITIONS:
        raise InputError(f"The edition must be one of {', '.join(EDITIONS)}; got {edition!r}.")
    import copy

    nb = load_notebook(notebook) if isinstance(notebook, (str, os.PathLike)) else copy.deepcopy(notebook)
    if edition == "trainee":
        nb.cells = [c for c in nb.cells if not TRAINER_TAGS & set(c.get("metadata", {}).get("tags", []))]
    return nb


@dataclass(frozen=True, repr=False)
class CourseBuild(Result):
    """What :func:`build_course` wrote: one row per lesson and edition (``table``), and the two index pages."""

    output_dir: Path
    table: pd.DataFrame
    indexes: tuple[Path, ...]

    _headline_fields: ClassVar[tuple[str, ...]] = ("output_dir", "n_lessons")

    @property
    def n_lessons(self) -> int:
        """How many lessons were built."""
        return int(self.table["lesson"].nunique())

    def summary(self) -> pd.DataFrame:
        """lesson, title, edition, report (path of report.html)."""
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        frame = self.table.assign(report=self.table["report"].astype(str))
        return {"output_dir": str(self.output_dir), "lessons": json_records(frame),
                "indexes": [str(p) for p in self.indexes]}


def _title(nb: Any, path: Path) -> str:
    title = nb.metadata.get("title")
    if title:
        return str(title)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _index_page(rows: list[dict[str, Any]], edition: str, language: str) -> str:
    zh, en = EDITIONS[edition]
    heading = f"预算绩效管理培训课程（{zh}）" if language == "zh" else f"Budget performance management course ({en})"
    items = "".join(
        f'<li><a href="{html.escape(r["lesson"])}/report.html">{html.escape(r["title"])}</a></li>' for r in rows
    )
    note = ("练习后的“检查”单元格会给出反馈；参考答案只在教员版中。" if language == "zh"
            else "Each exercise has a check cell that gives feedback; solutions are in the trainer edition only.")
    page = (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"><title>{html.escape(heading)}</title>'
        f"<style>body{{font-family:'{EMBEDDED_FAMILY}','Noto Sans CJK SC',sans-serif;margin:2em;max-width:48em}}"
        "li{margin:0.4em 0}</style></head>"
        f"<body><h1>{html.escape(heading)}</h1><p>{html.escape(note)}</p><ol>{items}</ol></body></html>\n"
    )
    return page.replace("</head>", font_face_css(page) + "</head>", 1)


def build_course(
    output_dir: str | os.PathLike[str],
    *,
    lessons: Sequence[str] | None = None,
    editions: Sequence[str] = ("trainee", "trainer"),
    source: str | os.PathLike[str] | None = None,
    language: str = "zh",
    formats: Sequence[str] = ("html",),
    execution_timeout: float | None = 600,
) -> CourseBuild:
    """Render the course's lessons as a trainee and a trainer edition.

    Parameters
    ----------
    output_dir : where to write ``trainee/`` and ``trainer/`` (each with ``index.html`` and one folder per lesson).
    lessons : lesson numbers or file stems to build (``["03"]`` or ``["03_ahp"]``); default every lesson.
    editions : which editions to build; default both.
    source : the folder of the lesson notebooks; default ``notebooks/course`` of the checkout.
    language : ``"zh"`` (default) or ``"en"``: the language of the index pages and of the checks' feedback.
    formats : ``"html"`` and optionally ``"docx"``, ``"pdf"`` (as :func:`perfmethods.reporting.render`).
    execution_timeout : seconds each cell may run.

    Returns
    -------
    CourseBuild

    Raises
    ------
    InputError : no lesson found, an unknown lesson or edition.
    RenderError : a lesson failed to run (nothing of that lesson is written; lessons already built stay).
    """
    language = check_language(language, func="build_course")
    unknown = [e for e in editions if e not in EDITIONS]
    if unknown or not editions:
        raise InputError(f"The editions must be among {', '.join(EDITIONS)}; got {list(editions)!r}.")
    paths = lesson_paths(source)
    if lessons is not None:
        wanted = {str(x) for x in lessons}
        chosen = [p for p in paths if p.stem in wanted or p.stem[:2] in wanted]
        missing = sorted(wanted - {p.stem for p in chosen} - {p.stem[:2] for p in chosen})
        if missing:
            raise InputError(f"No lesson {', '.join(missing)} in {paths[0].parent}; the lessons are "
                             f"{', '.join(p.stem for p in paths)}.")
        paths = chosen
    out = Path(output_dir).resolve()
    rows: list[dict[str, Any]] = []
    indexes: list[Path] = []
    for edition in editions:
        built: list[dict[str, Any]] = []
        for path in paths:
            nb = edition_notebook(path, edition)
            with tempfile.TemporaryDirectory(prefix="perfmethods-course-") as scratch:
                staged = Path(scratch) / path.name
                import nbformat

                nbformat.write(nb, staged)
                result = render(staged, {"language": language}, out / edition / path.stem, name=path.stem,
                                show_code=True, formats=formats, execution_timeout=execution_timeout)
            row = {"lesson": path.stem, "title": _title(nb, path), "edition": edition, "report": result.report}
            built.append(row)
            rows.append(row)
        index = out / edition / "index.html"
        write_atomic(index, _index_page(built, edition, language).encode("utf-8"))
        indexes.append(index)
    return CourseBuild(out, pd.DataFrame(rows, columns=["lesson", "title", "edition", "report"]), tuple(indexes))
