"""Moodle GIFT: every question of the course, one category per quiz (and per group, so Moodle's
"random question from category" can pick from it). The layout is the quiz.gift.j2 template."""

from __future__ import annotations

from typing import Any

from ..model import Course, Question, QuestionGroup, Quiz, QuizText
from .html import blocks_html, question_data, text_html

SPECIAL = "~=#{}:"


def gift_escape(value: Any) -> str:
    """Text made literal for GIFT: its marks ~ = # { } : (and \\) escaped, line breaks as \\n."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", "").replace("\n", "\\n")


def category_escape(value: Any) -> str:
    """A category name: a / inside a name is written //."""
    return " ".join(str(value).split()).replace("/", "//")


def weight(fraction: float) -> str:
    """A Moodle answer weight in percent, like 50 or 33.33333."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return text or "0"


def gift_question(q: Question, ident: str) -> dict[str, Any]:
    data = question_data(q, ident, pictures=False)
    n_right = sum(1 for c in q.choices if c.correct) or 1
    n_wrong = sum(1 for c in q.choices if not c.correct) or 1
    for c, choice in zip(data["choices"], q.choices):
        feedback = choice.feedback or (q.correct_feedback if choice.correct else q.incorrect_feedback)
        c["feedback"] = text_html(feedback)
        c["weight"] = weight(1 / n_right) if choice.correct else weight(-1 / n_wrong)
    data["answer_feedback"] = data["correct_feedback"]
    if q.numeric is not None:
        from ..quiz import number_text

        n = q.numeric
        data["num"] = {"low": number_text(n.low), "high": number_text(n.high),
                       "exact": None if n.exact is None else number_text(n.exact),
                       "margin": None if n.exact is None else number_text(n.high - n.exact)}
    return data


def gift_parts(quizzes: list[Quiz]) -> list[dict[str, Any]]:
    parts = []
    n = 0
    for quiz in quizzes:
        sections: list[dict[str, Any]] = [{"group": None, "questions": []}]
        texts = []
        for k, item in enumerate(quiz.items):
            if isinstance(item, QuizText):
                texts.append(blocks_html(item.text, pictures=False))
                continue
            if isinstance(item, QuestionGroup):
                questions = []
                for q in item.questions:
                    n += 1
                    questions.append(gift_question(q, f"q{n}"))
                sections.append({"group": {"number": len(sections), "pick": item.pick,
                                           "points": item.points_per_question},
                                 "questions": questions})
                sections.append({"group": None, "questions": []})
                continue
            n += 1
            sections[-1]["questions"].append(gift_question(item, f"q{n}"))
        parts.append({"title": quiz.title, "sections": [s for s in sections if s["questions"]],
                      "texts": texts})
    return parts


def quiz_gift(course: Course, quizzes: list[Quiz], templates) -> str | None:
    env = templates.env
    env.filters.setdefault("gift", gift_escape)
    env.filters.setdefault("category", category_escape)
    return templates.text("quiz.gift.j2", parts=gift_parts(quizzes))
