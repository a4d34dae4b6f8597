"""Contract of perfmethods.weighting's result types: frozen, with summary/to_dict/plot (that the public API is
documented is checked for every package by tests/test_contract.py)."""

from __future__ import annotations

import dataclasses
import json
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import perfmethods.weighting as wt
from perfmethods.datasets import data_root
from perfmethods.errors import InputError, PerfMethodsWarning
from perfmethods.io import read_framework_table
from perfmethods.results import REPR_LINES, Result


def _results() -> dict[str, object]:
    m = pd.DataFrame([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]], index=list("abc"), columns=list("abc"))
    X = pd.DataFrame({"a": [1.0, 2, 4, 3], "b": [3.0, 1, 2, 5], "c": [2.0, 2.5, 1, 4]})
    gap = m.copy()
    gap.loc["a", "c"] = gap.loc["c", "a"] = np.nan
    experts = {"e1": m, "e2": m.T.rdiv(1).T, "e3": m}
    framework = read_framework_table(
        data_root() / "examples" / "weighting" / "programme_framework.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfMethodsWarning)
        return {
            "AHPResult": wt.ahp(m),
            "CompletionResult": wt.complete_matrix(gap),
            "ObjectiveWeights": wt.entropy_weights(X),
            "CombinedWeights": wt.combine_weights([wt.ahp(m), wt.entropy_weights(X)]),
            "GroupResult": wt.aggregate_judgments(experts),
            "HierarchyResult": wt.weight_framework(framework),
            "FuzzyAHPResult": wt.fuzzy_ahp(wt.fuzzify(m)),
            "SensitivityResult": wt.perturb_weights(wt.ahp(m), X.iloc[:, :3], draws=50),
            "Judgments": wt.read_judgments(data_root() / "examples" / "weighting" / "expert_judgments.xlsx"),
        }


RESULTS = _results()


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_result_types_follow_the_contract(name):
    result = RESULTS[name]
    assert type(result).__name__ == name
    assert dataclasses.is_dataclass(result) and type(result).__dataclass_params__.frozen
    summary = result.summary()
    assert isinstance(summary, pd.DataFrame) and len(summary) > 0
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
    if hasattr(result, "plot"):
        fig, ax = plt.subplots()
        for language in ("zh", "en"):
            assert result.plot(ax=ax, language=language) is ax
        plt.close(fig)


def _check_protocol(result: object) -> None:
    """The result protocol of perfmethods.results: a Result with a short repr, HTML, a table and JSON."""
    name = type(result).__name__
    assert isinstance(result, Result), name
    assert not type(result).__dataclass_params__.repr, name  # the dataclass repr would replace the short one
    text = repr(result)
    assert text.startswith(name) and len(text.splitlines()) <= REPR_LINES, name
    for field in type(result)._headline_fields:
        assert f"{field}:" in text or not isinstance(getattr(result, field), (int, float, str)), (name, field)
    assert f"<strong>{name}</strong>" in result._repr_html_(), name
    assert isinstance(result.to_frame(), pd.DataFrame), name
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(set(RESULTS) - {"Judgments"}))  # Judgments is an input
def test_result_types_follow_the_result_protocol(name):
    _check_protocol(RESULTS[name])


def test_batched_ahp_repr_is_short():
    stack = np.stack([np.ones((4, 4))] * 30)
    result = wt.ahp(stack)
    assert len(repr(result).splitlines()) <= REPR_LINES


@pytest.mark.parametrize("name", sorted(set(RESULTS) - {"Judgments"}))
def test_plot_labels_come_from_the_catalogue(name):
    """A weighting plot drawn in English shows catalogue labels and no Chinese text."""
    from perfmethods.i18n import catalogue

    result = RESULTS[name]
    if not hasattr(result, "plot"):
        return
    english = {entry["en"].split(" (")[0] for key, entry in catalogue().items()
               if key.startswith("plot.weighting.")}
    fig, ax = plt.subplots()
    result.plot(ax=ax, language="en")
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    legend = ax.get_legend()
    texts += [t.get_text() for t in legend.get_texts()] if legend is not None else []
    plt.close(fig)
    assert not any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text), texts
    assert any(text.split(" (")[0] in english for text in texts if text), texts
    with pytest.raises(InputError, match="'language' parameter of plot must be one of 'zh', 'en'"):
        result.plot(language="fr")
