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
# the objectives table's columns, in percent; a column of what no objective has is left out
# and its share goes to the questions
OBJECTIVE_WIDTHS = {"objective": 20.0, "courses": 16.0, "questions": 30.0, "roleplays": 17.0, "simulations": 17.0}
ASSESSED = ("questions", "roleplays", "simulations")  # what assesses an objective, each a column
ASSESSED_LABELS = {"questions": "catalog_questions", "roleplays": "catalog_roleplays",
                   "simulations": "catalog_simulations"}
COPY_FILL = NEAR  # a copy in the matrix: amber; used: green
MATRIX_FIRST = 28.0  # the matrix's module column, in percent of the width; the courses share the rest
MANY_COURSES = 3  # on paper, an objective of more courses says how many (the matrix says which)
GROUP_ROWS = 12  # an objective's mastery or QA rows up to this many keep together on paper
HEAD_ROWS = 2  # a table's header row and first body row keep with the next: not alone at a page's foot


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


def assessed_by(plan: dict[str, Any]) -> list[str]:
    """The objectives table's columns of what assesses them: the questions, and the role-plays
    and simulations when some objective has one (a column of dashes only says nothing)."""
    return [k for k in ASSESSED if k == "questions" or any(o[k] for o in plan["objectives"])]


def source_text(module: dict[str, Any], labels: dict[str, str], paper: bool = False) -> str:
    """Where a course's module comes from: the library, or the course's own (a copy of ...);
    on paper (a narrow column) the copy on a line of its own, so its path is not broken."""
    if module["library"]:
        return labels["catalog_library"]
    if module["copy_of"] and paper:
        return f"{labels['catalog_own']}\n{labels['catalog_copy'].format(module=module['copy_of'])}"
    if module["copy_of"]:
        return labels["report_detail"].format(value=labels["catalog_own"],
                                              detail=labels["catalog_copy"].format(module=module["copy_of"]))
    return labels["catalog_own"]


def minutes_text(value: int | None, labels: dict[str, str]) -> str:
    return DASH if value is None else f"{value} {labels['minutes']}"


def catalogue_blocks(plan: dict[str, Any], labels: dict[str, str],
                     groups: dict[int, list[int]] | None = None) -> list[DocBlock]:
    """The catalogue's blocks, in the system's words (labels). groups, when given, gets for
    each table (by id) the body rows that keep with the next on paper (keep_together): the
    rows of an objective but its last, so that its label is on the page of its rows."""
    blocks: list[DocBlock] = []
    kept = {} if groups is None else groups
    colon = labels["colon"]
    titles = plan["titles"]

    def heading(level: int, text: str) -> None:
        blocks.append(Heading(level, text_of(text)))

    def para(*spans: Span) -> None:
        blocks.append(Paragraph(tuple(s for s in spans if s.text)))

    def table(header: list[str], rows: list[list[str]], align: list[str | None],
              fills: list[list[str | None]] | None = None, free: tuple[int, ...] = (0,),
              widths: tuple[float | None, ...] | None = None, bold: set[int] = frozenset(),
              keep: list[int] = ()) -> None:
        """A table; free: its columns of running text, sharing what the others leave; bold:
        the rows (by index) in bold, the totals; keep: the rows that keep with the next."""
        blocks.append(Table(tuple(text_of(h) for h in header),
                            tuple(tuple((Span(c, bold=True),) if k in bold and c else text_of(c) for c in r)
                                  for k, r in enumerate(rows)), tuple(align),
                            widths=widths or shares(header, rows, free),
                            fills=tuple(tuple(f) for f in fills or ())))
        kept[id(blocks[-1])] = list(keep)

    courses, rows = plan["courses"], plan["matrix"]["rows"]
    heading(0, f"{plan['title']} · {labels['catalog']}")
    para(Span(labels["catalog_intro"].format(courses=len(courses), modules=len(rows)), italic=True))

    heading(1, labels["catalog_courses"])
    for c in courses:
        heading(2, c["title"])
        para(Span(f"{labels['catalog_audience']}{colon}", bold=True),
             Span(c["audience"] or labels["catalog_no_audience"]))
        body = [[m["title"], minutes_text(m["minutes"], labels), source_text(m, labels, paper=True), m["path"]]
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
    shown = assessed_by(plan)
    for o in plan["objectives"]:
        def listed(entries: list[dict[str, Any]]) -> str:
            return "\n".join(entry_text(e, titles, labels, MANY_COURSES) for e in entries) or DASH
        body.append([f"{o['id']}\n{o['text']}", courses_text(o["courses"], titles, labels, MANY_COURSES)]
                    + [listed(o[kind]) for kind in shown])
        fills.append([None if o["assessed"] else LOW] + [None] * (1 + len(shown)))
    if body:
        spare = sum(OBJECTIVE_WIDTHS[k] for k in ASSESSED if k not in shown)  # to the questions
        table([labels["objective"], labels["catalog_taught_in"]] + [labels[ASSESSED_LABELS[k]] for k in shown],
              body, [None] * (2 + len(shown)), fills,
              widths=(OBJECTIVE_WIDTHS["objective"], OBJECTIVE_WIDTHS["courses"])
              + tuple(OBJECTIVE_WIDTHS[k] + (spare if k == "questions" else 0) for k in shown))
    if "roleplays" in shown:
        para(Span(labels["catalog_roleplay_note"], italic=True))
    if any(not o["assessed"] for o in plan["objectives"]):
        para(Span(labels["catalog_not_assessed"], italic=True))

    blocks.append(PageBreak())
    heading(1, labels["catalog_mastery"])
    if not plan["mastery"]:
        para(Span(labels["catalog_no_results"]))
    else:
        body, pooled, keep = [], set(), []
        for o in plan["mastery"]:
            start, long = len(body), len(o["rows"]) + 1 > GROUP_ROWS
            for r in o["rows"]:
                body.append([label(o, len(body) - start, long), titles.get(r["course"], r["course"]),
                             r["cohort"], str(r["learners"]), pct(r["mastery"]),
                             f"{r['masters']}/{r['learners']}"])
            a = o["all"]
            if len(o["rows"]) > 1:
                pooled.add(len(body))
                body.append([label(o, len(body) - start, long), labels["catalog_all"], "", str(a["learners"]),
                             pct(a["mastery"]), f"{a['masters']}/{a['learners']}"])
            keep.extend(() if long else range(start, len(body) - 1))
        table([labels["objective"], labels["catalog_course"], labels["catalog_cohort"],
               labels["report_learners"], labels["report_mastery_col"], labels["report_masters"]],
              body, [None, None, None, "right", "right", "right"], free=(0, 1), bold=pooled, keep=keep)
        para(Span(labels["catalog_mastery_note"], italic=True))

    if plan["qa"]:
        blocks.append(PageBreak())
        heading(1, labels["catalog_qa"])
        body, pooled, keep = [], set(), []
        for o in plan["qa"]:
            start, long = len(body), len(o["rows"]) + 1 > GROUP_ROWS
            for r in o["rows"]:
                body.append([label(o, len(body) - start, long), titles.get(r["course"], r["course"])]
                            + [qa_text(r[p], labels) for p in QA_PHASES])
            if len(o["rows"]) > 1:
                pooled.add(len(body))
                body.append([label(o, len(body) - start, long), labels["catalog_all_courses"]]
                            + [qa_text(o["all"][p], labels) for p in QA_PHASES])
            keep.extend(() if long else range(start, len(body) - 1))
        table([labels["objective"], labels["catalog_course"], labels["qa_before"], labels["qa_after"],
               labels["qa_all"]], body, [None, None, "right", "right", "right"], free=(0, 1), bold=pooled,
              keep=keep)
        para(Span(labels["catalog_qa_note"], italic=True))
    return blocks


def label(objective: dict[str, Any], row: int, long: bool) -> str:
    """The objective column of a mastery or QA row: the objective on its first row; on the rows
    after it, nothing (they keep with the first on paper), or in a group too long for a page
    (long), its id again, so that a page never starts with rows of no objective."""
    if row == 0:
        return f"{objective['id']}\n{objective['text']}"
    return objective["id"] if long else ""


def qa_text(figure: dict[str, Any], labels: dict[str, str]) -> str:
    """A QA figure as it reads: "83%（12 通）", or a dash without calls."""
    if not figure["calls"]:
        return DASH
    return labels["report_detail"].format(value=pct(figure["percent"]),
                                          detail=labels["qa_calls_n"].format(n=figure["calls"]))


def catalogue_document(plan: dict[str, Any], labels: dict[str, str], reference: Path | None,
                       groups: dict[int, list[int]] | None = None) -> Document:
    """catalog.docx as the docx writer draws it (groups: as catalogue_blocks)."""
    return Document(kind="catalogue",  # type: ignore[arg-type]
                    title=f"{plan['title']} · {labels['catalog']}", language=plan["language"],
                    blocks=tuple(catalogue_blocks(plan, labels, groups)), reference=reference, labels=labels,
                    footer=plan["title"], fixed_time=dates.stamp())




def keep_together(docx: bytes, tables: list[list[int]]) -> bytes:
    """catalog.docx with what must stay on one page kept with the next (w:keepNext, as
    render/docx/keeps.py keeps a question's stem with its choices): a paragraph right before a
    table or a list (a course's audience line, the objectives' label) with it; each table's
    header row and first body row (HEAD_ROWS), so a course's heading, audience line and first
    rows are on one page; and tables[k], the rows of the k-th table that keep with the next
    (an objective's rows). Header rows repeat on every page already (w:tblHeader)."""
    import io
    import zipfile

    from lxml import etree

    from .render.docx.wml import W, add, child

    def keep(p: etree._Element) -> None:
        ppr = child(p, W.pPr)
        old = ppr.find(W.keepNext)
        if old is not None:
            ppr.remove(old)  # the writer's "keep off" of a long table's rows
        add(ppr, W.keepNext)

    def listed(p: etree._Element) -> bool:
        style = p.find(f"{W.pPr}/{W.pStyle}")
        return p.find(f"{W.pPr}/{W.numPr}") is not None or (
            style is not None and style.get(W.val, "").startswith("List"))

    src = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(src.read("word/document.xml"))
    children = list(root.find(W.body))
    found = [e for e in children if e.tag == W.tbl]
    for here, after in zip(children, children[1:]):
        if here.tag == W.p and (after.tag == W.tbl or (after.tag == W.p and listed(after) and not listed(here))):
            keep(here)
    for k, tbl in enumerate(found):
        trs = tbl.findall(W.tr)
        rows = set(range(min(HEAD_ROWS, len(trs) - 1)))
        if len(found) == len(tables):  # the catalogue's tables, as catalogue_blocks drew them
            header = int(trs[0].find(f"{W.trPr}/{W.tblHeader}") is not None) if trs else 0
            rows |= {r + header for r in tables[k] if r + header < len(trs) - 1}
        for r in sorted(rows):
            for p in trs[r].iter(W.p):
                keep(p)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    return out.getvalue()


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
                        **{kind: [entry_text(e, titles, labels) for e in o[kind]] for kind in ASSESSED}}
                       for o in plan["objectives"]],
        "assessed_by": [{"kind": k, "label": labels[ASSESSED_LABELS[k]]} for k in assessed_by(plan)],
        "mastery": [{**o, "rows": [{**r, "course": titles.get(r["course"], r["course"]),
                                    "mastery_text": pct(r["mastery"])} for r in o["rows"]],
                     "all": {**o["all"], "mastery_text": pct(o["all"]["mastery"])}} for o in plan["mastery"]],
        "qa": [{**o, "rows": [{"course": titles.get(r["course"], r["course"]),
                               "figures": [qa_text(r[p], labels) for p in QA_PHASES]} for r in o["rows"]],
                "all": [qa_text(o["all"][p], labels) for p in QA_PHASES]} for o in plan["qa"]],
        "dash": DASH,
    }


def catalogue_files(system_root: Path, title: str, language: str, courses: list[Course],
                    diags: Diagnostics | None = None, cache: Any = None) -> dict[str, bytes]:
    """catalog.docx and catalog.html of a system's courses (as build.load returns them). A
    problem (the system's reference document, its own catalogue template) is a located error
    in diags; without diags, a TrainerkitError. cache: a FileCache where the files are kept
    whole under the digest of their plan (an edit inside a module's slides leaves the plan as
    it was: the files are not drawn again)."""
    from .cache import get_output, put_output
    from .outputs import plan_digest

    from .quiz.html import html_lang
    from .render.docx import render_document
    from .templates import Templates

    system_root = Path(system_root).absolute()
    own = Diagnostics() if diags is None else diags
    stand_in = Course(root=system_root, title=title, language=language)  # the system's templates/
    templates = Templates(stand_in, own)
    labels = templates.labels
    plan = plan_catalogue(system_root, title, language, courses)
    key = plan_digest("catalogue", (plan, title, language), _template_files(system_root)) \
        if cache is not None else None
    kept = get_output(cache, "catalogue", key) if key is not None else None
    if kept is not None and set(kept) == set(FILES) and not own.errors:
        return kept
    groups: dict[int, list[int]] = {}
    document = catalogue_document(plan, labels, _reference(system_root, own), groups)
    body = templates.text("catalogue.html.j2", page=_page(plan, labels),
                          language=html_lang(language), fonts=page_font_family(language))
    if diags is None:
        own.raise_if_errors()
    html = page_start(language) + body if body is not None else ""
    tables = [groups.get(id(b), []) for b in document.blocks if isinstance(b, Table)]
    files = {"catalog.docx": keep_together(render_document(document), tables),
             "catalog.html": html.encode("utf-8")}
    if key is not None and body is not None and not own.errors:
        put_output(cache, "catalogue", key, files)
    return files


def _template_files(system_root: Path) -> tuple[Path, ...]:
    """The files of the system's templates/ that the catalogue may read (its labels, its own
    catalogue.html.j2, its reference document), for the cache's key: regular files only."""
    folder = Path(system_root) / "templates"
    try:
        return tuple(sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()))
    except OSError:
        return ()
