"""Lesson 09 (综合评价与稳健性): the exercises and the mistakes they recognise.

Data: compulsory education in sixteen districts and counties, 2020–2024, twenty indicators in five dimensions
(data/examples/district_education, synthetic; weights in indicators.csv and dimensions.csv). The lesson's worked
example is the 2024 index; the exercises use 2023 (and 2020 for the missing value of 09.3), so the worked example
does not print their answers.

Reference answers come from :mod:`perfmethods.composite`: min–max normalisation with directions and the weighted
arithmetic mean over the framework tree (OECD/JRC 2008, *Handbook on Constructing Composite Indicators*, steps 5
and 7; COINr bluefoxr/COINr@b9682034 ``R/normalise.R``, ``R/aggregate.R``), the JRC outlier rule (|G1| ≥ 2 and
G2 ≥ 3.5, winsorise before log; COINr ``R/treat.R``), TOPSIS (Hwang & Yoon 1981, ch. 3), the Monte Carlo rank
intervals and Sobol' indices of Saisana, Saltelli & Tarantola (2005), *JRSS A* 168(2):307–323 (SALib estimators).

The answer forms are those of :mod:`perfmethods.course.exercises` (number, choice). The choices of 09.2 and 09.5
are readings labelled A–E, the right one computed from the library's result (the outlier table, the rank
interval), not stored; 09.6 is a choice among the uncertain choices' names as a report shows them
(:func:`perfmethods.composite.factor_label`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.composite import (
    CompositeIndex,
    factor_label,
    normalise,
    sensitivity_analysis,
    topsis,
    treat_outliers,
    uncertainty_analysis,
)
from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root

__all__ = ["AGGREGATION_CHOICES", "CHOICE_LABELS", "DIMENSIONS", "EXERCISE_YEAR", "NORMALISATION_CHOICES",
           "OUTLIER_CHOICES", "RANK_CHOICES", "ROBUST_SPAN", "composite_index", "dimension_weights", "directions",
           "framework", "indicator_table", "outlier_reading", "panel", "rank_reading", "year_table"]

#: The year the exercises evaluate (the worked example evaluates 2024).
EXERCISE_YEAR = 2023
#: 09.1: the cost indicator and the district normalised.
MINMAX_INDICATOR, MINMAX_DISTRICT = "E17", "城北区"
#: 09.3: the dimension, the year with a missing value, and the district whose score is asked.
DIMENSION, MISSING_YEAR, DIMENSION_DISTRICT = "效益", 2020, "金川县"
#: 09.4: the dimension whose indicators TOPSIS ranks, and the district whose closeness is asked.
TOPSIS_DIMENSION, TOPSIS_DISTRICT = "保障投入", "桃源县"
#: 09.5: the district whose rank interval is read.
RANK_DISTRICT = "经开区"
#: The lesson's convention: a 5th–95th percentile rank interval spanning at most this many places is robust.
ROBUST_SPAN = 2
#: The alternatives of the robustness analysis (09.5, 09.6 and the worked example).
NORMALISATION_CHOICES: tuple[dict[str, Any], ...] = ({"method": "minmax", "range": (1, 100)}, {"method": "rank"})
AGGREGATION_CHOICES: tuple[str, ...] = ("arithmetic", "geometric")
#: The five dimensions, in the order of dimensions.csv.
DIMENSIONS: tuple[str, ...] = ("保障投入", "管理过程", "产出", "效益", "满意度")
_WEIGHT_LABELS = frozenset(factor_label(f"weight:{d}") for d in DIMENSIONS)
#: 09.6: the uncertain choices as a report names them (标准化方法, 合成方法, 指标剔除, 权重：<维度>).
CHOICE_LABELS: tuple[str, ...] = (*(factor_label(f) for f in ("normalisation", "aggregation", "exclusion")),
                                  *sorted(_WEIGHT_LABELS, key=lambda s: DIMENSIONS.index(s.split("：")[-1])))
#: Monte Carlo draws and Sobol' base sample of the exercises (small, so a check runs in well under a second).
DRAWS, SOBOL_N, SEED = 1000, 256, 2023

#: 09.2: what the JRC rule does to the skewed indicator (letters as the trainee answers).
OUTLIER_CHOICES: dict[str, str] = {
    "A": "不处理：偏度和峰度没有同时超过阈值",
    "B": "缩尾（winsorise）：把最大值替换为次大值，替换一次后即通过检验",
    "C": "缩尾（winsorise）：需要连续替换两个及以上的最大值才通过检验",
    "D": "对数变换（log transform）",
    "E": "删除该区县这一行数据",
}
#: 09.5: readings of a rank interval (letters as the trainee answers).
RANK_CHOICES: dict[str, str] = {
    "A": "名次稳健：90% 区间窄，可以直接报告名义名次",
    "B": "名次不稳健：只宜报告“处于第 a 至第 b 名之间”，不宜强调确切名次",
    "C": "名义名次与中位名次不同，说明指数计算有误，应重新计算",
    "D": "区间宽说明该区县的数据有问题，应把它从比较中剔除",
}


def _folder() -> Path:
    return data_root() / "examples" / "district_education"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(_folder() / name, encoding="utf-8-sig")


@functools.lru_cache(maxsize=1)
def _panel() -> pd.DataFrame:
    return _read("panel.csv")


@functools.lru_cache(maxsize=1)
def _indicators() -> pd.DataFrame:
    return _read("indicators.csv").set_index("id")


def panel() -> pd.DataFrame:
    """The panel: one row per district and year (80 rows), E01 … E20 (a copy)."""
    return _panel().copy()


def indicator_table() -> pd.DataFrame:
    """The twenty indicators (index E01 … E20): dimension, name, direction, unit, weight within the dimension."""
    return _indicators().copy()


def dimension_weights() -> pd.Series:
    """The five dimensions' weights in the index (they add up to 1)."""
    return _read("dimensions.csv").set_index("dimension")["weight"]


def directions() -> dict[str, str]:
    """``benefit`` or ``cost`` by indicator id."""
    return {str(k): str(v) for k, v in _indicators()["direction"].items()}


def framework() -> dict[str, str]:
    """The framework tree: the dimension of each indicator."""
    return {str(k): str(v) for k, v in _indicators()["dimension"].items()}


def year_table(year: int) -> pd.DataFrame:
    """The sixteen districts (rows) × E01 … E20 of one year (empty cells are missing values)."""
    rows = _panel()[_panel()["year"] == year]
    return rows.drop(columns="year").set_index("district").rename_axis("区县")


def composite_index(year: int) -> CompositeIndex:
    """The nominal index of a year: JRC outlier rule → min–max onto 1–100 → weighted arithmetic mean."""
    weights = {**_indicators()["weight"].to_dict(), **dimension_weights().to_dict()}
    index = CompositeIndex(year_table(year), framework=framework(), weights=weights, directions=directions())
    return index.treat().normalise("minmax", range=(1, 100)).aggregate("arithmetic")


# -- 09.1 min–max normalisation of a cost indicator -------------------------------------------------------------

def _minmax_data() -> pd.DataFrame:
    return year_table(EXERCISE_YEAR)[[MINMAX_INDICATOR]]


def _minmax(data: pd.DataFrame, **options: Any) -> float:
    return float(normalise(data, "minmax", **options).loc[MINMAX_DISTRICT, MINMAX_INDICATOR])


def _cost_minmax(data: pd.DataFrame) -> float:
    return _minmax(data, directions={MINMAX_INDICATOR: "cost"})


def _over_max(answer: float, data: pd.DataFrame) -> bool:
    x = data[MINMAX_INDICATOR]
    value, lo, hi = x[MINMAX_DISTRICT], x.min(), x.max()
    return any(close(answer, 100 * v, 0.06) for v in (value / hi, (hi - value) / hi, lo / value))


def _all_years(answer: float, data: pd.DataFrame) -> bool:
    x = _panel()[MINMAX_INDICATOR]
    value = data.loc[MINMAX_DISTRICT, MINMAX_INDICATOR]
    return close(answer, 100 * (x.max() - value) / (x.max() - x.min()), 0.06)


EXERCISE_1 = Exercise(
    "09.1", "负向指标的极差标准化", "Min–max normalisation of a cost indicator", "number",
    data=_minmax_data,
    solve=_cost_minmax,
    tolerance=0.06,
    hint_zh="答案不对。负向指标：100 × (max − x) / (max − min)，max、min 取 2023 年 16 个区县中的值。",
    hint_en="Not right. Cost indicator: 100 × (max − x) / (max − min), with max and min over the 16 districts in "
            "2023.",
    mistakes=(
        Mistake("forgot_cost", "E17 近视率是负向指标（越低越好），应当用 (max − x) / (max − min)；你按正向处理了。",
                "E17 (myopia rate) is a cost indicator (lower is better): use (max − x) / (max − min); you treated "
                "it as a benefit indicator.",
                lambda a, d: close(a, _minmax(d), 0.06)),
        Mistake("divided_by_max", "你除以的是最大值（或用了 min / x），没有除以极差：极差法的分母是 max − min。",
                "You divided by the maximum (or used min / x) instead of the range max − min.",
                _over_max),
        Mistake("scale_0_1", "本题的标准化值在 0–100 之间（与库函数 normalise 的默认相同）：请乘以 100。",
                "The normalised values in this exercise lie between 0 and 100 (normalise's default): multiply by "
                "100.",
                lambda a, d: close(100 * a, _cost_minmax(d), 0.06) and not close(a, _cost_minmax(d), 0.06)),
        Mistake("all_years", "你用了 2020—2024 年全部数据的最大值和最小值；本题只比较 2023 年的 16 个区县。",
                "You took the maximum and minimum over all five years; this exercise compares the 16 districts in "
                "2023 only.",
                _all_years),
    ),
)


# -- 09.2 the JRC outlier rule -------------------------------------------------------------------------------------

def _outlier_data() -> pd.DataFrame:
    return year_table(EXERCISE_YEAR)


def outlier_reading(data: pd.DataFrame, indicator: str = "E06") -> str:
    """The right reading (a key of :data:`OUTLIER_CHOICES`) of what the JRC rule does to ``indicator``."""
    row = treat_outliers(data).table.set_index("indicator").loc[indicator]
    if row["action"] == "log":
        return "D"
    if row["action"] == "winsorised":
        return "B" if int(row["winsorised_high"] + row["winsorised_low"]) == 1 else "C"
    return "A"


def _differs(answer: str, data: pd.DataFrame, wrong: str) -> bool:
    return answer == wrong and outlier_reading(data) != wrong


EXERCISE_2 = Exercise(
    "09.2", "JRC 异常值规则怎样处理 E06", "What the JRC outlier rule does to E06", "choice",
    data=_outlier_data,
    solve=outlier_reading,
    choices=tuple(OUTLIER_CHOICES),
    hint_zh="答案不对。先算 E06 的偏度和峰度，看是否同时超过阈值；超过时先缩尾，每替换一次重新计算一次。",
    hint_en="Not right. Compute E06's skewness and kurtosis and see whether both exceed their thresholds; if so, "
            "winsorise first and recompute after each replacement.",
    mistakes=(
        Mistake("missed_failure", "E06 的偏度和峰度都超过了阈值（|偏度| ≥ 2 且 峰度 ≥ 3.5），需要处理。"
                "请用样本偏度、超额峰度（与 Excel 的 SKEW、KURT 相同）重新计算两项。",
                "E06's skewness and kurtosis both exceed the thresholds (|skewness| ≥ 2 and kurtosis ≥ 3.5), so it "
                "must be treated. Recompute both with the sample skewness and excess kurtosis (Excel's SKEW, KURT).",
                lambda a, d: _differs(a, d, "A")),
        Mistake("log_first", "JRC 规则先缩尾，只有缩尾到上限（5 个值）仍不通过时，才改用对数变换。",
                "The JRC rule winsorises first; only when winsorising up to its limit (5 values) does not pass does "
                "it log-transform instead.",
                lambda a, d: _differs(a, d, "D")),
        Mistake("no_recheck", "每替换一个值都要重新计算偏度和峰度：通过检验就停止，不要多替换。",
                "Recompute skewness and kurtosis after each replacement and stop as soon as the indicator passes.",
                lambda a, d: _differs(a, d, "C") or _differs(a, d, "B")),
        Mistake("dropped_unit", "异常值处理只改变数值，不删除被评价对象：每个区县都必须留在比较中。",
                "Outlier treatment changes values; it never drops a unit: every district stays in the comparison.",
                lambda a, d: a == "E"),
    ),
)


# -- 09.3 a dimension score with a missing value ----------------------------------------------------------------

def _dimension_ids() -> list[str]:
    return [i for i, dim in framework().items() if dim == DIMENSION]


def _dimension_data() -> pd.DataFrame:
    return year_table(MISSING_YEAR)[_dimension_ids()]


def _outcome_weights() -> pd.Series:
    return _indicators().loc[_dimension_ids(), "weight"]


def _dimension_score(data: pd.DataFrame, *, cost: bool = True, weighted: bool = True) -> float:
    dirs = {k: v for k, v in directions().items() if k in data.columns} if cost else None
    weights = _outcome_weights().to_dict() if weighted else None
    index = CompositeIndex(data, weights=weights, directions=dirs).normalise("minmax").aggregate("arithmetic")
    return float(index.scores[DIMENSION_DISTRICT])


def _present(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    dirs = {k: v for k, v in directions().items() if k in data.columns}
    row = normalise(data, "minmax", directions=dirs).loc[DIMENSION_DISTRICT]
    ok = row.notna().to_numpy()
    return row.to_numpy()[ok], _outcome_weights().to_numpy()[ok]


def _not_renormalised(answer: float, data: pd.DataFrame) -> bool:
    x, w = _present(data)
    return close(answer, float((w * x).sum()), 0.06)


def _geometric(answer: float, data: pd.DataFrame) -> bool:
    x, w = _present(data)
    if (x <= 0).any():
        return close(answer, 0.0, 0.06)
    return close(answer, float(np.exp((w * np.log(x)).sum() / w.sum())), 0.06)


EXERCISE_3 = Exercise(
    "09.3", "缺失值下的维度得分", "A dimension score with a missing value", "number",
    data=_dimension_data,
    solve=_dimension_score,
    tolerance=0.06,
    hint_zh="答案不对。先对每项指标做 0–100 的极差标准化（注意负向指标），再对该区县有数据的指标做加权算术平均："
            "Σ w·x / Σ w（只对有数据的指标求和）。",
    hint_en="Not right. Min–max normalise each indicator onto 0–100 (mind the cost indicators), then take the weighted "
            "arithmetic mean over the indicators the district reported: Σ w·x / Σ w (sums over reported indicators).",
    mistakes=(
        Mistake("not_renormalised", "金川县没有报送 E17，你仍按全部权重（合计 1）计算，等于把缺失值当作 0 分。"
                "缺失时应在维度内对有数据的指标重新归一权重：除以它们的权重之和。",
                "金川县 did not report E17, but you used all the weights (summing to 1), which scores the missing "
                "value as 0. Rescale the weights of the reported indicators within the dimension: divide by their "
                "sum.",
                _not_renormalised),
        Mistake("geometric", "你用了加权几何平均。本题要求加权算术平均。",
                "You used the weighted geometric mean; this exercise asks for the weighted arithmetic mean.",
                _geometric),
        Mistake("forgot_cost", "E17 近视率、E18 校际均衡差异系数是负向指标：标准化时应当用 (max − x) / (max − min)。",
                "E17 and E18 are cost indicators: normalise them as (max − x) / (max − min).",
                lambda a, d: close(a, _dimension_score(d, cost=False), 0.06)),
        Mistake("equal_weights", "你对各指标取了简单平均。本题要求按 indicators.csv 中的维度内权重加权。",
                "You took the simple mean; this exercise weights the indicators by their weights within the "
                "dimension (indicators.csv).",
                lambda a, d: close(a, _dimension_score(d, weighted=False), 0.06)),
    ),
)


# -- 09.4 TOPSIS closeness ------------------------------------------------------------------------------------------

def _topsis_ids() -> list[str]:
    return [i for i, dim in framework().items() if dim == TOPSIS_DIMENSION]


def _topsis_data() -> pd.DataFrame:
    return year_table(EXERCISE_YEAR)[_topsis_ids()]


def _closeness(data: pd.DataFrame, normalization: str | None = "vector", cost: bool = True,
               weighted: bool = True) -> float:
    ids = _topsis_ids()
    dirs = [directions()[i] if cost else "benefit" for i in ids]
    weights = _indicators().loc[ids, "weight"].to_numpy() if weighted else None
    return float(topsis(data, weights, dirs, normalization=normalization).closeness[TOPSIS_DISTRICT])


EXERCISE_4 = Exercise(
    "09.4", "TOPSIS 相对贴近度", "TOPSIS relative closeness", "number",
    data=_topsis_data,
    solve=_closeness,
    tolerance=0.0006,
    hint_zh="答案不对。步骤：向量归一化 r = x / √Σx² → 乘权重 v = w·r → 正理想解（正向取最大、负向取最小）和负理想解 → "
            "欧氏距离 D+、D− → C = D− / (D+ + D−)。",
    hint_en="Not right. Steps: vector normalisation r = x / √Σx² → v = w·r → ideal (max for benefit, min for cost) and "
            "anti-ideal → Euclidean distances D+, D− → C = D− / (D+ + D−).",
    mistakes=(
        Mistake("minmax", "你用了极差法标准化。本题要求 TOPSIS 的经典做法：向量归一化 x / √Σx²。"
                "两种做法的排序可能不同。",
                "You used min–max normalisation; this exercise asks for TOPSIS's classic vector normalisation "
                "x / √Σx². The two can rank differently.",
                lambda a, d: close(a, _closeness(d, "minmax"), 0.0006)),
        Mistake("cost_as_benefit", "E03 生师比是负向指标：它的正理想解取最小值、负理想解取最大值。"
                "你把正、负理想解取反了。",
                "E03 (pupil–teacher ratio) is a cost criterion: its ideal is the minimum and its anti-ideal the "
                "maximum. You swapped them.",
                lambda a, d: close(a, _closeness(d, cost=False), 0.0006)),
        Mistake("equal_weights", "你没有乘权重（或用了等权重）。本题按 indicators.csv 中的维度内权重加权。",
                "You left out the weights (or used equal weights); this exercise uses the weights within the "
                "dimension (indicators.csv).",
                lambda a, d: close(a, _closeness(d, weighted=False), 0.0006)),
        Mistake("reversed", "你算的是 D+ / (D+ + D−)。贴近度是到负理想解的距离所占的比例：C = D− / (D+ + D−)。",
                "You computed D+ / (D+ + D−). Closeness is the share of the distance to the anti-ideal: "
                "C = D− / (D+ + D−).",
                lambda a, d: close(a, 1 - _closeness(d), 0.0006)),
    ),
)


# -- 09.5 reading a rank interval ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _uncertainty() -> pd.DataFrame:
    result = uncertainty_analysis(composite_index(EXERCISE_YEAR), normalisation=list(NORMALISATION_CHOICES),
                                  aggregation=list(AGGREGATION_CHOICES), exclude=True, weight_noise=0.25,
                                  draws=DRAWS, seed=SEED)
    return result.table


def _rank_data() -> pd.DataFrame:
    return _uncertainty().copy()


def rank_reading(table: pd.DataFrame, unit: str = RANK_DISTRICT) -> str:
    """The right reading (a key of :data:`RANK_CHOICES`) of ``unit``'s 5th–95th percentile rank interval."""
    row = table.set_index("unit").loc[unit]
    return "A" if row["rank_q95"] - row["rank_q05"] <= ROBUST_SPAN else "B"


EXERCISE_5 = Exercise(
    "09.5", "读排名区间：名次稳健吗", "Reading a rank interval: is the rank robust?", "choice",
    data=_rank_data,
    solve=rank_reading,
    choices=tuple(RANK_CHOICES),
    hint_zh=f"答案不对。看该区县的第 5 和第 95 百分位名次：两者相差不超过 {ROBUST_SPAN} 个名次为稳健（本课的约定）。",
    hint_en=f"Not right. Look at the district's 5th and 95th percentile ranks: a span of at most {ROBUST_SPAN} places "
            "is robust (the lesson's convention).",
    mistakes=(
        Mistake("misread_span", f"请再算一次区间跨度：第 95 百分位名次减第 5 百分位名次，与本课约定的 {ROBUST_SPAN} "
                "个名次比较。",
                f"Compute the span again: the 95th minus the 5th percentile rank, compared with the lesson's "
                f"{ROBUST_SPAN} places.",
                lambda a, d: a in ("A", "B") and a != rank_reading(d)),
        Mistake("median_is_error", "名义名次是按一套选择（标准化、合成方法、权重）算出的；其他合理选择下名次会变，"
                "中位名次与它不同并不说明计算有误，只说明名次依赖这些选择。",
                "The nominal rank comes from one set of choices; under other defensible choices the rank moves, so "
                "a median rank different from it is not an error: it shows the rank depends on those choices.",
                lambda a, d: a == "C"),
        Mistake("drop_unit", "区间宽说明该区县的名次对方法选择敏感（常因它在各维度上强弱不一），不是数据错误，"
                "也不能因此把它剔除出比较。",
                "A wide interval means the district's rank is sensitive to the method's choices (often because it "
                "is strong in some dimensions and weak in others); it is not a data error, nor a reason to drop it.",
                lambda a, d: a == "D"),
    ),
)


# -- 09.6 which choice matters most ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _sobol() -> pd.DataFrame:
    result = sensitivity_analysis(composite_index(EXERCISE_YEAR), normalisation=list(NORMALISATION_CHOICES),
                                  aggregation=list(AGGREGATION_CHOICES), exclude=True, weight_noise=0.25,
                                  n=SOBOL_N, seed=SEED)
    table = result.summary()
    table.insert(0, "choice", [factor_label(str(f)) for f in table["factor"]])
    return table.drop(columns="factor").set_index("choice").rename_axis("选择")


def _sobol_data() -> pd.DataFrame:
    return _sobol().copy()


def _largest(column: pd.Series) -> str:
    return str(column.idxmax())


EXERCISE_6 = Exercise(
    "09.6", "哪一项选择对排名影响最大", "Which choice moves the ranks most", "choice",
    data=_sobol_data,
    solve=lambda data: _largest(data["ST"]),
    choices=CHOICE_LABELS,
    hint_zh="答案不对。看平均名次变动 R̄_S 的总效应指数 ST（ST 列），取最大的一项。",
    hint_en="Not right. Read the total-effect indices ST of the mean rank shift R̄_S (column ST) and take the largest.",
    mistakes=(
        Mistake("mean_over_units", "你看的是各区县名次的总效应指数的平均（mean_ST 列）。题目问的是对整个排名"
                "（平均名次变动 R̄_S）的影响：看 ST 列。",
                "You read the average of the districts' own total indices (column mean_ST). The question asks about "
                "the ranking as a whole (the mean rank shift R̄_S): read column ST.",
                lambda a, d: a == _largest(d["mean_ST"]) and a != _largest(d["ST"])),
        Mistake("reversed", "这是影响最小的一项：总效应指数 ST 越大，这项选择对排名的影响越大。",
                "That choice matters least: the larger the total index ST, the more the choice moves the ranks.",
                lambda a, d: a == str(d["ST"].idxmin())),
        Mistake("one_weight", "单个维度权重 ±25% 的变动对排名影响不大（它的 ST 较小）；请比较所有选择的 ST。",
                "Moving one dimension's weight by ±25 % changes the ranks little (its ST is small); compare the ST "
                "of every choice.",
                lambda a, d: a in _WEIGHT_LABELS and a != _largest(d["ST"]) and a != str(d["ST"].idxmin())),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5, EXERCISE_6)
