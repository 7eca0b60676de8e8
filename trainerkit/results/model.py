"""What a class's results are once read: plain frozen dataclasses, each row keeping the place it
was read from, so every later problem can name its file and line. The readers (one per kind of
file) make them; analysis.py turns them into the figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Location
from ..model import NOWHERE


@dataclass(frozen=True)
class Response:
    """One learner's answer to one question, scored. question: the question's id (items.py).
    picked: the choices picked, as indices into question.choices as written (whatever order the
    paper printed them in); text: the answer as given (a short answer, a number). points: what
    it earned (0 when unanswered); marked: False for an essay nobody has marked yet (an LMS
    export without marks), which then counts in no figure."""

    question: str
    points: float
    answered: bool = True
    picked: tuple[int, ...] = ()
    text: str = ""
    marked: bool = True


@dataclass(frozen=True)
class Sitting:
    """One learner's answers to one version of the course's quizzes. learner: their id ("L07",
    an LMS user's id or e-mail); version: the printed version's letter ("A"), "" for an LMS
    export (which poses every question). source: "scoresheet", "moodle" or "canvas"."""

    learner: str
    name: str
    cohort: str
    version: str
    responses: tuple[Response, ...]
    source: str = "scoresheet"
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Observation:
    """An observer's checklist for one learner in one role-play. scenario: the role-play's title;
    ticks: one per checklist item in the order written, 1 done, 0 missed, None left blank."""

    learner: str
    name: str
    cohort: str
    scenario: str
    ticks: tuple[int | None, ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Play:
    """One learner's call simulation (results/simulations.py). simulation: its column's header
    (its title); score: the points of their path; path: the steps' names from the start to the
    ending, when the path was given (() for the points alone)."""

    learner: str
    name: str
    cohort: str
    simulation: str
    score: float
    path: tuple[str, ...] = ()
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Rating:
    """One learner's end-of-class evaluation (reaction survey): answers by question id, as given
    (a rating "4", a choice, a comment). learner may be "" (an anonymous survey)."""

    learner: str
    cohort: str
    answers: tuple[tuple[str, str], ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Learner:
    """A learner of the roster: id, name, and the cohort and team when the roster says."""

    id: str
    name: str
    cohort: str = ""
    team: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Cohort:
    """One run of the class: what its files said. name: from a "cohort" column, or the file's
    name without its suffix; files: where it was read from."""

    name: str
    files: tuple[Path, ...] = ()
    sittings: tuple[Sitting, ...] = ()
    observations: tuple[Observation, ...] = ()
    ratings: tuple[Rating, ...] = ()
    date: str = ""  # a "date" column's first value (ISO, 2026-10-12), when there is one
    plays: tuple[Play, ...] = ()  # the call simulations' results


@dataclass(frozen=True)
class Results:
    """Everything results/ holds: the cohorts, oldest first (the latest is the last), and the
    roster (results/roster.csv, or the learner columns of the answers)."""

    cohorts: tuple[Cohort, ...] = ()
    roster: tuple[Learner, ...] = ()
