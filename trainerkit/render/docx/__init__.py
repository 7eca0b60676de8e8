"""The Word writer: a model.Document as .docx bytes, drawn with the styles of a reference document.

The body is written as WordprocessingML with lxml, straight into the reference's document part;
python-docx handles the package (opening, parts, relationships, images, saving). Everything a
trainer or corporate template designer may want to restyle is a named style (see
templates/make_reference_docx.py); a style the reference lacks is copied from the built-in one.

The parts, each with one job:
- package.py: the reference opened, the language and properties set, the zip written;
- footers.py: the page footer (the course's footer line, "Page 3 of 15");
- styles.py, numbering.py: the reference's styles and list numbering (built-in ones copied in);
- drawing.py: what the block handlers share (ids, relationships) and the paragraph and run
  primitives;
- blocks.py: the handler of each block type; tables.py, cards.py, pictures.py, contents.py,
  callcentre_blocks.py and charts.py (with chart_xml.py) draw their kinds (contents_plan.py
  plans the tables of contents first);
- keeps.py: what stays together on a page;
- cache.py: the module units kept between builds;
- wml.py: the WordprocessingML names, and child order through render/ooxml.py.
"""

from __future__ import annotations

from ... import model
from ..unit_cache import UnitCache
from .blocks import HANDLERS
from .builtin import builtin_template
from .cache import ModuleCache, module_starts
from .contents_plan import plan_contents
from .drawing import Ctx, Drawing
from .footers import page_footer
from .keeps import plan_keeps
from .package import Package
from .tables import keep_punctuation_in_cells

__all__ = ["render_document", "builtin_template", "UnitCache"]


def render_document(doc: model.Document, cache: UnitCache | None = None) -> bytes:
    """The .docx bytes of a document.

    cache: where rendered modules are kept between builds (get(key) -> bytes | None and
    put(key, bytes), as build.py's FileCache). A unit starts at a module's PageBreak or
    after its opening (doc.units) and runs to the next; what comes before the first (cover,
    contents, agenda) is always drawn, and so is a unit holding a table of contents. Each
    unit's body XML is looked up under a key covering everything it depends on, and drawn and
    stored only when it is missing or its entry is damaged (cache.py)."""
    pkg = Package(doc.reference or builtin_template("reference.docx"))
    d = Drawing(doc, pkg.part, pkg.styles, pkg.numbering, HANDLERS, plan_contents(doc.blocks),
                plan_keeps(doc.blocks, questions=doc.kind in ("quiz", "key")),
                pkg.doc_pr_id, pkg.bookmark_id)
    blocks = doc.blocks
    ctx = Ctx(pkg.text_width, height=pkg.text_height)
    languages = dict(zip(doc.units, doc.unit_languages))  # where a module in its own language starts

    def draw(start: int, end: int, ctx: Ctx) -> None:
        """Draw blocks[start:end] into the body."""
        for index in range(start, end):
            if index in languages:
                d.speak(languages[index])
            block = blocks[index]
            if isinstance(block, model.PageBreak) and index + 1 < len(blocks) \
                    and isinstance(blocks[index + 1], (model.Heading, model.Paragraph)):
                # The next paragraph starts the page: a paragraph holding the break would be
                # pushed onto a page of its own after content that fills its page exactly.
                d.break_before = True
                continue
            d.block(pkg.body, block, ctx, index)

    if cache is None:
        draw(0, len(blocks), ctx)
    else:
        units = ModuleCache(doc, d, pkg.body, cache, draw)
        starts = module_starts(doc)
        bounds = sorted({0, len(blocks), *starts})
        for a, b in zip(bounds, bounds[1:]):
            if a in starts and not d.break_before and not any(
                    isinstance(block, model.Contents) for block in blocks[a:b]):
                units.unit(a, b, ctx)
            else:
                draw(a, b, ctx)
    keep_punctuation_in_cells(pkg.body)
    page_footer(pkg, doc)
    return pkg.finish(doc)
