"""Indicator specifications and indicator frameworks (绩效指标体系).

An indicator framework is a three-level tree as in 财预〔2020〕10号 附件1 and 附件2:

* level 1 (一级指标): 决策 / 过程 / 产出 / 效益 / 满意度, or, per 财预〔2021〕101号, 成本 as its own level 1;
* level 2 (二级指标): e.g. 产出数量, 产出质量, 产出时效, 产出成本, 社会效益;
* leaves (三级指标): the indicators that carry a target, points (分值) and a scoring rule.

Only leaves are stored; the tree is derived from each leaf's ``level1`` / ``level2`` labels, so a
framework read from a flat table (one row per leaf, as every real template is) round-trips exactly.

Weights are kept as *points* (分值) on the scale the table uses, usually 100: that is how analysts
write and read them, and how published tables round them. :meth:`IndicatorFramework.weights`
gives the normalised (sum-to-one) view used by the weighting and composite modules.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

import numpy as np

from perfmethods.errors import InputError
from perfmethods.model.values import ParsedValue
from perfmethods.validation import by_label, shown_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Direction",
    "check_directions",
    "direction_sign",
    "EvaluationStandard",
    "Computed",
    "Indicator",
    "IndicatorFramework",
]


class Direction(str, Enum):
    """Indicator direction (指标性质), as in the 101号 template and budget systems.

    ``POSITIVE`` (≥, 正向): more is better, full points at or above target.
    ``REVERSE`` (≤, 反向): less is better, full points at or below target.
    ``EQUAL`` (=, 等于): the target value itself.
    ``RANGE`` (区间): full points inside ``[target.value, target.upper]`` (a package extension).
    ``QUALITATIVE`` (定性): graded in three tiers by an evaluator.
    """

    POSITIVE = "≥"
    REVERSE = "≤"
    EQUAL = "="
    RANGE = "区间"
    QUALITATIVE = "定性"

    @classmethod
    def parse(cls, value: object) -> Direction:
        """Read a direction from the words and symbols used in real tables."""
        if isinstance(value, Direction):
            return value
        text = str(value).strip().lower()
        for direction, spellings in _DIRECTION_SPELLINGS.items():
            if text in spellings:
                return direction
        raise InputError(
            f"unknown indicator direction {value!r}; expected one of ≥ / 正向 / positive, ≤ / 反向 / 负向 / 逆向 / "
            "reverse, = / 等于 / equal, 区间 / range, 定性 / qualitative"
        )

    @property
    def label_zh(self) -> str:
        return {"≥": "正向", "≤": "反向", "=": "等于", "区间": "区间", "定性": "定性"}[self.value]


_DIRECTION_SPELLINGS: dict[Direction, set[str]] = {
    Direction.POSITIVE: {"≥", ">=", "＞＝", "≧", ">", "正向", "正向指标", "positive", "higher", "max", "benefit",
                         "效益型", "效益型指标"},
    Direction.REVERSE: {"≤", "<=", "＜＝", "≦", "<", "反向", "反向指标", "负向", "负向指标", "逆向", "逆向指标",
                        "reverse", "negative", "lower", "min", "cost", "成本型", "成本型指标"},
    Direction.EQUAL: {"=", "＝", "==", "等于", "equal", "eq"},
    Direction.RANGE: {"区间", "range", "interval", "区间型", "适度"},
    Direction.QUALITATIVE: {"定性", "qualitative", "qual", "定性指标"},
}


#: Signs written as text in a directions column or list: "1" / "+1" / "+" more is better, "-1" / "-" less is better.
_SIGN_SPELLINGS: dict[str, int] = {"1": 1, "+1": 1, "+": 1, "1.0": 1, "-1": -1, "-": -1, "-1.0": -1}


def direction_sign(value: object) -> int:
    """+1 for a benefit (正向, ≥, more is better) and −1 for a cost (反向 / 负向, ≤, less is better) indicator.

    The one reader of "which way is better" for the methods that compare units (normalisation, aggregation,
    TOPSIS, grey relational analysis, outranking, objective weights). Accepted: a :class:`Direction`
    (``POSITIVE`` or ``REVERSE``), the numbers 1 and −1, their texts (``"1"``, ``"+1"``, ``"-1"``, ``"+"``,
    ``"-"``), and every spelling :meth:`Direction.parse` reads for ≥ and ≤ (正向 / 反向 / 负向 / 逆向 / 效益型 /
    成本型 / benefit / cost / max / min …).

    Parameters
    ----------
    value : the direction.

    Raises
    ------
    InputError : an equal (=), range (区间) or qualitative (定性) direction, which has no "better" side, or a value
        that is no direction at all. The message has no location; :func:`check_directions` adds the indicator.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        if number in (1.0, -1.0):
            return int(number)
    elif isinstance(value, (Direction, str)):
        text = value.value if isinstance(value, Direction) else value.strip().lower()
        if text in _SIGN_SPELLINGS:
            return _SIGN_SPELLINGS[text]
        for direction, spellings in _DIRECTION_SPELLINGS.items():
            if text in spellings:
                if direction is Direction.POSITIVE:
                    return 1
                if direction is Direction.REVERSE:
                    return -1
                raise InputError(f"the direction is '{direction.label_zh}' ({direction.value}); a method that "
                                 "compares units needs benefit (正向) or cost (反向): give 1 or -1 for it in "
                                 "'directions'")
    raise InputError(f"unknown direction {shown_value(value)}; write benefit (正向, ≥, max, 1) or cost (反向 / 逆向 / "
                     "负向, ≤, min, -1)")


def check_directions(directions: object, indicators: Sequence[str], *, func: str,
                     name: str = "directions") -> pd.Series:
    """The direction of every indicator as +1 (benefit, 正向) or −1 (cost, 反向), a Series indexed by indicator id.

    Parameters
    ----------
    directions : ``None`` (every indicator a benefit); a mapping or Series by indicator id (an indicator not named
        is a benefit); a sequence in indicator order; or one direction for all. Each direction is read by
        :func:`direction_sign`.
    indicators : the indicator ids.
    func : the public function's name, for messages.
    name : the parameter's name, for messages.

    Returns
    -------
    Series of int (+1 / −1) named ``direction``, indexed by ``indicator``.

    Raises
    ------
    InputError : a mapping naming an indicator that is not in the data; a sequence of the wrong length; a
        direction :func:`direction_sign` cannot read, naming the indicator.
    """
    import pandas as pd

    ids = [str(i) for i in indicators]
    given = [1] * len(ids) if directions is None else by_label(directions, ids, name=name, func=func,
                                                               entry="direction", default=1)
    signs = []
    for indicator, value in zip(ids, given, strict=True):
        try:
            signs.append(direction_sign(value))
        except InputError as exc:
            raise InputError(f"The {name!r} parameter of {func}: {exc.message}",
                             location={"indicator": indicator}) from None
    return pd.Series(signs, index=pd.Index(ids, name="indicator"), name="direction", dtype=int)


class EvaluationStandard(str, Enum):
    """Evaluation standard (评价标准) of 10号: the basis of the target value."""

    PLAN = "计划标准"
    INDUSTRY = "行业标准"
    HISTORY = "历史标准"
    OTHER = "其他标准"

    @classmethod
    def parse(cls, value: object) -> EvaluationStandard:
        if isinstance(value, EvaluationStandard):
            return value
        text = str(value).strip().lower()
        if text in {"", "nan", "none"}:
            return cls.PLAN
        for standard, spellings in _STANDARD_SPELLINGS.items():
            if text in spellings:
                return standard
        raise InputError(
            f"unknown evaluation standard {value!r}; expected 计划 / plan, 行业 / industry, 历史 / history "
            "or 其他 / other"
        )


_STANDARD_SPELLINGS: dict[EvaluationStandard, set[str]] = {
    EvaluationStandard.PLAN: {"计划", "计划标准", "plan", "planned"},
    EvaluationStandard.INDUSTRY: {"行业", "行业标准", "industry", "benchmark"},
    EvaluationStandard.HISTORY: {"历史", "历史标准", "history", "historical"},
    EvaluationStandard.OTHER: {"其他", "其他标准", "other"},
}


class Computed(str, Enum):
    """Where an indicator's actual value comes from when it is computed rather than reported.

    ``BUDGET_EXECUTION``: the budget execution rate (预算执行率) from the budget table.
    ``SURVEY_RATE``: the satisfaction rate (满意率) of the public survey.
    ``SURVEY_SCORE``: the mean Likert score (0–100) of the public survey.
    ``PANEL``: the combined score of the evaluator panel (qualitative indicators).
    """

    BUDGET_EXECUTION = "budget_execution"
    SURVEY_RATE = "survey_rate"
    SURVEY_SCORE = "survey_score"
    PANEL = "panel"

    @classmethod
    def parse(cls, value: object) -> Computed | None:
        if value is None or isinstance(value, Computed):
            return value
        text = str(value).strip().lower()
        if text in {"", "nan", "none"}:
            return None
        aliases = {"预算执行率": cls.BUDGET_EXECUTION, "满意率": cls.SURVEY_RATE, "满意度得分": cls.SURVEY_SCORE,
                   "评价组": cls.PANEL, "专家评分": cls.PANEL}
        if text in aliases:
            return aliases[text]
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                f"unknown computed source {value!r}; expected one of "
                + ", ".join(c.value for c in cls) + " (or 预算执行率 / 满意率 / 满意度得分 / 专家评分)"
            ) from None


@dataclass(frozen=True)
class Indicator:
    """A leaf indicator (三级指标).

    Attributes
    ----------
    id : unique code, e.g. ``"C1-1"``; used in every table and error message.
    name : indicator name (指标名称), e.g. ``"社区文化活动场次"``.
    level1, level2 : labels of its level-1 and level-2 parents (一级 / 二级指标).
    points : points (分值) on the framework's scale (normally 100 in all).
    direction : :class:`Direction`.
    target : the target value (指标值 / 年度指标值) with its original text.
    unit : measurement unit (计量单位); defaults to the target's unit.
    category : a free label (e.g. 数量指标); defaults to ``level2``.
    standard : :class:`EvaluationStandard` (评价标准).
    data_source : where the actual value comes from (数据来源), free text.
    grading : the evaluator's grading description (评分标准), free text; for qualitative indicators the
        description of the three tiers.
    computed : :class:`Computed` when the actual is computed (budget execution, survey, panel).
    direction_inferred : ``True`` when the table gave no direction (指标性质) and it was inferred from the
        target's operator by :mod:`perfmethods.io` (≥ → positive, ≤ → reverse, = → equal, range → 区间,
        text → 定性, bare number → positive); reports should say so.
    """

    id: str
    name: str
    level1: str
    level2: str
    points: float
    direction: Direction
    target: ParsedValue = field(default_factory=lambda: ParsedValue(""))
    unit: str = ""
    category: str = ""
    standard: EvaluationStandard = EvaluationStandard.PLAN
    data_source: str = ""
    grading: str = ""
    computed: Computed | None = None
    direction_inferred: bool = False

    def __post_init__(self) -> None:
        where = {"indicator": self.id or None}
        if not str(self.id).strip():
            raise InputError("an indicator has an empty id; give every indicator a unique code such as 'C1-1'")
        if not str(self.name).strip():
            raise InputError("the indicator name is empty", location=where)
        try:
            points = float(self.points)
        except (TypeError, ValueError):
            raise InputError(
                f"the points (分值) must be a number >= 0; got {shown_value(self.points)}", location=where
            ) from None
        object.__setattr__(self, "points", points)
        if not (np.isfinite(points) and points >= 0):
            raise InputError(f"the points (分值) must be a number >= 0; got {shown_value(self.points)}",
                             location=where)
        if not self.unit and self.target.unit:
            object.__setattr__(self, "unit", self.target.unit)
        if not self.category:
            object.__setattr__(self, "category", self.level2)

    @property
    def is_qualitative(self) -> bool:
        return self.direction is Direction.QUALITATIVE

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "level1": self.level1,
            "level2": self.level2,
            "points": float(self.points),
            "direction": self.direction.value,
            "target": self.target.to_dict(),
            "unit": self.unit,
            "category": self.category,
            "standard": self.standard.value,
            "data_source": self.data_source,
            "grading": self.grading,
            "computed": self.computed.value if self.computed else None,
            "direction_inferred": self.direction_inferred,
        }


@dataclass(frozen=True)
class IndicatorFramework:
    """An indicator framework: the ordered leaves of a level-1 → level-2 → leaf tree.

    Parameters
    ----------
    indicators : the leaves, in table order. Ids must be unique.
    name : the framework's name (e.g. the project name).
    total : the points scale the weights are written on (normally 100).
    source : where the framework was read from (a file path), for error messages and the manifest.

    Read one with :func:`perfmethods.io.read_framework_yaml` or :func:`perfmethods.io.read_framework_table`
    (``.xlsx`` or ``.csv``).
    """

    indicators: tuple[Indicator, ...]
    name: str = ""
    total: float = 100.0
    source: str = ""

    def __post_init__(self) -> None:
        indicators = tuple(self.indicators)
        object.__setattr__(self, "indicators", indicators)
        if not indicators:
            raise InputError("the indicator framework has no indicators", location={"file": self.source or None})
        seen: set[str] = set()
        for ind in indicators:
            if ind.id in seen:
                raise InputError(
                    "the indicator id is used twice; every indicator needs its own code",
                    location={"file": self.source or None, "indicator": ind.id},
                )
            seen.add(ind.id)

    # -- access ----------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(f"no indicator with id {indicator_id!r} in framework {self.name!r}")

    def __contains__(self, indicator_id: object) -> bool:
        return any(ind.id == indicator_id for ind in self.indicators)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(ind.id for ind in self.indicators)

    @property
    def level1(self) -> tuple[str, ...]:
        """Level-1 labels in first-appearance order."""
        return tuple(dict.fromkeys(ind.level1 for ind in self.indicators))

    def level2(self, level1: str | None = None) -> tuple[str, ...]:
        """Level-2 labels (under ``level1`` when given) in first-appearance order."""
        return tuple(dict.fromkeys(ind.level2 for ind in self.indicators if level1 in (None, ind.level1)))

    def leaves(self, level1: str | None = None, level2: str | None = None) -> tuple[Indicator, ...]:
        return tuple(
            ind for ind in self.indicators if level1 in (None, ind.level1) and level2 in (None, ind.level2)
        )

    def points(self) -> pd.Series:
        """Weights in points (分值) by indicator id."""
        import pandas as pd

        return pd.Series([ind.points for ind in self.indicators], index=pd.Index(self.ids, name="id"),
                         name="points", dtype=float)

    def weights(self) -> pd.Series:
        """Normalised weights (sum to one) by indicator id."""
        pts = self.points()
        total = pts.sum()
        if total <= 0:
            raise InputError("all indicator weights are zero", location={"file": self.source or None})
        return pts / total

    def level_points(self, level: int = 1) -> pd.Series:
        """Points summed by level-1 (``level=1``) or by (level-1, level-2) (``level=2``)."""
        import pandas as pd

        frame = self.to_frame()
        keys = ["level1"] if level == 1 else ["level1", "level2"]
        order = frame[keys].drop_duplicates()
        sums = frame.groupby(keys, sort=False)["points"].sum()
        return sums.reindex(pd.MultiIndex.from_frame(order) if level == 2 else order["level1"].to_list())

    def tree(self) -> dict[str, dict[str, list[str]]]:
        """The tree as nested dicts: ``{level1: {level2: [leaf ids]}}``."""
        out: dict[str, dict[str, list[str]]] = {}
        for ind in self.indicators:
            out.setdefault(ind.level1, {}).setdefault(ind.level2, []).append(ind.id)
        return out

    # -- transforms ------------------------------------------------------------------------------
    def with_points(self, points: Mapping[str, float] | pd.Series) -> IndicatorFramework:
        """A copy with new points (分值) for the given indicator ids (others unchanged)."""
        points = dict(points)
        unknown = sorted(set(points) - set(self.ids))
        if unknown:
            raise InputError(f"unknown indicator ids {unknown}; the framework has {list(self.ids)}")
        new = tuple(replace(ind, points=float(points.get(ind.id, ind.points))) for ind in self.indicators)
        return replace(self, indicators=new)

    def scaled(self, total: float) -> IndicatorFramework:
        """A copy whose points are rescaled to sum to ``total`` (e.g. 80 when a budget row takes 20)."""
        w = self.weights()
        return replace(self.with_points(w * total), total=float(total))

    # -- output ----------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per leaf, English column names, in table order."""
        import pandas as pd

        rows = []
        for ind in self.indicators:
            rows.append({
                "id": ind.id, "level1": ind.level1, "level2": ind.level2, "name": ind.name,
                "points": float(ind.points), "direction": ind.direction.value, "target": ind.target.text,
                "target_value": ind.target.value, "target_upper": ind.target.upper, "unit": ind.unit,
                "category": ind.category, "standard": ind.standard.value, "data_source": ind.data_source,
                "grading": ind.grading, "computed": ind.computed.value if ind.computed else None,
                "direction_inferred": ind.direction_inferred,
            })
        return pd.DataFrame(rows)

    def summary(self) -> pd.DataFrame:
        """Points by level-1 and level-2 with the number of leaves (a tidy table)."""
        frame = self.to_frame()
        out = (frame.groupby(["level1", "level2"], sort=False)
               .agg(points=("points", "sum"), n_indicators=("id", "size")).reset_index())
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "total": float(self.total), "source": self.source,
                "indicators": [ind.to_dict() for ind in self.indicators]}
