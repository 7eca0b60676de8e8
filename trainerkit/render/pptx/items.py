"""Model blocks lowered into the items a slide is made of: paragraphs (Para), tables, pictures,
processes (a model's step boxes) and role-play cards, in reading order; and the plain lines of
speaker notes.

The words on call-centre blocks (✗/✓ headers, speaker labels, the verbatim tag, scenario fields,
minutes) come from render/callcentre.py, list numbers and boxes from render/lists.py, so the deck
says what the documents say. How an item is measured is measure.py's job, where it goes
paginate.py's, how it looks draw*.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Union

from ... import fonts
from ... import model as m
from ...simulation import Jumps
from .. import callcentre as cc
from ..lists import marks
from .geometry import MAX_PROCESS

CHECK = {False: "\u2610", True: "\u2611"}  # ☐ ☑
SPEAKER_COLORS = ("accent1", "accent2", "accent4", "accent5", "accent6")
VERBATIM_COLOR = "accent3"
CARD_COLORS = ("accent1", "accent2")  # the scenario card's labels and bar; the observe card's


@dataclass(frozen=True)
class Styled(m.Span):
    """A span in a theme colour the writer chose (a speaker label, a tag): color and highlight
    are scheme colours ("accent1", or "accent3/40000/60000" for lumMod/lumOff), never RGB."""

    color: str | None = None
    highlight: str | None = None


@dataclass
class Para:
    """One paragraph to draw. kind: plain, heading, bullet, number, check, quote, code, turn
    (and label, value in cards).

    A turn is a line of a call script: its first `lead` spans (the speaker) sit in a hanging
    indent `hang_em` wide. cont marks the rest of a paragraph split at a sentence: no bullet, no
    number, no space above."""

    spans: tuple[m.Span, ...]
    kind: str = "plain"
    level: int = 0
    number: int = 1
    list_id: int = 0
    keep_next: bool = False
    check: bool | None = None
    hang_em: float = 0.0
    lead: int = 0
    cont: bool = False
    size: float | None = None  # pt, in step boxes and cards
    step: int = 0  # the slide show's click that shows it (0: shown with the slide); see builds.py


@dataclass
class TableItem:
    table: m.Table
    kind: str = ""  # "phrases": avoid | say, equal columns in the theme's cue colours
    step: int = 0


@dataclass
class ImageItem:
    image: m.Image
    step: int = 0


@dataclass
class MediaItem:
    """A call recording or a video (media.py); play: the slide show's click that plays it."""

    recording: m.Recording
    step: int = 0
    play: int = 0


@dataclass
class ProcessItem:
    model: m.Model
    step: int = 0


@dataclass
class RoleplayItem:
    roleplay: m.Roleplay
    step: int = 0


@dataclass
class JumpsItem:
    """A call simulation's replies: shapes that jump to their step's slide (jumps.py)."""

    jumps: Jumps
    step: int = 0


Item = Union[Para, TableItem, ImageItem, ProcessItem, RoleplayItem, MediaItem, JumpsItem]


def lower(block: m.Block, labels: dict[str, str]) -> list[m.Block]:
    """Call-centre blocks as ordinary blocks: for speaker notes, and for slides where a block
    cannot be drawn in its own way (a quote, a model of one step or of many)."""
    if not isinstance(block, (m.Script, m.Phrases, m.Model, m.Shortcuts, m.KB, m.Roleplay)):
        return [block]
    heading: list[m.Block] = [m.Heading(3, m.text_of(block.title))] if block.title else []
    if isinstance(block, m.Script):
        out: list[m.Block] = list(heading)
        for t in block.turns:
            spans = (m.Span(cc.speaker_label(t.speaker), bold=True), m.Span(" ")) + tuple(t.text)
            if t.verbatim:
                spans += (m.Span(cc.verbatim_tag(labels), italic=True),)
            out.append(m.Paragraph(spans, t.loc))
        return out
    if isinstance(block, m.Phrases):
        return heading + [cc.phrases_table(block, labels)]
    if isinstance(block, m.Model):
        items = tuple(m.ListItem((m.Span(s.label, bold=True), m.Span(" "), *s.text), 0, True, i + 1)
                      for i, s in enumerate(block.steps))
        return heading + [m.BulletList(items, block.loc)]
    if isinstance(block, m.Shortcuts):
        return [m.Table((m.text_of(cc.word(labels, "shortcuts")), m.text_of(block.title)),
                        tuple((m.text_of(s.keys), s.action) for s in block.items), loc=block.loc)]
    if isinstance(block, m.KB):
        return heading + list(block.blocks)
    if isinstance(block, m.Roleplay):
        colon = cc.colon(labels)
        items = [m.ListItem((m.Span(f"{k}{colon}", bold=True), m.Span(v))) for k, v in cc.scenario_fields(block, labels)]
        if block.observe:
            items.append(m.ListItem((m.Span(cc.observe_label(labels), bold=True),)))
            items += [m.ListItem(m.text_of(o), 1, check=False) for o in block.observe]
        return heading + [m.BulletList(tuple(items), block.loc)]
    return [block]


def speaker_colors(speakers: Iterable[str], labels: dict[str, str]) -> dict[str, str]:
    """One theme accent per speaker: the agent always accent1 and the customer accent2 (so they
    look the same on every slide), anyone else the next free accent in order of appearance."""
    speakers = list(speakers)
    out: dict[str, str] = {}
    for sp in speakers:
        if sp in out:
            continue
        if cc.is_agent(sp, labels):
            out[sp] = SPEAKER_COLORS[0]
        elif cc.is_customer(sp, labels):
            out[sp] = SPEAKER_COLORS[1]
    free = [c for c in SPEAKER_COLORS if c not in out.values()] or list(SPEAKER_COLORS)
    k = 0
    for sp in speakers:
        if sp not in out:
            out[sp] = free[k % len(free)]
            k += 1
    return out


def script_paras(block: m.Script, labels: dict[str, str], measure: fonts.Measure) -> list[Para]:
    """A call script as a dialogue: per turn a paragraph, the speaker in bold in their own theme
    colour in a hanging indent, compliance turns tagged with the verbatim label (never a "!")."""
    colors = speaker_colors([t.speaker for t in block.turns], labels)
    names = {t.speaker: cc.speaker_label(t.speaker) for t in block.turns}
    widest = max((measure.width(n, bold=True) for n in names.values()), default=0.0)  # in the deck's face
    hang = widest + 0.6 if widest <= 7 else 0.0  # a very long name: the turn follows it inline
    verbatim = cc.word(labels, "verbatim")
    out = []
    for t in block.turns:
        spans: list[m.Span] = [Styled(names[t.speaker], bold=True, color=colors[t.speaker]), m.Span("\t" if hang else " ")]
        if t.verbatim:  # dark text of the accent on its light tint: readable whatever the theme
            spans += [Styled(f"\u00a0{verbatim}\u00a0", bold=True, color=f"{VERBATIM_COLOR}/50000/0",
                             highlight=f"{VERBATIM_COLOR}/20000/80000"), m.Span(" ")]
        spans += list(t.text)
        out.append(Para(tuple(spans), "turn", hang_em=hang, lead=2))
    return out


def same_title(title: str, slide_title: str) -> bool:
    """A block title the slide title already says (the slide "示范通话：理赔进度投诉" and the script
    "理赔进度投诉"): not repeated as a heading."""
    t = title.strip().casefold()
    return bool(t) and t in slide_title.casefold()


def items(blocks: Iterable[m.Block], labels: dict[str, str], counter: list[int], measure: fonts.Measure,
          quote: bool = False, title: str = "") -> list[Item]:
    """Flatten blocks into paragraphs, tables, pictures, processes and cards, in order.
    counter numbers the lists of the deck, so two lists never share a numbering run."""
    out: list[Item] = []
    for block in blocks:
        if isinstance(block, m.Simulation):  # the deck engineer's slides per step (issue 16): none yet
            continue
        if isinstance(block, (m.Script, m.Phrases, m.Model, m.Roleplay)) and not quote:
            if block.title and not same_title(block.title, title):
                out.append(Para(m.text_of(block.title), "heading", keep_next=True))
            if isinstance(block, m.Script):
                out.extend(script_paras(block, labels, measure))
            elif isinstance(block, m.Phrases):
                out.append(TableItem(cc.phrases_table(block, labels), "phrases"))
            elif isinstance(block, m.Roleplay):
                out.append(RoleplayItem(block))
            elif 2 <= len(block.steps) <= MAX_PROCESS:  # a process: one shape per step
                out.append(ProcessItem(block))
            else:
                counter[0] += 1
                out.extend(list_paras(lower(replace(block, title=""), labels)[0], counter[0], quote))
            continue
        for b in lower(block, labels):
            if isinstance(b, m.Paragraph):
                out.append(Para(tuple(b.text), "quote" if quote else "plain"))
            elif isinstance(b, m.Heading):
                out.append(Para(tuple(b.text), "heading", keep_next=True))
            elif isinstance(b, m.BulletList):
                counter[0] += 1
                out.extend(list_paras(b, counter[0], quote))
            elif isinstance(b, m.Code):
                lines = b.text.rstrip("\n").split("\n")
                for i, line in enumerate(lines):
                    out.append(Para((m.Span(line or " ", code=True),), "code", keep_next=i == 0 and len(lines) > 1))
            elif isinstance(b, m.Quote):
                out.extend(items(b.blocks, labels, counter, measure, quote=True))
            elif isinstance(b, m.Table):
                out.append(TableItem(b))
            elif isinstance(b, m.Image):
                out.append(ImageItem(b))
            elif isinstance(b, m.Recording):  # it plays on a click of its own, in reading order
                while len(counter) < 2:
                    counter.append(0)
                counter[1] += 1
                out.append(MediaItem(b, play=counter[1]))
            elif isinstance(b, Jumps):
                out.append(JumpsItem(b))
            elif isinstance(b, m.Columns):  # columns inside columns: one after the other
                for col in b.columns:
                    out.extend(items(col, labels, counter, measure, quote, title))
            elif isinstance(b, m.Aside) and b.kind in ("step", "incremental"):
                out.extend(_built(b, labels, counter, measure, quote, title))
            elif isinstance(b, m.Aside):  # plan decides who sees an aside: what it hands in is shown
                out.extend(items(b.blocks, labels, counter, measure, quote, title))
    return out


def _built(aside: m.Aside, labels: dict[str, str], counter: list[int], measure: fonts.Measure,
           quote: bool, title: str) -> list[Item]:
    """The items of a build: after a pause ("step"), all on the next click; in pandoc's
    ::: incremental, each list item (with the items nested under it) on a click of its own.
    Steps are numbered from counter[1], deck-wide, so they keep their order on the slide."""
    while len(counter) < 2:
        counter.append(0)
    if aside.kind == "step":
        counter[1] += 1
        step = counter[1]
        inner = items(aside.blocks, labels, counter, measure, quote, title)
        for it in inner:  # pictures, tables, step boxes and cards too
            if not it.step:
                it.step = step
        return inner
    inner = items(aside.blocks, labels, counter, measure, quote, title)
    step = 0
    for it in inner:
        if not isinstance(it, Para) or it.step:
            continue
        if it.kind in ("bullet", "number", "check") and it.level == 0 and not it.cont:
            counter[1] += 1
            step = counter[1]
        elif it.kind not in ("bullet", "number", "check"):
            step = 0  # a paragraph between lists: shown with the slide, as pandoc does
        it.step = step
    return inner


def _lead(mark, item: m.ListItem) -> str:
    """A list item's mark as text: "1. ", "☐ " or "• "."""
    if mark.kind == "number":
        return f"{mark.number}. "
    if mark.kind == "check":
        return CHECK[bool(item.check)] + " "
    return "• "


def list_paras(lst: m.BulletList, list_id: int, quote: bool) -> list[Para]:
    """A list's items as paragraphs, numbered and boxed as render/lists.py says; in a quote the
    marks are text (a quote has no bullets)."""
    out: list[Para] = []
    for item, mark in zip(lst.items, marks(lst.items)):
        if quote:
            out.append(Para((m.Span("    " * item.level + _lead(mark, item)),) + tuple(item.text), "quote"))
        elif mark.kind == "check":
            out.append(Para(tuple(item.text), "check", mark.level, 0, list_id, check=item.check))
        else:
            out.append(Para(tuple(item.text), mark.kind, mark.level, mark.number, list_id))
    return out


def card_paras(rp: m.Roleplay, labels: dict[str, str], size: float) -> tuple[list[Para], list[Para]]:
    """A role-play's two cards as paragraphs: every field of the scenario callcentre gives but
    the time (small coloured labels over values; plan has taken the agent's brief out of what
    the room sees), and the time and observe checklist (observe items as ☐)."""
    lab = max(12.0, round(size * 0.7))

    def label(text: str, color: str) -> Para:
        return Para((Styled(text, bold=True, color=color),), "label", size=lab)

    left: list[Para] = []
    for k, v in cc.scenario_fields(replace(rp, time=None), labels):
        left += [label(k, CARD_COLORS[0]), Para(m.text_of(v), "value", size=size)]
    right: list[Para] = []
    if rp.time:
        right += [label(cc.word(labels, "time"), CARD_COLORS[1]),
                  Para((m.Span(cc.minutes(rp.time, labels), bold=True),), "value", size=size)]
    if rp.observe:
        right.append(label(cc.observe_label(labels), CARD_COLORS[1]))
        right += [Para(m.text_of(o), "check", size=size, check=False) for o in rp.observe]
    return left, right


def step_label(i: int, step: m.Step) -> str:
    """A step box's first line: its number, then its label ("1. Hear")."""
    return f"{i + 1}. {step.label}" if step.label else f"{i + 1}."


def note_lines(blocks: Iterable[m.Block], labels: dict[str, str], depth: int = 0) -> list[tuple[int, tuple[m.Span, ...]]]:
    """Speaker notes as plain lines: bullets as "• ", numbers as "1. ", nesting as indentation."""
    out: list[tuple[int, tuple[m.Span, ...]]] = []
    for block in blocks:
        for b in lower(block, labels):
            if isinstance(b, (m.Paragraph, m.Heading)):
                out.append((depth, tuple(b.text)))
            elif isinstance(b, m.BulletList):
                for it, mark in zip(b.items, marks(b.items)):
                    out.append((depth + it.level, (m.Span(_lead(mark, it)),) + tuple(it.text)))
            elif isinstance(b, m.Code):
                out.extend((depth, (m.Span(line, code=True),)) for line in b.text.rstrip("\n").split("\n"))
            elif isinstance(b, m.Table):
                for row in (b.header, *b.rows):
                    spans: list[m.Span] = []
                    for j, cell in enumerate(row):
                        spans += ([m.Span(" | ")] if j else []) + list(cell)
                    out.append((depth, tuple(spans)))
            elif isinstance(b, m.Image):
                out.append((depth, (m.Span(f"[{b.alt or Path(b.path).name}]"),)))
            elif isinstance(b, m.Recording):
                out.append((depth, (m.Span(f"[{b.caption or Path(b.path).name}]"),)))
            elif isinstance(b, (m.Quote, m.Aside)):
                out.extend(note_lines(b.blocks, labels, depth + 1))
            elif isinstance(b, m.Columns):
                for col in b.columns:
                    out.extend(note_lines(col, labels, depth))
    return out
