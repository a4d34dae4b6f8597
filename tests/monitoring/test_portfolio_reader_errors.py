"""read_portfolio: malformed tables give located InputErrors; tables linked from outside the folder are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.monitoring import read_portfolio

FOLDER = data_root() / "examples" / "portfolio_monitoring"
SECRET = "root:x:0:0:SECRET-FIRST-LINE"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FOLDER, tmp_path / "p"))


def _header(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").splitlines()[0] + "\n"


def _replace_cell(path: Path, row: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", ["projects.csv", "spending.csv", "indicators.csv", "progress.csv", "history.csv",
                                  "adjustments.csv"])
def test_empty_table_names_the_file(folder: Path, name: str) -> None:
    (folder / name).write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="lacks columns") as info:
        read_portfolio(folder)
    assert info.value.location["file"].endswith(name)


def test_project_without_spending_rows_is_named(folder: Path) -> None:
    (folder / "spending.csv").write_text(_header(folder / "spending.csv"), encoding="utf-8")
    with pytest.raises(InputError, match="project 'P01' has no rows in spending.csv") as info:
        read_portfolio(folder)
    assert info.value.location["file"].endswith("spending.csv")


@pytest.mark.parametrize("name", ["projects.csv", "spending.csv", "progress.csv", "history.csv"])
def test_unclosed_quote_is_named_where_it_opens(folder: Path, name: str) -> None:
    path = folder / name
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join([*lines[:2], '"' + lines[2], *lines[3:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="opened on line 3 is never closed") as info:
        read_portfolio(folder)
    assert info.value.location == {"file": str(path), "row": 3}


@pytest.mark.parametrize(
    "name, column, value",
    [("spending.csv", "month", "六"), ("history.csv", "year", "20x2"), ("projects.csv", "budget", "很多"),
     ("spending.csv", "executed_cum", "1,2")],
)
def test_non_numbers_name_file_row_and_column(folder: Path, name: str, column: str, value: str) -> None:
    _replace_cell(folder / name, 3, column, value)
    with pytest.raises(InputError) as info:
        read_portfolio(folder)
    location = info.value.location
    assert location["file"].endswith(name) and location["row"] == 3
    if "," in value:  # 1,2 split by the comma: refused, never read as 1
        assert "thousands separator" in str(info.value) and "'2' is beyond the last column" in str(info.value)
    else:
        assert location["column"] == column and "must be a number" in str(info.value)


def test_table_linked_from_outside_is_refused_unless_allowed(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "shared" / "history.csv"
    outside.parent.mkdir()
    shutil.move(folder / "history.csv", outside)
    (folder / "history.csv").symlink_to(outside)
    with pytest.raises(InputError, match="outside the portfolio folder") as info:
        read_portfolio(folder)
    assert info.value.location == {"file": str(folder / "history.csv")}
    assert read_portfolio(folder, allow_outside=True).history is not None


def test_link_to_a_system_file_is_refused_without_quoting_it(folder: Path, tmp_path: Path) -> None:
    system = tmp_path / "passwd"
    system.write_text(SECRET + "\n", encoding="utf-8")
    (folder / "projects.csv").unlink()
    (folder / "projects.csv").symlink_to(system)
    with pytest.raises(InputError, match="outside the portfolio folder") as info:
        read_portfolio(folder)
    assert SECRET not in str(info.value)


def test_symlink_loop_is_an_input_error(folder: Path) -> None:
    (folder / "progress.csv").unlink()
    (folder / "progress.csv").symlink_to("progress.csv")
    with pytest.raises(InputError, match="symbolic link loop"):
        read_portfolio(folder)
