"""Appraisal case files: an ``appraisal.yaml`` with cash-flow and deflator CSVs (the bundled examples' format).

The YAML names the files, the price base, the rates, conversion factors, adjustment options, the risk model's
variables, their distributions and rank correlations, scenarios and optimism-bias settings; see
``data/examples/environment_project/README.md`` for the data dictionary. Reading validates everything once, so the
notebooks only call library functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.cba.cashflows import _HEADERS, CashFlows
from perfmethods.cba.montecarlo import PERT, Distribution, LogNormal, Normal, Triangular, Uniform
from perfmethods.errors import InputError
from perfmethods.io import read_table, read_yaml

__all__ = ["AppraisalCase", "distribution_from_spec", "read_appraisal"]


def distribution_from_spec(spec: Mapping[str, Any], *, name: str = "", source: str = "") -> Distribution:
    """Build a distribution from ``{distribution: pert|triangular|normal|lognormal|uniform, ...}``.

    Parameters
    ----------
    spec : the mapping; parameters ``low``/``mode``/``high`` (pert, triangular), ``mean``/``sd`` (normal; lognormal
        gives the mean and sd of the variable itself), ``low``/``high`` (uniform).
    name : variable name, for messages.
    source : file name, for messages.
    """
    where = {"file": source or None, "key": name or None}
    if not isinstance(spec, Mapping) or "distribution" not in spec:
        raise InputError(f"the uncertainty of {name!r} must be a mapping with a 'distribution'; got {spec!r}",
                         location=where)
    kind = str(spec["distribution"]).lower()
    params = {k: v for k, v in spec.items() if k != "distribution"}
    builders = {"pert": PERT, "triangular": Triangular, "normal": Normal, "uniform": Uniform,
                "lognormal": LogNormal.from_mean_sd}
    if kind not in builders:
        raise InputError(f"unknown distribution {kind!r} for {name!r}; expected one of {sorted(builders)}",
                         location=where)
    try:
        return builders[kind](**{k: float(v) for k, v in params.items()})
    except TypeError as exc:
        raise InputError(f"the {kind} distribution of {name!r} has wrong parameters {sorted(params)}: {exc}",
                         location=where) from None
    except InputError as exc:
        raise InputError(f"{name!r}: {exc}", location=where) from None


@dataclass(frozen=True)
class AppraisalCase:
    """A validated appraisal case (see :func:`read_appraisal`).

    Attributes
    ----------
    name, name_en, unit, price_base, decision_year, synthetic : metadata.
    cashflows : version name → :class:`~perfmethods.cba.CashFlows` (as read: price bases may still be mixed).
    deflator : price index by year.
    rates : role → rate or schedule name.
    conversion_factors, options, variables, uncertainty, rank_correlation, scenarios, optimism_bias, closure_cost :
        the parameters of the appraisal, validated.
    folder : where the case was read from.
    """

    name: str
    name_en: str
    unit: str
    price_base: int
    decision_year: int | None
    synthetic: bool
    cashflows: Mapping[str, CashFlows]
    deflator: pd.Series
    rates: Mapping[str, Any]
    conversion_factors: Mapping[str, float] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    variables: Mapping[str, str] = field(default_factory=dict)
    uncertainty: Mapping[str, Distribution] = field(default_factory=dict)
    rank_correlation: Mapping[tuple[str, str], float] = field(default_factory=dict)
    scenarios: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    optimism_bias: Mapping[str, Any] = field(default_factory=dict)
    closure_cost: float = 0.0
    folder: str = ""

    def real(self, version: str) -> CashFlows:
        """The flows of a version at constant prices of ``price_base`` (deflated with the case's index).

        Parameters
        ----------
        version : a key of ``cashflows``.
        """
        if version not in self.cashflows:
            raise InputError(f"unknown cash-flow version {version!r}; the case has {sorted(self.cashflows)}",
                             location={"key": "version"})
        return self.cashflows[version].to_real(self.price_base, self.deflator)

    def line_change(self, key: str = "capital", *, before: str = "plan", after: str = "revised",
                    from_year: int | None = None) -> pd.DataFrame:
        """How the lines matching ``key`` changed between two cash-flow versions, at constant prices.

        Each line's total from ``from_year`` on (default: the decision year, so that sunk spending is left
        out; the first year when the case has none) in the real flows of both versions (:meth:`real`), and
        the relative change after / before − 1.

        Parameters
        ----------
        key : a flow name, category or kind (:meth:`CashFlows.select`), e.g. ``"capital"``.
        before, after : the two versions compared (keys of ``cashflows``).
        from_year : the first year counted.

        Returns
        -------
        DataFrame : ``flow``, ``<before>``, ``<after>`` (totals, in the case's unit) and ``change`` (NaN when
        the line's total before is 0).
        """
        old, new = self.real(before), self.real(after)
        start = from_year if from_year is not None else self.decision_year
        lines = old.select(key)
        missing = [line for line in lines if line not in new.amounts.index]
        if missing:
            raise InputError(f"the {after!r} flows have no line {missing[0]!r} of the {before!r} flows",
                             location={"key": key})

        def totals(flows: CashFlows) -> np.ndarray:
            amounts = flows.amounts.loc[lines]
            kept = amounts.columns >= start if start is not None else np.ones(amounts.shape[1], dtype=bool)
            return amounts.loc[:, kept].sum(axis=1).to_numpy(dtype=float)

        a, b = totals(old), totals(new)
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(a != 0, b / np.where(a != 0, a, 1.0) - 1.0, np.nan)
        return pd.DataFrame({"flow": lines, before: a, after: b, "change": change})

    def option_flows(self, version: str = "revised") -> dict[str, CashFlows]:
        """Each adjustment option's flows: the version's real flows scaled by the option's factors; the line
        of category ``closure`` carries ``closure_cost`` in the first year.

        Parameters
        ----------
        version : the cash-flow version the options adjust (default ``"revised"``).
        """
        base = self.real(version)
        if self.closure_cost and (base.meta["category"] == "closure").any():
            a = base.amounts.copy()
            a.loc[base.select("closure"), a.columns[0]] = self.closure_cost
            base = CashFlows._validated(a, base.meta, unit=base.unit, basis=base.basis, notes=base.notes)
        return {name: base.scale(factors) if factors else base for name, factors in self.options.items()}


def _require(cfg: Mapping[str, Any], key: str, source: str) -> Any:
    if key not in cfg:
        raise InputError(f"the appraisal file lacks the required key {key!r}", location={"file": source, "key": key})
    return cfg[key]


def _read_deflator(path: Path) -> pd.Series:
    """The price index by year from a ``year, price_index`` table (年份 / 价格指数 accepted)."""
    headers = {"year": {"year", "年份"}, "price_index": {"price_index", "价格指数"}}
    table = read_table(path, expected_headers=headers, required=("year", "price_index"))
    values = {}
    for column in ("year", "price_index"):
        raw = table.data[column]
        number = pd.to_numeric(raw, errors="coerce")
        bad = np.flatnonzero(number.isna().to_numpy() | ~np.isfinite(number.to_numpy(dtype=float)))
        if column == "year" and not bad.size:
            bad = np.flatnonzero(number.to_numpy(dtype=float) % 1 != 0)
        if bad.size:
            i = int(bad[0])
            kind = "a whole year" if column == "year" else "a number"
            raise InputError(f"the {column} must be {kind}; got {raw.iloc[i]!r}",
                             location=table.location(i, column))
        values[column] = number.to_numpy(dtype=float)
    return pd.Series(values["price_index"], index=values["year"].astype(int), name="price_index")


def read_appraisal(path: str | Path) -> AppraisalCase:
    """Read an appraisal case: ``appraisal.yaml`` (or the folder holding it) and the files it names.

    Parameters
    ----------
    path : the YAML file or its folder.

    Returns
    -------
    AppraisalCase

    Raises
    ------
    InputError : a missing file or key, an invalid flow table, an unknown variable or distribution.
    """
    p = Path(path)
    yml = p / "appraisal.yaml" if p.is_dir() else p
    if not yml.is_file():
        raise InputError("the appraisal file does not exist", location={"file": str(yml)})
    src = yml.name
    cfg = read_yaml(yml) or {}
    if not isinstance(cfg, Mapping):
        raise InputError("the appraisal file must be a mapping of keys (name, files, price_base, ...)",
                         location={"file": src})
    files = _require(cfg, "files", src)
    unit = str(cfg.get("unit", ""))
    flows_path = yml.parent / _require(files, "cashflows", src)
    if not flows_path.is_file():
        raise InputError("the cash-flow file named in the appraisal file does not exist",
                         location={"file": str(flows_path)})
    flows = read_table(flows_path, expected_headers={**_HEADERS, "version": {"version", "版本"}},
                       required=tuple(_HEADERS))
    if "version" in flows.data.columns:
        cashflows = {}
        for v, g in flows.data.groupby("version", sort=False):
            positions = np.flatnonzero(flows.data.index.isin(g.index))
            cashflows[str(v)] = CashFlows._from_long(
                g.drop(columns="version").reset_index(drop=True), unit=unit, source=flows_path.name,
                rows=tuple(flows.rows[i] for i in positions), headers=flows.headers)
    else:
        cashflows = {"base": CashFlows._from_table(flows, unit=unit)}
    deflator = pd.Series(dtype=float)
    if "deflator" in files:
        dpath = yml.parent / files["deflator"]
        if not dpath.is_file():
            raise InputError("the deflator file named in the appraisal file does not exist",
                             location={"file": str(dpath)})
        deflator = _read_deflator(dpath)
    any_cf = next(iter(cashflows.values()))
    variables = {str(k): str(v) for k, v in (cfg.get("variables") or {}).items()}
    for var, key in variables.items():
        any_cf.select(key)  # raises naming the key
    uncertainty = {}
    for var, spec in (cfg.get("uncertainty") or {}).items():
        if var not in variables and var != "rate":
            raise InputError(f"uncertainty is given for {var!r}, which is not a declared variable "
                             f"({sorted(variables)})", location={"file": src, "key": var})
        uncertainty[str(var)] = distribution_from_spec(spec, name=str(var), source=src)
    corr = {}
    for item in cfg.get("rank_correlation") or []:
        if not (isinstance(item, (list, tuple)) and len(item) == 3):
            raise InputError(f"each rank_correlation entry must be [variable, variable, rho]; got {item!r}",
                             location={"file": src, "key": "rank_correlation"})
        corr[(str(item[0]), str(item[1]))] = float(item[2])
    scen = {str(k): {str(a): float(b) for a, b in (v or {}).items()} for k, v in (cfg.get("scenarios") or {}).items()}
    for name, values in scen.items():
        bad = [v for v in values if v not in variables]
        if bad:
            raise InputError(f"scenario {name!r} sets undeclared variable(s) {bad}", location={"file": src,
                                                                                            "key": name})
    options = {str(k): {str(a): float(b) for a, b in (v or {}).items()} for k, v in (cfg.get("options") or {}).items()}
    return AppraisalCase(
        name=str(cfg.get("name", yml.parent.name)), name_en=str(cfg.get("name_en", cfg.get("name", ""))), unit=unit,
        price_base=int(_require(cfg, "price_base", src)),
        decision_year=int(cfg["decision_year"]) if cfg.get("decision_year") is not None else None,
        synthetic=bool(cfg.get("synthetic", False)), cashflows=cashflows, deflator=deflator,
        rates=dict(cfg.get("rates") or {}), conversion_factors={str(k): float(v) for k, v in
                                                               (cfg.get("conversion_factors") or {}).items()},
        options=options, variables=variables, uncertainty=uncertainty, rank_correlation=corr, scenarios=scen,
        optimism_bias=dict(cfg.get("optimism_bias") or {}), closure_cost=float(cfg.get("closure_cost", 0.0)),
        folder=str(yml.parent))
