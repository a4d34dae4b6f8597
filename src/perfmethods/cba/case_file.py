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
from perfmethods.cba.discounting import get_schedule
from perfmethods.cba.ex_ante import ExAnteEvidence, evidence_from_spec
from perfmethods.cba.montecarlo import PERT, Distribution, LogNormal, Normal, Triangular, Uniform, _links
from perfmethods.errors import InputError
from perfmethods.io import (
    check_keys,
    contained_file,
    key_line,
    read_framework_table,
    read_table,
    read_yaml,
    relocated,
    scalar,
)
from perfmethods.io.documents import suggestion
from perfmethods.model.framework import IndicatorFramework

__all__ = ["APPRAISAL_KEYS", "AppraisalCase", "distribution_from_spec", "read_appraisal"]


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
    accepted = _PARAMETERS[kind]
    unknown = [str(k) for k in params if k not in accepted]
    if unknown:
        line = key_line(spec, unknown[0])
        raise InputError(f"the {kind} distribution of {name!r} has wrong parameters: unknown '{unknown[0]}'"
                         f"{suggestion(unknown[0], accepted)}; its parameters are {', '.join(accepted)}",
                         location={**where, **({"line": line} if line is not None else {})})
    numbers = {}
    for k, v in params.items():
        try:
            numbers[k] = float(v)
        except (TypeError, ValueError):
            raise InputError(f"the parameter {k!r} of the {kind} distribution of {name!r} must be a number; "
                             f"got {v!r}", location=where) from None
    try:
        return builders[kind](**numbers)
    except TypeError as exc:
        raise InputError(f"the {kind} distribution of {name!r} has wrong parameters {sorted(params)}: {exc}",
                         location=where) from None
    except InputError as exc:
        raise InputError(f"{name!r}: {exc}", location=where) from None


#: The parameters each distribution of ``uncertainty`` accepts (``lamb``: the PERT shape, default 4).
_PARAMETERS = {"pert": ("low", "mode", "high", "lamb"), "triangular": ("low", "mode", "high"),
               "normal": ("mean", "sd"), "lognormal": ("mean", "sd"), "uniform": ("low", "high")}


@dataclass(frozen=True)
class AppraisalCase:
    """A validated appraisal case (see :func:`read_appraisal`).

    Attributes
    ----------
    name, name_en, unit, price_base, decision_year, synthetic : metadata.
    title, title_en : the report's title (empty when the case gives none).
    cashflows : version name → :class:`~perfmethods.cba.CashFlows` (as read: price bases may still be mixed).
    deflator : price index by year.
    rates : role → rate or schedule name.
    conversion_factors, options, variables, uncertainty, rank_correlation, scenarios, optimism_bias, closure_cost :
        the parameters of the appraisal, validated.
    folder : where the case was read from.
    benefits : benefit line → ``"cash"`` (fees and revenues actually collected) or ``"non_cash"`` (social benefits
        valued in money); see :meth:`financial`.
    ex_ante : the evidence of the ex-ante appraisal (``ex_ante:``), or ``None``.
    targets : the performance targets (``files.targets``, an indicator framework), or ``None``.
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
    title: str = ""
    title_en: str = ""
    benefits: Mapping[str, str] = field(default_factory=dict)
    ex_ante: ExAnteEvidence | None = None
    targets: IndicatorFramework | None = None

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

    def require_ex_ante(self) -> ExAnteEvidence:
        """The evidence of the ex-ante appraisal (``ex_ante:``).

        Raises
        ------
        InputError : the case file has no ``ex_ante:`` section.
        """
        if self.ex_ante is None:
            raise InputError("the appraisal file has no 'ex_ante:' section: an ex-ante appraisal needs the requested "
                             "option, the need, the implementation plan and the funding sources (see "
                             "data/examples/environment_project/README.md)",
                             location={"file": str(Path(self.folder) / "appraisal.yaml"), "key": "ex_ante"})
        return self.ex_ante

    def financial(self, flows: CashFlows) -> CashFlows:
        """The financial view of flows: cash only, every benefit line tagged ``non_cash`` removed.

        The financial analysis counts the money the project takes in and pays out; social benefits valued in
        money (cleaner water, avoided flood damage) are counted once, in the economic view (:meth:`economic`).

        Parameters
        ----------
        flows : flows of this case (e.g. an option's, from :meth:`option_flows`).

        Raises
        ------
        InputError : a benefit line is not tagged cash or non_cash in ``benefits:`` (a benefit of unknown nature
            would either be counted twice or dropped silently).
        """
        kept = [name for name in flows.amounts.index if self._benefit_tag(flows, name) != "non_cash"]
        return CashFlows._validated(flows.amounts.loc[kept], flows.meta.loc[kept], unit=flows.unit,
                                    basis="financial", notes=flows.notes + ("cash lines only",))

    def economic(self, flows: CashFlows) -> CashFlows:
        """The economic view of flows: every line (cash and non-cash benefits) at shadow prices
        (``conversion_factors``).

        Parameters
        ----------
        flows : flows of this case.

        Raises
        ------
        InputError : a benefit line is not tagged cash or non_cash in ``benefits:``.
        """
        for name in flows.amounts.index:
            self._benefit_tag(flows, name)
        return flows.economic(self.conversion_factors)

    def _benefit_tag(self, flows: CashFlows, name: str) -> str:
        if flows.meta.loc[name, "kind"] != "benefit":
            return "cost"
        if name not in self.benefits:
            raise InputError(f"the benefit line {name!r} is not tagged in 'benefits:' of appraisal.yaml; tag it "
                             f"cash (money collected, counted in the financial and economic views) or non_cash "
                             f"(a social benefit, counted in the economic view only)",
                             location={"file": "appraisal.yaml", "key": f"benefits.{name}"})
        return self.benefits[name]

    def funding_need(self, option: str, version: str = "revised", *, categories: tuple[str, ...] = (
            "capital", "transfer")) -> float:
        """What an option's funding must cover: its lines of ``categories`` from the decision year on, at current
        (nominal) prices, in the case's unit.

        Parameters
        ----------
        option : a key of ``options``.
        version : the cash-flow version the options adjust.
        categories : the categories counted (default capital cost and taxes).
        """
        if option not in self.options:
            raise InputError(f"unknown option {option!r}; the case has {sorted(self.options)}",
                             location={"key": "option"})
        flows = self.cashflows[version].to_nominal(self.deflator)
        flows = flows.scale(self.options[option]) if self.options[option] else flows
        lines = [line for c in categories for line in flows.select(c)]
        amounts = flows.amounts.loc[lines]
        start = self.decision_year if self.decision_year is not None else int(flows.years[0])
        return float(amounts.loc[:, amounts.columns >= start].to_numpy().sum())

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


#: The keys of ``appraisal.yaml`` (any other key is refused, with a suggestion: a misspelled ``uncertainity:``
#: must not silently drop the risk model).
APPRAISAL_KEYS = ("name", "name_en", "title", "title_en", "synthetic", "unit", "price_base", "decision_year",
                  "files", "rates", "conversion_factors", "options", "closure_cost", "variables", "uncertainty",
                  "rank_correlation", "scenarios", "optimism_bias", "benefits", "ex_ante")
_FILE_KEYS = ("cashflows", "deflator", "targets")
_BENEFIT_TAGS = {"cash": "cash", "现金": "cash", "non_cash": "non_cash", "非现金": "non_cash"}
_OPTIMISM_KEYS = ("project_type", "mitigation", "measure")


def _at(cfg: Mapping[str, Any], key: str, source: str, name: str | None = None) -> dict[str, object]:
    line = key_line(cfg, key)
    return {"file": source, **({"line": line} if line is not None else {}), "key": name or key}


def _rank_correlations(cfg: Mapping[str, Any], uncertainty: Mapping[str, Distribution], source: str
                       ) -> dict[tuple[str, str], float]:
    """The ``rank_correlation`` entries [variable, variable, rho]: uncertain variables, rho in [-1, 1], each pair
    once, and a matrix that a Monte Carlo run can impose (positive definite after conversion to normal scores)."""
    raw = cfg.get("rank_correlation") or []
    where = _at(cfg, "rank_correlation", source) if "rank_correlation" in cfg else {"file": source}
    if not isinstance(raw, list):
        raise InputError("'rank_correlation' must be a list of [variable, variable, rho] entries", location=where)
    corr: dict[tuple[str, str], float] = {}
    for item in raw:
        if not (isinstance(item, (list, tuple)) and len(item) == 3):
            raise InputError(f"each rank_correlation entry must be [variable, variable, rho]; got {item!r}",
                             location=where)
        a, b = str(item[0]), str(item[1])
        for var in (a, b):
            if var not in uncertainty:
                raise InputError(f"the rank_correlation entry {list(item)} names {var!r}, which has no distribution "
                                 f"under 'uncertainty' (uncertain variables: {', '.join(uncertainty) or 'none'})",
                                 location=where)
        if a == b:
            raise InputError(f"the rank_correlation entry {list(item)} correlates {a!r} with itself", location=where)
        try:
            rho = float(item[2])
        except (TypeError, ValueError):
            raise InputError(f"the rho of the rank_correlation entry {list(item)} must be a number",
                             location=where) from None
        if not -1.0 <= rho <= 1.0:  # NaN fails too
            raise InputError(f"the rho of the rank_correlation entry {list(item)} must lie between -1 and 1",
                             location=where)
        if (a, b) in corr or (b, a) in corr:
            raise InputError(f"the pair {a!r}, {b!r} is given twice in rank_correlation", location=where)
        corr[(a, b)] = rho
    if corr:
        try:
            _links(list(uncertainty), corr)
        except InputError as exc:
            raise InputError(exc.message, location=where) from None
    return corr


def _require(cfg: Mapping[str, Any], key: str, source: str) -> Any:
    if key not in cfg or cfg[key] is None:
        raise InputError(f"the appraisal file lacks the required key {key!r}", location={"file": source, "key": key})
    return cfg[key]


def _section(cfg: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    """The mapping under ``key`` (empty when absent), refusing a list or a single value."""
    value = cfg.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(f"'{key}' must be a mapping of names to values", location=_at(cfg, key, source))
    return value


def _float(cfg: Mapping[str, Any], key: str, source: str, name: str) -> float:
    value = scalar(cfg, key, file=source, section=name.rpartition(".")[0])
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InputError(f"'{name}' must be a number; got {value!r}", location=_at(cfg, key, source, name))
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"'{name}' must be a number; got {value!r}", location=_at(cfg, key, source, name)) from None
    if not np.isfinite(number):
        raise InputError(f"'{name}' must be a finite number; got {value!r}", location=_at(cfg, key, source, name))
    return number


def _year(cfg: Mapping[str, Any], key: str, source: str) -> int:
    value = scalar(cfg, key, file=source)
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise InputError(f"'{key}' must be a year such as 2025; got {value!r}", location=_at(cfg, key, source))
    year = int(value)
    if not 1900 <= year <= 2200:
        raise InputError(f"'{key}' must be a year such as 2025; got {year}", location=_at(cfg, key, source))
    return year


def _factors(cfg: Mapping[str, Any], key: str, source: str) -> dict[str, float]:
    """A mapping of names to numbers (``conversion_factors``, one option, one scenario)."""
    section = _section(cfg, key, source) if key in cfg else {}
    return {str(k): _float(section, k, source, f"{key}.{k}") for k in section}


def _nested_factors(cfg: Mapping[str, Any], key: str, source: str) -> dict[str, dict[str, float]]:
    section = _section(cfg, key, source)
    out = {}
    for name in section:
        inner = section[name]
        if inner is not None and not isinstance(inner, Mapping):
            raise InputError(f"'{key}.{name}' must be a mapping of lines to multipliers",
                             location=_at(section, name, source, f"{key}.{name}"))
        out[str(name)] = {str(k): _float(inner, k, source, f"{key}.{name}.{k}") for k in (inner or {})}
    return out


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


def read_appraisal(path: str | Path, *, allow_outside: bool = False) -> AppraisalCase:
    """Read an appraisal case: ``appraisal.yaml`` (or the folder holding it) and the files it names.

    Parameters
    ----------
    path : the YAML file or its folder.
    allow_outside : accept files named by an absolute path or lying outside the case folder (symbolic links
        included); by default they are refused.

    Returns
    -------
    AppraisalCase

    Raises
    ------
    InputError : a missing file or key, an unknown key (with a suggestion), a value of the wrong kind, a file
        outside the case folder, an invalid flow table, an unknown variable or distribution; naming the file,
        line and key (or row and column).
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
    check_keys(cfg, APPRAISAL_KEYS, file=src)
    _require(cfg, "price_base", src)
    files = _require(cfg, "files", src)
    if not isinstance(files, Mapping):
        raise InputError("'files' must be a mapping (cashflows: ..., deflator: ...)", location=_at(cfg, "files", src))
    check_keys(files, _FILE_KEYS, file=src, section="files")
    for key in ("name", "name_en", "title", "title_en", "unit", "synthetic"):
        scalar(cfg, key, file=src)
    unit = str(cfg.get("unit") or "")

    def named(key: str) -> Path:
        _require(files, key, src)
        try:
            return contained_file(scalar(files, key, file=src, section="files"), yml.parent, key=f"files.{key}",
                                  file=src, folder="project folder", allow_outside=allow_outside)
        except InputError as exc:
            line = key_line(files, key)
            raise relocated(exc, {"line": line} if line is not None else {}) from None

    flows_path = named("cashflows")
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
    if not cashflows:
        raise InputError("the cash-flow table has no rows", location={"file": str(flows_path)})
    deflator = pd.Series(dtype=float)
    if files.get("deflator") is not None:
        deflator = _read_deflator(named("deflator"))
    any_cf = next(iter(cashflows.values()))
    variables_section = _section(cfg, "variables", src)
    variables = {str(k): str(scalar(variables_section, k, file=src, section="variables"))
                 for k in variables_section}
    for var, key in variables.items():
        any_cf.select(key)  # raises naming the key
    uncertainty = {}
    spec_section = _section(cfg, "uncertainty", src)
    for var in spec_section:
        if var not in variables and var != "rate":
            raise InputError(f"uncertainty is given for {var!r}, which is not a declared variable "
                             f"({sorted(variables)})", location=_at(spec_section, var, src, f"uncertainty.{var}"))
        uncertainty[str(var)] = distribution_from_spec(spec_section[var], name=str(var), source=src)
    corr = _rank_correlations(cfg, uncertainty, src)
    scen = _nested_factors(cfg, "scenarios", src)
    scen_section = _section(cfg, "scenarios", src)
    for name, values in scen.items():
        bad = [v for v in values if v not in variables]
        if bad:
            raise InputError(f"scenario {name!r} sets undeclared variable(s) {bad}",
                             location=_at(scen_section, name, src, f"scenarios.{name}"))
    options = _nested_factors(cfg, "options", src)
    rates = _section(cfg, "rates", src)
    for key in rates:
        try:
            get_schedule(scalar(rates, key, file=src, section="rates"))
        except InputError as exc:
            raise InputError(f"the discount rate {key!r}: {exc.message}",
                             location=_at(rates, key, src, f"rates.{key}")) from None
    optimism = _section(cfg, "optimism_bias", src)
    check_keys(optimism, _OPTIMISM_KEYS, file=src, section="optimism_bias")
    benefit_section = _section(cfg, "benefits", src)
    benefits = {}
    for line_name in benefit_section:
        tag = str(scalar(benefit_section, line_name, file=src, section="benefits")).strip()
        where = _at(benefit_section, line_name, src, f"benefits.{line_name}")
        if tag not in _BENEFIT_TAGS:
            raise InputError(f"the benefit line {line_name!r} is tagged {tag!r}; tag it cash (现金) or non_cash "
                             f"(非现金)", location=where)
        if str(line_name) not in any_cf.amounts.index or any_cf.meta.loc[str(line_name), "kind"] != "benefit":
            raise InputError(f"'benefits' tags {line_name!r}, which is not a benefit line of the cash flows "
                             f"({', '.join(any_cf.select('benefit'))})", location=where)
        benefits[str(line_name)] = _BENEFIT_TAGS[tag]
    evidence = (evidence_from_spec(cfg["ex_ante"], options=list(options), source=src)
                if cfg.get("ex_ante") is not None else None)
    targets = read_framework_table(named("targets"), name=str(cfg.get("name") or "")) \
        if files.get("targets") is not None else None
    return AppraisalCase(
        name=str(cfg.get("name", yml.parent.name)), name_en=str(cfg.get("name_en", cfg.get("name", ""))), unit=unit,
        price_base=_year(cfg, "price_base", src),
        decision_year=_year(cfg, "decision_year", src) if cfg.get("decision_year") is not None else None,
        synthetic=bool(cfg.get("synthetic", False)), cashflows=cashflows, deflator=deflator,
        rates=dict(rates), conversion_factors=_factors(cfg, "conversion_factors", src),
        options=options, variables=variables, uncertainty=uncertainty, rank_correlation=corr, scenarios=scen,
        optimism_bias=dict(optimism),
        closure_cost=_float(cfg, "closure_cost", src, "closure_cost") if cfg.get("closure_cost") is not None else 0.0,
        folder=str(yml.parent), title=str(cfg.get("title") or ""),
        title_en=str(cfg.get("title_en") or cfg.get("title") or ""), benefits=benefits, ex_ante=evidence,
        targets=targets)
