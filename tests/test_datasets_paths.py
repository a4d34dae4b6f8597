"""resolve_path: a notebook's default paths work from the checkout and from the notebook's own folder."""

from __future__ import annotations

import os
from pathlib import Path

from perfmethods.datasets import data_root, resolve_path


def test_from_the_notebook_folder(monkeypatch):
    checkout = data_root().parent
    monkeypatch.chdir(checkout / "notebooks" / "reports")  # where JupyterLab starts the kernel
    assert resolve_path("data/examples/culture_program") == checkout / "data" / "examples" / "culture_program"


def test_from_the_checkout_and_absolute_paths(monkeypatch, tmp_path):
    checkout = data_root().parent
    monkeypatch.chdir(checkout)
    assert resolve_path("data/examples/culture_program").is_dir()
    assert resolve_path(tmp_path) == tmp_path
    local = tmp_path / "data" / "examples" / "culture_program"
    local.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)  # a folder of the user's own with the same relative path wins
    assert resolve_path("data/examples/culture_program") == local.resolve()


def test_a_missing_path_is_shown_from_the_current_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert resolve_path("nowhere/project") == (tmp_path / "nowhere" / "project").resolve()
    assert os.fspath(resolve_path(Path("~"))) == os.path.expanduser("~")
