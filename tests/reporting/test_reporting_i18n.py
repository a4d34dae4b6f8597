"""The label catalogue: complete in both languages, same format fields, clear errors."""

from __future__ import annotations

import pytest

from perfmethods.errors import InputError
from perfmethods.i18n import LANGUAGES, catalogue, format_fields, labels, t

REQUIRED = {
    "section.summary": ("项目概况", "Project summary"),
    "section.indicator_scores": ("绩效指标评分", "Indicator scores"),
    "section.total_score": ("综合得分与等级", "Total score and grade"),
    "section.budget_execution": ("预算执行情况", "Budget execution"),
    "section.evaluator_scores": ("评价主体评分", "Evaluator scores"),
    "section.satisfaction": ("满意度调查", "Satisfaction survey"),
    "section.findings": ("发现的问题", "Findings"),
    "section.recommendation": ("结果应用建议", "Budget recommendation"),
    "section.provenance": ("报告来源", "Provenance"),
    "column.indicator_id": ("指标编码", "Indicator ID"),
    "column.level1": ("一级指标", "Level-1 indicator"),
    "column.level2": ("二级指标", "Level-2 indicator"),
    "column.level3": ("三级指标", "Level-3 indicator"),
    "column.target": ("年度指标值", "Annual target"),
    "column.actual": ("实际完成值", "Actual value"),
    "column.completion_rate": ("完成率", "Completion rate"),
    "column.weight": ("分值", "Weight"),
    "column.score": ("得分", "Score"),
    "column.flag": ("标记", "Flag"),
}


def test_every_key_has_both_languages_with_the_same_fields() -> None:
    entries = catalogue()
    assert len(entries) >= len(REQUIRED)
    for key, entry in entries.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(isinstance(text, str) and text.strip() for text in entry.values()), key
        assert format_fields(entry["zh"]) == format_fields(entry["en"]), key


@pytest.mark.parametrize(("key", "texts"), sorted(REQUIRED.items()))
def test_seed_labels(key: str, texts: tuple[str, str]) -> None:
    assert (t(key, "zh"), t(key, "en")) == texts


def test_format_fields_are_filled() -> None:
    assert t("text.total_score", "zh", score=87.5, grade="良") == "项目综合得分 87.5 分，评价等级为“良”。"
    assert t("unit.points", "en", value=3) == "3 points"
    assert t("section.summary") == "项目概况"  # zh is the default


def test_unknown_key_names_it() -> None:
    with pytest.raises(KeyError, match="section.nope"):
        t("section.nope", "zh")


def test_missing_field_names_key_and_field() -> None:
    with pytest.raises(KeyError, match=r"text\.total_score.*'grade'"):
        t("text.total_score", "zh", score=1)


@pytest.mark.parametrize("language", ["zh-CN", "fr", ""])
def test_unknown_language(language: str) -> None:
    with pytest.raises(InputError, match="The 'language' parameter of t must be one of 'zh', 'en'"):
        t("section.summary", language)


def test_labels_returns_a_copy() -> None:
    table = labels("en")
    table["section.summary"] = "changed"
    assert t("section.summary", "en") == "Project summary"


def test_translator_is_t_in_one_language() -> None:
    from perfmethods.i18n import translator

    tr = translator("en")
    assert tr("section.summary") == t("section.summary", "en")
    assert translator("zh", "section.")("summary") == t("section.summary", "zh")
    with pytest.raises(InputError, match="The 'language' parameter of translator"):
        translator("fr")
