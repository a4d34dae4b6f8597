"""Survey respondents counted once (issue 11, deliverable 3): repeated ids refused, copied rows flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from perfmethods.errors import InputError
from perfmethods.evaluation.survey import score_survey
from perfmethods.model.inputs import SurveyResponses

LABELS = ["很满意", "满意", "基本满意", "不太满意", "不满意"]


def _answers(n: int) -> pd.DataFrame:
    return pd.DataFrame({f"Q{j}": [LABELS[(i * (j + 2) + i // 5) % 5] for i in range(n)]
                         for j in range(1, 4)})


def test_repeated_respondent_ids_are_refused() -> None:
    block = _answers(20).assign(respondent=[f"R{i:03d}" for i in range(20)])
    data = pd.concat([block, block, block], ignore_index=True)   # 20 respondents pasted three times
    with pytest.raises(InputError) as err:
        SurveyResponses(data, items=("Q1", "Q2", "Q3"), source="survey.csv")
    text = str(err.value)
    assert "respondent 'R000' answers 3 times (first at row 2)" in text and "40 repeated" in text
    assert err.value.location == {"file": "survey.csv", "row": 22, "column": "respondent"}


def test_unique_respondent_ids_and_blank_ids_pass() -> None:
    data = _answers(6).assign(respondent=["R1", "R2", "", None, "R5", "R6"])
    survey = SurveyResponses(data, items=("Q1", "Q2", "Q3"))
    assert survey.n == 6
    assert "survey_duplicate_rows" not in {f.code for f in score_survey(survey).findings}


def test_copied_rows_without_ids_are_flagged() -> None:
    block = _answers(20)
    result = score_survey(SurveyResponses(pd.concat([block, block, block], ignore_index=True)))
    found = [f for f in result.findings if f.code == "survey_duplicate_rows"]
    assert len(found) == 1 and found[0].severity.value == "warning"
    assert "40 rows repeat" in found[0].message_en and "60 responses" in found[0].message_en
    assert "40 行" in found[0].message_zh


def test_distinct_rows_without_ids_are_not_flagged() -> None:
    result = score_survey(SurveyResponses(_answers(20).drop_duplicates()))
    assert "survey_duplicate_rows" not in {f.code for f in result.findings}


@pytest.mark.parametrize("population", [float("nan"), "many", 0, 2.5])
def test_survey_population_must_be_a_whole_number(population: object) -> None:
    with pytest.raises(InputError, match="'population' parameter of SurveyResponses must be an integer"):
        SurveyResponses(_answers(5), population=population)  # type: ignore[arg-type]


def test_survey_population_as_a_float_from_yaml() -> None:
    assert SurveyResponses(_answers(5), population=50000.0).population == 50000  # type: ignore[arg-type]
