"""Lesson 08 (科技项目的长期绩效): the exercises and the mistakes they recognise.

Data: the synthetic science-and-technology funding programme (data/examples/science_programme, read with
:func:`perfmethods.datasets.load_science_programme`; its data dictionary variables.yaml with
:func:`perfmethods.impact.read_variables`). Reference answers come from :mod:`perfmethods.impact`:
:func:`~perfmethods.impact.did_2x2` (Card & Krueger 1994), :func:`~perfmethods.impact.event_study` (joint Wald test
of the leads; Freyaldenhoven, Hansen, Pérez & Shapiro 2021), :func:`~perfmethods.impact.rdd` (fuzzy regression
discontinuity; Calonico, Cattaneo & Titiunik 2014) and the timing of each variable that
:func:`~perfmethods.impact.surrogate_index` enforces (a surrogate is measured after funding; Athey, Chetty, Imbens &
Kang 2019).

The event-study exercise (08.2) is a choice among readings of the pre-trend test; the surrogate exercise (08.4) a
choice among the variables of the data dictionary. Both recognise mistakes by the choice a known misreading leads to.
"""

from __future__ import annotations

import functools
import warnings

import pandas as pd

from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root, load_science_programme
from perfmethods.errors import PerfMethodsWarning
from perfmethods.impact import EventStudyResult, Variables, did_2x2, event_study, rdd, read_variables

__all__ = ["DID_ROUND", "PRETREND_CHOICES", "SURROGATE_CANDIDATES", "did_sample", "pretrend_reading"]

#: The funding round of the DiD exercises: firms that applied in 2018, funded or not.
DID_ROUND = 2018
_PRE, _POST = 2017, 2019
_GROUPS = ("资助企业", "未资助企业")
_PERIODS = (f"{_PRE}年（资助前）", f"{_POST}年（资助后）")
#: The readings of an event study's pre-funding coefficients offered in 08.2 (letters as the trainee answers).
PRETREND_CHOICES: dict[str, str] = {
    "A": "资助前各期系数都接近 0，联合检验在 5% 水平上不显著：没有发现违背平行趋势的证据",
    "B": "资助前各期系数联合显著不为 0：平行趋势可疑，双重差分的结果不可信",
    "C": "资助后各期系数显著大于 0：说明平行趋势不成立",
    "D": "联合检验不显著，证明了平行趋势成立",
}
#: The candidate surrogates of 08.4: column of the data dictionary → its Chinese name there (the answer choices).
SURROGATE_CANDIDATES: dict[str, str] = {"score": "评审得分", "rd_pre": "申请前两年年均研发投入",
                                        "firm_age": "企业成立年限", "rd_post3": "资助后三年年均研发投入"}


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, pd.DataFrame]:
    return load_science_programme()


@functools.lru_cache(maxsize=1)
def _variables() -> Variables:
    return read_variables(data_root() / "examples" / "science_programme" / "variables.yaml")


def did_sample() -> pd.DataFrame:
    """The firms of round :data:`DID_ROUND` in the year before and the year after funding (``funded``, ``post``)."""
    panel = _data()["panel"]
    rows = panel[(panel["application_year"] == DID_ROUND) & panel["year"].isin([_PRE, _POST])]
    return rows.assign(post=rows["year"] == _POST)[["firm_id", "year", "funded", "post", "rd_spending"]].copy()


# -- 08.1 the 2×2 DiD from four means ----------------------------------------------------------------------------

def _four_means() -> pd.DataFrame:
    cells = did_2x2(did_sample(), outcome="rd_spending", treated="funded", post="post", unit="firm_id").cells
    means = cells.set_index(["group", "period"])["mean"]
    return pd.DataFrame([[means["treated", "pre"], means["treated", "post"]],
                         [means["control", "pre"], means["control", "post"]]],
                        index=list(_GROUPS), columns=list(_PERIODS))


def _cells(data: pd.DataFrame) -> tuple[float, float, float, float]:
    """(treated before, treated after, control before, control after)."""
    m = data.to_numpy(float)
    return m[0, 0], m[0, 1], m[1, 0], m[1, 1]


EXERCISE_1 = Exercise(
    "08.1", "由四个均值算双重差分", "The 2×2 difference-in-differences from four means", "number",
    data=_four_means,
    solve=lambda data: did_2x2(did_sample(), outcome="rd_spending", treated="funded", post="post",
                               unit="firm_id").estimate,
    tolerance=0.06,
    hint_zh="答案不对。双重差分 = （资助企业资助后 − 资助前）−（未资助企业资助后 − 资助前）。",
    hint_en="Not right. DiD = (funded after − before) − (unfunded after − before).",
    mistakes=(
        Mistake("before_after", "你只看了资助企业自身的前后变化。这段时间未资助企业也在增长：要减去对照组的变化。",
                "You took the funded firms' change only. The unfunded firms grew too over the period: subtract the "
                "comparison group's change.",
                lambda a, d: close(a, _cells(d)[1] - _cells(d)[0], 0.06)),
        Mistake("after_only",
                "你只比较了资助后两组的差。两组在资助前就有差距（资助企业评审得分更高），要减去资助前的差距。",
                "You compared the two groups after funding only. They differed before funding already (funded firms "
                "scored higher): subtract the gap before.",
                lambda a, d: close(a, _cells(d)[1] - _cells(d)[3], 0.06)),
        Mistake("before_only", "这是资助前两组的差距，不是资助的效应。",
                "That is the gap between the groups before funding, not the effect of funding.",
                lambda a, d: close(a, _cells(d)[0] - _cells(d)[2], 0.06)),
        Mistake("sign", "符号反了：用资助企业的变化减去未资助企业的变化。",
                "The sign is reversed: subtract the unfunded firms' change from the funded firms'.",
                lambda a, d: close(a, -((_cells(d)[1] - _cells(d)[0]) - (_cells(d)[3] - _cells(d)[2])), 0.06)),
    ),
)


# -- 08.2 reading an event study -----------------------------------------------------------------------------------

def _event_study() -> EventStudyResult:
    panel = _data()["panel"]
    rows = panel[panel["application_year"] == DID_ROUND]
    return event_study(rows, outcome="rd_spending", unit="firm_id", time="year", cohort="cohort", leads=4, lags=6)


def pretrend_reading(result: EventStudyResult, alpha: float = 0.05) -> str:
    """The right reading (a key of :data:`PRETREND_CHOICES`) of an event study's joint pre-trend test."""
    return "A" if result.pretrend["p_value"] >= alpha else "B"


EXERCISE_2 = Exercise(
    "08.2", "读事件研究图：资助前有没有趋势差异", "Reading an event study: a pre-funding trend?", "choice",
    data=_event_study,
    solve=pretrend_reading,
    choices=tuple(PRETREND_CHOICES),
    hint_zh="答案不对。看资助前（事件时间 < 0）的系数及其联合检验的 p 值。",
    hint_en="Not right. Look at the coefficients before funding (event time < 0) and the p-value of their joint test.",
    mistakes=(
        Mistake("misread_test", "请再看联合检验的 p 值与 0.05 的比较：p 值大于 0.05 时不能拒绝“资助前系数全为 0”。",
                "Compare the joint test's p-value with 0.05 again: above 0.05 the hypothesis that all pre-funding "
                "coefficients are 0 is not rejected.",
                lambda a, d: a == "B" and pretrend_reading(d) == "A"),
        Mistake("post_coefficients", "资助后的系数是资助的效应，不是趋势差异。检验平行趋势只看资助前的系数。",
                "The coefficients after funding are the effect, not a trend difference. Parallel trends are checked "
                "on the coefficients before funding.",
                lambda a, d: a == "C"),
        Mistake("proof", "检验不显著只说明没有发现违背的证据，不能“证明”平行趋势（样本小时检验的功效也低）；"
                "还要看系数的大小和置信区间。",
                "A test that does not reject finds no evidence against parallel trends; it does not prove them (its "
                "power may be low). Look at the size of the coefficients and their intervals too.",
                lambda a, d: a == "D"),
    ),
)


# -- 08.3 the jump at the funding cut-off ---------------------------------------------------------------------------

def _applications() -> pd.DataFrame:
    return _data()["applications"].copy()


def _rd(data: pd.DataFrame, *, fuzzy: bool = True):
    with warnings.catch_warnings():  # the checks of the design are the subject of the lesson, not of the check
        warnings.simplefilter("ignore", PerfMethodsWarning)
        return rdd(data, outcome="rd_post3", running="score", cutoff=float(data["cutoff"].iloc[0]),
                   fuzzy="funded" if fuzzy else None)


EXERCISE_3 = Exercise(
    "08.3", "断点处的资助效应", "The effect of funding at the cut-off", "number",
    data=_applications,
    solve=lambda data: _rd(data).estimate,
    tolerance=0.06,
    hint_zh="答案不对。用 rdd(…, outcome=\"rd_post3\", running=\"score\", cutoff=60, fuzzy=\"funded\")，"
            "读它的点估计 estimate。",
    hint_en="Not right. Use rdd(..., outcome=\"rd_post3\", running=\"score\", cutoff=60, fuzzy=\"funded\") and read "
            "its point estimate.",
    mistakes=(
        Mistake("sharp_not_fuzzy",
                "你给出的是得分跨过 60 分时研发投入的跳跃（意向处理效应）。并非所有过线企业都获得资助，"
                "还要除以资助概率的跳跃（模糊断点，fuzzy）。",
                "That is the jump in R&D at a score of 60 (intention to treat). Not every firm above the line was "
                "funded: divide by the jump in the probability of funding (fuzzy design).",
                lambda a, d: close(a, _rd(d, fuzzy=False).estimate, 0.06)
                or close(a, _rd(d, fuzzy=False).estimate_bc, 0.06)),
        Mistake("first_stage", "这是资助概率在断点处的跳跃（第一阶段），不是对研发投入的效应。",
                "That is the jump in the probability of funding (the first stage), not the effect on R&D.",
                lambda a, d: close(a, _rd(d).first_stage["estimate"], 0.006)
                or close(a, 100 * _rd(d).first_stage["estimate"], 0.6)),
        Mistake("naive_difference",
                "你比较了全部资助企业与未资助企业（或全部过线与未过线企业）的均值。两组得分差别很大，差异里混入了选择；"
                "断点回归只比较断点两侧附近的企业。",
                "You compared all funded with all unfunded firms (or all above with all below the line). The groups "
                "differ in score, so the difference mixes in selection; RD compares firms close to the cut-off.",
                lambda a, d: close(a, d.loc[d["funded"], "rd_post3"].mean() - d.loc[~d["funded"], "rd_post3"].mean(),
                                   0.06)
                or close(a, d.loc[d["above_cutoff"], "rd_post3"].mean()
                         - d.loc[~d["above_cutoff"], "rd_post3"].mean(), 0.06)),
        Mistake("bias_corrected", "这是偏差校正后的估计（稳健置信区间的中心）。题目要的是点估计 estimate。",
                "That is the bias-corrected estimate (the centre of the robust interval); the question asks for the "
                "point estimate.",
                lambda a, d: close(a, _rd(d).estimate_bc, 0.06)),
    ),
)


# -- 08.4 which variable may be a surrogate ------------------------------------------------------------------------

def _candidates() -> pd.DataFrame:
    variables = _variables()
    return pd.DataFrame({"变量": [variables[c].name("zh") for c in SURROGATE_CANDIDATES],
                         "单位": [variables[c].unit("zh") for c in SURROGATE_CANDIDATES]})


def _surrogate(data: pd.DataFrame) -> str:
    variables = _variables()
    allowed = [variables[c].name("zh") for c in SURROGATE_CANDIDATES if not variables[c].pre_treatment]
    return allowed[0]


def _named(column: str) -> str:
    return _variables()[column].name("zh")


EXERCISE_4 = Exercise(
    "08.4", "哪个变量可以作替代指标", "Which variable may be a surrogate", "choice",
    data=_candidates,
    solve=_surrogate,
    choices=tuple(SURROGATE_CANDIDATES.values()),
    hint_zh="答案不对。替代指标必须是资助之后才测得的短期结果。",
    hint_en="Not right. A surrogate must be a short-term outcome measured after funding.",
    mistakes=(
        Mistake("pre_funding_score",
                "评审得分在资助之前就确定了，资助不可能改变它。它能预测长期收入，是因为它反映了企业本身的差别"
                "（选择），应作为协变量，而不是替代指标。",
                "The application score is fixed before funding; funding cannot move it. It predicts revenue because it "
                "reflects differences between firms (selection): use it as a covariate, not as a surrogate.",
                lambda a, d: a == _named("score")),
        Mistake("pre_funding_outcome",
                "申请前的研发投入虽然和结果是同一类指标，但测于资助之前：它是基线（协变量），不能反映资助的效应。",
                "R&D before the application measures the same thing as the outcome, but before funding: it is a "
                "baseline (a covariate) and cannot carry the effect of funding.",
                lambda a, d: a == _named("rd_pre")),
        Mistake("pre_funding_covariate", "企业成立年限在申请时就已确定，是资助前的特征（协变量），不是资助带来的结果。",
                "The firm's age is fixed at application: a pre-funding characteristic (a covariate), not an outcome "
                "of funding.",
                lambda a, d: a == _named("firm_age")),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4)
