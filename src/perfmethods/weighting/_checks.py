"""Validation shared by the weighting modules: pairwise matrices, labels, data matrices, seeds.

Every public function of :mod:`perfmethods.weighting` validates its input here once, copies it, and
then trusts it. Messages follow the package form: what was expected, what was found, and where
(matrix number, row and column, 1-based, with the criterion labels).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import DataQualityWarning, InputError

__all__ = [
    "SAATY_SCALE",
    "as_labels",
    "check_data_matrix",
    "check_pairwise",
    "pairwise_matrix",
]

#: The 17 values of Saaty's 1–9 scale with reciprocals: 1/9, 1/8, …, 1/2, 1, 2, …, 9.
SAATY_SCALE: np.ndarray = np.concatenate([1.0 / np.arange(9, 1, -1), np.arange(1, 10, dtype=float)])

#: How far a_ij · a_ji may be from 1 before a matrix is declared non-reciprocal. 5 % lets judgments
#: typed as rounded decimals (0.33 for 1/3, 0.14 for 1/7, 0.17 for 1/6) through; a swapped or
#: duplicated judgment (3 and 3: product 9) is far outside.
RECIPROCITY_RTOL = 0.05


def as_labels(labels: Sequence[object] | None, n: int, *, what: str = "labels") -> tuple[str, ...] | None:
    """Labels as a tuple of unique strings of length ``n`` (``None`` stays ``None``)."""
    if labels is None:
        return None
    out = tuple(str(x) for x in labels)
    if len(out) != n:
        raise InputError(f"The '{what}' parameter must name the {n} criteria; "
                         f"got {len(out)} names instead: {list(out)}")
    dup = sorted({x for x in out if out.count(x) > 1})
    if dup:
        raise InputError(f"The '{what}' parameter must name each criterion once; {dup} appear more than once.")
    return out


def _where(k: int | None, i: int, j: int, labels: tuple[str, ...] | None) -> dict[str, object]:
    loc: dict[str, object] = {}
    if k is not None:
        loc["matrix"] = int(k) + 1
    loc["row"] = int(i) + 1
    loc["column"] = int(j) + 1
    if labels is not None:
        loc["pair"] = f"{labels[i]} / {labels[j]}"
    return loc


def _frame_labels(frame: pd.DataFrame, k: int | None) -> tuple[str, ...]:
    rows = [str(x) for x in frame.index]
    cols = [str(x) for x in frame.columns]
    if rows != cols:
        pos = next((p for p, (a, b) in enumerate(zip(rows, cols, strict=False)) if a != b), min(len(rows), len(cols)))
        raise InputError(
            "the row labels and column labels of a pairwise matrix must be the same criteria in the same order; "
            f"they differ at position {pos + 1}: rows {rows}, columns {cols}",
            location={"matrix": k + 1} if k is not None else None,
        )
    return tuple(rows)


def _stack(matrix: Any, labels: Sequence[object] | None) -> tuple[np.ndarray, tuple[str, ...] | None, bool]:
    """Read one matrix or a stack into a float array of shape (k, n, n); say whether it was a stack."""
    found: tuple[str, ...] | None = None
    if isinstance(matrix, pd.DataFrame):
        found = _frame_labels(matrix, None)
        arr = matrix.to_numpy(dtype=float, na_value=np.nan)[None]
        batched = False
    elif isinstance(matrix, Mapping) or (isinstance(matrix, (list, tuple)) and matrix
                                         and isinstance(matrix[0], pd.DataFrame)):
        frames = list(matrix.values()) if isinstance(matrix, Mapping) else list(matrix)
        mats = []
        for k, frame in enumerate(frames):
            if isinstance(frame, pd.DataFrame):
                lab = _frame_labels(frame, k)
                if found is None:
                    found = lab
                elif lab != found:
                    raise InputError(
                        f"every matrix of a stack must compare the same criteria in the same order; matrix {k + 1} "
                        f"has {list(lab)}, matrix 1 has {list(found)}"
                    )
                mats.append(frame.to_numpy(dtype=float, na_value=np.nan))
            else:
                mats.append(np.asarray(frame, dtype=float))
        try:
            arr = np.stack(mats)
        except ValueError:
            raise InputError("every matrix of a stack must have the same size; got sizes "
                             f"{[np.shape(m) for m in mats]}") from None
        batched = True
    else:
        try:
            arr = np.array(matrix, dtype=float)
        except (TypeError, ValueError):
            raise InputError("a pairwise matrix must hold numbers (judgments such as 3 or 1/3); "
                             f"got {type(matrix).__name__} that cannot be read as numbers") from None
        if arr.ndim == 2:
            arr = arr[None]
            batched = False
        elif arr.ndim == 3:
            batched = True
        else:
            raise InputError("a pairwise matrix must have shape (n, n), or (k, n, n) for a stack; "
                             f"got shape {arr.shape}")
    if arr.shape[-1] != arr.shape[-2]:
        raise InputError(f"a pairwise matrix must be square; got {arr.shape[-2]} rows and {arr.shape[-1]} columns")
    n = arr.shape[-1]
    if n < 1 or arr.shape[0] < 1:
        raise InputError(f"a pairwise matrix must compare at least one criterion; got shape {arr.shape}")
    given = as_labels(labels, n)
    if given is not None and found is not None and given != found:
        pos = next(p for p, (a, b) in enumerate(zip(given, found, strict=True)) if a != b)
        raise InputError(
            f"the 'labels' given do not match the matrix's labels at position {pos + 1}: "
            f"{given[pos]!r} against {found[pos]!r} (labels {list(given)}, matrix {list(found)})"
        )
    return arr, (given or found), batched


def check_pairwise(
    matrix: Any,
    labels: Sequence[object] | None = None,
    *,
    allow_missing: bool = False,
    scale_warning: bool = True,
) -> tuple[np.ndarray, tuple[str, ...] | None, bool]:
    """Validate pairwise comparison matrices and return an exactly reciprocal copy.

    Parameters
    ----------
    matrix : an (n, n) array-like or DataFrame, a (k, n, n) array, or a list/dict of such matrices.
    labels : criterion names (checked against the DataFrame labels when both are given).
    allow_missing : accept NaN judgments (incomplete matrices); a missing a_ij needs a missing a_ji.
    scale_warning : warn (:class:`DataQualityWarning`) when a judgment is outside 1/9 … 9.

    Returns
    -------
    (array of shape (k, n, n), labels or None, whether the input was a stack)

    Rules: judgments positive and finite (NaN only where ``allow_missing``), unit diagonal, a_ij · a_ji
    within 5 % of 1. The returned matrix is made exactly reciprocal symmetrically,
    a'_ij = sqrt(a_ij / a_ji), so judgments typed as rounded decimals (0.33) are reconciled with their
    counterparts (3) without favouring either triangle; an exactly reciprocal input is unchanged.
    """
    arr, lab, batched = _stack(matrix, labels)
    multi = batched and arr.shape[0] > 1
    nan = np.isnan(arr)
    if nan.any():
        if not allow_missing:
            kk, i, j = np.argwhere(nan)[0]
            raise InputError(
                "a judgment is missing (NaN); give every pair a value, or complete the matrix with "
                "ahp(..., missing='optimal') or complete_matrix()",
                location=_where(kk if multi else None, int(i), int(j), lab),
            )
        asym = nan != np.swapaxes(nan, -1, -2)
        if asym.any():
            kk, i, j = np.argwhere(asym)[0]
            raise InputError(
                "a judgment is missing on one side of the diagonal only; a missing a_ij needs a missing a_ji "
                f"(found a_ji = {arr[kk, j, i]!r})",
                location=_where(kk if multi else None, int(i), int(j), lab),
            )
    diag = np.diagonal(arr, axis1=-2, axis2=-1)
    bad_diag = ~np.isclose(diag, 1.0, rtol=0, atol=1e-9)
    if bad_diag.any():
        kk, i = np.argwhere(bad_diag)[0]
        raise InputError(
            f"the diagonal of a pairwise matrix must be 1 (a criterion against itself); got {diag[kk, i]!r}",
            location=_where(kk if multi else None, int(i), int(i), lab),
        )
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(arr) & (arr > 0)) & ~nan
    if bad.any():
        kk, i, j = np.argwhere(bad)[0]
        raise InputError(
            f"judgments must be positive finite numbers (1 = equal, 3 = moderately more important, 1/3 = "
            f"moderately less); got {arr[kk, i, j]!r}",
            location=_where(kk if multi else None, int(i), int(j), lab),
        )
    with np.errstate(invalid="ignore"):
        prod = arr * np.swapaxes(arr, -1, -2)
        nonrec = np.abs(prod - 1.0) > RECIPROCITY_RTOL
    if nonrec.any():
        kk, i, j = np.argwhere(nonrec)[0]
        raise InputError(
            f"the matrix is not reciprocal: a_ij = {arr[kk, i, j]:g} but a_ji = {arr[kk, j, i]:g} "
            f"(a_ji must be 1/a_ij = {1 / arr[kk, i, j]:.4g})",
            location=_where(kk if multi else None, int(i), int(j), lab),
        )
    out = np.sqrt(arr / np.swapaxes(arr, -1, -2))
    if scale_warning:
        with np.errstate(invalid="ignore"):
            off = (out < 1 / 9 - 1e-9) | (out > 9 + 1e-9)
        if off.any():
            kk, i, j = np.argwhere(off)[0]
            where = _where(kk if multi else None, int(i), int(j), lab)
            from perfmethods.errors import located

            warnings.warn(
                f"{located(**where)}: judgment {out[kk, i, j]:g} is outside Saaty's 1/9 … 9 scale "
                f"({int(off.sum()) // 2} such pair(s) in all); the weights are computed but check the entry",
                DataQualityWarning,
                stacklevel=3,
            )
    return out, lab, batched


def pairwise_matrix(
    pairs: Sequence[Sequence[object]] | pd.DataFrame,
    labels: Sequence[object] | None = None,
) -> pd.DataFrame:
    """Build a reciprocal pairwise matrix from ``(row, column, a_row_column)`` triples.

    Parameters
    ----------
    pairs : triples ``(a, b, value)`` meaning "a is ``value`` times as important as b"; a triple may
        also be given the other way round (``(b, a, 1/value)``) as long as the two agree.
    labels : the criteria in the order wanted; default: first appearance in ``pairs``.

    Returns
    -------
    DataFrame
        The (n, n) matrix with unit diagonal, a_ba = 1/a_ab, and NaN for pairs never judged.

    Raises
    ------
    InputError : a value is not a positive number, a pair is judged twice with different values, a
        criterion is compared with itself at a value other than 1, or a criterion is not in ``labels``.
    """
    if isinstance(pairs, pd.DataFrame):
        triples = list(pairs.itertuples(index=False, name=None))
    else:
        triples = [tuple(p) for p in pairs]
    names: list[str] = [] if labels is None else [str(x) for x in labels]
    if labels is None:
        for t in triples:
            for x in t[:2]:
                if str(x) not in names:
                    names.append(str(x))
    index = {name: p for p, name in enumerate(names)}
    n = len(names)
    a = np.full((n, n), np.nan)
    np.fill_diagonal(a, 1.0)
    for row, t in enumerate(triples, start=1):
        if len(t) != 3:
            raise InputError(f"each pair must be (criterion_a, criterion_b, value); got {t!r}", location={"row": row})
        x, y, v = str(t[0]), str(t[1]), t[2]
        for name in (x, y):
            if name not in index:
                raise InputError(f"criterion {name!r} is not among the labels {names}", location={"row": row})
        try:
            value = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InputError(f"the judgment must be a number; got {v!r}",
                             location={"row": row, "pair": f"{x} / {y}"}) from None
        if not (np.isfinite(value) and value > 0):
            raise InputError(f"the judgment must be a positive number; got {v!r}",
                             location={"row": row, "pair": f"{x} / {y}"})
        i, j = index[x], index[y]
        if i == j:
            if not np.isclose(value, 1.0):
                raise InputError(f"a criterion compared with itself must be 1; got {value:g}",
                                 location={"row": row, "pair": f"{x} / {y}"})
            continue
        if not np.isnan(a[i, j]) and not np.isclose(a[i, j], value, rtol=RECIPROCITY_RTOL):
            raise InputError(
                f"the pair is judged twice with different values: {a[i, j]:g} and {value:g}",
                location={"row": row, "pair": f"{x} / {y}"},
            )
        a[i, j] = value
        a[j, i] = 1.0 / value
    return pd.DataFrame(a, index=pd.Index(names, name="criterion"), columns=pd.Index(names, name="criterion"))


def check_data_matrix(
    X: Any,
    *,
    func: str,
    allow_negative: bool = True,
) -> tuple[np.ndarray, tuple[str, ...] | None, pd.Index | None]:
    """Validate a decision matrix (objects in rows, indicators in columns) and return it as a float array.

    The array is the caller's own when it already is a float ndarray (no copy of a large matrix); callers only
    read it.

    Raises :class:`InputError` for a non-2-D input, fewer than two objects (rows), a missing or
    non-finite value (naming row and column), or negative values where ``allow_negative`` is False.
    """
    columns: tuple[str, ...] | None = None
    index: pd.Index | None = None
    if isinstance(X, pd.DataFrame):
        columns = tuple(str(c) for c in X.columns)
        index = X.index.copy()
        try:
            arr = X.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            raise InputError(f"The 'X' parameter of {func} must hold numbers only; some columns do not.") from None
    else:
        try:
            arr = np.asarray(X, dtype=float)  # no copy of a float array: the weighting functions never write to X
        except (TypeError, ValueError):
            raise InputError(f"The 'X' parameter of {func} must hold numbers only.") from None
    if arr.ndim != 2:
        raise InputError(f"The 'X' parameter of {func} must be a 2-D table (objects × indicators); "
                         f"got shape {arr.shape}.")
    m, n = arr.shape
    if n < 1:
        raise InputError(f"The 'X' parameter of {func} has no indicator columns.")
    if m < 2:
        raise InputError(
            f"The 'X' parameter of {func} must have at least two evaluation objects (rows); got {m}. Objective "
            "weights measure how indicators vary across comparable objects (projects, regions, years); they "
            "cannot be computed for a single project."
        )
    return arr, columns, index


def first_bad_cell(arr: np.ndarray, mask: np.ndarray, columns: tuple[str, ...] | None) -> dict[str, object]:
    """Location of the first True of ``mask`` as ``{row, column}`` (1-based row; column label if known)."""
    i, j = np.argwhere(mask)[0]
    return {"row": int(i) + 1, "column": columns[j] if columns is not None else int(j) + 1}
