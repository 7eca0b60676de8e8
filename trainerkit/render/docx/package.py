"""The package around the body: opening the reference document (python-docx: parts,
relationships), its page's text width and the ids its headers and footers already use, the
document's language settings and properties, and the .docx zip written at the end."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart
from lxml import etree

from ... import model
from ...dates import time_of
from ...errors import Diagnostic, Location, TrainerkitError
from ...messages import _
from ...reference import strip_external
from ...text import default_ea_font, is_cjk_language
from .builtin import builtin_part
from .numbering import Numbering
from .styles import Styles
from .wml import DOC_PR, R_NS, W, W_NS, add, last_tag

DEFAULT_TEXT_WIDTH = 9638  # twips: A4 with 2 cm margins
DEFAULT_TEXT_HEIGHT = 14570
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# The parts every document of Word's has, by relationship type: where the built-in keeps each,
# and the name and content type it gets when a course's reference lacks it.
REQUIRED_PARTS = (
    (RT.THEME, "word/theme/theme1.xml", "/word/theme/theme%d.xml", CT.OFC_THEME),
    (RT.SETTINGS, "word/settings.xml", "/word/settings%d.xml", CT.WML_SETTINGS),
    (RT.FONT_TABLE, "word/fontTable.xml", "/word/fontTable%d.xml", CT.WML_FONT_TABLE),
)
_EMPTY_NUMBERING = f'<w:numbering xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>'


class Package:
    """A reference document opened for writing: its body emptied (the section properties kept
    for the end), its styles and numbering ready, its text width and first free ids known."""

    def __init__(self, ref: Path):
        try:
            self.document: Any = docx.Document(str(ref))
            self.part = self.document.part
            # A theme's links to the outside never reach the document (load.py warned about them).
            strip_external(self.part.package)
            complete_parts(self.part)
            body = self.document.element.body
            self.sect_pr = body.find(W.sectPr)
            for el in list(body):
                body.remove(el)
            self.body: etree._Element = body
            self.styles = Styles(self.document.styles.element)
            self.numbering = Numbering(self._numbering_part().element, self.styles.el)
            self.text_width = self._text_width()
            self.text_height = self._text_height()
            self.doc_pr_id, self.bookmark_id = self._first_free_ids()
        except Exception as e:  # not silent: every failure becomes the located error below
            # A course's reference document is the trainer's to fix, however it is broken:
            # damaged data (zlib.error, BadZipFile), XML that does not parse, parts missing. The
            # exception itself is not passed on: lxml's cannot cross from a worker process.
            raise TrainerkitError(Diagnostic(
                Location.of(ref), "error",
                _("cannot open this reference document ({kind}: {problem}); save it again from "
                  "Word as .docx", kind=type(e).__name__, problem=_short(str(e))))) from None

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

    def _text_height(self) -> int:
        """The page's height inside its top and bottom margins (twips)."""
        sp = self.sect_pr
        if sp is None:
            return DEFAULT_TEXT_HEIGHT
        pg_sz, pg_mar = sp.find(W.pgSz), sp.find(W.pgMar)
        try:
            height = int(pg_sz.get(W.h))
            if pg_sz.get(W.orient) == "landscape" and pg_sz.get(W.w):
                height = min(height, int(pg_sz.get(W.w)))
            return height - abs(int(pg_mar.get(W.top))) - abs(int(pg_mar.get(W.bottom)))
        except (AttributeError, TypeError, ValueError):
            return DEFAULT_TEXT_HEIGHT

    def _first_free_ids(self) -> tuple[int, int]:
        """Drawing and bookmark ids must be unique in the whole document, headers included."""
        doc_pr, bookmark = 0, 0
        for rel in self.part.rels.values():
            if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
                continue
            root = rel.target_part.element
            for el in root.iter(DOC_PR):
                doc_pr = max(doc_pr, int(el.get("id", "0")))
            for el in root.iter(W.bookmarkStart):
                bookmark = max(bookmark, int(el.get(W.id, "0")))
        return doc_pr + 1, bookmark + 1

    def finish(self, doc: model.Document) -> bytes:
        """The body closed (a last paragraph, the section properties), the language and
        properties set, and the .docx bytes."""
        if last_tag(self.body) in (None, W.tbl):
            add(self.body, W.p)
        if self.sect_pr is not None:
            self.body.append(self.sect_pr)
        set_language(self.styles, doc.language)
        set_properties(self.document.core_properties, doc)
        out = io.BytesIO()
        self.document.save(out)
        return fixed_zip_times(out.getvalue())


def complete_parts(part: Any) -> None:
    """The parts Word expects, as its own documents have them: a theme, settings and a font
    table (the built-in's where the reference has none; its theme so that theme fonts
    resolve), and no stylesWithEffects.

    stylesWithEffects.xml is Word 2010's second copy of styles.xml (the Open XML SDK marks it
    "only available in Office2010"; Word 2013 and later no longer write it and read styles.xml).
    Word checks the two agree and offers to repair the file when they do not, and the writer adds
    styles and sets document defaults in styles.xml: dropping the optional copy, as Word itself
    does when it saves, keeps one truth instead of two to keep in step."""
    for rid, rel in list(part.rels.items()):
        if not rel.is_external and rel.reltype == STYLES_WITH_EFFECTS:
            del part.rels[rid]
    present = {rel.reltype for rel in part.rels.values() if not rel.is_external}
    for reltype, member, names, content_type in REQUIRED_PARTS:
        if reltype not in present:
            name = part.package.next_partname(names)
            part.relate_to(Part(name, content_type, builtin_part(member), part.package), reltype)


def set_language(styles: Styles, language: str) -> None:
    """Document defaults: language tags for Latin and East Asian text, and an East Asian font."""
    lang = language or "en"
    if is_cjk_language(lang):
        latin, east_asian = "en-US", ("zh-CN" if lang.lower() == "zh" else lang)
    else:
        latin, east_asian = lang, "zh-CN"
    styles.set_language(latin, east_asian, default_ea_font(east_asian))


def set_properties(props: Any, doc: model.Document) -> None:
    """Title, author, language and dates: the build's time (dates.py: fixed by --date or
    SOURCE_DATE_EPOCH, for a build that can be repeated byte for byte, else now)."""
    props.title = doc.title
    props.author = doc.author
    props.last_modified_by = doc.author or "trainerkit"
    props.language = doc.language
    props.revision = 1
    props.created = props.modified = time_of(doc.fixed_time)


_ZIP_DATE = (1 << 5) | 1  # 1980-01-01, 00:00, in the zip's DOS time and date fields


def fixed_zip_times(data: bytes) -> bytes:
    """A zip with every member's time set to 1980-01-01 00:00 (python-docx writes the time of
    writing), so the same document gives the same bytes, as the deck's zip does. The local
    headers and the central directory are patched where they stand; a zip this does not
    read as expected (ZIP64) is returned as it was."""
    end = data.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(data):
        return data
    count, _size, start = struct.unpack_from("<HII", data, end + 10)
    out = bytearray(data)
    pos = start
    for _member in range(count):
        if data[pos:pos + 4] != b"PK\x01\x02":
            return data
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        (local,) = struct.unpack_from("<I", data, pos + 42)
        if data[local:local + 4] != b"PK\x03\x04":
            return data
        struct.pack_into("<HH", out, pos + 12, 0, _ZIP_DATE)
        struct.pack_into("<HH", out, local + 10, 0, _ZIP_DATE)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(out)


def _short(text: str, n: int = 200) -> str:
    """A message from a library, on one line and short enough to read."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."
