"""Canvas's Student Analysis report of a (classic) quiz, downloaded as CSV (Quiz → Quiz
Statistics → Student Analysis):

    name, id, sis_id, section, section_id, section_sis_id, submitted, attempt,
    then per question "<question id>: <question text>" and its points column,
    then "n correct", "n incorrect", "score"

The course exported its questions to Canvas as QTI (quiz/qti.py), so the texts match: each
question column is matched to a question of the course by its text, each answer to the
question's choices by theirs (HTML entities, tags, NFKC, case and spaces aside); the several
answers of a multiple-answer question are joined by commas, a comma inside a choice written
"\\,". An essay or upload gets the points Canvas shows (the trainer marked it there; no points
yet: unmarked, so it counts in no figure); every other question is scored as items.py scores
it. A question column a learner's attempt did not draw (a question group), with no answer and
no points, is left out of their sitting.

The learner is sis_id, else id. Several attempts of one learner: the last row is kept. The
cohort's date is the first "submitted" date. Text that matches no question or choice is a
located error naming the column, with the closest text as a hint.
"""

from __future__ import annotations

import re

from ..errors import Diagnostics
from ..messages import _
from .files import Found, Layout, ResultsFile, Row, Sheet, header_key
from .items import Item, parse_number
from .model import Response, Sitting
from .moodle import Matcher, _cut, iso_date, say_no_choice, scored

_QUESTION = re.compile(r"\s*(\d+)\s*:\s*(.+)", re.S)
_COMMA = re.compile(r"(?<!\\),")
ENDS = ("ncorrect", "nincorrect", "score")


def is_canvas(header: Row) -> bool:
    """Whether a header row is a Canvas Student Analysis report's."""
    return [header_key(c) for c in header.cells[:3]] == ["name", "id", "sisid"]


def read_canvas(file: ResultsFile, sheet: Sheet, layout: Layout, diags: Diagnostics,
                found: Found) -> None:
    """A Student Analysis report's attempts, one Sitting per learner (their last)."""
    header = sheet.header
    keys = [header_key(c) for c in header.cells]
    submitted = keys.index("submitted") if "submitted" in keys else None
    matcher = Matcher(layout)
    questions: list[tuple[int, Item]] = []  # the answer column and its question
    taken: dict[str, str] = {}
    ok = True
    for k, cell in enumerate(header.cells):
        if k < 8 or keys[k] in ENDS:
            continue
        m = _QUESTION.fullmatch(cell)
        if not m:
            continue  # a points column
        item = matcher.question(m.group(2))
        if item is None:
            close = matcher.closest_question(m.group(2))
            hint = _('; the closest is "{text}" ({id}, {where})', text=close.text, id=close.id,
                     where=str(close.question.loc)) if close else ""
            sheet.error(diags, header.line, _(
                'column "{column}": no question of the course has the text "{text}"{hint}; '
                "import the questions from this course again (quiz-qti.zip) and let Canvas use "
                "them", column=_cut(cell), text=_cut(m.group(2)), hint=hint))
            ok = False
        elif item.id in taken:
            sheet.error(diags, header.line, _(
                'columns "{first}" and "{second}" are both question {id}; keep one',
                first=_cut(taken[item.id]), second=_cut(cell), id=item.id))
            ok = False
        else:
            taken[item.id] = cell
            questions.append((k, item))
    if not ok:
        return
    attempts: dict[str, Sitting] = {}
    for row in sheet.body:
        learner = row.get(2) or row.get(1)
        if not learner:
            sheet.error(diags, row.line, _(
                "this attempt names no learner (no sis_id or id); download the report again "
                "from Canvas"))
            continue
        responses, good = [], True
        for k, item in questions:
            response = _response(sheet, row.line, learner, header.get(k), item, row.get(k),
                                 row.get(k + 1), matcher, diags)
            if response is False:
                good = False
            elif response is not None:
                responses.append(response)
        if not good:
            continue
        cohort = found.cohort(file, row, {})
        date = iso_date(row.get(submitted))
        if date and cohort not in found.dates:
            found.dates[cohort] = date
        attempts.pop(learner, None)
        attempts[learner] = Sitting(learner, row.get(0), cohort, "", tuple(responses), "canvas",
                                    sheet.loc(row.line))
    found.sittings.extend(attempts.values())


def _response(sheet: Sheet, line: int, learner: str, column: str, item: Item, value: str,
              points: str, matcher: Matcher, diags: Diagnostics) -> Response | None | bool:
    """An answer and Canvas's points for it, as a Response; None when the question was not
    drawn for this attempt; False after a located error."""
    if not value and not points:
        return None
    if not value:
        return Response(item.id, 0.0, answered=False)
    q = item.question
    if q.kind in ("essay", "upload"):
        given = parse_number(points) if points else None
        if given is None:
            return Response(item.id, 0.0, text=value, marked=False)
        return Response(item.id, max(0.0, min(float(q.points), given)), text=value)
    if not q.choices:
        return scored(item, None, value)
    pieces = [p.strip().replace("\\,", ",") for p in _COMMA.split(value)]
    picked = matcher.choices(item, pieces, ",")
    if picked is None:
        say_no_choice(sheet, line, learner, _cut(column), item, value, diags)
        return False
    return scored(item, picked, value)
