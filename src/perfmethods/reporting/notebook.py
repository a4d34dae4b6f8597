"""Reading a report notebook from disk: ``.ipynb`` or a jupytext percent ``.py`` file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfmethods.errors import InputError

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["load_notebook"]


def load_notebook(path: str | os.PathLike[str], *, plain: bool = False) -> NotebookNode | dict[str, Any]:
    """Read a notebook stored as ``.ipynb`` or as a jupytext percent ``.py`` file.

    Parameters
    ----------
    path : path
        The notebook file; the format follows the extension (``.ipynb`` or ``.py``, any case).
    plain : bool, default False
        Read an ``.ipynb`` as plain JSON (a ``dict``), without nbformat, for a caller that only looks at the
        cells (e.g. :func:`perfmethods.reporting.params.read_parameters`): importing nbformat costs about 3 s
        (jsonschema's format checkers), which a batch's coordinating process need not pay.

    Returns
    -------
    NotebookNode or dict
        The notebook (nbformat version 4), as stored; it is not executed.

    Raises
    ------
    InputError
        The file is missing, has another extension, or cannot be parsed.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"notebook not found: {file.resolve()}", location={"file": os.fspath(path)})
    suffix = file.suffix.lower()
    if plain and suffix == ".ipynb":
        try:
            nb = json.loads(file.read_text(encoding="utf-8"))
        except (ValueError, OSError) as exc:
            raise InputError(f"cannot read the notebook: {exc}", location={"file": os.fspath(path)}) from None
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise InputError("cannot read the notebook: it has no list of cells", location={"file": os.fspath(path)})
        return nb
    import nbformat

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
