"""WordprocessingML names and the few element helpers every part of the document writer uses:
Clark names (W.p), the namespaces, and `add`, which puts a new child in its schema place
through render/ooxml.py."""

from __future__ import annotations

from lxml import etree

from .. import ooxml

W_NS = ooxml.NS["w"]
R_NS = ooxml.NS["r"]
WP_NS = ooxml.NS["wp"]
A_NS = ooxml.NS["a"]
PIC_NS = ooxml.NS["pic"]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class _W:
    """Clark names of the w: elements and attributes used here: W.p == '{...main}p'."""

    def __getattr__(self, name: str) -> str:
        value = f"{{{W_NS}}}{name}"
        setattr(self, name, value)
        return value


W = _W()
R_ID = f"{{{R_NS}}}id"
R_EMBED = f"{{{R_NS}}}embed"
DOC_PR = f"{{{WP_NS}}}docPr"
BLIP = f"{{{A_NS}}}blip"

def add(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        nsmap: dict[str, str] | None = None) -> etree._Element:
    """A new child `tag` of parent in its schema place (ooxml.add). nsmap: prefixes to
    declare (a picture's wp:, a:, pic:)."""
    return ooxml.add(parent, tag, attrs, nsmap=nsmap)


def val(parent: etree._Element, tag: str, value: str | int) -> etree._Element:
    """A child holding one w:val, in its place."""
    return add(parent, tag, {W.val: str(value)})


def child(parent: etree._Element, tag: str) -> etree._Element:
    """parent's child `tag`, made in its place when there is none yet."""
    el = parent.find(tag)
    return el if el is not None else add(parent, tag)


def last_tag(el: etree._Element) -> str | None:
    """The tag of the last child (lxml's len() walks every child: avoid it on the body)."""
    try:
        return el[-1].tag
    except IndexError:
        return None


def spacer(parent: etree._Element, height: int) -> etree._Element:
    """An empty paragraph exactly `height` twips high."""
    p = add(parent, W.p)
    ppr = add(p, W.pPr)
    add(ppr, W.spacing, {W.before: "0", W.after: "0", W.line: str(height), W.lineRule: "exact"})
    rpr = add(ppr, W.rPr)
    val(rpr, W.sz, 2)
    val(rpr, W.szCs, 2)
    return p
