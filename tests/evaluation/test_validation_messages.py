"""Options of the evaluation core are checked by perfmethods.validation, in its message form."""

from __future__ import annotations

import pandas as pd
import pytest

from perfmethods.datasets import load_example
from perfmethods.errors import InputError
from perfmethods.evaluation import (
    cronbach_alpha,
    evaluate,
    execution_progress,
    icc,
    krippendorff_alpha,
    required_sample_size,
    score_survey,
)
from perfmethods.indicators import lint
from perfmethods.indicators.grades import grade, grade_label
from perfmethods.indicators.targets import propose_target


@pytest.fixture(scope="module")
def project():
    return load_example()


def test_alpha_is_checked_by_check_alpha(project) -> None:
    matrix = [[3, 4, 5], [4, 4, 5], [3, 5, 4]]
    for call, name in ((lambda a: icc(matrix, alpha=a), "icc"),
                       (lambda a: cronbach_alpha(pd.DataFrame(matrix), alpha=a), "cronbach_alpha"),
                       (lambda a: score_survey(project.survey, alpha=a), "score_survey")):
        with pytest.raises(InputError, match=rf"The 'alpha' parameter of {name} must be .*\(0, 0.5\).*got 0.7"):
            call(0.7)
    assert icc(matrix, alpha=0.1).alpha == 0.1


@pytest.mark.parametrize(("call", "pattern"), [
    (lambda: required_sample_size(margin=1.5), "The 'margin' parameter of required_sample_size"),
    (lambda: required_sample_size(confidence=0), "The 'confidence' parameter of required_sample_size"),
    (lambda: required_sample_size(rounding="down"), "The 'rounding' parameter of required_sample_size"),
    (lambda: krippendorff_alpha([[1, 2], [2, 3]], level="ratios"), "The 'level' parameter of krippendorff_alpha"),
    (lambda: propose_target(basis="guess", history=[1, 2], direction="≥"), "The 'basis' parameter of propose_target"),
    (lambda: grade(80, language="zh-CN"), "The 'language' parameter of grade"),
    (lambda: grade_label("优", "fr"), "The 'language' parameter of grade_label"),
])
def test_options_name_parameter_and_function(call, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        call()


def test_plots_and_lint_check_language_and_options(project) -> None:
    result = evaluate(project.framework, project.actuals, budget=project.budget)
    with pytest.raises(InputError, match="The 'language' parameter of plot must be one of 'zh', 'en'"):
        result.plot(language="fr")
    with pytest.raises(InputError, match="The 'basis' parameter of execution_progress"):
        execution_progress(project.budget, basis="planned")
    with pytest.raises(InputError, match="The 'domain' parameter of lint"):
        lint(project.framework, domain="art")


def test_config_settings_are_checked_by_check_number() -> None:
    from perfmethods.indicators.linting import LintConfig
    from perfmethods.indicators.quality import QualityConfig

    with pytest.raises(InputError, match=r"The 'near_duplicate_ratio' parameter of LintConfig .*\(0, 1\]"):
        LintConfig().replace(near_duplicate_ratio=0)
    with pytest.raises(InputError, match="The 'max_leaves_level1' parameter of LintConfig must be an integer"):
        LintConfig().replace(max_leaves_level1=2.5)
    with pytest.raises(InputError, match=r"The 'min_history' parameter of QualityConfig .*\[2, inf\)"):
        QualityConfig().replace(min_history=1)
    with pytest.raises(InputError, match=r"The 'outlier_z' parameter of QualityConfig .*\(0, inf\)"):
        QualityConfig().replace(outlier_z=0)
    assert QualityConfig().replace(low_confidence_share=1).low_confidence_share.value == 1
