"""The handler of every block type a document holds, and the table that finds it: text blocks
(paragraph, heading, list, code, quote, page break, cover) here, the others from the parts that
draw them (tables, pictures, contents, cards, call-centre blocks, charts)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import etree

from ... import model
from ...simulation import BranchMap
from .. import lists
from . import callcentre_blocks as cc
from .branch_map import branch_map
from .cards import card_sheet, writing_lines
from .charts import chart
from .contents import contents, heading_marks
from .pictures import picture
from .tables import columns, table
from .wml import W, add, child

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing, Handler

CHECK_INDENT = 420  # twips a nested task item stands in per level
CHECK_HANGING = 340


def paragraph(d: Drawing, parent: etree._Element, block: model.Paragraph, ctx: Ctx,
              index: int = -1) -> None:
    style = "Table Text" if ctx.in_table and ctx.para_style == "Normal" else ctx.para_style
    d.runs(d.p(parent, style, keep=True if id(block) in d.keeps else None), block.text)


def heading(d: Drawing, parent: etree._Element, block: model.Heading, ctx: Ctx,
            index: int = -1) -> None:
    level = block.level
    p = d.p(parent, "Title" if level <= 0 else f"Heading {min(level, 3)}")
    d.runs(p, block.text)
    if index >= 0:
        heading_marks(d, p, index)
        if d.log is not None:
            d.log.headings.append((index, p))


def bullet_list(d: Drawing, parent: etree._Element, block: model.BulletList, ctx: Ctx,
                index: int = -1) -> None:
    """Items numbered, bulleted or with a box to tick, as render/lists.py marks them: each
    numbered run a numbering instance of its own, starting at its first number."""
    whole = id(block) in d.keeps  # a short task list (a question's choices) stays whole
    last = len(block.items) - 1
    runs: dict[int, str] = {}  # level -> the numbering instance of the run there
    for k, (item, mark) in enumerate(zip(block.items, lists.marks(block.items))):
        level = mark.level
        suffix = "" if level == 0 else f" {min(level + 1, 3)}"
        if mark.kind == "check":
            p = d.p(parent, "Checklist", keep=True if whole and k < last else None)
            if level:
                add(child(p, W.pPr), W.ind, {W.left: str(CHECK_HANGING + CHECK_INDENT * level),
                                             W.hanging: str(CHECK_HANGING)})
            d.run(p, ("☑" if item.check else "☐") + "\t")
        elif mark.kind == "number":
            if mark.new_run:
                runs[level] = d.numbering.ordered(level, mark.number or 1)
            p = d.p(parent, "List Number" + suffix, (level, runs[level]))
        else:
            style = "List Bullet" + suffix
            own = d.numbering.defines(d.styles.num_pr(style))
            p = d.p(parent, style, None if own else (level, d.numbering.bullet))
        d.runs(p, item.text)


def code(d: Drawing, parent: etree._Element, block: model.Code, ctx: Ctx, index: int = -1) -> None:
    d.text(add(d.p(parent, "Source Code"), W.r), block.text.rstrip("\n"))


def quote(d: Drawing, parent: etree._Element, block: model.Quote, ctx: Ctx, index: int = -1) -> None:
    d.blocks(parent, block.blocks, replace(ctx, para_style="Quote"))


def page_break(d: Drawing, parent: etree._Element, block: model.PageBreak, ctx: Ctx,
               index: int = -1) -> None:
    add(add(add(parent, W.p), W.r), W.br, {W.type: "page"})


def cover(d: Drawing, parent: etree._Element, block: model.Cover, ctx: Ctx, index: int = -1) -> None:
    """The title page: the title well down the page, the subtitle lines, then a page break."""
    p = d.p(parent, "Title")
    add(child(p, W.pPr), W.spacing, {W.before: "2880"})
    d.runs(p, model.text_of(block.title))
    for line in block.lines:
        d.runs(d.p(parent, "Subtitle"), line)
    page_break(d, parent, model.PageBreak(), ctx)


def _nothing(d: Drawing, parent: etree._Element, block: object, ctx: Ctx, index: int = -1) -> None:
    """A ```quiz block is source for the quiz parser: the quiz outputs show it, documents do not."""


HANDLERS: dict[type, Handler] = {
    model.Paragraph: paragraph,
    model.Heading: heading,
    model.BulletList: bullet_list,
    model.Table: table,
    model.Image: picture,
    model.Code: code,
    model.Quote: quote,
    model.Columns: columns,
    model.Aside: cc.aside,
    model.Script: cc.script,
    model.Phrases: cc.phrases,
    model.Model: cc.model_steps,
    model.Shortcuts: cc.shortcuts,
    model.KB: cc.kb,
    model.Roleplay: cc.roleplay,
    model.Recording: cc.recording,
    model.PageBreak: page_break,
    model.Contents: contents,
    model.Cover: cover,
    model.WritingLines: writing_lines,
    model.CardSheet: card_sheet,
    model.QuizSource: _nothing,
    model.Chart: chart,
    # The handout and the guide get a simulation's paper version and key in its place
    # (plan_paper.on_paper); one left elsewhere (a quick-reference kb card) draws nothing.
    model.Simulation: _nothing,
    BranchMap: branch_map,  # the guide's flowchart of a simulation (not a model.DocBlock)
}
