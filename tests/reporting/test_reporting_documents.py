"""Word and PDF copies of a report (reporting/documents.py): same content as the HTML, reproducible bytes."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pandas as pd
import pytest
from pypdf import PdfReader

from perfmethods.errors import InputError
from perfmethods.reporting import bullet_list, callout, heading, key_figures, paragraph, table
from perfmethods.reporting.documents import docx_bytes, pdf_bytes, report_blocks, truetype_subset
from perfmethods.reporting.html import to_html

FIGURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _page() -> str:
    parts = [
        heading("项目支出绩效评价报告", 1),
        heading("一、基本情况", 2),
        paragraph("项目年初预算 600.00 万元。\n第二行"),
        callout("本报告所用数据均为合成示例。", "warning"),
        key_figures({"综合得分": 88.36, "评价等级": "良"}),
        heading("（一）项目概况", 3),
        table(pd.DataFrame({"name": ["参与市民人次", "覆盖社区数"], "points": [8.24, 5.0]}),
              columns={"name": "三级指标", "points": "得分"}, number_formats={"points": ".2f"},
              caption="表 1  评分"),
        bullet_list(["第一条", "第二条"], ordered=True),
        heading("二、绩效评价工作开展情况", 2),
    ]
    body = "".join(to_html(p) for p in parts)
    return (f"<html><head><style>h1 {{color: red}}</style></head><body><main>{body}"
            f'<img alt="图表" src="data:image/png;base64,{FIGURE}"/></main>'
            '<footer class="pm-footer">本报告由 perfmethods 生成</footer></body></html>')


def test_blocks_follow_the_page() -> None:
    blocks = report_blocks(_page())
    assert [b.kind for b in blocks] == ["heading", "heading", "paragraph", "note", "figures", "heading", "table",
                                        "list", "heading", "image", "footer"]
    assert [(b.level, b.text) for b in blocks if b.kind == "heading"] == [
        (1, "项目支出绩效评价报告"), (2, "一、基本情况"), (3, "（一）项目概况"), (2, "二、绩效评价工作开展情况")]
    assert blocks[2].text == "项目年初预算 600.00 万元。\n第二行"
    assert blocks[4].rows == (("综合得分", "评价等级"), ("88.36", "良"))
    assert blocks[6].text == "表 1  评分"
    assert blocks[6].rows == (("三级指标", "得分"), ("参与市民人次", "8.24"), ("覆盖社区数", "5.00"))
    assert blocks[6].numeric == frozenset({1})
    assert blocks[7].items == ("第一条", "第二条") and blocks[7].level == 1
    assert blocks[9].image.startswith(b"\x89PNG")
    assert "color" not in " ".join(b.text for b in blocks)  # styles are not content


def test_empty_html_is_refused() -> None:
    with pytest.raises(InputError, match="'html' parameter of report_blocks"):
        report_blocks("  ")


def test_word_document_has_heading_styles_tables_a4_and_fixed_bytes() -> None:
    blocks = report_blocks(_page())
    data = docx_bytes(blocks, title="报告")
    assert data == docx_bytes(blocks, title="报告")
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    document = docx.Document(io.BytesIO(data))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert styled == [("Title", "项目支出绩效评价报告"), ("Heading 1", "一、基本情况"), ("Heading 2", "（一）项目概况"),
                      ("Heading 1", "二、绩效评价工作开展情况")]
    assert [[c.text for c in row.cells] for row in document.tables[1].rows] == [
        ["三级指标", "得分"], ["参与市民人次", "8.24"], ["覆盖社区数", "5.00"]]
    assert len(document.inline_shapes) == 1
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    other = docx.Document(io.BytesIO(docx_bytes(blocks, body_font="FangSong")))
    assert other.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "FangSong"


def test_pdf_embeds_the_cjk_font_and_its_text_extracts() -> None:
    blocks = report_blocks(_page())
    data = pdf_bytes(blocks, title="报告")
    assert data == pdf_bytes(blocks, title="报告")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "\x00" not in text
    for expected in ("项目支出绩效评价报告", "一、基本情况", "参与市民人次", "88.36", "本报告由 perfmethods 生成"):
        assert expected in text, expected
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor and re.match(r"/[A-Z]{6}\+", descriptor["/FontName"])
    assert reader.metadata["/CreationDate"] == "D:20000101000000Z"
    assert abs(float(reader.pages[0].mediabox.height) - 841.89) < 1  # A4
    assert [o.title for o in reader.outline if hasattr(o, "title")][:2] == ["一、基本情况", "二、绩效评价工作开展情况"]


def test_truetype_subset_covers_exactly_the_characters() -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(truetype_subset("评价报告AB")))
    cmap = font.getBestCmap()
    assert {chr(c) for c in cmap} >= set("评价报告AB") and "项" not in {chr(c) for c in cmap}
    assert "glyf" in font and "CFF " not in font
