"""Lesson 03 (AHP 专家赋权): the exercises and the mistakes they recognise.

Data: the five experts' pairwise judgments of a science-and-technology programme's level-1 indicators
(data/examples/weighting/expert_judgments.xlsx, synthetic). Reference answers come from
:mod:`perfmethods.weighting` (Saaty 1980, *The Analytic Hierarchy Process*; random index of Saaty 1980 table;
Crawford & Williams 1985 for the row geometric mean; Aczél & Saaty 1983 and Forman & Peniwati 1998 for the
aggregation of individual judgments).
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pandas as pd

from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root
from perfmethods.errors import PerfMethodsWarning
from perfmethods.weighting import aggregate_judgments, ahp, priority_vector, random_index, read_judgments

__all__ = ["CRITERIA", "arithmetic_mean_weights", "corrected_judgments", "judgments"]

CRITERIA: tuple[str, ...] = ("决策", "过程", "产出", "效益", "满意度")
#: The judgment 专家C entered the wrong way round (he meant 产出 8 times as important as 满意度).
SWAPPED = ("产出", "满意度")


@functools.lru_cache(maxsize=1)
def _read() -> dict[str, pd.DataFrame]:
    found = read_judgments(data_root() / "examples" / "weighting" / "expert_judgments.xlsx")
    return {name: matrix.loc[list(CRITERIA), list(CRITERIA)] for name, matrix in found.matrices.items()}


def judgments() -> dict[str, pd.DataFrame]:
    """The five experts' judgment matrices (专家A … 专家E), rows and columns in :data:`CRITERIA` order (copies)."""
    return {name: matrix.copy() for name, matrix in _read().items()}


def corrected_judgments() -> dict[str, pd.DataFrame]:
    """The judgments with 专家C's swapped entry restored as he confirmed it (产出 vs 满意度 = 8)."""
    out = judgments()
    row, col = SWAPPED
    out["专家C"].loc[row, col] = 8.0
    out["专家C"].loc[col, row] = 1 / 8
    return out


def _normalised(values: np.ndarray) -> np.ndarray:
    return values / values.sum()


# -- 03.1 complete a reciprocal matrix -----------------------------------------------------------------------

def _upper_triangle() -> pd.DataFrame:
    full = judgments()["专家E"]
    mask = np.tril(np.ones(full.shape, dtype=bool), k=-1)
    return full.mask(mask)


def _given_upper(answer: np.ndarray, data: pd.DataFrame) -> bool:
    upper = np.triu(np.ones(answer.shape, dtype=bool), k=1)
    return not close(answer[upper], data.to_numpy()[upper], 0.01)


def _copied(answer: np.ndarray, data: pd.DataFrame) -> bool:
    return close(answer, np.triu(answer) + np.triu(answer, 1).T, 0.01)


def _not_reciprocal(answer: np.ndarray, data: pd.DataFrame) -> bool:
    return not close(answer * answer.T, np.ones_like(answer), 0.02)


EXERCISE_1 = Exercise(
    "03.1", "补全判断矩阵", "Complete the judgment matrix", "matrix",
    data=_upper_triangle,
    solve=lambda data: judgments()["专家E"].to_numpy(),
    tolerance=0.01,
    labels=CRITERIA,
    mistakes=(
        Mistake("diagonal", "对角线上的元素应为 1：每个指标与自身同等重要。",
                "The diagonal should be 1: each criterion is as important as itself.",
                lambda a, d: not close(np.diag(a), np.ones(len(a)), 0.001)),
        Mistake("changed_given", "上三角是专家给出的判断，不应改动；只需补全下三角。",
                "The upper triangle holds the expert's judgments: keep it, fill in the lower triangle only.",
                _given_upper),
        Mistake("copied_not_reciprocal", "下三角照抄了上三角的数值。判断矩阵是互反的：a_ji = 1 / a_ij。",
                "You copied the upper triangle into the lower one. A judgment matrix is reciprocal: a_ji = 1 / a_ij.",
                _copied),
        Mistake("not_reciprocal", "矩阵不是互反的：有些位置不满足 a_ji × a_ij = 1。",
                "The matrix is not reciprocal: some entries do not satisfy a_ji × a_ij = 1.", _not_reciprocal),
    ),
)


# -- 03.2 weights by the row geometric mean (方根法) ----------------------------------------------------------

def _expert_b() -> pd.DataFrame:
    return judgments()["专家B"]


def _gm_rows(a: np.ndarray) -> np.ndarray:
    return np.exp(np.log(a).mean(axis=1))


EXERCISE_2 = Exercise(
    "03.2", "方根法求权重", "Weights by the row geometric mean", "vector",
    data=_expert_b,
    solve=lambda data: priority_vector(data, method="geometric"),
    tolerance=0.0006,
    labels=CRITERIA,
    hint_zh="答案不对。方根法：每行各元素相乘后开 n 次方，再除以这些几何平均数之和。",
    hint_en="Not right. Row geometric mean: multiply each row's entries, take the n-th root, then divide by the sum.",
    mistakes=(
        Mistake("not_normalised", "各权重之和应为 1：别忘了最后一步归一化（除以总和）。",
                "The weights should add up to 1: divide by their sum at the end.",
                lambda a, d: abs(a.sum() - 1) > 0.01 and close(_normalised(a), _gm_rows(d.to_numpy())
                                                              / _gm_rows(d.to_numpy()).sum(), 0.001)),
        Mistake("columns", "你按列而不是按行计算了几何平均：行表示“该指标比列指标重要几倍”，权重来自行。",
                "You took the geometric mean of columns, not rows: a row says how much more important its criterion "
                "is, so weights come from rows.",
                lambda a, d: close(a, _normalised(np.exp(np.log(d.to_numpy()).mean(axis=0))), 0.0006)),
        Mistake("arithmetic_rows", "你用了行的算术平均（或行和）。方根法取的是行的几何平均。",
                "You used the arithmetic mean (or sum) of each row; the method asks for the geometric mean.",
                lambda a, d: close(a, _normalised(d.to_numpy().sum(axis=1)), 0.0006)),
        Mistake("other_method",
                "你用的是特征向量法或和积法（先按列归一化，再按行平均）。结果接近，但本题要求方根法（行几何平均）。",
                "You used the eigenvector or the column-normalised row average (和积法). The results are close, but "
                "this exercise asks for the row geometric mean.",
                lambda a, d: close(a, priority_vector(d, method="eigenvector"), 0.0006)
                or close(a, (d.to_numpy() / d.to_numpy().sum(axis=0)).mean(axis=1), 0.0006)),
        Mistake("rounded_early", "结果偏差来自过早四舍五入：中间结果请保留完整精度，只在最后保留三位小数。",
                "The difference comes from rounding too early: keep full precision and round only the final weights.",
                lambda a, d: any(close(a, _normalised(np.round(_gm_rows(d.to_numpy()), k)), 0.0006)
                                 for k in (1, 2))),
    ),
)


# -- 03.3 consistency ratio --------------------------------------------------------------------------------

def _cr_parts(data: pd.DataFrame) -> tuple[float, float, int]:
    result = ahp(data, warn=False)
    return float(result.lambda_max), float(result.cr), result.n


EXERCISE_3 = Exercise(
    "03.3", "一致性比率 CR", "The consistency ratio CR", "number",
    data=_expert_b,
    solve=lambda data: _cr_parts(data)[1],
    tolerance=0.0006,
    hint_zh="答案不对。CR = CI / RI，CI = (λmax − n) / (n − 1)，RI 按 Saaty 表取 n 阶的值。",
    hint_en="Not right. CR = CI / RI with CI = (λmax − n) / (n − 1) and Saaty's RI for order n.",
    mistakes=(
        Mistake("ci_not_cr", "你给出的是一致性指标 CI，还要除以随机一致性指标 RI 才是 CR。",
                "That is the consistency index CI; divide it by the random index RI to get CR.",
                lambda a, d: close(a, _cr_parts(d)[1] * random_index(5), 0.0006)),
        Mistake("denominator_n", "CI 的分母是 n − 1，不是 n。",
                "The denominator of CI is n − 1, not n.",
                lambda a, d: close(a, _cr_parts(d)[1] * 4 / 5, 0.0006)),
        Mistake("wrong_ri", "RI 取错了阶数：本矩阵是 5 阶，应取 n = 5 的 RI。",
                "RI is for the wrong order: this matrix has n = 5.",
                lambda a, d: any(close(a, _cr_parts(d)[1] * random_index(5) / random_index(k), 0.0006)
                                 for k in (3, 4, 6, 7))),
        Mistake("lambda_max", "你给出的是最大特征值 λmax，还要算 CI 和 CR。",
                "That is the largest eigenvalue λmax; go on to CI and CR.",
                lambda a, d: close(a, _cr_parts(d)[0], 0.01)),
        Mistake("percent", "CR 是一个比值（如 0.05），不是百分数。",
                "CR is a ratio (e.g. 0.05), not a percentage.",
                lambda a, d: close(a, _cr_parts(d)[1] * 100, 0.06)),
    ),
)


# -- 03.4 which judgment is wrong ----------------------------------------------------------------------------

def _expert_c() -> pd.DataFrame:
    return judgments()["专家C"]


def _ranked_pairs(data: pd.DataFrame) -> list[frozenset[str]]:
    table = ahp(data, warn=False, diagnostics=5).diagnostics
    return [frozenset((str(r), str(c))) for r, c in zip(table["row"], table["column"], strict=True)]


EXERCISE_4 = Exercise(
    "03.4", "找出最不一致的判断", "Find the most inconsistent judgment", "pair",
    data=_expert_c,
    solve=lambda data: _ranked_pairs(data)[0],
    labels=CRITERIA,
    hint_zh="答案不对。比较每个判断 a_ij 与由权重推出的 w_i / w_j：偏离（取对数后）绝对值最大的那一对最可疑。",
    hint_en="Not right. Compare each judgment a_ij with w_i / w_j: the pair with the largest absolute log deviation "
            "is the most suspect.",
    mistakes=(
        Mistake("not_the_largest", "这对判断确实偏离权重，但不是偏离最大的一对：比较偏离的绝对值。",
                "That judgment does deviate, but it is not the largest deviation: compare absolute values.",
                lambda a, d: a in _ranked_pairs(d)[1:]),
    ),
)


# -- 03.5 the corrected judgment ----------------------------------------------------------------------------

EXERCISE_5 = Exercise(
    "03.5", "修正后的判断值", "The corrected judgment", "number",
    data=_expert_c,
    solve=lambda data: 8.0,
    tolerance=0.001,
    hint_zh="答案不对。专家确认他把这一判断的方向填反了：原意是产出比满意度重要，强度不变。",
    hint_en="Not right. The expert confirmed he entered this judgment the wrong way round: 产出 is more important "
            "than 满意度, with the same strength.",
    mistakes=(
        Mistake("unchanged", "这是表中原来的值：专家已确认方向填反了，请把它改过来。",
                "That is the value as entered: the expert confirmed it is the wrong way round.",
                lambda a, d: close(a, float(d.loc["产出", "满意度"]), 0.001)),
        Mistake("consistency_suggestion",
                "这是使一致性最好的建议值。专家已说明原意，应恢复专家本人的判断，而不是采用算法的建议。",
                "That is the value that makes the matrix most consistent. The expert stated what he meant: restore his "
                "judgment rather than the algorithm's suggestion.",
                lambda a, d: close(a, float(ahp(d, warn=False).diagnostics.iloc[0]["revised_judgment"]), 0.01)),
    ),
)


# -- 03.6 group weights -------------------------------------------------------------------------------------

def _aij(matrices: dict[str, pd.DataFrame]) -> np.ndarray:
    with warnings.catch_warnings():  # 专家C's uncorrected matrix is inconsistent: that is the point of 03.4
        warnings.simplefilter("ignore", PerfMethodsWarning)
        return aggregate_judgments(matrices).weights.to_numpy()


def arithmetic_mean_weights(matrices: dict[str, pd.DataFrame]) -> np.ndarray:
    """The weights a trainee gets by averaging the judgments arithmetically (the mistake of 03.6).

    The averaged matrix is not reciprocal, so :func:`perfmethods.weighting.priority_vector` refuses it; its
    principal eigenvector is what a spreadsheet's power iteration would give.
    """
    mean = np.mean([m.to_numpy() for m in matrices.values()], axis=0)
    values, vectors = np.linalg.eig(mean)
    principal = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    return principal / principal.sum()


EXERCISE_6 = Exercise(
    "03.6", "五位专家的群组权重", "The five experts' group weights", "vector",
    data=corrected_judgments,
    solve=_aij,
    tolerance=0.0001,
    labels=CRITERIA,
    hint_zh="答案不对。先对五位专家同一位置的判断取几何平均，得到群组判断矩阵，再用特征向量法求权重。",
    hint_en="Not right. Take the geometric mean of the five experts' judgments entry by entry, then the eigenvector "
            "weights of that group matrix.",
    mistakes=(
        Mistake("arithmetic_judgments", "你对判断取了算术平均。算术平均后的矩阵不再互反；应取几何平均。",
                "You averaged the judgments arithmetically, which breaks reciprocity; use the geometric mean.",
                lambda a, d: close(a, arithmetic_mean_weights(d), 0.0001)),
        Mistake("averaged_weights", "你平均的是各专家的权重（AIP），本题要求先综合判断（AIJ），再求权重。",
                "You averaged the experts' weights (AIP); this exercise asks you to combine their judgments (AIJ) "
                "first.",
                lambda a, d: close(a, aggregate_judgments(d, method="aip").weights.to_numpy(), 0.0001)),
        Mistake("uncorrected", "你用的是专家C修正前的判断矩阵：请先按 03.5 修正。",
                "You used 专家C's matrix before the correction of 03.5.",
                lambda a, d: close(a, _aij(judgments()), 0.0001)),
        Mistake("dropped_expert", "你去掉了专家C。他的判断修正后一致性已合格，应保留全部五位专家。",
                "You left 专家C out. After the correction his judgments are consistent: keep all five experts.",
                lambda a, d: close(a, _aij({k: v for k, v in d.items() if k != "专家C"}), 0.0001)),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5, EXERCISE_6)
