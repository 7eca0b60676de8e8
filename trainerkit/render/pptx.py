"""The deck writer: a model.Deck in, .pptx bytes out, styled by the reference deck.

Everything that looks like something (fonts, colours, bullets, sizes, positions) comes from the
reference deck's masters, layouts and theme. This module decides only where content goes: which
placeholder, how much fits on one slide (a rough text measure, see text.py), and where the rest
continues (balanced over the slides, long paragraphs cut at sentence ends). Call-centre blocks get
their own look, coloured only with the theme's scheme colours so a corporate theme restyles them:
a script as a dialogue (speakers in accent colours, compliance lines tagged with the verbatim
label), phrases as an avoid ✗ | say ✓ table, a model as numbered step boxes (one or two rows),
a role-play as a scenario card without the agent's brief. It goes below python-pptx's API in a few named places: runs with language tags and East
Asian typefaces (`_add_runs`), numbered bullets, and adding slides, notes and pictures without
walking the whole package per slide (python-pptx does, which makes big decks quadratic).
"""

from __future__ import annotations

import copy
import hashlib
import io
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Union

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.image import Image as PptxImage
from pptx.parts.image import ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart

from .. import model as m
from ..errors import Diagnostic, TrainerkitError
from . import text as tx

EMU_PER_PT = 12700
EMU_PER_IN = 914400
MIN_PT = 14.0  # never shrink text below this to avoid a split
MONO = "Consolas"  # code; LibreOffice falls back to a monospace font where it is missing
FALLBACK_EA = "Microsoft YaHei"
GAP = int(0.18 * EMU_PER_IN)  # between a text block, a table and a picture
COLUMN_GAP = int(0.35 * EMU_PER_IN)
LINE = 1.2  # single line spacing, as a multiple of the font size
MAX_PROCESS = 8  # a model with more steps is a numbered list
ONE_ROW = 5  # a process of more steps is drawn in two rows
PROCESS_H = int(2.3 * EMU_PER_IN)  # the tallest a row of step boxes grows
SHAPE_LINE = 1.3  # line height in step boxes and cards: CJK faces set taller lines than 1.2
MIN_BODY_PT = 16.0  # the smallest body size tried to keep a slide's content on one slide
SYMBOLS = "Segoe UI Symbol"  # task boxes; LibreOffice falls back to a face that has them
CHECK = {False: "\u2610", True: "\u2611"}  # ☐ ☑
SPEAKER_COLORS = ("accent1", "accent2", "accent4", "accent5", "accent6")
VERBATIM_COLOR = "accent3"
AVOID_COLOR, SAY_COLOR = "accent3", "accent6"
CARD_COLORS = ("accent1", "accent2")  # the scenario card's labels and bar; the observe card's
ARROW = int(0.28 * EMU_PER_IN)  # the chevron between two step boxes
ARROW_GAP = int(0.06 * EMU_PER_IN)
ROW_GAP = int(0.3 * EMU_PER_IN)
BOX_PAD_X = int(0.08 * EMU_PER_IN)
BOX_PAD_Y = int(0.06 * EMU_PER_IN)
CARD_PAD = int(0.18 * EMU_PER_IN)
CARD_PAD_L = int(0.32 * EMU_PER_IN)  # clears the card's coloured bar
CARD_BAR = int(0.09 * EMU_PER_IN)
CHECK_INDENT = int(0.4 * EMU_PER_IN)
CHECK_EXTRA = int(0.15 * EMU_PER_IN)  # a task box's hanging indent beyond a bullet's
MAX_BOX_W = int(3.0 * EMU_PER_IN)  # a step box no wider: a short process sits centred
SAFETY = 0.98  # use a little less than the measured room: the text measure is rough

_TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE}
_BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE,
               PP_PLACEHOLDER.VERTICAL_BODY, PP_PLACEHOLDER.VERTICAL_OBJECT}


# ---------------------------------------------------------------------------------------------
# Public API


def layout_names(reference: Path) -> list[str]:
    """The names of the reference deck's slide layouts, in order (every master, no duplicates)."""
    prs = Presentation(str(reference))
    names: list[str] = []
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            if layout.name not in names:
                names.append(layout.name)
    return names


def render_deck(deck: m.Deck) -> bytes:
    """The deck as .pptx bytes: one slide per DeckSlide (more where content overflows)."""
    writer = _Writer(deck)
    for ds in deck.slides:
        writer.add(ds)
    return writer.save()


# ---------------------------------------------------------------------------------------------
# Geometry and measured content


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def right(self) -> int:
        return self.x + self.w


def _union(rects: Iterable[Rect]) -> Rect:
    rects = list(rects)
    x, y = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x, y, max(r.right for r in rects) - x, max(r.bottom for r in rects) - y)


@dataclass(frozen=True)
class LevelStyle:
    size: float  # pt
    marL: int  # EMU
    space_before: float  # pt
    line: float  # line spacing factor (1.0 = single)


@dataclass(frozen=True)
class Styled(m.Span):
    """A span in a theme colour the writer chose (a speaker label, a tag): color and highlight
    are scheme colours ("accent1", or "accent3/40000/60000" for lumMod/lumOff), never RGB."""

    color: str | None = None
    highlight: str | None = None


@dataclass
class Para:
    """One paragraph to draw. kind: plain, heading, bullet, number, check, quote, code, turn.

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


@dataclass
class TableItem:
    table: m.Table
    kind: str = ""  # "phrases": avoid | say, equal columns in the theme's cue colours


@dataclass
class ImageItem:
    image: m.Image


@dataclass
class ProcessItem:
    model: m.Model


@dataclass
class RoleplayItem:
    roleplay: m.Roleplay


Item = Union[Para, TableItem, ImageItem, ProcessItem, RoleplayItem]


@dataclass
class TextSeg:
    paras: list[Para]
    height: int = 0
    scale: float = 1.0


@dataclass
class TableSeg:
    table: m.Table
    rows: tuple[tuple[m.Text, ...], ...]
    size: float
    widths: list[int]
    heights: list[int]  # header first
    kind: str = ""

    @property
    def height(self) -> int:
        return sum(self.heights)


@dataclass
class ImageSeg:
    image: m.Image
    w: int
    h: int

    @property
    def height(self) -> int:
        return self.h


@dataclass
class ProcessSeg:
    """A model's steps as boxes: `rows` rows of `cols` boxes (reading order: left to right, then
    the next row), each box_w x box_h, text at label_pt / text_pt."""

    model: m.Model
    height: int
    rows: int = 1
    cols: int = 1
    box_w: int = 0
    box_h: int = 0
    label_pt: float = 20.0
    text_pt: float = 18.0


@dataclass
class RoleplaySeg:
    """A role-play scenario as a card: the scenario left, time and observe checklist right."""

    roleplay: m.Roleplay
    height: int
    size: float
    split: float  # the scenario card's share of the width (1.0: one card)


Seg = Union[TextSeg, TableSeg, ImageSeg, ProcessSeg, RoleplaySeg]


@dataclass
class Region:
    """A box of the slide and what goes in it; ph: the placeholder idx the first text goes into."""

    rect: Rect
    segs: list[Seg]
    ph: int | None
    styles: "TextStyle"
    center: bool = False  # centre the content vertically (a picture beside text)


@dataclass
class Page:
    title: str
    layout: str
    regions: list[Region]
    headers: dict[int, tuple[m.Text, ...]] = field(default_factory=dict)  # header ph idx -> text
    notes: tuple[m.Block, ...] = ()


# ---------------------------------------------------------------------------------------------
# Text styles read from the reference deck


class TextStyle:
    """The paragraph levels of one placeholder, resolved through layout, master and txStyles."""

    def __init__(self, chain: list[etree._Element], insets: tuple[int, int, int, int]):
        self.chain = chain  # lstStyle-like elements, most specific first
        self.insets = insets  # l, t, r, b
        self.levels = [self._level(i) for i in range(9)]

    def _find(self, lvl: int, path: str):
        for lst in self.chain:
            hit = lst.find(f"{qn(f'a:lvl{lvl + 1}pPr')}{path}")
            if hit is not None:
                return hit
        return None

    def _attr(self, lvl: int, path: str, name: str):
        for lst in self.chain:
            e = lst.find(f"{qn(f'a:lvl{lvl + 1}pPr')}{path}")
            if e is not None and e.get(name) is not None:
                return e.get(name)
        return None

    def _level(self, lvl: int) -> LevelStyle:
        sz = self._attr(lvl, "/" + qn("a:defRPr"), "sz")
        size = int(sz) / 100 if sz else 18.0
        marL = self._attr(lvl, "", "marL")
        space = 0.0
        sb = self._find(lvl, "/" + qn("a:spcBef"))
        if sb is not None and len(sb):
            v = sb[0]
            space = int(v.get("val", "0")) / 100 if v.tag == qn("a:spcPts") else int(v.get("val", "0")) / 100000 * size
        line = 1.0
        ls = self._find(lvl, "/" + qn("a:lnSpc"))
        if ls is not None and len(ls) and ls[0].tag == qn("a:spcPct"):
            line = int(ls[0].get("val", "100000")) / 100000
        return LevelStyle(size, int(marL) if marL else 0, space, line)

    def lst_style(self) -> etree._Element:
        """The resolved levels as an a:lstStyle, so a text box looks like the placeholder."""
        out = etree.Element(qn("a:lstStyle"))
        for i in range(9):
            tag = qn(f"a:lvl{i + 1}pPr")
            merged = etree.SubElement(out, tag)
            children: dict[str, etree._Element] = {}
            for lst in reversed(self.chain):  # general first, specific wins
                src = lst.find(tag)
                if src is None:
                    continue
                for k, v in src.attrib.items():
                    merged.set(k, v)
                for child in src:
                    group = _PPR_GROUP.get(etree.QName(child).localname)
                    if group is None:
                        continue
                    if group == "defRPr" and "defRPr" in children:
                        base = children["defRPr"]
                        for k, v in child.attrib.items():
                            base.set(k, v)
                        for sub in child:
                            for old in base.findall(sub.tag):
                                base.remove(old)
                            base.append(copy.deepcopy(sub))
                        continue
                    children[group] = copy.deepcopy(child)
            for group in _PPR_ORDER:
                if group in children:
                    merged.append(children[group])
        return out


_PPR_ORDER = ["lnSpc", "spcBef", "spcAft", "buClr", "buSz", "buFont", "bu", "tabLst", "defRPr"]
_PPR_GROUP = {
    "lnSpc": "lnSpc", "spcBef": "spcBef", "spcAft": "spcAft", "buClrTx": "buClr", "buClr": "buClr",
    "buSzTx": "buSz", "buSzPct": "buSz", "buSzPts": "buSz", "buFontTx": "buFont", "buFont": "buFont",
    "buNone": "bu", "buAutoNum": "bu", "buChar": "bu", "buBlip": "bu", "tabLst": "tabLst", "defRPr": "defRPr",
}


@dataclass
class LayoutInfo:
    layout: object  # pptx SlideLayout
    title: int | None
    title_rect: Rect | None
    title_style: TextStyle | None
    content: list[tuple[int, Rect]]  # body placeholders that take content, left to right
    headers: dict[int, tuple[int, Rect]]  # content idx -> (header idx, rect) (Comparison)
    pictures: list[tuple[int, Rect]]
    styles: dict[int, TextStyle]
    area: Rect  # where content goes when no placeholder says so
    default_style: TextStyle
    rects: dict[int, Rect]  # every placeholder's box, by idx


# ---------------------------------------------------------------------------------------------
# Model blocks to paragraphs, tables and pictures


def _lower(block: m.Block, labels: dict[str, str]) -> list[m.Block]:
    """Call-centre blocks as ordinary blocks: for speaker notes, and for slides where a block
    cannot be drawn in its own way (a quote, a model of one step or of many)."""
    L = lambda k, d: labels.get(k, d)  # noqa: E731
    if isinstance(block, m.Script):
        out: list[m.Block] = [m.Heading(3, m.text_of(block.title))] if block.title else []
        for t in block.turns:
            spans = (m.Span(_speaker_label(t.speaker), bold=True), m.Span(" ")) + tuple(t.text)
            if t.verbatim:
                label = L("verbatim", "verbatim")
                spans += (m.Span(f"（{label}）" if tx.is_cjk(label[:1] or "a") else f" ({label})", italic=True),)
            out.append(m.Paragraph(spans, t.loc))
        return out
    if isinstance(block, m.Phrases):
        out = [m.Heading(3, m.text_of(block.title))] if block.title else []
        out.append(_phrases_table(block, labels))
        return out
    if isinstance(block, m.Model):
        out = [m.Heading(3, m.text_of(block.title))] if block.title else []
        items = tuple(m.ListItem((m.Span(s.label, bold=True), m.Span(" "), *s.text), 0, True, i + 1)
                      for i, s in enumerate(block.steps))
        return out + [m.BulletList(items, block.loc)]
    if isinstance(block, m.Shortcuts):
        return [m.Table((m.text_of(L("shortcuts", "Shortcuts")), m.text_of(block.title)),
                        tuple((m.text_of(s.keys), s.action) for s in block.items), loc=block.loc)]
    if isinstance(block, m.KB):
        return ([m.Heading(3, m.text_of(block.title))] if block.title else []) + list(block.blocks)
    if isinstance(block, m.Roleplay):
        # The room sees the scenario, the customer player included: never the agent's brief.
        out = [m.Heading(3, m.text_of(block.title))] if block.title else []
        colon = L("colon", ": ")
        items = [m.ListItem((m.Span(f"{k}{colon}", bold=True), m.Span(v))) for k, v in _scenario_fields(block, labels)]
        if block.time:
            items.append(m.ListItem((m.Span(f"{L('time', 'Time')}{colon}", bold=True), m.Span(_minutes(block.time, labels)))))
        if block.observe:
            items.append(m.ListItem((m.Span(L("observe", "Observe"), bold=True),)))
            items += [m.ListItem(m.text_of(o), 1, check=False) for o in block.observe]
        return out + [m.BulletList(tuple(items), block.loc)]
    return [block]


def _speaker_label(speaker: str) -> str:
    """"坐席：" for a Chinese speaker name, "Agent:" for a Latin one."""
    wide = bool(speaker) and tx.is_cjk(speaker[-1])
    return f"{speaker}：" if wide else f"{speaker}:"


def _minutes(n: int, labels: dict[str, str]) -> str:
    return f"{n} {labels.get('minutes', 'min')}"


def _scenario_fields(rp: m.Roleplay, labels: dict[str, str]) -> list[tuple[str, str]]:
    """What the room may see of a role-play, labelled: situation, customer, goal (not the agent brief)."""
    rows = [(labels.get("situation", "Situation"), rp.situation), (labels.get("customer", "Customer"), rp.customer),
            (labels.get("goal", "Goal"), rp.goal)]
    return [(k, v) for k, v in rows if v]


def _phrases_table(block: m.Phrases, labels: dict[str, str]) -> m.Table:
    """Avoid | say, the headers marked ✗ and ✓ so the comparison reads without colour too."""
    return m.Table((m.text_of(f"\u2717 {labels.get('avoid', 'Avoid')}"), m.text_of(f"\u2713 {labels.get('say', 'Say instead')}")),
                   tuple((p.avoid, p.say) for p in block.pairs), loc=block.loc)


def _speaker_colors(speakers: Iterable[str], labels: dict[str, str]) -> dict[str, str]:
    """One theme accent per speaker: the agent always accent1 and the customer accent2 (so they
    look the same on every slide), anyone else the next free accent in order of appearance."""
    agent = {labels.get("agent", "Agent").casefold(), "agent", "坐席", "客服"}
    customer = {labels.get("customer", "Customer").casefold(), "customer", "客户", "来电人"}
    out: dict[str, str] = {}
    for sp in speakers:
        key = sp.strip().casefold()
        if sp in out:
            continue
        if key in agent:
            out[sp] = SPEAKER_COLORS[0]
        elif key in customer:
            out[sp] = SPEAKER_COLORS[1]
    free = [c for c in SPEAKER_COLORS if c not in out.values()] or list(SPEAKER_COLORS)
    k = 0
    for sp in speakers:
        if sp not in out:
            out[sp] = free[k % len(free)]
            k += 1
    return out


def _script_paras(block: m.Script, labels: dict[str, str]) -> list[Para]:
    """A call script as a dialogue: per turn a paragraph, the speaker in bold in their own theme
    colour in a hanging indent, compliance turns tagged with the verbatim label (never a "!")."""
    colors = _speaker_colors([t.speaker for t in block.turns], labels)
    names = {t.speaker: _speaker_label(t.speaker) for t in block.turns}
    widest = max((tx.width_em(n) for n in names.values()), default=0.0)
    hang = widest + 0.6 if widest <= 7 else 0.0  # a very long name: the turn follows it inline
    verbatim = labels.get("verbatim", "verbatim")
    out = []
    for t in block.turns:
        spans: list[m.Span] = [Styled(names[t.speaker], bold=True, color=colors[t.speaker]), m.Span("\t" if hang else " ")]
        if t.verbatim:  # dark text of the accent on its light tint: readable whatever the theme
            spans += [Styled(f"\u00a0{verbatim}\u00a0", bold=True, color=f"{VERBATIM_COLOR}/50000/0",
                             highlight=f"{VERBATIM_COLOR}/20000/80000"), m.Span(" ")]
        spans += list(t.text)
        out.append(Para(tuple(spans), "turn", hang_em=hang, lead=2))
    return out


def _same_title(title: str, slide_title: str) -> bool:
    """A block title the slide title already says (the slide "示范通话：理赔进度投诉" and the script
    "理赔进度投诉"): not repeated as a heading."""
    t = title.strip().casefold()
    return bool(t) and t in slide_title.casefold()


def _items(blocks: Iterable[m.Block], labels: dict[str, str], counter: list[int], quote: bool = False,
           title: str = "") -> list[Item]:
    """Flatten blocks into paragraphs, tables, pictures, processes and cards, in order."""
    out: list[Item] = []
    for block in blocks:
        if isinstance(block, (m.Script, m.Phrases, m.Model, m.Roleplay)) and not quote:
            if block.title and not _same_title(block.title, title):
                out.append(Para(m.text_of(block.title), "heading", keep_next=True))
            if isinstance(block, m.Script):
                out.extend(_script_paras(block, labels))
                continue
            if isinstance(block, m.Phrases):
                out.append(TableItem(_phrases_table(block, labels), "phrases"))
                continue
            if isinstance(block, m.Roleplay):
                out.append(RoleplayItem(block))
                continue
            if 2 <= len(block.steps) <= MAX_PROCESS:  # a process: one shape per step, drawn by _draw_process
                out.append(ProcessItem(block))
                continue
            counter[0] += 1
            out.extend(_list_paras(_lower(replace(block, title=""), labels)[0], counter[0], quote))
            continue
        for b in _lower(block, labels):
            if isinstance(b, m.Paragraph):
                out.append(Para(tuple(b.text), "quote" if quote else "plain"))
            elif isinstance(b, m.Heading):
                out.append(Para(tuple(b.text), "heading", keep_next=True))
            elif isinstance(b, m.BulletList):
                counter[0] += 1
                out.extend(_list_paras(b, counter[0], quote))
            elif isinstance(b, m.Code):
                lines = b.text.rstrip("\n").split("\n")
                for i, line in enumerate(lines):
                    out.append(Para((m.Span(line or " ", code=True),), "code", keep_next=i == 0 and len(lines) > 1))
            elif isinstance(b, m.Quote):
                out.extend(_items(b.blocks, labels, counter, quote=True))
            elif isinstance(b, m.Table):
                out.append(TableItem(b))
            elif isinstance(b, m.Image):
                out.append(ImageItem(b))
            elif isinstance(b, m.Columns):  # columns inside columns: one after the other
                for col in b.columns:
                    out.extend(_items(col, labels, counter, quote, title))
            elif isinstance(b, m.Aside):
                if b.kind == "slides":  # plan unwraps asides; should one slip through, keep slide content
                    out.extend(_items(b.blocks, labels, counter, quote, title))
    return out


def _list_paras(lst: m.BulletList, list_id: int, quote: bool) -> list[Para]:
    out: list[Para] = []
    counts: dict[int, int] = {}
    for item in lst.items:
        for deeper in [k for k in counts if k > item.level]:
            del counts[deeper]
        if item.ordered:
            n = item.number if item.number is not None else counts.get(item.level, 0) + 1
            counts[item.level] = n
        else:
            counts.pop(item.level, None)
            n = 0
        if quote:
            lead = f"{n}. " if item.ordered else (CHECK[item.check] + " " if item.check is not None else "• ")
            out.append(Para((m.Span("    " * item.level + lead),) + tuple(item.text), "quote"))
        elif item.check is not None and not item.ordered:
            out.append(Para(tuple(item.text), "check", min(item.level, 8), 0, list_id, check=item.check))
        else:
            out.append(Para(tuple(item.text), "number" if item.ordered else "bullet", min(item.level, 8), n, list_id))
    return out


# ---------------------------------------------------------------------------------------------
# The writer


class _Writer:
    def __init__(self, deck: m.Deck):
        self.deck = deck
        self.labels = deck.labels or {}
        self.prs = Presentation(str(deck.reference))
        self.package = self.prs.part.package
        self._drop_slides()
        self.cjk_lang, self.latin_lang = tx.run_languages(deck.language)
        self.ea_minor, self.ea_major = self._theme_ea()
        self.layouts: dict[str, object] = {}
        for master in self.prs.slide_masters:
            for layout in master.slide_layouts:
                self.layouts.setdefault(layout.name, layout)
        self.infos: dict[str, LayoutInfo] = {}
        self.slide_w, self.slide_h = int(self.prs.slide_width), int(self.prs.slide_height)
        # Part names are counted here once instead of searched per slide (see module docstring).
        taken = {str(p.partname) for p in self.package.iter_parts()}
        self._taken = taken
        self._n_slides = 0
        self._n_notes = 0
        self._n_images = 0
        self._images: dict[str, ImagePart] = {}
        self._sld_ids = self.prs.slides._sldIdLst
        self._next_sld_id = 256
        self._notes_master = None
        self._list_counter = [0]

    # -- package plumbing ---------------------------------------------------------------------

    def _drop_slides(self) -> None:
        """Remove the reference deck's own slides (a template may carry examples)."""
        sld_ids = self.prs.slides._sldIdLst
        for sld_id in list(sld_ids):
            rId = sld_id.rId
            sld_ids.remove(sld_id)
            self.prs.part.drop_rel(rId)

    def _free_name(self, template: str, counter: str) -> PackURI:
        while True:
            n = getattr(self, counter) + 1
            setattr(self, counter, n)
            name = template % n
            if name not in self._taken:
                self._taken.add(name)
                return PackURI(name)

    def _new_slide(self, layout):
        partname = self._free_name("/ppt/slides/slide%d.xml", "_n_slides")
        slide_part = SlidePart.new(partname, self.package, layout.part)
        # A new part cannot be related yet: skip relate_to's search of every existing relationship.
        rId = self.prs.part.rels._add_relationship(RT.SLIDE, slide_part)
        self._sld_ids._add_sldId(id=self._next_sld_id, rId=rId)
        self._next_sld_id += 1
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        return slide

    def _notes_slide(self, slide):
        """The slide's notes page, made without python-pptx's walk over every part."""
        if self._notes_master is None:
            self._notes_master = self.prs.part.notes_master_part
            self._fit_notes_master(self._notes_master.notes_master)
        partname = self._free_name("/ppt/notesSlides/notesSlide%d.xml", "_n_notes")
        part = NotesSlidePart(partname, CT.PML_NOTES_SLIDE, self.package, CT_NotesSlide.new())
        part.relate_to(self._notes_master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        notes = part.notes_slide
        notes.clone_master_placeholders(self._notes_master.notes_master)
        return notes

    def _fit_notes_master(self, master) -> None:
        """Give the notes page's slide picture the deck's shape: a reference deck without a notes
        master gets python-pptx's default, which frames a 4:3 slide."""
        nsz = self.prs.part._element.find(qn("p:notesSz"))
        page_w = int(nsz.get("cx")) if nsz is not None else 6858000
        image = next((ph for ph in master.placeholders
                      if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_IMAGE), None)
        if image is None or not image.width or not image.height:
            return
        aspect = self.slide_w / self.slide_h
        if abs(image.width / image.height - aspect) < 0.01:
            return
        w = page_w - int(1.5 * EMU_PER_IN)
        h = int(w / aspect)
        top = image.top
        image.left, image.top, image.width, image.height = (page_w - w) // 2, top, w, h
        for ph in master.placeholders:
            if ph.placeholder_format.type == PP_PLACEHOLDER.BODY and ph.top < top + h + EMU_PER_IN // 4:
                bottom = ph.top + ph.height
                ph.top = top + h + EMU_PER_IN // 4
                ph.height = max(EMU_PER_IN, bottom - ph.top)

    def _image_part(self, image: m.Image) -> tuple[ImagePart, PptxImage]:
        try:
            blob = Path(image.path).read_bytes()
            pic = PptxImage.from_blob(blob, Path(image.path).name)
            pic.size  # noqa: B018  (parses the header: fails on a file that is no picture)
        except Exception as e:  # OSError, or PIL's UnidentifiedImageError
            raise TrainerkitError(Diagnostic(image.loc, "error", f"cannot read image {image.path}: {e}")) from e
        sha = hashlib.sha1(blob).hexdigest()
        part = self._images.get(sha)
        if part is None:
            partname = self._free_name("/ppt/media/image%d." + pic.ext, "_n_images")
            part = ImagePart(partname, pic.content_type, self.package, blob, pic.filename)
            self._images[sha] = part
        return part, pic

    def _natural_size(self, image: m.Image) -> tuple[int, int]:
        _, pic = self._image_part(image)
        px_w, px_h = pic.size
        dpi_x, dpi_y = pic.dpi
        return int(px_w * EMU_PER_IN / (dpi_x or 72)), int(px_h * EMU_PER_IN / (dpi_y or 72))

    def _theme_ea(self) -> tuple[str, str]:
        """East Asian typefaces (minor, major) from the theme: a:ea, else the script's font."""
        script = tx.theme_script(self.cjk_lang)
        try:
            theme = etree.fromstring(self.prs.slide_masters[0].part.part_related_by(RT.THEME).blob)
        except Exception:
            return FALLBACK_EA, FALLBACK_EA
        found = []
        for kind in ("a:minorFont", "a:majorFont"):
            font = theme.find(f".//{qn('a:fontScheme')}/{qn(kind)}")
            face = ""
            if font is not None:
                ea = font.find(qn("a:ea"))
                face = ea.get("typeface", "") if ea is not None else ""
                if not face:
                    for f in font.findall(qn("a:font")):
                        if f.get("script") == script:
                            face = f.get("typeface", "")
            found.append(face or FALLBACK_EA)
        return found[0], found[1]

    def save(self) -> bytes:
        cp = self.prs.core_properties
        cp.title = self.deck.title
        if self.deck.author:
            cp.author = self.deck.author
        cp.language = tx.normalize_lang(self.deck.language)
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()

    # -- layouts ------------------------------------------------------------------------------

    def info(self, name: str) -> LayoutInfo:
        if name in self.infos:
            return self.infos[name]
        layout = self.layouts.get(name)
        if layout is None:
            raise TrainerkitError(Diagnostic(None, "error", f'unknown layout "{name}"; the reference deck has: '
                                             + ", ".join(self.layouts)))
        title = title_rect = title_style = None
        bodies: list[tuple[int, Rect, object]] = []
        pictures: list[tuple[int, Rect]] = []
        styles: dict[int, TextStyle] = {}
        rects: dict[int, Rect] = {}
        for ph in layout.placeholders:
            t = ph.placeholder_format.type
            idx = ph.placeholder_format.idx
            rect = Rect(int(ph.left or 0), int(ph.top or 0), int(ph.width or 0), int(ph.height or 0))
            rects[idx] = rect
            if t in _TITLE_TYPES:
                title, title_rect = idx, rect
                title_style = self._style_of(ph, "title")
            elif t in _BODY_TYPES:
                bodies.append((idx, rect, t))
                styles[idx] = self._style_of(ph, "body")
            elif t == PP_PLACEHOLDER.PICTURE:
                pictures.append((idx, rect))
        # A short body placeholder right above another one is that column's header (Comparison).
        headers: dict[int, tuple[int, Rect]] = {}
        header_ids = set()
        for idx, r, t in bodies:
            for idx2, r2, _ in bodies:
                if idx2 != idx and r.bottom <= r2.y + EMU_PER_IN // 10 and r.h < r2.h / 2 \
                        and min(r.right, r2.right) - max(r.x, r2.x) > min(r.w, r2.w) / 2 and idx2 not in headers:
                    headers[idx2] = (idx, r)
                    header_ids.add(idx)
                    break
        content = sorted(((i, r) for i, r, _ in bodies if i not in header_ids), key=lambda p: (p[1].x, p[1].y))
        if content:
            area = _union([r for _, r in content] + [r for _, r in headers.values()])
        elif title_rect is not None and title_rect.bottom < self.slide_h * 0.5:
            top = title_rect.bottom + EMU_PER_IN // 4
            area = Rect(title_rect.x, top, title_rect.w, self.slide_h - top - int(0.75 * EMU_PER_IN))
        else:
            mg = int(0.6 * EMU_PER_IN)
            area = Rect(mg, mg, self.slide_w - 2 * mg, self.slide_h - 2 * mg)
        default_style = styles[content[0][0]] if content else self._master_body_style()
        info = LayoutInfo(layout, title, title_rect, title_style, content, headers, pictures, styles, area, default_style, rects)
        self.infos[name] = info
        return info

    def _style_of(self, layout_ph, kind: str) -> TextStyle:
        chain = []
        insets = {}
        node = layout_ph
        while node is not None:
            tb = node._element.find(qn("p:txBody"))
            if tb is not None:
                ls = tb.find(qn("a:lstStyle"))
                if ls is not None:
                    chain.append(ls)
                bp = tb.find(qn("a:bodyPr"))
                if bp is not None:
                    for k in ("lIns", "tIns", "rIns", "bIns"):
                        if k not in insets and bp.get(k) is not None:
                            insets[k] = int(bp.get(k))
            node = getattr(node, "_base_placeholder", None)
        master = layout_ph.part.slide_master
        styles = master._element.find(qn("p:txStyles"))
        if styles is not None:
            s = styles.find(qn("p:titleStyle" if kind == "title" else "p:bodyStyle"))
            if s is not None:
                chain.append(s)
        return TextStyle(chain, (insets.get("lIns", 91440), insets.get("tIns", 45720),
                                 insets.get("rIns", 91440), insets.get("bIns", 45720)))

    def _master_body_style(self) -> TextStyle:
        master = self.prs.slide_masters[0]
        for ph in master.placeholders:
            if ph.placeholder_format.type == PP_PLACEHOLDER.BODY:
                chain = []
                ls = ph._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
                if ls is not None:
                    chain.append(ls)
                s = master._element.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}")
                if s is not None:
                    chain.append(s)
                return TextStyle(chain, (91440, 45720, 91440, 45720))
        return TextStyle([], (91440, 45720, 91440, 45720))

    # -- measuring ------------------------------------------------------------------------------

    def para_height(self, p: Para, style: TextStyle, width: int, scale: float = 1.0) -> int:
        lv = style.levels[min(p.level, 8)]
        size = self._size(p, lv) * (scale if p.kind != "code" else 1.0)
        if p.kind in ("bullet", "number", "check"):
            marL = lv.marL + (CHECK_EXTRA if p.kind == "check" else 0)
        elif p.kind == "quote":
            marL = int(0.5 * EMU_PER_IN)
        elif p.kind == "turn":
            marL = int(p.hang_em * size * EMU_PER_PT)
        else:
            marL = 0
        line_em = max(1.0, (width - marL) / (size * EMU_PER_PT))
        lines = tx.line_count(m.plain(p.spans[p.lead:]), line_em)
        space = 0.0 if p.cont or (p.kind == "code" and not p.keep_next) else lv.space_before  # drawn unscaled
        return int((lines * size * LINE * lv.line + space) * EMU_PER_PT)

    @staticmethod
    def _size(p: Para, lv: LevelStyle) -> float:
        if p.kind == "code":
            return max(MIN_PT, round(lv.size * 0.8))
        return lv.size

    def text_height(self, paras: list[Para], style: TextStyle, width: int, scale: float = 1.0) -> int:
        l, t, r, b = style.insets
        first = self._space_before(paras[0], style, scale) if paras else 0
        return sum(self.para_height(p, style, width - l - r, scale) for p in paras) + t + b - first

    def _space_before(self, p: Para, style: TextStyle, scale: float = 1.0) -> int:
        """Space before a paragraph: not drawn above the first line of a text frame."""
        if p.cont or (p.kind == "code" and not p.keep_next):
            return 0
        return int(style.levels[min(p.level, 8)].space_before * EMU_PER_PT)

    def table_layout(self, table: m.Table, width: int, height: int, base: float, equal: bool = False) -> TableSeg:
        ncols = max(len(table.header), max((len(r) for r in table.rows), default=0), 1)
        rows = [tuple(table.header) + ((),) * (ncols - len(table.header))] + \
               [tuple(r) + ((),) * (ncols - len(r)) for r in table.rows]
        want = []
        for j in range(ncols):
            longest = max(max(tx.width_em(line) for line in m.plain(r[j]).split("\n")) for r in rows)
            want.append(min(max(longest, 3.0), 28.0) + 1.0)
        if equal:
            want = [1.0] * ncols
        total = sum(want)
        widths = [max(int(width * w / total), int(width * 0.08)) for w in want]
        widths[-1] += width - sum(widths)
        # The largest size at which the whole table fits; if none down to 16 pt does, split it
        # over slides at a readable size rather than shrink it (header repeated on each).
        seg = None
        for size in sorted({min(base, 20.0), min(base, 18.0), min(base, 16.0)}, reverse=True):
            heights = [self._row_height(r, widths, size) for r in rows]
            seg = TableSeg(table, tuple(tuple(r) for r in rows[1:]), size, widths, heights)
            if sum(heights) <= height:
                return seg
        size = min(base, 18.0)
        heights = [self._row_height(r, widths, size) for r in rows]
        return TableSeg(table, tuple(tuple(r) for r in rows[1:]), size, widths, heights)

    @staticmethod
    def _row_height(row, widths, size) -> int:
        best = 0
        for cell, w in zip(row, widths):
            line_em = max(1.0, (w - 2 * 91440) / (size * EMU_PER_PT))
            best = max(best, tx.line_count(m.plain(cell), line_em))
        return int(max(best, 1) * size * LINE * EMU_PER_PT * 1.06) + 2 * 45720

    def image_fit(self, image: m.Image, w: int, h: int, base: int | None = None) -> tuple[int, int]:
        """The picture's size in a w x h box, aspect kept: width as asked (a fraction of base,
        default w) or natural, never outside the box."""
        nw, nh = self._natural_size(image)
        target = int((base or w) * image.width) if image.width else nw
        target = max(1, min(target, w))
        th = int(target * nh / max(nw, 1))
        if th > h:
            target, th = int(target * h / th), h
        return max(1, target), max(1, th)

    # -- call-centre shapes: step boxes and scenario cards ----------------------------------------

    def process_layout(self, item: ProcessItem, W: int, avail: int) -> ProcessSeg | None:
        """Boxes for a model's steps in avail height: one row up to ONE_ROW steps, else two rows
        (read left to right, then the next row); one text size for every box, the largest at
        which every step fits its box. None when not even the smallest boxes fit."""
        steps = item.model.steps
        n = len(steps)
        rows = 1 if n <= ONE_ROW else 2
        cols = math.ceil(n / rows)
        bw = min(MAX_BOX_W, (W - (cols - 1) * (ARROW + 2 * ARROW_GAP)) // cols)
        inner = bw - 2 * BOX_PAD_X
        row_max = min(PROCESS_H, (avail - (rows - 1) * ROW_GAP) // rows)
        if row_max < int(0.9 * EMU_PER_IN):
            return None
        labels = [_step_label(i, st) for i, st in enumerate(steps)]
        texts = [m.plain(st.text) for st in steps]
        label_pt = text_pt = 12.0
        need = row_max + 1
        for text_pt in (20.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0):
            label_pt = min(text_pt + 2, 22.0)
            while label_pt > text_pt and _longest_word(labels) * label_pt * EMU_PER_PT > inner:
                label_pt -= 1
            if _longest_word(texts) * text_pt * EMU_PER_PT > inner:
                continue
            need = max(_box_need(((lab, label_pt), (txt, text_pt)), inner) for lab, txt in zip(labels, texts))
            if need <= row_max:
                break
        box_h = max(row_max, need)  # the boxes take the room there is, up to PROCESS_H a row
        height = rows * box_h + (rows - 1) * ROW_GAP
        return ProcessSeg(item.model, height, rows, cols, bw, box_h, label_pt, text_pt)

    def roleplay_layout(self, item: RoleplayItem, W: int, avail: int) -> RoleplaySeg | None:
        """The scenario card (left) and the time and observe card (right) at the largest body size
        from 24 down to 14 pt at which both fit avail; None when they do not."""
        rp = item.roleplay
        left, right = bool(_scenario_fields(rp, self.labels)), bool(rp.observe or rp.time)
        split = 0.6 if left and right else (1.0 if left else 0.0)
        for size in (24.0, 22.0, 20.0, 18.0, 16.0, 14.0):
            need = max(self._card_height(card, w, size)
                       for card, w in zip(self._cards(rp, size), self._card_widths(W, split)) if w)
            if need <= avail:
                return RoleplaySeg(rp, need, size, split)
        return None

    @staticmethod
    def _card_widths(W: int, split: float) -> tuple[int, int]:
        if split >= 1.0:
            return W, 0
        if split <= 0.0:
            return 0, W
        lw = int((W - COLUMN_GAP) * split)
        return lw, W - COLUMN_GAP - lw

    def _cards(self, rp: m.Roleplay, size: float) -> tuple[list[Para], list[Para]]:
        """The two cards' paragraphs: small coloured labels over values; observe items as ☐."""
        L = self.labels
        lab = max(12.0, round(size * 0.7))

        def label(text: str, color: str) -> Para:
            return Para((Styled(text, bold=True, color=color),), "label", size=lab)

        left: list[Para] = []
        for k, v in _scenario_fields(rp, L):
            left += [label(k, CARD_COLORS[0]), Para(m.text_of(v), "value", size=size)]
        right: list[Para] = []
        if rp.time:
            right += [label(L.get("time", "Time"), CARD_COLORS[1]),
                      Para((m.Span(_minutes(rp.time, L), bold=True),), "value", size=size)]
        if rp.observe:
            right.append(label(L.get("observe", "Observe"), CARD_COLORS[1]))
            right += [Para(m.text_of(o), "check", size=size, check=False) for o in rp.observe]
        return left, right

    @staticmethod
    def _card_height(paras: list[Para], width: int, size: float) -> int:
        inner = width - CARD_PAD_L - CARD_PAD
        total = 2 * CARD_PAD
        for k, p in enumerate(paras):
            pt = p.size or size
            mar = CHECK_INDENT if p.kind == "check" else 0
            lines = tx.line_count(m.plain(p.spans), (inner - mar) / (pt * EMU_PER_PT))
            total += int(lines * pt * SHAPE_LINE * EMU_PER_PT) + (_card_space(paras, k) * EMU_PER_PT)
        return total

    # -- pagination ---------------------------------------------------------------------------

    def paginate(self, items: list[Item], rect: Rect, style: TextStyle, scale: float = 1.0,
                 limit: int | None = None) -> list[list[Seg]]:
        """Split items into pages that fit rect: between blocks, list items, sentences of a
        paragraph taller than a slide, and table rows. scale: the body text at a fraction of its
        size; limit: fill a page only this far (to balance pages), sizes still fit rect."""
        W, H = rect.w, int(rect.h * SAFETY)
        cap = min(H, limit) if limit else H
        l, t, r, b = style.insets
        items = self._split_long(items, style, W, H, scale)
        pages: list[list[Seg]] = [[]]
        used = 0

        def new_page():
            nonlocal used
            pages.append([])
            used = 0

        for n, item in enumerate(items):
            page = pages[-1]
            if isinstance(item, Para):
                h = self.para_height(item, style, W - l - r, scale)
                nxt = 0
                if item.keep_next and n + 1 < len(items) and isinstance(items[n + 1], Para):
                    nxt = self.para_height(items[n + 1], style, W - l - r, scale)
                joins = bool(page) and isinstance(page[-1], TextSeg)
                first = h - self._space_before(item, style, scale) + t + b  # opens a new text frame
                cost = h if joins else first + (GAP if page else 0)
                if used + cost + nxt > cap and page:
                    new_page()
                    page, joins, cost = pages[-1], False, first
                if joins:
                    page[-1].paras.append(item)
                    page[-1].height += h
                else:
                    page.append(TextSeg([item], first, scale))
                used += cost
                seg = page[-1]
                if seg.height > H and len(seg.paras) == 1:  # one sentence taller than a slide: shrink
                    size = self._size(item, style.levels[min(item.level, 8)])
                    sc = scale
                    while self.text_height(seg.paras, style, W, sc) > H and size * sc > MIN_PT:
                        sc -= 0.05
                    seg.scale = max(sc, MIN_PT / size)
                    seg.height = self.text_height(seg.paras, style, W, seg.scale)
                    used = seg.height
            elif isinstance(item, TableItem):
                base = style.levels[0].size
                layout = self.table_layout(item.table, W, H, base, equal=item.kind == "phrases")
                rows, heights = list(layout.rows), layout.heights[1:]
                i = 0
                while True:
                    page = pages[-1]
                    gap = GAP if page else 0
                    avail = cap - used - gap
                    k, acc = 0, layout.heights[0]
                    while i + k < len(rows) and acc + heights[i + k] <= avail:
                        acc += heights[i + k]
                        k += 1
                    if k == 0 and rows[i:] and page:
                        new_page()
                        continue
                    if k == 0 and rows[i:]:
                        k, acc = 1, layout.heights[0] + heights[i]
                    page.append(TableSeg(item.table, tuple(rows[i:i + k]), layout.size, layout.widths,
                                         [layout.heights[0]] + heights[i:i + k], item.kind))
                    used += gap + acc
                    i += k
                    if i >= len(rows):
                        break
                    new_page()
            elif isinstance(item, (ProcessItem, RoleplayItem)):
                gap = GAP if page else 0
                lay = self.process_layout if isinstance(item, ProcessItem) else self.roleplay_layout
                seg = lay(item, W, H - used - gap) if page else None
                if seg is None or used + gap + seg.height > cap:
                    if page:
                        new_page()
                    gap, seg = 0, lay(item, W, H)
                if seg is None:  # a scenario too long for a card: as text that may continue
                    lowered = _lower(replace(item.roleplay, title=""), self.labels)
                    more = self.paginate(_items(lowered, self.labels, self._list_counter), rect, style, scale, limit)
                    if pages[-1]:
                        new_page()
                    pages[-1].extend(more[0])
                    pages.extend(more[1:])
                    used = sum(s.height for s in pages[-1]) + GAP * (len(pages[-1]) - 1)
                    continue
                pages[-1].append(seg)
                used += gap + seg.height
            else:
                gap = GAP if page else 0
                w, h = self.image_fit(item.image, W, H)
                avail = H - used - gap
                if h > avail:
                    if page and avail < max(H * 0.4, h * 0.6):
                        new_page()
                        page, gap, avail = pages[-1], 0, H
                    w, h = self.image_fit(item.image, W, avail)
                pages[-1].append(ImageSeg(item.image, w, h))
                used += gap + h
        return [p for p in pages if p] or [[]]

    def balanced(self, items: list[Item], rect: Rect, style: TextStyle) -> list[list[Seg]]:
        """Pages without a nearly empty last one: when a little spills over, the body a size
        smaller (not below MIN_BODY_PT) if that keeps it on one slide fewer; else the same number
        of slides, filled evenly."""
        pages = self.paginate(items, rect, style)
        if len(pages) < 2 or any(isinstance(i, ImageItem) for i in items):
            return pages
        H = int(rect.h * SAFETY)
        last = sum(s.height for s in pages[-1]) + GAP * (len(pages[-1]) - 1)
        if last < H * 0.35 and any(isinstance(i, Para) for i in items):
            base = style.levels[0].size
            scale = 0.95
            while scale >= 0.849 and base * scale >= MIN_BODY_PT - 0.01:  # slightly smaller only
                fewer = self.paginate(items, rect, style, scale)
                if len(fewer) < len(pages):
                    return fewer
                scale -= 0.05
        lo, hi = H // len(pages), H
        while hi - lo > 6 * EMU_PER_PT:
            mid = (lo + hi) // 2
            if len(self.paginate(items, rect, style, limit=mid)) <= len(pages):
                hi = mid
            else:
                lo = mid
        even = self.paginate(items, rect, style, limit=hi)
        return even if len(even) == len(pages) else pages

    def _split_long(self, items: list[Item], style: TextStyle, W: int, H: int, scale: float) -> list[Item]:
        """A paragraph taller than a slide, cut at sentence ends into pieces that fit one."""
        l, t, r, b = style.insets
        out: list[Item] = []
        for item in items:
            if not isinstance(item, Para) or item.kind == "code" or \
                    self.text_height([item], style, W, scale) <= H:
                out.append(item)
                continue
            text = m.plain(item.spans)
            ends = [e.end() for e in _SENTENCE_END.finditer(text)]
            cuts = [e for e in ends if e < len(text)]
            if not cuts:
                out.append(item)
                continue
            start, piece = 0, item
            bounds = cuts + [len(text)]
            k = 0
            while start < len(text):
                # the most sentences from start that fit one slide (at least one)
                end = bounds[k]
                j = k
                while j + 1 < len(bounds):
                    trial = replace(piece, spans=_cut_spans(item.spans, start, bounds[j + 1]))
                    if self.text_height([trial], style, W, scale) > H:
                        break
                    j += 1
                end = bounds[j]
                out.append(replace(piece, spans=_cut_spans(item.spans, start, end), keep_next=False))
                piece = replace(item, cont=True, keep_next=False, lead=0)
                start = end
                while start < len(text) and text[start].isspace():
                    start += 1
                k = j + 1
                if k >= len(bounds):
                    break
        return out

    # -- planning a DeckSlide into pages ------------------------------------------------------

    def add(self, ds: m.DeckSlide) -> None:
        info = self.info(ds.layout)
        for k, page in enumerate(self.plan(ds, info)):
            if k:
                label = self.labels.get("continued", "(cont.)")
                sep = "" if label and tx.is_cjk(label[0]) else " "
                page.title = f"{ds.title}{sep}{label}" if ds.title else ""
            else:
                page.notes = tuple(ds.notes)
            self.draw(page, info)

    def plan(self, ds: m.DeckSlide, info: LayoutInfo) -> list[Page]:
        blocks = list(ds.blocks)
        cols = [b for b in blocks if isinstance(b, m.Columns)]
        if cols and len(cols[0].columns) >= 1:
            return self._plan_columns(ds, info, blocks, cols[0])
        items = _items(blocks, self.labels, self._list_counter, title=ds.title)
        if not items:
            return [Page(ds.title, ds.layout, [])]
        # A picture placeholder takes the first picture.
        pic_region = None
        if info.pictures and any(isinstance(i, ImageItem) for i in items):
            first = next(i for i in items if isinstance(i, ImageItem))
            items.remove(first)
            _, prect = info.pictures[0]
            w, h = self.image_fit(first.image, prect.w, prect.h)
            pic_region = Region(prect, [ImageSeg(first.image, w, h)], None, info.default_style, center=True)
        ph, rect = (info.content[0] if info.content else (None, info.area))
        style = info.styles.get(ph, info.default_style) if ph is not None else info.default_style
        if len(info.content) > 1:
            rect = info.area  # one flow over all the body placeholders
        side = self._side_by_side(items, rect, style, ph)
        if side is not None:
            pages = [side]
        else:
            pages = [[Region(rect, segs, ph, style)] for segs in self.balanced(items, rect, style)]
        out = []
        for k, regions in enumerate(pages):
            if pic_region is not None and k == 0:
                regions = [pic_region] + regions
            out.append(Page(ds.title, ds.layout, regions))
        return out

    def _side_by_side(self, items: list[Item], rect: Rect, style: TextStyle, ph: int | None) -> list[Region] | None:
        """Text left, picture right, when a slide has text and one picture and that reads well."""
        images = [i for i in items if isinstance(i, ImageItem)]
        paras = [i for i in items if isinstance(i, Para)]
        if len(images) != 1 or not paras or len(paras) + 1 != len(items):
            return None
        image = images[0].image
        if image.width is not None and image.width > 0.6:
            return None
        text_w = int(rect.w * 0.56)
        if self.text_height(paras, style, text_w) > rect.h * SAFETY:
            return None
        pic_x = rect.x + text_w + COLUMN_GAP
        pic_rect = Rect(pic_x, rect.y, rect.right - pic_x, rect.h)
        w, h = self.image_fit(image, pic_rect.w, pic_rect.h, base=rect.w)
        text = TextSeg(paras, self.text_height(paras, style, text_w))
        return [Region(Rect(rect.x, rect.y, text_w, rect.h), [text], ph, style),
                Region(pic_rect, [ImageSeg(image, w, h)], None, style)]

    def _plan_columns(self, ds: m.DeckSlide, info: LayoutInfo, blocks: list[m.Block], cols: m.Columns) -> list[Page]:
        at = blocks.index(cols)
        before = _items(blocks[:at], self.labels, self._list_counter, title=ds.title)
        after = _items(blocks[at + 1:], self.labels, self._list_counter, title=ds.title)
        columns = [list(c) for c in cols.columns]
        n = len(columns)
        area = info.area
        style0 = info.default_style
        top_h = self._flow_height(before, area, style0) if before else 0
        bottom_h = self._flow_height(after, area, style0) if after else 0
        # Column boxes: the layout's own body placeholders when it has enough, else equal shares.
        heads: list[tuple[m.Text, ...] | None] = []
        for c in columns:
            if c and isinstance(c[0], m.Heading) and info.headers:
                heads.append(tuple(c[0].text))
            else:
                heads.append(None)
        use_headers = bool(info.headers) and len(info.content) >= n and any(heads)
        boxes: list[tuple[int | None, Rect, TextStyle]] = []
        if len(info.content) >= n:
            for idx, r in info.content[:n]:
                if not use_headers and idx in info.headers:
                    r = _union([r, info.headers[idx][1]])
                boxes.append((idx, r, info.styles[idx]))
        else:
            gapw = COLUMN_GAP * (n - 1)
            cw = (area.w - gapw) // n
            boxes = [(None, Rect(area.x + i * (cw + COLUMN_GAP), area.y, cw, area.h), style0) for i in range(n)]
        if top_h or bottom_h:
            new = []
            for idx, r, st in boxes:
                y0 = max(r.y, area.y + top_h + (GAP if top_h else 0))
                y1 = min(r.bottom, area.bottom - bottom_h - (GAP if bottom_h else 0))
                nr = Rect(r.x, y0, r.w, max(y1 - y0, EMU_PER_IN))
                new.append((idx, nr, st))
            boxes = new
        col_pages = []
        header_text: dict[int, tuple[m.Text, ...]] = {}
        for (idx, r, st), blocks_c, head in zip(boxes, columns, heads):
            if use_headers and head is not None and idx in info.headers:
                header_text[info.headers[idx][0]] = head
                blocks_c = blocks_c[1:]
            items = _items(blocks_c, self.labels, self._list_counter, title=ds.title)
            col_pages.append(self.paginate(items, r, st) if items else [[]])
        pages = []
        for k in range(max(len(p) for p in col_pages)):
            regions = []
            if k == 0 and before:
                segs = self.paginate(before, area, style0)[0]
                regions.append(Region(Rect(area.x, area.y, area.w, top_h), segs, None, style0))
            for (idx, r, st), cp in zip(boxes, col_pages):
                if k < len(cp) and cp[k]:
                    regions.append(Region(r, cp[k], idx, st))
            if after and k == max(len(p) for p in col_pages) - 1:
                y = area.bottom - bottom_h
                regions.append(Region(Rect(area.x, y, area.w, bottom_h),
                                      self.paginate(after, Rect(area.x, y, area.w, area.h), style0)[0], None, style0))
            pages.append(Page(ds.title, ds.layout, regions, dict(header_text)))
        return pages

    def _flow_height(self, items: list[Item], area: Rect, style: TextStyle) -> int:
        segs = self.paginate(items, area, style)[0]
        return sum(s.height for s in segs) + GAP * (len(segs) - 1)

    # -- drawing ------------------------------------------------------------------------------

    def draw(self, page: Page, info: LayoutInfo) -> None:
        slide = self._new_slide(info.layout)
        phs = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        used: set[int] = set()
        if info.title is not None and page.title:
            ph = phs[info.title]
            self._fill_title(ph, page.title, info)
            used.add(info.title)
        for idx, text in page.headers.items():
            if idx in phs:
                body = phs[idx]._element.txBody
                self._clear(body)
                self._add_paragraph(body, slide, Para(text, "heading"), info.styles.get(idx, info.default_style), 1.0)
                used.add(idx)
        for region in page.regions:
            self._draw_region(slide, region, phs, used, info)
        for idx, ph in phs.items():
            if idx not in used:
                ph._element.getparent().remove(ph._element)
        if page.notes:
            self._fill_notes(slide, page.notes)

    def _draw_region(self, slide, region: Region, phs: dict, used: set[int], info: LayoutInfo) -> None:
        rect = region.rect
        segs = region.segs
        total = sum(s.height for s in segs) + GAP * max(0, len(segs) - 1)
        y = rect.y + max(0, (rect.h - total) // 2) if region.center else rect.y
        ph_free = region.ph is not None and region.ph in phs and region.ph not in used
        for k, seg in enumerate(segs):
            last = k == len(segs) - 1
            if isinstance(seg, TextSeg):
                h = rect.bottom - y if last and not region.center else seg.height
                box = Rect(rect.x, y, rect.w, max(h, seg.height))
                if ph_free:
                    ph = phs[region.ph]
                    if info.rects.get(region.ph) != box:
                        self._place(ph, box)
                    body = ph._element.txBody
                    used.add(region.ph)
                    ph_free = False
                else:
                    shape = slide.shapes.add_textbox(box.x, box.y, box.w, box.h)
                    body = shape._element.txBody
                    bp = body.find(qn("a:bodyPr"))
                    for c in list(bp):
                        bp.remove(c)
                    bp.set("wrap", "square")
                    l, t, r, b = region.styles.insets
                    bp.set("lIns", str(l)); bp.set("tIns", str(t)); bp.set("rIns", str(r)); bp.set("bIns", str(b))
                    old = body.find(qn("a:lstStyle"))
                    body.replace(old, region.styles.lst_style())
                self._fill_text(body, slide, seg, region.styles)
                y += seg.height
            elif isinstance(seg, TableSeg):
                self._draw_table(slide, seg, Rect(rect.x, y, rect.w, seg.height))
                y += seg.height
            elif isinstance(seg, ProcessSeg):
                self._draw_process(slide, seg, Rect(rect.x, y, rect.w, seg.height))
                y += seg.height
            elif isinstance(seg, RoleplaySeg):
                self._draw_roleplay(slide, seg, Rect(rect.x, y, rect.w, seg.height))
                y += seg.height
            else:
                x = rect.x + (rect.w - seg.w) // 2
                self._draw_picture(slide, seg, x, y)
                y += seg.h
            y += GAP

    @staticmethod
    def _place(ph, rect: Rect) -> None:
        ph.left, ph.top, ph.width, ph.height = rect.x, rect.y, rect.w, rect.h

    @staticmethod
    def _clear(body) -> None:
        for p in body.findall(qn("a:p")):
            body.remove(p)

    def _fill_title(self, ph, title: str, info: LayoutInfo) -> None:
        body = ph._element.get_or_add_txBody()
        self._clear(body)
        p = etree.SubElement(body, qn("a:p"))
        size = None
        style = info.title_style
        if style is not None:
            lv = style.levels[0]
            l, t, r, b = style.insets
            width, height = int(ph.width) - l - r, int(ph.height) - t - b
            s = lv.size
            while s > 24 and tx.line_count(title, width / (s * EMU_PER_PT)) * s * LINE * lv.line * EMU_PER_PT > height:
                s -= 2
            if s != lv.size:
                size = s
        self._add_runs(p, (m.Span(title),), slide=None, size=size, ea=self.ea_major)

    def _fill_text(self, body, slide, seg: TextSeg, style: TextStyle) -> None:
        self._clear(body)
        runs: dict[tuple[int, int], int] = {}  # (list, level) -> startAt of the numbering run
        for p in seg.paras:
            start = None
            if p.kind in ("bullet", "number", "check") and not p.cont:
                for key in [k for k in runs if k[1] > p.level or k[0] != p.list_id]:
                    del runs[key]  # a shallower item or another list ends deeper runs
                key = (p.list_id, p.level)
                if p.kind == "number":
                    start = runs.setdefault(key, p.number)
                else:
                    runs.pop(key, None)
            else:
                runs.clear()
            self._add_paragraph(body, slide, p, style, seg.scale, start)
        if not len(body.findall(qn("a:p"))):
            etree.SubElement(body, qn("a:p"))

    def _add_paragraph(self, body, slide, p: Para, style: TextStyle, scale: float, start: int | None = None) -> None:
        el = etree.SubElement(body, qn("a:p"))
        ppr = etree.SubElement(el, qn("a:pPr"))
        if p.level:
            ppr.set("lvl", str(p.level))
        lv = style.levels[min(p.level, 8)]
        size = None
        if p.kind == "code":
            size = self._size(p, lv)
        elif scale < 0.999:
            size = max(MIN_PT, round(lv.size * scale))
        if p.cont:  # the rest of a paragraph split at a sentence: no bullet, no space above
            sb = etree.SubElement(ppr, qn("a:spcBef"))
            etree.SubElement(sb, qn("a:spcPts"), val="0")
        if p.kind == "turn":
            hang = int(p.hang_em * (size or lv.size) * EMU_PER_PT)
            ppr.set("marL", str(hang))
            ppr.set("indent", "0" if p.cont else str(-hang))
            if hang:
                tabs = etree.SubElement(ppr, qn("a:tabLst"))
                etree.SubElement(tabs, qn("a:tab"), pos=str(hang), algn="l")
            etree.SubElement(ppr, qn("a:buNone"))
        elif p.cont and p.kind in ("bullet", "number", "check"):
            ppr.set("indent", "0")
            etree.SubElement(ppr, qn("a:buNone"))
        elif p.kind == "check":  # a box is wider than a bullet: a wider hanging indent
            ppr.set("marL", str(lv.marL + CHECK_EXTRA))
            ppr.set("indent", str(-min(lv.marL + CHECK_EXTRA, int(0.3 * EMU_PER_IN) + CHECK_EXTRA)))
            etree.SubElement(ppr, qn("a:buFont"), typeface=SYMBOLS)
            etree.SubElement(ppr, qn("a:buChar"), char=CHECK[bool(p.check)])
        elif p.kind in ("plain", "heading", "code"):
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            if p.kind == "code" and not p.keep_next and not p.cont:
                sb = etree.SubElement(ppr, qn("a:spcBef"))
                etree.SubElement(sb, qn("a:spcPts"), val="0")
            etree.SubElement(ppr, qn("a:buNone"))
        elif p.kind == "quote":
            ppr.set("marL", str(int(0.5 * EMU_PER_IN)))
            ppr.set("indent", "0")
            etree.SubElement(ppr, qn("a:buNone"))
        elif p.kind == "number":
            etree.SubElement(ppr, qn("a:buFontTx"))
            num = etree.SubElement(ppr, qn("a:buAutoNum"), type="arabicPeriod")
            if start and start != 1:
                num.set("startAt", str(start))
        self._add_runs(el, p.spans, slide=slide, size=size, bold=p.kind == "heading",
                       italic=p.kind == "quote", mono=p.kind == "code")

    def _add_runs(self, p, spans: Iterable[m.Span], *, slide, size: float | None = None, bold: bool = False,
                  italic: bool = False, mono: bool = False, ea: str | None = None, color: str | None = None) -> None:
        """Append runs to an a:p: one per span and script, each tagged with its language and,
        for CJK text, the theme's East Asian typeface (python-pptx has no API for either).
        color (or a Styled span's own) is a scheme colour, so a corporate theme restyles it."""
        ea = ea or self.ea_minor
        for span in spans:
            if span.text == "\n":
                br = etree.SubElement(p, qn("a:br"))
                self._rpr(br, False, size)
                continue
            fill = getattr(span, "color", None) or color
            highlight = getattr(span, "highlight", None)
            for seg, cjk in tx.script_segments(span.text):
                r = etree.SubElement(p, qn("a:r"))
                rpr = self._rpr(r, cjk, size)
                if fill:  # a:rPr children in schema order: fill, highlight, then fonts
                    _scheme_color(etree.SubElement(rpr, qn("a:solidFill")), fill)
                if highlight:
                    _scheme_color(etree.SubElement(rpr, qn("a:highlight")), highlight)
                if bold or span.bold:
                    rpr.set("b", "1")
                if italic or span.italic:
                    rpr.set("i", "1")
                if span.strike:
                    rpr.set("strike", "sngStrike")
                if mono or span.code:
                    etree.SubElement(rpr, qn("a:latin"), typeface=MONO)
                if cjk:
                    etree.SubElement(rpr, qn("a:ea"), typeface=ea)
                if span.link and slide is not None:
                    rId = slide.part.relate_to(span.link, RT.HYPERLINK, is_external=True)
                    etree.SubElement(rpr, qn("a:hlinkClick"), {qn("r:id"): rId})
                t = etree.SubElement(r, qn("a:t"))
                t.text = _xml_safe(seg)

    def _rpr(self, parent, cjk: bool, size: float | None):
        rpr = etree.SubElement(parent, qn("a:rPr"))
        lang, alt = (self.cjk_lang, self.latin_lang) if cjk else (self.latin_lang, self.cjk_lang)
        rpr.set("lang", lang)
        rpr.set("altLang", alt)
        if size:
            rpr.set("sz", str(int(round(size * 100))))
        rpr.set("dirty", "0")
        return rpr

    def _draw_table(self, slide, seg: TableSeg, rect: Rect) -> None:
        ncols = len(seg.widths)
        rows = [tuple(seg.table.header) + ((),) * (ncols - len(seg.table.header))] + list(seg.rows)
        gf = slide.shapes.add_table(len(rows), ncols, rect.x, rect.y, rect.w, rect.h)
        table = gf.table
        table.first_row = True
        for j, w in enumerate(seg.widths):
            table.columns[j].width = w
        for i, h in enumerate(seg.heights):
            table.rows[i].height = h
        align = {"left": "l", "center": "ctr", "right": "r"}
        cue = (_THEME[AVOID_COLOR], _THEME[SAY_COLOR])
        for i, row in enumerate(rows):
            for j in range(ncols):
                cell = table.cell(i, j)
                cell._tc.get_or_add_tcPr().set("anchor", "ctr")  # mixed scripts: equal rows look even
                body = cell._tc.get_or_add_txBody()
                self._clear(body)
                p = etree.SubElement(body, qn("a:p"))
                a = seg.table.align[j] if j < len(seg.table.align) else None
                if a in align:
                    etree.SubElement(p, qn("a:pPr"), algn=align[a])
                text = row[j] if j < len(row) else ()
                self._add_runs(p, text, slide=slide, size=seg.size, bold=i == 0)
                if seg.kind == "phrases" and j < 2:  # avoid | say in the theme's cue colours
                    cell.fill.solid()
                    cell.fill.fore_color.theme_color = cue[j]
                    cell.fill.fore_color.brightness = -0.25 if i == 0 else 0.8
                if not len(p.findall(qn("a:r"))):
                    end = etree.SubElement(p, qn("a:endParaRPr"), lang=self.latin_lang, sz=str(int(seg.size * 100)))
                    end.set("dirty", "0")

    def _draw_process(self, slide, seg: ProcessSeg, rect: Rect) -> None:
        """A model as a process: one numbered box per step in reading order (left to right, then
        the next row), chevrons between the boxes of a row; theme colours, autofit off."""
        from pptx.enum.dml import MSO_THEME_COLOR
        from pptx.enum.shapes import MSO_SHAPE

        steps = seg.model.steps
        row_w = seg.cols * seg.box_w + (seg.cols - 1) * (ARROW + 2 * ARROW_GAP)
        x0 = rect.x + max(0, (rect.w - row_w) // 2)
        for i, st in enumerate(steps):
            r, c = divmod(i, seg.cols)
            x = x0 + c * (seg.box_w + ARROW + 2 * ARROW_GAP)
            y = rect.y + r * (seg.box_h + ROW_GAP)
            box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, y, seg.box_w, seg.box_h)
            box.name = f"Step {i + 1}"
            box.adjustments[0] = 0.12
            box.fill.solid()
            box.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
            box.line.fill.background()
            body = self._shape_body(box, BOX_PAD_X, BOX_PAD_Y, BOX_PAD_X, BOX_PAD_Y, "ctr")
            for spans, size, bold in (((m.Span(_step_label(i, st)),), seg.label_pt, True),
                                      (tuple(st.text), seg.text_pt, False)):
                if not spans or not m.plain(spans).strip():
                    continue
                p = etree.SubElement(body, qn("a:p"))
                ppr = etree.SubElement(p, qn("a:pPr"), algn="ctr")
                if bold:
                    sa = etree.SubElement(ppr, qn("a:spcAft"))
                    etree.SubElement(sa, qn("a:spcPts"), val="400")
                self._add_runs(p, spans, slide=slide, size=size, bold=bold, color="bg1")
            if not len(body.findall(qn("a:p"))):
                etree.SubElement(body, qn("a:p"))
            if c < seg.cols - 1 and i < len(steps) - 1:
                a = slide.shapes.add_shape(MSO_SHAPE.CHEVRON, x + seg.box_w + ARROW_GAP,
                                           y + (seg.box_h - ARROW) // 2, ARROW, ARROW)
                a.name = f"Arrow {i + 1}"
                a.fill.solid()
                a.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
                a.fill.fore_color.brightness = 0.4
                a.line.fill.background()

    def _shape_body(self, shape, l: int, t: int, r: int, b: int, anchor: str):
        """An autoshape's emptied txBody: wrapped, never autofit (sizes are chosen to fit), insets."""
        body = shape.text_frame._txBody
        bp = body.find(qn("a:bodyPr"))
        for child in list(bp):
            bp.remove(child)
        for k, v in (("wrap", "square"), ("lIns", l), ("tIns", t), ("rIns", r), ("bIns", b), ("anchor", anchor)):
            bp.set(k, str(v))
        etree.SubElement(bp, qn("a:noAutofit"))
        self._clear(body)
        return body

    def _draw_roleplay(self, slide, seg: RoleplaySeg, rect: Rect) -> None:
        """A scenario card: situation, customer and goal left; time and observe checklist right.
        Light theme fills with a coloured bar, so a corporate theme restyles them."""
        from pptx.enum.dml import MSO_THEME_COLOR
        from pptx.enum.shapes import MSO_SHAPE

        lw, rw = self._card_widths(rect.w, seg.split)
        cards = self._cards(seg.roleplay, seg.size)
        x = rect.x
        for (paras, w, name, bar_color) in ((cards[0], lw, "Scenario", MSO_THEME_COLOR.ACCENT_1),
                                            (cards[1], rw, "Observe", MSO_THEME_COLOR.ACCENT_2)):
            if not w:
                continue
            card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, rect.y, w, rect.h)
            card.name = name
            card.fill.solid()
            card.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
            card.line.fill.background()
            card.shadow.inherit = False
            body = self._shape_body(card, CARD_PAD_L, CARD_PAD, CARD_PAD, CARD_PAD, "t")
            for k, p in enumerate(paras):
                el = etree.SubElement(body, qn("a:p"))
                ppr = etree.SubElement(el, qn("a:pPr"), marL="0", indent="0")
                sb = etree.SubElement(ppr, qn("a:spcBef"))
                etree.SubElement(sb, qn("a:spcPts"), val=str(_card_space(paras, k) * 100))
                if p.kind == "check":
                    ppr.set("marL", str(CHECK_INDENT))
                    ppr.set("indent", str(-CHECK_INDENT))
                    etree.SubElement(ppr, qn("a:buFont"), typeface=SYMBOLS)
                    etree.SubElement(ppr, qn("a:buChar"), char=CHECK[bool(p.check)])
                else:
                    etree.SubElement(ppr, qn("a:buNone"))
                self._add_runs(el, p.spans, slide=slide, size=p.size or seg.size, color="tx1")
            if not len(body.findall(qn("a:p"))):
                etree.SubElement(body, qn("a:p"))
            bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, rect.y, CARD_BAR, rect.h)
            bar.name = f"{name} bar"
            bar.fill.solid()
            bar.fill.fore_color.theme_color = bar_color
            bar.line.fill.background()
            bar.shadow.inherit = False
            x += w + COLUMN_GAP

    def _draw_picture(self, slide, seg: ImageSeg, x: int, y: int) -> None:
        part, _ = self._image_part(seg.image)
        rId = slide.part.relate_to(part, RT.IMAGE)
        pic = slide.shapes._add_pic_from_image_part(part, rId, x, y, seg.w, seg.h)
        pic.nvPicPr.cNvPr.set("descr", seg.image.alt or Path(seg.image.path).name)

    def _fill_notes(self, slide, blocks: tuple[m.Block, ...]) -> None:
        notes = self._notes_slide(slide)
        body = notes.notes_text_frame._txBody
        self._clear(body)
        for indent, spans in _note_lines(blocks, self.labels):
            p = etree.SubElement(body, qn("a:p"))
            self._add_runs(p, ((m.Span("    " * indent),) if indent else ()) + tuple(spans), slide=None)
        if not len(body.findall(qn("a:p"))):
            etree.SubElement(body, qn("a:p"))


def _note_lines(blocks: Iterable[m.Block], labels: dict[str, str], depth: int = 0) -> list[tuple[int, tuple[m.Span, ...]]]:
    """Speaker notes as plain lines: bullets as "• ", numbers as "1. ", nesting as indentation."""
    out: list[tuple[int, tuple[m.Span, ...]]] = []
    for block in blocks:
        for b in _lower(block, labels):
            if isinstance(b, (m.Paragraph, m.Heading)):
                out.append((depth, tuple(b.text)))
            elif isinstance(b, m.BulletList):
                counts: dict[int, int] = {}
                for it in b.items:
                    if it.ordered:
                        n = it.number if it.number is not None else counts.get(it.level, 0) + 1
                        counts[it.level] = n
                        lead = f"{n}. "
                    else:
                        lead = CHECK[it.check] + " " if it.check is not None else "• "
                    out.append((depth + it.level, (m.Span(lead),) + tuple(it.text)))
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
            elif isinstance(b, (m.Quote, m.Aside)):
                out.extend(_note_lines(b.blocks, labels, depth + 1))
            elif isinstance(b, m.Columns):
                for col in b.columns:
                    out.extend(_note_lines(col, labels, depth))
    return out


def _step_label(i: int, step: m.Step) -> str:
    """A step box's first line: its number, then its label ("1. Hear")."""
    return f"{i + 1}. {step.label}" if step.label else f"{i + 1}."


def _longest_word(texts: Iterable[str]) -> float:
    """The widest unbreakable Latin word (em): a box narrower than it breaks the word."""
    best = 0.0
    for t in texts:
        for w in t.split():
            if not any(tx.is_cjk(c) for c in w):
                best = max(best, tx.width_em(w))
    return best


def _box_need(parts: Iterable[tuple[str, float]], inner: int) -> int:
    """The height a step box needs for its paragraphs (text, pt) in inner width."""
    total = 2 * BOX_PAD_Y + int(4 * EMU_PER_PT)
    for text, pt in parts:
        if text.strip():
            total += int(tx.line_count(text, inner / (pt * EMU_PER_PT)) * pt * SHAPE_LINE * EMU_PER_PT)
    return total


def _card_space(paras: list[Para], k: int) -> int:
    """Points above paragraph k of a card: a gap before each label but the first."""
    return 8 if k and paras[k].kind == "label" else (3 if k else 0)


def _theme_colors() -> dict:
    from pptx.enum.dml import MSO_THEME_COLOR

    return {f"accent{i}": getattr(MSO_THEME_COLOR, f"ACCENT_{i}") for i in range(1, 7)}


_THEME = _theme_colors()


def _scheme_color(parent, spec: str) -> None:
    """A theme colour: "accent1", or "accent3/50000/0" for its lumMod/lumOff variant."""
    name, *mods = spec.split("/")
    c = etree.SubElement(parent, qn("a:schemeClr"), val=name)
    if mods and mods[0] not in ("", "100000"):
        etree.SubElement(c, qn("a:lumMod"), val=mods[0])
    if len(mods) > 1 and mods[1] not in ("", "0"):
        etree.SubElement(c, qn("a:lumOff"), val=mods[1])


_SENTENCE_END = re.compile(r"[。！？!?…]+[\"”’」』)）]*|\.+[\"”’)]*(?=\s|$)")


def _cut_spans(spans: tuple[m.Span, ...], start: int, end: int) -> tuple[m.Span, ...]:
    """The spans covering characters start..end of their text, formatting kept."""
    out, pos = [], 0
    for sp in spans:
        a, b = pos, pos + len(sp.text)
        pos = b
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            out.append(sp if (lo, hi) == (a, b) else replace(sp, text=sp.text[lo - a:hi - a]))
    return tuple(out)


def _xml_safe(s: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters from pasted text)."""
    return "".join(ch for ch in s if ch in "\t\n\r" or ord(ch) >= 0x20) if any(ord(c) < 0x20 for c in s) else s
