"""Reading a report notebook from disk: ``.ipynb`` or a jupytext percent ``.py`` file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from perfmethods.errors import InputError

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["load_notebook"]


def load_notebook(path: str | os.PathLike[str]) -> NotebookNode:
    """Read a notebook stored as ``.ipynb`` or as a jupytext percent ``.py`` file.

    Parameters
    ----------
    path : path
        The notebook file; the format follows the extension (``.ipynb`` or ``.py``, any case).

    Returns
    -------
    NotebookNode
        The notebook (nbformat version 4), as stored; it is not executed.

    Raises
    ------
    InputError
        The file is missing, has another extension, or cannot be parsed.
    """
    import nbformat

    file = Path(path)
    if not file.is_file():
        raise InputError(f"notebook not found: {file.resolve()}", location={"file": os.fspath(path)})
    suffix = file.suffix.lower()
    try:
        if suffix == ".ipynb":
            return nbformat.read(file, as_version=4)
        if suffix == ".py":
            import jupytext

            return jupytext.read(file, fmt="py:percent")
    except (ValueError, OSError, UnicodeDecodeError, nbformat.reader.NotJSONError) as exc:
        raise InputError(f"cannot read the notebook: {exc}", location={"file": os.fspath(path)}) from None
    raise InputError(
        f"unsupported notebook format {suffix!r}: use .ipynb or a jupytext percent .py file",
        location={"file": os.fspath(path)},
    )
