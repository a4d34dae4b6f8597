"""Yearly cash flows by category, each with its price base (价格基准年), deflators and conversion factors.

Why hand-written: appraisal tables mix capital, operating and benefit lines, some at constant prices of a base
year and some nominal; pandas gives the table but not the rule that money carries its price base and that mixing
bases is an error (the most common appraisal mistake after discounting at the wrong rate). The conversion-factor
layer (shadow prices, 影子价格 / 换算系数) turns the same financial flows into economic flows, so FNPV and ENPV
come from one engine (EU 2014 guide ch. 2; 《建设项目经济评价方法与参数》第三版).

Price conversions (P_t: a price index, e.g. a GDP deflator, any level)
---------------------------------------------------------------------
nominal → real (prices of year B)   x_t · P_B / P_t
real (A) → real (B)                 x_t · P_B / P_A
real (A) → nominal                  x_t · P_t / P_A
Economic flows are financial flows times the conversion factor of their line (CF = 0 removes a transfer such as
taxes or subsidies; a shadow wage factor 0.25–0.8 for unskilled labour in China's 2006 parameters).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.cba.discounting import Schedule, Timing, discount_factors
from perfmethods.cba.measures import OptionComparison, eav, mirr, payback
from perfmethods.cba.returns import IRRResult, irr
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.io.tables import Table, read_table
from perfmethods.results import Result
from perfmethods.validation import check_language

__all__ = ["NOMINAL", "Appraisal", "CashFlows", "appraise", "compare_options"]

NOMINAL = "nominal"
Kind = Literal["cost", "benefit"]
_COLUMNS = {"year": "year", "年份": "year", "flow": "flow", "项目": "flow", "kind": "kind", "类型": "kind",
            "category": "category", "类别": "category", "price_base": "price_base", "价格基准": "price_base",
            "amount": "amount", "金额": "amount"}
#: Canonical column → accepted headers, for :func:`perfmethods.io.read_table`.
_HEADERS = {c: frozenset(k for k, v in _COLUMNS.items() if v == c) for c in dict.fromkeys(_COLUMNS.values())}


def _base_label(base: object) -> str:
    return "nominal prices" if base == NOMINAL else f"{base} prices"


@dataclass(frozen=True)
class CashFlows:
    """Yearly flows (rows: flow lines; columns: consecutive years) with kind, category and price base per line.

    Parameters
    ----------
    amounts : DataFrame, index = flow names, columns = consecutive integer years; positive amounts (a cost line
        holds costs as positive numbers; net = benefits - costs).
    meta : DataFrame indexed like ``amounts`` with ``kind`` (``"cost"``/``"benefit"``), ``category`` (e.g.
        ``"capital"``, ``"operating"``, ``"benefit:health"``) and ``price_base`` (an int year for constant prices,
        or ``"nominal"``).
    unit : currency unit (e.g. ``"万元"``).
    basis : ``"financial"`` or ``"economic"`` (after :meth:`economic`).

    Use :meth:`from_long`, :meth:`from_wide` or :meth:`read_csv` rather than the constructor.
    """

    amounts: pd.DataFrame
    meta: pd.DataFrame
    unit: str = ""
    basis: str = "financial"
    notes: tuple[str, ...] = field(default=())

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_wide(cls, table: pd.DataFrame, *, kinds: Mapping[str, str], categories: Mapping[str, str] | None = None,
                  price_base: int | str | Mapping[str, int | str], unit: str = "") -> CashFlows:
        """Build from a table with one row per year (index) and one column per flow line.

        Parameters
        ----------
        table : index = years (consecutive integers), columns = flow names.
        kinds : flow name → ``"cost"`` or ``"benefit"``.
        categories : flow name → category (default: ``"capital"``/``"operating"`` guessed no further: the kind).
        price_base : one base for all lines (an int year or ``"nominal"``) or flow name → base.
        unit : currency unit.
        """
        if not isinstance(table, pd.DataFrame):
            raise InputError(f"The 'table' parameter of CashFlows.from_wide must be a DataFrame; got "
                             f"{type(table).__name__}.")
        names = [str(c) for c in table.columns]
        bases = price_base if isinstance(price_base, Mapping) else {n: price_base for n in names}
        meta = pd.DataFrame({"kind": [kinds.get(n) if isinstance(kinds, Mapping) else None for n in names],
                             "category": [(categories or {}).get(n, kinds.get(n)) for n in names],
                             "price_base": [bases.get(n) for n in names]}, index=pd.Index(names, name="flow"))
        amounts = pd.DataFrame(table.to_numpy(dtype=float).T, index=meta.index, columns=list(table.index))
        return cls._validated(amounts, meta, unit=unit)

    @classmethod
    def from_long(cls, table: pd.DataFrame, *, unit: str = "", source: str = "") -> CashFlows:
        """Build from a long table: one row per flow line and year.

        Parameters
        ----------
        table : columns ``year``, ``flow``, ``kind``, ``category``, ``price_base``, ``amount`` (or the Chinese
            headers 年份, 项目, 类型, 类别, 价格基准, 金额). A line absent in a year is 0 that year; the years
            must be consecutive.
        unit : currency unit.
        source : file name used in error messages.
        """
        return cls._from_long(table, unit=unit, source=source)

    @classmethod
    def _from_long(cls, table: pd.DataFrame, *, unit: str, source: str, rows: tuple[int, ...] = (),
                   headers: Mapping[str, str] | None = None) -> CashFlows:
        """:meth:`from_long` with the spreadsheet row of each row of ``table`` and the headers as written (for
        messages: a table read from a file names its own rows and columns)."""
        df = table.rename(columns={c: _COLUMNS.get(str(c).strip(), str(c).strip()) for c in table.columns})
        row_of = list(rows) if len(rows) == len(df) else [i + 2 for i in range(len(df))]
        written = dict(headers or {})
        missing = [c for c in ("year", "flow", "kind", "category", "price_base", "amount") if c not in df.columns]
        if missing:
            raise InputError(f"the cash-flow table lacks the columns {missing} (expected year, flow, kind, category, "
                             f"price_base, amount)", location={"file": source or None})
        df = df.copy()
        years = pd.to_numeric(df["year"], errors="coerce")
        amount = pd.to_numeric(df["amount"], errors="coerce")
        for col, values in (("year", years), ("amount", amount)):
            bad = np.flatnonzero(values.isna().to_numpy())
            if bad.size:
                i = int(bad[0])
                raise InputError(f"the {col} of flow {df['flow'].iloc[i]!r} is missing or not a number "
                                 f"({df[col].iloc[i]!r})", location={"file": source or None, "row": row_of[i],
                                                                     "column": written.get(col, col)})
        df["year"] = years.astype(int)
        df["amount"] = amount.astype(float)
        df["flow"] = df["flow"].astype(str)
        dup = df.duplicated(["flow", "year"])
        if dup.any():
            i = int(np.flatnonzero(dup.to_numpy())[0])
            raise InputError(f"flow {df['flow'].iloc[i]!r} has two amounts for year {df['year'].iloc[i]}",
                             location={"file": source or None, "row": row_of[i]})
        meta_rows = df.drop_duplicates("flow").set_index("flow")[["kind", "category", "price_base"]]
        for col in ("kind", "category", "price_base"):
            per_flow = df.groupby("flow", sort=False)[col].nunique(dropna=False)
            if (per_flow > 1).any():
                name = per_flow.index[int(np.flatnonzero(per_flow.to_numpy() > 1)[0])]
                raise InputError(f"flow {name!r} has several values of {col!r}; one line has one {col}",
                                 location={"file": source or None, "column": col})
        meta_rows = meta_rows.assign(price_base=[_parse_base(b, f, source) for f, b in meta_rows["price_base"].items()])
        lo, hi = int(df["year"].min()), int(df["year"].max())
        present = set(df["year"].tolist())
        gaps = [y for y in range(lo, hi + 1) if y not in present]
        if gaps:
            raise InputError(f"the cash-flow table has no row for year {gaps[0]} (years must be consecutive from {lo} "
                             f"to {hi}; enter 0 for a year with no flow)", location={"file": source or None,
                                                                                  "year": gaps[0]})
        wide = df.pivot(index="flow", columns="year", values="amount").reindex(index=meta_rows.index,
                                                                             columns=range(lo, hi + 1))
        return cls._validated(wide.fillna(0.0), meta_rows, unit=unit)

    @classmethod
    def read_csv(cls, path: str | Path, *, unit: str = "") -> CashFlows:
        """Read a long-format CSV or XLSX table (see :meth:`from_long`) with
        :func:`perfmethods.io.read_table`: UTF-8 with or without BOM or GB18030 (what Excel writes on Chinese
        Windows); errors name the file, the spreadsheet row and the column as written.

        Parameters
        ----------
        path : the CSV (or XLSX) file.
        unit : currency unit.
        """
        table = read_table(path, expected_headers=_HEADERS, required=tuple(_HEADERS))
        return cls._from_table(table, unit=unit)

    @classmethod
    def _from_table(cls, table: Table, *, unit: str = "") -> CashFlows:
        """The flows of a long table read by :func:`~perfmethods.io.read_table` (rows and headers kept)."""
        return cls._from_long(table.data, unit=unit, source=table.file.name, rows=table.rows,
                              headers=table.headers)

    @classmethod
    def _validated(cls, amounts: pd.DataFrame, meta: pd.DataFrame, *, unit: str, basis: str = "financial",
                   notes: tuple[str, ...] = ()) -> CashFlows:
        if amounts.shape[0] == 0 or amounts.shape[1] == 0:
            raise InputError("a CashFlows needs at least one flow line and one year")
        if meta.index.has_duplicates:
            raise InputError(f"flow names must be unique; {sorted(meta.index[meta.index.duplicated()])} repeat")
        for name, kind in meta["kind"].items():
            if kind not in ("cost", "benefit"):
                raise InputError(f"flow {name!r} has kind {kind!r}; expected 'cost' or 'benefit'",
                                 location={"key": str(name)})
        for name, base in meta["price_base"].items():
            _parse_base(base, name, "")
        years = [int(y) for y in amounts.columns]
        if any(b - a != 1 for a, b in pairwise(years)):
            gap = next(a + 1 for a, b in pairwise(years) if b - a != 1)
            raise InputError(f"the years of the cash flows must be consecutive; year {gap} is missing",
                             location={"year": gap})
        values = amounts.to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise InputError(f"flow {amounts.index[i]!r} has a missing amount in year {years[j]}",
                             location={"key": str(amounts.index[i]), "year": years[j]})
        amounts = pd.DataFrame(values.copy(), index=pd.Index([str(i) for i in amounts.index], name="flow"),
                               columns=pd.Index(years, name="year"))
        meta = meta.copy()
        meta.index = amounts.index
        return cls(amounts=amounts, meta=meta, unit=unit, basis=basis, notes=notes)

    def _replace(self, amounts: pd.DataFrame | None = None, meta: pd.DataFrame | None = None, *,
                 basis: str | None = None, note: str | None = None) -> CashFlows:
        return CashFlows._validated(self.amounts if amounts is None else amounts,
                                    self.meta if meta is None else meta, unit=self.unit,
                                    basis=self.basis if basis is None else basis,
                                    notes=self.notes + ((note,) if note else ()))

    # ------------------------------------------------------------------ views
    @property
    def years(self) -> np.ndarray:
        """The consecutive years (t = 0 is the first)."""
        return self.amounts.columns.to_numpy(dtype=int)

    @property
    def price_base(self) -> int | str:
        """The common price base of every line (an int year or ``"nominal"``).

        Raises
        ------
        InputError : the lines have different price bases (mixing bases is an error).
        """
        bases = self.meta["price_base"]
        if bases.nunique() != 1:
            groups = {b: list(bases.index[bases == b]) for b in bases.unique()}
            desc = "; ".join(f"{_base_label(b)}: {names}" for b, names in groups.items())
            raise InputError(f"the flows mix price bases ({desc}); convert them to one base with "
                             f"to_real(base_year, deflator) or to_nominal(deflator) first",
                             location={"key": str(bases.index[bases != bases.iloc[0]][0])})
        return bases.iloc[0]

    def signed(self) -> np.ndarray:
        """Flow matrix (lines × years) with costs negative, after checking the common price base."""
        _ = self.price_base
        sign = np.where(self.meta["kind"].to_numpy() == "cost", -1.0, 1.0)
        return self.amounts.to_numpy() * sign[:, None]

    def net(self) -> pd.Series:
        """Net flow (benefits - costs) by year."""
        return pd.Series(self.signed().sum(axis=0), index=self.amounts.columns, name="net")

    def totals(self) -> pd.DataFrame:
        """Costs, benefits and net flow by year (one price base required)."""
        s = self.signed()
        is_cost = self.meta["kind"].to_numpy() == "cost"
        return pd.DataFrame({"year": self.years, "costs": -s[is_cost].sum(axis=0), "benefits": s[~is_cost].sum(axis=0),
                             "net": s.sum(axis=0)})

    def select(self, key: str) -> list[str]:
        """Flow names matching a flow name, a category, or a kind (``"cost"``/``"benefit"``).

        Parameters
        ----------
        key : flow name, category or kind.
        """
        m = self.meta
        if key in m.index:
            return [key]
        hits = list(m.index[(m["category"] == key) | (m["kind"] == key)])
        if not hits:
            raise InputError(f"{key!r} is neither a flow, a category nor a kind of these cash flows (flows: "
                             f"{list(m.index)}; categories: {sorted(m['category'].astype(str).unique())})",
                             location={"key": key})
        return hits

    def summary(self) -> pd.DataFrame:
        """Tidy long table: flow, kind, category, price_base, year, amount."""
        long = self.amounts.stack().rename("amount").reset_index()
        return long.merge(self.meta.reset_index(), on="flow")[["flow", "kind", "category", "price_base", "year",
                                                               "amount"]]

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "basis": self.basis, "years": [int(y) for y in self.years],
                "notes": list(self.notes),
                "flows": [{"flow": n, "kind": r["kind"], "category": r["category"],
                           "price_base": r["price_base"] if r["price_base"] == NOMINAL else int(r["price_base"]),
                           "amounts": [float(v) for v in self.amounts.loc[n]]} for n, r in self.meta.iterrows()]}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Stacked bars of costs (negative) and benefits by year, with the net flow line."""
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator

        tr = translator(check_language(language, func="plot"), "plot.cba.flows.")
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.6))
        s = self.signed()
        pos = np.zeros(s.shape[1])
        neg = np.zeros(s.shape[1])
        for i, name in enumerate(self.amounts.index):
            v = s[i]
            bottom = np.where(v >= 0, pos, neg)
            ax.bar(self.years, v, bottom=bottom, label=name, width=0.8)
            pos += np.where(v >= 0, v, 0)
            neg += np.where(v < 0, v, 0)
        ax.plot(self.years, s.sum(axis=0), color="k", lw=1.2, label=tr("net"))
        ax.axhline(0, color="0.4", lw=0.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(tr("x"))
        ax.set_ylabel(f"{tr('y')} ({self.unit})" if self.unit else tr("y"))
        ax.legend(fontsize="x-small", ncol=2)
        return ax

    # ------------------------------------------------------------------ transformations
    def scale(self, factors: Mapping[str, float]) -> CashFlows:
        """Multiply lines by factors, keyed by flow name, category or kind (applied in the order given).

        Parameters
        ----------
        factors : key → multiplier.
        """
        a = self.amounts.copy()
        for key, f in factors.items():
            a.loc[self.select(key)] *= float(f)
        return self._replace(a, note=f"scaled {dict(factors)}")

    def _index(self, deflator: Mapping[int, float] | pd.Series, years: list[int], func: str) -> dict[int, float]:
        d = pd.Series(deflator, dtype=float) if not isinstance(deflator, pd.Series) else deflator.astype(float)
        d.index = [int(i) for i in d.index]
        out = {}
        for y in years:
            v = d.get(y, np.nan)
            if not np.isfinite(v) or v <= 0:
                raise InputError(f"The 'deflator' of {func} has no positive price index for year {y}; it must cover "
                                 f"every year of the flows and every price base year", location={"key": "deflator",
                                                                                                "year": y})
            out[y] = float(v)
        return out

    def to_real(self, base_year: int, deflator: Mapping[int, float] | pd.Series) -> CashFlows:
        """Express every line at constant prices of ``base_year``.

        Parameters
        ----------
        base_year : the target price base year.
        deflator : price index by year (any level), covering the flows' years and the lines' base years.
        """
        bases = [int(b) for b in self.meta["price_base"] if b != NOMINAL]
        p = self._index(deflator, sorted({*self.years.tolist(), *bases, int(base_year)}), "to_real")
        yrs = self.years
        pt = np.array([p[int(y)] for y in yrs])
        factor = np.empty(self.amounts.shape)
        for i, b in enumerate(self.meta["price_base"]):
            factor[i] = p[int(base_year)] / pt if b == NOMINAL else p[int(base_year)] / p[int(b)]
        meta = self.meta.assign(price_base=int(base_year))
        return self._replace(self.amounts * factor, meta, note=f"to real {base_year} prices")

    def to_nominal(self, deflator: Mapping[int, float] | pd.Series) -> CashFlows:
        """Express every line at nominal (current) prices.

        Parameters
        ----------
        deflator : price index by year, covering the flows' years and the lines' base years.
        """
        bases = [int(b) for b in self.meta["price_base"] if b != NOMINAL]
        p = self._index(deflator, sorted({*self.years.tolist(), *bases}), "to_nominal")
        pt = np.array([p[int(y)] for y in self.years])
        factor = np.empty(self.amounts.shape)
        for i, b in enumerate(self.meta["price_base"]):
            factor[i] = 1.0 if b == NOMINAL else pt / p[int(b)]
        meta = self.meta.assign(price_base=NOMINAL)
        return self._replace(self.amounts * factor, meta, note="to nominal prices")

    def economic(self, conversion_factors: Mapping[str, float], *, default: float = 1.0) -> CashFlows:
        """Economic (shadow-price) flows: each line times its conversion factor.

        Parameters
        ----------
        conversion_factors : key → factor, keyed by flow name, category or kind; a flow's own name wins over its
            category, and its category over its kind. 0 removes a transfer (taxes, subsidies).
        default : factor of lines without a key (1 = market price is the shadow price).
        """
        cf = np.full(len(self.meta), float(default))
        specificity = np.full(len(self.meta), -1)
        for key, value in conversion_factors.items():
            v = float(value)
            if not np.isfinite(v) or v < 0:
                raise InputError(f"the conversion factor of {key!r} must be a number >= 0; got {value!r}",
                                 location={"key": str(key)})
            level = 2 if key in self.meta.index else (1 if (self.meta["category"] == key).any() else 0)
            rows = np.isin(self.meta.index, self.select(key))
            take = rows & (specificity <= level)
            cf[take] = v
            specificity[take] = level
        out = self._replace(self.amounts * cf[:, None], basis="economic",
                            note=f"conversion factors {dict(conversion_factors)}")
        return out

    def shift(self, key: str, years: int) -> CashFlows:
        """Delay the lines matching ``key`` by whole years (the horizon grows if needed; vacated years are 0).

        Parameters
        ----------
        key : flow name, category or kind.
        years : delay, >= 0.
        """
        if int(years) != years or years < 0:
            raise InputError(f"The 'years' parameter of shift must be a whole number >= 0; got {years!r}.")
        years = int(years)
        if years == 0:
            return self
        cols = list(range(int(self.years[0]), int(self.years[-1]) + years + 1))
        a = self.amounts.reindex(columns=cols, fill_value=0.0)
        names = self.select(key)
        v = a.loc[names].to_numpy()
        a.loc[names] = np.concatenate([np.zeros((len(names), years)), v[:, :-years]], axis=1)
        return self._replace(a, note=f"{key} delayed {years} years")

    def npv(self, rate: float | str | Schedule, *, timing: Timing = "end") -> float:
        """NPV of the net flow, discounted to the first year (t = 0).

        Parameters
        ----------
        rate : rate or schedule.
        timing : year convention.
        """
        return float(self.net().to_numpy() @ discount_factors(self.amounts.shape[1], rate, timing=timing))


def _parse_base(base: object, flow: object, source: str) -> int | str:
    if isinstance(base, str):
        s = base.strip().lower()
        if s in (NOMINAL, "名义", "现价"):
            return NOMINAL
        try:
            return int(float(s))
        except ValueError:
            pass
    elif (isinstance(base, (int, np.integer)) and not isinstance(base, bool)) or (
            isinstance(base, (float, np.floating)) and np.isfinite(base) and float(base).is_integer()):
        return int(base)
    raise InputError(f"flow {flow!r} has price base {base!r}; expected a year (constant prices of that year) or "
                     f"'nominal'", location={"file": source or None, "key": str(flow), "column": "price_base"})


@dataclass(frozen=True, repr=False)
class Appraisal(Result):
    """Appraisal measures of one set of cash flows at one rate or schedule.

    Attributes
    ----------
    basis : ``"financial"`` or ``"economic"``.
    schedule : name of the rate or schedule.
    price_base : the common price base.
    pv_benefits, pv_costs, npv, bcr, eav : present values (t = 0 = first year), ratio, equivalent annual value.
    irr : every IRR (:class:`~perfmethods.cba.returns.IRRResult`).
    mirr : MIRR with finance and reinvestment rates equal to the first-year rate of the schedule.
    payback, discounted_payback : years from the first year (NaN: never).
    years, discounted_net : the years and discounted net flows (for the plot).
    unit : currency unit.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("npv", "bcr", "pv_benefits", "pv_costs", "eav",
                                                   "discounted_payback")

    basis: str
    schedule: str
    price_base: int | str
    pv_benefits: float
    pv_costs: float
    npv: float
    bcr: float
    eav: float
    irr: IRRResult
    mirr: float
    payback: float
    discounted_payback: float
    years: tuple[int, ...]
    discounted_net: tuple[float, ...]
    unit: str = ""

    def summary(self) -> pd.DataFrame:
        """One row per measure: ``measure``, ``value``."""
        names = ["pv_benefits", "pv_costs", "npv", "bcr", "eav", "irr", "mirr", "payback", "discounted_payback"]
        values = [self.pv_benefits, self.pv_costs, self.npv, self.bcr, self.eav, self.irr.value, self.mirr,
                  self.payback, self.discounted_payback]
        return pd.DataFrame({"measure": names, "value": values, "basis": self.basis, "schedule": self.schedule})

    def to_dict(self) -> dict[str, Any]:
        def clean(v: float) -> float | None:
            return None if v is None or not np.isfinite(v) else float(v)

        base = self.price_base if self.price_base == NOMINAL else int(self.price_base)
        return {"basis": self.basis, "schedule": self.schedule, "price_base": base, "unit": self.unit,
                "pv_benefits": clean(self.pv_benefits), "pv_costs": clean(self.pv_costs), "npv": clean(self.npv),
                "bcr": clean(self.bcr), "eav": clean(self.eav), "irr": self.irr.to_dict(), "mirr": clean(self.mirr),
                "payback": clean(self.payback), "discounted_payback": clean(self.discounted_payback)}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Cumulative discounted net flow by year; it crosses 0 at the discounted payback."""
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator

        tr = translator(check_language(language, func="plot"), "plot.cba.appraisal.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        cum = np.cumsum(self.discounted_net)
        ax.plot(self.years, cum, marker=".", color="C0")
        ax.fill_between(self.years, cum, 0, where=cum < 0, color="C3", alpha=0.15)
        ax.fill_between(self.years, cum, 0, where=cum >= 0, color="C2", alpha=0.15)
        ax.axhline(0, color="0.4", lw=0.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(tr("x"))
        ax.set_ylabel(f"{tr('y')} ({self.unit})" if self.unit else tr("y"))
        ax.set_title(tr("title"))
        return ax


def appraise(cashflows: CashFlows, rate: float | str | Schedule = "china_2006", *, timing: Timing = "end") -> Appraisal:
    """Every appraisal measure of a set of cash flows.

    Parameters
    ----------
    cashflows : the flows (one price base; real flows with a real rate, nominal flows with a nominal rate).
    rate : constant rate, schedule name or :class:`~perfmethods.cba.discounting.Schedule` (default ``"china_2006"``,
        8 %).
    timing : ``"end"`` or ``"mid"`` year convention.

    Returns
    -------
    Appraisal
    """
    if not isinstance(cashflows, CashFlows):
        raise InputError(f"The 'cashflows' parameter of appraise must be a CashFlows; got {type(cashflows).__name__}.")
    base = cashflows.price_base
    base = base if base == NOMINAL else int(base)
    tot = cashflows.totals()
    n = len(tot)
    df = discount_factors(n, rate, timing=timing)
    pvb = float(tot["benefits"].to_numpy() @ df)
    pvc = float(tot["costs"].to_numpy() @ df)
    net = tot["net"].to_numpy()
    sched_name = rate.name if isinstance(rate, Schedule) else str(rate)
    r0 = float(np.asarray(discount_factors([1], rate, timing="end"))[0]) ** -1 - 1.0
    return Appraisal(
        basis=cashflows.basis, schedule=sched_name, price_base=base, pv_benefits=pvb, pv_costs=pvc, npv=pvb - pvc,
        bcr=pvb / pvc if pvc > 0 else float("nan"), eav=float(eav(net, rate, timing=timing)) if n > 1 else float("nan"),
        irr=irr(net) if np.any(net) else IRRResult((), float("nan"), "none", 0, tuple(net)),
        mirr=mirr(net, r0, r0) if n > 1 else float("nan"), payback=payback(net),
        discounted_payback=payback(net, rate, timing=timing), years=tuple(int(y) for y in cashflows.years),
        discounted_net=tuple(float(v) for v in net * df), unit=cashflows.unit)


def compare_options(options: Mapping[str, CashFlows], rate: float | str | Schedule = "china_2006", *,
                    timing: Timing = "end") -> OptionComparison:
    """Compare options (e.g. dynamic adjustments: raise the budget, cut the target, stop) by NPV.

    Parameters
    ----------
    options : option name → its cash flows (same price base across options).
    rate : rate or schedule.
    timing : year convention.

    Returns
    -------
    OptionComparison : ``option``, ``npv``, ``pv_benefits``, ``pv_costs``, ``bcr``, ``irr`` (NaN unless unique),
        ``irr_flag`` and ``rank`` (1 = highest NPV); ``best`` is the highest-NPV option.
    """
    if not isinstance(options, Mapping) or not options:
        raise InputError("The 'options' parameter of compare_options must be a non-empty mapping of name to "
                         "CashFlows.")
    rows, bases = [], {}
    for name, cf in options.items():
        if not isinstance(cf, CashFlows):
            raise InputError(f"option {name!r} of compare_options must be a CashFlows; got {type(cf).__name__}",
                             location={"key": str(name)})
        a = appraise(cf, rate, timing=timing)
        bases[name] = a.price_base
        rows.append({"option": str(name), "npv": a.npv, "pv_benefits": a.pv_benefits, "pv_costs": a.pv_costs,
                     "bcr": a.bcr, "irr": a.irr.value, "irr_flag": a.irr.flag})
    if len(set(bases.values())) > 1:
        raise InputError(f"the options have different price bases {bases}; convert them to one base first",
                         location={"key": "options"})
    t = pd.DataFrame(rows)
    t["rank"] = t["npv"].rank(ascending=False, method="min").astype(int)
    return OptionComparison(table=t, method="npv", rate=rate)
