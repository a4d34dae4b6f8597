"""Bundled example data.

The examples live in the repository's top-level ``data/examples/`` folder (one folder per project, each with
a ``project.yaml``; see ``data/README.md``). :func:`data_root` finds that folder from the installed package
(an editable install or a checkout) or from the environment variable ``PERFMETHODS_DATA``.
All bundled data are synthetic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from perfmethods.errors import InputError
from perfmethods.validation import check_rng

if TYPE_CHECKING:
    from perfmethods.io.project import Project

__all__ = ["data_root", "example_path", "list_examples", "load_example", "resolve_path"]


def data_root() -> Path:
    """The folder holding ``examples/``: ``$PERFMETHODS_DATA`` if set, else the checkout's ``data/``."""
    env = os.environ.get("PERFMETHODS_DATA")
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / "examples").is_dir():
            raise InputError(f"PERFMETHODS_DATA points at {root}, which has no 'examples' folder")
        return root
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "data" / "examples"
        if candidate.is_dir() and (parent / "pyproject.toml").is_file():
            return parent / "data"
    raise InputError(
        "the bundled example data were not found: perfmethods looks for data/examples/ in the checkout it is "
        "installed from. Set PERFMETHODS_DATA to a folder holding examples/, or install from a checkout "
        "(pip install -e .)"
    )


def resolve_path(path: str | os.PathLike[str]) -> Path:
    """A notebook parameter's path, found whether the notebook runs from the checkout or from its own folder.

    Report notebooks write their default paths relative to the checkout (``data/examples/culture_program``), which
    is how ``perfmethods render`` resolves them. JupyterLab starts a notebook's kernel in the notebook's own folder
    (``notebooks/reports/``), where that relative path does not exist. This function returns, in order: an
    absolute path as it is; a relative path that exists from the current folder; a relative path that exists from
    the checkout holding the bundled data (the parent of :func:`data_root`); else the path from the current folder
    (so that the reader's "not found" message shows where it looked).

    Parameters
    ----------
    path : the path as written in the notebook's parameters.

    Returns
    -------
    Path
        An absolute path.
    """
    given = Path(path).expanduser()
    if given.is_absolute():
        return given
    here = Path.cwd() / given
    if here.exists():
        return here.resolve()
    try:
        checkout = data_root().parent / given
    except InputError:
        return here.resolve()
    return checkout.resolve() if checkout.exists() else here.resolve()


def list_examples() -> list[str]:
    """Names of the bundled example projects."""
    return sorted(p.parent.name for p in (data_root() / "examples").glob("*/project.yaml"))


def example_path(name: str = "culture_program") -> Path:
    """The folder of a bundled example project.

    Parameters
    ----------
    name : the example's folder name under ``data/examples/`` (one of :func:`list_examples`);
        default ``"culture_program"``.

    Returns
    -------
    Path
        The example's folder (absolute), which holds its ``project.yaml``.

    Raises
    ------
    InputError
        There is no bundled example called ``name`` (the message lists the available ones), or the
        example data were not found (see :func:`data_root`).
    """
    path = data_root() / "examples" / name
    if not (path / "project.yaml").is_file():
        raise InputError(f"there is no bundled example named {name!r}; available: {list_examples()}")
    return path


def load_example(name: str = "culture_program") -> Project:
    """Read a bundled example project (see :func:`perfmethods.io.read_project`).

    Parameters
    ----------
    name : the example's folder name under ``data/examples/`` (one of :func:`list_examples`);
        default ``"culture_program"``.

    Returns
    -------
    Project
        The validated project inputs (framework, actual values and, where the example has them,
        budget, evaluator scores and survey), as :func:`perfmethods.io.read_project` returns them.

    Raises
    ------
    InputError
        There is no bundled example called ``name``, the example data were not found (see
        :func:`data_root`), or the example's files are invalid (as :func:`perfmethods.io.read_project`).
    """
    from perfmethods.io.project import read_project

    return read_project(example_path(name))


# --------------------------------------------------------------------------------------------------
# Known-answer generator: the synthetic science-and-technology programme (issue 6)
# --------------------------------------------------------------------------------------------------

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

#: Default seed of :func:`simulate_science_programme`; the bundled CSV files under
#: ``data/examples/science_programme/`` were written with it.
SCIENCE_PROGRAMME_SEED = 20261128

_SP_FIELDS = ("life_sciences", "engineering", "computer_science", "materials", "agriculture")


def simulate_science_programme(
    seed: int | np.random.Generator = SCIENCE_PROGRAMME_SEED,
    *,
    n_firms: int = 1000,
    first_year: int = 2010,
    last_year: int = 2024,
    rounds: tuple[int, ...] = (2014, 2016, 2018, 2020),
    cutoff: float = 60.0,
    rd_effect: tuple[float, float] = (30.0, 10.0),
    cohort_slopes: tuple[float, ...] = (8.0, 5.0, 2.0, 0.0),
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """Simulate a science-and-technology funding programme with planted effects (known answers).

    Firms apply once, in one of the funding ``rounds``, and get an application score
    :math:`s_i \\sim N(55, 15)` clipped to [0, 100]. Funding is fuzzy at the ``cutoff``:
    P(funded) = 0.92 at or above it, 0.05 below. A funded firm's cohort is its application year
    (staggered adoption); unfunded firms are never treated. The planted effects (all returned in
    ``truth``):

    * **R&D spending** (万元, 2015 prices): :math:`R_{it} = \\alpha_i + \\lambda_t + \\tau_{g}(e) D_{it}
      + u_{it}`, :math:`u_{it}` AR(1) with :math:`\\rho = 0.5`, sd 15; effect by event time
      :math:`e = t - g`: :math:`\\tau_g(e) = 30 + 10\\min(e, 2) + \\kappa_g \\max(e - 2, 0)` with
      :math:`\\kappa = (8, 5, 2, 0)` for the four rounds; no effect before funding (no anticipation),
      parallel trends hold by construction.
    * **Patents** (count): Poisson with log rate :math:`\\gamma_i + 0.03 (t - t_0) + 0.3\\,[e \\ge 1]`.
    * **Revenue** (万元, 2015 prices): :math:`Y_{it} = \\rho_i + \\mu_t + \\sum_{l=0}^{4} \\beta_l R_{i,t-l}
      + \\varepsilon_{it}` with :math:`\\beta = (0.20, 0.35, 0.40, 0.35, 0.20)` — a quadratic
      (Almon) lag, :math:`\\beta_l = 0.4 - 0.05 (l - 2)^2`, total return 1.5.
    * **Publications**: one row each, field of the firm, citations (to 2025) negative binomial with a
      field × year mean, multiplied by 1.5 for publications of funded firms from their cohort year on;
      fractional ``share`` = 1 / number of co-publishing organisations.
    * **Monthly series** (interrupted time series): monthly patent applications of the programme
      area, 2012-01 to 2023-12, with a level change of +15 and a slope change of +0.5 a month from
      2018-01, 12-month seasonality and AR(1) noise, and a control area sharing trend, season and
      common shocks but without the effect.
    * **Regions** (synthetic control): 30 regions × 2005–2024; region ``R01`` starts a regional
      programme in 2016; its R&D intensity (%) is a factor-model convex combination of regions
      ``R05`` (0.40), ``R12`` (0.35) and ``R20`` (0.25) plus the effect ``0.15 + 0.05 (t - 2016)``.

    Parameters
    ----------
    seed : int or numpy Generator; default :data:`SCIENCE_PROGRAMME_SEED` (``0`` is a seed).
    n_firms : number of applicant firms (default 1000).
    first_year, last_year : the firm panel's years (default 2010–2024; lags are simulated from four
        years before ``first_year``).
    rounds : the funding rounds (application years), earliest first; at most four.
    cutoff : the funding cut-off on the 0–100 application score (default 60).
    rd_effect : (base, growth) of the R&D-spending effect: :math:`\\tau_g(e) = base + growth \\min(e, 2) +
        \\kappa_g \\max(e - 2, 0)`; default (30, 10). ``(40, 0)`` with zero ``cohort_slopes`` plants a
        constant effect of 40 (the case where a static TWFE is unbiased).
    cohort_slopes : :math:`\\kappa_g`, one per round (default (8, 5, 2, 0)); zeros make the dynamic effect
        the same in every cohort (the case where a binned TWFE event study is unbiased).

    Returns
    -------
    (data, truth)
        ``data`` is a dict of DataFrames: ``panel`` (firm × year), ``applications`` (one row per
        firm), ``publications`` (one row per publication), ``monthly`` (ITS series) and
        ``regions`` (region × year); the columns are documented in
        ``data/examples/science_programme/README.md``. ``truth`` is a JSON-safe dict of the planted
        effects, including the exact group-time effects ``att_gt`` and their realised aggregates.
    """
    rng = check_rng(seed, func="simulate_science_programme")
    rounds = tuple(int(r) for r in rounds)
    if not 1 <= len(rounds) <= 4 or sorted(rounds) != list(rounds):
        raise InputError(f"The 'rounds' parameter must hold one to four increasing years; got {rounds!r} instead.")
    if not (first_year < rounds[0] and rounds[-1] < last_year):
        raise InputError("The funding rounds must lie strictly inside first_year..last_year.")
    if n_firms < 50:
        raise InputError(f"The 'n_firms' parameter must be at least 50; got {n_firms!r} instead.")
    if len(cohort_slopes) != len(rounds):
        raise InputError(f"The 'cohort_slopes' parameter must have one value per round ({len(rounds)}); got "
                         f"{cohort_slopes!r} instead.")
    kappa = dict(zip(rounds, (float(k) for k in cohort_slopes), strict=True))
    eff0, eff1 = (float(v) for v in rd_effect)
    beta = np.array([0.20, 0.35, 0.40, 0.35, 0.20])
    n_lags = len(beta) - 1
    years_all = np.arange(first_year - n_lags, last_year + 1)
    n_years_all = len(years_all)
    n = int(n_firms)

    # ---- firms and applications ------------------------------------------------------------------
    firm_id = np.array([f"F{i + 1:04d}" for i in range(n)])
    field_idx = rng.integers(0, len(_SP_FIELDS), n)
    field = np.array(_SP_FIELDS)[field_idx]
    app_year = np.array(rounds)[rng.integers(0, len(rounds), n)]
    score = np.clip(rng.normal(55.0, 15.0, n), 0.0, 100.0).round(1)
    above = score >= cutoff
    funded = np.where(above, rng.random(n) < 0.92, rng.random(n) < 0.05)
    cohort = np.where(funded, app_year, 0)
    firm_age = np.clip(np.round(8 + 0.05 * (score - 55) + rng.gamma(2.0, 3.0, n)), 1, None).astype(int)
    employees = np.round(np.exp(4.0 + 0.01 * (score - 55) + rng.normal(0, 0.5, n))).astype(int)

    # ---- R&D spending (real, 2015 prices) ----------------------------------------------------------
    t_idx = years_all - first_year
    alpha = 200.0 + 1.5 * (score - 55.0) + rng.normal(0.0, 20.0, n)
    lam = 4.0 * t_idx + rng.normal(0.0, 3.0, n_years_all)
    eps = rng.normal(0.0, 15.0 * np.sqrt(1 - 0.25), (n, n_years_all))
    u = np.empty((n, n_years_all))
    u[:, 0] = rng.normal(0.0, 15.0, n)
    for j in range(1, n_years_all):  # AR(1) recursion over years (20 steps), vectorised over firms
        u[:, j] = 0.5 * u[:, j - 1] + eps[:, j]
    event = years_all[None, :] - cohort[:, None]
    treated = (cohort[:, None] > 0) & (event >= 0)
    kap = (np.array([0.0, *kappa.values()])[np.searchsorted(np.array([0, *rounds]), cohort)])[:, None]
    tau = np.where(treated, eff0 + eff1 * np.minimum(event, 2) + kap * np.maximum(event - 2, 0), 0.0)
    rd = alpha[:, None] + lam[None, :] + tau + u

    # ---- revenue: distributed lag of R&D ----------------------------------------------------------
    rho_i = 500.0 + 3.0 * (score - 55.0) + rng.normal(0.0, 100.0, n)
    mu_t = 10.0 * t_idx + rng.normal(0.0, 5.0, n_years_all)
    revenue = np.full((n, n_years_all), np.nan)
    lagged = sum(beta[k] * rd[:, n_lags - k: n_years_all - k] for k in range(n_lags + 1))
    revenue[:, n_lags:] = (rho_i[:, None] + mu_t[None, n_lags:] + lagged
                           + rng.normal(0.0, 20.0, (n, n_years_all - n_lags)))

    # ---- patents ---------------------------------------------------------------------------------
    gamma = np.log(2.0) + 0.02 * (score - 55.0) + rng.normal(0.0, 0.3, n)
    log_rate = gamma[:, None] + 0.03 * t_idx[None, :] + 0.3 * (treated & (event >= 1))
    patents = rng.poisson(np.exp(log_rate))

    # ---- publications -----------------------------------------------------------------------------
    pub_rate = np.exp(np.log(1.2) + 0.01 * (score - 55.0) + rng.normal(0.0, 0.3, n))
    n_pubs = rng.poisson(np.broadcast_to(pub_rate[:, None], (n, n_years_all)))
    keep = slice(n_lags, None)
    panel_years = years_all[keep]
    n_pubs = n_pubs[:, keep]
    fi, yj = np.nonzero(n_pubs)
    reps = n_pubs[fi, yj]
    p_firm = np.repeat(fi, reps)
    p_year = np.repeat(panel_years[yj], reps)
    base_cites = np.array([12.0, 5.0, 7.0, 8.0, 4.0])[field_idx[p_firm]]
    age = 2025 - p_year
    mean_cites = base_cites * (1.0 - np.exp(-0.35 * age)) * (1.0 + 0.02 * (p_year - first_year))
    boost = np.where((cohort[p_firm] > 0) & (p_year >= cohort[p_firm]), 1.5, 1.0)
    shape = 1.2
    citations = rng.poisson(rng.gamma(shape, mean_cites * boost / shape))
    n_orgs = 1 + rng.poisson(0.7, len(p_firm))
    publications = pd.DataFrame({
        "pub_id": [f"P{k + 1:06d}" for k in range(len(p_firm))],
        "firm_id": firm_id[p_firm],
        "year": p_year.astype(int),
        "field": field[p_firm],
        "citations": citations.astype(int),
        "n_organisations": n_orgs.astype(int),
        "share": (1.0 / n_orgs).round(6),
        "funded_firm": funded[p_firm],
        "after_funding": boost > 1.0,
    })

    # ---- assemble the firm panel ------------------------------------------------------------------
    deflator = 1.02 ** (panel_years - 2015)
    ny = len(panel_years)
    panel = pd.DataFrame({
        "firm_id": np.repeat(firm_id, ny),
        "year": np.tile(panel_years, n).astype(int),
        "field": np.repeat(field, ny),
        "application_year": np.repeat(app_year, ny).astype(int),
        "score": np.repeat(score, ny),
        "cutoff": float(cutoff),
        "above_cutoff": np.repeat(above, ny),
        "funded": np.repeat(funded, ny),
        "cohort": np.repeat(cohort, ny).astype(int),
        "treated": treated[:, keep].ravel(),
        "rd_spending": rd[:, keep].ravel().round(3),
        "deflator": np.tile(deflator, n).round(6),
        "patents": patents[:, keep].ravel().astype(int),
        "revenue": revenue[:, keep].ravel().round(3),
        "publications": n_pubs.ravel().astype(int),
    })
    panel["rd_spending_nominal"] = (panel["rd_spending"] * panel["deflator"]).round(3)

    # ---- one row per applicant (for RDD) ------------------------------------------------------------
    a_idx = app_year - years_all[0]
    rows = np.arange(n)
    rd_pre = (rd[rows, a_idx - 1] + rd[rows, a_idx - 2]) / 2.0
    rd_post3 = (rd[rows, a_idx] + rd[rows, a_idx + 1] + rd[rows, a_idx + 2]) / 3.0
    patents_post3 = patents[rows, a_idx + 1] + patents[rows, a_idx + 2] + patents[rows, a_idx + 3]
    applications = pd.DataFrame({
        "firm_id": firm_id,
        "field": field,
        "application_year": app_year.astype(int),
        "score": score,
        "cutoff": float(cutoff),
        "score_centred": (score - cutoff).round(1),
        "above_cutoff": above,
        "funded": funded,
        "grant_amount": np.where(funded, 200.0, 0.0),
        "firm_age": firm_age,
        "employees": employees,
        "rd_pre": rd_pre.round(3),
        "rd_post3": rd_post3.round(3),
        "patents_post3": patents_post3.astype(int),
    })

    # ---- monthly series for interrupted time series ---------------------------------------------------
    months = pd.period_range("2012-01", "2023-12", freq="M")
    m = np.arange(len(months))
    start = int(np.nonzero(months == pd.Period("2018-01", freq="M"))[0][0])
    post = (m >= start).astype(float)
    season = 8.0 * np.sin(2 * np.pi * (months.month.to_numpy() - 1) / 12.0)
    common = np.empty(len(m))
    shocks = rng.normal(0.0, 3.0, len(m))
    common[0] = shocks[0]
    for j in range(1, len(m)):
        common[j] = 0.4 * common[j - 1] + shocks[j]
    level, slope = 15.0, 0.5
    base = 100.0 + 0.3 * m + season + common
    monthly = pd.DataFrame({
        "month": months.to_timestamp().strftime("%Y-%m"),
        "t": m,
        "post": post.astype(int),
        "applications": (base + level * post + slope * post * (m - start) + rng.normal(0, 2.0, len(m))).round(3),
        "control_applications": (0.8 * base + 10.0 + rng.normal(0, 2.0, len(m))).round(3),
    })

    # ---- regions for synthetic control --------------------------------------------------------------
    r_years = np.arange(2005, 2025)
    n_reg = 30
    load = rng.uniform(0.5, 1.5, (n_reg, 2))
    fac = np.vstack([np.linspace(0.0, 1.0, len(r_years)), np.sin(np.linspace(0, 3, len(r_years)))])
    level_r = rng.uniform(1.0, 3.0, n_reg)
    donors = {4: 0.40, 11: 0.35, 19: 0.25}  # R05, R12, R20 (0-based rows)
    w = np.zeros(n_reg)
    for k, v in donors.items():
        w[k] = v
    load[0] = w @ load
    level_r[0] = w @ level_r
    y_reg = level_r[:, None] + load @ fac + rng.normal(0.0, 0.03, (n_reg, len(r_years)))
    r_effect = np.where(r_years >= 2016, 0.15 + 0.05 * (r_years - 2016), 0.0)
    y_reg[0] += r_effect
    gdp = (5.0 + 2.0 * level_r[:, None] + 0.3 * (r_years - 2005)[None, :] + rng.normal(0, 0.2, (n_reg, len(r_years))))
    regions = pd.DataFrame({
        "region": np.repeat([f"R{k + 1:02d}" for k in range(n_reg)], len(r_years)),
        "year": np.tile(r_years, n_reg).astype(int),
        "treated_region": np.repeat(np.arange(n_reg) == 0, len(r_years)),
        "rd_intensity": y_reg.ravel().round(4),
        "gdp_per_capita": gdp.ravel().round(3),
        "industry_share": np.repeat((30 + 10 * load[:, 1]).round(2), len(r_years)),
        "universities": np.repeat((2 + 3 * load[:, 0]).round(2), len(r_years)),
    })

    # ---- truth: exact group-time effects and their realised aggregates --------------------------------------
    att_rows = []
    sizes = {g: int((cohort == g).sum()) for g in rounds}
    for g in rounds:
        for y in panel_years:
            e = int(y - g)
            att = eff0 + eff1 * min(e, 2) + kappa[g] * max(e - 2, 0) if e >= 0 else 0.0
            att_rows.append({"cohort": g, "year": int(y), "event_time": e, "att": att, "n": sizes[g]})
    att_gt = pd.DataFrame(att_rows)
    post_cells = att_gt[att_gt["event_time"] >= 0]
    simple = float(np.average(post_cells["att"], weights=post_cells["n"]))
    dyn = post_cells.groupby("event_time").apply(
        lambda d: float(np.average(d["att"], weights=d["n"])), include_groups=False)
    grp = post_cells.groupby("cohort")["att"].mean()
    grp_overall = float(np.average(grp.to_numpy(), weights=[sizes[g] for g in grp.index]))
    rd_effect_fuzzy = eff0 + eff1  # mean of tau_g(0..2) = base + growth for every cohort
    first_stage = 0.92 - 0.05
    truth: dict[str, object] = {
        "seed": seed if isinstance(seed, int) else None,
        "cutoff": float(cutoff),
        "rounds": list(rounds),
        "cohort_sizes": {str(g): sizes[g] for g in rounds},
        "rd_spending": {
            "formula": f"tau_g(e) = {eff0:g} + {eff1:g}*min(e, 2) + kappa_g*max(e - 2, 0) for e >= 0, else 0",
            "kappa": {str(g): kappa[g] for g in rounds},
            "att_gt": att_gt.to_dict(orient="records"),
            "att_simple": simple,
            "att_dynamic": {str(int(k)): float(v) for k, v in dyn.items()},
            "att_group": {str(int(k)): float(v) for k, v in grp.items()},
            "att_group_overall": grp_overall,
            "pre_trend": 0.0,
        },
        "patents": {"log_rate_effect": 0.3, "from_event_time": 1},
        "revenue": {"lag_weights": beta.tolist(), "almon_degree": 2, "total_return": float(beta.sum())},
        "publications": {"citation_multiplier": 1.5, "applies_to": "funded firms, years >= cohort"},
        "rdd": {
            "outcome": "rd_post3",
            "fuzzy_effect": rd_effect_fuzzy,
            "first_stage_jump": first_stage,
            "sharp_itt_effect": rd_effect_fuzzy * first_stage,
            "manipulation": False,
            "covariates_smooth": ["firm_age", "employees", "rd_pre"],
        },
        "its": {"intervention": "2018-01", "level_change": level, "slope_change": slope,
                "season_period": 12, "control_series": "control_applications (no effect)"},
        "synthetic_control": {
            "treated_unit": "R01", "treatment_year": 2016, "outcome": "rd_intensity",
            "donor_weights": {"R05": 0.40, "R12": 0.35, "R20": 0.25},
            "effect": {str(int(y)): float(v) for y, v in zip(r_years, r_effect, strict=True) if y >= 2016},
            "att_mean": float(r_effect[r_years >= 2016].mean()),
        },
        "deflator": {"base_year": 2015, "inflation": 0.02},
    }
    data = {"panel": panel, "applications": applications, "publications": publications,
            "monthly": monthly, "regions": regions}
    return data, truth


def load_science_programme() -> dict[str, pd.DataFrame]:
    """Read the bundled synthetic science-and-technology programme (``data/examples/science_programme/``).

    The files were written by ``data/examples/science_programme/generate.py`` from
    :func:`simulate_science_programme` with its default seed; the planted effects are in
    ``truth.json`` beside them and the columns in that folder's ``README.md``.

    Returns
    -------
    dict of DataFrame
        ``panel``, ``applications``, ``publications``, ``monthly`` and ``regions``.

    Raises
    ------
    InputError
        The bundled files were not found (see :func:`data_root`).
    """
    folder = data_root() / "examples" / "science_programme"
    names = ("panel", "applications", "publications", "monthly", "regions")
    missing = [name for name in names if not (folder / f"{name}.csv").is_file()]
    if missing:
        raise InputError(f"the science-programme example is incomplete: {missing} missing in {folder}; "
                         "run data/examples/science_programme/generate.py")
    return {name: pd.read_csv(folder / f"{name}.csv", encoding="utf-8") for name in names}


__all__ += ["SCIENCE_PROGRAMME_SEED", "load_science_programme", "simulate_science_programme"]
