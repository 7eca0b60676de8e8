"""Things to cut out or write on: card sheets (cards `across` per row with dashed cut lines,
a card never split), a card's face, and ruled writing lines."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import etree

from ... import model
from .tables import BOX_PADDING, cell, end_cell, new_table, row, set_borders
from .wml import W, add, spacer

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing

WRITING_LINE = 454  # twips between two writing lines: 8 mm, room for handwritten Chinese
ROLE_COLORS = {"agent": "2E74B5", "customer": "C55A11", "observer": "548235"}


def writing_lines(d: Drawing, parent: etree._Element, block: model.WritingLines, ctx: Ctx,
                  index: int = -1) -> None:
    """Ruled lines: a one-column table with only horizontal rules, rows of fixed height,
    kept on one page (rows that cannot split, each keeping with the next, Word's way)."""
    tbl = new_table(d, parent, [ctx.width], None, borderless=True)
    borders = tbl.find(f"{W.tblPr}/{W.tblBorders}")
    for side in (W.bottom, W.insideH):
        el = borders.find(side)
        el.set(W.val, "single")
        el.set(W.sz, "4")
        el.set(W.space, "0")
        el.set(W.color, "A6A6A6")
    count = max(1, block.count)
    for k in range(count):
        tr = row(tbl)
        add(tr.find(W.trPr), W.trHeight, {W.val: str(WRITING_LINE), W.hRule: "exact"})
        d.p(cell(tr, ctx.width), "Table Text", keep=k < count - 1)
    # Some air before what follows (the next question). It also matters to LibreOffice: a
    # paragraph that keeps with the next right after a table is not moved with its chain.
    spacer(parent, 20 if parent.tag == W.tc else 160)


def card_sheet(d: Drawing, parent: etree._Element, block: model.CardSheet, ctx: Ctx,
               index: int = -1) -> None:
    """Cards to cut apart: `across` per row, dashed cut lines, a card never split."""
    across = max(1, block.across)
    widths = [ctx.width // across] * across
    widths[-1] += ctx.width - sum(widths)
    tbl = new_table(d, parent, widths, "Card Sheet")
    cards = list(block.cards)
    for start in range(0, len(cards), across):
        tr = row(tbl)
        for c in range(across):
            tc = cell(tr, widths[c])
            if start + c < len(cards):
                card(d, tc, cards[start + c], replace(ctx, width=widths[c] - BOX_PADDING,
                                                      para_style="Card Text", in_table=False))
            else:
                _filler_cell(d, tc, c)
            end_cell(tc)


def _filler_cell(d: Drawing, tc: etree._Element, column: int) -> None:
    """The empty slot after the last card: no cut lines around it. The card to its left and
    the card above it get their own edge there, so that theirs stays drawn (Word resolves a
    shared edge in favour of the visible border, LibreOffice draws each cell's own)."""
    set_borders(tc, {side: None for side in ("top", "left", "bottom", "right")})
    left = tc.getprevious()
    if left is not None and left.tag == W.tc:
        set_borders(left, {"right": _sheet_border(d, "insideV")})
    above_row = tc.getparent().getprevious()
    if above_row is not None and above_row.tag == W.tr:
        above = above_row.findall(W.tc)
        if column < len(above):
            set_borders(above[column], {"bottom": _sheet_border(d, "insideH")})


def _sheet_border(d: Drawing, side: str) -> dict[str, str]:
    """A border between two cards, as the Card Sheet style draws it."""
    style = d.styles.element("Card Sheet")
    el = style.find(f"{W.tblPr}/{W.tblBorders}/{getattr(W, side)}") if style is not None else None
    if el is None or el.get(W.val) in (None, "nil", "none"):
        return {"val": "dashed", "sz": "6", "space": "0", "color": "7F7F7F"}
    return {etree.QName(k).localname: v for k, v in el.attrib.items()}


def card(d: Drawing, tc: etree._Element, card: model.Card, ctx: Ctx) -> None:
    """One card's face: its header, its title in the role's colour, its blocks."""
    if card.header:
        d.run(d.p(tc, "Box Label", keep=False), card.header)
    p = d.p(tc, "Block Title", keep=False)
    add(p.find(W.pPr), W.spacing, {W.before: "0"})
    d.run(p, card.title, color=ROLE_COLORS.get(card.role))
    blocks = list(card.blocks)
    # A card made of one titled block (a shortcuts table) does not repeat its title.
    if blocks and getattr(blocks[0], "title", None) == card.title:
        blocks[0] = replace(blocks[0], title="")
    d.blocks(tc, blocks, ctx)
