"""Publishing a report as one set: the old set or the new one after a failure or a kill at any moment, a lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from perfmethods.errors import RenderError
from perfmethods.reporting import publishing
from perfmethods.reporting.publishing import output_lock, publish, recover

NAMES = ("executed.ipynb", "report.html", "manifest.json")


def _set(version: str) -> dict[str, bytes]:
    return {name: f"{version}:{name}".encode() for name in NAMES}


def _version_of(folder: Path) -> str:
    """The one version all three files belong to; fails on a mixed or incomplete set."""
    versions = {(folder / n).read_bytes().decode().split(":")[0] for n in NAMES}
    assert len(versions) == 1, f"mixed set: {versions}"
    return versions.pop()


def test_publish_creates_and_replaces_the_set_keeping_other_files(tmp_path):
    out = tmp_path / "reports" / "demo"
    publish(out, _set("old"))
    (out / "notes.txt").write_text("mine")
    publish(out, _set("new"))
    assert _version_of(out) == "new" and (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.parent.iterdir()) == [".demo.lock", "demo"]


def test_a_failed_write_replaces_nothing(tmp_path, monkeypatch):
    out = tmp_path / "demo"
    publish(out, _set("old"))
    real = publishing._write_file
    calls = []

    def failing(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(publishing, "_write_file", failing)
    with pytest.raises(RenderError, match="No space left"):
        publish(out, _set("new"))
    assert _version_of(out) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".demo.lock", "demo"]


def test_a_second_render_waits_then_fails_clearly(tmp_path):
    out = tmp_path / "demo"
    with output_lock(out):
        with pytest.raises(RenderError, match="another render is writing into .*demo"):
            publish(out, _set("new"), lock_timeout=0.3)
    publish(out, _set("new"))
    assert _version_of(out) == "new"


def test_recover_restores_the_previous_set(tmp_path):
    out = tmp_path / "demo"
    publish(out, _set("old"))
    os.rename(out, tmp_path / ".demo.previous-abc")  # a kill between the two renames of the fallback swap
    (tmp_path / ".demo.staging-xyz").mkdir()
    recover(out)
    assert _version_of(out) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".demo.lock", "demo"]


_CHILD = textwrap.dedent(
    """
    import importlib.util, os, signal, sys
    # load the module alone (it needs only perfmethods.errors): a child per step must start fast
    spec = importlib.util.spec_from_file_location("publishing", sys.argv[4])
    publishing = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(publishing)
    kill_at, exchange = int(sys.argv[2]), sys.argv[3] == "1"
    count = [0]
    def step(fn):
        def wrapped(*a, **k):
            count[0] += 1
            if count[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            result = fn(*a, **k)
            count[0] += 1
            if count[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return wrapped
    publishing._write_file = step(publishing._write_file)
    publishing._fsync_dir = step(publishing._fsync_dir)
    publishing.os.rename = step(publishing.os.rename)
    publishing._exchange = step(publishing._exchange if exchange else (lambda a, b: False))
    publishing.shutil.rmtree = step(publishing.shutil.rmtree)
    files = {n: f"new:{n}".encode() for n in ("executed.ipynb", "report.html", "manifest.json")}
    publishing.publish(sys.argv[1], files)
    print("steps", count[0])
    """
)


def _run_child(out: Path, kill_at: int, exchange: bool) -> subprocess.CompletedProcess:
    args = [str(out), str(kill_at), "1" if exchange else "0", publishing.__file__]
    return subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_kill_at_every_step_leaves_the_old_or_the_new_set(tmp_path, exchange):
    out = tmp_path / "demo"
    publish(out, _set("old"))
    done = _run_child(out, 0, exchange)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout.split()[-1])
    assert steps >= 8
    seen = set()
    for kill_at in range(1, steps + 1):
        publish(out, _set("old"))
        done = _run_child(out, kill_at, exchange)
        assert done.returncode == -signal.SIGKILL, (kill_at, done.stderr)
        with output_lock(out):
            recover(out)
        seen.add(_version_of(out))
        leftovers = sorted(p.name for p in tmp_path.iterdir())
        assert leftovers == [".demo.lock", "demo"], (kill_at, leftovers)
        assert not list(out.glob(".*"))
    assert seen == {"old", "new"}


def test_manifest_from_a_render_is_valid_json_with_outputs_matching(tmp_path):
    out = tmp_path / "demo"
    files = _set("v1")
    files["manifest.json"] = json.dumps({"ok": True}).encode()
    publish(out, files)
    assert json.loads((out / "manifest.json").read_text()) == {"ok": True}
