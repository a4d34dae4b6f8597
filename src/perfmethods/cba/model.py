"""Appraisal models: NPV as a vectorised function of named uncertain inputs (for sensitivity and Monte Carlo).

Why hand-written: the risk tools (one-way sensitivity, switching values, scenarios, Monte Carlo) all evaluate the
same NPV at many input values; evaluating them as one array operation instead of a loop over draws is what makes
100,000 draws × 50 years fast. :class:`NPVModel` builds that function from :class:`~perfmethods.cba.CashFlows`:
each variable multiplies a group of flow lines (base value 1), and an optional variable is the discount rate.
:class:`FunctionModel` wraps any vectorised function for models that are not multipliers (a delay, a price path).

Formula (NPVModel)
------------------
NPV(x, r) = Σ_t DF_r(t) [ Σ_k x_k c_{k,t} + c_{0,t} ],   c_{k,t} = signed flows of the lines of variable k,
c_{0,t} = lines without a variable. With a fixed schedule the PV of each group is computed once; with the rate as a
variable DF_r(t) = (1 + r)^-t = exp(-t ln(1 + r)) is formed for every draw (cache-sized blocks of draws × years,
one broadcast exponential each) and the groups' PVs are one product per block.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from perfmethods.cba._checks import check_rate
from perfmethods.cba.cashflows import CashFlows
from perfmethods.cba.discounting import Schedule, Timing, _times, discount_factors
from perfmethods.errors import InputError

__all__ = ["FunctionModel", "Model", "NPVModel"]

#: Draws × years of discount factors formed at once with an uncertain rate (512 kB: the block stays in cache; its
#: product with the line groups is one small BLAS matrix product).
_BLOCK_ELEMENTS = 1 << 16


class Model(Protocol):
    """What the risk tools need: base values of the inputs and a vectorised ``evaluate``."""

    base: Mapping[str, float]

    def evaluate(self, values: Mapping[str, np.ndarray]) -> np.ndarray:  # pragma: no cover - protocol
        ...


def _check_values(model: Model, values: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], tuple[int, ...]]:
    unknown = [k for k in values if k not in model.base]
    if unknown:
        raise InputError(f"unknown model variable(s) {unknown}; the model's variables are {list(model.base)}",
                         location={"key": unknown[0]})
    arrays = {k: np.asarray(v, dtype=float) for k, v in values.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
    return arrays, shape


@dataclass(frozen=True)
class NPVModel:
    """NPV of cash flows as a function of multipliers on groups of lines and, optionally, the discount rate.

    Parameters
    ----------
    cashflows : the base-case flows (one price base).
    variables : variable name → a flow name, category or kind, or a sequence of them; the variable multiplies
        those lines (base 1). A line may belong to one variable only.
    rate : the discount rate or schedule of the base case.
    rate_variable : name of a variable that is the (constant) discount rate; its base value is ``rate``, which must
        then be a number.
    timing : ``"end"`` or ``"mid"`` year convention.
    """

    cashflows: CashFlows
    variables: Mapping[str, str | Sequence[str]]
    rate: float | str | Schedule = "china_2006"
    rate_variable: str | None = None
    timing: Timing = "end"
    _groups: np.ndarray = field(init=False, repr=False, compare=False)
    _pv: np.ndarray = field(init=False, repr=False, compare=False)
    _t: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.cashflows, CashFlows):
            raise InputError(f"The 'cashflows' parameter of NPVModel must be a CashFlows; got "
                             f"{type(self.cashflows).__name__}.")
        signed = self.cashflows.signed()
        names = list(self.cashflows.amounts.index)
        owner: dict[str, str] = {}
        groups = []
        for var, keys in self.variables.items():
            if var == self.rate_variable:
                raise InputError(f"variable {var!r} is both a multiplier and the rate variable",
                                 location={"key": var})
            rows = np.zeros(len(names), dtype=bool)
            for key in [keys] if isinstance(keys, str) else list(keys):
                for flow in self.cashflows.select(key):
                    if flow in owner and owner[flow] != var:
                        raise InputError(f"flow {flow!r} belongs to variables {owner[flow]!r} and {var!r}; a line "
                                         f"may belong to one variable only", location={"key": flow})
                    owner[flow] = var
                    rows[names.index(flow)] = True
            groups.append(signed[rows].sum(axis=0))
        rest = np.array([n not in owner for n in names])
        groups.append(signed[rest].sum(axis=0))
        g = np.vstack(groups)
        if self.rate_variable is not None and (isinstance(self.rate, (str, Schedule))):
            raise InputError("with a rate_variable the base 'rate' of NPVModel must be a number, not a schedule",
                             location={"key": "rate"})
        df = discount_factors(g.shape[1], self.rate, timing=self.timing)
        object.__setattr__(self, "_groups", g)
        object.__setattr__(self, "_pv", g @ df)
        object.__setattr__(self, "_t", _times(np.arange(g.shape[1]), self.timing, "NPVModel"))

    @property
    def base(self) -> dict[str, float]:
        """Base values: 1 for every multiplier, the base rate for the rate variable."""
        out = {k: 1.0 for k in self.variables}
        if self.rate_variable is not None:
            out[self.rate_variable] = float(self.rate)  # type: ignore[arg-type]
        return out

    @property
    def components(self) -> dict[str, float]:
        """Base-case present value of each variable's lines (and ``"other"`` for the rest)."""
        return {**{k: float(v) for k, v in zip(self.variables, self._pv[:-1], strict=True)},
                "other": float(self._pv[-1])}

    def evaluate(self, values: Mapping[str, Any]) -> np.ndarray:
        """NPV at the given input values (arrays broadcast; missing variables stay at base).

        Parameters
        ----------
        values : variable name → value or array of values.
        """
        arrays, shape = _check_values(self, values)
        names = list(self.variables)
        given = [i for i, var in enumerate(names) if var in arrays]
        fixed = [i for i in range(len(names)) if i not in given]
        size = int(np.prod(shape, dtype=np.int64))
        # multipliers of the given variables, one contiguous row each (K_given, draws)
        mult = np.empty((len(given), size))
        for row, i in enumerate(given):  # a loop over the few variables; the draws are vectorised
            mult[row] = np.broadcast_to(arrays[names[i]], shape).reshape(-1)
        if self.rate_variable is None or self.rate_variable not in arrays:
            const = self._pv[-1] + self._pv[fixed].sum()
            return (np.einsum("k,kn->n", self._pv[given], mult) + const).reshape(shape)
        r = check_rate(arrays[self.rate_variable], name=self.rate_variable, func="NPVModel.evaluate")
        neg_log_v = -np.log1p(np.broadcast_to(r, shape).reshape(-1))       # ln DF_t = -t ln(1 + r)
        # the lines of the variables at base join the lines without a variable: (K_given + 1, T)
        groups = np.vstack([self._groups[given], self._groups[-1] + self._groups[fixed].sum(axis=0)])
        out = np.empty(size)
        step = max(1, _BLOCK_ELEMENTS // groups.shape[1])
        df = np.empty((groups.shape[1], min(step, size)))
        for start in range(0, size, step):  # blocks of draws: the block's discount factors stay in cache
            part = slice(start, start + step)
            block = df[:, :len(out[part])]
            # DF_t = (1 + r)^-t for every year (rows) and every draw of the block (columns) at once
            np.exp(np.multiply.outer(self._t, neg_log_v[part], out=block), out=block)
            pv = groups @ block                                          # PV of each group, (K_given + 1, block)
            out[part] = np.einsum("kn,kn->n", mult[:, part], pv[:-1]) + pv[-1]
        return out.reshape(shape)


@dataclass(frozen=True)
class FunctionModel:
    """A user-supplied vectorised model.

    Parameters
    ----------
    func : called as ``func(**values)`` with every variable as an array (broadcastable), returning the NPV array.
    base : base value of each variable.
    """

    func: Callable[..., Any]
    base: Mapping[str, float]

    def evaluate(self, values: Mapping[str, Any]) -> np.ndarray:
        """The model at the given values (missing variables at base).

        Parameters
        ----------
        values : variable name → value or array.
        """
        arrays, shape = _check_values(self, values)
        full = {k: np.broadcast_to(arrays.get(k, np.float64(v)), shape) for k, v in self.base.items()}
        out = np.asarray(self.func(**full), dtype=float)
        return np.broadcast_to(out, shape).copy() if out.shape != shape else out
