"""The spending-efficiency worked example renders through the report pipeline and shows what the library computes."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from perfmethods.datasets import data_root
from perfmethods.efficiency import dea, malmquist, scale_efficiency, super_efficiency

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "examples" / "spending_efficiency.ipynb"
DATA = data_root() / "examples" / "efficiency" / "district_education.csv"
INPUTS, OUTPUTS = ["教育经费支出", "专任教师"], ["在校生", "学业水平合格学生"]

pytestmark = pytest.mark.notebooks


def _text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_spending_efficiency_notebook(rendered):
    result = rendered(NOTEBOOK)
    html = result.report.read_text(encoding="utf-8")
    text = _text(html)
    assert "合成示例数据" in text and "Traceback" not in html
    panel = pd.read_csv(DATA, encoding="utf-8-sig")
    current = panel[panel["年度"] == 2024].set_index("区县")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scale = scale_efficiency(current[INPUTS], current[OUTPUTS])
        top = super_efficiency(current[INPUTS], current[OUTPUTS]).rank.idxmin()
        productivity = malmquist(panel, unit="区县", period="年度", inputs=INPUTS, outputs=OUTPUTS)
        bcc = dea(current[INPUTS], current[OUTPUTS], model="bcc")
    assert result.records["technical_efficiency"] == pytest.approx(scale.ccr.efficiency.to_dict())
    assert result.records["scale_efficiency"] == pytest.approx(scale.scale.to_dict())
    assert result.records["top_super_efficiency"] == top
    assert result.records["mean_malmquist"] == pytest.approx(productivity.mean_malmquist)
    saved = bcc.improvements["教育经费支出"].sum()
    assert result.records["savings_spending"] == pytest.approx(saved)
    assert f"{saved:,.1f} 万元" in text
    assert "2022—2024 年" in text and "2022.0" not in text
    # the reader sees words, not codes
    for code in ("decreasing", "increasing", "constant", "inefficient", "weakly_efficient", "NaN", "nan"):
        assert re.search(rf"\b{code}\b", text) is None, code
    assert html.count("data:image/png;base64,") == 3


def test_spending_efficiency_notebook_in_english(rendered):
    result = rendered(NOTEBOOK, overrides={"language": "en"})
    text = _text(result.report.read_text(encoding="utf-8"))
    assert "Efficiency of education spending" in text and "纯技术效率" not in text
    assert "Decreasing returns to scale" in text and "Education spending (10,000 yuan)" in text
