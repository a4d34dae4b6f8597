"""Reading the tables users give us: CSV and XLSX, Chinese or English headers, title rows, merged cells.

Real tables are not tidy: a self-evaluation table (项目支出绩效自评表) starts with a title row, a year row
and blank rows; its header can span two rows ("年度指标值" over 指标性质 / 指标值 / 计量单位, or
"绩效指标" over 一级 / 二级 / 三级指标); 一级指标 cells are merged down many rows; CSV files come in UTF-8,
UTF-8 with a BOM, or GB18030 (what Excel writes as "CSV" on Chinese Windows). :func:`read_table` reads
all of these into a :class:`Table`: a DataFrame with canonical column names plus what is needed to say
*where* a value came from (file, sheet, spreadsheet row number, column as written).

Input files are read once, as bytes, and never written to.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfmethods.errors import InputError, SchemaError
from perfmethods.model.values import to_halfwidth

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "Table",
    "read_table",
    "header_key",
    "HEADER_SEARCH_ROWS",
    "EXCEL_SUFFIXES",
    "CSV_SUFFIXES",
    "MAX_TABLE_BYTES",
    "MAX_XLSX_UNPACKED_BYTES",
    "MAX_TABLE_ROWS",
    "MAX_TABLE_COLUMNS",
]

#: How many rows from the top are scanned for the header row.
HEADER_SEARCH_ROWS = 30
#: The largest CSV or XLSX file read, in bytes (64 MiB).
MAX_TABLE_BYTES = 64 * 1024 * 1024
#: The most an XLSX file (a zip archive) may hold once unpacked, in bytes (512 MiB): a guard against zip bombs.
MAX_XLSX_UNPACKED_BYTES = 512 * 1024 * 1024
#: The most rows a table may have (a million: Excel's own limit is 1,048,576).
MAX_TABLE_ROWS = 1_000_000
#: The most columns a table may have.
MAX_TABLE_COLUMNS = 1_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")

Cell = object
StopRule = Collection[str] | Callable[[Sequence[Cell]], bool]


@dataclass(frozen=True, eq=False)
class Table:
    """A table read from a CSV file or a worksheet, with the way back to the spreadsheet.

    Attributes
    ----------
    body : column → its cells, one per non-blank body row. Columns recognised through ``expected_headers``
        carry their canonical name (``"name"``, ``"weight"``...); other columns keep their header as written.
        Cells are as read: ``str`` (stripped) from CSV; ``str``, ``int``, ``float``, ``datetime`` or ``bool``
        from XLSX; ``None`` when blank. Cells of a merged range all hold the value of the range's top-left
        cell.
    data : the same cells as a DataFrame (dtype ``object``, a ``RangeIndex``), built on first use: the
        framework readers work on :attr:`body`, so that ``perfmethods lint`` never imports pandas.
    file : the path as given by the caller (used in messages).
    sheet : the worksheet name, ``None`` for CSV.
    rows : for each row of ``data``, its row number in the spreadsheet (1-based, as Excel shows it).
    header_rows : the spreadsheet row number(s) of the header (two for a two-row header).
    headers : column of ``data`` → the header as written in the file (``"分值"``, ``"年度指标值 / 指标值"``).
    preamble : the rows above the header, as read (title, year, project name, budget block...).
    footer : the row that ended the table (e.g. the 总分 row) by column of ``data``, or ``None``.
    footer_row : its spreadsheet row number, or ``None``.
    sheets : every sheet name of the workbook (empty for CSV).
    """

    body: Mapping[str, tuple[Cell, ...]]
    file: Path
    sheet: str | None = None
    rows: tuple[int, ...] = ()
    header_rows: tuple[int, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    preamble: tuple[tuple[Cell, ...], ...] = ()
    footer: Mapping[str, Cell] | None = None
    footer_row: int | None = None
    sheets: tuple[str, ...] = ()

    @cached_property
    def data(self) -> pd.DataFrame:
        """The cells of :attr:`body` as a DataFrame of dtype ``object``, one row per body row."""
        import pandas as pd

        if not self.body:
            return pd.DataFrame()
        return pd.DataFrame(
            {name: pd.Series(list(cells), dtype=object) for name, cells in self.body.items()},
            index=pd.RangeIndex(len(self.rows)),
        )

    @classmethod
    def from_frame(cls, data: pd.DataFrame, file: Path, **facts: Any) -> Table:
        """A table holding ``data`` as it is (a RangeIndex, one row per entry of ``rows``), for a reader that
        cleans the cells of :func:`read_table`'s table with pandas; ``facts`` are the other attributes."""
        table = cls({str(name): tuple(data[name].tolist()) for name in data.columns}, file, **facts)
        table.__dict__["data"] = data
        return table

    def row_number(self, index: int) -> int:
        """The spreadsheet row number (1-based) of row ``index`` (0-based position) of :attr:`data`."""
        return self.rows[index]

    def header(self, column: str) -> str:
        """The header of ``column`` as written in the file (the name itself when unknown)."""
        return self.headers.get(column, column)

    def location(
        self, index: int | None = None, column: str | None = None, **extra: object
    ) -> dict[str, object]:
        """A location for :class:`~perfmethods.errors.InputError`: file, sheet, row, column (as written),
        and any extra keys (``indicator=...``)."""
        where: dict[str, object] = {"file": str(self.file), "sheet": self.sheet}
        if index is not None:
            where["row"] = self.row_number(index)
        if column is not None:
            where["column"] = self.header(column)
        where.update(extra)
        return where


# -- raw grids ------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Grid:
    """The cells of one sheet: ``cells[r][c]`` (0-based) with merged ranges filled from their top-left."""

    name: str | None
    cells: list[list[Cell]]
    origin: dict[tuple[int, int], tuple[int, int]]

    def cell(self, r: int, c: int) -> Cell:
        row = self.cells[r]
        return row[c] if c < len(row) else None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.cells), default=0)

    def continues_left(self, r: int, c: int) -> bool:
        """Whether cell (r, c) belongs to the same merged range as (r, c - 1)."""
        return c > 0 and (r, c) in self.origin and self.origin[(r, c)] == self.origin.get((r, c - 1))


#: First characters that make a spreadsheet program evaluate a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _formula_like(text: str) -> bool:
    """Text that a spreadsheet would evaluate once any leading apostrophes are removed."""
    bare = text.lstrip("'")
    return bool(bare) and bare[0] in FORMULA_TRIGGERS and not _is_number(bare)


#: The time stamp written into every workbook the package saves (the ZIP format's earliest date), so that the
#: same content gives the same bytes.
WORKBOOK_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def workbook_bytes(workbook: Workbook) -> bytes:
    """The bytes of an XLSX workbook, the same for the same content (byte-reproducible).

    openpyxl stamps the time of saving into the document properties (``docProps/core.xml``: created, modified)
    and into every entry of the ZIP archive; both are set to :data:`WORKBOOK_TIMESTAMP` here, the entries kept in
    their order and compressed as openpyxl does.

    Parameters
    ----------
    workbook : an ``openpyxl.Workbook``.
    """
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % WORKBOOK_TIMESTAMP
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(lambda m: m.group(1) + stamp.encode() + m.group(2), data)
            entry = zipfile.ZipInfo(info.filename, date_time=WORKBOOK_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    return out.getvalue()


def escape_formula(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula (``=HYPERLINK(…)``, ``+1+1``,
    ``@SUM(…)``, ``-2+3``); numbers (``-5``, ``+3.5``) are left as they are. :func:`read_table` removes the
    ``'`` again, so a written table reads back unchanged (text that already starts with ``'=`` gets a second
    apostrophe, so the round trip holds for every text).

    Parameters
    ----------
    value : the cell text.
    """
    return "'" + value if _formula_like(value) else value


def unescape_formula(value: str) -> str:
    """Undo :func:`escape_formula`: ``'=x`` → ``=x``, ``''=x`` → ``'=x``; any other text is returned unchanged.

    Parameters
    ----------
    value : the cell text as stored.
    """
    return value[1:] if value.startswith("'") and _formula_like(value) else value


def _clean_cell(value: Cell) -> Cell:
    if isinstance(value, str):
        value = value.strip()
        return value if value else None
    return value


def _check_exists(path: Path) -> None:
    """A missing file, a directory or a symbolic link loop is named as such (before the file type is looked at)."""
    if path.is_symlink() and not path.exists():
        raise InputError("the file is a symbolic link loop or a broken link", location={"file": str(path)})
    if not path.exists():
        raise InputError(
            f"the file does not exist (looked for {path.absolute()})", location={"file": str(path)}
        )
    if path.is_dir():
        raise InputError("expected a file but this is a directory", location={"file": str(path)})


def _read_bytes(path: Path) -> bytes:
    _check_exists(path)
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            raise InputError(
                f"the file is larger than {MAX_TABLE_BYTES // (1024 * 1024)} MiB ({size} bytes); a table the "
                "package reads is far smaller: is this the right file?",
                location={"file": str(path)},
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"the file cannot be read: {exc.strerror or exc}", location={"file": str(path)}
        ) from None


def _decode_csv(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030; UTF-16 with a BOM (Excel's "Unicode text")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(  # pragma: no cover - gb18030 decodes almost any byte string
        "the CSV file is neither UTF-8 nor GB18030 text; save it from Excel as 'CSV UTF-8'",
        location={"file": str(path)},
    )


def _csv_grid(data: bytes, path: Path) -> _Grid:
    text = _decode_csv(data, path)
    head = text[:8192].splitlines()[:20]
    delimiter = ","
    if path.suffix.lower() == ".tsv" or sum(line.count("\t") for line in head) > sum(
        line.count(",") for line in head
    ):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells: list[list[Cell]] = []
    last: list[str] = []
    start = line = 1
    try:
        for row in reader:
            start, line, last = line, reader.line_num + 1, row
            if len(cells) >= MAX_TABLE_ROWS:
                raise InputError(
                    f"the table has more than {MAX_TABLE_ROWS:,} rows; is this the right file?",
                    location={"file": str(path)},
                )
            if len(row) > MAX_TABLE_COLUMNS:
                raise InputError(
                    f"row {reader.line_num} has {len(row):,} columns, more than {MAX_TABLE_COLUMNS:,}; check the "
                    "separator (comma or tab) and that this is the right file",
                    location={"file": str(path), "row": reader.line_num},
                )
            cells.append([_clean_cell(unescape_formula(value)) for value in row])
    except csv.Error as exc:
        raise InputError(f"the CSV file cannot be parsed: {exc}", location={"file": str(path)}) from None
    _check_quotes(text, last, start, path)
    return _Grid(None, cells, {})


def _check_quotes(text: str, last: Sequence[str], start: int, path: Path) -> None:
    """Refuse a CSV whose quotes do not pair up and whose last cell therefore ran to the end of the file: the
    csv module reads everything after an unpaired quote as one cell, and the error would surface far away
    ("row 5 weight is empty"). A quote inside an unquoted cell (``5" screen``) stays accepted."""
    if text.count('"') % 2 == 0 or not last or "\n" not in last[-1]:
        return
    raise InputError(
        f"a quote (\") opened on line {start} is never closed, so the rest of the file would be read as one "
        "cell; remove the stray quote or close it",
        location={"file": str(path), "row": start},
    )


def _open_workbook(data: bytes, path: Path) -> Workbook:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl's "unknown extension" chatter
            # Not read_only: merged cell ranges are only available in the normal mode. The workbook is
            # loaded from bytes in memory, so the file itself is never opened for writing.
            return openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"the file cannot be read as an Excel workbook (.xlsx): {exc}; save it from Excel as .xlsx",
            location={"file": str(path)},
        ) from None


def _check_unpacked(data: bytes, path: Path) -> None:
    """Refuse an XLSX archive that unpacks to more than MAX_XLSX_UNPACKED_BYTES (read from the zip directory)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # reported by _open_workbook, with the advice to save as .xlsx
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise InputError(
            f"the workbook unpacks to more than {MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MiB; is this the "
            "right file?",
            location={"file": str(path)},
        )


def _is_percent_format(number_format: object) -> bool:
    """Whether an Excel number format shows the value as a percentage (``0%``, ``0.0%``; not ``"%"`` as text)."""
    if not isinstance(number_format, str) or "%" not in number_format:
        return False
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format)  # quoted literals and escaped characters
    return "%" in unquoted


def _cell_value(cell: object) -> Cell:
    """A cell's value as the reader sees it: a number formatted as a percentage becomes the text Excel shows.

    Excel stores 96 % as 0.96 with the format ``0%``; read bare, 0.96 against a target of "≥95%" would be a
    completion of 1 %. The exact decimal is kept (0.955 → "95.5%"), not Excel's rounded display.
    """
    value = getattr(cell, "value", None)
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and _is_percent_format(getattr(cell, "number_format", None))
    ):
        scaled = (Decimal(repr(float(value))) * 100).normalize()
        return f"{scaled:f}%"
    return value


def _sheet_grid(ws: Worksheet, path: Path | None = None) -> _Grid:
    if ws.max_row > MAX_TABLE_ROWS or ws.max_column > MAX_TABLE_COLUMNS:
        raise InputError(
            f"the sheet uses {ws.max_row:,} rows and {ws.max_column:,} columns, more than the "
            f"{MAX_TABLE_ROWS:,} rows and {MAX_TABLE_COLUMNS:,} columns a table may have; delete the unused "
            "rows and columns, or check that this is the right file",
            location={"file": None if path is None else str(path), "sheet": ws.title},
        )
    cells = [[_clean_cell(_cell_value(c)) for c in row] for row in ws.iter_rows()]
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        r0, c0 = rng.min_row - 1, rng.min_col - 1
        while len(cells) < rng.max_row:
            cells.append([])
        value = cells[r0][c0] if c0 < len(cells[r0]) else None
        for r in range(r0, rng.max_row):
            row = cells[r]
            if len(row) < rng.max_col:
                row.extend([None] * (rng.max_col - len(row)))
            for c in range(c0, rng.max_col):
                row[c] = value
                origin[(r, c)] = (r0, c0)
    return _Grid(ws.title, cells, origin)


def _workbook_grids(path: Path, sheet: str | int | None) -> tuple[Iterator[_Grid], tuple[str, ...]]:
    """The grids to try (one when ``sheet`` is given, else every sheet in order, read lazily) and all
    sheet names (empty for CSV)."""
    suffix = path.suffix.lower()
    where = {"file": str(path)}
    _check_exists(path)
    if suffix == ".xls":
        raise InputError(
            "the old Excel format .xls is not supported; open the file in Excel and save it as .xlsx",
            location=where,
        )
    if suffix not in EXCEL_SUFFIXES + CSV_SUFFIXES:
        raise InputError(f"unsupported file type '{path.suffix}'; expected .csv or .xlsx", location=where)
    data = _read_bytes(path)
    if suffix in CSV_SUFFIXES:
        if sheet not in (None, 0):
            raise InputError(
                f"a sheet ({sheet!r}) was given but a CSV file has no sheets; remove the sheet argument",
                location=where,
            )
        return iter([_csv_grid(data, path)]), ()
    _check_unpacked(data, path)
    wb = _open_workbook(data, path)
    names = tuple(wb.sheetnames)
    if sheet is None:
        return (_sheet_grid(wb[name], path) for name in names), names
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(names):
            raise InputError(
                f"the workbook has no sheet number {sheet} (counting from 0); its sheets are {list(names)}",
                location=where,
            )
        return iter([_sheet_grid(wb[names[sheet]], path)]), names
    wanted = str(sheet)
    if wanted not in names:
        matches = [n for n in names if header_key(n) == header_key(wanted)]
        if len(matches) != 1:
            raise InputError(
                f"the workbook has no sheet named '{wanted}'; its sheets are {list(names)}", location=where
            )
        wanted = matches[0]
    return iter([_sheet_grid(wb[wanted], path)]), names


def read_sheet_cells(path: str | Path) -> dict[str, list[list[Cell]]]:
    """The cells of every sheet of an XLSX workbook, as :func:`read_table` sees them, for layouts that are not
    tables (a pairwise matrix, a form).

    The same checks as :func:`read_table`: the file exists and is an ``.xlsx`` workbook within the size limits
    (``MAX_XLSX_UNPACKED_BYTES``, ``MAX_TABLE_ROWS`` × ``MAX_TABLE_COLUMNS``); a number formatted as a
    percentage is the text Excel shows (``"95.5%"``); text is stripped and an empty cell is ``None``; a merged
    range repeats its top-left value.

    Parameters
    ----------
    path : the workbook.

    Returns
    -------
    dict : sheet name → rows (0-based lists of cells; row r is spreadsheet row r + 1, column c is column c + 1),
        in workbook order.
    """
    path = Path(path)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise InputError(f"expected an Excel workbook (.xlsx); got '{path.suffix}'", location={"file": str(path)})
    grids, _ = _workbook_grids(path, None)
    return {str(grid.name): grid.cells for grid in grids}


# -- header matching ------------------------------------------------------------------------------

_KEY_DROP = re.compile(r"[\s_\-*:]+")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def header_key(text: object) -> str:
    """The comparison key of a header: ASCII forms of full-width characters, lower case, no white space,
    underscores, hyphens, asterisks or colons: ``" 指标名称： "`` → ``"指标名称"``,
    ``"Level_1"`` → ``"level1"``."""
    return _KEY_DROP.sub("", to_halfwidth(str(text)).lower())


def _keys(text: object) -> tuple[str, ...]:
    key = header_key(text)
    bare = _PARENS.sub("", key)  # "分值(分)" → "分值", "年初预算数(万元)" → "年初预算数"
    return (key, bare) if bare and bare != key else (key,)


class _Matcher:
    def __init__(self, expected: Mapping[str, Collection[str]] | None) -> None:
        self.lookup: dict[str, str] = {}
        self.spellings: dict[str, list[str]] = {}
        for canonical, aliases in (expected or {}).items():
            self.spellings[canonical] = list(dict.fromkeys([*aliases, canonical]))
            for alias in self.spellings[canonical]:
                key = header_key(alias)
                other = self.lookup.setdefault(key, canonical)
                if other != canonical:
                    raise ValueError(f"header alias {alias!r} is given for both {other!r} and {canonical!r}")

    def match(self, text: object) -> str | None:
        if text is None:
            return None
        for key in _keys(text):
            if key in self.lookup:
                return self.lookup[key]
        return None


@dataclass(frozen=True)
class _Column:
    index: int
    written: str
    canonical: str | None


def _label(value: Cell) -> str:
    text = str(value).strip()
    return re.sub(r"\s*\n\s*", "", text) if "\n" in text else text


def _header_columns(grid: _Grid, rows: tuple[int, ...], matcher: _Matcher) -> list[_Column]:
    """The columns defined by header row(s) ``rows`` (one or two consecutive rows)."""
    out: list[_Column] = []
    for c in range(grid.width):
        if all(grid.continues_left(r, c) for r in rows):
            continue  # a merged header cell spanning several columns defines one column
        if len(rows) == 1:
            value = grid.cell(rows[0], c)
            if value is None:
                continue
            out.append(_Column(c, _label(value), matcher.match(value)))
            continue
        parent, child = grid.cell(rows[0], c), grid.cell(rows[1], c)
        if child is None or child == parent:
            if parent is None:
                continue
            out.append(_Column(c, _label(parent), matcher.match(parent)))
        elif parent is None:
            out.append(_Column(c, _label(child), matcher.match(child)))
        else:
            canonical = matcher.match(child) or matcher.match(f"{parent}{child}")
            out.append(_Column(c, f"{_label(parent)} / {_label(child)}", canonical))
    return out


def _score(columns: list[_Column]) -> int:
    return len({col.canonical for col in columns if col.canonical})


def _find_header(
    grid: _Grid, matcher: _Matcher, search_rows: int
) -> tuple[tuple[int, ...], list[_Column]] | None:
    limit = min(len(grid.cells), search_rows)
    singles: dict[int, tuple[int, list[_Column]]] = {}
    for r in range(min(len(grid.cells), limit + 1)):
        if any(v is not None for v in grid.cells[r]):
            columns = _header_columns(grid, (r,), matcher)
            singles[r] = (_score(columns), columns)
    best: tuple[int, tuple[int, ...], list[_Column]] | None = None
    for r in range(limit):
        if r not in singles:
            continue
        score, columns = singles[r]
        if score > 0 and (best is None or score > best[0]):
            best = (score, (r,), columns)
        if r + 1 in singles:
            # A two-row header only when the pair recognises more columns than either row alone.
            pair = _header_columns(grid, (r, r + 1), matcher)
            pair_score = _score(pair)
            if pair_score > max(score, singles[r + 1][0]) and (best is None or pair_score > best[0]):
                best = (pair_score, (r, r + 1), pair)
    if best is not None:
        return best[1], best[2]
    for r in range(limit):  # nothing recognised: the first non-blank row is the header
        if any(v is not None for v in grid.cells[r]):
            return (r,), _header_columns(grid, (r,), matcher)
    return None


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _is_stop(row: Sequence[Cell], stop_at: StopRule) -> bool:
    if callable(stop_at):
        return bool(stop_at(row))
    if not stop_at:
        return False
    keys = {header_key(word) for word in stop_at}
    return any(value is not None and header_key(value) in keys for value in row)


# -- public API -----------------------------------------------------------------------------------


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    expected_headers: Mapping[str, Collection[str]] | None = None,
    required: Collection[str] = (),
    stop_at: StopRule = (),
    header_search_rows: int = HEADER_SEARCH_ROWS,
) -> Table:
    """Read a CSV file or a worksheet into a :class:`Table`, finding the header row automatically.

    Parameters
    ----------
    path : a ``.csv`` (UTF-8, UTF-8 with BOM, or GB18030; comma- or tab-separated) or ``.xlsx`` file.
    sheet : worksheet name or 0-based number. ``None`` tries the sheets in order and uses the first whose
        header has every ``required`` column (so an instructions sheet in front is skipped).
    expected_headers : canonical column name → accepted spellings, e.g.
        ``{"weight": {"分值", "权重", "points"}}``. Matching ignores case, white space, full-width forms,
        ``_``/``-``, and a trailing note in brackets (``"分值（分）"`` matches ``"分值"``). Columns not
        listed keep their header as written; columns with an empty header are ignored.
    required : canonical names that must be present.
    stop_at : words (e.g. ``{"总分", "合计"}``) such that a row containing a cell equal to one of them
        ends the table (the row is kept as :attr:`Table.footer`), or a function of the row's cells.
    header_search_rows : how many rows from the top to scan for the header.

    Returns
    -------
    Table

    Notes
    -----
    The header is the row among the first ``header_search_rows`` that matches the most distinct
    canonical names; a pair of rows is used instead when their combination matches more (two-row
    headers: a merged parent cell over sub-columns, the sub-column's own label wins). Without any match
    the first non-blank row is the header. Merged cells are resolved from the workbook: every cell of a
    merged range takes the value of its top-left cell. Fully blank rows are skipped.

    Raises
    ------
    InputError
        The file is missing or unreadable, the type is not CSV/XLSX, or the sheet does not exist.
    SchemaError
        A required column is absent, or two columns mean the same thing.
    """
    path = Path(path)
    matcher = _Matcher(expected_headers)
    grids, sheets = _workbook_grids(path, sheet)
    failure: SchemaError | None = None
    tried: list[str | None] = []
    for grid in grids:
        tried.append(grid.name)
        try:
            return _table_from_grid(grid, path, sheets, matcher, required, stop_at, header_search_rows)
        except SchemaError as exc:
            failure = failure or exc
    assert failure is not None
    if len(tried) > 1:
        raise SchemaError(
            f"{_strip_where(failure)}; no other sheet has these columns either (sheets tried: "
            f"{tried}); pass sheet=... to choose one",
            location=failure.location,
        ) from None
    raise failure


def _strip_where(exc: InputError) -> str:
    """The message of ``exc`` without its location prefix."""
    from perfmethods.errors import located

    text = str(exc.args[0]) if exc.args else str(exc)
    prefix = located(**exc.location)
    return text[len(prefix) + 2 :] if prefix and text.startswith(prefix + ": ") else text


def _header_width(
    grid: _Grid, header_rows: tuple[int, ...], columns: Sequence[_Column], matcher: _Matcher
) -> int | None:
    """How many columns the CSV header spans (through its last non-blank cell); ``None`` when the header row is
    only a guess (no expected column found in it, or a single cell: a title row above the real header)."""
    width, count = 0, 0
    for r in header_rows:
        filled = [c for c, v in enumerate(grid.cells[r]) if v is not None]
        width = max(width, filled[-1] + 1 if filled else 0)
        count = max(count, len(filled))
    matched = any(col.canonical for col in columns)
    if matched or (not matcher.lookup and count >= 2):
        return width
    return None


def _check_row_width(cells: Sequence[Cell], width: int, columns: Sequence[_Column],
                     where: Mapping[str, object]) -> None:
    """Refuse a CSV row with a value beyond the header's last column: most often a number written with a
    thousands separator (``1,200``) that the comma split in two, silently reading 1."""
    extra = [v for v in cells[width:] if v is not None]
    if not extra:
        return
    last = next((col.written for col in columns if col.index == width - 1), _letter(width - 1))
    raise InputError(
        f"this row has {len(cells)} cells but the header has {width} columns: the value "
        f"'{extra[0]}' is beyond the last column ('{last}'). A number written with a thousands separator "
        "(1,200) must be written 1200 or put in quotes (\"1,200\")",
        location=dict(where),
    )


def _table_from_grid(
    grid: _Grid,
    path: Path,
    sheets: tuple[str, ...],
    matcher: _Matcher,
    required: Collection[str],
    stop_at: StopRule,
    search_rows: int,
) -> Table:
    where = {"file": str(path), "sheet": grid.name}
    found = _find_header(grid, matcher, search_rows)
    if found is None:
        if required:
            raise SchemaError(
                "the table is empty; expected a header row with the columns " + _spell(matcher, required),
                location=where,
            )
        return Table({}, path, grid.name, sheets=sheets)
    header_rows, columns = found
    present = {col.canonical for col in columns if col.canonical}
    missing = [name for name in required if name not in present]
    if missing:
        written = [col.written for col in columns]
        raise SchemaError(
            f"the required column{'s' if len(missing) > 1 else ''} {_spell(matcher, missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing; the header found (row "
            f"{header_rows[0] + 1}) has the columns {written}. Rename a column to one of the accepted "
            "spellings or add it",
            location={**where, "column": ", ".join(missing)},
        )
    names: list[str] = []
    headers: dict[str, str] = {}
    taken: dict[str, _Column] = {}
    for col in columns:
        name = col.canonical or col.written
        if name in taken:
            first = taken[name]
            if col.canonical:
                raise SchemaError(
                    f"columns '{first.written}' ({_letter(first.index)}) and '{col.written}' "
                    f"({_letter(col.index)}) both mean '{col.canonical}'; keep one of them",
                    location={**where, "row": header_rows[-1] + 1, "column": col.written},
                )
            k = 2
            while f"{name} ({k})" in taken:
                k += 1
            name = f"{name} ({k})"
        taken[name] = col
        names.append(name)
        headers[name] = col.written
    body: dict[str, list[Cell]] = {name: [] for name in names}
    rows: list[int] = []
    footer: dict[str, Cell] | None = None
    footer_row: int | None = None
    header_width = _header_width(grid, header_rows, columns, matcher) if grid.name is None else None
    for r in range(header_rows[-1] + 1, len(grid.cells)):
        cells = grid.cells[r]
        if all(v is None for v in cells):
            continue
        values = [grid.cell(r, col.index) for col in columns]
        if _is_stop(cells, stop_at):
            footer = dict(zip(names, values, strict=True))
            footer_row = r + 1
            break
        if header_width is not None:
            _check_row_width(cells, header_width, columns, {"file": str(path), "row": r + 1})
        if all(v is None for v in values):
            continue
        for name, value in zip(names, values, strict=True):
            body[name].append(value)
        rows.append(r + 1)
    preamble = tuple(tuple(row) for row in grid.cells[: header_rows[0]])
    return Table(
        {name: tuple(cells) for name, cells in body.items()},
        path,
        grid.name,
        tuple(rows),
        tuple(r + 1 for r in header_rows),
        headers,
        preamble,
        footer,
        footer_row,
        sheets,
    )


def _spell(matcher: _Matcher, names: Collection[str]) -> str:
    parts = []
    for name in names:
        spellings = [s for s in matcher.spellings.get(name, [name]) if s != name]
        parts.append(f"'{name}' ({' / '.join(spellings)})" if spellings else f"'{name}'")
    return ", ".join(parts)


def relocated(exc: InputError, location: Mapping[str, object]) -> InputError:
    """A copy of ``exc`` (same class, same message) whose location also names ``location``.

    Used to add the file, sheet and row to an error raised by a constructor that only knew the
    indicator id (e.g. :class:`~perfmethods.model.framework.Indicator`). Keys known to ``exc`` win.
    """
    merged = {**dict(location), **{k: v for k, v in exc.location.items() if v is not None}}
    return type(exc)(_strip_where(exc), location=merged)
