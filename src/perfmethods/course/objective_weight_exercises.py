"""Lesson 04 (熵权与组合赋权): the exercises and the mistakes they recognise.

Data: sixteen districts' science-and-technology indicators X1 … X7 with their directions (X6 科技资金闲置率 and
X7 项目验收延期率 are cost indicators) and an expert panel's pairwise matrix over the same indicators
(data/examples/weighting/district_indicators.csv, district_indicators_meta.csv, district_ahp_matrix.csv;
synthetic). Reference answers come from :mod:`perfmethods.weighting`: min–max normalisation with directions and
entropy weights as Chinese practice computes them (极差法, e_j = −(1/ln m) Σ p ln p with 0 ln 0 = 0; Zavadskas &
Podvezko 2016, IJITDM 15(2):267-283), CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995, Computers & OR
22(7):763-770), AHP (Saaty 1980) and the combination rules of :func:`perfmethods.weighting.combine_weights`
(multiplicative: Zavadskas & Podvezko 2016).

The lesson's worked example uses all sixteen districts; the exercises evaluate the ten administrative districts
only (the six functional zones left out), so the worked example does not print the exercises' answers, and
objective weights are seen to depend on the set of objects compared.

The answer forms are those of :mod:`perfmethods.course.exercises` (vector, number, choice); the choice of 04.5 is
an indicator code, its reference computed from the weights, not stored.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root
from perfmethods.weighting import ahp, combine_weights, critic_weights, entropy_weights, minmax_normalize

__all__ = ["DISTRICT", "ENTROPY_INDICATOR", "FUNCTIONAL_ZONES", "INDICATORS", "ahp_matrix", "directions",
           "exercise_table", "indicator_table", "weight_inputs"]

INDICATORS: tuple[str, ...] = ("X1", "X2", "X3", "X4", "X5", "X6", "X7")
#: The six functional zones (功能区), left out of the exercises: they evaluate the ten administrative districts.
FUNCTIONAL_ZONES: tuple[str, ...] = ("高新区", "开发区", "保税区", "长兴岛", "花园口", "太平湾")
#: The district whose normalised row exercise 04.1 asks for.
DISTRICT = "瓦房店市"
#: The (cost) indicator whose entropy exercise 04.2 asks for.
ENTROPY_INDICATOR = "X6"


def _folder() -> Path:
    return data_root() / "examples" / "weighting"


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    return pd.read_csv(_folder() / "district_indicators.csv", index_col=0, encoding="utf-8-sig")


@functools.lru_cache(maxsize=1)
def _meta() -> pd.DataFrame:
    return pd.read_csv(_folder() / "district_indicators_meta.csv", encoding="utf-8-sig").set_index("indicator")


@functools.lru_cache(maxsize=1)
def _matrix() -> pd.DataFrame:
    return pd.read_csv(_folder() / "district_ahp_matrix.csv", index_col=0, encoding="utf-8-sig")


def indicator_table() -> pd.DataFrame:
    """The sixteen districts (rows, 地区) × X1 … X7 (a copy)."""
    return _table().copy()


def exercise_table() -> pd.DataFrame:
    """The ten administrative districts (the exercises' data): :func:`indicator_table` without the functional zones."""
    return _table().drop(index=list(FUNCTIONAL_ZONES)).copy()


def directions() -> dict[str, str]:
    """Direction of each indicator: ``"benefit"`` (正向) or ``"cost"`` (负向)."""
    return {str(k): str(v) for k, v in _meta()["direction"].items()}


def ahp_matrix() -> pd.DataFrame:
    """The expert panel's pairwise comparison matrix over X1 … X7 (a copy)."""
    return _matrix().copy()


def _normalised(values: np.ndarray) -> np.ndarray:
    return values / values.sum()


def _cost_mask() -> np.ndarray:
    d = directions()
    return np.array([d[c] == "cost" for c in INDICATORS])


# -- 04.1 normalise with directions ---------------------------------------------------------------------------

def _row(frame: pd.DataFrame) -> np.ndarray:
    return frame.loc[DISTRICT, list(INDICATORS)].to_numpy(dtype=float)


def _column_sums(data: pd.DataFrame, with_directions: bool) -> np.ndarray:
    x = data[list(INDICATORS)].to_numpy(dtype=float)
    if with_directions:
        x = np.where(_cost_mask(), x.max(axis=0) - x, x)
    return _row(pd.DataFrame(x / x.sum(axis=0), index=data.index, columns=list(INDICATORS)))


EXERCISE_1 = Exercise(
    "04.1", "极差法标准化（含方向）", "Min–max normalisation with directions", "vector",
    data=exercise_table,
    solve=lambda data: _row(minmax_normalize(data, directions=directions())),
    tolerance=0.0006,
    labels=INDICATORS,
    hint_zh="答案不对。正向指标 (x − min) / (max − min)，负向指标 (max − x) / (max − min)；"
            "min、max 取该指标在 10 个行政区县中的值。",
    hint_en="Not right. Benefit: (x − min) / (max − min); cost: (max − x) / (max − min), with min and max over the "
            "10 administrative districts.",
    mistakes=(
        Mistake("forgot_cost", "X6、X7 是负向指标（越小越好），应当用 (max − x) / (max − min)；你按正向处理了。",
                "X6 and X7 are cost indicators (smaller is better): use (max − x) / (max − min); you treated them "
                "as benefit indicators.",
                lambda a, d: close(a, _row(minmax_normalize(d)), 0.0006)),
        Mistake("column_sums", "你除以的是该列之和（比重法），本题要求极差法：除以 max − min。",
                "You divided by the column sum (share normalisation); this exercise asks for min–max: divide by "
                "max − min.",
                lambda a, d: close(a, _column_sums(d, False), 0.0006) or close(a, _column_sums(d, True), 0.0006)),
        Mistake("divided_by_max", "你除以的是最大值（x / max），没有先减去最小值：极差法的分母是 max − min。",
                "You divided by the maximum (x / max) without subtracting the minimum; min–max divides by "
                "max − min.",
                lambda a, d: close(a[~_cost_mask()], (_row(d) / d[list(INDICATORS)].max().to_numpy())[~_cost_mask()],
                                   0.0006)),
        Mistake("all_districts", "你用了全部 16 个地区（含功能区）的最小值和最大值；本题只评价 10 个行政区县。",
                "You took the minimum and maximum over all 16 districts (functional zones included); this "
                "exercise evaluates the 10 administrative districts only.",
                lambda a, d: close(a, _row(minmax_normalize(indicator_table(), directions=directions())), 0.0006)),
        Mistake("other_district", "数值像是别的地区那一行：请取“瓦房店市”这一行。",
                "These look like another district's row: take the row of 瓦房店市.",
                lambda a, d: any(close(a, row, 0.0006)
                                 for row in minmax_normalize(d, directions=directions()).to_numpy(dtype=float))),
    ),
)


# -- 04.2 entropy of one indicator ---------------------------------------------------------------------------

def _entropy(data: pd.DataFrame, **options: Any) -> float:
    return float(entropy_weights(data, **options).details.loc[ENTROPY_INDICATOR, "entropy"])


def _e(data: pd.DataFrame) -> float:
    return _entropy(data, directions=directions())


EXERCISE_2 = Exercise(
    "04.2", "一项指标的信息熵", "The entropy of one indicator", "number",
    data=exercise_table,
    solve=_e,
    tolerance=0.0006,
    hint_zh="答案不对。步骤：极差法标准化（注意方向）→ p_i = x'_i / Σ x' → e = −(1/ln m) Σ p_i ln p_i，0·ln0 取 0。",
    hint_en="Not right. Steps: min–max normalise (mind the direction) → p_i = x'_i / Σ x' → "
            "e = −(1/ln m) Σ p_i ln p_i with 0·ln 0 = 0.",
    mistakes=(
        Mistake("divergence", "你给出的是差异系数 d = 1 − e；本题问的是信息熵 e 本身。",
                "That is the divergence d = 1 − e; this exercise asks for the entropy e itself.",
                lambda a, d: close(a, 1 - _e(d), 0.0006)),
        Mistake("forgot_k", "你没有乘系数 k = 1 / ln m（m 为地区数）：信息熵应在 0 到 1 之间。",
                "You left out the factor k = 1 / ln m (m districts): the entropy should lie between 0 and 1.",
                lambda a, d: close(a, _e(d) * math.log(len(d)), 0.001)),
        Mistake("mixed_logs", "求和用的对数和 k = 1 / ln m 用的对数底数不同："
                "两处必须用同一个底（都用 ln 或都用 log10）。",
                "The sum and k = 1 / ln m use logarithms of different bases: use the same base in both (ln or "
                "log10 throughout).",
                lambda a, d: close(a, _e(d) / math.log(10), 0.0006) or close(a, _e(d) * math.log(10), 0.0006)),
        Mistake("forgot_cost", "X6 是负向指标：标准化时应当用 (max − x) / (max − min)。方向会改变信息熵。",
                "X6 is a cost indicator: normalise it as (max − x) / (max − min). The direction changes the entropy.",
                lambda a, d: close(a, _entropy(d), 0.0006)),
        Mistake("raw_data", "你直接用原始数据计算了比重 p，没有先做极差法标准化。",
                "You computed the shares p from the raw data, without the min–max normalisation first.",
                lambda a, d: close(a, _entropy(d, normalization="raw"), 0.0006)),
        Mistake("all_districts", "你用了全部 16 个地区（含功能区）；本题只评价 10 个行政区县，m = 10。",
                "You used all 16 districts (functional zones included); this exercise evaluates the 10 "
                "administrative districts, m = 10.",
                lambda a, d: close(a, _e(indicator_table()), 0.0006)),
        Mistake("shifted", "你给标准化值加了平移量（如 + 0.01）。本题约定 0·ln0 取 0，不做平移。",
                "You shifted the normalised values (e.g. + 0.01). This exercise takes 0·ln 0 = 0, without a shift.",
                lambda a, d: close(a, _entropy(d, directions=directions(), zero_handling="shift"), 0.0006)),
    ),
)


# -- 04.3 entropy weights ------------------------------------------------------------------------------------

def _ew(data: pd.DataFrame) -> np.ndarray:
    return entropy_weights(data, directions=directions()).weights.reindex(list(INDICATORS)).to_numpy()


def _details(data: pd.DataFrame) -> pd.DataFrame:
    return entropy_weights(data, directions=directions()).details.reindex(list(INDICATORS))


EXERCISE_3 = Exercise(
    "04.3", "熵权", "Entropy weights", "vector",
    data=exercise_table,
    solve=_ew,
    tolerance=0.0006,
    labels=INDICATORS,
    hint_zh="答案不对。每项指标先求信息熵 e_j，再求差异系数 d_j = 1 − e_j，最后 w_j = d_j / Σ d_j。",
    hint_en="Not right. For each indicator compute the entropy e_j, then d_j = 1 − e_j, then w_j = d_j / Σ d_j.",
    mistakes=(
        Mistake("not_normalised", "各权重之和应为 1：求出 1 − e_j 之后还要除以它们的总和。",
                "The weights should add up to 1: divide the 1 − e_j by their sum.",
                lambda a, d: abs(a.sum() - 1) > 0.01 and close(_normalised(a), _ew(d), 0.002)),
        Mistake("entropy_not_divergence", "你按信息熵 e_j 本身分配了权重。"
                "信息熵越小，指标提供的信息越多，权重应来自 1 − e_j。",
                "You weighted by the entropy e_j itself. The smaller the entropy, the more information: weights "
                "come from 1 − e_j.",
                lambda a, d: close(a, _normalised(_details(d)["entropy"].to_numpy()), 0.0006)),
        Mistake("forgot_cost", "X6、X7 是负向指标：标准化时应当用 (max − x) / (max − min)，否则它们的熵和权重都会变。",
                "X6 and X7 are cost indicators: normalise them as (max − x) / (max − min), otherwise their entropy "
                "and weights change.",
                lambda a, d: close(a, entropy_weights(d).weights.reindex(list(INDICATORS)).to_numpy(), 0.0006)),
        Mistake("raw_data", "你直接用原始数据计算了比重 p，没有先做极差法标准化。",
                "You computed the shares p from the raw data, without the min–max normalisation first.",
                lambda a, d: close(a, entropy_weights(d, normalization="raw").weights.reindex(list(INDICATORS))
                                   .to_numpy(), 0.0006)),
        Mistake("shifted", "你给标准化值加了平移量（如 + 0.01）。本题约定 0·ln0 取 0，不做平移。",
                "You shifted the normalised values (e.g. + 0.01). This exercise takes 0·ln 0 = 0, without a shift.",
                lambda a, d: close(a, entropy_weights(d, directions=directions(), zero_handling="shift").weights
                                   .reindex(list(INDICATORS)).to_numpy(), 0.0006)),
        Mistake("all_districts", "你用了全部 16 个地区（含功能区）；本题只评价 10 个行政区县。",
                "You used all 16 districts (functional zones included); this exercise evaluates the 10 "
                "administrative districts.",
                lambda a, d: close(a, _ew(indicator_table()), 0.0006)),
        Mistake("critic", "这是 CRITIC 权重（标准差 × 冲突性）。本题要求熵权法。",
                "Those are CRITIC weights (standard deviation × conflict); this exercise asks for entropy weights.",
                lambda a, d: close(a, critic_weights(d, directions=directions()).weights.reindex(list(INDICATORS))
                                   .to_numpy(), 0.0006)),
    ),
)


# -- 04.4 combined weights (multiplicative) --------------------------------------------------------------------

def weight_inputs() -> pd.DataFrame:
    """The two weight vectors to combine: ``AHP权重`` (the expert panel's matrix) and ``熵权`` (04.3), by indicator."""
    expert = ahp(ahp_matrix()).weights
    entropy = entropy_weights(exercise_table(), directions=directions()).weights
    frame = pd.DataFrame({"AHP权重": expert, "熵权": entropy}).reindex(list(INDICATORS))
    frame.index.name = "指标"
    return frame


def _combined(data: pd.DataFrame, method: Any) -> np.ndarray:
    result = combine_weights({"AHP": data["AHP权重"], "熵权": data["熵权"]}, method=method)
    return result.weights.reindex(list(INDICATORS)).to_numpy()


EXERCISE_4 = Exercise(
    "04.4", "乘法组合赋权", "Multiplicative combination", "vector",
    data=weight_inputs,
    solve=lambda data: _combined(data, "multiplicative"),
    tolerance=0.0006,
    labels=INDICATORS,
    hint_zh="答案不对。乘法合成：w_j = a_j × e_j / Σ_k (a_k × e_k)，a 为 AHP 权重，e 为熵权。",
    hint_en="Not right. Multiplicative: w_j = a_j × e_j / Σ_k (a_k × e_k), a the AHP and e the entropy weights.",
    mistakes=(
        Mistake("not_normalised", "各权重之和应为 1：两项权重相乘之后，还要除以所有乘积之和。",
                "The weights should add up to 1: after multiplying, divide by the sum of the products.",
                lambda a, d: abs(a.sum() - 1) > 0.01 and close(_normalised(a), _combined(d, "multiplicative"), 0.002)),
        Mistake("linear", "你用的是线性组合（两者各取一半相加）。本题要求乘法合成。",
                "You used the linear combination (half of each, added); this exercise asks for the multiplicative "
                "rule.",
                lambda a, d: close(a, _combined(d, "linear"), 0.0006)),
        Mistake("geometric_mean", "你对乘积开了平方根（几何平均，即最小鉴别信息法）。乘法合成直接用乘积归一化。",
                "You took the square root of the products (the geometric mean, i.e. minimum discrimination "
                "information); the multiplicative rule normalises the products themselves.",
                lambda a, d: close(a, _combined(d, "mdi"), 0.0006)),
        Mistake("game_theory", "这是博弈论组合赋权的结果。本题要求乘法合成。",
                "That is the game-theory combination; this exercise asks for the multiplicative rule.",
                lambda a, d: close(a, _combined(d, "game_theory"), 0.0006)),
    ),
)


# -- 04.5 which indicator gains most ---------------------------------------------------------------------------

def _gain(data: pd.DataFrame) -> pd.Series:
    return pd.Series(_combined(data, "multiplicative"), index=list(INDICATORS)) - data["AHP权重"]


def _is(answer: str, series: pd.Series) -> bool:
    return answer == str(series.idxmax())


EXERCISE_5 = Exercise(
    "04.5", "组合后权重增加最多的指标", "The indicator that gains most", "choice",
    data=weight_inputs,
    solve=lambda data: str(_gain(data).idxmax()),
    choices=INDICATORS,
    hint_zh="答案不对。逐项计算“乘法组合权重 − AHP 权重”，取差值（增加的百分点）最大的指标。",
    hint_en="Not right. Compute “multiplicative combined weight − AHP weight” for each indicator and take the "
            "largest difference.",
    mistakes=(
        Mistake("largest_combined", "这是组合后权重最大的指标，但题目问的是比 AHP 权重增加最多的指标：比较差值。",
                "That indicator has the largest combined weight, but the question asks which one gains most over "
                "its AHP weight: compare differences.",
                lambda a, d: _is(a, pd.Series(_combined(d, "multiplicative"), index=list(INDICATORS)))),
        Mistake("other_comparison",
                "你比较的可能是熵权本身、相对增幅（倍数）或线性组合的结果。题目问的是 04.4 乘法组合权重"
                "比 AHP 权重增加的百分点（差值）。",
                "You may have compared the entropy weights themselves, ratios, or the linear combination. The "
                "question asks for the increase in percentage points (a difference) of the multiplicative weights "
                "of 04.4 over the AHP weights.",
                lambda a, d: _is(a, d["熵权"])
                or _is(a, pd.Series(_combined(d, "multiplicative"), index=list(INDICATORS)) / d["AHP权重"])
                or _is(a, pd.Series(_combined(d, "linear"), index=list(INDICATORS)) - d["AHP权重"])),
        Mistake("reversed", "差值的方向反了：这是权重减少最多的指标（AHP − 组合）。",
                "The difference is the wrong way round: that indicator loses most (AHP − combined).",
                lambda a, d: _is(a, -_gain(d))),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5)
