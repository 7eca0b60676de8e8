"""The class's paperwork, from its roster (issue 15), planned as model values the writers draw:

- signin.docx: a sign-in sheet per day of the course (schedule.py's days), for the class the
  paperwork is for (the roster's last cohort: roster.this_class): the course, the day (its times in a timed course) and a date line to fill in,
  the trainer, then a row per learner (no., id, name, team when the roster has teams) with
  room to sign, mornings and afternoons (a day known to end by noon or start after it has
  one sign-in column); two blank rows for walk-ins. The header row repeats on every page.
- evaluation.docx: the end-of-class evaluation (evaluation.py's questions), one form per
  learner of the roster, each with the name line left blank (the survey is anonymous); a
  single form to copy when there is no roster (a course with its own templates/evaluation.yml).
- certificates.pptx: a Title Slide per learner who passed in the latest cohort (the analysis'
  learners), with their name, the course, the date and the trainer; their score in the notes.

Everything here reads only the analysis (course.results, plain data) and the course.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .. import dates
from ..model import (
    BulletList, Course, Deck, DeckSlide, DocBlock, Document, Heading, ListItem, PageBreak, Paragraph,
    Span, Table, Text, WritingLines, text_of,
)
from ..resources import builtin
from ..schedule import timeline
from .evaluation import form
from .sheet import this_class

if TYPE_CHECKING:
    from ..templates import Templates

EMU_PER_CM = 360000
SIGN_ROW = EMU_PER_CM  # a row of the sign-in sheet: 1 cm, room for a signature
TICK_ROW = EMU_PER_CM * 8 // 10  # a row of boxes to tick
WALK_INS = 2  # blank rows at the end of each sign-in sheet
BOX = "\u2610"  # ☐
BLANK = "_" * 24  # a line to write a name on
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NOON = 12 * 60  # a timed day that starts before noon and ends after 13:00 has two sign-ins
AFTER_LUNCH = 13 * 60
HALF_DAY = 4 * 60  # a day without clock times that runs at most this long has one sign-in


def roster(course: Course) -> list[dict[str, Any]]:
    """The roster of the class the paperwork is for, as the analysis holds it ({"id", "name",
    "cohort", "team"}): its last cohort (roster.this_class); [] without one."""
    results = course.results or {}
    return this_class([r for r in results.get("roster") or () if isinstance(r, dict)])


def passers(course: Course) -> list[dict[str, Any]]:
    """The learners of the latest cohort who passed, in the analysis' order."""
    results = course.results or {}
    return [x for x in results.get("learners") or () if isinstance(x, dict) and x.get("passed") is True]


def cohorts(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The roster's rows by cohort, in the order the cohorts first appear ("" for rows without)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(str(r.get("cohort") or ""), []).append(r)
    return list(out.items())


def _line(*parts: str) -> Paragraph:
    return Paragraph(text_of(" · ".join(p for p in parts if p)))


def _labelled(labels: dict[str, str], key: str, value: str) -> str:
    """ "讲师：张伟" / "Trainer: Jane Lee"; "" without a value."""
    return f"{labels[key]}{labels.get('colon', ': ')}{value}" if value else ""


def _document(kind: str, name: str, course: Course, templates: Templates, blocks: list[DocBlock],
              page_numbers: bool = True) -> Document:
    """A document of the course; name: the label that names it ("签到表")."""
    labels = templates.labels
    return Document(kind=kind, title=f"{course.title} · {labels[name]}",  # type: ignore[arg-type]
                    language=course.language, blocks=tuple(blocks), reference=course.theme_docx,
                    labels=labels, author=course.author, footer=course.footer_line,
                    page_numbers=page_numbers, fixed_time=dates.stamp())


# ---------------------------------------------------------------------------------------------
# The sign-in sheet


def _days(course: Course) -> list[tuple[int, str, bool]]:
    """Each day of the course: its number, its times ("09:00–16:30" in a timed course, else
    ""), and whether it has a morning and an afternoon to sign for."""
    line = timeline(course)
    out = []
    for day in line.days:
        if line.timed:
            halves = (day.start < NOON and day.end > AFTER_LUNCH) or day.end == day.start
            times = f"{line.clock(day.start)}–{line.clock(day.end)}"
        else:
            halves = day.end == day.start or day.end - day.start > HALF_DAY
            times = ""
        out.append((day.number, times, halves))
    return out or [(1, "", True)]


def plan_signin(course: Course, templates: Templates) -> Document:
    """A page per day (and cohort) with a row per learner of the roster to sign."""
    labels = templates.labels
    rows = roster(course)
    teams = any(str(r.get("team") or "") for r in rows)
    days = _days(course)
    blocks: list[DocBlock] = []
    for cohort, learners in cohorts(rows):
        for number, times, halves in days:
            if blocks:
                blocks.append(PageBreak())
            day = labels["day"].replace("{n}", str(number)) if len(days) > 1 else ""
            blocks += [
                Heading(0, text_of(f"{course.title} · {labels['signin_sheet']}")),
                _line(day, times, _labelled(labels, "date", labels["paper_date_blank"])),
                _line(_labelled(labels, "paper_trainer", course.author), course.organization,
                      _labelled(labels, "paper_cohort", cohort)),
                _signin_table(learners, labels, teams, halves),
            ]
    return _document("signin", "signin_sheet", course, templates, blocks)


def _signin_table(learners: list[dict[str, Any]], labels: dict[str, str], teams: bool,
                  halves: bool) -> Table:
    signs = [labels["signin_morning"], labels["signin_afternoon"]] if halves else [labels["signin_in"]]
    header = [labels["signin_number"], labels["signin_id"], labels["name"]]
    header += [labels["signin_team"]] if teams else []
    body: list[tuple[Text, ...]] = []
    for k, r in enumerate(learners + [{}] * WALK_INS, 1):
        cells = [str(k), str(r.get("id") or ""), str(r.get("name") or "")]
        cells += [str(r.get("team") or "")] if teams else []
        body.append(tuple(text_of(c) for c in cells + [""] * len(signs)))
    align = ("center",) + (None,) * (len(header) - 1) + (None,) * len(signs)
    shares = [7.0, 14.0, 18.0] + ([13.0] if teams else [])
    rest = (100.0 - sum(shares)) / len(signs)  # the room to sign: the rest of the width
    return Table(tuple(text_of(h) for h in header + signs), tuple(body), align,
                 row_height_emu=SIGN_ROW, widths=tuple(shares + [rest] * len(signs)))


# ---------------------------------------------------------------------------------------------
# The evaluation form


def plan_evaluation(course: Course, templates: Templates) -> Document:
    """One form per learner of the roster (a single one without a roster), names left blank."""
    labels = templates.labels
    questions = form(course)
    rows = roster(course)
    sheets = [str(r.get("cohort") or "") for r in rows] or [""]
    blocks: list[DocBlock] = []
    for cohort in sheets:
        if blocks:
            blocks.append(PageBreak())
        blocks += [
            Heading(0, text_of(f"{course.title} · {labels['evaluation_form']}")),
            _line(_labelled(labels, "paper_trainer", course.author),
                  _labelled(labels, "paper_cohort", cohort),
                  _labelled(labels, "date", labels["paper_date_blank"])),
            Paragraph(text_of(_labelled(labels, "evaluation_name", BLANK))),
            Paragraph((Span(labels["evaluation_intro"], italic=True),)),
        ]
        blocks += _questions(questions, labels)
        blocks.append(Paragraph((Span(labels["evaluation_thanks"], bold=True),)))
    return _document("evaluation", "evaluation_form", course, templates, blocks, page_numbers=False)


def _asked(q: dict[str, Any], labels: dict[str, str]) -> str:
    """A question's text, "(optional)" after it when it is."""
    if not q.get("optional"):
        return q["text"]
    opening = labels.get("note_open", " (")
    opening = " " + opening.lstrip() if opening.startswith(" ") else opening  # one space in a cell
    return f"{q['text']}{opening}{labels['evaluation_optional']}{labels.get('note_close', ')')}"


def _questions(questions: list[dict[str, Any]], labels: dict[str, str]) -> list[DocBlock]:
    """Ratings in tables of boxes (consecutive ones on the same scale share one), a choice
    question's choices as boxes to tick, a text question's lines to write on; each question
    led by its id, the column its answers go under."""
    out: list[DocBlock] = []
    run: list[dict[str, Any]] = []

    def flush() -> None:
        if run:
            low, high = run[0]["scale"]
            points = [str(n) for n in range(low, high + 1)]
            header = (labels["evaluation_number"], labels["evaluation_question"], *points)
            body = tuple((text_of(q["id"]), text_of(_asked(q, labels)), *(text_of(BOX),) * len(points))
                         for q in run)
            box = min(7.0, 50.0 / len(points))  # a box's column: at most half the width for all
            shares = (7.0, 93.0 - box * len(points)) + (box,) * len(points)
            out.append(Table(tuple(text_of(h) for h in header), body,
                             ("center", None) + ("center",) * len(points), row_height_emu=TICK_ROW,
                             widths=shares))
            out.append(Paragraph(()))  # a line's air before what follows
            run.clear()

    for q in questions:
        if q["kind"] == "rating":
            if run and run[0]["scale"] != q["scale"]:
                flush()
            run.append(q)
            continue
        flush()
        lead = Paragraph((Span(f"{q['id']}. ", bold=True), Span(_asked(q, labels))))
        if q["kind"] == "choice":
            out += [lead, BulletList(tuple(ListItem(text_of(f"{LETTERS[k % 26]}. {c}"), check=False)
                                           for k, c in enumerate(q["choices"])))]
        else:
            out += [lead, WritingLines(3)]
    flush()
    return out


# ---------------------------------------------------------------------------------------------
# The certificates


def _cohort_day(course: Course) -> date | None:
    """The latest cohort's date (its files' "date" column), when it has one."""
    results = course.results or {}
    latest = results.get("cohort")
    for c in results.get("cohorts") or ():
        if isinstance(c, dict) and c.get("name") == latest and c.get("date"):
            try:
                return date.fromisoformat(str(c["date"])[:10])
            except ValueError:
                return None
    return None


def _percent(value: Any) -> str:
    try:
        return f"{float(value):.1f}".rstrip("0").rstrip(".")
    except (TypeError, ValueError):
        return ""


def plan_certificates(course: Course, templates: Templates) -> Deck:
    """A certificate of completion per learner who passed: the reference deck's Title Slide,
    its title the certificate's, its subtitle the learner's name, the course, the date (the
    cohort's, else the build date) and the trainer; the learner's score in the notes."""
    labels = templates.labels
    day = dates.date_text(_cohort_day(course) or dates.build_day(), course.language)
    trainer = " · ".join(p for p in (_labelled(labels, "paper_trainer", course.author),
                                     course.organization) if p)
    pass_mark = _percent((course.results or {}).get("pass_mark", course.quiz.pass_mark))
    slides = []
    for learner in passers(course):
        name = str(learner.get("name") or learner.get("id") or "")
        blocks = [Paragraph((Span(name, bold=True),)),
                  Paragraph(text_of(labels["certificate_text"].replace("{course}", course.title))),
                  Paragraph(text_of(day))]
        if trainer:
            blocks.append(Paragraph(text_of(trainer)))
        score = _percent(learner.get("percent"))
        notes = (Paragraph(text_of(labels["certificate_score"].replace("{percent}", score)
                                   .replace("{pass_mark}", pass_mark))),) if score else ()
        slides.append(DeckSlide(labels["certificate"], "Title Slide", "title", tuple(blocks), notes))
    return Deck(title=f"{course.title} · {labels['certificates']}", language=course.language,
                slides=tuple(slides), reference=course.theme_pptx or builtin("reference.pptx"),
                author=course.author, labels=labels, fixed_time=dates.stamp())
