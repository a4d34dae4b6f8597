"""The portfolio folder read through perfmethods.io: GB18030 and UTF-8-BOM copies, located numeric errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.monitoring import monitor_portfolio, read_portfolio

FOLDER = data_root() / "examples" / "portfolio_monitoring"


def _recoded(target: Path, encoding: str) -> Path:
    shutil.copytree(FOLDER, target)
    for csv in target.glob("*.csv"):
        csv.write_bytes(csv.read_bytes().decode("utf-8-sig").encode(encoding))
    return target


@pytest.fixture(scope="module")
def original():
    return read_portfolio(FOLDER)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_portfolio_reads_identically_in_every_encoding(tmp_path, original, encoding):
    copy = read_portfolio(_recoded(tmp_path / "p", encoding))
    pd.testing.assert_frame_equal(original.projects, copy.projects)
    pd.testing.assert_frame_equal(original.history, copy.history)
    pd.testing.assert_frame_equal(original.adjustments.summary(), copy.adjustments.summary())
    a = monitor_portfolio(original.reports)
    b = monitor_portfolio(copy.reports)
    pd.testing.assert_frame_equal(a.projects, b.projects)
    pd.testing.assert_frame_equal(a.indicators, b.indicators)
    assert copy.reports[0].name == original.reports[0].name and not copy.reports[0].name.isascii()


@pytest.mark.parametrize(("file", "column"), [("spending.csv", "executed_cum"), ("projects.csv", "budget"),
                                              ("history.csv", "value"), ("progress.csv", "month")])
def test_bad_numeric_cell_names_file_row_and_column(tmp_path, file, column):
    copy = _recoded(tmp_path / "p", "gb18030")
    path = copy / file
    frame = pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False)
    frame.loc[2, column] = "约六十"
    frame.to_csv(path, index=False, encoding="gb18030")
    with pytest.raises(InputError, match=rf"{file}', row 4, column '{column}'.*'约六十'") as info:
        read_portfolio(copy)
    assert info.value.location["row"] == 4


def test_unknown_project_names_the_spreadsheet_row(tmp_path):
    copy = _recoded(tmp_path / "p", "utf-8-sig")
    path = copy / "spending.csv"
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame.loc[5, "project"] = "P99"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(InputError, match=r"spending.csv', row 7.*'P99' is not listed"):
        read_portfolio(copy)
