"""The one rule for progress bars (perfmethods.progress): explicit show wins; otherwise a terminal or a Jupyter
kernel shows a bar, unless CI is set or PERFMETHODS_PROGRESS=0."""

from __future__ import annotations

import sys
import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfmethods.progress as progress
from perfmethods.errors import InputError
from perfmethods.progress import progress_bar, progress_enabled


class _Terminal:
    """A stand-in for standard error attached to a terminal."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PERFMETHODS_PROGRESS", raising=False)
    return monkeypatch


def _use_terminal(mp: pytest.MonkeyPatch) -> _Terminal:
    """Standard error becomes a terminal (inside the test body: pytest swaps sys.stderr between phases)."""
    term = _Terminal()
    mp.setattr(sys, "stderr", term)
    return term


def test_not_a_terminal_and_no_kernel_shows_nothing(clean_env):
    # pytest captures standard error: it is not a terminal, and no Jupyter kernel runs the tests
    assert not sys.stderr.isatty()
    assert progress_enabled(None) is False
    assert type(progress_bar(10)).__name__ == "_Silent"


def test_a_terminal_shows_a_bar(clean_env):
    terminal = _use_terminal(clean_env)
    assert progress_enabled(None) is True
    clean_env.setattr(progress, "DELAY", 0.0)
    with progress_bar(3, desc="蒙特卡洛 Monte Carlo", unit="步") as bar:
        bar.update(3)
    assert "蒙特卡洛 Monte Carlo" in terminal.text


@pytest.mark.parametrize("value", ["1", "true", "yes", "github-actions"])
def test_ci_silences_the_default(clean_env, value):
    _use_terminal(clean_env)
    clean_env.setenv("CI", value)
    assert progress_enabled(None) is False


@pytest.mark.parametrize("value", ["", "0", "false", "FALSE", "no"])
def test_ci_set_to_a_false_value_is_no_ci(clean_env, value):
    _use_terminal(clean_env)
    clean_env.setenv("CI", value)
    assert progress_enabled(None) is True


@pytest.mark.parametrize("value", ["0", "false", "off", ""])
def test_perfmethods_progress_0_silences_the_default(clean_env, value):
    _use_terminal(clean_env)
    clean_env.setenv("PERFMETHODS_PROGRESS", value)
    assert progress_enabled(None) is False


def test_perfmethods_progress_1_shows_even_in_ci_and_without_a_terminal(clean_env):
    clean_env.setenv("CI", "1")
    clean_env.setenv("PERFMETHODS_PROGRESS", "1")
    assert progress_enabled(None) is True


def test_a_jupyter_kernel_shows_a_bar_although_stderr_is_no_terminal(clean_env):
    class ZMQInteractiveShell:  # the class name IPython gives a kernel's shell
        pass

    fake_ipython = types.ModuleType("IPython")
    fake_ipython.get_ipython = lambda: ZMQInteractiveShell()  # type: ignore[attr-defined]
    clean_env.setitem(sys.modules, "IPython", fake_ipython)
    clean_env.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    assert progress_enabled(None) is True
    clean_env.setenv("CI", "true")
    assert progress_enabled(None) is False


def test_a_plain_ipython_terminal_shell_is_no_kernel(clean_env):
    class TerminalInteractiveShell:
        pass

    fake_ipython = types.ModuleType("IPython")
    fake_ipython.get_ipython = lambda: TerminalInteractiveShell()  # type: ignore[attr-defined]
    clean_env.setitem(sys.modules, "IPython", fake_ipython)
    clean_env.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    assert progress_enabled(None) is False


@given(ci=st.sampled_from([None, "", "1", "true"]), opt=st.sampled_from([None, "0", "1"]), tty=st.booleans())
def test_an_explicit_choice_wins_over_the_environment(ci, opt, tty):
    with pytest.MonkeyPatch.context() as mp:
        for name, value in (("CI", ci), ("PERFMETHODS_PROGRESS", opt)):
            if value is None:
                mp.delenv(name, raising=False)
            else:
                mp.setenv(name, value)
        mp.setattr(sys, "stderr", _Terminal() if tty else sys.stderr)
        assert progress_enabled(True) is True
        assert progress_enabled(False) is False
        assert type(progress_bar(5, show=False)).__name__ == "_Silent"


def test_show_true_draws_on_stderr(capsys, clean_env):
    clean_env.setattr(progress, "DELAY", 0.0)
    bar = progress_bar(4, show=True, desc="自助法 bootstrap", unit="次")
    bar.update(4)
    bar.close()
    assert "自助法 bootstrap" in capsys.readouterr().err


def test_a_quick_shown_bar_prints_nothing(capsys, clean_env):
    with progress_bar(4, show=True, desc="quick") as bar:  # finishes long before DELAY
        bar.update(4)
    assert capsys.readouterr().err == ""


def test_the_silent_bar_does_nothing(capsys):
    with progress_bar(5, show=False) as bar:
        bar.update(2)
        bar.update()
    bar.close()
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("show", ["yes", 1, 0.0])
def test_a_progress_option_that_is_not_true_false_or_none_is_refused(show):
    with pytest.raises(InputError, match="'progress' parameter must be True, False or None"):
        progress_enabled(show)
