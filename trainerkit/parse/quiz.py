"""Quiz questions in text2qti syntax, from a quiz file or a module's ```quiz block, into the model.

A quiz is a run of marker lines; a marker starts at the first column, and a line indented like the
text after its marker continues it (a blank line between indented lines keeps a paragraph break):

    Title: HEARD 顺序               the next question's title      (also Title：, full width)
    Points: 2                        its points (default 1)
    Objective: 1                     trainerkit: the module's objective 1 (in a quiz file: opening.1)
    1.  客户说完后,坐席下一步应当?     a question
    ... HEARD 的第二步是共情。         feedback: after the question for it, after a choice for that choice
    +   答对了。 / -   再想想。        feedback after a right / wrong answer
    a)  立即给出解决方案              a choice; *b) the correct one (exactly one)
    [*] 公司名称 / [ ] 余额            multiple answers
    *   Diagnose                     an accepted short answer
    =   30 / = 45 +- 15 / = [180, 220] / = 5 +- 10%   numerical
    ____                             an essay; ^^^^ a file upload
    GROUP / pick: 2 / points per question: 2 / ... / END_GROUP
    Quiz title: / Quiz description: / Text title: / Text: / Shuffle answers: true ...
    % a comment line; COMMENT ... END_COMMENT a comment block

Every problem is reported with its file and line, all at once; a question with an error is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Diagnostics, Location
from ..messages import Msg, _, _n
from ..model import (
    Block, Choice, Course, Module, NumericAnswer, Objective, Question, QuestionGroup, Quiz,
    QuizItem, QuizSource, QuizText, Text, module_blocks, plain,
)
from .numbers import MAX_WHOLE_DIGITS, numeric_answer
from .numbers import number as _number, short as _short, whole as _whole, why_not as _why_not
from .quiz_html import field_text
from .quiz_text import OffsetParser, inline
from ..system import module_root
from .quiz_markers import (
    BARE, KIND_WORDS, MULTI_PARAGRAPH, NO_CONTENT, QUIZ_OPTIONS, SINGLE_LINE, START, SYNTAX_HELP,
    TRUE_FALSE,
)

MAX_CHOICES = 26        # choices are lettered A to Z on the paper, its key and the page


@dataclass
class _Q:
    """A question being read."""

    number: int
    stem: tuple[Block, ...]
    line: int
    title: str = ""
    points: float | None = None
    points_line: int = 0
    objective: Objective | None = None
    kind: str | None = None
    choices: list[Choice] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    numeric: NumericAnswer | None = None
    feedback: Text = ()
    correct_feedback: Text = ()
    incorrect_feedback: Text = ()
    solution: Text = ()
    broken: bool = False


@dataclass
class _Group:
    line: int
    pick: int = 1
    pick_line: int = 0
    points: float | None = None
    questions: list[Question] = field(default_factory=list)


class QuizParser:
    """Reads one quiz text; first_line is the 1-based line of its first line in the file."""

    def __init__(self, path: Path, text: str, first_line: int, root: Path, diags: Diagnostics,
                 home: Module | None = None, modules: dict[str, Module] | None = None,
                 confine: Path | None = None):
        self.path = path
        self.root = root
        self.confine = confine  # what pictures must be inside: the training system's folder
        self.diags = diags
        self.first_line = first_line
        self.lines = text.split("\n")
        self.home = home
        self.modules = modules if modules is not None else ({home.id: home} if home else {})
        self.title = ""
        self.description: tuple[Block, ...] = ()
        self.options: dict[str, bool] = {}
        self.items: list[QuizItem] = []
        self.question: _Q | None = None
        self.group: _Group | None = None
        self.pending: dict[str, tuple[object, int]] = {}  # title/points/objective for the next question
        self.text_title: tuple[str, int] | None = None
        self.stems: dict[str, tuple[int, int]] = {}  # a question's text: its number and line

    # -- helpers ---------------------------------------------------------------------------------

    def loc(self, index: int) -> Location:
        """Location of the line at 0-based index in the quiz text."""
        return Location.of(self.path, self.first_line + index)

    def error(self, index: int, message: str) -> None:
        self.diags.error(self.loc(index), message)

    def inline(self, text: str, index: int) -> Text:
        """A marker's one-line text (a choice, feedback) as model text; located warnings."""
        return inline(text, lambda line, message: self.diags.warning(self.loc(index + line), message))

    def field(self, text: str, index: int) -> str:
        """A marker's plain text (a title, an answer): no comments, no tags (warnings located)."""
        return field_text(text, lambda line, message: self.diags.warning(self.loc(index + line),
                                                                         message))

    def blocks(self, text: str, index: int) -> tuple[Block, ...]:
        """Markdown text (a question, a text region) as model blocks."""
        parser = OffsetParser(self.path, text, self.root, self.diags, self.first_line + index,
                              self.confine)
        return tuple(parser.blocks(0, len(parser.tokens)))

    # -- reading ---------------------------------------------------------------------------------

    def parse(self) -> Quiz | None:
        lines = self.lines
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if line.startswith("%"):
                i += 1
                continue
            if line.startswith("COMMENT") and not line.startswith("END_COMMENT"):
                j = i + 1
                while j < n and not lines[j].startswith("END_COMMENT"):
                    j += 1
                if j >= n:
                    self.error(i, _("COMMENT without a matching END_COMMENT line below it"))
                i = j + 1
                continue
            if line.startswith("<!--"):  # an HTML comment of its own: stripped, as text2qti does
                j = i
                while j < n and "-->" not in lines[j][4 if j == i else 0:]:
                    j += 1
                if j >= n:
                    self.error(i, _("this HTML comment (<!--) has no --> to end it; end it with -->"))
                i = j + 1
                continue
            if not line.strip():
                i += 1
                continue
            match = START.match(line)
            if not match:
                self.unknown(i, line)
                i += 1
                continue
            action = match.lastgroup or ""
            content = line[match.end():].strip()
            start = i
            if action in SINGLE_LINE or action in NO_CONTENT:
                i += 1
            else:
                content, i = self.continued(i, line, match, content, action in MULTI_PARAGRAPH)
            getattr(self, "on_" + action)(content, start)
        self.finish_question()
        if self.group is not None:
            self.error(self.group.line, _("this GROUP has no END_GROUP line; end the group with "
                                          "END_GROUP on a line of its own"))
            self.end_group(len(lines) - 1)
        if self.pending:
            self.error(min(line for _value, line in self.pending.values()),
                       _("Title:, Points: and Objective: lines must be followed by their question"))
        if not self.items and not self.diags.errors:
            self.error(0, _("this quiz has no questions; a question starts with its number, like "
                            '"1.  What comes first in a call?"'))
        if not self.items:
            return None
        return Quiz(self.title, tuple(self.items), self.path, self.home.id if self.home else None,
                    self.description, loc=self.loc(0),
                    **{k: self.options.get(k) for k in QUIZ_OPTIONS})

    def continued(self, i: int, line: str, match: re.Match[str], content: str,
                  paragraphs: bool) -> tuple[str, int]:
        """The text of a multi-line marker and the index after it (text2qti's indentation rule)."""
        lines = self.lines
        indent: str | None
        if match.group().rstrip().endswith((":", "：")):
            indent = None  # a label: its continuation lines are indented by 2 or more
        else:
            indent = " " * len(line[:match.end()].expandtabs(4))
        text = [content]
        j = i + 1
        while j < len(lines):
            nxt = lines[j]
            if not nxt.strip():
                if not paragraphs:
                    break
                text.append("")
            else:
                expanded = nxt.expandtabs(4)
                if indent is None:
                    if not nxt.startswith((" ", "\t")):
                        break
                    indent = " " * (len(expanded) - len(expanded.lstrip(" ")))
                    if len(indent) < 2:
                        break
                elif not expanded.startswith(indent):
                    break
                text.append(expanded[len(indent):].rstrip())
            j += 1
        while len(text) > 1 and not text[-1]:
            text.pop()
        return "\n".join(text), j

    def unknown(self, i: int, line: str) -> None:
        bare = BARE.match(line)
        stripped = line.strip()
        if line[:1] in (" ", "\t") and START.match(stripped):
            self.error(i, _('"{line}" is indented; start it at the first column',
                            line=_short(stripped)))
        elif bare and line[bare.end():bare.end() + 1] not in ("", " ", "\t"):
            self.error(i, _('put a space after "{marker}" in "{line}"', marker=bare.group(),
                            line=_short(line)))
        elif bare and not line[bare.end():].strip():
            self.error(i, _('"{marker}" has nothing after it; write its text on the same line',
                            marker=bare.group()))
        else:
            self.error(i, _('unknown line "{line}": {help}', line=_short(stripped), help=SYNTAX_HELP))

    # -- questions -------------------------------------------------------------------------------

    def on_question(self, content: str, i: int) -> None:
        self.finish_question()
        self.close_text_title()
        digits = self.lines[i].split(".", 1)[0]
        q = _Q(_whole(digits) or 0, self.blocks(content, i), i)
        if q.number == 0 and len(digits) > MAX_WHOLE_DIGITS:
            self.error(i, _('the question number "{number}" is too long; number the questions 1., '
                            "2., 3. (at most {most} digits)", number=_short(digits),
                            most=MAX_WHOLE_DIGITS))
            q.broken = True
        for key, (value, line) in self.pending.items():
            if key == "points":
                q.points, q.points_line = value, line  # type: ignore[assignment]
            else:
                setattr(q, key, value)
        self.pending = {}
        self.question = q

    def current(self, i: int, what: Msg) -> _Q | None:
        if self.question is None:
            self.error(i, _("{what} must follow a question; start the question with its number, "
                            'like "1.  ..."', what=what))
            return None
        if self.pending:
            self.error(i, _("a Title:, Points: or Objective: line here belongs to the next question; "
                            "move it above that question's number"))
            self.pending = {}
        return self.question

    def set_kind(self, q: _Q, kind: str, i: int) -> bool:
        if q.kind is None or q.kind == kind and kind in ("single", "multiple", "short"):
            q.kind = kind
            return True
        if q.kind == kind:
            self.error(i, _("question {number} already has its {kind} answer; give it once",
                            number=q.number, kind=KIND_WORDS[kind]))
        else:
            self.error(i, _("question {number} mixes a {kind} answer with a {other} one; a question "
                            "has one kind of answer", number=q.number, kind=KIND_WORDS[kind],
                            other=KIND_WORDS[q.kind]))
        q.broken = True
        return False

    def add_choice(self, content: str, i: int, kind: str, correct: bool) -> None:
        q = self.current(i, _("a choice"))
        if q is None or not self.set_kind(q, kind, i):
            return
        if len(q.choices) == MAX_CHOICES:  # the 27th: said once, at its line
            self.error(i, _("question {number} has more than {most} choices; a question has at "
                            "most {most} (lettered A to Z): split it into two questions",
                            number=q.number, most=MAX_CHOICES))
            q.broken = True
        text = self.inline(content, i)
        if any(plain(c.text) == plain(text) for c in q.choices):
            self.error(i, _('the choice "{choice}" is written twice in question {number}',
                            choice=_short(plain(text)), number=q.number))
            q.broken = True
            return
        q.choices.append(Choice(text, correct, (), self.loc(i)))

    def on_single_correct(self, content: str, i: int) -> None:
        self.add_choice(content, i, "single", True)

    def on_single_choice(self, content: str, i: int) -> None:
        self.add_choice(content, i, "single", False)

    def on_multiple_correct(self, content: str, i: int) -> None:
        self.add_choice(content, i, "multiple", True)

    def on_multiple_choice(self, content: str, i: int) -> None:
        self.add_choice(content, i, "multiple", False)

    def on_short_answer(self, content: str, i: int) -> None:
        q = self.current(i, _("an answer"))
        if q is None or not self.set_kind(q, "short", i):
            return
        content = self.field(content, i).strip()
        if not content:
            self.error(i, _("this answer of question {number} is only HTML; write the answer itself",
                            number=q.number))
            return
        if content in q.answers:
            self.error(i, _('the answer "{answer}" is written twice in question {number}',
                            answer=_short(content), number=q.number))
            return
        q.answers.append(content)

    def on_numerical(self, content: str, i: int) -> None:
        q = self.current(i, _("a numerical answer"))
        if q is None or not self.set_kind(q, "numerical", i):
            return
        numeric = numeric_answer(content)
        if isinstance(numeric, str):
            self.error(i, numeric)
            q.broken = True
        else:
            q.numeric = numeric

    def on_essay(self, content: str, i: int) -> None:
        q = self.current(i, _("an essay answer (____)"))
        if q is not None:
            self.set_kind(q, "essay", i)

    def on_upload(self, content: str, i: int) -> None:
        q = self.current(i, _("a file upload (^^^^)"))
        if q is not None:
            self.set_kind(q, "upload", i)

    def on_feedback(self, content: str, i: int) -> None:
        q = self.current(i, _("feedback (...)"))
        if q is None:
            return
        if q.choices:
            last = q.choices[-1]
            if last.feedback:
                self.error(i, _("this choice already has its feedback; give it once"))
                return
            q.choices[-1] = replace(last, feedback=self.inline(content, i))
        elif q.feedback:
            self.error(i, _("question {number} already has its feedback (...); give it once",
                            number=q.number))
        else:
            q.feedback = self.inline(content, i)

    def _question_feedback(self, attr: str, content: str, i: int, mark: str) -> None:
        q = self.current(i, _("feedback ({mark})", mark=mark))
        if q is None:
            return
        if getattr(q, attr):
            self.error(i, _("question {number} already has its {mark} feedback; give it once",
                            number=q.number, mark=mark))
        elif q.kind in ("essay", "upload"):
            self.error(i, _("an essay or upload question has no right or wrong answer, so no {mark} "
                            "feedback; use ... for feedback", mark=mark))
        else:
            setattr(q, attr, self.inline(content, i))

    def on_correct_feedback(self, content: str, i: int) -> None:
        self._question_feedback("correct_feedback", content, i, "+")

    def on_incorrect_feedback(self, content: str, i: int) -> None:
        self._question_feedback("incorrect_feedback", content, i, "-")

    def on_solution(self, content: str, i: int) -> None:
        q = self.current(i, _("a solution (!)"))
        if q is not None:
            q.solution = self.inline(content, i)

    def finish_question(self) -> None:
        """Check the question being read and add it to the quiz (or its group)."""
        q, self.question = self.question, None
        if q is None:
            return
        i = q.line
        if q.kind is None:
            self.error(i, _("question {number} has no answers; add choices (a), *b)), [ ]/[*] "
                            "lines, * answers, = a number, or ____ for an essay", number=q.number))
            return
        if q.kind in ("single", "multiple"):
            correct = [c for c in q.choices if c.correct]
            if len(q.choices) < 2:
                self.error(i, _("question {number} has only one choice; give two or more",
                                number=q.number))
                q.broken = True
            elif not correct:
                mark = "*b)" if q.kind == "single" else "[*]"
                self.error(i, _("question {number} has no correct choice; mark the right one like "
                                "{mark}", number=q.number, mark=mark))
                q.broken = True
            elif q.kind == "single" and len(correct) > 1:
                letters = ", ".join(_letter(q.choices.index(c)) for c in correct)
                self.error(i, _("question {number} has {count} correct choices ({letters}); a "
                                "single-answer question has exactly one: mark several with [*] "
                                "lines instead of *a)", number=q.number, count=len(correct),
                                letters=letters))
                q.broken = True
            if q.kind == "single" and len(q.choices) == 2 and \
                    all(plain(c.text) in TRUE_FALSE for c in q.choices):
                q.kind = "true_false"
        if q.broken:
            return
        stem = " ".join(plain(b.text) for b in q.stem if hasattr(b, "text")).split()
        if stem:
            same = self.stems.setdefault(" ".join(stem), (q.number, i))
            if same[1] != i:
                self.diags.warning(self.loc(i), _(
                    "question {number} asks the same as question {other} (line {line}); text2qti "
                    "refuses a quiz with a duplicate question, and learners cannot tell them "
                    "apart: reword one", number=q.number, other=same[0],
                    line=self.first_line + same[1]))
        points = q.points if q.points is not None else 1.0
        if self.group is not None:
            if self.group.points is None:
                self.group.points = 1.0
            points = self.group.points
        question = Question(
            kind=q.kind, stem=q.stem, choices=tuple(q.choices), answers=tuple(q.answers),  # type: ignore[arg-type]
            numeric=q.numeric, points=points, title=q.title, feedback=q.feedback,
            correct_feedback=q.correct_feedback, incorrect_feedback=q.incorrect_feedback,
            solution=q.solution, objective=q.objective, number=q.number, loc=self.loc(i))
        if self.group is not None:
            self.group.questions.append(question)
        else:
            self.items.append(question)

    # -- labels before a question ----------------------------------------------------------------

    def _pend(self, key: str, value: object, i: int) -> None:
        self.finish_question()
        if key in self.pending:
            self.error(i, _("two {key}: lines for one question; keep one", key=key.capitalize()))
        self.pending[key] = (value, i)

    def on_title(self, content: str, i: int) -> None:
        self._pend("title", " ".join(self.field(content, i).split()), i)

    def on_points(self, content: str, i: int) -> None:
        points = _number(content)
        if points is None or points <= 0:
            self.error(i, _why_not("points", content)
                       or _('points "{value}" must be a number above 0, like Points: 2',
                            value=_short(content)))
            self.finish_question()
            return
        self._pend("points", points, i)

    def on_objective(self, content: str, i: int) -> None:
        objective = self.objective(content, i)
        if objective is not None:
            self._pend("objective", objective, i)
        else:
            self.finish_question()

    def objective(self, content: str, i: int) -> Objective | None:
        """Objective N of this module, or module-id.N; None (with an error) when there is none."""
        value = content.strip()
        module_id, _dot, number = value.rpartition(".")
        if not module_id:
            if self.home is None:
                example = next(iter(self.modules), "module-id")
                self.error(i, _('in a quiz file, name the module too, like "Objective: '
                                '{example}.{value}" (the module ids are: {ids})', example=example,
                                value=value, ids=self.module_ids()))
                return None
            module = self.home
        else:
            module = self.modules.get(module_id)
            if module is None:
                self.error(i, _('no module has the id "{id}" (Objective: {value}); the module ids '
                                "are: {ids}", id=_short(module_id), value=_short(value),
                                ids=self.module_ids()))
                return None
        k = _whole(number)
        if k is None:
            if self.home:
                self.error(i, _('Objective "{value}" must be the number of one of the module\'s '
                                'objectives, like "Objective: 2"', value=_short(value)))
            else:
                self.error(i, _('Objective "{value}" must be the number of one of the module\'s '
                                'objectives, like "Objective: 2" or "Objective: module-id.2"',
                                value=_short(value)))
            return None
        count = len(module.objectives)
        if module.given is None:  # its front matter could not be read: that error says enough
            return None
        if not 1 <= k <= count:
            has = _n("has {n} objective", "has {n} objectives", count) if count else \
                _("has no objectives (add them to its front matter)")
            self.error(i, _('objective {k} does not exist: module "{module}" {has}', k=k,
                            module=module.id, has=has))
            return None
        return Objective(module.id, k, module.objectives[k - 1])

    def module_ids(self) -> Msg | str:
        """The ids of the modules, as an objective's error lists them."""
        return ", ".join(self.modules) or _("none")

    # -- groups ----------------------------------------------------------------------------------

    def on_start_group(self, content: str, i: int) -> None:
        self.finish_question()
        if self.group is not None:
            self.error(i, _("groups cannot be nested; end the group above with END_GROUP first"))
            return
        if self.pending:
            self.error(i, _("Title:, Points: and Objective: lines belong right above a question, "
                            "not above GROUP"))
            self.pending = {}
        self.group = _Group(i)

    def on_end_group(self, content: str, i: int) -> None:
        self.finish_question()
        if self.group is None:
            self.error(i, _("END_GROUP without a GROUP line above it"))
            return
        self.end_group(i)

    def end_group(self, i: int) -> None:
        group, self.group = self.group, None
        assert group is not None
        n = len(group.questions)
        if n == 0:
            self.error(group.line, _("this GROUP has no questions"))
            return
        if group.pick > n:
            self.error(group.pick_line or group.line,
                       _n("pick: {pick} is more than the {n} question in this group; pick at most "
                          "that many or add questions",
                          "pick: {pick} is more than the {n} questions in this group; pick at most "
                          "that many or add questions", n, pick=group.pick))
            return
        self.items.append(QuestionGroup(tuple(group.questions), group.pick,
                                        group.points if group.points is not None else 1.0,
                                        self.loc(group.line)))

    def _group_option(self, i: int, what: str) -> _Group | None:
        self.finish_question()
        if self.group is None:
            self.error(i, _("{what} belongs right after a GROUP line", what=what))
            return None
        if self.group.questions:
            self.error(i, _("{what} must come right after GROUP, before the group's questions",
                            what=what))
            return None
        return self.group

    def on_pick(self, content: str, i: int) -> None:
        group = self._group_option(i, "pick:")
        if group is None:
            return
        pick = _whole(content)
        if pick is None or pick < 1:
            self.error(i, _('pick "{value}" must be a whole number above 0, like pick: 2',
                            value=_short(content)))
            return
        group.pick, group.pick_line = pick, i

    def on_points_per_question(self, content: str, i: int) -> None:
        group = self._group_option(i, "points per question:")
        if group is None:
            return
        points = _number(content)
        if points is None or points <= 0:
            self.error(i, _why_not("points per question", content)
                       or _('points per question "{value}" must be a number above 0, like points '
                            "per question: 2", value=_short(content)))
            return
        group.points = points

    # -- the quiz's own settings and texts -------------------------------------------------------

    def on_quiz_title(self, content: str, i: int) -> None:
        self.finish_question()
        self.title = " ".join(self.field(content, i).split())

    def on_quiz_description(self, content: str, i: int) -> None:
        self.finish_question()
        self.description = self.blocks(content, i)

    def on_text_title(self, content: str, i: int) -> None:
        self.finish_question()
        self.close_text_title()
        self.text_title = (" ".join(self.field(content, i).split()), i)

    def on_text(self, content: str, i: int) -> None:
        self.finish_question()
        if self.group is not None:
            self.error(i, _("a Text: cannot be inside a GROUP; move it above GROUP"))
            return
        title = self.text_title[0] if self.text_title else ""
        self.text_title = None
        self.items.append(QuizText(title, self.blocks(content, i), self.loc(i)))

    def close_text_title(self) -> None:
        if self.text_title is not None:
            title, line = self.text_title
            self.text_title = None
            self.items.append(QuizText(title, (), self.loc(line)))

    def _option(self, name: str, content: str, i: int) -> None:
        self.finish_question()
        value = content.strip().lower()
        if value not in ("true", "false"):
            self.error(i, _('"{value}" must be true or false', value=content))
            return
        self.options[name] = value == "true"

    def on_shuffle_answers(self, content: str, i: int) -> None:
        self._option("shuffle_answers", content, i)

    def on_show_correct_answers(self, content: str, i: int) -> None:
        self._option("show_correct_answers", content, i)

    def on_one_question_at_a_time(self, content: str, i: int) -> None:
        self._option("one_question_at_a_time", content, i)

    def on_cant_go_back(self, content: str, i: int) -> None:
        self._option("cant_go_back", content, i)

    def _ignored(self, content: str, i: int) -> None:
        self.finish_question()  # text2qti's solutions options: they shape its solutions PDF only

    on_solutions_pick = on_feedback_is_solution = _ignored
    on_solutions_sample_groups = on_solutions_randomize_groups = _ignored

    def on_code(self, content: str, i: int) -> None:
        self.error(i, _("a code block at the first column is text2qti's executable code, which "
                        "trainerkit does not run; indent a code block under its question text"))


def _letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else str(index + 1)


def parse_quiz(path: Path, text: str, first_line: int, root: Path, diags: Diagnostics,
               home: Module | None = None, modules: dict[str, Module] | None = None,
               confine: Path | None = None) -> Quiz | None:
    """One quiz text into the model (None when it has no usable question); problems go to diags.

    home: the module a ```quiz block sits in (Objective: N means its objective N); modules: every
    module by id, for Objective: module-id.N."""
    return QuizParser(path, text, first_line, root, diags, home, modules, confine).parse()


def parse_course_quizzes(course: Course, files: list, diags: Diagnostics) -> Course:
    """The course with its quizzes parsed: each module's ```quiz blocks into Module.quizzes, the
    quiz files (load.SourceFile: path and text) into Course.quizzes. Objectives are checked against
    the modules' front matter."""
    modules = {m.id: m for m in course.modules}
    parsed_modules = []
    for module in course.modules:
        quizzes = []
        for block in module_blocks(module):
            if isinstance(block, QuizSource):
                quiz = parse_quiz(module.path, block.text, block.first_line, module_root(course, module.path),
                                  diags, module, modules, course.home)
                if quiz is not None:
                    quizzes.append(quiz if quiz.title else replace(quiz, title=module.title))
        parsed_modules.append(replace(module, quizzes=tuple(quizzes)) if quizzes else module)
    banks = []
    for source in files:
        quiz = parse_quiz(source.path, source.text, 1, module_root(course, source.path), diags, None,
                          modules, course.home)
        if quiz is not None:
            title = quiz.title or source.path.name.split(".")[0]
            banks.append(replace(quiz, title=title))
    return replace(course, modules=tuple(parsed_modules), quizzes=tuple(banks))
