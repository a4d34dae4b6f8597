"""Regenerate the synthetic self-evaluation tables.

Run ``python data/examples/self_evaluation_tables/generate.py``.

Every table here is made up (合成数据, synthetic) for teaching and testing: no real project, unit or person
is described. Each file shows one layout that county and city departments use when they publish a
项目支出绩效自评表 (see README.md in this folder and docs/formats.md, "Layouts of published tables").
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from perfmethods.io.tables import workbook_bytes

HERE = Path(__file__).resolve().parent
Row = Sequence[object]


def grid(
    *,
    year: int,
    project: str,
    department: str,
    unit: str,
    money: str,
    budget: Row,
    header: Row,
    rows: Sequence[Row],
    total: Row,
) -> list[list[object]]:
    """A 附件2-style table: title, year, project, budget block (in ``money``), indicator block, 总分 row."""
    width = 1 + len(header)
    out: list[list[object]] = []

    def add(cells: Row) -> None:
        out.append(list(cells) + [None] * (width - len(cells)))

    add(["项目支出绩效自评表（合成示例数据）"])
    add([f"（{year}年度）"])
    add(["项目名称", project])
    add(["主管部门", department, None, None, None, "实施单位", unit])
    add([f"项目资金（{money}）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    add([None, "年度资金总额", *budget])
    add(["绩效指标", *header])
    level1 = level2 = None
    for row in rows:  # merged 一级 / 二级 cells saved as CSV: written once, blank below
        shown = list(row)
        shown[0] = None if row[0] == level1 else row[0]
        shown[1] = None if row[1] == level2 and row[0] == level1 else row[1]
        level1, level2 = row[0], row[1]
        add([None, *shown])
    add(["总分", *total])
    add(["填表说明：本表为合成示例数据，不描述任何真实项目。"])
    return out


def write_csv(name: str, cells: list[list[object]]) -> None:
    with (HERE / name).open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["" if c is None else c for c in row] for row in cells])


def write_xlsx(name: str, cells: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in cells:
        ws.append(row)
    wb.properties.creator = "perfmethods synthetic example"
    wb.properties.created = datetime.datetime(2025, 1, 1)
    (HERE / name).write_bytes(workbook_bytes(wb))


BUDGET_WAN = (200, 200, 190, 10, "95%", 9.5)


def points_only() -> list[list[object]]:
    """Layout 1: only 分值 and 得分; the target is written in the indicator's name."""
    header = ("一级指标", "二级指标", "三级指标", "分值", "得分")
    rows = [
        ("产出指标", "数量指标", "完成农村公路改造12公里", 15, 15),
        ("产出指标", "质量指标", "项目验收合格率100%", 15, 15),
        ("产出指标", "时效指标", "工程按期完工率100%", 10, 10),
        ("产出指标", "成本指标", "每公里改造成本≤80万元", 10, 10),
        ("效益指标", "社会效益指标", "沿线群众出行时间缩短≥20%", 20, 18),
        ("效益指标", "可持续影响指标", "道路养护责任落实率100%", 10, 10),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度≥90%", 10, 9),
    ]
    total = ("", "", "", 100, 96.5)
    return grid(year=2025, project="某县农村公路提档改造工程", department="某县交通运输局", unit="某县公路事业发展中心",
                money="万元", budget=BUDGET_WAN, header=header, rows=rows, total=total)


def target_in_name() -> list[list[object]]:
    """Layout 2: the target in the name, the actual in its own column, no 指标值 column."""
    header = ("一级指标", "二级指标", "三级指标", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    rows = [
        ("产出指标", "数量指标", "培训基层财务人员≥500人次", "520人次", 20, 20, ""),
        ("产出指标", "质量指标", "培训考核合格率95%", "97%", 15, 15, ""),
        ("产出指标", "时效指标", "培训课程完成率100%", "100%", 15, 15, ""),
        ("产出指标", "成本指标", "人均培训成本≤600元", "580元", 10, 10, ""),
        ("效益指标", "社会效益指标", "学员业务能力提升率≥80%", "76%", 20, 19, "部分学员岗位调整，未参加后测"),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度≥90%", "92%", 10, 10, ""),
    ]
    total = ("", "", "", "", 100, 98.5)
    return grid(year=2025, project="某市基层财务人员能力提升培训", department="某市财政局", unit="某市财政干部教育中心",
                money="万元", budget=BUDGET_WAN, header=header, rows=rows, total=total)


def not_applicable() -> list[list[object]]:
    """Layout 3: rows that do not apply written "/", "—", "无" or left blank."""
    header = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    rows = [
        ("产出指标", "数量指标", "新增托育机构数", "≥3个", "3个", 20, 20, ""),
        ("产出指标", "数量指标", "新增普惠托位数", "≥300个", "330个", 15, 15, ""),
        ("产出指标", "质量指标", "托育机构备案率", "100%", "100%", 15, 15, ""),
        ("产出指标", "时效指标", "项目资金拨付及时率", "/", "/", "/", "/", ""),
        ("产出指标", "成本指标", "单个托位建设补助标准", "≤1万元", "1万元", 10, 10, ""),
        ("效益指标", "社会效益指标", "婴幼儿入托率", "≥10%", "12%", 20, 20, ""),
        ("效益指标", "经济效益指标", "带动社会投资", "—", "—", "—", "—", ""),
        ("效益指标", "生态效益指标", "生态效益", "无", "无", "无", "", ""),
        ("效益指标", "可持续影响指标", "托育服务长效机制", "", "", "", "", "本年度不适用"),
        ("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "95%", 10, 10, ""),
    ]
    total = ("", "", "", "", "", 100, 99.5)
    return grid(year=2025, project="某区普惠托育服务体系建设", department="某区卫生健康局", unit="某区妇幼保健院",
                money="万元", budget=BUDGET_WAN, header=header, rows=rows, total=total)


def direction_glyphs() -> list[list[object]]:
    """Layout 4: a 指标性质 column in the glyphs and words provinces print."""
    header = ("一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "计量单位", "实际完成值", "分值", "得分")
    rows = [
        ("产出指标", "数量指标", "图书馆年接待读者人次", "≧", "5", "万人次", "5.6", 10, 10),
        ("产出指标", "数量指标", "图书外借册次", "＞=", "8", "万册次", "8.4", 10, 10),
        ("产出指标", "数量指标", "公共电子阅览室开放时长", "不低于", "56", "小时/周", "60", 10, 10),
        ("产出指标", "数量指标", "数字资源访问量", "大于等于", "20", "万次", "22", 5, 5),
        ("产出指标", "质量指标", "读者有效投诉次数", "≤", "3", "次", "1", 10, 10),
        ("产出指标", "质量指标", "设备故障停机时长", "≦", "24", "小时", "12", 10, 10),
        ("产出指标", "成本指标", "单位读者服务成本", "不高于", "15", "元", "14.2", 10, 10),
        ("产出指标", "质量指标", "免费开放率", "═", "100", "%", "100", 10, 10),
        ("产出指标", "数量指标", "公益讲座场次", "等于", "24", "场", "24", 5, 5),
        ("效益指标", "社会效益指标", "借阅图书按期归还率", "区间", "90-100", "%", "96", 5, 5),
        ("效益指标", "可持续影响指标", "服务规范化水平", "定性", "明显提升", "", "达成", 5, 5),
    ]
    total = ("", "", "", "", "", "", "", 100, 99.5)
    return grid(year=2025, project="某县公共图书馆免费开放", department="某县文化广电和旅游局", unit="某县图书馆",
                money="万元", budget=BUDGET_WAN, header=header, rows=rows, total=total)


def amounts_in_yuan() -> list[list[object]]:
    """Layout 5: the budget in 元 and the target / actual columns headed with their currency."""
    header = ("一级指标", "二级指标", "三级指标", "年度指标值（万元）", "计量单位", "实际完成值（元）", "分值", "得分")
    rows = [
        ("产出指标", "数量指标", "设备采购数量", "≥20台", "台", "20台", 20, 20),
        ("产出指标", "质量指标", "设备验收合格率", "100", "%", "100", 20, 20),
        ("产出指标", "成本指标", "单台设备采购成本", "≤4.5", "万元", "43000", 20, 20),
        ("效益指标", "经济效益指标", "采购资金节约额", "≥5", "万元", "80000", 15, 15),
        ("效益指标", "可持续影响指标", "设备使用率", "≥90%", "%", "92%", 15, 15),
    ]
    total = ("", "", "", "", "", "", 100, 99.5)
    budget = (2_000_000, 2_000_000, 1_900_000, 10, "95%", 9.5)
    return grid(year=2025, project="某县乡镇卫生院医疗设备购置", department="某县卫生健康局", unit="某县医疗集团",
                money="元", budget=budget, header=header, rows=rows, total=total)


def date_targets() -> list[list[object]]:
    """Layout 6: deadlines as targets, completion dates as actual values."""
    header = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    rows = [
        ("产出指标", "数量指标", "改造校舍面积", "≥5000平方米", "5200平方米", 30, 30, ""),
        ("产出指标", "时效指标", "竣工验收时间", "2025年6月底前完成竣工验收", "2025年5月20日完成", 10, 10, ""),
        ("产出指标", "时效指标", "设备安装调试", "第三季度前完成", "2025年9月15日完成", 10, 10, ""),
        ("产出指标", "时效指标", "项目开工", "按期开工", "按期开工", 10, 10, ""),
        ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "93%", 30, 30, ""),
    ]
    total = ("", "", "", "", "", 100, 99.5)
    return grid(year=2025, project="某县薄弱学校校舍改造", department="某县教育局", unit="某县教育基建服务中心",
                money="万元", budget=BUDGET_WAN, header=header, rows=rows, total=total)


def main() -> None:
    write_csv("01_points_only_target_in_name.csv", points_only())
    write_csv("02_target_in_name_with_actuals.csv", target_in_name())
    write_csv("03_not_applicable_rows.csv", not_applicable())
    write_csv("04_direction_glyphs.csv", direction_glyphs())
    write_xlsx("05_amounts_in_yuan.xlsx", amounts_in_yuan())
    write_csv("06_date_targets.csv", date_targets())


if __name__ == "__main__":
    main()
