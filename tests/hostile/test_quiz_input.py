"""Hostile quiz input: a question with more choices than there are letters (A to Z), and numbers
that a float cannot hold (1e309, 1e-400, 5,000 digits) or that are no numbers at all (nan, inf).
Each gives a located error at the line written, in `check` and in `build`; never a traceback,
"This is a bug", or an Infinity/NaN in quiz.html, quiz.gift or quiz-qti.zip."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from .conftest import assert_clean_failure, trainerkit, write_course

MODULE = "---\ntitle: A\nduration: 10\nobjectives:\n  - Do a thing\n---\n\n# S\n\n## Slide\n\n- point\n"


def run(command: str, course: Path, tmp_path: Path):
    extra = ("-o", str(tmp_path / "out")) if command == "build" else ()
    return trainerkit(command, str(course), *extra, cwd=tmp_path)


def errors_at(stderr: str, path: str) -> dict[int, str]:
    """{line: message} of the located errors in one file."""
    found = {}
    for m in re.finditer(rf"^{re.escape(path)}:(\d+): error: (.+)$", stderr, re.M):
        found.setdefault(int(m.group(1)), m.group(2))
    return found


def many_choices(count: int, correct_last: bool = True) -> list[str]:
    letters = string.ascii_lowercase
    lines = [f"{letters[k % 26]}) c{k}" for k in range(count)]
    if correct_last:
        lines.append(f"*{letters[count % 26]}) right")
    return lines


# -- more than 26 choices ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "build"])
def test_27_choices_in_a_quiz_file(tmp_path: Path, command: str) -> None:
    lines = ["Title: Q", "", "1.  Pick?"] + many_choices(26)  # the 27th choice is *a) right
    course = write_course(tmp_path / "c", {"quizzes/q.txt": "\n".join(lines) + "\n"})
    result = run(command, course, tmp_path)
    assert_clean_failure(result, "26 choices")
    errors = errors_at(result.stderr, "c/quizzes/q.txt")
    assert list(errors) == [3 + 27], result.stderr  # the 27th choice's line, and once
    assert "A to Z" in errors[30] and "split" in errors[30]


def test_27_choices_of_multiple_answers_in_a_module_block(tmp_path: Path) -> None:
    choices = [f"[ ] c{k}" for k in range(26)] + ["[*] right", "[ ] after"]
    block = "\n".join(["```quiz", "1.  Pick all?"] + choices + ["```"])
    module = MODULE + "\n" + block + "\n"
    block_line = module.split("\n").index("```quiz") + 1  # 1-based
    course = write_course(tmp_path / "c", {"modules/01-a.md": module})
    result = run("check", course, tmp_path)
    assert_clean_failure(result, "26 choices")
    errors = errors_at(result.stderr, "c/modules/01-a.md")
    assert list(errors) == [block_line + 1 + 27], result.stderr


def test_26_choices_build(tmp_path: Path) -> None:
    lines = ["1.  Pick?"] + many_choices(25)  # a) .. y), *z) right
    course = write_course(tmp_path / "c", {"quizzes/q.txt": "\n".join(lines) + "\n"})
    result = run("build", course, tmp_path)
    assert result.returncode == 0, result.output
    data = page_data(tmp_path / "out" / "quiz.html")
    (question,) = data["key"].values()
    assert len(question["choices"]) == 26 and question["choices"][-1]["correct"]


# -- numbers a float cannot hold -----------------------------------------------------------------

BAD_NUMBERS = [
    ("= 1e309", "too large"),
    ("= -1e309", "too large"),
    ("= 5 +- 1e400", "too large"),
    ("= [0, 1e309]", "too large"),
    ("= [-1e309, 0]", "too large"),
    ("= 1e-400", "too small"),          # underflows to 0: not what was written, so refused
    ("= 5 +- 1e-400", "too small"),
    ("= 1e300 +- 1e300%", "too large"),  # each number fits, the range does not
    ("= nan", "not a number"),
    ("= NaN", "not a number"),
    ("= inf", "not a number"),
    ("= -infinity", "not a number"),
    ("= " + "9" * 5000, "too long"),          # 5,000 digits
    ("= 0." + "0" * 4998 + "1", "too long"),
    ("= 1." + "0" * 4998, "too long"),       # a fine value, but no one writes it so
]


def bad_numbers_quiz() -> tuple[str, dict[int, str]]:
    """One quiz with a question per bad number; {line of its = answer: expected words}."""
    lines, expected = ["Title: Numbers", ""], {}
    for k, (answer, words) in enumerate(BAD_NUMBERS, 1):
        lines += [f"{k}.  How much?", answer, ""]
        expected[len(lines) - 1] = words
    lines += [f"{len(BAD_NUMBERS) + 1}.  Fine?", "= 42", ""]
    return "\n".join(lines), expected


@pytest.mark.parametrize("command", ["check", "build"])
def test_numbers_a_float_cannot_hold(tmp_path: Path, command: str) -> None:
    text, expected = bad_numbers_quiz()
    course = write_course(tmp_path / "c", {"quizzes/n.txt": text})
    result = run(command, course, tmp_path)
    assert_clean_failure(result)
    errors = errors_at(result.stderr, "c/quizzes/n.txt")
    assert sorted(errors) == sorted(expected), result.stderr
    for line, words in expected.items():
        assert words in errors[line], (line, errors[line])
    for message in errors.values():  # each says what is allowed
        assert "like" in message or "between" in message or "at most" in message, message
    assert len(result.stderr) < 20_000  # the 5,000-digit numeral is not echoed whole
    assert not (tmp_path / "out" / "quiz.html").exists()


def test_numbers_in_a_module_block(tmp_path: Path) -> None:
    block = "```quiz\n1.  How much?\n= 5 +- 1e400\n```\n"
    module = MODULE + "\n" + block
    line = module.split("\n").index("= 5 +- 1e400") + 1
    course = write_course(tmp_path / "c", {"modules/01-a.md": module})
    result = run("check", course, tmp_path)
    assert_clean_failure(result, "too large")
    assert list(errors_at(result.stderr, "c/modules/01-a.md")) == [line], result.stderr


@pytest.mark.parametrize("points", ["Points: 1e309", "Points: 1e-400", "Points: nan",
                                    "Points: " + "9" * 5000])
def test_points_a_float_cannot_hold(tmp_path: Path, points: str) -> None:
    course = write_course(tmp_path / "c", {"quizzes/p.txt": f"{points}\n1.  Sure?\n*a) yes\nb) no\n"})
    result = run("check", course, tmp_path)
    assert_clean_failure(result)
    assert list(errors_at(result.stderr, "c/quizzes/p.txt")) == [1], result.stderr


def test_huge_question_number_and_objective(tmp_path: Path) -> None:
    """Python refuses int() of more than 4,300 digits: a located error, not a ValueError."""
    digits = "7" * 5000
    quiz = f"{digits}.  Sure?\n*a) yes\nb) no\n\nObjective: 01-a.{digits}\n2.  And?\n*a) yes\nb) no\n"
    course = write_course(tmp_path / "c", {"quizzes/big.txt": quiz})
    result = run("check", course, tmp_path)
    assert_clean_failure(result)
    assert sorted(errors_at(result.stderr, "c/quizzes/big.txt")) == [1, 5], result.stderr
    assert len(result.stderr) < 20_000


def test_digits_that_int_refuses(tmp_path: Path) -> None:
    """² and ³ are digits to str.isdigit, not to int(): Objective: ², pick: ³ are errors."""
    quiz = ("Objective: 01-a.²\n1.  Sure?\n*a) yes\nb) no\n\n"
            "GROUP\npick: ³\n2.  And?\n*a) yes\nb) no\nEND_GROUP\n")
    course = write_course(tmp_path / "c", {"quizzes/sup.txt": quiz})
    result = run("check", course, tmp_path)
    assert_clean_failure(result)
    assert sorted(errors_at(result.stderr, "c/quizzes/sup.txt")) == [1, 7], result.stderr


# -- a normal numerical question still builds, with its numbers ----------------------------------


def page_data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>', html, re.S)
    assert m, html[:2000]
    return json.loads(m.group(1), parse_constant=lambda c: pytest.fail(f"{c} in quiz.html"))


def test_normal_numbers_build_with_their_values(tmp_path: Path) -> None:
    quiz = ("Title: Numbers\n\n1.  Exact?\n= 30\n\n2.  Margin?\n= 45 +- 15\n\n"
            "3.  Range?\n= [180, 220]\n\n4.  Percent?\n= 5 +- 10%\n\n"
            "5.  Tiny and big?\n= 6.02e23 +- 1e21\n\n6.  Small?\n= 1.6e-19 +- 1e-20\n\n"
            "7.  Zero?\n= 0e-400\n")
    course = write_course(tmp_path / "c", {"quizzes/n.txt": quiz})
    result = run("build", course, tmp_path)
    assert result.returncode == 0, result.output
    key = page_data(tmp_path / "out" / "quiz.html")["key"]
    got = [x for q in key.values() for x in (q["low"], q["high"])]
    want = [(30, 30), (30, 60), (180, 220), (4.5, 5.5), (6.02e23 - 1e21, 6.02e23 + 1e21),
            (1.6e-19 - 1e-20, 1.6e-19 + 1e-20), (0, 0)]
    assert got == pytest.approx([x for pair in want for x in pair], rel=1e-12)
    gift = (tmp_path / "out" / "quiz.gift").read_text(encoding="utf-8")
    assert not re.search(r"\b(inf|nan)\b", gift, re.I), gift


def test_page_json_never_holds_infinity_or_nan() -> None:
    """Should a NaN ever get past the parser, the page is not written with a dead script: the
    JSON embedding refuses it (a bug to report, not a page that silently does nothing)."""
    from trainerkit.quiz.html import script_json

    assert script_json({"low": 1e300, "high": -0.5}) == '{"low": 1e+300, "high": -0.5}'
    for bad in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(ValueError):
            script_json({"low": bad})
