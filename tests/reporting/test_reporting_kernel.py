"""The kernel manager (the running interpreter, whatever kernelspecs exist) and record()."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from perfmethods.reporting.kernel import (
    KERNEL_ENV,
    RECORD_MIMETYPE,
    SysExecutableKernelManager,
    _jsonable,
    kernel_manager_class,
    read_records,
    strip_records,
)


def test_kernel_spec_is_this_interpreter(tmp_path: Path) -> None:
    manager = kernel_manager_class(cwd=tmp_path, ipc_dir=tmp_path, env={"X": "1"})()
    spec = manager.kernel_spec
    assert spec.argv == [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert spec.env == {**KERNEL_ENV, "X": "1"}
    assert manager.transport == "ipc"
    assert manager.ip.startswith(str(tmp_path)) and Path(manager.ip).is_absolute()
    assert SysExecutableKernelManager.kernel_cwd is None  # the bound subclass does not leak


@pytest.mark.notebooks
def test_rogue_kernelspec_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user-level ``python3`` kernelspec pointing at another interpreter must not be used (§1.3)."""
    import papermill

    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "rogue",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    monkeypatch.setenv("MPLBACKEND", "Agg")  # must not reach the kernel: figures would vanish
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import os, sys\nprint(sys.executable)\nprint(os.environ['MPLBACKEND'])"
            )
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    out = papermill.execute_notebook(
        nb,
        None,
        kernel_name="python3",
        progress_bar=False,
        kernel_manager_class=SysExecutableKernelManager,
        record_timing=False,
    )
    printed = out.cells[0].outputs[0]["text"].splitlines()
    assert printed == [sys.executable, KERNEL_ENV["MPLBACKEND"]]


def test_jsonable_conversions() -> None:
    assert _jsonable(np.float64(1.5), "x") == 1.5 and type(_jsonable(np.int64(3), "x")) is int
    assert _jsonable(np.array([1, 2]), "x") == [1, 2]
    assert _jsonable(pd.Series([0.5, 1.0]), "x") == [0.5, 1.0]
    assert _jsonable({"a": (1, "b", None, True)}, "x") == {"a": [1, "b", None, True]}
    with pytest.raises(TypeError, match="not representable in JSON"):
        _jsonable(float("nan"), "x")
    with pytest.raises(TypeError, match="cannot store a object"):
        _jsonable(object(), "x")


def test_read_and_strip_records() -> None:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x",
                outputs=[
                    nbformat.v4.new_output("display_data", data={RECORD_MIMETYPE: {"a": 1}}),
                    nbformat.v4.new_output("stream", name="stdout", text="hi\n"),
                    nbformat.v4.new_output(
                        "display_data", data={RECORD_MIMETYPE: {"a": 2, "b": "乙"}, "text/plain": "shown"}
                    ),
                ],
            ),
            nbformat.v4.new_markdown_cell("m"),
        ]
    )
    assert read_records(nb) == {"a": 2, "b": "乙"}
    strip_records(nb)
    outputs = nb.cells[0].outputs
    assert len(outputs) == 2 and outputs[1]["data"] == {"text/plain": "shown"}
    assert read_records(nb) == {}


def test_connection_file_sits_beside_the_sockets(tmp_path: Path) -> None:
    manager = kernel_manager_class(ipc_dir=tmp_path)()
    connection = Path(manager.connection_file)
    assert connection.parent == tmp_path and connection.name.startswith("kernel-")
    assert connection.suffix == ".json"
    assert Path(manager.ip).parent == tmp_path


def test_a_deep_socket_folder_falls_back_to_tcp(tmp_path: Path) -> None:
    from perfmethods.reporting.kernel import MAX_SOCKET_PATH

    deep = tmp_path / ("d" * (MAX_SOCKET_PATH - len(str(tmp_path))))
    manager = kernel_manager_class(ipc_dir=deep)()
    assert manager.transport == "tcp"
    assert Path(manager.connection_file).parent == deep  # the connection file is a normal file: any path
    shallow = kernel_manager_class(ipc_dir=tmp_path)()
    assert shallow.transport == "ipc"
    assert len(shallow.ip.encode()) + 3 <= MAX_SOCKET_PATH


def test_stop_kernels_without_a_started_kernel() -> None:
    from perfmethods.reporting.kernel import stop_kernels

    bound = kernel_manager_class()
    other = kernel_manager_class()
    assert bound.started == [] and bound.started is not other.started  # one list per bound class
    assert SysExecutableKernelManager.started is None
    assert stop_kernels(bound) == 0
    assert stop_kernels(SysExecutableKernelManager) == 0
