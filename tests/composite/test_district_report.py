"""The district comparison report: rendered with small Monte Carlo sizes, every recorded number checked against the
library computed directly on the same data, and the text a reader sees checked for codes and units."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from perfmethods.composite import (
    CompositeIndex,
    grey_relational,
    read_comparison,
    sensitivity_analysis,
    topsis,
    uncertainty_analysis,
    unit_findings,
)
from perfmethods.datasets import data_root
from perfmethods.efficiency import malmquist, scale_efficiency
from perfmethods.weighting import entropy_weights

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "notebooks" / "reports" / "district_comparison.ipynb"
PARAMS = {"draws": 300, "sobol_n": 64, "seed": 7}

pytestmark = pytest.mark.notebooks


def _visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"data:[^\"')]+", " ", html)
    return unescape(re.sub(r"<[^>]+>", "\n", html))


def _expected(year: int = 2024) -> dict:
    """The report's numbers, computed here from the library with the report's choices."""
    data = read_comparison(data_root() / "examples" / "district_education")
    nominal = {"method": "minmax", "range": (1, 100)}
    index = CompositeIndex(**data.index_inputs(year)).treat().normalise(**nominal).aggregate("arithmetic")
    choices = {"normalisation": [nominal, "fracmax", "rank"], "aggregation": ["arithmetic", "geometric"],
               "exclude": True, "weight_noise": 0.25}
    mc = uncertainty_analysis(index, **choices, draws=PARAMS["draws"], seed=PARAMS["seed"])
    sobol = sensitivity_analysis(index, **choices, n=PARAMS["sobol_n"], seed=PARAMS["seed"]).first_output()
    treated = index.treated.dropna(axis=1)
    dirs = {k: v for k, v in data.directions.items() if k in treated.columns}
    w = entropy_weights(treated, directions=dirs).weights
    inputs, outputs = ["spending", "teachers"], ["pupils", "qualified_pupils"]
    res = data.resources_table(year)
    scale = scale_efficiency(res[inputs], res[outputs], orientation="input")
    prod = malmquist(data.resources[data.resources["year"] <= year], unit="district", period="year", inputs=inputs,
                     outputs=outputs, orientation="input")
    eff = pd.DataFrame({"efficiency": scale.bcc.efficiency, "saving": scale.bcc.improvements["spending"],
                        "scale": scale.scale, "returns_to_scale": scale.returns_to_scale, "peers": scale.bcc.peers}
                       ).join(prod.unit_means()[["malmquist", "efficiency_change", "technical_change"]])
    findings = unit_findings(index, mc, eff)
    return {"index": index, "mc": mc, "sobol": sobol, "findings": findings, "scale": scale, "prod": prod,
            "topsis": topsis(treated, w, dirs), "grey": grey_relational(treated, weights=w, directions=dirs)}


@pytest.fixture(scope="module")
def report(rendered):
    return rendered(REPORT, PARAMS)


@pytest.fixture(scope="module")
def expected() -> dict:
    return _expected()


def test_records_match_the_library(report, expected) -> None:
    rec = report.records
    index, findings = expected["index"], expected["findings"].table
    top = findings.iloc[0]
    assert rec["top_unit"] == top["unit"] == index.scores.idxmax()
    assert rec["top_score"] == pytest.approx(index.scores.max())
    assert rec["top_interval"] == [int(top["rank_low"]), int(top["rank_high"])]
    assert rec["scores"] == pytest.approx({k: float(v) for k, v in index.scores.items()})
    assert rec["ranks"] == {k: int(v) for k, v in index.ranks.items()}
    assert rec["treated"] == ["E06"]  # the skewed indicator the data README describes, and only it
    assert rec["mean_abs_shift"] == pytest.approx(expected["mc"].mean_abs_shift)
    assert rec["n_robust"] == int(findings["robust"].sum())
    sobol = expected["sobol"]
    assert rec["top_factor"] == sobol.loc[sobol["ST"].idxmax(), "factor"]
    ranks = index.ranks.astype(float)
    assert rec["spearman_topsis"] == pytest.approx(spearmanr(ranks, expected["topsis"].rank.loc[ranks.index])[0])
    assert rec["spearman_grey"] == pytest.approx(spearmanr(ranks, expected["grey"].rank.loc[ranks.index])[0])
    assert rec["n_efficient"] == expected["scale"].bcc.n_efficient
    assert rec["mean_malmquist"] == pytest.approx(expected["prod"].mean_malmquist)
    assert rec["suggestions"] == {u: list(s) for u, s in zip(findings["unit"], findings["suggestions"], strict=True)}


def test_report_shows_the_numbers_with_units_and_no_codes(report, expected) -> None:
    html = report.report.read_text(encoding="utf-8")
    text = _visible_text(html)
    top = expected["findings"].table.iloc[0]
    assert f"{top['unit']}（{top['score']:.1f} 分）" in text
    assert f"{expected['mc'].mean_abs_shift:.2f}" in text
    for heading in ("一、基本情况与方法", "二、综合排名", "三、排名稳健性", "四、横向比较：熵权-TOPSIS 与灰色关联分析",
                    "五、支出效率", "六、分区县结论", "附件"):
        assert heading in text, heading
    assert "生均教学仪器设备值”（E06）" in text  # the treated indicator named in the method table
    assert not re.search(r"\b(minmax|fracmax|arithmetic|geometric|weight:|efficiency_change|technical_change|"
                         r"increasing|decreasing|keep_lead|save_inputs|True|False|None|nan|NaN)\b", text)
    assert "Traceback" not in text
    assert html.count("data:image/png;base64,") == 6  # scores, intervals, Sobol, methods, efficiency, Malmquist
    assert "合成示例数据" in text


def test_english_report(rendered) -> None:
    result = rendered(REPORT, {**PARAMS, "language": "en"})
    text = _visible_text(result.report.read_text(encoding="utf-8"))
    assert "A second method — entropy-weighted TOPSIS and grey relational analysis" in text
    assert "Findings by district" in text
    assert "× 10,000 yuan" in text
    assert not re.search(r"[a-z]\.[A-Z]", text)  # sentences of a suggestion are separated by a space


def test_another_year_with_missing_values(rendered) -> None:
    """2020: E20 is missing for every district and E17 for two; the index rescales the weights within the
    dimension, the second method leaves both indicators out, and the Malmquist section says it cannot be computed."""
    result = rendered(REPORT, {**PARAMS, "year": 2020})
    text = _visible_text(result.report.read_text(encoding="utf-8"))
    assert "E17、E20" in text
    assert "评价年度之前只有一年数据" in text
    assert result.records["mean_malmquist"] is None
    index = _expected_index(2020)
    assert result.records["ranks"] == {k: int(v) for k, v in index.ranks.items()}
    assert np.isfinite(list(result.records["scores"].values())).all()


def _expected_index(year: int) -> CompositeIndex:
    data = read_comparison(data_root() / "examples" / "district_education")
    return CompositeIndex(**data.index_inputs(year)).treat().normalise("minmax", range=(1, 100)).aggregate("arithmetic")
