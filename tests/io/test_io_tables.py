"""read_table: encodings, header detection, merged cells, aliases, sheets, and the errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from iotest_helpers import FIXTURES, sha256

from perfmethods.errors import InputError, SchemaError
from perfmethods.io import FRAMEWORK_COLUMNS, read_table
from perfmethods.io.tables import header_key

ALIASES = FRAMEWORK_COLUMNS  # ordered spellings, as the readers pass them


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("name", ["framework_zh.csv", "framework_gb18030.csv"])
def test_csv_encodings_read_the_same(name: str) -> None:
    path = FIXTURES / name
    digest = sha256(path)
    table = read_table(path, expected_headers=ALIASES, required=("name", "weight"))
    assert sha256(path) == digest
    assert table.header_rows == (3,)  # title row, blank row, header
    assert table.rows == tuple(range(4, 12))
    assert list(table.data["name"])[:2] == ["社区文化活动场次", "参与市民人次"]
    assert list(table.data["weight"])[:2] == ["20分", "15分"]
    assert table.headers["name"] == "三级指标"
    assert table.preamble[0][0] == "文化惠民工程绩效指标表"
    assert table.sheet is None and table.sheets == ()


def test_utf8_bom_and_plain_utf8_and_gb18030_give_equal_frames(tmp_path: Path) -> None:
    text = "三级指标,分值\n场次,10\n人次,5\n"
    frames = [
        read_table(_csv(tmp_path / f"t{k}.csv", text, enc), expected_headers=ALIASES).data
        for k, enc in enumerate(["utf-8-sig", "utf-8", "gb18030"])
    ]
    assert frames[0].equals(frames[1]) and frames[0].equals(frames[2])
    assert list(frames[0].columns) == ["name", "weight"]
    assert frames[0].loc[0, "weight"] == "10"  # CSV cells stay text; parsing happens later


def test_utf16_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("三级指标\t分值\r\n场次\t10\r\n".encode("utf-16"))
    table = read_table(path, expected_headers=ALIASES)
    assert table.data.to_dict(orient="records") == [{"name": "场次", "weight": "10"}]


def test_tab_separated(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path / "t.tsv", "三级指标\t分值\n场次\t10\n"), expected_headers=ALIASES)
    assert table.data.to_dict(orient="records") == [{"name": "场次", "weight": "10"}]


def test_two_row_header_in_csv() -> None:
    table = read_table(FIXTURES / "framework_two_row.csv", expected_headers=ALIASES)
    assert table.header_rows == (1, 2)
    assert table.headers["level1"] == "绩效指标 / 一级指标"
    assert table.headers["direction"] == "年度指标值 / 指标性质"
    assert table.headers["target"] == "指标值"
    assert set(table.data.columns) == {
        "level1",
        "level2",
        "name",
        "direction",
        "target",
        "unit",
        "weight",
        "grading",
        "data_source",
    }
    assert table.rows[0] == 3


def test_merged_cells_in_xlsx_are_filled_and_footer_kept() -> None:
    path = FIXTURES / "framework.xlsx"
    digest = sha256(path)
    table = read_table(path, sheet="指标体系", expected_headers=ALIASES, stop_at={"总分"})
    assert sha256(path) == digest
    assert table.sheet == "指标体系" and table.sheets == ("说明", "指标体系", "两行表头")
    assert table.header_rows == (4,)
    assert list(table.data["level1"])[:4] == ["产出指标"] * 4  # one merged cell B5:B8
    assert list(table.data["level2"])[:2] == ["数量指标"] * 2
    assert table.footer_row == 13 and table.footer is not None and table.footer["id"] == "总分"
    assert table.row_number(0) == 5 and table.row_number(7) == 12
    assert table.data["weight"].tolist()[0] == 20  # XLSX numbers stay numbers


def test_merged_two_row_header_in_xlsx() -> None:
    table = read_table(FIXTURES / "framework.xlsx", sheet=2, expected_headers=ALIASES)
    assert table.sheet == "两行表头"
    assert {
        "level1",
        "level2",
        "name",
        "direction",
        "target",
        "unit",
        "weight",
        "grading",
        "data_source",
    } <= set(table.data.columns)
    assert table.rows[0] == 4


def test_horizontally_merged_header_defines_one_column() -> None:
    table = read_table(
        FIXTURES / "self_evaluation.xlsx",
        expected_headers={**ALIASES, "note": {"偏差原因分析及改进措施"}},
        stop_at={"总分"},
    )
    assert list(table.data.columns).count("note") == 1
    assert "note (2)" not in table.data.columns
    assert table.data["note"].tolist()[3] == "两场活动因天气延期"
    assert table.footer_row == 21


def test_sheet_none_skips_a_sheet_without_the_columns() -> None:
    table = read_table(FIXTURES / "framework.xlsx", expected_headers=ALIASES, required=("name", "weight"))
    assert table.sheet == "指标体系"


def test_sheet_name_matching_ignores_full_width_and_case(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet A"
    wb.active.append(["name", "weight"])
    wb.active.append(["x", 1])
    wb.save(tmp_path / "w.xlsx")
    assert read_table(tmp_path / "w.xlsx", sheet="sheeta", expected_headers=ALIASES).sheet == "Sheet A"


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        (" 指标名称： ", "name"),
        ("Level_1", "level1"),
        ("分值（分）", "weight"),
        ("ＮＡＭＥ", "name"),
        ("年度\n指标值", "target"),
        ("评（扣）分标准", "grading"),
        ("*三级指标", "name"),
        ("Data-Source", "data_source"),
    ],
)
def test_header_aliases_are_matched_loosely(tmp_path: Path, header: str, canonical: str) -> None:
    path = _csv(tmp_path / "t.csv", f'"{header}",other\nv,w\n', "utf-8-sig")
    table = read_table(path, expected_headers=ALIASES)
    assert list(table.data.columns) == [canonical, "other"]
    assert table.header(canonical) == header.strip().replace("\n", "")


def test_header_key() -> None:
    assert header_key(" 指标名称： ") == "指标名称"
    assert header_key("Level_1") == "level1"


def test_without_expected_headers_the_first_non_blank_row_is_the_header(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path / "s.csv", "\n\nid,Q1,Q2\nR1,满意,很满意\n\nR2,,满意\n"))
    assert list(table.data.columns) == ["id", "Q1", "Q2"]
    assert table.rows == (4, 6)  # blank row 5 skipped, row numbers kept
    assert table.data.loc[1, "Q1"] is None


def test_unknown_duplicate_headers_get_a_suffix_and_empty_headers_are_ignored(tmp_path: Path) -> None:
    table = read_table(
        _csv(tmp_path / "d.csv", "三级指标,备注,备注,,分值\n场次,a,b,c,10\n"), expected_headers=ALIASES
    )
    assert list(table.data.columns) == ["name", "备注", "备注 (2)", "weight"]


def test_two_columns_meaning_the_same_is_a_schema_error(tmp_path: Path) -> None:
    path = _csv(tmp_path / "d.csv", "三级指标,指标名称,分值\n场次,场次,10\n")
    with pytest.raises(
        SchemaError, match=r"columns '三级指标' \(A\) and '指标名称' \(B\) both mean 'name'"
    ) as info:
        read_table(path, expected_headers=ALIASES)
    assert info.value.location["file"] == str(path)
    assert info.value.location["column"] == "指标名称"


def test_missing_required_column_names_file_sheet_column_and_spellings() -> None:
    with pytest.raises(SchemaError) as info:
        read_table(FIXTURES / "framework.xlsx", sheet="两行表头", expected_headers=ALIASES, required=("id",))
    message = str(info.value)
    assert "framework.xlsx" in message and "sheet '两行表头'" in message
    assert "'id' (指标编码 / 指标编号" in message and "is missing" in message
    assert info.value.location["column"] == "id" and info.value.location["sheet"] == "两行表头"


def test_missing_required_column_on_every_sheet_lists_the_sheets_tried() -> None:
    with pytest.raises(SchemaError, match="sheets tried: \\['说明', '指标体系', '两行表头'\\]"):
        read_table(FIXTURES / "framework.xlsx", expected_headers=ALIASES, required=("reviewer",))


def test_stop_at_callable(tmp_path: Path) -> None:
    path = _csv(tmp_path / "t.csv", "三级指标,分值\na,1\nEND,\nb,2\n")
    table = read_table(path, expected_headers=ALIASES, stop_at=lambda row: row[0] == "END")
    assert table.data["name"].tolist() == ["a"] and table.footer_row == 3


def test_location_uses_headers_as_written() -> None:
    table = read_table(FIXTURES / "framework_zh.csv", expected_headers=ALIASES)
    where = table.location(2, "weight", indicator="I03")
    assert where == {
        "file": str(FIXTURES / "framework_zh.csv"),
        "sheet": None,
        "row": 6,
        "column": "分值",
        "indicator": "I03",
    }


# -- file-level errors ----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist") as info:
        read_table(tmp_path / "nope.csv")
    assert info.value.location == {"file": str(tmp_path / "nope.csv")}


def test_directory_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(InputError, match="directory"):
        read_table(tmp_path / "d.csv")


@pytest.mark.parametrize(
    ("name", "pattern"), [("old.xls", "save it as .xlsx"), ("data.json", "unsupported file type")]
)
def test_unsupported_types(tmp_path: Path, name: str, pattern: str) -> None:
    (tmp_path / name).write_bytes(b"x")
    with pytest.raises(InputError, match=pattern):
        read_table(tmp_path / name)


def test_corrupt_workbook(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip file at all")
    with pytest.raises(InputError, match="cannot be read as an Excel workbook") as info:
        read_table(tmp_path / "bad.xlsx")
    assert info.value.location["file"].endswith("bad.xlsx")


@pytest.mark.parametrize("sheet", ["不存在", 7])
def test_unknown_sheet_lists_the_sheets(sheet: object) -> None:
    with pytest.raises(InputError, match=r"its sheets are \['说明', '指标体系', '两行表头'\]") as info:
        read_table(FIXTURES / "framework.xlsx", sheet=sheet)  # type: ignore[arg-type]
    assert not isinstance(info.value, SchemaError)
    assert "framework.xlsx" in str(info.value)


def test_sheet_given_for_a_csv_file() -> None:
    with pytest.raises(InputError, match="a CSV file has no sheets"):
        read_table(FIXTURES / "framework_zh.csv", sheet="Sheet1")


def test_empty_csv_with_required_columns(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="the table is empty"):
        read_table(_csv(tmp_path / "e.csv", "\n\n"), expected_headers=ALIASES, required=("name",))
