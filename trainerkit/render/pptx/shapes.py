"""The XML of one slide being drawn: its tag names, the Slide (shape tree, next shape id, the
relationships its shapes refer to), and the small pieces every shape is made of: a p:sp with
its non-visual properties, its frame (a:xfrm), a preset shape filled with a theme colour, an
empty text body.

Every child goes in through render/ooxml.py, which puts it in its schema place whatever the
order of the calls; draw_text.py and draw_blocks.py build on these.
"""

from __future__ import annotations

import copy
import functools

from lxml import etree

from .. import ooxml
from .geometry import Rect
from .reference import Skeleton

qn = functools.lru_cache(maxsize=None)(ooxml.qn)  # "a:p" -> "{http://...}p", parsed once per name


add = ooxml.add        # a new child in its schema place
place = ooxml.insert   # a child made elsewhere (a copy of a template), in its schema place


def template(tag: str) -> etree._Element:
    """The root of a small subtree made once and copied for every use (a run, a table cell):
    copying it is several times cheaper than adding its children one by one, and its children
    were put in order by add when it was made. It declares the a: prefix, which a copy placed
    in a slide shares with the slide's own declaration."""
    return etree.Element(tag, nsmap={"a": ooxml.NS["a"]})


A_P, A_R, A_T, A_BR, A_PPR, A_RPR = qn("a:p"), qn("a:r"), qn("a:t"), qn("a:br"), qn("a:pPr"), qn("a:rPr")
A_EA, A_LATIN, A_SOLIDFILL, A_HIGHLIGHT = qn("a:ea"), qn("a:latin"), qn("a:solidFill"), qn("a:highlight")
A_HLINKCLICK, A_BUNONE, A_SPCBEF, A_SPCAFT, A_SPCPTS = (qn("a:hlinkClick"), qn("a:buNone"), qn("a:spcBef"),
                                                        qn("a:spcAft"), qn("a:spcPts"))
A_BUFONT, A_BUCHAR, A_BUFONTTX, A_BUAUTONUM = qn("a:buFont"), qn("a:buChar"), qn("a:buFontTx"), qn("a:buAutoNum")
A_TABLST, A_TAB, A_ENDPARARPR = qn("a:tabLst"), qn("a:tab"), qn("a:endParaRPr")
A_BODYPR, A_LSTSTYLE, A_XFRM, A_OFF, A_EXT = qn("a:bodyPr"), qn("a:lstStyle"), qn("a:xfrm"), qn("a:off"), qn("a:ext")
A_PRSTGEOM, A_AVLST, A_GD, A_NOFILL, A_SCHEMECLR = (qn("a:prstGeom"), qn("a:avLst"), qn("a:gd"), qn("a:noFill"),
                                                    qn("a:schemeClr"))
A_LUMMOD, A_LUMOFF, A_LN, A_EFFECTLST, A_NOAUTOFIT = (qn("a:lumMod"), qn("a:lumOff"), qn("a:ln"), qn("a:effectLst"),
                                                      qn("a:noAutofit"))
P_SP, P_SPPR, P_TXBODY, P_CNVPR, P_NVPR = qn("p:sp"), qn("p:spPr"), qn("p:txBody"), qn("p:cNvPr"), qn("p:nvPr")
P_NVSPPR, P_CNVSPPR, P_STYLE = qn("p:nvSpPr"), qn("p:cNvSpPr"), qn("p:style")
P_CSLD, P_SPTREE = qn("p:cSld"), qn("p:spTree")
R_ID, R_EMBED = qn("r:id"), qn("r:embed")


class Slide:
    """A slide being drawn: its plain XML, the next free shape id, the relationships it refers to."""

    __slots__ = ("layout", "sld", "tree", "next_id", "rels", "_rids", "_first", "builds", "media", "marks")

    def __init__(self, layout: str, sld, next_id: int, first_rid: int):
        self.layout = layout
        self.sld = sld
        self.tree = sld.find(P_CSLD).find(P_SPTREE)
        self.next_id = next_id
        self.rels: list[tuple[str, str, str]] = []
        self._rids: dict[tuple[str, str], str] = {}
        self._first = first_rid
        self.builds: list[tuple[int, int, int]] = []  # (shape id, paragraph, step): builds.py
        self.media: list[tuple[int, str, str, int]] = []  # (shape id, kind, ms, click that plays it)
        self.marks: dict[str, etree._Element] = {}  # the layout's date, footer, slide number: footers.py

    @classmethod
    def of(cls, sk: Skeleton, first_rid: int) -> tuple["Slide", dict[int, etree._Element]]:
        """A new slide from a layout's skeleton, and its placeholders by idx (its date, footer
        and slide number apart, in marks)."""
        s = cls(sk.layout, copy.deepcopy(sk.sld), sk.next_id, first_rid)
        kids = list(s.tree)
        s.marks = {kind: kids[pos] for kind, pos in sk.marks}
        return s, {idx: kids[pos] for idx, pos in sk.phs}

    def shape_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def rel(self, kind: str, target: str) -> str:
        """The rId of a picture (by sha1) or link (URL), one per distinct target."""
        rId = self._rids.get((kind, target))
        if rId is None:
            rId = self._rids[(kind, target)] = f"rId{self._first + len(self.rels)}"
            self.rels.append((rId, kind, target))
        return rId


def txbody(sp):
    """A shape's p:txBody, added (empty) when it has none."""
    body = sp.find(P_TXBODY)
    if body is None:
        body = add(sp, P_TXBODY)
        add(body, A_BODYPR)
        add(body, A_LSTSTYLE)
        add(body, A_P)
    return body


def set_xfrm(spPr, rect: Rect) -> None:
    """Position and size of a shape (its spPr's a:xfrm)."""
    xfrm = ooxml.child(spPr, A_XFRM)
    ooxml.child(xfrm, A_OFF, {"x": str(rect.x), "y": str(rect.y)})
    ooxml.child(xfrm, A_EXT, {"cx": str(rect.w), "cy": str(rect.h)})


def new_sp(s: Slide, name: str, txbox: bool = False):
    """A p:sp with its non-visual properties and an empty spPr, appended to the slide."""
    sid = s.shape_id()
    sp = add(s.tree, P_SP)
    nv = add(sp, P_NVSPPR)
    add(nv, P_CNVPR, {"id": str(sid), "name": name})
    add(nv, P_CNVSPPR, {"txBox": "1"} if txbox else None)
    add(nv, P_NVPR)
    return sp, add(sp, P_SPPR)


def scheme_color(parent, spec: str) -> None:
    """A theme colour: "accent1", or "accent3/50000/0" for its lumMod/lumOff variant."""
    name, *mods = spec.split("/")
    c = add(parent, A_SCHEMECLR, {"val": name})
    if mods and mods[0] not in ("", "100000"):
        add(c, A_LUMMOD, {"val": mods[0]})
    if len(mods) > 1 and mods[1] not in ("", "0"):
        add(c, A_LUMOFF, {"val": mods[1]})


def autoshape(s: Slide, name: str, prst: str, rect: Rect, fill: str, adj: int | None = None,
              no_effects: bool = False):
    """A preset shape filled with a scheme colour, no outline (as python-pptx draws one)."""
    sp, spPr = new_sp(s, name)
    set_xfrm(spPr, rect)
    av = add(add(spPr, A_PRSTGEOM, {"prst": prst}), A_AVLST)
    if adj is not None:
        add(av, A_GD, {"name": "adj", "fmla": f"val {adj}"})
    scheme_color(add(spPr, A_SOLIDFILL), fill)
    add(add(spPr, A_LN), A_NOFILL)
    if no_effects:  # no inherited shadow
        add(spPr, A_EFFECTLST)
    style = add(sp, P_STYLE)
    for tag, idx, color in (("a:lnRef", "1", "accent1"), ("a:fillRef", "3", "accent1"),
                            ("a:effectRef", "2", "accent1"), ("a:fontRef", "minor", "lt1")):
        add(add(style, qn(tag), {"idx": idx}), A_SCHEMECLR, {"val": color})
    body = add(sp, P_TXBODY)
    add(body, A_BODYPR, {"rtlCol": "0", "anchor": "ctr"})
    add(body, A_LSTSTYLE)
    add(add(body, A_P), A_PPR, {"algn": "ctr"})
    return sp


def clear(body) -> None:
    """Remove a text body's paragraphs."""
    for p in body.findall(A_P):
        body.remove(p)


def xml_bytes(el) -> bytes:
    return etree.tostring(el, encoding="UTF-8", standalone=True)
