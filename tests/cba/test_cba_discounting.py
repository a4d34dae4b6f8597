"""Discount schedules: Green Book STPR (chained), China 2006, EU 2014, custom; timing conventions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.cba import (
    SCHEDULES,
    Schedule,
    discount_factors,
    get_schedule,
    nominal_schedule,
    schedules_table,
)
from perfmethods.errors import InputError


@pytest.mark.reference
def test_green_book_factors_reproduce_reference_case(case):
    """Case 'green_book_stpr_schedule_and_discount_factors' (HM Treasury Green Book 2003 Annex 6 Table 6.1;
    charlescoverdale/greenbook stpr_schedule.csv); factors computed under the chained convention, abs 1e-6."""
    c = case("green_book_stpr_schedule_and_discount_factors")
    expected = c["expected"]["discount_factor_standard"]
    years = [int(y) for y in expected]
    got = discount_factors(years, "green_book")
    np.testing.assert_allclose(got, [expected[str(y)] for y in years], atol=1e-6)
    # the classic bug: 1.03**-50 is not the chained factor
    trap = c["expected"]["naive_trap_year50"]
    assert abs(1.03 ** -50 - trap["wrong_1.03^-50"]) < 1e-6
    assert abs(discount_factors([50], "green_book")[0] - trap["correct_chained"]) < 1e-6
    # greenbook R tests: DF(31) = DF(30)/1.03 and DF(75) = 1/(1.035^30 1.03^45)
    df = discount_factors([30, 31, 75], "green_book")
    assert df[1] == pytest.approx(df[0] / 1.03, rel=1e-12)
    assert df[2] == pytest.approx(1 / (1.035 ** 30 * 1.03 ** 45), rel=1e-12)


@pytest.mark.reference
def test_named_rates_match_reference_cases(case):
    """Cases 'china_social_discount_rate' (《建设项目经济评价方法与参数》第三版, 2006) and
    'eu_cba_guide_2014_parameters' (EU DG REGIO CBA guide 2014; Reg. 480/2014 Art. 19)."""
    cn = case("china_social_discount_rate")["expected"]
    eu = case("eu_cba_guide_2014_parameters")["expected"]
    assert SCHEDULES["china_2006"].rates == (cn["social_discount_rate"],)
    assert SCHEDULES["china_2006_long_term"].rates == (cn["floor_for_permanent_or_very_long_benefit_projects"],)
    assert SCHEDULES["eu_2014_financial"].rates == (eu["financial_discount_rate_real"],)
    assert SCHEDULES["eu_2014_social"].rates == (eu["social_discount_rate_cohesion_countries"],)
    assert SCHEDULES["eu_2014_social_other"].rates == (eu["social_discount_rate_other_member_states"],)
    assert discount_factors([10], "china_2006")[0] == pytest.approx(1.08 ** -10, rel=1e-13)
    assert SCHEDULES["eu_2014_social"].rule.provenance.value == "unverified"


def test_variants_and_table():
    assert SCHEDULES["green_book_health"].rates[0] == 0.015
    assert SCHEDULES["green_book_reduced"].rates[:2] == (0.03, 0.0257)
    tab = schedules_table()
    assert set(tab["schedule"]) == set(SCHEDULES)
    assert tab.loc[tab["schedule"] == "green_book", "to_year"].tolist()[:2] == [30, 75]


def test_mid_year_timing_and_t0():
    end = discount_factors(4, 0.05)
    mid = discount_factors(4, 0.05, timing="mid")
    assert end[0] == mid[0] == 1.0
    np.testing.assert_allclose(mid[1:], 1.05 ** -(np.arange(1, 4) - 0.5))
    # mid-year across a band boundary: year 31 at 30.5 -> DF(30) / 1.03**0.5
    gb = discount_factors([30, 31], "green_book", timing="mid")
    assert gb[1] == pytest.approx(1.035 ** -30 / 1.03 ** 0.5)


def test_custom_schedule_one_rate_per_year():
    s = Schedule.custom([0.10, 0.05, 0.02])
    df = discount_factors(5, s)
    expected = np.cumprod([1, 1 / 1.10, 1 / 1.05, 1 / 1.02, 1 / 1.02])
    np.testing.assert_allclose(df, expected)
    assert s.rate_of_year([0, 1, 2, 3, 9]).tolist() == [0.10, 0.10, 0.05, 0.02, 0.02]


def test_nominal_schedule_is_fisher():
    s = nominal_schedule(0.03, [0.02, 0.05])
    np.testing.assert_allclose(s.rates, [1.03 * 1.02 - 1, 1.03 * 1.05 - 1])


@pytest.mark.parametrize("bad, match", [("green_bok", "unknown schedule name 'green_bok'"),
                                        (-1.0, "greater than -1"), (-2.5, "greater than -1"), (True, "schedule")])
def test_bad_schedules_raise(bad, match):
    with pytest.raises(InputError, match=match):
        discount_factors(3, bad)


def test_bad_inputs_raise():
    with pytest.raises(InputError, match="timing"):
        discount_factors(3, 0.05, timing="start")
    with pytest.raises(InputError, match="years"):
        discount_factors([-1, 2], 0.05)
    with pytest.raises(InputError, match="band starts"):
        Schedule("x", (1, 5), (0.1, 0.2))
    with pytest.raises(InputError, match="greater than -1"):
        Schedule.custom([0.05, -1.2])


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(SCHEDULES)), timing=st.sampled_from(["end", "mid"]),
       n=st.integers(2, 400))
def test_schedule_factors_decrease_and_chain(name, timing, n):
    df = discount_factors(n, name, timing=timing)
    assert df[0] == 1.0
    assert np.all(np.diff(df) < 0)
    if timing == "end":
        # each year discounted at its band's rate and chained
        rates = get_schedule(name).rate_of_year(np.arange(1, n))
        np.testing.assert_allclose(df[1:] / df[:-1], 1 / (1 + rates), rtol=1e-12)


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(rates=st.lists(st.floats(0.0, 0.2), min_size=1, max_size=6), n=st.integers(1, 60))
def test_custom_schedules_are_monotone(rates, n):
    starts = list(range(0, 10 * len(rates), 10))
    df = discount_factors(n, Schedule.custom(rates, starts=starts))
    assert np.all(np.diff(df) <= 0) and np.all(df > 0)


@pytest.mark.parametrize("text, number",
                         [("8%", "0.08"), ("８％", "0.08"), ("0.035", "0.035"), (" 3.5 % ", "0.035")])
def test_rate_written_as_text_is_told_to_be_a_number(text, number):
    with pytest.raises(InputError) as err:
        discount_factors(3, text)
    message = str(err.value)
    assert f"the number {number}" in message and "unknown schedule" not in message
    assert "china_2006" in message and "green_book" in message


def test_unknown_schedule_lists_names_and_the_closest():
    match = r"unknown schedule name 'green_bok'.*did you mean 'green_book'"
    with pytest.raises(InputError, match=match) as err:
        discount_factors(3, "green_bok")
    assert "eu_2014_social" in str(err.value) and "a number" in str(err.value)
