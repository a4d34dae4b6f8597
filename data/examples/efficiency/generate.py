"""Regenerate the synthetic spending-efficiency example (fixed seed): ``python data/examples/efficiency/generate.py``.

Everything here is made up for teaching and testing (see README.md in this folder).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "江宁区", "河口区", "青山区", "白水县", "石门县", "云台县",
             "柳林县", "桃源县", "松岭县", "梅溪县", "安平县", "永和县", "长乐县", "新丰县"]
YEARS = [2022, 2023, 2024]


def panel() -> pd.DataFrame:
    rng = np.random.default_rng(20251202)
    n = len(DISTRICTS)
    size = np.exp(rng.normal(0.0, 0.55, n))  # district size (pupils, in thousands)
    wage = rng.uniform(15.0, 22.0, n)  # 万元 spent per teacher and year
    ratio = rng.uniform(13.0, 18.0, n)  # pupils per teacher at full efficiency
    inefficiency = np.abs(rng.normal(0.0, 0.18, n))
    inefficiency[[0, 4, 9]] = 0.0  # three districts on the frontier in 2022
    rows = []
    for k, year in enumerate(YEARS):
        progress = 1.03 ** k  # 3 % a year more output from the same inputs
        catch_up = np.where(np.arange(n) % 3 == 1, 0.6 ** k, 1.0)  # every third district closes the gap
        u = inefficiency * catch_up + np.abs(rng.normal(0.0, 0.03, n))
        teachers = np.round(size * 1000 / ratio * rng.uniform(0.95, 1.05, n))
        spending = np.round(teachers * wage * rng.uniform(0.97, 1.08, n), 1)
        # decreasing returns to scale: large districts get less per unit of input
        potential = 15.5 * teachers ** 0.45 * (spending / 18.0) ** 0.5 * progress
        pupils = np.round(potential * np.exp(-u))
        passed = np.round(pupils * np.clip(rng.normal(0.9, 0.04, n) * np.exp(-u / 2), 0.6, 0.99))
        for j, name in enumerate(DISTRICTS):
            rows.append({"区县": name, "年度": year, "教育经费支出": spending[j], "专任教师": int(teachers[j]),
                         "在校生": int(pupils[j]), "学业水平合格学生": int(passed[j])})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    panel().to_csv(HERE / "district_education.csv", index=False, encoding="utf-8-sig")
