"""Input checks shared by the efficiency functions: inputs and outputs of the same units, positive, complete.

Every public function of :mod:`perfmethods.efficiency` reads its data here once and then trusts it. Messages
name the unit (row) and the variable (column) in the user's own labels.

Data conventions (Cooper, Seiford & Tone 2007, *Data Envelopment Analysis*, 2nd ed., ch. 2, "semipositive
data"): every input is > 0 (a radial input contraction of a zero input is meaningless, and a unit that used
nothing would be efficient for free); outputs are ≥ 0 and every unit produces at least one positive output
(a unit with no output at all has no place on an output frontier). Negative values are refused.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.validation import check_table

__all__ = ["DEAData", "as_variable_frame", "check_dea_data", "variable_names"]


@dataclass(frozen=True)
class DEAData:
    """Checked data of one DEA: ``x`` (n × m inputs) and ``y`` (n × s outputs) as float arrays, with labels."""

    x: np.ndarray
    y: np.ndarray
    units: tuple[str, ...]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


def as_variable_frame(data: Any, *, name: str, func: str, prefix: str, value_label: str,
                      positive: bool) -> pd.DataFrame:
    """``data`` (DataFrame, Series, 1-D or 2-D array, nested list) as a float DataFrame of units × variables.

    :func:`perfmethods.validation.check_table` with the DEA conventions: arrays get units ``1, 2, …`` and
    variables ``{prefix}1, {prefix}2, …``; a Series is one variable named after the Series (or ``{prefix}1``); a
    cell is located as ``unit`` and ``column``; no value may be missing; inputs are > 0 (``positive``), outputs
    ≥ 0.
    """
    return check_table(data, name=name, func=func, row_label="unit", column_label="column", row_names="{}",
                       column_names=prefix + "{}", value_label=value_label, vector=True, low=0.0,
                       closed="neither" if positive else "both")


def check_dea_data(inputs: Any, outputs: Any, *, func: str) -> DEAData:
    """Read and check the inputs and outputs of one DEA (see the module docstring for the rules).

    The two tables must describe the same units: with DataFrames they are matched by unit name (the order
    of ``inputs`` is kept); with arrays they must have the same number of rows.

    Parameters
    ----------
    inputs : units × inputs (DataFrame, Series or array).
    outputs : units × outputs (DataFrame, Series or array).
    func : the public function's name, for the messages.
    """
    xf = as_variable_frame(inputs, name="inputs", func=func, prefix="x", value_label="input", positive=True)
    yf = as_variable_frame(outputs, name="outputs", func=func, prefix="y", value_label="output", positive=False)
    if isinstance(inputs, (pd.DataFrame, pd.Series)) and isinstance(outputs, (pd.DataFrame, pd.Series)):
        only_x = [u for u in xf.index if u not in yf.index]
        only_y = [u for u in yf.index if u not in xf.index]
        if only_x or only_y:
            parts = []
            if only_x:
                parts.append(f"unit(s) {only_x[:10]} have inputs but no outputs")
            if only_y:
                parts.append(f"unit(s) {only_y[:10]} have outputs but no inputs")
            raise InputError(f"{func}: the inputs and outputs must describe the same units; " + "; ".join(parts))
        yf = yf.loc[xf.index]
    elif len(xf) != len(yf):
        raise InputError(f"{func}: the inputs have {len(xf)} units (rows) but the outputs have {len(yf)}; "
                         "each unit needs one row in both.")
    else:
        yf.index = xf.index
    shared = sorted(set(xf.columns) & set(yf.columns))
    if shared:
        raise InputError(f"{func}: the variable(s) {shared} appear both as inputs and as outputs; "
                         "a variable is either spent (input) or produced (output).")
    x, y = xf.to_numpy(), yf.to_numpy()
    empty = np.flatnonzero(~(y > 0).any(axis=1))
    if empty.size:
        raise InputError(f"{func}: every output of this unit is 0; a unit must produce at least one output to be "
                         "compared (leave it out or check the data)", location={"unit": xf.index[empty[0]]})
    n, m, s = len(xf), x.shape[1], y.shape[1]
    if n < 2:
        raise InputError(f"{func}: DEA compares units with each other and needs at least 2 units; got {n}.")
    rule = max(m * s, 3 * (m + s))
    if n < rule:
        warnings.warn(
            f"{func}: {n} units for {m} inputs and {s} outputs; with fewer than max(m x s, 3(m + s)) = {rule} units "
            "many units look efficient only because they are unique (rule of thumb of Cooper, Seiford & Tone 2007)",
            DataQualityWarning, stacklevel=3)
    return DEAData(x=x, y=y, units=tuple(xf.index), inputs=tuple(xf.columns), outputs=tuple(yf.columns))


def variable_names(names: Sequence[str] | str, *, name: str, func: str) -> list[str]:
    """Column names given as one string or a sequence of strings (for the panel functions)."""
    if isinstance(names, str):
        return [names]
    out = [str(v) for v in names]
    if not out:
        raise InputError(f"The {name!r} parameter of {func} must name at least one column.")
    return out
