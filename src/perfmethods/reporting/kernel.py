"""The kernel a report runs in, and the channel by which a report notebook hands values back.

Host side: :class:`SysExecutableKernelManager`, a jupyter_client kernel manager that always starts
``sys.executable -m ipykernel_launcher`` — the interpreter running perfmethods — whatever kernelspecs
the machine has. It exists because kernelspec lookup picks the wrong interpreter in common set-ups
(a user-level ``python3`` kernelspec pointing at ``/usr/bin/python3`` shadows the venv's one; papermill
installed elsewhere rewrites ``python`` to *its* interpreter) and then the report fails with
``ModuleNotFoundError: perfmethods`` or, worse, runs against other package versions (notebook-pipeline
standard §1.3). It uses the ``ipc`` transport (unix sockets: no TCP port races between parallel
renders, no ipykernel "running over TCP without encryption" warning), a fixed kernel environment
(``PYTHONHASHSEED=0`` so set/dict-of-str iteration order is reproducible; the inline matplotlib
backend even when the caller exported ``MPLBACKEND=Agg``), and it can send the kernel process's own
stdout/stderr (not cell output) to a log file, so a dying kernel does not spray tracebacks on the
terminal.

Kernel side: :func:`record` displays a value under a private mimetype; :func:`read_records` reads
them back from an executed notebook; :func:`strip_records` removes them before HTML export (nbconvert
cannot show the mimetype and would warn). scrapbook did this once but is unmaintained.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager

__all__ = [
    "KERNEL_ENV",
    "MAX_SOCKET_PATH",
    "RECORD_MIMETYPE",
    "SysExecutableKernelManager",
    "kernel_argv",
    "kernel_manager_class",
    "read_records",
    "record",
    "stop_kernels",
    "strip_records",
]

#: Environment variables set in every report kernel (on top of the caller's environment).
KERNEL_ENV: dict[str, str] = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    # debugpy (imported by ipykernel) warns about frozen modules on Python >= 3.11 otherwise.
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    # no progress bar in a rendered report (perfmethods.progress: the kernel would otherwise show them)
    "PERFMETHODS_PROGRESS": "0",
}

#: Longest unix socket path every supported platform accepts (``sun_path`` is 104 bytes on macOS, 108 on
#: Linux, with the terminating NUL); beyond it the kernel talks over local TCP ports instead.
MAX_SOCKET_PATH = 103

#: Mimetype of the outputs written by :func:`record`.
RECORD_MIMETYPE = "application/vnd.perfmethods.record+json"


def kernel_argv() -> list[str]:
    """The kernel command: this interpreter running ``ipykernel_launcher``."""
    return [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]


class SysExecutableKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernel is always ``sys.executable -m ipykernel_launcher``.

    Pass the class (not an instance) as ``kernel_manager_class`` to ``papermill.execute_notebook``
    (or nbclient); ``kernel_name`` is then ignored. Use :func:`kernel_manager_class` to get a subclass
    with a log file and extra environment variables.
    """

    #: Where the kernel process's stdout and stderr go; ``None``: inherited from this process.
    kernel_log: ClassVar[str | None] = None
    #: Extra environment variables for the kernel (on top of :data:`KERNEL_ENV`).
    extra_env: ClassVar[Mapping[str, str]] = {}
    #: Working directory of the kernel process; ``None``: this process's working directory.
    kernel_cwd: ClassVar[str | None] = None
    #: Directory of the ipc socket files and of the connection file; ``None``: the system temporary
    #: directory.
    ipc_dir: ClassVar[str | None] = None
    #: The managers of a class made by :func:`kernel_manager_class` that launched a kernel (for
    #: :func:`stop_kernels`); ``None`` on this base class, which keeps no list.
    started: ClassVar[list[SysExecutableKernelManager] | None] = None

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        base = self.ipc_dir or tempfile.gettempdir()
        unique = uuid.uuid4().hex[:12]
        if kwargs["transport"] == "ipc" and "ip" not in kwargs:
            # jupyter_client's default ipc "address" is the *relative* path "kernel-ipc": client and
            # kernel then only meet when they share a working directory. An absolute, unique path
            # lets the kernel run elsewhere (kernel_cwd) and parallel renders never collide.
            address = os.path.join(base, f"perfmethods-{unique}-ipc")
            if len(os.fsencode(address)) + len("-99") <= MAX_SOCKET_PATH:
                kwargs["ip"] = address
            else:  # a deep TMPDIR: unix socket paths are limited; fall back to local TCP ports
                kwargs["transport"] = "tcp"
        # jupyter_client's default connection file is a mkstemp file in the system temporary directory,
        # left behind when the render is killed; beside the sockets it goes with their directory.
        kwargs.setdefault("connection_file", os.path.join(base, f"kernel-{unique}.json"))
        super().__init__(**kwargs)

    @property
    def kernel_spec(self) -> KernelSpec:  # type: ignore[override]
        if self._kernel_spec is None:
            self._kernel_spec = KernelSpec(
                argv=kernel_argv(),
                display_name="Python 3 (perfmethods)",
                language="python",
                resource_dir="",
                env={**KERNEL_ENV, **self.extra_env},
            )
        return self._kernel_spec

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self.started is not None:
            self.started.append(self)
        if self.kernel_cwd is not None:
            kw["cwd"] = self.kernel_cwd
        if self.kernel_log is not None:
            # Opened per launch and closed at once: the child keeps its own copy of the descriptor.
            with open(self.kernel_log, "ab") as log:  # noqa: ASYNC230 - a local file, opened at once
                kw.setdefault("stdout", log)
                kw.setdefault("stderr", log)
                await super()._async_launch_kernel(kernel_cmd, **kw)
        else:
            await super()._async_launch_kernel(kernel_cmd, **kw)


def kernel_manager_class(
    *,
    cwd: str | os.PathLike[str] | None = None,
    log_path: str | os.PathLike[str] | None = None,
    ipc_dir: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> type[SysExecutableKernelManager]:
    """Return a :class:`SysExecutableKernelManager` subclass bound to a working directory, a log file,
    a directory for the ipc sockets and extra environment variables.

    nbclient instantiates the kernel manager itself from a class, so per-render settings are class
    attributes of a fresh subclass. Setting the kernel's ``cwd`` here (rather than papermill's ``cwd=``,
    which ``os.chdir``-s the whole calling process for the duration of the run) keeps the caller's
    working directory untouched, which matters when renders run in threads of a larger application.
    """
    attrs = {
        "kernel_cwd": None if cwd is None else os.fspath(cwd),
        "kernel_log": None if log_path is None else os.fspath(log_path),
        "ipc_dir": None if ipc_dir is None else os.fspath(ipc_dir),
        "extra_env": dict(env or {}),
        "started": [],
    }
    return type("BoundSysExecutableKernelManager", (SysExecutableKernelManager,), attrs)


def stop_kernels(manager_class: type[SysExecutableKernelManager]) -> int:
    """Kill the kernels a class from :func:`kernel_manager_class` launched that are still running, and
    remove their connection files.

    The clean-up path of a render interrupted by Ctrl-C or SIGTERM: the exception leaves nbclient's event
    loop without running its own shutdown, so the kernel process and its connection file would outlive
    the render. Synchronous (no event loop needed) and safe to call more than once.

    Returns
    -------
    int
        How many kernel processes were killed.
    """
    killed = 0
    for manager in list(manager_class.started or []):
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            try:
                process.kill()
                process.wait(timeout=10)
                killed += 1
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:
            manager.cleanup_connection_file()
        except OSError:
            pass
    return killed


# --------------------------------------------------------------------------------------------------
# records


def _jsonable(value: Any, name: str) -> Any:
    """Convert numpy/pandas scalars and containers to plain JSON values, or raise TypeError."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"record({name!r}): {value!r} is not representable in JSON; record None instead")
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, name) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, name) for v in value]
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item) and getattr(value, "shape", None) == ():
        return _jsonable(item(), name)
    tolist = getattr(value, "tolist", None)  # numpy array, pandas Series
    if callable(tolist):
        return _jsonable(tolist(), name)
    raise TypeError(f"record({name!r}): cannot store a {type(value).__name__}; record JSON-like values")


def record(name: str, value: Any) -> None:
    """Expose a value of a report notebook to the caller of :func:`perfmethods.reporting.render`.

    Call it in a report notebook (``record("total_score", 87.5)``); read the values back with
    :func:`read_records` or ``RenderResult.records``. The output is invisible in the HTML report.

    Parameters
    ----------
    name : str
        Record name; a later record of the same name wins.
    value : JSON-like
        None, bool, int, float (finite), str, lists and dicts of these; numpy scalars/arrays and
        pandas Series are converted.
    """
    from IPython.display import display

    if not isinstance(name, str) or not name:
        raise TypeError(f"record(): name must be a non-empty string, got {name!r}")
    display({RECORD_MIMETYPE: {name: _jsonable(value, name)}}, raw=True)


def read_records(notebook: str | os.PathLike[str] | Any) -> dict[str, Any]:
    """Return ``{name: value}`` of every :func:`record` call in an executed notebook.

    Parameters
    ----------
    notebook : path or NotebookNode
        ``executed.ipynb`` (or its parsed ``NotebookNode``).
    """
    if isinstance(notebook, (str, os.PathLike)):
        nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    else:
        nb = notebook
    records: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if RECORD_MIMETYPE in data:
                payload = data[RECORD_MIMETYPE]
                if isinstance(payload, str):  # nbformat may store JSON mimetypes as text
                    payload = json.loads(payload)
                records.update(payload)
    return records


def strip_records(nb: Any) -> Any:
    """Remove :func:`record` outputs from a ``NotebookNode`` in place (and return it)."""
    for cell in nb.get("cells", []):
        if "outputs" not in cell:
            continue
        kept = []
        for output in cell["outputs"]:
            data = output.get("data")
            if data and RECORD_MIMETYPE in data:
                del data[RECORD_MIMETYPE]
                if not data:
                    continue
                metadata = output.get("metadata") or {}
                metadata.pop(RECORD_MIMETYPE, None)
            kept.append(output)
        cell["outputs"] = kept
    return nb
