"""Regenerate cashflows.csv and deflator.csv of the synthetic environmental project (no randomness).

    python data/examples/environment_project/generate.py
"""

from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
YEARS = range(2024, 2046)
rows = []


def line(version, flow, kind, category, base, amounts):
    for year, amount in amounts.items():
        rows.append((version, year, flow, kind, category, base, amount))


ops = {y: (60.0 if y == 2026 else 120.0) for y in range(2026, 2046)}
benefit_years = {y: (0.5 if y == 2026 else 1.0) for y in range(2026, 2046)}
for version, years in (("plan", range(2024, 2046)), ("revised", range(2025, 2046))):

    def keep(d, years=years):
        return {y: v for y, v in d.items() if y in years}

    if version == "plan":
        line(version, "工程材料", "cost", "capital", "2023", keep({2024: 1200.0, 2025: 1500.0, 2026: 800.0}))
        line(version, "税费", "cost", "transfer", "2023", keep({2024: 100.0, 2025: 120.0, 2026: 70.0}))
    else:
        # contractor quotes after the material-price rise, in current (nominal) prices
        line(version, "工程材料", "cost", "capital", "nominal", {2025: 2350.0, 2026: 1280.0})
        line(version, "税费", "cost", "transfer", "nominal", {2025: 190.0, 2026: 105.0})
        line(version, "终止清理费用", "cost", "closure", "2023", {2025: 0.0})
    line(version, "人工与机械", "cost", "capital", "2023", keep({2024: 600.0, 2025: 700.0, 2026: 400.0}))
    line(version, "设计与项目管理", "cost", "capital", "2023", keep({2024: 200.0, 2025: 150.0, 2026: 150.0}))
    line(version, "运行维护", "cost", "operating", "2023", keep(ops))
    line(version, "水质改善效益", "benefit", "benefit", "2023", keep({y: 400.0 * f for y, f in benefit_years.items()}))
    line(version, "防洪减灾效益", "benefit", "benefit", "2023", keep({y: 190.0 * f for y, f in benefit_years.items()}))
    line(version, "生态休闲效益", "benefit", "benefit", "2023", keep({y: 110.0 * f for y, f in benefit_years.items()}))
    # the only cash the project takes in: fees of the riverside car parks and boat hire (cash in appraisal.yaml)
    line(version, "停车与游船收费", "benefit", "benefit", "2023", keep({y: 40.0 * f for y, f in benefit_years.items()}))

table = pd.DataFrame(rows, columns=["version", "year", "flow", "kind", "category", "price_base", "amount"])
table.sort_values(["version", "flow", "year"]).to_csv(HERE / "cashflows.csv", index=False, encoding="utf-8-sig")

index = {2023: 100.0, 2024: 101.5, 2025: 103.0, 2026: 105.1}
for y in range(2027, 2046):
    index[y] = round(index[y - 1] * 1.02, 2)
pd.DataFrame({"year": list(index), "price_index": list(index.values())}).to_csv(
    HERE / "deflator.csv", index=False, encoding="utf-8-sig")
