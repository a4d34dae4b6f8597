"""Helpers shared by the weighting tests (imported as a plain module, like tests/reporting/reporting_support.py)."""

from __future__ import annotations

import numpy as np

from perfmethods.weighting import SAATY_SCALE


def upper_to_matrix(values: list[float]) -> np.ndarray:
    """A reciprocal matrix from its upper triangle given row by row (pyanp's test layout)."""
    n = (1 + int(np.sqrt(1 + 8 * len(values)) + 0.5)) // 2
    a = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    a[iu] = values
    a[(iu[1], iu[0])] = 1.0 / np.asarray(values, dtype=float)
    return a


def consistent_matrix(w: np.ndarray) -> np.ndarray:
    """a_ij = w_i / w_j (CR = 0)."""
    return w[..., :, None] / w[..., None, :]


def random_reciprocal(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """k random reciprocal matrices with judgments drawn from Saaty's scale."""
    idx = rng.integers(0, SAATY_SCALE.size, size=(k, n, n))
    a = SAATY_SCALE[idx]
    iu = np.triu_indices(n, 1)
    out = np.ones((k, n, n))
    out[:, iu[0], iu[1]] = a[:, iu[0], iu[1]]
    out[:, iu[1], iu[0]] = 1 / a[:, iu[0], iu[1]]
    return out
