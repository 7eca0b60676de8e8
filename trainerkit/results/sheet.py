"""The score sheet's layout: one sheet per printed version (A, B ...), one per role-play and
one of the call simulations (simulation_layout.py), each column saying what it holds. One place for
it: the score sheet output writes these columns and the readers map a filled-in sheet (or the
same columns as CSV) back through them, printed number and letter to the question and choice
trainerkit generated for that version."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Course, Roleplay, module_blocks
from ..quiz.versions import LETTERS, make_versions
from .items import by_question, course_items

LEARNER, NAME, VERSION, SCENARIO, COHORT = "learner", "name", "version", "scenario", "cohort"
SHEET_NAME_MOST = 31  # Excel's limit
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """A question as one version prints it. number: its number on the paper; question: its id
    (items.py); order: the choices as printed, as indices into question.choices (letter k is
    question.choices[order[k]]); letters: the letters it may be answered with ("ABC"), "" when
    it is typed (short, numerical) or given points (essay); multiple: several letters allowed;
    most: the points it is worth; comment: the question's short text."""

    number: int
    question: str
    kind: str
    order: tuple[int, ...] = ()
    letters: str = ""
    multiple: bool = False
    most: float = 1
    comment: str = ""


@dataclass(frozen=True)
class VersionSheet:
    """The sheet of one printed version: learner, name, then a column per question number."""

    name: str  # the version's letter: the sheet's name
    version: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class RoleplaySheet:
    """The sheet of one role-play: learner, name, then a 0/1 column per observer checklist item
    (headed by the item's text; a CSV may head it by its number, 1, 2 ...)."""

    name: str  # the sheet's name: the role-play's title, as Excel allows it, unique
    scenario: str  # the role-play's title
    items: tuple[str, ...]


def version_sheets(course: Course) -> list[VersionSheet]:
    """A sheet per printed version, its columns in the order of the printed numbers."""
    items = by_question(course_items(course))
    out = []
    for version in make_versions(course):
        columns = []
        for posed in version.posed:
            item = items[id(posed.question)]
            q = posed.question
            lettered = q.kind in ("single", "true_false", "multiple")
            columns.append(Column(
                number=posed.number, question=item.id, kind=q.kind, order=posed.order,
                letters=LETTERS[: len(q.choices)] if lettered else "",
                multiple=q.kind == "multiple", most=item.max, comment=item.text))
        if columns:
            out.append(VersionSheet(version.letter, version.letter, tuple(columns)))
    return out


def course_roleplays(course: Course) -> list[Roleplay]:
    """The role-plays with an observer checklist, in the order of the modules, each title once."""
    out: list[Roleplay] = []
    seen: set[str] = set()
    for module in course.modules:
        for block in module_blocks(module):
            if isinstance(block, Roleplay) and block.observe and block.title not in seen:
                seen.add(block.title)
                out.append(block)
    return out


def roleplay_sheets(course: Course, taken: set[str] | None = None) -> list[RoleplaySheet]:
    """A sheet per role-play; its name is its title without the characters Excel refuses in a
    sheet's name, cut to 31, and made unique (taken: names already used, the versions')."""
    taken = set(taken if taken is not None else (s.name for s in version_sheets(course)))
    out = []
    for rp in course_roleplays(course):
        base = _NOT_IN_SHEET_NAME.sub(" ", rp.title).strip().strip("'") or "roleplay"
        name, n = base[:SHEET_NAME_MOST], 1
        while name.casefold() in {t.casefold() for t in taken}:
            n += 1
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MOST - len(suffix)] + suffix
        taken.add(name)
        out.append(RoleplaySheet(name, rp.title, tuple(rp.observe)))
    return out


# ---------------------------------------------------------------------------------------------
# The score sheet as the writer draws it (outputs.ScoresheetOutput, render/xlsx.py): plain data,
# in the course's words (labels sheet_*). Each sheet's columns are learner, name, then those above.

BLANK_ROWS = 40  # the rows made ready to type into when there is no roster
SPARE_ROWS = 10  # after a roster's learners, for those who join on the day
TEXT_MOST = 200  # a question's text in a header's comment, at most (characters)


def scoresheet_plan(course: Course, labels: dict[str, str]) -> dict:
    """The score sheet: its title, author, language and fixed time (dates.stamp), the learners
    to prefill (id, name) from the roster of the results (course.results["roster"]), how many
    rows get the in-cell checks, and per sheet its name and columns. A column: header (what
    the readers map by: learner, name, a printed number as text, a checklist item's text),
    comment (what it holds and what to type), cell ("learner", "name", "letter", "letters",
    "number", "text", "points", "tick", "simulation": how the writer formats it) and check (the in-cell
    validation, or None): {"type": "list", "values": [...]} or {"type": "decimal", "low",
    "high"}, with "style" ("stop" refuses, "warning" asks), "title" and "message"."""
    from .. import dates

    versions = version_sheets(course)
    roleplays = roleplay_sheets(course, {s.name for s in versions})
    roster = this_class([r for r in (course.results or {}).get("roster") or [] if isinstance(r, dict)])
    rows = [[str(r.get("id") or ""), str(r.get("name") or "")] for r in roster]
    rows = [r for r in rows if r[0]]
    several = len(versions) > 1
    sheets = [{"name": s.name, "columns": _learner_columns(labels, several)
               + [_question_column(c, labels) for c in s.columns]} for s in versions]
    sheets += [{"name": s.name, "columns": _learner_columns(labels, False)
                + [_tick_column(item, labels) for item in s.items]} for s in roleplays]
    sheets += _simulation_sheet(course, labels, {s["name"] for s in sheets})
    return {"title": f"{course.title} · {labels['scoresheet']}", "author": course.author,
            "language": course.language, "fixed_time": dates.stamp(), "rows": rows,
            "checked_rows": max(BLANK_ROWS, len(rows) + SPARE_ROWS) if rows else BLANK_ROWS,
            "sheets": sheets}


def _simulation_sheet(course: Course, labels: dict[str, str], taken: set[str]) -> list[dict]:
    """The call simulations' sheet (results/simulations.py): learner, name, a column per
    simulation; named labels["sheet_simulations"], unique among taken. [] for a course with none."""
    from .simulation_layout import sheet_columns

    columns = sheet_columns(course, labels)
    if not columns:
        return []
    base = _NOT_IN_SHEET_NAME.sub(" ", labels["sheet_simulations"]).strip() or "Simulations"
    name, n = base[:SHEET_NAME_MOST], 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        name = base[: SHEET_NAME_MOST - 5] + f" ({n})"
    return [{"name": name, "columns": _learner_columns(labels, False) + columns}]


def _learner_columns(labels: dict[str, str], several: bool) -> list[dict]:
    """learner and name, their comments in the course's words; with several versions, the
    learner's says which sheet a learner's answers go on."""
    note = labels["sheet_learner"] + ("\n" + labels["sheet_versions"] if several else "")
    return [{"header": LEARNER, "comment": note, "cell": "learner", "check": None},
            {"header": NAME, "comment": labels["sheet_name"], "cell": "name", "check": None}]


def _question_column(column: Column, labels: dict[str, str]) -> dict:
    """A printed question: its number as text, its short text, points and what to type."""
    from ..quiz.numbers import number_text
    from ..quiz.papers import points_text

    sep, most = labels.get("list_sep", ", "), number_text(column.most)
    bad = labels["sheet_bad"]
    check: dict | None = None
    if column.letters and not column.multiple:
        cell, what = "letter", _span(column.letters)
        check = {"type": "list", "values": list(column.letters), "style": "stop", "title": bad,
                 "message": _fill(labels["sheet_bad_letter"], letters=sep.join(column.letters))}
    elif column.letters:
        example = ",".join(column.letters[k] for k in ((0, 2) if len(column.letters) > 2 else (0, 1)))
        cell, what = "letters", _fill(labels["sheet_letters"], example=example)
    elif column.kind == "numerical":
        cell, what = "number", labels["sheet_number"]
        check = {"type": "decimal", "low": -1e15, "high": 1e15, "style": "warning", "title": bad,
                 "message": labels["sheet_bad_number"]}
    elif column.kind == "short":
        cell, what = "text", labels["sheet_text"]
    else:  # essay, upload: the points the trainer gives
        cell, what = "points", _fill(labels["sheet_points"], most=most)
        check = {"type": "decimal", "low": 0.0, "high": float(column.most), "style": "stop",
                 "title": bad, "message": _fill(labels["sheet_bad_points"], most=most)}
    text = column.comment if len(column.comment) <= TEXT_MOST else column.comment[: TEXT_MOST - 1] + "…"
    comment = "\n".join(part for part in (
        text, points_text(column.most, labels), _fill(labels["sheet_type"], what=what)) if part)
    return {"header": str(column.number), "comment": comment, "cell": cell, "check": check}


def _tick_column(item: str, labels: dict[str, str]) -> dict:
    """An observer checklist item: its text heads the column, 1 observed, 0 not."""
    return {"header": item, "comment": f"{item}\n{labels['sheet_tick']}", "cell": "tick",
            "check": {"type": "list", "values": ["0", "1"], "style": "stop",
                      "title": labels["sheet_bad"], "message": labels["sheet_bad_tick"]}}


def _span(letters: str) -> str:
    """The letters a question may be answered with, as a range: "A–C" ("A" for one)."""
    return letters if len(letters) < 2 else f"{letters[0]}–{letters[-1]}"


def _fill(label: str, **fields: str) -> str:
    """A label with its {fields} filled in (a course's own label may leave any out)."""
    for name, value in fields.items():
        label = label.replace("{" + name + "}", value)
    return label


def this_class(rows: list[dict]) -> list[dict]:
    """The roster's rows of the class the paperwork is for (sign-in sheets, evaluation forms, the
    score sheet's prefilled learners): the last cohort the roster names, as a trainer adds the
    next class to roster.csv; every row when it names none."""
    named = [str(r.get("cohort") or "") for r in rows]
    last = next((c for c in reversed(named) if c), "")
    return [r for r, c in zip(rows, named) if c == last] if last else list(rows)
