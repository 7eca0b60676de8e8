"""The page footer of a Word document: the course's footer line (footer: and the version) and
the page numbers in the document's language ("第 3 页，共 15 页", "Page 3 of 15": labels'
page_of, with Word's PAGE and NUMPAGES fields), in the reference document's Footer style.

With both, the line stands at the left margin and the page numbers at the right (a right tab
stop at the text's width); with one, it takes the Footer style's own alignment.

A reference document with a footer of its own keeps it, as its styles are kept: the line is
added under what it says, as a paragraph of its own, and the page numbers only where it shows
none (no PAGE field). Its even-page footer gets the same; its first-page footer (a cover
designed without one) is left as it is. A reference without a footer gets one.
"""

from __future__ import annotations

import re

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import OxmlElement, parse_xml
from docx.parts.hdrftr import FooterPart
from lxml import etree

from ... import model
from ...text import xml_safe
from .package import Package
from .wml import R_ID, R_NS, W, W_NS, XML_SPACE, add, val

_EMPTY_FOOTER = f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>'
_PAGE_FIELD = re.compile(r"(^|[^A-Z])PAGE([^A-Z]|$)")  # PAGE, not NUMPAGES alone


def page_footer(pkg: Package, doc: model.Document) -> None:
    """Write the document's footer line and page numbers into its page footer (see above)."""
    words = doc.labels.get("page_of", "") if doc.page_numbers else ""
    if not (doc.footer or words):
        return
    if pkg.sect_pr is None:
        pkg.sect_pr = OxmlElement("w:sectPr")
    footers = _own_footers(pkg)
    if not footers:
        footers = [_new_footer(pkg)]
    style = pkg.styles.id("Footer")
    for footer in footers:
        numbers = words if not _has_page_field(footer) else ""
        if doc.footer or numbers:
            _line(footer, style, doc.footer, numbers, pkg.text_width)


def _own_footers(pkg: Package) -> list[etree._Element]:
    """The reference's default and even-page footers (w:ftr), where its section has them."""
    out = []
    for ref in pkg.sect_pr.findall(W.footerReference):
        if ref.get(W.type, "default") not in ("default", "even"):
            continue
        rel = pkg.part.rels.get(ref.get(R_ID))
        if rel is not None and not rel.is_external and rel.reltype == RT.FOOTER:
            out.append(rel.target_part.element)
    return out


def _new_footer(pkg: Package) -> etree._Element:
    """A footer part of the document's own, referenced by its section as the default footer."""
    package = pkg.part.package
    part = FooterPart(package.next_partname("/word/footer%d.xml"), CT.WML_FOOTER,
                      parse_xml(_EMPTY_FOOTER), package)
    rid = pkg.part.relate_to(part, RT.FOOTER)
    add(pkg.sect_pr, W.footerReference, {W.type: "default", R_ID: rid})
    return part.element


def _has_page_field(footer: etree._Element) -> bool:
    """Whether a footer already shows the page number (a PAGE field, simple or complex)."""
    for el in footer.iter(W.instrText):
        if _PAGE_FIELD.search((el.text or "").upper()):
            return True
    return any(_PAGE_FIELD.search((el.get(W.instr) or "").upper()) for el in footer.iter(W.fldSimple))


def _line(footer: etree._Element, style: str | None, line: str, numbers: str, width: int) -> None:
    """The footer's paragraph: the line, then the page numbers after a right tab."""
    p = add(footer, W.p)
    ppr = add(p, W.pPr)
    if style:
        val(ppr, W.pStyle, style)
    if line and numbers:
        add(add(ppr, W.tabs), W.tab, {W.val: "right", W.pos: str(width)})
        val(ppr, W.jc, "left")
    if line:
        _text(p, line)
    if line and numbers:
        add(add(p, W.r), W.tab)
    if numbers:
        # "第 {page} 页，共 {pages} 页": the words around each placeholder, a field in its place.
        for piece in re.split(r"(\{page\}|\{pages\})", numbers):
            if piece == "{page}":
                _field(p, "PAGE")
            elif piece == "{pages}":
                _field(p, "NUMPAGES")
            elif piece:
                _text(p, piece)


def _text(p: etree._Element, text: str) -> None:
    t = add(add(p, W.r), W.t)
    t.text = xml_safe(text)
    if t.text != t.text.strip():
        t.set(XML_SPACE, "preserve")


def _field(p: etree._Element, instr: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a result Word and LibreOffice redo when they lay
    the page out."""
    add(add(p, W.r), W.fldChar, {W.fldCharType: "begin"})
    t = add(add(p, W.r), W.instrText, {XML_SPACE: "preserve"})
    t.text = f" {instr} "
    add(add(p, W.r), W.fldChar, {W.fldCharType: "separate"})
    add(add(p, W.r), W.t).text = "1"
    add(add(p, W.r), W.fldChar, {W.fldCharType: "end"})
