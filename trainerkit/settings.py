"""A course's settings from course.yml (and a training system's trainerkit.yml): the quiz's, the
timed day's, the lints' and the QA scorecard's, as plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Location

NOWHERE = Location("<generated>", 0)


@dataclass(frozen=True)
class QuizSettings:
    versions: int = 1
    seed: int = 0
    shuffle: bool = False
    pass_mark: float = 80  # percent: a learner passes, and masters an objective, at or above it


@dataclass(frozen=True)
class Break:
    """A break in a timed day: after a module (its id) or at a time of day (minutes after
    midnight), this long, with its title (茶歇, Lunch)."""

    minutes: int
    title: str = ""
    after: str = ""  # a module id
    at: int | None = None  # minutes after midnight
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Schedule:
    """course.yml's schedule: each day starts at start (minutes after midnight) and is planned
    to end by end; the breaks in it."""

    start: int
    end: int | None = None
    breaks: tuple[Break, ...] = ()
    loc: Location = NOWHERE


@dataclass(frozen=True)
class LintSettings:
    """course.yml "lint:": how long a sentence of a kb card or a script may be, how many steps
    a card may have and how deep its lists may nest before `trainerkit check` warns."""

    sentence_chars: int = 40  # Chinese characters in one sentence
    sentence_words: int = 25  # English words in one sentence
    card_steps: int = 7
    list_depth: int = 2
    loc: Location = NOWHERE


@dataclass(frozen=True)
class QASettings:
    """course.yml "qa:": the QA scorecard's points per module or item (weights: (key, points,
    line)) and the items that are also fatal (fatal: (key, line)); the keys as the trainer
    wrote them, checked where the scorecard is planned. trained: the training date (ISO) of
    agents whose cohort the results do not date, "" for none (results/qa.py)."""

    weights: tuple[tuple[str, float, int], ...] = ()
    fatal: tuple[tuple[str, int], ...] = ()
    loc: Location = NOWHERE
    trained: str = ""
