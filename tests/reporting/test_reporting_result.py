"""RenderResult follows the result protocol; render(), the HTML helpers and setup_plotting check their options
with perfmethods.validation (scikit-learn's message form). Nothing here runs a notebook."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest
from reporting_support import NOTEBOOKS

from perfmethods.errors import InputError
from perfmethods.reporting import RenderResult, callout, heading, render, rendering, table, translator
from perfmethods.results import REPR_LINES, Result


def a_result(tmp_path: Path) -> RenderResult:
    out = tmp_path / "out"
    return RenderResult(
        output_dir=out,
        report=out / "report.html",
        executed_notebook=out / "executed.ipynb",
        manifest_path=out / "manifest.json",
        manifest={
            "name": "culture_program",
            "options": {"language": "en", "show_code": False},
            "outputs": {"report.html": "a" * 64, "executed.ipynb": "b" * 64},
            "parameters": {"threshold": float("inf"), "tags": ("a", "b")},
        },
        records={"total": 87.5, "missing": float("nan"), "levels": {"一级": [1, 2]}},
    )


def test_render_result_is_a_frozen_result(tmp_path: Path) -> None:
    result = a_result(tmp_path)
    assert isinstance(result, Result) and type(result).__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.records = {}  # type: ignore[misc]
    assert (result.name, result.language, result.n_records) == ("culture_program", "en", 3)


def test_render_result_repr_summary_and_dict(tmp_path: Path) -> None:
    result = a_result(tmp_path)
    lines = repr(result).splitlines()
    assert lines[0] == "RenderResult" and len(lines) <= REPR_LINES
    assert lines[1].startswith("  report: ") and lines[1].endswith("report.html")
    assert "  name: culture_program" in lines and "  language: en" in lines and "  n_records: 3" in lines
    assert str(result).startswith("Report written to ")  # what the CLI prints is unchanged
    summary = result.summary()
    assert list(summary.columns) == ["file", "path", "sha256"]
    assert list(summary["file"]) == ["report.html", "executed.ipynb", "manifest.json"]
    assert list(summary["sha256"][:2]) == ["a" * 64, "b" * 64] and pd.isna(summary["sha256"][2])
    assert summary["path"][0] == str(result.report)
    pd.testing.assert_frame_equal(result.to_frame(), summary)
    assert "<table" in result._repr_html_() and "RenderResult" in result._repr_html_()
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False))
    assert data["report"] == str(result.report)
    assert data["records"] == {"total": 87.5, "missing": None, "levels": {"一级": [1, 2]}}
    assert data["manifest"]["parameters"] == {"threshold": None, "tags": ["a", "b"]}


def test_render_result_without_manifest_details(tmp_path: Path) -> None:
    out = tmp_path / "plain"
    result = RenderResult(out, out / "report.html", out / "executed.ipynb", out / "manifest.json")
    assert (result.name, result.language, result.n_records) == ("plain", "zh", 0)
    assert result.summary()["sha256"].isna().all()
    json.dumps(result.to_dict(), allow_nan=False)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"execution_timeout": 0},
            "The 'execution_timeout' parameter of render must be a number in (0, inf); got 0 instead.",
        ),
        ({"execution_timeout": "10"}, "The 'execution_timeout' parameter of render must be a number"),
        ({"name": " "}, "The 'name' parameter of render must be a non-empty string; got ' ' instead."),
    ],
)
def test_render_checks_its_options_before_running(
    in_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict, message: str
) -> None:
    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the notebook ran although an option was wrong")

    monkeypatch.setattr(rendering, "_execute", must_not_run)
    with pytest.raises(InputError) as caught:
        render(f"{NOTEBOOKS}/trivial.py", {"count": 1}, tmp_path / "o", **options)
    assert str(caught.value).startswith(message)
    assert not (tmp_path / "o").exists()


def test_html_helpers_name_the_wrong_option() -> None:
    expected = r"^The 'level' parameter of heading must be one of 1, 2, 3, 4; got 7 instead\.$"
    with pytest.raises(InputError, match=expected):
        heading("x", 7)
    with pytest.raises(InputError, match="^The 'kind' parameter of callout must be one of 'info', 'warning'; "
                                         "got 'danger' instead"):
        callout("x", "danger")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="^The 'df' parameter of table has no column '得分'; its columns are"):
        table(pd.DataFrame({"a": [1]}), columns={"得分": "Score"})


def test_reporting_re_exports_translator() -> None:
    import perfmethods.i18n
    import perfmethods.reporting

    assert "translator" in perfmethods.reporting.__all__ and translator is perfmethods.i18n.translator
    assert translator("en", "report.")("figure_alt") == "Chart"
    assert translator("zh", "report.")("figure_alt") == "图表"
