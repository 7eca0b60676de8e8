"""Check: whole-course validation after parsing, before anything is written."""

from __future__ import annotations

import difflib

from .errors import Diagnostics, Location
from .model import Course
from .plan import layouts_asked
from .templates import builtin


def check_course(course: Course, diags: Diagnostics) -> None:
    """Problems no single file shows: duplicate module ids, layouts the deck lacks, bad themes."""
    seen: dict[str, Location] = {}
    for module in course.modules:
        if module.id in seen:
            diags.error(module.loc, f'module id "{module.id}" is already used by {seen[module.id]}; '
                                    'give one of them another "id:" in its front matter')
        else:
            seen[module.id] = module.loc
    check_layouts(course, diags)


def check_layouts(course: Course, diags: Diagnostics) -> None:
    asked = layouts_asked(course)
    reference = course.theme_pptx or builtin("reference.pptx")
    try:
        from .render.pptx import layout_names

        names = layout_names(reference)
    except Exception as e:  # a broken corporate deck is the trainer's to fix, not a crash
        diags.error(Location.of(reference), f"cannot open this deck as a PowerPoint template ({e}); "
                                            "save it again from PowerPoint as .pptx")
        return
    for layout, loc in asked:
        if layout not in names:
            close = difflib.get_close_matches(layout, names, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            diags.error(loc, f'unknown layout "{layout}"; {hint}the reference deck has: '
                             + ", ".join(names))
