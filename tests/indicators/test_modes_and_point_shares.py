"""One evaluation-mode normaliser and one weight-share rule for evaluate, lint, project.yaml and the CLI."""

from __future__ import annotations

import pytest

from perfmethods.errors import InputError
from perfmethods.evaluation import evaluate
from perfmethods.indicators import lint
from perfmethods.indicators.point_shares import level1_points, point_share_findings
from perfmethods.indicators.profiles import get_profile
from perfmethods.io import framework_from_records
from perfmethods.model.modes import MODE_NAMES, MODE_SPELLINGS, normalise_mode

EXPECTED = {
    "self": "self", "self-evaluation": "self", "单位自评": "self", "自评": "self",
    "department": "department", "部门评价": "department", "部门自评": "department", "部门": "department",
    "finance": "finance", "财政评价": "finance", "财政重点评价": "finance", "财政": "finance",
}


def _framework(outputs: float = 20, outcomes: float = 20, process: float = 60):
    return framework_from_records([
        {"id": "A", "level1": "过程", "name": "资金到位率", "points": process, "target": "≥95%"},
        {"id": "B", "level1": "产出", "name": "活动场次", "points": outputs, "target": "≥50场"},
        {"id": "C", "level1": "效益", "name": "参与人次", "points": outcomes, "target": "≥3000人次"},
    ])


@pytest.mark.parametrize("spelling", sorted(EXPECTED))
def test_normalise_mode_knows_every_spelling_any_entry_point_accepted(spelling: str) -> None:
    assert normalise_mode(spelling) == EXPECTED[spelling]
    assert normalise_mode(f"  {spelling.upper()} ") == EXPECTED[spelling]
    assert set(MODE_SPELLINGS.values()) == set(MODE_NAMES)


@pytest.mark.parametrize("bad", ["audit", "", None, 3])
def test_normalise_mode_lists_the_accepted_spellings(bad: object) -> None:
    with pytest.raises(InputError, match=r"The 'mode' parameter of evaluate must be an evaluation mode: "
                                         r"self \(单位自评\).*'财政重点评价'.*got"):
        normalise_mode(bad, func="evaluate")


@pytest.mark.parametrize("spelling", sorted(EXPECTED))
def test_evaluate_and_lint_accept_every_spelling(spelling: str) -> None:
    fw = _framework()
    result = evaluate(fw, {"A": "96%", "B": "50场", "C": "3000人次"}, mode=spelling)
    assert result.mode == EXPECTED[spelling]
    canonical = [f.code for f in lint(fw, mode=EXPECTED[spelling])]
    assert [f.code for f in lint(fw, mode=spelling)] == canonical


@pytest.mark.parametrize("mode", ["department", "finance", "self"])
def test_the_weight_share_check_gives_the_same_finding_from_lint_and_evaluate(mode: str) -> None:
    fw = _framework()
    from_evaluate = [f for f in evaluate(fw, {"A": "96%", "B": "50场", "C": "3000人次"}, mode=mode).findings
                     if f.code in ("output_benefit_share", "self_eval_split")]
    from_lint = [f for f in lint(fw, mode=mode) if f.code in ("output_benefit_share", "self_eval_split")]
    assert len(from_evaluate) == 1
    assert from_lint == from_evaluate
    assert from_evaluate == point_share_findings(fw, mode, get_profile("central"))


def test_output_benefit_share_threshold() -> None:
    prof = get_profile("central")
    assert point_share_findings(_framework(30, 30, 40), "finance", prof) == []  # exactly 60 %
    found = point_share_findings(_framework(29, 30, 41), "department", prof)
    assert [f.code for f in found] == ["output_benefit_share"]
    assert "59.0%" in found[0].message_zh and "部门评价" in found[0].message_zh
    assert "In a department evaluation" in found[0].message_en


def test_inferred_mode_is_named_in_the_message() -> None:
    found = point_share_findings(_framework(), "finance", get_profile("central"), inferred=True)
    assert found[0].message_zh.endswith("（未指定评价方式，按财政评价检查）。")
    assert found[0].message_en.endswith(" (mode not given; checked as finance).")


def test_level1_points_counts_the_separate_budget_row_first() -> None:
    fw = framework_from_records([
        {"id": "B", "level1": "产出", "name": "活动场次", "points": 50, "target": "≥50场"},
        {"id": "C", "level1": "效益", "name": "参与人次", "points": 50, "target": "≥3000人次"},
    ])
    pts = level1_points(fw, get_profile("central"))
    bp = get_profile("central").budget_points.value
    assert pts.index[0] == "预算执行率" and pts.iloc[0] == bp
    assert pts.sum() == pytest.approx(100.0)
    assert pts["产出"] == pytest.approx((100 - bp) / 2)


@pytest.mark.parametrize("spelling", ["财政重点评价", "单位自评", "self-evaluation"])
def test_the_cli_accepts_every_spelling(spelling: str, capsys: pytest.CaptureFixture[str]) -> None:
    from perfmethods.cli import build_parser
    from perfmethods.datasets import data_root

    draft = str(data_root() / "examples" / "indicator_design" / "draft.csv")
    for command in (["lint", draft], ["evaluate", "data/examples/culture_program"]):
        args = build_parser().parse_args([*command, "--mode", spelling])
        assert args.mode == EXPECTED[spelling]
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["lint", draft, "--mode", "audit"])
    assert info.value.code == 2
    assert "'财政重点评价'" in capsys.readouterr().err
