"""Appraisal case files read through perfmethods.io: Excel's encodings, located errors, strict YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from perfmethods.cba import CashFlows
from perfmethods.cba.case_file import read_appraisal
from perfmethods.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
CASES = [ROOT / "data" / "examples" / "environment_project", ROOT / "data" / "examples" / "science_facility"]


def _recoded(folder: Path, target: Path, encoding: str) -> Path:
    shutil.copytree(folder, target)
    for csv in target.glob("*.csv"):
        text = csv.read_bytes().decode("utf-8-sig")
        csv.write_bytes(text.encode(encoding))
    return target


def _same_case(a, b) -> None:
    assert sorted(a.cashflows) == sorted(b.cashflows)
    for version in a.cashflows:
        pd.testing.assert_frame_equal(a.cashflows[version].amounts, b.cashflows[version].amounts)
        pd.testing.assert_frame_equal(a.cashflows[version].meta, b.cashflows[version].meta)
    pd.testing.assert_series_equal(a.deflator, b.deflator)


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_case_reads_identically_in_every_encoding(tmp_path, folder, encoding):
    original = read_appraisal(folder)
    copy = read_appraisal(_recoded(folder, tmp_path / "case", encoding))
    _same_case(original, copy)
    if encoding == "gb18030":  # the Chinese flow names survive the round trip
        assert any(not name.isascii() for cf in copy.cashflows.values() for name in cf.amounts.index)


def test_gb18030_bytes_really_differ_from_utf8(tmp_path):
    copy = _recoded(CASES[0], tmp_path / "case", "gb18030")
    raw = (copy / "cashflows.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_bad_amount_names_file_row_and_column(tmp_path):
    copy = _recoded(CASES[0], tmp_path / "case", "utf-8-sig")
    lines = (copy / "cashflows.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[4].split(",")
    cells[header.index("amount")] = "六百"
    lines[4] = ",".join(cells)
    (copy / "cashflows.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    with pytest.raises(InputError, match=r"cashflows.csv', row 5, column 'amount'.*'六百'") as info:
        read_appraisal(copy)
    assert info.value.location["row"] == 5 and info.value.location["column"] == "amount"


def test_bad_deflator_names_file_row_and_column(tmp_path):
    copy = _recoded(CASES[0], tmp_path / "case", "gb18030")
    lines = (copy / "deflator.csv").read_text(encoding="gb18030").splitlines()
    lines[2] = lines[2].split(",")[0] + ",一百"
    (copy / "deflator.csv").write_text("\n".join(lines) + "\n", encoding="gb18030")
    with pytest.raises(InputError, match=r"deflator.csv', row 3, column 'price_index'"):
        read_appraisal(copy)


def test_chinese_headers_are_read_and_named_as_written(tmp_path):
    path = tmp_path / "flows.csv"
    frame = pd.DataFrame({"年份": [2025, 2026], "项目": ["建设", "建设"], "类型": ["cost", "cost"],
                          "类别": ["capital", "capital"], "价格基准": ["2024", "2024"], "金额": ["100", "50"]})
    frame.to_csv(path, index=False, encoding="gb18030")
    flows = CashFlows.read_csv(path)
    np.testing.assert_allclose(flows.net().to_numpy(), [-100.0, -50.0])
    frame.assign(年份=["2025", "二〇二六"]).to_csv(path, index=False, encoding="gb18030")
    with pytest.raises(InputError, match=r"row 3, column '年份'"):
        CashFlows.read_csv(path)


def test_appraisal_yaml_with_a_repeated_key_is_refused(tmp_path):
    copy = _recoded(CASES[0], tmp_path / "case", "utf-8")
    yml = copy / "appraisal.yaml"
    yml.write_text(yml.read_text(encoding="utf-8") + "\nprice_base: 2020\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"appraisal.yaml', line \d+.*'price_base' appears twice"):
        read_appraisal(copy)


def test_missing_cashflow_file_is_an_input_error(tmp_path):
    copy = _recoded(CASES[0], tmp_path / "case", "utf-8")
    (copy / "cashflows.csv").unlink()
    with pytest.raises(InputError, match="files.cashflows.*does not exist"):
        read_appraisal(copy)
