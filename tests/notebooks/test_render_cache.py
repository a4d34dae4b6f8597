"""The session fixture ``rendered`` (tests/conftest.py) renders each notebook once per parameters and options.

These tests replace :func:`perfmethods.reporting.render` by a counting stand-in, so they run no notebook; each
uses notebook paths of its own, so that the session cache shared with the real renders is not disturbed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import perfmethods.reporting
from perfmethods.errors import RenderError


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    made: list[tuple[Any, ...]] = []

    def fake_render(notebook: Any, parameters: Any = None, output_dir: Any = None, **options: Any) -> object:
        made.append((Path(notebook).name, parameters, Path(output_dir), options))
        if Path(notebook).stem == "broken":
            raise RenderError("broken.ipynb: cell 2 raised ZeroDivisionError")
        return object()

    monkeypatch.setattr(perfmethods.reporting, "render", fake_render)
    return made


def test_same_notebook_and_parameters_render_once(rendered, calls, tmp_path: Path) -> None:
    notebook = tmp_path / "once.ipynb"
    first = rendered(notebook, {"a": 1, "b": [1, 2]}, overrides={"language": "en"})
    again = rendered(notebook, {"b": [1, 2], "a": 1}, overrides={"language": "en"})  # key order is irrelevant
    assert again is first
    assert len(calls) == 1


def test_different_parameters_or_options_render_again(rendered, calls, tmp_path: Path) -> None:
    notebook = tmp_path / "variants.ipynb"
    results = [
        rendered(notebook),
        rendered(notebook, {"draws": 200}),
        rendered(notebook, {"draws": 300}),
        rendered(notebook, {"draws": 200}, overrides={"language": "en"}),
        rendered(tmp_path / "other" / "variants.ipynb"),  # same name, another notebook
    ]
    assert len({id(r) for r in results}) == 5
    assert len(calls) == 5
    assert len({output_dir for _, _, output_dir, _ in calls}) == 5  # each render has its own directory
    assert calls[3][3] == {"overrides": {"language": "en"}}


def test_parameters_file_is_keyed_by_its_path(rendered, calls, tmp_path: Path, monkeypatch) -> None:
    notebook = tmp_path / "by_file.ipynb"
    (tmp_path / "p.yaml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = rendered(notebook, "p.yaml")
    assert rendered(notebook, tmp_path / "p.yaml") is first  # relative and absolute: one file
    assert rendered(notebook, {"a": 1}) is not first
    assert len(calls) == 2


def test_a_failed_render_is_remembered(rendered, calls, tmp_path: Path) -> None:
    notebook = tmp_path / "broken.ipynb"
    for _ in range(2):
        with pytest.raises(RenderError, match="cell 2 raised"):
            rendered(notebook)
    assert len(calls) == 1
