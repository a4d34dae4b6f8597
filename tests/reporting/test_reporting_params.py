"""Parameter declarations and validation: before anything runs, with messages that say what to fix."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from perfmethods.errors import ParameterError
from perfmethods.reporting.params import (
    coerce_text,
    find_project_root,
    load_parameters_file,
    parse_assignment,
    python_literal,
    read_parameters,
    validate_parameters,
)

CELL = """project_dir: str = "data/culture"  # 项目数据目录
scores_file: str | None = None  # 得分表（可选）
year: int = 2024  # 评价年度
ratio: float = 0.5  # 比例
strict: bool = False  # 严格模式
tags: list[str] = ["a", "b"]  # 标签
weights: dict = {
    "产出": 50,
    "效益": 50,
}  # 权重
note: "str | None" = None  # 备注
seed = 42  # 随机数种子
today = __import__("datetime").date.today().isoformat()  # 表达式默认值
"""


def notebook(source: str = CELL, tags: list[str] | None = None) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"] if tags is None else tags
    return new_notebook(cells=[new_code_cell("import os"), cell, new_code_cell("print(year)")])


@pytest.fixture
def declared():
    return read_parameters(notebook())


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "data" / "culture").mkdir(parents=True)
    (tmp_path / "data" / "culture" / "scores.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    return tmp_path


def test_read_parameters_types_defaults_help(declared) -> None:
    assert list(declared) == [
        "project_dir",
        "scores_file",
        "year",
        "ratio",
        "strict",
        "tags",
        "weights",
        "note",
        "seed",
        "today",
    ]
    assert str(declared["project_dir"].type) == "str" and declared["project_dir"].is_path
    assert declared["project_dir"].help == "项目数据目录"
    assert declared["scores_file"].type.optional and str(declared["scores_file"].type) == "str | None"
    assert declared["year"].default == 2024 and declared["year"].type.base == "int"
    assert declared["tags"].type.base == "list" and str(declared["tags"].type.item) == "str"
    assert declared["weights"].default == {"产出": 50, "效益": 50} and declared["weights"].help == "权重"
    assert declared["note"].type.optional and declared["note"].type.base == "str"
    assert declared["seed"].type.base == "int"  # inferred from the default
    assert not declared["today"].has_literal_default
    assert declared["today"].default_source.startswith("__import__")


def test_no_parameters_cell() -> None:
    with pytest.raises(ParameterError, match="no cell is tagged 'parameters'"):
        read_parameters(notebook(tags=[]))


def test_parameters_cell_syntax_error() -> None:
    with pytest.raises(ParameterError, match="not valid Python"):
        read_parameters(notebook("x: int = = 1"))


def test_unknown_key_suggests_and_lists(declared, root: Path) -> None:
    with pytest.raises(ParameterError) as info:
        validate_parameters(declared, {"yaer": 2023}, project_root=root, cwd=root)
    message = str(info.value)
    assert "'yaer'" in message and "did you mean 'year'?" in message
    assert "project_dir, scores_file, year" in message


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        ({"year": "2024"}, r"parameter 'year'.*expected int, got str '2024'; remove the quotes"),
        ({"year": True}, r"expected int, got bool True; a boolean is not a number"),
        ({"year": 2024.5}, r"expected int, got float 2024.5"),
        ({"ratio": "1e-3"}, r"expected float, got str '1e-3'; YAML 1.1 .* write it as 0.001"),
        ({"strict": "yes"}, r"expected bool, got str 'yes'"),
        ({"strict": 1}, r"expected bool, got int 1"),
        ({"tags": "a,b"}, r"expected list\[str\], got str"),
        ({"tags": ["a", 1]}, r"an element got int 1"),
        ({"weights": [1]}, r"expected dict"),
        ({"year": None}, r"expected int, got None"),
    ],
)
def test_wrong_types(declared, root: Path, values: dict, pattern: str) -> None:
    with pytest.raises(ParameterError, match=pattern):
        validate_parameters(declared, values, project_root=root, cwd=root)


def test_yaml_date_and_number_for_str(root: Path) -> None:
    declared = read_parameters(notebook('code: str = "0012"  # 编码\nend: str = "2024-12-31"  # 截止'))
    with pytest.raises(ParameterError, match="quote it to keep it text"):
        validate_parameters(declared, {"code": 12}, cwd=root)
    import datetime

    with pytest.raises(ParameterError, match="read it as a date"):
        validate_parameters(declared, {"end": datetime.date(2024, 12, 31)}, cwd=root)


def test_int_accepted_for_float_and_canonicalised(declared, root: Path) -> None:
    resolved = validate_parameters(declared, {"ratio": 1, "tags": ("x",)}, project_root=root, cwd=root)
    assert resolved.kernel["ratio"] == 1.0 and isinstance(resolved.kernel["ratio"], float)
    assert resolved.kernel["tags"] == ["x"]
    assert resolved.canonical["today"] == {"expression": '__import__("datetime").date.today().isoformat()'}
    assert resolved.given == ("ratio", "tags")


def test_paths_resolve_cwd_then_project_root(declared, root: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    resolved = validate_parameters(
        declared, {"scores_file": "data/culture/scores.csv"}, project_root=root, cwd=elsewhere
    )
    assert resolved.kernel["project_dir"] == str((root / "data" / "culture").resolve())  # default, via root
    assert resolved.kernel["scores_file"] == str((root / "data/culture/scores.csv").resolve())
    assert resolved.canonical["project_dir"] == "data/culture"
    assert resolved.paths["scores_file"] == {
        "given": "data/culture/scores.csv",
        "resolved": "data/culture/scores.csv",
    }
    # the working directory wins when the path exists there too
    (elsewhere / "data" / "culture").mkdir(parents=True)
    resolved = validate_parameters(declared, {}, project_root=root, cwd=elsewhere)
    assert resolved.kernel["project_dir"] == str((elsewhere / "data" / "culture").resolve())
    assert resolved.canonical["project_dir"] == str((elsewhere / "data" / "culture").resolve().as_posix())


def test_missing_path_names_key_and_paths(declared, root: Path) -> None:
    with pytest.raises(ParameterError) as info:
        validate_parameters(
            declared, {"project_dir": "data/nope"}, project_root=root, cwd=root, source="p.yaml"
        )
    message = str(info.value)
    assert message.startswith("file 'p.yaml', parameter 'project_dir': path 'data/nope' does not exist")
    assert str(root / "data" / "nope") in message


def test_dir_must_be_a_directory(declared, root: Path) -> None:
    with pytest.raises(ParameterError, match="is not a directory"):
        validate_parameters(declared, {"project_dir": "data/culture/scores.csv"}, project_root=root, cwd=root)
    with pytest.raises(ParameterError, match="is not a file"):
        validate_parameters(declared, {"scores_file": "data/culture"}, project_root=root, cwd=root)


def test_missing_default_path_says_it_is_the_default(declared, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="the notebook's default"):
        validate_parameters(declared, {}, cwd=tmp_path)


def test_language_values() -> None:
    declared = read_parameters(notebook('language: str = "zh"  # 语言'))
    assert validate_parameters(declared, {"language": "en"}).kernel == {"language": "en"}
    with pytest.raises(ParameterError, match="write 'zh', not 'zh-CN'"):
        validate_parameters(declared, {"language": "zh-CN"})


def test_find_project_root(root: Path) -> None:
    assert find_project_root(root / "notebooks") == root.resolve()
    assert find_project_root(root / "data" / "culture" / "scores.csv") == root.resolve()


def test_load_parameters_file(tmp_path: Path) -> None:
    good = tmp_path / "p.yaml"
    good.write_text("year: 2024\nratio: 1.0e-3\nname: 文化\n", encoding="utf-8")
    assert load_parameters_file(good) == {"year": 2024, "ratio": 0.001, "name": "文化"}
    dup = tmp_path / "dup.yaml"
    dup.write_text("year: 1\nyear: 2\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="the key 'year' appears twice") as info:
        load_parameters_file(dup)
    assert info.value.location["line"] == 2
    deep = tmp_path / "deep.yaml"
    deep.write_text("title: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="(?i)deep|nest"):  # the one strict loader of perfmethods.io
        load_parameters_file(deep)
    scalar = tmp_path / "s.yaml"
    scalar.write_text("- 1\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="must be a mapping"):
        load_parameters_file(scalar)
    with pytest.raises(ParameterError, match="not found"):
        load_parameters_file(tmp_path / "missing.yaml")
    (tmp_path / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    assert load_parameters_file(tmp_path / "empty.yaml") == {}


def test_command_line_values(declared) -> None:
    assert parse_assignment("year=2023") == ("year", "2023")
    assert parse_assignment("note=a=b") == ("note", "a=b")
    with pytest.raises(ParameterError, match="key=value"):
        parse_assignment("year")
    assert coerce_text(declared["year"], "2023") == 2023
    assert coerce_text(declared["ratio"], "1e-3") == 0.001  # Python's parser, not YAML 1.1
    assert coerce_text(declared["strict"], "yes") is True
    assert coerce_text(declared["project_dir"], "2024") == "2024"  # str stays text
    assert coerce_text(declared["scores_file"], "null") is None
    assert coerce_text(declared["tags"], "[x, y]") == ["x", "y"]
    assert coerce_text(declared["year"], "abc") == "abc"  # reported by validation
    assert coerce_text(None, "3") == 3


def test_python_literal_round_trips() -> None:
    value = {"名称": "文化'惠民\"", "n": [1, 2.5, None, True], "x": float("nan")}
    namespace: dict = {}
    exec(f"v = {python_literal(value)}", namespace)  # noqa: S102 - testing generated source
    assert namespace["v"]["名称"] == value["名称"] and namespace["v"]["n"] == value["n"]
    assert namespace["v"]["x"] != namespace["v"]["x"]  # nan
    assert "名称" in python_literal(value)  # readable, not \\u escapes


@pytest.mark.parametrize("text", ["nan", "inf", "-inf"])
def test_non_finite_float_parameters_are_refused(text):
    """`--set serious_shortfall=nan` used to render and leave a bare NaN in manifest.json (issue 11)."""
    from perfmethods.reporting.params import TypeSpec

    kind = TypeSpec("float")
    assert "finite number" in kind.check(float(text))
    assert kind.check(0.8) is None and kind.check(1) is None


def test_manifest_is_strict_json():
    from perfmethods.reporting.manifest import dumps_manifest

    with pytest.raises(ValueError):
        dumps_manifest({"x": float("nan")})


def test_resolved_parameters_follow_the_result_protocol(tmp_path: Path) -> None:
    (tmp_path / "data" / "culture").mkdir(parents=True)
    declared = read_parameters(notebook())
    resolved = validate_parameters(
        declared, {"year": 2023, "project_dir": "data/culture", "ratio": 0.25}, project_root=tmp_path,
        cwd=tmp_path,
    )
    table = resolved.summary()
    assert list(table.columns) == ["parameter", "value", "given", "path"]
    assert list(table["parameter"]) == list(declared)
    row = table.set_index("parameter")
    assert row.loc["year", "value"] == 2023 and bool(row.loc["year", "given"])
    assert not bool(row.loc["seed", "given"]) and row.loc["seed", "value"] == 42
    assert row.loc["project_dir", "path"] == "data/culture" and pd.isna(row.loc["year", "path"])
    assert row.loc["today", "value"] == {"expression": '__import__("datetime").date.today().isoformat()'}
    text = repr(resolved)
    assert text.splitlines()[0] == "ResolvedParameters"
    assert "n_parameters: 10" in text and "n_given: 3" in text
    assert len(text.splitlines()) <= 20
    assert "<table" in resolved._repr_html_()
    data = resolved.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["canonical"]["ratio"] == 0.25
    assert data["given"] == ["year", "project_dir", "ratio"]
    assert str(tmp_path) not in json.dumps(data)  # location-independent: no absolute paths of this machine
