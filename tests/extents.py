"""How full each slide is, as LibreOffice draws it: the text extents of the deck's PDF against
the body of each slide's layout.

A slide's body is the union of its layout's content placeholders (the title, footer, date and
slide-number placeholders are not body). Its words are those pdftotext finds inside the body's
columns and below the title, less those of the slide's own footer, date and slide number. fullness is how far down the body the lowest word reaches (0..1);
past is how far (in points) the lowest word runs below the body's bottom (0 when inside).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

EMU_PER_PT = 12700
_NOT_BODY = {"title", "ctrTitle", "subTitle", "dt", "ftr", "sldNum", "hdr"}


@dataclass(frozen=True)
class SlideExtent:
    number: int  # 1-based
    title: str
    fullness: float
    past: float  # points below the body's bottom
    words: int
    body: tuple[float, float, float, float]  # x0, y0, x1, y1 in points


def body_boxes(pptx: Path) -> list[tuple[str, tuple[float, float, float, float] | None]]:
    """Per slide: its title and the box (points) its layout gives the body, None without one."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(pptx)).slides:
        boxes = []
        for ph in slide.slide_layout.placeholders:
            kind = ph.element.ph_type
            name = getattr(kind, "name", str(kind))
            xml_kind = ph.element.find(".//{*}nvPr/{*}ph").get("type", "obj")
            if xml_kind in _NOT_BODY or name in ("TITLE", "CENTER_TITLE", "SUBTITLE"):
                continue
            if xml_kind not in ("body", "obj", "tbl", "chart", "dgm", "media", "clipArt", "pic"):
                continue
            boxes.append((ph.left, ph.top, ph.left + ph.width, ph.top + ph.height))
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        if not boxes:
            out.append((title, None))
            continue
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        out.append((title, (x0 / EMU_PER_PT, y0 / EMU_PER_PT, x1 / EMU_PER_PT, y1 / EMU_PER_PT)))
    return out


def footer_boxes(pptx: Path) -> list[list[tuple[float, float, float, float]]]:
    """Per slide: the boxes (points) of its footer, date and slide-number placeholders."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(pptx)).slides:
        boxes = []
        for shape in slide.placeholders:
            ph = shape.element.find(".//{*}nvPr/{*}ph")
            if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum"):
                boxes.append(tuple(v / EMU_PER_PT for v in (shape.left, shape.top, shape.left + shape.width,
                                                            shape.top + shape.height)))
        out.append(boxes)
    return out


def pdf_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page: its words as (xMin, yMin, xMax, yMax, text) in points from the top left."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                           timeout=120).stdout
    root = etree.fromstring(xhtml, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for page in root.iter("{*}page"):
        pages.append([(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                       w.text or "") for w in page.iter("{*}word")])
    return pages


def slide_extents(pptx: Path, pdf: Path) -> list[SlideExtent]:
    """Every slide with a body: how far down it the text reaches, and whether it runs past it."""
    out = []
    for k, ((title, body), words, footers) in enumerate(zip(body_boxes(pptx), pdf_words(pdf),
                                                            footer_boxes(pptx)), start=1):
        if body is None:
            continue
        x0, y0, x1, y1 = body
        words = [w for w in words if not any(f[0] <= (w[0] + w[2]) / 2 <= f[2] and f[1] <= (w[1] + w[3]) / 2 <= f[3]
                                             for f in footers)]
        inside = [w for w in words if w[0] >= x0 - 2 and w[2] <= x1 + 2 and w[1] >= y0 - 2]
        if not inside:
            out.append(SlideExtent(k, title, 0.0, 0.0, 0, body))
            continue
        low = max(w[3] for w in inside)
        out.append(SlideExtent(k, title, min(1.0, (low - y0) / (y1 - y0)), max(0.0, low - y1), len(inside), body))
    return out
