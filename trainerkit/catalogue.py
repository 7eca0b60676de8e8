"""The training system's catalogue drawn (issue 17), from catalogue_plan's plain data, in the
system's language: catalog.docx as a model Document (`catalogue_document`: headings, native
tables, the matrix's cells shaded) through the document writer, and catalog.html from
templates/catalogue.html.j2 (a system's own templates/ overrides it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import dates
from .catalogue_plan import COPY, QA_PHASES, USED, plan_catalogue
from .errors import Diagnostics
from .messages import _
from .model import (
    BulletList, Course, DocBlock, Document, Heading, ListItem, PageBreak, Paragraph, Span, Table, text_of,
)
from .results.report import DASH, GOOD, LOW, NEAR, page_start, pct, shares
from .text import page_font_family

FILES = ("catalog.docx", "catalog.html")
MATRIX_COURSES = 6  # the Word matrix shows this many courses side by side, then a next table
# the objectives table's columns, in percent: objective, courses, questions, role-plays, simulations
OBJECTIVE_WIDTHS = (20.0, 16.0, 30.0, 17.0, 17.0)
COPY_FILL = NEAR  # a copy in the matrix: amber; used: green
MATRIX_FIRST = 28.0  # the matrix's module column, in percent of the width; the courses share the rest
MANY_COURSES = 3  # on paper, an objective of more courses says how many (the matrix says which)


def cell_text(cell: dict[str, Any], labels: dict[str, str]) -> str:
    """A matrix cell as it reads: ✓; copy (near copy and how alike), then the copy's file; or
    empty."""
    if cell["kind"] == USED:
        return "✓"
    if cell["kind"] == COPY:
        if cell["percent"] is None:
            return f"{labels['catalog_copy_word']}\n{cell['module']}"
        return f"{labels['catalog_near_copy'].format(percent=cell['percent'])}\n{cell['module']}"
    return ""


def courses_text(names: list[str], titles: dict[str, str], labels: dict[str, str], most: int | None = None) -> str:
    """Courses by title ("新人入职培训，复训"); more than most of them as how many ("12 门课程")."""
    if most is not None and len(names) > most:
        return labels["catalog_n_courses"].format(n=len(names))
    return labels["list_sep"].join(titles.get(n, n) for n in names)


def entry_text(entry: dict[str, Any], titles: dict[str, str], labels: dict[str, str],
               most: int | None = None) -> str:
    """What assesses an objective, with the courses it is in: "opening.q1 …（新人入职培训，复训）"."""
    return labels["report_detail"].format(value=entry["text"],
                                          detail=courses_text(entry["courses"], titles, labels, most))


def source_text(module: dict[str, Any], labels: dict[str, str]) -> str:
    """Where a course's module comes from: the library, or the course's own (a copy of ...)."""
    if module["library"]:
        return labels["catalog_library"]
    if module["copy_of"]:
        return labels["report_detail"].format(value=labels["catalog_own"],
                                              detail=labels["catalog_copy"].format(module=module["copy_of"]))
    return labels["catalog_own"]


def minutes_text(value: int | None, labels: dict[str, str]) -> str:
    return DASH if value is None else f"{value} {labels['minutes']}"


def catalogue_blocks(plan: dict[str, Any], labels: dict[str, str]) -> list[DocBlock]:
    """The catalogue's blocks, in the system's words (labels)."""
    blocks: list[DocBlock] = []
    colon = labels["colon"]
    titles = plan["titles"]

    def heading(level: int, text: str) -> None:
        blocks.append(Heading(level, text_of(text)))

    def para(*spans: Span) -> None:
        blocks.append(Paragraph(tuple(s for s in spans if s.text)))

    def table(header: list[str], rows: list[list[str]], align: list[str | None],
              fills: list[list[str | None]] | None = None, free: tuple[int, ...] = (0,),
              widths: tuple[float | None, ...] | None = None, bold: set[int] = frozenset()) -> None:
        """A table; free: its columns of running text, sharing what the others leave; bold:
        the rows (by index) in bold, the totals."""
        blocks.append(Table(tuple(text_of(h) for h in header),
                            tuple(tuple((Span(c, bold=True),) if k in bold and c else text_of(c) for c in r)
                                  for k, r in enumerate(rows)), tuple(align),
                            widths=widths or shares(header, rows, free),
                            fills=tuple(tuple(f) for f in fills or ())))

    courses, rows = plan["courses"], plan["matrix"]["rows"]
    heading(0, f"{plan['title']} · {labels['catalog']}")
    para(Span(labels["catalog_intro"].format(courses=len(courses), modules=len(rows)), italic=True))

    heading(1, labels["catalog_courses"])
    for c in courses:
        heading(2, c["title"])
        para(Span(f"{labels['catalog_audience']}{colon}", bold=True),
             Span(c["audience"] or labels["catalog_no_audience"]))
        body = [[m["title"], minutes_text(m["minutes"], labels), source_text(m, labels), m["path"]]
                for m in c["modules"]]
        body.append([labels["catalog_total"], minutes_text(c["minutes"], labels), "", ""])
        table([labels["module"], labels["duration"], labels["catalog_source"], labels["catalog_file"]],
              body, [None, "right", None, None], free=(0, 2), bold={len(body) - 1})
        if c["objectives"]:
            para(Span(labels["objectives"], bold=True))
            blocks.append(BulletList(tuple(ListItem(text_of(f"{o['id']}  {o['text']}"))
                                           for o in c["objectives"])))

    # each part on a page of its own; the notes after their tables (a heading keeps with the
    # table under it)
    blocks.append(PageBreak())
    heading(1, labels["catalog_matrix"])
    if not rows:
        para(Span(labels["catalog_no_library"]))
    matrix = plan["matrix"]["courses"]
    for start in range(0, max(len(matrix), 1), MATRIX_COURSES):
        part = list(range(start, min(start + MATRIX_COURSES, len(matrix))))
        if not rows or not part:
            break
        header = [labels["catalog_library_module"]] + [matrix[k]["title"] for k in part]
        body, fills = [], []
        for r in rows:
            cells = [r["cells"][k] for k in part]
            first = f"{r['title']}\n{r['path']}" + ("" if r["uses"] or r["copies"] else
                                                    f"\n{labels['catalog_unused']}")
            body.append([first] + [cell_text(c, labels) for c in cells])
            fills.append([None if r["uses"] or r["copies"] else LOW]
                         + [GOOD if c["kind"] == USED else COPY_FILL if c["kind"] == COPY else None
                            for c in cells])
        share = (100.0 - MATRIX_FIRST) / max(len(part), 3)
        table(header, body, [None] + ["center"] * len(part), fills,
              widths=(MATRIX_FIRST,) + (share,) * len(part))
    if rows:
        para(Span(labels["catalog_matrix_key"].format(percent=plan["near_copy"]), italic=True))

    blocks.append(PageBreak())
    heading(1, labels["catalog_objectives"])
    body, fills = [], []
    for o in plan["objectives"]:
        def listed(entries: list[dict[str, Any]]) -> str:
            return "\n".join(entry_text(e, titles, labels, MANY_COURSES) for e in entries) or DASH
        body.append([f"{o['id']}\n{o['text']}", courses_text(o["courses"], titles, labels, MANY_COURSES),
                     listed(o["questions"]), listed(o["roleplays"]), listed(o["simulations"])])
        fills.append([None if o["assessed"] else LOW, None, None, None, None])
    if body:
        table([labels["objective"], labels["catalog_taught_in"], labels["catalog_questions"],
               labels["catalog_roleplays"], labels["catalog_simulations"]],
              body, [None] * 5, fills, widths=OBJECTIVE_WIDTHS)
    para(Span(labels["catalog_roleplay_note"], italic=True))
    if any(not o["assessed"] for o in plan["objectives"]):
        para(Span(labels["catalog_not_assessed"], italic=True))

    blocks.append(PageBreak())
    heading(1, labels["catalog_mastery"])
    if not plan["mastery"]:
        para(Span(labels["catalog_no_results"]))
    else:
        body, pooled = [], set()
        for o in plan["mastery"]:
            first = True
            for r in o["rows"]:
                body.append([f"{o['id']}\n{o['text']}" if first else "", titles.get(r["course"], r["course"]),
                             r["cohort"], str(r["learners"]), pct(r["mastery"]),
                             f"{r['masters']}/{r['learners']}"])
                first = False
            a = o["all"]
            if len(o["rows"]) > 1:
                pooled.add(len(body))
                body.append(["", labels["catalog_all"], "", str(a["learners"]), pct(a["mastery"]),
                             f"{a['masters']}/{a['learners']}"])
        table([labels["objective"], labels["catalog_course"], labels["catalog_cohort"],
               labels["report_learners"], labels["report_mastery_col"], labels["report_masters"]],
              body, [None, None, None, "right", "right", "right"], free=(0, 1), bold=pooled)
        para(Span(labels["catalog_mastery_note"], italic=True))

    if plan["qa"]:
        blocks.append(PageBreak())
        heading(1, labels["catalog_qa"])
        body, pooled = [], set()
        for o in plan["qa"]:
            first = True
            for r in o["rows"]:
                body.append([f"{o['id']}\n{o['text']}" if first else "", titles.get(r["course"], r["course"])]
                            + [qa_text(r[p], labels) for p in QA_PHASES])
                first = False
            if len(o["rows"]) > 1:
                pooled.add(len(body))
                body.append(["", labels["catalog_all_courses"]] + [qa_text(o["all"][p], labels) for p in QA_PHASES])
        table([labels["objective"], labels["catalog_course"], labels["qa_before"], labels["qa_after"],
               labels["qa_all"]], body, [None, None, "right", "right", "right"], free=(0, 1), bold=pooled)
        para(Span(labels["catalog_qa_note"], italic=True))
    return blocks


def qa_text(figure: dict[str, Any], labels: dict[str, str]) -> str:
    """A QA figure as it reads: "83%（12 通）", or a dash without calls."""
    if not figure["calls"]:
        return DASH
    return labels["report_detail"].format(value=pct(figure["percent"]),
                                          detail=labels["qa_calls_n"].format(n=figure["calls"]))


def catalogue_document(plan: dict[str, Any], labels: dict[str, str], reference: Path | None) -> Document:
    """catalog.docx as the docx writer draws it."""
    return Document(kind="catalogue",  # type: ignore[arg-type]
                    title=f"{plan['title']} · {labels['catalog']}", language=plan["language"],
                    blocks=tuple(catalogue_blocks(plan, labels)), reference=reference, labels=labels,
                    footer=plan["title"], fixed_time=dates.stamp())




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
