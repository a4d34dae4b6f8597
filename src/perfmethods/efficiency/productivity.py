"""Malmquist productivity index (Malmquist 指数) between adjacent periods, with its decomposition.

Färe, Grosskopf, Norris & Zhang (1994, *American Economic Review* 84(1):66-83), DEA form. With E^a(b) the
CCR (constant returns) efficiency of a unit's period-b inputs and outputs measured against the period-a
frontier (input orientation: θ, output orientation: 1/φ — under constant returns the two are equal), the
index from period t to t+1 is the geometric mean of the two adjacent-period indices

    M = [ E^t(t+1) / E^t(t) × E^{t+1}(t+1) / E^{t+1}(t) ]^{1/2} = EC × TC,
    EC = E^{t+1}(t+1) / E^t(t)                                   (技术效率变化, catching up),
    TC = [ E^t(t+1) / E^{t+1}(t+1) × E^t(t) / E^{t+1}(t) ]^{1/2}  (技术进步, frontier shift).

M > 1 means productivity grew (全要素生产率提高), < 1 that it fell. Under variable returns the efficiency
change splits further (FGNZ 1994, section II; the "三分法" of the Chinese literature, as in DEAP 2.1):
EC = PEC × SEC with PEC = V^{t+1}(t+1) / V^t(t) the change in BCC (pure technical) efficiency and
SEC = EC / PEC the change in scale efficiency; V is measured in the chosen orientation, which therefore
matters only for PEC and SEC.

Each period's frontier is built from the units observed in that period; a unit gets an index for a pair of
periods when it is observed in both. Cross-period efficiencies can exceed 1 (a unit of t+1 beyond the
period-t frontier); under constant returns with positive data they always exist.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.efficiency._common import check_orientation
from perfmethods.efficiency._data import DEAData, check_dea_data, variable_names
from perfmethods.efficiency._programmes import radial_scores
from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import check_frame, check_language

__all__ = ["INDEX_COLUMNS", "MalmquistResult", "malmquist"]

#: The index columns of every Malmquist table, in this order.
INDEX_COLUMNS: tuple[str, ...] = ("malmquist", "efficiency_change", "technical_change", "pure_efficiency_change",
                                  "scale_efficiency_change")


def _geometric_mean(frame: pd.DataFrame) -> pd.Series:
    return np.exp(np.log(frame[list(INDEX_COLUMNS)]).mean())


@dataclass(frozen=True, repr=False)
class MalmquistResult(Result):
    """Malmquist indices by unit and pair of adjacent periods (see :func:`malmquist`).

    Attributes
    ----------
    indices : DataFrame, one row per unit and pair of periods: ``unit``, ``base`` (t), ``comparison`` (t+1),
        the :data:`INDEX_COLUMNS` and the efficiencies behind them (``crs_t_t`` = E^t(t), ``crs_t_t1`` =
        E^t(t+1), ``crs_t1_t`` = E^{t+1}(t), ``crs_t1_t1`` = E^{t+1}(t+1), ``vrs_t_t``, ``vrs_t1_t1``).
    orientation : ``"input"`` or ``"output"`` (used for the VRS efficiencies behind PEC and SEC).
    periods : the periods in order.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("orientation", "n_units", "n_periods", "mean_malmquist")

    indices: pd.DataFrame
    orientation: str
    periods: tuple[Any, ...]

    @property
    def n_units(self) -> int:
        """Number of units with at least one index."""
        return int(self.indices["unit"].nunique())

    @property
    def n_periods(self) -> int:
        """Number of periods."""
        return len(self.periods)

    @property
    def mean_malmquist(self) -> float:
        """Geometric mean of every unit's index over every pair of periods."""
        return float(np.exp(np.log(self.indices["malmquist"]).mean()))

    def summary(self) -> pd.DataFrame:
        """Geometric means of the indices by pair of periods (index ``"2023-2024"``), and over all pairs (index
        ``"mean"``, from the first to the last period): DEAP's "annual means". Columns ``base``, ``comparison`` and
        the :data:`INDEX_COLUMNS`."""
        groups = self.indices.groupby(["base", "comparison"], sort=False)
        means = pd.DataFrame([_geometric_mean(g) for _, g in groups] + [_geometric_mean(self.indices)])
        ends = [key for key, _ in groups] + [(self.periods[0], self.periods[-1])]
        means.insert(0, "base", pd.Series([b for b, _ in ends], dtype=self.indices["base"].dtype))
        means.insert(1, "comparison", pd.Series([c for _, c in ends], dtype=self.indices["comparison"].dtype))
        means.index = pd.Index([f"{b}-{c}" for b, c in ends[:-1]] + ["mean"], name="periods")
        return means

    def unit_means(self) -> pd.DataFrame:
        """Geometric means of the indices by unit over all pairs of periods (DEAP's "firm means")."""
        out = self.indices.groupby("unit", sort=False)[list(INDEX_COLUMNS)].apply(_geometric_mean)
        out.index.name = "unit"
        return out

    def to_frame(self) -> pd.DataFrame:
        """The indices by unit (index: unit name) and pair of periods."""
        return self.indices.set_index("unit")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: options, periods, every index and the summary."""
        return {"orientation": self.orientation, "periods": [str(p) for p in self.periods],
                "indices": json_records(self.indices),
                "summary": json_records(self.summary().reset_index())}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Geometric means of M, EC and TC by pair of periods, with a dashed line at 1 (no change)."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.efficiency.")
        table = self.summary().drop(index="mean")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        x = np.arange(len(table))
        for column, marker in (("malmquist", "o"), ("efficiency_change", "s"), ("technical_change", "^")):
            ax.plot(x, table[column].to_numpy(), marker=marker, label=tr(f"index.{column}"))
        ax.axhline(1.0, color="#424242", linewidth=0.8, linestyle="--")
        ax.set_xticks(x, [str(i) for i in table.index])
        ax.set_title(tr("title.malmquist"))
        ax.set_ylabel(tr("axis.index"))
        ax.legend(frameon=False)
        return ax


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value (so that a message shows ``period 2024``, not ``period '2024'``)."""
    return value.item() if isinstance(value, np.generic) else value


def _period_data(panel: pd.DataFrame, *, unit: str, period: str, inputs: list[str], outputs: list[str],
                 ) -> dict[Any, DEAData]:
    keys = panel[[unit, period]]
    dup = keys.duplicated()
    if dup.any():
        first = keys[dup].iloc[0]
        raise InputError("malmquist: the panel has more than one row for this unit and period; each unit needs "
                         "one row per period", location={"unit": _plain(first[unit]), "period": _plain(first[period])})
    if keys.isna().any().any():
        row = int(np.flatnonzero(keys.isna().any(axis=1).to_numpy())[0])
        raise InputError("malmquist: the unit or period is missing", location={"row": row + 1})
    try:
        periods = sorted(panel[period].unique())
    except TypeError:
        raise InputError(f"malmquist: the periods in column {period!r} cannot be put in order; use years or "
                         "dates of one type") from None
    if len(periods) < 2:
        raise InputError(f"malmquist: a productivity index compares periods and needs at least 2; column "
                         f"{period!r} has {len(periods)}.")
    out: dict[Any, DEAData] = {}
    for p in periods:
        part = panel[panel[period] == p].set_index(unit)
        part.index = part.index.map(str)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out[p] = check_dea_data(part[inputs], part[outputs], func="malmquist")
            except InputError as exc:
                raise InputError(exc.message, location={**exc.location, "period": _plain(p)}) from None
        for w in caught:
            if issubclass(w.category, DataQualityWarning):
                warnings.warn(f"period {p}: {w.message}", DataQualityWarning, stacklevel=3)
    return out


def malmquist(panel: pd.DataFrame, *, unit: str, period: str, inputs: Sequence[str] | str,
              outputs: Sequence[str] | str, orientation: str = "input") -> MalmquistResult:
    """Malmquist productivity index M = EC × TC between adjacent periods, with EC = PEC × SEC.

    Parameters
    ----------
    panel : long table, one row per unit and period, with the unit, the period and every input and output.
    unit : the column naming the unit (department, district, programme).
    period : the column holding the period (year); periods are taken in sorted order.
    inputs : the input column(s); every value > 0.
    outputs : the output column(s); ≥ 0, with a positive output per unit and period.
    orientation : ``"input"`` or ``"output"``: the orientation of the variable-returns efficiencies behind PEC
        and SEC (M, EC and TC are measured under constant returns and do not depend on it).

    Returns
    -------
    MalmquistResult
        ``indices`` by unit and pair of periods; ``summary()`` the geometric means by pair of periods.

    Raises
    ------
    InputError
        A missing column, a duplicated unit and period, fewer than 2 periods, or data that :func:`dea` refuses
        (the message names the unit, variable and period).

    References
    ----------
    Färe, R., Grosskopf, S., Norris, M. & Zhang, Z. (1994). Productivity growth, technical progress, and
    efficiency change in industrialized countries. *American Economic Review* 84(1), 66-83.
    """
    func = "malmquist"
    orientation = check_orientation(orientation, func)
    x_cols = variable_names(inputs, name="inputs", func=func)
    y_cols = variable_names(outputs, name="outputs", func=func)
    frame = check_frame(panel, name="panel", func=func, columns=[unit, period, *x_cols, *y_cols])
    data = _period_data(frame, unit=unit, period=period, inputs=x_cols, outputs=y_cols)
    periods = list(data)
    own_crs: dict[Any, np.ndarray] = {}
    own_vrs: dict[Any, np.ndarray] = {}
    for p, d in data.items():
        theta = radial_scores(d.x, d.y, d.x, d.y, rts="crs", orientation="input")[0]
        own_crs[p] = np.minimum(theta, 1.0)
        vrs = radial_scores(d.x, d.y, d.x, d.y, rts="vrs", orientation=orientation)[0]
        own_vrs[p] = np.minimum(vrs, 1.0) if orientation == "input" else 1.0 / np.maximum(vrs, 1.0)
    tables = []
    for base, comparison in zip(periods[:-1], periods[1:], strict=True):
        d0, d1 = data[base], data[comparison]
        pos0 = {u: i for i, u in enumerate(d0.units)}
        pos1 = {u: i for i, u in enumerate(d1.units)}
        common = [u for u in d0.units if u in pos1]
        if not common:
            warnings.warn(f"malmquist: no unit is observed in both {base} and {comparison}; that pair of periods "
                          "has no index", DataQualityWarning, stacklevel=2)
            continue
        i0 = np.array([pos0[u] for u in common])
        i1 = np.array([pos1[u] for u in common])
        cross_01 = radial_scores(d1.x[i1], d1.y[i1], d0.x, d0.y, rts="crs", orientation="input")[0]  # E^t(t+1)
        cross_10 = radial_scores(d0.x[i0], d0.y[i0], d1.x, d1.y, rts="crs", orientation="input")[0]  # E^{t+1}(t)
        e00, e11 = own_crs[base][i0], own_crs[comparison][i1]
        v00, v11 = own_vrs[base][i0], own_vrs[comparison][i1]
        ec = e11 / e00
        tc = np.sqrt(cross_01 / e11 * e00 / cross_10)
        pec = v11 / v00
        tables.append(pd.DataFrame({
            "unit": common, "base": base, "comparison": comparison, "malmquist": ec * tc,
            "efficiency_change": ec, "technical_change": tc, "pure_efficiency_change": pec,
            "scale_efficiency_change": ec / pec, "crs_t_t": e00, "crs_t_t1": cross_01, "crs_t1_t": cross_10,
            "crs_t1_t1": e11, "vrs_t_t": v00, "vrs_t1_t1": v11}))
    if not tables:
        raise InputError("malmquist: no unit is observed in two adjacent periods, so no index can be computed.")
    indices = pd.concat(tables, ignore_index=True)
    if not np.isfinite(indices[list(INDEX_COLUMNS)].to_numpy()).all():
        bad = indices.loc[~np.isfinite(indices[list(INDEX_COLUMNS)]).all(axis=1)].iloc[0]
        raise InputError("malmquist: a cross-period efficiency of this unit could not be computed (an output that "
                         "no unit of the other period produces); check its data",
                         location={"unit": _plain(bad["unit"]), "period": _plain(bad["comparison"])})
    return MalmquistResult(indices=indices, orientation=orientation, periods=tuple(periods))
