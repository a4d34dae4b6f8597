"""The one chart the ranking results share: a horizontal bar per unit, best at the top."""

from __future__ import annotations

from typing import Any

import pandas as pd


def score_bars(scores: pd.Series, *, ax: Any, title: str, xlabel: str, color: str = "#4C72B0") -> Any:
    """Bars of ``scores`` (one per unit, highest at the top) on ``ax`` (a new figure when ``None``)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.35 * len(scores) + 1.4))
    ordered = scores.sort_values(ascending=True)
    ax.barh([str(u) for u in ordered.index], ordered.to_numpy(dtype=float), color=color)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return ax
