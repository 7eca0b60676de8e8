"""What drawing the body shares across its block handlers: the document's styles, numbering,
relationships, ids and counters, the keeps and the table of contents planned beforehand, and
the paragraph and run primitives (a paragraph in a style, runs of spans, links, fields).

A handler is a function (drawing, parent, block, ctx, index) -> None; the table of handlers is
handed in (blocks.HANDLERS), so the parts that draw blocks inside blocks need not import it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ... import model
from ...text import default_ea_font, is_cjk_language, run_languages, xml_safe
from .. import callcentre
from .contents_plan import ContentsPlan
from .numbering import Numbering
from .styles import Styles
from .wml import R_ID, R_NS, WP_NS, XML_SPACE, W, add, child, val


@dataclass(frozen=True)
class Ctx:
    """Where blocks are being drawn: the width available (twips) and how paragraphs look there;
    height is the page's text height (twips), what a picture's height="50%" is a share of."""

    width: int
    para_style: str = "Normal"
    in_table: bool = False
    height: int = 14570  # A4 with 2 cm margins


@dataclass
class UnitLog:
    """What a module being drawn shares with the rest of the document, recorded for its cache
    entry: style names asked for, numbering instances made or used, relationships used (in the
    order asked), its top-level headings (block index, paragraph), and the drawing id and figure
    number it started from."""

    doc_pr: int
    figure: int
    styles: dict[str, None] = field(default_factory=dict)
    numbering: list[tuple] = field(default_factory=list)
    rels: list[tuple[str, str, object]] = field(default_factory=list)
    headings: list[tuple[int, etree._Element]] = field(default_factory=list)


class RIds:
    """The rIds of the links a part gets, from a running counter. python-docx's relate_to looks
    through every relationship of the part for one to reuse and again for the lowest free rId,
    so each new link cost as much as all before it: 15,000 distinct links in one document took
    over a minute. The drawing keeps its own URL -> rId dict (Drawing.links) and asks here only
    for a new one."""

    def __init__(self, rels):
        self.rels = rels
        self.next = 1 + max((int(r[3:]) for r in rels if r.startswith("rId") and r[3:].isdigit()),
                            default=0)

    def link(self, url: str) -> str:
        # Pictures are still related through python-docx, which takes the lowest free rId: skip
        # any it took since.
        while f"rId{self.next}" in self.rels:
            self.next += 1
        rid = f"rId{self.next}"
        self.next += 1
        self.rels.add_relationship(RT.HYPERLINK, url, rid, is_external=True)
        return rid


Handler = Callable[["Drawing", etree._Element, object, Ctx, int], None]


class Drawing:
    """One document's body being drawn: the state its block handlers share."""

    def __init__(self, doc: model.Document, part, styles: Styles, numbering: Numbering,
                 handlers: dict[type, Handler], contents: ContentsPlan, keeps: set[int],
                 doc_pr_id: int, bookmark_id: int):
        self.doc = doc
        self.labels = doc.labels
        self.language = doc.language
        self.zh = is_cjk_language(doc.language)
        self.run_language: tuple[str, str, str] | None = None  # latin, cjk, East Asian face of runs
        self._unit_languages = dict(zip(doc.units, doc.unit_languages))
        self.part = part
        self.styles = styles
        self.numbering = numbering
        self.handlers = handlers
        self.contents = contents
        self.keeps = keeps  # ids of the blocks that keep with the next (keeps.plan_keeps)
        self.rids = RIds(part.rels)
        self.images: dict[Path, tuple[str, int, int]] = {}  # path -> (rId, width, height)
        self.links: dict[str, str] = {}  # URL -> rId
        self.doc_pr_id = doc_pr_id  # the next drawing id
        self.bookmark_id = bookmark_id  # the next bookmark id
        self.range_ids: dict[str, str] = {}  # bookmark name -> id, to close a contents range
        self.figure = 0  # the last figure number given
        self.break_before = False  # the next paragraph starts a new page
        self.log: UnitLog | None = None  # what the module being drawn shares with the document

    # -- a module in its own language -------------------------------------------------------

    def unit_language(self, index: int) -> str:
        """The own language of the unit starting at blocks[index] ("" for the document's)."""
        return self._unit_languages.get(index, "")

    def language_at(self, index: int) -> str:
        """The own language of the unit holding blocks[index] ("" for the document's)."""
        starts = [k for k in self._unit_languages if k <= index]
        return self._unit_languages[max(starts)] if starts else ""

    def speak(self, language: str) -> None:
        """Draw what follows in a module's own language ("" for the document's): its words,
        and its runs tagged with its languages and East Asian face where they differ from the
        document's defaults."""
        doc = self.doc
        self.labels = doc.labels_in.get(language, doc.labels) if language else doc.labels
        self.language = language or doc.language
        self.zh = is_cjk_language(self.language)
        self.run_language = None
        if language:
            mine, theirs = run_languages(language), run_languages(doc.language)
            face = default_ea_font(mine[0])
            if mine != theirs or face != default_ea_font(theirs[0]):
                self.run_language = (mine[1], mine[0], face)

    def _tag(self, rpr_of) -> None:
        """A run of a module in its own language: w:rFonts w:eastAsia and w:lang (rpr_of()
        gives the run's w:rPr, made when needed)."""
        if self.run_language is None:
            return
        latin, cjk, face = self.run_language
        rpr = rpr_of()
        fonts = child(rpr, W.rFonts)
        if fonts.get(W.eastAsia) is None:
            fonts.set(W.eastAsia, face)
        lang = child(rpr, W.lang)
        lang.set(W.val, latin)
        lang.set(W.eastAsia, cjk)

    # -- blocks -----------------------------------------------------------------------------

    def block(self, parent: etree._Element, block: model.DocBlock, ctx: Ctx, index: int = -1) -> None:
        """Draw one block; index: its place in the document's blocks (-1 inside another block)."""
        handler = self.handlers.get(type(block))
        if handler is None:
            raise TypeError(f"the docx writer cannot draw a {type(block).__name__}")
        handler(self, parent, block, ctx, index)

    def blocks(self, parent: etree._Element, blocks: Iterable[model.DocBlock], ctx: Ctx) -> None:
        for block in blocks:
            self.block(parent, block, ctx)

    # -- paragraphs and runs ----------------------------------------------------------------

    def inline(self, drawing: etree._Element, cx: int, cy: int, kind: str, descr: str
               ) -> tuple[etree._Element, etree._Element]:
        """A w:drawing's wp:inline of cx x cy EMU with its own id ("Picture 3", "Chart 4") and
        description: the inline and its cNvGraphicFramePr, for the graphic to follow."""
        wp = f"{{{WP_NS}}}"
        n = str(self.doc_pr_id)
        self.doc_pr_id += 1
        inline = add(drawing, wp + "inline", {"distT": "0", "distB": "0", "distL": "0", "distR": "0"},
                     nsmap={"wp": WP_NS})
        add(inline, wp + "extent", {"cx": str(cx), "cy": str(cy)})
        add(inline, wp + "effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"})
        add(inline, wp + "docPr", {"id": n, "name": f"{kind} {n}", "descr": descr})
        return inline, add(inline, wp + "cNvGraphicFramePr")

    def p(self, parent: etree._Element, style: str | None = None,
          num: tuple[int, str] | None = None, keep: bool | None = None) -> etree._Element:
        """A paragraph; keep True/False sets keep-with-next directly (None: as the style says)."""
        p = add(parent, W.p)
        sid = self.styles.id(style) if style and style != "Normal" else None
        brk, self.break_before = self.break_before, False
        if sid or num or keep is not None or brk:
            ppr = add(p, W.pPr)
            if sid:
                val(ppr, W.pStyle, sid)
            if keep is not None:
                add(ppr, W.keepNext, None if keep else {W.val: "0"})
            if brk:
                add(ppr, W.pageBreakBefore)
            if num:
                num_pr = add(ppr, W.numPr)
                val(num_pr, W.ilvl, num[0])
                val(num_pr, W.numId, num[1])
        return p

    def runs(self, p: etree._Element, text: model.Text, *, bold: bool = False,
             rstyle: str | None = None) -> None:
        """Spans as runs; spans sharing a link become one hyperlink."""
        i, n = 0, len(text)
        while i < n:
            span = text[i]
            if span.link:
                j = i
                while j < n and text[j].link == span.link:
                    j += 1
                link = self.hyperlink(p, span.link)
                for s in text[i:j]:
                    self.span(link, s, bold, rstyle or "Hyperlink")
                i = j
            else:
                self.span(p, span, bold, rstyle)
                i += 1

    def span(self, parent: etree._Element, span: model.Span, bold: bool, rstyle: str | None) -> None:
        r = add(parent, W.r)
        style = "Verbatim Char" if span.code else rstyle
        sid = self.styles.id(style) if style else None
        if sid or span.bold or bold or span.italic or span.strike:
            rpr = add(r, W.rPr)
            if sid:
                val(rpr, W.rStyle, sid)
            if span.bold or bold:
                add(rpr, W.b)
            if span.italic:
                add(rpr, W.i)
            if span.strike:
                add(rpr, W.strike)
        self._tag(lambda: child(r, W.rPr))
        self.text(r, span.text)

    def run(self, parent: etree._Element, text: str, *, bold: bool = False,
            rstyle: str | None = None, color: str | None = None) -> etree._Element:
        r = add(parent, W.r)
        sid = self.styles.id(rstyle) if rstyle else None
        if sid or bold or color:
            rpr = add(r, W.rPr)
            if sid:
                val(rpr, W.rStyle, sid)
            if bold:
                add(rpr, W.b)
            if color:
                val(rpr, W.color, color)
        self._tag(lambda: child(r, W.rPr))
        self.text(r, text)
        return r

    @staticmethod
    def text(r: etree._Element, text: str) -> None:
        """Text into a run: "\\n" becomes a line break, "\\t" a tab."""
        for k, line in enumerate(xml_safe(text).split("\n")):
            if k:
                add(r, W.br)
            for m, chunk in enumerate(line.split("\t")):
                if m:
                    add(r, W.tab)
                if chunk:
                    t = add(r, W.t)
                    t.text = chunk
                    if chunk[0] == " " or chunk[-1] == " ":
                        t.set(XML_SPACE, "preserve")

    def hyperlink(self, p: etree._Element, target: str) -> etree._Element:
        if target.startswith("#"):
            return add(p, W.hyperlink, {W.anchor: target[1:], W.history: "1"})
        rid = self.links.get(target)
        if rid is None:
            rid = self.links[target] = self.rids.link(target)
        if self.log is not None:
            self.log.rels.append(("link", rid, target))
        return add(p, W.hyperlink, {R_ID: rid, W.history: "1"}, nsmap={"r": R_NS})

    @staticmethod
    def field_char(p: etree._Element, kind: str) -> None:
        """A run holding a field's begin, separate or end mark."""
        add(add(p, W.r), W.fldChar, {W.fldCharType: kind})

    def field_start(self, p: etree._Element, instr: str) -> None:
        self.field_char(p, "begin")
        t = add(add(p, W.r), W.instrText, {XML_SPACE: "preserve"})
        t.text = instr
        self.field_char(p, "separate")

    def field(self, p: etree._Element, instr: str, result: str) -> None:
        """A field with its instruction and the result shown until Word updates it."""
        self.field_start(p, instr)
        self.run(p, result)
        self.field_char(p, "end")

    def sep(self) -> str:
        """What separates a label from its text (the course's colon)."""
        return callcentre.colon(self.labels, "zh" if self.zh else (self.language or "en"))
