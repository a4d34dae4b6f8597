"""The committed fixtures are what make_fixtures.py writes, and the docs list every column."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
from iotest_helpers import FIXTURES

from perfmethods.io import FRAMEWORK_COLUMNS, SELF_EVALUATION_COLUMNS
from perfmethods.io.project import ACTUALS_COLUMNS, BUDGET_COLUMNS, EVALUATOR_COLUMNS, PROJECT_KEYS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def _workbook_content(path: Path) -> list[tuple[str, list[tuple[object, ...]], list[str]]]:
    wb = openpyxl.load_workbook(path)
    return [
        (
            ws.title,
            [tuple(row) for row in ws.iter_rows(values_only=True)],
            sorted(str(r) for r in ws.merged_cells.ranges),
        )
        for ws in wb.worksheets
    ]


def test_fixtures_are_current(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write_all(tmp_path)
    assert written
    for path in written:
        committed = FIXTURES / path.relative_to(tmp_path)
        assert committed.is_file(), f"{committed} is not committed; run make_fixtures.py"
        if path.suffix == ".xlsx":
            assert _workbook_content(path) == _workbook_content(committed), committed
        else:
            assert path.read_bytes() == committed.read_bytes(), committed


def test_docs_list_every_column_and_key() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for columns in (
        FRAMEWORK_COLUMNS,
        SELF_EVALUATION_COLUMNS,
        ACTUALS_COLUMNS,
        BUDGET_COLUMNS,
        EVALUATOR_COLUMNS,
    ):
        for canonical, aliases in columns.items():
            assert f"`{canonical}`" in text, canonical
            for alias in aliases:
                assert alias in text, (canonical, alias)
    for key in PROJECT_KEYS:
        assert f"  {key}:" in text, key
