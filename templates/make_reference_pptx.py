"""Make templates/reference.pptx: trainerkit's built-in 16:9 reference deck.

Run from the repository root:  python templates/make_reference_pptx.py

It starts from python-pptx's default template (4:3, the standard Office layout names), widens it
to 16:9 (13.333 x 7.5 in), places every master and layout placeholder for the wide page, and gives
it a calm look: a navy title slide, a thin navy band and a blue accent line on content slides,
Calibri for Latin and Microsoft YaHei for Chinese in the theme's major and minor fonts, title
36 pt, body 24/20/18 pt, a date, footer and slide-number placeholder on the master and every
layout (bottom left, centre and right, under the body, 11 pt: the deck writer fills them from
course.yml's footer: and version:), and a notes master whose slide picture is 16:9. The theme's accents
carry meaning in the deck writer: accent1/accent2 speakers and scenario cards, accent3 (red)
"avoid" and compliance lines, accent6 (green) "say instead". The result is committed; rerun this
script after changing it.
"""

from __future__ import annotations

import copy
import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

OUT = Path(__file__).resolve().parent / "reference.pptx"

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in

NAVY = "1F3864"
BLUE = "2E75B6"
TEXT = "262626"
GREY = "595959"
LATIN = "Calibri"
EAST_ASIAN = {"Hans": "Microsoft YaHei", "Hant": "Microsoft JhengHei"}  # by script

# Placeholder boxes in inches (x, y, w, h), keyed by the placeholder's idx (0 = title).
MARGIN = 0.6
FULL_W = 13.333 - 2 * MARGIN
TITLE_BOX = (MARGIN, 0.35, FULL_W, 1.05)
BODY_BOX = (MARGIN, 1.7, FULL_W, 5.2)
HALF_W = (FULL_W - 0.4) / 2
RIGHT_X = MARGIN + HALF_W + 0.4
FOOTERS = {10: (MARGIN, 6.98, 3.0, 0.35), 11: (4.17, 6.98, 5.0, 0.35), 12: (13.333 - MARGIN - 3.0, 6.98, 3.0, 0.35)}
MASTER_FOOTERS = {2: FOOTERS[10], 3: FOOTERS[11], 4: FOOTERS[12]}

LAYOUT_BOXES: dict[str, dict[int, tuple[float, float, float, float]]] = {
    "Title Slide": {0: (0.9, 1.9, 11.5, 1.9), 1: (0.9, 4.15, 11.5, 1.9)},
    "Title and Content": {0: TITLE_BOX, 1: BODY_BOX},
    "Section Header": {0: (1.2, 2.3, 11.2, 1.6), 1: (1.2, 4.05, 11.2, 1.6)},
    "Two Content": {0: TITLE_BOX, 1: (MARGIN, 1.7, HALF_W, 5.2), 2: (RIGHT_X, 1.7, HALF_W, 5.2)},
    "Comparison": {
        0: TITLE_BOX,
        1: (MARGIN, 1.65, HALF_W, 0.65), 2: (MARGIN, 2.35, HALF_W, 4.55),
        3: (RIGHT_X, 1.65, HALF_W, 0.65), 4: (RIGHT_X, 2.35, HALF_W, 4.55),
    },
    "Title Only": {0: TITLE_BOX},
    "Blank": {},
    "Content with Caption": {0: TITLE_BOX, 2: (MARGIN, 1.7, 4.2, 5.2), 1: (5.2, 1.7, 13.333 - MARGIN - 5.2, 5.2)},
    "Picture with Caption": {0: TITLE_BOX, 1: (MARGIN, 1.7, 7.9, 5.2), 2: (8.9, 1.7, 13.333 - MARGIN - 8.9, 5.2)},
    "Title and Vertical Text": {0: TITLE_BOX, 1: BODY_BOX},
    "Vertical Title and Text": {0: (10.6, 0.5, 2.13, 6.15), 1: (MARGIN, 0.5, 9.6, 6.15)},
}
# Layouts that draw their own decoration instead of the master's band and accent line.
OWN_LOOK = {"Title Slide", "Section Header", "Blank", "Vertical Title and Text"}


def el(tag: str, attrib: dict | None = None, *children) -> etree._Element:
    prefix, name = tag.split(":")
    e = etree.Element(f"{{{NS[prefix]}}}{name}", {k: str(v) for k, v in (attrib or {}).items()})
    for c in children:
        e.append(c)
    return e


def solid(color: str) -> etree._Element:
    return el("a:solidFill", None, el("a:srgbClr", {"val": color}))


def set_box(sp: etree._Element, box: tuple[float, float, float, float]) -> None:
    """Give a shape an explicit position and size (inches)."""
    spPr = sp.find(qn("p:spPr"))
    for old in spPr.findall(qn("a:xfrm")):
        spPr.remove(old)
    x, y, w, h = (int(Inches(v)) for v in box)
    spPr.insert(0, el("a:xfrm", None, el("a:off", {"x": x, "y": y}), el("a:ext", {"cx": w, "cy": h})))


def rect(shape_id: int, name: str, box, color: str) -> etree._Element:
    """A plain filled rectangle without outline (decoration on a master or layout)."""
    x, y, w, h = (int(Inches(v)) for v in box)
    return el(
        "p:sp", None,
        el("p:nvSpPr", None, el("p:cNvPr", {"id": shape_id, "name": name}), el("p:cNvSpPr"), el("p:nvPr", {"userDrawn": "1"})),
        el("p:spPr", None,
           el("a:xfrm", None, el("a:off", {"x": x, "y": y}), el("a:ext", {"cx": w, "cy": h})),
           el("a:prstGeom", {"prst": "rect"}, el("a:avLst")),
           solid(color), el("a:ln", None, el("a:noFill"))),
        el("p:txBody", None, el("a:bodyPr", {"rtlCol": "0", "anchor": "ctr"}), el("a:lstStyle"),
           el("a:p", None, el("a:endParaRPr", {"lang": "en-US"}))),
    )


def next_id(tree: etree._Element) -> int:
    return max(int(v) for v in etree.ElementBase.xpath(tree, "//p:cNvPr/@id", namespaces=NS)) + 1


def insert_decoration(spTree: etree._Element, shapes: list[etree._Element]) -> None:
    """Put decoration shapes first in the tree, so placeholders draw over them."""
    anchor = spTree.find(qn("p:grpSpPr"))
    for i, s in enumerate(shapes):
        anchor.addnext(s) if i == 0 else shapes[i - 1].addnext(s)


def ph_idx(sp: etree._Element) -> int | None:
    ph = sp.find(".//" + qn("p:ph"))
    if ph is None:
        return None
    if ph.get("type") in ("title", "ctrTitle"):
        return 0
    return int(ph.get("idx", "0"))


def level_style(lvl: int, size: int, *, bullet: str | None, marL: int, indent: int) -> etree._Element:
    p = el(f"a:lvl{lvl}pPr", {"marL": marL, "indent": indent, "algn": "l", "defTabSz": 914400,
                              "rtl": 0, "eaLnBrk": 1, "latinLnBrk": 0, "hangingPunct": 1})
    p.append(el("a:lnSpc", None, el("a:spcPct", {"val": 100000})))
    p.append(el("a:spcBef", None, el("a:spcPts", {"val": 1000 if lvl == 1 else 500})))
    if bullet:
        p.append(el("a:buClr", None, el("a:srgbClr", {"val": BLUE})))
        p.append(el("a:buFont", {"typeface": "Arial", "panose": "020B0604020202020204"}))
        p.append(el("a:buChar", {"char": bullet}))
    else:
        p.append(el("a:buNone"))
    p.append(el("a:defRPr", {"sz": size, "kern": 1200}, solid(TEXT),
                el("a:latin", {"typeface": "+mn-lt"}), el("a:ea", {"typeface": "+mn-ea"}), el("a:cs", {"typeface": "+mn-cs"})))
    return p


def body_style() -> etree._Element:
    sizes = [2400, 2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600]
    bullets = ["•", "–", "•", "–", "•", "•", "•", "•", "•"]
    style = el("p:bodyStyle")
    for i in range(9):
        marL = int(Inches(0.3 + 0.4 * i))
        style.append(level_style(i + 1, sizes[i], bullet=bullets[i], marL=marL, indent=-int(Inches(0.3))))
    return style


def title_style() -> etree._Element:
    p = el("a:lvl1pPr", {"algn": "l", "defTabSz": 914400, "rtl": 0, "eaLnBrk": 1, "latinLnBrk": 0, "hangingPunct": 1})
    p.append(el("a:lnSpc", None, el("a:spcPct", {"val": 90000})))
    p.append(el("a:spcBef", None, el("a:spcPct", {"val": 0})))
    p.append(el("a:buNone"))
    p.append(el("a:defRPr", {"sz": 3600, "b": 0, "kern": 1200}, solid(NAVY),
                el("a:latin", {"typeface": "+mj-lt"}), el("a:ea", {"typeface": "+mj-ea"}), el("a:cs", {"typeface": "+mj-cs"})))
    return el("p:titleStyle", None, p)


def fix_theme(prs) -> None:
    """Fonts (Calibri + Microsoft YaHei, major and minor) and a calm colour scheme."""
    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    theme.set("name", "trainerkit")
    scheme = theme.find(".//a:clrScheme", NS)
    scheme.set("name", "trainerkit")
    colors = {"dk1": TEXT, "lt1": "FFFFFF", "dk2": NAVY, "lt2": "E7ECF3", "accent1": BLUE, "accent2": "00A3A1",
              "accent3": "C0504D", "accent4": "7F6084", "accent5": "5B9BD5", "accent6": "70AD47",
              "hlink": "0563C1", "folHlink": "954F72"}
    for name, value in colors.items():
        slot = scheme.find(f"a:{name}", NS)
        for c in list(slot):
            slot.remove(c)
        slot.append(el("a:srgbClr", {"val": value}))
    fonts = theme.find(".//a:fontScheme", NS)
    fonts.set("name", "trainerkit")
    for kind in ("a:majorFont", "a:minorFont"):
        f = fonts.find(kind, NS)
        f.find("a:latin", NS).set("typeface", LATIN)
        # No a:ea of its own: East Asian text takes the font of its script below (as Office's
        # own themes do), so a Traditional course gets JhengHei and a Simplified one YaHei.
        f.find("a:ea", NS).set("typeface", "")
        for script in f.findall("a:font", NS):
            if script.get("script") in EAST_ASIAN:
                script.set("typeface", EAST_ASIAN[script.get("script")])
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def fix_master(prs) -> None:
    master = prs.slide_master._element
    spTree = master.find(".//p:cSld/p:spTree", NS)
    for sp in spTree.findall(qn("p:sp")):
        ph = sp.find(".//" + qn("p:ph"))
        kind, idx = ph.get("type"), int(ph.get("idx", "0"))
        if kind == "title":
            set_box(sp, TITLE_BOX)
            sp.find(".//" + qn("a:bodyPr")).set("anchor", "b")
        elif kind == "body" or kind is None:
            set_box(sp, BODY_BOX)
        else:
            set_box(sp, MASTER_FOOTERS[idx])
            for rpr in sp.iter(qn("a:defRPr")):
                rpr.set("sz", "1100")
                for f in rpr.findall(qn("a:solidFill")):
                    rpr.remove(f)
                rpr.insert(0, solid("8497B0"))
    n = next_id(master)
    insert_decoration(spTree, [
        rect(n, "Top band", (0, 0, 13.333, 0.12), NAVY),
        rect(n + 1, "Accent line", (MARGIN, 1.47, FULL_W, 0.035), BLUE),
    ])
    tx = master.find("p:txStyles", NS)
    tx.replace(tx.find("p:titleStyle", NS), title_style())
    tx.replace(tx.find("p:bodyStyle", NS), body_style())


def fix_layouts(prs) -> None:
    for layout in prs.slide_layouts:
        root = layout._element
        name = layout.name
        boxes = LAYOUT_BOXES[name]
        spTree = root.find(".//p:cSld/p:spTree", NS)
        for sp in spTree.findall(qn("p:sp")):
            idx = ph_idx(sp)
            if idx in FOOTERS:
                set_box(sp, FOOTERS[idx])
            elif idx in boxes:
                set_box(sp, boxes[idx])
                ls = sp.find(".//" + qn("a:lstStyle"))
                if ls is not None and name not in ("Title Slide", "Section Header"):
                    for c in list(ls):  # the default template's size overrides: the master decides
                        ls.remove(c)
        if name in OWN_LOOK:
            root.set("showMasterSp", "0")
        if name == "Title Slide":
            _title_slide(root, spTree)
        elif name == "Section Header":
            _section_header(root, spTree)
        elif name == "Comparison":
            for sp in spTree.findall(qn("p:sp")):
                if ph_idx(sp) in (1, 3):
                    _lst(sp, [el("a:lvl1pPr", {"marL": 0, "indent": 0}, el("a:spcBef", None, el("a:spcPts", {"val": 0})), el("a:buNone"),
                                 el("a:defRPr", {"sz": 2200, "b": 1}, solid(NAVY)))])
                    sp.find(".//" + qn("a:bodyPr")).set("anchor", "b")
        elif name == "Picture with Caption":
            for sp in spTree.findall(qn("p:sp")):
                if ph_idx(sp) == 2:
                    _lst(sp, [el("a:lvl1pPr", {"marL": 0, "indent": 0}, el("a:spcBef", None, el("a:spcPts", {"val": 0})), el("a:buNone"), el("a:defRPr", {"sz": 1800}))])


def _lst(sp: etree._Element, levels: list[etree._Element]) -> None:
    ls = sp.find(".//" + qn("a:lstStyle"))
    for c in list(ls):
        ls.remove(c)
    for lv in levels:
        ls.append(lv)


def _background(root: etree._Element, color: str) -> None:
    cSld = root.find("p:cSld", NS)
    old = cSld.find("p:bg", NS)
    if old is not None:
        cSld.remove(old)
    cSld.insert(0, el("p:bg", None, el("p:bgPr", None, solid(color), el("a:effectLst"))))


def _title_slide(root: etree._Element, spTree: etree._Element) -> None:
    _background(root, NAVY)
    n = next_id(root)
    insert_decoration(spTree, [rect(n, "Accent line", (0.9, 3.95, 2.2, 0.06), "5B9BD5")])
    for sp in spTree.findall(qn("p:sp")):
        idx = ph_idx(sp)
        if idx == 0:
            sp.find(".//" + qn("a:bodyPr")).set("anchor", "b")
            _lst(sp, [el("a:lvl1pPr", {"algn": "l"}, el("a:defRPr", {"sz": 4400, "b": 1}, solid("FFFFFF")))])
        elif idx == 1:
            sp.find(".//" + qn("a:bodyPr")).set("anchor", "t")
            levels = [el(f"a:lvl{i}pPr", {"marL": 0, "indent": 0, "algn": "l"}, el("a:spcBef", None, el("a:spcPts", {"val": 600})),
                         el("a:buNone"), el("a:defRPr", {"sz": 2400 if i == 1 else 2000}, solid("D6E0EE")))
                      for i in range(1, 10)]
            _lst(sp, levels)
        elif idx in FOOTERS:
            for rpr in sp.iter(qn("a:defRPr")):
                rpr.insert(0, solid("8EA9DB"))


def _section_header(root: etree._Element, spTree: etree._Element) -> None:
    _background(root, "F3F6FA")
    n = next_id(root)
    insert_decoration(spTree, [rect(n, "Side bar", (0, 0, 0.35, 7.5), NAVY),
                               rect(n + 1, "Accent line", (1.2, 3.98, 2.2, 0.06), BLUE)])
    for sp in spTree.findall(qn("p:sp")):
        idx = ph_idx(sp)
        if idx == 0:
            sp.find(".//" + qn("a:bodyPr")).set("anchor", "b")
            _lst(sp, [el("a:lvl1pPr", {"algn": "l"}, el("a:defRPr", {"sz": 4000, "b": 1, "cap": "none"}, solid(NAVY)))])
        elif idx == 1:
            sp.find(".//" + qn("a:bodyPr")).set("anchor", "t")
            levels = [el(f"a:lvl{i}pPr", {"marL": 0, "indent": 0}, el("a:buNone"),
                         el("a:defRPr", {"sz": 2000}, solid(GREY))) for i in range(1, 10)]
            _lst(sp, levels)


def fix_notes_master(prs) -> None:
    """A notes master of our own: python-pptx's default frames a 4:3 slide on the notes page."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    master = prs.notes_master  # created from python-pptx's default when the deck has none
    page_w = int(prs.part._element.find(qn("p:notesSz")).get("cx"))
    image = next(ph for ph in master.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_IMAGE)
    w = page_w - int(Inches(1.5))
    h = int(w * HEIGHT / WIDTH)
    image.left, image.top, image.width, image.height = (page_w - w) // 2, int(Inches(0.75)), w, h
    for ph in master.placeholders:
        if ph.placeholder_format.type == PP_PLACEHOLDER.BODY:
            bottom = ph.top + ph.height
            ph.top = image.top + h + int(Inches(0.3))
            ph.height = bottom - ph.top


def main() -> int:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    fix_theme(prs)
    fix_master(prs)
    fix_layouts(prs)
    fix_notes_master(prs)
    cp = prs.core_properties
    cp.title, cp.author, cp.subject = "trainerkit reference deck", "trainerkit", ""
    cp.last_modified_by, cp.comments = "trainerkit", ""  # not python-pptx's own template's
    cp.revision = 1
    buf = io.BytesIO()
    prs.save(buf)
    OUT.write_bytes(buf.getvalue())
    print(f"wrote {OUT} ({len(buf.getvalue())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
