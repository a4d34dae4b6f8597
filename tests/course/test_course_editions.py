"""The course's editions: every lesson runs with its solutions (trainer edition) and every solution passes its
check; the trainee edition has no solution or teaching-note cell, and its checks all say "not answered yet"."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from perfmethods.course import build_course, edition_notebook, lesson_paths
from perfmethods.errors import InputError

pytestmark = pytest.mark.notebooks

LESSONS = lesson_paths()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    return build_course(tmp_path_factory.mktemp("course"))


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


def test_every_lesson_is_built_in_both_editions(built) -> None:
    assert built.n_lessons == len(LESSONS) >= 1
    table = built.summary()
    assert sorted(table["edition"].unique()) == ["trainee", "trainer"]
    for index in built.indexes:
        page = index.read_text(encoding="utf-8")
        for path in LESSONS:
            assert f'href="{path.stem}/report.html"' in page
        assert "@font-face" in page  # carries its own Chinese font


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
def test_the_trainee_edition_has_no_solution(built, lesson: Path) -> None:
    folder = Path(built.output_dir) / "trainee" / lesson.stem
    executed = nbformat.read(folder / "executed.ipynb", as_version=4)
    assert not any(_tags(c) & {"solution", "trainer"} for c in executed.cells)
    source = nbformat.read(lesson, as_version=4)
    solutions = [c.source for c in source.cells if "solution" in _tags(c)]
    page = (folder / "report.html").read_text(encoding="utf-8")
    html_text = json.dumps(page, ensure_ascii=False)
    for solution in solutions:
        first_line = solution.splitlines()[0]
        assert first_line not in json.dumps(executed, ensure_ascii=False)
        assert first_line.split("=")[0].strip() not in ("",) and first_line not in html_text
    assert "教员提示" not in page
    assert set(_feedback_verdicts(folder / "executed.ipynb")) == {"unanswered"}


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
