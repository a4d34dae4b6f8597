"""The report embeds its own font subset, so Chinese text reads where no Chinese font is installed (issue 13)."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from perfmethods.reporting import web_font
from perfmethods.reporting.web_font import EMBEDDED_FAMILY, font_face_css, page_characters

PAGE = """<html><head><style>body { font-family: x; }</style></head>
<body><h1>项目支出绩效评价报告</h1><p>综合得分 88.36 分，等级“良”&amp;预算执行率 94.6%。</p>
<img src="data:image/png;base64,iVBORw0KGgo="><script>var 隐藏 = 1;</script></body></html>"""


def _embedded(css: str) -> TTFont:
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", css).group(1))
    return TTFont(io.BytesIO(data))


def test_page_characters_are_the_visible_text():
    chars = page_characters(PAGE)
    assert set("项目支出绩效评价报告综合得分等级良预算执行率“”。，") <= set(chars)
    assert "&" in chars and "隐" not in chars and "藏" not in chars  # scripts are not shown
    assert "{" in chars  # printable ASCII is always there


def test_the_subset_covers_every_character_and_nothing_much_else():
    css = font_face_css(PAGE)
    assert f'font-family: "{EMBEDDED_FAMILY}"' in css and "data:font/" in css
    cmap = _embedded(css).getBestCmap()
    missing = [ch for ch in page_characters(PAGE) if ch.strip() and ord(ch) not in cmap]
    assert missing == []
    assert ord("隐") not in cmap  # only what the page shows
    assert len(css) < 200_000


def test_the_subset_is_deterministic():
    first = font_face_css(PAGE)
    web_font._subset.cache_clear()
    assert font_face_css(PAGE) == first  # recomputed, not cached: no timestamp or order changes the bytes
