"""The training system's catalogue drawn (issue 17): catalog.docx through the document writer,
catalog.html from templates/catalogue.html.j2 (a system's own templates/ overrides it), both from
catalogue_plan's plain data, in the system's language.
"""

from __future__ import annotations

from pathlib import Path

from .catalogue_plan import (
    QA_PHASES, catalogue_document, cell_text, entry_text, minutes_text, plan_catalogue, qa_text, source_text,
)
from .errors import Diagnostics
from .messages import _
from .model import Course
from .results.report import DASH, page_start, pct
from .text import page_font_family

FILES = ("catalog.docx", "catalog.html")


def _reference(system_root: Path, diags: Diagnostics) -> Path | None:
    """The system's templates/reference.docx (or .dotx), checked; None: the built-in one."""
    from .load import inside
    from .reference import check_reference

    for name in ("reference.docx", "reference.dotx"):
        path = system_root / "templates" / name
        if path.is_file() and inside(system_root, path):
            return path if check_reference(path, _("reference document"), diags) else None
    return None


def _page(plan: dict, labels: dict[str, str]) -> dict:
    """What the page's template sees beside the plan: every figure and cell as it reads."""
    titles = plan["titles"]
    return {
        "title": plan["title"], "near_copy": plan["near_copy"],
        "intro": labels["catalog_intro"].format(courses=len(plan["courses"]), modules=len(plan["matrix"]["rows"])),
        "courses": [{**c, "minutes_text": minutes_text(c["minutes"], labels),
                     "modules": [{**m, "minutes_text": minutes_text(m["minutes"], labels),
                                 "source": source_text(m, labels)} for m in c["modules"]]}
                    for c in plan["courses"]],
        "matrix": {"courses": plan["matrix"]["courses"],
                   "rows": [{**r, "cells": [{**c, "lines": cell_text(c, labels).split("\n")} for c in r["cells"]]}
                            for r in plan["matrix"]["rows"]]},
        "objectives": [{**o, "taught_in": [titles.get(n, n) for n in o["courses"]],
                        **{kind: [entry_text(e, titles, labels) for e in o[kind]]
                           for kind in ("questions", "roleplays", "simulations")}}
                       for o in plan["objectives"]],
        "mastery": [{**o, "rows": [{**r, "course": titles.get(r["course"], r["course"]),
                                    "mastery_text": pct(r["mastery"])} for r in o["rows"]],
                     "all": {**o["all"], "mastery_text": pct(o["all"]["mastery"])}} for o in plan["mastery"]],
        "qa": [{**o, "rows": [{"course": titles.get(r["course"], r["course"]),
                               "figures": [qa_text(r[p], labels) for p in QA_PHASES]} for r in o["rows"]],
                "all": [qa_text(o["all"][p], labels) for p in QA_PHASES]} for o in plan["qa"]],
        "dash": DASH,
    }


def catalogue_files(system_root: Path, title: str, language: str, courses: list[Course],
                    diags: Diagnostics | None = None) -> dict[str, bytes]:
    """catalog.docx and catalog.html of a system's courses (as build.load returns them). A
    problem (the system's reference document, its own catalogue template) is a located error
    in diags; without diags, a TrainerkitError."""
    from .quiz.html import html_lang
    from .render.docx import render_document
    from .templates import Templates

    system_root = Path(system_root).absolute()
    own = Diagnostics() if diags is None else diags
    stand_in = Course(root=system_root, title=title, language=language)  # the system's templates/
    templates = Templates(stand_in, own)
    labels = templates.labels
    plan = plan_catalogue(system_root, title, language, courses)
    document = catalogue_document(plan, labels, _reference(system_root, own))
    body = templates.text("catalogue.html.j2", page=_page(plan, labels),
                          language=html_lang(language), fonts=page_font_family(language))
    if diags is None:
        own.raise_if_errors()
    html = page_start(language) + body if body is not None else ""
    return {"catalog.docx": render_document(document), "catalog.html": html.encode("utf-8")}
