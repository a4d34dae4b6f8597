"""Input conventions of the composite-index core: the data table and a progress bar.

Every public function of the core reads its data through :func:`as_frame` once and then trusts it: a table of
units (rows, named) × indicators (columns, by id), numbers or missing values only. Messages name the indicator
and the unit in the user's terms. Directions are read by :func:`perfmethods.model.framework.check_directions`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from perfmethods.validation import check_table

__all__ = ["as_frame", "progress_bar", "progress_option"]


def as_frame(data: Any, *, func: str, name: str = "data", allow_missing: bool = True,
             min_units: int = 2) -> pd.DataFrame:
    """A float copy of ``data`` (units × indicators) with string labels; bad cells raise located errors.

    :func:`perfmethods.validation.check_table` with the composite core's conventions: missing values allowed by
    default (they stay missing through normalisation and are skipped by aggregation), an array's units named
    ``unit1``, ``unit2``, … and its indicators ``x1``, ``x2``, ….

    Parameters
    ----------
    data : a DataFrame (index = unit names, columns = indicator ids) or a 2-D array.
    func : the public function's name, for messages.
    name : the parameter's name, for messages.
    allow_missing : accept missing values (NaN); an indicator missing for every unit is refused either way.
    min_units : the fewest units accepted (2 where a method compares units).
    """
    return check_table(data, name=name, func=func, row_label="unit", column_label="indicator", row_names="unit{}",
                       column_names="x{}", allow_missing=allow_missing, min_rows=min_units)


def progress_bar(total: int, show: bool, *, desc: str) -> Any:
    """A progress bar under the package's rule (:func:`perfmethods.progress.progress_bar`), or a silent stand-in.

    Parameters
    ----------
    total : the number of steps.
    show : the caller's ``progress`` option: ``False`` never shows a bar; ``True`` shows one where the package's
        rule allows (a terminal or a Jupyter kernel, not in CI, not with ``PERFMETHODS_PROGRESS=0``).
    desc : the bar's label.
    """
    from perfmethods.progress import progress_bar as _progress_bar

    return _progress_bar(total, show=progress_option(show), desc=desc)


def progress_option(show: bool) -> bool | None:
    """The package's ``progress`` option (:func:`perfmethods.progress.progress_enabled`) for the core's ``show``.

    ``False`` never shows a bar; ``True`` becomes ``None``: a bar where the package's rule allows one.
    """
    return None if show else False
