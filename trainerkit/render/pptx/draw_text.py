"""Drawing text: a text frame's paragraphs (bullets, numbers, task boxes, quotes, code, the
turns of a call script, the continuation of a split paragraph) and their runs (one per span and
script, each tagged with its language and, for CJK text, the theme's East Asian typeface), a
slide title, and a text box styled like the placeholder it stands in for.

What text goes where was decided by paginate.py, at the sizes measure.py measured.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable

from ... import model as m
from ... import text as tx
from .. import ooxml
from .geometry import CHECK_EXTRA, EMU_PER_IN, EMU_PER_PT, LINE, MIN_PT, QUOTE_INDENT, Rect
from .items import CHECK, Para
from .measure import TextSeg, para_size
from .reference import LayoutInfo, TextStyle
from .shapes import (
    A_AVLST, A_BODYPR, A_BR, A_BUAUTONUM, A_BUCHAR, A_BUFONT, A_BUFONTTX, A_BUNONE, A_EA, A_HIGHLIGHT,
    A_HLINKCLICK, A_LATIN, A_NOAUTOFIT, A_NOFILL, A_P, A_PPR, A_PRSTGEOM, A_R, A_RPR, A_SOLIDFILL,
    A_SPCBEF, A_SPCPTS, A_T, A_TAB, A_TABLST, P_CNVPR, P_NVSPPR, P_TXBODY, R_ID, Slide, add, clear,
    new_sp, place, scheme_color, set_xfrm, template, txbody,
)

MONO = "Consolas"  # code; LibreOffice falls back to a monospace font where it is missing
SYMBOLS = "Segoe UI Symbol"  # task boxes; LibreOffice falls back to a face that has them


@dataclass(frozen=True)
class Fonts:
    """The languages runs are tagged with and the theme's East Asian faces (body, headings)."""

    cjk_lang: str
    latin_lang: str
    ea_minor: str
    ea_major: str


def add_runs(p, spans: Iterable[m.Span], fonts: Fonts, *, slide: Slide | None, size: float | None = None,
             bold: bool = False, italic: bool = False, mono: bool = False, ea: str | None = None,
             color: str | None = None) -> None:
    """Append runs to an a:p: one per span and script, each tagged with its language and,
    for CJK text, the theme's East Asian typeface (python-pptx has no API for either).
    color (or a Styled span's own) is a scheme colour, so a corporate theme restyles it."""
    ea = ea or fonts.ea_minor
    sz = str(int(round(size * 100))) if size else None
    for span in spans:
        if span.text == "\n":
            place(p, _break(fonts.latin_lang, fonts.cjk_lang, sz).__copy__())
            continue
        fill = getattr(span, "color", None) or color
        highlight = getattr(span, "highlight", None)
        for seg, cjk in tx.script_segments(span.text):
            if cjk:
                r = place(p, _run(fonts.cjk_lang, fonts.latin_lang, sz, ea).__copy__())
            else:
                r = place(p, _run(fonts.latin_lang, fonts.cjk_lang, sz, None).__copy__())
            rpr, t = r
            if fill:
                scheme_color(add(rpr, A_SOLIDFILL), fill)
            if highlight:
                scheme_color(add(rpr, A_HIGHLIGHT), highlight)
            if bold or span.bold:
                rpr.set("b", "1")
            if italic or span.italic:
                rpr.set("i", "1")
            if span.strike:
                rpr.set("strike", "sngStrike")
            if mono or span.code:
                add(rpr, A_LATIN, {"typeface": MONO})
            if span.link and slide is not None:
                add(rpr, A_HLINKCLICK, {R_ID: slide.rel("link", tx.xml_safe(span.link))})
            t.text = tx.xml_safe(seg)


def _rpr_attrs(lang: str, alt: str, sz: str | None) -> dict[str, str]:
    if sz:
        return {"lang": lang, "altLang": alt, "sz": sz, "dirty": "0"}
    return {"lang": lang, "altLang": alt, "dirty": "0"}


@functools.lru_cache(maxsize=256)
def _run(lang: str, alt: str, sz: str | None, ea: str | None):
    """A run's template: a:rPr (language, size, the East Asian face of CJK text) and an empty a:t."""
    r = template(A_R)
    rpr = add(r, A_RPR, _rpr_attrs(lang, alt, sz))
    if ea:
        add(rpr, A_EA, {"typeface": ea})
    add(r, A_T)
    return r


@functools.lru_cache(maxsize=64)
def _break(lang: str, alt: str, sz: str | None):
    """A line break's template: a:br with its a:rPr."""
    br = template(A_BR)
    add(br, A_RPR, _rpr_attrs(lang, alt, sz))
    return br


def _no_space_before(ppr) -> None:
    add(add(ppr, A_SPCBEF), A_SPCPTS, {"val": "0"})


def add_paragraph(body, slide: Slide | None, p: Para, style: TextStyle, scale: float, fonts: Fonts,
                  start: int | None = None) -> None:
    """One paragraph of a text frame, its bullet, number, box or indent set as its kind says;
    start: where a numbered run starts (a list continued on the next slide keeps counting)."""
    el = add(body, A_P)
    ppr = add(el, A_PPR)
    if p.level:
        ppr.set("lvl", str(p.level))
    lv = style.levels[min(p.level, 8)]
    size = None
    if p.kind == "code":
        size = para_size(p, lv)
    elif scale < 0.999:
        size = max(MIN_PT, round(lv.size * scale))
    if p.cont:  # the rest of a paragraph split at a sentence: no bullet, no space above
        _no_space_before(ppr)
    if p.kind == "turn":
        hang = int(p.hang_em * (size or lv.size) * EMU_PER_PT)
        ppr.set("marL", str(hang))
        ppr.set("indent", "0" if p.cont else str(-hang))
        if hang:
            add(add(ppr, A_TABLST), A_TAB, {"pos": str(hang), "algn": "l"})
        add(ppr, A_BUNONE)
    elif p.cont and p.kind in ("bullet", "number", "check"):
        ppr.set("indent", "0")
        add(ppr, A_BUNONE)
    elif p.kind == "check":  # a box is wider than a bullet: a wider hanging indent
        ppr.set("marL", str(lv.marL + CHECK_EXTRA))
        ppr.set("indent", str(-min(lv.marL + CHECK_EXTRA, int(0.3 * EMU_PER_IN) + CHECK_EXTRA)))
        add(ppr, A_BUFONT, {"typeface": SYMBOLS})
        add(ppr, A_BUCHAR, {"char": CHECK[bool(p.check)]})
    elif p.kind in ("plain", "heading", "code"):
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        if p.kind == "code" and not p.keep_next and not p.cont:
            _no_space_before(ppr)
        add(ppr, A_BUNONE)
    elif p.kind == "quote":
        ppr.set("marL", str(QUOTE_INDENT))
        ppr.set("indent", "0")
        add(ppr, A_BUNONE)
    elif p.kind == "number":
        add(ppr, A_BUFONTTX)
        num = add(ppr, A_BUAUTONUM, {"type": "arabicPeriod"})
        if start and start != 1:
            num.set("startAt", str(start))
    add_runs(el, p.spans, fonts, slide=slide, size=size, bold=p.kind == "heading",
             italic=p.kind == "quote", mono=p.kind == "code")


def fill_text(body, slide: Slide, seg: TextSeg, style: TextStyle, fonts: Fonts) -> None:
    """A text frame's paragraphs, numbered runs kept across the frame (per list and level)."""
    clear(body)
    runs: dict[tuple[int, int], int] = {}  # (list, level) -> startAt of the numbering run
    for p in seg.paras:
        start = None
        if p.kind in ("bullet", "number", "check") and not p.cont:
            for key in [k for k in runs if k[1] > p.level or k[0] != p.list_id]:
                del runs[key]  # a shallower item or another list ends deeper runs
            key = (p.list_id, p.level)
            if p.kind == "number":
                start = runs.setdefault(key, p.number)
            else:
                runs.pop(key, None)
        else:
            runs.clear()
        add_paragraph(body, slide, p, style, seg.scale, fonts, start)
    if body.find(A_P) is None:
        add(body, A_P)
    if any(p.step for p in seg.paras):
        sp = body.getparent()
        cnv = sp.find(f"{P_NVSPPR}/{P_CNVPR}")
        if cnv is not None and len(body.findall(A_P)) == len(seg.paras):
            spid = int(cnv.get("id"))
            slide.builds += [(spid, k, p.step) for k, p in enumerate(seg.paras) if p.step]


def fill_title(ph, title: str, info: LayoutInfo, fonts: Fonts) -> None:
    """The slide title, a size smaller (not below 24 pt) for each line it would overflow its box."""
    body = txbody(ph)
    clear(body)
    p = add(body, A_P)
    size = None
    style = info.title_style
    if style is not None:
        lv = style.levels[0]
        l, t, r, b = style.insets
        box = info.title_rect  # the slide's title inherits the layout's box
        width, height = box.w - l - r, box.h - t - b
        s = lv.size
        while s > 24 and style.measure.lines(title, width / (s * EMU_PER_PT)) * s * LINE * lv.line * EMU_PER_PT > height:
            s -= 2
        if s != lv.size:
            size = s
    add_runs(p, (m.Span(title),), fonts, slide=None, size=size, ea=fonts.ea_major)


def textbox(s: Slide, box: Rect, style: TextStyle):
    """A text box styled like the placeholder (its levels as the box's lstStyle): its txBody."""
    sp, spPr = new_sp(s, f"TextBox {s.next_id - 1}", txbox=True)
    set_xfrm(spPr, box)
    add(add(spPr, A_PRSTGEOM, {"prst": "rect"}), A_AVLST)
    add(spPr, A_NOFILL)
    body = add(sp, P_TXBODY)
    l, t, r, b = style.insets
    add(body, A_BODYPR, {"wrap": "square", "lIns": str(l), "tIns": str(t), "rIns": str(r), "bIns": str(b)})
    ooxml.insert(body, style.lst_style())
    return body


def shape_body(sp, l: int, t: int, r: int, b: int, anchor: str):
    """An autoshape's emptied txBody: wrapped, never autofit (sizes are chosen to fit), insets."""
    body = sp.find(P_TXBODY)
    bp = body.find(A_BODYPR)
    for child in list(bp):
        bp.remove(child)
    for k, v in (("wrap", "square"), ("lIns", l), ("tIns", t), ("rIns", r), ("bIns", b), ("anchor", anchor)):
        bp.set(k, str(v))
    add(bp, A_NOAUTOFIT)
    clear(body)
    return body
