"""A call simulation's replies on a slide (simulation.Jumps): one rounded box per reply, stacked
down the body, each a real PowerPoint slide jump. Clicked in the slide show (PowerPoint or
LibreOffice Impress), a box goes to the slide of the step its reply leads to.

The jump is what PowerPoint writes for "Insert > Action > Hyperlink to: Slide" (and python-pptx
for `shape.click_action.target_slide = slide`): `a:hlinkClick action="ppaction://hlinksldjump"` in
the shape's p:cNvPr, its r:id a relationship of the slide's to the target slide's part. The
target is named here by its DeckSlide.anchor (Slide.rel("slide", anchor)); the package gives it
the part name of the slide with that anchor when the module's slides go into the deck, whether
they were drawn now or read from the cache (package.py).

The boxes take the body's text size (at most BIGGEST_PT), smaller where that does not fit, down
to MIN_PT, and the gaps between them shrink before the text does. Their look is the theme's: a
light tint of accent1 with an accent1 outline, the text in the theme's text colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import model as m
from ...fonts import Measure, pieces
from ...simulation import Jumps
from .draw_text import Fonts, add_runs, shape_body
from .geometry import EMU_PER_IN, EMU_PER_PT, MIN_PT, SHAPE_LINE, Rect
from .items import JumpsItem
from .shapes import (
    A_AVLST, A_GD, A_HLINKCLICK, A_LN, A_P, A_PPR, A_PRSTGEOM, A_SOLIDFILL, P_CNVPR, P_NVSPPR, P_STYLE,
    P_TXBODY, R_ID, Slide, add, new_sp, qn, scheme_color, set_xfrm,
)

SLIDE_JUMP = "ppaction://hlinksldjump"
BIGGEST_PT = 24.0  # a reply's text, at most (the body's size when it is smaller)
PAD_X = int(0.16 * EMU_PER_IN)
# The room between boxes and inside them above and below the text, most first: it goes before
# the text gets smaller.
SPACINGS = tuple((int(gap * EMU_PER_IN), int(pad * EMU_PER_IN))
                 for gap, pad in ((0.2, 0.09), (0.14, 0.08), (0.1, 0.06), (0.06, 0.04)))
LEAD = int(0.12 * EMU_PER_IN)  # more room above the boxes than between blocks: the replies are the question
FILL, LINE_COLOR, TEXT_COLOR = "accent1/20000/80000", "accent1", "tx1"
OUTLINE = 19050  # EMU: 1.5 pt


@dataclass
class JumpsSeg:
    """The replies placed: each box's height, the gap between boxes, the text size, the room
    above the first box (lead) and inside each box above and below its text (pad)."""

    jumps: Jumps
    heights: list[int]
    gap: int
    size: float
    step: int = 0  # the slide show's click that shows them (0: with the slide); builds.py
    lead: int = 0
    pad: int = SPACINGS[0][1]

    @property
    def height(self) -> int:
        return self.lead + sum(self.heights) + self.gap * max(0, len(self.heights) - 1)


def box_height(text: m.Text, width: int, size: float, pad: int, measure: Measure) -> int:
    """A reply's box: its lines at size in width (padding inside), and the padding."""
    lines = measure.lines(pieces(text), max(1.0, (width - 2 * PAD_X) / (size * EMU_PER_PT)))
    return int(lines * size * SHAPE_LINE * EMU_PER_PT) + 2 * pad


def jumps_seg(item: JumpsItem, W: int, avail: int, base: float, measure: Measure,
              below: bool = False) -> tuple[JumpsSeg, bool]:
    """The replies in W x avail: the largest text size from the body's (base, at most BIGGEST_PT)
    down to MIN_PT, and at each size the most room between and in the boxes, that fits; whether
    it fits (if not: the smallest size and room). below: under the step's lines, a little apart
    from them."""
    top = min(base, BIGGEST_PT)
    sizes = [top] + [pt for pt in (22.0, 20.0, 18.0, 16.0, MIN_PT) if pt < top]
    texts = [j.text for j in item.jumps.jumps]
    seg = JumpsSeg(item.jumps, [], *SPACINGS[-1][:1], sizes[-1], item.step)
    for size in sizes:
        for k, (gap, pad) in enumerate(SPACINGS):
            heights = [box_height(t, W, size, pad, measure) for t in texts]
            lead = LEAD if below and k < len(SPACINGS) - 1 else 0
            seg = JumpsSeg(item.jumps, heights, gap, size, item.step, lead, pad)
            if seg.height <= avail:
                return seg, True
    return seg, False


def draw_jumps(s: Slide, seg: JumpsSeg, rect: Rect, fonts: Fonts) -> None:
    """The replies as boxes stacked from the top of rect, each jumping to its target's slide."""
    y = rect.y + seg.lead
    for k, (jump, h) in enumerate(zip(seg.jumps.jumps, seg.heights)):
        sp, spPr = new_sp(s, f"Reply {k + 1}")
        cnv = sp.find(P_NVSPPR).find(P_CNVPR)
        add(cnv, A_HLINKCLICK, {R_ID: s.rel("slide", jump.target), "action": SLIDE_JUMP})
        set_xfrm(spPr, Rect(rect.x, y, rect.w, h))
        av = add(add(spPr, A_PRSTGEOM, {"prst": "roundRect"}), A_AVLST)
        add(av, A_GD, {"name": "adj", "fmla": "val 12000"})
        scheme_color(add(spPr, A_SOLIDFILL), FILL)
        scheme_color(add(add(spPr, A_LN, {"w": str(OUTLINE)}), A_SOLIDFILL), LINE_COLOR)
        style = add(sp, P_STYLE)  # what PowerPoint gives a shape; the fill and line above win
        for tag, idx, color in (("a:lnRef", "1", "accent1"), ("a:fillRef", "1", "accent1"),
                                ("a:effectRef", "0", "accent1"), ("a:fontRef", "minor", "tx1")):
            add(add(style, qn(tag), {"idx": idx}), qn("a:schemeClr"), {"val": color})
        body = add(sp, P_TXBODY)
        add(body, qn("a:bodyPr"))
        add(body, qn("a:lstStyle"))
        add(body, A_P)
        body = shape_body(sp, PAD_X, seg.pad, PAD_X, seg.pad, "ctr")
        p = add(body, A_P)
        add(p, A_PPR, {"marL": "0", "indent": "0", "algn": "l"})
        add_runs(p, jump.text, fonts, slide=s, size=seg.size, color=TEXT_COLOR)
        y += h + seg.gap
