"""HTML helpers: escaping, number alignment and formats, determinism."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from IPython.display import HTML

from perfmethods.errors import InputError
from perfmethods.reporting.html import (
    bullet_list,
    callout,
    format_number,
    heading,
    key_figures,
    paragraph,
    table,
    to_html,
)

EVIL = "<script>alert(1)</script>"


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["资金到位率", EVIL, "满意度"],
            "weight": [10, 20, 30],
            "score": [9.5, np.nan, 27.25],
            "rate": [0.95, 1.0, 0.908],
            "flag": ["", "⚠", None],
        }
    )


def test_table_escapes_and_aligns() -> None:
    out = table(frame(), caption=f"表 1 {EVIL}")
    assert isinstance(out, HTML)
    markup = to_html(out)
    assert "<script" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<caption>表 1 &lt;script&gt;" in markup
    assert '<th scope="col" class="pm-num">weight</th>' in markup
    assert '<th scope="col">name</th>' in markup
    assert '<td class="pm-num">9.5</td>' in markup
    assert '<td class="pm-num">27.25</td>' in markup
    assert "<td>—</td>" in markup  # NaN and None
    assert " id=" not in markup


def test_table_columns_select_rename_and_format() -> None:
    markup = to_html(
        table(
            frame(),
            columns={"rate": "完成率", "name": f"指标{EVIL}"},
            number_formats={"rate": ".1%"},
        )
    )
    assert markup.index("完成率") < markup.index("指标")
    assert "weight" not in markup
    assert '<td class="pm-num">95.0%</td>' in markup and '<td class="pm-num">90.8%</td>' in markup
    assert "指标&lt;script&gt;" in markup


def test_table_is_deterministic() -> None:
    assert to_html(table(frame())) == to_html(table(frame()))


def test_table_unknown_column() -> None:
    with pytest.raises(InputError, match="nope"):
        table(frame(), columns={"nope": "x"})


def test_table_empty_and_index() -> None:
    assert "pm-empty" in to_html(table(frame().iloc[0:0]))
    indexed = frame().set_index("name")
    markup = to_html(table(indexed, index=True))
    assert markup.count("<th ") == 5 and ">资金到位率</td>" in markup


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (1234, None, "1,234"),
        (87.5, None, "87.5"),
        (90.0, None, "90"),
        (1234.567, None, "1,234.57"),
        (-0.001, None, "0"),
        (np.int64(3), None, "3"),
        (np.float64(0.5), ".1%", "50.0%"),
        (math.nan, None, "—"),
        (None, ".2f", "—"),
        (True, None, "True"),
        ("良", None, "良"),
        (2.5, lambda v: f"{v} 分", "2.5 分"),
    ],
)
def test_format_number(value: object, spec: object, text: str) -> None:
    assert format_number(value, spec) == text  # type: ignore[arg-type]


def test_text_helpers_escape_every_user_string() -> None:
    assert to_html(paragraph("项目 {name} 得分 {score:.1f}", name=EVIL, score=87.46)) == (
        '<p class="pm-paragraph">项目 &lt;script&gt;alert(1)&lt;/script&gt; 得分 87.5</p>'
    )
    assert to_html(heading(EVIL, 2)) == "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>"
    figures = to_html(key_figures({"总分": 87.5, "等级": "良", EVIL: 1}))
    assert "<script" not in figures and ">87.5<" in figures and ">良<" in figures
    assert "<script" not in to_html(callout(EVIL, "warning"))
    assert 'class="pm-callout pm-callout-warning"' in to_html(callout("注意", "warning"))
    assert to_html(bullet_list(["a", EVIL])) == (
        '<ul class="pm-list"><li>a</li><li>&lt;script&gt;alert(1)&lt;/script&gt;</li></ul>'
    )
    assert to_html(bullet_list([], ordered=True)) == '<ol class="pm-list"></ol>'


def test_invalid_options() -> None:
    with pytest.raises(InputError, match="kind"):
        callout("x", "danger")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="level"):
        heading("x", 7)


def test_show_code_shows_tagged_code_cells() -> None:
    """--show-code used to change nothing: every code cell is tagged remove-input or remove-cell (issue 14)."""
    import nbformat

    from perfmethods.reporting.rendering import export_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("year = 2024", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("year = 2025", metadata={"tags": ["injected-parameters"]}),
        nbformat.v4.new_code_cell("import math  # setup", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_code_cell("total = math.fsum([1.5, 2.5])", metadata={"tags": ["remove-input"]}),
    ]
    hidden = export_html(nb, language="en", show_code=False)
    shown = export_html(nb, language="en", show_code=True)
    assert "fsum" not in hidden and "setup" not in hidden and "2025" not in hidden
    assert "fsum" in shown and "setup" in shown and "2025" in shown
    assert "2024" not in shown  # the defaults are replaced by the parameters as used


def test_inline_code_uses_the_font_stack_with_the_chinese_font() -> None:
    """Chinese inside `…` in narrative markdown showed as empty boxes: inline code fell back to the browser's
    monospace font, which has no Chinese glyphs. Code spans now use the report's monospace stack, which names the
    embedded Chinese font, and that font's subset covers their characters."""
    import re

    import nbformat

    from perfmethods.reporting.rendering import export_html
    from perfmethods.reporting.web_font import EMBEDDED_FAMILY

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell('作答形式：`("决策", "过程")`')]
    page = export_html(nb, language="zh")
    assert '<code>("决策", "过程")</code>' in page.replace("&quot;", '"')
    rule = re.search(r"code, kbd, samp \{ font-family: var\(--pm-mono\)", page)
    mono = re.search(r"--pm-mono:([^;]+);", page)
    assert rule and mono and f'"{EMBEDDED_FAMILY}"' in mono.group(1)



def test_table_nowrap_columns() -> None:
    df = pd.DataFrame({"区县": ["高新区", "河东区"], "得分": [75.8, 72.9]})
    html = to_html(table(df, nowrap=["区县"]))
    assert '<td class="pm-nowrap">高新区</td>' in html
    numeric = to_html(table(df, nowrap=["得分"]))
    assert 'class="pm-num pm-nowrap"' in numeric
    with pytest.raises(InputError, match="缺少"):
        table(df, nowrap=["缺少"])
