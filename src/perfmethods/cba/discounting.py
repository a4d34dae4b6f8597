"""Discount rates, named schedules and discount factors (折现率与折现系数).

Why hand-written: no Python package ships the official public-sector schedules (HM Treasury Green Book STPR and
its health and reduced variants, the EU 2014 guide's financial and social rates, China's 《建设项目经济评价方法与
参数》 third edition). numpy-financial only discounts at one constant rate, and the classic error with a declining
schedule is to discount year t at the rate of its band (1.03**-50 = 0.2281 instead of the chained 0.1973). Here a
schedule is a versioned, sourced parameter set and factors are always chained.

Formulas
--------
A schedule gives a rate r(k) for each year k >= 1 (year k is the interval (k-1, k]); the factor at time t >= 0 is

    DF(t) = prod_{k=1}^{floor(t)} 1 / (1 + r(k))  ×  (1 + r(floor(t)+1)) ** -(t - floor(t)),

i.e. the log factor is minus the integral of log(1 + r) over (0, t]. With a constant rate this is (1 + r) ** -t.
Timing conventions (``timing``): the flow of year index t = 0 is never discounted; ``"end"`` puts the flow of year
index t at time t (end of year, numpy-financial's and the Green Book's convention); ``"mid"`` puts it at t - 0.5
(mid-year), for t >= 1.

References
----------
HM Treasury (2003, retained 2018/2022), *The Green Book*, Annex 6 Table 6.1; HM Treasury (2008) intergenerational
wealth transfers supplementary guidance. European Commission DG REGIO (2014), *Guide to Cost-Benefit Analysis of
Investment Projects*; Delegated Regulation (EU) 480/2014 Art. 19. 国家发展改革委、建设部 (2006)《建设项目经济评价
方法与参数》第三版.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from perfmethods.cba._checks import check_rate
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.provenance import Provenance, Rule
from perfmethods.validation import check_language

__all__ = [
    "SCHEDULES",
    "Schedule",
    "Timing",
    "discount_factors",
    "get_schedule",
    "nominal_schedule",
    "plot_discount_factors",
    "schedules_table",
]

Timing = Literal["end", "mid"]


@dataclass(frozen=True)
class Schedule:
    """A discount-rate schedule: piecewise-constant rates by year bands, with its source.

    Parameters
    ----------
    name : identifier (``"green_book"``, ``"custom"`` ...).
    starts : first year of each band, increasing, starting at 0 (the band of year 0 also covers years 1 ... up
        to the next start minus one). A constant rate has ``starts=(0,)``.
    rates : the rate of each band (real, as a fraction).
    version : version label of the parameter set (e.g. ``"gb2022"``).
    rule : the provenance of the rates (:class:`~perfmethods.provenance.Rule`).
    """

    name: str
    starts: tuple[int, ...]
    rates: tuple[float, ...]
    version: str = ""
    rule: Rule[Any] | None = None

    def __post_init__(self) -> None:
        if len(self.starts) != len(self.rates) or not self.starts:
            raise InputError(f"schedule {self.name!r}: 'starts' and 'rates' must have the same non-zero length; got "
                             f"{len(self.starts)} and {len(self.rates)}.")
        if self.starts[0] != 0 or any(b <= a for a, b in zip(self.starts, self.starts[1:], strict=False)):
            raise InputError(f"schedule {self.name!r}: band starts must begin at year 0 and increase; got "
                             f"{self.starts}.")
        check_rate(self.rates, name="rates", func=f"Schedule({self.name!r})")

    @classmethod
    def constant(cls, rate: float, *, name: str = "constant") -> Schedule:
        """A constant rate for every year.

        Parameters
        ----------
        rate : the rate, > -1.
        name : label of the schedule.
        """
        r = float(check_rate(rate, name="rate", func="Schedule.constant"))
        return cls(name=name, starts=(0,), rates=(r,), version="custom")

    @classmethod
    def custom(cls, rates: Sequence[float], *, starts: Sequence[int] | None = None, name: str = "custom") -> Schedule:
        """A user-defined schedule.

        Parameters
        ----------
        rates : band rates; without ``starts``, one rate per year k = 1, 2, ... (the last one continues).
        starts : first year of each band (must start at 0); default one band per year.
        name : label of the schedule.
        """
        rates_t = tuple(float(r) for r in np.atleast_1d(np.asarray(rates, dtype=float)))
        if starts is None:
            # rate i applies to year i + 1; year 0 is in the first band
            starts_t = (0,) + tuple(range(2, len(rates_t) + 1))
        else:
            starts_t = tuple(int(s) for s in starts)
        return cls(name=name, starts=starts_t, rates=rates_t, version="custom")

    def rate_of_year(self, years: object) -> np.ndarray:
        """The band rate that applies to each (integer) year index."""
        y = np.asarray(years)
        idx = np.searchsorted(np.asarray(self.starts), y, side="right") - 1
        return np.asarray(self.rates)[np.clip(idx, 0, None)]

    def factors(self, times: object) -> np.ndarray:
        """Chained discount factors at (possibly fractional) times t >= 0; see the module formula."""
        t = np.asarray(times, dtype=float)
        if np.any(t < 0) or not np.all(np.isfinite(t)):
            raise InputError(f"schedule {self.name!r}: discount times must be finite and >= 0; got {times!r}.")
        # band i covers the continuous interval (lo_i, hi_i]: year k lives in (k-1, k]
        starts = np.asarray(self.starts, dtype=float)
        lo = np.maximum(starts - 1.0, 0.0)
        hi = np.append(lo[1:], np.inf)
        log1p = np.log1p(np.asarray(self.rates, dtype=float))
        overlap = np.clip(t[..., None] - lo, 0.0, hi - lo)
        return np.exp(-(overlap * log1p).sum(axis=-1))

    def summary(self) -> pd.DataFrame:
        """One row per band: ``from_year``, ``to_year`` (None = open), ``rate``."""
        to = [s - 1 for s in self.starts[1:]] + [None]
        return pd.DataFrame({"from_year": list(self.starts), "to_year": to, "rate": list(self.rates)})

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "starts": list(self.starts), "rates": list(self.rates),
                "rule": self.rule.to_dict() if self.rule else None}


_GB_STARTS = (0, 31, 76, 126, 201, 301)
_GB_SRC = ("HM Treasury, The Green Book (2003 Annex 6 Table 6.1; retained 2018/2022 Annex A6); "
           "charlescoverdale/greenbook inst/extdata/stpr_schedule.csv")

SCHEDULES: dict[str, Schedule] = {
    "china_2006": Schedule(
        "china_2006", (0,), (0.08,), "2006",
        Rule(0.08, Provenance.SECONDARY,
             "《建设项目经济评价方法与参数》第三版 (NDRC/MOHURD 2006), 社会折现率, as quoted "
             "in 水利水电建设项目经济评价及案例分析 §3.5 (qbook.qq.com)")),
    "china_2006_long_term": Schedule(
        "china_2006_long_term", (0,), (0.06,), "2006",
        Rule(0.06, Provenance.SECONDARY, "《建设项目经济评价方法与参数》第三版: for permanent or very-long-benefit "
             "projects the rate may be lowered but not below 6 %; SL 72-2013 allows a parallel 6 % case",
             note="the floor; use Schedule.constant(r) with 0.06 <= r < 0.08 for an intermediate rate")),
    "green_book": Schedule(
        "green_book", _GB_STARTS, (0.035, 0.030, 0.025, 0.020, 0.015, 0.010), "gb2022",
        Rule((0.035, 0.030, 0.025, 0.020, 0.015, 0.010), Provenance.VERIFIED, _GB_SRC,
             note="STPR = rho + mu*g; the 2026 review (Freeman & Groom) recommends 3.0 % and is not adopted")),
    "green_book_health": Schedule(
        "green_book_health", _GB_STARTS, (0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043), "gb2022",
        Rule((0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043), Provenance.SECONDARY,
             "Green Book health / risk-to-life rate (wealth effect excluded); "
             "greenbook R CSV and katehayes dQALY docs")),
    "green_book_reduced": Schedule(
        "green_book_reduced", _GB_STARTS, (0.030, 0.0257, 0.0214, 0.0171, 0.0129, 0.0086), "gb2022",
        Rule((0.030, 0.0257, 0.0214, 0.0171, 0.0129, 0.0086), Provenance.SECONDARY,
             "Green Book reduced schedule excluding pure time preference (2008 intergenerational wealth transfers "
             "supplementary guidance); greenbook R CSV")),
    "eu_2014_financial": Schedule(
        "eu_2014_financial", (0,), (0.04,), "2014",
        Rule(0.04, Provenance.UNVERIFIED, "European Commission DG REGIO, Guide to CBA of Investment Projects (2014); "
             "Delegated Regulation (EU) 480/2014 Art. 19", note="financial discount rate, real; widely cited, not "
             "read verbatim")),
    "eu_2014_social": Schedule(
        "eu_2014_social", (0,), (0.05,), "2014",
        Rule(0.05, Provenance.UNVERIFIED, "EU CBA Guide (2014); Implementing Regulation (EU) 2015/207 Annex III",
             note="social discount rate for Cohesion countries; not read verbatim")),
    "eu_2014_social_other": Schedule(
        "eu_2014_social_other", (0,), (0.03,), "2014",
        Rule(0.03, Provenance.UNVERIFIED, "EU CBA Guide (2014); Implementing Regulation (EU) 2015/207 Annex III",
             note="social discount rate for other Member States; not read verbatim")),
}


_RATE_TEXT = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)\s*$")


def _not_a_schedule(text: str) -> InputError:
    """The error for a text that is not a schedule name: a rate written as text (``'8%'``, ``'0.08'``)
    is told to be written as a number; another name gets the list of names (and the closest one)."""
    names = ", ".join(sorted(SCHEDULES))
    m = _RATE_TEXT.match(text.replace("％", "%"))
    if m:
        rate = float(m[1]) / (100.0 if m[2] else 1.0)
        return InputError(
            f"The discount rate must be a number or the name of a discount schedule ({names}); got the text "
            f"{text!r}: write the rate as the number {rate:g} ({rate * 100:g} %), not as text.",
            location={"key": "schedule"})
    close = difflib.get_close_matches(text, list(SCHEDULES), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return InputError(
        f"The discount rate must be a number (e.g. 0.08 for 8 %) or the name of a discount schedule "
        f"({names}); "
        f"got the unknown schedule name {text!r} instead{hint}.", location={"key": "schedule"})


def get_schedule(schedule: str | float | Schedule) -> Schedule:
    """Resolve a schedule name, a constant rate or a :class:`Schedule`.

    Parameters
    ----------
    schedule : one of :data:`SCHEDULES` (``"china_2006"``, ``"china_2006_long_term"``, ``"green_book"``,
        ``"green_book_health"``, ``"green_book_reduced"``, ``"eu_2014_financial"``, ``"eu_2014_social"``,
        ``"eu_2014_social_other"``), a number (constant rate) or a :class:`Schedule`.

    Raises
    ------
    InputError : unknown name, or a rate <= -1.
    """
    if isinstance(schedule, Schedule):
        return schedule
    if isinstance(schedule, str):
        if schedule in SCHEDULES:
            return SCHEDULES[schedule]
        raise _not_a_schedule(schedule)
    if isinstance(schedule, (int, float, np.integer, np.floating)) and not isinstance(schedule, bool):
        return Schedule.constant(float(schedule))
    raise InputError(f"The 'schedule' parameter must be a schedule name, a number or a Schedule; got {schedule!r} "
                     f"instead.", location={"key": "schedule"})


def _times(years: np.ndarray, timing: str, func: str) -> np.ndarray:
    if timing == "end":
        return years.astype(float)
    if timing == "mid":
        return np.where(years > 0, years - 0.5, 0.0)
    raise InputError(f"The 'timing' parameter of {func} must be 'end' or 'mid'; got {timing!r} instead.",
                     location={"key": "timing"})


def discount_factors(years: object, schedule: str | float | Schedule = "china_2006", *,
                     timing: Timing = "end") -> np.ndarray:
    """Discount factors for year indices (t = 0 is the base year, never discounted).

    Parameters
    ----------
    years : integer year indices t >= 0 (an int n means ``range(n)``).
    schedule : a schedule name (see :func:`get_schedule`), a constant rate, or a :class:`Schedule`.
    timing : ``"end"`` (flows at year end, t) or ``"mid"`` (mid-year, t - 0.5 for t >= 1).

    Returns
    -------
    ndarray : DF(t) = prod_{k<=t} 1/(1 + r(k)), chained across bands (see the module docstring).

    Examples
    --------
    >>> round(float(discount_factors([50], "green_book")[0]), 6)
    0.197263
    """
    y = np.arange(years) if isinstance(years, (int, np.integer)) else np.asarray(years)
    if y.size and (not np.issubdtype(y.dtype, np.number) or np.any(y < 0) or np.any(y != np.round(y))):
        raise InputError(f"The 'years' parameter of discount_factors must hold integer year indices >= 0; got "
                         f"{years!r} instead.", location={"key": "years"})
    return get_schedule(schedule).factors(_times(y, timing, "discount_factors"))


def nominal_schedule(real: str | float | Schedule, inflation: Sequence[float] | np.ndarray) -> Schedule:
    """The nominal schedule matching a real one under a yearly inflation path: 1 + i_k = (1 + r_k)(1 + π_k).

    Parameters
    ----------
    real : the real schedule (name, rate or :class:`Schedule`).
    inflation : inflation π_k of years k = 1, 2, ..., n (the last value continues).

    Returns
    -------
    Schedule : one band per year, so that nominal flows discounted by it equal the real flows discounted by ``real``
        when the flows are deflated by the same index (the Fisher relation).
    """
    sched = get_schedule(real)
    pi = check_rate(inflation, name="inflation", func="nominal_schedule").ravel()
    k = np.arange(1, pi.size + 1)
    nominal = (1.0 + sched.rate_of_year(k)) * (1.0 + pi) - 1.0
    if pi.size < 1:
        raise InputError("The 'inflation' parameter of nominal_schedule must hold at least one year.")
    return Schedule.custom(nominal, name=f"{sched.name}_nominal")


def schedules_table(names: Sequence[str] | None = None) -> pd.DataFrame:
    """A tidy table of the named schedules: ``schedule``, ``version``, ``from_year``, ``to_year``, ``rate``,
    ``provenance`` and ``source``.

    Parameters
    ----------
    names : the schedule names to list; default all of :data:`SCHEDULES`.
    """
    rows = []
    for name in names or list(SCHEDULES):
        s = get_schedule(name)
        for rec in s.summary().to_dict(orient="records"):
            rows.append({"schedule": s.name, "version": s.version, **rec,
                         "provenance": s.rule.provenance.value if s.rule else None,
                         "source": s.rule.source if s.rule else None})
    return pd.DataFrame(rows)




def plot_discount_factors(schedules: Sequence[str | float | Schedule], years: int = 100, *, ax: Any = None,
                          language: str = "zh") -> Any:
    """Plot the discount factors of several schedules over ``years`` years.

    Parameters
    ----------
    schedules : schedule names, constant rates or :class:`Schedule` objects.
    years : horizon (years 0 .. years - 1).
    ax : matplotlib Axes (a new figure when None).
    language : ``"zh"`` or ``"en"`` axis labels.

    Returns
    -------
    Axes
    """
    import matplotlib.pyplot as plt

    tr = translator(check_language(language, func="plot_discount_factors"), "plot.cba.discount.")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    t = np.arange(int(years))
    for s in schedules:
        sched = get_schedule(s)
        label = sched.name if sched.name != "constant" else f"{sched.rates[0]:.1%}"
        ax.plot(t, sched.factors(t.astype(float)), label=label)
    ax.set_xlabel(tr("x"))
    ax.set_ylabel(tr("y"))
    ax.set_title(tr("title"))
    ax.legend(fontsize="small")
    return ax
