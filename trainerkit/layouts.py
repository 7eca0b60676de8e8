"""The reference deck's slide layouts, read without python-pptx: their names, types and
placeholders, and which layout each name a slide may ask for means.

`check` uses it to judge the layouts a course names, and the deck writer to pick the layout a
slide gets, so the two can never disagree. It reads the zip with zipfile and lxml (a parser that
expands no entities and fetches nothing): the package's relationships lead to
ppt/presentation.xml, its slide masters in order, and each master's layouts in order, as
PowerPoint and python-pptx list them. reference.check_reference has already judged the zip; the
reads here are still bounded by MAX_REFERENCE_XML_BYTES.
"""

from __future__ import annotations

import functools
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import limits
from .messages import _

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

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


class LayoutsError(ValueError):
    """The deck's layouts cannot be read: not a zip, a part missing, damaged or not XML. Its
    args[0]: what is wrong, a library's words or a Msg."""


@dataclass(frozen=True)
class Placeholder:
    """A layout placeholder: its type (p:ph/@type, "obj" when absent, as the schema says) and idx."""

    type: str
    idx: int


@dataclass(frozen=True)
class Layout:
    """One slide layout: its own name, its type (p:sldLayout/@type, "" when absent), the zip
    part it is in ("/ppt/slideLayouts/slideLayout2.xml") and its placeholders in shape order."""

    name: str
    type: str
    part: str
    placeholders: tuple[Placeholder, ...]


def read_layouts(path: Path) -> tuple[Layout, ...]:
    """Every layout of every slide master, in master order (duplicates of a name included)."""
    try:
        with zipfile.ZipFile(path) as z:
            return tuple(_layouts(z))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, zlib.error,
            etree.XMLSyntaxError, NotImplementedError) as e:
        raise LayoutsError(str(e) or type(e).__name__) from e


def by_name(layouts: tuple[Layout, ...] | list[Layout]) -> dict[str, Layout]:
    """Every layout by its own name and, for the standard ones, by the English and Chinese names
    of its type too, so "Two Content" finds 两栏内容 in a Chinese deck and the other way round.
    A layout's own name always wins over an alias; the first layout of a name wins."""
    own: dict[str, Layout] = {}
    aliases: dict[str, Layout] = {}
    for layout in layouts:
        own.setdefault(layout.name, layout)
        for alias in STANDARD_LAYOUTS.get(layout.type, ()):
            aliases.setdefault(alias, layout)
    return {**aliases, **own}


def layout_names(path: Path) -> list[str]:
    """The names of the reference deck's slide layouts, in order (every master, no duplicates)."""
    return list(dict.fromkeys(layout.name for layout in layouts_of(path)))


def layout_lookup(path: Path) -> dict[str, str]:
    """Every name a slide may ask for, with the name of the layout it gets."""
    return {name: layout.name for name, layout in by_name(layouts_of(path)).items()}


def layouts_of(path: Path) -> tuple[Layout, ...]:
    """read_layouts, once per version of the file (its size and modification time)."""
    st = Path(path).stat()
    return _read_once(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_once(path: str, size: int, mtime: int) -> tuple[Layout, ...]:
    """Read once per version of the file (watch mode checks the same deck again and again)."""
    return read_layouts(Path(path))


def _layouts(z: zipfile.ZipFile):
    presentation = _main_part(z)
    pres_rels = _rels(z, presentation)
    root = _xml(z, presentation)
    for master_id in root.iterfind(f"{_P}sldMasterIdLst/{_P}sldMasterId"):
        master = pres_rels.get(master_id.get(_R_ID, ""))
        if master is None:
            continue
        master_rels = _rels(z, master)
        for layout_id in _xml(z, master).iterfind(f"{_P}sldLayoutIdLst/{_P}sldLayoutId"):
            part = master_rels.get(layout_id.get(_R_ID, ""))
            if part is not None:
                yield _layout(z, part)


def _layout(z: zipfile.ZipFile, part: str) -> Layout:
    root = _xml(z, part)
    csld = root.find(f"{_P}cSld")
    name = csld.get("name", "") if csld is not None else ""
    phs = []
    for shape in root.iterfind(f"{_P}cSld/{_P}spTree/*"):
        ph = shape.find(f"*/{_P}nvPr/{_P}ph")
        if ph is None:
            continue
        idx = ph.get("idx", "0")
        phs.append(Placeholder(ph.get("type", "obj"), int(idx) if idx.isdigit() else 0))
    return Layout(name, root.get("type", ""), part, tuple(phs))


def _main_part(z: zipfile.ZipFile) -> str:
    """The presentation part the package's relationships name (ppt/presentation.xml)."""
    for rel in _xml(z, "/_rels/.rels").iter(_RELS):
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return _resolve("/", rel.get("Target", ""))
    return "/ppt/presentation.xml"


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """A part's internal relationships: rId -> the part name it leads to."""
    folder, base = part.rsplit("/", 1)
    name = f"{folder}/_rels/{base}.rels"
    if name.lstrip("/") not in z.NameToInfo:
        return {}
    return {rel.get("Id", ""): _resolve(folder or "/", rel.get("Target", ""))
            for rel in _xml(z, name).iter(_RELS) if rel.get("TargetMode") != "External"}


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target)
    return posixpath.normpath(posixpath.join(folder, target))


def _xml(z: zipfile.ZipFile, part: str) -> etree._Element:
    """One XML part, read to at most MAX_REFERENCE_XML_BYTES and parsed safely."""
    info = z.getinfo(part.lstrip("/"))
    if info.file_size > limits.MAX_REFERENCE_XML_BYTES:
        raise LayoutsError(_("the part {part} is larger than MAX_REFERENCE_XML_BYTES", part=part))
    with z.open(info) as f:
        data = f.read(limits.MAX_REFERENCE_XML_BYTES + 1)
    if len(data) > limits.MAX_REFERENCE_XML_BYTES:
        raise LayoutsError(_("the part {part} is larger than MAX_REFERENCE_XML_BYTES", part=part))
    return etree.fromstring(data, _PARSER)
