"""Call simulations in the results: the score sheet's sheet of them, read back, and what the
analysis counts of them.

The sheet (scoresheet.xlsx's "Simulations", in the course's words; or a CSV, alone or beside a
paper's answers): learner, name, then a column per simulation headed by its title. A cell holds
either

- the points the learner's path scored (`4`, `-2`, `3 分`): what the paper version's learners
  add up; at most the best path's score; or
- the path, as the steps' names from the start to an ending (`start → listen → good`; `->`,
  `>`, commas, `、` or spaces between them), or as the paper version writes it down: the
  sections' numbers (simulation.paper_numbers), each with the letter of the reply picked
  (`1A → 4A → 2`; the letters may be left out): trainerkit checks each step leads to the next
  and scores it. Where two replies lead from one step to the same next one with different scores,
  the points go after the path: `start → angry → listen → good = 1`.

An empty cell: the learner did not play it. Every problem is a located error at its row.

What counts (analysis.py): a play's percent is simulation.percent (the score out of the best
path's, floored at 0, at most 100); toward its objective (simulation.objective_id) it counts as
many points possible as the best path scores, and earns its percent of them, as a question
worth that many points would. Per simulation: the learners, their mean percent, how many
reached the best path's score, and the most common path (of those given as paths).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from string import ascii_uppercase

from ..config import suggest
from ..errors import Diagnostics
from ..messages import _
from .files import COHORT, DATE, LEARNER, NAME, TEAM, Found, ResultsFile, Sheet, column_of, header_key
from .items import normal, parse_number
from .model import Play
from .simulation_layout import SimulationColumn, number_text, path_text
# What may stand between a path's steps (after NFKC): arrows, commas, semicolons.
BETWEEN = re.compile(r"\s*(?:->|→|⟶|➔|➜|=>|>|,|、|;)\s*")
# The points after a path: "start → good = 4".
GIVEN = re.compile(r"^(.*?)\s*=\s*([+\-]?\d+(?:[.,]\d+)?)\s*(?:分|points?|pts?)?$", re.I)
SECTION = re.compile(r"(\d{1,3})([A-Za-z]?)")  # a paper section and the letter of its reply: 4B
LETTERS = ascii_uppercase  # a section's replies, as the paper letters them (plan_paper.letter)
DIGITS_APART = re.compile(r"\d\s+\d")  # "1 4 2": section numbers, not 142 points
UNIT = re.compile(r"\s*(?:分|points?|pts?)$", re.I)
# A sheet named for the simulations, whatever the course's language (compared by header_key).
SHEET_WORDS = {header_key(w) for w in (
    "simulations", "simulation", "call simulations", "模拟通话", "模拟", "通话模拟", "情景模拟",
    "模擬通話", "模擬", "通話模擬", "情境模擬")}
LEARNER_COLUMNS = (LEARNER, NAME, COHORT, DATE, TEAM)
SCORES_SHOWN = 6  # a path's possible scores listed in a message, at most


# -- reading it back -------------------------------------------------------------------------------


def column_named(header: str, columns: list[SimulationColumn]) -> SimulationColumn | None:
    """The simulation a header names: its column's header, or its title."""
    want = normal(header)
    return (next((c for c in columns if normal(c.header) == want), None)
            or next((c for c in columns if normal(c.simulation.title) == want), None))


def is_simulation_sheet(sheet: Sheet, columns: list[SimulationColumn]) -> bool:
    """Whether a sheet holds simulations alone: named for them, or headed by learner columns and
    simulations only."""
    if not columns or sheet.header is None:
        return False
    if sheet.name and header_key(sheet.name).split("(")[0] in SHEET_WORDS:
        return True
    cells = [c for c in sheet.header.cells if c]
    named = [c for c in cells if column_named(c, columns) is not None]
    return bool(named) and all(c in named or column_of(c) in LEARNER_COLUMNS for c in cells)


def read_plays(file: ResultsFile, sheet: Sheet, columns: list[SimulationColumn],
               diags: Diagnostics, found: Found, alone: bool = True) -> None:
    """The simulations' cells of a sheet as Plays in found. alone: the sheet holds nothing else
    (any other column is an error); else the other columns are another reader's."""
    header = sheet.header
    if header is None:
        return
    known: dict[str, int] = {}
    played: dict[int, SimulationColumn] = {}
    for k, cell in enumerate(header.cells):
        if not cell:
            continue
        kind = column_of(cell)
        col = column_named(cell, columns)
        if kind in LEARNER_COLUMNS and kind not in known:
            known[kind] = k
        elif col is not None and col not in played.values():
            played[k] = col
        elif col is not None:
            sheet.error(diags, header.line, _('the simulation "{title}" has two columns; keep one',
                                              title=col.header))
        elif alone:
            otherwise = _("; the columns are learner, name, then the simulations by title: "
                          "{titles}", titles=", ".join(c.header for c in columns))
            sheet.error(diags, header.line, _('unknown column "{header}"{suggestion}', header=cell,
                                              suggestion=suggest(cell, [c.header for c in columns],
                                                                 otherwise)))
    if not played:
        return
    if LEARNER not in known:
        sheet.error(diags, header.line, _(
            'this sheet has no "learner" column; its first row heads the columns: learner (the '
            "learner's id, 工号 or 学号), name, then the simulations by title"))
        return
    for row in sheet.body:
        cells = {k: row.get(k) for k in played if row.get(k)}
        if not cells:
            continue
        learner = row.get(known[LEARNER])
        if not learner:
            sheet.error(diags, row.line, _(
                "this row has a simulation's result but no learner id; type the learner's id in "
                'the "learner" column'))
            continue
        for k, value in cells.items():
            col = played[k]
            read = read_cell(value, col)
            if isinstance(read, tuple):
                score, path = read
                found.plays.append(Play(learner, row.get(known.get(NAME)),
                                        found.cohort(file, row, known), col.header, score, path,
                                        sheet.loc(row.line)))
            else:
                sheet.error(diags, row.line, _('learner {learner}, "{title}": {problem}',
                                               learner=learner, title=col.header, problem=read))


def read_cell(value: str, col: SimulationColumn):
    """A simulation's cell as (score, path): the points alone (path ()), or a path scored; else
    the problem (a Msg)."""
    typed = unicodedata.normalize("NFKC", value).strip().replace("−", "-")
    points = parse_number(UNIT.sub("", typed))
    if points is not None and not BETWEEN.search(typed.lstrip("+-")) and not DIGITS_APART.search(typed):
        best = col.best
        if best is not None and points > best.score + 1e-9:
            return _("{points} points is more than the best path scores ({best}: {path}); check "
                     "the points, or type the path the learner took",
                     points=number_text(points), best=number_text(best.score),
                     path=path_text(best.steps))
        return float(points), ()
    given = None
    m = GIVEN.match(typed)
    if m:
        typed, given = m.group(1), parse_number(m.group(2))
    return _scored(typed, given, col)


def _scored(typed: str, given: float | None, col: SimulationColumn):
    """A path typed (step names, or the paper's sections with the letters of the replies picked)
    as (score, the steps' names); else the problem."""
    sim = col.simulation
    tokens = [t for t in BETWEEN.split(typed) if t]
    if len(tokens) == 1 and len(tokens[0].split()) > 1 and normal(tokens[0]) not in col.steps:
        tokens = tokens[0].split()
    numbered = bool(tokens) and all(SECTION.fullmatch(t) and normal(t) not in col.steps for t in tokens)
    names: list[str] = []
    picks: list[int | None] = []  # the reply picked at each step, when the paper's letter says
    for token in tokens:
        if numbered:
            number, letter = SECTION.fullmatch(token).groups()
            name = col.sections.get(str(int(number)))
            if name is None:
                return _("there is no section {number} on paper: its sections are 1–{last}",
                         number=number, last=len(col.sections))
            pick = LETTERS.index(letter.upper()) if letter else None
            replies = sim.step(name).replies
            if pick is not None and pick >= len(replies):
                return _("section {number} has no reply {letter}", number=number, letter=letter.upper())
        else:
            name, pick = col.steps.get(normal(token)), None
            if name is None:
                otherwise = _("; type the points, or the path as the steps' names: {steps}",
                              steps=", ".join(s.name for s in sim.steps))
                return _('there is no step "{step}"{suggestion}', step=token,
                         suggestion=suggest(token, [s.name for s in sim.steps], otherwise))
        names.append(name)
        picks.append(pick)
    if not names:
        return _("type the points the learner scored, or the path they took")
    if picks[-1] is not None:  # "1A → 4A": the last reply's step is where the call went
        names.append(sim.step(names[-1]).replies[picks[-1]].target)
        picks.append(None)
    numbers = {name: n for n, name in col.sections.items()}

    def shown(name: str) -> str:  # a step as the trainer typed it: "angry (5)" from the paper
        return f"{name} ({numbers[name]})" if numbered and name in numbers else name

    if names[0] != sim.start.name:
        return _('the path starts at "{step}"; a path starts at the start, "{start}"',
                 step=shown(names[0]), start=shown(sim.start.name))
    scores = {0.0}
    for a, b, pick in zip(names, names[1:], picks):
        step = sim.step(a)
        if pick is not None and step.replies[pick].target != b:
            return _('reply {letter} of "{step}" leads to "{target}", not to "{next}"',
                     letter=LETTERS[pick], step=shown(a), target=shown(step.replies[pick].target),
                     next=shown(b))
        ways = [r.score for k, r in enumerate(step.replies) if r.target == b and pick in (None, k)]
        if not ways:
            leads = ", ".join(dict.fromkeys(shown(r.target) for r in step.replies)) or "-"
            return _('"{step}" does not lead to "{next}": its replies lead to {targets}',
                     step=shown(a), next=shown(b), targets=leads)
        scores = {s + w for s in scores for w in ways}
        if len(scores) > 1000:  # a long path of ambiguous replies: keep the extremes
            scores = {min(scores), max(scores)}
    last = sim.step(names[-1])
    if last is None or not last.end:
        endings = ", ".join(shown(s.name) for s in sim.endings) or "-"
        return _('the path stops at "{step}", which is not an ending ({endings}); type the whole '
                 "path, to the ending", step=shown(names[-1]), endings=endings)
    ordered = sorted(scores)
    if given is not None:
        if not any(abs(given - s) < 1e-9 for s in ordered):
            return _("the path {path} scores {scores}, not {points}", path=path_text(names),
                     scores=_scores(ordered), points=number_text(given))
        return float(given), tuple(names)
    if len(ordered) > 1:
        return _("the path {path} scores {scores}, by the replies picked; add the points after "
                 "the path: {path} = {example}", path=path_text(names), scores=_scores(ordered),
                 example=number_text(ordered[-1]))
    return ordered[0], tuple(names)


def _scores(scores: list[float]) -> str:
    shown = [number_text(s) for s in scores[:SCORES_SHOWN]]
    return " / ".join(shown + (["…"] if len(scores) > SCORES_SHOWN else []))


def check_once(plays: list[Play], cohort: str, diags: Diagnostics) -> None:
    """An error for a learner with two results of one simulation in a cohort, naming both."""
    first: dict[tuple[str, str], Play] = {}
    for p in plays:
        key = (p.learner, p.simulation)
        if key in first:
            diags.error(p.loc, _(
                'learner {learner} is in cohort "{cohort}" twice for the simulation "{title}", '
                "here and at {other}; keep one result per learner and simulation",
                learner=p.learner, cohort=cohort, title=p.simulation, other=str(first[key].loc)))
        else:
            first[key] = p


# -- what the analysis counts ------------------------------------------------------------------------


def points_by_learner(columns: dict[str, SimulationColumn], plays: list[Play]
                      ) -> dict[tuple[str, str], dict[str, list[float]]]:
    """Per (cohort, learner), per objective: [points earned, points possible] of their plays."""
    out: dict[tuple[str, str], dict[str, list[float]]] = {}
    for p in plays:
        col = columns.get(p.simulation)
        if col is None or not col.objective:
            continue
        e = out.setdefault((p.cohort, p.learner), {}).setdefault(col.objective, [0.0, 0.0])
        e[0] += col.top * col.percent(p.score) / 100
        e[1] += col.top
    return out


def figures(columns: dict[str, SimulationColumn], plays: list[Play]) -> list[dict]:
    """Per simulation played, in the course's order: its title, module, objective, where it is
    written, its best and worst paths' scores and the best path, then the learners, their mean
    percent, how many reached the best path's score, and the most common path given with how
    many gave it (None when no path was given)."""
    from . import stats

    out = []
    for header, col in columns.items():
        theirs = [p for p in plays if p.simulation == header]
        if not theirs:
            continue
        best, worst = col.best, col.worst
        paths = Counter(p.path for p in theirs if p.path)
        common = paths.most_common(1)[0] if paths else None
        out.append({
            "title": header, "module": col.module, "objective": col.objective,
            "loc": str(col.simulation.loc),
            "best_score": best.score if best else None, "worst_score": worst.score if worst else None,
            "best_path": list(best.steps) if best else [],
            "learners": len({(p.cohort, p.learner) for p in theirs}),
            "mean": stats.mean([col.percent(p.score) for p in theirs]),
            "best": sum(1 for p in theirs if best is not None and p.score >= best.score - 1e-9),
            "paths": sum(paths.values()),
            "path": list(common[0]) if common else None, "path_count": common[1] if common else 0,
        })
    return out
