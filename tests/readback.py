"""Read generated files back the way a person sees them: titles, text with levels, notes, cells.

Tests assert on these read-backs, never on zip bytes (zip members carry timestamps).
The pptx_* helpers take .pptx bytes or an open python-pptx Presentation.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def pptx_open(data):
    """A python-pptx Presentation from bytes (or the Presentation itself)."""
    from pptx import Presentation

    if isinstance(data, (bytes, bytearray)):
        return Presentation(io.BytesIO(data))
    return data


@dataclass(frozen=True)
class Para:
    """A paragraph as read back: level, text, and its bullet: "bullet" (inherited from the
    layout), "number" (autonumbered, with start), "none" (explicit a:buNone)."""

    level: int
    text: str
    bullet: str
    start: int | None = None
    char: str | None = None  # the bullet character when the paragraph sets its own (☐, ☑)


def pptx_paragraphs(shape) -> list[Para]:
    """The paragraphs of a shape's text frame (line breaks read as "\\n")."""
    out = []
    for p in shape.text_frame._txBody.findall(f"{A}p"):
        ppr = p.find(f"{A}pPr")
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        bullet, start, char = "bullet", None, None
        if ppr is not None and ppr.find(f"{A}buChar") is not None:
            char = ppr.find(f"{A}buChar").get("char")
        if ppr is not None and ppr.find(f"{A}buNone") is not None:
            bullet = "none"
        elif ppr is not None and ppr.find(f"{A}buAutoNum") is not None:
            bullet = "number"
            start = int(ppr.find(f"{A}buAutoNum").get("startAt", "1"))
        text = "".join("\n" if el.tag == f"{A}br" else (el.findtext(f"{A}t") or "")
                       for el in p if el.tag in (f"{A}r", f"{A}br"))
        out.append(Para(level, text, bullet, start, char))
    return out


@dataclass(frozen=True)
class Run:
    """A run as read back: its text, bold, and its fill and highlight as the scheme colour name
    ("accent1"; None when it has none; "rgb:RRGGBB" for a fixed colour)."""

    text: str
    bold: bool
    color: str | None
    highlight: str | None


def _color_of(parent) -> str | None:
    if parent is None:
        return None
    scheme = parent.find(f"{A}schemeClr")
    if scheme is not None:
        return scheme.get("val")
    rgb = parent.find(f"{A}srgbClr")
    return f"rgb:{rgb.get('val')}" if rgb is not None else None


def pptx_styled_runs(shape) -> list[list[Run]]:
    """Per paragraph of a shape, its runs with bold and colours."""
    out = []
    for p in shape.text_frame._txBody.findall(f"{A}p"):
        runs = []
        for r in p.findall(f"{A}r"):
            rpr = r.find(f"{A}rPr")
            get = (lambda tag: rpr.find(f"{A}{tag}")) if rpr is not None else (lambda tag: None)
            runs.append(Run(r.findtext(f"{A}t") or "", rpr is not None and rpr.get("b") == "1",
                            _color_of(get("solidFill")), _color_of(get("highlight"))))
        out.append(runs)
    return out


def pptx_fill_color(shape_or_cell) -> str | None:
    """The scheme colour name of a shape's or table cell's solid fill."""
    el = shape_or_cell._tc if hasattr(shape_or_cell, "_tc") else shape_or_cell._element
    props = el.find(f"{A}tcPr") if hasattr(shape_or_cell, "_tc") else el.find(f"{P}spPr")
    return _color_of(props.find(f"{A}solidFill")) if props is not None else None


def pptx_title(slide) -> str:
    t = slide.shapes.title
    return t.text_frame.text if t is not None else ""


def pptx_titles(data) -> list[str]:
    return [pptx_title(s) for s in pptx_open(data).slides]


def pptx_layouts(data) -> list[str]:
    return [s.slide_layout.name for s in pptx_open(data).slides]


def pptx_body_shapes(slide) -> list:
    """Shapes with text that are not the title nor the footer's (date, footer, slide number:
    pptx_footers), left to right then top to bottom."""
    title = slide.shapes.title
    shapes = [s for s in slide.shapes if s.has_text_frame and (title is None or s.shape_id != title.shape_id)
              and pptx_footer_kind(s) is None]
    return sorted(shapes, key=lambda s: (s.left, s.top))


def pptx_footer_kind(shape) -> str | None:
    """"dt", "ftr" or "sldNum" for a slide's date, footer or slide-number placeholder, else None."""
    ph = shape._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}ph")
    kind = ph.get("type") if ph is not None else None
    return kind if kind in ("dt", "ftr", "sldNum") else None


def pptx_footers(slide) -> dict[str, str]:
    """A slide's date, footer and slide-number placeholders' text, by kind ("dt", "ftr", "sldNum")."""
    return {kind: s.text_frame.text for s in slide.shapes if (kind := pptx_footer_kind(s)) is not None}


def pptx_body_text(slide) -> list[Para]:
    """Every body paragraph of a slide, shape by shape (left to right)."""
    return [p for s in sorted(pptx_body_shapes(slide), key=lambda s: (s.top, s.left)) for p in pptx_paragraphs(s)]


def pptx_notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def pptx_tables(slide) -> list[list[list[str]]]:
    """Every table on a slide as rows of cell texts."""
    return [[[c.text for c in row.cells] for row in s.table.rows] for s in slide.shapes if s.has_table]


def pptx_table_shapes(slide) -> list:
    return [s for s in slide.shapes if s.has_table]


def pptx_pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def pptx_runs(shape_or_slide) -> list[tuple[str, str | None, str | None]]:
    """(text, lang, East Asian typeface) of every run in a shape or on a slide (title included)."""
    shapes = [shape_or_slide] if hasattr(shape_or_slide, "text_frame") else list(shape_or_slide.shapes)
    out = []
    for s in shapes:
        elements = [s._element]
        for el in elements:
            for r in el.iter(f"{A}r"):
                rpr = r.find(f"{A}rPr")
                ea = rpr.find(f"{A}ea") if rpr is not None else None
                out.append((r.findtext(f"{A}t") or "", rpr.get("lang") if rpr is not None else None,
                            ea.get("typeface") if ea is not None else None))
    return out


def pptx_empty_placeholders(slide) -> list[str]:
    """Placeholders that would show a "Click to add ..." prompt: no text, no picture, no table."""
    out = []
    for ph in slide.placeholders:
        if ph.has_text_frame and not ph.text_frame.text.strip():
            out.append(ph.name)
    return out


def pptx_package_problems(data: bytes) -> list[str]:
    """What makes PowerPoint offer a repair: duplicate members, bad XML, duplicate shape ids."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        if len(names) != len(set(names)):
            problems.append("duplicate zip members")
        for name in names:
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            try:
                root = etree.fromstring(z.read(name))
            except etree.XMLSyntaxError as e:
                problems.append(f"{name}: {e}")
                continue
            if name.startswith("ppt/slides/slide"):
                ids = [el.get("id") for el in root.iter(f"{P}cNvPr")]
                if len(ids) != len(set(ids)):
                    problems.append(f"{name}: duplicate shape ids {sorted(ids)}")
    return problems


def pptx_to_pdf_text(pptx: Path, outdir: Path) -> str:
    """Convert with LibreOffice (a private profile, so conversions can run side by side) and
    return the PDF's text. Needs soffice and pdftotext."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [shutil.which("soffice") or "soffice", "--headless", "--convert-to", "pdf", "--outdir", str(outdir),
         f"-env:UserInstallation={profile.resolve().as_uri()}", str(pptx)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = outdir / (pptx.stem + ".pdf")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def pptx_readback(data) -> list[dict]:
    """Everything a person sees of each slide, for comparing two renderings of a deck: layout,
    title, body paragraphs, tables, notes, pictures (box and image bytes' hash) and links."""
    import hashlib

    out = []
    for slide in pptx_open(data).slides:
        pictures = [(p.left, p.top, p.width, p.height, hashlib.sha1(p.image.blob).hexdigest())
                    for p in pptx_pictures(slide)]
        links = sorted(r.hyperlink.address for s in slide.shapes if s.has_text_frame
                       for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address)
        out.append({"layout": slide.slide_layout.name, "title": pptx_title(slide),
                    "body": pptx_body_text(slide), "tables": pptx_tables(slide), "notes": pptx_notes(slide),
                    "pictures": pictures, "links": links,
                    "shapes": [(s.shape_type, s.name, s.left, s.top, s.width, s.height) for s in slide.shapes]})
    return out


def pptx_part_problems(data: bytes) -> list[str]:
    """Relationships that lead nowhere, slide ids or relationship ids used twice, content types
    missing: what pptx_package_problems does not see."""
    import posixpath

    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        types = etree.fromstring(z.read("[Content_Types].xml"))
        defaults = {e.get("Extension").lower() for e in types if e.tag.endswith("Default")}
        overrides = {e.get("PartName") for e in types if e.tag.endswith("Override")}
        for name in names:
            if name.endswith("/") or name == "[Content_Types].xml":
                continue
            if "/" + name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append(f"{name}: no content type")
            if not name.endswith(".rels"):
                continue
            rels = etree.fromstring(z.read(name))
            ids = [r.get("Id") for r in rels]
            if len(ids) != len(set(ids)):
                problems.append(f"{name}: duplicate rIds")
            folder = posixpath.dirname(posixpath.dirname(name))
            for r in rels:
                if r.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(folder, r.get("Target"))).lstrip("/")
                if target not in names:
                    problems.append(f"{name}: {r.get('Target')} is missing")
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        sld_ids = [e.get("id") for e in pres.iter(f"{P}sldId")]
        if len(sld_ids) != len(set(sld_ids)):
            problems.append("duplicate slide ids")
    return problems
