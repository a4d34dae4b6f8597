"""Every notebook in notebooks/ renders; the default report renders as the README promises.

The default report is rendered through the real pipeline (``perfmethods.reporting.render``) on the
bundled synthetic project: in Chinese twice (byte-identical), in English once, and once on a copy of the
project whose name contains ``<script>`` (escaped). Renders with the same parameters come from the session
fixture ``rendered`` (tests/conftest.py), so an area test checking the same notebook does not render it
again. Values recorded by the notebook are checked against the library computed directly, so the report
cannot drift from the methods it presents.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html import unescape
from pathlib import Path

import nbformat
import pytest

from perfmethods.datasets import example_path
from perfmethods.evaluation import evaluate
from perfmethods.io import read_project
from perfmethods.reporting import render

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
ALL_FORMATS = ("html", "docx", "pdf")
#: The outline of 财预〔2020〕10号 附件3 (项目支出绩效评价报告（参考提纲）), as the report prints it.
OUTLINE_ZH = (
    "一、基本情况",
    "（一）项目概况",
    "（二）项目绩效目标",
    "二、绩效评价工作开展情况",
    "（一）绩效评价目的、对象和范围",
    "（二）绩效评价原则、评价指标体系、评价方法、评价标准",
    "（三）绩效评价工作过程",
    "三、综合评价情况及评价结论",
    "四、绩效评价指标分析",
    "（一）项目决策情况",
    "（二）项目过程情况",
    "（三）项目产出情况",
    "（四）项目效益情况",
    "五、主要经验及做法、存在的问题及原因分析",
    "（一）主要经验及做法",
    "（二）存在的问题及原因分析",
    "六、有关建议",
    "七、其他需要说明的问题",
    "附件",
)
APPENDICES_ZH = (
    "附件1：绩效评价指标评分表",
    "附件2：数据质量与指标设置",
    "附件3：评价主体评分情况",
    "附件4：服务对象满意度调查",
    "附件5：报告来源与可复现信息",
)
OUTLINE_EN = (
    "1. Basic information", "(1) Project overview", "(2) Performance objectives",
    "2. How the evaluation was carried out", "3. Overall assessment and conclusion",
    "4. Analysis by indicator dimension", "(1) Decision", "(2) Process", "(3) Outputs", "(4) Outcomes",
    "5. Main experience and practices; problems and their causes", "6. Recommendations",
    "7. Other matters to explain", "Appendices", "Appendix 1: Indicator score table",
)
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
#: Codes and enum values of the package that must never reach the Chinese report's reader.
ZH_CODES = re.compile(
    r"\b(central|integer_down|integer_nearest|budget_20_80|no_budget_row|nearest|adjusted|original|verified|"
    r"secondary|unverified|True|False|None|nan|NaN|yes)\b"
)


def _visible_text(html: str) -> str:
    """The text a reader sees: no style, scripts, embedded images or tags."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"data:[^\"')]+", " ", html)
    return unescape(re.sub(r"<[^>]+>", "\n", html))


def _assert_in_order(html: str, headings: tuple[str, ...]) -> None:
    found = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", html, flags=re.S)
    texts = [unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in found]
    positions = []
    for heading in headings:
        assert heading in texts, (heading, texts)
        positions.append(texts.index(heading, positions[-1] + 1 if positions else 0))
    assert positions == sorted(positions)
REPORT = ROOT / "notebooks" / "reports" / "project_evaluation.ipynb"
PARAMS = ROOT / "data" / "examples" / "culture_program" / "report.yaml"

pytestmark = pytest.mark.notebooks


def _all_output_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for v in out.get("data", {}).values())
    return "\n".join(parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.get("outputs") or c.get("execution_count")]
    assert dirty == [], f"{path.name}: cells {dirty} have outputs; clear them before committing"
    tags = [set(c.get("metadata", {}).get("tags", [])) for c in nb.cells]
    assert any("parameters" in t for t in tags), f"{path.name} has no cell tagged 'parameters'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebooks_open_with_the_installed_kernel(path: Path) -> None:
    """`make setup` installs the kernel "perfmethods"; a notebook naming "python3" opens JupyterLab on whatever
    interpreter that name points to (issue 14)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '--name perfmethods --display-name "Python (perfmethods)"' in makefile
    spec = nbformat.read(path, as_version=4).metadata.get("kernelspec", {})
    assert spec.get("name") == "perfmethods" and spec.get("display_name") == "Python (perfmethods)", path.name


@pytest.fixture(scope="module")
def zh_renders(rendered, tmp_path_factory: pytest.TempPathFactory):
    # The second render is a fresh one on purpose: it is compared byte for byte with the first.
    first = rendered(REPORT, PARAMS, formats=ALL_FORMATS)
    second = render(REPORT, PARAMS, tmp_path_factory.mktemp("reports") / "second", formats=ALL_FORMATS)
    return first, second


def test_default_report_renders_and_matches_the_library(zh_renders) -> None:
    first, _ = zh_renders
    project = read_project(example_path("culture_program"))
    expected = evaluate(project.framework, project.actuals, budget=project.budget, panel=project.panel,
                        survey=project.survey, profile="central", mode="finance")
    assert first.records["total"] == pytest.approx(expected.total)
    assert first.records["grade"] == expected.grade
    assert first.records["recommendation"] == expected.recommendation.label_zh  # the batch index shows it
    html = first.report.read_text(encoding="utf-8")
    _assert_in_order(html, OUTLINE_ZH + APPENDICES_ZH)
    assert "<title>项目支出绩效评价报告</title>" in html
    assert f"{expected.total:.2f}" in html
    assert "合成示例" in html  # the synthetic-data notice
    assert html.count("data:image/png;base64,") == 4  # levels, budget, panel, survey charts
    assert not re.search(r"""(src|href)=["']https?:""", html)  # offline
    manifest = json.loads(first.manifest_path.read_text(encoding="utf-8"))
    files = manifest["inputs"]["project_dir"]["files"]
    assert {"project.yaml", "indicators.csv", "actuals.csv", "survey.csv"} <= set(files)
    assert manifest["parameters"]["language"] == "zh"


def test_default_report_is_reproducible(zh_renders) -> None:
    first, second = zh_renders
    for name in ("report.html", "manifest.json", "executed.ipynb", "report.docx", "report.pdf"):
        assert (first.output_dir / name).read_bytes() == (second.output_dir / name).read_bytes(), name


def test_word_and_pdf_follow_the_outline(zh_renders) -> None:
    import docx
    from pypdf import PdfReader

    first, _ = zh_renders
    manifest = json.loads(first.manifest_path.read_text(encoding="utf-8"))
    for name in ("report.docx", "report.pdf"):
        data = (first.output_dir / name).read_bytes()
        assert manifest["outputs"][name] == hashlib.sha256(data).hexdigest(), name
    document = docx.Document(str(first.output_dir / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    positions = [headings.index(h) for h in OUTLINE_ZH + APPENDICES_ZH]
    assert positions == sorted(positions)
    assert headings[0] == "项目支出绩效评价报告"
    assert len(document.tables) >= 10 and len(document.inline_shapes) == 4  # tables and the four charts
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4

    reader = PdfReader(str(first.output_dir / "report.pdf"))
    text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    compact = re.sub(r"\s+", "", text)
    at = [compact.index(re.sub(r"\s+", "", h)) for h in OUTLINE_ZH[:8]]
    assert at == sorted(at)
    assert "88.36" in compact and "评价等级为“良”" in compact
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = [
        d.get_object()["/FontDescriptor"].get_object()
        for f in fonts.values()
        for d in f.get_object().get("/DescendantFonts", [])
    ]
    assert any("/FontFile3" in fd or "/FontFile2" in fd for fd in embedded)  # the CJK font is embedded
    assert all(fd["/FontName"].startswith("/") and "+" in fd["/FontName"] for fd in embedded)  # as a subset
    assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 1  # A4


def test_default_report_has_no_missing_glyphs(zh_renders) -> None:
    first, _ = zh_renders
    text = _all_output_text(first.executed_notebook)
    assert "Glyph" not in text and "missing from font" not in text
    assert "Traceback" not in text


def test_charts_in_the_word_report_are_at_least_200_dpi(zh_renders) -> None:
    """Charts are drawn at twice the screen resolution (the inline backend's "retina" PNGs), so the Word and PDF
    reports print them sharp (issue 13: at least 200 dpi)."""
    import io

    import docx
    from PIL import Image

    first, _ = zh_renders
    document = docx.Document(first.output_dir / "report.docx")
    shapes = list(document.inline_shapes)
    assert shapes
    for shape in shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = Image.open(io.BytesIO(document.part.related_parts[blip].blob))
        inches = shape.width / 914400
        assert image.width / inches >= 200, (image.width, inches)


def test_the_embedded_font_covers_every_character_of_the_report(zh_renders) -> None:
    """The page reads on a machine with no Chinese font: its own font subset has a glyph for every character it
    shows (checked in headless Chromium on such a machine when this was written; here, on the font itself)."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from perfmethods.reporting.web_font import page_characters

    first, _ = zh_renders
    page = first.report.read_text(encoding="utf-8")
    fonts = re.findall(r"@font-face \{[^}]*url\(data:font/\w+;base64,([A-Za-z0-9+/=]+)\)", page)
    assert len(fonts) == 1
    cmap = TTFont(io.BytesIO(base64.b64decode(fonts[0]))).getBestCmap()
    shown = [ch for ch in page_characters(page) if not ch.isspace()]
    assert len([ch for ch in shown if "\u4e00" <= ch <= "\u9fff"]) > 300  # a real Chinese report
    assert [ch for ch in shown if ord(ch) not in cmap] == []


def test_english_report(rendered) -> None:
    result = rendered(REPORT, PARAMS, overrides={"language": "en"})
    html = result.report.read_text(encoding="utf-8")
    assert '<html lang="en"' in html or "lang=\"en\"" in html
    _assert_in_order(html, OUTLINE_EN)
    assert "<title>Project expenditure performance evaluation report</title>" in html
    assert "Glyph" not in _all_output_text(result.executed_notebook)
    # every Chinese character in the English report is the user's own text (names, targets, reasons)
    users_text = "".join(
        path.read_text(encoding="utf-8-sig") for path in example_path("culture_program").iterdir()
        if path.suffix in (".yaml", ".csv")
    )
    stray = {run for run in CJK_RUN.findall(_visible_text(html)) if run not in users_text}
    assert stray == set(), sorted(stray)
    text = _visible_text(html)
    assert "digest §" not in text and "第一季度" not in text  # quarter names are translated, not the user's text
    for label in ("Q1", "Decision", "Outcomes", "Spent in period (× 10,000 yuan)", "600.00 × 10,000 yuan"):
        assert label in text, label


def test_chinese_report_shows_no_codes_or_internal_references(zh_renders) -> None:
    first, _ = zh_renders
    text = _visible_text(first.report.read_text(encoding="utf-8"))
    assert not ZH_CODES.findall(text), sorted(set(ZH_CODES.findall(text)))
    assert "digest §" not in text and "§" not in text
    assert "财预〔2020〕10号 通行口径" in text  # the scoring profile by its reader's name
    assert "财预〔2020〕10号 附件2（项目支出绩效自评表）" in text  # sources cite the primary documents


def test_user_text_is_escaped(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(example_path("culture_program"), project)
    yaml_path = project / "project.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("name: 文化惠民工程（社区文化活动）", "name: \"<script>alert(1)</script>工程\""),
                         encoding="utf-8")
    result = render(REPORT, {"project_dir": str(project)}, tmp_path / "out")
    html = result.report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;工程" in html


# the course's lessons are rendered, with and without their solutions, by tests/course/test_course_editions.py
OTHER_NOTEBOOKS = [p for p in NOTEBOOKS if p != REPORT and p.parent.name != "course"]


@pytest.mark.parametrize("path", OTHER_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_other_notebook_renders_with_its_defaults(path: Path, rendered) -> None:
    # The default report is covered above; worked examples must run top to bottom with their defaults.
    result = rendered(path)
    text = _all_output_text(result.executed_notebook)
    assert "Glyph" not in text and "Traceback" not in text
