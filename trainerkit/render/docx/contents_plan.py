"""Tables of contents, planned before drawing: which headings each Contents block lists, their
bookmarks, and where each contents range starts and ends, so that entries can link to headings
drawn later (and a reused module gets the bookmarks of this document's contents)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ... import model


@dataclass
class ContentsPlan:
    """Per heading block index, its bookmark and the contents ranges starting or ending
    there; per Contents block index, its range's name and entries (level, text, bookmark)."""

    heading_bookmark: dict[int, str] = field(default_factory=dict)
    range_start: dict[int, list[str]] = field(default_factory=dict)
    range_end: dict[int, list[str]] = field(default_factory=dict)
    entries: dict[int, tuple[str, list[tuple[int, str, str]]]] = field(default_factory=dict)


def plan_contents(blocks: tuple | list) -> ContentsPlan:
    """Bookmark the headings each Contents lists, so its entries can link to them."""
    plan = ContentsPlan()
    n = 0
    for k, block in enumerate(blocks):
        if not isinstance(block, model.Contents):
            continue
        entries = []
        for j in range(k + 1, len(blocks)):
            h = blocks[j]
            if isinstance(h, model.Heading) and h.level <= block.depth:
                if j not in plan.heading_bookmark:
                    n += 1
                    plan.heading_bookmark[j] = f"_Toc{100000000 + n}"
                entries.append((h.level, model.plain(h.text), plan.heading_bookmark[j]))
                last = j
        range_name = f"_TocRange{len(plan.entries) + 1}"
        if entries:
            first = next(j for j in range(k + 1, len(blocks))
                         if isinstance(blocks[j], model.Heading)
                         and blocks[j].level <= block.depth)
            plan.range_start.setdefault(first, []).append(range_name)
            plan.range_end.setdefault(last, []).append(range_name)
        plan.entries[k] = (range_name if entries else "", entries)
    return plan
