"""The quiz output: versions and what each shows, the printable papers and their keys (model
Documents for the docx writer), the self-check page, GIFT and QTI (text from Jinja templates).

  versions.py  which questions each version poses, in which order (seeded)
  numbers.py   numbers as every quiz output shows them
  papers.py    papers and keys as model Documents; the guide's keys
  html.py      question text as HTML, and the self-check page
  gift.py      Moodle's GIFT
  qti.py       QTI 1.2 for Canvas and other platforms
  practice.py  the practice page: the call simulations, played (practice.html)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Course, Document, course_quizzes
from ..templates import Templates
from . import gift, html, qti
from .papers import key_blocks, paper_blocks, quiz_document
from .versions import make_versions


@dataclass
class QuizPlan:
    """Everything the quiz output writes: documents for the docx writer, texts made by templates,
    and the members of the QTI zip."""

    documents: dict[str, Document] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    qti: dict[str, str | bytes] = field(default_factory=dict)  # pictures as bytes


def plan_quiz(course: Course, templates: Templates) -> QuizPlan:
    """Every version's paper and key (one part each: no units), the page, GIFT and QTI."""
    plan = QuizPlan()
    labels = templates.labels
    for version in make_versions(course):
        plan.documents[f"quiz-{version.letter}.docx"] = quiz_document(
            "quiz", f"{course.title} · {labels['quiz']} {version.letter}", course, templates,
            paper_blocks(version, course, templates))
        plan.documents[f"quiz-{version.letter}-key.docx"] = quiz_document(
            "key", f"{course.title} · {labels['key']} {version.letter}", course, templates,
            key_blocks(version, course, templates))
    quizzes = [q for q in course_quizzes(course) if q.questions]
    for name, text in (("quiz.html", html.quiz_page(course, quizzes, templates)),
                       ("quiz.gift", gift.quiz_gift(course, quizzes, templates))):
        if text is not None:
            plan.texts[name] = text
    plan.qti = qti.quiz_qti(course, quizzes, templates)
    return plan
