"""Safe, deterministic HTML building blocks for report notebooks.

Report notebooks show tables, key figures and sentences built from user data (project names, indicator
names, findings typed by analysts). Those strings end up inside ``report.html``, so every one of them
must be HTML-escaped, and the markup must be byte-identical between two renders.

Why hand-written rather than ``DataFrame.to_html`` / ``Styler``: ``to_html(escape=True)`` escapes cells
but gives no per-column number formats with right alignment, no caption escaping, and emits the
pandas-specific ``border="1" class="dataframe"`` look; ``Styler`` puts a random uuid in every element id
unless one remembers ``set_uuid`` and needs jinja2 at run time. The helpers below emit a small,
fixed vocabulary of classes (``pm-table``, ``pm-num``, ``pm-key-figures``, ...) that the report
template's CSS styles for screen and print.

Every function returns an :class:`IPython.display.HTML` object, so the last expression of a cell
displays it. Use :func:`to_html` to get the markup as a string (e.g. in tests).
"""

from __future__ import annotations

import html as _html
import math
import numbers
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Literal

from IPython.display import HTML

from perfmethods.validation import check_columns, check_option

__all__ = [
    "bullet_list",
    "callout",
    "escape",
    "format_number",
    "heading",
    "key_figures",
    "paragraph",
    "table",
    "to_html",
]

#: Shown for missing values (None, NaN, NA) in tables and key figures.
MISSING = "—"

NumberFormat = str | Callable[[Any], str]


def escape(value: object) -> str:
    """HTML-escape ``str(value)``, quotes included."""
    return _html.escape(str(value), quote=True)


def to_html(obj: HTML | str) -> str:
    """Return the markup of an :class:`IPython.display.HTML` object (or a string unchanged)."""
    return obj if isinstance(obj, str) else str(obj.data)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (str, bytes, list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def format_number(value: object, spec: NumberFormat | None = None) -> str:
    """Format a number for a report.

    Parameters
    ----------
    value : object
        The value. Missing values (None, NaN, ``pd.NA``) give ``"—"``; non-numbers give ``str(value)``.
    spec : str or callable, optional
        A :func:`format` spec (``",.2f"``, ``".1%"``) or a function ``value -> str``. Without it, integers
        get thousands separators (``1,234``) and other numbers at most two decimals with trailing zeros
        removed (``87.5``, ``90``, ``1,234.57``).

    Returns
    -------
    str
        Plain text, not yet escaped.
    """
    if _is_missing(value):
        return MISSING
    if spec is not None:
        return spec(value) if callable(spec) else format(value, spec)
    if isinstance(value, bool) or not _is_number(value):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def table(
    df: Any,
    *,
    columns: Mapping[str, str] | None = None,
    number_formats: Mapping[str, NumberFormat] | None = None,
    caption: str | None = None,
    index: bool = False,
    empty_text: str = MISSING,
    nowrap: Collection[str] = (),
) -> HTML:
    """Render a DataFrame as an escaped, deterministic HTML table.

    Parameters
    ----------
    df : pandas.DataFrame
        The data. Column labels may be any objects; MultiIndex labels are joined with ``" / "``.
    columns : mapping of str to str, optional
        ``{column in df: header shown}``. When given, only these columns are shown, in this order
        (e.g. ``{"indicator_id": t("column.indicator_id", language), ...}``); a key missing from ``df``
        raises :class:`InputError`.
    number_formats : mapping of str to (str or callable), optional
        Per-column format (keys are the *df* column names), e.g. ``{"rate": ".1%", "budget": ",.2f"}``.
        Columns without one use :func:`format_number`'s defaults.
    caption : str, optional
        Table caption (escaped), shown above the table.
    index : bool, default False
        Also show the DataFrame index as the first column.
    empty_text : str
        Shown in a single row when ``df`` has no rows.
    nowrap : collection of str, optional
        Columns (keys of *df*) whose cells never wrap (``class="pm-nowrap"``): short names such as district
        names, which a browser would otherwise break one character per line when the table is wide.

    Returns
    -------
    IPython.display.HTML
        ``<table class="pm-table">``; numeric cells carry ``class="pm-num"`` (right-aligned by the
        report CSS), as do the headers of columns whose non-missing values are all numbers.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        df = pd.DataFrame(df)
    if columns is not None:
        check_columns(df, list(columns), name="df", func="table")
        frame = df.loc[:, list(columns)]
        headers = [str(columns[c]) for c in columns]
    else:
        frame = df
        headers = [" / ".join(str(p) for p in c) if isinstance(c, tuple) else str(c) for c in frame.columns]
    formats = dict(number_formats or {})
    if index:
        index_name = " / ".join(str(n) for n in frame.index.names if n is not None)
        headers = [index_name] + headers

    column_keys = list(frame.columns)
    check_columns(df, list(nowrap), name="df", func="table")
    unwrapped = ([False] if index else []) + [key in set(nowrap) for key in column_keys]
    numeric_column = []
    for position in range(len(column_keys)):
        values = [v for v in frame.iloc[:, position].tolist() if not _is_missing(v)]
        numeric_column.append(bool(values) and all(_is_number(v) for v in values))
    if index:
        index_values = [v for v in frame.index.tolist() if not _is_missing(v)]
        numeric_column = [bool(index_values) and all(_is_number(v) for v in index_values)] + numeric_column

    parts = ['<table class="pm-table">']
    if caption is not None:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>")
    for header, numeric in zip(headers, numeric_column, strict=True):
        cls = ' class="pm-num"' if numeric else ""
        parts.append(f'<th scope="col"{cls}>{escape(header)}</th>')
    parts.append("</tr></thead><tbody>")
    if len(frame) == 0:
        parts.append(
            f'<tr><td class="pm-empty" colspan="{max(len(headers), 1)}">{escape(empty_text)}</td></tr>'
        )
    for row_label, row in zip(frame.index.tolist(), frame.itertuples(index=False, name=None), strict=True):
        parts.append("<tr>")
        cells: list[tuple[object, NumberFormat | None]] = []
        if index:
            cells.append((row_label, None))
        cells.extend((value, formats.get(key)) for key, value in zip(column_keys, row, strict=True))
        for (value, spec), keep in zip(cells, unwrapped, strict=True):
            text = format_number(value, spec)
            classes = (["pm-num"] if _is_number(value) and not _is_missing(value) else []) + (
                ["pm-nowrap"] if keep else [])
            cls = f' class="{" ".join(classes)}"' if classes else ""
            parts.append(f"<td{cls}>{escape(text)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return HTML("".join(parts))


def _fill(text: str, fields: Mapping[str, object]) -> str:
    return text.format(**fields) if fields else text


def paragraph(text: str, /, **fields: object) -> HTML:
    """A paragraph of text, with optional ``str.format`` fields; the result is escaped.

    Examples
    --------
    >>> to_html(paragraph("项目 {name} 得分 {score:.1f}", name="<b>", score=87.46))
    '<p class="pm-paragraph">项目 &lt;b&gt; 得分 87.5</p>'
    """
    body = escape(_fill(text, fields)).replace("\n", "<br>")
    return HTML(f'<p class="pm-paragraph">{body}</p>')


def heading(text: str, level: int = 2, /, **fields: object) -> HTML:
    """A section heading (``<h1>``–``<h4>``), escaped. Use it for translated titles: ``heading(t(key, lang))``.

    Parameters
    ----------
    text : str
        The heading text; with ``fields``, a :meth:`str.format` template. Escaped after formatting.
    level : {1, 2, 3, 4}, default 2
        The heading level (``<h2>`` by default). Positional only, like ``text``.
    **fields : object
        Values for the ``str.format`` fields of ``text`` (escaped with it); without them ``text`` is
        used as it is, braces included.

    Returns
    -------
    IPython.display.HTML
        ``<h{level}>`` holding the escaped text.

    Raises
    ------
    InputError
        ``level`` is not 1, 2, 3 or 4.
    """
    check_option(level, (1, 2, 3, 4), name="level", func="heading")
    return HTML(f"<h{level}>{escape(_fill(text, fields))}</h{level}>")


def key_figures(mapping: Mapping[str, object], *, formats: Mapping[str, NumberFormat] | None = None) -> HTML:
    """A row of big numbers with their labels, e.g. ``{"总分": 87.5, "等级": "良"}``.

    Parameters
    ----------
    mapping : mapping of str to object
        ``{label: value}`` in display order. Numbers go through :func:`format_number`.
    formats : mapping of str to (str or callable), optional
        Per-label number format, e.g. ``{"预算执行率": ".1%"}``.
    """
    formats = dict(formats or {})
    items = []
    for label, value in mapping.items():
        text = format_number(value, formats.get(label))
        items.append(
            f'<div class="pm-figure"><div class="pm-figure-value">{escape(text)}</div>'
            f'<div class="pm-figure-label">{escape(label)}</div></div>'
        )
    return HTML(f'<div class="pm-key-figures">{"".join(items)}</div>')


def callout(text: str, kind: Literal["info", "warning"] = "info", /, **fields: object) -> HTML:
    """A highlighted note (``kind="info"``) or warning (``kind="warning"``), escaped.

    Parameters
    ----------
    text : str
        The message; with ``fields``, a :meth:`str.format` template. Escaped after formatting; line
        breaks become ``<br>``.
    kind : {"info", "warning"}, default "info"
        ``"info"`` gives a note (``role="note"``), ``"warning"`` an alert (``role="alert"``). Positional
        only, like ``text``.
    **fields : object
        Values for the ``str.format`` fields of ``text`` (escaped with it); without them ``text`` is
        used as it is, braces included.

    Returns
    -------
    IPython.display.HTML
        ``<div class="pm-callout pm-callout-{kind}">`` holding the escaped text.

    Raises
    ------
    InputError
        ``kind`` is not ``"info"`` or ``"warning"``.
    """
    check_option(kind, ("info", "warning"), name="kind", func="callout")
    role = "note" if kind == "info" else "alert"
    body = escape(_fill(text, fields)).replace("\n", "<br>")
    return HTML(f'<div class="pm-callout pm-callout-{kind}" role="{role}">{body}</div>')


def bullet_list(items: Iterable[object], *, ordered: bool = False) -> HTML:
    """A bulleted (or numbered) list of escaped items; an empty iterable gives an empty list.

    Parameters
    ----------
    items : iterable of object
        The entries, in order; each is shown as ``str(item)``, escaped.
    ordered : bool, default False
        ``True`` gives a numbered list (``<ol>``), ``False`` a bulleted one (``<ul>``).

    Returns
    -------
    IPython.display.HTML
        ``<ul class="pm-list">`` (or ``<ol class="pm-list">``) with one ``<li>`` per item.
    """
    tag = "ol" if ordered else "ul"
    body = "".join(f"<li>{escape(item)}</li>" for item in items)
    return HTML(f'<{tag} class="pm-list">{body}</{tag}>')
