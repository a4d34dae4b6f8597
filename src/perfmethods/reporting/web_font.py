"""The report's own font, embedded in the HTML: Chinese text reads on a machine with no Chinese font.

A report travels: it is mailed, filed and opened on machines that may have no CJK system font (a fresh Linux
server, an English Windows install), where a CSS font stack alone shows every Chinese character as a box. The
charts already carry their glyphs (they are PNGs drawn with the bundled Noto Sans CJK). For the text,
:func:`font_face_css` subsets the same font to the characters the page actually uses and returns an
``@font-face`` rule with the subset inlined as a ``data:`` URL, so the page needs no network and no installed font.

A typical report uses 400–700 distinct characters: the subset is about 150–250 KB (≈ 200–330 KB in base64),
against 19 MB for the whole collection. The subset is byte-for-byte deterministic (no timestamps are
recalculated), so two renders of the same inputs stay identical.

Why hand-written: fontTools (already a dependency of matplotlib) does the subsetting; this module only picks
the face, the characters and the CSS. Only the Regular weight is bundled (declared as weight 400, so browsers
synthesise bold from it).
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from functools import lru_cache
from pathlib import Path

from perfmethods.reporting.fonts import find_cjk_font

__all__ = ["EMBEDDED_FAMILY", "font_face_css", "page_characters", "subset_font"]

#: The CSS family name of the embedded subset (first in the report stylesheet's font stack).
EMBEDDED_FAMILY = "perfmethods CJK"

#: Faces preferred in a font collection, simplified Chinese first.
_PREFERRED_FACES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei")

_DATA_URL = re.compile(r"data:[^\"')\s]+")
_SKIPPED_BLOCKS = re.compile(r"<(style|script)\b[^>]*>.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def page_characters(page: str) -> str:
    """The characters a page shows: text outside tags, scripts, styles and data URLs, entities decoded,
    plus the printable ASCII range (digits and Latin letters a reader may type into a search box), sorted.

    Parameters
    ----------
    page : the HTML document.
    """
    text = _TAG.sub(" ", _SKIPPED_BLOCKS.sub(" ", _DATA_URL.sub(" ", page)))
    shown = set(html.unescape(text)) | {chr(c) for c in range(0x20, 0x7F)}
    return "".join(sorted(ch for ch in shown if ch.isprintable()))


def _face_index(path: Path) -> int:
    from fontTools.ttLib import TTCollection

    if path.suffix.lower() not in (".ttc", ".otc"):
        return -1
    faces = [f["name"].getDebugName(1) for f in TTCollection(str(path), lazy=True).fonts]
    for wanted in _PREFERRED_FACES:
        if wanted in faces:
            return faces.index(wanted)
    return 0


@lru_cache(maxsize=8)
def _subset(path: str, mtime: float, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    index = _face_index(Path(path))
    font = TTFont(path, fontNumber=max(index, 0), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def subset_font(characters: str, font_path: str | os.PathLike[str] | None = None) -> bytes:
    """The CJK font cut down to ``characters`` (OpenType bytes; cached per font file and character set).

    Parameters
    ----------
    characters : the characters to keep.
    font_path : the font file (a ``.ttc``/``.otc`` collection gives its simplified-Chinese face); default the one
        the charts use (:func:`perfmethods.reporting.find_cjk_font`).
    """
    path = Path(font_path) if font_path is not None else find_cjk_font()
    return _subset(str(path), path.stat().st_mtime, characters)


def font_face_css(page: str, *, font_path: str | os.PathLike[str] | None = None) -> str:
    """An ``@font-face`` rule (inside ``<style>``) embedding the CJK font subset to the characters of ``page``.

    Parameters
    ----------
    page : the HTML document whose characters the subset must cover.
    font_path : the font file (``.ttc``/``.otc`` collections pick the simplified-Chinese face); default the one
        the charts use (:func:`perfmethods.reporting.find_cjk_font`).

    Returns
    -------
    str
        ``<style>@font-face {font-family: "perfmethods CJK"; src: url(data:font/otf;base64,…)}</style>``.
    """
    data = subset_font(page_characters(page), font_path)
    encoded = base64.b64encode(data).decode("ascii")
    kind = "font/otf" if data[:4] == b"OTTO" else "font/ttf"
    fmt = "opentype" if kind == "font/otf" else "truetype"
    return (
        f'<style>@font-face {{ font-family: "{EMBEDDED_FAMILY}"; font-style: normal; font-weight: 400; '
        f'src: url(data:{kind};base64,{encoded}) format("{fmt}"); }}</style>'
    )
