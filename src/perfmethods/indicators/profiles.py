"""Locality profiles: the scoring conventions of a place, bundled and sourced.

Published self-evaluation tables (项目支出绩效自评表) agree on the rules of 财预〔2020〕10号 but differ in
conventions the document leaves open: how awarded points are rounded, how many points
the budget-execution row carries, which budget the execution rate is measured against, whether
over-achievement costs points. A :class:`LocalityProfile` bundles every such convention; each is a
:class:`~perfmethods.provenance.Rule` carrying its value, its provenance (verified / secondary /
unverified) and its source (the document, system configuration or published table it comes from).

Bundled profiles (:func:`list_profiles`, :func:`get_profile`):

``central``
    10号 defaults: a 10-point budget row with the indicators on 90, points rounded half-up to 2
    decimals as the budget systems do, execution against the full-year (adjusted) budget.
``integer_down``
    as ``central``, each row rounded **down** to an integer (tables showing 9.78 → 9, 9.91 → 9).
``integer_nearest``
    as ``central``, each row rounded to the **nearest** integer (8.62 → 9, 4.99 → 5).
``budget_20_80``
    as ``central`` with a 20-point budget row and the indicators on 80 (湖北, 保山 tables).
``no_budget_row``
    as ``central`` without a scored budget row (宁夏 tables); a 预算执行率 indicator marked
    ``computed=budget_execution`` in the framework is scored inside the framework instead.
``as_printed``
    as ``central``, but indicator points that do not add up to 100 are scored as printed (no
    rescaling), with a finding that the table is inconsistent (``rescale_points=False``).

Override any convention with :meth:`LocalityProfile.replace`, e.g.
``get_profile("central").replace(rounding="down", decimals=0)``. A plain value given there is stored
as an *unverified* rule with source "set by the caller"; pass a :class:`Rule` to record your
locality's document instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from dataclasses import replace as _dc_replace
from typing import TYPE_CHECKING, Any, NoReturn

from perfmethods.errors import InputError
from perfmethods.indicators.application import ApplicationTable
from perfmethods.indicators.grades import GRADE_BANDS, GRADES, _check_bands
from perfmethods.indicators.scoring import (
    LATE_SCHEDULE,
    MET_VOCABULARY,
    QUALITATIVE_DEFAULT_SHARES,
    QUALITATIVE_TIER_BOUNDS,
    MetVocabulary,
    check_late_schedule,
)
from perfmethods.provenance import Provenance, Rule

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LEVEL1_ALIASES",
    "LocalityProfile",
    "canonical_level1",
    "get_profile",
    "list_profiles",
    "register_profile",
]

V, S, U = Provenance.VERIFIED, Provenance.SECONDARY, Provenance.UNVERIFIED

#: Level-1 spellings accepted by the weight checks, mapped to the canonical short name.
LEVEL1_ALIASES: dict[str, str] = {
    "决策": "决策",
    "决策指标": "决策",
    "过程": "过程",
    "过程指标": "过程",
    "产出": "产出",
    "产出指标": "产出",
    "效益": "效益",
    "效益指标": "效益",
    "成本": "成本",
    "成本指标": "成本",
    "满意度": "满意度",
    "满意度指标": "满意度",
    "服务对象满意度": "满意度",
    "服务对象满意度指标": "满意度",
    "预算执行率": "预算执行率",
    "预算执行": "预算执行率",
    "decision": "决策",
    "process": "过程",
    "output": "产出",
    "outputs": "产出",
    "outcome": "效益",
    "outcomes": "效益",
    "benefit": "效益",
    "benefits": "效益",
    "cost": "成本",
    "costs": "成本",
    "satisfaction": "满意度",
    "budget execution": "预算执行率",
}


#: A points note after a level-1 label, as tables print it: "产出指标(50分)", "效益指标（30分）".
_POINTS_SUFFIX = re.compile(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*$")


def canonical_level1(label: str) -> str:
    """The canonical level-1 name (产出指标 → 产出, 产出指标(50分) → 产出, 服务对象满意度 → 满意度);
    unknown labels are returned unchanged."""
    text = _POINTS_SUFFIX.sub("", str(label)).strip()
    return LEVEL1_ALIASES.get(text) or LEVEL1_ALIASES.get(text.lower()) or text


_ROUNDING_MODES = ("none", "down", "nearest")
_BASES = ("adjusted", "original")
_RULE_FIELDS = (
    "rounding",
    "decimals",
    "total_from_rounded_rows",
    "budget_points",
    "execution_basis",
    "overachievement_ratio",
    "overachievement_zero_target",
    "overachievement_deduction",
    "qualitative_tiers",
    "qualitative_default_shares",
    "grade_bands",
    "application",
    "min_output_benefit_share",
    "self_eval_split",
    "met_wording",
    "late_schedule",
    "rescale_points",
)

_MET_WORDING_RULE: Rule[MetVocabulary] = Rule(
    MET_VOCABULARY,
    Provenance.UNVERIFIED,
    "package default from practice: published tables give full points when the actual states the "
    "target met",
    note="10号 lists no words; see docs/methods/scoring.md for the vocabulary",
)
_LATE_SCHEDULE_RULE: Rule[tuple[tuple[int, float], ...]] = Rule(
    LATE_SCHEDULE,
    Provenance.UNVERIFIED,
    "package default: full points on time, 80 % up to 30 days late, 60 % up to 90 days, then 0",
    note="10号 gives no schedule for late completion; the steps sit at the qualitative tiers' lower bounds",
)
_RESCALE_RULE: Rule[bool] = Rule(
    True,
    Provenance.SECONDARY,
    "财预〔2020〕10号 self-evaluation: indicator points add up to 100 with the budget row",
    note="points that do not add up are rescaled proportionally and reported",
)


def _tuplify(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple((k, _tuplify(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_tuplify(v) for v in value)
    return value


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Provenance):
        return value.value
    return value


@dataclass(frozen=True)
class LocalityProfile:
    """Every scoring convention of a locality, each a sourced :class:`Rule`.

    Attributes
    ----------
    name, description, evidence : the profile's name, what it is, and the documents and published tables
        that support it.
    rounding : ``"none"``, ``"down"`` or ``"nearest"`` (half-up) rounding of each awarded row.
    decimals : decimals kept by the rounding (0 for integer tables, 2 for the budget systems).
    total_from_rounded_rows : ``True`` → total = sum of rounded rows; ``False`` → the rounded sum of
        unrounded rows.
    budget_points : points of the separate budget-execution row (10 → indicators on 90; 20 → "20 + 80");
        ``None`` → no budget row.
    execution_basis : ``"adjusted"`` (全年预算数) or ``"original"`` (年初预算数).
    overachievement_ratio : actual ≥ ratio × target asks for an explanation (1.30).
    overachievement_zero_target : with a zero target, an actual ≥ this asks for an explanation (30).
    overachievement_deduction : share of the points deducted from a flagged row (0 = none).
    qualitative_tiers : ``(tier, lower share, upper share)`` of the three tiers.
    qualitative_default_shares : share of the points per tier when the evaluator gives no score.
    grade_bands : ``(lower bound inclusive, grade)``.
    application : the results-application :class:`~perfmethods.indicators.application.ApplicationTable`.
    min_output_benefit_share : minimum share of 产出 + 效益 points in department / finance evaluation.
    self_eval_split : level-1 points of a self-evaluation (产出 50 / 效益 30 / 满意度 10 / 预算执行率 10),
        or ``None`` when the locality's split is not known (no check).
    met_wording : the :class:`~perfmethods.indicators.scoring.MetVocabulary` with which an actual
        states a text target met (明显改善 / 明显改善, 按期完成 / 100%, 少于3起 / 无 → 达成).
    late_schedule : ``(days late, share)`` steps that score a date target
        (:func:`~perfmethods.indicators.scoring.score_deadline`).
    rescale_points : ``True`` → indicator points that do not add up to the profile's scale are rescaled
        to it; ``False`` → scored as printed, and the table is reported as inconsistent.
    """

    name: str
    description: str
    evidence: str
    rounding: Rule[str]
    decimals: Rule[int]
    total_from_rounded_rows: Rule[bool]
    budget_points: Rule[float | None]
    execution_basis: Rule[str]
    overachievement_ratio: Rule[float]
    overachievement_zero_target: Rule[float]
    overachievement_deduction: Rule[float]
    qualitative_tiers: Rule[tuple[tuple[str, float, float], ...]]
    qualitative_default_shares: Rule[tuple[tuple[str, float], ...]]
    grade_bands: Rule[tuple[tuple[float, str], ...]]
    application: Rule[ApplicationTable]
    min_output_benefit_share: Rule[float]
    self_eval_split: Rule[tuple[tuple[str, float], ...] | None]
    met_wording: Rule[MetVocabulary] = _MET_WORDING_RULE
    late_schedule: Rule[tuple[tuple[int, float], ...]] = _LATE_SCHEDULE_RULE
    rescale_points: Rule[bool] = _RESCALE_RULE

    def __post_init__(self) -> None:
        for name in _RULE_FIELDS:
            rule = getattr(self, name)
            if not isinstance(rule, Rule):
                raise InputError(
                    f"profile {self.name!r}: the field '{name}' must be a perfmethods.provenance.Rule; "
                    f"got {type(rule).__name__} instead (LocalityProfile.replace wraps plain values)"
                )
            value = _tuplify(rule.value)
            if value != rule.value:
                object.__setattr__(self, name, _dc_replace(rule, value=value))
        self._validate()

    # -- validation -------------------------------------------------------------------------------------
    def _fail(self, field: str, expected: str) -> NoReturn:
        raise InputError(
            f"The '{field}' setting of locality profile {self.name!r} must be {expected}; got "
            f"{getattr(self, field).value!r} instead."
        )

    def _validate(self) -> None:
        if self.rounding.value not in _ROUNDING_MODES:
            self._fail("rounding", "'none', 'down' or 'nearest'")
        d = self.decimals.value
        if isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6:
            self._fail("decimals", "an int in 0..6")
        if not isinstance(self.total_from_rounded_rows.value, bool):
            self._fail("total_from_rounded_rows", "True or False")
        bp = self.budget_points.value
        if bp is not None and not (
            isinstance(bp, (int, float)) and not isinstance(bp, bool) and 0 < bp < 100
        ):
            self._fail("budget_points", "None or a number in (0, 100), e.g. 10 or 20")
        if self.execution_basis.value not in _BASES:
            self._fail("execution_basis", "'adjusted' (全年预算数) or 'original' (年初预算数)")
        r = self.overachievement_ratio.value
        if not (isinstance(r, (int, float)) and math.isfinite(r) and r > 1):
            self._fail("overachievement_ratio", "a number > 1, e.g. 1.30")
        z = self.overachievement_zero_target.value
        if not (isinstance(z, (int, float)) and math.isfinite(z) and z > 0):
            self._fail("overachievement_zero_target", "a number > 0")
        share = self.overachievement_deduction.value
        if not (isinstance(share, (int, float)) and 0 <= share <= 1):
            self._fail("overachievement_deduction", "a share in [0, 1] (0 = no deduction)")
        try:
            tiers = [(str(n), float(lo), float(hi)) for n, lo, hi in self.qualitative_tiers.value]
        except (TypeError, ValueError):
            self._fail("qualitative_tiers", "(tier, lower share, upper share) triples")
        if (
            len(tiers) != 3
            or any(not 0 <= lo < hi <= 1 for _, lo, hi in tiers)
            or max(h for *_, h in tiers) != 1.0
        ):
            self._fail(
                "qualitative_tiers",
                "three (tier, lower, upper) triples with 0 <= lower < upper <= 1 and "
                "a top tier ending at 1.0",
            )
        try:
            shares = {str(n): float(s) for n, s in self.qualitative_default_shares.value}
        except (TypeError, ValueError):
            self._fail("qualitative_default_shares", "(tier, share) pairs")
        for n, lo, hi in tiers:
            s = shares.get(n)
            if s is None or not (lo <= s <= hi if hi >= 1.0 else lo <= s < hi):
                self._fail(
                    "qualitative_default_shares",
                    f"a share inside each tier's range (tier {n!r}: "
                    f"[{lo:g}, {hi:g}{']' if hi >= 1.0 else ')'})",
                )
        try:
            _, labels = _check_bands(self.grade_bands.value)
        except InputError:
            self._fail("grade_bands", "(lower bound, grade) pairs with distinct bounds, the lowest at 0")
        if not set(labels) <= set(GRADES):
            self._fail("grade_bands", f"bands labelled with the grades {list(GRADES)}")
        if not isinstance(self.application.value, ApplicationTable):
            self._fail("application", "an ApplicationTable")
        m = self.min_output_benefit_share.value
        if not (isinstance(m, (int, float)) and 0 <= m <= 1):
            self._fail("min_output_benefit_share", "a share in [0, 1] (0.6 = 60 %)")
        split = self.self_eval_split.value
        if split is not None:
            try:
                total = sum(float(v) for _, v in split)
            except (TypeError, ValueError):
                self._fail("self_eval_split", "None or (level-1 name, points) pairs")
            if abs(total - 100.0) > 1e-6:
                self._fail("self_eval_split", "(level-1 name, points) pairs summing to 100")
        if not isinstance(self.met_wording.value, MetVocabulary):
            self._fail("met_wording", "a MetVocabulary (perfmethods.indicators.scoring)")
        try:
            check_late_schedule(self.late_schedule.value, "LocalityProfile")
        except InputError:
            self._fail(
                "late_schedule",
                "(days late, share) steps with days increasing from 0 and shares in [0, 1] not increasing",
            )
        if not isinstance(self.rescale_points.value, bool):
            self._fail("rescale_points", "True or False")

    # -- access ---------------------------------------------------------------------------------------------
    @property
    def tier_bounds(self) -> tuple[tuple[str, float, float], ...]:
        return tuple((str(n), float(lo), float(hi)) for n, lo, hi in self.qualitative_tiers.value)

    @property
    def default_shares(self) -> dict[str, float]:
        return {str(n): float(s) for n, s in self.qualitative_default_shares.value}

    @property
    def indicator_points(self) -> float:
        """Points left for the indicators: 100 − budget_points (100 without a budget row)."""
        bp = self.budget_points.value
        return 100.0 - (float(bp) if bp is not None else 0.0)

    def rules(self) -> dict[str, Rule]:
        """The profile's rules by setting name."""
        return {name: getattr(self, name) for name in _RULE_FIELDS}

    def replace(self, **changes: Any) -> LocalityProfile:
        """A copy with some settings changed.

        A :class:`Rule` is stored as given; a plain value is wrapped as an *unverified* rule with source
        "set by the caller" and a note of the value it replaced. ``name``, ``description`` and ``evidence``
        take plain strings; the name becomes ``"<name>+custom"`` unless given.
        """
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise InputError(f"unknown locality-profile settings {unknown}; the settings are {sorted(known)}")
        out: dict[str, Any] = {}
        for key, value in changes.items():
            if key in _RULE_FIELDS and not isinstance(value, Rule):
                old = getattr(self, key)
                value = Rule(
                    value,
                    Provenance.UNVERIFIED,
                    "set by the caller (LocalityProfile.replace)",
                    note=f"replaces {_jsonable(old.value)!r} of profile {self.name!r} "
                    f"({old.provenance.value}: {old.source})",
                )
            out[key] = value
        if "name" not in out:
            out["name"] = self.name if self.name.endswith("+custom") else f"{self.name}+custom"
        return _dc_replace(self, **out)

    # -- output -----------------------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per setting: setting, value, value_text (readable), provenance, source, note."""
        import pandas as pd

        rows = []
        for name, rule in self.rules().items():
            value = rule.value
            shown = value.name if isinstance(value, ApplicationTable) else _jsonable(value)
            rows.append(
                {
                    "setting": name,
                    "value": shown,
                    "value_text": _value_text(name, value),
                    "provenance": rule.provenance.value,
                    "source": rule.source,
                    "note": rule.note,
                }
            )
        return pd.DataFrame(rows, columns=["setting", "value", "value_text", "provenance", "source", "note"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: ``{"name", "description", "evidence", "rules": {setting: {value, provenance, source, note}}}``."""
        return {
            "name": self.name,
            "description": self.description,
            "evidence": self.evidence,
            "rules": {
                name: {
                    "value": _jsonable(rule.value),
                    "provenance": rule.provenance.value,
                    "source": rule.source,
                    "note": rule.note,
                }
                for name, rule in self.rules().items()
            },
        }


# -- the bundled profiles ---------------------------------------------------------------------------------
_SYS = "财政预算绩效管理系统 (pmkpi) SQL scoring rules"
_PRACTICE = "published 项目支出绩效自评表 (17 tables, 2016–2023)"


def _central() -> LocalityProfile:
    return LocalityProfile(
        name="central",
        description="财预〔2020〕10号 defaults: a 10-point budget-execution row with the indicators on 90, rows "
        "rounded half-up to 2 decimals as the budget systems do, execution against the full-year "
        "(adjusted) budget, over-achievement flagged at 130 % without deduction.",
        evidence="财预〔2020〕10号 self-evaluation layout 产出50/效益30/满意度10/预算执行率10 (restated at "
        "https://www.fudaoke.com/exam/3256757.html and used by the 池州市贵池区棠溪镇 2022 自评表); round(…, 2) in "
        "the 财政预算绩效管理系统 (pmkpi) scoring rules; grade bands as 财政部预算司 unified them "
        "(http://www.dz-gczx.com/wap/articleDetails_id_1290.html); results application of 达州市商务局 "
        "(http://swj.dazhou.gov.cn/news-show-6995.html); no published 项目支出绩效自评表 (2016–2023) deducted "
        "for over-achievement.",
        rounding=Rule("nearest", S, _SYS, note="round(actual/target*weight, 2); half-up as SQL round"),
        decimals=Rule(2, S, _SYS),
        total_from_rounded_rows=Rule(
            True,
            U,
            "package default: tables print rounded rows and add them",
            note="published self-evaluation tables differ on this by locality; not recorded per table",
        ),
        budget_points=Rule(
            10.0,
            V,
            "财预〔2020〕10号 附件2 自评表: 预算执行率 分值10",
            note="as printed in the 池州市贵池区棠溪镇 2022 自评表 "
            "(http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2); the article's exact wording "
            "is not checked against the document's text",
        ),
        execution_basis=Rule(
            "adjusted",
            S,
            _PRACTICE,
            note="tables compute 执行率 against 全年预算数; a mid-year cut 202.64 → 132.912 shows "
            "100 % (adjusted) vs 65.6 % (original)",
        ),
        overachievement_ratio=Rule(
            1.30,
            S,
            "广西 configuration of the budget system, practitioner's summary",
            note="10号 gives no number",
        ),
        overachievement_zero_target=Rule(
            30.0,
            S,
            "广西 configuration of the budget system",
            note="target 0 and actual ≥ 30 also asks for an explanation",
        ),
        overachievement_deduction=Rule(
            0.0,
            U,
            "package default from practice: no published table deducted",
            note="财预〔2020〕10号 '按照偏离度适度调减分值' gives no formula; set a reviewer's share to deduct",
        ),
        qualitative_tiers=Rule(
            QUALITATIVE_TIER_BOUNDS,
            S,
            "budget-system rule selfqualscorecheck (财政预算绩效管理系统, pmkpi)",
            note="财预〔2020〕10号 单位自评 三档 100–80%(含) / 80–60%(含) / 60–0%, wording not checked against "
            "the document's text",
        ),
        qualitative_default_shares=Rule(
            QUALITATIVE_DEFAULT_SHARES,
            U,
            "package default: 达成 full points, other tiers at their midpoint",
        ),
        grade_bands=GRADE_BANDS,
        application=Rule(
            ApplicationTable.default(),
            V,
            "达州市商务局 (http://swj.dazhou.gov.cn/news-show-6995.html)",
            note="the 中 reduction share inside the table is unverified (default 10 %)",
        ),
        min_output_benefit_share=Rule(
            0.60,
            U,
            "财预〔2020〕10号 财政/部门评价: 产出、效益指标权重原则上不低于60%",
            note="widely quoted, not located verbatim in the document's text",
        ),
        self_eval_split=Rule(
            (("产出", 50.0), ("效益", 30.0), ("满意度", 10.0), ("预算执行率", 10.0)),
            V,
            "财预〔2020〕10号 单位自评: restated at https://www.fudaoke.com/exam/3256757.html and printed in the "
            "池州市贵池区棠溪镇 2022 自评表",
            note='"如有特殊情况，一级指标权重可做适当调整"; the exact wording of the article is not checked '
            "against the document's text",
        ),
    )


def _integer_down() -> LocalityProfile:
    return _central().replace(
        name="integer_down",
        description="As central, but each awarded row is rounded down to an integer (9.78 → 9, 9.91 → 9).",
        evidence="Published self-evaluation tables that floor each row to an integer.",
        rounding=Rule("down", S, _PRACTICE, note="9.78 → 9; 9.91 → 9"),
        decimals=Rule(0, S, _PRACTICE),
        total_from_rounded_rows=Rule(True, U, "package default: tables add their printed integer rows"),
    )


def _integer_nearest() -> LocalityProfile:
    return _central().replace(
        name="integer_nearest",
        description="As central, but each awarded row is rounded to the nearest integer, half-up (8.62 → 9, "
        "4.99 → 5).",
        evidence="Published self-evaluation tables that round each row to the nearest integer.",
        rounding=Rule("nearest", S, _PRACTICE, note="8.62 → 9; 4.99 → 5"),
        decimals=Rule(0, S, _PRACTICE),
        total_from_rounded_rows=Rule(True, U, "package default: tables add their printed integer rows"),
    )


def _budget_20_80() -> LocalityProfile:
    return _central().replace(
        name="budget_20_80",
        description="As central, with a 20-point budget-execution row and the indicators on 80 ('20 + 80').",
        evidence="湖北 and 保山 self-evaluation tables.",
        budget_points=Rule(20.0, S, _PRACTICE, note="湖北, 保山"),
        self_eval_split=Rule(
            None,
            U,
            "the level-1 split of the 80 indicator points is not recorded",
            note="no split check in self-evaluation mode",
        ),
    )


def _no_budget_row() -> LocalityProfile:
    return _central().replace(
        name="no_budget_row",
        description="As central, without a scored budget-execution row; a 预算执行率 indicator marked "
        "computed=budget_execution in the framework is scored inside the framework.",
        evidence="宁夏 self-evaluation tables carry no scored budget row.",
        budget_points=Rule(None, S, _PRACTICE, note="宁夏"),
        self_eval_split=Rule(
            None,
            U,
            "the 宁夏 level-1 split is not recorded",
            note="no split check in self-evaluation mode",
        ),
    )


_REGISTRY: dict[str, LocalityProfile] = {}


def register_profile(profile: LocalityProfile, *, overwrite: bool = False) -> None:
    """Make ``profile`` available to :func:`get_profile` under ``profile.name``.

    The registry is per process: a registered profile is listed by :func:`list_profiles` until the
    interpreter exits.

    Parameters
    ----------
    profile : the :class:`LocalityProfile` to register (e.g. built with :meth:`LocalityProfile.replace`).
    overwrite : replace a profile already registered under the same name, bundled ones included
        (default ``False``: refuse).

    Raises
    ------
    InputError : ``profile`` is not a :class:`LocalityProfile`, or its name is taken and ``overwrite``
        is ``False``.
    """
    if not isinstance(profile, LocalityProfile):
        raise InputError(
            f"The 'profile' parameter of register_profile must be a LocalityProfile; got "
            f"{type(profile).__name__} instead."
        )
    if profile.name in _REGISTRY and not overwrite:
        raise InputError(f"a profile named {profile.name!r} exists; pass overwrite=True to replace it")
    _REGISTRY[profile.name] = profile


def _as_printed() -> LocalityProfile:
    return _central().replace(
        name="as_printed",
        description="As central, but indicator points are scored as printed when they do not add up to "
        "100 (no rescaling); the table is reported as inconsistent.",
        evidence="Review (复核) of published tables whose rows add up to 110: rescaling would turn every "
        "printed score into a disagreement (issue 12).",
        rescale_points=Rule(
            False,
            U,
            "reviewer's choice: keep the printed points of an inconsistent table",
            note="the printed total, the row sum and the recomputed total are all shown",
        ),
    )


for _factory in (_central, _integer_down, _integer_nearest, _budget_20_80, _no_budget_row, _as_printed):
    register_profile(_factory())


def list_profiles() -> list[str]:
    """Names of the available profiles, bundled first."""
    return list(_REGISTRY)


def get_profile(name: str | LocalityProfile = "central") -> LocalityProfile:
    """The profile called ``name`` (a :class:`LocalityProfile` is returned unchanged)."""
    if isinstance(name, LocalityProfile):
        return name
    try:
        return _REGISTRY[str(name)]
    except KeyError:
        raise InputError(f"unknown locality profile {name!r}; available: {list_profiles()}") from None


def _pct_text(x: float) -> str:
    return f"{100 * float(x):g}%"


def _value_text(setting: str, value: Any) -> str:
    """A setting's value as a reader would write it (for report tables), e.g. ``优 ≥ 90；良 ≥ 80 …``."""
    if value is None:
        return "—"
    if isinstance(value, ApplicationTable):
        return "；".join(f"{r.grade} {r.policy.value}" for r in value.rules)
    if setting == "qualitative_tiers":
        return "；".join(f"{n} {_pct_text(lo)}–{_pct_text(hi)}" for n, lo, hi in value)
    if setting == "qualitative_default_shares":
        return "；".join(f"{n} {_pct_text(x)}" for n, x in value)
    if isinstance(value, MetVocabulary):
        def few(words: tuple[str, ...]) -> str:
            more = f" 等 {len(words)} 个" if len(words) > 3 else ""
            return "—" if not words else "、".join(words[:3]) + more

        return (
            ("与指标值表述相同；" if value.same_wording else "")
            + f"已完成类：{few(value.met)}；时间目标（{few(value.time_words)}）：{few(value.full)}；"
            f"反向目标：{few(value.none)}"
        )
    if setting == "late_schedule":
        return "；".join(f"≤{d}天 {_pct_text(x)}" for d, x in value) + "；更晚 0%"
    if setting == "grade_bands":
        return "；".join(f"{label} ≥ {lower:g}" for lower, label in value)
    if setting in ("overachievement_ratio", "min_output_benefit_share", "overachievement_deduction"):
        return _pct_text(value)
    if isinstance(value, (tuple, list)):
        return "；".join(" ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in row)
                        if isinstance(row, (tuple, list)) else str(row) for row in value)
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
