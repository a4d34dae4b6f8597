"""Tests of perfmethods.impact.logic_model (results chain with indicators and follow-up waves)."""

from __future__ import annotations

import dataclasses
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.impact import STAGES, Element, Indicator, Link, LogicModel, science_programme_logic_model


@pytest.fixture(scope="module")
def model():
    return science_programme_logic_model(2014)


def test_template_is_complete(model):
    assert model.diagnostics["missing_stages"] == []
    assert model.diagnostics["elements_without_indicators"] == []
    assert model.diagnostics["links_without_indicators"] == []
    s = model.summary()
    assert list(dict.fromkeys(s["stage"])) == list(STAGES)  # ordered along the chain


def test_schedule_says_what_is_measured_when(model):
    sched = model.schedule()
    n_rows = sum(len(i.waves) for i in model.indicators)
    assert len(sched) == n_rows
    year10 = sched[sched["wave"] == 10]
    assert set(year10["stage"]) <= {"outcomes", "impacts"}
    assert set(year10["indicator"]) == {"C2", "C3", "M1", "M2"}
    assert (sched["year"] == 2014 + sched["wave"]).all()
    assert sched["wave"].is_monotonic_increasing


def test_round_trip_through_dict(model):
    again = LogicModel.from_dict(model.to_dict())
    assert again.elements == model.elements and again.links == model.links
    assert again.indicators == model.indicators
    json.dumps(model.to_dict(), allow_nan=False, ensure_ascii=False)


def test_validation_errors():
    el = (Element("a", "inputs", "A"), Element("b", "activities", "B"), Element("c", "outputs", "C"))
    ind = (Indicator("i", "a", "I"),)
    base = dict(name="x", start_year=2020, elements=el, indicators=ind)
    with pytest.warns(ConsistencyWarning, match="no element"):
        LogicModel(**base, links=(Link("a", "b"),))
    with pytest.raises(InputError, match="next stage"):
        LogicModel(**base, links=(Link("a", "c"),))
    with pytest.raises(InputError, match="unknown element"):
        LogicModel(**base, links=(Link("a", "z"),))
    with pytest.raises(InputError, match="unknown indicator"):
        LogicModel(**base, links=(Link("a", "b", indicators=("nope",)),))
    with pytest.raises(InputError, match="stage"):
        LogicModel(name="x", start_year=2020, elements=(Element("a", "input", "A"),), indicators=(), links=())
    with pytest.raises(InputError, match="unique"):
        LogicModel(name="x", start_year=2020, elements=el + (Element("a", "inputs", "A2"),), indicators=(), links=())
    with pytest.raises(InputError, match="waves"):
        LogicModel(**{**base, "indicators": (Indicator("i", "a", "I", waves=(3, 1)),)}, links=())
    with pytest.raises(InputError, match="incomplete"):
        LogicModel.from_dict({"name": "x"})


def test_warns_on_impacts_measured_too_early():
    el = tuple(Element(s, s, s) for s in STAGES)
    links = tuple(Link(a, b) for a, b in zip(STAGES[:-1], STAGES[1:], strict=True))
    with pytest.warns(ConsistencyWarning, match="first five years"):
        m = LogicModel(name="x", start_year=2020, elements=el, links=links,
                       indicators=(Indicator("imp", "impacts", "revenue", waves=(1, 2)),))
    assert m.diagnostics["impact_indicators_only_before_year_5"] == ["imp"]


@pytest.mark.property
@settings(max_examples=20, deadline=None)
@given(waves=st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=5, unique=True), min_size=1, max_size=6))
def test_schedule_has_one_row_per_indicator_wave(waves):
    el = tuple(Element(s, s, s) for s in STAGES)
    links = tuple(Link(a, b) for a, b in zip(STAGES[:-1], STAGES[1:], strict=True))
    inds = tuple(Indicator(f"i{k}", "outputs", f"n{k}", waves=tuple(sorted(w))) for k, w in enumerate(waves))
    m = LogicModel(name="x", start_year=2000, elements=el, links=links, indicators=inds)
    sched = m.schedule()
    assert len(sched) == sum(len(w) for w in waves)
    assert sched["year"].min() == 2000 + min(min(w) for w in waves)


def test_contract(model):
    assert type(model).__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.name = "y"
    assert isinstance(model.summary(), pd.DataFrame) and isinstance(model.chain(), pd.DataFrame)
    fig, ax = plt.subplots()
    for lang in ("zh", "en"):
        assert model.plot(ax=ax, language=lang) is ax
    plt.close(fig)
