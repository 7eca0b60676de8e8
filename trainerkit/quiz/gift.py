"""Moodle GIFT: every question of the course, one category per quiz (and per group, so Moodle's
"random question from category" can pick from it). The layout is the quiz.gift.j2 template."""

from __future__ import annotations

import functools
import re
from typing import Any

from .. import model
from ..errors import Diagnostics
from ..messages import _
from ..model import Course, Question, QuestionGroup, Quiz, QuizText
from .numbers import number_text
from .html import Pictures, blocks_html, data_url, question_data, text_html

SPECIAL = "~=#{}:"
# The largest picture quiz.gift holds inside a question (as a data: address, a third larger):
# Moodle keeps question text in its database, and a bank of big pictures imports slowly or not.
GIFT_PICTURE_LIMIT = 512 * 1024
_TAG_IN_COMMENT = re.compile(r"\[(?=\s*(?:id|tag)\s*:)", re.I)


def gift_escape(value: Any) -> str:
    """Text made literal for GIFT: its marks ~ = # { } : (and \\) escaped, line breaks as \\n."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def one_line(value: Any) -> str:
    """Text on one line: every run of white space (line breaks, U+2028 and the like) one space."""
    return " ".join(("" if value is None else str(value)).split())


def comment_escape(value: Any) -> str:
    """Text for a // comment line: one line, so nothing after it leaves the comment; and no
    "[id:" or "[tag:", which Moodle would read from the comment as the question's id or tags."""
    return _TAG_IN_COMMENT.sub("[ ", one_line(value))


def category_escape(value: Any) -> str:
    """One name of a $CATEGORY: path: one line, a / inside it written //, none at its ends
    (Moodle could not tell "a//" from a separator), never empty."""
    name = one_line(value).strip("/ ")
    return name.replace("/", "//") if name else "-"


def choice_escape(value: Any) -> str:
    """An answer's HTML: escaped, and a % at its start written &#37; so it is not read as a
    weight (=%50%...)."""
    text = "" if value is None else str(value)
    return gift_escape("&#37;" + text[1:] if text.startswith("%") else text)


# The grades Moodle allows an answer, in percent as GIFT writes them (and their negatives): its
# import refuses a question with any other weight (question/format.php, match_grade_options: within
# 0.00001 of a fraction), so 1/11 right options at 9.09091% made Moodle skip the question.
MOODLE_GRADES = (100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333,
                 30.0, 25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0)
MAX_GRADED = round(100 / MOODLE_GRADES[-1])  # 20 right options at 5% each: no more share 100%


def weight(percent: float) -> str:
    """A Moodle answer weight in percent, like 50, -33.33333 or 0."""
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def moodle_accepts_total(total: float) -> bool:
    """Whether a multiple-answer question's right options add up to 100% as Moodle checks it
    (qtype_multichoice: the sum of the positive fractions, rounded to 2 places, must be 1)."""
    return round(total / 100, 2) == 1


@functools.lru_cache(maxsize=None)
def moodle_split(n: int) -> tuple[float, ...]:
    """n options' weights in percent, each one of MOODLE_GRADES, adding up to 100 as Moodle
    accepts: the most even split (10% and 5% for 11 to 19; 100/n itself where Moodle has it),
    larger first. Past 20 options the rest are worth 0: Moodle's smallest grade is 5%."""
    if n <= 0:
        return ()
    if n > MAX_GRADED:
        return (MOODLE_GRADES[-1],) * MAX_GRADED + (0.0,) * (n - MAX_GRADED)
    best: tuple[float, float, tuple[float, ...]] | None = None
    for a in MOODLE_GRADES:
        for b in MOODLE_GRADES:
            if b > a:
                continue
            for k in range(1, n + 1):
                total = k * a + (n - k) * b
                if not moodle_accepts_total(total):
                    continue
                score = (a - b if k < n else 0.0, abs(total - 100))
                if best is None or score < best[:2]:
                    best = (*score, (a,) * k + (b,) * (n - k))
    assert best is not None  # 100/n for n up to 10, k × 10% + (n - k) × 5% from 10 to 20
    return best[2]


def choice_weights(q: Question, diags: Diagnostics | None = None) -> list[str]:
    """Each choice's weight of a multiple-answer question: the right ones share 100%, the wrong
    ones share -100%, in grades Moodle accepts; more than 20 right ones is a warning."""
    right = moodle_split(sum(1 for c in q.choices if c.correct))
    n_wrong = sum(1 for c in q.choices if not c.correct)
    wrong = moodle_split(n_wrong) if n_wrong <= MAX_GRADED else (MOODLE_GRADES[-1],) * n_wrong
    if len(right) > MAX_GRADED and diags is not None:
        diags.warning(q.loc, _("question {number} has {n} right choices; Moodle cannot share 100% "
                               "among more than {most} (its smallest grade is 5%), so in quiz.gift "
                               "{over} of them are worth 0%: mark at most {most} choices right",
                               number=q.number, n=len(right), most=MAX_GRADED,
                               over=len(right) - MAX_GRADED))
    rights, wrongs = iter(right), iter(wrong)
    return [weight(next(rights)) if c.correct else weight(-next(wrongs)) for c in q.choices]


class InlinePictures:
    """Pictures inside quiz.gift's HTML as data: addresses, as the self-check page has them
    (a GIFT file travels alone); one over GIFT_PICTURE_LIMIT is its description, with a warning."""

    def __init__(self, diags: Diagnostics | None = None, limit: int | None = None) -> None:
        self.diags, self.limit = diags, GIFT_PICTURE_LIMIT if limit is None else limit
        self.warned: set[object] = set()

    def __call__(self, image: model.Image) -> str | None:
        try:
            data = image.path.read_bytes()
        except OSError:  # reported by the course check; its description stands in
            return None
        if len(data) <= self.limit:
            return data_url(image, data)
        if self.diags is not None and image.path not in self.warned:
            self.warned.add(image.path)
            self.diags.warning(image.loc, _("picture {name} is {size} KB, over the {most} KB "
                                            "quiz.gift holds, so Moodle shows its description "
                                            "instead: save it smaller (fewer pixels, or JPEG)",
                                            name=image.path.name, size=len(data) // 1024,
                                            most=self.limit // 1024))
        return None


def gift_question(q: Question, ident: str, diags: Diagnostics | None = None,
                  pictures: Pictures = False) -> dict[str, Any]:
    """What quiz.gift.j2 knows of a question; name: its title (or number) on one line."""
    data = question_data(q, ident, pictures=pictures)
    data["name"] = one_line(q.title) or ident
    data["answers"] = [short_answer(a, q, diags) for a in q.answers]
    weights = choice_weights(q, diags) if q.kind == "multiple" else [""] * len(q.choices)
    for c, choice, w in zip(data["choices"], q.choices, weights):
        feedback = choice.feedback or (q.correct_feedback if choice.correct else q.incorrect_feedback)
        c["feedback"] = text_html(feedback)
        c["weight"] = w
    data["answer_feedback"] = data["correct_feedback"]
    if q.numeric is not None:

        n = q.numeric
        data["num"] = {"low": number_text(n.low), "high": number_text(n.high),
                       "exact": None if n.exact is None else number_text(n.exact),
                       "margin": None if n.exact is None else number_text(n.high - n.exact)}
    return data


def short_answer(answer: str, q: Question, diags: Diagnostics | None) -> str:
    """A short answer as GIFT can say it: plain text has no way to write "->" (Moodle then reads
    the question as matching pairs) or a % at the start (a weight); those are written as HTML
    entities, which Moodle takes literally, with a warning."""
    text = answer
    problems = []
    if "->" in text:
        text = text.replace("->", "-&gt;")
        problems.append(_('"->" (Moodle reads it as a matching pair)'))
    if text.startswith("%"):
        text = "&#37;" + text[1:]
        problems.append(_("a % at its start (Moodle reads it as a weight)"))
    text = gift_escape(text)
    if problems and diags is not None:
        which = problems[0] if len(problems) == 1 else _("{first} and {second}", first=problems[0],
                                                         second=problems[1])
        diags.warning(q.loc, _('the answer "{answer}" has {problems}; quiz.gift writes it with HTML '
                               "entities, so Moodle will not accept it as typed: reword the answer",
                               answer=one_line(answer), problems=which))
    return text


def gift_parts(quizzes: list[Quiz], diags: Diagnostics | None = None) -> list[dict[str, Any]]:
    parts = []
    n = 0
    pictures = InlinePictures(diags)
    for quiz in quizzes:
        sections: list[dict[str, Any]] = [{"group": None, "questions": []}]
        texts = []
        for k, item in enumerate(quiz.items):
            if isinstance(item, QuizText):
                texts.append(blocks_html(item.text, pictures))
                continue
            if isinstance(item, QuestionGroup):
                questions = []
                for q in item.questions:
                    n += 1
                    questions.append(gift_question(q, f"q{n}", diags, pictures))
                sections.append({"group": {"number": len(sections), "pick": item.pick,
                                           "points": item.points_per_question},
                                 "questions": questions})
                sections.append({"group": None, "questions": []})
                continue
            n += 1
            sections[-1]["questions"].append(gift_question(item, f"q{n}", diags, pictures))
        parts.append({"title": quiz.title, "sections": [s for s in sections if s["questions"]],
                      "texts": texts})
    return parts


def quiz_gift(course: Course, quizzes: list[Quiz], templates) -> str | None:
    """quiz.gift: every field escaped by its own rule (gift, gift_choice, gift_comment,
    gift_category filters); short answers are escaped here."""
    env = templates.env
    for name, escape in (("gift", gift_escape), ("gift_choice", choice_escape),
                         ("gift_comment", comment_escape), ("category", category_escape)):
        env.filters.setdefault(name, escape)
    return templates.text("quiz.gift.j2", parts=gift_parts(quizzes, templates.diags))
