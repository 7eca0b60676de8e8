"""Pictures: the image part (each file once per document), the inline drawing scaled to the
width available, and the numbered caption ("Figure 3: ...") Word can list and renumber."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ... import model
from ...errors import Diagnostic, TrainerkitError
from ...messages import _
from ...text import xml_safe
from ..picture_size import fit
from .wml import A_NS, PIC_NS, R_EMBED, R_NS, W, add

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing

EMU_PER_TWIP = 635
SEQ_FIGURE = " SEQ Figure \\* ARABIC "  # the field instruction of a caption's number



def picture(d: Drawing, parent: etree._Element, block: model.Image, ctx: Ctx,
            index: int = -1) -> None:
    rid, nw, nh = image_part(d, block)
    cx, cy = picture_size(block, nw, nh, ctx.width * EMU_PER_TWIP, ctx.height * EMU_PER_TWIP)
    p = d.p(parent, "Figure")
    drawing = add(add(p, W.r), W.drawing)
    _inline(d, drawing, rid, cx, cy, block.path.name, block.alt)
    if block.alt:
        caption(d, parent, block.alt)


def picture_size(block: model.Image, nw: int, nh: int, w: int, h: int) -> tuple[int, int]:
    """The picture's size in EMU as the slide sizes it: width and height as asked (a share of
    the text width w and page height h, or a length), one not asked following from the other
    with the proportions kept, natural size when neither is; never wider than w nor taller than
    h (shrunk, its proportions kept)."""
    aw = int(w * min(block.width, 1.0)) if block.width else block.width_emu
    ah = int(h * min(block.height, 1.0)) if block.height else block.height_emu
    return fit(aw, ah, nw, nh, w, h)


def image_part(d: Drawing, block: model.Image) -> tuple[str, int, int]:
    """The picture's rId and its size in EMU, adding its part the first time it is shown."""
    cached = d.images.get(block.path)
    if cached is None:
        try:
            rid, image = d.part.get_or_add_image(str(block.path))
        except Exception as e:  # not silent: python-docx raises many kinds, even a bare Exception
            # (a truncated JPEG), for a file it cannot take; each becomes this located error.
            raise TrainerkitError(Diagnostic(
                block.loc, "error",
                _("cannot put image {path} in the document ({kind}: {problem}); use a PNG, JPEG, "
                  "GIF or BMP file", path=str(block.path), kind=type(e).__name__, problem=str(e)))) from e
        cached = d.images[block.path] = (rid, int(image.width), int(image.height))
    if d.log is not None:
        d.log.rels.append(("image", cached[0], block.path))
    return cached


def _inline(d: Drawing, drawing: etree._Element, rid: str, cx: int, cy: int, name: str,
            descr: str) -> None:
    a = f"{{{A_NS}}}"
    pic = f"{{{PIC_NS}}}"
    inline, frame = d.inline(drawing, cx, cy, "Picture", xml_safe(descr))
    add(frame, a + "graphicFrameLocks", {"noChangeAspect": "1"}, nsmap={"a": A_NS})
    graphic = add(inline, a + "graphic", nsmap={"a": A_NS})
    data = add(graphic, a + "graphicData", {"uri": PIC_NS})
    p = add(data, pic + "pic", nsmap={"pic": PIC_NS})
    nv = add(p, pic + "nvPicPr")
    add(nv, pic + "cNvPr", {"id": "0", "name": xml_safe(name), "descr": xml_safe(descr)})
    add(nv, pic + "cNvPicPr")
    fill = add(p, pic + "blipFill")
    add(fill, a + "blip", {R_EMBED: rid}, nsmap={"r": R_NS})
    add(add(fill, a + "stretch"), a + "fillRect")
    sp = add(p, pic + "spPr")
    xfrm = add(sp, a + "xfrm")
    add(xfrm, a + "off", {"x": "0", "y": "0"})
    add(xfrm, a + "ext", {"cx": str(cx), "cy": str(cy)})
    add(add(sp, a + "prstGeom", {"prst": "rect"}), a + "avLst")


def caption(d: Drawing, parent: etree._Element, alt: str) -> None:
    """'Figure N: alt', the number a SEQ field so that Word can list and renumber figures."""
    d.figure += 1
    p = d.p(parent, "Caption")
    d.run(p, d.labels.get("figure", "Figure") + " ")
    d.field(p, SEQ_FIGURE, str(d.figure))
    d.run(p, d.sep() + alt)


def seq_result(instr: etree._Element) -> etree._Element | None:
    """The w:t holding a caption's figure number, from its field instruction (None: not one)."""
    if instr.text != SEQ_FIGURE:
        return None
    run = instr.getparent()
    result = run.getnext().getnext() if run.getnext() is not None else None
    t = result.find(W.t) if result is not None else None
    return t if t is not None and (t.text or "").isdigit() else None
