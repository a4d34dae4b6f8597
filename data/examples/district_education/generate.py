"""Generate the synthetic district panel of data/examples/district_education (seeded; run from anywhere).

    python data/examples/district_education/generate.py

Sixteen districts and counties of one fictitious city (某市（虚构）), compulsory education (义务教育) 2020–2024:
twenty indicators in five dimensions (保障投入, 管理过程, 产出, 效益, 满意度) and the money, teachers and pupils that
an efficiency analysis (DEA, Malmquist) needs. Every number is SYNTHETIC: drawn from the seeded generator below
around a latent "management quality" per district and a common trend, with the features a composite index must
handle on real statistics:

* urban districts spend more per pupil on buildings but run larger classes; counties have small schools, high
  pupil–teacher spending and weaker test results;
* one district (高新区) reports equipment value per pupil far above the rest (a skewed indicator that the
  JRC outlier rule treats);
* the student satisfaction survey started in 2021 (2020 is missing everywhere) and two counties did not report the
  vision screening rate in 2020 (missing values for the data-availability threshold);
* two districts improve their management over the five years and one slips, so rankings and efficiency change.

Nothing here describes a real place, school or person. The output files are UTF-8 with BOM (Excel on Chinese
Windows opens them with the right characters); regenerating writes them byte for byte again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20241231
YEARS = (2020, 2021, 2022, 2023, 2024)
CITY = "某市（虚构）"

# district, kind, pupils in 2020, latent management quality (−1 … 1), trend of that quality per year
DISTRICTS = [
    ("滨江区", "urban", 62000, 0.55, 0.00),
    ("河东区", "urban", 58000, 0.20, 0.05),
    ("河西区", "urban", 54000, 0.35, 0.00),
    ("城南区", "urban", 47000, -0.10, 0.08),
    ("城北区", "urban", 45000, 0.05, 0.00),
    ("高新区", "urban", 30000, 0.70, 0.00),
    ("经开区", "urban", 26000, 0.30, -0.06),
    ("临港区", "urban", 21000, -0.05, 0.02),
    ("青山县", "county", 18000, -0.35, 0.03),
    ("云溪县", "county", 15000, -0.20, 0.00),
    ("石门县", "county", 13000, -0.55, 0.10),
    ("松林县", "county", 12000, -0.15, 0.00),
    ("白沙县", "county", 11000, -0.45, 0.00),
    ("桃源县", "county", 9500, 0.10, 0.00),
    ("柳河县", "county", 8000, -0.60, 0.02),
    ("金川县", "county", 7000, -0.30, -0.04),
]

# id, dimension, name, direction, unit, weight within its dimension, source of the (synthetic) statistic
INDICATORS = [
    ("E01", "保障投入", "生均一般公共预算教育经费", "benefit", "元/生", 0.25, "教育经费统计"),
    ("E02", "保障投入", "教育支出占一般公共预算支出比重", "benefit", "%", 0.15, "财政决算"),
    ("E03", "保障投入", "生师比", "cost", "学生数/教师数", 0.20, "教育事业统计"),
    ("E04", "保障投入", "本科及以上学历专任教师占比", "benefit", "%", 0.15, "教育事业统计"),
    ("E05", "保障投入", "生均校舍建筑面积", "benefit", "平方米/生", 0.10, "教育事业统计"),
    ("E06", "保障投入", "生均教学仪器设备值", "benefit", "元/生", 0.15, "教育事业统计"),
    ("E07", "管理过程", "教育预算执行率", "benefit", "%", 0.30, "财政决算"),
    ("E08", "管理过程", "56人及以上大班额比例", "cost", "%", 0.25, "教育事业统计"),
    ("E09", "管理过程", "教师年度培训覆盖率", "benefit", "%", 0.20, "教育部门报送"),
    ("E10", "管理过程", "学校办学条件标准化达标率", "benefit", "%", 0.25, "教育督导评估"),
    ("E11", "产出", "九年义务教育巩固率", "benefit", "%", 0.30, "教育事业统计"),
    ("E12", "产出", "适龄残疾儿童少年入学率", "benefit", "%", 0.20, "教育事业统计"),
    ("E13", "产出", "随迁子女在公办学校就读比例", "benefit", "%", 0.25, "教育事业统计"),
    ("E14", "产出", "课后服务覆盖率", "benefit", "%", 0.25, "教育部门报送"),
    ("E15", "效益", "学业质量监测合格率", "benefit", "%", 0.35, "义务教育质量监测"),
    ("E16", "效益", "学生体质健康达标率", "benefit", "%", 0.25, "学生体质健康监测"),
    ("E17", "效益", "儿童青少年近视率", "cost", "%", 0.20, "卫生健康部门筛查"),
    ("E18", "效益", "校际均衡差异系数", "cost", "系数", 0.20, "义务教育均衡发展督导"),
    ("E19", "满意度", "家长满意度", "benefit", "%", 0.50, "第三方满意度调查"),
    ("E20", "满意度", "学生满意度", "benefit", "%", 0.50, "第三方满意度调查"),
]

DIMENSIONS = [
    ("保障投入", 0.20),
    ("管理过程", 0.15),
    ("产出", 0.25),
    ("效益", 0.30),
    ("满意度", 0.10),
]


def _clip(x: np.ndarray, low: float, high: float) -> np.ndarray:
    return np.clip(x, low, high)


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    names = [d[0] for d in DISTRICTS]
    urban = np.array([d[1] == "urban" for d in DISTRICTS])
    n_d, n_y = len(DISTRICTS), len(YEARS)
    t = np.arange(n_y)[None, :]
    quality = np.array([d[3] for d in DISTRICTS])[:, None] + np.array([d[4] for d in DISTRICTS])[:, None] * t
    pupils = np.round(
        np.array([d[2] for d in DISTRICTS])[:, None]
        * (1 + np.where(urban, 0.018, -0.012)[:, None]) ** t
        * np.exp(rng.normal(0, 0.01, (n_d, n_y)))
    )

    def noise(scale: float) -> np.ndarray:
        return rng.normal(0, scale, (n_d, n_y))

    u = urban[:, None]
    # money and staff: counties spend more per pupil (small schools), everyone grows about 4 % a year
    per_pupil = (np.where(u, 15500, 17500) * 1.04**t) * np.exp(0.08 * quality + noise(0.04))  # 元/生
    spending = pupils * per_pupil / 1e4  # 万元
    ratio = np.where(u, 15.8, 12.2) - 1.2 * quality + noise(0.5)  # pupils per teacher
    teachers = np.round(pupils / ratio)
    ratio = pupils / teachers
    equipment = (np.where(u, 2600, 1700) * 1.06**t) * np.exp(0.15 * quality + noise(0.10))
    equipment[names.index("高新区")] *= 3.2  # one district far above the rest: a skewed indicator
    values = {
        "E01": per_pupil,
        "E02": _clip(np.where(u, 15.5, 19.0) + 1.2 * quality + noise(0.9), 10, 26),
        "E03": ratio,
        "E04": _clip(np.where(u, 88, 70) + 6 * quality + 1.2 * t + noise(2.0), 50, 99.5),
        "E05": np.where(u, 6.8, 9.5) * np.exp(0.05 * quality + noise(0.05)),
        "E06": equipment,
        "E07": _clip(93 + 4 * quality + noise(2.0), 80, 100),
        "E08": _clip(np.where(u, 9.0, 3.0) * np.exp(-0.6 * quality - 0.25 * t + noise(0.25)), 0, 40),
        "E09": _clip(86 + 8 * quality + 1.5 * t + noise(3.0), 60, 100),
        "E10": _clip(np.where(u, 92, 80) + 8 * quality + 2.0 * t + noise(2.5), 55, 100),
        "E11": _clip(96.5 + 1.8 * quality + 0.25 * t + noise(0.5), 90, 99.9),
        "E12": _clip(93 + 4 * quality + 0.8 * t + noise(1.5), 80, 100),
        "E13": _clip(np.where(u, 86, 93) + 5 * quality + 1.0 * t + noise(2.0), 60, 100),
        "E14": _clip(np.where(u, 76, 60) + 10 * quality + 3.5 * t + noise(4.0), 30, 100),
        "E15": _clip(np.where(u, 90, 82) + 6 * quality + 0.6 * t + noise(1.5), 65, 99.5),
        "E16": _clip(np.where(u, 91, 89) + 3 * quality + 0.4 * t + noise(1.2), 80, 99.5),
        "E17": _clip(np.where(u, 54, 47) - 3 * quality - 0.6 * t + noise(1.8), 30, 70),
        "E18": _clip(np.where(u, 0.38, 0.52) - 0.08 * quality - 0.01 * t + noise(0.03), 0.15, 0.8),
        "E19": _clip(88 + 6 * quality + 0.8 * t + noise(2.0), 70, 99.5),
        "E20": _clip(90 + 5 * quality + 0.5 * t + noise(2.2), 70, 99.5),
    }
    decimals = {"E01": 0, "E03": 2, "E05": 2, "E06": 0, "E18": 3}
    rows = []
    for i, name in enumerate(names):
        for j, year in enumerate(YEARS):
            row: dict[str, object] = {"district": name, "year": year}
            for key, array in values.items():
                row[key] = round(float(array[i, j]), decimals.get(key, 1))
            rows.append(row)
    panel = pd.DataFrame(rows)
    panel.loc[panel["year"] == 2020, "E20"] = np.nan  # the student survey started in 2021
    panel.loc[(panel["year"] == 2020) & panel["district"].isin(["柳河县", "金川县"]), "E17"] = np.nan

    qualified = np.round(pupils * values["E15"] / 100)
    after_school = np.round(pupils * values["E14"] / 100)
    resources = pd.DataFrame({
        "district": np.repeat(names, n_y),
        "year": np.tile(YEARS, n_d),
        "kind": np.repeat(np.where(urban, "市辖区", "县"), n_y),
        "spending": np.round(spending.ravel(), 1),
        "teachers": teachers.ravel().astype(int),
        "pupils": pupils.ravel().astype(int),
        "qualified_pupils": qualified.ravel().astype(int),
        "after_school_pupils": after_school.ravel().astype(int),
    })
    indicators = pd.DataFrame(INDICATORS, columns=["id", "dimension", "name", "direction", "unit", "weight",
                                                   "source"])
    dimensions = pd.DataFrame(DIMENSIONS, columns=["dimension", "weight"])
    return {"indicators": indicators, "dimensions": dimensions, "panel": panel, "resources": resources}


def main() -> None:
    for name, frame in generate().items():
        frame.to_csv(HERE / f"{name}.csv", index=False, encoding="utf-8-sig", lineterminator="\n")


if __name__ == "__main__":
    main()
