"""The one strict YAML loader (perfmethods.io.read_yaml) and the readers that use it (project, framework)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from iotest_helpers import FIXTURES

from perfmethods.errors import InputError
from perfmethods.io import (
    MAX_YAML_ALIASES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    check_keys,
    key_line,
    read_framework_yaml,
    read_project,
    read_yaml,
    scalar,
)

PROJECT = FIXTURES / "project"


def _bomb() -> str:
    """The "billion laughs": nine levels of nine aliases, defined inside the framework's ``description`` (an
    accepted key) so that only the alias limits stop it; as an indicator name it expands to 9**9 strings."""
    rows = ["  a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"  {name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "description:\n" + "\n".join(rows) + "\n"


def _write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT, tmp_path / "project"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the loader -----------------------------------------------------------------------------------


def test_mappings_remember_the_line_of_each_key(tmp_path: Path) -> None:
    data = read_yaml(_write(tmp_path, "# comment\na: 1\nb:\n  c: 2\n  d: [1, {e: 3}]\n"))
    assert data == {"a": 1, "b": {"c": 2, "d": [1, {"e": 3}]}}
    assert (key_line(data, "a"), key_line(data, "b"), key_line(data["b"], "d")) == (2, 3, 5)
    assert key_line(data["b"]["d"][1], "e") == 5
    assert key_line({"a": 1}, "a") is None and key_line(data, "zz") is None
    assert yaml.safe_dump(data)  # still dumps as a plain mapping


@pytest.mark.parametrize(
    "text, key, line",
    [
        ("budget:\n  original: 600\n  adjusted: 580\n  adjusted: 1\n", "adjusted", 4),
        ("project:\n  name: A\nfiles: {}\nproject:\n  name: B\n", "project", 4),
        ("indicators:\n  - id: C1\n    target: ≥5\n    target: ≥6\n", "target", 4),
        ("a: {x: 1, x: 2}\n", "x", 1),
    ],
)
def test_a_repeated_key_at_any_depth_is_refused_naming_line_and_key(
    tmp_path: Path, text: str, key: str, line: int
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match=f"'{key}' appears twice") as info:
        read_yaml(path)
    assert info.value.location == {"file": str(path), "line": line, "key": key}


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    deep = _write(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(InputError, match=f"nested more than {MAX_YAML_DEPTH} levels") as info:
        read_yaml(deep)
    assert info.value.location["line"] == 1 and info.value.location["key"].startswith("a[0][0]")
    block = "".join("  " * k + f"k{k}:\n" for k in range(MAX_YAML_DEPTH + 5)) + "  " * 40 + "x: 1\n"
    with pytest.raises(InputError, match="nested more than"):
        read_yaml(_write(tmp_path, block, "block.yaml"))


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    text = "a: " + "[" * (MAX_YAML_DEPTH - 1) + "1" + "]" * (MAX_YAML_DEPTH - 1) + "\n"
    data = read_yaml(_write(tmp_path, text))
    for _ in range(MAX_YAML_DEPTH):
        data = data["a"] if isinstance(data, dict) else data[0]
    assert data == 1
    one_more = "a: " + "[" * MAX_YAML_DEPTH + "1" + "]" * MAX_YAML_DEPTH + "\n"
    with pytest.raises(InputError, match="nested more than"):
        read_yaml(_write(tmp_path, one_more, "over.yaml"))


def test_alias_bomb_fails_fast_in_a_framework_field(tmp_path: Path) -> None:
    """The billion-laughs document, once under a framework field: refused within seconds, not a hang."""
    framework = _write(tmp_path, _bomb() + "indicators:\n  - {id: C1, name: *i, weight: 10, target: ≥1}\n", "fw.yaml")
    code = (
        "from perfmethods.io import read_framework_yaml\n"
        "from perfmethods.errors import InputError\n"
        f"try:\n    read_framework_yaml({str(framework)!r})\n"
        "except InputError as exc:\n    print('REFUSED', exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.stdout.startswith("REFUSED"), done.stdout + done.stderr
    assert "aliases" in done.stdout and "line" in done.stdout


def test_alias_expansion_budget(tmp_path: Path) -> None:
    few = "a: &a [1, 2]\nb: [*a, *a]\n"
    assert read_yaml(_write(tmp_path, few)) == {"a": [1, 2], "b": [[1, 2], [1, 2]]}
    many = "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_YAML_ALIASES + 1)) + "]\n"
    with pytest.raises(InputError, match=f"more than {MAX_YAML_ALIASES} aliases"):
        read_yaml(_write(tmp_path, many, "many.yaml"))
    # few aliases, but each doubles the document: the expanded size is what counts
    width = 12
    lines = ["l0: &l0 [" + ", ".join(["x"] * width) + "]"]
    lines += [f"l{k}: &l{k} [*l{k - 1}, *l{k - 1}, *l{k - 1}, *l{k - 1}]" for k in range(1, 10)]
    assert 9 * 4 <= MAX_YAML_ALIASES and width * 4**9 > MAX_YAML_NODES
    with pytest.raises(InputError, match=f"expands to more than {MAX_YAML_NODES} values"):
        read_yaml(_write(tmp_path, "\n".join(lines) + "\n", "doubling.yaml"))


def test_an_alias_inside_its_own_value_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="refers to the value it is inside of"):
        read_yaml(_write(tmp_path, "a: &a [1, *a]\n"))


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_YAML_BYTES + b"\n")
    with pytest.raises(InputError, match="larger than 1024 KiB") as info:
        read_yaml(path)
    assert info.value.location == {"file": str(path)}


def test_check_keys_suggests_and_names_the_line(tmp_path: Path) -> None:
    data = read_yaml(_write(tmp_path, "name: x\nbudget:\n  orignal: 5\n"))
    check_keys(data, ("name", "budget"))
    with pytest.raises(InputError, match=r"unknown key 'budget.orignal' \(did you mean 'original'\?\)") as info:
        check_keys(data["budget"], ("original", "adjusted"), file="p.yaml", section="budget")
    assert info.value.location == {"file": "p.yaml", "line": 3, "key": "budget.orignal"}
    with pytest.raises(InputError) as info:
        check_keys(data, ("zzz",))
    assert "did you mean" not in str(info.value)


def test_scalar_refuses_mappings_and_lists(tmp_path: Path) -> None:
    data = read_yaml(_write(tmp_path, "a: 1\nb: {c: 1}\nd: [1]\n"))
    assert scalar(data, "a") == 1 and scalar(data, "missing") is None
    with pytest.raises(InputError, match="'b' must be a single value .*not a mapping") as info:
        scalar(data, "b", file="f.yaml")
    assert info.value.location == {"file": "f.yaml", "line": 2, "key": "b"}
    with pytest.raises(InputError, match="not a list"):
        scalar(data, "d")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*! \n'\"#|>0")), max_size=80))
def test_any_text_gives_data_or_an_input_error(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """Fuzz: the loader never lets a raw PyYAML, recursion or other exception through."""
    path = tmp_path_factory.mktemp("fuzz") / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_yaml(path)
    except InputError as exc:
        assert exc.location["file"] == str(path)


# -- the readers ----------------------------------------------------------------------------------


def test_framework_field_with_a_mapping_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "indicators:\n  - id: C1\n    name: {a: 1}\n    weight: 10\n    target: ≥5\n", "fw.yaml")
    with pytest.raises(InputError, match="'name' must be a single value .*not a mapping") as info:
        read_framework_yaml(path)
    assert info.value.location == {"file": str(path), "entry": 1, "line": 3, "indicator": "C1", "field": "name"}
    listed = _write(tmp_path, "name: [a, b]\nindicators:\n  - {id: C1, name: x, weight: 10, target: ≥5}\n", "l.yaml")
    with pytest.raises(InputError, match="'name' must be a single value"):
        read_framework_yaml(listed)


def test_framework_target_mapping_still_accepted(tmp_path: Path) -> None:
    """Indicator.to_dict() writes the target as a mapping: it stays readable."""
    framework = read_framework_yaml(FIXTURES / "framework.yaml")
    path = _write(tmp_path, yaml.safe_dump(framework.to_dict(), allow_unicode=True), "round.yaml")
    again = read_framework_yaml(path)
    assert [i.to_dict() for i in again] == [i.to_dict() for i in framework]


def test_framework_repeated_target_is_refused(tmp_path: Path) -> None:
    text = "indicators:\n  - id: C1\n    name: x\n    weight: 10\n    target: ≥5\n    target: ≥6\n"
    with pytest.raises(InputError, match="'target' appears twice") as info:
        read_framework_yaml(_write(tmp_path, text, "fw.yaml"))
    assert info.value.location["line"] == 6


def test_project_second_project_section_is_refused(project_dir: Path) -> None:
    with (project_dir / "project.yaml").open("a", encoding="utf-8") as fh:
        fh.write("project:\n  name: 另一个项目\n  year: 2024\n")
    with pytest.raises(InputError, match="'project' appears twice") as info:
        read_project(project_dir)
    assert info.value.location["key"] == "project" and info.value.location["line"] == 31


def test_project_second_budget_adjusted_is_refused(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "  adjusted: 580\n", "  adjusted: 580\n  adjusted: 1.0e+308\n")
    with pytest.raises(InputError, match="'adjusted' appears twice") as info:
        read_project(project_dir)
    assert info.value.location["line"] == 26


@pytest.mark.parametrize("key", ["name", "department", "overall_goal"])
def test_project_meta_mapping_is_refused(project_dir: Path, key: str) -> None:
    text = (project_dir / "project.yaml").read_text(encoding="utf-8")
    line = next(k for k, s in enumerate(text.splitlines(), start=1) if s.startswith(f"  {key}:"))
    old = next(s for s in text.splitlines() if s.startswith(f"  {key}:"))
    _edit(project_dir / "project.yaml", old, f"  {key}: {{a: 1}}")
    with pytest.raises(InputError, match=f"'project.{key}' must be a single value") as info:
        read_project(project_dir)
    assert info.value.location["line"] == line and info.value.location["key"] == f"project.{key}"


def test_project_files_entry_as_a_list_is_refused(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "  actuals: actuals.csv", "  actuals: [actuals.csv]")
    with pytest.raises(InputError, match="'files.actuals' must be a single value") as info:
        read_project(project_dir)
    assert info.value.location["line"] == 19


def test_project_section_that_is_a_value_names_its_line(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "survey:\n  items: [Q1, Q2, Q3]\n  population: 50000\n", "survey: yes\n")
    with pytest.raises(InputError, match="'survey' must be a mapping") as info:
        read_project(project_dir)
    assert info.value.location["line"] == 28


def test_project_budget_amount_as_a_mapping_names_its_line(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "  adjusted: 580", "  adjusted: {万元: 580}")
    with pytest.raises(InputError, match="'budget.adjusted' must be a single value") as info:
        read_project(project_dir)
    assert info.value.location["line"] == 25 and info.value.location["key"] == "budget.adjusted"
    assert "{" not in str(info.value)


@pytest.mark.parametrize(
    "text, found", [("indicators:\n  C1: {name: x}\n", "a mapping"), ("indicators: 5\n", "the single value '5'"),
                    ("indicators: []\n", "nothing")]
)
def test_framework_indicators_not_a_list_is_described_not_printed(tmp_path: Path, text: str, found: str) -> None:
    with pytest.raises(InputError, match=f"non-empty list of indicators; got {found} instead") as info:
        read_framework_yaml(_write(tmp_path, text, "fw.yaml"))
    assert info.value.location["line"] == 1 and "{" not in str(info.value)
