"""Tables as Word draws them: a table in a style with fixed column widths, its rows and cells,
and the blocks drawn as tables (Markdown tables, columns, one-cell boxes).

Column widths follow the longest text of each column (display_len); rows of short tables keep
with the next (keeps.keep_row); a cell's punctuation never hangs past its edge."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Iterable

from lxml import etree

from ... import model
from .keeps import is_short_box, keep_row, short_table
from .wml import W, add, child, last_tag, spacer, val

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing

BOX_PADDING = 340  # twips a box's text stands in from its edges (the box styles' cell margins)
COLUMN_GAP = 227  # twips between two columns


def display_len(s: str) -> int:
    """Width of a string in Latin characters: CJK, full-width and most symbols count two.
    (text.columns counts curly quotes, dashes and marks like ✓ as one: column widths would
    change, so the writer keeps its own measure.)"""
    return sum(2 if ord(c) >= 0x1100 else 1 for c in s)


def widths(width: int, columns: list[list[str]]) -> list[int]:
    """Column widths in proportion to their longest text, within bounds."""
    weights = [min(max(max((display_len(s) for s in col), default=0), 6), 50)
               for col in columns]
    total = sum(weights) or 1
    out = [width * w // total for w in weights]
    out[-1] += width - sum(out)
    return out


def new_table(d: Drawing, parent: etree._Element, widths: list[int], style: str | None, *,
              first_row: bool = False, borderless: bool = False) -> etree._Element:
    """An empty table: its properties and grid."""
    if last_tag(parent) == W.tbl:
        add(parent, W.p)  # two tables in a row would merge into one
    tbl = add(parent, W.tbl)
    tpr = add(tbl, W.tblPr)
    sid = d.styles.id(style) if style else None
    if sid:
        val(tpr, W.tblStyle, sid)
    add(tpr, W.tblW, {W.w: str(sum(widths)), W.type: "dxa"})
    if borderless:
        b = add(tpr, W.tblBorders)
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            add(b, getattr(W, side), {W.val: "nil"})
    add(tpr, W.tblLayout, {W.type: "fixed"})
    if borderless:
        mar = add(tpr, W.tblCellMar)
        add(mar, W.left, {W.w: "0", W.type: "dxa"})
        add(mar, W.right, {W.w: str(COLUMN_GAP), W.type: "dxa"})
    add(tpr, W.tblLook, {W.val: "04A0" if first_row else "0400",
                         W.firstRow: "1" if first_row else "0", W.lastRow: "0",
                         W.firstColumn: "0", W.lastColumn: "0", W.noHBand: "1", W.noVBand: "1"})
    grid = add(tbl, W.tblGrid)
    for w in widths:
        add(grid, W.gridCol, {W.w: str(w)})
    return tbl


def row(tbl: etree._Element, header: bool = False, *, can_split: bool = False) -> etree._Element:
    """A row that is not split over two pages (can_split: no row properties at all)."""
    tr = add(tbl, W.tr)
    if not can_split:
        trpr = add(tr, W.trPr)
        add(trpr, W.cantSplit)
        if header:
            add(trpr, W.tblHeader)
    return tr


def cell(tr: etree._Element, width: int, fill: str | None = None) -> etree._Element:
    tc = add(tr, W.tc)
    tcpr = add(tc, W.tcPr)
    add(tcpr, W.tcW, {W.w: str(width), W.type: "dxa"})
    if fill:
        add(tcpr, W.shd, {W.val: "clear", W.color: "auto", W.fill: fill})
    return tc


def end_cell(tc: etree._Element) -> None:
    """A cell ends with a paragraph; after a table, one a point high, not a blank line."""
    last = last_tag(tc)
    if last == W.tbl:
        spacer(tc, 20)
    elif last != W.p:
        add(tc, W.p)


def set_borders(tc: etree._Element, sides: dict[str, dict[str, str] | None]) -> None:
    """Set some of a cell's own borders (None: no border), each in its schema place."""
    borders = child(child(tc, W.tcPr), W.tcBorders)
    for side, attrs in sides.items():
        tag = getattr(W, side)
        old = borders.find(tag)
        if old is not None:
            borders.remove(old)
        add(borders, tag, {getattr(W, k): v for k, v in (attrs or {"val": "nil"}).items()})


def text_cell(d: Drawing, tr: etree._Element, width: int, text: model.Text, *,
              align: str | None = None, fill: str | None = None, rstyle: str | None = None,
              bold: bool = False, keep: bool = False) -> etree._Element:
    """A cell with one paragraph; keep: keep it with the next row, so a short table stays
    on one page (Word's own way; the last row has no keep)."""
    tc = cell(tr, width, fill)
    p = d.p(tc, "Table Text", keep=keep)
    if align in ("center", "right"):
        val(child(p, W.pPr), W.jc, align)
    d.runs(p, text, bold=bold, rstyle=rstyle)
    return tc


def table(d: Drawing, parent: etree._Element, block: model.Table, ctx: Ctx, index: int = -1) -> None:
    ncols = max([len(block.header)] + [len(r) for r in block.rows] + [1])
    rows = ((block.header,) if block.header else ()) + block.rows
    columns = [[model.plain(r[c]) if c < len(r) else "" for r in rows] for c in range(ncols)]
    ws = column_widths(ctx.width, ncols, block.widths) if block.widths else widths(ctx.width, columns)
    tbl = new_table(d, parent, ws, "trainerkit Table", first_row=bool(block.header))
    align = list(block.align) + [None] * ncols
    tall = round(block.row_height_emu / 635)  # EMU to twips
    lengths = [[display_len(columns[c][k]) for c in range(ncols)] for k in range(len(rows))]
    whole = short_table(lengths, ws, ctx.height, tall)
    for k, cells in enumerate(rows):
        header = k == 0 and bool(block.header)
        tr = row(tbl, header=header)
        if tall and not header:  # room to sign or tick, the text in the middle of it
            add(tr.find(W.trPr), W.trHeight, {W.val: str(tall), W.hRule: "atLeast"})
        keep = keep_row(k, len(rows), whole, header=bool(block.header))
        for c in range(ncols):
            tc = text_cell(d, tr, ws[c], cells[c] if c < len(cells) else (), align=align[c], keep=keep,
                           fill=_fill(block, k - bool(block.header), c))
            if tall and not header:
                val(tc.find(W.tcPr), W.vAlign, "center")


def _fill(block: model.Table, r: int, c: int) -> str | None:
    """The shading of body cell (r, c) (block.fills), or None (a header row: r < 0)."""
    fills = block.fills[r] if 0 <= r < len(block.fills) else ()
    return fills[c] if c < len(fills) else None


def column_widths(width: int, n: int, shares: tuple[float | None, ...]) -> list[int]:
    """Each column's width in twips: its share in percent of the width (pandoc's
    {.column width="40%"}), as on the slide; a column without one shares what is left, and
    shares over 100% in all are scaled down to fit. Without shares, equal columns."""
    n = max(1, n)
    if len(shares) != n or not any(shares):
        return [width // n] * n
    rest = max(0.0, 100.0 - sum(w or 0 for w in shares))
    free = sum(1 for w in shares if not w)
    parts = [w if w else rest / free for w in shares]
    scale = 100.0 / max(100.0, sum(parts))
    return [max(int(width * share * scale / 100), COLUMN_GAP * 2) for share in parts]


def columns(d: Drawing, parent: etree._Element, block: model.Columns, ctx: Ctx,
            index: int = -1) -> None:
    """Side-by-side columns: a borderless one-row table, each column as wide as its share."""
    ws = column_widths(ctx.width, len(block.columns), block.widths)
    tbl = new_table(d, parent, ws, None, borderless=True)
    tr = row(tbl, can_split=True)
    for c, blocks in enumerate(block.columns):
        tc = cell(tr, ws[c])
        d.blocks(tc, blocks, replace(ctx, width=ws[c] - COLUMN_GAP))
        end_cell(tc)


def keep_punctuation_in_cells(body: etree._Element) -> None:
    """Every paragraph in a table cell keeps its punctuation inside the cell: Word lets a
    line's last punctuation hang one character past the text's edge unless w:overflowPunct is
    off, and a full-width ，or 。 (a whole em) is wider than a cell's margin, so it would stand
    outside the cell's border. Off, Word carries the character before it to the next line
    with it (kinsoku), as LibreOffice does."""
    for p in body.iter(W.p):
        if next(p.iterancestors(W.tc), None) is not None:
            ppr = child(p, W.pPr)
            if ppr.find(W.overflowPunct) is None:
                val(ppr, W.overflowPunct, "0")


def box(d: Drawing, parent: etree._Element, ctx: Ctx, style: str,
        blocks: Iterable = ()) -> tuple[etree._Element, Ctx]:
    """A one-cell table drawn by a box style: returns the cell and how to draw inside it.
    A short box is not split over two pages (a long one must be, or it would be cut off)."""
    tbl = new_table(d, parent, [ctx.width], style)
    tr = row(tbl, can_split=not is_short_box(blocks))
    tc = cell(tr, ctx.width)
    return tc, replace(ctx, width=ctx.width - BOX_PADDING, para_style="Normal", in_table=False)
