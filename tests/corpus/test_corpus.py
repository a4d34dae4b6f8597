"""The malformed-input corpus (issue 11, deliverable 10): every case raises the package's exception, located.

The cases are the table in ``corpus_cases.py``. ``test_corpus_case`` runs those that hold on this branch;
``test_pending_cases`` runs those whose behaviour other issue-11 branches are fixing (not xfail: they fail
until those branches are merged). The fuzz tests feed random bytes and YAML-like text to the readers:
whatever they get, they return or raise a package exception, quickly, never a raw traceback.
"""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest
from corpus_cases import CASES, Case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfmethods.errors import PerfMethodsError

NUMPY_REPR = re.compile(r"\bnp\.(float|int|bool|str)_?\d*\(")


def _check(case: Case, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(case.error) as info:
            case.run(tmp_path)
    error = info.value
    message = str(error)
    location = getattr(error, "location", {}) or {}
    for key, expected in case.where.items():
        got = location.get(key)
        if key == "file":
            assert str(got or "").replace("\\", "/").endswith(str(expected)), (key, location, message)
        else:
            assert got is not None and str(got) == str(expected), (key, location, message)
    if case.match is not None:
        assert re.search(case.match, message), message
    assert not NUMPY_REPR.search(message), f"numpy repr in the message: {message}"
    assert "Traceback" not in message


def test_the_corpus_is_large_and_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_corpus_case(case: Case, tmp_path: Path) -> None:
    _check(case, tmp_path)


# -- fuzzing of the readers ------------------------------------------------------------------------

TIME_LIMIT = 5.0  # seconds per input; generous for a shared 2-core machine

YAMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "indicators:",
                "  - id: A1",
                "    weight: 10",
                "    target: ≥50场",
                "name: x",
                "total: 100",
                "- ",
                "  ",
                ": ",
                "&a ",
                "*a",
                "[",
                "]",
                "{",
                "}",
                "'",
                '"',
                "!!python/object",
                "---",
                "...",
                "    level1: 产出",
                "    name: {a: 1}",
                "    weight: .nan",
                "    weight: -1",
                "indicators: []",
            ]
        ),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
    ),
    max_size=25,
).map("\n".join)


def _bounded(func, *args) -> None:  # noqa: ANN001
    start = time.monotonic()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            func(*args)
    except PerfMethodsError:
        pass
    assert time.monotonic() - start < TIME_LIMIT


@pytest.mark.property
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_read_table_on_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    from perfmethods.io import read_table

    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _bounded(read_table, path)


@pytest.mark.property
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.lists(
            st.one_of(
                st.text(max_size=8),
                st.sampled_from(
                    ['"', '""', "nan", "inf", "1e400", "-0", "9" * 40, "96%", "＝1+1", "=1+1", "\r", "，"]
                ),
            ),
            min_size=1,
            max_size=5,
        ),
        max_size=8,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_read_table_on_random_csv_text(tmp_path: Path, rows: list[list[str]], encoding: str) -> None:
    from perfmethods.io import read_table

    text = "指标编码,实际完成值\n" + "\n".join(",".join(row) for row in rows)
    path = tmp_path / "fuzz.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _bounded(read_table, path)


@pytest.mark.property
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=YAMLISH)
def test_read_framework_yaml_on_random_yamlish_text(tmp_path: Path, text: str) -> None:
    from perfmethods.io import read_framework_yaml

    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    _bounded(read_framework_yaml, path)
