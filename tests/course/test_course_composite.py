"""Lesson 09 (综合评价与稳健性): answers typed as a trainee would are accepted, each typical mistake is named from a
wrong answer computed here by hand (numpy, scipy), and a malformed answer gets the form it expects.

The reference answers are the library's (perfmethods.composite; tests/composite reproduces COINr's normalisation,
treatment and aggregation cases — bluefoxr/COINr@b9682034 — the TOPSIS closeness of Opricovic & Tzeng 2004 and
司守奎《数学建模算法与应用》§14.1, and SALib's Sobol' estimators on Ishigami's function); the hand computations
below follow the lesson's formulas (JRC/OECD 2008 steps 3, 5, 7; Hwang & Yoon 1981 ch. 3), so they also show that
the lesson's steps give the library's numbers.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from course_support import FormTable, MistakeTable, solution
from scipy import stats

from perfmethods import course
from perfmethods.composite import factor_label, sensitivity_analysis, topsis, treat_outliers, uncertainty_analysis
from perfmethods.course.composite_exercises import (
    AGGREGATION_CHOICES,
    CHOICE_LABELS,
    DRAWS,
    NORMALISATION_CHOICES,
    ROBUST_SPAN,
    SEED,
    SOBOL_N,
    composite_index,
    directions,
    indicator_table,
    panel,
    year_table,
)
from perfmethods.datasets import data_root
from perfmethods.efficiency import dea

# -- the lesson's steps by hand --------------------------------------------------------------------------------
Y23 = year_table(2023)
E17 = Y23["E17"]
CITY_NORTH = E17["城北区"]
META = indicator_table()

OUTCOMES = year_table(2020)[["E15", "E16", "E17", "E18"]]
W_OUT = META.loc[OUTCOMES.columns, "weight"].to_numpy()

INPUTS = Y23[["E01", "E02", "E03", "E04", "E05", "E06"]].to_numpy(dtype=float)
W_IN = META.loc[["E01", "E02", "E03", "E04", "E05", "E06"], "weight"].to_numpy()
COST_IN = np.array([False, False, True, False, False, False])
TAOYUAN = list(Y23.index).index("桃源县")


def minmax(x: pd.DataFrame, cost: np.ndarray) -> pd.DataFrame:
    """100 (x − min)/(max − min), 100 (max − x)/(max − min) for a cost indicator; missing values stay missing."""
    lo, hi = x.min(), x.max()
    return pd.DataFrame(np.where(cost, 100 * (hi - x) / (hi - lo), 100 * (x - lo) / (hi - lo)), index=x.index,
                        columns=x.columns)


def jinchuan(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """金川县's normalised 效益 values that were reported, and their weights."""
    row = minmax(OUTCOMES, cost).loc["金川县"].to_numpy()
    ok = ~np.isnan(row)
    return row[ok], W_OUT[ok]


COST_OUT = np.array([False, False, True, True])


def closeness(normalisation: str = "vector", cost: np.ndarray = COST_IN, w: np.ndarray = W_IN) -> np.ndarray:
    """TOPSIS by hand (Hwang & Yoon 1981): weighted normalised v, ideal / anti-ideal, C = D− / (D+ + D−)."""
    x = INPUTS
    if normalisation == "vector":
        r, effective = x / np.sqrt((x**2).sum(axis=0)), cost
    else:
        lo, hi = x.min(axis=0), x.max(axis=0)
        r, effective = np.where(cost, hi - x, x - lo) / (hi - lo), np.zeros_like(cost)
    v = r * (w / w.sum())
    ideal = np.where(effective, v.min(axis=0), v.max(axis=0))
    anti = np.where(effective, v.max(axis=0), v.min(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


def jrc_fails(x: np.ndarray) -> bool:
    """The JRC rule with scipy's unbiased skewness and excess kurtosis (Excel's SKEW, KURT)."""
    return abs(stats.skew(x, bias=False)) >= 2 and stats.kurtosis(x, bias=False) >= 3.5


def test_the_lessons_steps_by_hand_give_the_librarys_answers() -> None:
    assert np.isclose(100 * (E17.max() - CITY_NORTH) / (E17.max() - E17.min()), solution("09.1"))
    x, w = jinchuan(COST_OUT)
    assert len(x) == 3  # 金川县 did not report E17 in 2020
    assert np.isclose((w * x).sum() / w.sum(), solution("09.3"))
    assert np.isclose(closeness()[TAOYUAN], solution("09.4"))


def test_the_outlier_rule_by_hand_winsorises_one_value_of_e06() -> None:
    e06 = Y23["E06"].to_numpy(dtype=float).copy()
    assert jrc_fails(e06)
    assert [c for c in Y23.columns if jrc_fails(Y23[c].dropna().to_numpy(dtype=float))] == ["E06"]
    e06[e06.argmax()] = np.sort(e06)[-2]  # one step: the largest value takes the next-largest
    assert not jrc_fails(e06)
    assert solution("09.2") == "B"


def test_the_rank_interval_is_read_from_the_monte_carlo_ranks() -> None:
    result = uncertainty_analysis(composite_index(2023), normalisation=list(NORMALISATION_CHOICES),
                                  aggregation=list(AGGREGATION_CHOICES), exclude=True, weight_noise=0.25,
                                  draws=DRAWS, seed=SEED)
    ranks = result.ranks[:, list(result.units).index("经开区")]
    q05, q95 = np.quantile(ranks, [0.05, 0.95])
    row = course.exercise_data("09.5").set_index("unit").loc["经开区"]
    assert (row["rank_q05"], row["rank_q95"]) == (q05, q95)
    assert solution("09.5") == ("A" if q95 - q05 <= ROBUST_SPAN else "B") == "B"


def test_the_sobol_choices_are_the_models_factors() -> None:
    result = sensitivity_analysis(composite_index(2023), normalisation=list(NORMALISATION_CHOICES),
                                  aggregation=list(AGGREGATION_CHOICES), exclude=True, weight_noise=0.25,
                                  n=SOBOL_N, seed=SEED)
    assert tuple(factor_label(f) for f in result.factors) == CHOICE_LABELS
    total = result.first_output().set_index("factor")["ST"]
    assert solution("09.6") == factor_label(str(total.idxmax()))


# -- every solution is accepted, also as a trainee would type it ------------------------------------------------
def test_answers_rounded_as_the_exercises_ask_are_accepted() -> None:
    assert course.check("09.1", round(solution("09.1"), 2)).correct
    assert course.check("09.3", round(solution("09.3"), 2)).correct
    assert course.check("09.4", round(solution("09.4"), 3)).correct
    assert course.check("09.4", np.float64(solution("09.4"))).correct
    assert course.check("09.2", " B ").correct  # stray spaces are forgiven


# -- typical mistakes are named ----------------------------------------------------------------------------------
def _pooled_minmax() -> float:
    pooled = panel()["E17"]
    return 100 * (pooled.max() - CITY_NORTH) / (pooled.max() - pooled.min())


def _geometric() -> float:
    x, w = jinchuan(COST_OUT)
    return float(np.exp((w * np.log(x)).sum() / w.sum()))


MISTAKES = [
    ("09.1", lambda: 100 * (CITY_NORTH - E17.min()) / (E17.max() - E17.min()), "forgot_cost"),
    ("09.1", lambda: 100 * CITY_NORTH / E17.max(), "divided_by_max"),
    ("09.1", lambda: 100 * (E17.max() - CITY_NORTH) / E17.max(), "divided_by_max"),
    ("09.1", lambda: 100 * E17.min() / CITY_NORTH, "divided_by_max"),
    ("09.1", lambda: (E17.max() - CITY_NORTH) / (E17.max() - E17.min()), "scale_0_1"),
    ("09.1", _pooled_minmax, "all_years"),
    ("09.2", lambda: "A", "missed_failure"),
    ("09.2", lambda: "D", "log_first"),
    ("09.2", lambda: "C", "no_recheck"),
    ("09.2", lambda: "E", "dropped_unit"),
    ("09.3", lambda: float((lambda x, w: (w * x).sum())(*jinchuan(COST_OUT))), "not_renormalised"),
    ("09.3", _geometric, "geometric"),
    ("09.3", lambda: float((lambda x, w: (w * x).sum() / w.sum())(*jinchuan(np.zeros(4, bool)))), "forgot_cost"),
    ("09.3", lambda: float(jinchuan(COST_OUT)[0].mean()), "equal_weights"),
    ("09.4", lambda: closeness("minmax")[TAOYUAN], "minmax"),
    ("09.4", lambda: closeness(cost=np.zeros(6, bool))[TAOYUAN], "cost_as_benefit"),
    ("09.4", lambda: closeness(w=np.ones(6))[TAOYUAN], "equal_weights"),
    ("09.4", lambda: 1 - closeness()[TAOYUAN], "reversed"),
    ("09.5", lambda: "A", "misread_span"),
    ("09.5", lambda: "C", "median_is_error"),
    ("09.5", lambda: "D", "drop_unit"),
    ("09.6", lambda: str(course.exercise_data("09.6")["mean_ST"].idxmax()), "mean_over_units"),
    ("09.6", lambda: str(course.exercise_data("09.6")["ST"].idxmin()), "reversed"),
    ("09.6", lambda: "权重：保障投入", "one_weight"),
]


class TestMistakes(MistakeTable):
    lesson = "09"
    table = MISTAKES


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("09.4", 0.9)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "D− / (D+ + D−)" in feedback.message_zh
    feedback = course.check("09.6", "权重：产出")  # a weight, but neither the smallest nor flagged otherwise
    assert feedback.mistake == "one_weight"


# -- the answer's form -------------------------------------------------------------------------------------------
FORMS = [
    ("09.1", "高", "一个数"),
    ("09.1", True, "真假值"),
    ("09.3", float("nan"), "有限"),
    ("09.4", [0.2, 0.3], "一个数"),
    ("09.2", "F", "请从以下选项中选择"),
    ("09.5", "b", "请从以下选项中选择"),
    ("09.6", "标准化", "请从以下选项中选择"),
]


class TestForms(FormTable):
    table = FORMS


# -- properties of the checking ----------------------------------------------------------------------------------


def test_the_cost_indicators_are_those_of_the_data_dictionary() -> None:
    cost = {k for k, v in directions().items() if v == "cost"}
    assert cost == {"E03", "E08", "E17", "E18"}
    assert list(COST_OUT) == [c in cost for c in OUTCOMES.columns]
    assert list(COST_IN) == [c in cost for c in ("E01", "E02", "E03", "E04", "E05", "E06")]


# -- what the lesson says in words holds for its data -----------------------------------------------------------
def test_the_lessons_statements_about_its_data_hold() -> None:
    """The markdown of notebooks/course/09_composite.ipynb states these facts; they are checked here."""
    # "2024 年各指标中，只有 E06 生均教学仪器设备值不通过" (JRC rule), and it is winsorised, not logged
    table = treat_outliers(year_table(2024)).table
    assert table.loc[table["fails"], "indicator"].tolist() == ["E06"]
    assert table.set_index("indicator").loc["E06", "action"] == "winsorised"
    # trainer note of 9.4: on the raw 保障投入 indicators E06's extreme value puts 高新区 far ahead
    ids = ["E01", "E02", "E03", "E04", "E05", "E06"]
    c = topsis(Y23[ids], W_IN, ["cost" if k else "benefit" for k in COST_IN]).closeness
    assert c.idxmax() == "高新区" and c["高新区"] > 2 * c.drop("高新区").max()
    # trainer note of 9.3: scoring the missing E17 as 0 understates 金川县 by the weight of E17 (a fifth)
    x, w = jinchuan(COST_OUT)
    assert np.isclose((w * x).sum(), 0.8 * solution("09.3"))
    # trainer note of 9.6: normalisation and exclusion matter far more than any one dimension's weight
    sobol = course.exercise_data("09.6")["ST"]
    weights = sobol[[label for label in CHOICE_LABELS if label.startswith("权重")]]
    assert min(sobol["标准化方法"], sobol["指标剔除"]) > 3 * weights.max()
    # §六: the leader of the 2024 index is not DEA-efficient, and some DEA-efficient district ranks low
    r24 = panel_resources(2024)
    eff = dea(r24[["spending", "teachers"]], r24[["qualified_pupils", "after_school_pupils"]]).efficiency
    ranks = composite_index(2024).ranks
    assert eff[ranks.idxmin()] < 1 and (eff[ranks[ranks > 8].index] >= 1 - 1e-9).any()


def panel_resources(year: int) -> pd.DataFrame:
    frame = pd.read_csv(data_root() / "examples" / "district_education" / "resources.csv", encoding="utf-8-sig")
    return frame[frame["year"] == year].set_index("district")
