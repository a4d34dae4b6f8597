"""Results application: grade → next-year budget (10号 qualitative rule; 达州 table,
http://swj.dazhou.gov.cn/news-show-6995.html)."""

from __future__ import annotations

import json

import pytest

from perfmethods.errors import InputError
from perfmethods.indicators.application import ApplicationTable, recommend
from perfmethods.provenance import Provenance, Rule


def test_good_grade_sentence():
    rec = recommend("良", 580, "万元")
    assert rec.text_zh == "评价等级为“良”：下一年度预算据实予以合理保障，建议安排不超过 580.00 万元。"
    assert rec.action == "maintain" and rec.suggested_amount == 580.0
    assert rec.text_en.startswith('Grade "good"')


def test_each_grade():
    table = ApplicationTable.default()
    rec = {g: recommend(g, 580, table=table) for g in "优良中差"}
    assert [rec[g].action for g in "优良中差"] == ["priority", "maintain", "reduce", "cancel"]
    assert rec["优"].label_zh == "优先保障" and rec["优"].label_en == "priority support"
    # 中: 达州 "予以一定比例核减"; 10 % is the package default (unverified)
    assert rec["中"].suggested_amount == 522.0
    assert rec["中"].factor_provenance == "unverified"
    assert "核减 10%" in rec["中"].text_zh
    # 差: cancel or suspend, no amount
    assert rec["差"].suggested_amount is None
    assert rec["差"].text_zh == "评价等级为“差”：视情况可取消或暂停下一年度预算安排。"
    json.dumps([r.to_dict() for r in rec.values()])


def test_reduction_share_configurable():
    table = ApplicationTable.default().with_reduction(Rule(0.2, Provenance.VERIFIED, "某市 通知"))
    rec = recommend("fair", 100.0, table=table)
    assert rec.suggested_amount == 80.0 and rec.factor_provenance == "verified"
    with pytest.raises(InputError, match=r"in \[0, 1\]"):
        ApplicationTable.default().with_reduction(10)


def test_amount_rounding_half_up():
    assert recommend("中", 0.05, table=ApplicationTable.default(0.1)).suggested_amount == 0.05  # 0.045 → 0.05


def test_no_amount_and_bad_amount():
    rec = recommend("优")
    assert rec.suggested_amount is None and rec.text_zh.endswith("适当优先给予保障。")
    with pytest.raises(InputError, match="budget_amount"):
        recommend("良", -1)


def test_table_validation_and_sichuan():
    table = ApplicationTable.default()
    with pytest.raises(InputError, match="exactly one rule for each grade"):
        ApplicationTable(table.rules[:3])
    sc = ApplicationTable.sichuan()
    assert sc.rule("中").policy.value == "压缩" and sc.rule("中").policy.provenance is Provenance.SECONDARY
    assert list(sc.to_frame()["action"]) == ["priority", "maintain", "reduce", "cancel"]
