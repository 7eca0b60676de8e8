"""A course's reference deck and document (theme: pptx, docx) are untrusted zip files (issue 10).

check_reference judges the zip from its directory first, as pictures are checked from their
header only (parse/module.py: picture_problem), so a zip bomb is refused before a byte of it is
decompressed; XML parts, which python-pptx and python-docx parse into trees many times their size,
have lower limits than pictures and fonts. Only then is every part unpacked, a chunk at a time and
nothing kept but the small relationship parts, so that damaged data is a located error here rather
than a zlib.error deep inside python-pptx or python-docx. strip_external removes a theme's links to
the outside (TargetMode="External": http://, \\\\server\\share), which Office would fetch when the
output opens; both writers call it on the reference package before they add anything.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from pathlib import Path

from . import limits
from .errors import Diagnostics, Location
from .messages import Msg, _

_EXTERNAL = re.compile(rb"<Relationship\b[^>]*\bTargetMode\s*=\s*[\"']External[\"'][^>]*>", re.I)
_TARGET = re.compile(rb"\bTarget\s*=\s*[\"']([^\"']*)[\"']")


def _mb(n: int) -> str:
    if n < limits.MB:
        return f"{n / 1024:,.0f} KB"
    return f"{n / limits.MB:,.0f} MB" if n % limits.MB == 0 or n >= 100 * limits.MB else f"{n / limits.MB:,.1f} MB"


def check_reference(path: Path, what: Msg, diags: Diagnostics) -> bool:
    """Whether a reference deck or document may be opened: every part within
    MAX_REFERENCE_PART_BYTES and, above REFERENCE_RATIO_FLOOR, MAX_REFERENCE_RATIO; all parts
    within MAX_REFERENCE_BYTES; at most MAX_REFERENCE_PARTS parts; every XML part (which
    python-pptx and python-docx parse into a tree many times its size) within
    MAX_REFERENCE_XML_BYTES, all of them within MAX_REFERENCE_ALL_XML_BYTES; every part's data
    intact (it is unpacked once, a chunk at a time, and its CRC checked), so that opening the
    file later cannot fail halfway. A located error when not; a warning naming the external
    links the writers will remove. what: _("reference deck") or _("reference document")."""
    loc = Location.of(path)
    fix = _("save the {what} again from Office without embedded videos or large pictures", what=what)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > limits.MAX_REFERENCE_PARTS:
                diags.error(loc, _("this {what} has {n:,} parts, more than {most:,} (the limit "
                                   "MAX_REFERENCE_PARTS); {fix}", what=what, n=len(infos),
                                   most=limits.MAX_REFERENCE_PARTS, fix=fix))
                return False
            total = 0
            for info in infos:
                size, packed = info.file_size, max(info.compress_size, 1)
                total += size
                if size > limits.MAX_REFERENCE_PART_BYTES:
                    diags.error(loc, _('the part "{part}" of this {what} unpacks to {size}, more '
                                       "than {most} (the limit MAX_REFERENCE_PART_BYTES); {fix}",
                                       part=_shown(info.filename), what=what, size=_mb(size),
                                       most=_mb(limits.MAX_REFERENCE_PART_BYTES), fix=fix))
                    return False
                if size > limits.REFERENCE_RATIO_FLOOR and size / packed > limits.MAX_REFERENCE_RATIO:
                    diags.error(loc, _('the part "{part}" of this {what} unpacks to {ratio:,.0f} '
                                       "times its packed size, more than {most} (the limit "
                                       "MAX_REFERENCE_RATIO): a zip bomb? {fix}",
                                       part=_shown(info.filename), what=what, ratio=size / packed,
                                       most=limits.MAX_REFERENCE_RATIO, fix=fix))
                    return False
            if total > limits.MAX_REFERENCE_BYTES:
                diags.error(loc, _("this {what} unpacks to {size}, more than {most} (the limit "
                                   "MAX_REFERENCE_BYTES); {fix}", what=what, size=_mb(total),
                                   most=_mb(limits.MAX_REFERENCE_BYTES), fix=fix))
                return False
            if not _check_xml_sizes(z, infos, loc, what, diags):
                return False
            links = []
            for info in infos:
                data = _read_checked(z, info, keep=info.filename.endswith(".rels"))
                if data is not None:
                    for rel in _EXTERNAL.findall(data):
                        target = _TARGET.search(rel)
                        links.append(target.group(1).decode("utf-8", "replace") if target else "?")
    except _Damaged as e:
        diags.error(loc, _('the part "{part}" of this {what} is damaged ({reason}): it cannot be '
                           "unpacked; save the {what} again from Office",
                           part=_shown(e.name), what=what, reason=e.reason))
        return False
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError, zlib.error) as e:
        diags.error(loc, _("cannot open this {what}: it is not a valid Office file ({problem}); {fix}",
                           what=what, problem=str(e), fix=fix))
        return False
    if links:
        shown = ", ".join(_shown(t) for t in list(dict.fromkeys(links))[:3])
        more = _(" and {n} more", n=len(links) - 3) if len(links) > 3 else ""
        diags.warning(loc, _("this {what} links to {n} outside address(es) ({shown}{more}), which "
                             "Office would fetch when a trainee opens the output; they are left out "
                             "of the outputs: remove them from the {what} to silence this",
                             what=what, n=len(links), shown=shown, more=more))
    return True


class _Damaged(Exception):
    def __init__(self, name: str, reason: str):
        super().__init__(name, reason)
        self.name, self.reason = name, reason


_CHUNK = 1 << 20


def _read_checked(z: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> bytes | None:
    """Unpack one part a chunk at a time (zipfile checks its CRC at the end); its data when
    keep, else None. A damaged part raises _Damaged: bad deflate data (zlib.error), a wrong CRC
    or a short member (BadZipFile, EOFError)."""
    kept = []
    try:
        with z.open(info) as f:
            while chunk := f.read(_CHUNK):
                if keep:
                    kept.append(chunk)
    except (zlib.error, zipfile.BadZipFile, EOFError) as e:
        raise _Damaged(info.filename, str(e) or type(e).__name__) from None
    return b"".join(kept) if keep else None


_XML_NAME = (".xml", ".rels")
_CONTENT_TYPES = "[Content_Types].xml"


def _check_xml_sizes(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], loc: Location, what: Msg,
                     diags: Diagnostics) -> bool:
    """Every XML part within MAX_REFERENCE_XML_BYTES, all together within
    MAX_REFERENCE_ALL_XML_BYTES. A part is XML by its name (.xml, .rels) or by the content type
    [Content_Types].xml gives it, which is what python-pptx and python-docx parse by: a slide
    master named slideMaster1.bin is still parsed."""
    fix = _("remove what is not needed from the {what} (unused layouts, styles or slide masters) "
            "and save it again", what=what)
    for info in infos:
        if info.filename == _CONTENT_TYPES and info.file_size > limits.MAX_REFERENCE_XML_BYTES:
            return _xml_too_big(info, loc, what, fix, diags)
    types = _xml_types(z) if _CONTENT_TYPES in z.NameToInfo else _Types(set(), set())
    total = 0
    for info in infos:
        if not _is_xml(info.filename, types):
            continue
        total += info.file_size
        if info.file_size > limits.MAX_REFERENCE_XML_BYTES:
            return _xml_too_big(info, loc, what, fix, diags)
    if total > limits.MAX_REFERENCE_ALL_XML_BYTES:
        diags.error(loc, _("the XML parts of this {what} unpack to {size} together, more than "
                           "{most} (the limit MAX_REFERENCE_ALL_XML_BYTES); {fix}", what=what,
                           size=_mb(total), most=_mb(limits.MAX_REFERENCE_ALL_XML_BYTES), fix=fix))
        return False
    return True


def _xml_too_big(info: zipfile.ZipInfo, loc: Location, what: Msg, fix: Msg, diags: Diagnostics) -> bool:
    diags.error(loc, _('the XML part "{part}" of this {what} unpacks to {size}, more than {most} (the '
                       "limit MAX_REFERENCE_XML_BYTES); {fix}", part=_shown(info.filename), what=what,
                       size=_mb(info.file_size), most=_mb(limits.MAX_REFERENCE_XML_BYTES), fix=fix))
    return False


class _Types:
    """Which extensions (Default) and part names (Override) have an XML content type."""

    def __init__(self, extensions: set[str], names: set[str]):
        self.extensions, self.names = extensions, names


_CT_ELEMENT = re.compile(rb"<(?:\w+:)?(Default|Override)\b[^>]*>")
_CT_ATTR = re.compile(rb"\b(Extension|PartName|ContentType)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _xml_types(z: zipfile.ZipFile) -> _Types:
    """The XML content types of [Content_Types].xml (already held to MAX_REFERENCE_XML_BYTES).
    Read loosely: a content type that merely mentions xml counts (pictures excepted), so that a
    part is held to the XML limits whenever a reader could parse it."""
    data = _read_checked(z, z.getinfo(_CONTENT_TYPES), keep=True) or b""
    extensions, names = set(), set()
    for m in _CT_ELEMENT.finditer(data):
        attrs = {a.group(1): (a.group(2) if a.group(2) is not None else a.group(3)).decode("utf-8", "replace")
                 for a in _CT_ATTR.finditer(m.group(0))}
        ctype = html.unescape(attrs.get(b"ContentType", "")).lower()
        if "xml" not in ctype or ctype.startswith("image/"):
            continue
        if m.group(1) == b"Default" and b"Extension" in attrs:
            extensions.add(html.unescape(attrs[b"Extension"]).lower())
        elif m.group(1) == b"Override" and b"PartName" in attrs:
            names.add(html.unescape(attrs[b"PartName"]).lstrip("/").lower())
    return _Types(extensions, names)


def _is_xml(name: str, types: _Types) -> bool:
    low = name.lower()
    base = low.rsplit("/", 1)[-1]
    return (low.endswith(_XML_NAME) or low in types.names
            or ("." in base and base.rpartition(".")[2] in types.extensions))


def _shown(text: str) -> str:
    """A name from the file, safe to print and short."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 80 else text[:77] + "..."


# Elements that exist only to point at a relationship: removed with it. Elsewhere only the
# attribute goes (a picture keeps r:embed when its r:link goes; a w:hyperlink keeps its text).
_POINTERS = ("hlinkClick", "hlinkHover", "hlinkMouseOver", "attachedTemplate", "externalData",
             "oleObj", "subDoc", "altChunk")
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def strip_external(package) -> int:
    """Remove every external relationship of a python-pptx or python-docx package (its parts' and
    its own), and the XML that points at them; the number removed."""
    removed = 0
    parts = list(package.iter_parts())
    for owner in [package, *parts]:
        rels = owner.rels if hasattr(owner, "rels") else owner._rels
        gone = [rId for rId in list(rels.keys()) if rels[rId].is_external]
        if not gone:
            continue
        for rId in gone:
            rels.pop(rId)
        removed += len(gone)
        element = getattr(owner, "_element", None)
        if element is None:
            continue
        ids = set(gone)
        for el in list(element.iter()):
            if not isinstance(el.tag, str):
                continue
            for name in [n for n in el.attrib if n.startswith("{" + _R_NS + "}") and el.get(n) in ids]:
                if el.tag.rsplit("}", 1)[-1] in _POINTERS and el.getparent() is not None:
                    el.getparent().remove(el)
                    break
                del el.attrib[name]
    return removed
