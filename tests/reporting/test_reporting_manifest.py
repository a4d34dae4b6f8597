"""Manifest parts and atomic writes, without running a kernel."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from perfmethods.reporting import manifest, rendering


def test_hash_inputs_of_dir_and_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "b.csv").write_bytes(b"b")
    (data / "a.csv").write_bytes(b"a")
    (data / "sub" / "c.txt").write_bytes(b"c")
    (data / "__pycache__").mkdir()
    (data / "__pycache__" / "x.pyc").write_bytes(b"x")
    (data / "out").mkdir()
    (data / "out" / "report.html").write_bytes(b"r")
    result = manifest.hash_inputs(
        {"project_dir": data, "scores_file": data / "a.csv"}, base=tmp_path, exclude=[data / "out"]
    )
    assert list(result["project_dir"]["files"]) == ["a.csv", "b.csv", "sub/c.txt"]
    assert result["project_dir"]["path"] == "data"
    assert result["project_dir"]["files"]["a.csv"] == manifest.sha256_bytes(b"a")
    assert result["scores_file"] == {"path": "data/a.csv", "files": {"a.csv": manifest.sha256_bytes(b"a")}}


def test_git_state_outside_a_repository(tmp_path: Path) -> None:
    assert manifest.git_state(tmp_path) == {"commit": None, "dirty": None, "untracked": None}
    assert manifest.git_state(None) == {"commit": None, "dirty": None, "untracked": None}


def test_git_state_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert manifest.git_state(tmp_path) == {"commit": None, "dirty": None, "untracked": None}


def test_git_state_with_a_stand_in_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fake ``git`` on PATH: checks the commands used without touching a real repository."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "calls.txt"
    fake = bindir / "git"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        'case "$*" in\n'
        "  *rev-parse*) echo 0123456789abcdef0123456789abcdef01234567 ;;\n"
        '  *status*) echo " M data.csv" ;;\n'
        "esac\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    state = manifest.git_state(tmp_path)
    assert state == {"commit": "0123456789abcdef0123456789abcdef01234567", "dirty": True, "untracked": []}
    calls = log.read_text(encoding="utf-8").splitlines()
    assert all(call.startswith("--no-optional-locks -C ") for call in calls)
    assert any(call.endswith("status --porcelain=v1 -z --untracked-files=all") for call in calls)


def test_an_untracked_file_does_not_make_the_checkout_dirty(tmp_path: Path) -> None:
    """The README suggests writing my_project.yaml in the checkout: that must not stamp reports as modified."""
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})

    git("init", "-q")
    (tmp_path / "code.py").write_text("x = 1\n")
    git("add", "code.py")
    git("commit", "-q", "-m", "one")
    (tmp_path / "my_project.yaml").write_text("project_dir: x\n")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "新 项目.yaml").write_text("a: 1\n")
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "run.log").write_text("ignored\n")
    state = manifest.git_state(tmp_path)
    assert state["dirty"] is False
    # untracked files are listed one by one (names with spaces and Chinese intact); ignored files are not
    assert state["untracked"] == [".gitignore", "drafts/新 项目.yaml", "my_project.yaml"]
    (tmp_path / "code.py").write_text("x = 2\n")
    assert manifest.git_state(tmp_path)["dirty"] is True
    git("add", ".gitignore")
    git("commit", "-q", "-am", "two")
    git("mv", "code.py", "moved code.py")
    state = manifest.git_state(tmp_path)
    assert state["dirty"] is True  # a staged rename of a tracked file
    assert state["untracked"] == ["drafts/新 项目.yaml", "my_project.yaml"]


def test_package_versions_are_plain_strings() -> None:
    versions = manifest.package_versions()
    assert list(versions) == list(manifest.PACKAGES)
    assert versions["pandas"] and versions["noto-cjk-sans-otc"]
    assert manifest.package_versions(["surely-not-installed-dist"]) == {"surely-not-installed-dist": None}


def test_dumps_manifest_is_canonical() -> None:
    text = manifest.dumps_manifest({"b": 1, "a": "项目"}).decode("utf-8")
    assert text == '{\n  "a": "项目",\n  "b": 1\n}\n'
    assert json.loads(text) == {"a": "项目", "b": 1}


def test_write_atomic_permissions_and_no_temp_left(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    old = os.umask(0o022)
    try:
        rendering.write_atomic(target, b"one")
        rendering.write_atomic(target, b"two")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_hashing_an_input_folder_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong folder (``/usr``) or a huge one fails fast and says so, instead of hashing for minutes (issue 11)."""
    from perfmethods.errors import InputError

    folder = tmp_path / "project"
    folder.mkdir()
    for i in range(6):
        (folder / f"t{i}.csv").write_text("a,b\n1,2\n")
    (folder / ".hidden").write_text("not an input")
    monkeypatch.setattr(manifest, "MAX_INPUT_FILES", 10)
    hashed = manifest.hash_inputs({"project_dir": folder})
    assert sorted(hashed["project_dir"]["files"]) == [f"t{i}.csv" for i in range(6)]
    monkeypatch.setattr(manifest, "MAX_INPUT_FILES", 5)
    with pytest.raises(InputError, match="more than 5 files.*project's own folder") as info:
        manifest.hash_inputs({"project_dir": folder})
    assert info.value.location["parameter"] == "project_dir"
    monkeypatch.setattr(manifest, "MAX_INPUT_FILES", 100)
    monkeypatch.setattr(manifest, "MAX_INPUT_BYTES", 20)
    with pytest.raises(InputError, match="GiB of files"):
        manifest.hash_inputs({"project_dir": folder})


def test_shown_path_inside_outside_and_through_symlinks(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    inside = project / "data" / "a.csv"
    inside.write_bytes(b"a")
    outside = tmp_path / "elsewhere" / "b.csv"
    outside.parent.mkdir()
    outside.write_bytes(b"b")
    assert manifest.shown_path(inside, project) == "data/a.csv"
    assert manifest.shown_path(outside, project) == outside.resolve().as_posix()  # no ValueError
    assert manifest.shown_path(outside, None) == outside.resolve().as_posix()
    # the project folder reached through a symlink: its files are still shown relative
    link_root = tmp_path / "link"
    link_root.symlink_to(project, target_is_directory=True)
    assert manifest.shown_path(inside, link_root) == "data/a.csv"
    assert manifest.shown_path(link_root / "data" / "a.csv", project) == "data/a.csv"
    # a symlink loop is shown as given, not a RuntimeError
    loop = project / "loop"
    loop.symlink_to(loop)
    assert manifest.shown_path(tmp_path / "x" / "loop", project).endswith("/x/loop")


def test_input_files_table_shows_outside_files_absolute(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "project.yaml").write_bytes(b"p")
    outside = tmp_path / "shared" / "actuals.csv"
    outside.parent.mkdir()
    outside.write_bytes(b"x")
    table = manifest.input_files_table({"project": project / "project.yaml", "actuals": outside}, project)
    assert list(table.columns) == ["role", "file", "sha256"]
    assert table["file"].tolist() == ["project.yaml", outside.resolve().as_posix()]
    assert table["sha256"].tolist() == [manifest.sha256_bytes(b"p"), manifest.sha256_bytes(b"x")]


def test_input_files_table_missing_file_is_a_located_input_error(tmp_path: Path) -> None:
    from perfmethods.errors import InputError

    gone = tmp_path / "gone.csv"
    with pytest.raises(InputError, match=r"cannot read the input file 'gone.csv' \(actuals\)") as info:
        manifest.input_files_table({"actuals": gone}, tmp_path)
    assert info.value.location["file"] == str(gone)
