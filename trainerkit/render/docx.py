"""The Word writer: a model.Document as .docx bytes, drawn with the styles of a reference document.

The body is written as WordprocessingML with lxml, straight into the reference's document part;
python-docx handles the package (opening, parts, relationships, images, saving). Everything a
trainer or corporate template designer may want to restyle is a named style (see
templates/make_reference_docx.py); a style the reference lacks is copied from the built-in one.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart
from lxml import etree

from .. import __version__, model
from ..cache import Blobs, get_quietly, put_quietly, seal, unseal
from ..cache import blob as cached_blob
from ..errors import Diagnostic, Location, TrainerkitError
from ..reference import strip_external
from ..text import FALLBACK_EA_FONT, is_cjk_language, xml_safe

__all__ = ["render_document", "builtin_template"]


def builtin_template(name: str) -> Path:
    """A built-in template file: templates/ of a source checkout, or trainerkit/templates/ in a wheel."""
    here = Path(__file__).resolve()
    for folder in (here.parents[2] / "templates", here.parents[1] / "templates"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"built-in template {name!r} not found next to the trainerkit package")


def render_document(doc: model.Document, cache: "UnitCache | None" = None) -> bytes:
    """The .docx bytes of a document.

    cache: where rendered modules are kept between builds (get(key) -> bytes | None and
    put(key, bytes), as build.py's FileCache). A module starts at a PageBreak followed by a
    Heading of level 0 (plan.py's _module_blocks) and runs to the next such start; what comes
    before the first module (cover, contents, agenda) is always drawn. Each module's body XML is
    looked up under a key covering everything it depends on (_unit_key) and drawn and stored only
    when it is missing or its entry is damaged. What a module shares with the rest of the
    document is given fresh values when it is reused: numbering instances, relationships (pictures,
    links), drawing ids, figure numbers, styles copied from the built-in reference, and the
    bookmarks the table of contents links to (re-made from this document's plan)."""
    return _Writer(doc, cache).render()


# ---------------------------------------------------------------------------------------------
# XML names

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class _W:
    """Clark names of the w: elements and attributes used here: W.p == '{...main}p'."""

    def __getattr__(self, name: str) -> str:
        value = f"{{{W_NS}}}{name}"
        setattr(self, name, value)
        return value


W = _W()
R_ID = f"{{{R_NS}}}id"
R_EMBED = f"{{{R_NS}}}embed"
SHORT_BOX = 1200  # boxes up to this _size are not split over pages
KEEP_TOGETHER_ROWS = 12  # tables up to this many rows are not split across pages
WRITING_LINE = 454  # twips between two writing lines: 8 mm, room for handwritten Chinese

# Order of w:rPr children (ECMA-376 CT_RPr), for inserting into an existing rPr.
_RPR_ORDER = [W.__getattr__(t) for t in (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()]


EMU_PER_TWIP = 635
ROLE_COLORS = {"agent": "2E74B5", "customer": "C55A11", "observer": "548235"}
DEFAULT_TEXT_WIDTH = 9638  # twips: A4 with 2 cm margins


def _sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
         nsmap: dict[str, str] | None = None) -> etree._Element:
    return etree.SubElement(parent, tag, attrs or {}, nsmap=nsmap) if nsmap else \
        etree.SubElement(parent, tag, attrs or {})


def _val(parent: etree._Element, tag: str, value: str | int) -> etree._Element:
    return etree.SubElement(parent, tag, {W.val: str(value)})


def _display_len(s: str) -> int:
    """Width of a string in Latin characters: CJK and full-width characters count two."""
    return sum(2 if ord(c) >= 0x1100 else 1 for c in s)


# ---------------------------------------------------------------------------------------------
# The built-in reference, read once per process for styles and numbering a reference lacks


@lru_cache(maxsize=1)
def _builtin_parts() -> tuple[bytes, bytes]:
    with zipfile.ZipFile(builtin_template("reference.docx")) as z:
        return z.read("word/styles.xml"), z.read("word/numbering.xml")


def _builtin_styles() -> etree._Element:
    return etree.fromstring(_builtin_parts()[0])


def _builtin_numbering() -> etree._Element:
    return etree.fromstring(_builtin_parts()[1])


def _style_name(style: etree._Element) -> str:
    name = style.find(W.name)
    return (name.get(W.val) if name is not None else style.get(W.styleId) or "").lower()


class _Styles:
    """Style ids by (case-insensitive) name, resolved once; missing styles come from the built-in."""

    def __init__(self, styles: etree._Element):
        self.el = styles
        self.by_name: dict[str, etree._Element] = {}
        self.by_id: dict[str, etree._Element] = {}
        for st in styles.iterchildren(W.style):
            self.by_name.setdefault(_style_name(st), st)
            self.by_id[st.get(W.styleId)] = st
        self._builtin: dict[str, etree._Element] | None = None
        self._cache: dict[str, str | None] = {}
        self.log: dict[str, None] | None = None  # names asked for, in order, while a module is drawn

    def id(self, name: str) -> str | None:
        """The styleId of the style called name, copying it from the built-in reference if needed."""
        key = name.lower()
        if self.log is not None:
            self.log.setdefault(key)
        if key not in self._cache:
            st = self.by_name.get(key)
            if st is None:
                st = self._copy_builtin(key)
            self._cache[key] = st.get(W.styleId) if st is not None else None
        return self._cache[key]

    def element(self, name: str) -> etree._Element | None:
        sid = self.id(name)
        return self.by_id.get(sid) if sid else None

    def _copy_builtin(self, key: str) -> etree._Element | None:
        if self._builtin is None:
            self._builtin = {_style_name(s): s for s in _builtin_styles().iterchildren(W.style)}
        src = self._builtin.get(key)
        if src is None:
            return None
        st = copy.deepcopy(src)
        st.attrib.pop(W.default, None)
        sid = st.get(W.styleId)
        while sid in self.by_id:
            sid = "tk" + sid
        st.set(W.styleId, sid)
        # Built-in list styles point at the built-in numbering; the writer numbers items itself.
        for num_pr in st.iter(W.numPr):
            num_pr.getparent().remove(num_pr)
        self.el.append(st)
        self.by_name[key] = st
        self.by_id[sid] = st
        builtin_ids = {s.get(W.styleId): n for n, s in self._builtin.items()}
        for tag in (W.basedOn, W.next, W.link):
            ref = st.find(tag)
            if ref is None:
                continue
            target_name = builtin_ids.get(ref.get(W.val))
            target = self.id(target_name) if target_name else None
            if target:
                ref.set(W.val, target)
            else:
                st.remove(ref)
        return st

    def num_pr(self, name: str) -> etree._Element | None:
        """The w:numPr a paragraph style carries (itself or through basedOn), if any."""
        st = self.element(name)
        seen = set()
        while st is not None and id(st) not in seen:
            seen.add(id(st))
            num_pr = st.find(f"{W.pPr}/{W.numPr}")
            if num_pr is not None:
                return num_pr
            based = st.find(W.basedOn)
            st = self.by_id.get(based.get(W.val)) if based is not None else None
        return None


class _Numbering:
    """Numbering definitions: one w:num per numbered list, so that each list restarts."""

    def __init__(self, numbering: etree._Element, styles: etree._Element):
        self.el = numbering
        self.abstract_by_name: dict[str, str] = {}
        max_abstract = -1
        for an in numbering.iterchildren(W.abstractNum):
            aid = an.get(W.abstractNumId)
            max_abstract = max(max_abstract, int(aid))
            name = an.find(W.name)
            if name is not None:
                self.abstract_by_name.setdefault(name.get(W.val), aid)
        self.next_abstract = max_abstract + 1
        self.num_ids = {n.get(W.numId) for n in numbering.iterchildren(W.num)}
        # Styles may name numbering instances the part lacks: never reuse their ids.
        used = self.num_ids | {e.get(W.val) for e in styles.iter(W.numId)}
        self.next_num = max((int(i) for i in used if i and i.isdigit()), default=0) + 1
        self._bullet: str | None = None
        # While a module is drawn: ("o", level, start, id) and ("b", id), in the order asked.
        self.log: list[tuple] | None = None

    def _abstract(self, name: str) -> str:
        aid = self.abstract_by_name.get(name)
        if aid is None:
            src = next(a for a in _builtin_numbering().iterchildren(W.abstractNum)
                       if a.find(W.name).get(W.val) == name)
            an = copy.deepcopy(src)
            aid = str(self.next_abstract)
            self.next_abstract += 1
            an.set(W.abstractNumId, aid)
            # abstractNum elements come before every w:num.
            first_num = self.el.find(W.num)
            if first_num is not None:
                first_num.addprevious(an)
            else:
                self.el.append(an)
            self.abstract_by_name[name] = aid
        return aid

    def _new_num(self, abstract: str) -> tuple[str, etree._Element]:
        num_id = str(self.next_num)
        self.next_num += 1
        num = etree.Element(W.num, {W.numId: num_id})
        _val(num, W.abstractNumId, abstract)
        cleanup = self.el.find(W.numIdMacAtCleanup)
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.el.append(num)
        return num_id, num

    def defines(self, num_pr: etree._Element | None) -> bool:
        """Whether a style's w:numPr names a numbering instance that exists."""
        if num_pr is None:
            return False
        num_id = num_pr.find(W.numId)
        return num_id is not None and num_id.get(W.val) in self.num_ids

    def ordered(self, level: int, start: int) -> str:
        """A new numbering instance whose `level` starts again at `start`."""
        num_id, num = self._new_num(self._abstract("trainerkit-decimal"))
        override = _sub(num, W.lvlOverride, {W.ilvl: str(level)})
        _val(override, W.startOverride, start)
        if self.log is not None:
            self.log.append(("o", level, start, num_id))
        return num_id

    @property
    def bullet(self) -> str:
        if self._bullet is None:
            self._bullet = self._new_num(self._abstract("trainerkit-bullet"))[0]
        if self.log is not None and (not self.log or self.log[-1][0] != "b"):
            self.log.append(("b", self._bullet))
        return self._bullet


@dataclass(frozen=True)
class _Ctx:
    """Where blocks are being drawn: the width available (twips) and how paragraphs look there."""

    width: int
    para_style: str = "Normal"
    in_table: bool = False


_EMPTY_NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>'
)


class _Writer:
    def __init__(self, doc: model.Document, cache: "UnitCache | None" = None):
        self.doc = doc
        self.cache = cache
        self._log: _UnitLog | None = None  # what the module being drawn shares with the document
        self._base_key: bytes | None = None
        self.labels = doc.labels
        ref = doc.reference or builtin_template("reference.docx")
        try:
            self.document = docx.Document(str(ref))
            self.part = self.document.part
            # A theme's links to the outside never reach the document (load.py warned about them).
            strip_external(self.part.package)
            body = self.document.element.body
            sect_pr = body.find(W.sectPr)
            for child in list(body):
                body.remove(child)
            self.body = body
            self.sect_pr = sect_pr
            self.styles = _Styles(self.document.styles.element)
            self.numbering = _Numbering(self._numbering_part().element, self.styles.el)
            self.text_width = self._text_width()
            self._rids = _RIds(self.part.rels)
        except Exception as e:
            # A course's reference document is the trainer's to fix, however it is broken:
            # damaged data (zlib.error, BadZipFile), XML that does not parse, parts missing. The
            # exception itself is not passed on: lxml's cannot cross from a worker process.
            raise TrainerkitError(Diagnostic(
                Location.of(ref), "error",
                f"cannot open this reference document ({type(e).__name__}: {_short(str(e))}); "
                "save it again from Word as .docx")) from None
        self.zh = is_cjk_language(doc.language)
        self._images: dict[Path, tuple[str, int, int]] = {}
        self._links: dict[str, str] = {}
        self._doc_pr_id, self._bookmark_id = self._first_free_ids()
        self._figure = 0
        # Table of contents: headings that get a bookmark, and the ranges of each Contents.
        self._heading_bookmark: dict[int, str] = {}
        self._range_start: dict[int, list[str]] = {}
        self._range_end: dict[int, list[str]] = {}
        self._toc_entries: dict[int, tuple[str, list[tuple[int, str, str]]]] = {}
        self._range_ids: dict[str, str] = {}  # bookmark name -> id, to close the range
        self._plan_contents()
        # Paragraphs that keep with what follows, and task lists kept whole (by id of the block).
        self._keeps = _plan_keeps(doc.blocks, questions=doc.kind in ("quiz", "key"))
        self._break_before = False  # the next paragraph starts a new page

    # -- package ------------------------------------------------------------------------------

    def _numbering_part(self) -> NumberingPart:
        try:
            return self.part.part_related_by(RT.NUMBERING)
        except KeyError:
            part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                                 parse_xml(_EMPTY_NUMBERING), self.part.package)
            self.part.relate_to(part, RT.NUMBERING)
            return part

    def _text_width(self) -> int:
        sp = self.sect_pr
        if sp is None:
            return DEFAULT_TEXT_WIDTH
        pg_sz, pg_mar = sp.find(W.pgSz), sp.find(W.pgMar)
        try:
            width = int(pg_sz.get(W.w))
            if pg_sz.get(W.orient) == "landscape" and pg_sz.get(W.h):
                width = max(width, int(pg_sz.get(W.h)))
            return width - int(pg_mar.get(W.left)) - int(pg_mar.get(W.right))
        except (AttributeError, TypeError, ValueError):
            return DEFAULT_TEXT_WIDTH

    def _first_free_ids(self) -> tuple[int, int]:
        """Drawing and bookmark ids must be unique in the whole document, headers included."""
        doc_pr, bookmark = 0, 0
        for rel in self.part.rels.values():
            if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
                continue
            root = rel.target_part.element
            for el in root.iter(f"{{{WP_NS}}}docPr"):
                doc_pr = max(doc_pr, int(el.get("id", "0")))
            for el in root.iter(W.bookmarkStart):
                bookmark = max(bookmark, int(el.get(W.id, "0")))
        return doc_pr + 1, bookmark + 1

    def render(self) -> bytes:
        ctx = _Ctx(self.text_width)
        blocks = self.doc.blocks
        if self.cache is None:
            self._draw(0, len(blocks), ctx)
        else:
            starts = _module_starts(blocks)
            bounds = sorted({0, len(blocks), *starts})
            for a, b in zip(bounds, bounds[1:]):
                if a in starts and not self._break_before and not any(
                        isinstance(block, model.Contents) for block in blocks[a:b]):
                    self._cached_unit(a, b, ctx)
                else:
                    self._draw(a, b, ctx)
        if _last_tag(self.body) in (None, W.tbl):
            _sub(self.body, W.p)
        if self.sect_pr is not None:
            self.body.append(self.sect_pr)
        self._set_language()
        self._set_properties()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _draw(self, start: int, end: int, ctx: _Ctx) -> None:
        """Draw blocks[start:end] into the body."""
        blocks = self.doc.blocks
        for index in range(start, end):
            block = blocks[index]
            if isinstance(block, model.PageBreak) and index + 1 < len(blocks) \
                    and isinstance(blocks[index + 1], (model.Heading, model.Paragraph)):
                # The next paragraph starts the page: a paragraph holding the break would be
                # pushed onto a page of its own after content that fills its page exactly.
                self._break_before = True
                continue
            self._block(self.body, block, ctx, index)

    # -- the module cache ---------------------------------------------------------------------

    def _cached_unit(self, start: int, end: int, ctx: _Ctx) -> None:
        """One module: its cached body XML when the cache has it, else drawn and stored."""
        key = self._unit_key(start, end)
        data = get_quietly(self.cache, key)
        if data is not None and self._reuse(key, start, data):
            return
        marker = self._last_child()
        log = self._log = _UnitLog(self._doc_pr_id, self._figure)
        self.styles.log, self.numbering.log = log.styles, log.numbering
        try:
            self._draw(start, end, ctx)
        finally:
            self._log = self.styles.log = self.numbering.log = None
        try:
            entry = self._encode(key, start, marker, log)
        except Exception:  # a module the cache cannot describe is drawn every time
            entry = None
        if entry is not None:
            put_quietly(self.cache, key, entry)

    def _last_child(self) -> etree._Element | None:
        try:
            return self.body[-1]
        except IndexError:
            return None

    def _unit_key(self, start: int, end: int) -> str:
        """The cache key of a module: everything its XML depends on. The writer's own source,
        trainerkit's and the libraries' versions, the reference's and the built-in reference's
        bytes, the document's kind, language and labels, the module's blocks as planned (every
        field, nested blocks included), which of them keep with the next, and the bytes of every
        picture it shows."""
        blocks = self.doc.blocks
        if self._base_key is None:
            h = hashlib.sha256()
            ref = Path(self.doc.reference or builtin_template("reference.docx"))
            for piece in (_UNIT_FORMAT, __version__, docx.__version__, etree.__version__,
                          _source_digest(), _file_digest(ref),
                          _file_digest(builtin_template("reference.docx")),
                          repr(self.doc.kind), repr(self.doc.language),
                          repr(sorted(self.labels.items()))):
                h.update(str(piece).encode("utf-8", "surrogatepass") + b"\0")
            self._base_key = h.digest()
        h = hashlib.sha256(self._base_key)
        unit = blocks[start:end]
        text = repr(unit)
        h.update(text.encode("utf-8", "surrogatepass"))
        keeps = [k for k, block in enumerate(unit) if id(block) in self._keeps]
        h.update(f"\0{keeps}\0{end == len(blocks)}".encode())
        if "Image(" in text:
            for image in _images_in(unit):
                path = Path(image.path)
                try:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    digest = "unreadable"  # drawing reports it
                h.update(f"\0{path}\0{digest}".encode("utf-8", "surrogatepass"))
        return "docx-unit-" + h.hexdigest()

    def _encode(self, key: str, start: int, marker: etree._Element | None,
                log: "_UnitLog") -> bytes | None:
        """A cache entry for the module just drawn (its elements follow marker in the body):
        a JSON index and the blobs it points into, behind a checksum; None when the module
        holds something the entry could not give fresh values."""
        els = list(marker.itersiblings()) if marker is not None else list(self.body)
        if not els or self._break_before:
            return None
        # Into a holder of their own for one pass over them and one serialisation (the holder
        # declares the body's namespaces, so none is declared again), then back in place. The
        # holder sits in the same XML document as the body: lxml moves elements between two
        # documents in time quadratic in their size (issue 10: 20,000 table rows took 100 s).
        root = self.body.getparent()
        if root is not None:
            holder = etree.SubElement(root, self.body.tag)
        else:
            holder = etree.Element(self.body.tag, nsmap=self.body.nsmap)
        holder.extend(els)
        try:
            xml = etree.tostring(holder, encoding="utf-8", xml_declaration=False)
            return self._describe(key, start, els, holder, xml, log)
        finally:
            self.body.extend(els)
            if root is not None:
                root.remove(holder)

    def _describe(self, key: str, start: int, els: list[etree._Element], holder: etree._Element,
                  xml: bytes, log: "_UnitLog") -> bytes | None:
        position = {el: k for k, el in enumerate(els)}
        headings = []
        marks_in_headings = 0
        for index, p in log.headings:
            if p not in position:
                return None
            headings.append([index - start, position[p]])
            marks_in_headings += sum(1 for ch in p if ch.tag in (W.bookmarkStart, W.bookmarkEnd))
        nums = {e[-1] for e in log.numbering}
        rel_ids = {rid for _, rid, _ in log.rels}
        doc_pr_end, figure_end = self._doc_pr_id, self._figure
        marks = figures = doc_prs = 0
        for el in holder.iter(W.bookmarkStart, W.bookmarkEnd, W.numId, _DOC_PR, W.instrText):
            tag = el.tag
            if tag == W.numId:
                if el.get(W.val) not in nums:
                    return None
            elif tag == _DOC_PR:
                n = int(el.get("id"))
                if not log.doc_pr <= n < doc_pr_end or el.get("name") != f"Picture {n}":
                    return None
                doc_prs += 1
            elif tag == W.instrText:
                t = _seq_result(el)
                if t is None or not log.figure < int(t.text) <= figure_end:
                    return None
                figures += 1
            else:
                marks += 1
        for attr in _R_ATTRS(holder):
            if attr not in rel_ids or (attr.getparent().tag, attr.attrname) not in _REL_OWNERS:
                return None
        if marks != marks_in_headings or doc_prs != doc_pr_end - log.doc_pr \
                or figures != figure_end - log.figure:
            return None
        blobs = Blobs()
        add = blobs.add
        xml_ref = add(xml)
        rels = []
        for kind, rid, target in log.rels:
            if kind == "image":
                blob = self.part.related_parts[rid].blob
                rels.append([kind, rid, str(target), hashlib.sha1(blob).hexdigest(), *add(blob)])
            else:
                rels.append([kind, rid, target])
        return seal(_UNIT_MAGIC, {
            "key": key, "count": len(els), "xml": xml_ref,
            "styles": [[name, self.styles._cache.get(name)] for name in log.styles],
            "numbering": [list(e) for e in log.numbering], "rels": rels,
            "doc_pr": [log.doc_pr, doc_prs], "figure": [log.figure, figures],
            "headings": headings,
        }, blobs.parts)

    def _decode(self, key: str, data: bytes) -> tuple[dict, etree._Element, dict] | None:
        """A cache entry back as (index, holder of the elements, media by rId), or None when it
        is for another key or damaged in any way."""
        entry = unseal(_UNIT_MAGIC, data)
        if entry is None:
            return None
        index, area = entry
        if index["key"] != key:
            return None

        def blob(start, length) -> bytes:
            return cached_blob(area, start, length)

        media = {}
        for rel in index["rels"]:
            if rel[0] == "image":
                _, rid, _path, sha, start, length = rel
                media[rid] = blob(start, length)
                if hashlib.sha1(media[rid]).hexdigest() != sha:
                    return None
            elif rel[0] != "link" or not isinstance(rel[2], str):
                return None
        holder = etree.fromstring(blob(*index["xml"]), _FRAGMENT_PARSER)
        if holder.tag != self.body.tag or len(holder) != index["count"]:
            return None
        for rel_index, k in index["headings"]:
            if not (isinstance(rel_index, int) and isinstance(k, int) and 0 <= k < len(holder)
                    and holder[k].tag == W.p):
                return None
        for entry in index["numbering"]:
            if entry[0] not in ("o", "b"):
                return None
        return index, holder, media

    def _reuse(self, key: str, start: int, data: object) -> bool:
        """Put a module's cached XML into the body, with fresh ids; False (nothing put) when the
        entry cannot be used."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            return False
        try:
            decoded = self._decode(key, bytes(data))
        except Exception:
            return False
        if decoded is None:
            return False
        index, holder, media = decoded
        try:
            # Styles first: a mismatch leaves only unused style copies behind.
            for name, sid in index["styles"]:
                if self.styles.id(name) != sid:
                    return False
            nums: dict[str, str] = {}
            for entry in index["numbering"]:
                if entry[0] == "o":
                    _, level, first, old = entry
                    nums[old] = self.numbering.ordered(level, first)
                else:
                    nums[entry[1]] = self.numbering.bullet
            rids: dict[str, str] = {}
            for rel in index["rels"]:
                if rel[0] == "image":
                    rid, image = self.part.get_or_add_image(io.BytesIO(media[rel[1]]))
                    self._images.setdefault(Path(rel[2]), (rid, int(image.width), int(image.height)))
                else:
                    url = rel[2]
                    rid = self._links.get(url)
                    if rid is None:
                        rid = self._links[url] = self._rids.link(url)
                rids[rel[1]] = rid
            old_pr, n_pr = index["doc_pr"]
            old_fig, n_fig = index["figure"]
            for el in holder.iter(W.numId, W.hyperlink, _BLIP, _DOC_PR, W.instrText):
                tag = el.tag
                if tag == W.numId:
                    el.set(W.val, nums[el.get(W.val)])
                elif tag == W.hyperlink:
                    if el.get(R_ID) is not None:
                        el.set(R_ID, rids[el.get(R_ID)])
                elif tag == _BLIP:
                    el.set(R_EMBED, rids[el.get(R_EMBED)])
                elif tag == _DOC_PR:
                    new = str(self._doc_pr_id + int(el.get("id")) - old_pr)
                    el.set("id", new)
                    el.set("name", f"Picture {new}")
                else:
                    t = _seq_result(el)
                    t.text = str(self._figure + int(t.text) - old_fig)
            self._doc_pr_id += n_pr
            self._figure += n_fig
            for rel_index, k in index["headings"]:
                p = holder[k]
                for mark in [ch for ch in p if ch.tag in (W.bookmarkStart, W.bookmarkEnd)]:
                    p.remove(mark)
                self._heading_marks(p, start + rel_index)
        except Exception:
            return False  # what was added is unused; the module is drawn afresh
        # Copied, not moved, into the body: moving a parsed tree into another document is
        # quadratic in lxml, a copy linear (see _encode).
        for el in holder:
            self.body.append(copy.deepcopy(el))
        return True

    # -- document settings --------------------------------------------------------------------

    def _set_language(self) -> None:
        """Document defaults: language tags for Latin and East Asian text, and an East Asian font."""
        lang = self.doc.language or "en"
        if is_cjk_language(lang):
            latin, east_asian = "en-US", ("zh-CN" if lang.lower() == "zh" else lang)
        else:
            latin, east_asian = lang, "zh-CN"
        styles = self.styles.el
        doc_defaults = styles.find(W.docDefaults)
        if doc_defaults is None:
            doc_defaults = etree.Element(W.docDefaults)
            styles.insert(0, doc_defaults)
        rpr_default = doc_defaults.find(W.rPrDefault)
        if rpr_default is None:
            rpr_default = etree.Element(W.rPrDefault)
            doc_defaults.insert(0, rpr_default)
        rpr = rpr_default.find(W.rPr)
        if rpr is None:
            rpr = _sub(rpr_default, W.rPr)
        fonts = _rpr_child(rpr, W.rFonts)
        if fonts.get(W.eastAsia) is None and fonts.get(W.eastAsiaTheme) is None:
            fonts.set(W.eastAsia, FALLBACK_EA_FONT)
        lang_el = _rpr_child(rpr, W.lang)
        lang_el.set(W.val, latin)
        lang_el.set(W.eastAsia, east_asian)

    def _set_properties(self) -> None:
        props = self.document.core_properties
        props.title = self.doc.title
        props.author = self.doc.author
        props.last_modified_by = self.doc.author or "trainerkit"
        props.language = self.doc.language
        props.revision = 1
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = (datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit()
                else datetime.now(timezone.utc)).replace(microsecond=0, tzinfo=None)
        props.created = when
        props.modified = when

    # -- blocks -------------------------------------------------------------------------------

    def _block(self, parent: etree._Element, block: model.DocBlock, ctx: _Ctx,
               index: int = -1) -> None:
        handler = _HANDLERS.get(type(block))
        if handler is None:
            raise TypeError(f"the docx writer cannot draw a {type(block).__name__}")
        if index >= 0 and isinstance(block, (model.Heading, model.Contents)):
            handler(self, parent, block, ctx, index)
        else:
            handler(self, parent, block, ctx)

    def _blocks(self, parent: etree._Element, blocks: Iterable[model.DocBlock], ctx: _Ctx) -> None:
        for block in blocks:
            self._block(parent, block, ctx)

    def _p(self, parent: etree._Element, style: str | None = None,
           num: tuple[int, str] | None = None, keep: bool | None = None) -> etree._Element:
        """A paragraph; keep True/False sets keep-with-next directly (None: as the style says)."""
        p = _sub(parent, W.p)
        sid = self.styles.id(style) if style and style != "Normal" else None
        brk, self._break_before = self._break_before, False
        if sid or num or keep is not None or brk:
            ppr = _sub(p, W.pPr)
            if sid:
                _val(ppr, W.pStyle, sid)
            if keep is not None:
                _sub(ppr, W.keepNext, None if keep else {W.val: "0"})
            if brk:
                _sub(ppr, W.pageBreakBefore)
            if num:
                num_pr = _sub(ppr, W.numPr)
                _val(num_pr, W.ilvl, num[0])
                _val(num_pr, W.numId, num[1])
        return p

    def _paragraph(self, parent, block: model.Paragraph, ctx: _Ctx) -> None:
        style = "Table Text" if ctx.in_table and ctx.para_style == "Normal" else ctx.para_style
        self._runs(self._p(parent, style, keep=True if id(block) in self._keeps else None),
                   block.text)

    def _heading(self, parent, block: model.Heading, ctx: _Ctx, index: int = -1) -> None:
        level = block.level
        style = "Title" if level <= 0 else f"Heading {min(level, 3)}"
        p = self._p(parent, style)
        self._runs(p, block.text)
        if index >= 0:
            self._heading_marks(p, index)
            if self._log is not None:
                self._log.headings.append((index, p))

    def _heading_marks(self, p: etree._Element, index: int) -> None:
        """The bookmarks of the top-level heading blocks[index]: the ranges of the tables of
        contents that start or end there around the heading's own (which the entries link to)."""
        at = 1 if len(p) and p[0].tag == W.pPr else 0
        for name in self._range_start.get(index, ()):
            self._bookmark_start(p, name, at)
            at += 1
        bookmark = self._heading_bookmark.get(index)
        if bookmark:
            bid = self._bookmark_start(p, bookmark, at)
            _sub(p, W.bookmarkEnd, {W.id: bid})
        for name in self._range_end.get(index, ()):
            _sub(p, W.bookmarkEnd, {W.id: self._range_ids[name]})

    def _bookmark_start(self, p: etree._Element, name: str, at: int) -> str:
        bid = str(self._bookmark_id)
        self._bookmark_id += 1
        p.insert(at, etree.Element(W.bookmarkStart, {W.id: bid, W.name: name}))
        self._range_ids[name] = bid
        return bid

    def _list(self, parent, block: model.BulletList, ctx: _Ctx) -> None:
        active: dict[int, str] = {}  # level -> numbering instance of the ordered run there
        whole = id(block) in self._keeps  # a short task list (a question's choices) stays whole
        last = len(block.items) - 1
        for k, item in enumerate(block.items):
            level = max(0, min(item.level, 8))
            for deeper in [k for k in active if k > level]:
                del active[deeper]
            suffix = "" if level == 0 else f" {min(level + 1, 3)}"
            if item.check is not None:  # a task item: a box to tick instead of a bullet
                active.pop(level, None)
                p = self._p(parent, "Checklist", keep=True if whole and k < last else None)
                if level:
                    ppr = p.find(W.pPr)
                    ppr = ppr if ppr is not None else _sub(p, W.pPr)
                    _sub(ppr, W.ind, {W.left: str(340 + 420 * level), W.hanging: "340"})
                self._run(p, ("☑" if item.check else "☐") + "\t")
                self._runs(p, item.text)
                continue
            if item.ordered:
                if level not in active:
                    active[level] = self.numbering.ordered(level, item.number or 1)
                p = self._p(parent, "List Number" + suffix, (level, active[level]))
            else:
                active.pop(level, None)
                style = "List Bullet" + suffix
                own = self.numbering.defines(self.styles.num_pr(style))
                p = self._p(parent, style, None if own else (level, self.numbering.bullet))
            self._runs(p, item.text)

    def _code(self, parent, block: model.Code, ctx: _Ctx) -> None:
        p = self._p(parent, "Source Code")
        r = _sub(p, W.r)
        self._text(r, block.text.rstrip("\n"))

    def _quote(self, parent, block: model.Quote, ctx: _Ctx) -> None:
        self._blocks(parent, block.blocks, replace(ctx, para_style="Quote"))

    def _page_break(self, parent, block: model.PageBreak, ctx: _Ctx) -> None:
        p = _sub(parent, W.p)
        _sub(_sub(p, W.r), W.br, {W.type: "page"})

    def _cover(self, parent, block: model.Cover, ctx: _Ctx) -> None:
        p = self._p(parent, "Title")
        ppr = p.find(W.pPr)
        if ppr is None:
            ppr = _sub(p, W.pPr)
        _sub(ppr, W.spacing, {W.before: "2880"})
        self._runs(p, model.text_of(block.title))
        for line in block.lines:
            self._runs(self._p(parent, "Subtitle"), line)
        self._page_break(parent, model.PageBreak(), ctx)

    # -- inline text --------------------------------------------------------------------------

    def _runs(self, p: etree._Element, text: model.Text, *, bold: bool = False,
              rstyle: str | None = None) -> None:
        """Spans as runs; spans sharing a link become one hyperlink."""
        i, n = 0, len(text)
        while i < n:
            span = text[i]
            if span.link:
                j = i
                while j < n and text[j].link == span.link:
                    j += 1
                link = self._hyperlink(p, span.link)
                for s in text[i:j]:
                    self._span(link, s, bold, rstyle or "Hyperlink")
                i = j
            else:
                self._span(p, span, bold, rstyle)
                i += 1

    def _span(self, parent, span: model.Span, bold: bool, rstyle: str | None) -> None:
        r = _sub(parent, W.r)
        style = "Verbatim Char" if span.code else rstyle
        sid = self.styles.id(style) if style else None
        if sid or span.bold or bold or span.italic or span.strike:
            rpr = _sub(r, W.rPr)
            if sid:
                _val(rpr, W.rStyle, sid)
            if span.bold or bold:
                _sub(rpr, W.b)
            if span.italic:
                _sub(rpr, W.i)
            if span.strike:
                _sub(rpr, W.strike)
        self._text(r, span.text)

    def _run(self, parent, text: str, *, bold: bool = False, rstyle: str | None = None,
             color: str | None = None) -> etree._Element:
        r = _sub(parent, W.r)
        sid = self.styles.id(rstyle) if rstyle else None
        if sid or bold or color:
            rpr = _sub(r, W.rPr)
            if sid:
                _val(rpr, W.rStyle, sid)
            if bold:
                _sub(rpr, W.b)
            if color:
                _val(rpr, W.color, color)
        self._text(r, text)
        return r

    def _text(self, r: etree._Element, text: str) -> None:
        """Text into a run: "\\n" becomes a line break, "\\t" a tab."""
        for k, line in enumerate(xml_safe(text).split("\n")):
            if k:
                _sub(r, W.br)
            for m, chunk in enumerate(line.split("\t")):
                if m:
                    _sub(r, W.tab)
                if chunk:
                    t = _sub(r, W.t)
                    t.text = chunk
                    if chunk[0] == " " or chunk[-1] == " ":
                        t.set(XML_SPACE, "preserve")

    def _hyperlink(self, p: etree._Element, target: str) -> etree._Element:
        if target.startswith("#"):
            return _sub(p, W.hyperlink, {W.anchor: target[1:], W.history: "1"})
        rid = self._links.get(target)
        if rid is None:
            rid = self._links[target] = self._rids.link(target)
        if self._log is not None:
            self._log.rels.append(("link", rid, target))
        return _sub(p, W.hyperlink, {R_ID: rid, W.history: "1"}, nsmap={"r": R_NS})

    # -- tables -------------------------------------------------------------------------------

    def _new_table(self, parent, widths: list[int], style: str | None, *,
                   first_row: bool = False, borderless: bool = False) -> etree._Element:
        if _last_tag(parent) == W.tbl:
            _sub(parent, W.p)  # two tables in a row would merge into one
        tbl = _sub(parent, W.tbl)
        tpr = _sub(tbl, W.tblPr)
        sid = self.styles.id(style) if style else None
        if sid:
            _val(tpr, W.tblStyle, sid)
        _sub(tpr, W.tblW, {W.w: str(sum(widths)), W.type: "dxa"})
        if borderless:
            b = _sub(tpr, W.tblBorders)
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                _sub(b, getattr(W, side), {W.val: "nil"})
        _sub(tpr, W.tblLayout, {W.type: "fixed"})
        if borderless:
            mar = _sub(tpr, W.tblCellMar)
            _sub(mar, W.left, {W.w: "0", W.type: "dxa"})
            _sub(mar, W.right, {W.w: "227", W.type: "dxa"})
        _sub(tpr, W.tblLook, {W.val: "04A0" if first_row else "0400",
                              W.firstRow: "1" if first_row else "0", W.lastRow: "0",
                              W.firstColumn: "0", W.lastColumn: "0", W.noHBand: "1",
                              W.noVBand: "1"})
        grid = _sub(tbl, W.tblGrid)
        for w in widths:
            _sub(grid, W.gridCol, {W.w: str(w)})
        return tbl

    def _row(self, tbl: etree._Element, header: bool = False) -> etree._Element:
        tr = _sub(tbl, W.tr)
        trpr = _sub(tr, W.trPr)
        _sub(trpr, W.cantSplit)
        if header:
            _sub(trpr, W.tblHeader)
        return tr

    def _cell(self, tr: etree._Element, width: int, fill: str | None = None) -> etree._Element:
        tc = _sub(tr, W.tc)
        tcpr = _sub(tc, W.tcPr)
        _sub(tcpr, W.tcW, {W.w: str(width), W.type: "dxa"})
        if fill:
            _sub(tcpr, W.shd, {W.val: "clear", W.color: "auto", W.fill: fill})
        return tc

    @staticmethod
    def _end_cell(tc: etree._Element) -> None:
        """A cell ends with a paragraph; after a table, one a point high, not a blank line."""
        last = _last_tag(tc)
        if last == W.tbl:
            _spacer(tc, 20)
        elif last != W.p:
            _sub(tc, W.p)

    def _widths(self, width: int, columns: list[list[str]]) -> list[int]:
        """Column widths in proportion to their longest text, within bounds."""
        weights = [min(max(max((_display_len(s) for s in col), default=0), 6), 50)
                   for col in columns]
        total = sum(weights) or 1
        widths = [width * w // total for w in weights]
        widths[-1] += width - sum(widths)
        return widths

    def _text_cell(self, tr, width: int, text: model.Text, *, align: str | None = None,
                   fill: str | None = None, rstyle: str | None = None,
                   bold: bool = False, keep: bool = False) -> etree._Element:
        """A cell with one paragraph; keep: keep it with the next row, so a short table stays
        on one page (Word's own way; the last row has no keep)."""
        tc = self._cell(tr, width, fill)
        p = self._p(tc, "Table Text", keep=keep)
        if align in ("center", "right"):
            ppr = p.find(W.pPr)
            if ppr is None:
                ppr = _sub(p, W.pPr)
            _val(ppr, W.jc, align)
        self._runs(p, text, bold=bold, rstyle=rstyle)
        return tc

    def _table(self, parent, block: model.Table, ctx: _Ctx) -> None:
        ncols = max([len(block.header)] + [len(r) for r in block.rows] + [1])
        columns = [[model.plain(row[c]) if c < len(row) else ""
                    for row in ((block.header,) if block.header else ()) + block.rows]
                   for c in range(ncols)]
        widths = self._widths(ctx.width, columns)
        tbl = self._new_table(parent, widths, "trainerkit Table", first_row=bool(block.header))
        align = list(block.align) + [None] * ncols
        rows = ((block.header,) if block.header else ()) + block.rows
        for k, cells in enumerate(rows):
            tr = self._row(tbl, header=(k == 0 and bool(block.header)))
            keep = _keep(k, len(rows))
            for c in range(ncols):
                self._text_cell(tr, widths[c], cells[c] if c < len(cells) else (), align=align[c],
                                keep=keep)

    def _columns(self, parent, block: model.Columns, ctx: _Ctx) -> None:
        n = max(1, len(block.columns))
        widths = [ctx.width // n] * n
        tbl = self._new_table(parent, widths, None, borderless=True)
        tr = _sub(tbl, W.tr)
        for c, blocks in enumerate(block.columns):
            tc = self._cell(tr, widths[c])
            self._blocks(tc, blocks, replace(ctx, width=widths[c] - 227))
            self._end_cell(tc)

    def _box(self, parent, ctx: _Ctx, style: str,
             blocks: Iterable = ()) -> tuple[etree._Element, _Ctx]:
        """A one-cell table drawn by a box style: returns the cell and how to draw inside it.
        A short box is not split over two pages (a long one must be, or it would be cut off)."""
        tbl = self._new_table(parent, [ctx.width], style)
        tr = _sub(tbl, W.tr)
        if _size(blocks) <= SHORT_BOX:
            _sub(_sub(tr, W.trPr), W.cantSplit)
        tc = self._cell(tr, ctx.width)
        return tc, replace(ctx, width=ctx.width - 340, para_style="Normal", in_table=False)

    # -- pictures -----------------------------------------------------------------------------

    def _picture(self, parent, block: model.Image, ctx: _Ctx) -> None:
        rid, cx, cy = self._image_part(block)
        avail = ctx.width * EMU_PER_TWIP
        if block.width:
            scale = avail * min(block.width, 1.0) / cx
        else:
            scale = min(1.0, avail / cx)
        cx, cy = int(cx * scale), int(cy * scale)
        p = self._p(parent, "Figure")
        drawing = _sub(_sub(p, W.r), W.drawing)
        self._inline(drawing, rid, cx, cy, block.path.name, block.alt)
        if block.alt:
            self._caption(parent, block.alt)

    def _image_part(self, block: model.Image) -> tuple[str, int, int]:
        cached = self._images.get(block.path)
        if cached is None:
            try:
                rid, image = self.part.get_or_add_image(str(block.path))
            except Exception as e:  # python-docx raises several kinds for unreadable images
                raise TrainerkitError(Diagnostic(
                    block.loc, "error",
                    f"cannot put image {block.path} in the document ({type(e).__name__}: {e}); "
                    "use a PNG, JPEG, GIF or BMP file")) from e
            cached = self._images[block.path] = (rid, int(image.width), int(image.height))
        if self._log is not None:
            self._log.rels.append(("image", cached[0], block.path))
        return cached

    def _inline(self, drawing, rid: str, cx: int, cy: int, name: str, descr: str) -> None:
        wp = f"{{{WP_NS}}}"
        a = f"{{{A_NS}}}"
        pic = f"{{{PIC_NS}}}"
        doc_pr = str(self._doc_pr_id)
        self._doc_pr_id += 1
        inline = _sub(drawing, wp + "inline", {"distT": "0", "distB": "0", "distL": "0",
                                               "distR": "0"}, nsmap={"wp": WP_NS})
        _sub(inline, wp + "extent", {"cx": str(cx), "cy": str(cy)})
        _sub(inline, wp + "effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"})
        _sub(inline, wp + "docPr", {"id": doc_pr, "name": f"Picture {doc_pr}",
                                    "descr": xml_safe(descr)})
        frame = _sub(inline, wp + "cNvGraphicFramePr")
        _sub(frame, a + "graphicFrameLocks", {"noChangeAspect": "1"}, nsmap={"a": A_NS})
        graphic = _sub(inline, a + "graphic", nsmap={"a": A_NS})
        data = _sub(graphic, a + "graphicData", {"uri": PIC_NS})
        p = _sub(data, pic + "pic", nsmap={"pic": PIC_NS})
        nv = _sub(p, pic + "nvPicPr")
        _sub(nv, pic + "cNvPr", {"id": "0", "name": xml_safe(name), "descr": xml_safe(descr)})
        _sub(nv, pic + "cNvPicPr")
        fill = _sub(p, pic + "blipFill")
        _sub(fill, a + "blip", {R_EMBED: rid}, nsmap={"r": R_NS})
        _sub(_sub(fill, a + "stretch"), a + "fillRect")
        sp = _sub(p, pic + "spPr")
        xfrm = _sub(sp, a + "xfrm")
        _sub(xfrm, a + "off", {"x": "0", "y": "0"})
        _sub(xfrm, a + "ext", {"cx": str(cx), "cy": str(cy)})
        _sub(_sub(sp, a + "prstGeom", {"prst": "rect"}), a + "avLst")

    def _caption(self, parent, alt: str) -> None:
        """'Figure N: alt', the number a SEQ field so that Word can list and renumber figures."""
        self._figure += 1
        p = self._p(parent, "Caption")
        label = self.labels.get("figure", "Figure")
        self._run(p, label + " ")
        self._field(p, " SEQ Figure \\* ARABIC ", str(self._figure))
        self._run(p, self._sep() + alt)

    def _field(self, p, instr: str, result: str) -> None:
        _sub(_sub(p, W.r), W.fldChar, {W.fldCharType: "begin"})
        t = _sub(_sub(p, W.r), W.instrText, {XML_SPACE: "preserve"})
        t.text = instr
        _sub(_sub(p, W.r), W.fldChar, {W.fldCharType: "separate"})
        self._run(p, result)
        _sub(_sub(p, W.r), W.fldChar, {W.fldCharType: "end"})

    # -- table of contents --------------------------------------------------------------------

    def _plan_contents(self) -> None:
        """Bookmark the headings each Contents lists, so its entries can link to them."""
        blocks = self.doc.blocks
        n = 0
        for k, block in enumerate(blocks):
            if not isinstance(block, model.Contents):
                continue
            entries = []
            for j in range(k + 1, len(blocks)):
                h = blocks[j]
                if isinstance(h, model.Heading) and h.level <= block.depth:
                    if j not in self._heading_bookmark:
                        n += 1
                        self._heading_bookmark[j] = f"_Toc{100000000 + n}"
                    entries.append((h.level, model.plain(h.text), self._heading_bookmark[j]))
                    last = j
            range_name = f"_TocRange{len(self._toc_entries) + 1}"
            if entries:
                first = next(j for j in range(k + 1, len(blocks))
                             if isinstance(blocks[j], model.Heading)
                             and blocks[j].level <= block.depth)
                self._range_start.setdefault(first, []).append(range_name)
                self._range_end.setdefault(last, []).append(range_name)
            self._toc_entries[k] = (range_name if entries else "", entries)

    def _contents(self, parent, block: model.Contents, ctx: _Ctx, index: int = -1) -> None:
        self._runs(self._p(parent, "TOC Heading"), model.text_of(block.title))
        range_name, entries = self._toc_entries.get(index, ("", []))
        depth = max(1, block.depth)
        bookmark = f'\\b {range_name} ' if range_name else ""
        if any(level <= 0 for level, _, _ in entries):
            names = ["Title,1"] + [f"Heading {k},{k + 1}" for k in range(1, depth + 1)]
            instr = f' TOC {bookmark}\\h \\z \\t "{",".join(names)}" '
            shift = 1
        else:
            instr = f' TOC {bookmark}\\o "1-{depth}" \\h \\z \\u '
            shift = 0
        if not entries:
            p = self._p(parent, "TOC 1")
            self._field_start(p, instr)
            _sub(_sub(p, W.r), W.fldChar, {W.fldCharType: "end"})
            return
        for k, (level, text, anchor) in enumerate(entries):
            p = self._p(parent, f"TOC {min(level + 1 if shift else max(level, 1), 9)}")
            if k == 0:
                self._field_start(p, instr)
            link = _sub(p, W.hyperlink, {W.anchor: anchor, W.history: "1"})
            self._run(link, text)
            if k == len(entries) - 1:
                _sub(_sub(p, W.r), W.fldChar, {W.fldCharType: "end"})

    def _field_start(self, p, instr: str) -> None:
        _sub(_sub(p, W.r), W.fldChar, {W.fldCharType: "begin"})
        t = _sub(_sub(p, W.r), W.instrText, {XML_SPACE: "preserve"})
        t.text = instr
        _sub(_sub(p, W.r), W.fldChar, {W.fldCharType: "separate"})

    # -- cards and writing lines ----------------------------------------------------------

    def _writing_lines(self, parent, block: model.WritingLines, ctx: _Ctx) -> None:
        """Ruled lines: a one-column table with only horizontal rules, rows of fixed height,
        kept on one page (rows that cannot split, each keeping with the next, Word's way)."""
        tbl = self._new_table(parent, [ctx.width], None, borderless=True)
        borders = tbl.find(f"{W.tblPr}/{W.tblBorders}")
        for side in (W.bottom, W.insideH):
            el = borders.find(side)
            el.set(W.val, "single")
            el.set(W.sz, "4")
            el.set(W.space, "0")
            el.set(W.color, "A6A6A6")
        count = max(1, block.count)
        for k in range(count):
            tr = _sub(tbl, W.tr)
            trpr = _sub(tr, W.trPr)
            _sub(trpr, W.cantSplit)
            _sub(trpr, W.trHeight, {W.val: str(WRITING_LINE), W.hRule: "exact"})
            self._p(self._cell(tr, ctx.width), "Table Text", keep=k < count - 1)
        # Some air before what follows (the next question). It also matters to LibreOffice: a
        # paragraph that keeps with the next right after a table is not moved with its chain.
        _spacer(parent, 20 if parent.tag == W.tc else 160)

    def _card_sheet(self, parent, block: model.CardSheet, ctx: _Ctx) -> None:
        """Cards to cut apart: `across` per row, dashed cut lines, a card never split."""
        across = max(1, block.across)
        widths = [ctx.width // across] * across
        widths[-1] += ctx.width - sum(widths)
        tbl = self._new_table(parent, widths, "Card Sheet")
        cards = list(block.cards)
        for start in range(0, len(cards), across):
            tr = self._row(tbl)
            for c in range(across):
                tc = self._cell(tr, widths[c])
                if start + c < len(cards):
                    self._card(tc, cards[start + c], replace(ctx, width=widths[c] - 340,
                                                             para_style="Card Text", in_table=False))
                else:
                    self._filler_cell(tc, c)
                self._end_cell(tc)

    def _filler_cell(self, tc: etree._Element, column: int) -> None:
        """The empty slot after the last card: no cut lines around it. The card to its left and
        the card above it get their own edge there, so that theirs stays drawn (Word resolves a
        shared edge in favour of the visible border, LibreOffice draws each cell's own)."""
        _set_borders(tc, {side: None for side in ("top", "left", "bottom", "right")})
        left = tc.getprevious()
        if left is not None and left.tag == W.tc:
            _set_borders(left, {"right": self._sheet_border("insideV")})
        above_row = tc.getparent().getprevious()
        if above_row is not None and above_row.tag == W.tr:
            above = above_row.findall(W.tc)
            if column < len(above):
                _set_borders(above[column], {"bottom": self._sheet_border("insideH")})

    def _sheet_border(self, side: str) -> dict[str, str]:
        """A border between two cards, as the Card Sheet style draws it."""
        style = self.styles.element("Card Sheet")
        el = style.find(f"{W.tblPr}/{W.tblBorders}/{getattr(W, side)}") if style is not None else None
        if el is None or el.get(W.val) in (None, "nil", "none"):
            return {"val": "dashed", "sz": "6", "space": "0", "color": "7F7F7F"}
        return {etree.QName(k).localname: v for k, v in el.attrib.items()}

    def _card(self, tc, card: model.Card, ctx: _Ctx) -> None:
        if card.header:
            self._run(self._p(tc, "Box Label", keep=False), card.header)
        p = self._p(tc, "Block Title", keep=False)
        _sub(p.find(W.pPr), W.spacing, {W.before: "0"})
        self._run(p, card.title, color=ROLE_COLORS.get(card.role))
        blocks = list(card.blocks)
        # A card made of one titled block (a shortcuts table) does not repeat its title.
        if blocks and getattr(blocks[0], "title", None) == card.title:
            blocks[0] = replace(blocks[0], title="")
        self._blocks(tc, blocks, ctx)

    # -- asides and call-centre blocks ------------------------------------------------------

    def _aside(self, parent, block: model.Aside, ctx: _Ctx) -> None:
        style, label_key, color = {
            "notes": ("Note Box", "notes", None),
            "trainer": ("Trainer Box", "trainer", "C55A11"),
            "handout": ("Card Box", "handout_only", None),
        }.get(block.kind, ("Card Box", None, None))
        tc, inner = self._box(parent, ctx, style, block.blocks)
        if label_key:
            label = self.labels.get(label_key, label_key.replace("_only", "").capitalize())
            p = self._p(tc, "Box Label", keep=False)  # see _title
            self._run(p, label, color=color)
        self._blocks(tc, block.blocks, inner)
        self._end_cell(tc)

    def _title(self, parent, title: str, *, first: bool = False) -> None:
        """The bold lead line of a call-centre block."""
        if not title:
            return
        # First in a box: LibreOffice keeps a whole table with what follows when its first
        # paragraph keeps with the next, so that keep is switched off there.
        p = self._p(parent, "Block Title", keep=False if first else None)
        if first:
            _sub(p.find(W.pPr), W.spacing, {W.before: "0"})
        self._run(p, title)

    def _sep(self) -> str:
        return self.labels.get("colon", "：" if self.zh else ": ")

    def _script(self, parent, block: model.Script, ctx: _Ctx) -> None:
        self._title(parent, block.title)
        widths = self._widths(ctx.width, [[t.speaker for t in block.turns] + ["x" * 8],
                                          ["x" * 50]])
        tbl = self._new_table(parent, widths, "trainerkit Table")
        verbatim = self.labels.get("verbatim", "verbatim")
        for k, turn in enumerate(block.turns):
            tr = self._row(tbl)
            fill = "FBE9E7" if turn.verbatim else None
            keep = _keep(k, len(block.turns))
            tc = self._text_cell(tr, widths[0], model.text_of(turn.speaker), bold=True, fill=fill,
                                 keep=keep)
            if turn.verbatim:
                p = tc[-1]
                _sub(_sub(p, W.r), W.br)
                self._run(p, verbatim, rstyle="Compliance")
            self._text_cell(tr, widths[1], turn.text, fill=fill, keep=keep)

    def _phrases(self, parent, block: model.Phrases, ctx: _Ctx) -> None:
        self._title(parent, block.title)
        half = ctx.width // 2
        widths = [half, ctx.width - half]
        tbl = self._new_table(parent, widths, "trainerkit Table", first_row=True)
        tr = self._row(tbl, header=True)
        n = len(block.pairs) + 1
        keep = _keep(0, n)
        self._text_cell(tr, widths[0], model.text_of("✗ " + self.labels.get("avoid", "Avoid")),
                        keep=keep)
        self._text_cell(tr, widths[1], model.text_of("✓ " + self.labels.get("say", "Say instead")),
                        keep=keep)
        for k, pair in enumerate(block.pairs, start=1):
            tr = self._row(tbl)
            keep = _keep(k, n)
            self._text_cell(tr, widths[0], pair.avoid, fill="FBE9E7", keep=keep)
            self._text_cell(tr, widths[1], pair.say, fill="EAF4E4", keep=keep)

    def _model(self, parent, block: model.Model, ctx: _Ctx) -> None:
        self._title(parent, block.title)
        num = self.numbering.ordered(0, 1)
        for step in block.steps:
            p = self._p(parent, "List Number", (0, num))
            if step.label:
                self._run(p, step.label, bold=True)
                if step.text:
                    self._run(p, " ")
            self._runs(p, step.text)

    def _shortcuts(self, parent, block: model.Shortcuts, ctx: _Ctx) -> None:
        self._title(parent, block.title)
        widths = self._widths(ctx.width, [[s.keys for s in block.items],
                                          [model.plain(s.action) for s in block.items]])
        tbl = self._new_table(parent, widths, "trainerkit Table")
        for k, item in enumerate(block.items):
            tr = self._row(tbl)
            keep = _keep(k, len(block.items))
            self._text_cell(tr, widths[0], model.text_of(item.keys), rstyle="Verbatim Char",
                            keep=keep)
            self._text_cell(tr, widths[1], item.action, keep=keep)

    def _kb(self, parent, block: model.KB, ctx: _Ctx) -> None:
        tc, inner = self._box(parent, ctx, "Card Box", block.blocks)
        self._title(tc, block.title, first=True)
        self._blocks(tc, block.blocks, inner)
        self._end_cell(tc)

    def _roleplay(self, parent, block: model.Roleplay, ctx: _Ctx) -> None:
        tc, inner = self._box(parent, ctx, "Card Box", (block,))
        self._title(tc, block.title, first=True)
        lab = self.labels.get
        time = f"{block.time} {lab('minutes', 'min')}" if block.time is not None else ""
        for key, default, value in (("situation", "Situation", block.situation),
                                    ("customer", "Customer", block.customer),
                                    ("brief", "Your brief", block.agent),
                                    ("goal", "Goal", block.goal),
                                    ("time", "Time", time)):
            if value:
                p = self._p(tc, "Normal")
                self._run(p, lab(key, default) + self._sep(), bold=True)
                self._run(p, value)
        if block.observe:
            self._run(self._p(tc, "Box Label"), lab("observe", "Observe"))
            for item in block.observe:
                self._run(self._p(tc, "Checklist"), "☐\t" + item)
        self._end_cell(tc)


class _RIds:
    """The rIds of the links a part gets, from a running counter. python-docx's relate_to looks
    through every relationship of the part for one to reuse and again for the lowest free rId,
    so each new link cost as much as all before it: 15,000 distinct links in one document took
    over a minute. The writer keeps its own URL -> rId dict (_Writer._links) and asks here only
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


def _short(text: str, n: int = 200) -> str:
    """A message from a library, on one line and short enough to read."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


class _UnitLog:
    """What a module being drawn shares with the rest of the document, recorded for its cache
    entry: style names asked for, numbering instances made or used, relationships used (in the
    order asked), its top-level headings (block index, paragraph), and the drawing id and figure
    number it started from."""

    def __init__(self, doc_pr: int, figure: int):
        self.styles: dict[str, None] = {}
        self.numbering: list[tuple] = []
        self.rels: list[tuple[str, str, object]] = []
        self.headings: list[tuple[int, etree._Element]] = []
        self.doc_pr = doc_pr
        self.figure = figure


class UnitCache:
    """Where render_document keeps rendered modules between builds."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


_UNIT_MAGIC = b"trainerkit docx module\n"
_UNIT_FORMAT = "1"
_DOC_PR = f"{{{WP_NS}}}docPr"
_BLIP = f"{{{A_NS}}}blip"
_SEQ_FIGURE = " SEQ Figure \\* ARABIC "
_R_ATTRS = etree.XPath(f".//@*[namespace-uri() = '{R_NS}']", smart_strings=True)
_REL_OWNERS = {(W.hyperlink, R_ID), (_BLIP, R_EMBED)}
_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)


def _module_starts(blocks: tuple) -> set[int]:
    """Where modules start: a PageBreak followed by a Heading of level 0."""
    return {k for k in range(len(blocks) - 1)
            if isinstance(blocks[k], model.PageBreak) and isinstance(blocks[k + 1], model.Heading)
            and blocks[k + 1].level == 0}


def _images_in(value) -> Iterable[model.Image]:
    """Every picture in some blocks, however deeply nested (cards, columns, boxes)."""
    if isinstance(value, model.Image):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _images_in(item)
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, model.Span):
        for name in value.__dataclass_fields__:
            yield from _images_in(getattr(value, name))


def _seq_result(instr: etree._Element) -> etree._Element | None:
    """The w:t holding a caption's figure number, from its field instruction (None: not one)."""
    if instr.text != _SEQ_FIGURE:
        return None
    run = instr.getparent()
    result = run.getnext().getnext() if run.getnext() is not None else None
    t = result.find(W.t) if result is not None else None
    return t if t is not None and (t.text or "").isdigit() else None


@lru_cache(maxsize=None)
def _source_digest() -> str:
    """The writer's own code: a changed writer never reuses modules an older one drew."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _size(blocks: Iterable) -> int:
    """A rough size of some blocks in characters, lines counted as 40: enough to tell a short
    box from one that may need more than a page."""
    total = 0
    for b in blocks:
        if isinstance(b, (model.Paragraph, model.Heading)):
            total += 40 + len(model.plain(b.text))
        elif isinstance(b, model.BulletList):
            total += sum(40 + len(model.plain(i.text)) for i in b.items)
        elif isinstance(b, model.Code):
            total += 40 * (b.text.count("\n") + 1)
        elif isinstance(b, model.Table):
            total += 60 * (len(b.rows) + 1)
        elif isinstance(b, (model.Aside, model.Quote, model.KB)):
            total += 40 + _size(b.blocks)
        elif isinstance(b, model.Columns):
            total += max((_size(c) for c in b.columns), default=0)
        elif isinstance(b, model.Roleplay):
            total += 300 + 40 * len(b.observe)
        else:  # pictures, scripts, ...: assume big
            total += 600
    return total


_TCPR_ORDER = [W.__getattr__(t) for t in (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark").split()]


def _set_borders(tc: etree._Element, sides: dict[str, dict[str, str] | None]) -> None:
    """Set some of a cell's own borders (None: no border), in schema order."""
    tcpr = tc.find(W.tcPr)
    borders = tcpr.find(W.tcBorders)
    if borders is None:
        borders = etree.Element(W.tcBorders)
        rank = _TCPR_ORDER.index(W.tcBorders)
        later = [ch for ch in tcpr if ch.tag in _TCPR_ORDER and _TCPR_ORDER.index(ch.tag) > rank]
        if later:
            later[0].addprevious(borders)
        else:
            tcpr.append(borders)
    order = ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV")
    for side, attrs in sides.items():
        old = borders.find(getattr(W, side))
        if old is not None:
            borders.remove(old)
        el = etree.Element(getattr(W, side))
        for k, v in (attrs or {"val": "nil"}).items():
            el.set(getattr(W, k), v)
        rank = order.index(side)
        later = [ch for ch in borders if order.index(etree.QName(ch).localname) > rank]
        if later:
            later[0].addprevious(el)
        else:
            borders.append(el)


_QUESTION_NUMBER = re.compile(r"\d+\.\s*$")


def _answer_area(block) -> bool:
    """Choices to tick (a task list) or lines to write on: what a question's stem leads into."""
    return isinstance(block, model.WritingLines) or (
        isinstance(block, model.BulletList) and bool(block.items)
        and all(i.check is not None for i in block.items))


def _plan_keeps(blocks: tuple, questions: bool) -> set[int]:
    """Ids of top-level blocks to keep with what follows: the paragraph that leads into choices
    or writing lines, and short task lists (each item but the last keeps with the next). In a
    quiz paper or key (questions), the lead is the whole stem, back to the paragraph that opens
    with the question's bold number ("7. "), six paragraphs at most."""
    keeps: set[int] = set()
    for i, block in enumerate(blocks):
        if _answer_area(block) and isinstance(block, model.BulletList) \
                and len(block.items) <= KEEP_TOGETHER_ROWS:
            keeps.add(id(block))
        if i + 1 < len(blocks) and _answer_area(blocks[i + 1]):
            j = i
            while j >= max(0, i - 5) and isinstance(blocks[j], model.Paragraph):
                keeps.add(id(blocks[j]))
                if not questions or _numbered(blocks[j]):
                    break
                j -= 1
            if questions and j >= 0 and _numbered(blocks[j]):
                # A part's description right under its heading stays with its first question.
                intro = []
                k = j - 1
                while k >= max(0, j - 2) and isinstance(blocks[k], model.Paragraph) \
                        and not _numbered(blocks[k]):
                    intro.append(blocks[k])
                    k -= 1
                if intro and k >= 0 and isinstance(blocks[k], model.Heading):
                    keeps.update(id(b) for b in intro)
    return keeps


def _numbered(block) -> bool:
    """Whether a paragraph opens a question: its first span the bold number, "7. "."""
    first = block.text[0] if isinstance(block, model.Paragraph) and block.text else None
    return first is not None and first.bold and bool(_QUESTION_NUMBER.fullmatch(first.text))


def _spacer(parent: etree._Element, height: int) -> etree._Element:
    """An empty paragraph exactly `height` twips high."""
    p = _sub(parent, W.p)
    ppr = _sub(p, W.pPr)
    _sub(ppr, W.spacing, {W.before: "0", W.after: "0", W.line: str(height), W.lineRule: "exact"})
    rpr = _sub(ppr, W.rPr)
    _val(rpr, W.sz, 2)
    _val(rpr, W.szCs, 2)
    return p


def _keep(row: int, rows: int) -> bool:
    """Whether row `row` of a table of `rows` rows keeps with the next: short tables stay whole."""
    return rows <= KEEP_TOGETHER_ROWS and row < rows - 1


def _last_tag(el: etree._Element) -> str | None:
    """The tag of the last child (lxml's len() walks every child: avoid it on the body)."""
    try:
        return el[-1].tag
    except IndexError:
        return None


def _rpr_child(rpr: etree._Element, tag: str) -> etree._Element:
    """The child `tag` of a w:rPr, created in schema order if missing."""
    el = rpr.find(tag)
    if el is not None:
        return el
    el = etree.Element(tag)
    rank = _RPR_ORDER.index(tag)
    for k, child in enumerate(rpr):
        if child.tag in _RPR_ORDER and _RPR_ORDER.index(child.tag) > rank:
            child.addprevious(el)
            return el
    rpr.append(el)
    return el


_HANDLERS: dict[type, Callable] = {
    model.Paragraph: _Writer._paragraph,
    model.Heading: _Writer._heading,
    model.BulletList: _Writer._list,
    model.Table: _Writer._table,
    model.Image: _Writer._picture,
    model.Code: _Writer._code,
    model.Quote: _Writer._quote,
    model.Columns: _Writer._columns,
    model.Aside: _Writer._aside,
    model.Script: _Writer._script,
    model.Phrases: _Writer._phrases,
    model.Model: _Writer._model,
    model.Shortcuts: _Writer._shortcuts,
    model.KB: _Writer._kb,
    model.Roleplay: _Writer._roleplay,
    model.PageBreak: _Writer._page_break,
    model.Contents: _Writer._contents,
    model.Cover: _Writer._cover,
    model.WritingLines: _Writer._writing_lines,
    model.CardSheet: _Writer._card_sheet,
    # A ```quiz block is source for the quiz parser: the quiz outputs show it, documents do not.
    model.QuizSource: lambda self, parent, block, ctx: None,
}
