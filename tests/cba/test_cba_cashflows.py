"""CashFlows: price bases, deflators, conversion factors, appraisal."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perfmethods.cba import CashFlows, appraise, discount_factors, nominal_schedule, npv
from perfmethods.errors import InputError

KINDS = {"capex": "cost", "opex": "cost", "benefit": "benefit"}
CATS = {"capex": "capital", "opex": "operating", "benefit": "benefit:environment"}


def make(base=2024, years=range(2025, 2030)):
    t = pd.DataFrame({"capex": [100, 50, 0, 0, 0], "opex": [0, 5, 5, 5, 5], "benefit": [0, 0, 60, 60, 60]},
                     index=list(years))
    return CashFlows.from_wide(t, kinds=KINDS, categories=CATS, price_base=base, unit="万元")


def test_net_and_appraisal():
    cf = make()
    np.testing.assert_allclose(cf.net().to_numpy(), [-100, -55, 55, 55, 55])
    a = appraise(cf, 0.08)
    assert a.npv == pytest.approx(npv([-100, -55, 55, 55, 55], 0.08))
    assert a.bcr == pytest.approx(a.pv_benefits / a.pv_costs)
    assert a.irr.flag == "unique"
    assert a.payback == pytest.approx(3 + 45 / 55)
    d = a.to_dict()
    json.dumps(d, allow_nan=False)
    assert set(a.summary()["measure"]) >= {"npv", "bcr", "irr", "mirr", "eav", "payback"}
    fig, ax = plt.subplots()
    assert a.plot(ax=ax) is ax and cf.plot(ax=ax, language="en") is ax
    plt.close(fig)
    json.dumps(cf.to_dict(), allow_nan=False)


def test_mixed_price_bases_are_an_error():
    t = pd.DataFrame({"capex": [100.0, 0], "benefit": [0.0, 150]}, index=[2025, 2026])
    cf = CashFlows.from_wide(t, kinds={"capex": "cost", "benefit": "benefit"},
                             price_base={"capex": "nominal", "benefit": 2024})
    with pytest.raises(InputError, match="mix price bases") as err:
        cf.npv(0.05)
    assert "nominal prices: ['capex']" in str(err.value) and "2024 prices: ['benefit']" in str(err.value)
    with pytest.raises(InputError, match="mix price bases"):
        appraise(cf)
    deflator = {2024: 100, 2025: 103, 2026: 106.09}
    real = cf.to_real(2024, deflator)
    assert real.price_base == 2024
    np.testing.assert_allclose(real.amounts.loc["capex"].to_numpy(), [100 / 1.03, 0])
    np.testing.assert_allclose(real.amounts.loc["benefit"].to_numpy(), [0, 150])


def test_conversions_between_bases():
    cf = make(base=2024)
    deflator = pd.Series({2023: 95.0, 2024: 100.0, 2025: 102.0, 2026: 105.0, 2027: 107.0, 2028: 110.0, 2029: 112.0})
    nom = cf.to_nominal(deflator)
    assert nom.price_base == "nominal"
    np.testing.assert_allclose(nom.amounts.loc["capex", 2026], 50 * 1.05)
    back = nom.to_real(2024, deflator)
    np.testing.assert_allclose(back.amounts.to_numpy(), cf.amounts.to_numpy())
    rebased = cf.to_real(2023, deflator)
    np.testing.assert_allclose(rebased.amounts.to_numpy(), cf.amounts.to_numpy() * 0.95)
    with pytest.raises(InputError, match="year 2029"):
        cf.to_nominal({y: 1.0 for y in range(2024, 2029)})


def test_conversion_factors_give_economic_flows():
    cf = make()
    eco = cf.economic({"capital": 0.9, "capex": 0.8, "cost": 0.5})
    assert eco.basis == "economic"
    # flow name wins over category, category over kind
    np.testing.assert_allclose(eco.amounts.loc["capex"].to_numpy(), cf.amounts.loc["capex"].to_numpy() * 0.8)
    np.testing.assert_allclose(eco.amounts.loc["opex"].to_numpy(), cf.amounts.loc["opex"].to_numpy() * 0.5)
    np.testing.assert_allclose(eco.amounts.loc["benefit"].to_numpy(), cf.amounts.loc["benefit"].to_numpy())
    assert appraise(eco).basis == "economic"
    with pytest.raises(InputError, match="conversion factor of 'capex'"):
        cf.economic({"capex": -1})
    with pytest.raises(InputError, match="neither a flow"):
        cf.economic({"labour": 0.6})


def test_long_table_and_missing_years(tmp_path):
    rows = [(2025, "工程建设", "cost", "capital", "2024", 100), (2026, "工程建设", "cost", "capital", "2024", 50),
            (2027, "减排效益", "benefit", "benefit", "2024", 90)]
    t = pd.DataFrame(rows, columns=["年份", "项目", "类型", "类别", "价格基准", "金额"])
    cf = CashFlows.from_long(t)
    np.testing.assert_allclose(cf.net().to_numpy(), [-100, -50, 90])
    gap = t[t["年份"] != 2026]
    with pytest.raises(InputError, match="no row for year 2026"):
        CashFlows.from_long(gap)
    path = tmp_path / "flows.csv"
    t.assign(金额=["100", "x", "90"]).to_csv(path, index=False)
    with pytest.raises(InputError, match="flows.csv', row 3, column '金额'"):
        CashFlows.read_csv(path)
    with pytest.raises(InputError, match="price base 'someday'"):
        CashFlows.from_long(t.assign(价格基准="someday"))
    with pytest.raises(InputError, match="kind 'gain'"):
        CashFlows.from_long(t.assign(类型="gain"))
    wide = pd.DataFrame({"a": [1.0, 2.0]}, index=[2025, 2027])
    with pytest.raises(InputError, match="year 2026 is missing"):
        CashFlows.from_wide(wide, kinds={"a": "cost"}, price_base=2024)
    with pytest.raises(InputError, match="missing amount in year 2025"):
        CashFlows.from_wide(pd.DataFrame({"a": [np.nan, 2.0]}, index=[2025, 2026]), kinds={"a": "cost"},
                            price_base=2024)


def test_shift_and_scale():
    cf = make()
    s = cf.shift("benefit:environment", 2)
    assert s.years[-1] == 2031
    np.testing.assert_allclose(s.amounts.loc["benefit"].to_numpy(), [0, 0, 0, 0, 60, 60, 60])
    np.testing.assert_allclose(cf.scale({"capital": 1.5}).amounts.loc["capex"].to_numpy(), [150, 75, 0, 0, 0])


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(real=arrays(float, st.integers(2, 25), elements=st.floats(-1e4, 1e4, allow_subnormal=False)),
       r=st.floats(0.0, 0.12), infl=st.lists(st.floats(-0.05, 0.15), min_size=24, max_size=24))
def test_real_and_nominal_appraisals_agree(real, r, infl):
    """Real flows at the real rate = nominal flows at the Fisher nominal rates, deflated by the same index."""
    n = real.size
    years = list(range(2030, 2030 + n))
    index = np.cumprod(np.r_[1.0, 1.0 + np.asarray(infl[: n - 1])])
    deflator = dict(zip(years, 100 * index, strict=True))
    cf = CashFlows.from_wide(pd.DataFrame({"x": real}, index=years), kinds={"x": "benefit"}, price_base=2030)
    nominal = cf.to_nominal(deflator)
    sched = nominal_schedule(r, infl[: max(n - 1, 1)])
    assert nominal.npv(sched) == pytest.approx(cf.npv(r), rel=1e-9, abs=1e-6 * (1 + np.abs(real).sum()))
    assert nominal.to_real(2030, deflator).npv(r) == pytest.approx(cf.npv(r), rel=1e-9,
                                                                  abs=1e-6 * (1 + np.abs(real).sum()))
    np.testing.assert_allclose(discount_factors(n, sched), (1 + r) ** -np.arange(n) / index, rtol=1e-10)
