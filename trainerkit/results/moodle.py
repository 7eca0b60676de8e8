"""Moodle's quiz Responses report, downloaded as CSV (Quiz → Results → Responses → Download):

    Surname, First name, Username | Email address, State, Started on, Completed, Time taken,
    Grade/10.00, then per slot N: Question N (when "Question text" was ticked), Response N,
    Right answer N (when ticked)

The course exported its questions to Moodle as GIFT (quiz/gift.py), so the texts match. Each
slot's question is found by the text in its "Question N" cell (Moodle writes the stem and, for a
choice question, ": " and the choices after it); without those columns, slot N is the N-th
question of the GIFT export (items.course_items order), which holds for a course without
groups. A response is matched to the question's choices by their text (HTML entities, tags,
NFKC, case and spaces aside); several answers of a multiple-answer question are joined by "; ".
"-" or an empty cell is no answer. An essay comes back unmarked (the Responses report carries
no marks), so it counts in no figure.

Only finished attempts are read (State "Finished" or 已完成): "In progress", "Overdue" and
"Never submitted" rows are skipped, and so is the "Overall average" row. The learner is the
Username, else the Email address, else the names. When a learner has several finished
attempts, the last row of the file is kept (Moodle lists a learner's attempts oldest first).
The cohort's date is the first "Started on" date. Text that matches no question or choice is a
located error naming the column, with the closest text as a hint.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import unicodedata

from ..errors import Diagnostics
from ..messages import _
from ..model import plain
from .files import Found, Layout, ResultsFile, Row, Sheet, header_key
from .items import Item, normal, parse_number, score_choices, score_text
from .model import Response, Sitting

SURNAME = ("surname", "last name", "姓", "姓氏")
FIRST = ("first name", "given name", "名", "名字")
USERNAME = ("username", "用户名", "使用者名稱", "帳號", "账号")
EMAIL = ("email address", "email", "电子邮件地址", "電子郵件地址", "电子邮件", "電子郵件")
STATE = ("state", "状态", "狀態")
STARTED = ("started on", "开始于", "開始於", "开始时间", "開始時間")
FINISHED = ("finished", "已完成", "完成", "已结束", "已結束")
AVERAGE = ("overall average", "总平均", "總平均", "整體平均", "平均")
_SLOT = re.compile(r"(question|response|right answer|问题|問題|试题|試題|回答|回應|答案|正确答案|正確答案)\s*(\d+)")
_KIND = {"question": "question", "问题": "question", "問題": "question", "试题": "question",
         "試題": "question", "response": "response", "回答": "response", "回應": "response",
         "答案": "response", "right answer": "right", "正确答案": "right", "正確答案": "right"}
NO_ANSWER = ("", "-", "–", "—")
TRUE_WORDS = ("true", "正确", "正確", "对", "對", "是", "t")
FALSE_WORDS = ("false", "错误", "錯誤", "错", "錯", "否", "f")
_TAG = re.compile(r"<[^>]*>")
_MONTHS = {m: k for k, m in enumerate(("january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october", "november",
                                        "december"), 1)}


def _key(words: tuple[str, ...]) -> set[str]:
    return {header_key(w) for w in words}


def slot_of(header: str) -> tuple[str, int] | None:
    """("question" | "response" | "right", N) for a slot's column, None for another."""
    m = _SLOT.fullmatch(" ".join(unicodedata.normalize("NFKC", header).casefold().split()))
    return (_KIND[m.group(1)], int(m.group(2))) if m else None


def is_moodle(header: Row) -> bool:
    """Whether a header row is a Moodle Responses report's."""
    keys = {header_key(c) for c in header.cells}
    if keys & _key(SURNAME) and keys & _key(FIRST):
        return True
    return any(slot_of(c) == ("response", 1) for c in header.cells)


def lms_text(text: str) -> str:
    """Text as an LMS shows it, compared: HTML tags and entities gone, NFKC, case folded, spaces
    squeezed."""
    return normal(html.unescape(_TAG.sub(" ", text)))


class Matcher:
    """The course's questions and choices as an LMS export writes them, by their text."""

    def __init__(self, layout: Layout):
        self.items = list(layout.items.values())
        self.texts = [(lms_text(item.text), item) for item in self.items]
        self._questions: dict[str, Item | None] = {}  # a report repeats each text on every row

    def question(self, text: str) -> Item | None:
        """The question a cell's text is: the same text, or (Moodle's summary) the text followed
        by ": " and the choices; the longest of those that fit."""
        if text in self._questions:
            return self._questions[text]
        want = lms_text(text)
        best, length = None, 0
        for mine, item in self.texts:
            if mine and (want == mine or want.startswith(mine + ":") or want.startswith(mine + " :")):
                if len(mine) > length:
                    best, length = item, len(mine)
        self._questions[text] = best
        return best

    def closest_question(self, text: str) -> Item | None:
        want = lms_text(text)
        scored = [(difflib.SequenceMatcher(None, want, mine).ratio(), k) for k, (mine, _i) in enumerate(self.texts)]
        return self.texts[max(scored)[1]][1] if scored else None

    @staticmethod
    def choice(item: Item, text: str) -> int | None:
        """The index in question.choices of the choice a piece of text is."""
        want = lms_text(text)
        texts = _choice_texts(item.question)
        if want in texts:
            return texts.index(want)
        bare = [t.replace(" ", "") for t in texts]
        if want.replace(" ", "") in bare:  # "a,b" for "a, b"
            return bare.index(want.replace(" ", ""))
        if item.question.kind == "true_false":
            for words in (TRUE_WORDS, FALSE_WORDS):
                if want in words:
                    matches = [k for k, t in enumerate(texts) if t in words]
                    if len(matches) == 1:
                        return matches[0]
        return None

    @staticmethod
    def closest_choice(item: Item, text: str) -> str:
        texts = [plain(c.text) for c in item.question.choices]
        want = lms_text(text)
        scored = [(difflib.SequenceMatcher(None, want, lms_text(t)).ratio(), t) for t in texts]
        return max(scored)[1] if scored else ""

    def choices(self, item: Item, pieces: list[str], joiner: str) -> tuple[int, ...] | None:
        """The choices several pieces of an answer are, consecutive pieces joined back by joiner
        when a choice's own text holds the separator; None when they make no choices."""
        memo: dict[int, tuple[int, ...] | None] = {}

        def from_(start: int) -> tuple[int, ...] | None:
            if start == len(pieces):
                return ()
            if start in memo:
                return memo[start]
            memo[start] = None
            for end in range(len(pieces), start, -1):
                k = self.choice(item, joiner.join(pieces[start:end]))
                rest = from_(end) if k is not None else None
                if rest is not None:
                    memo[start] = (k, *rest)
                    break
            return memo[start]

        found = from_(0)
        return tuple(sorted(set(found))) if found is not None else None


@functools.lru_cache(maxsize=4096)
def _choice_texts(question) -> list[str]:
    return [lms_text(plain(c.text)) for c in question.choices]


def scored(item: Item, picked: tuple[int, ...] | None, text: str) -> Response:
    """A matched answer as a Response: choices scored, typed answers scored, an essay unmarked."""
    q = item.question
    if q.choices:
        return Response(item.id, score_choices(q, picked or ()), picked=picked or ())
    if q.kind in ("short", "numerical"):
        return Response(item.id, score_text(q, text), text=text)
    return Response(item.id, 0.0, text=text, marked=False)


def iso_date(text: str) -> str:
    """A date an LMS writes ("12 October 2026, 9:05 AM", "2026年10月12日", "2026-10-12 09:30")
    as ISO, "" when it is none of those."""
    t = unicodedata.normalize("NFKC", text).casefold()
    if m := re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
        y, mo, d = m.groups()
    elif m := re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", t):
        y, mo, d = m.groups()
    elif m := re.search(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", t):
        d, month, y = m.groups()
        if month not in _MONTHS:
            return ""
        mo = str(_MONTHS[month])
    else:
        return ""
    return f"{int(y):04}-{int(mo):02}-{int(d):02}"


def read_moodle(file: ResultsFile, sheet: Sheet, layout: Layout, diags: Diagnostics,
                found: Found) -> None:
    """A Responses report's finished attempts, one Sitting per learner (their last)."""
    header = sheet.header
    named: dict[str, int] = {}
    for words, what in ((SURNAME, "surname"), (FIRST, "first"), (USERNAME, "username"),
                        (EMAIL, "email"), (STATE, "state"), (STARTED, "started")):
        keys = _key(words)
        k = next((k for k, c in enumerate(header.cells) if header_key(c) in keys), None)
        if k is not None:
            named[what] = k
    slots: dict[int, dict[str, int]] = {}
    for k, cell in enumerate(header.cells):
        slot = slot_of(cell)
        if slot:
            slots.setdefault(slot[1], {})[slot[0]] = k
    matcher = Matcher(layout)
    items = list(layout.items.values())
    by_position = not any("question" in s for s in slots.values())
    answered = len([n for n in slots if "response" in slots[n]])
    if by_position and answered > len(items):
        sheet.error(diags, header.line, _(
            "this Moodle report has {slots} responses, the course {questions} questions; download "
            'it again with "Question text" ticked, so that each response is matched by its '
            "question's text", slots=answered, questions=len(items)))
        return
    said: set[tuple[int, str]] = set()
    attempts: dict[str, Sitting] = {}
    for row in sheet.body:
        first = normal(row.cells[0]) if row.cells else ""
        state = row.get(named.get("state"))
        if first in AVERAGE or ("state" in named and not state):
            continue  # the "Overall average" row
        if "state" in named and normal(state) not in FINISHED:
            continue  # in progress, overdue, never submitted
        names = [row.get(named.get("surname")), row.get(named.get("first"))]
        learner = row.get(named.get("username")) or row.get(named.get("email"))
        name = _full_name(names[0], names[1])
        learner = learner or name
        if not learner:
            sheet.error(diags, row.line, _(
                "this attempt names no learner (no Username, Email address or name); download "
                "the report again with the learners' usernames shown"))
            continue
        responses, ok = [], True
        for number in sorted(slots):
            columns = slots[number]
            if "response" not in columns:
                continue
            if by_position:
                if number > len(items):
                    continue
                item = items[number - 1]
            else:
                text = row.get(columns.get("question"))
                if not text:
                    continue  # a slot this attempt did not reach
                item = matcher.question(text)
                if item is None:
                    if (number, text) not in said:
                        said.add((number, text))
                        _no_question(sheet, row.line, header.get(columns["question"]), text,
                                     matcher, diags)
                    ok = False
                    continue
            response = _response(sheet, row.line, learner, header.get(columns["response"]),
                                 item, row.get(columns["response"]), matcher, diags)
            if response is None:
                ok = False
            else:
                responses.append(response)
        if not ok:
            continue
        cohort = found.cohort(file, row, {})
        date = iso_date(row.get(named.get("started")))
        if date and cohort not in found.dates:
            found.dates[cohort] = date
        attempts.pop(learner, None)  # the last attempt wins, in its own place
        attempts[learner] = Sitting(learner, name, cohort, "", tuple(responses), "moodle",
                                    sheet.loc(row.line))
    found.sittings.extend(attempts.values())


def _full_name(surname: str, first: str) -> str:
    """A learner's name as their language writes it: 王芳 (surname first, no space) for Chinese,
    else "Fang Wang"."""
    if any("\u3400" <= ch <= "\u9fff" for ch in surname + first):
        return surname + first
    return " ".join(p for p in (first, surname) if p)


def _no_question(sheet: Sheet, line: int, column: str, text: str, matcher: Matcher,
                 diags: Diagnostics) -> None:
    close = matcher.closest_question(text)
    hint = _('; the closest is "{text}" ({id}, {where})', text=close.text, id=close.id,
             where=str(close.question.loc)) if close else ""
    sheet.error(diags, line, _(
        'column "{column}": no question of the course has the text "{text}"{hint}; export the '
        "questions from this course again (quiz.gift) and let Moodle use them", column=column,
        text=_cut(text), hint=hint))


def _response(sheet: Sheet, line: int, learner: str, column: str, item: Item, value: str,
              matcher: Matcher, diags: Diagnostics) -> Response | None:
    """A Moodle response to a question, scored; None after a located error."""
    if value.strip() in NO_ANSWER:
        return Response(item.id, 0.0, answered=False)
    if not item.question.choices:
        if item.question.kind == "numerical" and parse_number(value) is None:
            number = re.match(r"\s*[-+]?[\d.,]+", unicodedata.normalize("NFKC", value))
            value = number.group(0) if number else value  # a unit after the number
        return scored(item, None, value)
    picked = matcher.choices(item, [p.strip() for p in value.split(";")], "; ")
    if picked is None:
        say_no_choice(sheet, line, learner, column, item, value, diags)
        return None
    return scored(item, picked, value)


def say_no_choice(sheet: Sheet, line: int, learner: str, column: str, item: Item, value: str,
                  diags: Diagnostics) -> None:
    """The error for an answer that is none of its question's choices."""
    sheet.error(diags, line, _(
        'learner {learner}, column "{column}": "{answer}" is not a choice of question {id} '
        '("{question}"); the closest choice is "{closest}"', learner=learner, column=column,
        answer=_cut(value), id=item.id, question=_cut(item.text),
        closest=_cut(Matcher.closest_choice(item, value))))


def _cut(text: str, most: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"
