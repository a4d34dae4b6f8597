"""What the efficiency results share: option names, tolerances and the one bar chart of scores by unit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from perfmethods.i18n import translator
from perfmethods.validation import check_language, check_option

__all__ = ["MODELS", "ORIENTATIONS", "TOL", "check_model", "check_orientation", "ranks", "score_bars"]

#: DEA models and the returns to scale they assume: CCR (Charnes, Cooper & Rhodes 1978) constant, BCC (Banker,
#: Charnes & Cooper 1984) variable.
MODELS: dict[str, str] = {"ccr": "crs", "bcc": "vrs"}

#: Orientations: ``"input"`` contracts inputs at given outputs, ``"output"`` expands outputs at given inputs.
ORIENTATIONS: tuple[str, ...] = ("input", "output")

#: A score within this of 1, or a slack below this times its variable's mean, counts as exactly 1 or 0
#: (HiGHS solves to a feasibility tolerance of 1e-7 on data scaled to mean 1).
TOL = 1e-6


def check_model(model: Any, func: str) -> str:
    """``"ccr"`` or ``"bcc"`` (case-insensitive)."""
    value = model.lower() if isinstance(model, str) else model
    return str(check_option(value, MODELS, name="model", func=func))


def check_orientation(orientation: Any, func: str) -> str:
    """``"input"`` or ``"output"`` (case-insensitive)."""
    value = orientation.lower() if isinstance(orientation, str) else orientation
    return str(check_option(value, ORIENTATIONS, name="orientation", func=func))


def ranks(values: pd.Series) -> pd.Series:
    """Rank 1 = highest value; ties share the best rank; missing values get no rank."""
    return values.rank(ascending=False, method="min").astype("Int64").rename("rank")


def score_bars(values: pd.Series, highlight: pd.Series, *, title_key: str, axis_key: str, legend_keys: tuple[str, str],
               ax: Any = None, language: str = "zh", reference: float | None = 1.0) -> Any:
    """Horizontal bars of one score per unit, highest on top; ``highlight`` units in the accent colour.

    ``legend_keys`` name the highlighted and the other bars; units without a value (NaN) are not drawn and are
    listed under the axis instead.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    tr = translator(check_language(language, func="plot"), "plot.efficiency.")
    shown = values.dropna().sort_values()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.32 * len(shown) + 1.4))
    colours = np.where(highlight.reindex(shown.index, fill_value=False).to_numpy(dtype=bool), "#2E7D32", "#90A4AE")
    ax.barh([str(u) for u in shown.index], shown.to_numpy(), color=colours)
    if reference is not None:
        ax.axvline(reference, color="#424242", linewidth=0.8, linestyle="--")
    ax.set_title(tr(title_key), pad=20)
    ax.set_xlabel(tr(axis_key))
    handles = [Patch(color=colour, label=tr(key)) for colour, key in zip(("#2E7D32", "#90A4AE"), legend_keys,
                                                                          strict=True)]
    # between the title and the bars, so that no bar is hidden
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), borderaxespad=0.1, ncol=2,
              frameon=False, fontsize="small")
    missing = [str(u) for u in values.index[values.isna()]]
    if missing:
        ax.annotate(tr("note.not_shown", units="、".join(missing)), xy=(0.5, 0), xycoords="axes fraction",
                    xytext=(0, -44), textcoords="offset points", fontsize="small", va="top", ha="center")
    return ax
