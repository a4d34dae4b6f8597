"""Render a parameterised report notebook into a self-contained, reproducible HTML report.

:func:`render` is the one entry point (the CLI's ``perfmethods render`` calls it). The steps, and the
reason each is hand-written glue around papermill and nbconvert rather than their defaults, follow the
notebook-pipeline standard:

1. **validate first** (:mod:`.params`): papermill silently ignores values when the ``parameters`` tag
   is missing, only warns about unknown names and never checks types; nothing runs and nothing is
   written until the values are known to be good;
2. **execute** with papermill in a temporary directory with :class:`.kernel.SysExecutableKernelManager`
   (the running interpreter, whatever kernelspecs exist) and absolute paths; our own injected cell
   (readable ``repr`` values, not papermill's ``"\\u4e13"`` escapes);
3. **normalise**: papermill and nbclient write timestamps, random cell ids and the temporary paths
   into the notebook; they are removed or replaced by fixed values, so two renders of the same inputs
   are byte-identical (``report.html``, ``executed.ipynb``, ``manifest.json``);
4. **export** with nbconvert and the ``perfmethods_report`` template: no CDN ``<script>``, code hidden,
   tag-based cell removal, ``language_code`` ``zh``/``en``, report CSS;
5. **publish atomically**: each file is written to a temporary file in the output directory, fsynced,
   given normal permissions (``mkstemp`` creates 0600) and ``os.replace``-d, ``report.html`` and the
   manifest last; a failed or interrupted render publishes nothing, so a good earlier report is never
   replaced by a broken one.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from perfmethods.errors import InputError, ParameterError, RenderError
from perfmethods.i18n import LANGUAGES, t
from perfmethods.reporting import manifest as _manifest
from perfmethods.reporting.kernel import kernel_manager_class, read_records, stop_kernels, strip_records
from perfmethods.reporting.notebook import load_notebook
from perfmethods.reporting.params import (
    ResolvedParameters,
    _json_tree,
    coerce_text,
    find_parameters_cell,
    find_project_root,
    load_parameters_file,
    python_literal,
    read_parameters,
    validate_parameters,
)
from perfmethods.reporting.publishing import publish, write_atomic
from perfmethods.reporting.web_font import font_face_css
from perfmethods.results import Result
from perfmethods.validation import check_language, check_number

if TYPE_CHECKING:  # nbformat is imported lazily: it costs ~3 s here (jsonschema format checkers)
    from nbformat import NotebookNode

__all__ = [
    "DOCX_FILE",
    "EXECUTED_FILE",
    "FORMATS",
    "MANIFEST_FILE",
    "PDF_FILE",
    "REPORT_FILE",
    "TEMPLATES_DIR",
    "RenderResult",
    "current_report",
    "export_html",
    "load_notebook",
    "normalise_notebook",
    "render",
    "write_atomic",
]

REPORT_FILE = "report.html"
EXECUTED_FILE = "executed.ipynb"
MANIFEST_FILE = "manifest.json"
DOCX_FILE = "report.docx"
PDF_FILE = "report.pdf"
#: Formats :func:`render` writes the report in: the HTML always, Word and PDF on request.
FORMATS: tuple[str, ...] = ("html", "docx", "pdf")
_FORMAT_FILES = {"html": REPORT_FILE, "docx": DOCX_FILE, "pdf": PDF_FILE}

#: Directory holding the ``perfmethods_report`` nbconvert template.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "perfmethods_report"

_ENGINE_NAME = "perfmethods"
_INJECTED_TAG = "injected-parameters"
_PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (perfmethods)", "language": "python"}
_INJECTED_HEADER = (
    "# Parameters injected by `perfmethods render`. Paths are shown relative to the project root;\n"
    "# the kernel received them as absolute paths.\n"
)


# --------------------------------------------------------------------------------------------------
# result


@dataclass(frozen=True, repr=False)
class RenderResult(Result):
    """What :func:`render` wrote.

    ``str(result)`` is the sentence the CLI prints ("Report written to ..."); ``repr`` adds the report's
    name, language and the values the notebook recorded; :meth:`summary` lists the three files.

    Attributes
    ----------
    output_dir : Path
        The output directory (absolute).
    report : Path
        ``report.html``.
    executed_notebook : Path
        ``executed.ipynb``: the normalised executed notebook.
    manifest_path : Path
        ``manifest.json``.
    manifest : dict
        The manifest's content.
    records : dict
        Values the notebook exposed with :func:`perfmethods.reporting.record`.
    """

    output_dir: Path
    report: Path
    executed_notebook: Path
    manifest_path: Path
    manifest: Mapping[str, Any] = field(default_factory=dict)
    records: Mapping[str, Any] = field(default_factory=dict)

    _headline_fields: ClassVar[tuple[str, ...]] = ("name", "language", "n_records")

    @property
    def name(self) -> str:
        """The report's name (the manifest's ``name``; the output directory's name when there is none)."""
        return str(self.manifest.get("name") or self.output_dir.name)

    @property
    def language(self) -> str:
        """The report's language, ``"zh"`` or ``"en"``."""
        options = self.manifest.get("options") or {}
        return str(options.get("language", "zh"))

    @property
    def n_records(self) -> int:
        """How many values the notebook recorded."""
        return len(self.records)

    @property
    def documents(self) -> dict[str, Path]:
        """``{file name: path}`` of the Word and PDF copies written (``formats``); empty when none."""
        outputs = self.manifest.get("outputs") or {}
        return {name: self.output_dir / name for name in (DOCX_FILE, PDF_FILE) if name in outputs}

    def __str__(self) -> str:
        copies = "".join(f"\n  {name[7:] + ':':<19}{_shown(path)}" for name, path in self.documents.items())
        return (
            f"Report written to {_shown(self.report)}\n"
            f"  executed notebook: {_shown(self.executed_notebook)}\n"
            f"  manifest:          {_shown(self.manifest_path)}"
            + copies
        )

    def _headlines(self) -> list[str]:
        return [f"report: {_shown(self.report)}", *super()._headlines()]

    def summary(self) -> pd.DataFrame:
        """One row per file written: ``file``, ``path`` (absolute), ``sha256`` (from the manifest; the
        manifest's own hash is not in it)."""
        outputs = self.manifest.get("outputs") or {}
        paths = {
            REPORT_FILE: self.report,
            EXECUTED_FILE: self.executed_notebook,
            MANIFEST_FILE: self.manifest_path,
            **self.documents,
        }
        return pd.DataFrame(
            {
                "file": list(paths),
                "path": [str(path) for path in paths.values()],
                "sha256": [outputs.get(name) for name in paths],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: the paths as strings, the manifest and the records as they are (NaN becomes
        ``None``)."""
        return {
            "output_dir": str(self.output_dir),
            "report": str(self.report),
            "executed_notebook": str(self.executed_notebook),
            "manifest_path": str(self.manifest_path),
            "manifest": _json_tree(self.manifest),
            "records": _json_tree(self.records),
        }


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when inside it (shorter to read), else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------------------
# reading


# --------------------------------------------------------------------------------------------------
# execution


def _tags(cell: Mapping[str, Any]) -> set[str]:
    return set(cell.get("metadata", {}).get("tags") or [])


def _injected_source(values: Mapping[str, Any], header: str = "# Parameters\n") -> str:
    return header + "".join(f"{name} = {python_literal(value)}\n" for name, value in values.items())


@dataclass
class _Prepared:
    nb: NotebookNode
    parameters_index: int
    injected: bool


def _prepare_for_execution(nb: NotebookNode, kernel_values: Mapping[str, Any]) -> _Prepared:
    """Copy the notebook, drop stale injected/error cells, inject ours after the parameters cell."""
    import nbformat

    prepared = copy.deepcopy(nb)
    prepared.cells = [c for c in prepared.cells if not _tags(c) & {_INJECTED_TAG, _PAPERMILL_ERROR_TAG}]
    index = find_parameters_cell(prepared)
    injected = bool(kernel_values)
    if injected:
        cell = nbformat.v4.new_code_cell(source=_injected_source(kernel_values))
        cell.metadata["tags"] = [_INJECTED_TAG]
        prepared.cells.insert(index + 1, cell)
    prepared.metadata["kernelspec"] = dict(_KERNELSPEC)
    return _Prepared(nb=prepared, parameters_index=index, injected=injected)


def _register_engine() -> None:
    """Register a papermill engine that remembers which cell is running (for timeout messages)."""
    from papermill.engines import NBClientEngine, papermill_engines

    class _TrackingEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            state: dict[str, Any] | None = kwargs.pop("perfmethods_state", None)
            if state is None:  # not `or {}`: the caller's dict starts empty and must be filled in place
                state = {}
            state["nb"] = nb_man.nb
            original = nb_man.cell_start

            def cell_start(cell: Any, cell_index: int | None = None, **kw: Any) -> Any:
                state["cell_index"] = cell_index
                return original(cell, cell_index, **kw)

            nb_man.cell_start = cell_start
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    if _ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(_ENGINE_NAME, _TrackingEngine)


class _CollectingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.messages.append(record.getMessage())


@contextlib.contextmanager
def _quiet_logger(name: str) -> Iterator[_CollectingHandler]:
    """Collect a library logger's records instead of printing them on stderr (restored afterwards)."""
    logger = logging.getLogger(name)
    handler = _CollectingHandler()
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        logger.handlers, logger.propagate, _ = saved
        logger.setLevel(saved[2])


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            text = line.strip()
            return text if len(text) <= 100 else text[:97] + "..."
    return "(empty cell)"


def _describe_cell(prepared: _Prepared, index: int | None) -> str:
    """'cell 5', numbered from 1 as in the user's notebook, markdown cells included, the injected
    parameters cell not counted. (Execution counts would count the injected cell and refer to an
    executed notebook that is not written on failure.)"""
    if index is None:
        return "a cell"
    if prepared.injected and index == prepared.parameters_index + 1:
        return "the injected parameters cell"
    shown = index if (not prepared.injected or index <= prepared.parameters_index) else index - 1
    return f"cell {shown + 1}"


def _kernel_log_tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    if not text:
        return ""
    tail = " | ".join(line.strip() for line in text.splitlines()[-lines:] if line.strip())
    return f"; kernel log: {tail}"


@contextlib.contextmanager
def _kernels_stopped_on_interrupt(manager_class: type) -> Iterator[None]:
    """Kill the block's kernels when Ctrl-C or SIGTERM (as :class:`SystemExit`) interrupts it: the exception
    leaves nbclient's event loop without its own kernel shutdown."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit):
        stop_kernels(manager_class)
        raise


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`SystemExit` (exit status 128 + 15) in the main thread,
    as Ctrl-C raises :class:`KeyboardInterrupt`, so ``finally`` blocks and context managers clean up (the
    render's temporary folder, the kernel and its connection file) instead of the process dying on the
    spot. The previous handler is restored afterwards. Outside the main thread (where handlers cannot be
    set) and on platforms without SIGTERM it does nothing.
    """
    sigterm = getattr(signal, "SIGTERM", None)
    if sigterm is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _exit(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(sigterm, _exit)
    try:
        yield
    finally:
        signal.signal(sigterm, previous)


def _execute(
    prepared: _Prepared, *, where: str, execution_timeout: float | None, scratch: Path
) -> NotebookNode:
    """Run the prepared notebook with papermill, the kernel in the empty directory ``scratch/work``,
    its process log and ipc sockets in ``scratch``; raise :class:`RenderError` on failure."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    _register_engine()
    state: dict[str, Any] = {}
    work_dir = scratch / "work"
    work_dir.mkdir()
    log_path = scratch / "kernel.log"
    tail = " No report was written; an earlier report in the output directory is unchanged."
    manager_class = kernel_manager_class(cwd=work_dir, log_path=log_path, ipc_dir=scratch)
    with _quiet_logger("papermill"), _kernels_stopped_on_interrupt(manager_class):
        try:
            return papermill.execute_notebook(
                prepared.nb,
                None,
                parameters=None,
                engine_name=_ENGINE_NAME,
                kernel_name=_KERNELSPEC["name"],
                language="python",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                # The kernel's working directory is set by the kernel manager, explicitly; papermill's
                # own cwd= would os.chdir this whole process while the notebook runs.
                cwd=None,
                kernel_manager_class=manager_class,
                execution_timeout=execution_timeout,
                record_timing=False,
                perfmethods_state=state,
            )
        except PapermillExecutionError as exc:
            cell = _describe_cell(prepared, exc.cell_index)
            message = f"{where}: {cell} raised {exc.ename}: {exc.evalue} (the cell begins: {_first_line(exc.source)})."
            raise RenderError(message + tail) from exc  # __cause__ keeps the traceback and cell details
        except CellTimeoutError as exc:
            index = state.get("cell_index")
            cells = state["nb"].cells if "nb" in state else prepared.nb.cells
            source = cells[index].source if index is not None and index < len(cells) else ""
            cell = _describe_cell(prepared, index)
            message = (
                f"{where}: {cell} did not finish within {execution_timeout:g} s (execution_timeout, per cell; "
                f"the cell begins: {_first_line(source)})."
            )
            raise RenderError(message + tail) from exc
        except DeadKernelError as exc:
            cell = _describe_cell(prepared, state.get("cell_index"))
            detail = _kernel_log_tail(log_path)
            raise RenderError(
                f"{where}: the kernel died while running {cell} (it crashed, exited or ran out of memory)"
                f"{detail}.{tail}"
            ) from exc
        except Exception as exc:  # kernel failed to start, nbclient/zmq errors
            raise RenderError(
                f"{where}: could not execute the notebook: {type(exc).__name__}: {exc}{_kernel_log_tail(log_path)}."
                + tail
            ) from exc


# --------------------------------------------------------------------------------------------------
# normalisation and export


def normalise_notebook(
    nb: NotebookNode,
    *,
    title: str,
    injected_display: Mapping[str, Any] | None = None,
    extra_metadata: Mapping[str, Any] | None = None,
) -> NotebookNode:
    """Make an executed notebook deterministic, in place (and return it).

    Removes papermill's and nbclient's timestamps and paths (``metadata.papermill``, cell
    ``metadata.papermill`` / ``metadata.execution``), jupytext's header metadata and widget state,
    renumbers cell ids ``cell-000``, ``cell-001``..., fixes the kernelspec and sets ``metadata.title``.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook.
    title : str
        Stored as ``metadata.title`` (nbconvert's ``<title>``).
    injected_display : mapping, optional
        Values shown in the injected-parameters cell instead of what the kernel received (the
        project-relative paths, so the file does not depend on the checkout location).
    extra_metadata : mapping, optional
        Stored as ``metadata.perfmethods``.
    """
    metadata = nb.metadata
    for key in ("papermill", "jupytext", "widgets"):
        metadata.pop(key, None)
    metadata["kernelspec"] = dict(_KERNELSPEC)
    metadata["title"] = title
    if extra_metadata is not None:
        metadata["perfmethods"] = dict(extra_metadata)
    nb.nbformat = 4
    nb.nbformat_minor = max(int(nb.get("nbformat_minor", 5)), 5)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
        cell_metadata = cell.setdefault("metadata", {})
        for key in ("papermill", "execution", "jupyter"):
            if key == "jupyter":
                jupyter = cell_metadata.get("jupyter")
                if isinstance(jupyter, dict) and not jupyter:
                    cell_metadata.pop("jupyter")
                continue
            cell_metadata.pop(key, None)
        if "tags" in cell_metadata and not cell_metadata["tags"]:
            del cell_metadata["tags"]
        if injected_display is not None and _INJECTED_TAG in (cell_metadata.get("tags") or []):
            cell["source"] = _injected_source(injected_display, _INJECTED_HEADER)
    return nb


def export_html(
    nb: NotebookNode,
    *,
    language: str = "zh",
    show_code: bool = False,
    title: str | None = None,
    footer: str | None = None,
    resources_path: str | os.PathLike[str] | None = None,
) -> str:
    """Export an executed notebook to self-contained report HTML.

    Parameters
    ----------
    nb : NotebookNode
        Executed (and normalised) notebook; it is not modified (record outputs are stripped on a copy).
    language : {"zh", "en"}
        ``<html lang>`` and the figure alt text.
    show_code : bool
        Show every code cell's input, including cells tagged ``remove-input`` or ``remove-cell`` and the
        parameters as used (hidden by default).
    title : str, optional
        ``<title>`` (escaped by the template); default ``nb.metadata.title``.
    footer : str, optional
        Small print at the end of the page (escaped).
    resources_path : path, optional
        Directory that relative markdown images (``![](logo.png)``) are read from and embedded.

    Returns
    -------
    str
        The HTML document.
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    check_language(language, func="export_html")
    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES_DIR)]
    config.HTMLExporter.template_name = TEMPLATE_NAME
    config.HTMLExporter.exclude_input = not show_code
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    config.HTMLExporter.exclude_anchor_links = True
    config.HTMLExporter.language_code = language
    config.TagRemovePreprocessor.enabled = True
    if show_code:
        # every code cell is shown, with the parameters as they were used (the injected cell), not the defaults
        config.TagRemovePreprocessor.remove_cell_tags = {"parameters"}
        config.TagRemovePreprocessor.remove_input_tags = set()
    else:
        config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell", "parameters", _INJECTED_TAG}
        config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}

    export_nb = strip_records(copy.deepcopy(nb))
    if title is not None:
        export_nb.metadata["title"] = title
    resources = {
        "metadata": {
            "name": export_nb.metadata.get("title", "report"),
            "path": os.fspath(resources_path or "."),
        },
        "pm": {"footer": footer or "", "figure_alt": t("report.figure_alt", language)},
    }
    exporter = HTMLExporter(config=config)
    body, _ = exporter.from_notebook_node(export_nb, resources=resources)
    # the page's own font, so that its Chinese text reads where no Chinese font is installed
    body = body.replace("</head>", font_face_css(body) + "\n</head>", 1)
    return body if body.endswith("\n") else body + "\n"


# --------------------------------------------------------------------------------------------------
# atomic writes


def _check_output_dir(output_dir: Path) -> None:
    """Fail before running if the outputs could not be written."""
    if output_dir.exists() and not output_dir.is_dir():
        raise InputError(f"the output directory {output_dir} exists and is not a directory")
    existing = output_dir
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write into {existing} (for the output directory {output_dir})")


# --------------------------------------------------------------------------------------------------
# render


def _gather_values(
    parameters: Mapping[str, Any] | str | os.PathLike[str] | None,
    overrides: Mapping[str, str] | None,
    declared: Mapping[str, Any],
    base_dir: Path | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    if isinstance(parameters, (str, os.PathLike)):
        values = load_parameters_file(parameters if base_dir is None else base_dir / parameters)
        sources = {key: os.fspath(parameters) for key in values}
    elif isinstance(parameters, Mapping):
        values = dict(parameters)
    elif parameters is not None:
        raise ParameterError(
            f"parameters must be a mapping or the path of a YAML file, got {type(parameters).__name__}"
        )
    for key, text in (overrides or {}).items():
        values[key] = coerce_text(declared.get(key), text)
        sources[key] = "--set"
    return values, sources


@dataclass(frozen=True)
class _Plan:
    """Everything a render decides before the notebook runs (and a batch compares with an earlier manifest)."""

    nb: Any
    notebook_path: Path
    where: str
    resolved: ResolvedParameters
    project_root: Path | None
    out: Path
    report_name: str
    language: str
    title_value: Any
    title: str
    notebook_rel: str
    notebook_sha: str
    inputs: dict[str, Any]
    parameters_sha: str
    wanted: tuple[str, ...]
    execution_timeout: float | None
    show_code: bool


def _plan(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | str | os.PathLike[str] | None,
    output_dir: str | os.PathLike[str] | None,
    *,
    name: str | None,
    execution_timeout: float | None,
    show_code: bool,
    overrides: Mapping[str, str] | None,
    formats: Sequence[str],
    cwd: str | os.PathLike[str] | None,
) -> _Plan:
    """Validate a render's arguments and hash its inputs; nothing runs and nothing is written."""
    wanted = _check_formats(formats)
    base_dir = Path(cwd) if cwd is not None else Path.cwd()
    notebook_path = (base_dir / notebook).resolve()
    nb = load_notebook(notebook_path)
    where = Path(notebook).name
    declared = read_parameters(nb, where=os.fspath(notebook))
    values, sources = _gather_values(parameters, overrides, declared, None if cwd is None else base_dir)

    project_root = find_project_root(notebook_path)
    resolved: ResolvedParameters = validate_parameters(
        declared, values, project_root=project_root, cwd=base_dir, source=sources
    )
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise InputError(f"The 'name' parameter of render must be a non-empty string; got {name!r} instead.")
    if execution_timeout is not None:
        execution_timeout = check_number(
            execution_timeout, name="execution_timeout", func="render", low=0, closed="neither"
        )
    report_name = name or notebook_path.stem
    out = Path(output_dir) if output_dir is not None else Path("reports") / report_name
    out = (base_dir / out).resolve()
    _check_output_dir(out)

    language = resolved.canonical.get("language", "zh")
    language = language if language in LANGUAGES else "zh"
    title_value = resolved.canonical.get("title")
    title = (
        title_value
        if isinstance(title_value, str) and title_value.strip()
        else str(nb.metadata.get("title") or report_name)
    )
    base = project_root or notebook_path.parent
    absolute_paths = {k: resolved.kernel[k] for k in resolved.paths}
    return _Plan(
        nb=nb,
        notebook_path=notebook_path,
        where=where,
        resolved=resolved,
        project_root=project_root,
        out=out,
        report_name=report_name,
        language=language,
        title_value=title_value,
        title=title,
        notebook_rel=notebook_path.relative_to(base).as_posix(),
        notebook_sha=_manifest.sha256_file(notebook_path),
        inputs=_manifest.hash_inputs(absolute_paths, base=project_root, exclude=[out]),
        parameters_sha=_manifest.sha256_bytes(_manifest.canonical_json(resolved.canonical).encode("utf-8")),
        wanted=wanted,
        execution_timeout=execution_timeout,
        show_code=bool(show_code),
    )


@_sigterm_as_exit()
def render(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | str | os.PathLike[str] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    *,
    name: str | None = None,
    execution_timeout: float | None = 600,
    show_code: bool = False,
    overrides: Mapping[str, str] | None = None,
    formats: Sequence[str] = ("html",),
    cwd: str | os.PathLike[str] | None = None,
) -> RenderResult:
    """Render a report notebook into ``report.html``, ``executed.ipynb`` and ``manifest.json``.

    Parameters
    ----------
    notebook : path
        The report notebook: ``.ipynb`` (stored without outputs) or a jupytext percent ``.py`` file,
        with a cell tagged ``parameters``.
    parameters : mapping or path, optional
        Parameter values, or the path of a YAML file holding them. Relative path values resolve
        against the working directory, then against the project root (the directory with
        ``pyproject.toml`` above the notebook).
    output_dir : path, optional
        Where to write; created if needed. Default ``reports/<name>`` under the working directory.
    name : str, optional
        Report name, recorded in the manifest and used as the title when neither a ``title``
        parameter nor ``metadata.title`` gives one. Default: the notebook's file stem.
    execution_timeout : float or None, default 600
        Seconds each *cell* may run (papermill has no whole-run timeout); ``None``: no limit.
    show_code : bool, default False
        Show code cells in the HTML.
    overrides : mapping of str to str, optional
        Command-line ``--set key=value`` texts, converted by the declared types, applied over
        ``parameters``.
    formats : sequence of {"html", "docx", "pdf"}, default ("html",)
        Also write ``report.docx`` and/or ``report.pdf`` (:mod:`perfmethods.reporting.documents`), made
        from the same HTML, published with it in one set and listed in the manifest with their hashes.
    cwd : path, optional
        The directory relative paths (notebook, parameters file, path parameters, output) are read from;
        default the working directory. A batch passes the caller's, so that a render on a Dask worker
        started elsewhere resolves them as the caller would, and writes the same manifest.

    Returns
    -------
    RenderResult

    Raises
    ------
    ParameterError
        Unknown parameter, wrong type, missing input path, no ``parameters`` cell. Raised before the
        notebook runs; nothing is written.
    InputError
        The notebook cannot be read, or the output directory cannot be written.
    RenderError
        A cell raised, timed out or the kernel died (the message names the cell, the exception and
        the cell's first line), or the export failed. No report is written and an earlier report in
        ``output_dir`` is left byte-identical.

    Notes
    -----
    Called in the main thread, SIGTERM is turned into :class:`SystemExit` while the render runs (the previous
    handler is restored afterwards), so that a render stopped by Ctrl-C or ``kill`` still stops its kernel and
    removes its temporary folder, the kernel's connection file and the publishing staging folder.
    """
    plan = _plan(
        notebook, parameters, output_dir, name=name, execution_timeout=execution_timeout, show_code=show_code,
        overrides=overrides, formats=formats, cwd=cwd,
    )
    return _run(plan)


def current_report(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | str | os.PathLike[str] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    *,
    name: str | None = None,
    show_code: bool = False,
    overrides: Mapping[str, str] | None = None,
    formats: Sequence[str] = ("html",),
    cwd: str | os.PathLike[str] | None = None,
) -> RenderResult | None:
    """The report already in ``output_dir`` when :func:`render` with these arguments would make it again.

    A report is current when its ``manifest.json`` records the same notebook (sha256), the same parameters
    (``parameters_sha256``), the same input files (every file's sha256), the same perfmethods version and
    code display, and every file it lists (including each of ``formats``) is present with the recorded hash.
    The git commit and the other packages' versions are not compared. Nothing runs and nothing is written.

    Parameters
    ----------
    notebook, parameters, output_dir, name, show_code, overrides, formats, cwd
        As for :func:`render`.

    Returns
    -------
    RenderResult or None
        The existing report (manifest and recorded values read back), or ``None`` when it must be rendered.

    Raises
    ------
    ParameterError, InputError
        As :func:`render` raises them before running.
    """
    plan = _plan(
        notebook, parameters, output_dir, name=name, execution_timeout=None, show_code=show_code,
        overrides=overrides, formats=formats, cwd=cwd,
    )
    manifest_path = plan.out / MANIFEST_FILE
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):
        return None
    outputs = manifest.get("outputs") or {}
    expected_files = {REPORT_FILE, EXECUTED_FILE} | {_FORMAT_FILES[f] for f in plan.wanted if f != "html"}
    same = (
        manifest.get("name") == plan.report_name
        and (manifest.get("notebook") or {}).get("sha256") == plan.notebook_sha
        and manifest.get("parameters_sha256") == plan.parameters_sha
        and manifest.get("inputs") == _json_tree(plan.inputs)
        and manifest.get("perfmethods_version") == _perfmethods_version()
        and (manifest.get("options") or {}).get("show_code") == plan.show_code
        and expected_files <= set(outputs)
    )
    if not same:
        return None
    for file_name, digest in outputs.items():
        try:
            if _manifest.sha256_file(plan.out / file_name) != digest:
                return None
        except OSError:
            return None
    return RenderResult(
        output_dir=plan.out,
        report=plan.out / REPORT_FILE,
        executed_notebook=plan.out / EXECUTED_FILE,
        manifest_path=manifest_path,
        manifest=manifest,
        records=read_records(plan.out / EXECUTED_FILE),
    )


def _run(plan: _Plan) -> RenderResult:
    """Execute, normalise, export and publish a planned render."""
    import nbformat

    resolved, language, title, out, where = plan.resolved, plan.language, plan.title, plan.out, plan.where
    git = _manifest.git_state(plan.project_root)
    prepared = _prepare_for_execution(plan.nb, resolved.kernel)
    with tempfile.TemporaryDirectory(prefix="perfmethods-render-") as work:
        executed = _execute(prepared, where=where, execution_timeout=plan.execution_timeout, scratch=Path(work))

    display_values = {k: resolved.canonical[k] for k in resolved.kernel}
    if not (isinstance(plan.title_value, str) and plan.title_value.strip()):
        # a notebook that records its title (in the report's language) names the HTML page with it
        recorded_title = read_records(executed).get("title")
        if isinstance(recorded_title, str) and recorded_title.strip():
            title = recorded_title.strip()
    normalise_notebook(
        executed,
        title=title,
        injected_display=display_values,
        extra_metadata={
            "name": plan.report_name, "notebook": plan.notebook_rel, "parameters": resolved.canonical,
        },
    )
    records = read_records(executed)
    executed_bytes = nbformat.writes(executed, version=4).encode("utf-8")
    if not executed_bytes.endswith(b"\n"):
        executed_bytes += b"\n"

    footer = (
        t("report.generated_by", language, version=_perfmethods_version(), notebook=plan.notebook_rel)
        + " · "
        + t("report.parameters_digest", language, digest=plan.parameters_sha[:12])
    )
    if git.get("commit"):
        footer += " · " + t(
            "report.commit_dirty" if git.get("dirty") else "report.commit", language, commit=git["commit"][:12]
        )
    try:
        html = export_html(
            executed,
            language=language,
            show_code=plan.show_code,
            title=title,
            footer=footer,
            resources_path=plan.notebook_path.parent,
        )
    except Exception as exc:
        raise RenderError(
            f"{where}: the HTML export failed: {type(exc).__name__}: {exc}. No report was written."
        ) from exc
    html_bytes = html.encode("utf-8")
    documents = _documents(html, plan.wanted, title=title, language=language, where=where)

    manifest = _manifest.build_manifest(
        name=plan.report_name,
        notebook_path=plan.notebook_rel,
        notebook_sha256=plan.notebook_sha,
        parameters=resolved.canonical,
        parameters_given=resolved.given,
        path_parameters=resolved.paths,
        inputs=plan.inputs,
        options={"language": language, "show_code": plan.show_code, "title": title},
        git=git,
        outputs={
            REPORT_FILE: _manifest.sha256_bytes(html_bytes),
            EXECUTED_FILE: _manifest.sha256_bytes(executed_bytes),
            **{name: _manifest.sha256_bytes(data) for name, data in documents.items()},
        },
    )
    publish(
        out,
        {
            EXECUTED_FILE: executed_bytes,
            REPORT_FILE: html_bytes,
            **documents,
            MANIFEST_FILE: _manifest.dumps_manifest(manifest),
        },
    )
    return RenderResult(
        output_dir=out,
        report=out / REPORT_FILE,
        executed_notebook=out / EXECUTED_FILE,
        manifest_path=out / MANIFEST_FILE,
        manifest=manifest,
        records=records,
    )


def _check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    wanted = tuple(dict.fromkeys(str(f).strip().lower() for f in formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise InputError(
            f"The 'formats' parameter of render must name some of {', '.join(FORMATS)}; got "
            f"{', '.join(map(str, formats)) or 'nothing'} instead."
        )
    return wanted


def _documents(
    html: str, wanted: tuple[str, ...], *, title: str, language: str, where: str
) -> dict[str, bytes]:
    """``{file name: bytes}`` of the Word and PDF copies asked for."""
    if "docx" not in wanted and "pdf" not in wanted:
        return {}
    from perfmethods.reporting.documents import docx_bytes, pdf_bytes, report_blocks

    blocks = report_blocks(html)
    documents: dict[str, bytes] = {}
    try:
        if "docx" in wanted:
            documents[DOCX_FILE] = docx_bytes(blocks, title=title, language=language)
        if "pdf" in wanted:
            documents[PDF_FILE] = pdf_bytes(blocks, title=title, language=language)
    except ImportError as exc:
        raise RenderError(
            f"{where}: writing Word or PDF needs python-docx and fpdf2 ({exc}); install them with "
            "'pip install -r requirements/requirements.lock'. No report was written."
        ) from exc
    return documents


def _perfmethods_version() -> str:
    from perfmethods import __version__

    return __version__
