"""The files a project, case or portfolio folder names: resolved, and kept inside that folder.

A ``project.yaml`` (or ``appraisal.yaml``, or a portfolio folder) names its data files by paths relative to
its folder. :func:`contained_file` resolves such a path and refuses, with an
:class:`~perfmethods.errors.InputError` that names the key and says "outside the … folder":

- a path that leaves the folder (``cashflows: ../../../../etc/passwd``);
- an absolute path (``/data/actuals.csv``), even one that points back inside the folder;
- a symbolic link whose target is outside the folder;

unless the caller passes ``allow_outside=True``. A symbolic link loop, a missing file and a directory are
refused too. The messages never quote the content of the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from perfmethods.errors import InputError

__all__ = ["contained_file"]


def contained_file(
    value: object,
    root: str | Path,
    *,
    key: str,
    file: str | None = None,
    folder: str = "project folder",
    allow_outside: bool = False,
) -> Path:
    """Resolve the file ``value`` named by ``key`` relative to ``root``, keeping it inside ``root``.

    Parameters
    ----------
    value : the path as written in the YAML (text).
    root : the folder the path is relative to (the folder of the YAML file).
    key : the key that names the file (``"files.actuals"``), for messages.
    file : the YAML file, for messages.
    folder : what ``root`` is called in messages (``"project folder"``, ``"case folder"``).
    allow_outside : accept absolute paths and files outside ``root`` (symbolic links included).

    Returns
    -------
    Path : the absolute, resolved path of an existing regular file.

    Raises
    ------
    InputError : the value is not a path, the file is outside ``root`` (without ``allow_outside``), the path is a
        symbolic link loop, does not exist, or is a directory; naming the key and the file.
    """
    where: dict[str, object] = {"file": file, "key": key}
    named = "" if key == str(value) else f" named by '{key}'"
    if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
        raise InputError(f"'{key}' must be a file name such as 'data.csv', relative to the {folder}",
                         location=where)
    written = Path(value)
    base = Path(root).absolute()
    if written.is_absolute() and not allow_outside:
        raise InputError(
            f"the file '{value}'{named} is outside the {folder} (an absolute path); give the path "
            f"relative to the {folder}, or read it with allow_outside=True",
            location=where,
        )
    joined = written if written.is_absolute() else base / written
    try:
        full = joined.resolve(strict=False)
        real_root = base.resolve(strict=False)
    except (RuntimeError, OSError):  # a symbolic link loop (RuntimeError before Python 3.13)
        raise InputError(f"the file '{value}'{named} is a symbolic link loop", location=where) from None
    if not allow_outside and not full.is_relative_to(real_root):
        raise InputError(
            f"the file '{value}'{named} is outside the {folder}; keep the data files in the {folder} "
            "(a symbolic link must point inside it too), or read it with allow_outside=True",
            location=where,
        )
    try:
        exists, is_dir = full.exists(), full.is_dir()
        if exists:
            os.stat(full)
    except OSError as exc:
        raise InputError(f"the file '{value}'{named} cannot be read: {exc.strerror or exc}",
                         location=where) from None
    if not exists:
        if joined.is_symlink():
            raise InputError(f"the file '{value}'{named} is a symbolic link loop or a broken link",
                             location=where)
        raise InputError(f"the file '{value}'{named} does not exist (looked for {full})",
                         location=where)
    if is_dir:
        raise InputError(f"the file '{value}'{named} is a directory, not a file", location=where)
    return full
