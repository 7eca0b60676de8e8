"""Measuring what goes on a slide: the height of paragraphs and text frames, a table's column
widths and row heights at the size that fits, a picture's size in a box, a model's step boxes
and a role-play's cards. The results are segments (TextSeg, TableSeg, ...), which paginate.py
places and draw*.py draws at exactly the measured size.

Text is measured with the real advance widths of the deck's fonts (fonts.py: the reference's
Latin typeface, CJK full width) and broken into lines as PowerPoint and LibreOffice break them;
kerning is not applied, so text measures a hair wider than it is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Iterable, Union

from ... import model as m
from ...fonts import Measure, pieces
from .. import callcentre as cc
from ..picture_size import fit
from .geometry import (
    ARROW, ARROW_GAP, BOX_PAD_X, BOX_PAD_Y, CARD_PAD, CARD_PAD_L, CELL_INSET_X, CELL_INSET_Y,
    CHECK_EXTRA, CHECK_INDENT, COLUMN_GAP, EMU_PER_IN, EMU_PER_PT, LINE, MAX_BOX_W, MIN_PT,
    ONE_ROW, PROCESS_H, QUOTE_INDENT, ROW_GAP, SHAPE_LINE,
)
from .items import Para, ProcessItem, RoleplayItem, card_paras, step_label
from .pictures import Pictures
from .reference import LevelStyle, TextStyle


@dataclass
class TextSeg:
    paras: list[Para]
    height: int = 0
    scale: float = 1.0


@dataclass
class TableSeg:
    table: m.Table
    rows: tuple[tuple[m.Text, ...], ...]
    size: float
    widths: list[int]
    heights: list[int]  # header first
    kind: str = ""
    step: int = 0  # the slide show's click that shows it (0: with the slide); builds.py

    @property
    def height(self) -> int:
        return sum(self.heights)


@dataclass
class ImageSeg:
    image: m.Image
    w: int
    h: int
    step: int = 0  # the slide show's click that shows it (0: with the slide); builds.py

    @property
    def height(self) -> int:
        return self.h


@dataclass
class ProcessSeg:
    """A model's steps as boxes: `rows` rows of `cols` boxes (reading order: left to right, then
    the next row), each box_w x box_h, text at label_pt / text_pt."""

    model: m.Model
    height: int
    rows: int = 1
    cols: int = 1
    box_w: int = 0
    box_h: int = 0
    label_pt: float = 20.0
    text_pt: float = 18.0
    step: int = 0  # the slide show's click that shows it (0: with the slide); builds.py
    broken_word: bool = False  # even the smallest size breaks a word (no wider box was possible)


@dataclass
class RoleplaySeg:
    """A role-play scenario as a card: the scenario left, time and observe checklist right."""

    roleplay: m.Roleplay
    height: int
    size: float
    split: float  # the scenario card's share of the width (1.0: one card)
    step: int = 0  # the slide show's click that shows it (0: with the slide); builds.py


Seg = Union[TextSeg, TableSeg, ImageSeg, ProcessSeg, RoleplaySeg]


# -- text ---------------------------------------------------------------------------------------


def para_size(p: Para, lv: LevelStyle) -> float:
    """A paragraph's font size (pt) before scaling: code a little smaller, never below MIN_PT."""
    if p.kind == "code":
        return max(MIN_PT, round(lv.size * 0.8))
    return lv.size


def para_height(p: Para, style: TextStyle, width: int, scale: float = 1.0) -> int:
    lv = style.levels[min(p.level, 8)]
    size = para_size(p, lv) * (scale if p.kind != "code" else 1.0)
    if p.kind in ("bullet", "number", "check"):
        marL = lv.marL + (CHECK_EXTRA if p.kind == "check" else 0)
    elif p.kind == "quote":
        marL = QUOTE_INDENT
    elif p.kind == "turn":
        marL = int(p.hang_em * size * EMU_PER_PT)
    else:
        marL = 0
    line_em = max(1.0, (width - marL) / (size * EMU_PER_PT))
    lines = style.measure.lines(pieces(p.spans[p.lead:], code=p.kind == "code"), line_em)
    space = 0.0 if p.cont or (p.kind == "code" and not p.keep_next) else lv.space_before  # drawn unscaled
    return int((lines * size * LINE * lv.line + space) * EMU_PER_PT)


def text_height(paras: list[Para], style: TextStyle, width: int, scale: float = 1.0) -> int:
    """A text frame's height for paras in width (insets included, no space above the first)."""
    l, t, r, b = style.insets
    first = space_before(paras[0], style, scale) if paras else 0
    return sum(para_height(p, style, width - l - r, scale) for p in paras) + t + b - first


def space_before(p: Para, style: TextStyle, scale: float = 1.0) -> int:
    """Space before a paragraph: not drawn above the first line of a text frame."""
    if p.cont or (p.kind == "code" and not p.keep_next):
        return 0
    return int(style.levels[min(p.level, 8)].space_before * EMU_PER_PT)


# -- tables and pictures ------------------------------------------------------------------------


def table_layout(table: m.Table, width: int, height: int, base: float, measure: Measure,
                 equal: bool = False) -> TableSeg:
    """Column widths by content (or equal) and row heights at the largest size that fits height."""
    ncols = max(len(table.header), max((len(r) for r in table.rows), default=0), 1)
    rows = [tuple(table.header) + ((),) * (ncols - len(table.header))] + \
           [tuple(r) + ((),) * (ncols - len(r)) for r in table.rows]
    want = []
    for j in range(ncols):
        longest = max(max(measure.width(line, bold=k == 0) for line in m.plain(r[j]).split("\n"))
                      for k, r in enumerate(rows))
        want.append(min(max(longest, 3.0), 28.0) + 1.0)
    if equal:
        want = [1.0] * ncols
    total = sum(want)
    widths = [max(int(width * w / total), int(width * 0.08)) for w in want]
    widths[-1] += width - sum(widths)
    # The largest size at which the whole table fits; if none down to 16 pt does, split it
    # over slides at a readable size rather than shrink it (header repeated on each).
    for size in sorted({min(base, 20.0), min(base, 18.0), min(base, 16.0)}, reverse=True):
        heights = [row_height(r, widths, size, measure, header=k == 0) for k, r in enumerate(rows)]
        if sum(heights) <= height:
            return TableSeg(table, tuple(tuple(r) for r in rows[1:]), size, widths, heights)
    size = min(base, 18.0)
    heights = [row_height(r, widths, size, measure, header=k == 0) for k, r in enumerate(rows)]
    return TableSeg(table, tuple(tuple(r) for r in rows[1:]), size, widths, heights)


def row_height(row, widths: list[int], size: float, measure: Measure, header: bool = False) -> int:
    """A row's height: its tallest cell's lines (the header drawn bold) and the cell insets.
    A line is LINE tall in PowerPoint; LibreOffice sets a cell's lines as tall as the font's
    ascent and descent, which for a CJK face is more: the taller of the two is taken."""
    best = 0.0
    for cell, w in zip(row, widths):
        line_em = max(1.0, (w - 2 * CELL_INSET_X) / (size * EMU_PER_PT))
        spans = pieces(cell)
        if header:
            spans = tuple((t, True, c) for t, _, c in spans)
        lines = measure.lines(spans, line_em)
        best = max(best, lines * max(LINE, measure.natural_height(m.plain(cell))))
    return int(max(best, LINE) * size * EMU_PER_PT) + 2 * CELL_INSET_Y


def image_fit(pictures: Pictures, image: m.Image, w: int, h: int, base: int | None = None) -> tuple[int, int]:
    """The picture's size in a w x h box: width and height as asked (a fraction of base,
    default w, and of h; or a length), one not asked following from the other with the aspect
    kept, natural size when neither is; never outside the box (shrunk, its proportions kept)."""
    nw, nh = pictures.natural_size(image)
    aw = int((base or w) * image.width) if image.width else image.width_emu
    ah = int(h * image.height) if image.height else image.height_emu
    return fit(aw, ah, nw, nh, w, h)


# -- call-centre shapes: step boxes and scenario cards --------------------------------------------


_STEP_PTS = (20.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0)
_LAST_RESORT_PTS = (11.0, 10.0)  # only for a word no box of 12 pt holds
def process_layout(item: ProcessItem, W: int, avail: int, measure: Measure) -> ProcessSeg | None:
    """Boxes for a model's steps in avail height: one row up to ONE_ROW steps, else two rows
    (read left to right, then the next row); one text size for every box, the largest at
    which every step fits its box without breaking a Latin word ("Ma/p"). Where no size from
    20 to 12 pt keeps the longest word whole, more rows make wider boxes, then 11 and 10 pt.
    None when not even the smallest boxes fit."""
    n = len(item.model.steps)
    first = 1 if n <= ONE_ROW else 2
    options = [(rows, _STEP_PTS) for rows in range(first, max(first, min(n, 4)) + 1)]
    options.append((first, _LAST_RESORT_PTS))
    fallback: ProcessSeg | None = None  # words whole, but taller than avail
    for rows, pts in options:
        seg = _process_in_rows(item, W, avail, rows, pts, measure)
        if seg is None or seg.broken_word:
            continue
        if seg.height <= avail:
            return seg
        fallback = fallback or seg
    return fallback or _process_in_rows(item, W, avail, first, _STEP_PTS + _LAST_RESORT_PTS, measure)


def _process_in_rows(item: ProcessItem, W: int, avail: int, rows: int, pts: tuple[float, ...],
                     measure: Measure) -> ProcessSeg | None:
    """The boxes in this many rows at the largest of pts that fits (words whole, height in
    avail); else at the smallest of pts, its words marked broken where they do not fit."""
    steps = item.model.steps
    n = len(steps)
    cols = math.ceil(n / rows)
    bw = min(MAX_BOX_W, (W - (cols - 1) * (ARROW + 2 * ARROW_GAP)) // cols)
    inner = bw - 2 * BOX_PAD_X
    row_max = min(PROCESS_H, (avail - (rows - 1) * ROW_GAP) // rows)
    if row_max < int(0.9 * EMU_PER_IN) or inner <= 0:
        return None
    labels = [step_label(i, st) for i, st in enumerate(steps)]
    texts = [m.plain(st.text) for st in steps]
    label_word = measure.longest_word(labels, bold=True)
    text_word = measure.longest_word(texts, bold=any(sp.bold for st in steps for sp in st.text))
    label_pt = text_pt = pts[-1]
    need = row_max + 1
    whole = False
    for text_pt in pts:
        label_pt = min(text_pt + 2, 22.0)
        while label_pt > text_pt and label_word * label_pt * EMU_PER_PT > inner:
            label_pt -= 1
        whole = max(label_word * label_pt, text_word * text_pt) * EMU_PER_PT <= inner
        if not whole:
            continue
        need = max(box_need(((lab, label_pt, True), (txt, text_pt, False)), inner, measure)
                   for lab, txt in zip(labels, texts))
        if need <= row_max:
            break
    if not whole:
        need = max(box_need(((lab, label_pt, True), (txt, text_pt, False)), inner, measure)
                   for lab, txt in zip(labels, texts))
    box_h = max(row_max, need)  # the boxes take the room there is, up to PROCESS_H a row
    height = rows * box_h + (rows - 1) * ROW_GAP
    return ProcessSeg(item.model, height, rows, cols, bw, box_h, label_pt, text_pt, broken_word=not whole)


def roleplay_layout(item: RoleplayItem, labels: dict[str, str], W: int, avail: int,
                    measure: Measure) -> RoleplaySeg | None:
    """The scenario card (left) and the time and observe card (right) at the largest body size
    from 24 down to 14 pt at which both fit avail; None when they do not."""
    rp = item.roleplay
    left = bool(cc.scenario_fields(replace(rp, time=None), labels))  # what card_paras puts on the scenario card
    right = bool(rp.observe or rp.time)
    split = 0.6 if left and right else (1.0 if left else 0.0)
    for size in (24.0, 22.0, 20.0, 18.0, 16.0, 14.0):
        need = max(card_height(card, w, size, measure)
                   for card, w in zip(card_paras(rp, labels, size), card_widths(W, split)) if w)
        if need <= avail:
            return RoleplaySeg(rp, need, size, split)
    return None


def card_widths(W: int, split: float) -> tuple[int, int]:
    """The widths of the scenario card and the observe card (0: not drawn)."""
    if split >= 1.0:
        return W, 0
    if split <= 0.0:
        return 0, W
    lw = int((W - COLUMN_GAP) * split)
    return lw, W - COLUMN_GAP - lw


def card_height(paras: list[Para], width: int, size: float, measure: Measure) -> int:
    inner = width - CARD_PAD_L - CARD_PAD
    total = 2 * CARD_PAD
    for k, p in enumerate(paras):
        pt = p.size or size
        mar = CHECK_INDENT if p.kind == "check" else 0
        lines = measure.lines(pieces(p.spans), (inner - mar) / (pt * EMU_PER_PT))
        total += int(lines * pt * SHAPE_LINE * EMU_PER_PT) + (card_space(paras, k) * EMU_PER_PT)
    return total


def card_space(paras: list[Para], k: int) -> int:
    """Points above paragraph k of a card: a gap before each label but the first."""
    return 8 if k and paras[k].kind == "label" else (3 if k else 0)


def box_need(parts: Iterable[tuple[str, float, bool]], inner: int, measure: Measure) -> int:
    """The height a step box needs for its paragraphs (text, pt, bold) in inner width."""
    total = 2 * BOX_PAD_Y + int(4 * EMU_PER_PT)
    for text, pt, bold in parts:
        if text.strip():
            lines = measure.lines(((text, bold, False),), inner / (pt * EMU_PER_PT))
            total += int(lines * pt * SHAPE_LINE * EMU_PER_PT)
    return total
