"""Contract of perfmethods.cba's result types: each is a frozen dataclass with summary(), a JSON-safe to_dict()
and, where it has one, plot(ax=None, language=...) returning the Axes. (That every public name is documented
with all its parameters is checked for every package by tests/test_contract.py.)"""

from __future__ import annotations

import dataclasses
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from perfmethods import cba
from perfmethods.cba.case_file import read_appraisal
from perfmethods.cba.ex_ante import appraise_ex_ante
from perfmethods.errors import InputError
from perfmethods.results import REPR_LINES, Result


@pytest.fixture(scope="module")
def results():
    from pathlib import Path

    case = read_appraisal(Path(__file__).resolve().parents[2] / "data" / "examples" / "environment_project")
    cf = case.real("revised").economic(case.conversion_factors)
    model = cba.NPVModel(cf, case.variables, rate="china_2006")
    options = case.option_flows()
    cmp = cba.compare_options(options, "china_2006")
    mc = cba.monte_carlo(model, case.uncertainty, n_draws=500, seed=0)
    decision = cba.decide_options({k: case.economic(v) for k, v in options.items()}, case.variables,
                                  case.uncertainty, requested="budget", baseline="stop", n_draws=500, seed=0)
    return [cba.appraise(cf), cba.irr([-100, 230, -132]), cmp, cba.least_cost({"a": [1, 2], "b": [2, 1]}, 0.05),
            cba.cost_effectiveness({"a": ([1.0], 1.0), "b": ([3.0], 2.0)}, 0.05), cba.one_way_sensitivity(model),
            cba.switching_values(model), cba.scenarios(model, case.scenarios), mc,
            cba.optimism_bias("standard_buildings"), cba.sroi([{"outcome": "x", "quantity": 1, "proxy": 10}], 5),
            decision, appraise_ex_ante(case.ex_ante, decision, targets=case.targets,
                                       funding_need=case.funding_need("budget"), unit=case.unit), cf]


def test_result_types_follow_the_contract(results):
    for result in results:
        name = type(result).__name__
        assert dataclasses.is_dataclass(result) and type(result).__dataclass_params__.frozen, name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(result, dataclasses.fields(result)[0].name, None)
        assert isinstance(result.summary(), pd.DataFrame) and len(result.summary()) > 0, name
        json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
        if hasattr(result, "plot"):
            fig, ax = plt.subplots()
            for language in ("zh", "en"):
                assert result.plot(ax=ax, language=language) is ax, name
            with pytest.raises(InputError):
                result.plot(ax=ax, language="fr")
            plt.close(fig)


def test_results_do_not_change_caller_data():
    flows = np.array([-100.0, 50.0, 60.0, 70.0])
    before = flows.copy()
    cba.npv(flows, "green_book")
    cba.irr(flows)
    cba.payback(flows, 0.05)
    np.testing.assert_array_equal(flows, before)
    table = pd.DataFrame({"a": [1.0, 2.0]}, index=[2025, 2026])
    cf = cba.CashFlows.from_wide(table, kinds={"a": "cost"}, price_base=2024)
    cf.scale({"a": 3}).economic({"a": 0.5})
    assert table["a"].tolist() == [1.0, 2.0] and cf.amounts.loc["a"].tolist() == [1.0, 2.0]


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


def test_result_types_follow_the_result_protocol(results):
    for result in results:
        if isinstance(result, cba.CashFlows):  # an input, not a result
            continue
        _check_protocol(result)
