"""Tables of contents as drawn: the bookmarks on the headings a contents lists (as
contents_plan.py planned them) and the TOC field with its entries, linked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ... import model
from .wml import W, add

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing


def heading_marks(d: Drawing, p: etree._Element, index: int) -> None:
    """The bookmarks of the top-level heading blocks[index]: the ranges of the tables of
    contents that start or end there around the heading's own (which the entries link to)."""
    plan = d.contents
    # Bookmarks go before the heading's runs, right after its w:pPr: placed by position,
    # since a paragraph's runs and bookmarks share one place in its schema sequence.
    at = 1 if len(p) and p[0].tag == W.pPr else 0
    for name in plan.range_start.get(index, ()):
        _bookmark_start(d, p, name, at)
        at += 1
    bookmark = plan.heading_bookmark.get(index)
    if bookmark:
        bid = _bookmark_start(d, p, bookmark, at)
        add(p, W.bookmarkEnd, {W.id: bid})
    for name in plan.range_end.get(index, ()):
        add(p, W.bookmarkEnd, {W.id: d.range_ids[name]})


def _bookmark_start(d: Drawing, p: etree._Element, name: str, at: int) -> str:
    bid = str(d.bookmark_id)
    d.bookmark_id += 1
    p.insert(at, etree.Element(W.bookmarkStart, {W.id: bid, W.name: name}))
    d.range_ids[name] = bid
    return bid


def contents(d: Drawing, parent: etree._Element, block: model.Contents, ctx: Ctx,
             index: int = -1) -> None:
    """The contents heading and a TOC field whose result is the planned entries, linked."""
    d.runs(d.p(parent, "TOC Heading"), model.text_of(block.title))
    range_name, entries = d.contents.entries.get(index, ("", []))
    depth = max(1, block.depth)
    bookmark = f'\\b {range_name} ' if range_name else ""
    if any(level <= 0 for level, _, _ in entries):
        names = ["Title,1"] + [f"Heading {k},{k + 1}" for k in range(1, depth + 1)]
        instr = f' TOC {bookmark}\\h \\z \\t "{",".join(names)}" '
        shift = 1
    else:
        instr = f' TOC {bookmark}\\o "1-{depth}" \\h \\z \\u '
        shift = 0
    if not entries:
        p = d.p(parent, "TOC 1")
        d.field_start(p, instr)
        d.field_char(p, "end")
        return
    heading_at = {name: at for at, name in d.contents.heading_bookmark.items()}
    here = d.language_at(index)
    for k, (level, text, anchor) in enumerate(entries):
        p = d.p(parent, f"TOC {min(level + 1 if shift else max(level, 1), 9)}")
        if k == 0:
            d.field_start(p, instr)
        link = add(p, W.hyperlink, {W.anchor: anchor, W.history: "1"})
        d.speak(d.language_at(heading_at.get(anchor, index)))  # a module's title in its language
        d.run(link, text)
        d.speak(here)
        if k == len(entries) - 1:
            d.field_char(p, "end")
