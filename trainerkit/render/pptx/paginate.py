"""Where a slide's content goes: its items split over as many slides as they need (between
blocks, list items, sentences of a paragraph taller than a slide, and table rows), balanced so
no last slide is nearly empty, and placed in the layout's regions (body placeholders, columns,
a picture placeholder, text beside a picture). The result is a list of Pages: per slide its
title, layout, regions of measured segments, column headers and notes, which draw.py draws.

slide_counts (the guide's page numbers) comes from the same plan, so it always agrees with
the deck.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from ... import model as m
from ... import text as tx
from ...fonts import Measure
from .geometry import COLUMN_GAP, EMU_PER_IN, EMU_PER_PT, FILL, GAP, MIN_BODY_PT, MIN_PT, SAFETY, Rect, union
from .items import ImageItem, Item, JumpsItem, MediaItem, Para, ProcessItem, RoleplayItem, TableItem, items, lower
from .jumps import jumps_seg
from .measure import (
    ImageSeg, ProcessSeg, Seg, TableSeg, TextSeg, image_fit, para_height, para_size, process_layout,
    roleplay_layout, space_before, table_layout, text_height,
)
from .media import MediaSeg, media_seg
from .pictures import Pictures
from .reference import LayoutInfo, TextStyle


@dataclass
class Region:
    """A box of the slide and what goes in it; ph: the placeholder idx the first text goes into."""

    rect: Rect
    segs: list[Seg]
    ph: int | None
    styles: TextStyle
    center: bool = False  # centre the content vertically (a picture beside text)


@dataclass
class Page:
    """One slide to draw."""

    title: str
    layout: str
    regions: list[Region]
    headers: dict[int, tuple[m.Text, ...]] = field(default_factory=dict)  # header ph idx -> text
    notes: tuple[m.Block, ...] = ()


@dataclass
class Plan:
    """What planning needs besides a slide: the course's words, the pictures (for their sizes)
    and the deck's list counter (two lists never share a numbering run)."""

    labels: dict[str, str]
    pictures: Pictures
    measure: Measure  # the body text's typeface (a script's speaker indent is measured in it)
    counter: list[int] = field(default_factory=lambda: [0, 0])  # lists, build steps (shared by copies)

    def items(self, blocks, title: str = "") -> list[Item]:
        return items(blocks, self.labels, self.counter, self.measure, title=title)


_SENTENCE_END = re.compile(r"[。！？!?…]+[\"”’」』)）]*|\.+[\"”’)]*(?=\s|$)")


CONTENT_LAYOUT = "Title and Content"  # where a section's content goes when its own slide is too small


def slide_pages(ds: m.DeckSlide, info_of: Callable[[str], LayoutInfo], plan: Plan) -> list[Page]:
    """A DeckSlide's pages: one slide, more where its content continues (their titles say so;
    the notes go on the first). A section whose content does not fit its section slide keeps
    that slide for its title, and its content goes on content slides under the same title."""
    out = page_plan(ds, info_of(ds.layout), plan)
    first = 1  # the first page whose title says it continues
    if ds.kind == "section" and len(out) > 1:
        content = replace(ds, layout=CONTENT_LAYOUT, kind="content")
        out = [Page(ds.title, ds.layout, [])] + page_plan(content, info_of(CONTENT_LAYOUT), plan)
        first = 2
    for k, page in enumerate(out):
        if k >= first:
            label = plan.labels.get("continued", "(cont.)")
            sep = "" if label and tx.is_cjk(label[0]) else " "
            page.title = f"{ds.title}{sep}{label}" if ds.title else ""
        elif k == 0:
            page.notes = tuple(ds.notes)
    return out


def paginate(items_: list[Item], rect: Rect, style: TextStyle, plan: Plan, scale: float = 1.0,
             limit: int | None = None) -> list[list[Seg]]:
    """Split items into pages that fit rect: between blocks, list items, sentences of a
    paragraph taller than a slide, and table rows. scale: the body text at a fraction of its
    size; limit: fill a page only this far (to balance pages), sizes still fit rect."""
    W, H = rect.w, int(rect.h * SAFETY)
    cap = min(H, limit) if limit else H
    l, t, r, b = style.insets
    items_ = split_long(items_, style, W, H, scale)
    pages: list[list[Seg]] = [[]]
    used = 0

    def new_page():
        nonlocal used
        pages.append([])
        used = 0

    for n, item in enumerate(items_):
        page = pages[-1]
        if isinstance(item, Para):
            h = para_height(item, style, W - l - r, scale)
            nxt = 0
            if item.keep_next and n + 1 < len(items_) and isinstance(items_[n + 1], Para):
                nxt = para_height(items_[n + 1], style, W - l - r, scale)
            joins = bool(page) and isinstance(page[-1], TextSeg)
            first = h - space_before(item, style, scale) + t + b  # opens a new text frame
            cost = h if joins else first + (GAP if page else 0)
            if used + cost + nxt > cap and page:
                new_page()
                page, joins, cost = pages[-1], False, first
            if joins:
                page[-1].paras.append(item)
                page[-1].height += h
            else:
                page.append(TextSeg([item], first, scale))
            used += cost
            seg = page[-1]
            if seg.height > H and len(seg.paras) == 1:  # one sentence taller than a slide: shrink
                size = para_size(item, style.levels[min(item.level, 8)])
                sc = scale
                while text_height(seg.paras, style, W, sc) > H and size * sc > MIN_PT:
                    sc -= 0.05
                seg.scale = max(sc, MIN_PT / size)
                seg.height = text_height(seg.paras, style, W, seg.scale)
                used = seg.height
        elif isinstance(item, TableItem):
            base = style.levels[0].size
            layout = table_layout(item.table, W, H, base, style.measure, equal=item.kind == "phrases")
            rows, heights = list(layout.rows), layout.heights[1:]
            i = 0
            while True:
                page = pages[-1]
                gap = GAP if page else 0
                avail = cap - used - gap
                k, acc = 0, layout.heights[0]
                while i + k < len(rows) and acc + heights[i + k] <= avail:
                    acc += heights[i + k]
                    k += 1
                if k == 0 and rows[i:] and page:
                    new_page()
                    continue
                if k == 0 and rows[i:]:
                    k, acc = 1, layout.heights[0] + heights[i]
                page.append(TableSeg(item.table, tuple(rows[i:i + k]), layout.size, layout.widths,
                                     [layout.heights[0]] + heights[i:i + k], item.kind, item.step))
                used += gap + acc
                i += k
                if i >= len(rows):
                    break
                new_page()
        elif isinstance(item, (ProcessItem, RoleplayItem)):
            gap = GAP if page else 0
            if isinstance(item, ProcessItem):
                def lay(it, w, h):
                    return process_layout(it, w, h, style.measure)
            else:
                def lay(it, w, h):
                    return roleplay_layout(it, plan.labels, w, h, style.measure)
            seg = lay(item, W, H - used - gap) if page else None
            if seg is None or used + gap + seg.height > cap:
                if page:
                    new_page()
                gap, seg = 0, lay(item, W, H)
            if seg is None:  # a scenario too long for a card: as text that may continue
                lowered = lower(replace(item.roleplay, title=""), plan.labels)
                more = paginate(plan.items(lowered), rect, style, plan, scale, limit)
                if pages[-1]:
                    new_page()
                pages[-1].extend(more[0])
                pages.extend(more[1:])
                used = sum(s.height for s in pages[-1]) + GAP * (len(pages[-1]) - 1)
                continue
            seg.step = item.step
            pages[-1].append(seg)
            used += gap + seg.height
        elif isinstance(item, JumpsItem):  # a simulation's replies: below its lines, or on the next slide
            gap = GAP if page else 0
            base = style.levels[0].size * scale
            seg, fits = jumps_seg(item, W, H - used - gap, base, style.measure, below=bool(page))
            if not fits and page:
                new_page()
                gap, seg = 0, jumps_seg(item, W, H, base, style.measure)[0]
            pages[-1].append(seg)
            used += gap + seg.height
        elif isinstance(item, MediaItem):  # a recording: on this slide, smaller, or on the next
            gap = GAP if page else 0
            media = media_seg(item, W, H, style.measure, plan.labels)
            avail = H - used - gap
            if media.height > avail:
                if page and avail < max(H * 0.4, media.height * 0.6):
                    new_page()
                    gap, avail = 0, H
                media = media_seg(item, W, avail, style.measure, plan.labels)
            pages[-1].append(media)
            used += gap + media.height
        else:
            gap = GAP if page else 0
            w, h = image_fit(plan.pictures, item.image, W, H)
            avail = H - used - gap
            if h > avail:
                if page and avail < max(H * 0.4, h * 0.6):
                    new_page()
                    page, gap, avail = pages[-1], 0, H
                w, h = image_fit(plan.pictures, item.image, W, avail)
            pages[-1].append(ImageSeg(item.image, w, h, item.step))
            used += gap + h
    return [p for p in pages if p] or [[]]


def balanced(items_: list[Item], rect: Rect, style: TextStyle, plan: Plan) -> list[list[Seg]]:
    """Pages without a nearly empty last one: when a little spills over, the body a size
    smaller (not below MIN_BODY_PT) if that keeps it on one slide fewer; else the same number
    of slides, filled evenly, but every slide that continues at least FILL full (the last one
    takes what is left)."""
    pages = paginate(items_, rect, style, plan)
    if len(pages) < 2 or any(isinstance(i, ImageItem) for i in items_):
        return pages
    H = int(rect.h * SAFETY)
    last = sum(s.height for s in pages[-1]) + GAP * (len(pages[-1]) - 1)
    if last < H * 0.35 and any(isinstance(i, Para) for i in items_):
        base = style.levels[0].size
        scale = 0.95
        while scale >= 0.849 and base * scale >= MIN_BODY_PT - 0.01:  # slightly smaller only
            fewer = paginate(items_, rect, style, plan, scale)
            if len(fewer) < len(pages):
                return fewer
            scale -= 0.05
    lo, hi = max(H // len(pages), int(H * FILL)), H
    while hi - lo > 6 * EMU_PER_PT:
        mid = (lo + hi) // 2
        if len(paginate(items_, rect, style, plan, limit=mid)) <= len(pages):
            hi = mid
        else:
            lo = mid
    even = paginate(items_, rect, style, plan, limit=hi)
    return even if len(even) == len(pages) else pages


def split_long(items_: list[Item], style: TextStyle, W: int, H: int, scale: float) -> list[Item]:
    """A paragraph taller than a slide, cut at sentence ends into pieces that fit one."""
    out: list[Item] = []
    for item in items_:
        if not isinstance(item, Para) or item.kind == "code" or text_height([item], style, W, scale) <= H:
            out.append(item)
            continue
        text = m.plain(item.spans)
        ends = [e.end() for e in _SENTENCE_END.finditer(text)]
        cuts = [e for e in ends if e < len(text)]
        if not cuts:
            out.append(item)
            continue
        start, piece = 0, item
        bounds = cuts + [len(text)]
        k = 0
        while start < len(text):
            # the most sentences from start that fit one slide (at least one)
            j = k
            while j + 1 < len(bounds):
                trial = replace(piece, spans=cut_spans(item.spans, start, bounds[j + 1]))
                if text_height([trial], style, W, scale) > H:
                    break
                j += 1
            end = bounds[j]
            out.append(replace(piece, spans=cut_spans(item.spans, start, end), keep_next=False))
            piece = replace(item, cont=True, keep_next=False, lead=0)
            start = end
            while start < len(text) and text[start].isspace():
                start += 1
            k = j + 1
            if k >= len(bounds):
                break
    return out


def cut_spans(spans: tuple[m.Span, ...], start: int, end: int) -> tuple[m.Span, ...]:
    """The spans covering characters start..end of their text, formatting kept."""
    out, pos = [], 0
    for sp in spans:
        a, b = pos, pos + len(sp.text)
        pos = b
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            out.append(sp if (lo, hi) == (a, b) else replace(sp, text=sp.text[lo - a:hi - a]))
    return tuple(out)


# -- the page plan of one DeckSlide ---------------------------------------------------------------


def page_plan(ds: m.DeckSlide, info: LayoutInfo, plan: Plan) -> list[Page]:
    """A DeckSlide's content over pages and the layout's regions."""
    blocks = list(ds.blocks)
    cols = [b for b in blocks if isinstance(b, m.Columns)]
    if cols and len(cols[0].columns) >= 1:
        return _plan_columns(ds, info, blocks, cols[0], plan)
    its = plan.items(blocks, title=ds.title)
    if not its:
        return [Page(ds.title, ds.layout, [])]
    # A picture placeholder takes the first picture.
    pic_region = None
    if info.pictures and any(isinstance(i, ImageItem) for i in its):
        first = next(i for i in its if isinstance(i, ImageItem))
        its.remove(first)
        _, prect = info.pictures[0]
        w, h = image_fit(plan.pictures, first.image, prect.w, prect.h)
        pic_region = Region(prect, [ImageSeg(first.image, w, h, first.step)], None, info.default_style,
                            center=True)
    ph, rect = (info.content[0] if info.content else (None, info.area))
    style = info.styles.get(ph, info.default_style) if ph is not None else info.default_style
    if len(info.content) > 1:
        rect = info.area  # one flow over all the body placeholders
    side = _side_by_side(its, rect, style, ph, plan)
    if side is not None:
        pages = [side]
    else:
        # A process (or a recording) alone on its slide sits in the middle of the body, not at its top.
        pages = [[Region(rect, segs, ph, style, center=all(isinstance(g, (ProcessSeg, MediaSeg)) for g in segs))]
                 for segs in balanced(its, rect, style, plan)]
    out = []
    for k, regions in enumerate(pages):
        if pic_region is not None and k == 0:
            regions = [pic_region] + regions
        out.append(Page(ds.title, ds.layout, regions))
    return out


def _side_by_side(its: list[Item], rect: Rect, style: TextStyle, ph: int | None, plan: Plan) -> list[Region] | None:
    """Text left, picture right, when a slide has text and one picture and that reads well."""
    images = [i for i in its if isinstance(i, ImageItem)]
    paras = [i for i in its if isinstance(i, Para)]
    if len(images) != 1 or not paras or len(paras) + 1 != len(its):
        return None
    image = images[0].image
    if image.width is not None and image.width > 0.6:
        return None
    text_w = int(rect.w * 0.56)
    if text_height(paras, style, text_w) > rect.h * SAFETY:
        return None
    pic_x = rect.x + text_w + COLUMN_GAP
    pic_rect = Rect(pic_x, rect.y, rect.right - pic_x, rect.h)
    w, h = image_fit(plan.pictures, image, pic_rect.w, pic_rect.h, base=rect.w)
    text = TextSeg(paras, text_height(paras, style, text_w))
    return [Region(Rect(rect.x, rect.y, text_w, rect.h), [text], ph, style),
            Region(pic_rect, [ImageSeg(image, w, h, images[0].step)], None, style)]


def _column_head(block: m.Block) -> tuple[m.Text, m.Block | None] | None:
    """A column's header for a layout's heading placeholder: its first block if a heading, or
    the first line of a paragraph when that line is all bold ("**Avoid**"), with the rest of
    the paragraph (None when nothing is left). None: the column has no header."""
    if isinstance(block, m.Heading):
        return tuple(block.text), None
    if not isinstance(block, m.Paragraph):
        return None
    spans = tuple(block.text)
    cut = next((k for k, sp in enumerate(spans) if sp.text == "\n"), len(spans))
    line, rest = spans[:cut], spans[cut + 1:]
    if not m.plain(line).strip() or not all(sp.bold for sp in line if sp.text.strip()):
        return None
    head = list(line)
    head[0] = replace(head[0], text=head[0].text.lstrip())
    head[-1] = replace(head[-1], text=head[-1].text.rstrip())
    return tuple(sp for sp in head if sp.text), (replace(block, text=rest) if m.plain(rest).strip() else None)


def _plan_columns(ds: m.DeckSlide, info: LayoutInfo, blocks: list[m.Block], cols: m.Columns,
                  plan: Plan) -> list[Page]:
    """Columns side by side (the layout's body placeholders when it has enough, else equal
    shares), with what comes before them above and what follows below."""
    at = blocks.index(cols)
    before = plan.items(blocks[:at], title=ds.title)
    after = plan.items(blocks[at + 1:], title=ds.title)
    columns = [list(c) for c in cols.columns]
    n = len(columns)
    area = info.area
    style0 = info.default_style
    top_h = _flow_height(before, area, style0, plan) if before else 0
    bottom_h = _flow_height(after, area, style0, plan) if after else 0
    heads: list[tuple[m.Text, ...] | None] = []
    rests: list[m.Block | None] = []  # what stays of a column's first block under its header
    for c in columns:
        head = _column_head(c[0]) if c and info.headers else None
        heads.append(tuple(head[0]) if head is not None else None)
        rests.append(head[1] if head is not None else None)
    use_headers = bool(info.headers) and len(info.content) >= n and any(heads)
    boxes: list[tuple[int | None, Rect, TextStyle]] = []
    if len(info.content) >= n:
        for idx, r in info.content[:n]:
            if not use_headers and idx in info.headers:
                r = union([r, info.headers[idx][1]])
            boxes.append((idx, r, info.styles[idx]))
    else:
        gapw = COLUMN_GAP * (n - 1)
        cw = (area.w - gapw) // n
        boxes = [(None, Rect(area.x + i * (cw + COLUMN_GAP), area.y, cw, area.h), style0) for i in range(n)]
    if cols.widths and len(cols.widths) == n:
        boxes = _shared(boxes, cols.widths)
    if top_h or bottom_h:
        new = []
        for idx, r, st in boxes:
            y0 = max(r.y, area.y + top_h + (GAP if top_h else 0))
            y1 = min(r.bottom, area.bottom - bottom_h - (GAP if bottom_h else 0))
            nr = Rect(r.x, y0, r.w, max(y1 - y0, EMU_PER_IN))
            new.append((idx, nr, st))
        boxes = new
    col_pages = []
    header_text: dict[int, tuple[m.Text, ...]] = {}
    for (idx, r, st), blocks_c, head, rest in zip(boxes, columns, heads, rests):
        if use_headers and head is not None and idx in info.headers:
            header_text[info.headers[idx][0]] = head
            blocks_c = ([rest] if rest is not None else []) + blocks_c[1:]
        its = plan.items(blocks_c, title=ds.title)
        col_pages.append(paginate(its, r, st, plan) if its else [[]])
    pages = []
    for k in range(max(len(p) for p in col_pages)):
        regions = []
        if k == 0 and before:
            segs = paginate(before, area, style0, plan)[0]
            regions.append(Region(Rect(area.x, area.y, area.w, top_h), segs, None, style0))
        for (idx, r, st), cp in zip(boxes, col_pages):
            if k < len(cp) and cp[k]:
                regions.append(Region(r, cp[k], idx, st))
        if after and k == max(len(p) for p in col_pages) - 1:
            y = area.bottom - bottom_h
            regions.append(Region(Rect(area.x, y, area.w, bottom_h),
                                  paginate(after, Rect(area.x, y, area.w, area.h), style0, plan)[0], None, style0))
        pages.append(Page(ds.title, ds.layout, regions, dict(header_text)))
    return pages


def _shared(boxes: list[tuple[int | None, Rect, TextStyle]], widths: tuple[float | None, ...]
            ) -> list[tuple[int | None, Rect, TextStyle]]:
    """The column boxes spread over the width they span together, each as wide as its share in
    percent (pandoc's {.column width="40%"}); a column without one shares what is left."""
    x0 = min(r.x for _, r, _ in boxes)
    x1 = max(r.x + r.w for _, r, _ in boxes)
    room = x1 - x0 - COLUMN_GAP * (len(boxes) - 1)
    rest = max(0.0, 100.0 - sum(w or 0 for w in widths))
    free = sum(1 for w in widths if not w)
    shares = [w if w else rest / free for w in widths]
    out, x = [], x0
    for (idx, r, st), share in zip(boxes, shares):
        w = max(int(room * share / 100), EMU_PER_IN // 2)
        out.append((idx, Rect(x, r.y, w, r.h), st))
        x += w + COLUMN_GAP
    return out


def _flow_height(its: list[Item], area: Rect, style: TextStyle, plan: Plan) -> int:
    segs = paginate(its, area, style, plan)[0]
    return sum(s.height for s in segs) + GAP * (len(segs) - 1)
