"""Units and boxes of the deck: EMU, a Rect, and the sizes of the shapes trainerkit draws itself
(gaps between blocks, step boxes, scenario cards, the smallest text sizes tried).

Everything that comes from the reference deck (fonts, colours, placeholder boxes) is read in
reference.py; the numbers here are the writer's own, shared by measuring and drawing so that a
shape is drawn exactly as large as it was measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

EMU_PER_PT = 12700
EMU_PER_IN = 914400
MIN_PT = 14.0  # never shrink text below this to avoid a split
MIN_BODY_PT = 16.0  # the smallest body size tried to keep a slide's content on one slide
LINE = 1.205  # single line spacing, as a multiple of the font size (PowerPoint: 1.2018 + 0.0034)
SHAPE_LINE = 1.3  # line height in step boxes and cards: CJK faces set taller lines than 1.2
SAFETY = 0.98  # use a little less than the measured room: kerning and rounding differ a hair
FILL = 0.85  # a slide that continues is filled at least this far down (of the room there is)
GAP = int(0.18 * EMU_PER_IN)  # between a text block, a table and a picture
COLUMN_GAP = int(0.35 * EMU_PER_IN)
QUOTE_INDENT = int(0.5 * EMU_PER_IN)
CELL_INSET_X, CELL_INSET_Y = 91440, 45720  # a table cell's default insets
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # a text frame's l, t, r, b when nothing says

MAX_PROCESS = 8  # a model with more steps is a numbered list
ONE_ROW = 5  # a process of more steps is drawn in two rows
PROCESS_H = int(2.3 * EMU_PER_IN)  # the tallest a row of step boxes grows
ARROW = int(0.28 * EMU_PER_IN)  # the chevron between two step boxes
ARROW_GAP = int(0.06 * EMU_PER_IN)
ROW_GAP = int(0.3 * EMU_PER_IN)
BOX_PAD_X = int(0.08 * EMU_PER_IN)
BOX_PAD_Y = int(0.06 * EMU_PER_IN)
MAX_BOX_W = int(3.0 * EMU_PER_IN)  # a step box no wider: a short process sits centred

CARD_PAD = int(0.18 * EMU_PER_IN)
CARD_PAD_L = int(0.32 * EMU_PER_IN)  # clears the card's coloured bar
CARD_BAR = int(0.09 * EMU_PER_IN)
CHECK_INDENT = int(0.4 * EMU_PER_IN)
CHECK_EXTRA = int(0.15 * EMU_PER_IN)  # a task box's hanging indent beyond a bullet's


@dataclass(frozen=True)
class Rect:
    """A box on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def right(self) -> int:
        return self.x + self.w


def union(rects: Iterable[Rect]) -> Rect:
    """The smallest box holding every one of rects."""
    rects = list(rects)
    x, y = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x, y, max(r.right for r in rects) - x, max(r.bottom for r in rects) - y)
