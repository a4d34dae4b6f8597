"""Internal rate of return with every real root (内部收益率：全部实根).

Why hand-written: numpy-financial's ``irr`` silently returns one root when the NPV polynomial has several (1.0.0:
the real root closest to zero; HEAD: a sign-majority rule), and a guess-based Newton solver (Excel) can return yet
another (numpy-financial issues #28, #39, #98). Public projects with late decommissioning or renewal costs change
sign more than once, so the IRR is often ill-posed. :func:`irr` returns **every** real root above -1 and a flag; the
single value is given only when the root is unique.

Method
------
With x = 1/(1+r), NPV(r) = Σ_t v_t x^t is a polynomial in x. Its roots come from the companion-matrix eigenvalues
(``numpy.roots``); real roots with x > 0 (r > -1) are kept, each polished by Newton steps on NPV(r), and
duplicates (multiple roots) merged. Descartes' rule of signs bounds their number by the number of sign changes.

References
----------
numpy-financial ``_financial.py`` (``irr``), numpy/numpy-financial commit f47e8af; Hazen, G. (2003), "A new
perspective on multiple internal rates of return", *The Engineering Economist* 48(1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.cba._checks import as_flows
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language

__all__ = ["IRRResult", "irr"]

Flag = Literal["unique", "multiple", "none"]

def _npv_and_slope(flows: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(flows.size)
    x = (1.0 + r[:, None]) ** (-t)
    npv = x @ flows
    slope = -(x / (1.0 + r[:, None])) @ (t * flows)
    return npv, slope


@dataclass(frozen=True, repr=False)
class IRRResult(Result):
    """Every internal rate of return of a flow series.

    Attributes
    ----------
    roots : every real root r > -1 of NPV(r) = 0, sorted ascending.
    value : the IRR when the root is unique, else NaN (see ``flag``): never a silent pick.
    flag : ``"unique"``, ``"multiple"`` (several roots: use MIRR or NPV) or ``"none"`` (no real root).
    sign_changes : the number of sign changes in the flows (Descartes' bound on the number of roots).
    flows : the flows (t = 0, 1, ...).
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("value", "flag", "sign_changes")

    roots: tuple[float, ...]
    value: float
    flag: Flag
    sign_changes: int
    flows: tuple[float, ...]

    def summary(self) -> pd.DataFrame:
        """One row per root (``root``, ``npv_at_root``); one NaN row when there is none."""
        f = np.asarray(self.flows)
        roots = np.asarray(self.roots, dtype=float)
        if roots.size == 0:
            return pd.DataFrame({"root": [np.nan], "npv_at_root": [np.nan], "flag": [self.flag]})
        npv, _ = _npv_and_slope(f, roots)
        return pd.DataFrame({"root": roots, "npv_at_root": npv, "flag": self.flag})

    def to_dict(self) -> dict[str, Any]:
        return {"roots": list(self.roots), "value": None if np.isnan(self.value) else self.value, "flag": self.flag,
                "sign_changes": self.sign_changes, "flows": list(self.flows)}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """The NPV profile over discount rates with every root marked."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.cba.irr.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        hi = max([0.3, *[1.5 * r + 0.05 for r in self.roots]])
        lo = min([0.0, *[r - 0.05 for r in self.roots]])
        grid = np.linspace(max(lo, -0.95), hi, 200)
        npv, _ = _npv_and_slope(np.asarray(self.flows), grid)
        ax.plot(grid, npv, color="C0")
        typical = float(np.median(np.abs(npv))) or 1.0
        if np.max(np.abs(npv)) > 1e3 * typical:
            # near r = -1 the discounted terms explode; a symmetric log axis keeps every root visible
            ax.set_yscale("symlog", linthresh=typical)
        ax.axhline(0, color="0.5", lw=0.8)
        for r in self.roots:
            ax.axvline(r, color="C3", ls="--", lw=0.8)
            ax.annotate(f"{tr('root')} {r:.2%}", (r, 0), textcoords="offset points", xytext=(3, 6),
                        fontsize="small")
        ax.set_xlabel(tr("x"))
        ax.set_ylabel(tr("y"))
        ax.set_title(tr("title"))
        return ax


def irr(flows: object, *, tol: float = 1e-9) -> IRRResult:
    """Every internal rate of return of yearly flows starting at t = 0.

    Parameters
    ----------
    flows : 1-D flows v_0, v_1, ..., v_T (t = 0 first, as in numpy-financial).
    tol : relative tolerance for treating a polynomial root as real and for merging repeated roots.

    Returns
    -------
    IRRResult : ``.roots`` (all real roots > -1, sorted), ``.value`` (the root if unique, else NaN) and ``.flag``.

    Raises
    ------
    InputError : flows not 1-D, missing values, or all flows zero (every rate is then a root).

    Examples
    --------
    >>> round(irr([-100, 39, 59, 55, 20]).value, 10)  # numpy-financial test value 0.28094842115996066
    0.2809484212
    """
    f = as_flows(flows, func="irr")
    if f.ndim != 1:
        raise InputError(f"The 'flows' parameter of irr must be 1-D (one series); got shape {f.shape} instead.")
    if not np.any(f):
        raise InputError("The 'flows' parameter of irr is all zero: every rate gives NPV = 0, so the IRR is undefined.",
                         location={"key": "flows"})
    nz = f[f != 0]
    sign_changes = int(np.sum(np.sign(nz[1:]) != np.sign(nz[:-1])))
    # strip leading zeros (a factor x^k: roots at x = 0, i.e. r = +inf) and trailing zeros (np.roots does it too)
    first = int(np.flatnonzero(f)[0])
    g = f[first:]
    g = np.trim_zeros(g, "b")
    roots: list[float] = []
    if g.size > 1 and sign_changes > 0:
        xs = np.roots(g[::-1])  # coefficients of x^T ... x^0
        scale = np.maximum(1.0, np.abs(xs))
        real = xs[(np.abs(xs.imag) <= 1e-6 * scale) & (xs.real > 0)].real
        r = 1.0 / real - 1.0
        # Newton polish on NPV(r); keep the polished root if it improved and stays > -1
        for _ in range(3):
            val, slope = _npv_and_slope(f, r)
            step = np.divide(val, slope, out=np.zeros_like(val), where=slope != 0)
            cand = r - step
            ok = cand > -1
            r = np.where(ok, cand, r)
        val, _ = _npv_and_slope(f, r)
        # keep a root when NPV is zero relative to the size of its discounted terms (near r = -1 they are huge)
        size, _ = _npv_and_slope(np.abs(f), r)
        r = np.sort(r[np.abs(val) <= 1e-8 * size])
        for v in r:
            if not roots or abs(v - roots[-1]) > max(tol, 1e-6) * max(1.0, abs(v)):
                roots.append(float(v))
    flag: Flag = "none" if not roots else ("unique" if len(roots) == 1 else "multiple")
    value = roots[0] if flag == "unique" else float("nan")
    return IRRResult(roots=tuple(roots), value=value, flag=flag, sign_changes=sign_changes,
                     flows=tuple(float(v) for v in f))
