"""Call recordings and videos on a slide: a media object that plays in the slide show, with an
icon (a recording) or a poster frame (a video) and the caption under it.

The media shape is what PowerPoint writes when it inserts a sound or a movie (python-pptx's
movie is the same): a p:pic whose a:audioFile / a:videoFile links (r:link) to the media part,
with the p14:media extension embedding the same part (r:embed) and holding the part to play
(p14:trim: milliseconds cut from the start and from the end); its picture is the icon or
poster. The slide's timing (builds.py) plays it on the next click and has its p:audio /
p:video node. The two relationships to the media part are of the types PowerPoint writes
(.../2006/relationships/audio or video, and Microsoft's .../2007/relationships/media).
LibreOffice Impress imports the same markup as a media object that plays in its slide show.

A video's own frames cannot be read without a video decoder, so its poster frame is drawn, as
the recording's icon is: both are made here with Pillow, once per process.
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from lxml import etree

from ... import model as m
from ... import text as tx
from ...fonts import Measure
from ..recording import caption_line, played
from .draw_text import Fonts, add_runs
from .geometry import DEFAULT_INSETS, EMU_PER_IN, EMU_PER_PT, LINE, Rect
from .items import MediaItem
from .pictures import Media, Pictures
from .shapes import (
    A_AVLST, A_BODYPR, A_BUNONE, A_HLINKCLICK, A_LSTSTYLE, A_NOFILL, A_P, A_PPR, A_PRSTGEOM, P_CNVPR,
    P_NVPR, P_SPPR, P_TXBODY, R_EMBED, R_ID, Slide, add, new_sp, qn, set_xfrm,
)

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
P14_MEDIA_URI = "{DAA4B4D4-6D71-4841-9C94-3DE7FCFB9230}"  # the p:ext holding p14:media
R_LINK = qn("r:link")
# The media part's content type, by the file's extension (as PowerPoint writes them).
CONTENT_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav", "mp4": "video/mp4"}

ICON = int(1.25 * EMU_PER_IN)  # a recording's icon, square
VIDEO_SHARE = 0.7  # a video's poster frame: this share of the body's width at most
MIN_POSTER = int(1.5 * EMU_PER_IN)  # never narrower, however little room is left
CAPTION_PT = 16.0
CAPTION_GAP = int(0.08 * EMU_PER_IN)
CAPTION_W = int(7.5 * EMU_PER_IN)  # a caption's line, at most


@dataclass
class MediaSeg:
    """A recording or video placed on a slide: its picture (icon or poster) pic_w x pic_h,
    centred over its caption; w x h the whole. step: the click that shows it (0: with the
    slide); play: the click that plays it (builds.py)."""

    recording: m.Recording
    w: int
    h: int
    pic_w: int
    pic_h: int
    caption: str
    step: int = 0
    play: int = 0

    @property
    def height(self) -> int:
        return self.h


def media_seg(item: MediaItem, W: int, avail: int, measure: Measure, labels: dict[str, str]) -> MediaSeg:
    """The recording's size in a box W wide with avail height left: the icon (or a 16:9 poster
    frame up to VIDEO_SHARE of the width), its caption's lines under it."""
    rec = item.recording
    caption = caption_line(rec, labels)
    cw = min(W, CAPTION_W)
    l, t, r, b = DEFAULT_INSETS
    lines = measure.lines(caption, (cw - l - r) / (CAPTION_PT * EMU_PER_PT))
    cap_h = int(lines * CAPTION_PT * LINE * EMU_PER_PT) + t + b
    room = max(avail - cap_h - CAPTION_GAP, 0)
    if rec.kind == "video":
        pw = max(MIN_POSTER, min(int(W * VIDEO_SHARE), room * 16 // 9))
        ph = pw * 9 // 16
    else:
        pw = ph = max(ICON // 2, min(ICON, room))
    return MediaSeg(rec, max(cw, pw), ph + CAPTION_GAP + cap_h, pw, ph, caption, item.step, item.play)


def draw_media(s: Slide, seg: MediaSeg, box: Rect, pictures: Pictures, fonts: Fonts) -> None:
    """The media shape (its picture centred at the top of box) and its caption under it; the
    slide's timing is told to play it on its click (Slide.media)."""
    rec = seg.recording
    blob = pictures.read(Path(rec.path))
    sha = hashlib.sha1(blob).hexdigest()
    ext = Path(rec.path).suffix.lower().lstrip(".")
    if sha not in pictures.media:
        pictures.media[sha] = Media(ext, CONTENT_TYPES[ext], blob, Path(rec.path).name)
    icon = poster(rec.kind)
    icon_sha = hashlib.sha1(icon).hexdigest()
    if icon_sha not in pictures.media:
        pictures.media[icon_sha] = Media("png", "image/png", icon, f"{rec.kind}.png")
    link, embed, image = s.rel(rec.kind, sha), s.rel("media", sha), s.rel("image", icon_sha)

    sid = s.shape_id()
    pic = add(s.tree, qn("p:pic"))
    nv = add(pic, qn("p:nvPicPr"))
    c_nv = add(nv, P_CNVPR, {"id": str(sid), "name": tx.xml_safe(Path(rec.path).stem) or f"Media {sid - 1}",
                             "descr": tx.xml_safe(rec.caption or Path(rec.path).name)})
    add(c_nv, A_HLINKCLICK, {R_ID: "", "action": "ppaction://media"})
    add(add(nv, qn("p:cNvPicPr")), qn("a:picLocks"), {"noChangeAspect": "1"})
    nv_pr = add(nv, P_NVPR)
    add(nv_pr, qn(f"a:{rec.kind}File"), {R_LINK: link})
    ext_el = add(add(nv_pr, qn("p:extLst")), qn("p:ext"), {"uri": P14_MEDIA_URI})
    media = etree.SubElement(ext_el, f"{{{P14}}}media", nsmap={"p14": P14})
    media.set(R_EMBED, embed)
    trim = trim_ms(rec)
    if trim is not None:
        etree.SubElement(media, f"{{{P14}}}trim", {"st": trim[0], "end": trim[1]})
    fill = add(pic, qn("p:blipFill"))
    add(fill, qn("a:blip"), {R_EMBED: image})
    add(add(fill, qn("a:stretch")), qn("a:fillRect"))
    sp_pr = add(pic, P_SPPR)
    set_xfrm(sp_pr, Rect(box.x + (box.w - seg.pic_w) // 2, box.y, seg.pic_w, seg.pic_h))
    add(add(sp_pr, A_PRSTGEOM, {"prst": "rect"}), A_AVLST)

    y = box.y + seg.pic_h + CAPTION_GAP
    cw = min(box.w, CAPTION_W)
    sp, sp_pr = new_sp(s, f"Caption {s.next_id - 1}", txbox=True)
    set_xfrm(sp_pr, Rect(box.x + (box.w - cw) // 2, y, cw, box.y + seg.h - y))
    add(add(sp_pr, A_PRSTGEOM, {"prst": "rect"}), A_AVLST)
    add(sp_pr, A_NOFILL)
    body = add(sp, P_TXBODY)
    add(body, A_BODYPR, {"wrap": "square", "anchor": "t"})
    add(body, A_LSTSTYLE)
    p = add(body, A_P)
    add(add(p, A_PPR, {"algn": "ctr", "marL": "0", "indent": "0"}), A_BUNONE)
    add_runs(p, (m.Span(seg.caption),), fonts, slide=s, size=CAPTION_PT)
    length = played(rec)
    s.media.append((sid, rec.kind, str(int(length * 1000)) if length else "indefinite", seg.play))


def trim_ms(rec: m.Recording) -> tuple[str, str] | None:
    """p14:trim's st and end: milliseconds cut from the start and from the end (MS-PPTX
    CT_MediaTrim); None when the whole recording plays. An end is cut only where the length is
    known (the checks have said when a time is past it)."""
    if rec.start is None and rec.end is None:
        return None
    start = rec.start or 0.0
    cut_end = 0.0
    if rec.end is not None and rec.length is not None:
        cut_end = max(0.0, rec.length - rec.end)
    return _ms(start), _ms(cut_end)


def _ms(seconds: float) -> str:
    ms = round(seconds * 1000, 1)
    return str(int(ms)) if ms == int(ms) else str(ms)


def recording_digests(value: Any, read) -> list[str]:
    """The digests of the recordings some slides play (for their cache key: a recording's file
    may change while the Markdown does not)."""
    return [f"{rec.path}\0{hashlib.sha256(read(Path(rec.path))).hexdigest()}"
            for rec in recordings_in(value)]


def recordings_in(value: Any) -> Iterable[m.Recording]:
    """Every recording in some blocks or slides, however deeply nested."""
    return (b for b in m.media_blocks(value) if isinstance(b, m.Recording))


# -- the icon and the poster frame ----------------------------------------------------------------

_BLUE, _DARK, _WHITE = (31, 78, 121), (38, 38, 38), (255, 255, 255)


@functools.lru_cache(maxsize=2)
def poster(kind: str) -> bytes:
    """The picture a media shape shows before it plays, as PNG bytes: for a recording a
    loudspeaker with sound waves on a blue tile, for a video a play button on a dark 16:9
    frame. Drawn four times larger, then scaled down, for smooth edges."""
    from PIL import Image, ImageDraw

    k = 4
    if kind == "video":
        w, h = 480 * k, 270 * k
        im = Image.new("RGB", (w, h), _DARK)
        d = ImageDraw.Draw(im)
        r = 70 * k
        cx, cy = w // 2, h // 2
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_WHITE)
        t = 34 * k
        d.polygon([(cx - t * 0.7, cy - t), (cx - t * 0.7, cy + t), (cx + t * 1.1, cy)], fill=_DARK)
    else:
        w = h = 240 * k
        im = Image.new("RGB", (w, h), _WHITE)
        d = ImageDraw.Draw(im)
        d.rounded_rectangle((0, 0, w - 1, h - 1), radius=40 * k, fill=_BLUE)
        u = k * 10  # the glyph drawn on a grid of 24 x 24 units
        d.rectangle((5 * u, 9 * u, 8 * u, 15 * u), fill=_WHITE)
        d.polygon([(8 * u, 9 * u), (13 * u, 5 * u), (13 * u, 19 * u), (8 * u, 15 * u)], fill=_WHITE)
        for radius in (3.5, 6.5):
            box = (13 * u - radius * u, 12 * u - radius * u, 13 * u + radius * u, 12 * u + radius * u)
            d.arc(box, start=-50, end=50, fill=_WHITE, width=int(1.4 * u))
    im = im.resize((w // k, h // k), Image.LANCZOS)
    out = io.BytesIO()
    im.save(out, "PNG", optimize=True)
    return out.getvalue()
