"""The comparison folder reader and the findings per unit (perfmethods.composite.comparison_data / district_findings).

The findings are reading rules, not an estimator: they are checked on the bundled data against what its README
plants (the skewed E06 of 高新区, the missing E17/E20 of 2020), on planted cases (a unit made worst in one
dimension gets that dimension as its weakest; a unit below the frontier gets the saving), and by hypothesis
properties of the rules on random data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perfmethods.composite import (
    SUGGESTIONS,
    CompositeIndex,
    read_comparison,
    uncertainty_analysis,
    unit_findings,
)
from perfmethods.datasets import data_root
from perfmethods.errors import InputError

FOLDER = data_root() / "examples" / "district_education"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "district"
    shutil.copytree(FOLDER, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8-sig")


# -- the reader ---------------------------------------------------------------------------------------------------
def test_reads_the_bundled_folder_as_its_readme_describes() -> None:
    data = read_comparison(FOLDER)
    assert data.years == (2020, 2021, 2022, 2023, 2024)
    assert data.table(2024).shape == (16, 20)
    assert data.dimensions.to_dict() == {"保障投入": 0.2, "管理过程": 0.15, "产出": 0.25, "效益": 0.3, "满意度": 0.1}
    assert sorted(k for k, v in data.directions.items() if v < 0) == ["E03", "E08", "E17", "E18"]
    gaps = data.missing().set_index("indicator")
    assert gaps.loc["E17", "n"] == 2 and set(gaps.loc["E17", "units"]) == {"柳河县", "金川县"}
    assert gaps.loc["E20", "n"] == 16 and gaps.loc["E20", "year"] == 2020
    assert data.unreported(2020) == ["E20"] and data.unreported(2024) == []
    inputs = data.index_inputs(2020)
    assert "E20" not in inputs["data"].columns and "E20" not in inputs["weights"]
    assert CompositeIndex(**inputs).normalise().aggregate().scores.notna().all()
    res = data.resources_table(2024)
    assert (res["qualified_pupils"] <= res["pupils"]).all() and res.loc["高新区", "kind"] == "市辖区"


@pytest.mark.parametrize(("file", "old", "new", "where"), [
    ("panel.csv", "滨江区,2024,19211.0", "滨江区,2024,约一万九", ("panel.csv", "row 6", "E01")),
    ("indicators.csv", "E03,保障投入,生师比,cost", "E03,保障投入,生师比,越低越好", ("indicators.csv", "row 4",
                                                                               "direction")),
    ("dimensions.csv", "满意度,0.1", "满意度分,0.1", ("dimensions.csv", "满意度")),
    ("panel.csv", "滨江区,2021", "滨江区,2020", ("panel.csv", "row 3", "appears more than once")),
    ("resources.csv", "滨江区,2024,市辖区", "滨江区,2025,市辖区", ("resources.csv", "row 6", "not in panel.csv")),
    ("resources.csv", "滨江区,2024,市辖区,128711.7", "滨江区,2024,市辖区,-5", ("resources.csv", "row 6", "spending")),
])
def test_bad_input_is_located(folder: Path, file: str, old: str, new: str, where: tuple[str, ...]) -> None:
    _edit(folder / file, old, new)
    with pytest.raises(InputError) as info:
        read_comparison(folder)
    message = str(info.value)
    for part in where:
        assert part in message, (part, message)


def test_missing_table_and_unknown_year(folder: Path) -> None:
    (folder / "dimensions.csv").unlink()
    with pytest.raises(InputError, match="dimensions.csv"):
        read_comparison(folder)
    with pytest.raises(InputError, match="2019"):
        read_comparison(FOLDER).table(2019)


# -- the findings -------------------------------------------------------------------------------------------------
def _index(values: pd.DataFrame) -> CompositeIndex:
    groups = {c: ("投入" if k < 2 else "产出" if k < 4 else "效益") for k, c in enumerate(values.columns)}
    return CompositeIndex(values, framework=groups).normalise("minmax", range=(1, 100)).aggregate()


def _planted() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    values = pd.DataFrame(rng.uniform(40, 60, size=(8, 6)), index=[f"区{k}" for k in range(1, 9)],
                          columns=[f"x{k}" for k in range(1, 7)])
    values.loc["区1"] = 100.0  # best everywhere ...
    values.loc["区1", ["x5", "x6"]] = 0.0  # ... except 效益, where it is the worst
    return values


def test_planted_strong_and_weak_dimensions_and_efficiency() -> None:
    index = _index(_planted())
    mc = uncertainty_analysis(index, aggregation=["arithmetic", "geometric"], draws=300, seed=1)
    eff = pd.DataFrame({"efficiency": [0.8] + [1.0] * 7, "saving": [120.0] + [0.0] * 7,
                        "scale": [0.95] + [1.0] * 7, "returns_to_scale": ["decreasing"] + ["constant"] * 7,
                        "peers": [("区2", "区3")] + [()] * 7, "malmquist": [0.9] + [1.05] * 7,
                        "efficiency_change": [0.95] + [1.0] * 7, "technical_change": [0.947] + [1.05] * 7},
                       index=index.data.index)
    f = unit_findings(index, mc, eff).table.set_index("unit")
    row = f.loc["区1"]
    assert row["strongest"] in ("投入", "产出") and row["strongest_rank"] == 1
    assert row["weakest"] == "效益" and row["weakest_rank"] == 8
    assert {"weak_dimension", "save_inputs", "productivity_decline"} <= set(row["suggestions"])
    assert "scale" not in row["suggestions"]  # scale efficiency 0.95 > pure technical 0.8: not the main loss
    assert row["driver"] == "technical_change"
    assert all("save_inputs" not in s for s in f.drop(index="区1")["suggestions"])
    text = unit_findings(index, mc, eff).sentences("zh", input_unit="万元", first_period=2020, last_period=2024)
    first = text.set_index("unit").loc["区1"]
    assert "短板维度为效益（第 8 位）" in first["finding"]
    assert "对照区2、区3" in first["suggestion"] and "120 万元" in first["suggestion"]
    english = unit_findings(index, mc, eff).sentences("en", input_unit="× 10,000 yuan", first_period=2020,
                                                       last_period=2024)
    assert "weakest 效益 (rank 8)" in english.set_index("unit").loc["区1", "finding"]


def test_robust_rule_and_lead() -> None:
    index = _index(_planted())
    mc = uncertainty_analysis(index, aggregation=["arithmetic", "geometric"], draws=300, seed=1)
    wide = unit_findings(index, mc, robust_width=100).table
    assert wide["robust"].all() and not any("rank_uncertain" in s for s in wide["suggestions"])
    assert [("keep_lead" in s) for s in wide["suggestions"]] == [r <= 3 for r in wide["rank"]]
    strict = unit_findings(index, mc, robust_width=0).table
    assert (strict["robust"] == (strict["rank_low"] == strict["rank_high"])).all()


def test_bad_findings_input_is_located() -> None:
    index = _index(_planted())
    mc = uncertainty_analysis(index, aggregation=["arithmetic", "geometric"], draws=50, seed=1)
    with pytest.raises(InputError, match="区8"):
        unit_findings(index, mc, pd.DataFrame({"efficiency": [1.0] * 7}, index=index.data.index[:7]))
    with pytest.raises(InputError, match="区2"):
        unit_findings(index, mc, pd.DataFrame({"efficiency": [1.0, 1.4] + [1.0] * 6}, index=index.data.index))
    with pytest.raises(InputError, match="saving.*without.*efficiency"):
        unit_findings(index, mc, pd.DataFrame({"saving": [1.0] * 8}, index=index.data.index))
    other = _index(_planted().iloc[:6])
    with pytest.raises(InputError, match="other units"):
        unit_findings(other, mc)


@pytest.mark.property
@given(arrays(float, (7, 6), elements=st.floats(1, 100, allow_nan=False)),
       arrays(float, 7, elements=st.floats(0.5, 1.0)))
def test_properties_of_the_rules(values: np.ndarray, efficiency: np.ndarray) -> None:
    frame = pd.DataFrame(values, index=[f"u{k}" for k in range(7)], columns=[f"x{k}" for k in range(6)])
    if (frame.nunique() < 2).any():
        return
    index = _index(frame)
    mc = uncertainty_analysis(index, aggregation=["arithmetic", "geometric"], draws=40, seed=0)
    eff = pd.DataFrame({"efficiency": efficiency, "saving": 10 * (1 - efficiency)}, index=frame.index)
    f = unit_findings(index, mc, eff).table
    assert (f["rank_low"] <= f["rank_high"]).all()
    assert (f["strongest_rank"] <= f["weakest_rank"]).all()
    assert f["robust"].eq(f["rank_high"] - f["rank_low"] <= 2).all()
    assert list(f["rank"]) == sorted(f["rank"])
    for codes, row in zip(f["suggestions"], f.itertuples(), strict=True):
        assert list(codes) == [c for c in SUGGESTIONS if c in codes]  # in the documented order
        assert ("save_inputs" in codes) == (row.efficiency < 1 - 1e-6 and row.saving > 0)
        assert ("weak_dimension" in codes) == (row.weakest_rank > 7 / 2)


def test_chinese_headers_are_read(folder: Path) -> None:
    _edit(folder / "indicators.csv", "id,dimension,name,direction,unit,weight,source",
          "指标编号,维度,指标名称,指标方向,计量单位,权重,数据来源")
    _edit(folder / "panel.csv", "district,year,", "区县,年度,")
    data = read_comparison(folder)
    assert data.indicators.loc["E03", "direction"] == -1 and data.indicators.loc["E06", "unit"] == "元/生"
    assert data.table(2024).equals(read_comparison(FOLDER).table(2024))
