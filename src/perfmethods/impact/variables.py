"""The variables of an impact evaluation as a reader sees them: name, unit, rounding and timing (变量说明).

A report shows each number once rounded, with its unit: "57.8 万元" in the key figures and the same "57.8 万元"
in the text. The data dictionary (``variables.yaml`` beside the data) says, for each column, its name and unit
in both languages, the unit of an effect on it when that differs (a change in a percentage is in 个百分点), the
decimals shown, and when it is measured relative to funding — ``before`` (at or before the application: a
pre-treatment covariate, never a surrogate), ``after`` (after funding) or ``yearly`` (each period of a panel).
:meth:`Variable.format` is the one rounding of a value; every card, sentence and table of the report uses it.

File layout (YAML, one mapping per column)::

    revenue: {name_zh: 营业收入, name_en: revenue, unit_zh: 万元, unit_en: "10,000 yuan", decimals: 1,
              measured: yearly}
    score:   {name_zh: 评审得分, name_en: application score, unit_zh: 分, unit_en: points, decimals: 1,
              measured: before}

Why hand-written: a dictionary lookup and a format spec; the file is read through :func:`perfmethods.io.read_yaml`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfmethods.errors import InputError
from perfmethods.io import read_yaml
from perfmethods.validation import check_language

__all__ = ["MEASURED", "Variable", "Variables", "read_variables"]

#: When a variable is measured relative to funding.
MEASURED: tuple[str, ...] = ("before", "after", "yearly")

_KEYS = ("name_zh", "name_en", "unit_zh", "unit_en", "effect_unit_zh", "effect_unit_en", "decimals", "measured")
_REQUIRED = ("name_zh", "name_en", "unit_zh", "unit_en", "decimals", "measured")


@dataclass(frozen=True)
class Variable:
    """One column of the data as the report shows it.

    Attributes
    ----------
    key : the column name in the data.
    name_zh, name_en : its name in the report.
    unit_zh, unit_en : the unit of its values.
    effect_unit_zh, effect_unit_en : the unit of an effect on it (default: the values' unit).
    decimals : decimals shown (0–6).
    measured : ``"before"``, ``"after"`` or ``"yearly"`` (:data:`MEASURED`).
    """

    key: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    effect_unit_zh: str
    effect_unit_en: str
    decimals: int
    measured: str

    @property
    def pre_treatment(self) -> bool:
        """Measured before funding: a covariate, never a surrogate."""
        return self.measured == "before"

    def name(self, language: str = "zh") -> str:
        """The variable's name in ``language``."""
        return self.name_zh if check_language(language, func="Variable.name") == "zh" else self.name_en

    def unit(self, language: str = "zh", *, effect: bool = False) -> str:
        """The unit of a value (or, with ``effect=True``, of an effect on it) in ``language``."""
        zh = check_language(language, func="Variable.unit") == "zh"
        if effect:
            return self.effect_unit_zh if zh else self.effect_unit_en
        return self.unit_zh if zh else self.unit_en

    def format(self, value: float, *, decimals: int | None = None) -> str:
        """The number rounded once to ``decimals`` (default the variable's), with thousands separators.

        ``"—"`` for a missing value; ``-0.0`` is shown as ``0.0``.
        """
        places = self.decimals if decimals is None else int(decimals)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        text = f"{float(value):,.{places}f}"
        return text[1:] if text.startswith("-") and float(text[1:].replace(",", "")) == 0 else text

    def with_unit(self, value: float, language: str = "zh", *, effect: bool = False,
                  decimals: int | None = None) -> str:
        """``format(value)`` followed by its unit: ``"57.8 万元"``, ``"2.35%"``, ``"0.35 个百分点"``."""
        unit = self.unit(language, effect=effect)
        number = self.format(value, decimals=decimals)
        return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@dataclass(frozen=True)
class Variables(Mapping[str, Variable]):
    """The data dictionary: ``{column: Variable}``, read by :func:`read_variables`.

    Looking up a column it does not describe raises :class:`InputError` naming the column and the file.
    """

    entries: Mapping[str, Variable]
    source: str = ""

    def __getitem__(self, key: str) -> Variable:
        if key not in self.entries:
            where = f" ({self.source})" if self.source else ""
            raise InputError(f"the data dictionary{where} does not describe the column {key!r}; add its name, "
                             f"unit, decimals and when it is measured. It describes {sorted(self.entries)}.",
                             location={"file": self.source, "key": key} if self.source else {"key": key})
        return self.entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def pre_treatment(self) -> tuple[str, ...]:
        """The columns measured before funding (covariates, never surrogates)."""
        return tuple(k for k, v in self.entries.items() if v.pre_treatment)


def _variable(key: str, raw: Any, file: str) -> Variable:
    where = {"file": file, "key": key}
    if not isinstance(raw, Mapping):
        raise InputError(f"the entry of {key!r} must be a mapping of {list(_REQUIRED)}; got {raw!r}.",
                         location=where)
    unknown = [k for k in raw if k not in _KEYS]
    missing = [k for k in _REQUIRED if k not in raw]
    if unknown or missing:
        raise InputError(f"the entry of {key!r} " + (f"lacks {missing}" if missing else "")
                         + (" and " if missing and unknown else "") + (f"has unknown keys {unknown}" if unknown
                                                                      else "") + f"; the keys are {list(_KEYS)}.",
                         location=where)
    decimals = raw["decimals"]
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise InputError(f"'decimals' of {key!r} must be an integer from 0 to 6; got {decimals!r}.", location=where)
    if raw["measured"] not in MEASURED:
        raise InputError(f"'measured' of {key!r} must be one of {list(MEASURED)} (before: at or before the "
                         f"application; after: after funding; yearly: each period); got {raw['measured']!r}.",
                         location=where)
    text = {k: str(raw.get(k, "")).strip() for k in _KEYS if k not in ("decimals", "measured")}
    empty = [k for k in ("name_zh", "name_en", "unit_zh", "unit_en") if not text[k]]
    if empty:
        raise InputError(f"{empty} of {key!r} must not be empty.", location=where)
    return Variable(key=key, name_zh=text["name_zh"], name_en=text["name_en"], unit_zh=text["unit_zh"],
                    unit_en=text["unit_en"], effect_unit_zh=text["effect_unit_zh"] or text["unit_zh"],
                    effect_unit_en=text["effect_unit_en"] or text["unit_en"], decimals=decimals,
                    measured=str(raw["measured"]))


def read_variables(path: str | Path) -> Variables:
    """Read a data dictionary (``variables.yaml``): each column's name, unit, decimals and timing.

    Parameters
    ----------
    path : the YAML file (layout in the module docstring).

    Returns
    -------
    Variables

    Raises
    ------
    InputError
        The file cannot be read (see :func:`perfmethods.io.read_yaml`), is not a mapping of columns, or an
        entry lacks a key, has an unknown one, an empty name or unit, ``decimals`` outside 0–6 or ``measured``
        outside :data:`MEASURED`; the message names the file and the column.
    """
    file = str(path)
    doc = read_yaml(path)
    if not isinstance(doc, Mapping) or not doc:
        raise InputError("a data dictionary is a mapping of column names to their name, unit, decimals and "
                         "timing; the file is empty or not a mapping.", location={"file": file})
    return Variables({str(k): _variable(str(k), v, file) for k, v in doc.items()}, source=file)
