"""Word and PDF copies of a rendered report, made from the same HTML the reader sees.

Finance bureaus exchange reports as Word and PDF files. :func:`report_blocks` reads the report's HTML (as
:func:`perfmethods.reporting.export_html` writes it with the helpers of :mod:`perfmethods.reporting.html`)
into a list of blocks — headings, paragraphs, notes, lists, tables, key figures, charts — and
:func:`docx_bytes` and :func:`pdf_bytes` write them, so the three files hold the same content:

* ``report.docx`` (python-docx): A4; headings as Word heading styles (the navigation pane lists the
  outline); tables as Word tables; charts as pictures; East Asian text in 仿宋 (body) and 黑体 (headings)
  as GB/T 9704 conventions use, Latin text in Times New Roman — both settable (``body_font``,
  ``heading_font``) for a machine without these fonts.
* ``report.pdf`` (fpdf2): A4, page numbers, bookmarks along the outline, and the bundled CJK font (Noto
  Sans CJK SC from the ``noto-cjk-sans-otc`` package) embedded as a subset, so the PDF shows its Chinese text
  on any machine. fpdf2 2.8 can embed that OpenType/CFF font as it is, but then writes a CID-keyed font with
  its own encoding CMap, whose text pypdf extracts garbled (interleaved NULs, wrong characters after the
  first hundred glyphs). :func:`truetype_subset` therefore subsets the font to the report's characters and
  converts the cubic CFF outlines to TrueType quadratic ones (fontTools' cu2qu, max. error 1 font unit),
  which fpdf2 embeds as an ordinary Identity-H TrueType font whose text extracts cleanly.

Both are byte-identical when rendered twice: the document dates are fixed (:data:`FIXED_DATE`) and the
Word file's zip entries carry a fixed time stamp.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from perfmethods.errors import InputError
from perfmethods.reporting.web_font import page_characters, subset_font

__all__ = ["Block", "FIXED_DATE", "docx_bytes", "pdf_bytes", "report_blocks", "truetype_subset"]

#: Creation and modification date written into the Word and PDF files (so that renders are reproducible).
FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_KINDS = ("heading", "paragraph", "note", "list", "table", "figures", "image", "footer")


@dataclass(frozen=True)
class Block:
    """One piece of the report, in reading order.

    Attributes
    ----------
    kind : ``heading`` | ``paragraph`` | ``note`` (a highlighted remark) | ``list`` | ``table`` |
        ``figures`` (key figures: ``rows`` holds one row of labels and one of values) | ``image`` |
        ``footer``.
    text : the text of a heading, paragraph, note or footer; a table's caption.
    level : a heading's level (1 = the report title) or, for a list, 1 when numbered and 0 when bulleted.
    items : a list's entries.
    rows : a table's rows, the header row first.
    numeric : for a table, the indexes of the columns holding numbers (aligned right).
    image : a chart's PNG bytes.
    """

    kind: str
    text: str = ""
    level: int = 0
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: frozenset[int] = field(default_factory=frozenset)
    image: bytes = b""


class _Reader(HTMLParser):
    """Collects :class:`Block` s from the report HTML (only the elements the reporting helpers write)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._skip = 0  # inside <style> / <script>
        self._text: list[str] | None = None  # text being collected for the current element
        self._kind = ""
        self._level = 0
        self._items: list[str] = []
        self._list_ordered = False
        self._in_list = False
        self._rows: list[tuple[str, ...]] = []
        self._row: list[str] | None = None
        self._numeric: set[int] = set()
        self._caption = ""
        self._in_table = False
        self._figures: list[tuple[str, str]] | None = None
        self._figure_part = ""
        self._figure_depth = 0  # open <div>s inside the key-figure row

    # -- helpers
    def _start_text(self, kind: str, level: int = 0) -> None:
        self._text, self._kind, self._level = [], kind, level

    def _end_text(self) -> str:
        text = " ".join("".join(self._text or []).split(" ")).strip()
        self._text = None
        return text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag in ("style", "script"):
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "div" and self._figures is not None:
            self._figure_depth += 1
        if tag in ("h1", "h2", "h3", "h4"):
            self._start_text("heading", int(tag[1]))
        elif tag == "p" and not self._in_table:
            self._start_text("paragraph")
        elif tag == "div" and "pm-callout" in classes:
            self._start_text("note")
        elif tag == "footer":
            self._start_text("footer")
        elif tag == "br" and self._text is not None:
            self._text.append("\n")
        elif tag in ("ul", "ol"):
            self._in_list, self._list_ordered, self._items = True, tag == "ol", []
        elif tag == "li" and self._in_list:
            self._start_text("item")
        elif tag == "table":
            self._in_table, self._rows, self._numeric, self._caption = True, [], set(), ""
        elif tag == "caption" and self._in_table:
            self._start_text("caption")
        elif tag == "tr" and self._in_table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            if "pm-num" in classes:
                self._numeric.add(len(self._row))
            self._start_text("cell")
        elif tag == "div" and "pm-key-figures" in classes:
            self._figures, self._figure_depth = [], 0
        elif tag == "div" and self._figures is not None and "pm-figure-value" in classes:
            self._start_text("figure-value")
        elif tag == "div" and self._figures is not None and "pm-figure-label" in classes:
            self._start_text("figure-label")
        elif tag == "img" and a.get("src", "").startswith("data:image/png;base64,"):
            png = base64.b64decode(a["src"].split(",", 1)[1])
            self.blocks.append(Block("image", text=a.get("alt", ""), image=png))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        kind = self._kind if self._text is not None else ""
        if tag == "div" and self._figures is not None:
            self._figure_depth -= 1
        if tag in ("h1", "h2", "h3", "h4") and kind == "heading":
            self.blocks.append(Block("heading", self._end_text(), level=self._level))
        elif tag == "p" and kind == "paragraph":
            text = self._end_text()
            if text:
                self.blocks.append(Block("paragraph", text))
        elif tag == "div" and kind == "note":
            self.blocks.append(Block("note", self._end_text()))
        elif tag == "footer" and kind == "footer":
            self.blocks.append(Block("footer", self._end_text()))
        elif tag == "li" and kind == "item":
            self._items.append(self._end_text())
        elif tag in ("ul", "ol") and self._in_list:
            self._in_list = False
            self.blocks.append(Block("list", level=int(self._list_ordered), items=tuple(self._items)))
        elif tag == "caption" and kind == "caption":
            self._caption = self._end_text()
        elif tag in ("td", "th") and kind == "cell" and self._row is not None:
            self._row.append(self._end_text())
        elif tag == "tr" and self._row is not None:
            self._rows.append(tuple(self._row))
            self._row = None
        elif tag == "table" and self._in_table:
            self._in_table = False
            if self._rows:
                self.blocks.append(Block("table", self._caption, rows=tuple(self._rows),
                                         numeric=frozenset(self._numeric)))
        elif tag == "div" and kind in ("figure-value", "figure-label") and self._figures is not None:
            text = self._end_text()
            if kind == "figure-value":
                self._figure_part = text
            else:
                self._figures.append((text, self._figure_part))
        elif tag == "div" and self._figures is not None and self._figure_depth < 0:
            figures, self._figures = self._figures, None
            self.blocks.append(Block("figures", rows=(tuple(f[0] for f in figures),
                                                      tuple(f[1] for f in figures))))

    def handle_data(self, data: str) -> None:
        if self._skip or self._text is None:
            return
        self._text.append(data.replace("\n", " "))


def report_blocks(html: str) -> list[Block]:
    """The report's content, in reading order, from its HTML (see the module docstring)."""
    if not isinstance(html, str) or not html.strip():
        raise InputError("The 'html' parameter of report_blocks must be the report's HTML text; got nothing.")
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.blocks


# -- Word -------------------------------------------------------------------------------------------------


def _set_fonts(style_or_run: object, latin: str, east_asian: str) -> None:
    from docx.oxml.ns import qn

    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = latin
    r_pr = style_or_run.element.get_or_add_rPr()  # type: ignore[attr-defined]
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    for key in ("w:ascii", "w:hAnsi"):
        r_fonts.set(qn(key), latin)
    r_fonts.set(qn("w:eastAsia"), east_asian)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated :data:`_ZIP_DATE` (python-docx stamps the time of writing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def docx_bytes(
    blocks: Sequence[Block],
    *,
    title: str = "",
    language: str = "zh",
    body_font: str = "仿宋",
    heading_font: str = "黑体",
    latin_font: str = "Times New Roman",
) -> bytes:
    """The report as a Word document (``.docx`` bytes).

    Parameters
    ----------
    blocks : the report's content (:func:`report_blocks`).
    title : the document title (file properties).
    language : ``zh`` or ``en``: the document's proofing language.
    body_font, heading_font : East Asian fonts of the body text and the headings (GB/T 9704: 仿宋 and
        黑体); give fonts the reader's machine has, e.g. ``"FangSong"`` or ``"Noto Serif CJK SC"``.
    latin_font : the font of Latin letters and digits.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    normal = doc.styles["Normal"]
    _set_fonts(normal, latin_font, body_font)
    normal.font.size = Pt(12)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        _set_fonts(doc.styles[name], latin_font, heading_font)
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    width = section.page_width - section.left_margin - section.right_margin
    for block in blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, 0 if block.level == 1 else min(block.level - 1, 4))
        elif block.kind in ("paragraph", "footer"):
            for line in block.text.split("\n"):
                paragraph = doc.add_paragraph(line)
                if block.kind == "footer":
                    paragraph.runs[0].font.size = Pt(9)
        elif block.kind == "note":
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text)
            run.italic = True
        elif block.kind == "list":
            style = "List Number" if block.level else "List Bullet"
            for item in block.items:
                doc.add_paragraph(item, style=style)
        elif block.kind in ("table", "figures"):
            if block.text:
                doc.add_paragraph(block.text, style="Caption")
            n_cols = max(len(r) for r in block.rows)
            table = doc.add_table(rows=len(block.rows), cols=n_cols)
            table.style = "Table Grid"
            for i, row in enumerate(block.rows):
                for j, value in enumerate(row):
                    cell = table.cell(i, j)
                    cell.text = value
                    paragraph = cell.paragraphs[0]
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
                        run.bold = i == 0
                    if j in block.numeric and i > 0:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif block.kind == "image":
            doc.add_picture(io.BytesIO(block.image), width=width)
    core = doc.core_properties
    core.title = title
    core.author = "perfmethods"
    core.last_modified_by = "perfmethods"
    core.language = "zh-CN" if language == "zh" else "en"
    core.created = core.modified = core.last_printed = FIXED_DATE.replace(tzinfo=None)
    core.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


# -- PDF --------------------------------------------------------------------------------------------------


def truetype_subset(characters: str, font: str | Path | None = None) -> bytes:
    """The CJK font subset to ``characters``, as a TrueType (``glyf``) font.

    The subset is the one the HTML embeds (same face, same characters; see
    :mod:`perfmethods.reporting.web_font`); its cubic CFF outlines are converted to quadratic ones with
    fontTools' cu2qu (max. error 1 font unit in 1000, invisible at print sizes). Deterministic: no time
    stamp is recalculated.

    Parameters
    ----------
    characters : the characters the document shows.
    font : the font file; default :func:`perfmethods.reporting.find_cjk_font`.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    data = subset_font(characters, font)
    subset = TTFont(io.BytesIO(data), recalcTimestamp=False)
    if "CFF " not in subset:
        return data
    order = subset.getGlyphOrder()
    glyph_set = subset.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    subset["loca"] = newTable("loca")
    subset["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for table in ("CFF ", "VORG"):
        if table in subset:
            del subset[table]
    glyf.compile(subset)
    hmtx = subset["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    subset["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attribute in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attribute, 1 if attribute == "maxZones" else 0)
    post = subset["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    subset.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    subset.save(out)
    return out.getvalue()


def pdf_bytes(blocks: Sequence[Block], *, title: str = "", language: str = "zh",
              font: str | Path | None = None) -> bytes:
    """The report as a PDF (A4, page numbers, the CJK font embedded as a subset).

    Parameters
    ----------
    blocks : the report's content (:func:`report_blocks`).
    title : the document title (PDF metadata).
    language : ``zh`` or ``en``: the document language (PDF metadata).
    font : a font file with Chinese glyphs; default :func:`perfmethods.reporting.find_cjk_font`
        (``PERFMETHODS_CJK_FONT``, then the bundled Noto Sans CJK).
    """
    from fpdf import FPDF
    from fpdf.enums import WrapMode, XPos, YPos

    characters = "".join(sorted(set(page_characters(" ".join(
        " ".join((b.text, *b.items, *(c for row in b.rows for c in row))) for b in blocks
    )))))
    truetype = truetype_subset(characters + "•", font)

    class _Report(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("cjk", size=9)
            self.cell(0, 6, str(self.page_no()), align="C")

    pdf = _Report(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_lang("zh-CN" if language == "zh" else "en")
    pdf.set_creator("perfmethods")
    pdf.set_producer("perfmethods")
    with tempfile.TemporaryDirectory(prefix="perfmethods-font-") as folder:
        font_file = Path(folder) / "cjk.ttf"  # fpdf2 reads fonts from files
        font_file.write_bytes(truetype)
        pdf.add_font("cjk", fname=str(font_file))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    sizes = {1: 18, 2: 15, 3: 13, 4: 11.5}

    # Chinese lines break between any two characters and are set flush left: justifying at the few spaces of a
    # mixed Chinese/number line ("年初预算 600.00 万元") opened wide gaps
    wrap = WrapMode.CHAR if language == "zh" else WrapMode.WORD

    def text(value: str, size: float, height: float) -> None:
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(0, height, value, align="L", wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    for block in blocks:
        if block.kind == "heading":
            pdf.ln(2)
            if block.level > 1:  # the PDF's bookmarks follow the outline
                pdf.start_section(block.text, level=block.level - 2)
            text(block.text, sizes.get(block.level, 11), sizes.get(block.level, 11) * 0.55)
            pdf.ln(1)
        elif block.kind == "paragraph":
            text(block.text, 10.5, 6)
            pdf.ln(1.5)
        elif block.kind == "note":
            pdf.set_fill_color(240, 244, 248)
            pdf.set_font("cjk", size=10)
            pdf.multi_cell(0, 6, block.text, fill=True, align="L", wrapmode=wrap, new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
            pdf.ln(1.5)
        elif block.kind == "footer":
            pdf.ln(4)
            text(block.text, 8, 4.5)
        elif block.kind == "list":
            for i, item in enumerate(block.items, start=1):
                text(f"{i}. {item}" if block.level else f"• {item}", 10.5, 6)
            pdf.ln(1.5)
        elif block.kind in ("table", "figures"):
            if block.text:
                text(block.text, 9.5, 5.5)
            n_cols = max(len(r) for r in block.rows)
            pdf.set_font("cjk", size=7.5 if n_cols > 6 else 9)
            with pdf.table(first_row_as_headings=False, line_height=4.5, padding=1) as table:
                for row in block.rows:
                    cells = table.row()
                    for j in range(n_cols):
                        value = row[j] if j < len(row) else ""
                        cells.cell(value, align="R" if j in block.numeric else "L")
            pdf.ln(2)
        elif block.kind == "image":
            from PIL import Image

            with Image.open(io.BytesIO(block.image)) as img:
                ratio = img.height / img.width
            w = min(pdf.epw, 160)
            if pdf.get_y() + w * ratio > pdf.h - pdf.b_margin:
                pdf.add_page()
            pdf.image(io.BytesIO(block.image), w=w)
            pdf.ln(2)
    return bytes(pdf.output())
