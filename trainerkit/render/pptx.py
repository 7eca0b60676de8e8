"""The deck writer: a model.Deck in, .pptx bytes out, styled by the reference deck.

Everything that looks like something (fonts, colours, bullets, sizes, positions) comes from the
reference deck's masters, layouts and theme. This module decides only where content goes: which
placeholder, how much fits on one slide (a rough text measure, see text.py), and where the rest
continues (balanced over the slides, long paragraphs cut at sentence ends). Call-centre blocks get
their own look, coloured only with the theme's scheme colours so a corporate theme restyles them:
a script as a dialogue (speakers in accent colours, compliance lines tagged with the verbatim
label), phrases as an avoid ✗ | say ✓ table, a model as numbered step boxes (one or two rows),
a role-play as a scenario card without the agent's brief.

Speed (issue #6: a 1,150-slide course in about 0.4 s): python-pptx reads the reference deck, clones
each layout's placeholders once and makes the notes master; slides are then drawn as plain lxml
trees (a copy of the layout's skeleton, shapes written by small helpers: python-pptx's proxies
run an XPath query per access) and kept as deflated XML until save, which writes the zip itself.
So the package is never walked per slide, and cached modules (render_deck's cache) go into the
zip as stored, without being parsed or compressed again.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import itertools
import math
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, NamedTuple, Protocol, Union
from xml.sax.saxutils import quoteattr

import pptx
from lxml import etree
from lxml.etree import SubElement
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.spec import default_content_types
from pptx.oxml.ns import qn as _qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.image import Image as PptxImage
from pptx.parts.slide import NotesSlidePart, SlidePart

from .. import __version__
from .. import model as m
from ..cache import Blobs, get_quietly, put_quietly, seal, unseal
from ..cache import blob as cached_blob
from ..errors import Diagnostic, Location, TrainerkitError
from ..reference import strip_external
from .. import text as tx

qn = functools.lru_cache(maxsize=None)(_qn)  # "a:p" -> "{http://...}p", parsed once per name

A_P, A_R, A_T, A_BR, A_PPR, A_RPR = qn("a:p"), qn("a:r"), qn("a:t"), qn("a:br"), qn("a:pPr"), qn("a:rPr")
A_EA, A_LATIN, A_SOLIDFILL, A_HIGHLIGHT = qn("a:ea"), qn("a:latin"), qn("a:solidFill"), qn("a:highlight")
A_HLINKCLICK, A_BUNONE, A_SPCBEF, A_SPCPTS = qn("a:hlinkClick"), qn("a:buNone"), qn("a:spcBef"), qn("a:spcPts")
A_BODYPR, A_LSTSTYLE, A_XFRM, A_OFF, A_EXT = qn("a:bodyPr"), qn("a:lstStyle"), qn("a:xfrm"), qn("a:off"), qn("a:ext")
A_PRSTGEOM, A_AVLST, A_NOFILL, A_SCHEMECLR = qn("a:prstGeom"), qn("a:avLst"), qn("a:noFill"), qn("a:schemeClr")
P_SP, P_SPPR, P_TXBODY, P_CNVPR, P_NVPR = qn("p:sp"), qn("p:spPr"), qn("p:txBody"), qn("p:cNvPr"), qn("p:nvPr")
P_CSLD, P_SPTREE = qn("p:cSld"), qn("p:spTree")
R_ID, R_EMBED = qn("r:id"), qn("r:embed")
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default: Medium Style 2, Accent 1

EMU_PER_PT = 12700
EMU_PER_IN = 914400
MIN_PT = 14.0  # never shrink text below this to avoid a split
MONO = "Consolas"  # code; LibreOffice falls back to a monospace font where it is missing
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


# The standard layouts by their type (p:sldLayout/@type), with the names English and Chinese
# Office give them: a deck made in Chinese PowerPoint calls "Title Slide" 标题幻灯片.
STANDARD_LAYOUTS = {
    "title": ("Title Slide", "标题幻灯片"),
    "obj": ("Title and Content", "标题和内容"),
    "secHead": ("Section Header", "节标题"),
    "twoObj": ("Two Content", "两栏内容"),
    "twoTxTwoObj": ("Comparison", "比较"),
    "titleOnly": ("Title Only", "仅标题"),
    "blank": ("Blank", "空白"),
    "objTx": ("Content with Caption", "内容与标题"),
    "picTx": ("Picture with Caption", "图片与标题"),
    "vertTx": ("Title and Vertical Text", "标题和竖排文字"),
    "vertTitleAndTx": ("Vertical Title and Text", "竖排标题与文本"),
}


def layouts_by_name(prs) -> dict[str, object]:
    """Every layout by its own name and, for the standard ones, by the English and Chinese names
    of its type too, so "Two Content" finds 两栏内容 in a Chinese deck and the other way round.
    A layout's own name always wins over an alias."""
    own: dict[str, object] = {}
    aliases: dict[str, object] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            own.setdefault(layout.name, layout)
            for alias in STANDARD_LAYOUTS.get(layout._element.get("type", ""), ()):
                aliases.setdefault(alias, layout)
    return {**aliases, **own}


def layout_lookup(reference: Path) -> dict[str, str]:
    """Every name a slide may ask for, with the name of the layout it gets."""
    st = Path(reference).stat()
    return dict(_layout_lookup(str(reference), st.st_size, st.st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _layout_lookup(reference: str, size: int, mtime: int) -> tuple[tuple[str, str], ...]:
    """Read once per version of the file (watch mode checks the same deck again and again)."""
    return tuple((name, layout.name) for name, layout in layouts_by_name(Presentation(reference)).items())


def render_deck(deck: m.Deck, cache: "SlideCache | None" = None) -> bytes:
    """The deck as .pptx bytes: one slide per DeckSlide (more where content overflows).

    cache: where rendered modules are kept between builds (get(key) -> bytes | None and
    put(key, bytes); see SlideCache). Each run of consecutive slides of one module (the same
    non-empty DeckSlide.group, continuation slides included) is looked up under a key covering
    everything its XML depends on (group_key), and drawn and stored only when it is missing or
    its entry is damaged. Cached slides get fresh part names, rIds and slide ids in this deck."""
    writer = _Writer(deck)
    for group, run in itertools.groupby(deck.slides, key=lambda ds: ds.group):
        run = tuple(run)
        if cache is None or not group:
            writer.inject(writer.render(run))
            continue
        key = writer.group_key(run)
        rendered = writer.decode(key, get_quietly(cache, key))
        if rendered is None:
            rendered = writer.render(run)
            put_quietly(cache, key, writer.encode(key, rendered))
        writer.inject(rendered)
    return writer.save()


def slide_counts(deck: m.Deck) -> list[int]:
    """How many slides each DeckSlide becomes (more than one where its content continues),
    measured as render_deck lays them out but without drawing: the guide numbers its pages so."""
    writer = _Writer(deck)
    return [len(writer.plan(ds, writer.info(ds.layout))) for ds in deck.slides]


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
        self._lst: etree._Element | None = None

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
        """The resolved levels as an a:lstStyle, so a text box looks like the placeholder (a copy)."""
        if self._lst is None:
            self._lst = self._lst_style()
        return copy.deepcopy(self._lst)

    def _lst_style(self) -> etree._Element:
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
        # A theme's links to the outside never reach the deck (load.py warned about them).
        strip_external(self.package)
        self.cjk_lang, self.latin_lang = tx.run_languages(deck.language)
        self.ea_minor, self.ea_major = self._theme_ea()
        self.layouts = layouts_by_name(self.prs)
        self.infos: dict[str, LayoutInfo] = {}
        self.slide_w, self.slide_h = int(self.prs.slide_width), int(self.prs.slide_height)
        # Part names are counted here once instead of searched per slide (see module docstring).
        self._taken = {str(p.partname) for p in self.package.iter_parts()}
        self._n_slides = 0
        self._n_notes = 0
        self._n_images = 0
        self._files: dict[Path, bytes] = {}  # picture files read, by path
        self._pictures: dict[Path, tuple[str, bytes, PptxImage]] = {}  # path -> (sha1, blob, image)
        self._media: dict[str, _Media] = {}  # pictures drawn, by sha1
        self._media_names: dict[str, tuple[str, _Media]] = {}  # sha1 -> part name: one per distinct picture
        self._slides: list[tuple[str, str | None, _Rendered]] = []  # (slide name, notes name, slide)
        self._notes_master_part = None
        self._notes_tpl: tuple[etree._Element, int] | None = None
        self._skeletons: dict[str, _Skeleton] = {}
        self._list_counter = [0]
        self._base_key: bytes | None = None

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

    def render(self, slides: Iterable[m.DeckSlide]) -> "_Group":
        """Slides drawn as XML, not yet in the package (see inject)."""
        out: list[_Rendered] = []
        for ds in slides:
            out.extend(self.add(ds))
        shas = {t for r in out for _, kind, t in r.rels if kind == "image"}
        return _Group(out, {sha: self._media[sha] for sha in shas})

    def inject(self, group: "_Group") -> None:
        """Add rendered (or cached) slides to the deck. Slides never become python-pptx parts:
        part names are given here (so cached slides get fresh ones) and save writes them, their
        notes pages, relationships and pictures (one part per distinct picture) itself. Within a
        slide the rIds were fixed when it was drawn: rId1 its layout, rId2 its notes page, then
        pictures and links."""
        for rec in group.slides:
            name = self._free_name("/ppt/slides/slide%d.xml", "_n_slides")
            notes = None
            if rec.notes is not None:
                notes = self._free_name("/ppt/notesSlides/notesSlide%d.xml", "_n_notes")
                self._notes_master()
            for _, kind, target in rec.rels:
                if kind == "image" and target not in self._media_names:
                    md = group.media[target]
                    self._media_names[target] = (self._free_name("/ppt/media/image%d." + md.ext, "_n_images"), md)
            self._slides.append((name, notes, rec))

    def _notes_master(self):
        if self._notes_master_part is None:
            self._notes_master_part = self.prs.part.notes_master_part
            self._fit_notes_master(self._notes_master_part.notes_master)
        return self._notes_master_part

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

    def _read(self, path: Path) -> bytes:
        blob = self._files.get(path)
        if blob is None:
            blob = self._files[path] = path.read_bytes()
        return blob

    def _picture(self, image: m.Image) -> tuple[str, bytes, PptxImage]:
        """(sha1, bytes, parsed header) of a picture file, read once per render."""
        path = Path(image.path)
        hit = self._pictures.get(path)
        if hit is None:
            try:
                blob = self._read(path)
                pic = PptxImage.from_blob(blob, path.name)
                pic.size  # noqa: B018  (parses the header: fails on a file that is no picture)
            except Exception as e:  # OSError, or PIL's UnidentifiedImageError
                raise TrainerkitError(Diagnostic(image.loc, "error", f"cannot read image {image.path}: {e}")) from e
            hit = self._pictures[path] = (hashlib.sha1(blob).hexdigest(), blob, pic)
        return hit

    def _natural_size(self, image: m.Image) -> tuple[int, int]:
        _, _, pic = self._picture(image)
        px_w, px_h = pic.size
        dpi_x, dpi_y = pic.dpi
        return int(px_w * EMU_PER_IN / (dpi_x or 72)), int(px_h * EMU_PER_IN / (dpi_y or 72))

    def _theme_ea(self) -> tuple[str, str]:
        """East Asian typefaces (minor, major) from the theme: a:ea, else the script's font."""
        script = tx.theme_script(self.cjk_lang)
        try:
            theme = etree.fromstring(self.prs.slide_masters[0].part.part_related_by(RT.THEME).blob)
        except Exception:
            return tx.FALLBACK_EA_FONT, tx.FALLBACK_EA_FONT
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
            found.append(face or tx.FALLBACK_EA_FONT)
        return found[0], found[1]

    def save(self) -> bytes:
        cp = self.prs.core_properties
        cp.title = self.deck.title
        if self.deck.author:
            cp.author = self.deck.author
        cp.language = tx.normalize_lang(self.deck.language)
        return self._write()

    def _write(self) -> bytes:
        """The package: python-pptx's parts (masters, layouts, theme, properties: a few dozen),
        then the slides, notes pages and pictures from their rendered XML, already deflated."""
        pres = self.prs.part
        pres_rels = pres.rels
        first = 1 + max((int(r[3:]) for r in pres_rels if r.startswith("rId") and r[3:].isdigit()), default=0)
        sld_ids = pres._element.find(qn("p:sldIdLst"))
        if sld_ids is None:
            sld_ids = pres._element.get_or_add_sldIdLst()
        extra = []
        for k, (name, _, _) in enumerate(self._slides):
            rId = f"rId{first + k}"
            SubElement(sld_ids, qn("p:sldId"), {"id": str(256 + k), R_ID: rId})
            extra.append((rId, RT.SLIDE, _relative_ref("/ppt", name), False))

        parts = list(self.package.iter_parts())
        types = [(str(part.partname), part.content_type) for part in parts]
        types += [(name, CT.PML_SLIDE) for name, _, _ in self._slides]
        types += [(notes, CT.PML_NOTES_SLIDE) for _, notes, _ in self._slides if notes]
        types += [(name, md.content_type) for name, md in self._media_names.values()]
        z = _ZipWriter()
        z.add("[Content_Types].xml", _content_types(types))
        z.add("_rels/.rels", _rels_xml(self.package._rels, "/"))
        for part in parts:
            name = part.partname
            z.add(name.membername, part.blob, stored=name.ext.lower() in _STORED)
            rels = _rels_list(part.rels, name.baseURI)
            if part is pres:
                rels += extra
            if rels:
                z.add(name.rels_uri.membername, _rels_bytes(rels))
        layouts = {name: str(layout.part.partname) for name, layout in self.layouts.items()}
        master = str(self._notes_master_part.partname) if self._notes_master_part is not None else ""
        for name, notes, rec in self._slides:
            folder, base = name.rsplit("/", 1)
            rels = [("rId1", RT.SLIDE_LAYOUT, _relative_ref(folder, layouts[rec.layout]), False)]
            if notes:
                rels.append(("rId2", RT.NOTES_SLIDE, _relative_ref(folder, notes), False))
            for rId, kind, target in rec.rels:
                if kind == "image":
                    rels.append((rId, RT.IMAGE, _relative_ref(folder, self._media_names[target][0]), False))
                else:
                    rels.append((rId, RT.HYPERLINK, target, True))
            z.add(name[1:], deflated=rec.xml)
            z.add(f"{folder[1:]}/_rels/{base}.rels", _rels_bytes(rels))
            if notes:
                nfolder, nbase = notes.rsplit("/", 1)
                z.add(notes[1:], deflated=rec.notes)
                z.add(f"{nfolder[1:]}/_rels/{nbase}.rels", _rels_bytes(
                    [("rId1", RT.NOTES_MASTER, _relative_ref(nfolder, master), False),
                     ("rId2", RT.SLIDE, _relative_ref(nfolder, name), False)]))
        for name, md in self._media_names.values():
            z.add(name[1:], md.blob, stored=name.rsplit(".", 1)[-1].lower() in _STORED)
        return z.finish()

    # -- the slide cache ------------------------------------------------------------------------

    def group_key(self, slides: tuple[m.DeckSlide, ...]) -> str:
        """The cache key of a module's slides: everything their XML depends on. The writer's own
        source, trainerkit's and the libraries' versions, the reference deck's bytes, the deck's
        language and labels, the slides as planned (every field, nested blocks included), and the
        bytes of every picture they show."""
        if self._base_key is None:
            h = hashlib.sha256()
            for piece in (_CACHE_FORMAT, __version__, pptx.__version__, etree.__version__, _source_digest(),
                          hashlib.sha256(Path(self.deck.reference).read_bytes()).hexdigest(),
                          repr(self.deck.language), repr(sorted(self.labels.items()))):
                h.update(piece.encode("utf-8", "surrogatepass") + b"\0")
            self._base_key = h.digest()
        h = hashlib.sha256(self._base_key)
        h.update(repr(slides).encode("utf-8", "surrogatepass"))
        for ds in slides:
            for block in m.walk(ds.blocks):
                if isinstance(block, m.Image):
                    path = Path(block.path)
                    try:
                        digest = hashlib.sha256(self._read(path)).hexdigest()
                    except OSError:
                        digest = "unreadable"  # rendering reports it
                    h.update(f"\0{path}\0{digest}".encode("utf-8", "surrogatepass"))
        return "slides-" + h.hexdigest()

    def encode(self, key: str, group: "_Group") -> bytes:
        """A cache entry: a JSON index and the blobs it points into, behind a checksum."""
        blobs = Blobs()
        add = blobs.add

        def member(d: "_Deflated | None"):
            return None if d is None else [d.crc, d.size, *add(d.data)]

        slides = [[r.layout, member(r.xml), member(r.notes), [list(x) for x in r.rels]] for r in group.slides]
        media = {sha: [md.ext, md.content_type, md.filename, *add(md.blob)] for sha, md in group.media.items()}
        return seal(_CACHE_MAGIC, {"key": key, "slides": slides, "media": media}, blobs.parts)

    def decode(self, key: str, data: object) -> "_Group | None":
        """A cache entry back, or None when it is missing, for another key, or damaged in any way
        (a damaged entry is re-rendered, never trusted)."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            return None
        try:
            return self._decode(key, bytes(data))
        except Exception:
            return None

    def _decode(self, key: str, data: bytes) -> "_Group | None":
        entry = unseal(_CACHE_MAGIC, data)
        if entry is None:
            return None
        index, blob_area = entry

        def blob(ref) -> bytes:
            start, length = ref
            return cached_blob(blob_area, start, length)

        def member(ref) -> _Deflated:
            crc, size, start, length = ref
            if not (isinstance(crc, int) and isinstance(size, int) and 0 <= crc < 2 ** 32 and 0 <= size < 2 ** 31):
                raise ValueError("bad member")
            return _Deflated(crc, size, blob([start, length]))

        if index["key"] != key:
            return None
        media = {}
        for sha, (ext, ctype, filename, start, length) in index["media"].items():
            data_ = blob([start, length])
            if hashlib.sha1(data_).hexdigest() != sha or not re.fullmatch(r"[A-Za-z0-9]{1,8}", ext) \
                    or not str(ctype).startswith("image/") or not isinstance(filename, str):
                return None
            media[sha] = _Media(ext, ctype, data_, filename)
        slides = []
        for layout, xml_ref, notes_ref, rels in index["slides"]:
            if layout not in self.layouts:
                return None
            xml = member(xml_ref)
            notes = member(notes_ref) if notes_ref is not None else None
            first = 3 if notes is not None else 2
            out_rels = []
            for k, (rId, kind, target) in enumerate(rels):
                if rId != f"rId{first + k}" or not isinstance(target, str) or \
                        (kind == "image" and target not in media) or kind not in ("image", "link"):
                    return None
                out_rels.append((rId, kind, target))
            if len({(kind, t) for _, kind, t in out_rels}) != len(out_rels):
                return None
            slides.append(_Rendered(layout, xml, notes, out_rels))
        return _Group(slides, media)

    # -- layouts ------------------------------------------------------------------------------

    def info(self, name: str) -> LayoutInfo:
        if name in self.infos:
            return self.infos[name]
        layout = self.layouts.get(name)
        if layout is None:
            real = dict.fromkeys(layout.name for layout in self.layouts.values())
            raise TrainerkitError(Diagnostic(Location.of(self.deck.reference), "error",
                                             f'the reference deck has no layout "{name}", which '
                                             "trainerkit needs; it has: " + ", ".join(real)))
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

    def add(self, ds: m.DeckSlide) -> list["_Rendered"]:
        """A DeckSlide drawn: one slide, more where its content continues."""
        info = self.info(ds.layout)
        out = []
        for k, page in enumerate(self.plan(ds, info)):
            if k:
                label = self.labels.get("continued", "(cont.)")
                sep = "" if label and tx.is_cjk(label[0]) else " "
                page.title = f"{ds.title}{sep}{label}" if ds.title else ""
            else:
                page.notes = tuple(ds.notes)
            out.append(self.draw(page, info))
        return out

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
            # A process alone on its slide sits in the middle of the body, not at its top.
            pages = [[Region(rect, segs, ph, style, center=all(isinstance(g, ProcessSeg) for g in segs))]
                     for segs in self.balanced(items, rect, style)]
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
    #
    # Slides are drawn as plain lxml trees, without python-pptx's shape proxies (which look
    # placeholders and free shape ids up with an XPath query per access): a copy of the layout's
    # skeleton, shapes appended with named helpers that write the XML python-pptx would write.

    def _skeleton(self, info: LayoutInfo) -> "_Skeleton":
        """The layout's placeholders cloned onto an empty slide (by python-pptx, once per layout),
        kept as plain XML to copy for every slide of that layout."""
        name = info.layout.name
        sk = self._skeletons.get(name)
        if sk is None:
            # A slide part no relationship leads to: it is never saved.
            part = SlidePart.new(PackURI("/ppt/slides/skeleton.xml"), self.package, info.layout.part)
            slide = part.slide
            slide.shapes.clone_layout_placeholders(info.layout)
            kids = list(slide.shapes._spTree)
            phs = [(ph.placeholder_format.idx, kids.index(ph._element)) for ph in slide.placeholders]
            sld = etree.fromstring(etree.tostring(slide._element))
            ids = [int(v) for v in sld.xpath("//@id") if v.isdigit()]
            sk = self._skeletons[name] = _Skeleton(name, sld, phs, max(ids) + 1 if ids else 1)
        return sk

    def draw(self, page: Page, info: LayoutInfo) -> "_Rendered":
        s, phs = self._skeleton(info).new(first_rid=3 if page.notes else 2)
        used: set[int] = set()
        if info.title is not None and page.title:
            self._fill_title(phs[info.title], page.title, info)
            used.add(info.title)
        for idx, text in page.headers.items():
            if idx in phs:
                body = _txbody(phs[idx])
                self._clear(body)
                self._add_paragraph(body, s, Para(text, "heading"), info.styles.get(idx, info.default_style), 1.0)
                used.add(idx)
        for region in page.regions:
            self._draw_region(s, region, phs, used, info)
        for idx, ph in phs.items():
            if idx not in used:
                ph.getparent().remove(ph)
        notes = self._notes_xml(page.notes) if page.notes else None
        return _Rendered(s.layout, _deflate(_xml_bytes(s.sld)), notes, s.rels)

    def _draw_region(self, s: "_Slide", region: Region, phs: dict, used: set[int], info: LayoutInfo) -> None:
        rect = region.rect
        segs = region.segs
        total = sum(seg.height for seg in segs) + GAP * max(0, len(segs) - 1)
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
                        _set_xfrm(ph.find(P_SPPR), box)
                    body = _txbody(ph)
                    used.add(region.ph)
                    ph_free = False
                else:
                    body = self._textbox(s, box, region.styles)
                self._fill_text(body, s, seg, region.styles)
                y += seg.height
            elif isinstance(seg, TableSeg):
                self._draw_table(s, seg, Rect(rect.x, y, rect.w, seg.height))
                y += seg.height
            elif isinstance(seg, ProcessSeg):
                self._draw_process(s, seg, Rect(rect.x, y, rect.w, seg.height))
                y += seg.height
            elif isinstance(seg, RoleplaySeg):
                self._draw_roleplay(s, seg, Rect(rect.x, y, rect.w, seg.height))
                y += seg.height
            else:
                x = rect.x + (rect.w - seg.w) // 2
                self._draw_picture(s, seg, x, y)
                y += seg.h
            y += GAP

    @staticmethod
    def _textbox(s: "_Slide", box: Rect, style: TextStyle):
        """A text box styled like the placeholder (its levels as the box's lstStyle): its txBody."""
        sp, spPr = _new_sp(s, f"TextBox {s.next_id - 1}", txbox=True)
        _set_xfrm(spPr, box)
        geom = SubElement(spPr, A_PRSTGEOM, prst="rect")
        SubElement(geom, A_AVLST)
        SubElement(spPr, A_NOFILL)
        body = SubElement(sp, P_TXBODY)
        l, t, r, b = style.insets
        SubElement(body, A_BODYPR, wrap="square", lIns=str(l), tIns=str(t), rIns=str(r), bIns=str(b))
        body.append(style.lst_style())
        return body

    @staticmethod
    def _clear(body) -> None:
        for p in body.findall(A_P):
            body.remove(p)

    def _fill_title(self, ph, title: str, info: LayoutInfo) -> None:
        body = _txbody(ph)
        self._clear(body)
        p = SubElement(body, A_P)
        size = None
        style = info.title_style
        if style is not None:
            lv = style.levels[0]
            l, t, r, b = style.insets
            box = info.title_rect  # the slide's title inherits the layout's box
            width, height = box.w - l - r, box.h - t - b
            s = lv.size
            while s > 24 and tx.line_count(title, width / (s * EMU_PER_PT)) * s * LINE * lv.line * EMU_PER_PT > height:
                s -= 2
            if s != lv.size:
                size = s
        self._add_runs(p, (m.Span(title),), slide=None, size=size, ea=self.ea_major)

    def _fill_text(self, body, slide: "_Slide", seg: TextSeg, style: TextStyle) -> None:
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
        if body.find(A_P) is None:
            SubElement(body, A_P)

    def _add_paragraph(self, body, slide: "_Slide | None", p: Para, style: TextStyle, scale: float,
                       start: int | None = None) -> None:
        el = SubElement(body, A_P)
        ppr = SubElement(el, A_PPR)
        if p.level:
            ppr.set("lvl", str(p.level))
        lv = style.levels[min(p.level, 8)]
        size = None
        if p.kind == "code":
            size = self._size(p, lv)
        elif scale < 0.999:
            size = max(MIN_PT, round(lv.size * scale))
        if p.cont:  # the rest of a paragraph split at a sentence: no bullet, no space above
            sb = SubElement(ppr, A_SPCBEF)
            SubElement(sb, A_SPCPTS, val="0")
        if p.kind == "turn":
            hang = int(p.hang_em * (size or lv.size) * EMU_PER_PT)
            ppr.set("marL", str(hang))
            ppr.set("indent", "0" if p.cont else str(-hang))
            if hang:
                tabs = SubElement(ppr, qn("a:tabLst"))
                SubElement(tabs, qn("a:tab"), pos=str(hang), algn="l")
            SubElement(ppr, A_BUNONE)
        elif p.cont and p.kind in ("bullet", "number", "check"):
            ppr.set("indent", "0")
            SubElement(ppr, A_BUNONE)
        elif p.kind == "check":  # a box is wider than a bullet: a wider hanging indent
            ppr.set("marL", str(lv.marL + CHECK_EXTRA))
            ppr.set("indent", str(-min(lv.marL + CHECK_EXTRA, int(0.3 * EMU_PER_IN) + CHECK_EXTRA)))
            SubElement(ppr, qn("a:buFont"), typeface=SYMBOLS)
            SubElement(ppr, qn("a:buChar"), char=CHECK[bool(p.check)])
        elif p.kind in ("plain", "heading", "code"):
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            if p.kind == "code" and not p.keep_next and not p.cont:
                sb = SubElement(ppr, A_SPCBEF)
                SubElement(sb, A_SPCPTS, val="0")
            SubElement(ppr, A_BUNONE)
        elif p.kind == "quote":
            ppr.set("marL", str(int(0.5 * EMU_PER_IN)))
            ppr.set("indent", "0")
            SubElement(ppr, A_BUNONE)
        elif p.kind == "number":
            SubElement(ppr, qn("a:buFontTx"))
            num = SubElement(ppr, qn("a:buAutoNum"), type="arabicPeriod")
            if start and start != 1:
                num.set("startAt", str(start))
        self._add_runs(el, p.spans, slide=slide, size=size, bold=p.kind == "heading",
                       italic=p.kind == "quote", mono=p.kind == "code")

    def _add_runs(self, p, spans: Iterable[m.Span], *, slide: "_Slide | None", size: float | None = None,
                  bold: bool = False, italic: bool = False, mono: bool = False, ea: str | None = None,
                  color: str | None = None) -> None:
        """Append runs to an a:p: one per span and script, each tagged with its language and,
        for CJK text, the theme's East Asian typeface (python-pptx has no API for either).
        color (or a Styled span's own) is a scheme colour, so a corporate theme restyles it."""
        ea = ea or self.ea_minor
        for span in spans:
            if span.text == "\n":
                br = SubElement(p, A_BR)
                self._rpr(br, False, size)
                continue
            fill = getattr(span, "color", None) or color
            highlight = getattr(span, "highlight", None)
            for seg, cjk in tx.script_segments(span.text):
                r = SubElement(p, A_R)
                rpr = self._rpr(r, cjk, size)
                if fill:  # a:rPr children in schema order: fill, highlight, then fonts
                    _scheme_color(SubElement(rpr, A_SOLIDFILL), fill)
                if highlight:
                    _scheme_color(SubElement(rpr, A_HIGHLIGHT), highlight)
                if bold or span.bold:
                    rpr.set("b", "1")
                if italic or span.italic:
                    rpr.set("i", "1")
                if span.strike:
                    rpr.set("strike", "sngStrike")
                if mono or span.code:
                    SubElement(rpr, A_LATIN, typeface=MONO)
                if cjk:
                    SubElement(rpr, A_EA, typeface=ea)
                if span.link and slide is not None:
                    SubElement(rpr, A_HLINKCLICK, {R_ID: slide.rel("link", tx.xml_safe(span.link))})
                SubElement(r, A_T).text = tx.xml_safe(seg)

    def _rpr(self, parent, cjk: bool, size: float | None):
        lang, alt = (self.cjk_lang, self.latin_lang) if cjk else (self.latin_lang, self.cjk_lang)
        rpr = SubElement(parent, A_RPR, lang=lang, altLang=alt)
        if size:
            rpr.set("sz", str(int(round(size * 100))))
        rpr.set("dirty", "0")
        return rpr

    def _draw_table(self, s: "_Slide", seg: TableSeg, rect: Rect) -> None:
        ncols = len(seg.widths)
        rows = [tuple(seg.table.header) + ((),) * (ncols - len(seg.table.header))] + list(seg.rows)
        sid = s.shape_id()
        gf = SubElement(s.tree, qn("p:graphicFrame"))
        nv = SubElement(gf, qn("p:nvGraphicFramePr"))
        SubElement(nv, P_CNVPR, id=str(sid), name=f"Table {sid - 1}")
        SubElement(SubElement(nv, qn("p:cNvGraphicFramePr")), qn("a:graphicFrameLocks"), noGrp="1")
        SubElement(nv, P_NVPR)
        xfrm = SubElement(gf, qn("p:xfrm"))  # the frame as big as its columns and rows
        SubElement(xfrm, A_OFF, x=str(rect.x), y=str(rect.y))
        SubElement(xfrm, A_EXT, cx=str(sum(seg.widths)), cy=str(sum(seg.heights)))
        data = SubElement(SubElement(gf, qn("a:graphic")), qn("a:graphicData"), uri=_TABLE_URI)
        tbl = SubElement(data, qn("a:tbl"))
        SubElement(SubElement(tbl, qn("a:tblPr"), firstRow="1", bandRow="1"), qn("a:tableStyleId")).text = _TABLE_STYLE
        grid = SubElement(tbl, qn("a:tblGrid"))
        for w in seg.widths:
            SubElement(grid, qn("a:gridCol"), w=str(w))
        align = {"left": "l", "center": "ctr", "right": "r"}
        for i, row in enumerate(rows):
            tr = SubElement(tbl, qn("a:tr"), h=str(seg.heights[i]))
            for j in range(ncols):
                tc = SubElement(tr, qn("a:tc"))
                body = SubElement(tc, qn("a:txBody"))
                SubElement(body, A_BODYPR)
                SubElement(body, A_LSTSTYLE)
                p = SubElement(body, A_P)
                a = seg.table.align[j] if j < len(seg.table.align) else None
                if a in align:
                    SubElement(p, A_PPR, algn=align[a])
                text = row[j] if j < len(row) else ()
                self._add_runs(p, text, slide=s, size=seg.size, bold=i == 0)
                if p.find(A_R) is None:
                    SubElement(p, qn("a:endParaRPr"), lang=self.latin_lang, sz=str(int(seg.size * 100)), dirty="0")
                tcpr = SubElement(tc, qn("a:tcPr"), anchor="ctr")  # mixed scripts: equal rows look even
                if seg.kind == "phrases" and j < 2:  # avoid | say in the theme's cue colours
                    cue = (AVOID_COLOR, SAY_COLOR)[j]
                    _scheme_color(SubElement(tcpr, A_SOLIDFILL), f"{cue}/75000/0" if i == 0 else f"{cue}/20000/80000")

    def _draw_process(self, s: "_Slide", seg: ProcessSeg, rect: Rect) -> None:
        """A model as a process: one numbered box per step in reading order (left to right, then
        the next row), chevrons between the boxes of a row; theme colours, autofit off."""
        steps = seg.model.steps
        row_w = seg.cols * seg.box_w + (seg.cols - 1) * (ARROW + 2 * ARROW_GAP)
        x0 = rect.x + max(0, (rect.w - row_w) // 2)
        for i, st in enumerate(steps):
            r, c = divmod(i, seg.cols)
            x = x0 + c * (seg.box_w + ARROW + 2 * ARROW_GAP)
            y = rect.y + r * (seg.box_h + ROW_GAP)
            box = _autoshape(s, f"Step {i + 1}", "roundRect", Rect(x, y, seg.box_w, seg.box_h), "accent1", adj=12000)
            body = self._shape_body(box, BOX_PAD_X, BOX_PAD_Y, BOX_PAD_X, BOX_PAD_Y, "ctr")
            for spans, size, bold in (((m.Span(_step_label(i, st)),), seg.label_pt, True),
                                      (tuple(st.text), seg.text_pt, False)):
                if not spans or not m.plain(spans).strip():
                    continue
                p = SubElement(body, A_P)
                ppr = SubElement(p, A_PPR, algn="ctr")
                if bold:
                    sa = SubElement(ppr, qn("a:spcAft"))
                    SubElement(sa, A_SPCPTS, val="400")
                self._add_runs(p, spans, slide=s, size=size, bold=bold, color="bg1")
            if body.find(A_P) is None:
                SubElement(body, A_P)
            if c < seg.cols - 1 and i < len(steps) - 1:
                _autoshape(s, f"Arrow {i + 1}", "chevron",
                           Rect(x + seg.box_w + ARROW_GAP, y + (seg.box_h - ARROW) // 2, ARROW, ARROW),
                           "accent1/60000/40000")  # the accent, lighter

    @staticmethod
    def _shape_body(sp, l: int, t: int, r: int, b: int, anchor: str):
        """An autoshape's emptied txBody: wrapped, never autofit (sizes are chosen to fit), insets."""
        body = sp.find(P_TXBODY)
        bp = body.find(A_BODYPR)
        for child in list(bp):
            bp.remove(child)
        for k, v in (("wrap", "square"), ("lIns", l), ("tIns", t), ("rIns", r), ("bIns", b), ("anchor", anchor)):
            bp.set(k, str(v))
        SubElement(bp, qn("a:noAutofit"))
        for p in body.findall(A_P):
            body.remove(p)
        return body

    def _draw_roleplay(self, s: "_Slide", seg: RoleplaySeg, rect: Rect) -> None:
        """A scenario card: situation, customer and goal left; time and observe checklist right.
        Light theme fills with a coloured bar, so a corporate theme restyles them."""
        lw, rw = self._card_widths(rect.w, seg.split)
        cards = self._cards(seg.roleplay, seg.size)
        x = rect.x
        for (paras, w, name, bar_color) in ((cards[0], lw, "Scenario", CARD_COLORS[0]),
                                            (cards[1], rw, "Observe", CARD_COLORS[1])):
            if not w:
                continue
            card = _autoshape(s, name, "rect", Rect(x, rect.y, w, rect.h), "bg2", no_effects=True)
            body = self._shape_body(card, CARD_PAD_L, CARD_PAD, CARD_PAD, CARD_PAD, "t")
            for k, p in enumerate(paras):
                el = SubElement(body, A_P)
                ppr = SubElement(el, A_PPR, marL="0", indent="0")
                sb = SubElement(ppr, A_SPCBEF)
                SubElement(sb, A_SPCPTS, val=str(_card_space(paras, k) * 100))
                if p.kind == "check":
                    ppr.set("marL", str(CHECK_INDENT))
                    ppr.set("indent", str(-CHECK_INDENT))
                    SubElement(ppr, qn("a:buFont"), typeface=SYMBOLS)
                    SubElement(ppr, qn("a:buChar"), char=CHECK[bool(p.check)])
                else:
                    SubElement(ppr, A_BUNONE)
                self._add_runs(el, p.spans, slide=s, size=p.size or seg.size, color="tx1")
            if body.find(A_P) is None:
                SubElement(body, A_P)
            _autoshape(s, f"{name} bar", "rect", Rect(x, rect.y, CARD_BAR, rect.h), bar_color, no_effects=True)
            x += w + COLUMN_GAP

    def _draw_picture(self, s: "_Slide", seg: ImageSeg, x: int, y: int) -> None:
        sha, blob, pic = self._picture(seg.image)
        if sha not in self._media:
            self._media[sha] = _Media(pic.ext, pic.content_type, blob, pic.filename)
        rId = s.rel("image", sha)
        sid = s.shape_id()
        el = SubElement(s.tree, qn("p:pic"))
        nv = SubElement(el, qn("p:nvPicPr"))
        SubElement(nv, P_CNVPR, id=str(sid), name=f"Picture {sid - 1}",
                   descr=tx.xml_safe(seg.image.alt or Path(seg.image.path).name))
        SubElement(SubElement(nv, qn("p:cNvPicPr")), qn("a:picLocks"), noChangeAspect="1")
        SubElement(nv, P_NVPR)
        fill = SubElement(el, qn("p:blipFill"))
        SubElement(fill, qn("a:blip"), {R_EMBED: rId})
        SubElement(SubElement(fill, qn("a:stretch")), qn("a:fillRect"))
        spPr = SubElement(el, P_SPPR)
        _set_xfrm(spPr, Rect(x, y, seg.w, seg.h))
        SubElement(SubElement(spPr, A_PRSTGEOM, prst="rect"), A_AVLST)

    def _notes_template(self) -> tuple[etree._Element, int]:
        """A notes page with the notes master's placeholders cloned (by python-pptx, once), as
        plain XML, and the position of its notes placeholder."""
        if self._notes_tpl is None:
            master = self._notes_master()
            # A notes part no relationship leads to: it is never saved.
            part = NotesSlidePart(PackURI("/ppt/notesSlides/template.xml"), CT.PML_NOTES_SLIDE, self.package,
                                  CT_NotesSlide.new())
            notes = part.notes_slide
            notes.clone_master_placeholders(master.notes_master)
            kids = list(notes.shapes._spTree)
            self._notes_tpl = (etree.fromstring(etree.tostring(notes._element)),
                               kids.index(notes.notes_placeholder._element))
        return self._notes_tpl

    def _notes_xml(self, blocks: tuple[m.Block, ...]) -> "_Deflated":
        template, pos = self._notes_template()
        notes = copy.deepcopy(template)
        body = _txbody(notes.find(P_CSLD).find(P_SPTREE)[pos])
        self._clear(body)
        for indent, spans in _note_lines(blocks, self.labels):
            p = SubElement(body, A_P)
            self._add_runs(p, ((m.Span("    " * indent),) if indent else ()) + tuple(spans), slide=None)
        if body.find(A_P) is None:
            SubElement(body, A_P)
        return _deflate(_xml_bytes(notes))


# ---------------------------------------------------------------------------------------------
# Slides as XML, the package, and the slide cache


@dataclass
class _Media:
    ext: str
    content_type: str
    blob: bytes
    filename: str


@dataclass
class _Rendered:
    """One slide as XML: rels are (rId, "image" | "link", sha1 of the picture | URL), from rId3
    when the slide has notes (rId1 is its layout, rId2 its notes page), else from rId2."""

    layout: str
    xml: "_Deflated"  # the slide's XML, deflated as it goes into the zip
    notes: "_Deflated | None"
    rels: list[tuple[str, str, str]]


@dataclass
class _Group:
    slides: list[_Rendered]
    media: dict[str, _Media]  # the pictures the slides show, by sha1


class _Slide:
    """A slide being drawn: its plain XML, the next free shape id, the relationships it refers to."""

    __slots__ = ("layout", "sld", "tree", "next_id", "rels", "_rids", "_first")

    def __init__(self, layout: str, sld, next_id: int, first_rid: int):
        self.layout = layout
        self.sld = sld
        self.tree = sld.find(P_CSLD).find(P_SPTREE)
        self.next_id = next_id
        self.rels: list[tuple[str, str, str]] = []
        self._rids: dict[tuple[str, str], str] = {}
        self._first = first_rid

    def shape_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def rel(self, kind: str, target: str) -> str:
        """The rId of a picture (by sha1) or link (URL), one per distinct target."""
        rId = self._rids.get((kind, target))
        if rId is None:
            rId = self._rids[(kind, target)] = f"rId{self._first + len(self.rels)}"
            self.rels.append((rId, kind, target))
        return rId


@dataclass
class _Skeleton:
    layout: str
    sld: etree._Element
    phs: list[tuple[int, int]]  # (placeholder idx, position in the shape tree)
    next_id: int

    def new(self, first_rid: int) -> tuple[_Slide, dict[int, etree._Element]]:
        s = _Slide(self.layout, copy.deepcopy(self.sld), self.next_id, first_rid)
        kids = list(s.tree)
        return s, {idx: kids[pos] for idx, pos in self.phs}


def _txbody(sp):
    """A shape's p:txBody, added (empty) when it has none."""
    body = sp.find(P_TXBODY)
    if body is None:
        body = SubElement(sp, P_TXBODY)
        SubElement(body, A_BODYPR)
        SubElement(body, A_LSTSTYLE)
        SubElement(body, A_P)
    return body


def _set_xfrm(spPr, rect: Rect) -> None:
    """Position and size of a shape (its spPr's a:xfrm, the first child)."""
    xfrm = spPr.find(A_XFRM)
    if xfrm is None:
        xfrm = etree.Element(A_XFRM)
        spPr.insert(0, xfrm)
    off = xfrm.find(A_OFF)
    if off is None:
        off = SubElement(xfrm, A_OFF)
    off.set("x", str(rect.x))
    off.set("y", str(rect.y))
    ext = xfrm.find(A_EXT)
    if ext is None:
        ext = SubElement(xfrm, A_EXT)
    ext.set("cx", str(rect.w))
    ext.set("cy", str(rect.h))


def _new_sp(s: _Slide, name: str, txbox: bool = False):
    """A p:sp with its non-visual properties and an empty spPr, appended to the slide."""
    sid = s.shape_id()
    sp = SubElement(s.tree, P_SP)
    nv = SubElement(sp, qn("p:nvSpPr"))
    SubElement(nv, P_CNVPR, id=str(sid), name=name)
    if txbox:
        SubElement(nv, qn("p:cNvSpPr"), txBox="1")
    else:
        SubElement(nv, qn("p:cNvSpPr"))
    SubElement(nv, P_NVPR)
    return sp, SubElement(sp, P_SPPR)


def _autoshape(s: _Slide, name: str, prst: str, rect: Rect, fill: str, adj: int | None = None,
               no_effects: bool = False):
    """A preset shape filled with a scheme colour, no outline (as python-pptx draws one)."""
    sp, spPr = _new_sp(s, name)
    _set_xfrm(spPr, rect)
    av = SubElement(SubElement(spPr, A_PRSTGEOM, prst=prst), A_AVLST)
    if adj is not None:
        SubElement(av, qn("a:gd"), name="adj", fmla=f"val {adj}")
    _scheme_color(SubElement(spPr, A_SOLIDFILL), fill)
    SubElement(SubElement(spPr, qn("a:ln")), A_NOFILL)
    if no_effects:  # no inherited shadow
        SubElement(spPr, qn("a:effectLst"))
    style = SubElement(sp, qn("p:style"))
    for tag, idx, color in (("a:lnRef", "1", "accent1"), ("a:fillRef", "3", "accent1"),
                            ("a:effectRef", "2", "accent1"), ("a:fontRef", "minor", "lt1")):
        SubElement(SubElement(style, qn(tag), idx=idx), A_SCHEMECLR, val=color)
    body = SubElement(sp, P_TXBODY)
    SubElement(body, A_BODYPR, rtlCol="0", anchor="ctr")
    SubElement(body, A_LSTSTYLE)
    SubElement(SubElement(body, A_P), A_PPR, algn="ctr")
    return sp


def _xml_bytes(el) -> bytes:
    return etree.tostring(el, encoding="UTF-8", standalone=True)


def _expect(got: str, want: str) -> None:
    if got != want:
        raise RuntimeError(f"relationship {got} made where {want} was drawn")


# Deflate level for the package: 1 is several times faster than zlib's default and the deck only
# a little larger. Pictures that are already compressed are stored as they are.
ZIP_LEVEL = 1
_STORED = {"png", "jpg", "jpeg", "gif", "jfif", "webp", "tif", "tiff", "wdp", "mp4", "m4a", "mp3"}


class _Deflated(NamedTuple):
    """A zip member's data, deflated (raw, no zlib header), with its CRC-32 and size."""

    crc: int
    size: int
    data: bytes


def _deflate(raw: bytes) -> _Deflated:
    c = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    return _Deflated(zlib.crc32(raw), len(raw), c.compress(raw) + c.flush())


class _ZipWriter:
    """A zip of members given as bytes or already deflated (cached slides are not compressed
    again). zipfile cannot take deflated data; a package too big for a plain zip (65,535 members
    or 4 GiB) is written by zipfile with ZIP64 instead."""

    _DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, 00:00: the same deck gives the same bytes

    def __init__(self):
        self.members: list[tuple[str, bool, _Deflated]] = []  # (name, stored, data)

    def add(self, name: str, data: bytes | None = None, *, stored: bool = False,
            deflated: _Deflated | None = None) -> None:
        if deflated is None:
            deflated = _Deflated(zlib.crc32(data), len(data), data) if stored else _deflate(data)
        self.members.append((name, stored, deflated))

    def finish(self) -> bytes:
        total = sum(len(d.data) + len(n) + 128 for n, _, d in self.members)
        if len(self.members) >= 0xFFFF or total >= 0xFFFFFFFF:
            return self._zipfile()
        out: list[bytes] = []
        central: list[bytes] = []
        pos = 0
        for name, stored, d in self.members:
            raw = name.encode("utf-8")
            flags = 0 if name.isascii() else 0x800
            method = 0 if stored else 8
            head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, self._DATE,
                               d.crc, len(d.data), d.size, len(raw), 0)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, flags, method, 0, self._DATE,
                                       d.crc, len(d.data), d.size, len(raw), 0, 0, 0, 0, 0o600 << 16, pos) + raw)
            out += (head, raw, d.data)
            pos += len(head) + len(raw) + len(d.data)
        directory = b"".join(central)
        end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), pos, 0)
        return b"".join(out) + directory + end

    def _zipfile(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", allowZip64=True) as z:
            for name, stored, d in self.members:
                info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o600 << 16
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                z.writestr(info, d.data if stored else zlib.decompress(d.data, -15), compresslevel=None if stored else ZIP_LEVEL)
        return buf.getvalue()


def _content_types(types: list[tuple[str, str]]) -> bytes:
    """[Content_Types].xml for (part name, content type) pairs, as python-pptx groups them."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for partname, ctype in types:
        ext = partname.rsplit(".", 1)[-1].lower() if "." in partname.rsplit("/", 1)[-1] else ""
        if (ext, ctype) in default_content_types:
            defaults[ext] = ctype
        else:
            overrides[partname] = ctype
    out = [_XML_DECL, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">']
    out += [f"<Default Extension={_attr(k)} ContentType={_attr(v)}/>" for k, v in sorted(defaults.items())]
    out += [f"<Override PartName={_attr(k)} ContentType={_attr(v)}/>" for k, v in sorted(overrides.items())]
    out.append("</Types>")
    return "".join(out).encode("utf-8")


def _rels_list(rels, rels_base: str) -> list[tuple[str, str, str, bool]]:
    """A python-pptx part's (or the package's) relationships: (rId, type, target, external);
    rels_base is the folder of the part ("/" for the package)."""
    out = []
    for rId in rels:
        rel = rels[rId]
        if rel.is_external:
            out.append((rId, rel.reltype, rel.target_ref, True))
        else:
            out.append((rId, rel.reltype, _relative_ref(rels_base, str(rel.target_part.partname)), False))
    return out


def _rels_xml(rels, rels_base: str) -> bytes:
    return _rels_bytes(_rels_list(rels, rels_base))


def _rels_bytes(rels: list[tuple[str, str, str, bool]]) -> bytes:
    def order(rel):
        rId = rel[0]
        return (int(rId[3:]) if rId.startswith("rId") and rId[3:].isdigit() else 0, rId)

    out = [_XML_DECL, '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for rId, reltype, target, external in sorted(rels, key=order):
        mode = ' TargetMode="External"' if external else ""
        out.append(f"<Relationship Id={_attr(rId)} Type={_attr(reltype)} Target={_attr(tx.xml_safe(target))}{mode}/>")
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")


def _attr(value: str) -> str:
    """An XML attribute value in quotes, escaped where it needs to be."""
    return quoteattr(value) if _SPECIAL.search(value) else f'"{value}"'


_SPECIAL = re.compile(r'[&<>"\n\r\t]')


def _relative_ref(base: str, partname: str) -> str:
    """A part name relative to a folder ("../slideLayouts/slideLayout2.xml"), as python-pptx writes it."""
    folder, name = partname.rsplit("/", 1)
    return f"{_relative_dir(base, folder or '/')}{name}"


@functools.lru_cache(maxsize=None)
def _relative_dir(base: str, folder: str) -> str:
    rel = posixpath.relpath(folder, base)
    return "" if rel == "." else rel + "/"


_XML_DECL = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


class SlideCache(Protocol):
    """Where render_deck keeps rendered modules between builds."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


_CACHE_MAGIC = b"trainerkit slides\n"
_CACHE_FORMAT = "1"


@functools.lru_cache(maxsize=None)
def _source_digest() -> str:
    """The deck writer's own code: a changed writer never reuses slides an older one drew."""
    h = hashlib.sha256()
    for path in (Path(__file__), Path(tx.__file__)):
        h.update(path.read_bytes())
    return h.hexdigest()


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

