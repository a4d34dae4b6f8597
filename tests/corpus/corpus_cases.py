"""The malformed-input corpus of issue 11 ("nothing silently wrong"), as a compact table of cases.

Every case builds its input in a temporary folder (a copy of a bundled example changed in one way, or a
small file written from text or with openpyxl), calls one entry point, and states what must happen: the
package exception, where it is located (``InputError.location``: file, row, column, key, indicator) and/or
a pattern its message must match (for method APIs: the parameter's name).

Each case records a behaviour that was once wrong (a raw traceback, a hang, a silently wrong answer) or that
must stay right; a case fails when its entry point raises something else, somewhere else, or nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError, ParameterError

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "notebooks" / "reports" / "project_evaluation.ipynb"


@dataclass(frozen=True)
class Case:
    """One malformed input: ``run(tmp)`` must raise ``error`` located at ``where`` with ``match`` in it."""

    id: str
    run: Callable[[Path], object]
    error: type[Exception] = InputError
    where: Mapping[str, object] = field(default_factory=dict)
    match: str | None = None


# -- builders --------------------------------------------------------------------------------------


def _copy(example: str, tmp: Path) -> Path:
    target = tmp / example
    shutil.copytree(
        ROOT / "data" / "examples" / example, target, ignore=shutil.ignore_patterns("*.py", "*.md")
    )
    return target


def _edit(path: Path, replacements: list[tuple[str, str]]) -> None:
    text = path.read_text(encoding="utf-8-sig")
    for old, new in replacements:
        assert old in text, f"{old!r} not in {path.name}"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def xlsx(
    path: Path,
    rows: list[list[object]],
    *,
    formats: Mapping[str, str] | None = None,
    merged: tuple[str, ...] = (),
    sheets: int = 1,
) -> Path:
    """Write ``rows`` to the first sheet of an .xlsx file; ``formats``: {"B2": "0%"}; ``merged``: ranges."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    for cells in merged:
        sheet.merge_cells(cells)
    for index in range(1, sheets):
        book.create_sheet(f"Sheet{index + 1}")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def project_yaml(*replacements: tuple[str, str]) -> Callable[[Path], object]:
    """read_project on the culture example with project.yaml edited."""

    def run(tmp: Path) -> object:
        from perfmethods.io import read_project

        folder = _copy("culture_program", tmp)
        _edit(folder / "project.yaml", list(replacements))
        return read_project(folder)

    return run


def project_file(name: str, content: str | bytes | Callable[[str], str | bytes]) -> Callable[[Path], object]:
    """read_project on the culture example with one table replaced (or transformed)."""

    def run(tmp: Path) -> object:
        from perfmethods.io import read_project

        folder = _copy("culture_program", tmp)
        path = folder / name
        new = content(path.read_text(encoding="utf-8-sig")) if callable(content) else content
        _write(path, new)
        return read_project(folder)

    return run


def project_xlsx(role: str, rows: list[list[object]], **options: Any) -> Callable[[Path], object]:
    """read_project with ``files.<role>`` pointing at an .xlsx file written from ``rows``."""

    def run(tmp: Path) -> object:
        from perfmethods.io import read_project

        folder = _copy("culture_program", tmp)
        xlsx(folder / f"{role}.xlsx", rows, **options)
        _edit(folder / "project.yaml", [(f"{role}: ", f"{role}: {role}.xlsx #")])
        return read_project(folder)

    return run


def table(name: str, content: str | bytes, **options: Any) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.io import read_table

        return read_table(_write(tmp / name, content), **options)

    return run


def table_xlsx(
    rows: list[list[object]], reader_options: Mapping[str, Any] | None = None, **xlsx_options: Any
) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.io import read_table

        return read_table(xlsx(tmp / "table.xlsx", rows, **xlsx_options), **(reader_options or {}))

    return run


def framework_yaml(text: str) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.io import read_framework_yaml

        return read_framework_yaml(_write(tmp / "framework.yaml", text))

    return run


def framework_table(name: str, content: str | bytes) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.io import read_framework_table

        return read_framework_table(_write(tmp / name, content))

    return run


def framework_xlsx(rows: list[list[object]], **options: Any) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.io import read_framework_table

        return read_framework_table(xlsx(tmp / "framework.xlsx", rows, **options))

    return run


def appraisal(
    *replacements: tuple[str, str], files: Mapping[str, str | bytes] | None = None
) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.cba.case_file import read_appraisal

        folder = _copy("environment_project", tmp)
        if replacements:
            _edit(folder / "appraisal.yaml", list(replacements))
        for name, content in (files or {}).items():
            _write(folder / name, content)
        return read_appraisal(folder / "appraisal.yaml")

    return run


def portfolio(name: str, content: str | bytes | Callable[[str], str | bytes]) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.monitoring import read_portfolio

        folder = _copy("portfolio_monitoring", tmp)
        path = folder / name
        new = content(path.read_text(encoding="utf-8-sig")) if callable(content) else content
        _write(path, new)
        return read_portfolio(folder)

    return run


def parameters_file(content: str | bytes) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.reporting.params import load_parameters_file

        return load_parameters_file(_write(tmp / "params.yaml", content))

    return run


def report_set(**overrides: str) -> Callable[[Path], object]:
    """``perfmethods render ... --set k=v`` on the default report: refused before anything runs."""

    def run(tmp: Path) -> object:
        from perfmethods.reporting import render

        return render(REPORT, None, tmp / "out", overrides=overrides)

    return run


def report_parameters(**values: object) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        from perfmethods.reporting import render

        return render(REPORT, dict(values), tmp / "out")

    return run


def lazy(
    factory: Callable[[], Callable[..., object]], *args: object, **kwargs: object
) -> Callable[[Path], object]:
    """Call the function ``factory()`` returns when the case runs, with ``_Data`` arguments built then."""

    def run(tmp: Path) -> object:
        resolved = [a() if isinstance(a, _Data) else a for a in args]
        resolved_kw = {k: (v() if isinstance(v, _Data) else v) for k, v in kwargs.items()}
        return factory()(*resolved, **resolved_kw)

    return run


class _Data:
    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make

    def __call__(self) -> object:
        return self.make()


# -- data for the method APIs ----------------------------------------------------------------------


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    units, times = 6, 6
    frame = pd.DataFrame([(u, t) for u in range(units) for t in range(times)], columns=["unit", "time"])
    frame["treated"] = ((frame["unit"] < 3) & (frame["time"] >= 3)).astype(int)
    frame["group"] = (frame["unit"] < 3).astype(int)
    frame["post"] = (frame["time"] >= 3).astype(int)
    frame["y"] = rng.normal(size=len(frame)) + frame["treated"]
    frame["cohort"] = np.where(frame["unit"] < 3, 3, 0)
    return frame


def _rd() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, 400)
    return pd.DataFrame({"x": x, "y": x + (x >= 0) + rng.normal(0, 0.1, 400)})


def _series() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    t = np.arange(48)
    return pd.DataFrame({"t": t, "y": t * 0.1 + (t >= 24) * 2 + rng.normal(0, 0.1, 48)})


def _ratings(constant: bool = False) -> pd.DataFrame:
    if constant:
        return pd.DataFrame(np.full((5, 4), 10.0), columns=list("ABCD"))
    rng = np.random.default_rng(3)
    return pd.DataFrame(rng.integers(1, 10, (5, 4)).astype(float), columns=list("ABCD"))


PANEL = _Data(_panel)
RD = _Data(_rd)
SERIES = _Data(_series)
RATINGS = _Data(_ratings)
CONSTANT_RATINGS = _Data(lambda: _ratings(constant=True))
SAATY3 = _Data(lambda: np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]))
X = _Data(lambda: pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [4.0, 3, 5, 1], "c": [2.0, 2, 3, 9]}))


def _impact(name: str) -> Callable[[], Callable[..., object]]:
    def get() -> Callable[..., object]:
        import perfmethods.impact as module

        return getattr(module, name)

    return get


def _module(module: str, name: str) -> Callable[[], Callable[..., object]]:
    def get() -> Callable[..., object]:
        import importlib

        return getattr(importlib.import_module(module), name)

    return get


cba = lambda name: _module("perfmethods.cba", name)  # noqa: E731
wt = lambda name: _module("perfmethods.weighting", name)  # noqa: E731
mon = lambda name: _module("perfmethods.monitoring", name)  # noqa: E731
ev = lambda name: _module("perfmethods.evaluation", name)  # noqa: E731
imp = _impact


# -- the table -------------------------------------------------------------------------------------

ACT = "actuals.csv"
IND = "indicators.csv"
BUD = "budget.csv"
SUR = "survey.csv"
EVS = "evaluator_scores.csv"
PY = "project.yaml"
HEAD = "id,value\n"
FW_HEAD = "指标编码,一级指标,二级指标,三级指标,分值,指标性质,年度指标值,计量单位\n"
FW_ROW = "A1,产出,数量,场次,10,定量,≥50,场\n"
FW_YAML_ONE = (
    "indicators:\n  - id: A1\n    level1: 产出\n    level2: 数量\n    name: 场次\n    weight: 10\n"
    "    target: ≥50场\n"
)


def _row_replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


#: A YAML "billion laughs": 9**4 = 6561 strings from a few lines of aliases.
_BOMB = (
    "{a: &a [x, x, x, x, x, x, x, x, x], b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a], "
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b], d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]}"
)

CASES: list[Case] = [
    # ---- project.yaml ------------------------------------------------------------------------------
    Case(
        "project-missing-name",
        project_yaml(("  name: 文化惠民工程（社区文化活动）\n", "")),
        where={"file": PY, "key": "project.name"},
    ),
    Case(
        "project-year-text",
        project_yaml(("year: 2025", "year: 二〇二五")),
        where={"file": PY, "key": "project.year"},
    ),
    Case(
        "project-year-range",
        project_yaml(("year: 2025", "year: 1850")),
        where={"file": PY, "key": "project.year"},
    ),
    Case(
        "project-year-bool",
        project_yaml(("year: 2025", "year: true")),
        where={"file": PY, "key": "project.year"},
    ),
    Case(
        "project-year-float",
        project_yaml(("year: 2025", "year: 2025.5")),
        where={"file": PY, "key": "project.year"},
    ),
    Case(
        "project-synthetic-text",
        project_yaml(("synthetic: true", "synthetic: 是")),
        where={"file": PY, "key": "project.synthetic"},
    ),
    Case(
        "project-mode-unknown",
        project_yaml(("evaluation_mode: finance", "evaluation_mode: audit")),
        where={"file": PY, "key": "project.evaluation_mode"},
    ),
    Case(
        "project-name-mapping",
        project_yaml(("  name: 文化惠民工程（社区文化活动）", "  name: {a: 1}")),
        where={"file": PY, "key": "project.name"},
    ),
    Case(
        "project-unknown-top-key",
        project_yaml(("budget:\n", "bugdet:\n")),
        where={"file": PY, "key": "bugdet"},
        match="budget",
    ),
    Case(
        "project-unknown-project-key",
        project_yaml(("  code:", "  kode:")),
        where={"file": PY, "key": "project.kode"},
    ),
    Case(
        "project-unknown-budget-key",
        project_yaml(("  adjusted: 580", "  adjustd: 580")),
        where={"file": PY, "key": "budget.adjustd"},
    ),
    Case(
        "project-files-missing",
        project_yaml(("  indicators: indicators.csv\n", "")),
        where={"file": PY, "key": "files.indicators"},
    ),
    Case(
        "project-file-not-found",
        project_yaml(("actuals: actuals.csv", "actuals: nothere.csv")),
        where={"file": PY, "key": "files.actuals"},
    ),
    Case(
        "project-file-is-dir",
        project_yaml(("actuals: actuals.csv", "actuals: .")),
        where={"file": PY, "key": "files.actuals"},
    ),
    Case(
        "project-file-number",
        project_yaml(("actuals: actuals.csv", "actuals: 42")),
        where={"file": PY, "key": "files.actuals"},
    ),
    Case(
        "project-section-list",
        project_yaml(("budget:\n  original: 600\n  adjusted: 580", "budget: [600, 580]")),
        where={"file": PY, "key": "budget"},
    ),
    Case(
        "project-budget-text",
        project_yaml(("original: 600", "original: 六百")),
        where={"file": PY, "key": "budget.original"},
    ),
    Case(
        "project-budget-negative",
        project_yaml(("original: 600", "original: -600")),
        where={"file": PY, "key": "budget.original"},
    ),
    Case("project-yaml-syntax", project_yaml(("budget:\n", "budget: [\n")), where={"file": PY}),
    Case("project-yaml-tab", project_yaml(("  original: 600", "\toriginal: 600")), where={"file": PY}),
    Case(
        "project-group-weights-text",
        project_yaml(("财政部门: 0.4", "财政部门: 四成")),
        where={"file": PY},
        match="group_weights",
    ),
    Case(
        "project-survey-items-unknown",
        project_yaml(("items: [活动内容,", "items: [活动内容X,")),
        where={"file": PY},
    ),
    Case(
        "project-survey-population-text",
        project_yaml(("population: 46200", "population: many")),
        where={"file": PY, "key": "survey.population"},
    ),
    Case("project-gb18030-yaml", lambda tmp: _gb18030_project(tmp), where={"file": PY}),
    Case("project-not-a-mapping", project_yaml(("project:\n", "- project:\n")), where={"file": PY}),
    Case("project-dir-missing", lambda tmp: _read_project(tmp / "nowhere"), where={}, match="nowhere"),
    # pending: h-yaml strict YAML (duplicate keys, aliases), h-plaus plausibility
    Case(
        "project-duplicate-budget-key",
        project_yaml(("  adjusted: 580", "  adjusted: 580\n  adjusted: 560")),
        where={"file": PY, "key": "adjusted"},
        match="(?i)duplicate|twice|repeated",
    ),
    Case(
        "project-duplicate-section",
        project_yaml(("files:\n", "project:\n  name: x\nfiles:\n")),
        where={"file": PY, "key": "project"},
        match="(?i)duplicate|twice|repeated",
    ),
    Case(
        "project-budget-huge",
        project_yaml(("adjusted: 580", "adjusted: 1.0e+308")),
        where={"file": PY, "key": "budget.adjusted"},
    ),
    Case(
        "project-budget-inf",
        project_yaml(("adjusted: 580", "adjusted: .inf")),
        where={"file": PY, "key": "budget.adjusted"},
    ),
    Case(
        "project-budget-nan",
        project_yaml(("adjusted: 580", "adjusted: .nan")),
        where={"file": PY, "key": "budget.adjusted"},
    ),
    Case(
        "project-absolute-outside",
        lambda tmp: _outside_project(tmp),
        where={"key": "files.actuals"},
        match="outside the project folder",
    ),
    Case(
        "project-parent-path",
        project_yaml(("actuals: actuals.csv", "actuals: ../../../../etc/passwd")),
        where={"key": "files.actuals"},
        match="outside the project folder",
    ),
    Case(
        "project-alias-bomb",
        project_yaml(("  code: WH-2025-017", "  code: " + _BOMB)),
        where={"file": PY, "key": "project.code"},
    ),
    # ---- project tables ----------------------------------------------------------------------------
    Case("actuals-empty-file", project_file(ACT, b""), where={"file": ACT}),
    Case("actuals-no-id-column", project_file(ACT, "编号X,实际完成值\nA11,1\n"), where={"file": ACT}),
    Case(
        "actuals-unknown-indicator",
        project_file(ACT, _row_replace("A12,程序规范", "Z99,程序规范")),
        where={"file": ACT, "row": 3},
    ),
    Case(
        "actuals-duplicate-id",
        project_file(ACT, lambda text: text + "A11,立项依据充分,,,,,\n"),
        where={"file": ACT},
        match="A11",
    ),
    Case(
        "actuals-unbalanced-quote",
        project_file(ACT, _row_replace("A12,程序规范", 'A12,"程序规范')),
        where={"file": ACT},
        match="(?i)quote",
    ),
    Case("actuals-binary", project_file(ACT, b"\x00\x01\x02PK\x03\x04garbage\xff\xfe"), where={"file": ACT}),
    Case(
        "actuals-reviewer-points-text",
        project_file(ACT, _row_replace("A11,立项依据充分,,,,,", "A11,立项依据充分,,,很好,,")),
        where={"file": ACT, "row": 2},
    ),
    Case(
        "actuals-reviewer-points-over",
        project_file(ACT, _row_replace("A11,立项依据充分,,,,,", "A11,立项依据充分,,,99,,")),
        where={"file": ACT, "row": 2, "indicator": "A11"},
    ),
    Case(
        "actuals-reviewer-points-inf",
        project_file(ACT, _row_replace("A11,立项依据充分,,,,,", "A11,立项依据充分,,,inf,,")),
        where={"file": ACT, "row": 2},
    ),
    Case(
        "actuals-xlsx-merged-ids",
        project_xlsx(
            "actuals", [["指标编码", "实际完成值"], ["A11", "充分"], [None, "规范"]], merged=("A2:A3",)
        ),
        where={"file": "actuals.xlsx"},
    ),
    Case(
        "budget-text-amount",
        project_file(BUD, _row_replace("3,96.5", "3,九十六")),
        where={"file": BUD, "row": 2},
    ),
    Case(
        "budget-month-13", project_file(BUD, _row_replace("3,96.5", "13,96.5")), where={"file": BUD, "row": 2}
    ),
    Case(
        "budget-month-zero",
        project_file(BUD, _row_replace("3,96.5", "0,96.5")),
        where={"file": BUD, "row": 2},
    ),
    Case(
        "budget-month-text",
        project_file(BUD, _row_replace("3,96.5", "三月,96.5")),
        where={"file": BUD, "row": 2},
    ),
    Case(
        "budget-negative", project_file(BUD, _row_replace("3,96.5", "3,-96.5")), where={"file": BUD, "row": 2}
    ),
    Case("budget-header-only", project_file(BUD, "期间,月份,累计执行数\n"), where={"file": BUD}),
    Case("budget-missing-column", project_file(BUD, "期间,月份\n第一季度,3\n"), where={"file": BUD}),
    Case("budget-inf", project_file(BUD, _row_replace("3,96.5", "3,inf")), where={"file": BUD, "row": 2}),
    Case(
        "budget-nan-text", project_file(BUD, _row_replace("3,96.5", "3,NaN")), where={"file": BUD, "row": 2}
    ),
    Case(
        "budget-cumulative-falls",
        project_file(BUD, _row_replace("6,238.4", "6,30")),
        where={"file": BUD},
        match="(?i)cumulative|累计",
    ),
    Case(
        "budget-duplicate-month", project_file(BUD, _row_replace("6,238.4", "3,238.4")), where={"file": BUD}
    ),
    Case(
        "evaluators-score-text",
        project_file(EVS, _row_replace("F1,A11,2.9", "F1,A11,好")),
        where={"file": EVS, "row": 2},
    ),
    Case(
        "evaluators-score-over",
        project_file(EVS, _row_replace("F1,A11,2.9", "F1,A11,99")),
        where={"file": EVS, "indicator": "A11"},
    ),
    Case(
        "evaluators-score-negative",
        project_file(EVS, _row_replace("F1,A11,2.9", "F1,A11,-1")),
        where={"file": EVS},
    ),
    Case(
        "evaluators-unknown-indicator",
        project_file(EVS, _row_replace("F1,A11,2.9", "F1,Z99,2.9")),
        where={"file": EVS},
    ),
    Case(
        "evaluators-unknown-group",
        project_file(EVS, _row_replace("财政部门,F1,A11", "审计部门,F1,A11")),
        where={"file": EVS},
    ),
    Case(
        "evaluators-missing-column",
        project_file(EVS, "评价主体,评价人,指标编码\n财政部门,F1,A11\n"),
        where={"file": EVS},
    ),
    Case(
        "evaluators-duplicate-score",
        project_file(EVS, lambda text: text + "财政部门,F1,A11,2.5\n"),
        where={"file": EVS},
        match="A11",
    ),
    Case(
        "evaluators-score-nan",
        project_file(EVS, _row_replace("F1,A11,2.9", "F1,A11,nan")),
        where={"file": EVS, "row": 2},
    ),
    Case(
        "survey-missing-item",
        project_file(SUR, lambda text: text.replace(",总体评价", ",总体", 1)),
        where={"file": PY, "key": "survey.items"},
    ),
    Case(
        "survey-header-only", project_file(SUR, lambda text: text.splitlines()[0] + "\n"), where={"file": SUR}
    ),
    Case(
        "survey-duplicate-respondents",
        project_file(SUR, lambda text: text + "\n".join(text.splitlines()[1:4]) + "\n"),
        where={"file": SUR},
        match="(?i)R000|duplicate|重复",
    ),
    Case(
        "indicators-points-text",
        project_file(IND, _row_replace(",立项依据充分性,3,", ",立项依据充分性,三,")),
        where={"file": IND, "row": 2},
    ),
    Case(
        "indicators-duplicate-id",
        project_file(IND, _row_replace("A12,决策", "A11,决策")),
        where={"file": IND},
        match="A11",
    ),
    Case(
        "indicators-negative-points",
        project_file(IND, _row_replace(",立项依据充分性,3,", ",立项依据充分性,-3,")),
        where={"file": IND, "row": 2},
    ),
    Case("indicators-empty", project_file(IND, b""), where={"file": IND}),
    Case("indicators-header-only", project_file(IND, FW_HEAD), where={"file": IND}),
    # ---- read_table: CSV -----------------------------------------------------------------------
    Case("csv-empty", table("t.csv", b"", required=["value"]), where={"file": "t.csv"}),
    Case("csv-whitespace-only", table("t.csv", "\n\n  \n", required=["value"]), where={"file": "t.csv"}),
    Case("csv-bom-only", table("t.csv", b"\xef\xbb\xbf", required=["value"]), where={"file": "t.csv"}),
    Case("csv-header-only-required", table("t.csv", HEAD, required=["value"]), where={"file": "t.csv"}),
    Case(
        "csv-missing-required",
        table("t.csv", "id\nA\n", required=["value"]),
        where={"file": "t.csv"},
        match="value",
    ),
    Case("csv-binary", table("t.csv", bytes(range(256)) * 4), where={"file": "t.csv"}),
    Case("csv-unbalanced-quote", table("t.csv", 'id,value\nA,"1\nB,2\n'), where={"file": "t.csv"}),
    Case("csv-not-found", lambda tmp: _read_table(tmp / "missing.csv"), where={"file": "missing.csv"}),
    Case("csv-directory", lambda tmp: _read_table(tmp), where={}),
    Case("csv-pdf-extension", table("t.pdf", b"%PDF-1.4"), where={"file": "t.pdf"}),
    Case("csv-sheet-on-csv", table("t.csv", HEAD + "A,1\n", sheet="Sheet2"), where={"file": "t.csv"}),
    Case(
        "csv-duplicate-headers",
        table("t.csv", "id,value,value\nA,1,2\n", expected_headers={"value": ("value",)}),
        where={"file": "t.csv"},
    ),
    Case("xlsx-corrupt", table("t.xlsx", b"PK\x03\x04not really a zip"), where={"file": "t.xlsx"}),
    Case("xlsx-empty-bytes", table("t.xlsx", b""), where={"file": "t.xlsx"}),
    Case("xlsx-csv-content", table("t.xlsx", HEAD + "A,1\n"), where={"file": "t.xlsx"}),
    Case(
        "xlsx-missing-sheet",
        table_xlsx([["id", "value"], ["A", 1]], {"sheet": "Nope"}),
        where={"file": "table.xlsx"},
        match="Nope",
    ),
    Case(
        "xlsx-sheet-index-out",
        table_xlsx([["id", "value"], ["A", 1]], {"sheet": 5}),
        where={"file": "table.xlsx"},
    ),
    Case("xlsx-empty-sheet", table_xlsx([], {"required": ["value"]}), where={"file": "table.xlsx"}),
    Case(
        "xlsx-header-only-required",
        table_xlsx([["id", "value"]], {"required": ["value"]}),
        where={"file": "table.xlsx"},
    ),
    Case(
        "xlsx-missing-required",
        table_xlsx([["id"], ["A"]], {"required": ["value"]}),
        where={"file": "table.xlsx"},
        match="value",
    ),
    # ---- framework tables (CSV / XLSX) ---------------------------------------------------------------
    Case("fwtable-empty", framework_table("f.csv", b""), where={"file": "f.csv"}),
    Case("fwtable-header-only", framework_table("f.csv", FW_HEAD), where={"file": "f.csv"}),
    Case(
        "fwtable-points-text",
        framework_table("f.csv", FW_HEAD + "A1,产出,数量,场次,十,定量,≥50,场\n"),
        where={"file": "f.csv", "row": 2},
    ),
    Case(
        "fwtable-points-negative",
        framework_table("f.csv", FW_HEAD + "A1,产出,数量,场次,-10,定量,≥50,场\n"),
        where={"file": "f.csv", "row": 2},
    ),
    Case(
        "fwtable-points-inf",
        framework_table("f.csv", FW_HEAD + "A1,产出,数量,场次,inf,定量,≥50,场\n"),
        where={"file": "f.csv", "row": 2},
    ),
    Case(
        "fwtable-points-nan",
        framework_table("f.csv", FW_HEAD + "A1,产出,数量,场次,NaN,定量,≥50,场\n"),
        where={"file": "f.csv", "row": 2},
    ),
    Case(
        "fwtable-points-huge",
        framework_table("f.csv", FW_HEAD + "A1,产出,数量,场次,1e308,定量,≥50,场\n"),
        where={"file": "f.csv"},
    ),
    Case(
        "fwtable-duplicate-id",
        framework_table("f.csv", FW_HEAD + FW_ROW + FW_ROW),
        where={"file": "f.csv"},
        match="A1",
    ),
    Case(
        "fwtable-missing-points-column",
        framework_table("f.csv", "指标编码,一级指标,二级指标,三级指标\nA1,产出,数量,场次\n"),
        where={"file": "f.csv"},
    ),
    Case(
        "fwtable-unknown-level1",
        framework_table("f.csv", FW_HEAD + "A1,随便,数量,场次,10,定量,≥50,场\n"),
        where={"file": "f.csv", "row": 2},
    ),
    Case(
        "fwtable-empty-id",
        framework_table("f.csv", FW_HEAD + ",产出,数量,场次,10,定量,≥50,场\n"),
        where={"file": "f.csv", "row": 2},
    ),
    Case(
        "fwtable-gb18030-bad-bytes",
        framework_table("f.csv", FW_HEAD.encode("gb18030") + b"\xff\xff\xff,\x81\n"),
        where={"file": "f.csv"},
    ),
    Case(
        "fwtable-xlsx-points-text",
        framework_xlsx(
            [FW_HEAD.strip().split(","), ["A1", "产出", "数量", "场次", "十", "定量", "≥50", "场"]]
        ),
        where={"file": "framework.xlsx", "row": 2},
    ),
    Case(
        "fwtable-xlsx-header-only",
        framework_xlsx([FW_HEAD.strip().split(",")]),
        where={"file": "framework.xlsx"},
    ),
    Case("fwtable-xlsx-empty", framework_xlsx([]), where={"file": "framework.xlsx"}),
    Case(
        "fwtable-xlsx-duplicate-id",
        framework_xlsx([FW_HEAD.strip().split(","), FW_ROW.strip().split(","), FW_ROW.strip().split(",")]),
        where={"file": "framework.xlsx"},
        match="A1",
    ),
    # ---- framework YAML ---------------------------------------------------------------------------
    Case("fwyaml-empty", framework_yaml(""), where={"file": "framework.yaml"}),
    Case("fwyaml-scalar", framework_yaml("42\n"), where={"file": "framework.yaml"}),
    Case("fwyaml-syntax", framework_yaml("indicators: [\n"), where={"file": "framework.yaml"}),
    Case("fwyaml-no-indicators", framework_yaml("name: x\n"), where={"file": "framework.yaml"}),
    Case(
        "fwyaml-indicators-mapping", framework_yaml("indicators: {a: 1}\n"), where={"file": "framework.yaml"}
    ),
    Case(
        "fwyaml-indicator-scalar", framework_yaml("indicators:\n  - A1\n"), where={"file": "framework.yaml"}
    ),
    Case(
        "fwyaml-weight-text",
        framework_yaml(FW_YAML_ONE.replace("weight: 10", "weight: ten")),
        where={"file": "framework.yaml"},
    ),
    Case(
        "fwyaml-weight-negative",
        framework_yaml(FW_YAML_ONE.replace("weight: 10", "weight: -10")),
        where={"file": "framework.yaml"},
    ),
    Case(
        "fwyaml-weight-inf",
        framework_yaml(FW_YAML_ONE.replace("weight: 10", "weight: .inf")),
        where={"file": "framework.yaml"},
    ),
    Case(
        "fwyaml-weight-nan",
        framework_yaml(FW_YAML_ONE.replace("weight: 10", "weight: .nan")),
        where={"file": "framework.yaml"},
    ),
    Case(
        "fwyaml-duplicate-ids",
        framework_yaml(FW_YAML_ONE + FW_YAML_ONE.split("\n", 1)[1]),
        where={"file": "framework.yaml"},
        match="A1",
    ),
    Case(
        "fwyaml-unknown-field",
        framework_yaml(FW_YAML_ONE + "    wieght: 3\n"),
        where={"file": "framework.yaml"},
        match="wieght",
    ),
    Case("fwyaml-total-text", framework_yaml("total: 百\n" + FW_YAML_ONE), where={"file": "framework.yaml"}),
    Case(
        "fwyaml-gb18030",
        lambda tmp: _read_fw_yaml(
            _write(tmp / "framework.yaml", ("name: 框架\n" + FW_YAML_ONE).encode("gb18030"))
        ),
        where={"file": "framework.yaml"},
    ),
    Case(
        "fwyaml-binary",
        lambda tmp: _read_fw_yaml(_write(tmp / "framework.yaml", bytes(range(256)))),
        where={"file": "framework.yaml"},
    ),
    Case("fwyaml-not-found", lambda tmp: _read_fw_yaml(tmp / "none.yaml"), where={"file": "none.yaml"}),
    Case(
        "fwyaml-python-tag",
        framework_yaml("!!python/object/apply:os.system ['true']\n"),
        where={"file": "framework.yaml"},
    ),
    # pending: h-yaml (duplicate keys, non-scalars, alias bombs, deep nesting)
    Case(
        "fwyaml-duplicate-target",
        framework_yaml(FW_YAML_ONE + "    target: ≥40场\n"),
        where={"file": "framework.yaml"},
        match="(?i)duplicate|twice|repeated",
    ),
    Case(
        "fwyaml-name-mapping",
        framework_yaml(FW_YAML_ONE.replace("name: 场次", "name: {a: 1}")),
        where={"file": "framework.yaml"},
        match="name",
    ),
    Case(
        "fwyaml-alias-bomb",
        framework_yaml(FW_YAML_ONE.replace("name: 场次", "name: " + _BOMB)),
        where={"file": "framework.yaml"},
        match="(?i)alias|name",
    ),
    Case(
        "fwyaml-deep-nesting",
        framework_yaml("indicators: " + "[" * 5000 + "]" * 5000 + "\n"),
        where={"file": "framework.yaml"},
        match="(?i)deep|nest",
    ),
    # ---- appraisal.yaml --------------------------------------------------------------------------
    Case(
        "appraisal-missing-file", lambda tmp: _read_appraisal(tmp / "none.yaml"), where={"file": "none.yaml"}
    ),
    Case("appraisal-syntax", appraisal(("rates:\n", "rates: [\n")), where={"file": "appraisal.yaml"}),
    Case(
        "appraisal-no-cashflows",
        appraisal(("  cashflows: cashflows.csv", "  cashflow: cashflows.csv")),
        where={"file": "appraisal.yaml"},
    ),
    Case(
        "appraisal-bad-distribution",
        appraisal(("distribution: pert", "distribution: bogus")),
        where={"file": "appraisal.yaml"},
    ),
    Case(
        "appraisal-pert-order",
        appraisal(("low: 0.95, mode: 1.0, high: 1.35", "low: 1.5, mode: 1.0, high: 1.35")),
        where={"file": "appraisal.yaml"},
    ),
    Case(
        "appraisal-negative-sd",
        appraisal(("mean: 1.0, sd: 0.1", "mean: 1.0, sd: -0.1")),
        where={"file": "appraisal.yaml"},
    ),
    Case(
        "appraisal-cashflows-text-amount",
        appraisal(
            files={
                "cashflows.csv": "version,year,flow,kind,category,"
                "price_base,amount\nplan,2024,x,cost,capital,2023,六百\n"
            }
        ),
        where={"file": "cashflows.csv"},
    ),
    Case(
        "appraisal-cashflows-empty", appraisal(files={"cashflows.csv": b""}), where={"file": "cashflows.csv"}
    ),
    Case(
        "appraisal-cashflows-header-only",
        appraisal(files={"cashflows.csv": "version,year,flow,kind,category,price_base,amount\n"}),
        where={"file": "cashflows.csv"},
    ),
    Case(
        "appraisal-cashflows-year-text",
        appraisal(
            files={
                "cashflows.csv": "version,year,flow,kind,category,"
                "price_base,amount\nplan,二〇二四,x,cost,capital,2023,6\n"
            }
        ),
        where={"file": "cashflows.csv"},
    ),
    Case(
        "appraisal-cashflows-gb18030",
        appraisal(
            files={
                "cashflows.csv": (
                    "version,year,flow,kind,category,price_base,amount\nplan,2024,人工,cost,capital,2023,六百\n"
                ).encode("gb18030")
            }
        ),
        where={"file": "cashflows.csv"},
    ),
    Case(
        "appraisal-cashflows-unbalanced-quote",
        appraisal(
            files={
                "cashflows.csv": "version,year,flow,kind,category,"
                'price_base,amount\nplan,2024,"x,cost,capital,2023,6\n'
            }
        ),
        where={"file": "cashflows.csv"},
    ),
    Case(
        "appraisal-uncertainty-typo",
        appraisal(("uncertainty:\n", "uncertainity:\n")),
        where={"file": "appraisal.yaml", "key": "uncertainity"},
        match="uncertainty",
    ),
    Case(
        "appraisal-duplicate-key",
        appraisal(("decision_year: 2025", "decision_year: 2025\ndecision_year: 2026")),
        where={"file": "appraisal.yaml"},
        match="(?i)duplicate|twice|repeated",
    ),
    Case(
        "appraisal-path-escape",
        appraisal(("cashflows: cashflows.csv", "cashflows: ../../../../etc/passwd")),
        where={"file": "appraisal.yaml"},
        match="outside the project folder",
    ),
    # ---- portfolio ----------------------------------------------------------------------------
    Case(
        "portfolio-missing-projects",
        lambda tmp: _portfolio_without(tmp, "projects.csv"),
        where={},
        match="projects.csv",
    ),
    Case(
        "portfolio-spending-text",
        portfolio("spending.csv", _row_replace("2024Q1,3,67.1", "2024Q1,3,很多")),
        where={"file": "spending.csv", "row": 2},
    ),
    Case(
        "portfolio-spending-month-13",
        portfolio("spending.csv", _row_replace("2024Q1,3,67.1", "2024Q1,13,67.1")),
        match="P01",
    ),
    Case(
        "portfolio-budget-text",
        portfolio("projects.csv", _row_replace("activity,320,320", "activity,320,三百")),
        where={"file": "projects.csv", "row": 2},
    ),
    Case(
        "portfolio-unknown-project",
        portfolio("spending.csv", _row_replace("P01,2024Q1", "P99,2024Q1")),
        where={"file": "spending.csv"},
    ),
    Case(
        "portfolio-indicator-weight-text",
        portfolio("indicators.csv", _row_replace("产出数量,30,", "产出数量,三十,")),
        where={"file": "indicators.csv", "indicator": "P01-1"},
    ),
    Case(
        "portfolio-progress-text",
        portfolio("progress.csv", _row_replace("P01-1,3,13,", "P01-1,3,十三,")),
        where={"file": "progress.csv", "row": 2},
    ),
    Case("portfolio-projects-empty", portfolio("projects.csv", b""), where={"file": "projects.csv"}),
    Case(
        "portfolio-projects-header-only",
        portfolio("projects.csv", "project,name,department,kind,original_budget,budget,unit\n"),
        where={"file": "spending.csv", "row": 2},
    ),
    Case(
        "portfolio-spending-unbalanced-quote",
        portfolio("spending.csv", _row_replace("P01,2024Q1,3", 'P01,"2024Q1,3')),
        where={"file": "spending.csv"},
        match="(?i)quote",
    ),
    Case(
        "portfolio-month-float-text",
        portfolio("progress.csv", _row_replace("P01-1,3,13,", "P01-1,3.5,13,")),
        where={"row": 2, "indicator": "P01-1"},
    ),
    Case(
        "portfolio-spending-falls",
        portfolio("spending.csv", _row_replace("2024Q2,6,160.4", "2024Q2,6,10")),
        where={"project": "P01", "period": "2024Q2"},
        match="(?i)cumulative|累计",
    ),
    Case(
        "portfolio-duplicate-project",
        portfolio("projects.csv", lambda text: text + text.splitlines()[1] + "\n"),
        where={"file": "projects.csv"},
        match="P01",
    ),
    # ---- report parameters: file and --set ---------------------------------------------------------
    Case(
        "params-not-found", lambda tmp: _load_params(tmp / "none.yaml"), ParameterError, {"file": "none.yaml"}
    ),
    Case("params-syntax", parameters_file("language: [zh\n"), ParameterError, {"file": "params.yaml"}),
    Case("params-list", parameters_file("- zh\n- en\n"), ParameterError, {"file": "params.yaml"}),
    Case(
        "params-duplicate",
        parameters_file("language: zh\nlanguage: en\n"),
        ParameterError,
        {"file": "params.yaml"},
    ),
    Case(
        "params-gb18030",
        parameters_file("title: 报告\n".encode("gb18030")),
        ParameterError,
        {"file": "params.yaml"},
    ),
    Case("params-binary", parameters_file(bytes(range(256))), ParameterError, {"file": "params.yaml"}),
    Case("params-scalar", parameters_file("42\n"), ParameterError, {"file": "params.yaml"}),
    Case("set-unknown-name", report_set(languag="zh"), ParameterError, {}, "languag"),
    Case("set-float-text", report_set(serious_shortfall="八成"), ParameterError, {}, "serious_shortfall"),
    Case("set-float-nan", report_set(serious_shortfall="nan"), ParameterError, {}, "serious_shortfall"),
    Case("set-float-inf", report_set(serious_shortfall="inf"), ParameterError, {}, "serious_shortfall"),
    Case(
        "set-float-minus-inf", report_set(serious_shortfall="-inf"), ParameterError, {}, "serious_shortfall"
    ),
    Case(
        "set-project-dir-missing", report_set(project_dir="no/such/folder"), ParameterError, {}, "project_dir"
    ),
    Case("set-language-list", report_parameters(language=["zh"]), ParameterError, {}, "language"),
    Case(
        "set-shortfall-bool",
        report_parameters(serious_shortfall=True),
        ParameterError,
        {},
        "serious_shortfall",
    ),
    Case(
        "set-shortfall-text",
        report_parameters(serious_shortfall="0.8"),
        ParameterError,
        {},
        "serious_shortfall",
    ),
    Case("set-title-number", report_parameters(title=3), ParameterError, {}, "title"),
    Case(
        "set-shortfall-nan-value",
        report_parameters(serious_shortfall=float("nan")),
        ParameterError,
        {},
        "serious_shortfall",
    ),
    # ---- method APIs: impact -------------------------------------------------------------------
    Case(
        "twfe-missing-column",
        lazy(imp("twfe"), PANEL, outcome="nope", unit="unit", time="time", treated="treated"),
        match="nope",
    ),
    Case(
        "twfe-bad-ssc",
        lazy(imp("twfe"), PANEL, outcome="y", unit="unit", time="time", treated="treated", ssc="bogus"),
        match="ssc",
    ),
    Case(
        "twfe-cluster-missing",
        lazy(imp("twfe"), PANEL, outcome="y", unit="unit", time="time", treated="treated", cluster="nope"),
        match="nope",
    ),
    Case(
        "did-alpha-range",
        lazy(imp("did_2x2"), PANEL, outcome="y", treated="group", post="post", alpha=0.7),
        match="alpha",
    ),
    Case(
        "did-alpha-nan",
        lazy(imp("did_2x2"), PANEL, outcome="y", treated="group", post="post", alpha=float("nan")),
        match="alpha",
    ),
    Case(
        "did-missing-post",
        lazy(imp("did_2x2"), PANEL, outcome="y", treated="group", post="nope"),
        match="nope",
    ),
    Case(
        "did-not-a-frame",
        lazy(imp("did_2x2"), "data.csv", outcome="y", treated="group", post="post"),
        match="data",
    ),
    Case("rdd-p-negative", lazy(imp("rdd"), RD, outcome="y", running="x", p=-1), match="'p'"),
    Case("rdd-h-negative", lazy(imp("rdd"), RD, outcome="y", running="x", h=-0.5), match="'h'"),
    Case("rdd-cutoff-outside", lazy(imp("rdd"), RD, outcome="y", running="x", cutoff=50.0), match="cut-off"),
    Case("rdd-missing-running", lazy(imp("rdd"), RD, outcome="y", running="nope"), match="nope"),
    Case("density-alpha", lazy(imp("density_test"), RD, running="x", alpha=2.0), match="alpha"),
    Case(
        "its-missing-time", lazy(imp("its"), SERIES, outcome="y", time="nope", intervention=24), match="nope"
    ),
    Case(
        "its-alpha",
        lazy(imp("its"), SERIES, outcome="y", time="t", intervention=24, alpha=0.0),
        match="alpha",
    ),
    Case(
        "its-intervention-outside",
        lazy(imp("its"), SERIES, outcome="y", time="t", intervention=500),
        match="intervention",
    ),
    Case(
        "event-study-leads",
        lazy(imp("event_study"), PANEL, outcome="y", unit="unit", time="time", cohort="cohort", leads=-2),
        match="leads",
    ),
    Case(
        "synth-unknown-unit",
        lazy(
            imp("synthetic_control"),
            PANEL,
            unit="unit",
            time="time",
            outcome="y",
            treated_unit=99,
            treatment_time=3,
        ),
        match="99",
    ),
    Case(
        "cs-bad-control",
        lazy(imp("callaway_santanna"), PANEL, "y", "unit", "time", "cohort", control="bogus"),
        match="control",
    ),
    # ---- method APIs: cba -------------------------------------------------------------------
    Case("npv-rate-text", lazy(cba("npv"), [-100, 50, 60], "8%"), match=r"(?i)\brate\b"),
    Case("npv-rate-nan", lazy(cba("npv"), [-100, 50, 60], float("nan")), match="rate"),
    Case("npv-flows-nan", lazy(cba("npv"), [-100, float("nan"), 60], 0.08), match="flows"),
    Case("npv-flows-text", lazy(cba("npv"), ["a", "b"], 0.08), match="flows"),
    Case("npv-timing", lazy(cba("npv"), [-100, 50, 60], 0.08, timing="middle"), match="timing"),
    Case("npv-rate-minus-one", lazy(cba("npv"), [-100, 50, 60], -1.0), match="rate"),
    Case("irr-empty", lazy(cba("irr"), []), match="flows"),
    Case("schedule-unknown", lazy(cba("get_schedule"), "china_2099"), match="china_2099"),
    Case("discount-factors-negative-year", lazy(cba("discount_factors"), [-1, 0, 1]), match="years"),
    Case("bcr-length-mismatch", lazy(cba("bcr"), [1, 2, 3], [1, 2], 0.08), match="(?i)length|costs"),
    Case("mirr-rate-text", lazy(cba("mirr"), [-100, 50, 60], "x", 0.05), match="finance_rate"),
    Case("optimism-unknown-type", lazy(cba("optimism_bias"), "spaceship"), match="spaceship"),
    Case(
        "optimism-mitigation",
        lazy(cba("optimism_bias"), "standard_civil_engineering", mitigation=1.5),
        match="mitigation",
    ),
    # ---- method APIs: weighting --------------------------------------------------------------
    Case("ahp-not-square", lazy(wt("ahp"), _Data(lambda: np.ones((2, 3)))), match="(?i)square|matrix"),
    Case(
        "ahp-negative",
        lazy(wt("ahp"), _Data(lambda: np.array([[1, -2], [-0.5, 1]]))),
        where={"row": 1, "column": 2},
        match="positive",
    ),
    Case(
        "ahp-not-reciprocal", lazy(wt("ahp"), _Data(lambda: np.array([[1, 3], [3, 1]]))), match="(?i)recipro"
    ),
    Case("ahp-method", lazy(wt("ahp"), SAATY3, method="bogus"), match="method"),
    Case("ahp-ri-unknown", lazy(wt("ahp"), SAATY3, ri="bogus"), match="ri"),
    Case("ahp-nan", lazy(wt("ahp"), _Data(lambda: np.array([[1, np.nan], [np.nan, 1]]))), match="matrix"),
    Case("ahp-cr-threshold", lazy(wt("ahp"), SAATY3, cr_threshold=-1), match="cr_threshold"),
    Case(
        "entropy-normalization", lazy(wt("entropy_weights"), X, normalization="bogus"), match="normalization"
    ),
    Case(
        "entropy-zero-handling", lazy(wt("entropy_weights"), X, zero_handling="bogus"), match="zero_handling"
    ),
    Case(
        "entropy-text-data",
        lazy(wt("entropy_weights"), _Data(lambda: pd.DataFrame({"a": ["x", "y"]}))),
        match="(?i)numeric|number|X",
    ),
    Case("critic-correlation", lazy(wt("critic_weights"), X, correlation="bogus"), match="correlation"),
    Case(
        "combine-method",
        lazy(wt("combine_weights"), [[0.5, 0.5], [0.4, 0.6]], method="bogus"),
        match="method",
    ),
    Case("combine-alpha", lazy(wt("combine_weights"), [[0.5, 0.5], [0.4, 0.6]], alpha=1.5), match="alpha"),
    Case("random-index-table", lazy(wt("random_index"), 3, "bogus"), match="ri"),
    Case("judgments-empty-xlsx", lambda tmp: _judgments(xlsx(tmp / "j.xlsx", [])), where={"file": "j.xlsx"}),
    Case("judgments-not-found", lambda tmp: _judgments(tmp / "none.xlsx"), where={"file": "none.xlsx"}),
    # ---- method APIs: monitoring ---------------------------------------------------------------
    Case("time-progress-13", lazy(mon("time_progress"), 13), match="month"),
    Case("time-progress-zero", lazy(mon("time_progress"), 0), match="month"),
    Case("time-progress-float", lazy(mon("time_progress"), 6.5), match="month"),
    Case("time-progress-curve-short", lazy(mon("time_progress"), 6, [0.1, 0.2]), match="spending_curve"),
    Case("thresholds-unknown", lazy(mon("get_thresholds"), "bogus"), match="bogus"),
    # ---- method APIs: evaluation ----------------------------------------------------------------
    Case(
        "sample-size-confidence", lazy(ev("required_sample_size"), 1000, confidence=1.5), match="confidence"
    ),
    Case("sample-size-margin", lazy(ev("required_sample_size"), 1000, margin=0.0), match="margin"),
    Case("sample-size-population", lazy(ev("required_sample_size"), -5), match="population"),
    Case("sample-size-rounding", lazy(ev("required_sample_size"), 1000, rounding="bogus"), match="rounding"),
    Case("grade-language", lazy(ev("grade"), 85.0, language="fr"), match="language"),
    Case("grade-score-over", lazy(ev("grade"), 120.0), match="score"),
    Case("grade-score-nan", lazy(ev("grade"), float("nan")), match="score"),
    Case("icc-alpha", lazy(ev("icc"), RATINGS, alpha=1.5), match="alpha"),
    Case("cronbach-alpha", lazy(ev("cronbach_alpha"), RATINGS, alpha=0.0), match="alpha"),
    Case("krippendorff-level", lazy(ev("krippendorff_alpha"), RATINGS, level="bogus"), match="level"),
    Case(
        "kendall-one-rater",
        lazy(ev("kendall_w"), _Data(lambda: np.ones((1, 4)))),
        match="(?i)rater|evaluator|data",
    ),
    Case("evaluate-profile-unknown", lambda tmp: _evaluate(tmp, profile="bogus"), match="bogus"),
    Case("evaluate-mode-unknown", lambda tmp: _evaluate(tmp, mode="audit"), match="audit"),
]


# -- helpers used by the table -------------------------------------------------------------------


def _read_project(path: Path) -> object:
    from perfmethods.io import read_project

    return read_project(path)


def _read_table(path: Path) -> object:
    from perfmethods.io import read_table

    return read_table(path)


def _read_fw_yaml(path: Path) -> object:
    from perfmethods.io import read_framework_yaml

    return read_framework_yaml(path)


def _read_appraisal(path: Path) -> object:
    from perfmethods.cba.case_file import read_appraisal

    return read_appraisal(path)


def _load_params(path: Path) -> object:
    from perfmethods.reporting.params import load_parameters_file

    return load_parameters_file(path)


def _judgments(path: Path) -> object:
    from perfmethods.weighting import read_judgments

    return read_judgments(path)


def _gb18030_project(tmp: Path) -> object:
    folder = _copy("culture_program", tmp)
    path = folder / "project.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return _read_project(folder)


def _outside_project(tmp: Path) -> object:
    folder = _copy("culture_program", tmp)
    outside = tmp / "shared" / "actuals.csv"
    outside.parent.mkdir()
    shutil.move(folder / "actuals.csv", outside)
    _edit(folder / "project.yaml", [("actuals: actuals.csv", f"actuals: {outside}")])
    return _read_project(folder)


def _portfolio_without(tmp: Path, name: str) -> object:
    from perfmethods.monitoring import read_portfolio

    folder = _copy("portfolio_monitoring", tmp)
    (folder / name).unlink()
    return read_portfolio(folder)


def _evaluate(tmp: Path, **options: object) -> object:
    from perfmethods.evaluation import evaluate
    from perfmethods.io import read_project

    project = read_project(ROOT / "data" / "examples" / "culture_program")
    return evaluate(project.framework, project.actuals, budget=project.budget, **options)
