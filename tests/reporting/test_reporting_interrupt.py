"""A render stopped by SIGTERM or Ctrl-C leaves nothing behind: no temporary folder, no kernel connection
file, no kernel process, no staging folder, and the output folder untouched.

A real render runs in a subprocess with its own TMPDIR; its notebook writes the kernel's pid to a marker file
and then sleeps, and the test sends the signal once the marker exists (the kernel is then mid-cell).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

NOTEBOOK = """# %% tags=["parameters"]
marker: str = "marker.txt"  # marker file

# %%
import os
import time
from pathlib import Path

Path(marker).write_text(str(os.getpid()), encoding="utf-8")
time.sleep(120)
"""

SCRIPT = """import sys
from perfmethods.reporting import render
render(sys.argv[1], {"marker": sys.argv[2]}, sys.argv[3])
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped by its parent) counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _leftovers(tmp: Path) -> list[str]:
    names = [*tmp.rglob("perfmethods-render-*"), *tmp.rglob("*.json"), *tmp.rglob("*.staging-*")]
    return sorted(p.relative_to(tmp).as_posix() for p in names)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("entry", "signum"),
    [("api", signal.SIGTERM), ("api", signal.SIGINT), ("cli", signal.SIGTERM)],
    ids=["api-SIGTERM", "api-SIGINT", "cli-SIGTERM"],
)
def test_interrupted_render_cleans_up(
    tmp_path: Path, entry: str, signum: int, request: pytest.FixtureRequest
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "interrupt"\n', encoding="utf-8")
    notebook = project / "sleeper.py"
    notebook.write_text(NOTEBOOK, encoding="utf-8")
    script = tmp_path / "run_render.py"
    script.write_text(SCRIPT, encoding="utf-8")
    # short, so that the kernel talks over unix sockets in TMPDIR (deeper folders fall back to TCP)
    tmp = Path(tempfile.mkdtemp(prefix="pm-", dir="/tmp" if Path("/tmp").is_dir() else None))
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    marker = tmp_path / "marker.txt"
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("old report", encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(SRC)}
    if entry == "api":
        command = [sys.executable, str(script), str(notebook), str(marker), str(out)]
    else:
        command = [sys.executable, "-m", "perfmethods.cli", "render", str(notebook), "-o", str(out),
                   "--set", f"marker={marker}"]
    process = subprocess.Popen(
        command,
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not (marker.exists() and marker.read_text(encoding="utf-8")):
            assert process.poll() is None, process.communicate()[1].decode(errors="replace")
            assert time.monotonic() < deadline, "the notebook never started its cell"
            time.sleep(0.1)
        kernel_pid = int(marker.read_text(encoding="utf-8"))
        # mid-execution: the render's temporary folder and the connection file exist now
        assert any(p.name.startswith("perfmethods-render-") for p in tmp.iterdir())
        assert list(tmp.rglob("*.json"))  # the kernel's connection file
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode != 0
    if entry == "cli":  # one line, no traceback, the conventional status
        text = stderr.decode(errors="replace")
        assert process.returncode == 128 + signal.SIGTERM
        assert "terminated; nothing was published" in text and "Traceback" not in text
    assert _leftovers(tmp) == []
    deadline = time.monotonic() + 10
    while _alive(kernel_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(kernel_pid), "the kernel outlived the render"
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]
    assert (out / "report.html").read_text(encoding="utf-8") == "old report"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_becomes_system_exit_and_the_handler_is_restored() -> None:
    from perfmethods.reporting import rendering

    seen: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        with pytest.raises(SystemExit) as info, rendering._sigterm_as_exit():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs at the next bytecode; never reached
        assert info.value.code == 128 + signal.SIGTERM
        assert seen == []
        os.kill(os.getpid(), signal.SIGTERM)  # the caller's handler is back
        time.sleep(0.05)
        assert seen == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_render_restores_the_sigterm_handler_after_a_failed_validation(tmp_path: Path) -> None:
    from perfmethods.errors import ParameterError
    from perfmethods.reporting import render

    notebook = tmp_path / "nb.py"
    notebook.write_text(NOTEBOOK, encoding="utf-8")
    marker = object()
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        signal.signal(signal.SIGTERM, lambda signum, frame: marker)
        with pytest.raises(ParameterError):
            render(notebook, {"no_such_parameter": 1}, tmp_path / "out")
        assert signal.getsignal(signal.SIGTERM)(0, None) is marker
    finally:
        signal.signal(signal.SIGTERM, previous)
