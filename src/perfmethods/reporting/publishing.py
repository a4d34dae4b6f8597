"""Publishing a report's files as one set: a kill at any moment leaves the old set or the new set, never a mix.

A report is three files (``report.html``, ``executed.ipynb``, ``manifest.json``) whose hashes refer to each
other, so replacing them one by one is not enough: a kill between two renames would leave a manifest that
matches neither notebook nor page. :func:`publish` therefore

1. takes a lock beside the output folder (``.NAME.lock``; an OS file lock, released by the kernel when the
   process dies, even under ``kill -9``), so that two renders into one folder queue;
2. recovers from an earlier interrupted publish (see below) and removes its leftovers;
3. writes the whole new folder as a sibling staging folder (``.NAME.staging-*``: every new file, fsynced, plus
   any other files the user kept in the output folder, carried over), on the same file system;
4. swaps the staging folder and the output folder in one step: ``renameat2(RENAME_EXCHANGE)`` on Linux, which is
   atomic; elsewhere two renames (output → ``.NAME.previous-*``, staging → output) with Ctrl-C and SIGTERM held
   back between them; a kill exactly between the two leaves the output folder missing and the previous set in
   ``.NAME.previous-*``, which the next publish (or :func:`recover`) renames back;
5. removes the swapped-out old set.

Why hand-written: no maintained library publishes a directory atomically with a recovery rule (``atomicwrites``
is archived and handles single files only).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from perfmethods.errors import RenderError

__all__ = ["LOCK_TIMEOUT", "output_lock", "publish", "recover", "write_atomic"]

#: Seconds a render waits for another render publishing into the same folder before it gives up.
LOCK_TIMEOUT = 120.0

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _umask() -> int:
    """The process umask, read without changing it where possible (Linux ``/proc``)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o666 & ~_umask())


def _stage(target: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file next to ``target``; return its name."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        _write_file(Path(tmp_name), data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return tmp_name


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: temp file in the same directory, fsync, chmod, replace.

    The file gets the permissions a plain ``open()`` would give (``0o666 & ~umask``), not ``mkstemp``'s 0600.
    Readers see either the old file or the new one, never a partial file.

    Parameters
    ----------
    path : the file to write.
    data : its new content.
    """
    target = Path(path)
    tmp_name = _stage(target, data)
    try:
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    handled = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None]
    previous = {s: signal.signal(s, lambda signum, frame: received.append(signum)) for s in handled}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for signum in received:
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), signum)


def _siblings(output_dir: Path, kind: str) -> list[Path]:
    parent = output_dir.parent
    if not parent.is_dir():
        return []
    prefix = f".{output_dir.name}.{kind}-"
    return sorted((p for p in parent.iterdir() if p.name.startswith(prefix)), key=lambda p: p.stat().st_mtime)


@contextlib.contextmanager
def output_lock(output_dir: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the publishing lock of ``output_dir`` (a file ``.NAME.lock`` beside it).

    The lock is an OS lock on an open file (``fcntl.flock``; ``msvcrt.locking`` on Windows), so the kernel
    releases it when the process ends, however it ends. A second render into the same folder waits up to
    ``timeout`` seconds, then raises :class:`RenderError`.

    Parameters
    ----------
    output_dir : the report folder.
    timeout : seconds to wait for another render's lock.
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output_dir.parent / f".{output_dir.name}.lock"
    handle = open(lock_path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise RenderError(
                    f"another render is writing into {output_dir} (lock {lock_path.name}); waited "
                    f"{timeout:g} s. Run the renders one after the other, or give each its own output folder."
                )
            time.sleep(0.1)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


def _try_lock(handle: object) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True


def _unlock(handle: object) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)  # type: ignore[attr-defined]


def recover(output_dir: str | os.PathLike[str]) -> None:
    """Repair what an interrupted publish left beside ``output_dir``; call it with the lock held.

    If the output folder is missing and a previous set (``.NAME.previous-*``) exists, the newest previous set
    becomes the output folder again. Leftover staging folders, other previous sets and stray ``.*.tmp`` files
    are removed.

    Parameters
    ----------
    output_dir : the report folder.
    """
    out = Path(output_dir)
    previous = _siblings(out, "previous")
    if not out.exists() and previous:
        os.rename(previous.pop(), out)
        _fsync_dir(out.parent)
    for leftover in [*previous, *_siblings(out, "staging")]:
        shutil.rmtree(leftover, ignore_errors=True)
    if out.is_dir():
        for stray in out.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2(RENAME_EXCHANGE)``; ``False`` when unavailable."""
    name = ctypes.util.find_library("c")
    if not name or not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EPERM, errno.EOPNOTSUPP):
        return False  # old kernel or a file system without exchange
    raise OSError(err, os.strerror(err), os.fspath(a))


def _carry_over(output_dir: Path, staging: Path, names: set[str]) -> None:
    """Copy into ``staging`` whatever else the user keeps in the output folder (hard links where possible)."""
    if not output_dir.is_dir():
        return
    for entry in output_dir.iterdir():
        if entry.name in names or (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        target = staging / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry), target)
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True)
        else:
            try:
                os.link(entry, target)
            except OSError:
                shutil.copy2(entry, target)


def _swap_in(staging: Path, output_dir: Path) -> Path | None:
    """Put ``staging`` in place of ``output_dir``; return the folder now holding the old set (to delete)."""
    with _signals_deferred():
        if not output_dir.exists():
            os.rename(staging, output_dir)
            return None
        if _exchange(staging, output_dir):
            return staging
        previous = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.previous-", dir=output_dir.parent))
        os.rmdir(previous)
        os.rename(output_dir, previous)
        os.rename(staging, output_dir)
        return previous


def publish(output_dir: str | os.PathLike[str], files: Mapping[str, bytes], *,
            lock_timeout: float = LOCK_TIMEOUT) -> None:
    """Publish ``files`` into ``output_dir`` as one set (see the module docstring).

    Parameters
    ----------
    output_dir : the report folder (created when missing, with its parents).
    files : ``{file name: content}``; other files already in the folder are kept.
    lock_timeout : seconds to wait for another render publishing into the same folder.

    Raises
    ------
    RenderError
        The set could not be written (disk full, no permission) — the old set is left as it was — or another
        render held the folder longer than ``lock_timeout``.
    """
    out = Path(output_dir)
    staging: Path | None = None
    try:
        with output_lock(out, timeout=lock_timeout):
            recover(out)
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
            os.chmod(staging, 0o777 & ~_umask())
            _carry_over(out, staging, set(files))
            for name, data in files.items():
                _write_file(staging / name, data)
            _fsync_dir(staging)
            old = _swap_in(staging, out)
            staging = None
            _fsync_dir(out.parent)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise RenderError(f"could not write the report into {out}: {exc}") from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
