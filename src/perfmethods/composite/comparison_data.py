"""A comparison folder: units (districts, departments) × years × indicators, with the framework and the resources.

The layout of ``data/examples/district_education/`` (its README is the data dictionary), which a finance bureau
fills for a composite-index comparison and an efficiency analysis of the same units:

* ``indicators.csv`` — ``id, dimension, name, direction, unit, weight, source``: the framework (step 1 of the
  JRC ten steps); ``direction`` is ``benefit``/正向 or ``cost``/逆向/反向 (every spelling
  :func:`perfmethods.model.framework.direction_sign` reads); ``weight`` relative within the dimension;
* ``dimensions.csv`` — ``dimension, weight``: the dimensions' weights in the index;
* ``panel.csv`` — ``district, year`` and one column per indicator id; a blank cell is a value not reported;
* ``resources.csv`` (optional) — ``district, year`` and the inputs and outputs of an efficiency analysis
  (e.g. spending 万元, teachers 人, pupils 人), every cell a number except the text column ``kind``.

Every table is read by :func:`perfmethods.io.read_table` (UTF-8, BOM or GB18030); a cell that is not a number,
an unknown direction, a dimension without a weight, an indicator of the panel not in the framework, a district
and year listed twice, or a district and year of the resources not in the panel raise :class:`InputError`
naming the file, the row and the column as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.io import Table, read_table
from perfmethods.model.framework import direction_sign
from perfmethods.validation import shown_value

__all__ = ["HEADERS", "ComparisonData", "read_comparison"]

_TEXT_COLUMNS = {"kind"}
#: Accepted spellings of the columns (a Chinese header works as well as the English one).
HEADERS: dict[str, set[str]] = {
    "id": {"id", "指标编号", "编号"}, "dimension": {"dimension", "维度", "一级指标"},
    "name": {"name", "指标名称", "名称"}, "direction": {"direction", "方向", "指标方向"},
    "unit": {"unit", "单位", "计量单位"}, "weight": {"weight", "权重"}, "source": {"source", "来源", "数据来源"},
    "district": {"district", "区县", "地区"}, "year": {"year", "年度", "年份"},
}


@dataclass(frozen=True)
class ComparisonData:
    """The tables of a comparison folder, checked and typed (see the module docstring).

    Attributes
    ----------
    folder : the folder read.
    indicators : one row per indicator (index ``id``): ``dimension``, ``name``, ``direction`` (+1 benefit, −1
        cost), ``unit``, ``weight``, ``source``.
    dimensions : the dimensions' weights (index = dimension, in file order).
    panel : one row per unit and year: ``district``, ``year`` (int) and one float column per indicator id.
    resources : one row per unit and year: ``district``, ``year``, the text column ``kind`` (if any) and one
        float column per input or output; ``None`` without ``resources.csv``.
    """

    folder: Path
    indicators: pd.DataFrame
    dimensions: pd.Series
    panel: pd.DataFrame
    resources: pd.DataFrame | None = None

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the panel, in order."""
        return tuple(sorted(int(y) for y in self.panel["year"].unique()))

    @property
    def framework(self) -> dict[str, str]:
        """``{indicator id: dimension}`` (the tree of :class:`~perfmethods.composite.CompositeIndex`)."""
        return {str(k): str(v) for k, v in self.indicators["dimension"].items()}

    @property
    def weights(self) -> dict[str, float]:
        """The nominal weights by node: every indicator (within its dimension) and every dimension."""
        return {**{str(k): float(v) for k, v in self.indicators["weight"].items()},
                **{str(k): float(v) for k, v in self.dimensions.items()}}

    @property
    def directions(self) -> dict[str, int]:
        """``{indicator id: +1 (benefit) or −1 (cost)}``."""
        return {str(k): int(v) for k, v in self.indicators["direction"].items()}

    def _year(self, frame: pd.DataFrame, year: int, what: str) -> pd.DataFrame:
        if int(year) not in self.years:
            raise InputError(f"the year {shown_value(year)} is not in the {what}; its years are "
                             f"{list(self.years)}", location={"file": str(self.folder / f'{what}.csv')})
        out = frame[frame["year"] == int(year)].drop(columns="year").set_index("district")
        out.index.name = "unit"
        return out

    def table(self, year: int) -> pd.DataFrame:
        """Units × indicators of one year (index = unit name, columns = indicator ids, floats, NaN = missing)."""
        return self._year(self.panel, year, "panel")[list(self.indicators.index)]

    def unreported(self, year: int) -> list[str]:
        """The indicators without any value in ``year`` (they cannot enter that year's index)."""
        values = self.table(year)
        return [str(c) for c in values.columns[values.isna().all(axis=0)]]

    def index_inputs(self, year: int) -> dict[str, Any]:
        """The arguments of :class:`~perfmethods.composite.CompositeIndex` for ``year``: ``data``, ``framework``,
        ``weights`` and ``directions`` over the indicators reported that year (an indicator without any value is
        left out, and its dimension's other indicators share its weight)."""
        left_out = set(self.unreported(year))
        keep = [i for i in self.indicators.index if i not in left_out]
        if not keep:
            raise InputError(f"no indicator has a value in {year}", location={"file": str(self.folder / "panel.csv")})
        dims = {self.framework[i] for i in keep}
        return {"data": self.table(year)[keep], "framework": {i: self.framework[i] for i in keep},
                "weights": {k: v for k, v in self.weights.items() if k in keep or k in dims},
                "directions": {i: self.directions[i] for i in keep}}

    def resources_table(self, year: int) -> pd.DataFrame:
        """Units × resources of one year (index = unit name)."""
        if self.resources is None:
            raise InputError("the comparison folder has no resources.csv", location={"file": str(self.folder)})
        return self._year(self.resources, year, "resources")

    def missing(self) -> pd.DataFrame:
        """Every value not reported: one row per (indicator, year) with the number and the names of the units."""
        long = self.panel.melt(id_vars=["district", "year"], var_name="indicator", value_name="value")
        gaps = long[long["value"].isna()]
        out = (gaps.groupby(["indicator", "year"], sort=True)["district"]
               .agg(n="size", units=lambda s: tuple(s)).reset_index())
        out.insert(1, "name", out["indicator"].map(self.indicators["name"]))
        return out


def _read(path: Path, required: tuple[str, ...]) -> Table:
    if not path.is_file():
        raise InputError("the comparison folder lacks this table", location={"file": str(path)})
    return read_table(path, expected_headers=HEADERS, required=required)


def _numbers(table: Table, column: str, *, blank: bool = True) -> pd.Series:
    """The column as floats (a blank cell: NaN when ``blank``); a cell that is not a number raises, located."""
    raw = table.data[column].map(lambda v: "" if v is None else str(v).strip())
    number = pd.to_numeric(raw.replace({"": None}), errors="coerce").astype(float)
    bad = number.isna().to_numpy() & ((raw != "").to_numpy() | (not blank))
    bad |= np.isinf(number.to_numpy())
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = raw.iloc[i]
        what = "is blank; a number is needed" if value == "" else f"must be a number; got {shown_value(value)}"
        raise InputError(f"the value {what}", location=table.location(i, column))
    return number


def _unique_rows(table: Table, frame: pd.DataFrame, keys: list[str]) -> None:
    dup = frame.duplicated(keys).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        shown = ", ".join(f"{k} {frame[k].iloc[i]}" for k in keys)
        raise InputError(f"{shown} appears more than once", location=table.location(i))


def _indicators(folder: Path) -> pd.DataFrame:
    table = _read(folder / "indicators.csv", ("id", "dimension", "name", "direction", "weight"))
    data = table.data
    frame = pd.DataFrame({c: data[c].map(lambda v: "" if v is None else str(v).strip())
                          for c in ("id", "dimension", "name")})
    signs = []
    for i, value in enumerate(data["direction"]):
        try:
            signs.append(direction_sign("" if value is None else value))
        except InputError as exc:
            raise InputError(exc.message, location=table.location(i, "direction", indicator=frame["id"].iloc[i])) \
                from None
    frame["direction"] = signs
    frame["weight"] = _numbers(table, "weight", blank=False).to_numpy()
    for column in ("unit", "source"):
        frame[column] = (data[column].map(lambda v: "" if v is None else str(v).strip())
                         if column in data.columns else "")
    for column in ("id", "dimension"):
        empty = (frame[column] == "").to_numpy()
        if empty.any():
            i = int(np.flatnonzero(empty)[0])
            raise InputError(f"the {column} is blank", location=table.location(i, column))
    negative = (frame["weight"] < 0).to_numpy()
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise InputError("the weight must be >= 0", location=table.location(i, "weight", indicator=frame["id"].iloc[i]))
    _unique_rows(table, frame, ["id"])
    return frame.set_index("id")


def _dimensions(folder: Path, indicators: pd.DataFrame) -> pd.Series:
    table = _read(folder / "dimensions.csv", ("dimension", "weight"))
    names = table.data["dimension"].map(lambda v: "" if v is None else str(v).strip())
    weights = _numbers(table, "weight", blank=False)
    frame = pd.DataFrame({"dimension": names, "weight": weights.to_numpy()})
    _unique_rows(table, frame, ["dimension"])
    negative = (frame["weight"] < 0).to_numpy()
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise InputError("the weight must be >= 0", location=table.location(i, "weight"))
    unknown = sorted(set(indicators["dimension"]) - set(names))
    if unknown:
        raise InputError(f"the dimension(s) {unknown} of indicators.csv have no weight here",
                         location={"file": str(table.file)})
    empty = sorted(set(names) - set(indicators["dimension"]))
    if empty:
        raise InputError(f"the dimension(s) {empty} have no indicator in indicators.csv",
                         location={"file": str(table.file)})
    return pd.Series(frame["weight"].to_numpy(), index=pd.Index(frame["dimension"], name="dimension"), name="weight")


def _long_table(path: Path, numeric: list[str] | None) -> tuple[Table, pd.DataFrame]:
    """``district, year`` and the number columns (``numeric``; default every column but the text ones)."""
    table = _read(path, ("district", "year"))
    data = table.data
    frame = pd.DataFrame({"district": data["district"].map(lambda v: "" if v is None else str(v).strip())})
    blank = (frame["district"] == "").to_numpy()
    if blank.any():
        i = int(np.flatnonzero(blank)[0])
        raise InputError("the district is blank", location=table.location(i, "district"))
    years = _numbers(table, "year", blank=False)
    fractional = (years != np.round(years)).to_numpy()
    if fractional.any():
        i = int(np.flatnonzero(fractional)[0])
        raise InputError(f"the year must be a whole number; got {shown_value(years.iloc[i])}",
                         location=table.location(i, "year"))
    frame["year"] = years.astype(int).to_numpy()
    columns = numeric if numeric is not None else [c for c in data.columns if c not in ("district", "year")]
    for column in columns:
        if column in _TEXT_COLUMNS and numeric is None:
            frame[column] = data[column].map(lambda v: "" if v is None else str(v).strip()).to_numpy()
        else:
            frame[column] = _numbers(table, column).to_numpy()
    _unique_rows(table, frame, ["district", "year"])
    return table, frame


def read_comparison(folder: str | Path) -> ComparisonData:
    """Read and check a comparison folder (tables described in the module docstring).

    Parameters
    ----------
    folder : the folder holding ``indicators.csv``, ``dimensions.csv``, ``panel.csv`` and optionally
        ``resources.csv``.

    Returns
    -------
    ComparisonData

    Raises
    ------
    InputError
        A missing table or column, a cell that is not a number, an unknown direction, a dimension without a
        weight, a panel column that is not an indicator (or an indicator without a column), a district and year
        listed twice, a negative or blank resource, or resources for a district and year not in the panel; the
        message names the file, row and column.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError("the comparison folder does not exist", location={"file": str(root)})
    indicators = _indicators(root)
    dimensions = _dimensions(root, indicators)
    ids = list(indicators.index)
    panel_path = root / "panel.csv"
    header = _read(panel_path, ("district", "year")).data.columns
    extra = [c for c in header if c not in ("district", "year") and c not in ids]
    absent = [i for i in ids if i not in header]
    if extra or absent:
        parts = ([f"columns {extra} are not indicators of indicators.csv"] if extra else []) + (
            [f"indicators {absent} have no column"] if absent else [])
        raise InputError("; ".join(parts), location={"file": str(panel_path)})
    _, panel = _long_table(panel_path, ids)
    resources = None
    res_path = root / "resources.csv"
    if res_path.is_file():
        table, resources = _long_table(res_path, None)
        for column in resources.columns:
            if column in ("district", "year") or column in _TEXT_COLUMNS:
                continue
            bad = (resources[column].isna() | (resources[column] < 0)).to_numpy()
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise InputError("a resource must be a number >= 0", location=table.location(i, column))
        known = set(zip(panel["district"], panel["year"], strict=True))
        outside = [i for i, key in enumerate(zip(resources["district"], resources["year"], strict=True))
                   if key not in known]
        if outside:
            i = outside[0]
            raise InputError(f"district {resources['district'].iloc[i]} in {resources['year'].iloc[i]} is not in "
                             "panel.csv", location=table.location(i))
    return ComparisonData(folder=root, indicators=indicators, dimensions=dimensions, panel=panel,
                          resources=resources)

