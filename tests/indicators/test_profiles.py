"""Locality profiles: every convention a sourced Rule (财预〔2020〕10号 单位自评 and 附件2, the 预算司 grade bands,
the pmkpi budget-system scoring rules, the 达州 results application and published 自评表 of 2016–2023)."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from perfmethods.errors import InputError
from perfmethods.indicators.application import ApplicationTable
from perfmethods.indicators.profiles import (
    LocalityProfile,
    canonical_level1,
    get_profile,
    list_profiles,
    register_profile,
)
from perfmethods.provenance import Provenance, Rule

BUNDLED = ["central", "integer_down", "integer_nearest", "budget_20_80", "no_budget_row"]


def test_bundled_profiles_listed():
    assert list_profiles()[:5] == BUNDLED


@pytest.mark.parametrize("name", BUNDLED)
def test_every_constant_is_a_rule_and_json_safe(name):
    profile = get_profile(name)
    plain = {"name", "description", "evidence"}
    for f in fields(profile):
        value = getattr(profile, f.name)
        if f.name in plain:
            assert isinstance(value, str) and value
        else:
            assert isinstance(value, Rule), f.name
            assert isinstance(value.provenance, Provenance)
            assert value.source
    data = json.loads(json.dumps(profile.to_dict()))
    assert data["name"] == name
    assert set(data["rules"]) == {f.name for f in fields(profile)} - plain
    for rule in data["rules"].values():
        assert rule["provenance"] in {"verified", "secondary", "unverified"}


def test_central_defaults_and_provenance():
    p = get_profile("central")
    assert (p.rounding.value, p.decimals.value) == ("nearest", 2)  # pmkpi system round(…, 2), secondary
    assert p.rounding.provenance is Provenance.SECONDARY
    assert p.budget_points.value == 10 and p.budget_points.provenance is Provenance.VERIFIED  # 10号 附件2, 池州 2022
    assert p.execution_basis.value == "adjusted"  # published 自评表: 全年预算数 by default
    assert p.overachievement_ratio.value == 1.30  # 广西 system configuration, secondary
    assert p.overachievement_ratio.provenance is Provenance.SECONDARY
    assert p.overachievement_deduction.value == 0.0  # no published 自评表 deducted
    assert p.min_output_benefit_share.value == 0.60  # 10号 60 % rule, not located verbatim
    assert p.min_output_benefit_share.provenance is Provenance.UNVERIFIED
    assert dict(p.self_eval_split.value) == {"产出": 50, "效益": 30, "满意度": 10, "预算执行率": 10}
    assert p.grade_bands.provenance is Provenance.VERIFIED  # 预算司 bands, dz-gczx.com
    assert p.qualitative_tiers.value == (("达成", 0.8, 1.0), ("部分达成", 0.6, 0.8), ("未达成", 0.0, 0.6))
    assert isinstance(p.application.value, ApplicationTable)
    assert p.indicator_points == 90


def test_variants():
    assert (get_profile("integer_down").rounding.value, get_profile("integer_down").decimals.value) == (
        "down",
        0,
    )
    assert get_profile("integer_nearest").rounding.value == "nearest"
    assert get_profile("integer_nearest").decimals.value == 0
    assert get_profile("budget_20_80").budget_points.value == 20
    assert get_profile("budget_20_80").indicator_points == 80
    assert get_profile("no_budget_row").budget_points.value is None
    assert get_profile("no_budget_row").indicator_points == 100


def test_replace_wraps_plain_values_as_unverified():
    p = get_profile("central").replace(rounding="down", decimals=0)
    assert p.name == "central+custom"
    assert p.rounding.value == "down" and p.rounding.provenance is Provenance.UNVERIFIED
    assert "nearest" in p.rounding.note
    assert get_profile("central").rounding.value == "nearest"  # the bundled profile is unchanged
    r = Rule(0.2, Provenance.VERIFIED, "某市财政局 通知 2024")
    q = get_profile("central").replace(overachievement_deduction=r, name="some_city")
    assert q.overachievement_deduction is r and q.name == "some_city"


@pytest.mark.parametrize(
    "change",
    [
        {"rounding": "up"},
        {"decimals": -1},
        {"decimals": 1.5},
        {"budget_points": 100},
        {"budget_points": 0},
        {"execution_basis": "final"},
        {"overachievement_ratio": 0.9},
        {"overachievement_deduction": 1.5},
        {"qualitative_default_shares": (("达成", 0.7), ("部分达成", 0.7), ("未达成", 0.3))},
        {"self_eval_split": (("产出", 60), ("效益", 30))},
        {"grade_bands": ((90, "优"), (80, "良"))},
        {"min_output_benefit_share": 60},
    ],
)
def test_replace_validates(change):
    with pytest.raises(InputError, match="locality profile"):
        get_profile("central").replace(**change)


def test_replace_unknown_setting():
    with pytest.raises(InputError, match="unknown locality-profile settings"):
        get_profile("central").replace(rounding_mode="down")


def test_get_profile_unknown_and_register():
    with pytest.raises(InputError, match="available"):
        get_profile("dalian")
    custom = get_profile("central").replace(name="test_registered_profile")
    register_profile(custom)
    assert get_profile("test_registered_profile") is custom
    assert get_profile(custom) is custom
    with pytest.raises(InputError, match="exists"):
        register_profile(custom)


def test_plain_value_in_constructor_is_rejected():
    p = get_profile("central")
    kwargs = {f.name: getattr(p, f.name) for f in fields(p)}
    kwargs["rounding"] = "down"
    with pytest.raises(InputError, match="must be a perfmethods.provenance.Rule"):
        LocalityProfile(**kwargs)


def test_to_frame_lists_every_setting():
    frame = get_profile("central").to_frame()
    assert list(frame.columns) == ["setting", "value", "value_text", "provenance", "source", "note"]
    assert "budget_points" in set(frame["setting"])
    text = frame.set_index("setting")["value_text"]
    assert text["grade_bands"] == "优 ≥ 90；良 ≥ 80；中 ≥ 60；差 ≥ 0"
    assert text["qualitative_tiers"] == "达成 80%–100%；部分达成 60%–80%；未达成 0%–60%"
    assert text["overachievement_ratio"] == "130%"
    assert get_profile("no_budget_row").to_frame().set_index("setting").loc["budget_points", "value_text"] == "—"


@pytest.mark.parametrize(
    "label,expected",
    [
        ("产出", "产出"),
        ("产出指标", "产出"),
        ("成本指标", "成本"),
        ("满意度指标", "满意度"),
        ("服务对象满意度", "满意度"),
        ("效益指标", "效益"),
        ("其他", "其他"),
    ],
)
def test_canonical_level1(label, expected):
    assert canonical_level1(label) == expected
