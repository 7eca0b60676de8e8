"""Every results file of a course, each to its reader, into cohorts (results.model.Results).

What a file is, is told by its name and its header row:

- `roster.csv` / `roster.xlsx`: the roster (roster.py);
- a name starting with "evaluation": the end-of-class evaluation's answers, one row per form,
  every column but learner, name, cohort, date and team an answer keyed by its header as
  written (empty cells left out); evaluation-<cohort>.csv is that cohort's;
- a header with Moodle's "Surname" and "First name", or "Response 1": Moodle's quiz Responses
  report (moodle.py);
- a header starting name, id, sis_id: Canvas's Student Analysis report (canvas.py);
- a sheet named for the call simulations, or headed by learner columns and simulations' titles
  only: their results (simulations.py);
- anything else: the score sheet (scoresheet.py), or a role-play checklist (roleplay.py): an
  xlsx sheet named for a printed version or a role-play, columns with "version" or
  "scenario", or columns headed by a role-play's checklist items; the columns headed by a
  simulation's title beside a paper's answers are that simulation's results.

A row's cohort is its `cohort` column's, else its file's name without the suffix; the files of
one cohort make one Cohort, the cohorts in the order the files come (by name), each dated by its
first `date` value. Without a roster, the roster is every learner the answers name, in order.
A learner twice in one cohort (two sittings, or two checklists of one role-play) is an error
naming both lines. Nothing is written; every problem is a located error, all at once.
"""

from __future__ import annotations

from .. import limits
from ..errors import Diagnostics, Location
from ..messages import _
from ..model import Course
from . import canvas, moodle, simulations
from .files import (COHORT, DATE, LEARNER, NAME, SCENARIO, TEAM, VERSION, Found, Layout,
                    ResultsFile, Sheet, column_of, known_columns, plural_names, read_file)
from .model import Cohort, Learner, Rating, Results
from .roleplay import item_of, read_checklists, scenario_of
from .roster import is_roster, read_roster
from .scoresheet import question_number, read_answers, version_name

EVALUATION = "evaluation"
NOT_ANSWERS = (LEARNER, NAME, COHORT, DATE, TEAM, VERSION)  # an evaluation's columns that are not answers


def read_results(course: Course, diags: Diagnostics) -> Results | None:
    """What the course's results files hold, or None when any of them has an error (each a
    located error in diags)."""
    before = len(diags.errors)
    layout = Layout(course)
    parts: list[tuple[ResultsFile, Found]] = []
    roster = Found()
    rows = 0
    for path in course.results_files:
        file = read_file(path, course.root, diags)
        if file is None:
            continue
        rows += sum(len(sheet.rows) for sheet in file.sheets)
        if rows > limits.MAX_RESULTS_ROWS_IN_COURSE:  # each file is bounded; so are all of them
            diags.error(Location.of(path), _(
                "the results files hold more than {most:,} rows up to this one (the limit "
                "MAX_RESULTS_ROWS_IN_COURSE); keep the cohorts a report is about in results/ and move "
                "older ones elsewhere", most=limits.MAX_RESULTS_ROWS_IN_COURSE))
            break
        if is_roster(path.name):
            for sheet in file.sheets:
                read_roster(sheet, diags, roster)
            continue
        found = Found()
        for sheet in file.sheets:
            read_sheet(file, sheet, layout, diags, found)
        parts.append((file, found))
    results = _cohorts(parts, roster.learners, diags)
    return None if len(diags.errors) > before else results


def read_sheet(file: ResultsFile, sheet: Sheet, layout: Layout, diags: Diagnostics,
               found: Found) -> None:
    """One sheet of a results file (not the roster), to the reader its name and header say."""
    header = sheet.header
    if header is None:
        return
    if file.path.name.casefold().startswith(EVALUATION):
        read_ratings(file, sheet, diags, found)
        return
    if simulations.is_simulation_sheet(sheet, layout.simulations):
        simulations.read_plays(file, sheet, layout.simulations, diags, found)
        return
    if moodle.is_moodle(header):
        moodle.read_moodle(file, sheet, layout, diags, found)
        return
    if canvas.is_canvas(header):
        canvas.read_canvas(file, sheet, layout, diags, found)
        return
    if any(simulations.column_named(c, layout.simulations) for c in header.cells if c):
        simulations.read_plays(file, sheet, layout.simulations, diags, found, alone=False)
    if file.xlsx:
        version = layout.versions.get(version_name(sheet.name))
        if version is not None:
            read_answers(file, sheet, layout, diags, found, version)
            return
        scenario = scenario_of(sheet.name, layout)
        if scenario is not None:
            read_checklists(file, sheet, layout, diags, found, scenario)
            return
    columns = known_columns(header)
    headed = next((rp for rp in layout.roleplays if any(item_of(c, rp) is not None and
                                                         question_number(c) is None
                                                         for c in header.cells)), None)
    if SCENARIO in columns:
        read_checklists(file, sheet, layout, diags, found)
    elif headed is not None and VERSION not in columns:  # a role-play's items head the columns
        read_checklists(file, sheet, layout, diags, found, headed)
    elif not file.xlsx or VERSION in columns or (LEARNER in columns and len(layout.versions) <= 1):
        read_answers(file, sheet, layout, diags, found)
    elif LEARNER in columns:
        names = list(layout.versions) + [rp.name for rp in layout.roleplays]
        sheet.error(diags, header.line, _(
            "this sheet is named for no printed version and no role-play of the course "
            '({known}); name it as scoresheet.xlsx does, or add a "version" column',
            known=plural_names(names) or "-"))
    else:
        sheet.warning(diags, header.line, _(
            'this sheet has no "learner" column and is named for no version or role-play of the '
            "course, so it is left out"))


def read_ratings(file: ResultsFile, sheet: Sheet, diags: Diagnostics, found: Found) -> None:
    """An evaluation's forms: one Rating per row with an answer, keyed by its column's header."""
    header = sheet.header
    columns = known_columns(header, NOT_ANSWERS)
    answers = [(k, cell) for k, cell in enumerate(header.cells)
               if cell and not (column_of(cell) in NOT_ANSWERS and columns.get(column_of(cell)) == k)]
    for row in sheet.body:
        given = tuple((name, row.get(k)) for k, name in answers if row.get(k))
        if not given:
            continue
        found.ratings.append(Rating(row.get(columns.get(LEARNER)),
                                    found.cohort(file, row, columns), given, sheet.loc(row.line)))


def _cohorts(parts: list[tuple[ResultsFile, Found]], roster: list[Learner],
             diags: Diagnostics) -> Results:
    """The cohorts of what each file held, in the order first met, and the roster."""
    names: list[str] = []
    for _file, found in parts:
        names.extend(n for n in found.cohorts if n not in names)
    cohorts = []
    for name in names:
        files = tuple(file.path for file, found in parts if name in found.cohorts)
        sittings = [s for _f, found in parts for s in found.sittings if s.cohort == name]
        observations = [o for _f, found in parts for o in found.observations if o.cohort == name]
        ratings = [r for _f, found in parts for r in found.ratings if r.cohort == name]
        plays = [p for _f, found in parts for p in found.plays if p.cohort == name]
        date = next((found.dates[name] for _f, found in parts if name in found.dates), "")
        _once(sittings, lambda s: s.learner, name, diags)
        _once(observations, lambda o: (o.learner, o.scenario), name, diags)
        _once([r for r in ratings if r.learner], lambda r: r.learner, name, diags)
        simulations.check_once(plays, name, diags)
        cohorts.append(Cohort(name, files, tuple(sittings), tuple(observations), tuple(ratings), date,
                              tuple(plays)))
    if not roster:
        seen: dict[str, Learner] = {}
        for cohort in cohorts:
            for thing in (*cohort.sittings, *cohort.observations, *cohort.plays, *cohort.ratings):
                name = getattr(thing, "name", "")
                if thing.learner and thing.learner not in seen:
                    seen[thing.learner] = Learner(thing.learner, name, cohort.name, "", thing.loc)
                elif thing.learner and name and not seen[thing.learner].name:
                    old = seen[thing.learner]
                    seen[thing.learner] = Learner(old.id, name, old.cohort, old.team, old.loc)
        roster = list(seen.values())
    return Results(tuple(cohorts), tuple(roster))


def _once(things: list, key, cohort: str, diags: Diagnostics) -> None:
    """An error for each learner (or learner and role-play) met twice in a cohort, naming both."""
    first: dict = {}
    for thing in things:
        k = key(thing)
        if k not in first:
            first[k] = thing
            continue
        other = first[k]
        if isinstance(k, tuple):
            diags.error(thing.loc, _(
                'learner {learner} is in cohort "{cohort}" twice for the role-play "{scenario}", '
                "here and at {other}; keep one row per learner and role-play",
                learner=k[0], cohort=cohort, scenario=k[1], other=str(other.loc)))
        else:
            diags.error(thing.loc, _(
                'learner {learner} is in cohort "{cohort}" twice, here and at {other}; keep one '
                "row per learner, or give the rows different cohorts", learner=k, cohort=cohort,
                other=str(other.loc)))
