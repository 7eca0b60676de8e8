"""The score sheet as an .xlsx workbook, drawn with openpyxl from plain data (the plan
results/sheet.py makes: sheets, columns, their comments and in-cell checks, the learners to
prefill). How it looks is decided here: the header row and the learner's two columns frozen,
a bold header, columns as wide as what they hold (a Chinese character counts as two), each
header's comment sized to show its text, and printing on landscape pages with the header
repeated. The package is then made as Excel makes one (shared strings, the schema's order;
packaged). The same plan gives the same bytes: the workbook's dates are the build's fixed
time and every zip member's time is 1980-01-01, as the deck and the documents do."""

from __future__ import annotations

import io
import math
import zipfile
from typing import Any

from lxml import etree

from ..dates import time_of
from ..text import columns as text_columns

AUTHOR = "trainerkit"  # the comments' author, as Excel shows it
# Characters a column shows at least, by what a cell holds: a letter, several, a number, a
# typed answer, points; a checklist item's column is as wide as its text up to ITEM_MOST.
CELL_WIDTH = {"learner": 10, "name": 12, "letter": 6, "letters": 8, "number": 10, "text": 18,
              "points": 7, "tick": 8}
ITEM_MOST = 28
TEXT_CELLS = {"learner", "name", "letter", "letters", "text"}  # typed as text: "007" stays 007
LINE_PT = 15  # a header line's height, in points
COMMENT_CHAR_PX, COMMENT_LINE_PX = 7, 15  # a comment's character (a column) and line, in pixels
COMMENT_WIDTH = (160, 320)  # pixels, least and most
HEADER_FILL = "DDEBF7"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_S = f"{{{SML}}}"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SML_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign",
               "sz", "color", "name", "family", "charset", "scheme")  # CT_Font's sequence


def render_scoresheet(plan: dict[str, Any]) -> bytes:
    """The workbook's bytes: one worksheet per sheet of the plan, in its order."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in plan["sheets"]:
        _sheet(wb.create_sheet(sheet["name"]), sheet, plan["rows"], plan["checked_rows"])
    return workbook_bytes(wb, plan)


def workbook_bytes(wb: Any, plan: dict[str, Any]) -> bytes:
    """A workbook's bytes as Excel packages one, the same for the same plan: its properties
    (the plan's title, author, language and fixed time) set, written without wb.save."""
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.title = plan["title"]
    props.creator = plan["author"] or AUTHOR
    props.lastModifiedBy = plan["author"] or AUTHOR
    props.language = plan["language"]
    props.created = props.modified = time_of(plan["fixed_time"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # not wb.save: it sets modified to now
    return packaged(out.getvalue())


def _sheet(ws: Any, sheet: dict[str, Any], rows: list[list[str]], checked: int) -> None:
    """One worksheet: header, prefilled learners, formats and checks down to row checked + 1."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    # the workbook's own font, bold (a font of <b/> alone is drawn in another face by Calc)
    bold = Font(name="Calibri", size=11, family=2, scheme="minor", bold=True)
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    last = checked + 1
    lines = 1
    checks: dict[tuple, list[str]] = {}
    for n, col in enumerate(sheet["columns"], 1):
        letter = get_column_letter(n)
        cell = _text(ws.cell(row=1, column=n), col["header"])
        cell.font, cell.fill = bold, fill
        centred = col["cell"] not in ("learner", "name", "tick")
        cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="top",
                                   wrap_text=True)
        width = _width(col, [r[n - 1] for r in rows if n <= len(r)])
        ws.column_dimensions[letter].width = width
        lines = max(lines, _lines(col["header"], width - 1))
        if col["comment"]:
            cell.comment = _comment(col["comment"])
        if col["cell"] in TEXT_CELLS:
            for r in range(2, last + 1):
                ws.cell(row=r, column=n).number_format = "@"
        if col["check"]:
            checks.setdefault(_check_key(col["check"]), []).append(f"{letter}2:{letter}{last}")
    ws.row_dimensions[1].height = LINE_PT * lines + 3
    for r, row in enumerate(rows, 2):
        for n, value in enumerate(row[:2], 1):
            _text(ws.cell(row=r, column=n), value)
    for key, ranges in checks.items():
        ws.add_data_validation(_validation(dict(key), ranges))
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:B"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _text(cell: Any, value: str) -> Any:
    """A cell holding text as written: never a formula ("=..." from a roster or a checklist
    stays text), without the control characters a workbook cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    return cell


def _width(col: dict[str, Any], values: list[str]) -> float:
    """A column's width in characters: what it holds (a checklist item's text wraps past
    ITEM_MOST), its prefilled values, at least CELL_WIDTH for its kind of cell; plus a margin."""
    least = CELL_WIDTH.get(col["cell"], 8)
    header = text_columns(col["header"])
    if col["cell"] == "tick":
        header = min(header, ITEM_MOST)
    return max([least, header] + [text_columns(v) for v in values]) + 2


def _lines(text: str, width: float) -> int:
    """How many lines a header of text takes in a column width characters wide (wrapped)."""
    return max(1, math.ceil(text_columns(text) / max(1.0, width)))


def _comment(text: str) -> Any:
    """A header's comment by trainerkit, wide and tall enough to show its text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.comments import Comment

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    longest = max(text_columns(line) for line in text.splitlines())
    width = min(max(COMMENT_WIDTH[0], longest * COMMENT_CHAR_PX + 16), COMMENT_WIDTH[1])
    per_line = max(1, (width - 16) // COMMENT_CHAR_PX)
    lines = sum(max(1, math.ceil(text_columns(line) / per_line)) for line in text.splitlines())
    return Comment(text, AUTHOR, height=lines * COMMENT_LINE_PX + 16, width=width)


def _check_key(check: dict[str, Any]) -> tuple:
    """A check as a key (columns with the same check share one validation)."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(check.items()))


def _validation(check: dict[str, Any], ranges: list[str]) -> Any:
    """An in-cell check: a list of the values a cell takes, or a decimal between low and high;
    its message in the course's words when a value is refused (stop) or questioned (warning)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if check["type"] == "list":
        dv = DataValidation(type="list", formula1='"' + ",".join(check["values"]) + '"')
    else:
        dv = DataValidation(type="decimal", operator="between", formula1=_number(check["low"]),
                            formula2=_number(check["high"]))
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorStyle = check["style"]
    dv.errorTitle = check["title"][:32]  # Excel's limits
    dv.error = check["message"][:255]
    for r in ranges:
        dv.add(r)
    return dv


def _number(x: float) -> str:
    """A number as a validation's formula: 5, 2.5, -1000000000000000 (as Calc writes it too)."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return f"{x:.15G}"


def packaged(data: bytes) -> bytes:
    """The zip openpyxl wrote, made as Office writes one: its inline strings in a shared-strings
    part (shared_strings), each font's children in the schema's order (font_order), and every
    member dated 1980-01-01 00:00 (zipfile dates a member by the clock), so the same workbook
    gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {info.filename: src.read(info.filename) for info in src.infolist()}
    members = shared_strings(members)
    if "xl/styles.xml" in members:
        members["xl/styles.xml"] = font_order(members["xl/styles.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, content in members.items():
            member = zipfile.ZipInfo(name, _ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, content)
    return out.getvalue()


def shared_strings(members: dict[str, bytes]) -> dict[str, bytes]:
    """The worksheets' inline strings (openpyxl writes every string so) moved into
    xl/sharedStrings.xml, as Excel keeps them (it rewrites a workbook without one when saved)."""
    strings: dict[str, int] = {}
    uses = 0
    out = dict(members)
    for name, content in members.items():
        if not (name.startswith("xl/worksheets/sheet") and name.endswith(".xml")):
            continue
        root = etree.fromstring(content)
        for c in root.iter(f"{_S}c"):
            inline = c.find(f"{_S}is")
            if c.get("t") != "inlineStr" or inline is None:
                continue
            text = "".join(t.text or "" for t in inline.iter(f"{_S}t"))
            c.remove(inline)
            c.set("t", "s")
            etree.SubElement(c, f"{_S}v").text = str(strings.setdefault(text, len(strings)))
            uses += 1
        out[name] = _xml(root)
    if not strings:
        return out
    sst = etree.Element(f"{_S}sst", count=str(uses), uniqueCount=str(len(strings)), nsmap={None: SML})
    for text in strings:
        t = etree.SubElement(etree.SubElement(sst, f"{_S}si"), f"{_S}t")
        t.text = text
        if text != text.strip() or "\n" in text:
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    types = etree.fromstring(out["[Content_Types].xml"])
    etree.SubElement(types, f"{{{_CT}}}Override", PartName="/xl/sharedStrings.xml",
                     ContentType=f"{_SML_TYPE}.sharedStrings+xml")
    out["[Content_Types].xml"] = _xml(types)
    rels = etree.fromstring(out["xl/_rels/workbook.xml.rels"])
    taken = {r.get("Id") for r in rels}
    rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
    etree.SubElement(rels, f"{{{_RELS}}}Relationship", Id=rid, Target="sharedStrings.xml",
                     Type=f"{_OFFICE_RELS}/sharedStrings")
    out["xl/_rels/workbook.xml.rels"] = _xml(rels)
    at = list(out).index("xl/styles.xml") + 1 if "xl/styles.xml" in out else len(out)
    items = list(out.items())
    items.insert(at, ("xl/sharedStrings.xml", _xml(sst)))
    return dict(items)


def font_order(styles: bytes) -> bytes:
    """styles.xml with each font's children in the order the schema's sequence gives them
    (openpyxl writes its default font's name before its size)."""
    root = etree.fromstring(styles)
    for font in root.iter(f"{_S}font"):
        children = sorted(font, key=lambda el: _FONT_ORDER.index(etree.QName(el).localname)
                          if etree.QName(el).localname in _FONT_ORDER else len(_FONT_ORDER))
        font[:] = children
    return _xml(root)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def fixed_times(data: bytes) -> bytes:
    """A workbook openpyxl wrote, packaged as the score sheet is (the name the sample course's
    make_results.py calls: it types answers into the sheet and writes it again)."""
    return packaged(data)
