"""Deciding among options on one governing NPV: the optimism-adjusted expected economic NPV, with its risk.

Why a library function: the report must not decide in notebook code, and three NPVs of one option (a point estimate,
a Monte Carlo mean, an optimism-adjusted figure) must not compete for the reader's trust. This module states which
one governs and how the three relate, and applies the decision rule to every option on the same random draws.

The three NPVs and the one that governs
---------------------------------------
deterministic NPV    NPV₀ = NPV(x̄₀): every uncertain input at its base value (the appraisal's point estimate).
expected NPV         E[NPV(X)]: the mean over the Monte Carlo draws X of the inputs; it differs from NPV₀ when the
                     input distributions are skewed (a cost that can overrun far more than it can under-run).
governing NPV        E[NPV_ob(X)]: the expected NPV after the optimism-bias uplift of the capital (or operating)
                     cost lines, drawn on the same X (common random numbers).

governing = deterministic + risk adjustment + optimism adjustment, with
risk adjustment = E[NPV(X)] − NPV₀ and optimism adjustment = E[NPV_ob(X)] − E[NPV(X)] (= −uplift · E[PV of the
uplifted lines]: NPV is linear in the flows). The governing NPV is the expected value of the appraisal's
uncertain outcome after the systematic bias of cost estimates is removed: the European Commission's guide makes
the expected NPV the decision value once a risk analysis has been done (Guide to Cost-Benefit Analysis of
Investment Projects, 2014, §2.9.2), HM Treasury's Green Book requires costs adjusted for optimism bias before
options are compared (Supplementary Green Book Guidance: Optimism Bias, 2003), and the Chinese decision
criterion is ENPV ≥ 0 (国家发展改革委、建设部《建设项目经济评价方法与参数》第三版, 2006). The optimism uplift after
mitigation stands for the risks the Monte Carlo model does not quantify; quantified risks are in X.

Decision rule
-------------
Every option is compared with the baseline option (what happens without the money, e.g. stopping the works and
paying for demobilisation; NPV 0 when there is none): increment = governing NPV − governing NPV of the baseline,
P(worse) = share of draws in which the option's NPV is below the baseline's on the same draw. The chosen option
has the largest governing NPV.

* ``fund_none``        the chosen option is the baseline, or its increment is negative: nothing is worth funding;
* ``fund_other``       the chosen option is not the one requested: fund it instead (adjust the request);
* ``fund_conditional`` the requested option is chosen but P(worse) exceeds ``max_p_worse``: fund with risk
                       conditions (cost caps, benefit targets, monitoring);
* ``fund_requested``   the requested option is chosen and its risk is within the limit.

``max_p_worse`` (:data:`MAX_P_WORSE`, default 0.2) is a local choice: neither the Chinese parameters nor the EU or
UK guides set a largest acceptable probability of a negative NPV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.cba.cashflows import CashFlows
from perfmethods.cba.discounting import Schedule
from perfmethods.cba.model import NPVModel
from perfmethods.cba.montecarlo import Distribution, sample_inputs
from perfmethods.cba.optimism import OptimismBias
from perfmethods.errors import InputError
from perfmethods.i18n import t, translator
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result, json_records
from perfmethods.validation import check_language, check_number

__all__ = ["MAX_P_WORSE", "OptionDecision", "decide_options"]

Status = Literal["fund_requested", "fund_conditional", "fund_other", "fund_none"]

#: The largest acceptable probability that the funded option does worse than the baseline (NPV below it).
MAX_P_WORSE: Rule[float] = Rule(
    0.2, Provenance.UNVERIFIED,
    "local choice of this package: no official threshold exists (《建设项目经济评价方法与参数》第三版 and the EU 2014 "
    "guide §2.9 ask for P(NPV < 0) to be reported, not for a limit)",
    note="a one-in-five chance that the money does worse than the baseline is the most accepted without conditions",
)


@dataclass(frozen=True, repr=False)
class OptionDecision(Result):
    """The options compared on the governing NPV, their risk, and the decision.

    Attributes
    ----------
    table : one row per option: ``option``, ``deterministic_npv``, ``expected_npv``, ``governing_npv``,
        ``risk_adjustment``, ``optimism_adjustment``, ``increment`` (governing NPV − the baseline's),
        ``p_negative`` (share of draws with governing NPV < 0), ``p_worse`` (share of draws below the baseline on
        the same draw; NaN for the baseline itself), ``p5``, ``p95`` (of the governing NPV), ``rank`` (1 = largest
        governing NPV).
    draws : governing NPV of every option (rows, in table order) on every draw (columns).
    option : the chosen option (largest governing NPV).
    requested : the option asked for.
    baseline : the option that stands for "no money" (``""`` when none: the baseline NPV is 0).
    status : see the module docstring.
    max_p_worse : the limit used.
    uplift : the optimism-bias uplift applied (0 when none).
    n_draws, seed : the Monte Carlo draws (common to every option).
    unit : currency unit.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("option", "status", "governing_npv", "p_worse")

    table: pd.DataFrame
    draws: np.ndarray
    option: str
    requested: str
    baseline: str
    status: Status
    max_p_worse: float
    uplift: float
    n_draws: int
    seed: int | None
    unit: str = ""

    def _row(self, option: str) -> pd.Series:
        return self.table.set_index("option").loc[option]

    @property
    def governing_npv(self) -> float:
        """Governing NPV of the chosen option."""
        return float(self._row(self.option)["governing_npv"])

    @property
    def p_worse(self) -> float:
        """P(worse than the baseline) of the chosen option (NaN when it is the baseline)."""
        return float(self._row(self.option)["p_worse"])

    @property
    def verdict(self) -> Literal["pass", "adjust", "fail"]:
        """``pass`` (fund as requested), ``adjust`` (fund another option or with conditions) or ``fail``."""
        return {"fund_requested": "pass", "fund_conditional": "adjust", "fund_other": "adjust",
                "fund_none": "fail"}[self.status]  # type: ignore[return-value]

    def statement(self, language: str = "zh", *, labels: Mapping[str, str] | None = None) -> str:
        """The decision in one sentence: which option, on which NPV, and how its three NPVs relate.

        Parameters
        ----------
        language : ``"zh"`` or ``"en"``.
        labels : option → the name shown (default: the option's own name).
        """
        lang = check_language(language, func="statement")
        names = dict(labels or {})
        row = self._row(self.option)
        return t("cba.decision.statement", lang, option=names.get(self.option, self.option),
                 baseline=t("cba.baseline_named", lang, name=names.get(self.baseline, self.baseline))
                 if self.baseline else t("cba.no_money", lang),
                 npv=row["governing_npv"], increment=row["increment"], det=row["deterministic_npv"],
                 risk=row["risk_adjustment"], exp=row["expected_npv"], opt=row["optimism_adjustment"],
                 unit=self.unit)

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"option": self.option, "requested": self.requested, "baseline": self.baseline,
                "status": self.status, "verdict": self.verdict, "governing_npv": self.governing_npv,
                "max_p_worse": self.max_p_worse, "uplift": self.uplift, "n_draws": self.n_draws, "seed": self.seed,
                "unit": self.unit, "table": json_records(self.table)}

    def plot(self, ax: Any = None, language: str = "zh", *, labels: Mapping[str, str] | None = None,
             kind: Literal["risk", "bridge"] = "risk") -> Any:
        """``kind="risk"``: the governing NPV's distribution of every option (box: quartiles, whiskers: 5–95 %,
        diamond: expected value); ``kind="bridge"``: the chosen option's deterministic, expected and governing NPV.

        Parameters
        ----------
        ax : matplotlib axes (a new figure when ``None``).
        language : ``"zh"`` or ``"en"``.
        labels : option → the name shown (default: the option's own name).
        kind : ``"risk"`` or ``"bridge"``.
        """
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.cba.decision.")
        names = [str((labels or {}).get(o, o)) for o in self.table["option"]]
        unit = f"（{self.unit}）" if language == "zh" and self.unit else (f" ({self.unit})" if self.unit else "")
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.7 * len(names) + 1.8) if kind == "risk" else (7, 3.6))
        if kind == "bridge":
            row = self._row(self.option)
            steps = [row["deterministic_npv"], row["risk_adjustment"], row["optimism_adjustment"]]
            bottoms = [0.0, steps[0], steps[0] + steps[1]]
            ax.bar([0], [steps[0]], color="C0", label=tr("deterministic"))
            ax.bar([1, 2], steps[1:], bottom=bottoms[1:], color=["C1" if v < 0 else "C2" for v in steps[1:]])
            ax.bar([3], [row["governing_npv"]], color="k", label=tr("governing"))
            tops = [steps[0], bottoms[1] + max(steps[1], 0), bottoms[2] + max(steps[2], 0),
                    max(row["governing_npv"], 0)]
            shown = [steps[0], steps[1], steps[2], row["governing_npv"]]
            for i, (top, value) in enumerate(zip(tops, shown, strict=True)):
                ax.annotate(f"{value:+,.0f}" if i in (1, 2) else f"{value:,.0f}", (i, top), xytext=(0, 3),
                            textcoords="offset points", ha="center", va="bottom", fontsize="small")
            ax.set_xticks(range(4))
            ax.set_xticklabels([tr("deterministic"), tr("risk"), tr("optimism"), tr("governing")])
            ax.axhline(0, color="0.4", lw=0.6)
            low, high = ax.get_ylim()
            ax.set_ylim(low, high + 0.12 * (high - low))        # room for the value labels under the title
            ax.set_ylabel(tr("npv") + unit)
            ax.set_title(tr("bridge_title", option=names[list(self.table["option"]).index(self.option)]))
            return ax
        y = np.arange(len(names))[::-1]
        ax.boxplot(list(self.draws), positions=y, orientation="horizontal", whis=(5, 95), showfliers=False, widths=0.5,
                   patch_artist=True, boxprops={"facecolor": "#cfe0f3"}, medianprops={"color": "C0"})
        ax.scatter(self.table["governing_npv"], y, marker="D", color="k", zorder=3, label=tr("expected"))
        ax.axvline(0, color="C3", lw=0.8, ls="--", label=tr("zero"))
        ax.set_yticks(y)
        ax.set_yticklabels(names)
        ax.set_xlabel(tr("npv") + unit)
        ax.set_title(tr("risk_title"))
        ax.legend(fontsize="small", loc="lower right")
        return ax


def decide_options(options: Mapping[str, CashFlows], variables: Mapping[str, str | Sequence[str]],
                   uncertainty: Mapping[str, Distribution], *, requested: str, baseline: str | None = None,
                   rate: float | str | Schedule = "china_2006",
                   rank_correlation: Mapping[tuple[str, str], float] | pd.DataFrame | np.ndarray | None = None,
                   optimism: OptimismBias | None = None, optimism_key: str = "capital",
                   max_p_worse: float | None = None, n_draws: int = 10_000,
                   seed: int | np.random.Generator = 0, progress: bool | None = None) -> OptionDecision:
    """Compare options on the governing (optimism-adjusted expected) NPV and decide (rule: module docstring).

    Parameters
    ----------
    options : option name → its (economic) cash flows, one price base.
    variables : the risk model: variable → the flow lines, category or kind it multiplies
        (:class:`~perfmethods.cba.model.NPVModel`).
    uncertainty : variable → distribution.
    requested : the option the funding request is for.
    baseline : the option standing for "no money" (its governing NPV is the bar); ``None``: the bar is 0.
    rate : discount rate or schedule.
    rank_correlation : Spearman correlations between inputs (Gaussian copula, see :func:`monte_carlo`).
    optimism : the optimism-bias uplift (:func:`~perfmethods.cba.optimism_bias`, measure capex or opex), applied to
        the lines ``optimism_key`` of every option; ``None``: no uplift.
    optimism_key : the lines uplifted (flow name, category or kind; default ``"capital"``).
    max_p_worse : largest acceptable P(worse than the baseline); ``None``: :data:`MAX_P_WORSE` (a local choice).
    n_draws, seed : Monte Carlo draws (drawn once, common to every option) and seed.
    progress : show a progress bar while the draws are made (see :func:`perfmethods.progress.progress_bar`;
        ``None``: on a terminal or in JupyterLab, not in CI); the decision is the same either way.

    Returns
    -------
    OptionDecision
    """
    if not isinstance(options, Mapping) or not options:
        raise InputError("The 'options' parameter of decide_options must be a non-empty mapping of option name to "
                         "CashFlows.")
    names = [str(k) for k in options]
    for key, label in ((requested, "requested"), (baseline, "baseline")):
        if key is not None and key not in options:
            raise InputError(f"The '{label}' parameter of decide_options names the option {key!r}, which is not "
                             f"among the options {names}.", location={"key": label})
    if baseline is not None and requested == baseline:
        raise InputError(f"The requested option {requested!r} cannot also be the baseline of decide_options.",
                         location={"key": "baseline"})
    limit = float(check_number(MAX_P_WORSE.value if max_p_worse is None else max_p_worse, name="max_p_worse",
                               func="decide_options", low=0.0, high=1.0))
    if optimism is not None and optimism.measure == "duration":
        raise InputError("The 'optimism' parameter of decide_options must be a capex or opex uplift; a works-duration "
                         "uplift changes the horizon and is appraised as a scenario.", location={"key": "optimism"})
    x = sample_inputs(uncertainty, n_draws=n_draws, rank_correlation=rank_correlation, seed=seed,
                      func="decide_options", progress=progress)
    values = {c: x[c].to_numpy() for c in x.columns}
    base_npv, plain, adjusted = [], [], []
    for name in names:
        flows = options[name]
        if not isinstance(flows, CashFlows):
            raise InputError(f"option {name!r} of decide_options must be a CashFlows; got {type(flows).__name__}",
                             location={"key": name})
        model = NPVModel(flows, variables, rate=rate)
        unknown = [v for v in values if v not in model.base]
        if unknown:
            raise InputError(f"uncertainty is given for {unknown}, which are not variables of the risk model "
                             f"{list(model.base)}", location={"key": unknown[0]})
        base_npv.append(float(model.evaluate({})))
        plain.append(model.evaluate(values))
        has_key = optimism is not None and optimism.uplift > 0 and bool(flows.select(optimism_key))
        if has_key:
            assert optimism is not None
            adjusted.append(NPVModel(optimism.apply(flows, optimism_key), variables, rate=rate).evaluate(values))
        else:
            adjusted.append(plain[-1])
    raw, gov = np.vstack(plain), np.vstack(adjusted)
    bar = gov[names.index(baseline)] if baseline is not None else np.zeros(gov.shape[1])
    expected, governing = raw.mean(axis=1), gov.mean(axis=1)
    p_worse = np.mean(gov < bar, axis=1)
    if baseline is not None:
        p_worse[names.index(baseline)] = np.nan
    table = pd.DataFrame({
        "option": names, "deterministic_npv": base_npv, "expected_npv": expected, "governing_npv": governing,
        "risk_adjustment": expected - np.asarray(base_npv), "optimism_adjustment": governing - expected,
        "increment": governing - bar.mean(), "p_negative": np.mean(gov < 0, axis=1), "p_worse": p_worse,
        "p5": np.percentile(gov, 5, axis=1), "p95": np.percentile(gov, 95, axis=1)})
    table["rank"] = table["governing_npv"].rank(ascending=False, method="min").astype(int)
    best = names[int(np.argmax(governing))]
    row = table.set_index("option").loc[best]
    status: Status
    if best == baseline or row["increment"] < 0:
        status = "fund_none"
    elif best != requested:
        status = "fund_other"
    elif row["p_worse"] > limit:
        status = "fund_conditional"
    else:
        status = "fund_requested"
    unit = next(iter(options.values())).unit
    return OptionDecision(table=table, draws=gov, option=best, requested=str(requested), baseline=baseline or "",
                          status=status, max_p_worse=limit, uplift=float(optimism.uplift) if optimism else 0.0,
                          n_draws=int(x.shape[0]), seed=int(seed) if isinstance(seed, (int, np.integer)) else None,
                          unit=unit)
