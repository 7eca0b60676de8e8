"""Drawing a page onto a slide: a copy of its layout's skeleton, the title, the column headers,
each region's segments top to bottom (text into the placeholder, or a text box; tables, step
boxes, cards and pictures by draw_blocks.py), unused placeholders removed; and the notes page.

Slides are plain lxml trees, never python-pptx shape proxies (which look placeholders and free
shape ids up with an XPath query per access); a drawn slide is deflated at once, as it goes into
the zip (package.py).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Iterable

from ... import model as m
from ... import text as tx
from .builds import add_timing
from .draw_blocks import draw_picture, draw_process, draw_roleplay, draw_table
from .draw_text import Fonts, add_paragraph, add_runs, fill_text, fill_title, textbox
from .footers import Marks, fill_marks, split_at_number
from .geometry import GAP, Rect
from .items import Para, note_lines
from .jumps import JumpsSeg, draw_jumps
from .media import MediaSeg, draw_media
from .measure import ProcessSeg, RoleplaySeg, TableSeg, TextSeg
from .package import Group, Rendered
from .paginate import Page, Plan, Region, slide_pages
from .pictures import Pictures
from .reference import LayoutInfo, Reference
from .shapes import A_P, P_CSLD, P_SPPR, P_SPTREE, Slide, add, clear, set_xfrm, txbody, xml_bytes
from .zip import Deflated, deflate, deflate_open


@dataclass
class Pen:
    """What drawing needs besides a page: the reference deck, its fonts, the course's words,
    the pictures (their media are kept for the package) and what the footers say."""

    ref: Reference
    fonts: Fonts
    labels: dict[str, str]
    pictures: Pictures
    marks: Marks = Marks()

    @classmethod
    def of(cls, ref: Reference, labels: dict[str, str], pictures: Pictures, language: str = "",
           marks: Marks = Marks()) -> "Pen":
        """A pen for the deck's language, or a module's own (its run tags and East Asian faces)."""
        if language:
            cjk, latin = tx.run_languages(language)
            return cls(ref, Fonts(cjk, latin, *ref.theme_ea(cjk)), labels, pictures, marks)
        return cls(ref, Fonts(ref.cjk_lang, ref.latin_lang, ref.ea_minor, ref.ea_major), labels, pictures,
                   marks)


def draw_slides(slides: Iterable[m.DeckSlide], plan: Plan, pen: Pen,
                labels_in: dict[str, dict[str, str]] | None = None) -> Group:
    """Slides drawn as XML, not yet in the package (Package.inject), with the pictures they show.
    A slide of a module in its own language (DeckSlide.language) gets that language's words
    (labels_in), run tags and East Asian faces."""
    out: list[Rendered] = []
    for ds in slides:
        p, q = plan, pen
        if ds.language:
            words = (labels_in or {}).get(ds.language, pen.labels)
            p, q = replace(plan, labels=words), Pen.of(pen.ref, words, pen.pictures, ds.language, pen.marks)
        first = len(out)
        out.extend(draw(page, q.ref.info(page.layout), q, ds.kind == "title")
                   for page in slide_pages(ds, q.ref.info, p))
        if ds.anchor and len(out) > first:  # what a simulation's jumps name it by (jumps.py)
            out[first].anchor = ds.anchor
    shas = {t for r in out for _, kind, t in r.rels if kind not in ("link", "slide")}  # pictures and media
    return Group(out, {sha: pen.pictures.media[sha] for sha in shas})


def draw(page: Page, info: LayoutInfo, pen: Pen, title_slide: bool = False) -> Rendered:
    """One page as a slide; the title slide has no number (footers.py)."""
    s, phs = Slide.of(pen.ref.skeleton(info), first_rid=3 if page.notes else 2)
    used: set[int] = set()
    if info.title is not None and page.title:
        fill_title(phs[info.title], page.title, info, pen.fonts)
        used.add(info.title)
    for idx, text in page.headers.items():
        if idx in phs:
            body = txbody(phs[idx])
            clear(body)
            add_paragraph(body, s, Para(text, "heading"), info.styles.get(idx, info.default_style), 1.0, pen.fonts)
            used.add(idx)
    for region in page.regions:
        _draw_region(s, region, phs, used, info, pen)
    for idx, ph in phs.items():
        if idx not in used:
            ph.getparent().remove(ph)
    numbered = fill_marks(s, pen.marks, pen.ref, title_slide)
    add_timing(s)
    notes = notes_xml(page.notes, pen) if page.notes else None
    xml = xml_bytes(s.sld)
    if numbered:  # deflated up to its number, the rest when the deck is saved (footers.py)
        head, tail = split_at_number(xml)
        return Rendered(s.layout, deflate_open(head), notes, s.rels, tail)
    return Rendered(s.layout, deflate(xml), notes, s.rels)


def _draw_region(s: Slide, region: Region, phs: dict, used: set[int], info: LayoutInfo, pen: Pen) -> None:
    rect = region.rect
    segs = region.segs
    total = sum(seg.height for seg in segs) + GAP * max(0, len(segs) - 1)
    y = rect.y + max(0, (rect.h - total) // 2) if region.center else rect.y
    ph_free = region.ph is not None and region.ph in phs and region.ph not in used
    for k, seg in enumerate(segs):
        last = k == len(segs) - 1
        if isinstance(seg, TextSeg):
            h = rect.bottom - y if last and not region.center else seg.height
            box = Rect(rect.x, y, rect.w, max(h, seg.height))
            if ph_free:
                ph = phs[region.ph]
                if info.rects.get(region.ph) != box:
                    set_xfrm(ph.find(P_SPPR), box)
                body = txbody(ph)
                used.add(region.ph)
                ph_free = False
            else:
                body = textbox(s, box, region.styles)
            fill_text(body, s, seg, region.styles, pen.fonts)
            y += seg.height + GAP
            continue
        first = s.next_id  # the shapes drawn next: shown on their click (builds.py)
        if isinstance(seg, TableSeg):
            draw_table(s, seg, Rect(rect.x, y, rect.w, seg.height), pen.fonts)
            y += seg.height
        elif isinstance(seg, ProcessSeg):
            draw_process(s, seg, Rect(rect.x, y, rect.w, seg.height), pen.fonts)
            y += seg.height
        elif isinstance(seg, RoleplaySeg):
            draw_roleplay(s, seg, Rect(rect.x, y, rect.w, seg.height), pen.labels, pen.fonts)
            y += seg.height
        elif isinstance(seg, MediaSeg):
            draw_media(s, seg, Rect(rect.x, y, rect.w, seg.h), pen.pictures, pen.fonts)
            y += seg.h
        elif isinstance(seg, JumpsSeg):
            draw_jumps(s, seg, Rect(rect.x, y, rect.w, seg.height), pen.fonts)
            y += seg.height
        else:
            x = rect.x + (rect.w - seg.w) // 2
            draw_picture(s, seg, x, y, pen.pictures)
            y += seg.h
        if seg.step:
            s.builds += [(sid, -1, seg.step) for sid in range(first, s.next_id)]
        y += GAP


def notes_xml(blocks: tuple[m.Block, ...], pen: Pen) -> Deflated:
    """The notes page: the notes as plain lines (items.note_lines) in its notes placeholder."""
    template, pos = pen.ref.notes_template()
    notes = copy.deepcopy(template)
    body = txbody(notes.find(P_CSLD).find(P_SPTREE)[pos])
    clear(body)
    for indent, spans in note_lines(blocks, pen.labels):
        p = add(body, A_P)
        add_runs(p, ((m.Span("    " * indent),) if indent else ()) + tuple(spans), pen.fonts, slide=None)
    if body.find(A_P) is None:
        add(body, A_P)
    return deflate(xml_bytes(notes))
