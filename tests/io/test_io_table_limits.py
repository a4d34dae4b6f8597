"""read_table's limits (size, rows, columns, unpacked XLSX) and the unclosed-quote message."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.io import read_table
from perfmethods.io import tables as tables_module


def _csv(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_documented_limits_are_generous_for_real_tables() -> None:
    assert tables_module.MAX_TABLE_BYTES == 64 * 1024 * 1024
    assert tables_module.MAX_TABLE_ROWS == 1_000_000 and tables_module.MAX_TABLE_COLUMNS == 1_000
    assert tables_module.MAX_XLSX_UNPACKED_BYTES == 512 * 1024 * 1024


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _csv(tmp_path, "a,b\n" + "1,2\n" * 100)
    assert len(read_table(path).data) == 100
    monkeypatch.setattr(tables_module, "MAX_TABLE_BYTES", 100)
    with pytest.raises(InputError, match="larger than 0 MiB") as info:
        read_table(path)
    assert info.value.location == {"file": str(path)}


def test_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module, "MAX_TABLE_ROWS", 10)
    assert len(read_table(_csv(tmp_path, "a\n" + "1\n" * 9)).data) == 9
    with pytest.raises(InputError, match="more than 10 rows"):
        read_table(_csv(tmp_path, "a\n" + "1\n" * 10, "over.csv"))


def test_too_many_columns_names_the_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module, "MAX_TABLE_COLUMNS", 5)
    assert read_table(_csv(tmp_path, "a,b,c,d,e\n1,2,3,4,5\n")).data.shape == (1, 5)
    path = _csv(tmp_path, "a,b\n1,2\n" + ",".join("x" * 6) + "\n", "wide.csv")
    with pytest.raises(InputError, match="row 3 has 6 columns, more than 5") as info:
        read_table(path)
    assert info.value.location == {"file": str(path), "row": 3}


def test_xlsx_sheet_limits_and_unpacked_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["a", "b"])
    for k in range(20):
        ws.append([k, k])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert len(read_table(path).data) == 20
    monkeypatch.setattr(tables_module, "MAX_TABLE_ROWS", 10)
    with pytest.raises(InputError, match="uses 21 rows and 2 columns") as info:
        read_table(path)
    assert info.value.location == {"file": str(path), "sheet": "数据"}
    monkeypatch.setattr(tables_module, "MAX_TABLE_ROWS", 1_000_000)
    monkeypatch.setattr(tables_module, "MAX_XLSX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError, match="unpacks to more than"):
        read_table(path)


def test_unclosed_quote_is_named_where_it_opens(tmp_path: Path) -> None:
    path = _csv(tmp_path, 'id,name,weight\nC1,场次,10\nC2,"人次,20\nC3,满意度,30\nC4,x,40\n')
    with pytest.raises(InputError, match=r"quote \(\"\) opened on line 3 is never closed") as info:
        read_table(path, required=("weight",), expected_headers={"weight": {"weight"}})
    assert info.value.location == {"file": str(path), "row": 3}


def test_quotes_that_pair_up_or_sit_inside_a_cell_are_fine(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path, 'a,b\n"x, ""y""",5" screen\n"two\nlines",z\n'))
    assert table.data["a"].tolist() == ['x, "y"', "two\nlines"]
    assert table.data["b"].tolist() == ['5" screen', "z"]


def test_a_value_beyond_the_header_is_refused_in_csv(tmp_path: Path) -> None:
    """1,200 unquoted is two cells: reading 1 and dropping 200 would be silently wrong."""
    path = _csv(tmp_path, "project,budget\nP01,320\nP02,1,200\n")
    with pytest.raises(InputError, match=r"the value '200' is beyond the last column \('budget'\)") as info:
        read_table(path)
    assert info.value.location == {"file": str(path), "row": 3}
    ok = read_table(_csv(tmp_path, 'project,budget\nP01,320,\nP02,"1,200"\n', "ok.csv"))
    assert ok.data["budget"].tolist() == ["320", "1,200"]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab1,"\t\n\r 分=')), max_size=60), st.sampled_from(["utf-8", "gb18030"]))
def test_any_csv_gives_a_table_or_an_input_error(tmp_path_factory: pytest.TempPathFactory, text: str,
                                                 encoding: str) -> None:
    """Fuzz: read_table never lets a raw csv, pandas or decoding exception through."""
    path = tmp_path_factory.mktemp("fuzz") / "t.csv"
    path.write_bytes(text.encode(encoding))
    try:
        table = read_table(path)
    except InputError as exc:
        assert exc.location["file"] == str(path)
    else:
        assert len(table.rows) == len(table.data)


def test_a_title_row_guessed_as_header_does_not_trigger_the_width_check(tmp_path: Path) -> None:
    """Without expected headers the first non-blank row is the header: a one-cell title row above a wider
    table is a guess, not a header the rows can be held to."""
    path = _csv(tmp_path, "项目支出绩效自评表\n\n一级指标,二级指标,分值\n产出,数量,10\n")
    assert read_table(path).data.shape[0] == 2  # the real header and one row, under the title
    with pytest.raises(InputError, match="beyond the last column"):
        read_table(_csv(tmp_path, "a,b\n1,2,3\n", "matched.csv"), expected_headers={"a": {"a"}})
