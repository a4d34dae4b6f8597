"""`perfmethods course list` and `perfmethods course build` (the build itself is tested in test_course_editions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfmethods import course
from perfmethods.cli import COMMANDS, main


def test_course_is_a_command() -> None:
    assert "course" in COMMANDS


def test_list_prints_every_lesson_and_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["course", "list"]) == 0
    out = capsys.readouterr().out
    for lesson, rows in course.list_exercises().groupby("lesson"):
        assert f"{lesson}: " in out
        assert all(exercise_id in out for exercise_id in rows["id"])
    assert main(["course", "list", "--language", "en"]) == 0
    assert "Complete the judgment matrix" in capsys.readouterr().out


def test_build_passes_the_options_through(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    seen = {}

    class Built:
        indexes = (tmp_path / "trainee" / "index.html",)

    def fake_build(output_dir, **options):
        seen.update(options, output_dir=output_dir)
        return Built()

    monkeypatch.setattr(course, "build_course", fake_build)
    code = main(["course", "build", "-o", str(tmp_path), "--lesson", "03", "--lesson", "05",
                 "--edition", "trainee", "--format", "html,pdf", "--language", "en"])
    assert code == 0
    assert seen == {"output_dir": str(tmp_path), "lessons": ["03", "05"], "editions": ("trainee",),
                    "language": "en", "formats": ("html", "pdf")}
    assert str(tmp_path / "trainee" / "index.html") in capsys.readouterr().out


def test_build_without_an_output_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["course", "build"]) == 2
    assert "-o DIR" in capsys.readouterr().err


def test_an_unknown_lesson_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["course", "build", "-o", str(tmp_path / "out"), "--lesson", "42"]) == 2
    assert "No lesson 42" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
