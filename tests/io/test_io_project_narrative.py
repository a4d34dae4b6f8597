"""The optional ``narrative`` section of project.yaml: the report texts only people know (10号 附件3 outline)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from iotest_helpers import FIXTURES

from perfmethods.errors import InputError
from perfmethods.io import read_project
from perfmethods.io.project import NARRATIVE_KEYS

PROJECT = FIXTURES / "project"
EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "culture_program"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT, tmp_path / "project"))


def _append(project: Path, text: str) -> None:
    path = project / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_absent_section_gives_every_key_empty() -> None:
    project = read_project(PROJECT)
    assert set(project.narrative) == set(NARRATIVE_KEYS)
    assert project.narrative["reasons"] == {}
    assert all(project.narrative[k] is None for k in NARRATIVE_KEYS if k != "reasons")


def test_texts_and_reasons_are_read(project_dir: Path) -> None:
    first_id = read_project(project_dir).framework.ids[0]
    _append(project_dir, "narrative:\n  purpose: '  为预算安排提供依据 '\n  other: ''\n"
                         "  process: |\n    - 1 月收集数据\n    - 2 月现场核查\n"
                         f"  reasons:\n    {first_id}: 启动较晚\n")
    narrative = read_project(project_dir).narrative
    assert narrative["purpose"] == "为预算安排提供依据"
    assert narrative["other"] is None  # blank means not given
    assert narrative["process"] == "- 1 月收集数据\n- 2 月现场核查"  # Markdown kept
    assert narrative["reasons"] == {first_id: "启动较晚"}
    assert narrative["scope"] is None


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("narrative:\n  purpos: x\n", r"unknown key 'narrative\.purpos' \(did you mean 'purpose'\?\)"),
        ("narrative:\n  purpose: [a, b]\n", r"'narrative\.purpose' must be text .*got a list"),
        ("narrative:\n  purpose: true\n", r"'narrative\.purpose' must be text"),
        ("narrative:\n  reasons: 启动较晚\n", r"'narrative\.reasons' must map indicator ids"),
        ("narrative:\n  reasons:\n    ZZ99: x\n", r"names indicator 'ZZ99', which the indicator table does not"),
        ("narrative: [a]\n", r"'narrative' must be a mapping of keys"),
    ],
)
def test_bad_narrative_is_refused_with_the_key(project_dir: Path, text: str, pattern: str) -> None:
    _append(project_dir, text)
    with pytest.raises(InputError, match=pattern) as info:
        read_project(project_dir)
    assert "project.yaml" in str(info.value)


def test_bundled_example_fills_the_narrative_and_says_it_is_synthetic() -> None:
    narrative = read_project(EXAMPLE).narrative
    for key in ("purpose", "scope", "principles", "process", "experience", "other"):
        assert narrative[key] and narrative[key].startswith("（合成示例）"), key
    assert set(narrative["reasons"]) == {"B12", "D13", "E11"}
