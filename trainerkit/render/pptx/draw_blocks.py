"""Drawing the shapes that are not a text frame: tables (a phrases table in the theme's cue
colours), a model's step boxes with chevrons between them, a role-play's scenario and observe
cards, and pictures. Each is drawn into the box paginate.py gave it, at the sizes measure.py
chose; colours are the theme's scheme colours, so a corporate theme restyles them.
"""

from __future__ import annotations

from pathlib import Path

from ... import model as m
from ... import text as tx
from .draw_text import SYMBOLS, Fonts, add_runs, shape_body
from .geometry import (
    ARROW, ARROW_GAP, BOX_PAD_X, BOX_PAD_Y, CARD_BAR, CARD_PAD, CARD_PAD_L, CHECK_INDENT, COLUMN_GAP,
    ROW_GAP, Rect,
)
from .items import CARD_COLORS, CHECK, card_paras, step_label
from .measure import ImageSeg, ProcessSeg, RoleplaySeg, TableSeg, card_space, card_widths
from .pictures import Pictures
from .shapes import (
    A_AVLST, A_BODYPR, A_BUCHAR, A_BUFONT, A_BUNONE, A_ENDPARARPR, A_LSTSTYLE, A_OFF, A_EXT, A_P, A_PPR,
    A_PRSTGEOM, A_R, A_SOLIDFILL, A_SPCAFT, A_SPCBEF, A_SPCPTS, P_CNVPR, P_NVPR, P_SPPR, R_EMBED, Slide,
    add, autoshape, place, qn, scheme_color, set_xfrm, template,
)

_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default: Medium Style 2, Accent 1
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
AVOID_COLOR, SAY_COLOR = "accent3", "accent6"


def _cell():
    """A table cell's template: an empty paragraph in a text body, centred vertically (mixed
    scripts: equal rows look even)."""
    tc = template(qn("a:tc"))
    body = add(tc, qn("a:txBody"))
    add(body, A_BODYPR)
    add(body, A_LSTSTYLE)
    add(body, A_P)
    add(tc, qn("a:tcPr"), {"anchor": "ctr"})
    return tc


_CELL = _cell()


def draw_table(s: Slide, seg: TableSeg, rect: Rect, fonts: Fonts) -> None:
    """A table as a graphic frame as big as its columns and rows, the header bold."""
    ncols = len(seg.widths)
    rows = [tuple(seg.table.header) + ((),) * (ncols - len(seg.table.header))] + list(seg.rows)
    sid = s.shape_id()
    gf = add(s.tree, qn("p:graphicFrame"))
    nv = add(gf, qn("p:nvGraphicFramePr"))
    add(nv, P_CNVPR, {"id": str(sid), "name": f"Table {sid - 1}"})
    add(add(nv, qn("p:cNvGraphicFramePr")), qn("a:graphicFrameLocks"), {"noGrp": "1"})
    add(nv, P_NVPR)
    xfrm = add(gf, qn("p:xfrm"))
    add(xfrm, A_OFF, {"x": str(rect.x), "y": str(rect.y)})
    add(xfrm, A_EXT, {"cx": str(sum(seg.widths)), "cy": str(sum(seg.heights))})
    data = add(add(gf, qn("a:graphic")), qn("a:graphicData"), {"uri": _TABLE_URI})
    tbl = add(data, qn("a:tbl"))
    add(add(tbl, qn("a:tblPr"), {"firstRow": "1", "bandRow": "1"}), qn("a:tableStyleId"), text=_TABLE_STYLE)
    grid = add(tbl, qn("a:tblGrid"))
    for w in seg.widths:
        add(grid, qn("a:gridCol"), {"w": str(w)})
    for i, row in enumerate(rows):
        tr = add(tbl, qn("a:tr"), {"h": str(seg.heights[i])})
        for j in range(ncols):
            tc = place(tr, _CELL.__copy__())
            body, tcpr = tc
            p = body[2]
            a = seg.table.align[j] if j < len(seg.table.align) else None
            # A full-width mark (，。) ending a line stays inside its cell: the master lets
            # punctuation hang past the text's edge (hangingPunct), wider than a cell's inset.
            ppr = {"algn": _ALIGN[a], "hangingPunct": "0"} if a in _ALIGN else {"hangingPunct": "0"}
            add(p, A_PPR, ppr)
            text = row[j] if j < len(row) else ()
            add_runs(p, text, fonts, slide=s, size=seg.size, bold=i == 0)
            if p.find(A_R) is None:
                add(p, A_ENDPARARPR, {"lang": fonts.latin_lang, "sz": str(int(seg.size * 100)), "dirty": "0"})
            if seg.kind == "phrases" and j < 2:  # avoid | say in the theme's cue colours
                cue = (AVOID_COLOR, SAY_COLOR)[j]
                scheme_color(add(tcpr, A_SOLIDFILL), f"{cue}/75000/0" if i == 0 else f"{cue}/20000/80000")


def draw_process(s: Slide, seg: ProcessSeg, rect: Rect, fonts: Fonts) -> None:
    """A model as a process: one numbered box per step in reading order (left to right, then
    the next row), chevrons between the boxes of a row; theme colours, autofit off."""
    steps = seg.model.steps
    row_w = seg.cols * seg.box_w + (seg.cols - 1) * (ARROW + 2 * ARROW_GAP)
    x0 = rect.x + max(0, (rect.w - row_w) // 2)
    for i, st in enumerate(steps):
        r, c = divmod(i, seg.cols)
        x = x0 + c * (seg.box_w + ARROW + 2 * ARROW_GAP)
        y = rect.y + r * (seg.box_h + ROW_GAP)
        box = autoshape(s, f"Step {i + 1}", "roundRect", Rect(x, y, seg.box_w, seg.box_h), "accent1", adj=12000)
        body = shape_body(box, BOX_PAD_X, BOX_PAD_Y, BOX_PAD_X, BOX_PAD_Y, "ctr")
        for spans, size, bold in (((m.Span(step_label(i, st)),), seg.label_pt, True),
                                  (tuple(st.text), seg.text_pt, False)):
            if not spans or not m.plain(spans).strip():
                continue
            p = add(body, A_P)
            ppr = add(p, A_PPR, {"algn": "ctr"})
            if bold:
                add(add(ppr, A_SPCAFT), A_SPCPTS, {"val": "400"})
            add_runs(p, spans, fonts, slide=s, size=size, bold=bold, color="bg1")
        if body.find(A_P) is None:
            add(body, A_P)
        if c < seg.cols - 1 and i < len(steps) - 1:
            autoshape(s, f"Arrow {i + 1}", "chevron",
                      Rect(x + seg.box_w + ARROW_GAP, y + (seg.box_h - ARROW) // 2, ARROW, ARROW),
                      "accent1/60000/40000")  # the accent, lighter


def draw_roleplay(s: Slide, seg: RoleplaySeg, rect: Rect, labels: dict[str, str], fonts: Fonts) -> None:
    """A scenario card: the scenario's fields left; time and observe checklist right. Light
    theme fills with a coloured bar, so a corporate theme restyles them."""
    lw, rw = card_widths(rect.w, seg.split)
    cards = card_paras(seg.roleplay, labels, seg.size)
    x = rect.x
    for (paras, w, name, bar_color) in ((cards[0], lw, "Scenario", CARD_COLORS[0]),
                                        (cards[1], rw, "Observe", CARD_COLORS[1])):
        if not w:
            continue
        card = autoshape(s, name, "rect", Rect(x, rect.y, w, rect.h), "bg2", no_effects=True)
        body = shape_body(card, CARD_PAD_L, CARD_PAD, CARD_PAD, CARD_PAD, "t")
        for k, p in enumerate(paras):
            el = add(body, A_P)
            ppr = add(el, A_PPR, {"marL": "0", "indent": "0"})
            add(add(ppr, A_SPCBEF), A_SPCPTS, {"val": str(card_space(paras, k) * 100)})
            if p.kind == "check":
                ppr.set("marL", str(CHECK_INDENT))
                ppr.set("indent", str(-CHECK_INDENT))
                add(ppr, A_BUFONT, {"typeface": SYMBOLS})
                add(ppr, A_BUCHAR, {"char": CHECK[bool(p.check)]})
            else:
                add(ppr, A_BUNONE)
            add_runs(el, p.spans, fonts, slide=s, size=p.size or seg.size, color="tx1")
        if body.find(A_P) is None:
            add(body, A_P)
        autoshape(s, f"{name} bar", "rect", Rect(x, rect.y, CARD_BAR, rect.h), bar_color, no_effects=True)
        x += w + COLUMN_GAP


def draw_picture(s: Slide, seg: ImageSeg, x: int, y: int, pictures: Pictures) -> None:
    """A picture at its measured size, its alt text (or file name) as the description."""
    rId = s.rel("image", pictures.media_of(seg.image))
    sid = s.shape_id()
    el = add(s.tree, qn("p:pic"))
    nv = add(el, qn("p:nvPicPr"))
    add(nv, P_CNVPR, {"id": str(sid), "name": f"Picture {sid - 1}",
                      "descr": tx.xml_safe(seg.image.alt or Path(seg.image.path).name)})
    add(add(nv, qn("p:cNvPicPr")), qn("a:picLocks"), {"noChangeAspect": "1"})
    add(nv, P_NVPR)
    fill = add(el, qn("p:blipFill"))
    add(fill, qn("a:blip"), {R_EMBED: rId})
    add(add(fill, qn("a:stretch")), qn("a:fillRect"))
    spPr = add(el, P_SPPR)
    set_xfrm(spPr, Rect(x, y, seg.w, seg.h))
    add(add(spPr, A_PRSTGEOM, {"prst": "rect"}), A_AVLST)
