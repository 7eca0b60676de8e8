"""List numbering, for every writer: what each item of a list shows (a number, a bullet or a box
to tick), at which level, and where a numbered run starts again.

The rules, once:
- levels are 0..8 (Office has nine); deeper items than that are drawn at 8;
- an item with a task box ("- [ ] x", "1. [x] y") shows the box, whether ordered or not, and
  ends the numbered run at its level;
- an ordered item continues the run at its level, or starts one there; its number is the one
  the trainer wrote (Markdown counts on from the first item), else one more than the last;
- a shallower item ends every run deeper than it, so a nested list numbered again starts at 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import model as m

MAX_LEVEL = 8


@dataclass(frozen=True)
class Mark:
    """What one list item shows."""

    level: int
    kind: Literal["number", "bullet", "check"]
    number: int = 0        # the item's number (kind "number"), else 0
    new_run: bool = False  # the first item of a numbered run at its level (a new numbering in Word)


def marks(items: tuple[m.ListItem, ...] | list[m.ListItem]) -> list[Mark]:
    """Per item of a list, in order, what it shows."""
    out: list[Mark] = []
    last: dict[int, int] = {}  # level -> the number of the run's last item
    for item in items:
        level = max(0, min(item.level, MAX_LEVEL))
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        if item.check is not None:
            last.pop(level, None)
            out.append(Mark(level, "check"))
        elif item.ordered:
            new = level not in last
            n = item.number if item.number is not None else last.get(level, 0) + 1
            last[level] = n
            out.append(Mark(level, "number", n, new))
        else:
            last.pop(level, None)
            out.append(Mark(level, "bullet"))
    return out
