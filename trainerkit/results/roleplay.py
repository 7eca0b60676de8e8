"""Role-play checklists: the score sheet's sheet of a role-play (named for it: learner, name,
then a column per observer checklist item, headed by its text), or a CSV
`learner,name,scenario,<item>...` whose `scenario` column names the role-play on each row and
whose item columns are headed by the item's text or its number (1, 2 ...).

A tick is 1 or 0 (also ✓/✗, √/×, y/n, yes/no, 是/否, 对/错, TRUE/FALSE); an empty cell was
not observed. A row without any tick is left out (a learner who did not play). Every problem is
a located error, all at once.
"""

from __future__ import annotations

from ..config import suggest
from ..errors import Diagnostics
from ..messages import _
from .files import (COHORT, DATE, LEARNER, NAME, SCENARIO, TEAM, Found, Layout, ResultsFile,
                    Sheet, column_of, plural_names)
from .items import normal
from .model import Observation
from .scoresheet import question_number
from .sheet import RoleplaySheet

LEARNER_COLUMNS = (LEARNER, NAME, SCENARIO, COHORT, DATE, TEAM)
TICKS = {"1": 1, "0": 0, "✓": 1, "✔": 1, "√": 1, "☑": 1, "✗": 0, "✘": 0, "×": 0, "☐": 0,
         "y": 1, "n": 0, "yes": 1, "no": 0, "是": 1, "否": 0, "对": 1, "错": 0, "對": 1, "錯": 0,
         "true": 1, "false": 0, "done": 1, "missed": 0}
HINT_MOST = 60  # an item's text in a hint, at most (characters)


def tick(value: str) -> int | None:
    """A checklist cell as 1 or 0; None when it is neither."""
    return TICKS.get(normal(value).rstrip("."))


def scenario_of(text: str, layout: Layout) -> RoleplaySheet | None:
    """The role-play a sheet's name or a scenario cell names: its title or its sheet's name."""
    want = normal(text)
    for rp in layout.roleplays:
        if want in (normal(rp.scenario), normal(rp.name)):
            return rp
    return None


def item_of(header: str, rp: RoleplaySheet) -> int | None:
    """The checklist item a header names (its text, or its number from 1), None for none."""
    want = normal(header)
    for k, item in enumerate(rp.items):
        if normal(item) == want:
            return k
    number = question_number(header)
    return number - 1 if number is not None and 1 <= number <= len(rp.items) else None


def _short(text: str) -> str:
    return text if len(text) <= HINT_MOST else text[: HINT_MOST - 1] + "…"


def read_checklists(file: ResultsFile, sheet: Sheet, layout: Layout, diags: Diagnostics,
                    found: Found, scenario: RoleplaySheet | None = None) -> None:
    """A sheet of checklists: of one role-play (the sheet named for it), or with scenario None
    of the role-play each row's `scenario` column names. Observations go to found."""
    header = sheet.header
    if header is None:
        return
    scenarios = [scenario] if scenario is not None else list(layout.roleplays)
    columns: dict[str, int] = {}
    items: dict[int, dict[str, int]] = {}  # column index: {scenario: item index}
    for k, cell in enumerate(header.cells):
        if not cell:
            continue
        kind = column_of(cell)
        if kind in LEARNER_COLUMNS and kind not in columns and (kind != SCENARIO or scenario is None):
            columns[kind] = k
            continue
        where = {rp.scenario: i for rp in scenarios if (i := item_of(cell, rp)) is not None}
        if where:
            items[k] = where
            continue
        words = [item for rp in scenarios for item in rp.items]
        if scenario is not None:
            otherwise = _("; the checklist items of this role-play are: {items}",
                          items="; ".join(_short(w) for w in scenario.items))
        else:
            otherwise = _("; the columns are learner, name, scenario, then the role-play's "
                          "checklist items, by their text or their number (1, 2 ...)")
        close = suggest(cell, words, otherwise)
        sheet.error(diags, header.line, _('unknown column "{header}"{suggestion}', header=cell,
                                          suggestion=close))
    if LEARNER not in columns:
        sheet.error(diags, header.line, _(
            'this sheet has no "learner" column; its first row heads the columns: learner (the '
            "learner's id, 工号 or 学号), name, then the checklist items"))
        return
    if scenario is None and SCENARIO not in columns:
        sheet.error(diags, header.line, _(
            'this role-play sheet does not say which role-play each row is: add a "scenario" '
            "column with the role-play's title"))
        return
    for row in sheet.body:
        values = {k: row.get(k) for k in items}
        if not any(values.values()):
            continue
        learner = row.get(columns[LEARNER])
        if not learner:
            sheet.error(diags, row.line, _(
                'this row has ticks but no learner id; type the learner\'s id in the "learner" '
                "column"))
            continue
        rp = scenario
        if rp is None:
            typed = row.get(columns[SCENARIO])
            rp = scenario_of(typed, layout) if typed else None
            if rp is None:
                titles = [r.scenario for r in layout.roleplays]
                sheet.error(diags, row.line, _(
                    'learner {learner}: "{scenario}" is not a role-play of the course{suggestion}',
                    learner=learner, scenario=typed, suggestion=suggest(typed, titles, _(
                        "; its role-plays with a checklist are: {known}",
                        known=plural_names(titles) or "-"))))
                continue
        ticks: list[int | None] = [None] * len(rp.items)
        ok = True
        for k, value in values.items():
            if not value:
                continue
            index = items[k].get(rp.scenario)
            if index is None:
                sheet.error(diags, row.line, _(
                    'learner {learner}: column "{header}" is not a checklist item of "{scenario}"',
                    learner=learner, header=header.get(k), scenario=rp.scenario))
                ok = False
                continue
            done = tick(value)
            if done is None:
                sheet.error(diags, row.line, _(
                    'learner {learner}: "{value}" for checklist item "{item}" is not 1 or 0; type '
                    "1 when it was done, 0 when not, or leave it empty", learner=learner,
                    value=value, item=_short(rp.items[index])))
                ok = False
                continue
            ticks[index] = done
        if ok:
            found.observations.append(Observation(
                learner=learner, name=row.get(columns.get(NAME)),
                cohort=found.cohort(file, row, columns), scenario=rp.scenario,
                ticks=tuple(ticks), loc=sheet.loc(row.line)))

