"""A picture's size in a box, for every writer: what the trainer asked (`{width=..}`,
`{height=..}`), the other side following with the proportions kept, the natural size when
nothing was asked, and never larger than the box (shrunk, its proportions kept)."""

from __future__ import annotations


def fit(asked_w: int | None, asked_h: int | None, natural_w: int, natural_h: int,
        box_w: int, box_h: int) -> tuple[int, int]:
    """(width, height) in the box's units; asked_w and asked_h are already in them (each
    writer resolves a share of its own page or slide), None or 0 where not asked."""
    if asked_w and asked_h:
        w, h = asked_w, asked_h
    elif asked_h:
        w, h = int(asked_h * natural_w / max(natural_h, 1)), asked_h
    else:
        w = asked_w or natural_w
        h = int(w * natural_h / max(natural_w, 1))
    if w > box_w:
        w, h = box_w, int(h * box_w / w)
    if h > box_h:
        w, h = int(w * box_h / h), box_h
    return max(1, w), max(1, h)
