"""The impact evaluation report (notebooks/reports/impact_evaluation.ipynb) rendered on the bundled synthetic
programme: every recorded headline number equals the library computed directly on the same data, each number is
rounded once (the key figures and the text show the same value, with its unit), the conclusion gives the value
for money and the budget action of the library's rule, and no internal code reaches the reader.

The report is rendered once per session through the shared fixture ``rendered`` (tests/conftest.py), with the
same key as the generic "every notebook renders" test, so this module adds no render of the Chinese default.
"""

from __future__ import annotations

import re
import warnings
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from perfmethods.errors import DataQualityWarning
from perfmethods.impact import (
    StaggeredAdoptionWarning,
    callaway_santanna,
    its,
    rdd,
    read_variables,
    surrogate_index,
    surrogate_samples,
    surrogate_table,
    synthetic_control,
    value_for_money,
)

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "notebooks" / "reports" / "impact_evaluation.ipynb"
DATA = ROOT / "data" / "examples" / "science_programme"
#: Column names, enum values and Python reprs that must never reach the reader.
CODES = re.compile(
    r"\b(rd_spending|rd_post3|rd_intensity|revenue|patents|publications|score|firm_age|employees|rd_pre|funded|"
    r"grant_amount|application_year|priority|maintain|reduce|cancel|above_benchmark|at_benchmark|below_benchmark|"
    r"no_evidence|harmful|surrogate_index|True|False|None|nan|NaN|inf)\b"
)
#: In English prose the words are the reader's; column names and codes are snake_case.
EN_CODES = re.compile(r"\b([a-z]+_[a-z0-9_]+|True|False|None|nan|NaN)\b")


def _visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"data:[^\"')]+", " ", html)
    return unescape(re.sub(r"<[^>]+>", "\n", html))


def _cards(html: str) -> dict[str, str]:
    pairs = re.findall(r'<div class="pm-figure-value">(.*?)</div><div class="pm-figure-label">(.*?)</div>', html)
    return {unescape(label): unescape(value) for value, label in pairs}


@pytest.fixture(scope="module")
def zh(rendered):
    return rendered(REPORT)


@pytest.fixture(scope="module")
def expected():
    """The library on the report's data and default parameters, computed here, not read from the notebook."""
    panel = pd.read_csv(DATA / "panel.csv")
    apps = pd.read_csv(DATA / "applications.csv")
    regions = pd.read_csv(DATA / "regions.csv")
    monthly = pd.read_csv(DATA / "monthly.csv")
    variables = read_variables(DATA / "variables.yaml")
    out = {}
    out["cs_simple"] = callaway_santanna(panel, "rd_spending", "firm_id", "year", "cohort", control="never")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (DataQualityWarning, StaggeredAdoptionWarning))
        out["rdd_fuzzy"] = rdd(apps, outcome="rd_post3", running="score", cutoff=60.0, fuzzy="funded",
                               covariates=["firm_age", "employees", "rd_pre"])
        out["synth_att"] = synthetic_control(
            regions, unit="region", time="year", outcome="rd_intensity", treated_unit="R01", treatment_time=2016,
            predictors=["gdp_per_capita", "industry_share", "universities", ("rd_intensity", 2005),
                        ("rd_intensity", 2010), ("rd_intensity", 2015)],
            n_candidates=200, placebo_candidates=20, placebo_maxfev=200)
        out["its_level"] = its(monthly, outcome="applications", time="month", intervention="2018-01",
                               season_period=12, control="control_applications")
        short = ["rd_spending", "patents", "publications"]
        tab = surrogate_table(panel, unit="firm_id", time="year", start="application_year", surrogates=short,
                              covariates=["score"], outcome="revenue", horizon=6, keep=["funded"])
        tab["funded"] = tab["funded"].astype(float)
        design = surrogate_samples(tab, start="application_year", outcome="revenue", horizon=6, last_period=2024,
                                   running="score", cutoff=60.0, window=10.0)
        out["surrogate_index"] = surrogate_index(design.observational, design.evaluation, outcome="revenue",
                                                 surrogates=short, treated="funded", covariates=["score"])
    funding = float(apps.loc[apps["funded"], "grant_amount"].mean())
    si = out["surrogate_index"]
    out["vfm"] = value_for_money(si.estimate, si.ci, funding=funding, unit="万元", benchmark=0.25)
    out["funding"] = funding
    out["variables"] = variables
    return out


ESTIMATE = {"cs_simple": "estimate", "rdd_fuzzy": "estimate_bc", "synth_att": "estimate", "its_level": "estimate",
            "surrogate_index": "estimate"}
CI = {"cs_simple": "ci", "rdd_fuzzy": "ci_robust", "synth_att": "ci", "its_level": "ci", "surrogate_index": "ci"}
VARIABLE = {"cs_simple": "rd_spending", "rdd_fuzzy": "rd_post3", "synth_att": "rd_intensity",
            "its_level": "applications", "surrogate_index": "revenue"}


@pytest.mark.parametrize("key", list(ESTIMATE))
def test_each_headline_record_is_the_library_on_the_same_data(zh, expected, key):
    fit = expected[key]
    assert zh.records[key] == pytest.approx(getattr(fit, ESTIMATE[key]), rel=1e-9)
    assert zh.records[f"{key}_ci"] == pytest.approx(list(getattr(fit, CI[key])), rel=1e-9)


def test_the_conclusion_records_are_the_library_rule(zh, expected):
    vfm, si = expected["vfm"], expected["surrogate_index"]
    assert zh.records["funding"] == pytest.approx(expected["funding"]) == pytest.approx(200.0)
    assert zh.records["vfm_per_10k"] == pytest.approx(vfm.per_10k, rel=1e-9)
    assert zh.records["vfm_per_10k_ci"] == pytest.approx(list(vfm.per_10k_ci), rel=1e-9)
    assert zh.records["decision"] == vfm.decision
    assert zh.records["surrogate_unadjusted"] == pytest.approx(si.unadjusted, rel=1e-9)
    # the selection difference the old report counted as an effect: the score is no surrogate any more
    assert si.unadjusted - si.estimate > 20
    assert "score" not in set(si.surrogate_effects["surrogate"])


def test_one_rounding_per_number_cards_and_text_agree(zh, expected):
    variables = expected["variables"]
    html = zh.report.read_text(encoding="utf-8")
    text = _visible_text(html)
    cards = _cards(html)
    for key, variable in VARIABLE.items():
        v = variables[variable]
        number = v.format(zh.records[key])
        assert zh.records["shown"][key] == number
        unit = v.unit("zh", effect=True)
        label = next(label for label, value in cards.items() if value == number)
        assert label.endswith(f"单位：{unit}"), label
        assert v.with_unit(zh.records[key], "zh", effect=True) in text, (key, number, unit)
    per = f"{zh.records['vfm_per_10k']:.2f}"
    assert cards["每万元资助带来的第 6 年营业收入，单位：万元"] == per
    assert f"每万元资助带来的第 6 年营业收入为 {per} 万元" in text
    assert cards["下一年度预算建议"] == expected["vfm"].decision_zh


def test_every_figure_has_a_unit_and_the_conclusion_is_complete(zh, expected):
    text = _visible_text(zh.report.read_text(encoding="utf-8"))
    vfm = expected["vfm"]
    conclusion = text[text.index("评价结论与预算建议\n"):text.index("分批资助的双重差分")]
    assert "51.9 万元（95% 置信区间 32.7 至 71.0 万元）" in conclusion  # effect, unit, interval
    assert f"{vfm.per_10k_ci[0]:.2f} 至 {vfm.per_10k_ci[1]:.2f} 万元" in conclusion  # value per 万元 and its CI
    assert "基准为每万元 0.25 万元" in conclusion
    assert f"下一年度预算建议：{vfm.decision_zh}" in conclusion
    # every effect sentence carries its unit
    for sentence in ("平均每年增加 57.8 万元", "增加 38.3 万元", "平均高出合成对照 0.34 个百分点", "水平增加 14.5 件"):
        assert sentence in text
    assert "107.8" in text and "来自两组申请者的评审得分本来就不同" in text  # the selection difference, explained


def test_no_codes_or_reprs_reach_the_reader(zh):
    text = _visible_text(zh.report.read_text(encoding="utf-8"))
    body = text[:text.rindex("本报告由 perfmethods")]  # the footer names the notebook file on purpose
    assert not CODES.findall(body), sorted(set(CODES.findall(body)))
    assert "Traceback" not in text and "Warning" not in text


def test_english_report(rendered):
    result = rendered(REPORT, {"language": "en"})
    text = _visible_text(result.report.read_text(encoding="utf-8"))
    body = text[:text.rindex("perfmethods 0")]
    assert "Conclusion and budget recommendation" in body and "Next year's budget" in body
    assert "10,000 yuan" in body and "percentage points" in body
    assert not EN_CODES.findall(body), sorted(set(EN_CODES.findall(body)))
    assert result.records["decision"] == "maintain"
