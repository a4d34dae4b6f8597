"""Progress bars for long computations: one rule for when a bar is shown, for the whole package.

Monte Carlo appraisals, bootstraps, synthetic-control placebos, weight perturbations, large AHP batches and batch
reviews can run for seconds to minutes. Each of them takes a ``progress`` option and asks :func:`progress_bar`
for a bar; the rule is decided here, once:

* ``show=True`` — a bar is shown; ``show=False`` — never;
* ``show=None`` (the default of every function) — a bar is shown when standard error is a terminal or the code
  runs in a Jupyter kernel (JupyterLab, Notebook), **unless** the environment variable ``CI`` is set (to anything
  but ``""``, ``0`` or ``false``) or ``PERFMETHODS_PROGRESS=0`` (report renders set it, so that no bar lands in
  a rendered report). ``PERFMETHODS_PROGRESS=1`` shows bars wherever ``show`` is ``None``.

A shown bar appears only after :data:`DELAY` seconds, so quick calls stay silent; it is a JupyterLab widget in a
kernel with ipywidgets (``tqdm.auto``) and text on standard error otherwise. A bar only reports: the computation,
its chunks and its random numbers are the same whether it is shown or not.

Why hand-written: tqdm draws the bar; the policy (terminal, kernel, CI, an opt-out variable) is a few lines that
every long-running function must share.
"""

from __future__ import annotations

import os
import sys
import warnings
from types import TracebackType
from typing import Any, Protocol

from perfmethods.errors import InputError

__all__ = ["DELAY", "ProgressBar", "progress_bar", "progress_enabled"]

#: Seconds before a shown bar first appears (shorter runs print nothing).
DELAY = 1.0

_OFF = frozenset({"", "0", "false", "no", "off"})


class ProgressBar(Protocol):
    """What a caller uses: ``update(n)`` after n steps, ``close()`` at the end (or a ``with`` block)."""

    def update(self, n: int = 1) -> Any:  # pragma: no cover - protocol
        ...

    def close(self) -> None:  # pragma: no cover - protocol
        ...

    def __enter__(self) -> Any:  # pragma: no cover - protocol
        ...

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> Any:  # pragma: no cover - protocol
        ...


class _Silent:
    """The bar that shows nothing."""

    def update(self, n: int = 1) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _in_jupyter_kernel() -> bool:
    """True inside a Jupyter (ZMQ) kernel; IPython is never imported here when it was not already."""
    if "ipykernel" not in sys.modules or "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _stderr_is_terminal() -> bool:
    try:
        return bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def progress_enabled(show: bool | None = None) -> bool:
    """Whether a bar is shown under the package's rule (see the module docstring).

    Parameters
    ----------
    show : the caller's ``progress`` option: ``True`` (show), ``False`` (never) or ``None`` (decide from the
        environment: a terminal or a Jupyter kernel, not in CI, not with ``PERFMETHODS_PROGRESS=0``).

    Returns
    -------
    bool
    """
    if show is not None:
        if not isinstance(show, bool):
            raise InputError(f"The 'progress' parameter must be True, False or None; got {show!r} instead.")
        return show
    setting = os.environ.get("PERFMETHODS_PROGRESS")
    if setting is not None and setting.strip().lower() in _OFF:
        return False
    if setting is not None:
        return True
    if os.environ.get("CI", "").strip().lower() not in _OFF:
        return False
    return _stderr_is_terminal() or _in_jupyter_kernel()


def progress_bar(total: int, *, show: bool | None = None, desc: str = "", unit: str = "it") -> ProgressBar:
    """A progress bar over ``total`` steps, or a silent stand-in when the rule says not to show one.

    Parameters
    ----------
    total : the number of steps (draws, chunks, placebo fits, tables ...).
    show : ``True``, ``False`` or ``None`` (the environment decides; see :func:`progress_enabled`).
    desc : the bar's label, Chinese first (e.g. ``"蒙特卡洛 Monte Carlo"``).
    unit : the name of one step (e.g. ``"次"``, ``"表"``).

    Returns
    -------
    ProgressBar : ``update(n)`` and ``close()``; also a context manager.
    """
    if not progress_enabled(show):
        return _Silent()
    with warnings.catch_warnings():  # "IProgress not found" without ipywidgets: tqdm falls back to text
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm

    return tqdm(total=int(total), desc=desc, unit=unit, file=sys.stderr, leave=False, delay=DELAY,
                dynamic_ncols=True)
