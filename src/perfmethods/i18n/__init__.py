"""Report labels in Chinese and English: one catalogue, one lookup function.

Every user-facing string of a report (section titles, column headers, key-figure labels, grade names,
short sentences) lives in ``i18n/labels.yaml`` as a flat key with a ``zh`` and an ``en``
text. Report notebooks call :func:`t` with the ``language`` parameter, so one notebook renders both
languages.

Why hand-written rather than gettext/babel: a report needs a few hundred short labels, edited by
budget analysts who read YAML but not ``.po`` files, with ``str.format`` fields; the catalogue must be
checkable in one test (every key in both languages, same fields). A 60-line module does that; gettext
would add a compile step and a second file per language, and ``babel`` is not a dependency.

Examples
--------
>>> t("section.summary", "zh")
'项目概况'
>>> t("text.total_score", "en", score=87.5, grade="Good")
'The project scored 87.5 points in total, grade "Good".'
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

import yaml

from perfmethods.errors import InputError
from perfmethods.validation import LANGUAGES, check_language

__all__ = ["LANGUAGES", "catalogue", "check_language", "format_fields", "labels", "t", "translator"]

#: PyYAML's safe loader, in C (libyaml) when PyYAML was built with it: the same documents, parsed ten times
#: faster. The catalogue is read by every process that shows a label (each report kernel, the CLI), where the
#: pure-Python parser took about 0.5 s.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Return the whole catalogue ``{key: {"zh": ..., "en": ...}}``, read once from the package data.

    The catalogue is every ``i18n/*.yaml`` file, read in name order: ``labels.yaml`` holds the
    labels of the pipeline and the default report; each report or worked example may keep its own file
    (e.g. ``weighting.yaml``) so that notebooks can be added without editing one shared file. A key may be
    defined only once across the files.

    Raises
    ------
    InputError
        When a file is malformed: a key whose entry is not a mapping of exactly the languages in
        :data:`LANGUAGES` to strings (e.g. an unquoted ``en: yes`` read as ``True``), or a key defined in
        two files.
    """
    folder = resources.files("perfmethods.i18n")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    result: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for file in files:
        where = {"file": f"i18n/{file.name}"}
        raw = yaml.load(file.read_text("utf-8"), Loader=_SAFE_LOADER) or {}
        for key, entry in raw.items():
            if key in origin:
                raise InputError(f"label {key!r} is defined in both {origin[key]} and {file.name}", location=where)
            if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
                raise InputError(
                    f"label {key!r} must have exactly the languages {list(LANGUAGES)}, got {entry!r}",
                    location=where,
                )
            for language, value in entry.items():
                if not isinstance(value, str):
                    raise InputError(
                        f"label {key!r} [{language}] must be a string, got {type(value).__name__} {value!r}"
                        " (quote it: YAML reads yes/no/on/off as booleans)",
                        location=where,
                    )
            result[str(key)] = dict(entry)
            origin[str(key)] = file.name
    return result


def labels(language: str) -> dict[str, str]:
    """Return ``{key: text}`` for one language (a fresh dict, safe to modify)."""
    check_language(language, func="labels")
    return {key: entry[language] for key, entry in catalogue().items()}


def format_fields(template: str) -> frozenset[str]:
    """Return the names of the ``str.format`` fields used in ``template`` (``{score:.1f}`` → ``score``)."""
    names: set[str] = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(field.split(".", 1)[0].split("[", 1)[0])
    return frozenset(names)


def t(key: str, language: str = "zh", /, **fields: object) -> str:
    """Translate a label key, filling its ``str.format`` fields.

    Parameters
    ----------
    key : str
        A key of ``labels.yaml``, e.g. ``"section.summary"``.
    language : str
        ``"zh"`` (default) or ``"en"``.
    **fields
        Values for the label's format fields.

    Returns
    -------
    str
        The label text. It is *not* HTML-escaped; the :mod:`perfmethods.reporting.html` helpers escape it.

    Raises
    ------
    KeyError
        ``key`` is not in the catalogue, or a field the label needs is missing from ``fields``.
    InputError
        ``language`` is not one of :data:`LANGUAGES`.
    """
    check_language(language, func="t")
    entries = catalogue()
    if key not in entries:
        raise KeyError(f"unknown report label {key!r} (add it to perfmethods/i18n/labels.yaml)")
    template = entries[key][language]
    if not fields and not format_fields(template):
        return template
    try:
        return template.format(**fields)
    except KeyError as exc:
        raise KeyError(f"report label {key!r} needs the field {exc.args[0]!r}") from None


def translator(language: str, prefix: str = "") -> Callable[..., str]:
    """A one-language :func:`t`: ``tr = translator("en", "ex.scoring.")`` then ``tr("h.intro", n=3)``.

    Every notebook and plot uses this instead of defining its own helper.

    Parameters
    ----------
    language : ``"zh"`` or ``"en"``.
    prefix : prepended to every key (a notebook's own key family, e.g. ``"wt.ahp."``).

    Raises
    ------
    InputError : an unknown language (checked once, here).
    """
    check_language(language, func="translator")

    def tr(key: str, /, **fields: object) -> str:
        return t(prefix + key, language, **fields)

    tr.__doc__ = f"The label ``{prefix}<key>`` in {language!r}, with its fields filled."
    return tr
