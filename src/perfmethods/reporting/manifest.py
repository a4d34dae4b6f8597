"""The provenance manifest written next to every report (``manifest.json``).

It answers "what exactly produced this report?" for an auditor months later: the notebook (path and
sha256), every parameter with the value used, the sha256 of every input file, the package versions,
the git commit of the project, and the sha256 of the outputs. It holds no timestamps, no user or host
names and no absolute paths inside the project, so two renders of the same inputs give the same bytes
wherever the project is checked out (paths outside the project stay absolute: they are part of what
was used).

Why hand-written: papermill records parameters in notebook metadata but not input file hashes,
versions or git state, and adds timestamps; no maintained library writes such a manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from perfmethods.errors import InputError

__all__ = [
    "MANIFEST_VERSION",
    "PACKAGES",
    "build_manifest",
    "canonical_json",
    "dumps_manifest",
    "git_state",
    "hash_inputs",
    "input_files_table",
    "package_versions",
    "sha256_bytes",
    "sha256_file",
    "shown_path",
]

#: Version of the manifest layout; bump when a field changes meaning.
MANIFEST_VERSION = 1

#: Distributions whose versions are recorded (pure version strings: platform-independent).
PACKAGES: tuple[str, ...] = (
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupytext",
    "openpyxl",
    "pyyaml",
    "noto-cjk-sans-otc",
)

#: Directory names skipped when hashing a ``_dir`` input: caches, not inputs.
SKIPPED_DIRS = frozenset({"__pycache__", ".ipynb_checkpoints", ".git"})


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def shown_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> str:
    """How a report shows an input file: POSIX and relative to ``root`` when the file lies inside it
    (so the report does not depend on where the project is checked out), else the absolute POSIX path
    (a file given by absolute path, or a symlink into another folder: where it really came from).

    Both paths are compared as given and then resolved (symlinks followed), so a project folder reached
    through a symlink still shows its files relative; never raises for a path outside ``root``.
    """
    target = Path(path)
    if root is not None:
        base = Path(root)
        for candidate, folder in ((target, base), (_resolved(target), _resolved(base))):
            try:
                return candidate.relative_to(folder).as_posix()
            except ValueError:
                continue
    return _resolved(target).as_posix()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: show the path as given
        return path.absolute()


def input_files_table(
    files: Mapping[str, str | os.PathLike[str]], root: str | os.PathLike[str] | None = None
) -> Any:
    """The provenance table of a report: one row per input file, ``role``, ``file`` (see
    :func:`shown_path`) and ``sha256`` of its bytes.

    Parameters
    ----------
    files : mapping of str to path
        ``{role: path}``, e.g. :attr:`perfmethods.io.Project.files`.
    root : path, optional
        The project folder; files inside it are shown relative to it.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    InputError
        A file cannot be read any more (moved or deleted after the project was read).
    """
    import pandas as pd

    rows = []
    for role, raw in files.items():
        try:
            digest = sha256_file(raw)
        except OSError as exc:
            raise InputError(
                f"cannot read the input file '{shown_path(raw, root)}' ({role}) to record its hash: "
                f"{exc.strerror or exc}",
                location={"file": os.fspath(raw)},
            ) from None
        rows.append({"role": role, "file": shown_path(raw, root), "sha256": digest})
    return pd.DataFrame(rows, columns=["role", "file", "sha256"])


def canonical_json(value: Any) -> str:
    """Compact, key-sorted JSON used for hashing (``ensure_ascii=False``)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


#: Limits on an input folder hashed into the manifest: a wrong folder (``/usr``) or a stray video must fail
#: fast with a clear message, not hang the render before anything runs.
MAX_INPUT_FILES = 2000
MAX_INPUT_BYTES = 2 * 1024**3
MAX_INPUT_DEPTH = 8


def _files_under(directory: Path, exclude: Iterable[Path], *, name: str = "") -> list[Path]:
    """Every file under ``directory`` (hidden and cache folders skipped), within the limits above.

    Raises
    ------
    InputError : the folder holds more than :data:`MAX_INPUT_FILES` files or :data:`MAX_INPUT_BYTES` bytes, or
        is nested deeper than :data:`MAX_INPUT_DEPTH` levels (the walk stops as soon as a limit is passed).
    """
    excluded = [p.resolve() for p in exclude]
    found: list[Path] = []
    total = 0
    where = {"parameter": name or None, "file": directory.as_posix()}
    hint = "; point the parameter at the project's own folder, or move large or unrelated files out of it"
    for root, dirs, files in os.walk(directory):
        root_path = Path(root)
        depth = len(root_path.relative_to(directory).parts)
        if depth > MAX_INPUT_DEPTH:
            raise InputError(f"the folder is nested more than {MAX_INPUT_DEPTH} levels deep{hint}", location=where)
        dirs[:] = sorted(
            d for d in dirs
            if d not in SKIPPED_DIRS and not d.startswith(".") and (root_path / d).resolve() not in excluded
        )
        for f in files:
            file = root_path / f
            if f.startswith(".") or not file.is_file():
                continue
            found.append(file)
            total += file.stat().st_size
            if len(found) > MAX_INPUT_FILES:
                raise InputError(f"the folder holds more than {MAX_INPUT_FILES} files{hint}", location=where)
            if total > MAX_INPUT_BYTES:
                raise InputError(f"the folder holds more than {MAX_INPUT_BYTES // 1024**3} GiB of files{hint}",
                                 location=where)
    return sorted(found, key=lambda p: p.relative_to(directory).as_posix())


def hash_inputs(
    paths: Mapping[str, str | os.PathLike[str]],
    *,
    base: Path | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> dict[str, dict[str, Any]]:
    """Hash the files behind path parameters.

    Parameters
    ----------
    paths : mapping of str to path
        ``{parameter name: absolute path}``.
    base : Path, optional
        Project root; ``"path"`` is shown relative to it when inside it.
    exclude : paths
        Directories to skip (the output directory, when it lies inside an input directory).

    Returns
    -------
    dict
        ``{name: {"path": shown path, "files": {relative name: sha256}}}``; for a directory, every
        file under it (sorted, POSIX relative names, hidden and cache folders skipped, within
        :data:`MAX_INPUT_FILES`, :data:`MAX_INPUT_BYTES` and :data:`MAX_INPUT_DEPTH`); for a file, its name.
    """
    result: dict[str, dict[str, Any]] = {}
    for name, raw in sorted(paths.items()):
        path = Path(raw)
        shown = path.as_posix()
        if base is not None:
            try:
                shown = path.relative_to(base).as_posix() or "."
            except ValueError:
                pass
        if path.is_dir():
            files = {
                file.relative_to(path).as_posix(): sha256_file(file)
                for file in _files_under(path, [Path(e) for e in exclude], name=name)
            }
        else:
            files = {path.name: sha256_file(path)}
        result[name] = {"path": shown, "files": files}
    return result


def git_state(directory: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Return ``{"commit", "dirty", "untracked"}`` for the repository holding ``directory``.

    ``commit`` is the sha of ``HEAD``; ``dirty`` is True when a *tracked* file differs from that commit;
    ``untracked`` lists, sorted and relative to the repository root, the files git neither tracks nor
    ignores. An untracked file (a user's ``my_project.yaml`` in the checkout) is not code that produced the
    report, so it does not make the report dirty (its footer says nothing of it); the manifest lists it so
    that nothing present in the checkout goes unrecorded, and the inputs a report reads are hashed anyway.

    ``None`` values when ``directory`` is None, git is not installed, the folder is not in a repository,
    or git fails (e.g. "dubious ownership"). Read-only: ``--no-optional-locks`` keeps ``git status``
    from taking the index lock, so it cannot disturb a commit running at the same time.
    """
    unknown: dict[str, Any] = {"commit": None, "dirty": None, "untracked": None}
    git = shutil.which("git")
    if directory is None or git is None:
        return unknown
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

    def run(*args: str) -> str | None:
        try:
            completed = subprocess.run(
                [git, "--no-optional-locks", "-C", os.fspath(directory), *args],
                capture_output=True,
                text=True,
                timeout=20,
                env=env,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return completed.stdout if completed.returncode == 0 else None

    commit = run("rev-parse", "--verify", "HEAD")
    if commit is None:
        return unknown
    status = run("status", "--porcelain=v1", "-z", "--untracked-files=all")
    if status is None:
        return {"commit": commit.strip(), "dirty": None, "untracked": None}
    # -z: entries are NUL-separated "XY path"; a rename or copy is followed by its source path as one more entry.
    entries = status.split("\0")
    tracked: list[str] = []
    untracked: list[str] = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code == "??":
            untracked.append(path)
        else:
            tracked.append(path)
            if code[0] in "RC":
                index += 1
    return {"commit": commit.strip(), "dirty": bool(tracked), "untracked": sorted(untracked)}


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    """``{distribution: version}`` for ``names`` (``None`` when not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def build_manifest(
    *,
    name: str,
    notebook_path: str,
    notebook_sha256: str,
    parameters: Mapping[str, Any],
    parameters_given: Iterable[str],
    path_parameters: Mapping[str, Mapping[str, str]],
    inputs: Mapping[str, Any],
    options: Mapping[str, Any],
    git: Mapping[str, Any],
    outputs: Mapping[str, str],
) -> dict[str, Any]:
    """Assemble the manifest dictionary (see the module docstring for what each part means).

    Parameters
    ----------
    name : str
        Report name.
    notebook_path : str
        Notebook path relative to the project root (POSIX).
    notebook_sha256 : str
        sha256 of the notebook file as stored.
    parameters : mapping
        Every declared parameter with the value used (paths project-relative).
    parameters_given : iterable of str
        Names the user set.
    path_parameters : mapping
        ``{name: {"given": ..., "resolved": ...}}``.
    inputs : mapping
        From :func:`hash_inputs`.
    options : mapping
        Render options that change the output (language, show_code, title).
    git : mapping
        From :func:`git_state`.
    outputs : mapping of str to str
        ``{file name: sha256}`` of ``report.html`` and ``executed.ipynb``.
    """
    from perfmethods import __version__

    return {
        "manifest_version": MANIFEST_VERSION,
        "name": name,
        "notebook": {"path": notebook_path, "sha256": notebook_sha256},
        "parameters": dict(parameters),
        "parameters_sha256": sha256_bytes(canonical_json(dict(parameters)).encode("utf-8")),
        "parameters_given": sorted(parameters_given),
        "path_parameters": {k: dict(v) for k, v in sorted(path_parameters.items())},
        "inputs": dict(inputs),
        "options": dict(options),
        "perfmethods_version": __version__,
        "python_version": platform.python_version(),
        "packages": package_versions(),
        "git": dict(git),
        "outputs": dict(outputs),
    }


def dumps_manifest(manifest: Mapping[str, Any]) -> bytes:
    """Serialise a manifest: ``sort_keys``, ``ensure_ascii=False``, indent 2, trailing newline, UTF-8.

    Strict JSON: a NaN or an infinity anywhere raises ``ValueError`` instead of writing the bare ``NaN`` that
    JSON readers refuse (parameters are checked to be finite before a render starts).
    """
    text = json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")
