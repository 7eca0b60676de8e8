"""The deck's package: the parts python-pptx read from the reference (masters, layouts, theme,
properties), the slides and notes pages as drawn, one media part per distinct picture and
recording (media.py: a recording's part has two relationships, audio or video and media), their
relationships and content types, all written into the zip (zip.py) in one pass.

Drawn (or cached) slides never become python-pptx parts: inject gives them fresh part names, so
cached slides fit any deck, and save writes them with their relationships. Within a slide the
rIds were fixed when it was drawn: rId1 its layout, rId2 its notes page, then pictures and links.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.spec import default_content_types

from ... import model as m
from ... import text as tx
from ...dates import time_of
from .pictures import Media
from .reference import Reference
from .shapes import R_ID, add, qn
from .zip import STORED, Deflated, ZipWriter, close


@dataclass
class Rendered:
    """One slide as XML: rels are (rId, "image" | "audio" | "video" | "media" | "link" | "slide",
    sha1 of the picture or recording | URL | the anchor of the slide jumped to), from rId3
    when the slide has notes (rId1 is its layout, rId2 its notes page), else from rId2. A
    numbered slide's xml stops where its number goes (zip.deflate_open), tail is the rest."""

    layout: str
    xml: Deflated  # the slide's XML, deflated as it goes into the zip
    notes: Deflated | None
    rels: list[tuple[str, str, str]]
    tail: bytes | None = None  # a numbered slide's XML after its number (footers.py)
    anchor: str = ""  # what jumps to this slide name it by (DeckSlide.anchor; jumps.py)


@dataclass
class Group:
    """The slides of one module as drawn (or read from the cache), and the pictures they show."""

    slides: list[Rendered]
    media: dict[str, Media]  # by sha1


class Package:
    """The deck being assembled: part names given out, slides in order, media by sha1."""

    def __init__(self, ref: Reference):
        self.ref = ref
        # Part names are counted here once instead of searched per slide.
        self._taken = {str(p.partname) for p in ref.package.iter_parts()}
        self._counters = {"slide": 0, "notes": 0, "image": 0, "media": 0}
        self._slides: list[tuple[str, str | None, Rendered]] = []  # (slide name, notes name, slide)
        self._jumps: dict[int, dict[str, str]] = {}  # a slide's jumps: its position -> rId -> slide name
        self._media_names: dict[str, tuple[str, Media]] = {}  # sha1 -> part name: one per distinct picture

    def _free_name(self, template: str, counter: str) -> str:
        while True:
            self._counters[counter] += 1
            name = template % self._counters[counter]
            if name not in self._taken:
                self._taken.add(name)
                return name

    def inject(self, group: Group) -> None:
        """Add rendered (or cached) slides to the deck, with fresh part names; a slide jump goes
        to the slide of its group with its anchor (the slide itself when none has it: drawing
        never makes one)."""
        first = len(self._slides)
        for rec in group.slides:
            name = self._free_name("/ppt/slides/slide%d.xml", "slide")
            notes = None
            if rec.notes is not None:
                notes = self._free_name("/ppt/notesSlides/notesSlide%d.xml", "notes")
                self.ref.notes_master()
            for _, kind, target in rec.rels:
                if kind not in ("link", "slide") and target not in self._media_names:
                    md = group.media[target]
                    counter = "image" if kind == "image" else "media"
                    self._media_names[target] = (self._free_name(f"/ppt/media/{counter}%d." + md.ext, counter), md)
            self._slides.append((name, notes, rec))
        added = self._slides[first:]
        names = {rec.anchor: name for name, _, rec in added if rec.anchor}
        for k, (name, _, rec) in enumerate(added, first):
            jumps = {rId: names.get(target, name) for rId, kind, target in rec.rels if kind == "slide"}
            if jumps:
                self._jumps[k] = jumps

    def save(self, deck: m.Deck) -> bytes:
        """The .pptx bytes, with the deck's title, author, language and the build's time
        (dates.py: fixed by --date or SOURCE_DATE_EPOCH, else now) in its properties."""
        cp = self.ref.prs.core_properties
        cp.title = deck.title
        if deck.author:
            cp.author = deck.author
        cp.last_modified_by = deck.author or "trainerkit"
        cp.language = tx.normalize_lang(deck.language)
        cp.created = cp.modified = time_of(deck.fixed_time)
        return self._write()

    def _write(self) -> bytes:
        """python-pptx's parts (masters, layouts, theme, properties: a few dozen), then the
        slides, notes pages and pictures from their rendered XML, already deflated."""
        package = self.ref.package
        pres = self.ref.prs.part
        pres_rels = pres.rels
        first = 1 + max((int(r[3:]) for r in pres_rels if r.startswith("rId") and r[3:].isdigit()), default=0)
        sld_ids = pres._element.find(qn("p:sldIdLst"))
        if sld_ids is None:
            sld_ids = pres._element.get_or_add_sldIdLst()
        extra = []
        for k, (name, _, _) in enumerate(self._slides):
            rId = f"rId{first + k}"
            add(sld_ids, qn("p:sldId"), {"id": str(256 + k), R_ID: rId})
            extra.append((rId, RT.SLIDE, relative_ref("/ppt", name), False))

        parts = list(package.iter_parts())
        types = [(str(part.partname), part.content_type) for part in parts]
        types += [(name, CT.PML_SLIDE) for name, _, _ in self._slides]
        types += [(notes, CT.PML_NOTES_SLIDE) for _, notes, _ in self._slides if notes]
        types += [(name, md.content_type) for name, md in self._media_names.values()]
        z = ZipWriter()
        z.add("[Content_Types].xml", content_types(types))
        z.add("_rels/.rels", rels_bytes(rels_list(package._rels, "/")))
        for part in parts:
            name = part.partname
            z.add(name.membername, part.blob, stored=name.ext.lower() in STORED)
            rels = rels_list(part.rels, name.baseURI)
            if part is pres:
                rels += extra
            if rels:
                z.add(name.rels_uri.membername, rels_bytes(rels))
        layouts = self.ref.layout_parts
        master = self.ref.notes_master_name
        first_number = _first_number(pres._element)
        for number, (name, notes, rec) in enumerate(self._slides, first_number):
            jumps = self._jumps.get(number - first_number, {})
            folder, base = name.rsplit("/", 1)
            rels = [("rId1", RT.SLIDE_LAYOUT, relative_ref(folder, layouts[rec.layout]), False)]
            if notes:
                rels.append(("rId2", RT.NOTES_SLIDE, relative_ref(folder, notes), False))
            for rId, kind, target in rec.rels:
                if kind == "link":
                    rels.append((rId, RT.HYPERLINK, target, True))
                elif kind == "slide":
                    rels.append((rId, RT.SLIDE, relative_ref(folder, jumps[rId]), False))
                else:
                    rels.append((rId, PART_TYPES[kind], relative_ref(folder, self._media_names[target][0]), False))
            z.add(name[1:], deflated=rec.xml if rec.tail is None else close(rec.xml, b"%d" % number + rec.tail))
            z.add(f"{folder[1:]}/_rels/{base}.rels", rels_bytes(rels))
            if notes:
                nfolder, nbase = notes.rsplit("/", 1)
                z.add(notes[1:], deflated=rec.notes)
                z.add(f"{nfolder[1:]}/_rels/{nbase}.rels", rels_bytes(
                    [("rId1", RT.NOTES_MASTER, relative_ref(nfolder, master), False),
                     ("rId2", RT.SLIDE, relative_ref(nfolder, name), False)]))
        for name, md in self._media_names.values():
            z.add(name[1:], md.blob, stored=name.rsplit(".", 1)[-1].lower() in STORED)
        return z.finish()


def _first_number(presentation) -> int:
    """The first slide's number (p:presentation firstSlideNum, 1 by default)."""
    try:
        return int(presentation.get("firstSlideNum", "1"))
    except ValueError:
        return 1


# A slide's relationship to a part, by its kind: a picture, a recording's or video's file (both
# as PowerPoint writes them: the audio or video relationship for a:audioFile / a:videoFile, the
# media one for p14:media).
PART_TYPES = {"image": RT.IMAGE, "audio": RT.AUDIO, "video": RT.VIDEO, "media": RT.MEDIA}


def content_types(types: list[tuple[str, str]]) -> bytes:
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


def rels_list(rels, rels_base: str) -> list[tuple[str, str, str, bool]]:
    """A python-pptx part's (or the package's) relationships: (rId, type, target, external);
    rels_base is the folder of the part ("/" for the package)."""
    out = []
    for rId in rels:
        rel = rels[rId]
        if rel.is_external:
            out.append((rId, rel.reltype, rel.target_ref, True))
        else:
            out.append((rId, rel.reltype, relative_ref(rels_base, str(rel.target_part.partname)), False))
    return out


def rels_bytes(rels: list[tuple[str, str, str, bool]]) -> bytes:
    """A .rels part, its relationships in rId order."""
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


def relative_ref(base: str, partname: str) -> str:
    """A part name relative to a folder ("../slideLayouts/slideLayout2.xml"), as python-pptx writes it."""
    folder, name = partname.rsplit("/", 1)
    return f"{_relative_dir(base, folder or '/')}{name}"


@functools.lru_cache(maxsize=None)
def _relative_dir(base: str, folder: str) -> str:
    rel = posixpath.relpath(folder, base)
    return "" if rel == "." else rel + "/"


_XML_DECL = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
