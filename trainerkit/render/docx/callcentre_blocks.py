"""The call-centre blocks and asides as Word draws them: notes, trainer and handout boxes, a
script's turns, avoid/say phrases, a numbered model, shortcuts, a knowledge-base box, a
role-play's scenario and a call recording (its caption line and transcript). What they say (labels, fields, their order) comes from render/callcentre.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ... import model
from .. import callcentre
from .. import recording as media
from .keeps import keep_row
from .tables import box, end_cell, new_table, row, text_cell, widths
from .wml import W, add

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing

AVOID_FILL = "FBE9E7"  # the red of what not to say (and of a verbatim turn)
SAY_FILL = "EAF4E4"
TRAINER_COLOR = "C55A11"

# aside kind: (box style, label key, label colour)
_ASIDES = {
    "notes": ("Note Box", "notes", None),
    "trainer": ("Trainer Box", "trainer", TRAINER_COLOR),
    "handout": ("Card Box", "handout_only", None),
}


def aside(d: Drawing, parent: etree._Element, block: model.Aside, ctx: Ctx, index: int = -1) -> None:
    style, label_key, color = _ASIDES.get(block.kind, ("Card Box", None, None))
    tc, inner = box(d, parent, ctx, style, block.blocks)
    if label_key:
        label = d.labels.get(label_key, label_key.replace("_only", "").capitalize())
        p = d.p(tc, "Box Label", keep=False)  # see title
        d.run(p, label, color=color)
    d.blocks(tc, block.blocks, inner)
    end_cell(tc)


def title(d: Drawing, parent: etree._Element, text: str, *, first: bool = False) -> None:
    """The bold lead line of a call-centre block."""
    if not text:
        return
    # First in a box: LibreOffice keeps a whole table with what follows when its first
    # paragraph keeps with the next, so that keep is switched off there.
    p = d.p(parent, "Block Title", keep=False if first else None)
    if first:
        add(p.find(W.pPr), W.spacing, {W.before: "0"})
    d.run(p, text)


def script(d: Drawing, parent: etree._Element, block: model.Script, ctx: Ctx, index: int = -1) -> None:
    title(d, parent, block.title)
    ws = widths(ctx.width, [[t.speaker for t in block.turns] + ["x" * 8], ["x" * 50]])
    tbl = new_table(d, parent, ws, "trainerkit Table")
    verbatim = callcentre.word(d.labels, "verbatim")
    for k, turn in enumerate(block.turns):
        tr = row(tbl)
        fill = AVOID_FILL if turn.verbatim else None
        keep = keep_row(k, len(block.turns))
        tc = text_cell(d, tr, ws[0], model.text_of(turn.speaker), bold=True, fill=fill, keep=keep)
        if turn.verbatim:
            p = tc[-1]
            add(add(p, W.r), W.br)
            d.run(p, verbatim, rstyle="Compliance")
        text_cell(d, tr, ws[1], turn.text, fill=fill, keep=keep)


def recording(d: Drawing, parent: etree._Element, block: model.Recording, ctx: Ctx,
              index: int = -1) -> None:
    """A call recording or video, which the deck plays: its caption line after the play mark,
    then what is said in it (its transcript) as a script."""
    title(d, parent, f"{media.MARK} {media.caption_line(block, d.labels)}")
    if block.transcript is not None:
        script(d, parent, block.transcript, ctx)


def phrases(d: Drawing, parent: etree._Element, block: model.Phrases, ctx: Ctx,
            index: int = -1) -> None:
    title(d, parent, block.title)
    half = ctx.width // 2
    ws = [half, ctx.width - half]
    tbl = new_table(d, parent, ws, "trainerkit Table", first_row=True)
    tr = row(tbl, header=True)
    n = len(block.pairs) + 1
    keep = keep_row(0, n)
    for c, header in enumerate(callcentre.phrase_headers(d.labels)):
        text_cell(d, tr, ws[c], model.text_of(header), keep=keep)
    for k, pair in enumerate(block.pairs, start=1):
        tr = row(tbl)
        keep = keep_row(k, n)
        text_cell(d, tr, ws[0], pair.avoid, fill=AVOID_FILL, keep=keep)
        text_cell(d, tr, ws[1], pair.say, fill=SAY_FILL, keep=keep)


def model_steps(d: Drawing, parent: etree._Element, block: model.Model, ctx: Ctx,
                index: int = -1) -> None:
    """A call model: its steps as one numbered list, each step's label in bold."""
    title(d, parent, block.title)
    num = d.numbering.ordered(0, 1)
    for step in block.steps:
        p = d.p(parent, "List Number", (0, num))
        if step.label:
            d.run(p, step.label, bold=True)
            if step.text:
                d.run(p, " ")
        d.runs(p, step.text)


def shortcuts(d: Drawing, parent: etree._Element, block: model.Shortcuts, ctx: Ctx,
              index: int = -1) -> None:
    title(d, parent, block.title)
    ws = widths(ctx.width, [[s.keys for s in block.items],
                            [model.plain(s.action) for s in block.items]])
    tbl = new_table(d, parent, ws, "trainerkit Table")
    for k, item in enumerate(block.items):
        tr = row(tbl)
        keep = keep_row(k, len(block.items))
        text_cell(d, tr, ws[0], model.text_of(item.keys), rstyle="Verbatim Char", keep=keep)
        text_cell(d, tr, ws[1], item.action, keep=keep)


def kb(d: Drawing, parent: etree._Element, block: model.KB, ctx: Ctx, index: int = -1) -> None:
    tc, inner = box(d, parent, ctx, "Card Box", block.blocks)
    title(d, tc, block.title, first=True)
    d.blocks(tc, block.blocks, inner)
    end_cell(tc)


def roleplay(d: Drawing, parent: etree._Element, block: model.Roleplay, ctx: Ctx,
             index: int = -1) -> None:
    """A scenario in a box: each field the plan left in (the room never sees the agent's
    brief), then what an observer watches for, as boxes to tick."""
    tc, inner = box(d, parent, ctx, "Card Box", (block,))
    title(d, tc, block.title, first=True)
    for label, value in callcentre.scenario_fields(block, d.labels):
        p = d.p(tc, "Normal")
        d.run(p, label + d.sep(), bold=True)
        d.run(p, value)
    if block.observe:
        d.run(d.p(tc, "Box Label"), callcentre.observe_label(d.labels))
        for item in block.observe:
            d.run(d.p(tc, "Checklist"), "☐\t" + item)
    end_cell(tc)
