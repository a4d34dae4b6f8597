"""Every chart of the impact report has a labelled x and y axis and a legend, in both languages (issue 14).

The report sets the y labels with the outcome's unit; the library's plots carry a label of their own too, so that
a chart drawn outside the report is never unlabelled.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from perfmethods.datasets import load_science_programme
from perfmethods.errors import DataQualityWarning


@pytest.fixture(scope="module")
def fits():
    from perfmethods.impact import (
        callaway_santanna,
        its,
        rdd,
        surrogate_index,
        surrogate_samples,
        surrogate_table,
        synthetic_control,
        value_for_money,
    )

    data = load_science_programme()
    panel = data["panel"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cs = callaway_santanna(panel, "rd_spending", "firm_id", "year", "cohort", control="never")
        short = ["rd_spending", "patents", "publications"]
        tab = surrogate_table(panel, unit="firm_id", time="year", start="application_year", surrogates=short,
                              covariates=["score"], outcome="revenue", horizon=6, keep=["funded"])
        tab["funded"] = tab["funded"].astype(float)
        design = surrogate_samples(tab, start="application_year", outcome="revenue", horizon=6, last_period=2024,
                                   running="score", cutoff=60.0, window=10.0)
        si = surrogate_index(design.observational, design.evaluation, outcome="revenue", surrogates=short,
                             treated="funded", covariates=["score"])
        return {
            "dynamic": (cs.aggregate("dynamic", min_e=-3, max_e=4), {}),
            "rdd": (rdd(data["applications"], outcome="rd_post3", running="score", cutoff=60.0), {}),
            "synth_paths": (synthetic_control(data["regions"], unit="region", time="year", outcome="rd_intensity",
                                              treated_unit="R01", treatment_time=2016,
                                              predictors=["gdp_per_capita", "industry_share", "universities"],
                                              n_candidates=20, placebo_candidates=5, placebo_maxfev=50),
                            {"kind": "paths"}),
            "its": (its(data["monthly"], outcome="applications", time="month", intervention="2018-01",
                        season_period=12), {}),
            "surrogate": (si, {"unit": "万元", "labels": {"rd_spending": "研发投入"}}),
            "value": (value_for_money(si.estimate, si.ci, funding=200, unit="万元", benchmark=0.25), {}),
        }


@pytest.mark.parametrize("name", ["dynamic", "rdd", "synth_paths", "synth_placebos", "its", "surrogate", "value"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_axes_are_labelled_and_have_a_legend(fits, name, language):
    result, options = fits["synth_paths" if name.startswith("synth") else name]
    if name == "synth_placebos":
        options = {"kind": "placebos"}
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        result.plot(ax=ax, language=language, **options)
    assert ax.get_xlabel().strip(), name
    if name != "value":  # the value-for-money chart is one interval on one axis: its y axis carries nothing
        assert ax.get_ylabel().strip(), name
    legend = ax.get_legend()
    assert legend is not None and [t.get_text() for t in legend.get_texts()], name
    plt.close(fig)


def test_surrogate_plot_shows_names_and_unit(fits):
    result, _ = fits["surrogate"]
    fig, ax = plt.subplots()
    result.plot(ax=ax, language="zh", unit="万元", labels={"rd_spending": "研发投入"})
    assert "万元" in ax.get_xlabel()
    assert "研发投入" in [t.get_text() for t in ax.get_yticklabels()]
    plt.close(fig)
