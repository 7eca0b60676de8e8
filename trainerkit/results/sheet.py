"""The score sheet's layout: one sheet per printed version (A, B ...) and one per role-play,
each column saying what it holds. One place for it: the score sheet output writes these columns
and the readers map a filled-in sheet (or the same columns as CSV) back through them, printed
number and letter to the question and choice trainerkit generated for that version."""

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
