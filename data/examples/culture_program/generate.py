"""Generate the random parts of the synthetic 文化惠民工程 example (evaluator scores and the survey).

The indicator framework, actual values, budget and quarterly execution (indicators.csv, actuals.csv,
budget.csv, project.yaml) were written by hand to tell a realistic story; this script makes the
evaluator panel's scores and the public survey from fixed seeds, so the files can be regenerated
exactly:  python data/examples/culture_program/generate.py

All data are SYNTHETIC (合成数据). Nothing here describes a real project, unit or person.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 20251231

# Qualitative indicators scored by the panel: id -> (points, true share of points the project "deserves").
PANEL_INDICATORS = {
    "A11": (3, 0.93), "A12": (2, 0.92), "A21": (3, 0.85), "A22": (3, 0.64), "A31": (2, 0.84),
    "A32": (2, 0.88), "B13": (3, 0.92), "B21": (2, 0.90), "B22": (3, 0.72), "D13": (4, 0.68),
    "D21": (4, 0.58),
}
# Evaluators: (group, evaluator id, leniency shift in share points). The spending department's own
# score (主管部门) is more lenient, as self-assessments tend to be.
EVALUATORS = [
    ("财政部门", "F1", 0.00), ("财政部门", "F2", -0.02),
    ("专家", "E1", 0.01), ("专家", "E2", -0.03), ("专家", "E3", 0.00),
    ("主管部门", "D1", 0.08),
]
SURVEY_ITEMS = ["活动内容", "场地设施", "时间安排", "组织服务", "总体评价"]
LABELS = ["很满意", "满意", "基本满意", "不太满意", "不满意"]
# Answer probabilities by item (场地设施 is weaker: two venues were under renovation).
SURVEY_PROBS = {
    "活动内容": [0.44, 0.38, 0.13, 0.04, 0.01],
    "场地设施": [0.28, 0.38, 0.22, 0.09, 0.03],
    "时间安排": [0.36, 0.40, 0.17, 0.05, 0.02],
    "组织服务": [0.42, 0.39, 0.14, 0.04, 0.01],
    "总体评价": [0.38, 0.42, 0.15, 0.04, 0.01],
}
STREETS = [
    "东城街道", "西城街道", "南关街道", "北山街道", "中心街道", "海湾街道",
    "新区街道", "湖滨街道", "桥头街道", "文苑街道", "春柳街道", "长兴街道",
]
AGE_GROUPS = ["18岁以下", "18-34岁", "35-59岁", "60岁及以上"]
N_RESPONDENTS = 420
LOADING = 0.75  # correlation of each item with the respondent's overall satisfaction


def panel_scores(rng: np.random.Generator) -> list[tuple[str, str, str, float]]:
    rows = []
    for group, evaluator, shift in EVALUATORS:
        for ind, (points, share) in PANEL_INDICATORS.items():
            s = np.clip(share + shift + rng.normal(0.0, 0.04), 0.0, 1.0)
            # evaluators score in steps of 0.1 point
            rows.append((group, evaluator, ind, float(np.round(s * points, 1))))
    return rows


def survey(rng: np.random.Generator) -> list[list[str]]:
    """Answers driven by one latent satisfaction per respondent, so that the items hang together.

    Each item's answer is the latent score a·z + sqrt(1 − a²)·e (z the respondent's satisfaction, e the item's
    noise, both standard normal; a = LOADING) cut at the normal quantiles of that item's answer
    probabilities: the marginal shares are SURVEY_PROBS and the items correlate (Cronbach's α ≈ 0.85).
    """
    from scipy.stats import norm

    streets = rng.choice(STREETS[:11], size=N_RESPONDENTS)  # one street had no activity
    ages = rng.choice(AGE_GROUPS, size=N_RESPONDENTS, p=[0.08, 0.27, 0.38, 0.27])
    z = rng.standard_normal(N_RESPONDENTS)
    noise = rng.standard_normal((N_RESPONDENTS, len(SURVEY_ITEMS)))
    latent = LOADING * z[:, None] + np.sqrt(1 - LOADING**2) * noise
    answers = {}
    for j, item in enumerate(SURVEY_ITEMS):
        # cut points from the worst answer up: P(latent < c_k) = cumulative share of the k worst answers
        cum = np.cumsum(SURVEY_PROBS[item][::-1])[:-1]
        level = np.searchsorted(norm.ppf(cum), latent[:, j])  # 0 = worst … 4 = best
        answers[item] = np.array(LABELS[::-1])[level]
    skip = rng.random((N_RESPONDENTS, len(SURVEY_ITEMS))) < 0.015  # item non-response
    out = []
    for i in range(N_RESPONDENTS):
        row = [f"R{i + 1:04d}", str(streets[i]), str(ages[i])]
        row += ["" if skip[i, j] else str(answers[item][i]) for j, item in enumerate(SURVEY_ITEMS)]
        out.append(row)
    return out


def main() -> None:
    rng = np.random.default_rng(SEED)
    with open(HERE / "evaluator_scores.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["评价主体", "评价人", "指标编码", "得分"])
        w.writerows(panel_scores(rng))
    with open(HERE / "survey.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["受访者编号", "所在街道", "年龄段", *SURVEY_ITEMS])
        w.writerows(survey(rng))


if __name__ == "__main__":
    main()
