"""Bare numbers against percentage targets (issue 11, deliverable 1): read_as_percent, check_data,
evaluate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.evaluation import evaluate
from perfmethods.indicators.quality import check_data
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals
from perfmethods.model.values import FRACTION_MAX, ParsedValue, parse_value, read_as_percent


def framework(*targets: str) -> IndicatorFramework:
    points = [10.0] * len(targets)
    points[-1] = 100.0 - 10.0 * (len(targets) - 1)
    inds = [Indicator(f"C{k}", f"指标{k}", "产出指标", "质量指标", w, Direction.parse("≥"), parse_value(t))
            for k, (t, w) in enumerate(zip(targets, points, strict=True))]
    return IndicatorFramework(tuple(inds), name="t")


@pytest.mark.parametrize(
    ("actual", "target", "verdict", "value"),
    [
        ("0.96", "≥95%", "converted", 96.0),
        ("0.57", "≥50%", "converted", 57.0),          # decimal ×100, not 56.99999999999999
        ("1.2", "≥95%", "converted", 120.0),
        ("1.5", "80%~90%", "converted", 150.0),
        ("0.96", "≥1%", "ambiguous", 0.96),
        ("1", "≥1%", "ambiguous", 1.0),
        ("0.5", "≤1.5%", "ambiguous", 0.5),
        ("1.6", "≥95%", "", 1.6),                     # above 1.5: a percentage as written
        ("0", "≥95%", "", 0.0),                       # 0 is 0 on either scale
        ("96%", "≥95%", "", 96.0),
        ("0.96", "≥95", "", 0.96),                    # the target is not in %
        ("0.96万元", "≥95%", "", 0.96),
    ],
)
def test_read_as_percent_rule(actual: str, target: str, verdict: str, value: float) -> None:
    reading = read_as_percent(parse_value(actual), parse_value(target))
    assert reading.verdict == verdict
    assert reading.value.value == value
    assert reading.value.text == actual
    if verdict == "converted":
        assert reading.value.unit == "%"


@given(
    a=st.floats(0.0, 10.0, allow_nan=False),
    t=st.floats(0.0, 200.0, allow_nan=False),
)
def test_read_as_percent_invariants(a: float, t: float) -> None:
    target = ParsedValue(f"≥{t}%", "≥", t, None, "%")
    reading = read_as_percent(ParsedValue(repr(a), None, a, None, ""), target)
    fraction = 0.0 < a <= FRACTION_MAX
    assert (reading.verdict != "") == fraction
    if reading.verdict == "converted":
        assert t > FRACTION_MAX
        assert reading.value.value == pytest.approx(100.0 * a, rel=1e-12)
    else:
        assert reading.value.value == a


def test_evaluate_converts_a_bare_fraction_and_says_so() -> None:
    fw = framework("≥95%", "≥90%")
    result = evaluate(fw, Actuals.from_mapping({"C0": "0.96", "C1": "90%"}), profile="central")
    rows = result.indicators.set_index("id")
    assert rows.loc["C0", "actual_value"] == 96.0
    assert rows.loc["C0", "points"] == pytest.approx(9.0)   # full points (10 × 90/100), not 0.1
    assert "fraction_as_percent" in rows.loc["C0", "flags"] and rows.loc["C1", "flags"] == ()
    codes = {(f.code, f.indicator_id) for f in result.findings}
    assert ("fraction_as_percent", "C0") in codes
    finding = next(f for f in result.findings if f.code == "fraction_as_percent")
    assert "96" in finding.message_zh and "96 %" in finding.message_en
    assert "fraction_ambiguous" not in {f.code for f in result.findings}


def test_evaluate_leaves_an_ambiguous_fraction_and_reports_an_error() -> None:
    fw = framework("≥95%", "≥1%")
    result = evaluate(fw, Actuals.from_mapping({"C0": "95%", "C1": "1"}), profile="central")
    rows = result.indicators.set_index("id")
    assert rows.loc["C1", "actual_value"] == 1.0                # not converted
    found = [f for f in result.findings if f.code == "fraction_ambiguous"]
    assert [f.indicator_id for f in found] == ["C1"]
    assert found[0].severity.value == "error"
    assert found[0].message_en and found[0].message_zh


def test_check_data_confidence() -> None:
    fw = framework("≥95%", "≥90%")
    converted = check_data(fw, Actuals.from_mapping({"C0": "0.96", "C1": "92%"}))
    assert converted.confidence == "high"
    assert [f.code for f in converted.findings] == ["fraction_as_percent"]
    assert "96%" in converted.findings[0].message_zh
    fw = framework("≥95%", "≥1%")
    written = check_data(fw, Actuals.from_mapping({"C0": "96%", "C1": "1.2%"}))
    assert written.confidence == "high"
    ambiguous = check_data(fw, Actuals.from_mapping({"C0": "96%", "C1": "1"}))
    assert ambiguous.confidence != "high"
    assert [f.code for f in ambiguous.findings] == ["fraction_ambiguous"]
    assert ambiguous.findings[0].indicator_id == "C1"


def test_check_data_range_checks_use_the_converted_value() -> None:
    fw = framework("≥95%")
    result = check_data(fw, Actuals.from_mapping({"C0": "0.96"}), ranges={"C0": (50, 100)})
    assert "out_of_range" not in {f.code for f in result.findings}
    result = check_data(fw, Actuals.from_mapping({"C0": "0.4"}), ranges={"C0": (50, 100)})
    assert "out_of_range" in {f.code for f in result.findings}
