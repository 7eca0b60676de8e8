"""The class's roster: results/roster.csv (or roster.xlsx), one row per learner:

    learner,name,cohort,team
    L01,王芳,2026-10-cohort1,一组

- `learner`: the id the answers name them by (also 工号, 学号, 编号, 工號, 學號, 編號, id ...);
- `name` (姓名), and optionally `cohort` (期次, 班次, 梯次) and `team` (班组, 小组, 組別).

Other columns (a phone number, a department) are left alone. The sign-in sheets and
certificates print from it; without one, the learners are those the answers name.
"""

from __future__ import annotations

from ..errors import Diagnostics
from ..messages import _
from .files import COHORT, LEARNER, NAME, TEAM, Found, Sheet, known_columns
from .model import Learner

NAMES = ("roster.csv", "roster.xlsx")


def is_roster(name: str) -> bool:
    """Whether a results file is the roster, by its name."""
    return name.casefold() in NAMES


def read_roster(sheet: Sheet, diags: Diagnostics, found: Found) -> None:
    """A roster's learners, each id once, into found.learners."""
    header = sheet.header
    if header is None:
        return
    columns = known_columns(header, (LEARNER, NAME, COHORT, TEAM))
    if LEARNER not in columns:
        sheet.error(diags, header.line, _(
            'the roster has no "learner" column; its first row heads the columns: learner (the '
            "learner's id, 工号 or 学号), name, and optionally cohort and team"))
        return
    seen: dict[str, int] = {learner.id: learner.loc.line for learner in found.learners}
    for row in sheet.body:
        learner = row.get(columns[LEARNER])
        name = row.get(columns.get(NAME))
        if not learner:
            sheet.error(diags, row.line, _(
                'this row of the roster has no learner id; type {name}\'s id in the "learner" '
                "column", name=name or "?"))
            continue
        if learner in seen:
            sheet.error(diags, row.line, _(
                "learner {learner} is on the roster twice, on lines {first} and {line}; keep one "
                "row per learner", learner=learner, first=seen[learner], line=row.line))
            continue
        seen[learner] = row.line
        found.learners.append(Learner(learner, name, row.get(columns.get(COHORT)),
                                      row.get(columns.get(TEAM)), sheet.loc(row.line)))

