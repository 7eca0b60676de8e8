"""Quiz versions: which questions each printable version (A, B, ...) poses, in which order.

A version (A, B, ...) is drawn with its own seeded random generator: the same seed always gives
the same versions. Each version draws its own picks from each group; with `shuffle: true` it also
shuffles the questions of each quiz (between its text regions) and the choices of each question.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Union

from ..model import Choice, Course, Question, QuestionGroup, Quiz, QuizText, course_quizzes

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Posed:
    """A question as one version asks it: its number on the paper and the order of its choices
    (indices into question.choices)."""

    number: int
    question: Question
    order: tuple[int, ...] = ()

    @property
    def choices(self) -> tuple[Choice, ...]:
        return tuple(self.question.choices[k] for k in self.order)

    @property
    def correct_letters(self) -> str:
        return ", ".join(LETTERS[k] for k, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True)
class Part:
    """One quiz (a module's ```quiz block or a quiz file) as a version asks it."""

    quiz: Quiz
    items: tuple[Union[Posed, QuizText], ...]

    @property
    def posed(self) -> tuple[Posed, ...]:
        return tuple(i for i in self.items if isinstance(i, Posed))


@dataclass(frozen=True)
class Version:
    letter: str
    parts: tuple[Part, ...]

    @property
    def posed(self) -> tuple[Posed, ...]:
        return tuple(p for part in self.parts for p in part.posed)

    @property
    def points(self) -> float:
        return sum(p.question.points for p in self.posed)

    def signature(self) -> tuple:
        return tuple((id(p.question), p.order) for p in self.posed)


def make_versions(course: Course) -> list[Version]:
    """The printable versions of the course's quizzes, A, B, ... as course.yml asks."""
    settings = course.quiz
    quizzes = [q for q in course_quizzes(course) if q.questions]
    versions: list[Version] = []
    seen: set[tuple] = set()
    for k in range(settings.versions):
        letter = LETTERS[k]
        version = None
        for attempt in range(20):  # versions must differ when shuffled: draw again if one repeats
            rng = random.Random(f"trainerkit-quiz:{settings.seed}:{letter}:{attempt}")
            version = Version(letter, tuple(_part(q, rng, settings.shuffle) for q in quizzes))
            if not settings.shuffle or version.signature() not in seen:
                break
        assert version is not None
        seen.add(version.signature())
        versions.append(_numbered(version))
    return versions


def _part(quiz: Quiz, rng: random.Random, shuffle: bool) -> Part:
    items: list[Union[Question, QuizText]] = []
    run: list[Question] = []

    def flush() -> None:
        if shuffle:
            rng.shuffle(run)
        items.extend(run)
        run.clear()

    for item in quiz.items:
        if isinstance(item, QuizText):
            flush()
            items.append(item)
        elif isinstance(item, QuestionGroup):
            picked = sorted(rng.sample(range(len(item.questions)), item.pick))
            run.extend(item.questions[i] for i in picked)
        else:
            run.append(item)
    flush()
    shuffle_choices = shuffle and quiz.shuffle_answers is not False
    posed: list[Union[Posed, QuizText]] = []
    for item in items:
        if isinstance(item, QuizText):
            posed.append(item)
            continue
        order = list(range(len(item.choices)))
        if shuffle_choices and item.kind in ("single", "multiple"):
            rng.shuffle(order)
        posed.append(Posed(0, item, tuple(order)))
    return Part(quiz, tuple(posed))


def _numbered(version: Version) -> Version:
    n = 0
    parts = []
    for part in version.parts:
        items: list[Union[Posed, QuizText]] = []
        for item in part.items:
            if isinstance(item, Posed):
                n += 1
                items.append(Posed(n, item.question, item.order))
            else:
                items.append(item)
        parts.append(Part(part.quiz, tuple(items)))
    return Version(version.letter, tuple(parts))
