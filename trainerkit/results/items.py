"""The course's questions as results name them: each question's id, its maximum and the
objective it assesses, and how an answer is scored. One place for both, so the score sheet, every
reader and the analysis agree.

A question's id is where it is written: `<module id>.q<n>` for the n-th question of a module's
```quiz blocks, `<quiz file stem>.q<n>` for the n-th question of a quiz file (questions of a
GROUP counted in the order written). Objective ids are the quizzes' own (`opening.2`).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..model import Course, Paragraph, Question, Quiz, course_quizzes, plain


@dataclass(frozen=True)
class Item:
    """A question of the course: its id, the quiz it is in, its maximum points, its objective
    id ("" when it names none) and its stem as one line of text."""

    id: str
    question: Question
    quiz: Quiz
    max: float
    objective: str
    text: str


def quiz_key(quiz: Quiz) -> str:
    """The first part of its questions' ids: the module's id, or the quiz file's stem."""
    if quiz.module:
        return quiz.module
    name = Path(quiz.path).name
    for suffix in (".quiz.md", ".txt"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return Path(name).stem


def course_items(course: Course) -> dict[str, Item]:
    """Every question of the course by its id, in the order written (a module's quiz blocks
    share one count)."""
    out: dict[str, Item] = {}
    counts: dict[str, int] = {}
    for quiz in course_quizzes(course):
        key = quiz_key(quiz)
        for q in quiz.questions:
            counts[key] = counts.get(key, 0) + 1
            ident = f"{key}.q{counts[key]}"
            objective = f"{q.objective.module}.{q.objective.number}" if q.objective else ""
            out[ident] = Item(ident, q, quiz, float(q.points), objective, one_line(q))
    return out


def by_question(items: dict[str, Item]) -> dict[int, Item]:
    """The items by id() of their Question: what a printed version (quiz.versions.Posed) names."""
    return {id(item.question): item for item in items.values()}


def one_line(q: Question) -> str:
    """A question's stem as one line: its title when the stem is empty."""
    text = " ".join(" ".join(plain(b.text) for b in q.stem if isinstance(b, Paragraph)).split())
    return text or q.title


def normal(text: str) -> str:
    """An answer as compared: NFKC (full-width letters and digits as ASCII), case folded,
    spaces squeezed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def score_choices(q: Question, picked: tuple[int, ...]) -> float:
    """Points for the choices picked (indices into q.choices). One right answer (single, true or
    false): all or nothing. Several (multiple): each right choice picked earns an equal share,
    each wrong one picked takes a share away, never below 0 (Canvas's partial credit)."""
    if not picked:
        return 0.0
    right = [k for k, c in enumerate(q.choices) if c.correct]
    if q.kind != "multiple":
        return float(q.points) if len(picked) == 1 and picked[0] in right else 0.0
    if not right:
        return 0.0
    share = q.points / len(right)
    got = sum(share if k in right else -share for k in set(picked))
    return max(0.0, min(float(q.points), got))


def score_text(q: Question, answer: str) -> float:
    """Points for a typed answer: a short answer matches an accepted one (as normal() compares),
    a number lies in the numerical question's range."""
    if q.kind == "short":
        given = normal(answer)
        return float(q.points) if any(normal(a) == given for a in q.answers) else 0.0
    if q.kind == "numerical" and q.numeric is not None:
        value = parse_number(answer)
        if value is None:
            return 0.0
        return float(q.points) if q.numeric.low - 1e-9 <= value <= q.numeric.high + 1e-9 else 0.0
    return 0.0


def parse_number(text: str) -> float | None:
    """A number as a learner writes it: full-width digits, a decimal comma, a thousands
    separator; None when it is none."""
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if t.count(",") == 1 and "." not in t and len(t.split(",")[1]) != 3:
        t = t.replace(",", ".")
    t = t.replace(",", "")
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
