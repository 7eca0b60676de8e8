"""The reference deck, read once per rendering: its layouts (which one a name means, from
trainerkit/layouts.py, the same answer `check` gives), each layout's placeholders and boxes,
the text styles of its placeholders (resolved through layout, master and txStyles), the theme's
East Asian fonts, the slide skeleton of each layout and the notes master.

python-pptx opens the deck here and nowhere else; slides are then drawn on plain lxml copies of
the skeletons (draw.py), never as python-pptx parts.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesSlidePart, SlidePart

from ... import fonts
from ... import model as m
from ... import text as tx
from ...errors import Diagnostic, Location, TrainerkitError
from ...messages import _
from ...layouts import by_name, layouts_of
from ...reference import strip_external
from .. import ooxml
from .geometry import DEFAULT_INSETS, EMU_PER_IN, Rect, union

qn = functools.lru_cache(maxsize=None)(ooxml.qn)  # "a:p" -> "{http://...}p", parsed once per name

_TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE}
# The layout's footer placeholders, in the order a slide holds them (the slide number last:
# footers.py writes its number when the deck is saved).
MARK_TYPES = {PP_PLACEHOLDER.DATE: "dt", PP_PLACEHOLDER.FOOTER: "ftr", PP_PLACEHOLDER.SLIDE_NUMBER: "sldNum"}
_BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE,
               PP_PLACEHOLDER.VERTICAL_BODY, PP_PLACEHOLDER.VERTICAL_OBJECT}
# a:lvlNpPr is a:pPr's type (CT_TextParagraphProperties) and a:defRPr a:rPr's: the same order.
_PPR_RANKS = ooxml.ORDER[qn("a:pPr")]
_DEF_RPR = qn("a:defRPr")


@dataclass(frozen=True)
class LevelStyle:
    size: float  # pt
    marL: int  # EMU
    space_before: float  # pt
    line: float  # line spacing factor (1.0 = single)


class TextStyle:
    """The paragraph levels of one placeholder, resolved through layout, master and txStyles,
    and the Measure of its Latin typeface (theme_fonts: the theme's minor and major Latin faces,
    which "+mn-lt" and "+mj-lt" name)."""

    def __init__(self, chain: list[etree._Element], insets: tuple[int, int, int, int],
                 theme_fonts: tuple[str, str] = ("Calibri", "Calibri")):
        self.chain = chain  # lstStyle-like elements, most specific first
        self.insets = insets  # l, t, r, b
        self.levels = [self._level(i) for i in range(9)]
        self._lst: etree._Element | None = None
        face = self._attr(0, f"/{qn('a:defRPr')}/{qn('a:latin')}", "typeface") or "+mn-lt"
        face = {"+mn-lt": theme_fonts[0], "+mj-lt": theme_fonts[1]}.get(face, face)
        self.measure = fonts.measure(face)

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
        """Each level's properties, general first and specific winning, one child per place of
        the a:pPr sequence (ooxml.ORDER); a:defRPr merged attribute by attribute."""
        out = etree.Element(qn("a:lstStyle"))
        for i in range(9):
            tag = qn(f"a:lvl{i + 1}pPr")
            merged = ooxml.add(out, tag)
            children: dict[int, etree._Element] = {}  # rank in a:pPr -> the child that wins
            for lst in reversed(self.chain):  # general first, specific wins
                src = lst.find(tag)
                if src is None:
                    continue
                for k, v in src.attrib.items():
                    merged.set(k, v)
                for child in src:
                    rank = _PPR_RANKS.get(child.tag)
                    if rank is None or child.tag == qn("a:extLst"):
                        continue
                    base = children.get(rank)
                    if child.tag == _DEF_RPR and base is not None:
                        for k, v in child.attrib.items():
                            base.set(k, v)
                        for sub in child:
                            for old in base.findall(sub.tag):
                                base.remove(old)
                            ooxml.insert(base, copy.deepcopy(sub))
                        continue
                    children[rank] = copy.deepcopy(child)
            for rank in sorted(children):
                ooxml.insert(merged, children[rank])
        return out


@dataclass
class LayoutInfo:
    """What a slide of one layout can use: its placeholders by role, their boxes and styles."""

    layout: object  # pptx SlideLayout
    name: str
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


class Reference:
    """The reference deck of one rendering, as python-pptx opened it (its own slides dropped,
    its links to the outside removed), and what is read from it once."""

    def __init__(self, deck: m.Deck):
        self.path = Path(deck.reference)
        self.prs = Presentation(str(deck.reference))
        self.package = self.prs.part.package
        self._drop_slides()
        # A theme's links to the outside never reach the deck (load.py warned about them).
        strip_external(self.package)
        self.cjk_lang, self.latin_lang = tx.run_languages(deck.language)
        self._ea: dict[str, tuple[str, str]] = {}
        self.ea_minor, self.ea_major = self.theme_ea(self.cjk_lang)
        self.latin_minor, self.latin_major = self._theme_latin()
        self.measure = fonts.measure(self.latin_minor)  # shapes and tables: the body font
        self.slide_w, self.slide_h = int(self.prs.slide_width), int(self.prs.slide_height)
        # Which layout a name means: trainerkit.layouts decides (as for check), python-pptx's
        # layout objects are found by their part.
        parts = {str(lay.part.partname): lay for master in self.prs.slide_masters for lay in master.slide_layouts}
        self.layouts = {name: parts[lay.part] for name, lay in by_name(layouts_of(self.path)).items()
                        if lay.part in parts}
        self.layout_parts = {name: str(lay.part.partname) for name, lay in self.layouts.items()}
        self._infos: dict[str, LayoutInfo] = {}
        self._skeletons: dict[str, Skeleton] = {}
        self._notes_master_part = None
        self._notes_tpl: tuple[etree._Element, int] | None = None

    def _drop_slides(self) -> None:
        """Remove the reference deck's own slides (a template may carry examples)."""
        sld_ids = self.prs.slides._sldIdLst
        for sld_id in list(sld_ids):
            rId = sld_id.rId
            sld_ids.remove(sld_id)
            self.prs.part.drop_rel(rId)

    def theme_ea(self, cjk_lang: str) -> tuple[str, str]:
        """East Asian typefaces (minor, major) for CJK runs of a language: the theme's a:ea,
        else its font for the language's script, else the language's default face."""
        hit = self._ea.get(cjk_lang)
        if hit is None:
            hit = self._ea[cjk_lang] = self._theme_ea(cjk_lang)
        return hit

    def _theme_ea(self, cjk_lang: str) -> tuple[str, str]:
        script = tx.theme_script(cjk_lang)
        fallback = tx.default_ea_font(cjk_lang)
        try:
            theme = etree.fromstring(self.prs.slide_masters[0].part.part_related_by(RT.THEME).blob)
        except (KeyError, IndexError, etree.XMLSyntaxError):  # no theme, no master, or no XML
            return fallback, fallback
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
            found.append(face or fallback)
        return found[0], found[1]

    def _theme_latin(self) -> tuple[str, str]:
        """Latin typefaces (minor, major) from the theme ("Calibri" where it names none)."""
        try:
            theme = etree.fromstring(self.prs.slide_masters[0].part.part_related_by(RT.THEME).blob)
        except (KeyError, IndexError, etree.XMLSyntaxError):
            return "Calibri", "Calibri"
        found = []
        for kind in ("a:minorFont", "a:majorFont"):
            latin = theme.find(f".//{qn('a:fontScheme')}/{qn(kind)}/{qn('a:latin')}")
            found.append((latin.get("typeface", "") if latin is not None else "") or "Calibri")
        return found[0], found[1]

    # -- layouts --------------------------------------------------------------------------------

    def info(self, name: str) -> LayoutInfo:
        """The layout a slide asks for by name, its placeholders sorted by role."""
        if name in self._infos:
            return self._infos[name]
        layout = self.layouts.get(name)
        if layout is None:
            real = dict.fromkeys(layout.name for layout in self.layouts.values())
            raise TrainerkitError(Diagnostic(Location.of(self.path), "error",
                                             _('the reference deck has no layout "{name}", which '
                                               "trainerkit needs; it has: {layouts}", name=name,
                                               layouts=", ".join(real))))
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
            for idx2, r2, _kind in bodies:
                if idx2 != idx and r.bottom <= r2.y + EMU_PER_IN // 10 and r.h < r2.h / 2 \
                        and min(r.right, r2.right) - max(r.x, r2.x) > min(r.w, r2.w) / 2 and idx2 not in headers:
                    headers[idx2] = (idx, r)
                    header_ids.add(idx)
                    break
        content = sorted(((i, r) for i, r, _ in bodies if i not in header_ids), key=lambda p: (p[1].x, p[1].y))
        if content:
            area = union([r for _, r in content] + [r for _, r in headers.values()])
        elif title_rect is not None and title_rect.bottom < self.slide_h * 0.5:
            top = title_rect.bottom + EMU_PER_IN // 4
            area = Rect(title_rect.x, top, title_rect.w, self.slide_h - top - int(0.75 * EMU_PER_IN))
        else:
            mg = int(0.6 * EMU_PER_IN)
            area = Rect(mg, mg, self.slide_w - 2 * mg, self.slide_h - 2 * mg)
        default_style = styles[content[0][0]] if content else self._master_body_style()
        info = LayoutInfo(layout, layout.name, title, title_rect, title_style, content, headers, pictures,
                          styles, area, default_style, rects)
        self._infos[name] = info
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
        dl, dt, dr, db = DEFAULT_INSETS
        return TextStyle(chain, (insets.get("lIns", dl), insets.get("tIns", dt),
                                 insets.get("rIns", dr), insets.get("bIns", db)),
                         (self.latin_minor, self.latin_major))

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
                return TextStyle(chain, DEFAULT_INSETS, (self.latin_minor, self.latin_major))
        return TextStyle([], DEFAULT_INSETS, (self.latin_minor, self.latin_major))

    # -- skeletons and the notes master -----------------------------------------------------------

    def skeleton(self, info: LayoutInfo) -> "Skeleton":
        """The layout's placeholders cloned onto an empty slide (by python-pptx, once per layout),
        kept as plain XML to copy for every slide of that layout. python-pptx leaves out the
        date, footer and slide number: they are added from the layout itself (footers.py fills
        them), so a slide has them exactly where its layout has them."""
        sk = self._skeletons.get(info.name)
        if sk is None:
            # A slide part no relationship leads to: it is never saved.
            part = SlidePart.new(PackURI("/ppt/slides/skeleton.xml"), self.package, info.layout.part)
            slide = part.slide
            slide.shapes.clone_layout_placeholders(info.layout)
            kids = list(slide.shapes._spTree)
            phs = [(ph.placeholder_format.idx, kids.index(ph._element)) for ph in slide.placeholders]
            sld = etree.fromstring(etree.tostring(slide._element))
            ids = [int(v) for v in sld.xpath("//@id") if v.isdigit()]
            tree = sld.find(qn("p:cSld")).find(qn("p:spTree"))
            marks = []
            for kind, ph in self._marks_of(info.layout):  # their ids are given when drawn
                sp = _mark_placeholder(ph)
                ooxml.insert(tree, sp)
                marks.append((kind, list(tree).index(sp)))
            sk = self._skeletons[info.name] = Skeleton(info.name, sld, phs, max(ids) + 1 if ids else 1,
                                                       marks)
        return sk

    @staticmethod
    def _marks_of(layout) -> list[tuple[str, etree._Element]]:
        """The layout's date, footer and slide-number placeholders (p:sp), one of each kind at
        most, in the order of MARK_TYPES."""
        found: dict[str, etree._Element] = {}
        for ph in layout.placeholders:
            kind = MARK_TYPES.get(ph.placeholder_format.type)
            if kind is not None:
                found.setdefault(kind, ph._element)
        return [(kind, found[kind]) for kind in MARK_TYPES.values() if kind in found]

    def notes_master(self):
        """The notes master part (made by python-pptx when the deck has none), fitted once."""
        if self._notes_master_part is None:
            self._notes_master_part = self.prs.part.notes_master_part
            self._fit_notes_master(self._notes_master_part.notes_master)
        return self._notes_master_part

    @property
    def notes_master_name(self) -> str:
        """The notes master's part name, "" when no slide has notes."""
        return str(self._notes_master_part.partname) if self._notes_master_part is not None else ""

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

    def notes_template(self) -> tuple[etree._Element, int]:
        """A notes page with the notes master's placeholders cloned (by python-pptx, once), as
        plain XML, and the position of its notes placeholder."""
        if self._notes_tpl is None:
            master = self.notes_master()
            # A notes part no relationship leads to: it is never saved.
            part = NotesSlidePart(PackURI("/ppt/notesSlides/template.xml"), CT.PML_NOTES_SLIDE, self.package,
                                  CT_NotesSlide.new())
            notes = part.notes_slide
            notes.clone_master_placeholders(master.notes_master)
            kids = list(notes.shapes._spTree)
            self._notes_tpl = (etree.fromstring(etree.tostring(notes._element)),
                               kids.index(notes.notes_placeholder._element))
        return self._notes_tpl


@dataclass
class Skeleton:
    """A layout's empty slide as plain XML: its placeholders and the next free shape id."""

    layout: str
    sld: etree._Element
    phs: list[tuple[int, int]]  # (placeholder idx, position in the shape tree)
    next_id: int
    marks: list[tuple[str, int]] = field(default_factory=list)  # ("dt" | "ftr" | "sldNum", position)


def _mark_placeholder(layout_sp: etree._Element) -> etree._Element:
    """A slide's empty placeholder standing for a layout's date, footer or slide number: the
    layout's p:ph (type, idx, size) and name, position and look inherited, as PowerPoint writes
    it. Its shape id is given when the slide is drawn (footers.fill_marks), after every other."""
    ph = layout_sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    name = layout_sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").get("name", "")
    sp = etree.Element(qn("p:sp"), nsmap={"p": ooxml.NS["p"], "a": ooxml.NS["a"]})
    nv = ooxml.add(sp, qn("p:nvSpPr"))
    ooxml.add(nv, qn("p:cNvPr"), {"id": "0", "name": name or "Footer Placeholder"})
    ooxml.add(ooxml.add(nv, qn("p:cNvSpPr")), qn("a:spLocks"), {"noGrp": "1"})
    ooxml.add(ooxml.add(nv, qn("p:nvPr")), qn("p:ph"), {k: v for k, v in ph.attrib.items()
                                                        if k in ("type", "orient", "sz", "idx")})
    ooxml.add(sp, qn("p:spPr"))
    body = ooxml.add(sp, qn("p:txBody"))
    ooxml.add(body, qn("a:bodyPr"))
    ooxml.add(body, qn("a:lstStyle"))
    ooxml.add(body, qn("a:p"))
    return sp
