"""The reader's wording of codes (reporting/wording.py): no code, enum value or internal reference shown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.indicators import get_profile, list_profiles
from perfmethods.reporting.wording import (
    LEVEL1_KEYS,
    citation,
    level1_label,
    period_label,
    profile_label,
    rule_value,
    rules_table,
    unit_label,
    yes_no,
)

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
CODES = re.compile(
    r"\b(central|integer_down|integer_nearest|budget_20_80|no_budget_row|nearest|down|none|adjusted|original|"
    r"verified|secondary|unverified|True|False|None|nan|yes|no)\b"
)


@pytest.mark.parametrize("name", list_profiles())
def test_rules_table_has_no_codes_in_chinese_and_no_chinese_labels_in_english(name: str) -> None:
    zh = rules_table(get_profile(name), "zh")
    en = rules_table(get_profile(name), "en")
    assert list(zh.columns) == ["setting", "value_text", "provenance", "source"]
    assert len(zh) == len(en) == len(get_profile(name).rules())
    for text in zh.to_numpy().ravel():
        assert not CODES.search(str(text)), text
        assert "digest" not in str(text) and "§" not in str(text), text
    for column in ("setting", "provenance", "source"):
        for text in en[column]:
            assert not CJK.search(text), text
            assert "digest" not in text and "§" not in text, text


def test_rule_values_in_the_readers_words() -> None:
    assert rule_value("rounding", "nearest", "zh") == "四舍五入"
    assert rule_value("rounding", "down", "en") == "rounded down"
    assert rule_value("execution_basis", "adjusted", "zh") == "全年预算数"
    assert rule_value("total_from_rounded_rows", True, "zh") == "是"
    assert rule_value("total_from_rounded_rows", False, "en") == "no"
    assert rule_value("budget_points", None, "zh") == "不设"
    assert rule_value("budget_points", 10.0, "zh") == "10 分"
    assert rule_value("overachievement_ratio", 1.3, "en") == "130%"
    assert rule_value("qualitative_tiers", [["达成", 0.8, 1.0], ["未达成", 0.0, 0.6]], "en") == (
        "achieved 80%–100%; not achieved 0%–60%"
    )
    assert rule_value("grade_bands", [[90.0, "优"], [0.0, "差"]], "en") == "excellent ≥ 90; poor ≥ 0"
    assert rule_value("self_eval_split", [["产出", 50.0], ["满意度", 10.0]], "en") == "Outputs 50; Satisfaction 10"
    application = rule_value("application", get_profile("central").application.value, "en")
    assert application.startswith("excellent: ") and not CJK.search(application)


def test_citations_name_primary_documents() -> None:
    assert citation("财预〔2020〕10号 附件2 自评表: 预算执行率 分值10", "zh") == (
        "财预〔2020〕10号 附件2（项目支出绩效自评表）"
    )
    assert citation("财政预算绩效管理系统 (pmkpi) SQL scoring rules", "en") == (
        "scoring rules of the budget performance management system"
    )
    assert citation("package default: tables add their printed integer rows", "zh").startswith("本工具的默认设置")
    # an unknown source is shown as written; an empty one as the package default
    assert citation("某省财政厅通知", "zh") == "某省财政厅通知"
    assert citation(" ; ", "zh").startswith("本工具的默认设置")


def test_labels_of_standard_names_and_users_own_words() -> None:
    assert [level1_label(n, "en") for n in LEVEL1_KEYS] == [
        "Decision", "Process", "Outputs", "Outcomes", "Cost", "Satisfaction", "Budget execution rate"]
    assert level1_label("决策", "zh") == "决策"
    assert level1_label("社会影响", "en") == "社会影响"  # the user's own dimension is theirs
    assert [period_label(p, "en") for p in ("第一季度", "二季度", "Q3", "第四季度", "上半年", "全年")] == [
        "Q1", "Q2", "Q3", "Q4", "First half", "Full year"]
    assert period_label("1—5月", "en") == "1—5月"
    assert unit_label("万元", "en") == "× 10,000 yuan"
    assert unit_label("万元", "zh") == "万元"
    assert unit_label("美元", "en") == "美元"
    assert profile_label("central", "zh") == "财预〔2020〕10号 通行口径"
    assert profile_label("my_city", "en") == "my_city"
    assert (yes_no(True, "zh"), yes_no(False, "zh")) == ("是", "否")


@given(st.text(max_size=30))
def test_citation_always_shows_something(source: str) -> None:
    assert citation(source, "en").strip()


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InputError, match="language"):
        level1_label("决策", "fr")
