"""The deck writer: a model.Deck in, .pptx bytes out, styled by the reference deck.

Everything that looks like something (fonts, colours, bullets, sizes, positions) comes from the
reference deck's masters, layouts and theme. The writer decides only where content goes: which
placeholder, how much fits on one slide, and where the rest continues. Call-centre blocks get
their own look, coloured only with the theme's scheme colours so a corporate theme restyles them:
a script as a dialogue, phrases as an avoid ✗ | say ✓ table, a model as numbered step boxes, a
role-play as a scenario card.

The parts, in the order a slide passes through them:
- reference.py  the reference deck read once: layouts, text styles, theme fonts, skeletons;
- items.py      model blocks lowered into paragraphs, tables, pictures, processes, cards;
- measure.py    how tall text is, a table's widths and rows, a picture's size, boxes and cards;
- paginate.py   items split over slides and placed in the layout's regions: pages;
- draw.py       a page drawn onto a copy of its layout's skeleton (draw_text.py: text frames,
                paragraphs and runs; draw_blocks.py: tables, step boxes, cards, pictures;
                shapes.py: the slide's XML pieces; footers.py: the layout's footer, date and
                slide number), and the notes page;
- package.py    the parts, relationships, content types and media, written by zip.py;
- cache.py      the slide cache: a module's drawn slides kept between builds;
- geometry.py, pictures.py: units and boxes; the picture files.

Speed (issue #6: a 1,150-slide course in under a second): python-pptx reads the reference deck,
clones each layout's placeholders once and makes the notes master; slides are drawn as plain
lxml trees and kept as deflated XML until save writes the zip itself, so cached modules go into
the zip as stored, without being parsed or compressed again. This relies on some private
python-pptx API, all of it in reference.py and package.py: `Slides._sldIdLst`, `Part.drop_rel`,
`_element` of parts and placeholders, `_base_placeholder`, `SlideShapes._spTree`,
`Package._rels`, `CT_Presentation.get_or_add_sldIdLst`; the cache key includes python-pptx's
version.
"""

from __future__ import annotations

from ... import model as m
from ...layouts import STANDARD_LAYOUTS, layout_lookup, layout_names
from ..unit_cache import get_quietly, put_quietly, slide_runs
from .cache import SlideCache, decode, encode, group_key, slide_keys
from .draw import Pen, draw_slides
from .footers import Marks
from .package import Package
from .paginate import Plan, slide_pages
from .pictures import Pictures
from .reference import Reference

__all__ = ["render_deck", "slide_counts", "SlideCache", "STANDARD_LAYOUTS", "layout_lookup", "layout_names"]


def render_deck(deck: m.Deck, cache: SlideCache | None = None) -> bytes:
    """The deck as .pptx bytes: one slide per DeckSlide (more where content overflows).

    cache: where rendered modules are kept between builds (get(key) -> bytes | None and
    put(key, bytes); see SlideCache). Each run of slides (unit_cache.slide_runs: a module's
    opening, the rest of the module, continuation slides included; the title and agenda are one
    more) is looked up under a key covering everything its XML depends on (cache.py), and drawn
    and stored only when it is missing or its entry is damaged. Cached slides get fresh part
    names, rIds and slide ids in this deck."""
    ref = Reference(deck)
    labels = deck.labels or {}
    pictures = Pictures()
    plan = Plan(labels, pictures, ref.measure)
    pen = Pen.of(ref, labels, pictures, marks=Marks.of(deck))
    package = Package(ref)
    keys = slide_keys(deck, labels) if cache is not None else None
    for run in slide_runs(deck.slides):
        if keys is None:
            package.inject(draw_slides(run, plan, pen, deck.labels_in))
            continue
        key = group_key(keys, run, pictures)
        rendered = decode(key, get_quietly(cache, key), ref.layouts)
        if rendered is None:
            rendered = draw_slides(run, plan, pen, deck.labels_in)
            put_quietly(cache, key, encode(key, rendered))
        package.inject(rendered)
    return package.save(deck)


def slide_counts(deck: m.Deck) -> list[int]:
    """How many slides each DeckSlide becomes (more than one where its content continues),
    measured as render_deck lays them out but without drawing: the guide numbers its pages so."""
    ref = Reference(deck)
    plan = Plan(deck.labels or {}, Pictures(), ref.measure)
    return [len(slide_pages(ds, ref.info, plan)) for ds in deck.slides]
