"""Regenerate cashflows.csv of the synthetic 50-year science facility (no randomness).

    python data/examples/science_facility/generate.py
"""

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
years = np.arange(2026, 2076)
t = years - 2026
lines = {
    # flow: (kind, category, amounts by year index)
    "土建工程": ("cost", "capital", np.where(t < 5, [300.0, 500, 500, 400, 200] + [0] * 45, 0.0)),
    "科学装置与设备": ("cost", "capital", np.where(np.isin(t, [2, 3, 4]), 400.0, 0.0)
                     + np.where(np.isin(t, [24, 25]), 300.0, 0.0)),
    "运行人员": ("cost", "operating", np.where(t >= 5, 90.0, np.where(t == 4, 30.0, 0.0))),
    "能源与维护": ("cost", "operating", np.where(t >= 5, 70.0, 0.0)),
    "退役处置": ("cost", "decommissioning", np.where(t == 49, 900.0, 0.0)),
    "用户机时价值": ("benefit", "benefit:users", np.where(t >= 5, np.minimum(120.0 + 20 * (t - 5), 300.0), 0.0)),
    "科研产出": ("benefit", "benefit:research", np.where(t >= 6, np.minimum(60.0 + 15 * (t - 6), 240.0), 0.0)),
    "人才培养": ("benefit", "benefit:training", np.where(t >= 6, 40.0, 0.0)),
    "技术溢出": ("benefit", "benefit:spillovers", np.where(t >= 10, np.minimum(20.0 + 10 * (t - 10), 200.0), 0.0)),
}
rows = [(int(y), flow, kind, cat, "2025", float(a)) for flow, (kind, cat, amounts) in lines.items()
        for y, a in zip(years, amounts, strict=True)]
pd.DataFrame(rows, columns=["year", "flow", "kind", "category", "price_base", "amount"]).to_csv(
    HERE / "cashflows.csv", index=False, encoding="utf-8-sig")
