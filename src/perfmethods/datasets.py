"""Bundled example data.

The examples live in the repository's top-level ``data/examples/`` folder (one folder per project, each with
a ``project.yaml``; see ``data/README.md``). :func:`data_root` finds that folder from the installed package
(an editable install or a checkout) or from the environment variable ``PERFMETHODS_DATA``.
All bundled data are synthetic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from perfmethods.errors import InputError

if TYPE_CHECKING:
    from perfmethods.io.project import Project

__all__ = ["data_root", "example_path", "list_examples", "load_example"]


def data_root() -> Path:
    """The folder holding ``examples/``: ``$PERFMETHODS_DATA`` if set, else the checkout's ``data/``."""
    env = os.environ.get("PERFMETHODS_DATA")
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / "examples").is_dir():
            raise InputError(f"PERFMETHODS_DATA points at {root}, which has no 'examples' folder")
        return root
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "data" / "examples"
        if candidate.is_dir() and (parent / "pyproject.toml").is_file():
            return parent / "data"
    raise InputError(
        "the bundled example data were not found: perfmethods looks for data/examples/ in the checkout it is "
        "installed from. Set PERFMETHODS_DATA to a folder holding examples/, or install from a checkout "
        "(pip install -e .)"
    )


def list_examples() -> list[str]:
    """Names of the bundled example projects."""
    return sorted(p.parent.name for p in (data_root() / "examples").glob("*/project.yaml"))


def example_path(name: str = "culture_program") -> Path:
    """The folder of a bundled example project.

    Parameters
    ----------
    name : the example's folder name under ``data/examples/`` (one of :func:`list_examples`);
        default ``"culture_program"``.

    Returns
    -------
    Path
        The example's folder (absolute), which holds its ``project.yaml``.

    Raises
    ------
    InputError
        There is no bundled example called ``name`` (the message lists the available ones), or the
        example data were not found (see :func:`data_root`).
    """
    path = data_root() / "examples" / name
    if not (path / "project.yaml").is_file():
        raise InputError(f"there is no bundled example named {name!r}; available: {list_examples()}")
    return path


def load_example(name: str = "culture_program") -> Project:
    """Read a bundled example project (see :func:`perfmethods.io.read_project`).

    Parameters
    ----------
    name : the example's folder name under ``data/examples/`` (one of :func:`list_examples`);
        default ``"culture_program"``.

    Returns
    -------
    Project
        The validated project inputs (framework, actual values and, where the example has them,
        budget, evaluator scores and survey), as :func:`perfmethods.io.read_project` returns them.

    Raises
    ------
    InputError
        There is no bundled example called ``name``, the example data were not found (see
        :func:`data_root`), or the example's files are invalid (as :func:`perfmethods.io.read_project`).
    """
    from perfmethods.io.project import read_project

    return read_project(example_path(name))
