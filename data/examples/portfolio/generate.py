"""Generate the synthetic portfolio of 20 project folders used by ``perfmethods render-batch``.

One department-level batch: every subfolder is a project folder as ``perfmethods.io.read_project`` reads it
(project.yaml, indicators.csv, actuals.csv, budget.csv, evaluator_scores.csv, survey.csv), laid out like
data/examples/culture_program. Project names, departments and the kinds of outputs are written by hand below;
every number (budgets, execution, achievements, panel scores, survey answers) is drawn from one seeded random
generator, so the folders are regenerated exactly with::

    python data/examples/portfolio/generate.py            # or: generate.py OTHER_FOLDER

Some projects are made to raise the report's warnings: spending far below budget, outputs missed, a missing
actual value, no narrative texts, a weak survey.

All data are SYNTHETIC (合成数据). Nothing here describes a real project, unit or person.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import numpy as np
from scipy.stats import norm

HERE = Path(__file__).resolve().parent
SEED = 20260105
YEAR = 2025

# (folder / code, name, department, implementing unit, budget 万元, outputs, effects, cost unit, profile of the year)
# outputs: three (indicator name, unit, target); effects: two (indicator name, unit, target, kind)
# profile: "good" (targets met), "average", "weak" (several targets missed), with flags for the warnings
PROJECTS = [
    ("WH-2025-017", "社区文化活动惠民工程", "某市文化和旅游局", "某市群众艺术馆", 580,
     [("社区文化活动场次", "场", 50), ("参与市民人次", "万人次", 5), ("覆盖社区数", "个", 40)],
     [("街道覆盖率", "%", 85), ("基层文化志愿者人数", "人", 300)], "场", "good", ()),
    ("WH-2025-021", "公共图书馆免费开放", "某市文化和旅游局", "某市图书馆", 320,
     [("年开放时长", "小时", 3600), ("新增馆藏图书", "册", 20000), ("读者活动场次", "场", 120)],
     [("年接待读者人次", "万人次", 60), ("图书外借册次", "万册次", 45)], "场", "good", ()),
    ("JY-2025-003", "义务教育薄弱学校改造", "某市教育局", "某市教育装备中心", 2400,
     [("改造校舍面积", "平方米", 18000), ("更新教学设备", "台套", 1500), ("受益学校数", "所", 24)],
     [("学校办学条件达标率", "%", 95), ("受益学生人数", "人", 16000)], "所", "average", ()),
    ("JY-2025-011", "乡村教师培训计划", "某市教育局", "某市教师发展中心", 450,
     [("培训教师人数", "人", 3000), ("培训课程门数", "门", 60), ("送教下乡场次", "场", 80)],
     [("培训合格率", "%", 95), ("参训教师满意度提升", "%", 10)], "人", "good", ("no_narrative",)),
    ("WS-2025-008", "基层医疗卫生机构能力提升", "某市卫生健康委员会", "某市基层卫生指导中心", 1800,
     [("配置医疗设备", "台", 420), ("培训基层医务人员", "人次", 2500), ("建成标准化村卫生室", "个", 60)],
     [("基层诊疗量占比", "%", 55), ("家庭医生签约人数", "万人", 28)], "个", "average", ("low_execution",)),
    ("WS-2025-014", "老年人健康管理服务", "某市卫生健康委员会", "某市疾病预防控制中心", 260,
     [("65岁以上老年人健康体检人数", "万人", 9), ("建立健康档案份数", "万份", 10), ("健康讲座场次", "场", 200)],
     [("老年人健康管理率", "%", 70), ("慢性病规范管理率", "%", 65)], "万人", "good", ()),
    ("MZ-2025-005", "居家社区养老服务", "某市民政局", "某市养老服务指导中心", 900,
     [("建设社区养老服务站", "个", 30), ("上门服务人次", "万人次", 12), ("培训养老护理员", "人", 600)],
     [("服务覆盖老年人数", "万人", 4), ("失能老人照护服务覆盖率", "%", 80)], "个", "weak", ("missing_actual",)),
    ("MZ-2025-009", "困难群众临时救助", "某市民政局", "某市社会救助服务中心", 1500,
     [("救助人次", "人次", 8000), ("入户核查户数", "户", 5000), ("救助资金发放批次", "批", 12)],
     [("救助对象按时足额发放率", "%", 98), ("救助对象返贫人数", "人", 50)], "人次", "good", ()),
    ("NY-2025-002", "高标准农田建设", "某市农业农村局", "某市农田建设服务中心", 5200,
     [("建成高标准农田面积", "万亩", 3.5), ("新建灌溉渠道", "公里", 120), ("土地平整面积", "万亩", 1.2)],
     [("项目区粮食亩产增幅", "%", 8), ("受益农户数", "户", 12000)], "万亩", "average", ()),
    ("NY-2025-016", "农业科技推广服务", "某市农业农村局", "某市农业技术推广中心", 380,
     [("推广主推技术", "项", 25), ("建设示范基地", "个", 18), ("培训农民", "人次", 5000)],
     [("主推技术到位率", "%", 90), ("示范基地亩均增收", "元", 300)], "个", "weak", ("no_narrative", "weak_survey")),
    ("JT-2025-004", "农村公路养护工程", "某市交通运输局", "某市公路事业发展中心", 3100,
     [("养护农村公路里程", "公里", 860), ("修复危桥", "座", 14), ("增设安全防护设施", "公里", 95)],
     [("农村公路优良中等路率", "%", 85), ("沿线群众出行时间缩短", "%", 15)], "公里", "good", ()),
    ("JT-2025-012", "城市公交优先发展补助", "某市交通运输局", "某市公共交通集团", 4200,
     [("新增和更新新能源公交车", "辆", 150), ("新开和优化公交线路", "条", 20), ("建设公交候车亭", "个", 260)],
     [("公交分担率", "%", 35), ("公交准点率", "%", 92)], "辆", "average", ()),
    ("ST-2025-006", "城市黑臭水体治理", "某市生态环境局", "某市水环境治理中心", 6800,
     [("完成治理水体", "条", 12), ("新建截污管网", "公里", 45), ("建设生态护岸", "公里", 18)],
     [("水体水质达标率", "%", 90), ("周边居民投诉下降", "%", 50)], "条", "weak", ("low_execution",)),
    ("ST-2025-013", "大气污染防治专项", "某市生态环境局", "某市环境监测站", 1100,
     [("淘汰老旧车辆", "辆", 3000), ("完成工业企业深度治理", "家", 45), ("建设空气质量监测站点", "个", 20)],
     [("空气质量优良天数比例", "%", 85), ("细颗粒物浓度下降", "%", 5)], "家", "good", ()),
    ("RS-2025-007", "职业技能提升培训", "某市人力资源和社会保障局", "某市职业技能鉴定中心", 1350,
     [("开展补贴性职业技能培训", "人次", 15000), ("取得职业资格证书", "人", 9000), ("开发培训课程包", "个", 30)],
     [("培训后就业率", "%", 75), ("参训人员平均工资增幅", "%", 8)], "人次", "average", ()),
    ("RS-2025-015", "高校毕业生就业见习补贴", "某市人力资源和社会保障局", "某市就业服务中心", 640,
     [("组织就业见习人数", "人", 2000), ("认定见习基地", "个", 150), ("发放见习补贴人次", "人次", 2000)],
     [("见习期满留用率", "%", 40), ("见习人员就业率", "%", 85)], "人", "good", ("no_narrative",)),
    ("ZJ-2025-010", "老旧小区改造", "某市住房和城乡建设局", "某市城市更新中心", 7600,
     [("改造老旧小区", "个", 55), ("惠及居民户数", "户", 21000), ("加装电梯", "部", 120)],
     [("改造后小区物业管理覆盖率", "%", 90), ("居民改造满意度提升", "%", 20)], "个", "average", ("weak_survey",)),
    ("SL-2025-018", "中小河流治理", "某市水利局", "某市河道管理中心", 4500,
     [("治理河道长度", "公里", 38), ("新建堤防", "公里", 22), ("清淤疏浚", "万立方米", 60)],
     [("防洪标准达标率", "%", 95), ("保护人口", "万人", 15)], "公里", "good", ()),
    ("KJ-2025-019", "科技型中小企业创新扶持", "某市科学技术局", "某市科技创新服务中心", 2000,
     [("支持企业创新项目", "项", 80), ("新增认定高新技术企业", "家", 60), ("建设公共技术服务平台", "个", 6)],
     [("企业研发投入增幅", "%", 15), ("新增发明专利授权", "件", 200)], "项", "weak", ("missing_actual",)),
    ("TY-2025-020", "全民健身设施建设", "某市体育局", "某市体育设施管理中心", 850,
     [("新建社区健身路径", "条", 140), ("建设多功能运动场", "个", 25), ("开展全民健身赛事", "场", 60)],
     [("人均体育场地面积增量", "平方米", 0.1), ("经常参加体育锻炼人数比例", "%", 42)], "个", "good", ()),
]

COMMON = [  # id, level1, level2, level3, points, nature, target, unit, standard, source, computed, rule
    ("A11", "决策", "项目立项", "立项依据充分性", 3, "定性", "充分", "", "计划标准",
     "立项申报材料、年度工作计划", "专家评分",
     "立项依据符合国家和本市相关规划、部门职责，与其他项目无重复：达成 3 分；部分符合 1.8–2.4 分；不符合 0–1.8 分"),
    ("A12", "决策", "项目立项", "立项程序规范性", 2, "定性", "规范", "", "计划标准",
     "立项审批文件、会议纪要", "专家评分",
     "按规定程序申报、审批，事前绩效评估完整：达成 2 分；部分达成 1.2–1.6 分；未达成 0–1.2 分"),
    ("A21", "决策", "绩效目标", "绩效目标合理性", 3, "定性", "合理", "", "计划标准",
     "绩效目标申报表", "专家评分",
     "目标与项目内容、预算相匹配，有明确的产出和效益：达成 3 分；部分达成 1.8–2.4 分；未达成 0–1.8 分"),
    ("A22", "决策", "绩效目标", "绩效指标明确性", 3, "定性", "明确", "", "计划标准",
     "绩效目标申报表", "专家评分",
     "指标细化、量化，可衡量、可考核：达成 3 分；部分达成 1.8–2.4 分；未达成 0–1.8 分"),
    ("A31", "决策", "资金投入", "预算编制科学性", 2, "定性", "科学", "", "计划标准",
     "预算编制说明、成本测算表", "专家评分",
     "预算经过论证，测算依据充分，额度与任务相匹配：达成 2 分；部分达成 1.2–1.6 分；未达成 0–1.2 分"),
    ("A32", "决策", "资金投入", "资金分配合理性", 2, "定性", "合理", "", "计划标准",
     "资金分配方案", "专家评分",
     "资金分配依据充分，与实际需求相适应：达成 2 分；部分达成 1.2–1.6 分；未达成 0–1.2 分"),
    ("B11", "过程", "资金管理", "资金到位率", 3, "≥", "100%", "%", "计划标准",
     "财政拨款凭证", "",
     "资金到位率 = 实际到位资金 / 全年预算资金 × 100%；得分 = 到位率 × 分值"),
    ("B12", "过程", "资金管理", "预算执行率", 4, "≥", "100%", "%", "计划标准",
     "国库集中支付系统", "预算执行率",
     "预算执行率 = 全年执行数 / 全年预算数 × 100%；得分 = 执行率 × 分值，最高为分值"),
    ("B13", "过程", "资金管理", "资金使用合规性", 3, "定性", "合规", "", "计划标准",
     "财务凭证、审计报告", "专家评分",
     "资金使用符合财经法规和专款专用要求，无截留、挤占、挪用：达成 3 分；"
     "发现一般问题 1.8–2.4 分；发现严重问题 0–1.8 分"),
    ("B21", "过程", "组织实施", "管理制度健全性", 2, "定性", "健全", "", "计划标准",
     "项目管理制度文件", "专家评分",
     "有项目管理、财务管理和政府采购制度且合法合规：达成 2 分；部分达成 1.2–1.6 分；未达成 0–1.2 分"),
    ("B22", "过程", "组织实施", "制度执行有效性", 3, "定性", "有效", "", "计划标准",
     "合同、验收资料、档案", "专家评分",
     "合同、验收、档案等按制度执行：达成 3 分；部分达成 1.8–2.4 分；未达成 0–1.8 分"),
]
PANEL = {"A11": 3, "A12": 2, "A21": 3, "A22": 3, "A31": 2, "A32": 2, "B13": 3, "B21": 2, "B22": 3, "D13": 4,
         "D21": 5}
EVALUATORS = [("财政部门", "F1", 0.00), ("财政部门", "F2", -0.02), ("专家", "E1", 0.01), ("专家", "E2", -0.03),
              ("专家", "E3", 0.00), ("主管部门", "D1", 0.07)]
SURVEY_ITEMS = ["服务内容", "服务质量", "便利程度", "总体评价"]
LABELS = ["很满意", "满意", "基本满意", "不太满意", "不满意"]
AREAS = ["城东区", "城西区", "城南区", "城北区", "高新区", "临江县", "青山县"]
# (mean share of the target achieved for outputs, spread, panel share, survey satisfaction shift)
PROFILES = {"good": (1.06, 0.04, 0.92, 0.3), "average": (0.92, 0.06, 0.76, -0.1), "weak": (0.82, 0.08, 0.68, -0.4)}
TIERS = {"good": "达成", "average": "部分达成", "weak": "部分达成"}


#: Units counted in whole numbers (no 27.24 个).
COUNTS = {"场", "个", "所", "人", "人次", "台", "台套", "项", "家", "条", "辆", "座", "部", "批", "户", "门", "件",
          "册"}


def number(value: float, unit: str) -> str:
    """A value as an evaluator writes it: whole numbers for counts, one decimal for a percentage, at most two
    decimals otherwise (trailing zeros dropped)."""
    if unit in COUNTS or abs(value) >= 1000:
        return f"{round(value):d}"
    if unit == "%":
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}".rstrip("0").rstrip(".")


def survey_rows(rng: np.random.Generator, shift: float, n: int) -> list[list[str]]:
    """Answers driven by one latent satisfaction per respondent (loading 0.75), cut at fixed thresholds."""
    z = rng.standard_normal(n) + shift
    latent = 0.75 * z[:, None] + np.sqrt(1 - 0.75**2) * rng.standard_normal((n, len(SURVEY_ITEMS)))
    cuts = norm.ppf([0.02, 0.07, 0.22, 0.60])  # worst → best: shares 2 %, 5 %, 15 %, 38 %, 40 % at shift 0
    level = np.searchsorted(cuts, latent)  # 0 = 不满意 … 4 = 很满意
    answers = np.array(LABELS[::-1])[level]
    skip = rng.random(answers.shape) < 0.015
    areas = rng.choice(AREAS, size=n)
    return [[f"R{i + 1:04d}", str(areas[i])] + ["" if skip[i, j] else str(answers[i, j])
                                                for j in range(len(SURVEY_ITEMS))] for i in range(n)]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def project(rng: np.random.Generator, spec: tuple, root: Path) -> None:
    """Write one project folder ``root/<code>``."""
    code, name, department, unit_name, budget, outputs, effects, cost_unit, quality, flags = spec
    folder = root / code
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    mean, spread, panel_share, survey_shift = PROFILES[quality]
    adjusted = budget if rng.random() < 0.6 else round(budget * (1 - rng.choice([0.03, 0.05])))
    execution = 0.62 if "low_execution" in flags else float(np.clip(rng.normal(0.96, 0.025), 0.85, 1.0))
    executed = round(adjusted * execution, 1)
    rows: list[list[object]] = [list(r) for r in COMMON]
    actual: dict[str, str] = {"B11": "100%"}
    notes: dict[str, str] = {}
    ids = ["C11", "C12", "C13"]
    achieved = []
    for k, (title, u, target) in enumerate(outputs):
        ratio = float(np.clip(rng.normal(mean, spread), 0.6, 1.3))
        achieved.append(float(number(target * ratio, u)))
        points = 10 if k < 2 else 6
        rows.append([ids[k], "产出", "产出数量", title, points, "≥", f"≥{number(target, u)}{u}", u, "计划标准",
                     "项目台账、验收资料", "", "完成值/指标值 × 分值，达到或超过指标值得满分"])
        actual[ids[k]] = f"{number(achieved[k], u)}{u}"
        if ratio < 0.95:
            notes[ids[k]] = "部分任务受进度影响未在年内完成"
    quality_target, timely_target = 95, 90
    quality_actual = float(np.clip(rng.normal(quality_target * mean, 2.0), 80, 100))
    timely_actual = float(np.clip(rng.normal(timely_target * mean, 3.0), 70, 100))
    # the cost indicator is per unit of the output counted in `cost_unit` (the first, else the third output)
    costed = next(k for k, output in enumerate(outputs) if output[1] == cost_unit)
    unit_cost_target = adjusted / outputs[costed][2]
    unit_cost = executed / achieved[costed]
    cost_text = number(unit_cost_target * 1.05, "x")
    rows += [
        ["C21", "产出", "产出质量", "验收合格率", 4, "≥", f"≥{quality_target}%", "%", "行业标准", "第三方验收报告", "",
         "完成值/指标值 × 分值"],
        ["C22", "产出", "产出质量", "安全责任事故发生数", 2, "=", "0起", "起", "计划标准", "安全台账", "",
         "未发生安全责任事故得满分，发生即不得分"],
        ["C31", "产出", "产出时效", "按计划时间完成率", 4, "≥", f"≥{timely_target}%", "%", "计划标准",
         "计划与实际执行对照表", "", "完成值/指标值 × 分值"],
        ["C41", "产出", "产出成本", "单位产出成本", 4, "≤", f"≤{cost_text}万元/{cost_unit}",
         f"万元/{cost_unit}", "历史标准", "项目支出明细", "",
         "不超过指标值得满分；超过的按超出比例扣分，达到指标值 2 倍不得分"],
    ]
    actual.update({"C21": f"{quality_actual:.1f}%", "C22": "0起", "C31": f"{timely_actual:.1f}%",
                   "C41": f"{number(unit_cost, 'x')}万元/{cost_unit}"})
    for k, (title, u, target) in enumerate(effects):
        ratio = float(np.clip(rng.normal(mean, spread), 0.6, 1.3))
        points = 6 if k == 0 else 5
        value = min(target * ratio, 100.0) if u == "%" else target * ratio
        rows.append([f"D1{k + 1}", "效益", "社会效益", title, points, "≥", f"≥{number(target, u)}{u}", u,
                     "计划标准", "统计报表、抽样调查", "", "完成值/指标值 × 分值"])
        actual[f"D1{k + 1}"] = f"{number(value, u)}{u}"
    rows += [
        ["D13", "效益", "社会效益", "服务对象获得感提升情况", 4, "定性", "明显提升", "", "其他标准", "问卷调查、座谈会",
         "专家评分", "结合问卷和座谈判断：明显提升 4 分；有所提升 2.4–3.2 分；无明显变化 0–2.4 分"],
        ["D21", "效益", "可持续影响", "长效管理机制建立情况", 5, "定性", "建立", "", "计划标准", "制度文件、管护协议",
         "专家评分", "建立长效管理机制并落实经费：达成 5 分；部分达成 3–4 分；未达成 0–3 分"],
        ["E11", "满意度", "服务对象满意度", "服务对象满意度", 10, "≥", "≥90%", "%", "其他标准", "满意度问卷调查",
         "满意率", "满意率 = （很满意 + 满意）/ 有效问卷 × 100%；完成值/指标值 × 分值"],
    ]
    actual.update({"D13": "有所提升" if quality != "good" else "明显提升",
                   "D21": "建立" if quality == "good" else "部分建立"})
    if "missing_actual" in flags:
        actual.pop("D12")  # the unit did not report it: the report flags a missing value
    header = ["指标编码", "一级指标", "二级指标", "三级指标", "分值", "指标性质", "年度指标值", "计量单位",
              "评价标准", "数据来源", "计算方式", "评分标准"]
    write_csv(folder / "indicators.csv", header, rows)
    actual_header = ["指标编码", "实际完成值", "定性等级", "等级得分", "复核得分", "复核说明", "偏差原因"]
    write_csv(folder / "actuals.csv", actual_header,
              [[r[0], "" if r[0] in PANEL or r[0] in ("B12", "E11") else actual.get(r[0], ""), "", "", "", "",
                notes.get(r[0], "")] for r in rows])
    # cumulative execution at the end of Q1–Q3: slow in the first quarter, as budgets usually run
    shares = np.sort(np.clip(np.array([0.18, 0.45, 0.72]) + rng.normal(0.0, 0.04, 3), 0.05, 0.95))
    quarters = shares * (execution if "low_execution" not in flags else 0.8) / execution * executed
    write_csv(folder / "budget.csv", ["期间", "月份", "累计执行数"],
              [[q, m, f"{v:.1f}"] for q, m, v in zip(["第一季度", "第二季度", "第三季度", "第四季度"], [3, 6, 9, 12],
                                                     [*quarters, executed], strict=True)])
    scores = []
    for group, evaluator, shift in EVALUATORS:
        for ind, points in PANEL.items():
            share = np.clip(panel_share + shift + rng.normal(0.0, 0.04), 0.0, 1.0)
            scores.append([group, evaluator, ind, f"{np.round(share * points, 1):.1f}"])
    write_csv(folder / "evaluator_scores.csv", ["评价主体", "评价人", "指标编码", "得分"], scores)
    n_respondents = int(rng.integers(180, 360))
    shift = survey_shift - (0.9 if "weak_survey" in flags else 0.0)
    write_csv(folder / "survey.csv", ["受访者编号", "所在区县", *SURVEY_ITEMS], survey_rows(rng, shift, n_respondents))
    goal = "；".join(f"{title}{'不低于' if u != '%' else '达到'} {number(target, u)} {u}"
                    for title, u, target in outputs[:2])
    lines = [
        f"# {name} — a SYNTHETIC example project of the bundled portfolio (合成数据，非真实项目).",
        "# Generated by data/examples/portfolio/generate.py (seeded); for teaching and testing only.",
        "project:",
        f"  name: {name}",
        f"  code: {code}",
        f"  year: {YEAR}",
        f"  department: {department}",
        f"  implementing_unit: {unit_name}",
        "  evaluation_mode: finance",
        "  evaluator: 某市财政局（委托第三方评价机构）",
        f"  overall_goal: {goal}",
        "  profile: central",
        "  currency_unit: 万元",
        "  synthetic: true",
        f"  description: {department} {YEAR} 年度{name}项目，年初预算 {budget} 万元，全年预算 {adjusted} 万元。"
        "（本项目及全部数据均为合成示例，用于培训和测试。）",
        "files:",
        "  indicators: indicators.csv",
        "  actuals: actuals.csv",
        "  budget: budget.csv",
        "  evaluators: evaluator_scores.csv",
        "  survey: survey.csv",
        "budget:",
        f"  original: {budget}",
        f"  adjusted: {adjusted}",
        "evaluators:",
        "  group_weights: {财政部门: 0.4, 专家: 0.4, 主管部门: 0.2}",
        "survey:",
        f"  items: [{', '.join(SURVEY_ITEMS)}]",
    ]
    if "no_narrative" not in flags:
        lines += [
            "narrative:",
            f"  purpose: （合成示例）了解{name} {YEAR} 年度预算资金的使用和绩效目标的实现情况，"
            "为下一年度预算安排提供依据。",
            f"  scope: （合成示例）评价对象为{department} {YEAR} 年度{name}项目，全年预算 {adjusted} 万元。",
            "  process: （合成示例）成立评价组并制定评价方案；收集预算执行和项目台账资料；"
            "开展现场核查和满意度问卷调查；由财政部门、专家和主管部门共 6 名评价人对定性指标独立评分。",
        ]
    (folder / "project.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(root: Path = HERE) -> None:
    """Write the 20 project folders under ``root`` (default: beside this script)."""
    rng = np.random.default_rng(SEED)
    for spec in PROJECTS:
        project(rng, spec, Path(root))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
