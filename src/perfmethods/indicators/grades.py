"""Grades (评价等级) from total scores: 优 / 良 / 中 / 差.

The four grades and their bands follow 财预〔2020〕10号 as 财政部预算司 unified them for central
departments: 优 90–100, 良 80–89, 中 60–79, 差 0–59 (the band values are verified through a
consulting-firm note, http://www.dz-gczx.com/wap/articleDetails_id_1290.html; the 10号 wording itself is
unverified). The "80–89" wording is for integer
scores; on a continuous scale the bands are half-open, lower bound inclusive:

=====  ===============  ===========
grade  band             English
=====  ===============  ===========
优      [90, 100]        excellent
良      [80, 90)         good
中      [60, 80)         fair
差      [0, 60)          poor
=====  ===============  ===========

so 89.999 is 良 and 90 is 优.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from perfmethods.errors import InputError
from perfmethods.i18n import LANGUAGES, t
from perfmethods.provenance import Provenance, Rule
from perfmethods.validation import check_language

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GRADES", "GRADE_BANDS", "GRADE_LABELS", "grade", "grade_bands_frame", "grade_label", "parse_grade"]

#: The four grades, best first.
GRADES: tuple[str, str, str, str] = ("优", "良", "中", "差")

#: ``(lower bound inclusive, grade)``, best first.
GRADE_BANDS: Rule[tuple[tuple[float, str], ...]] = Rule(
    ((90.0, "优"), (80.0, "良"), (60.0, "中"), (0.0, "差")),
    Provenance.VERIFIED,
    "财预〔2020〕10号 grading as unified by 财政部预算司: 优(90-100分)、良(80-89分)、中(60-79分)、差(0-59分); "
    "http://www.dz-gczx.com/wap/articleDetails_id_1290.html",
    note="the 10号 wording itself is not checked against its text; bands encoded half-open, lower bound "
    "inclusive",
)



class _GradeLabels(Mapping[str, Mapping[str, str]]):
    """Grade → language → label, looked up in the label catalogue when first read.

    The catalogue (every ``i18n/*.yaml`` file) is parsed on first use, not when this module is imported:
    ``perfmethods lint`` imports the module (through the locality profiles) but shows no grade.
    """

    def __init__(self, keys: Mapping[str, str]) -> None:
        self._keys = dict(keys)

    @cached_property
    def _labels(self) -> dict[str, dict[str, str]]:
        return {grade_zh: {language: t(f"grade.name.{key}", language) for language in LANGUAGES}
                for grade_zh, key in self._keys.items()}

    def __getitem__(self, grade_zh: str) -> Mapping[str, str]:
        return self._labels[grade_zh]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return repr(self._labels)


#: Labels of the grades in the report languages: ``GRADE_LABELS["优"]["en"]``.
GRADE_LABELS: Mapping[str, Mapping[str, str]] = _GradeLabels(
    {"优": "excellent", "良": "good", "中": "fair", "差": "poor"}
)

_GRADE_ALIASES = {
    **{g: g for g in GRADES},
    "excellent": "优",
    "good": "良",
    "fair": "中",
    "poor": "差",
    "优秀": "优",
    "良好": "良",
    "中等": "中",
    "合格": "中",
    "较差": "差",
}


def parse_grade(value: object) -> str:
    """Canonical grade (优 / 良 / 中 / 差) from the Chinese or English label."""
    text = str(value).strip()
    out = _GRADE_ALIASES.get(text) or _GRADE_ALIASES.get(text.lower())
    if out is None:
        raise InputError(
            f"unknown grade {value!r}; expected 优 / 良 / 中 / 差 (or excellent / good / fair / poor)"
        )
    return out


def grade_label(value: str, language: str = "zh") -> str:
    """The label of a grade in ``language`` (``"zh"`` or ``"en"``).

    Parameters
    ----------
    value : a grade in any spelling :func:`parse_grade` accepts (优 / 良 / 中 / 差, excellent / good /
        fair / poor, 优秀 / 良好 / 中等 / 合格 / 较差).
    language : ``"zh"`` (优/良/中/差) or ``"en"`` (excellent/good/fair/poor); default ``"zh"``.

    Returns
    -------
    str : the grade's label in ``language`` (see :data:`GRADE_LABELS`).

    Raises
    ------
    InputError : an unknown grade, or a language other than ``"zh"`` / ``"en"``.
    """
    check_language(language, func="grade_label")
    return GRADE_LABELS[parse_grade(value)][language]


def _check_bands(bands: Sequence[tuple[float, str]]) -> tuple[np.ndarray, np.ndarray]:
    try:
        pairs = [(float(lo), str(label)) for lo, label in bands]
    except (TypeError, ValueError):
        raise InputError(
            f"The 'bands' parameter of grade must be (lower bound, grade) pairs; got {bands!r} instead."
        ) from None
    if not pairs:
        raise InputError("The 'bands' parameter of grade must not be empty.")
    lows = np.array([lo for lo, _ in pairs])
    order = np.argsort(lows)
    lows = lows[order]
    labels = np.array([label for _, label in pairs], dtype=object)[order]
    if np.any(np.diff(lows) <= 0):
        raise InputError(
            f"The 'bands' parameter of grade must have distinct lower bounds; got {bands!r} instead."
        )
    if lows[0] > 0:
        raise InputError(
            f"The 'bands' parameter of grade must cover 0 (the lowest band starts at 0); got "
            f"{bands!r} instead."
        )
    return lows, labels


def grade(
    score: npt.ArrayLike,
    bands: Sequence[tuple[float, str]] | Rule | None = None,
    *,
    language: str = "zh",
    maximum: float = 100.0,
) -> str | np.ndarray:
    """The grade (评价等级) of one or many total scores.

    Parameters
    ----------
    score : total score(s) on the 0–``maximum`` scale.
    bands : ``(lower bound inclusive, grade)`` pairs; default :data:`GRADE_BANDS` (优 ≥ 90, 良 ≥ 80,
        中 ≥ 60, 差 below). A locality profile's ``grade_bands`` can be passed (a :class:`Rule` is accepted).
    language : ``"zh"`` (优/良/中/差) or ``"en"`` (excellent/good/fair/poor).
    maximum : the top of the score scale (100).

    Returns
    -------
    str for a scalar score, else an object array of labels.

    Raises
    ------
    InputError : a score that is not a finite number in ``[0, maximum]``.

    Examples
    --------
    >>> grade(89.999), grade(90), grade(100)
    ('良', '优', '优')
    """
    check_language(language, func="grade")
    if isinstance(bands, Rule):
        bands = bands.value
    lows, labels = _check_bands(GRADE_BANDS.value if bands is None else bands)
    try:
        values = np.asarray(score, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"The 'score' parameter of grade must be numbers; got {score!r} instead.") from None
    bad = ~np.isfinite(values) | (values < 0) | (values > maximum)
    if bad.any():
        first = np.ravel(values)[np.flatnonzero(np.ravel(bad))[0]]
        raise InputError(
            f"The 'score' parameter of grade must be a finite number in [0, {maximum:g}]; got "
            f"{first!r} instead."
        )
    index = np.searchsorted(lows, values, side="right") - 1
    out = labels[index]
    if language == "en":
        out = np.array([GRADE_LABELS.get(g, {"en": g})["en"] for g in labels], dtype=object)[index]
    return str(out) if values.ndim == 0 else out


def grade_bands_frame(
    bands: Sequence[tuple[float, str]] | Rule | None = None, *, maximum: float = 100.0
) -> pd.DataFrame:
    """The grade bands as a table, best grade first, with each band written as an interval.

    Every band includes its lower bound and excludes its upper bound (the next band's lower bound),
    except the top band, which includes ``maximum``: with the default bands ``[90, 100]``, ``[80, 90)``,
    ``[60, 80)``, ``[0, 60)``, so 89.999 is 良 and 90 is 优 (as :func:`grade` decides).

    Parameters
    ----------
    bands : ``(lower bound inclusive, grade)`` pairs in any order; default :data:`GRADE_BANDS`. A
        :class:`Rule` (e.g. a locality profile's ``grade_bands``) is accepted.
    maximum : the top of the score scale (100).

    Returns
    -------
    pandas.DataFrame
        One row per band, highest first, with columns ``grade`` (as in ``bands``), ``grade_en``
        (excellent / good / fair / poor; the grade itself for a label that is not one of :data:`GRADES`),
        ``lower``, ``upper`` (floats), ``upper_inclusive`` (``True`` only for the top band) and
        ``interval`` (``"[90, 100]"``, ``"[80, 90)"``).

    Raises
    ------
    InputError : bands that :func:`grade` rejects (empty, repeated bounds, not starting at 0), or a
        lower bound at or above ``maximum``.

    Examples
    --------
    >>> grade_bands_frame()["interval"].tolist()
    ['[90, 100]', '[80, 90)', '[60, 80)', '[0, 60)']
    """
    import pandas as pd

    if isinstance(bands, Rule):
        bands = bands.value
    lows, labels = _check_bands(GRADE_BANDS.value if bands is None else bands)
    if not (np.isfinite(maximum) and lows[-1] < maximum):
        raise InputError(
            f"The 'maximum' parameter of grade_bands_frame must be a number above every lower bound "
            f"(the highest is {lows[-1]:g}); got {maximum!r} instead."
        )
    uppers = [*lows[1:].tolist(), float(maximum)]
    rows = []
    for k in range(len(lows) - 1, -1, -1):
        top = k == len(lows) - 1
        lower, upper = float(lows[k]), float(uppers[k])
        rows.append(
            {
                "grade": str(labels[k]),
                "grade_en": GRADE_LABELS.get(str(labels[k]), {"en": str(labels[k])})["en"],
                "lower": lower,
                "upper": upper,
                "upper_inclusive": top,
                "interval": f"[{lower:g}, {upper:g}{']' if top else ')'}",
            }
        )
    return pd.DataFrame(rows, columns=["grade", "grade_en", "lower", "upper", "upper_inclusive", "interval"])
