"""Reading and writing indicator frameworks (绩效指标体系): YAML, CSV/XLSX tables, the official 自评表.

A framework table has one row per leaf indicator (三级指标) with the columns of :data:`FRAMEWORK_COLUMNS`
(Chinese or English headers; see ``docs/formats.md`` for every column). The official self-evaluation
table (财预〔2020〕10号 附件2 项目支出绩效自评表) is read as well: its title rows, project name, budget
block (项目资金) and 年度总体目标 rows are recognised above the indicator block, and the closing 总分 row
ends it. :func:`read_self_evaluation_table` also returns what the table printed (actual values, points
awarded, total) so an analyst can re-score a published table.

Every error names the file, sheet, spreadsheet row, column (as written) and indicator id when known.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from perfmethods.errors import InputError, SchemaError
from perfmethods.io.documents import check_keys, key_line, read_yaml, scalar, suggestion
from perfmethods.io.tables import (
    EXCEL_SUFFIXES,
    Table,
    escape_formula,
    header_key,
    read_table,
    relocated,
    workbook_bytes,
)
from perfmethods.model.framework import Computed, Direction, EvaluationStandard, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals, ActualValue, Budget, parse_tier
from perfmethods.model.values import (
    ParsedValue,
    convert_unit,
    parse_value,
    split_target,
    split_unit,
    to_halfwidth,
    units_compatible,
)
from perfmethods.validation import check_language

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FRAMEWORK_COLUMNS",
    "SELF_EVALUATION_COLUMNS",
    "read_framework_yaml",
    "read_framework_table",
    "framework_from_records",
    "write_framework_table",
    "read_self_evaluation_table",
    "SelfEvaluationTable",
    "POINTS_ONLY_REASON",
]

#: Columns of a framework table: canonical name → accepted headers (Chinese, then English). Matching
#: ignores case, white space, full-width forms, ``_``/``-`` and a bracketed note (``分值（分）``).
FRAMEWORK_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (
        "指标编码",
        "指标编号",
        "指标代码",
        "编码",
        "编号",
        "代码",
        "code",
        "indicator_id",
        "indicator code",
    ),
    "level1": ("一级指标", "一级指标名称", "一级", "first level"),
    "level2": ("二级指标", "二级指标名称", "二级", "second level"),
    "name": (
        "三级指标",
        "三级指标名称",
        "指标名称",
        "绩效指标名称",
        "指标",
        "三级",
        "name",
        "indicator",
        "indicator name",
        "level3",
    ),
    "weight": (
        "分值",
        "权重",
        "指标分值",
        "指标权重",
        "权重分值",
        "标准分值",
        "满分",
        "weight",
        "points",
        "max points",
    ),
    "direction": ("指标性质", "指标方向", "方向", "性质", "direction", "sense"),
    "target": (
        "年度指标值",
        "指标值",
        "目标值",
        "年度目标值",
        "绩效指标值",
        "预期指标值",
        "指标目标值",
        "年度绩效指标值",
        "target",
        "target value",
    ),
    "unit": ("计量单位", "度量单位", "单位", "unit"),
    "category": ("指标类别", "类别", "category"),
    "standard": ("评价标准", "指标值设定依据", "取值依据", "standard", "evaluation standard"),
    "data_source": ("数据来源", "数据来源及依据", "source"),
    "grading": (
        "评分标准",
        "评(扣)分标准",
        "评扣分标准",
        "评分规则",
        "扣分标准",
        "评分方法",
        "评分办法",
        "grading",
        "scoring rule",
        "scoring",
    ),
    "computed": ("计算方式", "计算来源", "computed", "computed from"),
}

#: Extra columns of a self-evaluation table (附件2): what the table printed.
SELF_EVALUATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "actual": ("实际完成值", "全年实际值", "实际值", "实际完成", "完成值", "actual", "actual value"),
    "score": ("得分", "实际得分", "自评得分", "points awarded"),
    "note": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "原因分析及改进措施", "说明", "note"),
}

_TABLE_HEADERS = {**FRAMEWORK_COLUMNS, **SELF_EVALUATION_COLUMNS}
_REQUIRED = ("level1", "name", "weight")
_STOP_WORDS = {header_key(w) for w in ("总分", "合计", "总计", "得分合计", "分值合计", "total")}
_SUBTOTAL_WORDS = {header_key(w) for w in ("小计", "subtotal")}
_NOTE_PREFIXES = ("注:", "说明:", "填表说明", "填报说明", "备注:")
_BLANK_KEYS = {"", "/", "无", "n/a", "na", "nan", "none", "null"}
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])")
_SPACES = re.compile(r"\s+")


# -- small helpers --------------------------------------------------------------------------------


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and header_key(value) in _BLANK_KEYS


def _text(value: object) -> str:
    """A cell as text: ``""`` when blank, integers without ``.0``, strings stripped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _label(value: object) -> str:
    """A level or indicator label: stripped, runs of white space collapsed, no spaces between Chinese
    characters (``"产 出 指 标"`` → ``"产出指标"``); otherwise as written."""
    text = _SPACES.sub(" ", _text(value))
    return _CJK_SPACE.sub("", text)


class _NotANumber(Exception):
    pass


def _number(value: object, units: Iterable[str] = ("分",)) -> float | None:
    """A number from a cell (``10``, ``"10"``, ``"10分"``); ``None`` when blank (or ``—``, ``/``, ``无``)."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise _NotANumber
    parsed = parse_value(value)
    if parsed.value is None or parsed.operator is not None or parsed.unit.strip("()") not in {"", *units}:
        raise _NotANumber
    return parsed.value


def _amount(value: object, currency: str) -> float | None:
    """An amount of money in ``currency`` (万元): ``600``, ``"600"``, ``"600万元"``, or ``"6000000元"``
    (converted); ``None`` when blank. Raises :class:`_NotANumber` for text or a unit that is not money."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise _NotANumber
    parsed = parse_value(value)
    if parsed.value is None or parsed.operator is not None:
        raise _NotANumber
    if parsed.unit and split_unit(parsed.unit)[1] != split_unit(currency)[1]:
        raise _NotANumber
    return convert_unit(parsed.value, parsed.unit, currency)


def _suggest(word: str, options: Iterable[str]) -> str:
    return suggestion(word, options)


def _canonical_key(key: object, columns: Mapping[str, Sequence[str]]) -> str | None:
    wanted = header_key(key)
    for canonical, aliases in columns.items():
        if wanted == header_key(canonical) or any(wanted == header_key(a) for a in aliases):
            return canonical
    return None


# -- building indicators from records -------------------------------------------------------------

Where = Callable[[str | None, str | None], dict[str, object]]


@dataclass
class _Record:
    """One would-be indicator: raw values by canonical column, and how to say where it is."""

    values: dict[str, object]
    where: Where
    present: frozenset[str]
    #: column → the currency a bare number in it is written in, from its header (``年度指标值（万元）``)
    header_units: Mapping[str, str] = field(default_factory=dict)


_EXPECTED_OPERATOR = {
    Direction.POSITIVE: {"≤", "区间"},
    Direction.REVERSE: {"≥", "区间"},
    Direction.EQUAL: {"≥", "≤", "区间"},
}
_INFERRED = {
    "≥": Direction.POSITIVE,
    "≤": Direction.REVERSE,
    "=": Direction.EQUAL,
    "区间": Direction.RANGE,
    None: Direction.POSITIVE,
}


#: Direction (指标性质) glyphs and words as printed, after full-width forms are made plain (``≧`` → ``≥``,
#: ``＞＝`` → ``>=``, ``═`` / ``＝`` → ``=``) and white space removed → the spelling Direction.parse reads.
_DIRECTION_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (">=", "=>", "≥", ">", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "高于", "大于", "多于", "超过",
         "正向", "正向指标", "正向型", "越高越好", "越大越好", "越多越好"),
        "≥",
    ),
    **dict.fromkeys(
        ("<=", "=<", "≤", "<", "小于等于", "小于或等于", "不高于", "不超过", "不大于", "不多于", "低于", "小于", "少于",
         "反向", "反向指标", "反向型", "越低越好", "越小越好", "越少越好"),
        "≤",
    ),
    **dict.fromkeys(("=", "==", "等于", "等于型", "等于指标"), "="),
    **dict.fromkeys(("区间", "区间型", "区间值", "区间指标", "范围"), "区间"),
    **dict.fromkeys(("定性", "定性指标", "定性型", "定性评价"), "定性"),
}


def _direction_spelling(raw: object) -> str:
    """The direction cell in the spelling :meth:`Direction.parse` reads (``"═"`` → ``"="``, ``"不低于"`` →
    ``"≥"``, ``"区间型"`` → ``"区间"``); other text unchanged."""
    text = _text(raw)
    key = _SPACES.sub("", to_halfwidth(text))
    return _DIRECTION_WORDS.get(key, text)


def _fail(message: str, rec: _Record, column: str | None, indicator: str | None) -> NoReturn:
    raise InputError(message, location=rec.where(column, indicator))


def _target(raw: object, rec: _Record, ind_id: str, year: int | None = None) -> ParsedValue:
    if isinstance(raw, Mapping):  # Indicator.to_dict() form
        try:
            return ParsedValue(
                **{k: raw[k] for k in ("text", "operator", "value", "upper", "unit", "date") if k in raw}
            )
        except InputError as exc:
            raise relocated(exc, rec.where("target", ind_id)) from None
        except TypeError as exc:
            _fail(
                f"the target must be text such as '≥50场' or a mapping with 'text'; got {raw!r} ({exc})",
                rec,
                "target",
                ind_id,
            )
    return parse_value(raw, year=year)


def _direction(
    rec: _Record, target: ParsedValue, ind_id: str, points_only: bool = False
) -> tuple[Direction, bool]:
    raw = rec.values.get("direction")
    if _is_blank(raw):
        if target.is_missing and points_only:
            return Direction.QUALITATIVE, True  # a row printed with points only: no values to score
        if target.is_missing:
            _fail(
                "the direction (指标性质) cannot be inferred because the target (指标值) is empty; give the "
                "direction (≥ 正向, ≤ 反向, = 等于, 区间, 定性) or a target such as '≥50场'",
                rec,
                "direction" if "direction" in rec.present else "target",
                ind_id,
            )
        if target.value is None:
            return Direction.QUALITATIVE, True
        return _INFERRED[target.operator], True
    try:
        direction = Direction.parse(_direction_spelling(raw))
    except InputError as exc:
        raise relocated(exc, rec.where("direction", ind_id)) from None
    if target.value is not None:
        if target.operator in _EXPECTED_OPERATOR.get(direction, set()):
            _fail(
                f"the direction (指标性质) is '{direction.value}' ({direction.label_zh}) but the target "
                f"'{target.text}' says '{target.operator}'; make the two agree",
                rec,
                "direction",
                ind_id,
            )
        if direction is Direction.RANGE and target.operator != "区间":
            _fail(
                f"a 区间 (range) indicator needs a target with two bounds such as '80-90%'; got "
                f"'{target.text}'",
                rec,
                "target",
                ind_id,
            )
    return direction, False


def _with_header_unit(parsed: ParsedValue, header_unit: str, unit: str) -> ParsedValue:
    """A bare number of a column whose header states a currency (``实际完成值（元）``) in that currency,
    then in the row's own unit (计量单位) when it is the same currency with another prefix (元 → 万元); rows
    whose 计量单位 is not money keep their numbers as written."""
    if parsed.value is None or not header_unit:
        return parsed
    if unit and split_unit(unit)[1] != split_unit(header_unit)[1]:
        return parsed  # a row in another unit (%, 场) of a column headed in 万元: its bare numbers are its own
    if not parsed.unit:
        parsed = ParsedValue(parsed.text, parsed.operator, parsed.value, parsed.upper, header_unit)
    if unit and units_compatible(unit, parsed.unit) and split_unit(unit)[1] == split_unit(parsed.unit)[1]:
        return parsed.to_unit(unit)
    return parsed


def _indicator(rec: _Record, ind_id: str, year: int | None = None, points_only: bool = False) -> Indicator:
    v = rec.values
    name = _label(v.get("name"))
    raw_target = v.get("target")
    if name and not isinstance(raw_target, Mapping) and _is_blank(raw_target):
        split = split_target(name)
        if split is not None:  # the target written in the name: "项目验收合格率100%"
            name, raw_target = _label(split[0]), split[1]
        elif parse_value(name, year=year).kind == "date":  # the name is the deadline: "2026年6月底前完成验收"
            raw_target = name
    if not name:
        _fail(
            "the indicator name (三级指标 / 指标名称) is empty; every indicator row needs a name",
            rec,
            "name",
            ind_id,
        )
    level1 = _label(v.get("level1"))
    if not level1:
        _fail(
            "the level-1 label (一级指标) is empty; write it (e.g. 产出指标) on this row or on the row above",
            rec,
            "level1",
            ind_id,
        )
    level2 = _label(v.get("level2")) if "level2" in rec.present else level1
    if not level2:
        _fail("the level-2 label (二级指标) is empty; write it (e.g. 数量指标)", rec, "level2", ind_id)
    raw_weight = v.get("weight")
    try:
        weight = _number(raw_weight, units=("分", "%"))
    except _NotANumber:
        _fail(
            f"the weight (分值) must be a number of points >= 0 such as 10 or '10分'; got {raw_weight!r} "
            "instead",
            rec,
            "weight",
            ind_id,
        )
    if weight is None and isinstance(raw_weight, str) and header_key(raw_weight) in _NOT_APPLICABLE:
        _fail(
            f"the weight (分值) is '{_text(raw_weight)}', which marks the row not applicable; a framework "
            "cannot have such a row: remove it, or read a self-evaluation table with "
            "read_self_evaluation_table, which lists such rows as not applicable",
            rec,
            "weight",
            ind_id,
        )
    if weight is None:
        _fail(
            "the weight (分值) is empty; write the indicator's points (0 if it carries none)",
            rec,
            "weight",
            ind_id,
        )
    if weight < 0:
        _fail(f"the weight (分值) must be >= 0; got {raw_weight!r} instead", rec, "weight", ind_id)
    target = _target(raw_target, rec, ind_id, year)
    unit = _SPACES.sub("", to_halfwidth(_text(v.get("unit"))))
    try:
        target = _with_header_unit(target, rec.header_units.get("target", ""), unit)
    except InputError as exc:
        raise relocated(exc, rec.where("target", ind_id)) from None
    if unit and target.unit and not units_compatible(unit, target.unit):
        _fail(
            f"the unit (计量单位) '{unit}' does not match the unit of the target '{target.text}' "
            f"('{target.unit}'); correct one of them",
            rec,
            "unit",
            ind_id,
        )
    direction, inferred = _direction(rec, target, ind_id, points_only)
    if isinstance(v.get("direction_inferred"), bool):
        inferred = inferred or bool(v["direction_inferred"])
    try:
        standard = EvaluationStandard.parse(_text(v.get("standard")))
    except InputError as exc:
        raise relocated(
            InputError(f"{exc.args[0]}; if this column holds the scoring rule, name it 评分标准 (grading)"),
            rec.where("standard", ind_id),
        ) from None
    try:
        computed = Computed.parse(None if _is_blank(v.get("computed")) else _text(v.get("computed")))
    except InputError as exc:
        raise relocated(exc, rec.where("computed", ind_id)) from None
    try:
        return Indicator(
            id=ind_id,
            name=name,
            level1=level1,
            level2=level2,
            points=float(weight),
            direction=direction,
            target=target,
            unit=unit,
            category=_label(v.get("category")),
            standard=standard,
            data_source=_text(v.get("data_source")),
            grading=_text(v.get("grading")),
            computed=computed,
            direction_inferred=inferred,
        )
    except InputError as exc:
        raise relocated(exc, rec.where(None, ind_id)) from None


def _build(
    records: Sequence[_Record],
    *,
    ids_given: bool,
    name: str,
    total: float,
    source: str,
    first: Sequence[Indicator] = (),
    year: int | None = None,
    points_only: bool = False,
) -> IndicatorFramework:
    width = max(2, len(str(len(records))))
    seen: dict[str, _Record] = {}
    indicators = list(first)
    taken = {ind.id for ind in first}
    for k, rec in enumerate(records, start=1):
        if ids_given:
            ind_id = _text(rec.values.get("id"))
            if not ind_id:
                _fail(
                    "the indicator id (指标编码) is empty; give every indicator a unique code such as "
                    "'C1-1', or remove the id column to have ids I01, I02... generated",
                    rec,
                    "id",
                    None,
                )
        else:
            ind_id = f"I{k:0{width}d}"
        if ind_id in seen or ind_id in taken:
            other = seen.get(ind_id)
            previous = other.where(None, None) if other else {}
            at = (
                f" (first used at row {previous['row']})"
                if "row" in previous
                else f" (first used by entry {previous['entry']})"
                if "entry" in previous
                else ""
            )
            _fail(
                f"the indicator id '{ind_id}' is used twice{at}; every indicator needs its own code",
                rec,
                "id",
                ind_id,
            )
        seen[ind_id] = rec
        indicators.append(_indicator(rec, ind_id, year, points_only))
    try:
        return IndicatorFramework(tuple(indicators), name=name, total=float(total), source=source)
    except InputError as exc:
        raise relocated(exc, {"file": source or None}) from None


def _budget_indicator(points: float, taken: Iterable[str]) -> Indicator:
    """The 预算执行率 row of a self-evaluation table, as an indicator computed from the budget."""
    used = set(taken)
    ind_id = next(i for i in ("B01", "B1", "BUDGET", "预算执行率") if i not in used)
    return Indicator(
        id=ind_id,
        name="预算执行率",
        level1="预算执行",
        level2="预算执行率",
        points=float(points),
        direction=Direction.POSITIVE,
        target=parse_value("100%"),
        unit="%",
        data_source="项目资金：全年执行数 / 全年预算数",
        computed=Computed.BUDGET_EXECUTION,
    )


# -- tables ---------------------------------------------------------------------------------------


def _stop_row(cells: Sequence[object]) -> bool:
    for value in cells:
        if value is not None and header_key(value) in _STOP_WORDS:
            return True
    first = next((v for v in cells if v is not None), None)
    return isinstance(first, str) and to_halfwidth(first).lstrip().startswith(_NOTE_PREFIXES)


def _header_units(table: Table) -> dict[str, str]:
    """Column → the currency its header states (``年度指标值（万元）``, ``实际完成值(元)``)."""
    out: dict[str, str] = {}
    for column in ("target", "actual"):
        if column in table.headers:
            m = _CURRENCY.search(to_halfwidth(str(table.headers[column])))
            if m:
                out[column] = m.group(1)
    return out


def _table_records(table: Table) -> list[tuple[int, _Record]]:
    """(position in ``table.body``, record) of every indicator row, with level labels filled down."""
    body = table.body
    units = _header_units(table)
    present = frozenset(c for c in body if c in FRAMEWORK_COLUMNS)
    level_cols = {"level1", "level2"}
    content = [c for c in body if c in FRAMEWORK_COLUMNS and c not in level_cols]
    out: list[tuple[int, _Record]] = []
    prev1: object = None
    prev2: object = None
    records = [dict(zip(body, cells, strict=True)) for cells in zip(*body.values(), strict=True)]
    for i, raw in enumerate(records):
        values = {k: v for k, v in raw.items() if k in FRAMEWORK_COLUMNS}
        if any(v is not None and header_key(v) in _SUBTOTAL_WORDS for v in raw.values()):
            continue  # 小计 rows
        if _is_blank(values.get("level1")):
            values["level1"] = prev1
        elif _label(values.get("level1")) != _label(prev1):
            prev2 = None  # a new level-1 block: level 2 does not carry over
        if "level2" in values and _is_blank(values.get("level2")):
            values["level2"] = prev2
        prev1, prev2 = values.get("level1"), values.get("level2")
        if all(_is_blank(values.get(c)) for c in content):
            continue  # a heading row carrying only level labels

        def where(column: str | None, indicator: str | None, _i: int = i) -> dict[str, object]:
            return table.location(_i, column, indicator=indicator)

        out.append((i, _Record(values, where, present, units)))
    return out


@dataclass(frozen=True)
class _BudgetBlock:
    header_row: int
    value_row: int
    original: float | None
    adjusted: float | None
    executed: float | None
    points: float | None
    rate: ParsedValue | None
    score: float | None
    unit: str
    columns: Mapping[str, int]


_BUDGET_HEADS: dict[str, tuple[str, ...]] = {
    "original": ("年初预算数", "年初预算", "年初预算金额"),
    "adjusted": ("全年预算数", "全年预算", "调整后预算数", "调整预算数"),
    "executed": ("全年执行数", "全年执行", "实际执行数", "执行数"),
    "points": ("分值",),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
}
_CURRENCY = re.compile(r"\((万元|元|亿元|千元)\)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def _bare_key(value: object) -> str:
    return re.sub(r"\([^()]*\)", "", header_key(value))


def _budget_header(row: Sequence[object]) -> dict[str, int] | None:
    """Column of each budget field when ``row`` is the budget block's header (年初预算数 | 全年预算数...)."""
    lookup = {header_key(a): k for k, aliases in _BUDGET_HEADS.items() for a in aliases}
    columns: dict[str, int] = {}
    for c, value in enumerate(row):
        key = lookup.get(_bare_key(value)) if value is not None else None
        if key and key not in columns:
            columns[key] = c
    return columns if len({"original", "adjusted", "executed"} & set(columns)) >= 2 else None


def _budget_block(table: Table) -> _BudgetBlock | None:
    """The budget block (项目资金) above the indicator block of a self-evaluation table, if any.

    The figures are those of the 年度资金总额 row (or, without one, the first row below the header with a
    number under 全年预算数 / 全年执行数); the currency unit is read from a ``（万元）`` note in the header.
    """
    rows = table.preamble
    for r, header in enumerate(rows):
        columns = _budget_header(header)
        if columns is None:
            continue
        unit = _currency_unit(header)
        below = range(r + 1, len(rows))
        value_row = next(
            (k for k in below if any(v is not None and "资金总额" in str(v) for v in rows[k])), None
        )
        if value_row is None:
            value_row = next(
                (
                    k
                    for k in below
                    if any(
                        _safe_number(_cell(rows[k], columns.get(f))) is not None
                        for f in ("adjusted", "executed")
                    )
                ),
                None,
            )
        if value_row is None:
            return None
        values = rows[value_row]
        figures: dict[str, float | None] = {}
        for key in ("original", "adjusted", "executed", "points", "score"):
            raw = _cell(values, columns.get(key))
            try:
                figures[key] = _number(raw) if key in ("points", "score") else _amount(raw, unit)
            except _NotANumber:
                raise InputError(
                    f"the budget figure '{_text(_cell(header, columns[key]))}' must be a number; got {raw!r} "
                    "instead",
                    location={
                        "file": str(table.file),
                        "sheet": table.sheet,
                        "row": value_row + 1,
                        "column": _text(_cell(header, columns[key])),
                    },
                ) from None
        rate = _cell(values, columns.get("rate"))
        return _BudgetBlock(
            header_row=r + 1,
            value_row=value_row + 1,
            original=figures["original"],
            adjusted=figures["adjusted"],
            executed=figures["executed"],
            points=figures["points"],
            rate=None if _is_blank(rate) else parse_value(rate),
            score=figures["score"],
            unit=unit,
            columns=columns,
        )
    return None


def _currency_unit(row: Sequence[object]) -> str:
    """The currency of a ``（万元）`` note in the budget header (项目资金（万元）), default 万元."""
    for value in row:
        m = _CURRENCY.search(to_halfwidth(str(value))) if value is not None else None
        if m:
            return m.group(1)
    return "万元"


def _cell(row: Sequence[object], c: int | None) -> object:
    return row[c] if c is not None and c < len(row) else None


def _safe_number(value: object) -> float | None:
    try:
        return _amount(value, "万元")
    except _NotANumber:
        return None


@dataclass(frozen=True, eq=False)
class _SheetRead:
    table: Table
    framework: IndicatorFramework
    block: _BudgetBlock | None
    rows: tuple[tuple[int, str], ...]  # (position in table.body, indicator id) of each indicator row
    budget_id: str | None
    not_applicable: tuple[tuple[int, str], ...] = ()  # (spreadsheet row, name) of rows marked 不适用


#: Cells that mark a row as not applicable when they stand for its points (分值 "/", "—", "无", "不适用").
_NOT_APPLICABLE = {header_key(w) for w in ("/", "／", "—", "——", "-", "--", "无", "不适用", "n/a", "na")}


def _not_applicable(rec: _Record, score: object, self_evaluation: bool) -> bool:
    """Whether a row of a self-evaluation table is not applicable: its 分值 is "/", "—", "无", "不适用" or
    blank, and its 得分 is blank or marked the same way."""
    weight = rec.values.get("weight")
    marked = isinstance(weight, str) and header_key(weight) in _NOT_APPLICABLE
    blank = weight is None or (isinstance(weight, float) and math.isnan(weight)) or weight == ""
    if not self_evaluation or not (marked or blank):
        return False
    return _is_blank(score) or (isinstance(score, str) and header_key(score) in _NOT_APPLICABLE)


def _read_framework_sheet(
    path: str | Path,
    sheet: str | int | None,
    *,
    name: str | None,
    total: float,
    required: Sequence[str] = _REQUIRED,
    self_evaluation: bool = False,
) -> _SheetRead:
    table = read_table(
        path, sheet=sheet, expected_headers=_TABLE_HEADERS, required=required, stop_at=_stop_row
    )
    records = _table_records(table)
    scores = list(table.body["score"]) if "score" in table.body else [None] * len(table.rows)
    skipped = tuple(
        (table.row_number(i), _label(rec.values.get("name")))
        for i, rec in records
        if _not_applicable(rec, scores[i], self_evaluation)
    )
    if skipped:
        records = [(i, rec) for i, rec in records if not _not_applicable(rec, scores[i], self_evaluation)]
    if not records:
        raise InputError("the table has a header but no indicator rows", location=table.location())
    block = _budget_block(table)
    ids_given = "id" in table.body
    first: list[Indicator] = []
    if block is not None and block.points:
        taken = [_text(rec.values.get("id")) for _, rec in records] if ids_given else []
        first.append(_budget_indicator(block.points, taken))
    title = name if name is not None else (_preamble_value(table.preamble, ("项目名称",)) or Path(path).stem)
    framework = _build(
        [rec for _, rec in records],
        ids_given=ids_given,
        name=title,
        total=total,
        source=str(path),
        first=first,
        year=_preamble_year(table.preamble),
        points_only=self_evaluation,
    )
    offset = len(first)
    rows = tuple((i, framework.indicators[offset + k].id) for k, (i, _) in enumerate(records))
    return _SheetRead(table, framework, block, rows, first[0].id if first else None, skipped)


def read_framework_table(
    path: str | Path, *, sheet: str | int | None = None, name: str | None = None, total: float = 100.0
) -> IndicatorFramework:
    """Read an indicator framework from an XLSX worksheet or a CSV file.

    Parameters
    ----------
    path : ``.xlsx`` or ``.csv`` (UTF-8, UTF-8 with BOM, or GB18030).
    sheet : worksheet name or 0-based number; ``None`` uses the first sheet that has the columns.
    name : the framework's name; default: the 项目名称 of a self-evaluation table, else the file name.
    total : the points scale (normally 100).

    Returns
    -------
    IndicatorFramework
        One indicator per row, in table order. Columns (see :data:`FRAMEWORK_COLUMNS` and
        ``docs/formats.md``):

        * ``id`` (指标编码) — optional; when the column is absent ids ``I01``, ``I02``... are generated
          in table order.
        * ``level1`` (一级指标), ``name`` (三级指标 / 指标名称), ``weight`` (分值 / 权重: ``10`` or
          ``"10分"``) — required.
        * ``level2`` (二级指标) — optional; when absent, level 2 repeats level 1.
        * ``direction`` (指标性质) — optional; when blank it is inferred from the target's operator and
          :attr:`Indicator.direction_inferred` is set.
        * ``target`` (年度指标值), ``unit`` (计量单位), ``category`` (指标类别), ``standard`` (评价标准),
          ``data_source`` (数据来源), ``grading`` (评分标准), ``computed`` (计算方式) — optional.

        Blank 一级 / 二级 cells (merged cells saved as CSV, or left blank) repeat the label above
        (二级 only within the same 一级). Rows carrying only level labels, 小计 rows, and everything from
        a 总分 / 合计 row or a 注： note on are not indicators. When a self-evaluation table's budget
        block (项目资金: 年初预算数 / 全年预算数 / 全年执行数 / 分值) carries points, a first indicator
        ``B01`` 预算执行率 (level 1 预算执行, computed from the budget, target 100%) holds them.

    Raises
    ------
    InputError
        Unreadable file, unknown sheet, or an invalid cell (the message names file, sheet, row, column
        and indicator id).
    SchemaError
        A required column is missing.
    """
    return _read_framework_sheet(path, sheet, name=name, total=total).framework


def _preamble_value(rows: Sequence[Sequence[object]], labels: Sequence[str]) -> str | None:
    keys = {header_key(label) for label in labels}
    for row in rows:
        for c, value in enumerate(row):
            if value is not None and _bare_key(value) in keys:
                for other in row[c + 1 :]:
                    if other is not None and other != value:
                        return _text(other)
    return None


def _preamble_year(rows: Sequence[Sequence[object]]) -> int | None:
    for row in rows:
        for value in row:
            if isinstance(value, str):
                m = _YEAR.search(to_halfwidth(value))
                if m:
                    return int(m.group(1))
    return None


def _preamble_goals(rows: Sequence[Sequence[object]]) -> tuple[str, str]:
    for r, row in enumerate(rows):
        keys = [header_key(v) if v is not None else "" for v in row]
        if "预期目标" in keys and r + 1 < len(rows):
            nxt = rows[r + 1]
            goal = _text(_cell(nxt, keys.index("预期目标")))
            result = _text(_cell(nxt, keys.index("实际完成情况"))) if "实际完成情况" in keys else ""
            return goal, result
    return "", ""


# -- the self-evaluation table --------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SelfEvaluationTable:
    """A published project self-evaluation table (项目支出绩效自评表, 10号 附件2), as printed.

    Attributes
    ----------
    project_name : 项目名称 ("" when the table has no such row).
    year : the year from the title rows (``"（2024年度）"``), or ``None``.
    department : 主管部门 ("" when absent).
    implementing_unit : 实施单位 ("" when absent).
    goal : 年度总体目标 — 预期目标 text ("" when absent).
    goal_result : 年度总体目标 — 实际完成情况 text ("" when absent).
    framework : the indicators; when the budget block carries points, the first indicator is ``B01``
        预算执行率, computed from the budget.
    actuals : the 实际完成值 column as :class:`~perfmethods.model.inputs.Actuals` (with the
        偏差原因 text as each value's ``note``; a qualitative indicator whose actual reads 达成 / 部分达成 /
        未达成 gets that tier). The budget indicator has no entry: it is computed from :attr:`budget`.
    printed_scores : the 得分 column as printed, by indicator id (float; NaN when blank), including the
        budget row's 得分.
    printed_points : the same as a Series named ``printed_points`` indexed by ``id``, built on first use.
    budget : 年初预算数 / 全年预算数 / 全年执行数 of the 年度资金总额 row, or ``None`` when the table has
        no budget block or its figures are blank.
    printed_execution_rate : the 执行率 cell as printed, or ``None``.
    printed_total : the 得分 of the 总分 row, or ``None``.
    printed_total_weight : the 分值 of the 总分 row (usually 100), or ``None``.
    source : the file; sheet : the worksheet (``None`` for CSV).
    rows : indicator id → spreadsheet row number (the 年度资金总额 row for ``B01``).
    points_only : ids of the rows printed with points only (分值 and 得分, no 指标值 and no 实际完成值, or a
        table without a 实际完成值 column): they cannot be re-scored from values, so their actual carries
        the printed 得分 as the reviewer's score (复核得分) with :data:`POINTS_ONLY_REASON` as the reason,
        and a re-score keeps the printed points and reports it (finding ``reviewer_override``).
    not_applicable : (spreadsheet row, indicator name) of the rows marked not applicable (分值 "/", "—",
        "无", "不适用" or blank, with no 得分): not indicators, excluded from the total, listed here.
    """

    project_name: str
    year: int | None
    framework: IndicatorFramework
    actuals: Actuals
    printed_scores: Mapping[str, float]
    budget: Budget | None = None
    printed_execution_rate: ParsedValue | None = None
    printed_total: float | None = None
    printed_total_weight: float | None = None
    department: str = ""
    implementing_unit: str = ""
    goal: str = ""
    goal_result: str = ""
    source: str = ""
    sheet: str | None = None
    rows: Mapping[str, int] = field(default_factory=dict)
    points_only: tuple[str, ...] = ()
    not_applicable: tuple[tuple[int, str], ...] = ()

    @cached_property
    def printed_points(self) -> pd.Series:
        """The 得分 column as printed (:attr:`printed_scores`) as a float Series indexed by indicator id."""
        import pandas as pd

        series = pd.Series(dict(self.printed_scores), dtype=float, name="printed_points")
        series.index.name = "id"
        return series


#: The reason recorded with the printed 得分 of a row printed with points only (:attr:`SelfEvaluationTable.
#: points_only`): shown in the ``reviewer_override`` finding of a re-score.
POINTS_ONLY_REASON = (
    "自评表此行只列分值和得分，没有指标值和实际完成值，无法按数值重新计分，沿用表中所列得分"
    " / the table prints only the points of this row (no target and no actual value): it cannot be "
    "re-scored from values, so the printed points are kept"
)


def read_self_evaluation_table(path: str | Path, *, sheet: str | int | None = None) -> SelfEvaluationTable:
    """Read a published self-evaluation table (附件2 项目支出绩效自评表) to re-score it.

    Parameters
    ----------
    path : ``.xlsx`` or ``.csv``.
    sheet : worksheet name or 0-based number; ``None`` uses the first sheet with an indicator block.

    Returns
    -------
    SelfEvaluationTable
        The framework (as :func:`read_framework_table`), the actual values (实际完成值), the points as
        printed (得分), the budget, the printed total, and the header facts (project name, year,
        department, implementing unit, overall goal). ``rows`` maps each indicator id to its
        spreadsheet row.

    Notes
    -----
    Layout recognised (the official template; rows may be added or left out): a title row, a
    ``（2024年度）`` row, 项目名称 / 主管部门 / 实施单位 rows, the budget block (项目资金（万元） |
    年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, then 年度资金总额 and 其中 rows),
    年度总体目标 (预期目标 | 实际完成情况), then the indicator block 一级指标 | 二级指标 | 三级指标 |
    年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 with merged 一级 / 二级 cells, closed by
    a 总分 row. Nothing printed is corrected; compare a re-score with :attr:`printed_points`.
    """
    try:
        read = _read_framework_sheet(
            path, sheet, name=None, total=100.0, required=(*_REQUIRED, "actual"), self_evaluation=True
        )
    except SchemaError as exc:  # a table printing only 分值 and 得分
        if "实际完成值" not in str(exc):
            raise
        try:
            read = _read_framework_sheet(
                path, sheet, name=None, total=100.0, required=(*_REQUIRED, "score"), self_evaluation=True
            )
        except SchemaError:
            raise exc from None  # neither 实际完成值 nor 得分: name the column a self-evaluation table needs
    table, framework = read.table, read.framework
    year = _preamble_year(table.preamble)
    header_units = _header_units(table)
    has_actual = "actual" in table.body
    points_only: list[str] = []
    values: list[ActualValue] = []
    points: dict[str, float] = {}
    rows: dict[str, int] = {}
    for i, ind_id in read.rows:
        row = {column: cells[i] for column, cells in table.body.items()}
        rows[ind_id] = table.row_number(i)
        where = table.location(i, "actual", indicator=ind_id)
        indicator = framework[ind_id]
        actual = parse_value(row.get("actual"), year=year)
        try:
            actual = _with_header_unit(
                actual, header_units.get("actual", ""), indicator.unit or indicator.target.unit
            )
        except InputError as exc:
            raise relocated(exc, where) from None
        raw = row.get("score")
        try:
            score = _number(raw)
        except _NotANumber:
            raise InputError(
                f"the points awarded (得分) must be a number; got {raw!r} instead",
                location=table.location(i, "score", indicator=ind_id),
            ) from None
        points[ind_id] = math.nan if score is None else score
        printed_only = actual.is_missing and (indicator.target.is_missing or not has_actual)
        if printed_only and score is not None and 0 <= score <= indicator.points:
            points_only.append(ind_id)
            values.append(
                ActualValue(ind_id, actual, reviewer_score=score, reviewer_reason=POINTS_ONLY_REASON)
            )
            continue
        tier = None
        if framework[ind_id].is_qualitative:
            try:
                tier = parse_tier(actual.text)
            except InputError:
                tier = None  # free text such as "有效": no tier, the evaluator grades it
        try:
            values.append(ActualValue(ind_id, actual, tier=tier, note=_text(row.get("note"))))
        except InputError as exc:
            raise relocated(exc, where) from None
    block = read.block
    budget = None
    if block is not None:
        original = block.original if block.original is not None else block.adjusted
        adjusted = block.adjusted if block.adjusted is not None else original
        if original is not None and adjusted is not None and block.executed is not None:
            try:
                budget = Budget(original, adjusted, block.executed, unit=block.unit, source=str(path))
            except InputError as exc:
                raise relocated(
                    exc, {"file": str(path), "sheet": table.sheet, "row": block.value_row}
                ) from None
        if read.budget_id is not None:
            points = {read.budget_id: math.nan if block.score is None else block.score, **points}
            rows = {read.budget_id: block.value_row, **rows}
    footer = table.footer or {}
    total = _safe_points(footer.get("score"))
    total_weight = _safe_points(footer.get("weight"))
    goal, result = _preamble_goals(table.preamble)
    return SelfEvaluationTable(
        project_name=_preamble_value(table.preamble, ("项目名称",)) or "",
        year=_preamble_year(table.preamble),
        framework=framework,
        actuals=Actuals(tuple(values), source=str(path)),
        printed_scores=points,
        budget=budget,
        printed_execution_rate=block.rate if block else None,
        printed_total=total,
        printed_total_weight=total_weight,
        department=_preamble_value(table.preamble, ("主管部门",)) or "",
        implementing_unit=_preamble_value(table.preamble, ("实施单位",)) or "",
        goal=goal,
        goal_result=result,
        source=str(path),
        sheet=table.sheet,
        rows=rows,
        points_only=tuple(points_only),
        not_applicable=read.not_applicable,
    )


def _safe_points(value: object) -> float | None:
    try:
        return _number(value)
    except _NotANumber:
        return None


# -- YAML and records -----------------------------------------------------------------------------


_RECORD_EXTRA = ("direction_inferred",)
#: Fields whose value may be a mapping (the ``target`` of :meth:`Indicator.to_dict`); every other field holds
#: one value, so ``name: {a: 1}`` is refused instead of becoming an indicator called "{'a': 1}".
_STRUCTURED_FIELDS = frozenset({"target"})


def _id_text(entry: Mapping[Any, Any]) -> str | None:
    raw = entry.get("id")
    return None if isinstance(raw, (Mapping, list)) else (_text(raw) or None)


def _records_from_mappings(entries: Sequence[object], source: str) -> tuple[list[_Record], bool]:
    records: list[_Record] = []
    known = {**FRAMEWORK_COLUMNS, **{k: () for k in _RECORD_EXTRA}}
    for k, entry in enumerate(entries, start=1):
        base: dict[str, object] = {"file": source or None, "entry": k}
        if not isinstance(entry, Mapping):
            raise InputError(
                f"each indicator must be a mapping of fields (id, name, weight...); got "
                f"{type(entry).__name__} {entry!r} instead",
                location=base,
            )
        values: dict[str, object] = {}
        lines: dict[str | None, int] = {}
        for key, value in entry.items():
            canonical = _canonical_key(key, known)
            line = key_line(entry, key)
            at = {"line": line} if line is not None else {}
            if canonical is None:
                raise InputError(
                    f"unknown indicator field '{key}'{_suggest(str(key), known)}; the fields are "
                    f"{', '.join(FRAMEWORK_COLUMNS)}",
                    location={**base, **at, "indicator": _id_text(entry), "field": str(key)},
                )
            if canonical not in _STRUCTURED_FIELDS and isinstance(value, (Mapping, list)):
                kind = "a mapping" if isinstance(value, Mapping) else "a list"
                raise InputError(
                    f"the indicator field '{key}' must be a single value (text or a number), not {kind}",
                    location={**base, **at, "indicator": _id_text(entry), "field": str(key)},
                )
            values[canonical] = value
            if line is not None:
                lines[canonical] = line

        def where(
            column: str | None,
            indicator: str | None,
            _base: dict[str, object] = base,
            _lines: dict[str | None, int] = lines,
        ) -> dict[str, object]:
            line = _lines.get(column)
            return {**_base, **({"line": line} if line is not None else {}), "indicator": indicator,
                    "field": column}

        records.append(_Record(values, where, frozenset(values)))
    ids_given = any("id" in rec.values for rec in records)
    return records, ids_given


def framework_from_records(
    records: Iterable[Mapping[str, Any]], *, name: str = "", total: float = 100.0, source: str = ""
) -> IndicatorFramework:
    """Build a framework from one mapping per indicator.

    Keys are the column names of :data:`FRAMEWORK_COLUMNS` in English (``id``, ``level1``, ``level2``,
    ``name``, ``weight``, ``direction``, ``target``, ``unit``, ``category``, ``standard``,
    ``data_source``, ``grading``, ``computed``) or any of their Chinese spellings; values are read as in
    a table (``"10分"``, ``"≥50场"``, ``"正向"``...) or given as objects (:class:`Direction`,
    :class:`ParsedValue`...). The output of :meth:`Indicator.to_dict` is accepted. When no record has an
    ``id`` they are generated (``I01``, ``I02``...); otherwise every record needs one. Errors name the
    entry number (1-based), the field and the indicator id.

    Parameters
    ----------
    records : one mapping per indicator, in framework order (keys as above).
    name : the framework's name (e.g. the project name); default ``""``.
    total : the points scale the weights are written on (default 100).
    source : where the records came from (a file path), stored as the framework's ``source`` and named
        in error messages; default ``""``.

    Returns
    -------
    IndicatorFramework
        One indicator per record, in the order given.

    Raises
    ------
    InputError
        No records, a record that is not a mapping, an unknown field, a missing or duplicate id (when
        ids are given) and any invalid value (naming the entry, field and indicator).
    """
    recs, ids_given = _records_from_mappings(list(records), source)
    if not recs:
        raise InputError("the indicator framework has no indicators", location={"file": source or None})
    return _build(recs, ids_given=ids_given, name=name, total=total, source=source)


_YAML_KEYS = ("name", "total", "description", "source", "indicators")


def read_framework_yaml(path: str | Path) -> IndicatorFramework:
    """Read a framework from YAML.

    The file is a mapping with ``indicators`` (a list with one mapping per indicator, fields as in
    :func:`framework_from_records`) and optional ``name`` (default: the file name), ``total`` (points
    scale, default 100) and ``description``; ``source`` (written by :meth:`IndicatorFramework.to_dict`)
    is accepted and ignored: the source is the file read. A bare list of indicators is accepted too.
    Unknown keys are errors (typos would otherwise be ignored silently).

    Parameters
    ----------
    path : the YAML file (UTF-8).

    Returns
    -------
    IndicatorFramework
        The indicators in file order, with ``source`` set to ``path``.

    Raises
    ------
    InputError
        A missing or unparsable file (naming the line), an unknown key, an empty or missing
        ``indicators`` list, a ``total`` that is not a number > 0, and any invalid indicator (as
        :func:`framework_from_records`).
    """
    data = read_yaml(path)
    where = {"file": str(path)}
    if isinstance(data, list):
        data = {"indicators": data}
    if not isinstance(data, Mapping):
        raise InputError(
            "the framework YAML must be a mapping with an 'indicators' list; got "
            f"{type(data).__name__} instead",
            location=where,
        )
    check_keys(data, _YAML_KEYS, file=str(path))
    for key in ("name", "total", "description", "source"):
        scalar(data, key, file=str(path))
    entries = data.get("indicators")
    if not isinstance(entries, list) or not entries:
        found = ("nothing" if entries is None or entries == [] else
                 "a mapping" if isinstance(entries, Mapping) else f"the single value '{entries}'")
        line = key_line(data, "indicators")
        raise InputError(
            f"the 'indicators' key must be a non-empty list of indicators; got {found} instead",
            location={**where, **({"line": line} if line is not None else {}), "key": "indicators"},
        )
    total = data.get("total", 100)
    if isinstance(total, bool) or not isinstance(total, (int, float)) or not total > 0:
        raise InputError(
            f"'total' must be a number > 0 (the points scale); got {total!r} instead",
            location={**where, "key": "total"},
        )
    name = data.get("name")
    return framework_from_records(
        entries, name=str(name) if name is not None else Path(path).stem, total=float(total), source=str(path)
    )


# -- writing --------------------------------------------------------------------------------------

_ZH_HEADERS = {
    "id": "指标编码",
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "weight": "分值",
    "direction": "指标性质",
    "target": "年度指标值",
    "unit": "计量单位",
    "category": "指标类别",
    "standard": "评价标准",
    "data_source": "数据来源",
    "grading": "评分标准",
    "computed": "计算方式",
}
_ZH_COMPUTED = {
    Computed.BUDGET_EXECUTION: "预算执行率",
    Computed.SURVEY_RATE: "满意率",
    Computed.SURVEY_SCORE: "满意度得分",
    Computed.PANEL: "专家评分",
}


def _format_weight(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() and abs(weight) < 1e15 else repr(float(weight))


def write_framework_table(
    framework: IndicatorFramework, path: str | Path, *, language: str = "zh", overwrite: bool = False
) -> Path:
    """Write a framework as a table that :func:`read_framework_table` reads back to the same indicators.

    Parameters
    ----------
    framework : the framework.
    path : ``.csv`` (written as UTF-8 with a BOM, which Excel opens correctly) or ``.xlsx``.
    language : ``"zh"`` (Chinese headers and labels: 正向 / 反向 / 等于 / 区间 / 定性) or ``"en"``
        (the canonical English names and values).
    overwrite : replace an existing file (default: refuse).

    Returns
    -------
    Path
        The file written. Every indicator is one row; all 13 columns are written.
    """
    out = Path(path)
    check_language(language, func="write_framework_table")
    if out.exists() and not overwrite:
        raise InputError(
            "the file exists already; pass overwrite=True to replace it", location={"file": str(out)}
        )
    columns = list(_ZH_HEADERS)
    header = [_ZH_HEADERS[c] if language == "zh" else c for c in columns]
    rows: list[list[str]] = []
    for ind in framework:
        direction = ind.direction.label_zh if language == "zh" else ind.direction.name.lower()
        computed = ""
        if ind.computed is not None:
            computed = _ZH_COMPUTED[ind.computed] if language == "zh" else ind.computed.value
        standard = ind.standard.value if language == "zh" else ind.standard.name.lower()
        rows.append(
            [
                ind.id,
                ind.level1,
                ind.level2,
                ind.name,
                _format_weight(ind.points),
                direction,
                ind.target.text,
                ind.unit,
                ind.category,
                standard,
                ind.data_source,
                ind.grading,
                computed,
            ]
        )
    suffix = out.suffix.lower()
    if suffix == ".csv":
        import csv

        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows([[escape_formula(cell) for cell in row] for row in rows])
    elif suffix in EXCEL_SUFFIXES:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "指标体系" if language == "zh" else "indicators"
        ws.append(header)
        for row in rows:
            ws.append(row)
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text as text: '=100%' is not a formula
                    if escape_formula(cell.value) != cell.value:
                        cell.quotePrefix = True  # Excel's own leading apostrophe: shown and kept as text
        out.write_bytes(workbook_bytes(wb))
    else:
        raise InputError(
            f"unsupported file type '{out.suffix}'; expected .csv or .xlsx", location={"file": str(out)}
        )
    return out
