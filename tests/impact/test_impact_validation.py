"""The impact estimators check their options with perfmethods.validation: one message form, one alpha
range."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfmethods.errors import InputError
from perfmethods.impact import (
    callaway_santanna,
    check_panel,
    did_2x2,
    event_study,
    its,
    mncs,
    rd_returns,
    rdd,
    surrogate_index,
    synthetic_control,
    twfe,
)


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    units, years = np.arange(12), np.arange(2010, 2018)
    frame = pd.DataFrame([(u, t) for u in units for t in years], columns=["u", "t"])
    frame["cohort"] = np.where(frame["u"] < 4, 2014, np.where(frame["u"] < 8, 2015, 0))
    frame["treated"] = ((frame["cohort"] > 0) & (frame["t"] >= frame["cohort"])).astype(int)
    frame["post"] = (frame["t"] >= 2014).astype(int)
    frame["ever"] = (frame["cohort"] > 0).astype(int)
    frame["y"] = rng.normal(size=len(frame)) + 2.0 * frame["treated"]
    frame["rd"] = rng.uniform(1, 2, size=len(frame))
    return frame


CALLS = {
    "did_2x2": lambda a: did_2x2(_panel(), outcome="y", treated="ever", post="post", alpha=a),
    "twfe": lambda a: twfe(_panel(), outcome="y", unit="u", time="t", treated="treated", alpha=a),
    "event_study": lambda a: event_study(_panel(), outcome="y", unit="u", time="t", cohort="cohort", leads=2,
                                         lags=2, alpha=a),
    "callaway_santanna": lambda a: callaway_santanna(_panel(), "y", "u", "t", "cohort", alpha=a),
    "its": lambda a: its(pd.DataFrame({"t": range(20), "y": np.arange(20.0)}), outcome="y", time="t",
                         intervention=10, alpha=a),
    "rdd": lambda a: rdd(pd.DataFrame({"x": np.linspace(-1, 1, 100), "y": np.arange(100.0)}), outcome="y",
                         running="x", alpha=a),
    "synthetic_control": lambda a: synthetic_control(_panel(), unit="u", time="t", outcome="y",
                                                     treated_unit=0, treatment_time=2014, alpha=a),
    "surrogate_index": lambda a: surrogate_index(
        pd.DataFrame({"s": [1.0, 2, 3, 4, 5], "y": [1.0, 2, 3, 4, 6]}),
        pd.DataFrame({"s": [1.0, 2, 3, 4], "w": [0, 0, 1, 1]}), outcome="y", surrogates=["s"], treated="w",
        alpha=a),
    "rd_returns": lambda a: rd_returns(_panel(), outcome="y", rd="rd", unit="u", time="t", lags=1, alpha=a),
    "mncs": lambda a: mncs(pd.DataFrame({"citations": [1, 2, 3], "field": ["a"] * 3, "year": [2020] * 3}),
                           alpha=a),
}


@pytest.mark.parametrize("func", sorted(CALLS))
@pytest.mark.parametrize("alpha", [0.5, 0.7, 0.0, -0.1, True, "0.05"])
def test_alpha_is_in_the_open_interval_zero_half_everywhere(func, alpha):
    message = rf"The 'alpha' parameter of {func} must be a number in \(0, 0.5\); got"
    with pytest.raises(InputError, match=message):
        CALLS[func](alpha)


@pytest.mark.parametrize("seed", [None, -1, 1.5, True, "0"])
def test_seed_is_checked_once_for_every_randomised_estimator(seed):
    with pytest.raises(InputError, match="The 'seed' parameter of callaway_santanna must be an integer >= 0"):
        callaway_santanna(_panel(), "y", "u", "t", "cohort", se="bootstrap", n_boot=50, seed=seed)
    with pytest.raises(InputError, match="The 'seed' parameter of synthetic_control must be an integer >= 0"):
        synthetic_control(_panel(), unit="u", time="t", outcome="y", treated_unit=0, treatment_time=2014,
                          seed=seed)


def test_seed_zero_is_a_seed():
    a = callaway_santanna(_panel(), "y", "u", "t", "cohort", se="bootstrap", n_boot=50, seed=0)
    b = callaway_santanna(_panel(), "y", "u", "t", "cohort", se="bootstrap", n_boot=50, seed=0)
    c = callaway_santanna(_panel(), "y", "u", "t", "cohort", se="bootstrap", n_boot=50, seed=1)
    assert a.se == b.se and a.se != c.se


def test_options_and_languages_use_the_common_messages():
    with pytest.raises(InputError, match="The 'ssc' parameter of twfe must be one of 'nested', 'full'; got"):
        twfe(_panel(), outcome="y", unit="u", time="t", treated="treated", ssc="x")
    rd_data = pd.DataFrame({"x": np.linspace(-1, 1, 100), "y": np.arange(100.0)})
    with pytest.raises(InputError, match="The 'p' parameter of rdd must be an integer in \\[1, 3\\]; got"):
        rdd(rd_data, outcome="y", running="x", p=True)
    res = did_2x2(_panel(), outcome="y", treated="ever", post="post")
    with pytest.raises(InputError, match="The 'language' parameter of plot must be one of 'zh', 'en'"):
        res.plot(language="zh-CN")
    with pytest.raises(InputError, match="The 'data' parameter of its must be a pandas DataFrame; got list"):
        its([1, 2, 3], outcome="y", time="t", intervention=1)


def test_one_panel_validator_serves_the_synthetic_control():
    frame = _panel()
    with pytest.raises(InputError, match="duplicated u × t key"):
        synthetic_control(pd.concat([frame, frame.iloc[[3]]]), unit="u", time="t", outcome="y",
                          treated_unit=0, treatment_time=2014)
    with pytest.raises(InputError, match="The 'outcome' parameter of synthetic_control names column 'z'"):
        synthetic_control(frame, unit="u", time="t", outcome="z", treated_unit=0, treatment_time=2014)
    shuffled = frame.sample(frac=1.0, random_state=1)
    kept = check_panel(shuffled, unit="u", time="t", outcome="y", sort=False)
    assert kept["u"].tolist() == shuffled["u"].tolist() and kept.index.equals(pd.RangeIndex(len(frame)))
    ordered = check_panel(shuffled, unit="u", time="t", outcome="y")
    assert ordered[["u", "t"]].equals(frame[["u", "t"]])
