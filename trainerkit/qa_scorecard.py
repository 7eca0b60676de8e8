"""The QA scorecard's plans (issue 17): the scoring sheet of qa-scorecard.xlsx (plain data that
render/qa_xlsx.py draws) and the printable form of qa-scorecard.docx (a Document), both from
the scorecard's items (results/qa_card.py: what a section and an item are, their points, fatal
items), in the course's words (labels qa_*).

The sheet: the title and the fatal rule, rows naming each item's module, kind, text, points,
objective and fatal mark, then the row of keys the readers map by (agent, evaluator, call, date,
each item's id, score), then a row per evaluated call: Y or N per item, the score a formula.
The form: a header to fill in (agent, evaluator, call id, date), the rule, then a table per
module (item, points, objective, yes and no boxes) and the total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import dates
from .model import Document, DocBlock, Heading, Paragraph, Span, Table, text_of
from .results.qa_card import QAItem, QASection, qa_sections
from .text import columns as text_columns

if TYPE_CHECKING:
    from .errors import Diagnostics
    from .model import Course
    from .templates import Templates

KEYS = ("agent", "evaluator", "call", "date")  # the first columns, as the readers know them
SCORE = "score"
BLANK_ROWS = 60  # calls the sheet is made ready for (its checks and formulas)
BOX = "\u2610"  # ☐
BLANK = "_" * 20
EMU_PER_CM = 360_000
TICK_ROW = EMU_PER_CM * 7 // 10
KIND_LABEL = {"verbatim": "qa_verbatim", "avoid": "qa_avoid", "step": "qa_step", "observe": "qa_observe"}


def has_items(course: Course) -> bool:
    return bool(qa_sections(course))


def check_scorecard(course: Course, diags: Diagnostics) -> None:
    """course.yml qa: against the scorecard: unknown keys, weights that cannot make 100."""
    qa_sections(course, diags)


def _kind(item: QAItem, labels: dict[str, str]) -> str:
    return labels[KIND_LABEL[item.kind]]


def sheet_plan(course: Course, labels: dict[str, str]) -> dict[str, Any]:
    """The scoring sheet as render/qa_xlsx.py draws it: title, author, language, fixed time,
    the sheet's name, the rule, the row labels, the key columns (key, comment), an item column
    per item (key, module title at the first of its module, kind, text, points, objective,
    fatal), how many call rows get checks and formulas, and the check's words."""
    sections = qa_sections(course)
    items = []
    for s in sections:
        for n, i in enumerate(s.items):
            items.append({"key": i.id, "module": s.title if n == 0 else "", "kind": _kind(i, labels),
                          "text": i.text, "points": i.points, "objective": i.objective,
                          "fatal": labels["qa_fatal"] if i.fatal else ""})
    return {
        "title": f"{course.title} · {labels['qa_scorecard']}", "author": course.author,
        "language": course.language, "fixed_time": dates.stamp(),
        "sheet": labels["qa_scorecard"][:31],
        "rule": f"{labels['qa_rule_fatal']} {labels['qa_how']}",
        "rows": [labels[k] for k in ("qa_module", "qa_kind", "qa_item", "qa_points", "qa_objective", "qa_fatal_row")],
        "keys": [{"key": k, "comment": labels[f"qa_{k}_note"]} for k in KEYS],
        "score": {"key": SCORE, "comment": labels["qa_score_note"]},
        "items": items, "calls": BLANK_ROWS,
        "check": {"values": ["Y", "N"], "title": labels["qa_bad"], "message": labels["qa_bad_mark"]},
    }


def plan_form(course: Course, templates: Templates) -> Document:
    """The printable form: one call per copy."""
    labels = templates.labels
    colon = labels.get("colon", ": ")
    sections = qa_sections(course)
    title = f"{course.title} · {labels['qa_scorecard']}"
    head = [[f"{labels['qa_agent']}{colon}{BLANK}", f"{labels['qa_evaluator']}{colon}{BLANK}"],
            [f"{labels['qa_call']}{colon}{BLANK}", f"{labels['qa_date']}{colon}{labels['paper_date_blank']}"]]
    blocks: list[DocBlock] = [
        Heading(0, text_of(title)),
        Table((), tuple(tuple(text_of(c) for c in r) for r in head), widths=(50.0, 50.0),
              row_height_emu=TICK_ROW),
        Paragraph(()),  # a line's air between the header and the rule
        Paragraph((Span(labels["qa_rule_fatal"], bold=True),)),
        Paragraph((Span(labels["qa_how"], italic=True),)),
    ]
    for s in sections:
        blocks += [Heading(2, text_of(s.title)), _table(s, labels)]  # 2: the form flows on
    total = sum(s.points for s in sections)
    blocks.append(Table((), ((text_of(f"{labels['qa_total']}{colon}{total}"),
                              text_of(f"{labels['qa_score']}{colon}{BLANK}")),),
                        widths=(50.0, 50.0), row_height_emu=TICK_ROW))
    return Document(kind="evaluation", title=title, language=course.language, blocks=tuple(blocks),
                    reference=course.theme_docx, labels=labels, author=course.author,
                    footer=course.footer_line, page_numbers=False, fixed_time=dates.stamp())


def _table(section: QASection, labels: dict[str, str]) -> Table:
    """A module's items: id, what (kind and text; FATAL first when it is), points, objective,
    a yes and a no box."""
    colon = labels.get("colon", ": ")
    header = tuple(text_of(labels[k]) for k in ("qa_id", "qa_item", "qa_points", "qa_objective", "qa_yes", "qa_no"))
    rows = []
    for i in section.items:
        what: list[Span] = []
        if i.fatal:
            what.append(Span(f"{labels['qa_fatal']} ", bold=True))
        what += [Span(f"{_kind(i, labels)}{colon}", bold=True), Span(i.text)]
        rows.append((text_of(i.id), tuple(what), text_of(str(i.points)), text_of(i.objective or "—"),
                     text_of(BOX), text_of(BOX)))
    ident = min(24.0, max(10.0, 1.3 * max(text_columns(i.id) for i in section.items)))
    goal = min(20.0, max(10.0, 1.3 * max(text_columns(i.objective or "—") for i in section.items)))
    return Table(header, tuple(rows), (None, None, "center", "center", "center", "center"),
                 row_height_emu=TICK_ROW, widths=(ident, 100.0 - ident - goal - 22.0, 8.0, goal, 7.0, 7.0))


class QAPlan:
    """The scorecard's two plans: the sheet's data and the form."""

    __slots__ = ("sheet", "document")

    def __init__(self, sheet: dict[str, Any], document: Document):
        self.sheet, self.document = sheet, document

    def __repr__(self) -> str:  # what the cache digests (outputs.plan_digest)
        return f"QAPlan({self.sheet!r}, {self.document!r})"

    @property
    def documents(self) -> dict[str, Document]:
        return {"qa-scorecard.docx": self.document}


def plan_scorecard(course: Course, templates: Templates) -> QAPlan:
    return QAPlan(sheet_plan(course, templates.labels), plan_form(course, templates))
