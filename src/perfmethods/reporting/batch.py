"""Render one report notebook for every project folder of a portfolio, on this machine or on a Dask cluster.

A finance bureau renders hundreds of project reports a year: one notebook, one parameter set, one project folder
(``project.yaml`` + tables) per report. :func:`render_batch` finds every subfolder of a portfolio folder that holds
a ``project.yaml``, passes it as the notebook's project folder parameter (``project_dir`` for the bundled
reports) and renders it with :func:`perfmethods.reporting.render` into ``OUT/<folder name>/``, so each report is
byte-identical to the same report rendered alone into a folder of that name.

* **Failures are isolated**: a project whose render fails is a row with its error (the package's message, naming
  the file and row) and the batch goes on; nothing of its earlier report is replaced.
* **Resumable**: a project whose report is current (:func:`perfmethods.reporting.rendering.current_report`: same
  notebook, parameters, input files and package version, every output present with its recorded hash) is
  skipped and marked so.
* **Throughput**: each worker process imports papermill, nbconvert and nbformat once (≈ 3 s a ``perfmethods
  render`` call pays every time) and renders project after project; renders run in parallel on
  ``workers`` processes (:class:`concurrent.futures.ProcessPoolExecutor`) or on the workers of a Dask
  distributed cluster (``engine="dask"``). Every report still gets a fresh kernel, so that nothing of one
  project's session reaches the next and the bytes are those of a single render.
* **An index**: ``OUT/index.html`` (:mod:`perfmethods.reporting.portfolio_index`) and ``OUT/index.xlsx`` list each
  project with its total score, grade, budget recommendation, status and a link to its report.

Why hand-written: papermill renders one notebook; neither it nor nbconvert runs a portfolio, keeps going past a
failing project, skips current reports or writes an index. The parallelism itself is the standard library's
process pool or Dask's client, not a pool of our own.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from perfmethods.engines import check_engine, iter_dask
from perfmethods.errors import InputError, ParameterError, PerfMethodsError
from perfmethods.i18n import t
from perfmethods.indicators.application import ApplicationTable
from perfmethods.indicators.grades import GRADE_LABELS, parse_grade
from perfmethods.reporting.portfolio_index import write_index
from perfmethods.results import Result, json_records
from perfmethods.validation import check_language, check_number

__all__ = [
    "BATCH_COLUMNS",
    "PROJECT_FILE",
    "STATUSES",
    "BatchResult",
    "find_projects",
    "render_batch",
]

#: The file that makes a folder a project folder.
PROJECT_FILE = "project.yaml"
#: What happened to a project: rendered now, skipped because its report is current, or failed.
STATUSES: tuple[str, ...] = ("rendered", "skipped", "failed")
#: The columns of :attr:`BatchResult.table`, one row per project folder.
BATCH_COLUMNS: tuple[str, ...] = (
    "project", "name", "department", "status", "total", "grade", "recommendation", "error", "report", "seconds",
)
_ERROR_NAMES = frozenset({"InputError", "SchemaError", "ParameterError", "RenderError", "PerfMethodsError"})


# --------------------------------------------------------------------------------------------------
# result


@dataclass(frozen=True, repr=False)
class BatchResult(Result):
    """What :func:`render_batch` did: one row per project folder, and the index files written.

    Attributes
    ----------
    output_dir : Path
        The batch's output folder (absolute); each report is in ``output_dir / project``.
    table : pandas.DataFrame
        One row per project (:data:`BATCH_COLUMNS`): ``project`` (folder name), ``name`` and ``department``
        (from ``project.yaml``), ``status`` (:data:`STATUSES`), ``total`` (points), ``grade`` (优/良/中/差),
        ``recommendation`` (next year's budget action, in the index's language), ``error`` (the message of a
        failed render), ``report`` (the report's path relative to ``output_dir``; ``None`` when there is none)
        and ``seconds`` (wall time of the project's render or check).
    index_html, index_xlsx : Path
        ``index.html`` and ``index.xlsx`` in ``output_dir``.
    engine : str
        ``"local"`` or ``"dask"``.
    workers : int
        Worker processes used (local); the cluster's worker count (dask).
    seconds : float
        Wall time of the whole batch.
    language : str
        Language of the index and of the recommendation texts.
    """

    output_dir: Path
    table: pd.DataFrame
    index_html: Path
    index_xlsx: Path
    engine: str = "local"
    workers: int = 1
    seconds: float = 0.0
    language: str = "zh"

    _headline_fields: ClassVar[tuple[str, ...]] = (
        "n_projects", "n_rendered", "n_skipped", "n_failed", "engine", "workers", "seconds",
    )

    def _count(self, status: str) -> int:
        return int((self.table["status"] == status).sum())

    @property
    def n_projects(self) -> int:
        """How many project folders the batch found."""
        return len(self.table)

    @property
    def n_rendered(self) -> int:
        """How many reports were rendered."""
        return self._count("rendered")

    @property
    def n_skipped(self) -> int:
        """How many projects were skipped because their report was current."""
        return self._count("skipped")

    @property
    def n_failed(self) -> int:
        """How many renders failed."""
        return self._count("failed")

    @property
    def failed(self) -> pd.DataFrame:
        """The rows of the projects that failed, with their errors."""
        return self.table[self.table["status"] == "failed"].reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """One row per status: ``status`` (code), ``label`` (in the index's language) and ``n`` projects."""
        return pd.DataFrame(
            {
                "status": list(STATUSES),
                "label": [t(f"batch.status.{s}", self.language) for s in STATUSES],
                "n": [self._count(s) for s in STATUSES],
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """The per-project table (a copy)."""
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: paths as strings, the table as records."""
        return {
            "output_dir": str(self.output_dir),
            "index_html": str(self.index_html),
            "index_xlsx": str(self.index_xlsx),
            "engine": self.engine,
            "workers": self.workers,
            "seconds": float(self.seconds),
            "language": self.language,
            "table": json_records(self.table),
        }

    def __str__(self) -> str:
        """What the CLI prints: the counts, the index files, and one line per failed project."""
        lang = self.language
        lines = [
            t("batch.counts", lang, n=self.n_projects, rendered=self.n_rendered, skipped=self.n_skipped,
              failed=self.n_failed, seconds=self.seconds),
            t("batch.index_written", lang, html=_shown(self.index_html), xlsx=_shown(self.index_xlsx)),
        ]
        for row in self.failed.itertuples():
            lines.append(t("batch.failed_line", lang, project=row.project, error=row.error))
        return "\n".join(lines)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------------------
# tasks (run in a worker process, a Dask worker, or here)


@dataclass(frozen=True)
class _Task:
    """One project's render, as plain picklable values."""

    project: str
    project_path: str  # as the caller wrote it (PROJECTS_DIR/folder): the manifest records it as given
    notebook: str
    parameters: Any
    overrides: Mapping[str, str]
    project_parameter: str
    output_dir: str
    formats: tuple[str, ...]
    show_code: bool
    execution_timeout: float | None
    cwd: str
    resume: bool
    language: str


def _project_meta(folder: Path) -> dict[str, Any]:
    """Name and department from ``project.yaml``; empty when it cannot be read (the render will say why)."""
    from perfmethods.io import read_yaml

    try:
        document = read_yaml(folder / PROJECT_FILE)
    except PerfMethodsError:
        return {}
    project = document.get("project") if isinstance(document, Mapping) else None
    if not isinstance(project, Mapping):
        return {}
    return {k: str(project[k]) for k in ("name", "department") if project.get(k) is not None}


def _error_text(error: BaseException) -> str:
    """The message a reader can act on: the package's own message when a cell raised one of its errors (it names
    the file, row and indicator), else the render's message, on one line."""
    cause = error.__cause__
    ename, evalue = getattr(cause, "ename", None), getattr(cause, "evalue", None)
    text = str(evalue) if ename in _ERROR_NAMES and evalue else str(error)
    if not isinstance(error, PerfMethodsError) and not (ename in _ERROR_NAMES and evalue):
        text = f"{type(error).__name__}: {text}"
    return " ".join(text.split())


def _recommendation(records: Mapping[str, Any], grade: str | None, language: str) -> str | None:
    """The report's recorded ``recommendation``; else the results-application action for its grade.

    The action for a grade (优先保障 / 保障 / 核减 / 取消或暂停) is the same in every results-application table
    of :mod:`perfmethods.indicators.application`; the amounts differ by locality and are in each report.
    """
    recorded = records.get("recommendation")
    if isinstance(recorded, str) and recorded.strip():
        return recorded.strip()
    if grade is None:
        return None
    band = ApplicationTable.default().rule(grade)
    return band.label_zh if language == "zh" else band.label_en


def _row(task: _Task, status: str, *, records: Mapping[str, Any] | None = None, error: str | None = None,
         seconds: float) -> dict[str, Any]:
    records = records or {}
    total = records.get("total")
    raw_grade = records.get("grade")
    grade = None
    if isinstance(raw_grade, str) and raw_grade.strip():
        try:
            grade = parse_grade(raw_grade)
        except PerfMethodsError:
            grade = None
    meta = _project_meta(Path(task.cwd) / task.project_path)
    shown_grade = None if grade is None else (grade if task.language == "zh" else GRADE_LABELS[grade]["en"])
    return {
        "project": task.project,
        "name": meta.get("name"),
        "department": meta.get("department"),
        "status": status,
        "total": float(total) if isinstance(total, (int, float)) and not isinstance(total, bool) else None,
        "grade": shown_grade,
        "recommendation": _recommendation(records, grade, task.language) if status != "failed" else None,
        "error": error,
        "report": None if status == "failed" else f"{task.project}/report.html",
        "seconds": round(seconds, 3),
    }


def _render_task(task: _Task) -> dict[str, Any]:
    """Render one project (or find its report current); never raises for a project's own problem."""
    from perfmethods.reporting.rendering import current_report, render

    start = time.perf_counter()
    values: Any = task.parameters
    arguments: dict[str, Any] = dict(
        formats=task.formats, show_code=task.show_code, cwd=task.cwd,
        overrides={**task.overrides, task.project_parameter: task.project_path},
    )
    try:
        if task.resume:
            existing = current_report(task.notebook, values, task.output_dir, **arguments)
            if existing is not None:
                return _row(task, "skipped", records=existing.records, seconds=time.perf_counter() - start)
        result = render(task.notebook, values, task.output_dir, execution_timeout=task.execution_timeout,
                        **arguments)
    except Exception as exc:  # one project's failure never stops the batch: it becomes its row
        return _row(task, "failed", error=_error_text(exc), seconds=time.perf_counter() - start)
    return _row(task, "rendered", records=result.records, seconds=time.perf_counter() - start)


def _warm_up() -> None:
    """Worker start-up: import the rendering machinery once for all the renders the process will run."""
    import nbconvert  # noqa: F401
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    import perfmethods.reporting.rendering  # noqa: F401


# --------------------------------------------------------------------------------------------------
# where the renders run


def _run_here(tasks: Sequence[_Task]) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield _render_task(task)


def _run_local(tasks: Sequence[_Task], workers: int) -> Iterator[dict[str, Any]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: a fresh interpreter per worker (forking a process that runs threads is unsafe)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up) as pool:
        futures = {pool.submit(_render_task, task): task for task in tasks}
        try:
            for future in as_completed(futures):
                error = future.exception()
                if error is None:
                    yield future.result()
                else:  # the worker process died (killed, out of memory)
                    yield _row(futures[future], "failed", error=_error_text(error), seconds=0.0)
        except BaseException:  # Ctrl-C, SIGTERM: start no more renders; those running publish whole or not at all
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _run_dask(tasks: Sequence[_Task], address: str | None) -> tuple[Iterator[dict[str, Any]], int]:
    batch = uuid.uuid4().hex[:8]
    keys = [f"perfmethods-render-{task.project}-{batch}" for task in tasks]
    return iter_dask(_render_task, tasks, address, keys=keys,
                     on_error=lambda task, error: _row(task, "failed", error=_error_text(error), seconds=0.0))


# --------------------------------------------------------------------------------------------------
# progress


def _progress_bar(total: int, progress: bool | None, language: str) -> Any:
    """A bar ticking once per project, under the package's rule (:func:`perfmethods.progress.progress_bar`: on a
    terminal or in JupyterLab, not in CI, not with ``PERFMETHODS_PROGRESS=0``; ``False`` never, ``True`` always)."""
    from perfmethods.progress import progress_bar

    return progress_bar(total, show=progress, desc=t("batch.progress", language), unit="份" if language == "zh"
                        else "report")


# --------------------------------------------------------------------------------------------------
# render_batch


def find_projects(projects_dir: str | os.PathLike[str]) -> list[Path]:
    """The project folders of a portfolio: its subfolders holding a ``project.yaml``, sorted by name.

    Hidden folders (``.name``) are skipped. Folders without ``project.yaml`` are not projects (an output folder
    may live there).

    Raises
    ------
    InputError
        The folder does not exist, is a file, or holds no project folder.
    """
    folder = Path(projects_dir)
    if not folder.exists():
        raise InputError(f"the projects folder does not exist (looked for {folder.absolute()})",
                         location={"file": os.fspath(projects_dir)})
    if not folder.is_dir():
        raise InputError("expected a folder of project folders but this is a file",
                         location={"file": os.fspath(projects_dir)})
    projects = sorted(
        (p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / PROJECT_FILE).is_file()),
        key=lambda p: p.name,
    )
    if not projects:
        raise InputError(
            f"the folder holds no project folder (a subfolder with a {PROJECT_FILE}); put each project's "
            f"{PROJECT_FILE} and tables in a folder of its own under it",
            location={"file": os.fspath(projects_dir)},
        )
    return projects


def _check_output(out: Path, projects_dir: Path, projects: Sequence[Path]) -> None:
    if out == projects_dir.resolve():
        raise InputError(
            f"the output folder {out} is the projects folder: each report would be written into its project's "
            "folder. Give the batch an output folder of its own (e.g. reports/portfolio)."
        )
    for project in projects:
        root = project.resolve()
        if out == root or root in out.parents:
            raise InputError(
                f"the output folder {out} is inside the project folder {project.name}: the reports would become "
                "part of that project's inputs. Write the batch outside the project folders."
            )
    if out.exists() and not out.is_dir():
        raise InputError(f"the output folder {out} exists and is not a folder")


def render_batch(
    notebook: str | os.PathLike[str],
    projects_dir: str | os.PathLike[str],
    output_dir: str | os.PathLike[str],
    *,
    parameters: Mapping[str, Any] | str | os.PathLike[str] | None = None,
    overrides: Mapping[str, str] | None = None,
    workers: int | None = None,
    engine: str = "local",
    address: str | None = None,
    formats: Sequence[str] = ("html",),
    show_code: bool = False,
    execution_timeout: float | None = 600,
    resume: bool = True,
    progress: bool | None = None,
    language: str = "zh",
    project_parameter: str = "project_dir",
) -> BatchResult:
    """Render ``notebook`` once per project folder under ``projects_dir`` into ``output_dir/<folder>/``.

    Each project is rendered as ``perfmethods render NOTEBOOK -p PARAMETERS --set KEY=VALUE ... --set
    project_dir=PROJECTS_DIR/<folder> -o OUTPUT_DIR/<folder>`` would render it, with the same bytes. Then
    ``output_dir/index.html`` and ``output_dir/index.xlsx`` list the projects (written atomically).

    Parameters
    ----------
    notebook : path
        The report notebook (e.g. ``notebooks/reports/project_evaluation.ipynb``).
    projects_dir : path
        The portfolio folder: every subfolder with a ``project.yaml`` is a project.
    output_dir : path
        Where the reports and the index go; must not lie inside a project folder.
    parameters : mapping or path, optional
        Parameter values shared by every project, or a YAML file of them (as for :func:`render`).
    overrides : mapping of str to str, optional
        ``--set key=value`` texts, over ``parameters``.
    workers : int, optional
        Local worker processes (default: the number of CPUs, at most the number of projects); ``1`` renders
        in this process, one project after the other. Ignored with ``engine="dask"`` (the cluster decides).
    engine : {"local", "dask"}
        Where the renders run: worker processes on this machine, or a Dask distributed cluster
        (:mod:`perfmethods.engines`, as for the package's other long computations).
    address : str, optional
        The Dask scheduler's address (``HOST:PORT`` or ``tcp://HOST:PORT``); without it, ``engine="dask"`` uses
        the session's default ``distributed.Client``. Only with ``"dask"``. The workers need perfmethods
        installed and the notebook, the portfolio and the output folder at the same paths.
    formats : sequence of {"html", "docx", "pdf"}
        As for :func:`render`.
    show_code : bool
        As for :func:`render`.
    execution_timeout : float or None
        Seconds each cell may run, as for :func:`render`.
    resume : bool, default True
        Skip a project whose report in ``output_dir/<folder>`` is current
        (:func:`perfmethods.reporting.rendering.current_report`).
    progress : bool, optional
        A progress bar ticking once per project; default: on a terminal or in JupyterLab, not in CI.
    language : {"zh", "en"}
        Language of the index page, the workbook and the recommendation texts.
    project_parameter : str, default "project_dir"
        The notebook parameter that receives the project folder.

    Returns
    -------
    BatchResult

    Raises
    ------
    InputError
        The projects folder is missing, not a folder or holds no project; the output folder lies inside a
        project folder; an unknown engine; an address with the local engine; an unreachable Dask scheduler, or
        no cluster at all.
    ParameterError
        The notebook declares no ``project_parameter``; the parameters file cannot be read.
    """
    from perfmethods.reporting.notebook import load_notebook
    from perfmethods.reporting.params import load_parameters_file, read_parameters
    from perfmethods.reporting.rendering import _check_formats

    start = time.perf_counter()
    engine = check_engine(engine, address, func="render_batch")
    language = check_language(language, func="render_batch")
    wanted = _check_formats(formats)
    if workers is not None:
        workers = int(check_number(workers, name="workers", func="render_batch", low=1, integer=True))
    if execution_timeout is not None:
        execution_timeout = check_number(execution_timeout, name="execution_timeout", func="render_batch", low=0,
                                         closed="neither")
    projects = find_projects(projects_dir)
    out = Path(output_dir).resolve()
    _check_output(out, Path(projects_dir), projects)
    declared = read_parameters(load_notebook(notebook, plain=True), where=os.fspath(notebook))
    if project_parameter not in declared:
        raise ParameterError(
            f"the notebook {Path(notebook).name} declares no parameter {project_parameter!r} to receive the "
            f"project folder; it declares: {', '.join(declared) or '(none)'}"
        )
    if isinstance(parameters, (str, os.PathLike)):
        load_parameters_file(parameters)  # a bad file fails here once, not once per project
        parameters = os.path.abspath(parameters)
    elif parameters is not None:
        parameters = dict(parameters)

    cwd = os.getcwd()
    given_dir = os.fspath(projects_dir)
    tasks = [
        _Task(
            project=p.name,
            project_path=os.path.join(given_dir, p.name),
            notebook=os.path.abspath(notebook),
            parameters=parameters,
            overrides=dict(overrides or {}),
            project_parameter=project_parameter,
            output_dir=os.fspath(out / p.name),
            formats=wanted,
            show_code=bool(show_code),
            execution_timeout=execution_timeout,
            cwd=cwd,
            resume=bool(resume),
            language=language,
        )
        for p in projects
    ]
    if engine == "dask":
        rows_iter, n_workers = _run_dask(tasks, address)
    else:
        n_workers = min(workers or os.cpu_count() or 1, len(tasks))
        rows_iter = _run_here(tasks) if n_workers == 1 else _run_local(tasks, n_workers)
    rows = _collect(rows_iter, len(tasks), progress, language)
    table = pd.DataFrame(rows, columns=list(BATCH_COLUMNS)).sort_values("project", kind="stable")
    table = table.reset_index(drop=True)
    out.mkdir(parents=True, exist_ok=True)
    index_html, index_xlsx = write_index(table, out, language=language, notebook=Path(notebook).name)
    return BatchResult(
        output_dir=out,
        table=table,
        index_html=index_html,
        index_xlsx=index_xlsx,
        engine=engine,
        workers=n_workers,
        seconds=round(time.perf_counter() - start, 3),
        language=language,
    )


def _collect(rows: Iterator[dict[str, Any]], total: int, progress: bool | None, language: str) -> list[dict]:
    collected = []
    with _progress_bar(total, progress, language) as bar:
        for row in rows:
            collected.append(row)
            postfix = getattr(bar, "set_postfix_str", None)  # the silent stand-in has none
            if postfix is not None:
                postfix(row["project"], refresh=False)
            bar.update(1)
    return collected

