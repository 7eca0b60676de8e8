"""Results files as sheets of rows, each row knowing the line it was read from, whatever wrote
the file: a CSV (one sheet) in any encoding Excel saves, or an xlsx workbook (every sheet).

- CSV: UTF-8 with or without a byte order mark, GB18030/GBK (Chinese Excel's "CSV"), Big5
  (Taiwan Excel's) or UTF-16 (Excel's "Unicode text"); commas, semicolons or tabs, and Excel's
  "sep=;" first line. A row's line is the physical line it starts on, line breaks inside quoted
  fields counted.
- xlsx: read with openpyxl (read-only, the values Excel last computed); a row's line is its
  row number. Numbers are text as typed (7, not 7.0), dates ISO (2026-10-12).

Bounds (trainerkit/limits.py): a file of at most MAX_RESULTS_BYTES, an xlsx whose parts unpack to
at most that (checked from the zip's directory before openpyxl opens it), at most
MAX_RESULTS_ROWS rows with something in them. Blank rows are left out. A symbolic link, a file
outside the course or a file that is not what its name says is a located error, never a
traceback.

The column words every reader knows (learner, name, version ...) are here too, with their
Chinese names (HEADERS), so that every kind of file reads its headers alike.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import functools
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from .. import limits
from ..errors import Diagnostics, Location
from ..files import read_regular
from ..reading import unreadable
from ..messages import Msg, _
from ..text import XML_FORBIDDEN

EXCEL_COLUMNS = 16_384  # XFD, Excel's last column: openpyxl pads a row to it, never further
EXCEL_ROWS = 1_048_576  # Excel's last row: a sheet claiming more is not a workbook Excel wrote


@dataclass(frozen=True)
class Row:
    """One row with something in it: its line (CSV) or row number (xlsx), and its cells as text,
    stripped of spaces around them."""

    line: int
    cells: tuple[str, ...]

    def get(self, k: int | None) -> str:
        """The cell of column k ("" past the row's end, or when k is None)."""
        return self.cells[k] if k is not None and 0 <= k < len(self.cells) else ""


@dataclass(frozen=True)
class Sheet:
    """A CSV file, or one sheet of a workbook (name: the sheet's name; "" for a CSV). rows: the
    rows with something in them, the header first."""

    path: Path
    name: str
    rows: tuple[Row, ...]

    @property
    def header(self) -> Row | None:
        return self.rows[0] if self.rows else None

    @property
    def body(self) -> tuple[Row, ...]:
        return self.rows[1:]

    def loc(self, line: int = 0) -> Location:
        return Location.of(self.path, line)

    def said(self, message: Msg) -> Msg:
        """A message about this sheet: a workbook's names the sheet first."""
        return _('sheet "{sheet}": {problem}', sheet=self.name, problem=message) if self.name else message

    def error(self, diags: Diagnostics, line: int, message: Msg) -> None:
        diags.error(self.loc(line), self.said(message))

    def warning(self, diags: Diagnostics, line: int, message: Msg) -> None:
        diags.warning(self.loc(line), self.said(message))


@dataclass(frozen=True)
class ResultsFile:
    """A results file read: its path and its sheets (one for a CSV)."""

    path: Path
    sheets: tuple[Sheet, ...]
    xlsx: bool = False

    @property
    def stem(self) -> str:
        """The file's name without its suffix: the cohort it names by default; for an
        evaluation file, what follows "evaluation-" (evaluation-2026-10.csv: 2026-10), so
        that the forms join their cohort's answers."""
        stem = self.path.name.rsplit(".", 1)[0]
        m = re.fullmatch(r"evaluation[\s_\-]+(.+)", stem, re.I)
        return m.group(1) if m else stem


# -- the words of headers ---------------------------------------------------------------------

LEARNER, NAME, VERSION, SCENARIO, COHORT, DATE, TEAM = (
    "learner", "name", "version", "scenario", "cohort", "date", "team")

# What each column may be headed, in English, Simplified and Traditional Chinese (compared as
# header_key() makes them: NFKC, case folded, without spaces, "_" or "-").
HEADERS: dict[str, tuple[str, ...]] = {
    LEARNER: ("learner", "learner id", "learner no", "id", "employee id", "employee no",
              "staff id", "staff no", "student id", "agent id", "user id",
              "工号", "员工号", "员工编号", "员工工号", "学号", "学员编号", "学员工号", "编号",
              "人员编号", "坐席工号", "账号",
              "工號", "員工號", "員工編號", "員工工號", "學號", "學員編號", "學員工號", "編號",
              "人員編號", "帳號"),
    NAME: ("name", "full name", "learner name", "student name", "employee name",
           "姓名", "名字", "学员", "学员姓名", "员工姓名", "学员名称",
           "學員", "學員姓名", "員工姓名", "學員名稱"),
    VERSION: ("version", "paper", "paper version", "版本", "试卷", "试卷版本", "卷别", "卷",
              "試卷", "試卷版本", "卷別"),
    SCENARIO: ("scenario", "roleplay", "role play", "情景", "场景", "角色扮演", "演练", "情景演练",
               "情境", "場景", "演練", "情境演練"),
    COHORT: ("cohort", "class", "run", "期次", "班次", "期别", "批次", "班期", "期别名称",
             "期別", "梯次"),
    DATE: ("date", "class date", "日期", "培训日期", "考试日期", "上课日期",
           "培訓日期", "考試日期", "上課日期"),
    TEAM: ("team", "group", "班组", "小组", "组别", "团队", "组", "班組", "小組", "組別", "團隊", "組"),
}
_SPACES = re.compile(r"[\s_\-]+")


def header_key(text: str) -> str:
    """A header as compared: NFKC (full-width letters as ASCII), case folded, without spaces,
    underscores or hyphens."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text).casefold())


_KNOWN = {header_key(word): column for column, words in HEADERS.items() for word in words}


def column_of(header: str) -> str | None:
    """Which of the known columns (LEARNER, NAME ...) a header names, None for another."""
    return _KNOWN.get(header_key(header))


def known_columns(row: Row, wanted: tuple[str, ...] = tuple(HEADERS)) -> dict[str, int]:
    """The known columns of a header row, by the index of the first cell naming each."""
    found: dict[str, int] = {}
    for k, cell in enumerate(row.cells):
        column = column_of(cell)
        if column in wanted and column not in found:
            found[column] = k
    return found


# -- reading ----------------------------------------------------------------------------------


def read_file(path: Path, root: Path, diags: Diagnostics) -> ResultsFile | None:
    """A results file as sheets of rows, or None with a located error."""
    if path.is_symlink() or not _inside(root, path):
        diags.error(Location.of(path), _("this results file links to a file outside the course "
                                         "folder, or is a link; copy the file into the course "
                                         "instead of linking it"))
        return None
    try:
        data = read_regular(path, limits.MAX_RESULTS_BYTES, follow=False)
    except OSError as e:
        unreadable(e, path, diags, Location.of(path), _(
            "this results file is larger than {most:,} bytes (the limit MAX_RESULTS_BYTES); split it "
            "into one file per cohort", most=limits.MAX_RESULTS_BYTES))
        return None
    if path.suffix.casefold() == ".xlsx":
        sheets = _read_xlsx(path, data, diags)
        return None if sheets is None else ResultsFile(path, sheets, xlsx=True)
    sheet = _read_csv(path, data, diags)
    return None if sheet is None else ResultsFile(path, (sheet,))


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _clean(cell: str) -> str:
    cell = cell.strip()
    return XML_FORBIDDEN.sub("", cell) if XML_FORBIDDEN.search(cell) else cell


def _too_many_rows(path: Path, line: int, diags: Diagnostics, sheet: str = "") -> None:
    message = _("this file has more than {most:,} rows (the limit MAX_RESULTS_ROWS); split it "
                "into one file per cohort", most=limits.MAX_RESULTS_ROWS)
    Sheet(path, sheet, ()).error(diags, line, message)


# -- CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path, data: bytes, diags: Diagnostics) -> Sheet | None:
    text = decode(data)
    if text is None:
        from ..reading import likely_encoding

        _codec, name = likely_encoding(data)
        if b"\0" in data[:8192] or data[:4] == b"PK\x03\x04":
            message = _("this is not a CSV file (it holds binary data); save it from Excel as "
                        '"CSV UTF-8 (Comma delimited)", or as an Excel workbook (.xlsx)')
        elif name:
            message = _("this CSV file is not in an encoding trainerkit reads (UTF-8, GB18030 or "
                        "Big5): it is most likely {encoding}; save it from Excel as "
                        '"CSV UTF-8 (Comma delimited)"', encoding=name)
        else:
            message = _("this CSV file is not in an encoding trainerkit reads (UTF-8, GB18030 or "
                        'Big5); save it from Excel as "CSV UTF-8 (Comma delimited)"')
        binary = b"\0" in data[:8192] or data[:4] == b"PK\x03\x04"
        diags.error(Location.of(path, 0 if binary else 1), message)
        return None
    if "\0" in text:
        diags.error(Location.of(path), _("this is not a CSV file (it holds binary data); save it "
                                         'from Excel as "CSV UTF-8 (Comma delimited)", or as an '
                                         "Excel workbook (.xlsx)"))
        return None
    lines = io.StringIO(text, newline="")
    first = lines.readline()
    skip = 0
    if re.fullmatch(r"sep=(.)\r?\n?", first.lstrip("\ufeff")):  # Excel's "sep=;" line
        delimiter, skip = first.lstrip("\ufeff")[4], 1
    else:
        delimiter = _delimiter(first)
        lines.seek(0)
    rows: list[Row] = []
    reader = csv.reader(lines, delimiter=delimiter)
    start = skip + 1
    try:
        for record in reader:
            cells = tuple(_clean(c) for c in record)
            while cells and not cells[-1]:
                cells = cells[:-1]
            if cells:
                if len(rows) >= limits.MAX_RESULTS_ROWS:
                    _too_many_rows(path, start, diags)
                    return None
                rows.append(Row(start, cells))
            start = skip + reader.line_num + 1
    except csv.Error as e:
        diags.error(Location.of(path, start), _("this CSV line cannot be read ({problem}); save the "
                                                "file again from Excel as CSV", problem=str(e)))
        return None
    return Sheet(path, "", tuple(rows))


def _delimiter(line: str) -> str:
    """The separator of a CSV by its first line, quoted text left out: commas, unless there are
    more semicolons (Excel in much of Europe) or tabs."""
    bare = re.sub(r'"[^"]*"', "", line)
    counts = {d: bare.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def decode(data: bytes) -> str | None:
    """The text of a CSV as Excel saves it, None when no encoding reads it: UTF-8 (with or
    without a byte order mark) or UTF-16 with its mark, strictly, first; then GB18030 and Big5,
    the one whose text looks like Chinese when both read it (Big5 read as GB18030 makes kana,
    Greek and characters outside GB2312; GB2312 read as Big5 makes no such thing, so a text
    that reads cleanly as GB18030 is GB18030); then whatever charset-normalizer finds."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    readings = {}
    for codec in ("gb18030", "cp950", "big5hkscs"):
        try:
            readings[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    gb = readings.get("gb18030")
    big5 = readings.get("cp950", readings.get("big5hkscs"))
    chinese = gb if big5 is None or (gb is not None and _odd(gb, gb=True) <= _odd(big5, gb=False)) else big5
    if chinese is not None and not _ascii_around(chinese):
        return chinese
    from ..reading import likely_encoding

    codec, _name = likely_encoding(data)
    if codec and codec not in _CHINESE_CODECS:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    return chinese


_CHINESE_CODECS = ("gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950")
_NOT_CHINESE = re.compile("[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\ue000-\uf8ff]")


def _odd(text: str, gb: bool) -> int:
    """How many characters of a Chinese reading look wrong: kana, Greek, Cyrillic, box drawing
    or private use (what another encoding's bytes make), and for GB18030 a character GB2312
    lacks (GBK's rarer half, where Big5's common characters land)."""
    odd = len(_NOT_CHINESE.findall(text))
    if gb:
        for ch in set(text):
            if ord(ch) > 0x7F:
                try:
                    ch.encode("gb2312")
                except UnicodeEncodeError:
                    odd += text.count(ch)
    return odd


_IDEOGRAPH_IN_A_WORD = re.compile(r"[A-Za-z][\u3400-\u9fff]|[\u3400-\u9fff][A-Za-z]")


def _ascii_around(text: str) -> bool:
    """Whether a Chinese character sits inside a Latin word ("Jo\u9686"): Western text (José,
    Windows-1252) read as Chinese."""
    return bool(_IDEOGRAPH_IN_A_WORD.search(text))


# -- xlsx -------------------------------------------------------------------------------------

# What openpyxl raises on a broken workbook: a missing or misnamed part, XML it cannot parse, a
# value of the wrong type, a damaged zip stream.
_BROKEN = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, TypeError, IndexError,
           AttributeError, ParseError, EOFError, zlib.error, OSError, UnicodeDecodeError)


def _not_a_workbook(path: Path, diags: Diagnostics, problem: str = "") -> None:
    why = _(" ({problem})", problem=problem) if problem else ""
    diags.error(Location.of(path), _("this is not an Excel workbook (.xlsx) that can be read{why}; "
                                     'open it in Excel and save it again as "Excel Workbook '
                                     '(*.xlsx)", or as CSV', why=why))


def _read_xlsx(path: Path, data: bytes, diags: Diagnostics) -> tuple[Sheet, ...] | None:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE: Excel 97-2003's .xls
        diags.error(Location.of(path), _('this is an Excel 97-2003 workbook (.xls) named .xlsx; '
                                         'open it in Excel and save it as "Excel Workbook (*.xlsx)"'))
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as e:
        _not_a_workbook(path, diags, str(e))
        return None
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.MAX_RESULTS_BYTES:
        diags.error(Location.of(path), _("this workbook unpacks to {size:,} bytes, more than "
                                         "{most:,} (the limit MAX_RESULTS_BYTES); keep one cohort's "
                                         "answers in a file, without pictures",
                                         size=unpacked, most=limits.MAX_RESULTS_BYTES))
        return None
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        _not_a_workbook(path, diags)
        return None
    import openpyxl

    sheets: list[Sheet] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported"
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for ws in book.worksheets:
                    rows = _sheet_rows(path, ws, diags)
                    if rows is None:
                        return None
                    sheets.append(Sheet(path, str(ws.title), rows))
            finally:
                book.close()
    except _BROKEN as e:
        _not_a_workbook(path, diags, f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
        return None
    return tuple(sheets)


def _sheet_rows(path: Path, ws, diags: Diagnostics) -> tuple[Row, ...] | None:
    """A worksheet's rows with something in them; its recorded size is not trusted (a sheet can
    claim a million rows it does not have)."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows: list[Row] = []
    width = None  # the header's: cells past it are looked at only when there are some
    for number, values in enumerate(ws.iter_rows(min_row=1, min_col=1, max_col=EXCEL_COLUMNS,
                                                 values_only=True), 1):
        if number > EXCEL_ROWS:
            _too_many_rows(path, number, diags, str(ws.title))
            return None
        if not values or values.count(None) == len(values):
            continue
        if width is not None and values[width:].count(None) == len(values) - width:
            values = values[:width]
        cells = [_clean(_text(v)) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(rows) >= limits.MAX_RESULTS_ROWS:
            _too_many_rows(path, number, diags, str(ws.title))
            return None
        if width is None:
            width = len(cells)
        rows.append(Row(number, tuple(cells)))
    return tuple(rows)


def _text(value: object) -> str:
    """A cell's value as the trainer typed it: whole numbers without ".0", dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


# -- what the readers share -------------------------------------------------------------------


class Layout:
    """What the course prints, worked out once for every results file: its questions by id
    (items.py), the score sheet's version and role-play sheets (sheet.py), its simulations'
    columns (simulations.py)."""

    def __init__(self, course):
        self.course = course

    @functools.cached_property
    def items(self):
        from .items import course_items

        return course_items(self.course)

    @functools.cached_property
    def versions(self):
        from .sheet import version_sheets

        return {s.version: s for s in version_sheets(self.course)}

    @functools.cached_property
    def roleplays(self):
        from .sheet import roleplay_sheets

        return roleplay_sheets(self.course, set(self.versions))

    @functools.cached_property
    def simulations(self):
        from .simulation_layout import simulation_columns

        return simulation_columns(self.course)


@dataclass
class Found:
    """What the readers found in one file, each thing knowing its cohort: sittings,
    observations, ratings, roster learners, simulations' plays, and each cohort's date (its first "date" value)."""

    sittings: list = field(default_factory=list)
    observations: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
    learners: list = field(default_factory=list)
    plays: list = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)
    cohorts: list[str] = field(default_factory=list)  # in the order first met

    def cohort(self, file: ResultsFile, row: Row, columns: dict[str, int]) -> str:
        """A row's cohort: its "cohort" cell, else the file's name without its suffix; its
        "date" cell dates the cohort when nothing has yet."""
        name = row.get(columns.get(COHORT)) or file.stem
        if name not in self.cohorts:
            self.cohorts.append(name)
        date = row.get(columns.get(DATE))
        if date and name not in self.dates:
            self.dates[name] = date
        return name


def plural_names(names) -> str:
    """Names listed for a message: "A, B" (quoted when any holds a space or comma)."""
    names = list(names)
    if any(" " in n or "," in n for n in names):
        return ", ".join(f'"{n}"' for n in names)
    return ", ".join(names)
