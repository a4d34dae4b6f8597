"""Where long computations run: in this process, or on a Dask distributed cluster — with the same numbers.

Monte Carlo appraisals, composite-index Monte Carlo and Sobol designs, bootstraps and placebo fits are split
into **chunks** of replications. A chunk depends only on the computation, never on where it runs:

* the chunk sizes depend only on the number of replications (:func:`chunk_sizes`);
* each chunk draws its random numbers from its own generator (:func:`chunk_generators`): the caller's generator
  itself when the run is one chunk, otherwise the children that numpy's ``Generator.spawn`` derives from the
  caller's seed sequence, one per chunk, in chunk order;
* the chunks' results are put back together in chunk order (:func:`run_chunks`).

So a seeded run gives the same numbers with every engine:

* ``"local"`` — the chunks run one after the other in this process;
* ``"dask"`` — they run on a Dask distributed cluster (``Client.map``; results gathered in chunk order). The
  cluster is given by ``address`` (``HOST:PORT`` or ``tcp://HOST:PORT`` of a running ``dask scheduler``) or,
  without an address, is the session's default client (the ``distributed.Client`` created last in a notebook).

To run on a real cluster, start ``dask scheduler`` on one machine and ``dask worker tcp://HOST:8786`` on each
machine that has perfmethods installed (the same version: the workers import the package's functions), then
pass ``engine="dask", address="HOST:8786"`` (Python) or ``--scheduler dask --address HOST:8786`` (command line).

Why hand-written: Dask schedules and numpy spawns independent streams; what this module adds is the package's
rule — fixed chunks, one spawned generator per chunk, the scheduler's address checked before Dask's retries,
one error in the user's terms — so that every long computation shares it instead of each keeping a copy.

References
----------
NumPy, "Parallel random number generation" (``SeedSequence.spawn``, ``Generator.spawn``),
https://numpy.org/doc/stable/reference/random/parallel.html. Dask.distributed, "Futures" (``Client.map``,
``as_completed``), https://distributed.dask.org/en/stable/client.html.
"""

from __future__ import annotations

import re
import socket
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from perfmethods.errors import InputError
from perfmethods.progress import progress_bar
from perfmethods.validation import check_option

__all__ = [
    "DASK_CONNECT_TIMEOUT",
    "ENGINES",
    "check_engine",
    "chunk_generators",
    "chunk_sizes",
    "dask_client",
    "seeded_chunks",
    "run_chunks",
]

#: Where chunks run: this process, or a Dask distributed cluster.
ENGINES: tuple[str, ...] = ("local", "dask")

#: Seconds allowed to reach a Dask scheduler.
DASK_CONNECT_TIMEOUT = 10.0

_TCP_ADDRESS = re.compile(r"^(?:tcp://)?(?P<host>[^/:\s]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})$")

T = TypeVar("T")
R = TypeVar("R")


def chunk_sizes(total: int, size: int) -> list[int]:
    """Split ``total`` replications into consecutive chunks of ``size`` (the last one may be smaller).

    Parameters
    ----------
    total : the number of replications (draws, bootstrap samples, design rows), >= 1.
    size : the largest chunk, >= 1. It is a constant of the computation, never of the engine.

    Returns
    -------
    list of int : the chunk sizes, summing to ``total``.
    """
    total, size = int(total), int(size)
    if total < 1 or size < 1:
        raise InputError(f"chunk_sizes needs a positive number of replications and chunk size; got {total} and "
                         f"{size}")
    full, rest = divmod(total, size)
    return [size] * full + ([rest] if rest else [])


def chunk_generators(rng: np.random.Generator, n_chunks: int) -> list[np.random.Generator]:
    """One random generator per chunk: ``rng`` itself for one chunk, else ``rng.spawn(n_chunks)``.

    The children are statistically independent streams derived from ``rng``'s seed sequence (NumPy's
    ``SeedSequence.spawn``), the same on every machine, so a chunk draws the same numbers wherever it runs.

    Parameters
    ----------
    rng : the caller's generator (from :func:`perfmethods.validation.check_rng`).
    n_chunks : the number of chunks, >= 1.
    """
    if n_chunks < 1:
        raise InputError(f"chunk_generators needs at least one chunk; got {n_chunks}")
    return [rng] if n_chunks == 1 else list(rng.spawn(int(n_chunks)))


def seeded_chunks(total: int, size: int, rng: np.random.Generator) -> list[tuple[int, np.random.Generator]]:
    """``(chunk size, chunk generator)`` for each chunk of a seeded run: :func:`chunk_sizes` paired with
    :func:`chunk_generators`, in chunk order.

    Parameters
    ----------
    total : the number of replications, >= 1.
    size : the largest chunk (a constant of the computation).
    rng : the caller's generator.
    """
    sizes = chunk_sizes(total, size)
    return list(zip(sizes, chunk_generators(rng, len(sizes)), strict=True))


def _unreachable(address: str) -> InputError:
    return InputError(
        f"cannot reach the Dask scheduler at {address!r} within {DASK_CONNECT_TIMEOUT:g} s. Start one "
        "(`dask scheduler`, then `dask worker tcp://HOST:8786` on each machine) and give its address as HOST:PORT, "
        "or run on this machine (engine='local'; on the command line, --scheduler local)."
    )


def dask_client(address: str | None) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``address``, or the session's default client when ``address`` is ``None``.

    Returns
    -------
    (client, owned) : ``owned`` is True when the client was opened here (the caller closes it).

    Raises
    ------
    InputError : nothing listens at ``address``, the address is malformed, Dask is not installed, or no address
        was given and the session has no client.
    """
    try:
        from distributed import Client, default_client
    except ImportError as exc:  # pragma: no cover - dask and distributed are locked dependencies
        raise InputError(f"running on Dask needs the packages dask and distributed ({exc}); install them with "
                         "'pip install -r requirements/requirements.lock'.") from exc
    if address is None:
        try:
            return default_client(), False
        except ValueError:
            raise InputError("engine='dask' needs a cluster: pass address='HOST:PORT' (a running `dask scheduler`) "
                             "or create a distributed.Client in this session first.") from None
    if not isinstance(address, str) or not address.strip():
        raise InputError(f"the Dask scheduler's address must be text such as 'HOST:8786'; got {address!r}",
                         location={"key": "address"})
    address = address.strip()
    tcp = _TCP_ADDRESS.match(address)
    if tcp is not None:  # fail at once, not after the client's retries, when nothing listens there
        try:
            socket.create_connection((tcp["host"].strip("[]"), int(tcp["port"])), DASK_CONNECT_TIMEOUT).close()
        except (OSError, ValueError):
            raise _unreachable(address) from None
    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False), True
    except (OSError, TimeoutError, ValueError, TypeError):
        raise _unreachable(address) from None


def _dask_results(func: Callable[[T], R], tasks: Sequence[T], address: str | None, bar: Any) -> list[R]:
    client, owned = dask_client(address)
    from distributed import as_completed

    try:
        batch = uuid.uuid4().hex[:8]
        name = getattr(func, "__name__", "chunk")
        futures = client.map(func, list(tasks), key=[f"perfmethods-{name}-{i}-{batch}" for i in range(len(tasks))],
                             pure=False)
        for _ in as_completed(futures, loop=client.loop):
            bar.update(1)
        return list(client.gather(futures))  # chunk order; a chunk's own error is raised here as it was
    finally:
        if owned:
            client.close()


def check_engine(engine: str, address: str | None, *, func: str) -> str:
    """Check the ``engine`` and ``address`` options of ``func`` before any work is done.

    For a public function whose replications run only for some of its options (a bootstrap standard error
    against an analytic one), so that a wrong engine is refused whichever options are chosen.

    Returns
    -------
    str : the engine, ``"local"`` or ``"dask"``.

    Raises
    ------
    InputError : an engine outside :data:`ENGINES`, or an ``address`` with ``engine="local"``.
    """
    engine = check_option(engine, ENGINES, name="engine", func=func)
    if engine == "local" and address is not None:
        raise InputError(f"The 'address' parameter of {func} is for engine='dask'; with engine='local' the "
                         "work runs in this process.", location={"key": "address"})
    return engine


def run_chunks(func: Callable[[T], R], tasks: Sequence[T], *, engine: str = "local", address: str | None = None,
               progress: bool | None = None, desc: str = "", unit: str = "块", func_name: str = "run_chunks"
               ) -> list[R]:
    """``[func(task) for task in tasks]`` in this process or on a Dask cluster; results in task order.

    Parameters
    ----------
    func : a module-level function (a Dask worker imports it by name), pure given its task.
    tasks : one argument per chunk (each carries its own generator, see :func:`chunk_generators`).
    engine : ``"local"`` (this process, one chunk after the other) or ``"dask"``.
    address : the Dask scheduler (``HOST:PORT``); ``None`` uses the session's default client. Only with
        ``engine="dask"``.
    progress : a progress bar over the chunks (see :func:`perfmethods.progress.progress_bar`).
    desc, unit : the bar's label and the name of one chunk.
    func_name : the public function named in error messages.

    Returns
    -------
    list : one result per task, in task order.
    """
    engine = check_engine(engine, address, func=func_name)
    with progress_bar(len(tasks), show=progress, desc=desc, unit=unit) as bar:
        if engine == "dask":
            return _dask_results(func, tasks, address, bar)
        out: list[R] = []
        for task in tasks:  # the chunks, each vectorised over its replications
            out.append(func(task))
            bar.update(1)
        return out


def iter_dask(func: Callable[[T], R], tasks: Sequence[T], address: str | None, keys: Sequence[str],
              on_error: Callable[[T, BaseException], R]) -> tuple[Iterator[R], int]:
    """Results of ``func`` over ``tasks`` on a Dask cluster as they finish (for work whose order does not matter).

    A task whose worker died or lost it yields ``on_error(task, exception)`` instead of stopping the others.

    Returns
    -------
    (iterator of results, number of workers of the cluster)
    """
    client, owned = dask_client(address)
    n_workers = len(client.scheduler_info().get("workers", {}))

    def results() -> Iterator[R]:
        from distributed import as_completed

        try:
            futures = client.map(func, list(tasks), key=list(keys), pure=False)
            owners = {future.key: task for future, task in zip(futures, tasks, strict=True)}
            for future in as_completed(futures, loop=client.loop):
                if future.status == "finished":
                    yield future.result()
                else:
                    yield on_error(owners[future.key], future.exception())
        finally:
            if owned:
                client.close()

    return results(), n_workers
