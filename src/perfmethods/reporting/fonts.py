"""Chinese-capable, deterministic matplotlib/seaborn setup for report notebooks.

Call :func:`setup_plotting` once at the top of every report notebook. It exists because the stock
setup fails in three quiet ways on this project's machines (see the notebook-pipeline standard, §2):

1. matplotlib's font cache is stale after a font is installed, so a CJK font on disk is not found:
   we register the file explicitly with ``fontManager.addfont`` (instant, no cache rebuild);
2. the generic ``sans-serif`` alias resolves to *one* font, so a CJK family that is not first gives
   tofu boxes and "Glyph ... missing" warnings: we put the CJK family first (or, for English reports,
   give an explicit family list with per-glyph fallback);
3. ``sns.set_theme()`` resets the fonts, so it must run *before* the font setup, never after.

It also makes figures byte-reproducible: the inline backend saves PNGs without the
``Software: matplotlib x.y`` chunk, and ``svg.hashsalt`` is fixed.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from perfmethods.errors import InputError, PerfMethodsError
from perfmethods.validation import check_language

__all__ = [
    "DEBIAN_FONT_PATHS",
    "FONT_ENV_VAR",
    "INLINE_FIGURE_KWARGS",
    "find_cjk_font",
    "register_cjk_font",
    "setup_plotting",
]

#: Environment variable naming a CJK font file to use instead of the built-in search.
FONT_ENV_VAR = "PERFMETHODS_CJK_FONT"

#: Debian font files tried after the PyPI ``noto-cjk-sans-otc`` package.
DEBIAN_FONT_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)

#: Families preferred, in this order, when a font file holds several faces (a ``.ttc``).
_PREFERRED_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei")

#: ``print_figure`` keyword arguments of the IPython inline backend: keep ``bbox_inches="tight"``
#: (the backend default, which a replacement dict would drop and clip labels) and leave the
#: ``Software`` PNG chunk out so PNGs do not change with the matplotlib version string.
INLINE_FIGURE_KWARGS: dict[str, object] = {"bbox_inches": "tight", "metadata": {"Software": None}}

_INSTALL_HINT = "pip install noto-cjk-sans-otc, or apt-get install fonts-noto-cjk"


def _candidates() -> list[tuple[str, str]]:
    """Return ``[(origin, path), ...]`` in search order, after the environment override."""
    found: list[tuple[str, str]] = []
    try:
        import noto_cjk_sans_otc

        found.append(("noto-cjk-sans-otc", str(noto_cjk_sans_otc.FONT_PATH)))
    except ImportError:
        pass
    found.extend(("debian", path) for path in DEBIAN_FONT_PATHS)
    return found


def find_cjk_font(candidates: Sequence[str | os.PathLike[str]] | None = None) -> Path:
    """Return the path of a font file with Chinese glyphs.

    Parameters
    ----------
    candidates : sequence of paths, optional
        Files to try in order. Default: the ``PERFMETHODS_CJK_FONT`` environment variable, then
        ``noto_cjk_sans_otc.FONT_PATH``, then :data:`DEBIAN_FONT_PATHS`.

    Raises
    ------
    InputError
        ``PERFMETHODS_CJK_FONT`` is set but names no file.
    PerfMethodsError
        No candidate exists.
    """
    override = os.environ.get(FONT_ENV_VAR)
    if candidates is None and override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise InputError(f"{FONT_ENV_VAR}={override!r} does not name a font file")
        return path
    paths = [str(p) for p in candidates] if candidates is not None else [p for _, p in _candidates()]
    for candidate in paths:
        if Path(candidate).is_file():
            return Path(candidate)
    raise PerfMethodsError(
        f"no font with Chinese glyphs found (tried {', '.join(paths) or 'nothing'}); "
        f"{_INSTALL_HINT}, or set {FONT_ENV_VAR}=/path/to/font.ttc"
    )


def register_cjk_font(path: str | os.PathLike[str] | None = None) -> str:
    """Register a CJK font file with matplotlib and return the family name to use.

    Parameters
    ----------
    path : path, optional
        The font file; default :func:`find_cjk_font`.

    Returns
    -------
    str
        ``"Noto Sans CJK SC"`` for the Noto collection (a ``.ttc`` registers every face: JP, KR, SC,
        TC, HK; the SC face gives Simplified Chinese glyph forms), else the file's first family.
    """
    from matplotlib import font_manager

    font_path = Path(path) if path is not None else find_cjk_font()
    resolved = os.path.realpath(font_path)

    def families_of_file() -> list[str]:
        return [
            entry.name
            for entry in font_manager.fontManager.ttflist
            if os.path.realpath(entry.fname) == resolved
        ]

    families = families_of_file()
    if not families:  # not registered yet (idempotent: a second call adds no duplicate entries)
        font_manager.fontManager.addfont(str(font_path))
        families = families_of_file()
    if not families:  # pragma: no cover - addfont raises for unreadable files
        raise PerfMethodsError(f"matplotlib could not read the font file {font_path}")
    for preferred in _PREFERRED_FAMILIES:
        if preferred in families:
            return preferred
    return families[0]


def _has_unicode_minus(path: Path) -> bool:
    """Whether the font has U+2212 MINUS SIGN (Noto CJK does; some older CJK fonts do not)."""
    try:
        from matplotlib.ft2font import FT2Font

        return FT2Font(str(path)).get_char_index(0x2212) != 0
    except (OSError, RuntimeError, ValueError):  # an unreadable face: play safe, use the ASCII hyphen
        return False


def _configure_inline_backend() -> None:
    """Set the inline backend's figure kwargs when running in an IPython kernel; no-op otherwise."""
    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return
    try:
        from matplotlib_inline.config import InlineBackend
    except ImportError:  # pragma: no cover - matplotlib-inline ships with ipykernel
        return
    # The singleton is the one the backend uses when it activates (now or at the first figure);
    # assigning the trait re-registers the PNG formatter with these kwargs.
    config = InlineBackend.instance(parent=shell)
    config.print_figure_kwargs = copy.deepcopy(INLINE_FIGURE_KWARGS)  # type: ignore[arg-type]
    if config.shell is None:
        config.shell = shell
    # "retina": PNGs at twice the figure's dpi (220 dpi), shown at the same size (width/height metadata), so
    # charts stay sharp when printed and in the Word and PDF reports (≥ 200 dpi)
    config.figure_formats = {"retina"}
    config._update_figure_formatters()


def setup_plotting(language: str = "zh", *, font_path: str | os.PathLike[str] | None = None) -> None:
    """Set up matplotlib and seaborn for a report: theme, CJK font, deterministic figures.

    Call it once, at the top of a report notebook, before any plot. In order, it:

    1. applies the seaborn theme (``whitegrid``, ``notebook`` context) — first, because
       ``sns.set_theme`` resets the font settings;
    2. registers the CJK font file (:func:`find_cjk_font`) with ``fontManager.addfont``;
    3. for ``language="zh"`` puts its family first in ``font.sans-serif`` (one font for Latin and Han,
       consistent look); for ``"en"`` sets ``font.family = ["DejaVu Sans", <CJK family>]`` so Latin text
       uses DejaVu and Chinese data labels still render (per-glyph fallback);
    4. sets ``axes.unicode_minus=False`` only if the font lacks U+2212, ``pdf.fonttype=42`` and
       ``ps.fonttype=42`` (embedded, searchable text), a fixed ``svg.hashsalt``;
    5. under IPython, sets the inline backend's ``print_figure_kwargs`` to :data:`INLINE_FIGURE_KWARGS`
       (PNG without the ``Software`` chunk).

    Parameters
    ----------
    language : {"zh", "en"}
        The report language.
    font_path : path, optional
        A font file to use instead of the search of :func:`find_cjk_font`.

    Raises
    ------
    PerfMethodsError
        No CJK font was found (the message says how to install one).
    """
    check_language(language, func="setup_plotting")
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette="deep")
    path = Path(font_path) if font_path is not None else find_cjk_font()
    family = register_cjk_font(path)
    if language == "zh":
        mpl.rcParams["font.family"] = ["sans-serif"]
        sans = [name for name in mpl.rcParams["font.sans-serif"] if name != family]
        mpl.rcParams["font.sans-serif"] = [family, *sans]
    else:
        mpl.rcParams["font.family"] = ["DejaVu Sans", family]
    mpl.rcParams["axes.unicode_minus"] = _has_unicode_minus(path)
    mpl.rcParams["pdf.fonttype"] = 42
    mpl.rcParams["ps.fonttype"] = 42
    mpl.rcParams["svg.hashsalt"] = "perfmethods"
    mpl.rcParams["figure.dpi"] = 110
    mpl.rcParams["savefig.dpi"] = 110
    _configure_inline_backend()
