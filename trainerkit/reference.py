"""A course's reference deck and document (theme: pptx, docx) are untrusted zip files (issue 10).

check_reference reads only the zip's directory and its small relationship parts, as pictures are
checked from their header only (parse/module.py: picture_problem), so a zip bomb is refused before
python-pptx or python-docx decompresses a byte of it. strip_external removes a theme's links to
the outside (TargetMode="External": http://, \\\\server\\share), which Office would fetch when the
output opens; both writers call it on the reference package before they add anything.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from . import limits
from .errors import Diagnostics, Location

_EXTERNAL = re.compile(rb"<Relationship\b[^>]*\bTargetMode\s*=\s*[\"']External[\"'][^>]*>", re.I)
_TARGET = re.compile(rb"\bTarget\s*=\s*[\"']([^\"']*)[\"']")


def _mb(n: int) -> str:
    return f"{n / limits.MB:,.0f} MB" if n >= limits.MB else f"{n / 1024:,.0f} KB"


def check_reference(path: Path, what: str, diags: Diagnostics) -> bool:
    """Whether a reference deck or document may be opened: every part within
    MAX_REFERENCE_PART_BYTES and, above REFERENCE_RATIO_FLOOR, MAX_REFERENCE_RATIO; all parts
    within MAX_REFERENCE_BYTES; at most MAX_REFERENCE_PARTS parts. A located error when not; a
    warning naming the external links the writers will remove."""
    loc = Location.of(path)
    fix = f"save the {what} again from Office without embedded videos or large pictures"
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > limits.MAX_REFERENCE_PARTS:
                diags.error(loc, f"this {what} has {len(infos):,} parts, more than "
                                 f"{limits.MAX_REFERENCE_PARTS:,} (the limit MAX_REFERENCE_PARTS); {fix}")
                return False
            total = 0
            for info in infos:
                size, packed = info.file_size, max(info.compress_size, 1)
                total += size
                if size > limits.MAX_REFERENCE_PART_BYTES:
                    diags.error(loc, f'the part "{_shown(info.filename)}" of this {what} unpacks to '
                                     f"{_mb(size)}, more than {_mb(limits.MAX_REFERENCE_PART_BYTES)} "
                                     f"(the limit MAX_REFERENCE_PART_BYTES); {fix}")
                    return False
                if size > limits.REFERENCE_RATIO_FLOOR and size / packed > limits.MAX_REFERENCE_RATIO:
                    diags.error(loc, f'the part "{_shown(info.filename)}" of this {what} unpacks to '
                                     f"{size / packed:,.0f} times its packed size, more than "
                                     f"{limits.MAX_REFERENCE_RATIO} (the limit MAX_REFERENCE_RATIO): "
                                     f"a zip bomb? {fix}")
                    return False
            if total > limits.MAX_REFERENCE_BYTES:
                diags.error(loc, f"this {what} unpacks to {_mb(total)}, more than "
                                 f"{_mb(limits.MAX_REFERENCE_BYTES)} (the limit MAX_REFERENCE_BYTES); {fix}")
                return False
            links = []
            for info in infos:
                if info.filename.endswith(".rels"):
                    for rel in _EXTERNAL.findall(z.read(info)):
                        target = _TARGET.search(rel)
                        links.append(target.group(1).decode("utf-8", "replace") if target else "?")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError) as e:
        diags.error(loc, f"cannot open this {what}: it is not a valid Office file ({e}); {fix}")
        return False
    if links:
        shown = ", ".join(_shown(t) for t in list(dict.fromkeys(links))[:3])
        more = f" and {len(links) - 3} more" if len(links) > 3 else ""
        diags.warning(loc, f"this {what} links to {len(links)} outside address(es) ({shown}{more}), "
                           "which Office would fetch when a trainee opens the output; they are left "
                           f"out of the outputs: remove them from the {what} to silence this")
    return True


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
