"""Helpers shared by the reporting tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOKS = "tests/reporting/notebooks"
DATA = "tests/reporting/data"


def make_project(root: Path) -> Path:
    """Copy the fixture notebooks and data into ``root`` laid out as in the repository."""
    (root / "tests").mkdir(parents=True)
    shutil.copytree(HERE / "notebooks", root / NOTEBOOKS)
    shutil.copytree(HERE / "data", root / DATA)
    (root / "pyproject.toml").write_text('[project]\nname = "fixture-project"\n', encoding="utf-8")
    return root


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    """Change the working directory for a block (module-scoped fixtures cannot use monkeypatch)."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def snapshot(directory: Path) -> dict[str, bytes]:
    """``{relative name: bytes}`` of every file under ``directory`` (hidden temp files included)."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }
