"""The quiz parser: text2qti's syntax gives what text2qti reads, trainerkit's additions, and every
mistake as a located error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainerkit.errors import Diagnostics
from trainerkit.model import Module, QuestionGroup, Quiz, plain
from trainerkit.parse.quiz import parse_quiz

from conftest import COURSES, FIXTURES

CORPUS = sorted((FIXTURES / "quizzes").glob("*.txt"))
OBJECTIVE = re.compile(r"^[Oo]bjective[:：].*\n", re.M)

T2Q_KIND = {"multiple_choice_question": "single", "true_false_question": "true_false",
            "multiple_answers_question": "multiple", "short_answer_question": "short",
            "numerical_question": "numerical", "essay_question": "essay",
            "file_upload_question": "upload"}


def ours(path: Path, text: str, modules=None) -> tuple[Quiz | None, Diagnostics]:
    diags = Diagnostics()
    quiz = parse_quiz(path, text, 1, path.parent, diags, None, modules or {})
    return quiz, diags


def summary_ours(quiz: Quiz) -> list[tuple]:
    out = []
    for item in quiz.items:
        group = item if isinstance(item, QuestionGroup) else None
        for q in (item.questions if group else [item] if hasattr(item, "kind") else []):
            answer: object
            if q.kind in ("single", "true_false", "multiple"):
                answer = (len(q.choices), tuple(k for k, c in enumerate(q.choices) if c.correct))
            elif q.kind == "short":
                answer = q.answers
            elif q.kind == "numerical":
                answer = (q.numeric.low, q.numeric.high, q.numeric.exact)
            else:
                answer = None
            out.append((q.kind, q.title or None, float(q.points), answer,
                        (group.pick, float(group.points_per_question)) if group else None))
    return out


def summary_text2qti(text: str) -> tuple[list[tuple], str | None, float]:
    from text2qti.config import Config
    from text2qti.quiz import GroupEnd, GroupStart, Question, Quiz as T2Quiz

    quiz = T2Quiz(text, config=Config(), source_name="corpus")
    out, group = [], None
    for x in quiz.questions_and_delims:
        if isinstance(x, GroupStart):
            group = x.group
        elif isinstance(x, GroupEnd):
            group = None
        elif isinstance(x, Question):
            if x.type in ("multiple_choice_question", "true_false_question",
                          "multiple_answers_question"):
                answer = (len(x.choices), tuple(k for k, c in enumerate(x.choices) if c.correct))
            elif x.type == "short_answer_question":
                answer = tuple(c.choice_raw for c in x.choices)
            elif x.type == "numerical_question":
                exact = x.numerical_exact
                answer = (float(x.numerical_min), float(x.numerical_max),
                          None if exact is None else float(exact))
            else:
                answer = None
            points = group.points_per_question if group else x.points_possible
            out.append((T2Q_KIND[x.type], x.title_raw, float(points), answer,
                        (group.pick, float(group.points_per_question)) if group else None))
    # text2qti's own total counts a group's questions as well as its picks; a sitting is worth
    # the questions outside groups plus pick x points per question of each group.
    total = sum(x.points_possible for x in quiz.questions_and_delims if isinstance(x, Question)
                and not any(x in g.group.questions for g in quiz.questions_and_delims
                            if isinstance(g, GroupStart)))
    total += sum(g.group.pick * g.group.points_per_question for g in quiz.questions_and_delims
                 if isinstance(g, GroupStart))
    return out, quiz.title_raw, float(total)


def corpus_texts() -> list[tuple[str, Path, str]]:
    """The corpus, plus the sample course's quiz file and module quizzes with their Objective:
    lines taken out (text2qti does not know them)."""
    out = [(p.name, p, p.read_text(encoding="utf-8")) for p in CORPUS]
    course = COURSES / "complaint-handling"
    for path in sorted(course.glob("quizzes/*.txt")):
        out.append((f"sample-{path.name}", path, OBJECTIVE.sub("", path.read_text(encoding="utf-8"))))
    for path in sorted(course.glob("modules/*.md")):
        for k, block in enumerate(re.findall(r"^```quiz\n(.*?)^```", path.read_text(encoding="utf-8"),
                                             re.M | re.S)):
            out.append((f"sample-{path.stem}-{k}", path, OBJECTIVE.sub("", block)))
    return out


CASES = corpus_texts()


def test_corpus_has_chinese_and_english() -> None:
    assert len(CORPUS) >= 3
    texts = "".join(t for _, _, t in CASES)
    assert re.search(r"[\u4e00-\u9fff]", texts) and re.search(r"[A-Za-z]{5}", texts)


@pytest.mark.parametrize("name,path,text", CASES, ids=[c[0] for c in CASES])
def test_same_questions_as_text2qti(name: str, path: Path, text: str) -> None:
    pytest.importorskip("text2qti", reason="text2qti is in the test extra: pip install .[test]")
    theirs, title, points = summary_text2qti(text)
    quiz, diags = ours(path, text)
    assert not diags.items, [str(d) for d in diags.items]
    assert quiz is not None
    assert summary_ours(quiz) == theirs
    assert (quiz.title or None) == title
    assert quiz.points == points


def test_feedback_forms_and_labels() -> None:
    quiz, diags = ours(CORPUS[0], (FIXTURES / "quizzes" / "en-basics.txt").read_text(encoding="utf-8"))
    assert not diags.items
    q1 = quiz.questions[0]
    assert plain(q1.feedback) == "The greeting sets the tone for the whole call."
    assert plain(q1.correct_feedback) == "Right: greet first."
    assert plain(q1.incorrect_feedback) == "Look at the opening script again."
    assert plain(q1.choices[0].feedback) == "Verification comes after the greeting."
    assert plain(q1.choices[1].feedback) == "Yes."
    assert q1.title == "Greeting" and q1.points == 2
    assert q1.loc.line == 9  # the question's own line
    q2 = quiz.questions[1]
    assert any(s.bold and s.text == "compliant" for b in q2.stem for s in b.text)
    essay = quiz.questions[7]
    assert essay.kind == "essay" and len(essay.stem) == 2  # two paragraphs
    assert quiz.shuffle_answers is True and quiz.show_correct_answers is False
    assert "Pass mark" in plain(quiz.description[0].text)


def test_objectives_resolve_in_modules_and_files(tmp_path: Path) -> None:
    opening = Module("opening", "Opening", tmp_path / "01-opening.md",
                     objectives=("Greet within 10 seconds", "Verify identity"))
    text = "Objective: 2\n1.  Who is verified?\n*a) The caller\nb)  Nobody\n"
    diags = Diagnostics()
    quiz = parse_quiz(opening.path, text, 20, tmp_path, diags, opening)
    assert not diags.items
    assert quiz.questions[0].objective.text == "Verify identity"
    assert quiz.questions[0].loc.line == 21
    diags = Diagnostics()
    text = "Objective：opening.1\n1.  First?\n*a) Greeting\nb)  Name\n"
    quiz = parse_quiz(tmp_path / "final.txt", text, 1, tmp_path, diags, None, {"opening": opening})
    assert not diags.items
    assert quiz.questions[0].objective.number == 1


BAD = [
    ("1.  Pick one\na)  x\nb)  y\n", 1, "no correct choice"),
    ("1.  Pick one\n*a) x\n*b) y\nc)  z\n", 1, "2 correct choices"),
    ("1.  How many?\n=   thirty\n", 2, "not a number"),
    ("1.  How many?\n=   [5, 1]\n", 2, "smallest"),
    ("1.  Pick one\n*a) x\nb)  y\nthis line is nothing\n", 4, "unknown line"),
    ("1.  Pick one\n*a) x\nb)y\n", 3, "put a space"),
    ("Objective: 4\n1.  Pick one\n*a) x\nb)  y\n", 1, "objective 4 does not exist"),
    ("Objective: nowhere.1\n1.  Pick one\n*a) x\nb)  y\n", 1, '"nowhere"'),
    ("GROUP\npick: 3\n1.  A\n*a) x\nb)  y\n2.  B\n*a) x\nb)  y\nEND_GROUP\n", 2, "pick: 3 is more"),
    ("GROUP\n1.  A\n*a) x\nb)  y\n", 1, "END_GROUP"),
    ("1.  Mixed\n*a) x\n[*] y\n", 3, "mixes"),
    ("Points: lots\n1.  A\n*a) x\nb)  y\n", 1, "points"),
    ("1.  A question without answers\n\n2.  Fine\n*a) x\nb)  y\n", 1, "no answers"),
    ("1.  Same twice\n*a) x\nb)  x\n", 3, "twice"),
]


@pytest.mark.parametrize("text,line,phrase", BAD, ids=[b[2] for b in BAD])
def test_mistakes_are_located(tmp_path: Path, text: str, line: int, phrase: str) -> None:
    module = Module("m", "M", tmp_path / "m.md", objectives=("one", "two"))
    diags = Diagnostics()
    parse_quiz(module.path, text, 1, tmp_path, diags, module, {"m": module})
    found = [(d.location.line, d.message) for d in diags.errors]
    assert any(n == line and phrase.lower() in m.lower() for n, m in found), found


def test_all_errors_at_once(tmp_path: Path) -> None:
    text = "1.  A\na)  x\nb)  y\n\n2.  B\n=   many\n\nnonsense\n"
    diags = Diagnostics()
    parse_quiz(tmp_path / "q.txt", text, 1, tmp_path, diags)
    assert [d.location.line for d in diags.errors] == [1, 6, 8]


def test_bare_objective_in_a_quiz_file_names_the_modules(tmp_path: Path) -> None:
    module = Module("opening", "O", tmp_path / "o.md", objectives=("a",))
    diags = Diagnostics()
    parse_quiz(tmp_path / "q.txt", "Objective: 1\n1.  A\n*a) x\nb)  y\n", 1, tmp_path, diags,
               None, {"opening": module})
    assert "opening.1" in diags.errors[0].message


HTML_QUIZ = """<!-- a note for trainers:
     check with QA first -->
Title: Greeting <!-- NOTE-TITLE -->
1.  What comes <b>first</b>? <!-- NOTE-STEM -->
    Think of <span style="color:red">the script</span>.
... Greet <i>first</i>.<!-- NOTE-FEEDBACK -->
*a) Good <strong>morning</strong> <!-- NOTE-CHOICE -->
b)  Your <font color=red>number</font>?<br>Now.

2.  Second? <img src=x>

    <p class="x">Block text</p>

    <!-- NOTE-BLOCK -->
*   yes <!-- NOTE-ANSWER -->
"""


def test_html_comments_are_stripped_and_inline_html_drawn_or_dropped_with_a_warning() -> None:
    """As text2qti does, comments never reach a question; <b> <i> <strong> <br> become the
    model's own bold, italic and line breaks; <span style>, <font>, <p> are dropped (their text
    kept), each with a warning at its line; markup that is no formatting (<img>) stays text, as
    issue 10 has it, with a warning."""
    quiz, diags = ours(Path("final.txt"), HTML_QUIZ)
    assert not diags.errors, [str(d) for d in diags.errors]
    first, second = quiz.questions
    texts = [plain(b.text) for b in first.stem] + [plain(first.feedback)] + \
        [plain(c.text) for c in first.choices] + [plain(b.text) for b in second.stem]
    assert texts == ["What comes first? Think of the script.", "Greet first.", "Good morning",
                     "Your number?\nNow.", "Second? <img src=x>", "Block text"]
    assert (first.title, second.answers) == ("Greeting", ("yes",))
    stem = first.stem[0].text
    assert [s.text for s in stem if s.bold] == ["first"]
    assert [s.text for s in first.feedback if s.italic] == ["first"]
    assert [s.text for s in first.choices[0].text if s.bold] == ["morning"]
    warnings = sorted((d.location.line, d.message) for d in diags.warnings)
    assert [(line, re.search(r"<\w+>", m).group()) for line, m in warnings] == \
        [(5, "<span>"), (8, "<font>"), (10, "<img>"), (12, "<p>")]
    assert all("**bold**" in m for _, m in warnings)
    assert ["its text is kept" in m for _, m in warnings] == [True, True, False, True]
    assert "<img> is shown as text" in warnings[2][1]


def test_an_html_comment_left_open_is_a_located_error() -> None:
    quiz, diags = ours(Path("final.txt"), "1.  Q?\n*a) yes\nb)  no\n\n<!-- never closed\n")
    assert [str(d) for d in diags.errors] == [
        "final.txt:5: error: this HTML comment (<!--) has no --> to end it; end it with -->"]


def _starter_banks() -> list:
    """Every quiz text of the starters of `trainerkit new`: the quizzes/ files and the modules'
    ```quiz blocks."""
    from conftest import ROOT

    banks = []
    for path in sorted((ROOT / "templates" / "new").glob("*/quizzes/*.txt")):
        banks.append(pytest.param(path.read_text(encoding="utf-8"), id=str(path.relative_to(ROOT))))
    for path in sorted((ROOT / "templates" / "new").glob("*/modules/*.md")):
        for k, block in enumerate(re.findall(r"^```quiz\n(.*?)^```", path.read_text(encoding="utf-8"),
                                             re.S | re.M)):
            banks.append(pytest.param(block, id=f"{path.relative_to(ROOT)}#{k + 1}"))
    return banks


@pytest.mark.parametrize("text", _starter_banks())
def test_the_starters_quiz_banks_are_accepted_by_text2qti(text: str) -> None:
    """A trainer's first quiz, taken to text2qti itself, is accepted (it refused the starters'
    two questions with one stem); trainerkit reads it without a warning."""
    from text2qti.config import Config  # in the test extra: a missing text2qti fails, never skips
    from text2qti.quiz import Quiz as T2Quiz

    T2Quiz(OBJECTIVE.sub("", text), config=Config(), source_name="starter")
    quiz, diags = ours(Path("final.txt"), OBJECTIVE.sub("", text))
    assert quiz is not None and not diags.errors and not diags.warnings, \
        [str(d) for d in list(diags.errors) + list(diags.warnings)]


def test_a_duplicate_question_is_a_located_warning() -> None:
    quiz, diags = ours(Path("final.txt"), "1.  Which phrase should you avoid?\n*a) x\nb)  y\n\n"
                                          "GROUP\n2.  Which  phrase should you avoid?\n*a) z\nb)  w\n"
                                          "END_GROUP\n")
    assert quiz is not None and len(quiz.questions) == 2
    assert [str(d) for d in diags.warnings] == [
        "final.txt:6: warning: question 2 asks the same as question 1 (line 1); text2qti refuses "
        "a quiz with a duplicate question, and learners cannot tell them apart: reword one"]
