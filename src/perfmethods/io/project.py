"""Reading a project directory: ``project.yaml`` and the tables it names.

A project directory holds everything one evaluation needs::

    culture_program/
        project.yaml            what the project is, which files hold what, the budget
        indicators.csv          the indicator framework (any format read_framework_table reads, or YAML)
        actuals.csv             the actual values (实际完成值), tiers, reviewer overrides
        budget.csv              optional: in-year execution (累计执行数 by month)
        evaluator_scores.csv    optional: scores of an evaluator panel
        survey.csv              optional: satisfaction survey answers

:func:`read_project` validates all of it and returns a :class:`Project`. The schema of ``project.yaml``
and the columns of every table are documented in ``docs/formats.md``. Unknown keys are errors, so a
typo (``bugdet:``) is reported instead of silently ignored. Input files are never written to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfmethods.errors import InputError
from perfmethods.io.documents import check_keys, key_line, read_yaml, scalar
from perfmethods.io.framework import (
    _amount,
    _NotANumber,
    _number,
    _suggest,
    _text,
    read_framework_table,
    read_framework_yaml,
)
from perfmethods.io.paths import contained_file
from perfmethods.io.tables import Table, header_key, read_table, relocated
from perfmethods.model.framework import Computed, IndicatorFramework
from perfmethods.model.inputs import (
    Actuals,
    ActualValue,
    Budget,
    PanelScores,
    SurveyResponses,
    check_amount,
    check_panel_scores,
    parse_tier,
)
from perfmethods.model.modes import normalise_mode
from perfmethods.model.values import parse_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Project",
    "read_project",
    "PROJECT_KEYS",
    "NARRATIVE_KEYS",
    "ACTUALS_COLUMNS",
    "BUDGET_COLUMNS",
    "EVALUATOR_COLUMNS",
    "RESPONDENT_COLUMNS",
    "DEFAULT_PROFILE",
    "DEFAULT_MODE",
]

#: Keys of the ``project`` section, with whether they are required.
PROJECT_KEYS: dict[str, bool] = {
    "name": True,
    "code": False,
    "year": True,
    "department": False,
    "implementing_unit": False,
    "evaluation_mode": False,
    "evaluator": False,
    "overall_goal": False,
    "profile": False,
    "currency_unit": False,
    "synthetic": False,
    "description": False,
}
#: Locality profile used when project.yaml names none (``project.profile`` is optional).
DEFAULT_PROFILE = "central"
#: Evaluation mode used when project.yaml names none (``project.evaluation_mode`` is optional).
DEFAULT_MODE = "finance"

#: Keys of the optional ``narrative`` section: the texts of the report that only people know (财预〔2020〕10号
#: 附件3 outline), each plain text or Markdown; ``reasons`` maps indicator ids to the reason they lost points.
NARRATIVE_KEYS: tuple[str, ...] = (
    "purpose",
    "scope",
    "principles",
    "process",
    "experience",
    "problems",
    "other",
    "reasons",
)

_TOP_KEYS = ("project", "files", "budget", "evaluators", "survey", "narrative")
_FILE_KEYS = {"indicators": True, "actuals": True, "budget": False, "evaluators": False, "survey": False}
_BUDGET_KEYS = ("original", "adjusted", "executed")
_EVALUATOR_KEYS = ("group_weights",)
_SURVEY_KEYS = ("items", "population")

#: Columns of the actuals table.
ACTUALS_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator_id": ("指标编码", "指标编号", "指标代码", "编码", "编号", "id", "code", "indicator"),
    "actual": ("实际完成值", "实际值", "全年实际值", "完成值", "actual", "actual value", "value"),
    "tier": ("定性等级", "达成等级", "评价等级", "等级", "tier"),
    "tier_score": ("等级得分", "定性得分"),
    "reviewer_score": ("复核得分", "复核分"),
    "reviewer_reason": ("复核说明", "复核理由", "扣分原因"),
    "note": ("偏差原因", "偏差原因分析及改进措施", "说明", "备注", "note"),
}
#: Columns of the in-year budget execution table.
BUDGET_COLUMNS: dict[str, tuple[str, ...]] = {
    "period": ("期间", "时段", "季度", "period"),
    "month": ("月份", "截至月份", "月", "month"),
    "executed_cum": ("累计执行数", "累计执行", "累计支出", "累计支出数", "cumulative executed"),
    "refund": ("退款", "退回", "退款金额", "收回金额", "refund", "refunded"),
}
#: Columns of the evaluator score table.
EVALUATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("评价主体", "评价组", "主体", "group"),
    "evaluator": ("评价人", "评价人员", "专家", "evaluator"),
    "indicator_id": ("指标编码", "指标编号", "编码", "编号", "id", "code", "indicator"),
    "score": ("得分", "评分", "分数", "score"),
}
#: Survey columns that identify the respondent and are therefore not items.
RESPONDENT_COLUMNS: tuple[str, ...] = (
    "respondent",
    "respondent_id",
    "受访者编号",
    "受访者",
    "问卷编号",
    "样本编号",
    "编号",
    "序号",
    "id",
)


@dataclass(frozen=True, eq=False)
class Project:
    """A project evaluation's inputs, validated.

    Attributes
    ----------
    meta : the ``project`` section of ``project.yaml``, every key present (``None`` when not given;
        ``currency_unit`` defaults to 万元, ``synthetic`` to ``False``); ``year`` is an ``int`` and
        ``evaluation_mode`` one of ``self`` / ``department`` / ``finance``.
    framework : the indicator framework (``files.indicators``).
    actuals : actual values by indicator (``files.actuals``).
    budget : the budget (``budget`` section, with ``files.budget`` as in-year periods), or ``None``.
    panel : evaluator scores (``files.evaluators``, ``evaluators.group_weights``), or ``None``.
    survey : satisfaction survey answers (``files.survey``, ``survey`` section), or ``None``.
    narrative : the ``narrative`` section: every key of :data:`NARRATIVE_KEYS` present, the texts as
        ``str`` (``None`` when not given) and ``reasons`` as indicator id → text (``{}`` when not given).
    files : role → absolute path of every file read: ``project`` (the YAML), ``indicators``, ``actuals``
        and, when given, ``budget``, ``evaluators``, ``survey``. For the report manifest's hashes.
    root : the project directory (absolute).
    """

    meta: dict[str, Any]
    framework: IndicatorFramework
    actuals: Actuals
    budget: Budget | None = None
    panel: PanelScores | None = None
    survey: SurveyResponses | None = None
    narrative: dict[str, Any] = field(default_factory=lambda: _narrative(None, {}, frozenset()))
    files: dict[str, Path] = field(default_factory=dict)
    root: Path = Path()

    @property
    def name(self) -> str:
        return str(self.meta["name"])

    @property
    def year(self) -> int:
        return int(self.meta["year"])

    @property
    def profile(self) -> str:
        """The locality profile to evaluate with: ``project.profile``, or :data:`DEFAULT_PROFILE` when the
        optional key is not given (as ``perfmethods evaluate`` and the report notebook use it)."""
        return str(self.meta.get("profile") or DEFAULT_PROFILE)

    @property
    def evaluation_mode(self) -> str:
        """The evaluation mode: ``project.evaluation_mode`` (normalised), or :data:`DEFAULT_MODE` when the
        optional key is not given."""
        return str(self.meta.get("evaluation_mode") or DEFAULT_MODE)


# -- YAML validation ------------------------------------------------------------------------------


def _section(
    data: Mapping[str, Any],
    key: str,
    allowed: Sequence[str],
    where: dict[str, object],
    *,
    required: bool = False,
) -> dict[str, Any] | None:
    if key not in data or data[key] is None:
        if required:
            raise InputError(
                f"the '{key}' section is missing; it is required", location={**where, "key": key}
            )
        return None
    section = data[key]
    if not isinstance(section, Mapping):
        line = key_line(data, key)
        raise InputError(
            f"'{key}' must be a mapping of keys ({', '.join(allowed)}); got "
            f"{_kind(section)} instead",
            location={**where, **({"line": line} if line is not None else {}), "key": key},
        )
    check_keys(section, allowed, file=_file(where), section=key)
    return section if isinstance(section, dict) else dict(section)


def _file(where: Mapping[str, object]) -> str | None:
    file = where.get("file")
    return None if file is None else str(file)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (str, int, float)):
        return f"the single value '{value}'"
    return type(value).__name__


def _meta(section: Mapping[str, Any], where: dict[str, object]) -> dict[str, Any]:
    meta: dict[str, Any] = {key: None for key in PROJECT_KEYS}
    meta.update({"currency_unit": "万元", "synthetic": False})
    for key, required in PROJECT_KEYS.items():
        if required and (key not in section or section[key] is None or section[key] == ""):
            raise InputError(
                f"'project.{key}' is missing; it is required", location={**where, "key": f"project.{key}"}
            )
    for key in section:
        value = scalar(section, key, file=_file(where), section="project")
        line = key_line(section, key)
        loc = {**where, **({"line": line} if line is not None else {}), "key": f"project.{key}"}
        if value is None:
            continue
        if key == "year":
            if isinstance(value, bool) or not (
                isinstance(value, int) or (isinstance(value, str) and value.isdigit())
            ):
                raise InputError(
                    f"'project.year' must be a year such as 2025; got {value!r} instead", location=loc
                )
            value = int(value)
            if not 1900 <= value <= 2100:
                raise InputError(
                    f"'project.year' must be a year such as 2025; got {value} instead", location=loc
                )
        elif key == "synthetic":
            if not isinstance(value, bool):
                raise InputError(
                    f"'project.synthetic' must be true or false; got {value!r} instead", location=loc
                )
        elif key == "evaluation_mode":
            try:
                value = normalise_mode(value, name="project.evaluation_mode")
            except InputError as exc:
                raise relocated(exc, loc) from None
        else:
            if isinstance(value, (Mapping, list)):
                raise InputError(
                    f"'project.{key}' must be text; got {type(value).__name__} instead", location=loc
                )
            value = str(value).strip() if key != "description" else str(value)
        meta[key] = value
    return meta


def _narrative(
    section: Mapping[str, Any] | None, where: dict[str, object], ids: frozenset[str]
) -> dict[str, Any]:
    """The ``narrative`` section: texts stripped (blank → ``None``), ``reasons`` keyed by known ids."""
    narrative: dict[str, Any] = {key: None for key in NARRATIVE_KEYS}
    narrative["reasons"] = {}
    for key in section or {}:
        line = key_line(section, key) if section is not None else None
        loc = {**where, **({"line": line} if line is not None else {}), "key": f"narrative.{key}"}
        value = (section or {})[key]
        if value is None:
            continue
        if key == "reasons":
            if not isinstance(value, Mapping):
                raise InputError(
                    "'narrative.reasons' must map indicator ids to the reason each lost points, e.g. "
                    f"{{C11: 志愿者招募启动较晚}}; got {_kind(value)} instead",
                    location=loc,
                )
            reasons: dict[str, str] = {}
            for ind_id, text in value.items():
                if str(ind_id) not in ids:
                    raise InputError(
                        f"'narrative.reasons' names indicator '{ind_id}', which the indicator table does not "
                        f"have{_suggest(str(ind_id), sorted(ids))}",
                        location={**loc, "key": f"narrative.reasons.{ind_id}"},
                    )
                if isinstance(text, (Mapping, list)) or isinstance(text, bool):
                    raise InputError(
                        f"the reason of indicator '{ind_id}' in 'narrative.reasons' must be text; got "
                        f"{_kind(text)} instead",
                        location={**loc, "key": f"narrative.reasons.{ind_id}"},
                    )
                if text is not None and str(text).strip():
                    reasons[str(ind_id)] = str(text).strip()
            narrative["reasons"] = reasons
            continue
        if isinstance(value, (Mapping, list)) or isinstance(value, bool):
            raise InputError(
                f"'narrative.{key}' must be text (plain text or Markdown); got {_kind(value)} instead",
                location=loc,
            )
        text = str(value).strip()
        narrative[key] = text or None
    return narrative


def _resolve_files(
    section: Mapping[str, Any],
    root: Path,
    display_root: Path,
    where: dict[str, object],
    allow_outside: bool = False,
) -> tuple[dict[str, Path], dict[str, Path]]:
    """(role → path as shown in messages, role → absolute path); every file inside ``root`` unless allowed."""
    shown: dict[str, Path] = {}
    absolute: dict[str, Path] = {}
    for key, required in _FILE_KEYS.items():
        value = scalar(section, key, file=_file(where), section="files")
        line = key_line(section, key)
        loc = {**where, **({"line": line} if line is not None else {}), "key": f"files.{key}"}
        if value is None or value == "":
            if required:
                raise InputError(
                    f"'files.{key}' is missing; it is required (the {key} table, relative to the "
                    "project directory)",
                    location=loc,
                )
            continue
        if not isinstance(value, str):
            raise InputError(
                f"'files.{key}' must be a file name such as '{key}.csv'; got {value!r} instead", location=loc
            )
        try:
            full = contained_file(value, root, key=f"files.{key}", file=_file(where),
                                  allow_outside=allow_outside)
        except InputError as exc:
            raise relocated(exc, loc) from None
        rel = Path(value)
        shown[key] = rel if rel.is_absolute() else display_root / rel
        absolute[key] = full
    return shown, absolute


def _at(section: Mapping[str, Any], sub: str, where: dict[str, object], dotted: str) -> dict[str, object]:
    """The location of ``section[sub]``: the file, the line of the key when known, and the dotted key."""
    line = key_line(section, sub)
    return {**where, **({"line": line} if line is not None else {}), "key": dotted}


def _yaml_number(section: Mapping[str, Any], sub: str, where: dict[str, object], unit: str) -> float:
    key = f"budget.{sub}"
    loc = _at(section, sub, where, key)
    value = scalar(section, sub, file=_file(where), section="budget")
    try:
        number = _amount(value, unit)
    except _NotANumber:
        number = None
    if number is None or number < 0:
        raise InputError(f"'{key}' must be an amount >= 0 (in {unit}); got {value!r} instead", location=loc)
    return check_amount(number, name=f"'{key}'", unit=unit, location=loc)


# -- tables ---------------------------------------------------------------------------------------


def _read_actuals(path: Path, framework: IndicatorFramework) -> Actuals:
    table = read_table(path, expected_headers=ACTUALS_COLUMNS, required=("indicator_id", "actual"))
    known = set(framework.ids)
    seen: dict[str, int] = {}
    values: list[ActualValue] = []
    for i, row in enumerate(table.data.to_dict(orient="records")):
        ind_id = _text(row.get("indicator_id"))
        if not ind_id:
            raise InputError(
                "the indicator id (指标编码) is empty; every row needs the id of an indicator of the "
                "framework",
                location=table.location(i, "indicator_id"),
            )

        def where(column: str | None, _i: int = i, _id: str = ind_id) -> dict[str, object]:
            return table.location(_i, column, indicator=_id)

        if ind_id not in known:
            ids = list(framework.ids)
            shown = ", ".join(ids[:20]) + (" ..." if len(ids) > 20 else "")
            raise InputError(
                f"no indicator of the framework has the id '{ind_id}'{_suggest(ind_id, ids)}; the "
                f"framework's ids are {shown}",
                location=where("indicator_id"),
            )
        if ind_id in seen:
            raise InputError(
                f"the actual value of indicator '{ind_id}' is given twice (first at row "
                f"{seen[ind_id]}); keep one row per indicator",
                location=where("indicator_id"),
            )
        seen[ind_id] = table.row_number(i)
        tier = parse_tier(row.get("tier"), location=where("tier")) if "tier" in row else None
        numbers: dict[str, float | None] = {}
        for column in ("tier_score", "reviewer_score"):
            raw = row.get(column)
            try:
                number = _number(raw)
            except _NotANumber:
                number = -1.0
            if number is not None and not (math.isfinite(number) and number >= 0):
                raise InputError(
                    f"the '{table.header(column)}' column must hold points (a finite number >= 0); got {raw!r} "
                    "instead",
                    location=where(column),
                )
            numbers[column] = number
        reason = _text(row.get("reviewer_reason"))
        if numbers["reviewer_score"] is not None and not reason:
            raise InputError(
                "a reviewer's score (复核得分) replaces the formula score and needs a written reason "
                "(复核说明); add the reason or remove the score",
                location=where("reviewer_reason"),
            )
        try:
            values.append(
                ActualValue(
                    ind_id,
                    parse_value(row.get("actual")),
                    tier=tier,
                    tier_score=numbers["tier_score"],
                    reviewer_score=numbers["reviewer_score"],
                    reviewer_reason=reason,
                    note=_text(row.get("note")),
                    row=table.row_number(i),
                )
            )
        except InputError as exc:
            raise relocated(exc, where(None)) from None
    return Actuals(tuple(values), source=str(path))


def _month(value: object) -> int | None:
    text = _text(value).removesuffix("月").removesuffix("份")
    if "-" in text:  # 2025-03
        text = text.rsplit("-", 1)[-1]
    try:
        month = int(float(text))
    except ValueError:
        return None
    return month if 1 <= month <= 12 and float(text) == month else None


def _read_periods(path: Path, unit: str) -> tuple[pd.DataFrame, Table]:
    import pandas as pd

    table = read_table(path, expected_headers=BUDGET_COLUMNS, required=("month", "executed_cum"))
    if table.data.empty:
        raise InputError("the in-year execution table has no rows", location=table.location())
    records = []
    last = 0
    for i, row in enumerate(table.data.to_dict(orient="records")):
        month = _month(row.get("month"))
        if month is None:
            raise InputError(
                f"the month must be a number 1–12 (or '3月'); got {row.get('month')!r} instead",
                location=table.location(i, "month"),
            )
        if month < last:
            raise InputError(
                f"month {month} comes after month {last}; list the periods in calendar order",
                location=table.location(i, "month"),
            )
        last = month
        raw = row.get("executed_cum")
        try:
            executed = _amount(raw, unit)
        except _NotANumber:
            executed = None
        if executed is None or executed < 0:
            raise InputError(
                f"the cumulative spending (累计执行数) must be an amount >= 0; got {raw!r} instead",
                location=table.location(i, "executed_cum"),
            )
        period = _text(row.get("period")) or f"{month}月"
        record = {"period": period, "month": month, "executed_cum": executed}
        if "refund" in table.data.columns:
            record["refund"] = row.get("refund")
        records.append(record)
    return pd.DataFrame(records), table


def _read_panel(
    path: Path, framework: IndicatorFramework, group_weights: Mapping[str, float] | None
) -> PanelScores:
    table = read_table(path, expected_headers=EVALUATOR_COLUMNS, required=tuple(EVALUATOR_COLUMNS))
    if table.data.empty:
        raise InputError("the evaluator score table has no rows", location=table.location())
    frame = table.data.copy()
    frame["score"] = [_score_cell(v) for v in frame["score"]]
    frame = check_panel_scores(
        frame, points=framework.points().to_dict(),
        locate=lambda k, column, indicator: table.location(k, column, indicator=indicator),
    )
    try:
        return PanelScores(frame, group_weights=group_weights, source=str(path))
    except InputError as exc:
        raise relocated(exc, table.location(column="group")) from None


def _score_cell(value: object) -> object:
    """A score cell as a number (``8``, ``"8分"``), or as written when it is not one (for the message)."""
    try:
        score = _number(value)
    except _NotANumber:
        return value
    return value if score is None else score


def _read_survey(
    path: Path, items: Sequence[str] | None, population: int | None, where: dict[str, object]
) -> SurveyResponses:
    table = read_table(path, expected_headers={"respondent": RESPONDENT_COLUMNS})
    data = table.data
    columns = [str(c) for c in data.columns]
    if items is None:
        chosen = tuple(c for c in columns if c != "respondent")
    else:
        chosen_list = []
        for item in items:
            if item in columns:
                chosen_list.append(item)
                continue
            matches = [c for c in columns if header_key(c) == header_key(item)]
            if len(matches) != 1:
                raise InputError(
                    f"the survey item '{item}' listed in 'survey.items' is not a column of the survey "
                    f"table '{path}'{_suggest(str(item), columns)}; its columns are {columns}",
                    location={**where, "key": "survey.items"},
                )
            chosen_list.append(matches[0])
        chosen = tuple(chosen_list)
    if not chosen:
        raise InputError(
            "the survey table has no item columns (only a respondent id)", location=table.location()
        )
    try:
        return SurveyResponses(data, items=chosen, population=population, source=str(path))
    except InputError as exc:
        raise relocated(exc, table.location()) from None


# -- public ---------------------------------------------------------------------------------------


def read_project(path: str | Path, *, allow_outside: bool = False) -> Project:
    """Read and validate a project directory (or its ``project.yaml``).

    Parameters
    ----------
    path : the project directory (holding ``project.yaml``) or the YAML file itself.
    allow_outside : accept data files named by an absolute path or lying outside the project folder
        (symbolic links included); by default they are refused (see ``docs/formats.md``).

    Returns
    -------
    Project

    Raises
    ------
    InputError
        Unknown or missing keys in ``project.yaml`` (naming the key and the file), a named file that
        does not exist (naming the ``files.*`` key and the resolved path), an actual value or a score for
        an indicator id the framework does not have (naming the file, row and id), an indicator computed
        from the budget (or survey, or panel) when the project gives no budget (or survey, or evaluator
        scores), and any invalid cell (file, sheet, row, column, indicator).
    SchemaError
        A table lacks a required column.
    """
    given = Path(path)
    if given.is_dir():
        yaml_path = next(
            (given / n for n in ("project.yaml", "project.yml") if (given / n).is_file()),
            given / "project.yaml",
        )
    else:
        yaml_path = given
    if not yaml_path.is_file():
        raise InputError(
            f"no project.yaml found (looked for {yaml_path.resolve()}); a project directory needs a "
            "project.yaml naming its files",
            location={"file": str(yaml_path)},
        )
    display_root = yaml_path.parent
    root = display_root.resolve()
    where: dict[str, object] = {"file": str(yaml_path)}
    data = read_yaml(yaml_path)
    if not isinstance(data, Mapping):
        raise InputError(
            f"project.yaml must be a mapping with the sections {', '.join(_TOP_KEYS)}; got "
            f"{type(data).__name__} instead",
            location=where,
        )
    check_keys(data, _TOP_KEYS, file=str(yaml_path))
    meta = _meta(_section(data, "project", tuple(PROJECT_KEYS), where, required=True) or {}, where)
    file_section = _section(data, "files", tuple(_FILE_KEYS), where, required=True) or {}
    shown, absolute = _resolve_files(file_section, root, display_root, where, allow_outside)
    files = {"project": yaml_path.resolve(), **absolute}
    unit = str(meta["currency_unit"] or "万元")

    fw_path = shown["indicators"]
    if fw_path.suffix.lower() in (".yaml", ".yml"):
        framework = read_framework_yaml(fw_path)
    else:
        framework = read_framework_table(fw_path, name=meta["name"])

    budget_section = _section(data, "budget", _BUDGET_KEYS, where)
    budget: Budget | None = None
    periods: pd.DataFrame | None = None
    if "budget" in shown:
        if budget_section is None:
            raise InputError(
                "'files.budget' is given but there is no 'budget' section; add budget.original "
                "(年初预算数) and, if it changed, budget.adjusted (全年预算数)",
                location={**where, "key": "budget"},
            )
        periods, _ = _read_periods(shown["budget"], unit)
    if budget_section is not None:
        if "original" not in budget_section:
            raise InputError(
                "'budget.original' (年初预算数) is missing; it is required in the budget section",
                location={**where, "key": "budget.original"},
            )
        original = _yaml_number(budget_section, "original", where, unit)
        adjusted = (
            _yaml_number(budget_section, "adjusted", where, unit)
            if budget_section.get("adjusted") is not None
            else original
        )
        if budget_section.get("executed") is not None:
            executed = _yaml_number(budget_section, "executed", where, unit)
        elif periods is not None:
            executed = float(periods["executed_cum"].iloc[-1])
        else:
            raise InputError(
                "'budget.executed' (全年执行数) is missing and there is no 'files.budget' table to "
                "take it from; give one of them",
                location={**where, "key": "budget.executed"},
            )
        try:
            budget = Budget(
                original,
                adjusted,
                executed,
                unit=unit,
                periods=periods,
                source=str(shown.get("budget", yaml_path)),
            )
        except InputError as exc:
            raise relocated(exc, {"file": str(shown.get("budget", yaml_path))}) from None

    evaluator_section = _section(data, "evaluators", _EVALUATOR_KEYS, where)
    group_weights: dict[str, float] | None = None
    if evaluator_section is not None and evaluator_section.get("group_weights") is not None:
        raw_weights = evaluator_section["group_weights"]
        loc = _at(evaluator_section, "group_weights", where, "evaluators.group_weights")
        if not isinstance(raw_weights, Mapping) or not raw_weights:
            raise InputError(
                f"'evaluators.group_weights' must map each evaluator group to a weight, e.g. "
                f"{{财政部门: 0.4, 专家: 0.6}}; got {raw_weights!r} instead",
                location=loc,
            )
        group_weights = {}
        for group, weight in raw_weights.items():
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
                raise InputError(
                    f"the weight of evaluator group '{group}' must be a number >= 0; got {weight!r} instead",
                    location=loc,
                )
            group_weights[str(group)] = float(weight)
        if "evaluators" not in shown:
            raise InputError(
                "'evaluators.group_weights' is given but 'files.evaluators' (the evaluator score "
                "table) is not",
                location=loc,
            )
    survey_section = _section(data, "survey", _SURVEY_KEYS, where)
    if (
        survey_section is not None
        and "survey" not in shown
        and any(v is not None for v in survey_section.values())
    ):
        raise InputError(
            "the 'survey' section is given but 'files.survey' (the survey table) is not",
            location={**where, "key": "survey"},
        )

    actuals = _read_actuals(shown["actuals"], framework)
    panel = _read_panel(shown["evaluators"], framework, group_weights) if "evaluators" in shown else None
    survey = None
    if "survey" in shown:
        section = survey_section or {}
        items = section.get("items")
        if items is not None and (
            not isinstance(items, list) or not all(isinstance(i, (str, int)) for i in items)
        ):
            raise InputError(
                f"'survey.items' must be a list of column names; got {items!r} instead",
                location=_at(section, "items", where, "survey.items"),
            )
        population = section.get("population")
        if population is not None and (
            isinstance(population, bool) or not isinstance(population, int) or population < 1
        ):
            raise InputError(
                f"'survey.population' must be a whole number >= 1; got {population!r} instead",
                location=_at(section, "population", where, "survey.population"),
            )
        survey = _read_survey(
            shown["survey"], None if items is None else [str(i) for i in items], population, where
        )

    needs = {
        Computed.BUDGET_EXECUTION: (budget, "a 'budget' section (budget.original ...)"),
        Computed.SURVEY_RATE: (survey, "a survey table ('files.survey')"),
        Computed.SURVEY_SCORE: (survey, "a survey table ('files.survey')"),
        Computed.PANEL: (panel, "an evaluator score table ('files.evaluators')"),
    }
    for ind in framework:
        if ind.computed is not None and needs[ind.computed][0] is None:
            raise InputError(
                f"indicator '{ind.id}' ({ind.name}) is computed from '{ind.computed.value}' but the project "
                "has no "
                f"{needs[ind.computed][1]}; add it to project.yaml or change the indicator's 计算方式",
                location={
                    "file": str(fw_path),
                    "indicator": ind.id,
                    "key": "budget" if ind.computed is Computed.BUDGET_EXECUTION else None,
                },
            )
    narrative = _narrative(
        _section(data, "narrative", NARRATIVE_KEYS, where), where, frozenset(ind.id for ind in framework)
    )
    return Project(
        meta=meta,
        framework=framework,
        actuals=actuals,
        budget=budget,
        panel=panel,
        survey=survey,
        narrative=narrative,
        files=files,
        root=root,
    )
