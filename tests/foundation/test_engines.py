"""perfmethods.engines: fixed chunks, one spawned generator per chunk, the same numbers on every engine."""

from __future__ import annotations

import socket
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods import engines
from perfmethods.engines import check_engine, chunk_generators, chunk_sizes, run_chunks, seeded_chunks
from perfmethods.errors import InputError


def _draw(task: tuple[int, np.random.Generator]) -> np.ndarray:
    """A chunk: ``size`` standard normal draws from the chunk's own generator."""
    size, rng = task
    return rng.standard_normal(size)


def _tasks(seed: int, total: int, size: int) -> list[tuple[int, np.random.Generator]]:
    sizes = chunk_sizes(total, size)
    return list(zip(sizes, chunk_generators(np.random.default_rng(seed), len(sizes)), strict=True))


@given(total=st.integers(1, 10_000), size=st.integers(1, 3_000))
def test_chunk_sizes_cover_the_run_in_full_chunks(total: int, size: int) -> None:
    sizes = chunk_sizes(total, size)
    assert sum(sizes) == total
    assert all(s == size for s in sizes[:-1]) and 1 <= sizes[-1] <= size
    assert len(sizes) == -(-total // size)


@pytest.mark.parametrize(("total", "size"), [(0, 5), (5, 0), (-1, 3)])
def test_chunk_sizes_refuse_an_empty_run(total: int, size: int) -> None:
    with pytest.raises(InputError, match="positive number of replications"):
        chunk_sizes(total, size)


def test_one_chunk_uses_the_callers_generator_itself() -> None:
    """A run of one chunk draws exactly what the caller's generator draws (no spawned child)."""
    rng = np.random.default_rng(7)
    assert chunk_generators(rng, 1)[0] is rng
    out = run_chunks(_draw, _tasks(7, 50, 100), progress=False)
    assert np.array_equal(out[0], np.random.default_rng(7).standard_normal(50))


def test_chunks_draw_independent_reproducible_streams() -> None:
    """Children of one seed are the same on every call and differ from one another (numpy's spawn)."""
    first = [_draw(t) for t in _tasks(3, 1_000, 250)]
    again = [_draw(t) for t in _tasks(3, 1_000, 250)]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert len({a.tobytes() for a in first}) == 4
    other = [_draw(t) for t in _tasks(4, 1_000, 250)]
    assert not np.array_equal(first[0], other[0])
    # independent streams: the chunks' draws are uncorrelated (|r| < 5 standard errors of n = 250)
    r = np.corrcoef(np.vstack(first))[np.triu_indices(4, 1)]
    assert np.all(np.abs(r) < 5 / np.sqrt(250))


def test_seeded_chunks_pair_each_chunk_with_its_generator() -> None:
    pairs = seeded_chunks(1_000, 300, np.random.default_rng(9))
    assert [size for size, _ in pairs] == chunk_sizes(1_000, 300) == [300, 300, 300, 100]
    children = np.random.default_rng(9).spawn(4)
    for (size, rng), child in zip(pairs, children, strict=True):
        assert np.array_equal(rng.standard_normal(size), child.standard_normal(size))
    one = np.random.default_rng(9)
    assert seeded_chunks(50, 300, one) == [(50, one)]


def test_local_run_keeps_task_order_and_counts_chunks() -> None:
    calls: list[int] = []

    def record(i: int) -> int:
        calls.append(i)
        return i * i

    assert run_chunks(record, [3, 1, 2], progress=False) == [9, 1, 4]
    assert calls == [3, 1, 2]


def test_engine_options_are_checked() -> None:
    with pytest.raises(InputError, match="engine"):
        run_chunks(_draw, _tasks(0, 10, 10), engine="spark", progress=False)
    with pytest.raises(InputError, match="'address' parameter of run_chunks is for engine='dask'"):
        run_chunks(_draw, _tasks(0, 10, 10), address="127.0.0.1:8786", progress=False)


def test_engine_options_are_checked_before_any_work() -> None:
    """check_engine: the rule run_chunks applies, for functions that run chunks only for some options."""
    assert check_engine("local", None, func="f") == "local"
    assert check_engine("dask", "127.0.0.1:8786", func="f") == "dask"
    with pytest.raises(InputError, match="The 'engine' parameter of f must be one of 'local', 'dask'; got 'spark'"):
        check_engine("spark", None, func="f")
    with pytest.raises(InputError, match="'address' parameter of f is for engine='dask'") as info:
        check_engine("local", "127.0.0.1:8786", func="f")
    assert info.value.location == {"key": "address"}


def test_unreachable_scheduler_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(engines, "DASK_CONNECT_TIMEOUT", 1.0)
    with pytest.raises(InputError, match=rf"cannot reach the Dask scheduler at '127.0.0.1:{port}'.*engine='local'"):
        run_chunks(_draw, _tasks(0, 10, 10), engine="dask", address=f"127.0.0.1:{port}", progress=False)


def test_dask_without_address_or_client_says_what_to_do() -> None:
    from distributed import default_client

    try:
        default_client()
    except ValueError:
        pass
    else:  # pragma: no cover - a client left open by another test
        pytest.skip("a default Dask client exists in this session")
    with pytest.raises(InputError, match="pass address='HOST:PORT'"):
        run_chunks(_draw, _tasks(0, 10, 10), engine="dask", progress=False)


@pytest.mark.slow
def test_dask_gives_the_local_numbers(dask_address: str) -> None:
    """The same seeded chunks on a two-process LocalCluster: the same arrays, in chunk order."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers do not import the test modules
    local = run_chunks(_draw, _tasks(11, 10_000, 1_500), progress=False)
    remote = run_chunks(_draw, _tasks(11, 10_000, 1_500), engine="dask", address=dask_address, progress=False)
    assert len(remote) == 7
    assert all(np.array_equal(a, b) for a, b in zip(local, remote, strict=True))


@pytest.mark.slow
def test_dask_uses_the_sessions_client(dask_address: str) -> None:
    """Without an address, the Client created last in the session (as in a notebook) runs the chunks."""
    import cloudpickle
    from distributed import Client

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with Client(dask_address):
        remote = run_chunks(_draw, _tasks(5, 300, 100), engine="dask", progress=False)
    local = run_chunks(_draw, _tasks(5, 300, 100), progress=False)
    assert all(np.array_equal(a, b) for a, b in zip(local, remote, strict=True))


@pytest.mark.slow
def test_a_chunks_error_reaches_the_caller_as_raised(dask_address: str) -> None:
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with pytest.raises(InputError, match="chunk 2 is bad"):
        run_chunks(_fail_on_two, [1, 2, 3], engine="dask", address=dask_address, progress=False)


def _fail_on_two(i: int) -> int:
    if i == 2:
        raise InputError("chunk 2 is bad")
    return i
