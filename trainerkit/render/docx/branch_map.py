"""A call simulation's branch map in the facilitator's guide (simulation.BranchMap), drawn as a
native Word flowchart a trainer can edit: a group of shapes (wpg:wgp, Word 2010's drawing
group, which LibreOffice reads too; a drawing canvas, wpc, LibreOffice 7.4 cannot open) inline in
a paragraph of its own, then a numbered caption saying which path is the best.

- Each step is a rounded rectangle holding its section number on paper and its name, and below
  them, smaller, what the customer says first; an ending is a terminator (a rounded-end box)
  holding its outcome. A dot and an arrow mark the start.
- Each reply is a connector (straight or elbow: bentConnector3, 4 or 5) from its step's box to
  its target's, glued to both (a:stCxn, a:endCxn), with an arrow head at the target, and a
  label (a text box) on its line: its score, then as much of its words as three lines hold.
- The best path's boxes and arrows are drawn in the theme's first accent and heavier.

Where everything goes is render/flowchart.py's: the layout is scaled down, text and all, when it
is wider than the page or taller than most of it. Text is in Word paragraphs (w:txbxContent), so
it takes the document's fonts and language tags (a module in its own language: its own, as every
run of the body); its lines are counted with fonts.py's widths, and what does not fit is cut
with "…". Every element is put in its schema place by ooxml.add (the wps/wpg rows of ORDER)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ... import fonts
from ...simulation import BranchMap, Step
from ...text import xml_safe
from .. import flowchart
from .pictures import EMU_PER_TWIP, SEQ_FIGURE
from .wml import A_NS, W, W_NS, add, child, val

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing

WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WPG_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
EMU_PER_PT = 12700
NAME_PT, TEXT_PT, LABEL_PT = 9.0, 7.0, 7.0  # before scaling
LEADING = 1.2  # a name's line height in em (exact line spacing)
SMALL_LEADING = 1.15  # the smaller text's
ROUNDING = 12000  # a step box's corners (roundRect's adj)
INSET = int(0.08 * flowchart.CM)
SMALLEST_PT = 4.5  # text is never scaled below this
MOST_OF_PAGE = 0.72  # the map's height at most, as a share of the page's text height
ACROSS_SCALE = 0.85  # a map left to right drawn smaller than this is drawn top to bottom if larger
GREY = "7F7F7F"
SOFT = "595959"
THIN, THICK = 12700, 28575  # line widths (EMU): 1 pt, 2.25 pt
SITE = {"t": "0", "l": "1", "b": "2", "r": "3"}  # connection sites of rect-like presets
ACCENT = "4472C4"  # Office's first accent, for a theme without one


class _Names:
    def __init__(self, ns: str):
        self.ns = ns

    def __getattr__(self, name: str) -> str:
        value = f"{{{self.ns}}}{name}"
        setattr(self, name, value)
        return value


A, WPS, WPG = _Names(A_NS), _Names(WPS_NS), _Names(WPG_NS)


def branch_map(d: Drawing, parent: etree._Element, block: BranchMap, ctx: Ctx,
               index: int = -1) -> None:
    """The map in a paragraph of its own (style Figure, kept with its caption), then the caption."""
    sim = block.simulation
    if not sim.steps:
        return
    width, page = ctx.width * EMU_PER_TWIP, ctx.height * EMU_PER_TWIP

    def fits(lay: flowchart.Layout) -> float:
        return min(1.0, width / lay.width, page * MOST_OF_PAGE / lay.height)

    # Left to right, unless that has to be drawn much smaller than top to bottom.
    lay = flowchart.layout(sim, block.best)
    if fits(lay) < ACROSS_SCALE:
        down = flowchart.layout(sim, block.best, across=False)
        if fits(down) > fits(lay):
            lay = down
    scale = fits(lay)
    look = _Look(d, block, scale)
    cx, cy = look.emu(lay.width), look.emu(lay.height)
    p = d.p(parent, "Figure", keep=True)
    inline, _frame = d.inline(add(add(p, W.r), W.drawing), cx, cy, "Flowchart",
                              xml_safe(_caption(d, block)))
    graphic = add(inline, A.graphic, nsmap={"a": A_NS})
    data = add(graphic, A.graphicData, {"uri": WPG_NS})
    group = add(data, WPG.wgp, nsmap={"wpg": WPG_NS, "wps": WPS_NS})
    add(group, WPG.cNvGrpSpPr)
    xfrm = add(add(group, WPG.grpSpPr), A.xfrm)
    for off, ext in ((A.off, A.ext), (A.chOff, A.chExt)):  # the shapes drawn at their own size
        add(xfrm, off, {"x": "0", "y": "0"})
        add(xfrm, ext, {"cx": str(cx), "cy": str(cy)})
    ids = {name: d.doc_pr_id + k for k, name in enumerate(lay.boxes)}
    d.doc_pr_id += len(ids)
    on_best = _best_replies(block)
    for arrow in lay.arrows:  # lines first, boxes and labels over them
        _connector(d, group, look, arrow.points, (ids[arrow.step], SITE[arrow.sides[0]]),
                   (ids[arrow.target], SITE[arrow.sides[1]]), (arrow.step, arrow.reply) in on_best)
    if lay.dot is not None:
        start = sim.steps[0].name
        _connector(d, group, look, lay.dot_arrow, None, (ids[start], SITE["l"]), True)
    for name, box in lay.boxes.items():
        _box(d, group, look, ids[name], box, sim.step(name), name in look.best_steps)
    for arrow in lay.arrows:
        step = sim.step(arrow.step)
        _label(d, group, look, arrow.label, step.replies[arrow.reply],
               (arrow.step, arrow.reply) in on_best)
    if lay.dot is not None:
        _dot(d, group, look, lay.dot)
    caption = d.p(parent, "Caption")
    d.figure += 1
    d.run(caption, d.labels.get("figure", "Figure") + " ")
    d.field(caption, SEQ_FIGURE, str(d.figure))
    d.run(caption, d.sep() + _caption(d, block))


def _best_replies(block: BranchMap) -> set[tuple[str, int]]:
    best = block.best
    return set(zip(best.steps, best.replies)) if best else set()


def _caption(d: Drawing, block: BranchMap) -> str:
    """What the map shows, in words: its title and, when there is one, the best path."""
    labels, sim = d.labels, block.simulation
    text = labels["sim_map"].format(title=sim.title or "")
    best = block.best
    if best is None:
        return text
    numbers = dict(block.numbers)
    path = " → ".join(f"{numbers[n]} {n}" if n in numbers else n for n in best.steps)
    word = labels["point"] if abs(best.score) == 1 else labels["points"]
    return text + labels["sim_map_best"].format(path=path, points=f"{best.score:g} {word}")


class _Look:
    """How the map looks in this document: the theme's accent, the face text is measured in,
    and the scale everything is drawn at."""

    def __init__(self, d: Drawing, block: BranchMap, scale: float):
        self.scale = scale
        self.numbers = dict(block.numbers)
        self.best_steps = set(block.best.steps) if block.best else {block.simulation.steps[0].name}
        self.accent = ACCENT
        latin = "Calibri"
        try:
            theme = etree.fromstring(d.part.part_related_by(RT.THEME).blob)
        except (KeyError, etree.XMLSyntaxError):
            theme = None
        if theme is not None:
            clr = theme.find(f".//{A.clrScheme}/{A.accent1}/*")
            value = (clr.get("lastClr") or clr.get("val")) if clr is not None else None
            if value and len(value) == 6:
                self.accent = value
            el = theme.find(f".//{A.minorFont}/{A.latin}")
            latin = (el.get("typeface") if el is not None else "") or latin
        fonts_el = d.styles.el.find(f"{W.docDefaults}/{W.rPrDefault}/{W.rPr}/{W.rFonts}")
        if fonts_el is not None and fonts_el.get(W.ascii):
            latin = fonts_el.get(W.ascii)
        self.measure = fonts.measure(latin)

    def emu(self, length: float) -> int:
        return int(round(length * self.scale))

    def half_points(self, pt: float) -> int:
        return max(int(round(2 * SMALLEST_PT)), int(round(2 * pt * self.scale)))

    def size(self, pt: float) -> float:
        """The size text of pt is drawn at, before scaling (more than pt where the scale would
        take it below SMALLEST_PT)."""
        return self.half_points(pt) / 2 / self.scale

    def line_em(self, width: int, pt: float) -> float:
        """How many em of text of pt a line `width` EMU wide (before scaling) holds, with a
        little room: faces differ from the widths' table."""
        return width / (self.size(pt) * EMU_PER_PT) * 0.94

    def fit(self, pieces: list[tuple[str, bool]], width: int, pt: float, most: int) -> list[tuple[str, bool]]:
        """pieces (text, bold) cut so that they take at most `most` lines `width` EMU wide (at
        pt before scaling), "…" ending them when cut."""
        line_em = self.line_em(width, pt)

        def fits(ps) -> bool:
            return self.measure.lines(tuple((t, b, False) for t, b in ps), line_em) <= most

        if fits(pieces):
            return pieces
        flat = [(ch, b) for t, b in pieces for ch in t][:400]
        lo, hi = 0, len(flat)
        while lo < hi:  # the longest start that fits with "…" after it
            k = (lo + hi + 1) // 2
            if fits(_pieces(flat[:k]) + [("…", False)]):
                lo = k
            else:
                hi = k - 1
        return _pieces(flat[:lo]) + [("…", False)] if lo else []


def _pieces(chars: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for ch, b in chars:
        if out and out[-1][1] == b:
            out[-1] = (out[-1][0] + ch, b)
        else:
            out.append((ch, b))
    while out and not out[-1][0].rstrip():
        out.pop()
    if out:
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return out


def _plain(text: tuple) -> str:
    return " ".join("".join(s.text for s in text).split())


# -- shapes ------------------------------------------------------------------------------------


def _shape(d: Drawing, group: etree._Element, name: str, sid: int | None, rect, prst: str,
           look: _Look, text_box: bool = False) -> tuple[etree._Element, etree._Element]:
    """A wps:wsp of preset geometry prst at rect (x, y, w, h before scaling): it and its spPr."""
    wsp = add(group, WPS.wsp)
    if sid is None:
        sid = d.doc_pr_id
        d.doc_pr_id += 1
    add(wsp, WPS.cNvPr, {"id": str(sid), "name": f"{name} {sid}"})
    add(wsp, WPS.cNvSpPr, {"txBox": "1"} if text_box else None)
    sp = add(wsp, WPS.spPr)
    xfrm = add(sp, A.xfrm)
    x, y, w, h = rect
    add(xfrm, A.off, {"x": str(look.emu(x)), "y": str(look.emu(y))})
    add(xfrm, A.ext, {"cx": str(look.emu(w)), "cy": str(look.emu(h))})
    add(add(sp, A.prstGeom, {"prst": prst}), A.avLst)
    return wsp, sp


def _color(parent: etree._Element, look: _Look, accent: bool, grey: str = GREY) -> None:
    if accent:
        add(parent, A.schemeClr, {"val": "accent1"})
    else:
        add(parent, A.srgbClr, {"val": grey})


def _line(sp: etree._Element, look: _Look, accent: bool, arrow: bool) -> None:
    ln = add(sp, A.ln, {"w": str(max(6350, look.emu(THICK if accent else THIN)))})
    _color(add(ln, A.solidFill), look, accent)
    add(ln, A.round)
    if arrow:
        add(ln, A.tailEnd, {"type": "triangle", "w": "med", "len": "med"})


def _connector(d: Drawing, group: etree._Element, look: _Look, points: list[tuple[int, int]],
               start: tuple[int, str] | None, end: tuple[int, str], accent: bool) -> None:
    """A connector along points (every segment horizontal or vertical, the first horizontal),
    glued to the boxes at start and end (id, connection site), its arrow head at the end."""
    prst, rect, rot, flips, adj = connector_geometry(points)
    wsp = add(group, WPS.wsp)
    sid = d.doc_pr_id
    d.doc_pr_id += 1
    add(wsp, WPS.cNvPr, {"id": str(sid), "name": f"Connector {sid}"})
    nv = add(wsp, WPS.cNvCnPr)
    if start is not None:
        add(nv, A.stCxn, {"id": str(start[0]), "idx": start[1]})
    add(nv, A.endCxn, {"id": str(end[0]), "idx": end[1]})
    sp = add(wsp, WPS.spPr)
    attrs = {"rot": str(rot)} if rot else {}
    attrs.update({k: "1" for k, on in zip(("flipH", "flipV"), flips) if on})
    xfrm = add(sp, A.xfrm, attrs)
    x, y, w, h = rect
    add(xfrm, A.off, {"x": str(look.emu(x)), "y": str(look.emu(y))})
    add(xfrm, A.ext, {"cx": str(look.emu(w)), "cy": str(look.emu(h))})
    av = add(add(sp, A.prstGeom, {"prst": prst}), A.avLst)
    for k, value in enumerate(adj, 1):
        add(av, A.gd, {"name": f"adj{k}", "fmla": f"val {value}"})
    add(sp, A.noFill)
    _line(sp, look, accent, arrow=True)
    add(wsp, WPS.bodyPr)


def connector_geometry(points: list[tuple[int, int]]
                       ) -> tuple[str, tuple[int, int, int, int], int, tuple[bool, bool], list[int]]:
    """The preset connector that draws a path of 2 to 6 points whose segments are alternately
    horizontal and vertical: its name, its box (x, y, w, h, before rotation), rotation (60,000ths
    of a degree), flips and adjust values. A preset's path runs across first, from its box's
    top left to its bottom right corner; flips take other corners, a quarter turn makes it run
    down first, and its bends are at shares of its box (x 100,000), which may lie outside it."""
    (sx, sy), (ex, ey) = points[0], points[-1]
    if len(points) == 2:
        return "straightConnector1", (min(sx, ex), min(sy, ey), abs(ex - sx), abs(ey - sy)), 0, \
            (ex < sx, ey < sy), []
    across = points[1][1] == sy
    if len(points) == 6:  # bends need a box with some room the other way
        if across and abs(ey - sy) < EMU_PER_PT:
            ey += EMU_PER_PT if points[2][1] < sy else -EMU_PER_PT
        elif not across and abs(ex - sx) < EMU_PER_PT:
            ex += EMU_PER_PT if points[2][0] < sx else -EMU_PER_PT
        points = points[:-1] + [(ex, ey)]
        points[-2] = (ex, points[-2][1]) if not across else (points[-2][0], ey)
    cx2, cy2 = sx + ex, sy + ey  # twice the centre
    width, height = abs(ex - sx), abs(ey - sy)
    prst = {4: "bentConnector3", 5: "bentConnector4", 6: "bentConnector5"}[len(points)]
    for rot in ((0,) if across else (5_400_000, 16_200_000)):
        w, h = (width, height) if rot == 0 else (height, width)
        for flips in ((False, False), (True, False), (False, True), (True, True)):
            local = [_to_local(p, cx2, cy2, w, h, rot, flips) for p in points]
            if local[0] != (0, 0) or local[-1] != (w, h):
                continue
            adj = [local[1][0], local[2][1], local[3][0]][:len(points) - 3]
            adj = [int(round(v * 100_000 / (w if k % 2 == 0 else h))) for k, v in enumerate(adj)]
            return prst, ((cx2 - w) // 2, (cy2 - h) // 2, w, h), rot, flips, adj
    raise ValueError(f"no connector draws {points}")


def _to_local(p: tuple[int, int], cx2: int, cy2: int, w: int, h: int, rot: int,
              flips: tuple[bool, bool]) -> tuple[int, int]:
    """A point of the drawing in the frame of a connector's preset path (before its flips and
    rotation about its centre)."""
    x2, y2 = 2 * p[0] - cx2, 2 * p[1] - cy2  # twice, from the centre
    if rot == 5_400_000:  # turned a quarter clockwise: undo it
        x2, y2 = y2, -x2
    elif rot == 16_200_000:
        x2, y2 = -y2, x2
    x, y = (x2 + w) // 2, (y2 + h) // 2
    return (w - x if flips[0] else x, h - y if flips[1] else y)


def _box(d: Drawing, group: etree._Element, look: _Look, sid: int, box: flowchart.Box,
         step: Step, best: bool) -> None:
    """A step's box: its number and name, then what is said first (an ending: its outcome)."""
    prst = "flowChartTerminator" if step.end else "roundRect"
    wsp, sp = _shape(d, group, "Step", sid, (box.x, box.y, box.w, box.h), prst, look)
    if not step.end:
        av = sp.find(A.prstGeom).find(A.avLst)
        add(av, A.gd, {"name": "adj", "fmla": f"val {ROUNDING}"})
    fill = add(sp, A.solidFill)
    if best:
        clr = add(fill, A.schemeClr, {"val": "accent1"})
        add(clr, A.lumMod, {"val": "20000"})
        add(clr, A.lumOff, {"val": "80000"})
    else:
        add(fill, A.schemeClr, {"val": "bg1"})
    _line(sp, look, best, arrow=False)
    inner_w, inner_h = text_area(prst, box.w, box.h)
    number = look.numbers.get(step.name)
    head = ([(f"{number}", True), (" · ", False)] if number is not None else []) + [(step.name, True)]
    head = look.fit(head, inner_w, NAME_PT, 2)
    name_lines = look.measure.lines(tuple((t, b, False) for t, b in head), look.line_em(inner_w, NAME_PT))
    room = int((inner_h - name_lines * look.size(NAME_PT) * LEADING * EMU_PER_PT)
               // (look.size(TEXT_PT) * SMALL_LEADING * EMU_PER_PT))
    if step.end:
        said = _plain(step.outcome)
    elif step.turns:
        turn = step.turns[0]
        said = (f"{turn.speaker}{d.sep()}" if turn.speaker else "") + _plain(turn.text)
    else:
        said = ""
    detail = look.fit([(said, False)], inner_w, TEXT_PT, min(room, 3)) if said and room > 0 else []
    content = _text_box(wsp, look)
    p = _paragraph(content, look, NAME_PT, LEADING)
    for k, (text, bold) in enumerate(head):
        colour = look.accent if (number is not None and k == 0) else None
        _run(d, p, look, text, NAME_PT, bold=bold, color=colour, theme="accent1" if colour else None)
    if detail:
        p = _paragraph(content, look, TEXT_PT)
        for text, bold in detail:
            _run(d, p, look, text, TEXT_PT, bold=bold, color=SOFT)
    _body(wsp, look, INSET, 0 if step.end else INSET)


def text_area(prst: str, w: int, h: int) -> tuple[int, int]:
    """The width and height text has in a box: the preset's text rectangle (a terminator's is
    90.6% by 70.7% of it; a rounded rectangle's is inset by 29% of its corners' radius) less
    the insets."""
    if prst == "flowChartTerminator":
        return int(w * 20582 / 21600 - w * 1018 / 21600) - 2 * INSET, int(h * 15274 / 21600)
    corner = int(min(w, h) * ROUNDING / 100_000 * 0.29289)
    return w - 2 * corner - 2 * INSET, h - 2 * corner - 2 * INSET


def _label(d: Drawing, group: etree._Element, look: _Look, rect, reply, best: bool) -> None:
    """A reply's label on its line: its score, then its words as far as its lines hold them."""
    wsp, sp = _shape(d, group, "Label", None, rect, "rect", look, text_box=True)
    add(add(sp, A.solidFill), A.schemeClr, {"val": "bg1"})
    add(add(sp, A.ln), A.noFill)
    score = "0" if reply.score == 0 else f"{reply.score:+g}"
    words = _plain(reply.text)
    lines = int((rect[3] - INSET) // (look.size(LABEL_PT) * SMALL_LEADING * EMU_PER_PT))
    pieces = look.fit([(score, True), (" " + words, False)] if words else [(score, True)],
                      rect[2] - INSET, LABEL_PT, max(1, lines))
    if not pieces or pieces[0][0] != score:
        pieces = [(score, True)]
    p = _paragraph(_text_box(wsp, look), look, LABEL_PT)
    for k, (text, bold) in enumerate(pieces):
        accent = best and k == 0
        _run(d, p, look, text, LABEL_PT, bold=bold, color=look.accent if accent else None,
             theme="accent1" if accent else None)
    _body(wsp, look, INSET // 2)


def _dot(d: Drawing, group: etree._Element, look: _Look, rect) -> None:
    """The start's mark: a filled dot before the start's box."""
    _wsp, sp = _shape(d, group, "Start", None, rect, "ellipse", look)
    add(add(sp, A.solidFill), A.schemeClr, {"val": "accent1"})
    add(add(sp, A.ln), A.noFill)
    add(_wsp, WPS.bodyPr)


# -- text in shapes -----------------------------------------------------------------------------


def _text_box(wsp: etree._Element, look: _Look) -> etree._Element:
    return add(add(wsp, WPS.txbx), W.txbxContent, nsmap={"w": W_NS})


def _paragraph(content: etree._Element, look: _Look, pt: float,
               leading: float = SMALL_LEADING) -> etree._Element:
    """A centred paragraph, no space around it, its lines exactly `leading` em apart."""
    p = add(content, W.p)
    ppr = add(p, W.pPr)
    line = int(round(look.half_points(pt) * 10 * leading))  # twips: half-points x 10
    add(ppr, W.spacing, {W.before: "0", W.after: "0", W.line: str(line), W.lineRule: "exact"})
    val(ppr, W.jc, "center")
    return p


def _run(d: Drawing, p: etree._Element, look: _Look, text: str, pt: float, *, bold: bool = False,
         color: str | None = None, theme: str | None = None) -> None:
    r = d.run(p, text, bold=bold, color=color)
    rpr = child(r, W.rPr)
    if theme:
        rpr.find(W.color).set(W.themeColor, theme)
    size = look.half_points(pt)
    val(rpr, W.sz, size)
    val(rpr, W.szCs, size)


def _body(wsp: etree._Element, look: _Look, inset: int, tb: int | None = None) -> None:
    """The text's place in its shape: insets (tb: the top and bottom ones), centred."""
    i, j = str(look.emu(inset)), str(look.emu(inset if tb is None else tb))
    body = add(wsp, WPS.bodyPr, {"rot": "0", "vert": "horz", "wrap": "square", "lIns": i,
                                 "tIns": j, "rIns": i, "bIns": j, "anchor": "ctr",
                                 "anchorCtr": "0"})
    add(body, A.noAutofit)
