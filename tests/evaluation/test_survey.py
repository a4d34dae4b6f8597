"""Satisfaction surveys: Likert scores, satisfaction rate (Wilson), sample size (common practice: Likert
https://zaojiaoba.cn/zuoye/4589199.html; 满意率 https://www.mzzpw.net/shubk/202507/265005.html; sample size
https://www.jiaxicaishui.com/shuiwu/267621.html)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from perfmethods.errors import InputError
from perfmethods.evaluation.survey import required_sample_size, score_survey
from perfmethods.model.inputs import SurveyResponses


def test_required_sample_size_textbook():
    # jiaxicaishui.com: n0 = z² p(1−p)/e² = 384.15 at 95 %, e = 5 %, p = 0.5; rounded up by default (issue 12)
    assert required_sample_size() == 385
    assert required_sample_size(confidence=0.95, margin=0.05, p=0.5) == 385
    assert required_sample_size(rounding="nearest") == 384
    # finite-population correction n = n0 / (1 + (n0 − 1)/N): N = 1000 → 277.7 → 278; N = 2000 → 322.6
    assert required_sample_size(1000) == 278
    assert required_sample_size(2000) == 323
    assert required_sample_size(2000, rounding="nearest") == 322
    assert required_sample_size(100) == 80
    assert required_sample_size(10) == 10
    with pytest.raises(InputError, match="margin"):
        required_sample_size(margin=0)


def test_required_sample_size_default_meets_the_margin():
    # the default sample is the smallest whole n whose margin z·sqrt(p(1−p)/n)·fpc is within ±e
    z = stats.norm.ppf(0.975)
    for population in (None, 500, 2000, 10_000):
        n = required_sample_size(population)
        fpc = 1.0 if population is None else math.sqrt((population - n) / (population - 1))
        assert z * math.sqrt(0.25 / n) * fpc <= 0.05 + 1e-12
        fpc_less = 1.0 if population is None else math.sqrt((population - n + 1) / (population - 1))
        assert z * math.sqrt(0.25 / (n - 1)) * fpc_less > 0.05


def test_survey_result_required_n_is_rounded_up_by_default():
    assert score_survey(_survey(population=2000)).required_n == 323
    assert score_survey(_survey(population=2000), sample_rounding="nearest").required_n == 322


def _survey(population=None):
    data = pd.DataFrame(
        {
            "环境": ["很满意", "满意", "基本满意", "不太满意", "不满意", "满意"],
            "服务": ["Very satisfied", "satisfied", None, "满意", "", "fairly satisfied"],
        }
    )
    return SurveyResponses(data, population=population)


def test_item_scores_rate_and_intervals():
    res = score_survey(_survey())
    items = res.items.set_index("item")
    env = [100, 80, 60, 30, 0, 80]
    assert items.loc["环境", "mean"] == pytest.approx(sum(env) / 6)
    half = stats.t.ppf(0.975, 5) * pd.Series(env).std() / math.sqrt(6)
    assert items.loc["环境", "ci_low"] == pytest.approx(sum(env) / 6 - half)
    # 服务: 100, 80, 80, 60 (two blanks are item non-response)
    assert items.loc["服务", "n_valid"] == 4 and items.loc["服务", "mean"] == pytest.approx(80)
    # satisfaction rate = (很满意 + 满意) / valid answers: 环境 3/6, 服务 3/4, pooled 6/10
    assert items.loc["环境", "satisfaction_rate"] == pytest.approx(0.5)
    assert res.satisfaction_rate == pytest.approx(0.6)
    # several items: ratio estimator over respondents (Cochran 1977 §6.4). Satisfied / valid answers per
    # respondent: (2,2) (2,2) (0,1) (1,2) (0,1) (1,2) → r = 6/10; v = 6/5 · Σ(s − r m)² / 10²
    s_i = [2, 2, 0, 1, 0, 1]
    m_i = [2, 2, 1, 2, 1, 2]
    v = 6 / 5 * sum((s - 0.6 * m) ** 2 for s, m in zip(s_i, m_i)) / 100
    half = stats.norm.ppf(0.975) * math.sqrt(v)
    assert res.rate_ci == pytest.approx((0.6 - half, 0.6 + half))
    # one item: the Wilson interval
    lo, hi = proportion_confint(3, 6, alpha=0.05, method="wilson")
    one = score_survey(SurveyResponses(_survey().data[["环境"]]))
    assert one.rate_ci == pytest.approx((lo, hi))
    # overall S = Σ λ_j S_j with equal weights
    assert res.overall_score == pytest.approx(0.5 * sum(env) / 6 + 0.5 * 80)
    assert res.counts.loc["环境", "满意"] == 2
    json.dumps(res.to_dict())
    assert list(res.summary()["item"]) == ["环境", "服务", "overall"]


def test_small_sample_finding():
    res = score_survey(_survey(population=500))
    assert res.required_n == required_sample_size(500)
    assert [f.code for f in res.findings] == ["survey_sample_small"]


def test_unknown_label_names_row_and_item():
    data = pd.DataFrame({"q1": ["很满意", "满意"], "q2": ["满意", "还行"]})
    with pytest.raises(InputError) as info:
        score_survey(SurveyResponses(data))
    msg = str(info.value)
    assert "q2" in msg and "row 3" in msg and "还行" in msg


def test_custom_scale_and_weights():
    data = pd.DataFrame({"q1": ["好", "中"], "q2": ["好", "好"]})
    res = score_survey(
        SurveyResponses(data), scale={"好": 100, "中": 50}, satisfied=["好"], item_weights={"q1": 3, "q2": 1}
    )
    assert res.overall_score == pytest.approx(0.75 * 75 + 0.25 * 100)
    assert res.satisfaction_rate == pytest.approx(0.75)


def test_plot_stacks_shares_to_one():
    import matplotlib

    matplotlib.use("Agg")
    res = score_survey(_survey())
    ax = res.plot(language="zh")
    # one bar per item and label; the bars of each item end at 100 %
    widths = [p.get_width() for p in ax.patches]
    n_items = len(res.counts)
    per_item = [sum(widths[i::n_items]) for i in range(n_items)]
    assert per_item == pytest.approx([1.0] * n_items)
    assert ax.get_title() == "满意度调查答案分布"


# -- Cronbach's α of the items -------------------------------------------------------------------------------
def test_score_survey_reports_cronbach_alpha_of_complete_respondents():
    from perfmethods.evaluation.survey import cronbach_alpha

    res = score_survey(_survey())
    # complete respondents: rows 1, 2, 4 (row 3 has no 服务, row 5 an empty answer)
    scores = pd.DataFrame({"环境": [100.0, 80.0, 30.0, 80.0], "服务": [100.0, 80.0, 80.0, 60.0]},
                          index=[0, 1, 3, 5])
    expected = cronbach_alpha(scores)
    assert res.reliability is not None
    assert res.reliability.alpha == pytest.approx(expected.alpha)
    assert res.reliability.n == 4 and res.reliability.k == 2
    # by hand: k/(k−1) (1 − Σ s_j² / s_X²)
    var_items = scores.var(ddof=1).sum()
    var_total = scores.sum(axis=1).var(ddof=1)
    assert res.reliability.alpha == pytest.approx(2 * (1 - var_items / var_total))
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)


def test_single_item_survey_has_no_cronbach_alpha():
    res = score_survey(SurveyResponses(pd.DataFrame({"总体": ["满意", "很满意", "不满意"]})))
    assert res.reliability is None
