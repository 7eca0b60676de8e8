"""The QA scorecard's scoring sheet as an .xlsx workbook (qa-scorecard.xlsx), drawn with
openpyxl from the plain data qa_scorecard.sheet_plan makes, in the score sheet's style
(render/xlsx.py): a bold shaded header, columns as wide as what they hold (a Chinese character
counts as two), item texts wrapped, the header rows and the call's four columns frozen,
landscape pages repeating them (the items run on over as many pages as they take:
qa-scorecard.docx is the form to print), and the same bytes for the same plan (fixed dates,
packaged as Excel packages a workbook).

Rows: 1 the title, 2 the fatal rule and how to mark; 3-8 each item's module, kind, text, points,
objective and fatal mark; 9 the keys (agent, evaluator, call, date, the items' ids, score); then
a row per call, each item cell checked to Y or N, the score a formula: 0 when a fatal item is
N, else the points of the items marked Y out of those marked Y or N, out of 100 (one decimal;
empty while nothing is marked), as results/qa.py scores a call read back."""

from __future__ import annotations

from typing import Any

from ..text import columns as text_columns
from .xlsx import HEADER_FILL, LINE_PT, _comment, _text, workbook_bytes

ITEM_LEAST, ITEM_MOST = 10, 24  # an item's column, in characters
KEY_LEAST = 12
FATAL_FILL = "F8CBAD"
FATAL_COLOUR = "C00000"
FIRST = 5  # column E: the first item's
ROW_MODULE, ROW_KIND, ROW_TEXT, ROW_POINTS, ROW_OBJECTIVE, ROW_FATAL, ROW_KEYS = 3, 4, 5, 6, 7, 8, 9


def render_qa_scorecard(plan: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    _sheet(wb.active, plan)
    return workbook_bytes(wb, plan)


def _sheet(ws: Any, plan: dict[str, Any]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    font = dict(name="Calibri", size=11, family=2, scheme="minor")
    bold = Font(**font, bold=True)
    red = Font(**font, bold=True, color=FATAL_COLOUR)
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    fatal_fill = PatternFill("solid", start_color=FATAL_FILL, end_color=FATAL_FILL)
    top = Alignment(vertical="top", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
    ws.title = plan["sheet"]
    _text(ws.cell(row=1, column=1), plan["title"]).font = bold
    _text(ws.cell(row=2, column=1), plan["rule"]).font = red
    for r, label in enumerate(plan["rows"], ROW_MODULE):
        cell = _text(ws.cell(row=r, column=FIRST - 1), label)
        cell.font, cell.alignment = bold, Alignment(horizontal="right", vertical="top")
    keys = plan["keys"]
    least = max([KEY_LEAST] + [text_columns(x) + 2 for x in plan["rows"]])
    for n, key in enumerate(keys, 1):
        cell = _text(ws.cell(row=ROW_KEYS, column=n), key["key"])
        cell.font, cell.fill, cell.comment = bold, fill, _comment(key["comment"])
        ws.column_dimensions[get_column_letter(n)].width = least if n == len(keys) else KEY_LEAST
    last_row = ROW_KEYS + plan["calls"]
    for r in range(ROW_KEYS + 1, last_row + 1):
        for n in range(1, len(keys) + 1):
            ws.cell(row=r, column=n).number_format = "@"  # "007" stays 007
    lines = 1
    items = plan["items"]
    for n, item in enumerate(items, FIRST):
        letter = get_column_letter(n)
        width = min(max(ITEM_LEAST, text_columns(item["text"]), text_columns(item["kind"])), ITEM_MOST) + 2
        ws.column_dimensions[letter].width = width
        lines = max(lines, _lines(item["text"], width - 1))
        for r, value in ((ROW_MODULE, item["module"]), (ROW_KIND, item["kind"]), (ROW_TEXT, item["text"]),
                         (ROW_OBJECTIVE, item["objective"]), (ROW_FATAL, item["fatal"])):
            cell = _text(ws.cell(row=r, column=n), value)
            cell.alignment = top if r in (ROW_MODULE, ROW_TEXT) else centre
        ws.cell(row=ROW_MODULE, column=n).font = bold
        points = ws.cell(row=ROW_POINTS, column=n, value=item["points"])
        points.alignment = centre
        key = _text(ws.cell(row=ROW_KEYS, column=n), item["key"])
        key.font, key.fill, key.alignment = bold, fill, centre
        if item["fatal"]:
            for r in (ROW_FATAL, ROW_KEYS):
                ws.cell(row=r, column=n).fill = fatal_fill
            ws.cell(row=ROW_FATAL, column=n).font = red
    ws.row_dimensions[ROW_TEXT].height = LINE_PT * lines + 3
    score_col = FIRST + len(items)
    s = get_column_letter(score_col)
    cell = _text(ws.cell(row=ROW_KEYS, column=score_col), plan["score"]["key"])
    cell.font, cell.fill, cell.comment = bold, fill, _comment(plan["score"]["comment"])
    ws.column_dimensions[s].width = KEY_LEAST
    a, z = get_column_letter(FIRST), get_column_letter(score_col - 1)
    points = f"${a}${ROW_POINTS}:${z}${ROW_POINTS}"
    fatal = f"${a}${ROW_FATAL}:${z}${ROW_FATAL}"
    for r in range(ROW_KEYS + 1, last_row + 1):
        marks = f"UPPER({a}{r}:{z}{r})"
        earned = f'SUMPRODUCT(({marks}="Y")*{points})'
        marked = f'SUMPRODUCT((({marks}="Y")+({marks}="N"))*{points})'
        missed = f'SUMPRODUCT(({fatal}<>"")*({marks}="N"))'
        cell = ws.cell(row=r, column=score_col,
                       value=f'=IF({marked}=0,"",IF({missed}>0,0,ROUND(100*{earned}/{marked},1)))')
        cell.number_format = "0.0"
        cell.font = bold
    if items:
        check = plan["check"]
        dv = DataValidation(type="list", formula1='"' + ",".join(check["values"]) + '"')
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.errorStyle = "stop"
        dv.errorTitle = check["title"][:32]
        dv.error = check["message"][:255]
        dv.add(f"{a}{ROW_KEYS + 1}:{z}{last_row}")
        ws.add_data_validation(dv)
    ws.freeze_panes = f"{get_column_letter(FIRST)}{ROW_KEYS + 1}"
    ws.print_title_rows = f"1:{ROW_KEYS}"
    ws.print_title_cols = f"A:{get_column_letter(FIRST - 1)}"
    ws.page_setup.orientation = "landscape"  # not fitted to a page's width: the items run on


def _lines(text: str, width: float) -> int:
    import math

    return max(1, math.ceil(text_columns(text) / max(1.0, width)))
