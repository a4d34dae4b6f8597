"""The efficiency results follow the result protocol and draw their labels from the i18n catalogue."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from efficiency_helpers import case_frames, quiet

from perfmethods.efficiency import (
    INDEX_COLUMNS,
    RETURNS_TO_SCALE,
    STATUSES,
    dea,
    malmquist,
    scale_efficiency,
    super_efficiency,
)
from perfmethods.i18n import catalogue, t
from perfmethods.results import REPR_LINES


def _panel() -> pd.DataFrame:
    x, y = case_frames("fls_radial_dea_julia")
    rng = np.random.default_rng(5)
    later = x.join(y * rng.uniform(0.9, 1.3, (len(y), 1))).assign(year=2024)
    return pd.concat([x.join(y).assign(year=2023), later]).reset_index(names="unit")


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    x, y = case_frames("fls_radial_dea_julia")
    return {
        "dea": quiet(dea, x, y, model="bcc", orientation="output"),
        "scale": quiet(scale_efficiency, x, y),
        "super": quiet(super_efficiency, x, y, model="bcc"),
        "malmquist": quiet(malmquist, _panel(), unit="unit", period="year", inputs=["x1", "x2"], outputs="y"),
    }


@pytest.mark.parametrize("name", ["dea", "scale", "super", "malmquist"])
def test_protocol_and_plots(results, name):
    res = results[name]
    assert len(repr(res).splitlines()) <= REPR_LINES
    assert "<strong>" in res._repr_html_()
    assert isinstance(res.summary(), pd.DataFrame) and len(res.summary()) > 0
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    for language in ("zh", "en"):
        fig, ax = plt.subplots()
        assert res.plot(ax=ax, language=language) is ax
        assert ax.get_title() and ax.get_title() == ax.get_title().strip()
        plt.close(fig)
    fig, ax = plt.subplots()
    res.plot(ax=ax)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ax.get_title())  # zh is the default
    plt.close(fig)


def test_dea_tables_are_indexed_by_unit(results):
    res = results["dea"]
    frame = res.to_frame()
    assert frame.index.name == "unit" and list(frame.index) == list("ABCDEFGHIJK")
    assert {"efficiency", "phi", "rank", "status", "peers", "slack_x1", "target_y"} <= set(frame.columns)
    assert frame.loc["B", "peers"] == "A、D、G"
    assert frame.loc["B", "target_y"] == pytest.approx(14 * 1.507518797, rel=1e-8)
    gaps = res.improvements
    assert (gaps.to_numpy() >= 0).all() and gaps.loc[res.status == "efficient"].to_numpy().max() == 0
    assert gaps.loc["B", "y"] == pytest.approx(14 * (1.507518797 - 1), rel=1e-8)  # output orientation: φy − y
    assert gaps.loc["J", ["x1", "x2"]].tolist() == pytest.approx([5, 11])  # J's input slacks
    record = res.to_dict()
    assert record["lambdas"]["J"] == {"I": pytest.approx(1.0)}
    assert res.rank.tolist()[:3] == [1, 10, 1]


def test_every_code_a_report_shows_has_a_label():
    keys = catalogue()
    codes = [f"efficiency.status.{s}" for s in STATUSES] + [f"efficiency.rts.{r}" for r in RETURNS_TO_SCALE]
    codes += [f"efficiency.col.{c}" for c in (*INDEX_COLUMNS, "efficiency", "phi", "rank", "status", "peers",
                                                "technical", "pure_technical", "scale", "returns_to_scale",
                                                "super_efficiency", "feasible", "periods")]
    missing = [k for k in codes if k not in keys]
    assert missing == []
    assert t("efficiency.rts.increasing", "zh") == "规模报酬递增"


def test_malmquist_summary_is_the_geometric_mean(results):
    res = results["malmquist"]
    table = res.summary()
    assert list(table.columns) == ["base", "comparison", *INDEX_COLUMNS]
    assert list(table.index) == ["2023-2024", "mean"]
    assert table.loc["mean", ["base", "comparison"]].tolist() == [2023, 2024]
    m = res.indices["malmquist"].to_numpy()
    assert table.loc["2023-2024", "malmquist"] == pytest.approx(np.exp(np.log(m).mean()))
    assert res.unit_means().loc["A", "malmquist"] == pytest.approx(m[0])
    assert res.to_frame().index.name == "unit"
    # the inputs did not change, so under constant returns the index is the change in output of each unit
    x, y = case_frames("fls_radial_dea_julia")
    growth = (_panel().query("year == 2024").set_index("unit")["y"] / y["y"]).to_numpy()
    np.testing.assert_allclose(m, growth, rtol=1e-8)


def test_super_efficiency_summary_leaves_infeasible_units_unranked(results):
    table = results["super"].summary()
    assert pd.isna(table.loc["I", "rank"]) and not table.loc["I", "feasible"]
    assert table["rank"].dropna().min() == 1
