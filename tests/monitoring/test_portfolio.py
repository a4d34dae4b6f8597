"""The bundled synthetic portfolio: read, monitored, and exactly what its seeded script generates."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.monitoring import monitor_portfolio, outlook, read_portfolio

FOLDER = data_root() / "examples" / "portfolio_monitoring"


@pytest.fixture(scope="module")
def portfolio():
    return read_portfolio(FOLDER)


def test_bundled_portfolio_reads_and_every_rule_fires(portfolio):
    assert len(portfolio) == 20
    assert all(r.framework is not None for r in portfolio.reports)
    system = monitor_portfolio(portfolio.reports)
    sichuan = monitor_portfolio(portfolio.reports, thresholds="sichuan")
    assert {"green", "yellow", "red"} <= set(system.projects["budget_light"])
    assert {"green", "red"} <= set(sichuan.projects["floor_light"])
    assert {"green", "yellow"} <= set(sichuan.projects["gap_light"])
    assert "blue" in set(system.indicators["light"])
    assert {"确定能", "有可能", "完全不可能"} <= set(system.indicators["likelihood"].dropna())
    assert len(portfolio.adjustments.pending()) == 2
    out = outlook(portfolio.reports, history=portfolio.history)
    assert set(out.table["method"]) == {"drift", "seasonal"}


def test_the_data_are_what_the_seeded_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("gen_portfolio", FOLDER / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = tmp_path
    module.main()
    for name in ("projects", "spending", "indicators", "progress", "adjustments", "history"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (FOLDER / f"{name}.csv").read_bytes(), name


def test_rows_for_unknown_projects_are_named(tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(FOLDER, folder)
    with (folder / "spending.csv").open("a", encoding="utf-8") as fh:
        fh.write("P99,2024Q1,3,1.0\n")
    with pytest.raises(InputError, match="'P99' is not listed") as info:
        read_portfolio(folder)
    assert info.value.location["row"] == 62


def test_missing_table(tmp_path):
    with pytest.raises(InputError, match="missing"):
        read_portfolio(tmp_path)


def test_overview_adds_up_the_project_table(portfolio):
    result = monitor_portfolio(portfolio.reports, month=9)
    o = result.overview()
    p = result.projects
    assert o["n_projects"] == len(p) == 20
    assert o["budget"] == pytest.approx(p["budget"].sum())
    assert o["executed"] == pytest.approx(p["executed_cum"].sum())
    assert o["execution_rate"] == pytest.approx(p["executed_cum"].sum() / p["budget"].sum())
    assert o["time_progress"] == pytest.approx(9 / 12)
    assert o["n_red"] == (p["overall_light"] == "red").sum() > 0
    assert o["n_yellow"] == (p["overall_light"] == "yellow").sum()
    assert o["n_attention"] == len(result.attention()) >= o["n_red"]
    one = monitor_portfolio(portfolio.reports[:1], month=9).overview()
    assert one["n_projects"] == 1 and one["budget"] == pytest.approx(portfolio.reports[0].budget.adjusted)
