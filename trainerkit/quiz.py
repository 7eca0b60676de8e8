"""Quiz versions and what each quiz output shows: the printable papers and their keys (model
Documents for the docx writer), the self-check page, GIFT and QTI (text from Jinja templates).

A version (A, B, ...) is drawn with its own seeded random generator: the same seed always gives
the same versions. Each version draws its own picks from each group; with `shuffle: true` it also
shuffles the questions of each quiz (between its text regions) and the choices of each question.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Union

from .model import (
    BulletList, Choice, Course, DocBlock, Document, Heading, ListItem, PageBreak, Paragraph,
    Question, QuestionGroup, Quiz, QuizText, Span, Table, Text, WritingLines, course_quizzes,
    text_of,
)
from .templates import Templates

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


# ---------------------------------------------------------------------------------------------
# Words and numbers


def number_text(x: float) -> str:
    """30 rather than 30.0; 4.5 and 2.718281828 as written: 15 significant digits, every digit a
    trainer can write, and none of a sum's float noise (2.3 - 0.1 is 2.2)."""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.15g}"


def numeric_text(question: Question) -> str:
    """The accepted answer of a numerical question, as a trainer reads it."""
    n = question.numeric
    assert n is not None
    if n.exact is not None and n.low == n.high:
        return number_text(n.exact)
    if n.exact is not None:
        return f"{number_text(n.exact)} ± {number_text(n.high - n.exact)} " \
               f"({number_text(n.low)} – {number_text(n.high)})"
    return f"{number_text(n.low)} – {number_text(n.high)}"


def answer_text(posed: Posed, labels: dict[str, str]) -> str:
    """The correct answer in one line, for the key's table."""
    q = posed.question
    if q.kind in ("single", "true_false", "multiple"):
        return posed.correct_letters
    if q.kind == "short":
        return " / ".join(q.answers)
    if q.kind == "numerical":
        return numeric_text(q)
    return labels["marked_by_trainer"]


def points_text(points: float, labels: dict[str, str]) -> str:
    word = labels["point"] if points == 1 else labels["points"]
    return f"{number_text(points)} {word}"


def objective_text(question: Question, labels: dict[str, str]) -> str:
    o = question.objective
    if o is None:
        return ""
    return f"{o.module}.{o.number} {o.text}"


def _join(*parts: Text) -> Text:
    out: list[Span] = []
    for part in parts:
        out.extend(part)
    return tuple(out)


def _lead(posed: Posed, extra: Text = ()) -> list[DocBlock]:
    """The question's stem, its number in bold before the first paragraph."""
    number = (Span(f"{posed.number}. ", bold=True),)
    stem = list(posed.question.stem)
    if stem and isinstance(stem[0], Paragraph):
        first = stem.pop(0)
        return [Paragraph(_join(number, first.text, extra), first.loc)] + stem
    return [Paragraph(_join(number, extra))] + stem


# ---------------------------------------------------------------------------------------------
# The printable paper and its key


def _choices_list(posed: Posed, ticked: bool) -> BulletList:
    items = []
    for k, choice in enumerate(posed.choices):
        items.append(ListItem(_join((Span(f"{LETTERS[k]}. "),), choice.text), 0, False, None,
                              choice.loc, choice.correct if ticked else False))
    return BulletList(tuple(items))


def paper_blocks(version: Version, course: Course, templates: Templates) -> list[DocBlock]:
    labels = templates.labels
    colon = labels["colon"]
    blocks: list[DocBlock] = [
        Heading(0, text_of(f"{course.title} · {labels['quiz']} {version.letter}")),
        Paragraph(text_of(f"{labels['name']}{colon}{'_' * 16}    {labels['date']}{colon}"
                          f"{'_' * 12}    {labels['score']}{colon}{'_' * 6} / "
                          f"{number_text(version.points)}")),
    ]
    intro, sections = templates.fragment("quiz-paper.md.j2", version=version.letter,
                                         points=number_text(version.points),
                                         count=len(version.posed))
    blocks += intro
    for sec in sections:
        blocks += sec.blocks
    several = len(version.parts) > 1
    for part in version.parts:
        if several:
            blocks.append(Heading(1, text_of(part.quiz.title)))
        if part.quiz.description:
            blocks += part.quiz.description
        for item in part.items:
            if isinstance(item, QuizText):
                if item.title:
                    blocks.append(Heading(2, text_of(item.title)))
                blocks += item.text
                continue
            q = item.question
            hint = ""
            if q.kind == "multiple":
                hint = labels["select_all"] + labels.get("list_sep", ", ")
            extra = (Span(f"  ({hint}{points_text(q.points, labels)})", italic=True),)
            blocks += _lead(item, extra)
            if q.kind in ("single", "true_false", "multiple"):
                blocks.append(_choices_list(item, ticked=False))
            elif q.kind in ("short", "numerical"):
                blocks.append(WritingLines(1))
            elif q.kind == "essay":
                blocks.append(WritingLines(int(min(12, max(4, 2 * q.points)))))
            else:
                blocks.append(Paragraph(text_of(labels["upload_note"])))
    return blocks


def key_blocks(version: Version, course: Course, templates: Templates, level: int = 0) -> list[DocBlock]:
    """The answer key of a version: a table to mark with, then each question with its answer,
    points, feedback and the objective it assesses. level: the heading level of its title."""
    labels = templates.labels
    colon = labels["colon"]
    blocks: list[DocBlock] = [
        Heading(level, text_of(f"{course.title} · {labels['key']} {version.letter}")),
        Paragraph(text_of(f"{labels['total']}{colon}{points_text(version.points, labels)}")),
    ]
    rows = []
    for posed in version.posed:
        q = posed.question
        rows.append((text_of(str(posed.number)), text_of(answer_text(posed, labels)),
                     text_of(number_text(q.points)),
                     text_of(f"{q.objective.module}.{q.objective.number}" if q.objective else "")))
    blocks.append(Table((text_of("#"), text_of(labels["answer"]), text_of(labels["points"]),
                         text_of(labels["objective"])), tuple(rows), (None, None, "right", None)))
    for part in version.parts:
        blocks.append(Heading(level + 1, text_of(part.quiz.title)))
        for posed in part.posed:
            q = posed.question
            blocks += _lead(posed, (Span(f"  ({points_text(q.points, labels)})", italic=True),))
            if q.kind in ("single", "true_false", "multiple"):
                blocks.append(_choices_list(posed, ticked=True))
            for label, value in _key_lines(posed, labels):
                if value:
                    blocks.append(Paragraph(_join((Span(f"{label}{colon}", bold=True),), value)))
    return blocks


def _key_lines(posed: Posed, labels: dict[str, str]) -> list[tuple[str, Text]]:
    q = posed.question
    lines: list[tuple[str, Text]] = [(labels["answer"], text_of(answer_text(posed, labels)))]
    for k, choice in enumerate(posed.choices):
        if choice.feedback:
            lines.append((f"{labels['feedback']} {LETTERS[k]}", choice.feedback))
    lines += [(labels["feedback"], q.feedback), (labels["if_right"], q.correct_feedback),
              (labels["if_wrong"], q.incorrect_feedback), (labels["solution"], q.solution),
              (labels["objective"], text_of(objective_text(q, labels)))]
    return lines


def _document(kind: str, title: str, course: Course, templates: Templates,
              blocks: list[DocBlock]) -> Document:
    return Document(kind=kind, title=title, language=course.language, blocks=tuple(blocks),  # type: ignore[arg-type]
                    reference=course.theme_docx, labels=templates.labels, author=course.author)


def guide_keys(course: Course, templates: Templates) -> list[DocBlock]:
    """The answer keys of every version, for the end of the facilitator guide."""
    versions = make_versions(course)
    if not any(v.posed for v in versions):
        return []
    blocks: list[DocBlock] = [PageBreak(), Heading(0, text_of(templates.labels["answer_keys"]))]
    for version in versions:
        blocks += key_blocks(version, course, templates, level=1)
    return blocks


# ---------------------------------------------------------------------------------------------
# The output


@dataclass
class QuizPlan:
    """Everything the quiz output writes: documents for the docx writer, texts made by templates,
    and the members of the QTI zip."""

    documents: dict[str, Document] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    qti: dict[str, str] = field(default_factory=dict)


def plan_quiz(course: Course, templates: Templates) -> QuizPlan:
    from .render import gift, html, qti

    plan = QuizPlan()
    labels = templates.labels
    for version in make_versions(course):
        plan.documents[f"quiz-{version.letter}.docx"] = _document(
            "quiz", f"{course.title} · {labels['quiz']} {version.letter}", course, templates,
            paper_blocks(version, course, templates))
        plan.documents[f"quiz-{version.letter}-key.docx"] = _document(
            "key", f"{course.title} · {labels['key']} {version.letter}", course, templates,
            key_blocks(version, course, templates))
    quizzes = [q for q in course_quizzes(course) if q.questions]
    for name, text in (("quiz.html", html.quiz_page(course, quizzes, templates)),
                       ("quiz.gift", gift.quiz_gift(course, quizzes, templates))):
        if text is not None:
            plan.texts[name] = text
    plan.qti = qti.quiz_qti(course, quizzes, templates)
    return plan


def render_quiz(plan: QuizPlan) -> dict[str, bytes]:
    from .render.docx import render_document
    from .render.qti import zip_bytes

    files = {name: render_document(doc) for name, doc in plan.documents.items()}
    files.update({name: text.encode("utf-8") for name, text in plan.texts.items()})
    if plan.qti:
        files["quiz-qti.zip"] = zip_bytes(plan.qti)
    return files
