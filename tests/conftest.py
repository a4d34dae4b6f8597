"""Suite-wide test settings and the shared notebook-render fixture.

Hypothesis: no per-example deadline (the suite runs on a shared 2-core machine, where a slow example is not
a failure) and derandomised examples, so that CI runs are reproducible: a property test that fails, fails
every time, with the same falsifying example. Set HYPOTHESIS_PROFILE=explore to search with fresh random
examples locally.

Notebook renders: a render takes about 10 s, and several test modules check the same notebook rendered with
the same parameters (the generic "every notebook renders" test, the area tests that compare its records with
the library). The session fixture :func:`rendered` renders each (notebook, parameters, options) once per test
session and hands every test the same :class:`~perfmethods.reporting.RenderResult`; tests read its files and
never change them. A render that fails is remembered too: every test asking for it sees the same error
without running the notebook again.

Dask: :func:`dask_address` starts one two-process ``distributed.LocalCluster`` per test session, on first use;
every test that checks a computation on Dask (Monte Carlo, Sobol, bootstraps, batch renders) shares it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def render_key(notebook: str | os.PathLike[str], parameters: Any = None, **options: Any) -> str:
    """The cache key of one render: the notebook's absolute path, its parameters and the render options.

    Parameters given as a mapping are keyed by their content (key order does not matter); parameters given as
    a YAML file are keyed by the file's absolute path.
    """
    if parameters is None or isinstance(parameters, Mapping):
        given: Any = {"values": dict(parameters or {})}
    else:
        given = {"file": str(Path(parameters).resolve())}
    return json.dumps(
        {"notebook": str(Path(notebook).resolve()), "parameters": given, "options": options},
        sort_keys=True, ensure_ascii=False, default=str,
    )


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """``rendered(notebook, parameters=None, **options)``: the notebook rendered once per test session.

    Takes the arguments of :func:`perfmethods.reporting.render` except ``output_dir`` (each render gets its
    own directory under the session's temporary directory). The returned result and its files are shared by
    every test that asks for the same render: read them, do not change them (copy first).
    """
    cache: dict[str, Any] = {}

    def render_once(notebook: str | os.PathLike[str], parameters: Any = None, **options: Any) -> Any:
        from perfmethods.reporting import render

        key = render_key(notebook, parameters, **options)
        if key not in cache:
            out = tmp_path_factory.mktemp(f"rendered-{Path(notebook).stem}")
            try:
                cache[key] = render(notebook, parameters, out / "report", **options)
            except Exception as exc:  # noqa: BLE001 - remembered and re-raised to every test asking for it
                cache[key] = exc
        outcome = cache[key]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return render_once


@pytest.fixture(scope="session")
def dask_address() -> Any:
    """The address of a two-worker Dask ``LocalCluster`` (separate processes), started once per test session."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        yield cluster.scheduler_address
