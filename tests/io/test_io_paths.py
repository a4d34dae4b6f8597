"""Path containment: files named by project.yaml stay inside the project folder unless allowed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from iotest_helpers import FIXTURES

from perfmethods.errors import InputError
from perfmethods.io import contained_file, read_project, read_table

PROJECT = FIXTURES / "project"
SECRET = "root:x:0:0:SECRET-FIRST-LINE"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT, tmp_path / "project"))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the project folder, standing in for a system file."""
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def _set_actuals(project_dir: Path, value: str) -> None:
    path = project_dir / "project.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  actuals: actuals.csv", f"  actuals: '{value}'", 1), encoding="utf-8")


def _refused(project_dir: Path, pattern: str) -> InputError:
    with pytest.raises(InputError, match=pattern) as info:
        read_project(project_dir)
    message = str(info.value)
    assert SECRET not in message and "unsupported file type" not in message
    assert info.value.location["key"] == "files.actuals" and info.value.location["line"] == 19
    return info.value


def test_parent_traversal_is_outside_the_project_folder(project_dir: Path) -> None:
    _set_actuals(project_dir, "../../../../etc/passwd")
    _refused(project_dir, "is outside the project folder")


def test_absolute_path_is_refused_even_inside(project_dir: Path, outside: Path) -> None:
    _set_actuals(project_dir, str(project_dir / "actuals.csv"))
    _refused(project_dir, r"is outside the project folder \(an absolute path\)")
    _set_actuals(project_dir, str(outside))  # the first edit replaced the line: start again
    shutil.copy(PROJECT / "project.yaml", project_dir / "project.yaml")
    _set_actuals(project_dir, str(outside))
    _refused(project_dir, "outside the project folder")


def test_absolute_path_allowed_explicitly(project_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "shared" / "actuals.csv"
    data.parent.mkdir()
    shutil.move(project_dir / "actuals.csv", data)
    _set_actuals(project_dir, str(data))
    project = read_project(project_dir, allow_outside=True)
    assert project.files["actuals"] == data.resolve()
    assert project.actuals.get("C1") is not None


def test_symlink_to_outside_is_refused_unless_allowed(project_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "shared" / "actuals.csv"
    data.parent.mkdir()
    shutil.move(project_dir / "actuals.csv", data)
    (project_dir / "actuals.csv").symlink_to(data)
    with pytest.raises(InputError, match="outside the project folder"):
        read_project(project_dir)
    assert read_project(project_dir, allow_outside=True).files["actuals"] == data.resolve()


def test_symlink_inside_the_folder_is_fine(project_dir: Path) -> None:
    (project_dir / "data").mkdir()
    shutil.move(project_dir / "actuals.csv", project_dir / "data" / "actuals.csv")
    (project_dir / "actuals.csv").symlink_to(Path("data") / "actuals.csv")
    assert read_project(project_dir).files["actuals"] == (project_dir / "data" / "actuals.csv").resolve()


def test_symlink_loop_is_an_input_error(project_dir: Path) -> None:
    (project_dir / "actuals.csv").unlink()
    (project_dir / "loop_a.csv").symlink_to("loop_b.csv")
    (project_dir / "loop_b.csv").symlink_to("loop_a.csv")
    _set_actuals(project_dir, "loop_a.csv")
    _refused(project_dir, "symbolic link loop")


def test_symlink_to_a_system_file_never_quotes_it(project_dir: Path, outside: Path) -> None:
    (project_dir / "actuals.csv").unlink()
    (project_dir / "actuals.csv").symlink_to(outside)
    _refused(project_dir, "outside the project folder")


def test_contained_file_unit(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert contained_file("a.csv", tmp_path, key="files.a") == (tmp_path / "a.csv").resolve()
    assert contained_file("sub/../a.csv", tmp_path, key="files.a") == (tmp_path / "a.csv").resolve()
    with pytest.raises(InputError, match="is a directory"):
        contained_file("sub", tmp_path, key="files.a")
    with pytest.raises(InputError, match="does not exist"):
        contained_file("b.csv", tmp_path, key="files.a", file="p.yaml")
    with pytest.raises(InputError, match="outside the case folder"):
        contained_file("../a.csv", tmp_path / "sub", key="files.a", folder="case folder")
    assert contained_file("../a.csv", tmp_path / "sub", key="k", allow_outside=True) == (tmp_path / "a.csv").resolve()
    for bad in ("", "  ", 3, None):
        with pytest.raises(InputError, match="must be a file name"):
            contained_file(bad, tmp_path, key="files.a")


def test_read_table_missing_file_without_suffix_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist") as info:
        read_table(tmp_path / "passwd")
    assert "unsupported file type" not in str(info.value)
    loop = tmp_path / "loop.csv"
    os.symlink(loop, loop)
    with pytest.raises(InputError, match="symbolic link loop"):
        read_table(loop)


def test_evaluate_command_refuses_then_accepts_a_file_outside(project_dir: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """``perfmethods evaluate`` refuses a data file outside the folder (exit 2, one line naming the key) and
    scores the project with ``--allow-outside``."""
    from perfmethods.cli import main

    data = tmp_path / "shared" / "actuals.csv"
    data.parent.mkdir()
    shutil.move(project_dir / "actuals.csv", data)
    _set_actuals(project_dir, str(data))
    assert main(["evaluate", str(project_dir)]) == 2
    err = capsys.readouterr().err
    assert "outside the project folder" in err and "files.actuals" in err
    assert main(["evaluate", str(project_dir), "--allow-outside", "--json"]) == 0
    assert '"total"' in capsys.readouterr().out
