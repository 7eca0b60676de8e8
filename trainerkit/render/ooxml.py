"""XML child order as data: which children an Office XML element may hold, in the order the
schema (ECMA-376, transitional) requires, and one helper that puts each new child in its place.

PowerPoint and Word refuse or "repair" a part whose children are out of order, while
LibreOffice forgives it; so a writer never relies on the order of its own calls. It asks
`add(parent, tag)` (or `child(parent, tag)`), which inserts the new element before the first
of its successors that is already present, as python-pptx's `ZeroOrOne(successors=...)` does.

ORDER maps a parent's tag to its children's tags in schema order; a tuple inside the list is a
choice (its members share one place, like a:buNone | a:buAutoNum | a:buChar). A parent that is
not in ORDER gets new children at the end. The test tests/test_xml_order.py walks every part
of every generated file and checks every element named here against it.
"""

from __future__ import annotations

from typing import Iterable

from lxml import etree

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}


def qn(name: str) -> str:
    """"a:pPr" as lxml spells it: "{http://...drawingml/2006/main}pPr"."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


# parent: its children in schema order. Written with prefixes; a tuple is a choice.
_SEQUENCES: dict[str, list[str | tuple[str, ...]]] = {
    # DrawingML text (CT_TextParagraphProperties): spacing, bullet colour/size/font/kind, tabs, defaults
    "a:pPr": ["a:lnSpc", "a:spcBef", "a:spcAft",
              ("a:buClrTx", "a:buClr"), ("a:buSzTx", "a:buSzPct", "a:buSzPts"),
              ("a:buFontTx", "a:buFont"), ("a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip"),
              "a:tabLst", "a:defRPr", "a:extLst"],
}


def _expand(seqs: dict[str, list[str | tuple[str, ...]]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for parent, children in seqs.items():
        ranks: dict[str, int] = {}
        for rank, entry in enumerate(children):
            for name in (entry,) if isinstance(entry, str) else entry:
                ranks[qn(name)] = rank
        out[qn(parent)] = ranks
    return out


ORDER: dict[str, dict[str, int]] = _expand(_SEQUENCES)


def add(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    """A new child `tag` (Clark name) of parent, placed before its first successor present."""
    el = etree.Element(tag, attrs or {}, nsmap=None)
    if text is not None:
        el.text = text
    insert(parent, el)
    return el


def child(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """parent's child `tag`, made in its place when there is none yet (attrs set either way)."""
    el = parent.find(tag)
    if el is None:
        return add(parent, tag, attrs)
    for k, v in (attrs or {}).items():
        el.set(k, v)
    return el


def insert(parent: etree._Element, el: etree._Element) -> etree._Element:
    """Put el into parent before the first child that must come after it."""
    ranks = ORDER.get(parent.tag)
    rank = ranks.get(el.tag) if ranks else None
    if rank is not None:
        for other in parent:
            later = ranks.get(other.tag)
            if later is not None and later > rank:
                other.addprevious(el)
                return el
    parent.append(el)
    return el


def misplaced(root: etree._Element) -> Iterable[str]:
    """Every element under root (root included) whose children break ORDER: a child ranked
    before one already seen, or one the table does not know for its parent."""
    for el in root.iter(*ORDER):
        ranks = ORDER[el.tag]
        last = -1
        for ch in el:
            if not isinstance(ch.tag, str):  # comments, processing instructions
                continue
            rank = ranks.get(ch.tag)
            if rank is None:
                yield f"{_short(el.tag)} holds {_short(ch.tag)}, which the order table does not list"
            elif rank < last:
                yield f"{_short(ch.tag)} comes after a later sibling in {_short(el.tag)}"
            else:
                last = rank


def _short(tag: str) -> str:
    uri, _, local = tag[1:].partition("}")
    prefix = next((p for p, u in NS.items() if u == uri), uri)
    return f"{prefix}:{local}"
