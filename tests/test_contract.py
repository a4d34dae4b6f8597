"""Contract tests that walk the public API (in the manner of CausalPy's public-signature tests).

* every public name has a docstring, and every parameter of a public function is named in it;
* every public result class (its name ends in ``Result``, or it subclasses
  :class:`perfmethods.results.Result`) follows the result protocol on a real instance built from the bundled
  examples: a frozen dataclass subclassing ``Result``, a ``repr`` of at most
  :data:`~perfmethods.results.REPR_LINES` lines, ``_repr_html_`` returning a string, ``to_frame()`` and
  ``summary()`` returning DataFrames, a ``to_dict()`` that survives ``json.dumps(allow_nan=False)``; every
  public class with ``estimates()`` returns exactly :data:`~perfmethods.results.ESTIMATE_COLUMNS`. One test
  checks them all and its failure lists every class that breaks the contract and why;
* the evaluation results have ``plot(ax=None, language=...)`` returning the Axes;
* every exception the package raises on purpose derives from ``PerfMethodsError`` and the built-in it refines.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import perfmethods
from perfmethods import errors
from perfmethods.datasets import data_root, load_example, load_science_programme
from perfmethods.evaluation import evaluate, execution_progress
from perfmethods.results import ESTIMATE_COLUMNS, REPR_LINES, Result

PUBLIC_MODULES = ["perfmethods.indicators", "perfmethods.evaluation", "perfmethods.io", "perfmethods.reporting",
                  "perfmethods.datasets", "perfmethods.findings", "perfmethods.provenance", "perfmethods.errors",
                  "perfmethods.monitoring", "perfmethods.cba", "perfmethods.weighting", "perfmethods.impact",
                  "perfmethods.composite",
                  "perfmethods.efficiency",
                  "perfmethods.model", "perfmethods.i18n", "perfmethods.validation", "perfmethods.results"]


def _public_objects():
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{module_name}.{name}", obj


PUBLIC = sorted(dict(_public_objects()).items())


@pytest.mark.parametrize("qualname,obj", PUBLIC, ids=[q for q, _ in PUBLIC])
def test_public_names_are_documented(qualname, obj):
    doc = inspect.getdoc(obj)
    assert doc and len(doc) > 20, f"{qualname} has no docstring"
    if inspect.isfunction(obj):
        params = [p for p in inspect.signature(obj).parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in ("self", "cls")]
        undocumented = [p.name for p in params if p.name not in doc]
        assert undocumented == [], f"{qualname}: parameters {undocumented} are not described in the docstring"


@pytest.fixture(scope="module")
def results():
    project = load_example("culture_program")
    result = evaluate(project.framework, project.actuals, budget=project.budget, panel=project.panel,
                      survey=project.survey)
    return {
        "EvaluationResult": result,
        "SurveyResult": result.survey,
        "PanelResult": result.panel,
        "ExecutionProgress": execution_progress(project.budget),
    }


@pytest.mark.parametrize("name", ["EvaluationResult", "SurveyResult", "PanelResult", "ExecutionProgress"])
def test_result_types_follow_the_contract(results, name):
    result = results[name]
    assert type(result).__name__ == name
    assert dataclasses.is_dataclass(result) and type(result).__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, dataclasses.fields(result)[0].name, None)
    assert isinstance(result.summary(), pd.DataFrame) and len(result.summary()) > 0
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert result.plot(ax=ax, language=language) is ax
    plt.close(fig)


# ---- the result protocol, on real instances -------------------------------------------------------------


def _is_result_class(cls: type) -> bool:
    return cls is not Result and (cls.__name__.endswith("Result") or issubclass(cls, Result))


#: Every public result class, and every public class with ``estimates()``: {class: first public path}.
CONTRACT_CLASSES: dict[type, str] = {}
for _qualname, _obj in PUBLIC:
    if inspect.isclass(_obj) and (_is_result_class(_obj) or callable(getattr(_obj, "estimates", None))):
        CONTRACT_CLASSES.setdefault(_obj, _qualname)


@functools.cache
def _culture():
    project = load_example("culture_program")
    result = evaluate(project.framework, project.actuals, budget=project.budget, panel=project.panel,
                      survey=project.survey)
    return project, result


@functools.cache
def _science() -> dict[str, pd.DataFrame]:
    return load_science_programme()


@functools.cache
def _appraisal():
    from perfmethods import cba
    from perfmethods.cba.case_file import read_appraisal

    case = read_appraisal(data_root() / "examples" / "environment_project")
    flows = case.real("revised").economic(case.conversion_factors)
    model = cba.NPVModel(flows, case.variables, rate="china_2006")
    return case, model


@functools.cache
def _ahp_matrix() -> pd.DataFrame:
    return pd.DataFrame([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]], index=list("abc"), columns=list("abc"))


@functools.cache
def _portfolio():
    from perfmethods.monitoring import read_portfolio

    return read_portfolio(data_root() / "examples" / "portfolio_monitoring").reports[:4]


def _panel_points():
    project, _ = _culture()
    return project.panel, project.framework.points()


def _data_quality():
    from perfmethods.indicators.quality import check_data
    from perfmethods.io import read_framework_table

    folder = data_root() / "examples" / "indicator_design"
    return check_data(read_framework_table(folder / "final.csv"),
                      pd.read_csv(folder / "actuals.csv", encoding="utf-8-sig"),
                      history=pd.read_csv(folder / "history.csv", encoding="utf-8-sig"), period=2025)


def _monte_carlo():
    from perfmethods import cba

    case, model = _appraisal()
    return cba.monte_carlo(model, case.uncertainty, n_draws=500, seed=0)


def _render():
    from perfmethods.reporting import RenderResult

    out = Path("reports") / "culture_program"
    return RenderResult(output_dir=out, report=out / "report.html", executed_notebook=out / "executed.ipynb",
                        manifest_path=out / "manifest.json",
                        manifest={"name": "culture_program", "options": {"language": "zh"},
                                  "outputs": {"report.html": "0" * 64, "executed.ipynb": "1" * 64}},
                        records={"total": 87.5, "grade": "良"})


def _batch():
    from perfmethods.reporting import BatchResult
    from perfmethods.reporting.batch import BATCH_COLUMNS

    out = Path("reports") / "portfolio"
    rows = [
        ["WH-2025-017", "社区文化活动惠民工程", "某市文化和旅游局", "rendered", 96.66, "优", "优先保障", None,
         "WH-2025-017/report.html", 7.1],
        ["MZ-2025-005", "居家社区养老服务", "某市民政局", "failed", None, None, None,
         "file 'actuals.csv', row 25: the actual value of indicator 'A11' is given twice", None, 3.2],
    ]
    return BatchResult(output_dir=out, table=pd.DataFrame(rows, columns=list(BATCH_COLUMNS)),
                       index_html=out / "index.html", index_xlsx=out / "index.xlsx", workers=2, seconds=10.3)


def _two_by_two():
    from perfmethods.impact import did_2x2

    panel = _science()["panel"]
    two = panel[panel["cohort"].isin([0, 2016]) & panel["year"].isin([2015, 2016])].assign(
        funded16=lambda d: d["cohort"] == 2016, post=lambda d: d["year"] == 2016)
    return did_2x2(two, outcome="rd_spending", treated="funded16", post="post", unit="firm_id")


def _synthetic_control():
    from perfmethods.impact import synthetic_control

    regions = _science()["regions"]
    treated = regions.loc[regions["treated_region"], "region"].iloc[0]
    return synthetic_control(regions, unit="region", time="year", outcome="rd_intensity",
                             treated_unit=treated, treatment_time=2016,
                             predictors=["gdp_per_capita", "industry_share", "universities"],
                             n_candidates=20, placebo_candidates=5, placebo_maxfev=50)


def _surrogate():
    from perfmethods.impact.surrogate import surrogate_index, surrogate_table

    panel = _science()["panel"]
    short = ["rd_spending", "patents", "publications"]
    table = surrogate_table(panel, unit="firm_id", time="year", start="application_year", surrogates=short,
                            covariates=["score"], outcome="revenue", horizon=6, surrogate_years=2, keep=["funded"])
    table["funded"] = table["funded"].astype(float)
    rounds = sorted(table["application_year"].unique())
    seen = [r for r in rounds if r + 6 <= int(panel["year"].max())]
    observational = table[table["application_year"].isin(seen[:-1])]
    evaluation = table[table["application_year"] == max(rounds)].drop(columns="revenue")
    return surrogate_index(observational, evaluation, outcome="revenue", surrogates=short, treated="funded",
                           covariates=["score"])


def _value_for_money():
    from perfmethods.impact import value_for_money

    result = _surrogate()
    return value_for_money(result.estimate, result.ci, funding=200.0, unit="万元", benchmark=0.25)


def _surrogate_samples():
    from perfmethods.impact import surrogate_samples

    science = _science()
    panel = science["panel"]
    table = perfmethods.impact.surrogate_table(panel, unit="firm_id", time="year", start="application_year",
                                               surrogates=["rd_spending"], outcome="revenue", horizon=6,
                                               keep=["funded", "score"])
    return surrogate_samples(table, start="application_year", outcome="revenue", horizon=6,
                             last_period=int(panel["year"].max()), running="score",
                             cutoff=float(science["applications"]["cutoff"].iloc[0]), window=10.0)


def _rd_stock():
    from perfmethods.impact import rd_capital_stock

    panel = _science()["panel"]
    deflator = panel.drop_duplicates("year").set_index("year")["deflator"]
    return rd_capital_stock(panel, rd="rd_spending_nominal", unit="firm_id", time="year", deflator=deflator,
                            delta=0.15, growth=0.05)


def _impact(name: str, **kwargs):
    import perfmethods.impact as impact

    science = _science()
    frames = {"panel": science["panel"], "apps": science["applications"], "monthly": science["monthly"],
              "pubs": science["publications"]}
    data = frames[kwargs.pop("data")]
    return getattr(impact, name)(data, **kwargs)


def _weighting(name: str) -> object:
    import perfmethods.weighting as wt

    m = _ahp_matrix()
    x = pd.DataFrame({"a": [1.0, 2, 4, 3], "b": [3.0, 1, 2, 5], "c": [2.0, 2.5, 1, 4]})
    gap = m.copy()
    gap.loc["a", "c"] = gap.loc["c", "a"] = np.nan
    framework = data_root() / "examples" / "weighting" / "programme_framework.csv"
    build = {
        "AHPResult": lambda: wt.ahp(m),
        "CompletionResult": lambda: wt.complete_matrix(gap),
        "GroupResult": lambda: wt.aggregate_judgments({"e1": m, "e2": m.T.rdiv(1).T, "e3": m}),
        "HierarchyResult": lambda: wt.weight_framework(perfmethods.io.read_framework_table(framework)),
        "FuzzyAHPResult": lambda: wt.fuzzy_ahp(wt.fuzzify(m)),
        "SensitivityResult": lambda: wt.perturb_weights(wt.ahp(m), x, draws=50),
    }
    return build[name]()


def _option_decision(case):
    from perfmethods import cba

    options = {k: case.economic(v) for k, v in case.option_flows().items()}
    return cba.decide_options(options, case.variables, case.uncertainty, requested="budget", baseline="stop",
                              optimism=cba.optimism_bias("standard_civil_engineering", mitigation=0.8),
                              n_draws=500, seed=0)


def _ex_ante(case):
    from perfmethods.cba.ex_ante import appraise_ex_ante

    return appraise_ex_ante(case.ex_ante, _option_decision(case), targets=case.targets,
                            funding_need=case.funding_need("budget"), unit=case.unit)


def _cba(name: str) -> object:
    from perfmethods import cba

    case, model = _appraisal()
    flows = case.real("revised").economic(case.conversion_factors)
    comparison = cba.compare_options(case.option_flows(), "china_2006")
    build = {
        "Appraisal": lambda: cba.appraise(flows),
        "OptionComparison": lambda: comparison,
        "OptionDecision": lambda: _option_decision(case),
        "ExAnteAppraisal": lambda: _ex_ante(case),
        "Scenarios": lambda: cba.scenarios(model, case.scenarios),
        "Sensitivity": lambda: cba.one_way_sensitivity(model),
        "SwitchingValues": lambda: cba.switching_values(model),
        "OptimismBias": lambda: cba.optimism_bias("standard_buildings"),
    }
    return build[name]()


def _adjusted():
    from perfmethods.monitoring import AdjustmentLog, evaluate_adjusted

    project, _ = _culture()
    log = AdjustmentLog.from_records([{"project": "x", "item": "C12", "date": "2024-07-01", "reason": "其他",
                                       "approval": "批复", "before": "≥5万人次", "after": "≥4万人次"}])
    return evaluate_adjusted(project.framework, project.actuals, log)


def _objective_and_combined(name: str) -> object:
    import perfmethods.weighting as wt

    x = pd.DataFrame({"a": [1.0, 2, 4, 3], "b": [3.0, 1, 2, 5], "c": [2.0, 2.5, 1, 4]})
    entropy = wt.entropy_weights(x)
    if name == "ObjectiveWeights":
        return entropy
    if name == "CombinedWeights":
        return wt.combine_weights({"ahp": wt.ahp(_ahp_matrix()).weights, "entropy": entropy.weights}, alpha=0.6)
    return wt.revise_and_aggregate(wt.read_judgments(data_root() / "examples" / "weighting" / "expert_judgments.xlsx"))


def _ranking(name: str) -> object:
    import perfmethods.composite as cp

    districts = pd.DataFrame({"生均经费": [1.2, 1.5, 0.9, 1.1], "升学率": [0.8, 0.85, 0.7, 0.9],
                              "班额": [45.0, 50.0, 38.0, 42.0]}, index=["甲区", "乙区", "丙区", "丁区"])
    directions = ["benefit", "benefit", "cost"]
    members = cp.membership_matrix(pd.DataFrame({"优": [2, 1, 4], "良": [6, 5, 4], "中": [2, 4, 2]},
                                                index=["产出数量", "产出质量", "满意度"]))
    build = {
        "TopsisResult": lambda: cp.topsis(districts, [0.4, 0.4, 0.2], directions),
        "GreyRelationalResult": lambda: cp.grey_relational(districts, directions=directions),
        "OutrankingResult": lambda: cp.outranking_matrix(districts, directions=directions),
        "FuzzyEvaluationResult": lambda: cp.fuzzy_comprehensive(
            members, {"产出数量": 0.5, "产出质量": 0.5, "满意度": 1.0, "产出": 0.8, "效益": 0.2},
            parents={"产出数量": "产出", "产出质量": "产出", "满意度": "效益"},
            grade_scores={"优": 95, "良": 85, "中": 75}),
        "PEFAScoreResult": lambda: cp.pefa_indicator_scores({"PI-1": ["B"], "PI-2": ["C", "B", "A"],
                                                             "PI-3": ["D*", "C"]}),
    }
    return build[name]()


def _efficiency(name: str) -> object:
    import perfmethods.efficiency as eff

    # Färe, Grosskopf & Lovell's 11 units, 2 inputs, 1 output (tests/efficiency/data/efficiency_cases.json)
    units = list("ABCDEFGHIJK")
    x = pd.DataFrame({"x1": [5.0, 16, 16, 17, 18, 23, 25, 27, 37, 42, 5],
                      "x2": [13.0, 12, 26, 15, 14, 6, 10, 22, 14, 25, 17]}, index=units)
    y = pd.DataFrame({"y": [12.0, 14, 25, 26, 8, 9, 27, 30, 31, 26, 12]}, index=units)
    panel = pd.concat([x.join(y).assign(year=2023), x.join(y * 1.05).assign(year=2024)]).reset_index(names="unit")
    build = {
        "DEAResult": lambda: eff.dea(x, y, model="bcc", orientation="output"),
        "ScaleEfficiencyResult": lambda: eff.scale_efficiency(x, y),
        "SuperEfficiencyResult": lambda: eff.super_efficiency(x, y, model="bcc"),
        "MalmquistResult": lambda: eff.malmquist(panel, unit="unit", period="year", inputs=["x1", "x2"],
                                                 outputs="y"),
    }
    return build[name]()


def _composite(name: str) -> object:
    from perfmethods import composite

    rng = np.random.default_rng(0)
    data = pd.DataFrame(rng.lognormal(3, 0.6, size=(12, 4)), index=[f"区{k + 1}" for k in range(12)],
                        columns=["入学率", "师生比", "生均成本", "满意度"])
    groups = {"入学率": "产出", "师生比": "产出", "生均成本": "成本", "满意度": "效益"}
    index = composite.CompositeIndex(data, framework=groups, directions={"生均成本": "cost"}).treat() \
        .normalise("minmax", range=(1, 100)).aggregate("geometric")
    choices = {"aggregation": ["arithmetic", "geometric"], "weight_noise": 0.25}
    build = {
        "CompositeIndex": lambda: index,
        "OutlierTreatment": lambda: composite.treat_outliers(data),
        "UncertaintyResult": lambda: composite.uncertainty_analysis(index, draws=200, **choices),
        "SobolResult": lambda: composite.sensitivity_analysis(index, n=64, **choices),
        "UnitFindings": lambda: composite.unit_findings(
            index, composite.uncertainty_analysis(index, draws=200, **choices),
            pd.DataFrame({"efficiency": np.linspace(0.7, 1.0, 12), "saving": np.linspace(30, 0, 12),
                          "malmquist": np.linspace(0.95, 1.05, 12)}, index=data.index)),
    }
    return build[name]()


#: How to build a real instance of each contract class from the bundled examples (by class name).
EXAMPLES: dict[str, Callable[[], object]] = {
    "DataQualityResult": _data_quality,
    "EvaluationResult": lambda: _culture()[1],
    "PanelResult": lambda: _culture()[1].panel,
    "SurveyResult": lambda: _culture()[1].survey,
    "AgreementResult": lambda: perfmethods.evaluation.panel_agreement(*_panel_points()),
    "ICCResult": lambda: perfmethods.evaluation.icc(
        np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6]], dtype=float)),
    "KendallWResult": lambda: perfmethods.evaluation.kendall_w(
        np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6]], dtype=float)),
    "BudgetRecommendation": lambda: _culture()[1].recommendation,
    "CronbachAlpha": lambda: perfmethods.evaluation.cronbach_alpha(
        np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6]], dtype=float)),
    "EvaluatorFlags": lambda: perfmethods.evaluation.flag_evaluators(*_panel_points()),
    "ExecutionProgress": lambda: perfmethods.evaluation.execution_progress(_culture()[0].budget),
    "ReviewResult": lambda: perfmethods.evaluation.review_folder(
        Path(__file__).resolve().parents[1] / "data" / "examples" / "review_batch", progress=False
    ),
    "TargetProposal": lambda: perfmethods.indicators.propose_target(basis="history", history=[50, 52, 55],
                                                                    direction="≥", unit="场"),
    "RenderResult": _render,
    "BatchResult": _batch,
    **{name: functools.partial(_cba, name) for name in ("Appraisal", "OptionComparison", "OptionDecision",
                                                         "ExAnteAppraisal", "Scenarios", "Sensitivity",
                                                         "SwitchingValues", "OptimismBias")},
    "AdjustedEvaluation": _adjusted,
    **{name: functools.partial(_objective_and_combined, name) for name in ("ObjectiveWeights", "CombinedWeights",
                                                                            "RevisedGroupResult")},
    "MonitoringResult": lambda: perfmethods.monitoring.monitor_portfolio(_portfolio()),
    "OutlookResult": lambda: perfmethods.monitoring.outlook(_portfolio()),
    "IRRResult": lambda: perfmethods.cba.irr([-100, 230, -132]),
    "MonteCarloResult": _monte_carlo,
    "SROIResult": lambda: perfmethods.cba.sroi([{"outcome": "x", "quantity": 1, "proxy": 10}], 5),
    **{name: functools.partial(_weighting, name) for name in ("AHPResult", "CompletionResult", "GroupResult",
                                                              "HierarchyResult", "FuzzyAHPResult",
                                                              "SensitivityResult")},
    **{name: functools.partial(_ranking, name) for name in ("TopsisResult", "GreyRelationalResult", "OutrankingResult",
                                                            "FuzzyEvaluationResult", "PEFAScoreResult")},
    "BibliometricResult": functools.partial(_impact, "mncs", data="pubs", unit="after_funding", share="share",
                                            n_boot=50, seed=0),
    "CallawaySantAnnaResult": functools.partial(_impact, "callaway_santanna", data="panel",
                                                outcome="rd_spending", unit="firm_id", time="year",
                                                cohort="cohort", control="never"),
    "AggregatedEffect": lambda: _impact("callaway_santanna", data="panel", outcome="rd_spending", unit="firm_id",
                                        time="year", cohort="cohort").aggregate("dynamic"),
    "DensityTestResult": functools.partial(_impact, "density_test", data="apps", running="score", cutoff=60.0),
    "SurrogateSamples": _surrogate_samples,
    "DiD2x2Result": _two_by_two,
    "EventStudyResult": functools.partial(_impact, "event_study", data="panel", outcome="rd_spending",
                                          unit="firm_id", time="year", cohort="cohort", leads=3, lags=3),
    "TWFEResult": functools.partial(_impact, "twfe", data="panel", outcome="rd_spending", unit="firm_id",
                                    time="year", treated="treated"),
    "ITSResult": functools.partial(_impact, "its", data="monthly", outcome="applications", time="month",
                                   intervention="2018-01", season_period=12),
    "RDResult": functools.partial(_impact, "rdd", data="apps", outcome="rd_post3", running="score",
                                  cutoff=60.0),
    "RDReturnsResult": functools.partial(_impact, "rd_returns", data="panel", outcome="revenue",
                                         rd="rd_spending", unit="firm_id", time="year", lags=4, degree=2),
    "RDStockResult": _rd_stock,
    **{name: functools.partial(_efficiency, name) for name in ("DEAResult", "ScaleEfficiencyResult",
                                                               "SuperEfficiencyResult", "MalmquistResult")},
    "SurrogateIndexResult": _surrogate,
    "ValueForMoneyResult": _value_for_money,
    "SyntheticControlResult": _synthetic_control,
    **{name: functools.partial(_composite, name) for name in ("CompositeIndex", "OutlierTreatment",
                                                              "UncertaintyResult", "SobolResult",
                                                              "UnitFindings")},
}


def _example(cls: type) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the examples' data-quality and design warnings are not the point
        return EXAMPLES[cls.__name__]()


def _protocol_problems(cls: type) -> list[str]:
    """Every way ``cls`` (and a real instance of it) breaks the result protocol; empty when it follows it."""
    problems = []
    is_result = _is_result_class(cls)
    if is_result:
        if not (dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen):
            problems.append("not a frozen dataclass")
        if not issubclass(cls, Result):
            problems.append("does not subclass perfmethods.results.Result")
        elif "__repr__" in vars(cls):
            problems.append("defines its own __repr__ (declare it @dataclass(frozen=True, repr=False))")
    if cls.__name__ not in EXAMPLES:
        return problems + ["no example instance: add a builder to EXAMPLES in tests/test_contract.py"]
    try:
        result = _example(cls)
    except Exception as exc:  # noqa: BLE001 - reported with the others
        return problems + [f"could not build an example: {type(exc).__name__}: {exc}"]
    if type(result) is not cls:
        problems.append(f"the example builder returned a {type(result).__name__}")
    checks: list[tuple[str, Callable[[], str | None]]] = []
    if is_result:
        checks += [
            ("__repr__", lambda: None if len(repr(result).splitlines()) <= REPR_LINES
             else f"repr has {len(repr(result).splitlines())} lines (at most {REPR_LINES})"),
            ("_repr_html_", lambda: None if isinstance(result._repr_html_(), str)
             else "_repr_html_() does not return a string"),
            ("to_frame", lambda: None if isinstance(result.to_frame(), pd.DataFrame)
             else f"to_frame() returns a {type(result.to_frame()).__name__}, not a DataFrame"),
            ("summary", lambda: None if isinstance(result.summary(), pd.DataFrame)
             else f"summary() returns a {type(result.summary()).__name__}, not a DataFrame"),
            ("to_dict", lambda: json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False) and None),
        ]
    if callable(getattr(result, "estimates", None)):
        checks.append(("estimates", lambda: None if tuple(result.estimates().columns) == ESTIMATE_COLUMNS
                       else f"estimates() has columns {list(result.estimates().columns)}, "
                            f"not {list(ESTIMATE_COLUMNS)}"))
    missing = [name for name, _ in checks if not callable(getattr(result, name, None))]
    if missing:
        problems.append(f"has no {', '.join(m + '()' for m in missing)}")
    checks = [(name, check) for name, check in checks if name not in missing]
    for name, check in checks:
        try:
            problem = check()
        except Exception as exc:  # noqa: BLE001 - reported with the others
            problem = f"{name} raised {type(exc).__name__}: {exc}"
        if problem:
            problems.append(problem)
    return problems


def test_contract_classes_are_found():
    names = {cls.__name__ for cls in CONTRACT_CLASSES}
    assert {"EvaluationResult", "RenderResult", "AHPResult", "DiD2x2Result", "MonteCarloResult"} <= names
    assert Result not in CONTRACT_CLASSES


@pytest.mark.slow  # builds ~30 results from the bundled examples (about 5 s)
def test_every_result_class_follows_the_protocol():
    broken = {CONTRACT_CLASSES[cls]: problems for cls in CONTRACT_CLASSES
              if (problems := _protocol_problems(cls))}
    report = "\n".join(f"  {name}: {'; '.join(problems)}" for name, problems in sorted(broken.items()))
    count = f"{len(broken)} of {len(CONTRACT_CLASSES)}"
    assert not broken, f"{count} result classes break the protocol:\n{report}"


def test_the_protocol_check_catches_a_broken_result():
    @dataclasses.dataclass
    class BrokenResult:  # not frozen, not a Result, no to_frame, summary not a table, to_dict not JSON
        value: float = float("nan")

        def summary(self):
            return [self.value]

        def to_dict(self):
            return {"value": self.value}

    @dataclasses.dataclass(frozen=True, repr=False)
    class GoodResult(Result):
        value: float = 1.0

        def summary(self):
            return pd.DataFrame({"value": [self.value]})

        def estimates(self):
            return pd.DataFrame({"term": ["x"], "estimate": [self.value]})

    EXAMPLES.update(BrokenResult=BrokenResult, GoodResult=GoodResult)
    try:
        broken = _protocol_problems(BrokenResult)
        good = _protocol_problems(GoodResult)
    finally:
        del EXAMPLES["BrokenResult"], EXAMPLES["GoodResult"]
    assert "not a frozen dataclass" in broken
    assert "does not subclass perfmethods.results.Result" in broken
    assert "has no _repr_html_(), to_frame()" in broken
    assert "summary() returns a list, not a DataFrame" in broken
    assert any(p.startswith("to_dict raised ValueError") for p in broken)
    assert good == ["estimates() has columns ['term', 'estimate'], not " + str(list(ESTIMATE_COLUMNS))]
    assert _protocol_problems(type("OrphanResult", (), {}))[-1].startswith("no example instance")


def test_exception_hierarchy():
    assert issubclass(errors.InputError, errors.PerfMethodsError) and issubclass(errors.InputError, ValueError)
    assert issubclass(errors.SchemaError, errors.InputError)
    assert issubclass(errors.ParameterError, errors.InputError)
    assert issubclass(errors.RenderError, errors.PerfMethodsError) and issubclass(errors.RenderError, RuntimeError)
    for warning in (errors.ConsistencyWarning, errors.DataQualityWarning):
        assert issubclass(warning, errors.PerfMethodsWarning) and issubclass(warning, UserWarning)
    e = errors.InputError("the weight must be >= 0", location={"file": "a.csv", "row": 7, "column": "分值"})
    assert str(e) == "file 'a.csv', row 7, column '分值': the weight must be >= 0"
    assert e.location["row"] == 7


def test_version():
    assert perfmethods.__version__.count(".") == 2
