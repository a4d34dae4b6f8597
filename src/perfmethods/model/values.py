"""Targets and actuals as written in real tables: ``"≥266米"``, ``"735 人次"``, ``"100 %"``, ``"有效"``.

Published self-evaluation tables (项目支出绩效自评表) write targets and actual values as text. A
:class:`ParsedValue` keeps the original text beside the operator, number(s) and unit read from it, so a
report can show exactly what the table said while the scoring engine works on numbers.

:func:`parse_value` reads such a cell; :func:`convert_unit` (and :meth:`ParsedValue.to_unit`) put two
values on the same unit when the units differ only by a Chinese magnitude prefix (``"5万人次"`` against
``"52300人次"``).

What is read
------------
* operators, before the number: ``≥ >= ＞＝ ≧ 不低于 不少于 不小于 至少 最少 大于等于 大于 高于 超过``
  (→ ``"≥"``), ``≤ <= ≦ 不超过 不高于 不多于 不大于 至多 最多 小于等于 小于 低于`` (→ ``"≤"``),
  ``= 等于`` (→ ``"="``); after the unit: ``以上 及以上`` (→ ``"≥"``), ``以下 及以下 以内 之内 内``
  (→ ``"≤"``). Strict inequalities (``>``, ``大于``, ``超过``...) are read as their non-strict forms:
  tables do not score them differently. When a prefix and a suffix disagree the prefix wins.
* ranges (operator ``"区间"``): ``"80-90%"``, ``"80%~90%"``, ``"80至90"``, ``"[80,90]"``,
  ``"≥80%且≤90%"``; open and closed brackets are not distinguished; reversed bounds are put in order.
* the unit is what follows the number, without the operator words and without white space; at most
  10 characters, no digits and no sentence punctuation, otherwise the text is not read as a number
  (``"50场社区文化活动，覆盖全市"`` is descriptive text: ``value`` is ``None``).
* full-width characters are read as their ASCII forms (``"９８.５％"`` is 98.5 with unit ``"%"``);
  thousands separators are dropped (``"1,234.5元"``); ``(含)`` / ``(不含)`` are ignored.
* percentages stay on the scale they were written in: ``"95%"`` has value 95 and unit ``"%"``.
  :func:`convert_unit` takes a value without a unit to be in the other side's unit; a bare actual that
  is plausibly a fraction written against a percentage target (``0.96`` against ``"≥95%"``) is read by
  :func:`read_as_percent`, which converts it when that is unambiguous and says so.
* filler words ``达到 达 约 大约 控制在 保持`` before the number and ``左右`` after the unit are dropped
  and carry no operator.
* deadlines are text, not numbers: ``"12月底前"``, ``"2024年底前完成"`` and ``"2024年度"`` give
  ``value=None`` (a unit containing 前 / 底 / 完成 / 截至 / 截止, or a year followed by more than 年).
* dates are a kind of their own (:attr:`ParsedValue.kind` ``"date"``, :attr:`ParsedValue.date` the date
  read): a deadline target (``"2026年6月底前完成竣工验收"`` → 2026-06-30, ``"2026年5月20日前完成"`` →
  2026-05-20, ``"第三季度前"`` → 30 September, ``"2026年底前"`` → 31 December) or a completion date written
  as an actual (``"2026年5月20日完成"``). A month, quarter or year is read as its last day: ``前`` after it
  means "by the end of" (inclusive, as for a day: ``"6月30日前"`` is met on 30 June), the reading of
  ``"6月底前"`` and ``"6月前"`` alike. Without a year (``"12月底前"``) the date needs the ``year`` of
  :func:`parse_value` (the table's year); without it ``date`` is ``None`` and the kind is still
  ``"date"``. ``"按期"``, ``"按期完成"``, ``"按时完成"``, ``"如期完成"``, ``"按计划完成"`` are date targets
  without a date (on the plan's schedule).
* Chinese numerals (``"五十场"``) are not read: ``value`` is ``None``.
"""

from __future__ import annotations

import calendar
import datetime
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from perfmethods.errors import InputError

__all__ = ["ParsedValue", "parse_value", "parse_date", "split_target", "NAME_UNITS", "convert_unit",
           "split_unit", "units_compatible", "to_halfwidth", "FRACTION_MAX", "PercentReading",
           "read_as_percent", "VALUE_KINDS"]

#: What a :class:`ParsedValue` holds (:attr:`ParsedValue.kind`).
VALUE_KINDS = ("missing", "number", "range", "date", "text")


@dataclass(frozen=True)
class ParsedValue:
    """A target or actual value parsed from text.

    Attributes
    ----------
    text : the original text, unchanged (``""`` when the cell was empty).
    operator : one of ``"≥"``, ``"≤"``, ``"="``, ``"区间"`` (a range ``value``–``upper``), or ``None``
        when the text carries no operator (``"735 人次"``) or is not numeric (``"有效"``).
    value : the number (the lower bound for a range), or ``None`` for qualitative text.
    upper : the upper bound of a range, else ``None``.
    unit : the unit as written after the number (``"米"``, ``"%"``, ``"万人次"``), ``""`` if none.
        Full-width characters are stored in their ASCII form (``"％"`` → ``"%"``) and white space is
        removed (``"人 次"`` → ``"人次"``).
    date : for a date (:attr:`kind` ``"date"``), the date read: the deadline of a target
        (``"2026年6月底前完成竣工验收"`` → 2026-06-30) or the completion date of an actual
        (``"2026年5月20日完成"`` → 2026-05-20); ``None`` otherwise, and for an on-schedule text such as
        ``"按期完成"`` or a month without a year. An ISO string (``"2026-06-30"``, as written by
        :meth:`to_dict`) is accepted. It is derived from ``text`` and not compared by ``==``.
    """

    text: str
    operator: str | None = None
    value: float | None = None
    upper: float | None = None
    unit: str = ""
    date: datetime.date | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        raw = self.date
        if raw is None or (isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime)):
            return
        if isinstance(raw, datetime.datetime):
            object.__setattr__(self, "date", raw.date())
            return
        try:
            object.__setattr__(self, "date", datetime.date.fromisoformat(str(raw)))
        except ValueError:
            raise InputError(
                f"the date of the value '{self.text}' must be a date such as 2026-06-30; got '{raw}' instead"
            ) from None

    def __repr__(self) -> str:
        fields = (f"text={self.text!r}, operator={self.operator!r}, value={self.value!r}, "
                  f"upper={self.upper!r}, unit={self.unit!r}")
        return f"ParsedValue({fields}" + (f", date={self.date!r})" if self.date is not None else ")")

    @property
    def kind(self) -> str:
        """What the value holds (one of :data:`VALUE_KINDS`): ``"missing"`` (an empty cell),
        ``"number"`` (``"≥266米"``), ``"range"`` (``"80-90%"``), ``"date"`` (a deadline such as
        ``"2026年6月底前完成"`` or ``"按期完成"``, or a completion date such as ``"2026年5月20日完成"``; see
        :attr:`date`) or ``"text"`` (``"有效"``)."""
        if self.is_missing:
            return "missing"
        if self.value is not None:
            return "range" if self.operator == "区间" else "number"
        if self.date is not None or _is_date_text(self.text):
            return "date"
        return "text"

    @property
    def deadline(self) -> datetime.date | None:
        """The date of a date value (a target's deadline), else ``None``; the same as :attr:`date`."""
        return self.date

    @property
    def is_numeric(self) -> bool:
        return self.value is not None

    @property
    def is_missing(self) -> bool:
        return self.text.strip() == "" and self.value is None

    def to_dict(self) -> dict[str, object]:
        """The fields as JSON-safe values; ``date`` (ISO ``"2026-06-30"``) only when there is one."""
        out: dict[str, object] = {
            "text": self.text,
            "operator": self.operator,
            "value": self.value,
            "upper": self.upper,
            "unit": self.unit,
        }
        if self.date is not None:
            out["date"] = self.date.isoformat()
        return out

    def to_unit(self, unit: str, *, location: Mapping[str, object] | None = None) -> ParsedValue:
        """This value expressed in ``unit`` (``"5万人次"`` → 50000 ``"人次"``); the text is kept.

        Non-numeric values are returned unchanged. Raises :class:`~perfmethods.errors.InputError` when
        the units differ by more than a magnitude prefix (see :func:`convert_unit`).
        """
        if self.value is None:
            return self
        upper = None if self.upper is None else convert_unit(self.upper, self.unit, unit, location=location)
        return replace(
            self,
            value=convert_unit(self.value, self.unit, unit, location=location),
            upper=upper,
            unit=split_unit(unit)[2] if unit.strip() else self.unit,
        )


# -- text normalisation ---------------------------------------------------------------------------

_HALFWIDTH: dict[int, str | int] = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update(
    {
        0x3000: " ",
        0x00A0: " ",
        0xFE6A: "%",
        0x2267: "≥",
        0x2A7E: "≥",
        0x2266: "≤",
        0x2A7D: "≤",
        0x301C: "~",
        0x223C: "~",
        0x2014: "-",
        0x2013: "-",
        0x2015: "-",
        0x2212: "-",
        0x3010: "[",
        0x3011: "]",
        0x3014: "[",
        0x3015: "]",
        0x2550: "=",  # ═, printed for = in some provinces' tables
        0xFE66: "=",  # ﹦
    }
)


def to_halfwidth(text: str) -> str:
    """``text`` with full-width ASCII (``％＞＝（）：，０-９Ａ-Ｚ``), the ideographic space and common dash,
    tilde, bracket and ``≧ ≦`` variants replaced by their plain forms
    (``% > = ( ) : , 0-9 A-Z - ~ [ ] ≥ ≤``); ``═`` and ``﹦`` are read as ``=``."""
    return text.translate(_HALFWIDTH)


# -- operator vocabulary --------------------------------------------------------------------------

_PREFIX_OPS: dict[str, str] = {}
for _word in (
    "大于或等于",
    "大于等于",
    "不低于",
    "不少于",
    "不小于",
    "不得低于",
    "不得少于",
    "至少",
    "最少",
    "最低",
    ">=",
    "≥",
    "大于",
    "高于",
    "超过",
    "多于",
    ">",
):
    _PREFIX_OPS[_word] = "≥"
for _word in (
    "小于或等于",
    "小于等于",
    "不超过",
    "不高于",
    "不多于",
    "不大于",
    "不得超过",
    "不得高于",
    "至多",
    "最多",
    "最高",
    "<=",
    "≤",
    "小于",
    "低于",
    "少于",
    "<",
):
    _PREFIX_OPS[_word] = "≤"
for _word in ("等于", "==", "="):
    _PREFIX_OPS[_word] = "="
_SUFFIX_OPS: dict[str, str | None] = {
    "及以上": "≥",
    "或以上": "≥",
    "以上": "≥",
    "及以下": "≤",
    "或以下": "≤",
    "以下": "≤",
    "以内": "≤",
    "之内": "≤",
    "内": "≤",
    "左右": None,
}
_FILLERS = ("达到", "达", "大约", "约", "控制在", "保持")


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so 大于等于 is tried before 大于)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_UNITCH = r"[^\d\s\[\](),~\-<>=≥≤+.;]"
_NOEXP = r"(?![eE][+-]?\d)"  # a unit never starts like an exponent: "1e-5" is one number, not 1e–5
_OPS = _alternation(_PREFIX_OPS)
_GE_OPS = _alternation(w for w, op in _PREFIX_OPS.items() if op == "≥")
_LE_OPS = _alternation(w for w, op in _PREFIX_OPS.items() if op == "≤")
_SUFS = _alternation(_SUFFIX_OPS)
_FILL = _alternation(_FILLERS)

_SINGLE = re.compile(
    rf"^(?:{_FILL})?\s*(?P<op>{_OPS})?\s*(?P<num>{_NUM})\s*(?P<unit>.*?)\s*(?P<suf>{_SUFS})?$"
)
_RANGE_PLAIN = re.compile(
    rf"^(?:区间)?\s*(?P<lo>{_NUM})\s*{_NOEXP}(?P<u1>{_UNITCH}*?)\s*(?:~|-|至|到)\s*(?P<hi>{_NUM})\s*(?P<u2>{_UNITCH}*?)$"
)
_RANGE_BRACKET = re.compile(
    rf"^(?:区间)?\s*[\[(]\s*(?P<lo>{_NUM})\s*{_NOEXP}(?P<u1>{_UNITCH}*?)\s*(?:,|~|-|至|到)\s*(?P<hi>{_NUM})\s*"
    rf"(?P<u2>{_UNITCH}*?)\s*[\])]\s*(?P<u3>{_UNITCH}*?)$"
)
_RANGE_PAIR = re.compile(
    rf"^(?:{_GE_OPS})\s*(?P<lo>{_NUM})\s*{_NOEXP}(?P<u1>{_UNITCH}*?)\s*(?:并且|且|和|,|;|、|/)?\s*"
    rf"(?:{_LE_OPS})\s*(?P<hi>{_NUM})\s*(?P<u2>{_UNITCH}*?)$"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_INCLUSIVE = re.compile(r"\((?:含|不含)\)")
_SPACE = re.compile(r"\s+")
_BAD_UNIT = re.compile(r"[\d<>=≥≤~\[\],;，。；!?！？、:]")
_DEADLINE = re.compile(r"前|底|完成|截至|截止")
_MAX_UNIT = 10
_MAX_TEXT = 80


def _format_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _clean_unit(unit: str) -> str | None:
    """The unit with white space removed, or ``None`` when it cannot be a unit."""
    unit = _SPACE.sub("", unit or "")
    if len(unit) > _MAX_UNIT or _BAD_UNIT.search(unit):
        return None
    return unit


def _range_unit(*units: str) -> str | None:
    """One unit for the bounds of a range: ``"%"`` from ``("%", "%")``, ``"万元"`` from ``("万", "万元")``."""
    written = [_clean_unit(u) for u in units]
    if any(u is None for u in written):
        return None
    present = [u for u in written if u]
    if not present:
        return ""
    last = present[-1]
    if all(u == last or last.startswith(u) for u in present):
        return last
    return None


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:  # pragma: no cover - the regexes only pass numbers
        return None
    return value if math.isfinite(value) else None


def _parse_text(original: str) -> ParsedValue:
    text = to_halfwidth(original).strip()
    if not text or len(text) > _MAX_TEXT:
        return ParsedValue(original)
    text = _INCLUSIVE.sub("", text)
    for pattern in (_RANGE_PAIR, _RANGE_BRACKET):
        m = pattern.match(text)
        if m:
            return _range(original, m)
    text = _THOUSANDS.sub("", text)
    m = _RANGE_PLAIN.match(text)
    if m:
        parsed = _range(original, m)
        if parsed.value is not None:
            return parsed
    m = _SINGLE.match(text)
    if not m:
        return ParsedValue(original)
    value = _finite(m["num"])
    unit = _clean_unit(m["unit"])
    if value is None or unit is None or _DEADLINE.search(unit):
        return ParsedValue(original)
    if unit.startswith("年") and unit != "年" and value.is_integer() and 1900 <= value <= 2100:
        return ParsedValue(original)  # a year label such as "2024年度", not a quantity
    operator: str | None = _PREFIX_OPS[m["op"]] if m["op"] else None
    if operator is None and m["suf"]:
        operator = _SUFFIX_OPS[m["suf"]]
    return ParsedValue(original, operator, value, None, unit)


def _range(original: str, m: re.Match[str]) -> ParsedValue:
    groups = m.groupdict()
    lo, hi = _finite(groups["lo"]), _finite(groups["hi"])
    unit = _range_unit(groups.get("u1") or "", groups.get("u2") or "", groups.get("u3") or "")
    if lo is None or hi is None or unit is None:
        return ParsedValue(original)
    lo, hi = min(lo, hi), max(lo, hi)
    return ParsedValue(original, "区间", lo, hi, unit)


# -- dates ----------------------------------------------------------------------------------------

_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DATE_RE = re.compile(
    r"(?P<iy>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)"
    r"|(?:(?P<y>(?:19|20)\d{2})年度?)?(?:(?<!\d)(?P<m>\d{1,2})月份?(?:(?P<d>\d{1,2})[日号])?"
    r"|第?(?P<q>[一二三四1-4])季度)"
    r"|(?P<yo>(?:19|20)\d{2})年度?(?=底|末|内|前|之前|以前)"
    r"|(?P<ye>年底|年末|年内|年度内)"
)
_DATE_CUE = re.compile(r"^(?:底|末|内|前|之前|以前|截止|完成|竣工|结束)")
_DATE_CUE_BEFORE = re.compile(r"(?:截至|截止|于|在)$")
_ON_SCHEDULE = re.compile(r"按期|如期|按时|准时|按计划(?:完成|进度)|按进度完成|按合同(?:约定)?(?:工期|期限)")


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _read_date(text: str, year: int | None) -> tuple[bool, datetime.date | None]:
    """(whether ``text`` is a date or deadline, the date read or ``None``); see the module docstring."""
    plain = _SPACE.sub("", to_halfwidth(text))
    found: datetime.date | None = None
    is_date = False
    current = year
    for m in _DATE_RE.finditer(plain):
        explicit = m["iy"] or m["y"] or m["yo"]
        if explicit:
            current = int(explicit)
        day = m["iy"] is not None or m["d"] is not None
        cue = _DATE_CUE.match(plain[m.end():]) is not None or _DATE_CUE_BEFORE.search(plain[:m.start()])
        if not (day or cue or m["ye"]):
            continue
        is_date = True
        if current is None:
            continue
        try:
            if m["iy"]:
                found = datetime.date(current, int(m["im"]), int(m["id"]))
            elif m["m"]:
                month = int(m["m"])
                found = (datetime.date(current, month, int(m["d"])) if m["d"] else _last_day(current, month))
            elif m["q"]:
                found = _last_day(current, 3 * _QUARTERS[m["q"]])
            else:
                found = datetime.date(current, 12, 31)
        except ValueError:  # 2月30日, 13月: not a date
            continue
    if not is_date and _ON_SCHEDULE.search(plain):
        is_date = True
    return is_date, found


def _is_date_text(text: str) -> bool:
    return bool(text) and _read_date(text, None)[0]


def parse_date(value: object, *, year: int | None = None) -> datetime.date | None:
    """The date of a deadline or of a completion written as text, or ``None``.

    Parameters
    ----------
    value : the cell: ``"2026年6月底前完成竣工验收"`` (2026-06-30), ``"2026年5月20日完成"`` (2026-05-20),
        ``"第三季度前"`` (30 September of ``year``), ``"2026年底前"`` (2026-12-31), ``"2026-05-20"``, or a
        ``datetime.date`` / ``pandas.Timestamp`` (an Excel date cell).
    year : the year of a month or quarter written without one (the table's year).

    Returns
    -------
    datetime.date or None
        The last date the text names (a month, quarter or year is read as its last day: "by the end of");
        ``None`` when the text names no date, only a schedule (``"按期完成"``), or a month without a year
        and ``year`` is ``None``.

    Examples
    --------
    >>> parse_date("2026年6月底前完成竣工验收")
    datetime.date(2026, 6, 30)
    >>> parse_date("第三季度前", year=2026)
    datetime.date(2026, 9, 30)
    """
    return parse_value(value, year=year).date


def parse_value(value: object, *, year: int | None = None) -> ParsedValue:
    """Read a target or an actual value as written in a table cell.

    Parameters
    ----------
    value : the cell: text (``"≥266米"``, ``"5万人次以上"``, ``"80%~90%"``, ``"有效"``,
        ``"2026年6月底前完成"``), a number (``int``, ``float``, numpy scalar, ``Decimal``), a date
        (``datetime.date``, ``pandas.Timestamp``: an Excel date cell, text ``"2026-06-30"``), or a missing
        value (``None``, ``NaN``, ``pd.NA``, ``""``).
    year : the year of a date written without one (``"12月底前"``, ``"第三季度前"``): the table's year;
        ``None`` leaves such a :attr:`ParsedValue.date` unset.

    Returns
    -------
    ParsedValue
        ``text`` is the cell as written (numbers are written without a trailing ``.0``: ``50.0`` →
        ``"50"``; missing values give ``""``); ``operator``, ``value``, ``upper`` and ``unit`` are what
        was read (see the module docstring). Non-numeric text gives ``value=None`` and
        ``operator=None``. This function never raises.

    Examples
    --------
    >>> parse_value("≥266米")
    ParsedValue(text='≥266米', operator='≥', value=266.0, upper=None, unit='米')
    >>> parse_value("5万人次以上").unit
    '万人次'
    >>> parse_value("80%~90%")
    ParsedValue(text='80%~90%', operator='区间', value=80.0, upper=90.0, unit='%')
    >>> parse_value("按时完成").value is None
    True
    """
    if value is None:
        return ParsedValue("")
    if isinstance(value, ParsedValue):
        return value
    if isinstance(value, str):
        return _with_date(_parse_text(value), year)
    if isinstance(value, datetime.date):  # datetime, pandas.Timestamp too
        if isinstance(value, datetime.datetime):
            try:
                import pandas as pd

                if pd.isna(value):
                    return ParsedValue("")
            except (TypeError, ValueError):  # pragma: no cover
                pass
            value = value.date()
        return ParsedValue(value.isoformat(), date=value)
    if isinstance(value, bool):
        return ParsedValue(str(value))
    if isinstance(value, numbers.Integral):
        return ParsedValue(str(int(value)), None, float(int(value)), None, "")
    if isinstance(value, (numbers.Real, Decimal)):
        number = float(value)
        if math.isnan(number):
            return ParsedValue("")
        if math.isinf(number):
            return ParsedValue(repr(number))
        return ParsedValue(_format_number(number), None, number, None, "")
    try:  # pd.NA, pd.NaT and other missing markers
        import pandas as pd

        if pd.isna(value):
            return ParsedValue("")
    except (TypeError, ValueError):
        pass
    return _with_date(_parse_text(str(value)), year)


def _with_date(parsed: ParsedValue, year: int | None) -> ParsedValue:
    if parsed.value is not None or not parsed.text:
        return parsed
    found = _read_date(parsed.text, year)[1]
    return parsed if found is None else replace(parsed, date=found)


# -- a target written in the indicator's name ----------------------------------------------------

#: Units a number at the end of an indicator name must carry (with their 十/百/千/万/亿 prefixes) to be read
#: as the target when no operator precedes it: "项目验收合格率100%", "新建道路3.2公里".
NAME_UNITS = frozenset(
    "% 个 人 人次 次 场 场次 户 家 所 项 篇 件 套 台 辆 株 棵 头 只 册 本 份 期 批 栋 座 处 条 段 间 张 元 元/人 "
    "米 千米 公里 平方米 亩 公顷 吨 千克 立方米 天 日 小时 分钟 工作日 月 年 周 岁 床 班 门 课时 学时 分 级 星 kW 千瓦 "
    "户次 人日 个百分点 百分点".split()
)
_NAME_START = re.compile(rf"(?:(?:{_FILL})\s*(?:{_OPS})?|(?:{_OPS}))\s*(?=[+-]?\d)|(?<![\d.A-Za-z])\d")
_NAME_BRACKET = re.compile(r"^(?P<name>.*?)\s*\((?P<target>[^()]+)\)\s*$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def split_target(name: str) -> tuple[str, ParsedValue] | None:
    """The indicator name and the target written at its end, when the table put the target in the name.

    Published tables that print only 分值 / 得分 often write the target into the indicator's name:
    ``"项目验收合格率100%"`` → (``"项目验收合格率"``, 100 ``"%"``), ``"群众满意度≥90%"``, ``"培训人数达到500人次以上"``,
    ``"完成竣工验收（2026年6月底前）"`` (a bracketed target: a number, a range or a date).

    Parameters
    ----------
    name : the indicator name as written.

    Returns
    -------
    (str, ParsedValue) or None
        The name without the target and the target, or ``None`` when the name ends with no target. A
        trailing number is a target only when an operator precedes it (``≥``, ``不低于``, ``达到``…) or its
        unit is one of :data:`NAME_UNITS` (``%``, ``人次``, ``万元``, ``公里``…), and at least two Chinese
        characters (or four letters) remain as the name: ``"PM2.5年均浓度"`` and ``"5G基站建设数"`` are
        names, not targets.

    Examples
    --------
    >>> split_target("项目验收合格率100%")
    ('项目验收合格率', ParsedValue(text='100%', operator=None, value=100.0, upper=None, unit='%'))
    >>> split_target("PM2.5年均浓度") is None
    True
    """
    original = str(name)
    text = to_halfwidth(original)  # one character for one: positions in text are positions in the name
    if not text.strip():
        return None
    m = _NAME_BRACKET.match(text)
    if m and _is_name(m["name"]):
        target = parse_value(original[m.start("target"):m.end("target")].strip())
        if target.kind in ("number", "range", "date"):
            return original[: m.end("name")].strip(), target
    for start in _NAME_START.finditer(text):
        head, tail = original[: start.start()].strip(), original[start.start():].strip()
        if not _is_name(head):
            continue
        target = parse_value(tail)
        if target.value is None:
            continue
        base = split_unit(target.unit)[1] if target.unit else ""
        if target.operator is not None or (base in NAME_UNITS or target.unit in NAME_UNITS):
            return head, target
    return None


def _is_name(head: str) -> bool:
    return len(_CJK.findall(head)) >= 2 or len(re.findall(r"[A-Za-z]", head)) >= 4


# -- units ----------------------------------------------------------------------------------------

_MAGNITUDE: dict[str, float] = {"十": 1e1, "百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8}
_UNIT_ALIASES: dict[str, str] = {"百分比": "%", "percent": "%", "pct": "%", "公斤": "千克", "公里": "千米"}


def split_unit(unit: str) -> tuple[float, str, str]:
    """Split a unit into its magnitude prefix and its base unit.

    Returns ``(factor, base, normalised)``: ``split_unit("万人次") == (1e4, "人次", "万人次")``,
    ``split_unit("亿元") == (1e8, "元", "亿元")``, ``split_unit("百万元") == (1e6, "元", "百万元")``.
    The prefixes are 十 百 千 万 亿 and their combinations, read from the left; ``百分点``, ``千分之``
    and the like (a prefix followed by 分) are units, not prefixes. ``"％"``, ``"百分比"`` and ``"%"`` are
    the same unit; ``公斤`` is read as 千克 and ``公里`` as 千米.
    """
    text = _SPACE.sub("", to_halfwidth(str(unit)))
    text = _UNIT_ALIASES.get(text.lower(), text)
    factor, i = 1.0, 0
    while i < len(text) and text[i] in _MAGNITUDE and not text[i + 1 :].startswith("分"):
        factor *= _MAGNITUDE[text[i]]
        i += 1
    return factor, text[i:], text


def units_compatible(unit: str, other: str) -> bool:
    """Whether values in ``unit`` and ``other`` can be compared (same base, or either unit empty)."""
    a, b = split_unit(unit), split_unit(other)
    return not a[2] or not b[2] or a[1] == b[1]


def convert_unit(value: float, unit: str, to: str, *, location: Mapping[str, object] | None = None) -> float:
    """Express ``value``, written in ``unit``, in the unit ``to``.

    Parameters
    ----------
    value : the number.
    unit : its unit as written (``"万人次"``, ``"%"``, ``""``).
    to : the unit wanted (``"人次"``).
    location : where the value comes from (file, row, indicator...), for the error message.

    Returns
    -------
    float
        ``value`` scaled by the ratio of the magnitude prefixes: ``convert_unit(5, "万人次", "人次")``
        is 50000.0; ``convert_unit(52300, "人次", "万人次")`` is 5.23.

    Notes
    -----
    An empty unit means "no unit written" and is taken to be the same unit as the other side
    (``convert_unit(52, "", "万元")`` is 52): fill in the indicator's unit (计量单位) first when a bare
    number means something else. Percentages are not rescaled: ``0.95`` against ``95%`` is returned as
    0.95 (an empty unit), so write both sides the same way.

    Raises
    ------
    InputError
        When the units differ by more than a magnitude prefix (``"场"`` vs ``"人次"``).
    """
    f_from, base_from, text_from = split_unit(unit)
    f_to, base_to, text_to = split_unit(to)
    if not text_from or not text_to or text_from == text_to:
        return float(value)
    if base_from != base_to:
        raise InputError(
            f"a value in '{unit}' cannot be compared with a value in '{to}': the units differ by more than "
            "a magnitude prefix (十/百/千/万/亿); write the target and the actual value in the same unit",
            location=location,
        )
    return float(value) * f_from / f_to


# -- bare fractions against percentage targets ----------------------------------------------------------

#: The largest bare number read as a fraction against a percentage target (150 %), and the smallest
#: percentage target for which such a reading is unambiguous.
FRACTION_MAX = 1.5


@dataclass(frozen=True)
class PercentReading:
    """How a bare actual was read against a percentage target (:func:`read_as_percent`).

    Attributes
    ----------
    value : the actual to score: ×100 when ``verdict`` is ``"converted"``, else unchanged.
    verdict : ``"converted"`` (a fraction, now in %), ``"ambiguous"`` (a fraction or a percentage; left as
        written) or ``""`` (the rule does not apply).
    """

    value: ParsedValue
    verdict: str = ""


def read_as_percent(actual: ParsedValue, target: ParsedValue) -> PercentReading:
    """Read a bare actual that may be a fraction written against a percentage target.

    The rule: when the target is in % (``"≥95%"``), the actual has no unit, and
    ``0 < actual ≤ 1.5`` (:data:`FRACTION_MAX`), the actual is plausibly a fraction (0.96 = 96 %):

    * target value > 1.5 — a fraction is the only sensible reading (0.96 % against 95 % is not a
      plausible report): the actual is converted, :math:`a' = 100\\,a`, verdict ``"converted"``;
    * target value ≤ 1.5 (e.g. ``≥1%``) — 0.96 may be 0.96 % or 96 %: nothing is converted, verdict
      ``"ambiguous"`` (the caller reports it and lowers the data confidence).

    An actual of 0, an actual with a unit, or a target not in % is returned as it is (verdict ``""``).
    For a range target the lower bound is the target value.

    Parameters
    ----------
    actual : the actual as parsed.
    target : the target as parsed.

    Returns
    -------
    PercentReading

    Notes
    -----
    Spreadsheets hold 96 % as 0.96 with a percent format; exported to CSV (or typed without the format)
    the cell is a bare 0.96 and the 10号 ratio rule would score 0.96 / 95 of the points. A package rule
    (see docs/formats.md, "Bare numbers against percentage targets").
    """
    if (actual.value is None or actual.unit or target.value is None
            or split_unit(target.unit)[2] != "%"):
        return PercentReading(actual)
    if not 0.0 < actual.value <= FRACTION_MAX or (actual.upper is not None and actual.upper > FRACTION_MAX):
        return PercentReading(actual)
    if target.value <= FRACTION_MAX:
        return PercentReading(actual, "ambiguous")
    upper = None if actual.upper is None else _hundredfold(actual.upper)
    converted = replace(actual, value=_hundredfold(actual.value), upper=upper, unit="%")
    return PercentReading(converted, "converted")


def _hundredfold(value: float) -> float:
    """``100 · value`` in decimal (0.57 → 57, not 56.99999999999999)."""
    return float(Decimal(repr(float(value))) * 100)
