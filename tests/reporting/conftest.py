"""Fixtures of the reporting tests.

Notebook renders run in a copy of the fixture files inside a temporary "project" (a directory with a
``pyproject.toml``, outside any git repository), with that directory as the working directory: paths
in manifests are then relative to it, and the renders never touch the real work tree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reporting_support import make_project


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture project (read-only by convention: copy it before changing files)."""
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture
def in_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test with the fixture project as working directory."""
    monkeypatch.chdir(project)
    return project
