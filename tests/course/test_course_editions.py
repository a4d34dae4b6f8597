"""The course's editions: every lesson runs with its solutions (trainer edition) and every solution passes its
check; the trainee edition has no solution or teaching-note cell, and its checks all say "not answered yet".

To keep the suite short, the trainer edition is built for every lesson and the trainee edition rendered for one
lesson; every lesson's trainee notebook is checked cell by cell without rendering.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import nbformat
import pytest

from perfmethods.course import build_course, edition_notebook, lesson_paths
from perfmethods.errors import InputError

pytestmark = pytest.mark.notebooks

LESSONS = lesson_paths()


TRAINEE_RENDERED = "03"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    return build_course(tmp_path_factory.mktemp("course"), editions=("trainer",))


@pytest.fixture(scope="module")
def trainee(tmp_path_factory: pytest.TempPathFactory):
    return build_course(tmp_path_factory.mktemp("course"), lessons=[TRAINEE_RENDERED], editions=("trainee",),
                        formats=("html", "docx", "pdf"))


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _feedback_verdicts(path: Path) -> list[str]:
    """The verdicts of the Feedback outputs of an executed notebook, in order."""
    nb = nbformat.read(path, as_version=4)
    verdicts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", cell.source
            page = output.get("data", {}).get("text/html", "")
            for verdict in ("correct", "mistake", "unanswered", "malformed"):
                if f"pm-feedback-{verdict}" in page:
                    verdicts.append(verdict)
    return verdicts


def test_every_lesson_is_built_and_indexed(built, trainee) -> None:
    assert built.n_lessons == len(LESSONS) >= 1
    assert built.summary()["edition"].unique().tolist() == ["trainer"]
    assert trainee.summary()["edition"].unique().tolist() == ["trainee"]
    page = built.indexes[0].read_text(encoding="utf-8")
    for path in LESSONS:
        assert f'href="{path.stem}/report.html"' in page
    assert "@font-face" in page  # carries its own Chinese font
    assert "学员版" in trainee.indexes[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_solution_passes_its_check(built, lesson: Path) -> None:
    source = nbformat.read(lesson, as_version=4)
    n_solutions = sum("solution" in _tags(c) for c in source.cells)
    assert n_solutions >= 3  # three to six exercises per lesson
    executed = Path(built.output_dir) / "trainer" / lesson.stem / "executed.ipynb"
    verdicts = _feedback_verdicts(executed)
    # each exercise: the trainee's empty answer cell, then the solution cell
    assert verdicts.count("correct") == n_solutions
    assert verdicts.count("unanswered") == n_solutions
    assert "教员提示" in (executed.parent / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_trainee_notebook_has_no_solution_or_teaching_note(lesson: Path) -> None:
    source = nbformat.read(lesson, as_version=4)
    trainee = edition_notebook(lesson, "trainee")
    assert not any(_tags(c) & {"solution", "trainer"} for c in trainee.cells)
    kept = [c.source for c in source.cells if not _tags(c) & {"solution", "trainer"}]
    assert [c.source for c in trainee.cells] == kept  # nothing else is dropped, in order
    assert sum("check(" in c.source for c in trainee.cells) >= 3  # the trainee still checks every exercise


def test_the_rendered_trainee_edition_gives_nothing_away(trainee) -> None:
    lesson = next(p for p in LESSONS if p.stem.startswith(TRAINEE_RENDERED))
    folder = Path(trainee.output_dir) / "trainee" / lesson.stem
    executed = nbformat.read(folder / "executed.ipynb", as_version=4)
    assert not any(_tags(c) & {"solution", "trainer"} for c in executed.cells)
    source = nbformat.read(lesson, as_version=4)
    solutions = [c.source for c in source.cells if "solution" in _tags(c)]
    page = (folder / "report.html").read_text(encoding="utf-8")
    stored = json.dumps(executed, ensure_ascii=False)
    for solution in solutions:
        for line in solution.splitlines():
            if "answer_" in line and "=" in line:  # the line that sets the answer
                assert line not in stored and html.escape(line) not in page, line
    assert "教员提示" not in page
    assert set(_feedback_verdicts(folder / "executed.ipynb")) == {"unanswered"}
    # the handout also comes as Word and PDF, made from the same page
    import docx
    from pypdf import PdfReader

    words = "\n".join(p.text for p in docx.Document(str(folder / "report.docx")).paragraphs)
    pdf = "\n".join(page.extract_text() for page in PdfReader(str(folder / "report.pdf")).pages)
    for text in (words, pdf):
        assert "练习 3.2" in text and "教员提示" not in text


def test_edition_notebook_does_not_change_the_lesson() -> None:
    lesson = nbformat.read(LESSONS[0], as_version=4)
    before = json.dumps(lesson, sort_keys=True)
    trainee = edition_notebook(lesson, "trainee")
    assert json.dumps(lesson, sort_keys=True) == before
    assert len(trainee.cells) < len(lesson.cells)
    assert len(edition_notebook(lesson, "trainer").cells) == len(lesson.cells)


def test_bad_requests_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No lesson 42"):
        build_course(tmp_path / "x", lessons=["42"])
    with pytest.raises(InputError, match="editions must be among"):
        build_course(tmp_path / "x", editions=["student"])
    with pytest.raises(InputError, match="holds no lesson"):
        build_course(tmp_path / "x", source=tmp_path)
    with pytest.raises(InputError, match="edition must be one of"):
        edition_notebook(nbformat.v4.new_notebook(), "draft")
    assert not (tmp_path / "x").exists()
