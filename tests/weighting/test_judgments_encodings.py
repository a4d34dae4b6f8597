"""Judgments in CSV files are read through perfmethods.io: GB18030 and UTF-8-BOM copies read identically."""

from __future__ import annotations

import pandas as pd
import pytest

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.weighting import ahp, read_judgments

FOLDER = data_root() / "examples" / "weighting"
MATRIX = FOLDER / "district_ahp_matrix.csv"


def _copy(path, target, encoding):
    target.write_bytes(path.read_bytes().decode("utf-8-sig").encode(encoding))
    return target


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_matrix_csv_reads_identically_in_every_encoding(tmp_path, encoding):
    original = read_judgments(MATRIX)
    copy = read_judgments(_copy(MATRIX, tmp_path / MATRIX.name, encoding))
    assert copy.layout == original.layout == "sheets" and copy.experts == ("district_ahp_matrix",)
    name = "district_ahp_matrix"
    pd.testing.assert_frame_equal(copy.matrices[name], original.matrices[name])
    by_pandas = pd.read_csv(MATRIX, index_col=0, encoding="utf-8-sig")
    pd.testing.assert_series_equal(ahp(copy.matrices["district_ahp_matrix"]).weights, ahp(by_pandas).weights,
                                   check_names=False, check_index_type=False)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_long_csv_with_chinese_headers_matches_the_workbook(tmp_path, encoding):
    """The long layout in a CSV with Chinese headers, in each encoding."""
    workbook = read_judgments(FOLDER / "expert_judgments.xlsx")
    long = workbook.summary().rename(columns={"expert": "专家", "criterion_a": "指标A", "criterion_b": "指标B",
                                              "value": "判断值"})
    path = tmp_path / "judgments.csv"
    path.write_bytes(long.to_csv(index=False).encode(encoding))
    copy = read_judgments(path)
    assert copy.layout == "long" and copy.experts == workbook.experts
    for expert in workbook.experts:  # one triangle is written: 1/0.3333 is 3.0003 where the sheet had 3
        pd.testing.assert_frame_equal(copy.matrices[expert], workbook.matrices[expert], check_names=False,
                                      rtol=1e-3)


def test_bad_cell_names_file_row_and_column(tmp_path):
    text = MATRIX.read_bytes().decode("utf-8-sig").splitlines()
    cells = text[3].split(",")
    cells[2] = "三"
    text[3] = ",".join(cells)
    path = tmp_path / "matrix.csv"
    path.write_bytes(("\n".join(text) + "\n").encode("gb18030"))
    with pytest.raises(InputError, match=r"matrix.csv', row 4, column 'X2'.*'三'") as info:
        read_judgments(path)
    assert info.value.location["row"] == 4 and info.value.location["column"] == "X2"


def test_bad_long_value_names_the_row(tmp_path):
    path = tmp_path / "long.csv"
    frame = pd.DataFrame({"expert": ["A", "A", "A"], "criterion_a": ["x", "x", "y"],
                          "criterion_b": ["y", "z", "z"], "value": ["3", "1/2", "很重要"]})
    path.write_bytes(frame.to_csv(index=False).encode("gb18030"))
    with pytest.raises(InputError, match=r"long.csv', row 4, column 'value'"):
        read_judgments(path)
    with pytest.raises(InputError, match=r"'layout' parameter of read_judgments must be one of"):
        read_judgments(path, layout="wide")
