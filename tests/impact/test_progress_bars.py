"""Progress bars on the long impact loops (bootstraps, synthetic-control placebos) never change a result."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import perfmethods.progress as progress
from perfmethods.datasets import simulate_science_programme
from perfmethods.impact import callaway_santanna, mncs, pp_top10
from perfmethods.impact.synth import synthetic_control


@pytest.fixture
def bar_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown bars appear at once (however quick the call), so that the shown path really runs."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.delenv("PERFMETHODS_PROGRESS", raising=False)


@pytest.fixture(scope="module")
def programme():
    return simulate_science_programme()


def _sc_panel(seed: int = 1, n_donors: int = 8, n_periods: int = 16, t0: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    factors = np.column_stack([np.full(n_periods, 10.0), np.linspace(0, 3, n_periods)])
    donors = factors @ rng.uniform(0.5, 1.5, size=(n_donors, 2)).T + 0.3 * rng.standard_normal((n_periods, n_donors))
    treated = donors[:, :3] @ [0.5, 0.3, 0.2]
    treated[t0:] += 4.0
    names = ["T"] + [f"D{j}" for j in range(n_donors)]
    y = np.column_stack([treated, donors])
    return pd.DataFrame({"unit": np.repeat(names, n_periods), "time": np.tile(np.arange(n_periods), len(names)),
                         "y": y.T.ravel()})


def test_synthetic_control_placebos_same_with_and_without_a_bar(capsys, bar_at_once):
    frame = _sc_panel()
    kw = dict(unit="unit", time="time", outcome="y", treated_unit="T", treatment_time=11, n_candidates=40)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shown = synthetic_control(frame, progress=True, **kw)
        assert "安慰剂检验 placebos" in capsys.readouterr().err
        quiet = synthetic_control(frame, progress=False, **kw)
        default = synthetic_control(frame, **kw)
    assert capsys.readouterr().err == ""
    for other in (quiet, default):
        pd.testing.assert_frame_equal(shown.placebos, other.placebos)
        pd.testing.assert_frame_equal(shown.placebo_gaps, other.placebo_gaps)
        assert (shown.estimate, shown.p_value, shown.se) == (other.estimate, other.p_value, other.se)


def test_multiplier_bootstrap_same_with_and_without_a_bar(capsys, bar_at_once, programme):
    data, _ = programme
    kw = dict(control="never", se="bootstrap", n_boot=250, seed=5)
    shown = callaway_santanna(data["panel"], "rd_spending", "firm_id", "year", "cohort", progress=True, **kw)
    assert "自助法 bootstrap" in capsys.readouterr().err
    quiet = callaway_santanna(data["panel"], "rd_spending", "firm_id", "year", "cohort", progress=False, **kw)
    assert capsys.readouterr().err == ""
    pd.testing.assert_frame_equal(shown.att_gt, quiet.att_gt)
    a, b = shown.aggregate("dynamic", progress=True), quiet.aggregate("dynamic")
    assert "自助法 bootstrap" in capsys.readouterr().err
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.diagnostics["critical_value_uniform"] == b.diagnostics["critical_value_uniform"]


@pytest.mark.parametrize("indicator", [mncs, pp_top10])
def test_bibliometric_bootstrap_same_with_and_without_a_bar(capsys, bar_at_once, indicator):
    data, _ = simulate_science_programme(8, n_firms=200)
    pubs = data["publications"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shown = indicator(pubs, unit="after_funding", share="share", n_boot=120, seed=2, progress=True)
        assert "自助法 bootstrap" in capsys.readouterr().err
        quiet = indicator(pubs, unit="after_funding", share="share", n_boot=120, seed=2)
    assert capsys.readouterr().err == ""
    pd.testing.assert_frame_equal(shown.table, quiet.table)
    assert (shown.estimate, shown.se, shown.ci) == (quiet.estimate, quiet.se, quiet.ci)
