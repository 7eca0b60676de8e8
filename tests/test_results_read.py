"""The results readers (issue 15, "What is read"): the score sheet as xlsx and CSV, role-play
checklists, the roster, the evaluation's forms, Moodle's Responses report and Canvas's Student
Analysis, in the encodings Excel saves; the A/B mapping (the same answers on two shuffled
versions score the same); bad input as located errors, all at once, and through the CLI.

The course is tests/fixtures/results/course (two shuffled versions of six questions: single,
multiple, numerical, short, true/false-like single, essay; one role-play with three checklist
items), copied into tmp_path with the results files each test writes."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from unittest.mock import patch

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from trainerkit.build import load
from trainerkit.cli import main
from trainerkit.errors import Diagnostics
from trainerkit.quiz.versions import LETTERS
from trainerkit.results.files import Layout
from trainerkit.results.read import read_results

from conftest import FIXTURES

HERE = FIXTURES / "results"
SCENARIO = "愤怒的理赔客户"
ITEMS = ("是否先倾听再解释", "是否使用共情话术", "Did the agent confirm the next step and the deadline?")
# Every question right: q1 its choice 1, q2 choices 0 and 2, q3 the number 2, q4 致歉, q5 choice
# 0, q6 essay (points given).
RIGHT = {"final.q1": (1,), "final.q2": (0, 2), "final.q3": "2", "final.q4": "致歉",
         "final.q5": (0,), "final.q6": "5"}
MOST = {"final.q1": 1, "final.q2": 2, "final.q3": 1, "final.q4": 1, "final.q5": 1, "final.q6": 5}


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(HERE / "course", root)
    (root / "results").mkdir()
    return root


def loaded(root: Path):
    """The course as build.load reads it, its results files found but not analysed (so that
    only the readers are tested here)."""
    diags = Diagnostics()
    with patch("trainerkit.results.results_of", lambda course, diags: None):
        course = load(root, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    return course


def layout_of(root: Path) -> Layout:
    return Layout(loaded(root))


def read(root: Path):
    """(Results or None, the diagnostics as text lines, paths from the course's folder) of the
    course's results files."""
    course = loaded(root)
    diags = Diagnostics()
    results = read_results(course, diags)
    return results, [d.text("en").replace(str(root) + "/", "") for d in diags.sorted()]


def printed(layout: Layout, version: str, answers: dict) -> list[str]:
    """A learner's answers (by question id: choice indices, or text) as the cells of their
    version's row: the printed letter of each choice, in the printed order."""
    out = []
    for column in layout.versions[version].columns:
        given = answers.get(column.question, "")
        if isinstance(given, tuple):
            given = ",".join(LETTERS[column.order.index(k)] for k in given)
        out.append(given)
    return out


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def points(sitting) -> dict[str, float]:
    return {r.question: r.points for r in sitting.responses}


HEADER = ["learner", "name", "version", "1", "2", "3", "4", "5", "6"]


# -- the score sheet --------------------------------------------------------------------------


def test_the_same_answers_on_two_shuffled_versions_score_the_same(course):
    layout = layout_of(course)
    # the papers differ: the right letter of q1 is D on version A and C on version B
    assert printed(layout, "A", RIGHT) != printed(layout, "B", RIGHT)
    partly = {"final.q1": (2,), "final.q2": (0, 1), "final.q3": "3", "final.q4": "Apologize",
              "final.q5": (1,), "final.q6": "2"}
    write_csv(course / "results" / "cohort1.csv", [
        HEADER, ["L01", "王芳", "A", *printed(layout, "A", RIGHT)],
        ["L02", "李雷", "B", *printed(layout, "B", RIGHT)],
        ["L03", "韩梅梅", "A", *printed(layout, "A", partly)],
        ["L04", "欧阳娜娜", "B", *printed(layout, "B", partly)]])
    results, said = read(course)
    assert said == []
    l1, l2, l3, l4 = results.cohorts[0].sittings
    assert points(l1) == points(l2) == {k: float(v) for k, v in MOST.items()}
    # partly right: q2 one right (+1) and one wrong (-1) of a 2-point, 2-key question = 0;
    # q4 "Apologize" is an accepted answer; the rest wrong; the essay given 2
    assert points(l3) == points(l4) == {"final.q1": 0.0, "final.q2": 0.0, "final.q3": 0.0,
                                        "final.q4": 1.0, "final.q5": 0.0, "final.q6": 2.0}
    picked = {r.question: r.picked for r in l3.responses}
    assert picked == {r.question: r.picked for r in l4.responses}
    assert picked["final.q1"] == (2,) and picked["final.q2"] == (0, 1)
    assert (l1.version, l2.version, l1.source) == ("A", "B", "scoresheet")
    assert str(l3.loc).endswith("results/cohort1.csv:4")


def test_letters_in_any_case_full_width_and_with_any_separator(course):
    layout = layout_of(course)
    column = next(c for c in layout.versions["A"].columns if c.question == "final.q2")
    a, c = (LETTERS[column.order.index(k)] for k in (0, 2))
    rows = [HEADER]
    for n, typed in enumerate((f"{a},{c}", f"{a.lower()}{c.lower()}", f"{a}，{c}", f"{a}、{c}",
                               f"{a}; {c}", f"{a} {c}", chr(ord(a) + 0xFEE0) + chr(ord(c) + 0xFEE0))):
        cells = [""] * 6
        cells[column.number - 1] = typed
        rows.append([f"L{n:02}", "", "A", *cells])
    write_csv(course / "results" / "c.csv", rows)
    results, said = read(course)
    assert said == []
    got = [points(s)["final.q2"] for s in results.cohorts[0].sittings]
    assert got == [2.0] * 7
    # every other question not answered: no points, answered False
    other = [r for r in results.cohorts[0].sittings[0].responses if r.question != "final.q2"]
    assert all(not r.answered and r.points == 0 for r in other)


def test_an_xlsx_score_sheet_with_a_sheet_per_version_and_a_role_play(course):
    layout = layout_of(course)
    book = Workbook()
    book.remove(book.active)
    for version in ("A", "B"):
        ws = book.create_sheet(version)
        ws.append(["learner", "name", "1", "2", "3", "4", "5", "6"])
        cells = printed(layout, version, RIGHT)
        # typed as Excel stores them: numbers as numbers (the essay's 5, the numerical 2.0)
        ws.append([f"L0{1 if version == 'A' else 2}", "王芳" if version == "A" else "李雷",
                   *[float(v) if v in ("2", "5") else v for v in cells]])
        ws.append([f"L0{3 if version == 'A' else 4}", "没来的人"])  # prefilled, did not sit
    ws = book.create_sheet(SCENARIO)
    ws.append(["learner", "name", *ITEMS])
    ws.append(["L01", "王芳", 1, 0, None])
    ws.append([])
    ws.append(["L02", "李雷", "1", "1", "1"])
    book.create_sheet("说明").append(["请在 A、B 两页填写答案"])
    book.save(course / "results" / "cohort1.xlsx")
    results, said = read(course)
    assert said == ['results/cohort1.xlsx:1: warning: sheet "说明": this sheet has no "learner" '
                    "column and is named for no version or role-play of the course, so it is "
                    "left out"]
    cohort = results.cohorts[0]
    assert [s.learner for s in cohort.sittings] == ["L01", "L02"]
    assert all(points(s) == {k: float(v) for k, v in MOST.items()} for s in cohort.sittings)
    assert [(o.learner, o.scenario, o.ticks) for o in cohort.observations] == [
        ("L01", SCENARIO, (1, 0, None)), ("L02", SCENARIO, (1, 1, 1))]
    assert str(cohort.observations[1].loc).endswith("cohort1.xlsx:4")
    assert [r.id for r in results.roster] == ["L01", "L02"]


def test_a_role_play_csv_by_item_text_or_number_with_every_tick_mark(course):
    write_csv(course / "results" / "roleplay.csv", [
        ["learner", "name", "scenario", "1", ITEMS[1], "3"],
        ["L01", "王芳", SCENARIO, "✓", "✗", ""],
        ["L02", "李雷", SCENARIO, "√", "×", "是"],
        ["L03", "", SCENARIO, "y", "no", "否"],
        ["L04", "", SCENARIO, "", "", ""]])
    results, said = read(course)
    assert said == []
    assert [(o.learner, o.ticks) for o in results.cohorts[0].observations] == [
        ("L01", (1, 0, None)), ("L02", (1, 0, 1)), ("L03", (1, 0, 0))]


def test_a_role_play_csv_without_a_scenario_column_by_its_items(course):
    write_csv(course / "results" / "roleplay.csv", [["工号", "姓名", *ITEMS], ["L01", "王芳", "1", "0", "1"]])
    results, said = read(course)
    assert said == []
    assert [(o.learner, o.scenario, o.ticks) for o in results.cohorts[0].observations] == [
        ("L01", SCENARIO, (1, 0, 1))]


def test_the_score_sheet_trainerkit_writes_filled_in_and_read_back(course, tmp_path):
    """scoresheet.xlsx as the build writes it (comments, in-cell lists, a prefilled roster),
    filled in with openpyxl as a trainer would in Excel, then dropped into results/."""
    from openpyxl import load_workbook

    from trainerkit.build import build

    write_csv(course / "results" / "roster.csv", [["learner", "name"], ["L01", "王芳"],
                                                  ["L02", "李雷"], ["L03", "缺席的人"]])
    build(course, tmp_path / "out", only=["scoresheet"], use_cache=False)
    layout = layout_of(course)
    book = load_workbook(tmp_path / "out" / "scoresheet.xlsx")
    assert book.sheetnames == ["A", "B", SCENARIO]
    a, b = book["A"], book["B"]
    assert [c.value for c in a[2][:2]] == ["L01", "王芳"]  # the roster's learners, prefilled
    for ws, version, row in ((a, "A", 2), (b, "B", 3)):
        for k, value in enumerate(printed(layout, version, RIGHT)):
            ws.cell(row=row, column=3 + k, value=int(value) if value.isdigit() else value)
    book[SCENARIO].cell(row=2, column=3, value=1)
    book.save(course / "results" / "cohort1.xlsx")
    results, said = read(course)
    assert said == []
    (cohort,) = results.cohorts
    # L01 on A (row 2), L02 on B (row 3); L03 sat neither (their prefilled rows are left out)
    assert [(s.learner, s.version, s.loc.line) for s in cohort.sittings] == [("L01", "A", 2),
                                                                             ("L02", "B", 3)]
    assert all(sum(points(s).values()) == 11 for s in cohort.sittings)
    assert [(o.learner, o.ticks) for o in cohort.observations] == [("L01", (1, None, None))]


# -- the roster, cohorts, the evaluation ------------------------------------------------------


def test_a_roster_with_chinese_headers_and_the_cohorts_it_does_not_make(course):
    write_csv(course / "results" / "roster.csv", [
        ["工号", "姓名", "期次", "班组", "电话"], ["L01", "王芳", "一期", "一组", "138"],
        ["L02", "李雷", "一期", "二组", ""]])
    write_csv(course / "results" / "cohort1.csv", [HEADER, ["L01", "", "A", "A"]])
    results, said = read(course)
    assert said == []
    assert [(r.id, r.name, r.cohort, r.team) for r in results.roster] == [
        ("L01", "王芳", "一期", "一组"), ("L02", "李雷", "一期", "二组")]
    assert [c.name for c in results.cohorts] == ["cohort1"]


def test_a_traditional_chinese_roster_in_big5(course):
    write_csv(course / "results" / "roster.csv", [
        ["學號", "姓名", "組別"], ["L01", "陳美玲", "客服一組"], ["L02", "林志明", "客服二組"]],
        encoding="big5")
    write_csv(course / "results" / "cohort1.csv", [["學號", "姓名", "版本", "1"],
                                                   ["L01", "陳美玲", "Ａ卷", "a"]], encoding="big5")
    results, said = read(course)
    assert said == ["results/cohort1.csv:1: warning: no column for questions 2, 3, 4, 5, 6 of "
                    "version A: every learner's answers to them count as not answered"]
    assert [(r.id, r.name, r.team) for r in results.roster] == [
        ("L01", "陳美玲", "客服一組"), ("L02", "林志明", "客服二組")]
    assert results.cohorts[0].sittings[0].name == "陳美玲"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8", "big5"])
def test_csv_in_the_encodings_excel_saves(course, encoding):
    layout = layout_of(course)
    name = "陳美玲" if encoding == "big5" else "欧阳娜娜"
    write_csv(course / "results" / "二期.csv", [
        ["学号" if encoding != "big5" else "學號", "姓名", "版本", "1", "2", "3", "4", "5", "6"],
        ["L01", name, "B", *printed(layout, "B", RIGHT)]], encoding=encoding)
    results, said = read(course)
    assert said == []
    (cohort,) = results.cohorts
    assert cohort.name == "二期"
    assert cohort.sittings[0].name == name
    assert sum(points(cohort.sittings[0]).values()) == 11


def test_cohorts_by_column_and_by_file_merged_and_dated(course):
    layout = layout_of(course)
    row = printed(layout, "A", RIGHT)
    write_csv(course / "results" / "a-answers.csv", [
        ["cohort", "date", *HEADER], ["2026-10", "2026-10-12", "L01", "", "A", *row],
        ["2026-11", "2026-11-09", "L02", "", "A", *row]])
    write_csv(course / "results" / "b-roleplay.csv", [
        ["期次", "learner", "scenario", "1"], ["2026-11", "L02", SCENARIO, "1"],
        ["", "L09", SCENARIO, "0"]])
    results, said = read(course)
    assert said == []
    assert [(c.name, c.date, [f.name for f in c.files], len(c.sittings), len(c.observations))
            for c in results.cohorts] == [
        ("2026-10", "2026-10-12", ["a-answers.csv"], 1, 0),
        ("2026-11", "2026-11-09", ["a-answers.csv", "b-roleplay.csv"], 1, 1),
        ("b-roleplay", "", ["b-roleplay.csv"], 0, 1)]
    assert [r.id for r in results.roster] == ["L01", "L02", "L09"]


def test_the_evaluation_forms_keyed_by_their_headers(course):
    """evaluation-<cohort>.csv: the forms of that cohort, whose answers are in <cohort>.csv."""
    write_csv(course / "results" / "2026-10.csv", [HEADER, ["L01", "", "A", "A", "", "", "", "", ""]])
    write_csv(course / "results" / "evaluation-2026-10.csv", [
        ["learner", "1", "2", "9", "date"], ["", "5", "4", "多练习", "2026-10-12"],
        ["L03", "4", "", "", ""], ["", "", "", "", ""]])
    results, said = read(course)
    assert said == []
    (cohort,) = results.cohorts
    assert (cohort.name, cohort.date) == ("2026-10", "2026-10-12")  # evaluation-<cohort>
    assert [f.name for f in cohort.files] == ["2026-10.csv", "evaluation-2026-10.csv"]
    assert len(cohort.sittings) == 1
    assert [(r.learner, r.answers) for r in cohort.ratings] == [
        ("", (("1", "5"), ("2", "4"), ("9", "多练习"))), ("L03", (("1", "4"),))]


# -- Moodle and Canvas -----------------------------------------------------------------------


def test_a_moodle_responses_report(course):
    """Hand-made from Moodle's documented columns: the slots in another order than the course's,
    Question N holding Moodle's summary (the stem, ": ", the choices), a learner's two finished
    attempts, an In progress and a Never submitted row, the Overall average row, a UTF-8 BOM."""
    shutil.copy(HERE / "moodle-responses.csv", course / "results" / "2026-10.csv")
    results, said = read(course)
    assert said == []
    (cohort,) = results.cohorts
    assert (cohort.name, cohort.date) == ("2026-10", "2026-10-12")
    wang, jane, li = cohort.sittings
    assert [(s.learner, s.name, s.source, s.version, s.loc.line) for s in cohort.sittings] == [
        ("wang.fang", "王芳", "moodle", "", 2), ("jane.smith@example.com", "Jane Smith", "moodle", "", 4),
        ("li.lei", "李雷", "moodle", "", 5)]  # li.lei's later attempt (line 5) replaces line 3
    assert points(wang) == {"final.q1": 1, "final.q2": 2, "final.q3": 1, "final.q4": 1,
                            "final.q5": 1, "final.q6": 0}
    # "2 hours" is the number 2; q2: one right and one wrong of two keys = 0
    assert points(jane) == {"final.q1": 0, "final.q2": 0, "final.q3": 1, "final.q4": 1,
                            "final.q5": 1, "final.q6": 0}
    assert {r.question: r.picked for r in jane.responses}["final.q2"] == (0, 1)
    # q2: one of two keys, nothing wrong = 1 of 2 points
    assert points(li)["final.q2"] == 1
    essay = {r.question: r for r in wang.responses}["final.q6"]
    assert (essay.answered, essay.marked, essay.text) == (True, False, "先倾听，再致歉，给出回电时间。")
    assert [r.id for r in results.roster] == ["wang.fang", "jane.smith@example.com", "li.lei"]


def test_a_moodle_report_without_question_text_by_gift_order(course):
    write_csv(course / "results" / "m.csv", [
        ["Surname", "First name", "Email address", "State", "Response 1", "Response 2",
         "Response 3", "Response 4"],
        ["王", "芳", "w@example.com", "已完成", "表达理解与共情",
         "非常抱歉让您多次来电，我马上为您查询。; 打了三次还没结果，换作是我也会着急。", "2", "-"],
        ["李", "雷", "l@example.com", "进行中", "", "", "", ""]])
    results, said = read(course)
    assert said == []
    (sitting,) = results.cohorts[0].sittings
    assert [(r.question, r.points, r.answered) for r in sitting.responses] == [
        ("final.q1", 1, True), ("final.q2", 2, True), ("final.q3", 1, True), ("final.q4", 0, False)]


def test_a_canvas_student_analysis_report(course):
    """Hand-made from Canvas's documented columns: "<id>: <text>" and a points column per
    question, a comma inside a choice written \\, an unanswered question, an essay Canvas
    marked and one it has not, a learner without sis_id."""
    shutil.copy(HERE / "canvas-student-analysis.csv", course / "results" / "2026-11.csv")
    results, said = read(course)
    assert said == []
    (cohort,) = results.cohorts
    assert cohort.date == "2026-10-12"
    wang, li, jane = cohort.sittings
    assert [(s.learner, s.name, s.source) for s in cohort.sittings] == [
        ("L01", "王芳", "canvas"), ("L02", "李雷", "canvas"), ("3303", "Jane Smith", "canvas")]
    assert points(wang) == {"final.q1": 1, "final.q2": 2, "final.q3": 1, "final.q4": 1,
                            "final.q5": 1, "final.q6": 4}
    # "Calm down, please." (its comma escaped) and a right one: +1 -1 = 0
    assert {r.question: r.picked for r in li.responses}["final.q2"] == (1, 2)
    by_id = {r.question: r for r in li.responses}
    assert not by_id["final.q4"].answered and not by_id["final.q6"].marked
    assert points(jane)["final.q6"] == 2.5


def test_lms_text_that_matches_nothing_is_a_located_error_with_the_closest_text(course):
    write_csv(course / "results" / "canvas.csv", [
        ["name", "id", "sis_id", "section", "section_id", "section_sis_id", "submitted", "attempt",
         "4101: 客户说完以后，坐席下一步应当？", "1.0", "4104: HEARD 中的 A 代表什么？", "1.0",
         "n correct", "n incorrect", "score"],
        ["王芳", "1", "L01", "", "", "", "", "1", "表达理解", "0.0", "致歉", "1.0", "1", "1", "1"]])
    write_csv(course / "results" / "moodle.csv", [
        ["Surname", "First name", "Username", "State", "Question 1", "Response 1"],
        ["王", "芳", "wang", "Finished", "客户说完后，坐席下一步应当？: 核实身份", "表达理解"]])
    _results, said = read(course)
    assert said == [
        'results/canvas.csv:1: error: column "4101: 客户说完以后，坐席下一步应当？": no question of '
        'the course has the text "客户说完以后，坐席下一步应当？"; the closest is "客户说完后，坐席下'
        '一步应当？" (final.q1, quizzes/final.txt:6); import the '
        "questions from this course again (quiz-qti.zip) and let Canvas use them",
        'results/moodle.csv:2: error: learner wang, column "Response 1": "表达理解" is not a choice '
        'of question final.q1 ("客户说完后，坐席下一步应当？"); the closest choice is "表达理解与共情"']


# -- bad input --------------------------------------------------------------------------------


def test_bad_answers_are_located_errors_all_at_once(course):
    layout = layout_of(course)
    a = layout.versions["A"]
    q1 = next(c.number for c in a.columns if c.question == "final.q1")  # 4 choices, A-D
    essay = next(c.number for c in a.columns if c.question == "final.q6")
    number = next(c.number for c in a.columns if c.question == "final.q3")
    single2 = next(c.number for c in a.columns if c.question == "final.q5")

    def row(learner, version, **cells):
        out = ["", "", "", "", "", ""]
        for k, v in cells.items():
            out[int(k[1:]) - 1] = v
        return [learner, "", version, *out]

    write_csv(course / "results" / "cohort1.csv", [
        ["learner", "nmae", "version", "1", "2", "3", "4", "5", "6", "note"],
        row("L01", "A", **{f"n{q1}": "E"}),                       # line 2
        row("L02", "C", n1="A"),                                  # line 3
        row("L03", "A", **{f"n{essay}": "7"}),                    # line 4
        row("", "A", n1="A"),                                     # line 5
        row("L05", "A", **{f"n{number}": "two"}),                 # line 6
        row("L06", "A", **{f"n{single2}": "AB"}),                 # line 7
        row("L07", "B", n1="1"),                                  # line 8
        row("L07", "A", **{f"n{q1}": "a"})])                      # line 9
    write_csv(course / "results" / "roleplay.csv", [
        ["learner", "scenario", "1", "4"], ["L01", "愤怒的客户", "1", ""],
        ["L02", SCENARIO, "maybe", ""]])
    results, said = read(course)
    assert results is None
    assert said == [
        'results/cohort1.csv:1: error: unknown column "nmae"; did you mean "name"?',
        'results/cohort1.csv:1: error: unknown column "note"; the columns are learner, name, '
        "version, cohort, date, then the question numbers as printed (1–6)",
        f'results/cohort1.csv:2: error: learner L01 answered "E" to question {q1} of version A, '
        "which has choices A–D",
        'results/cohort1.csv:3: error: learner L02: version "C" does not exist; the course '
        "prints versions A, B",
        f'results/cohort1.csv:4: error: learner L03 got "7" points for question {essay} of '
        "version A, which is worth 5; give 0 to 5",
        "results/cohort1.csv:5: error: this row has answers but no learner id; type the "
        'learner\'s id in the "learner" column',
        f'results/cohort1.csv:6: error: learner L05 answered "two" to question {number} of '
        "version A, which takes a number",
        f'results/cohort1.csv:7: error: learner L06 answered "AB" to question {single2} of '
        "version A, which takes one letter (A–B)",
        'results/cohort1.csv:9: error: learner L07 is in cohort "cohort1" twice, here and at '
        "results/cohort1.csv:8; keep one row per learner, or give the rows different cohorts",
        'results/roleplay.csv:1: error: unknown column "4"; the columns are learner, name, '
        "scenario, then the role-play's checklist items, by their text or their number (1, 2 ...)",
        'results/roleplay.csv:2: error: learner L01: "愤怒的客户" is not a role-play of the '
        'course; did you mean "愤怒的理赔客户"?',
        'results/roleplay.csv:3: error: learner L02: "maybe" for checklist item "是否先倾听再解释" '
        "is not 1 or 0; type 1 when it was done, 0 when not, or leave it empty"]


def test_a_sheet_without_a_learner_column_or_a_version(course):
    write_csv(course / "results" / "a.csv", [["name", "1"], ["王芳", "A"]])
    write_csv(course / "results" / "b.csv", [["learner", "1"], ["L01", "A"]])
    _results, said = read(course)
    assert said == [
        'results/a.csv:1: error: this sheet has no "learner" column; its first row heads the '
        "columns: learner (the learner's id, 工号 or 学号), name, then the question numbers as "
        "printed",
        'results/b.csv:1: error: this sheet does not say which version each learner sat: add a '
        '"version" column (A, B), or type each version\'s answers on its own sheet of '
        "scoresheet.xlsx"]


def test_an_xlsx_sheet_says_its_name_and_a_duplicate_roster_line(course):
    book = Workbook()
    book.active.title = "B"
    book.active.append(["learner", "name", "1", "2", "3"])
    book.active.append(["L01", "", 9, None, "Z"])
    book.save(course / "results" / "cohort1.xlsx")
    write_csv(course / "results" / "roster.csv", [["learner", "name"], ["L01", "王芳"],
                                                  ["L01", "王芳"], ["", "李雷"]])
    _results, said = read(course)
    assert said == [
        'results/cohort1.xlsx:2: error: sheet "B": learner L01 got "9" points for question 1 of '
        "version B, which is worth 5; give 0 to 5",
        'results/cohort1.xlsx:2: error: sheet "B": learner L01 answered "Z" to question 3 of '
        "version B, which takes a number",
        "results/roster.csv:3: error: learner L01 is on the roster twice, on lines 2 and 3; keep "
        "one row per learner",
        'results/roster.csv:4: error: this row of the roster has no learner id; type 李雷\'s id in '
        'the "learner" column']


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_zip_bomb_a_text_and_an_xls_named_xlsx(course):
    bomb = _zip(course / "results" / "a-bomb.xlsx", {"[Content_Types].xml": b"<Types/>",
                                                     "xl/workbook.xml": b" " * 30_000_000})
    assert bomb.stat().st_size < 100_000
    (course / "results" / "b-text.xlsx").write_text("learner,name\nL01,王芳\n", encoding="utf-8")
    (course / "results" / "c-old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _zip(course / "results" / "d-parts.xlsx", {"[Content_Types].xml": b"<Types/>",
                                               "xl/workbook.xml": b"<workbook"})
    (course / "results" / "e-binary.csv").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    _results, said = read(course)
    assert [s.split(": error: ")[0] for s in said] == [
        "results/a-bomb.xlsx", "results/b-text.xlsx", "results/c-old.xlsx", "results/d-parts.xlsx",
        "results/e-binary.csv"]
    assert "unpacks to 30,000,008 bytes, more than 20,000,000 (the limit MAX_RESULTS_BYTES)" in said[0]
    assert "is not an Excel workbook (.xlsx) that can be read" in said[1]
    assert "Excel 97-2003 workbook (.xls)" in said[2]
    assert "is not an Excel workbook (.xlsx) that can be read" in said[3]
    assert "not a CSV file" in said[4]


def test_check_reports_them_with_exit_1_and_no_traceback(course):
    write_csv(course / "results" / "cohort1.csv", [
        ["learner", "version", "1"], ["L01", "A", "A"], ["L01", "C", "A"]])
    result = CliRunner().invoke(main, ["check", str(course)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert any(line.endswith('results/cohort1.csv:3: error: learner L01: version "C" does not '
                             "exist; the course prints versions A, B") for line in lines), lines


def test_limits_and_excel_semicolons(course, monkeypatch):
    from trainerkit import limits

    monkeypatch.setattr(limits, "MAX_RESULTS_ROWS", 3)
    monkeypatch.setattr(limits, "MAX_RESULTS_BYTES", 2_000)
    write_csv(course / "results" / "a-rows.csv", [HEADER[:4]] + [[f"L{k}", "", "A", "A"] for k in range(5)])
    write_csv(course / "results" / "b-big.csv", [HEADER[:4]] + [["L1", "x" * 3000, "A", "A"]])
    # Excel in much of Europe: "sep=;" first, semicolons between cells
    (course / "results" / "d-semicolons.csv").write_text(
        "sep=;\nlearner;name;version;1;2;3;4;5;6\nL01;Ana;A;;;;3;;\n", encoding="utf-8")
    results, said = read(course)
    assert results is None
    assert [line.split(": error: ")[0] for line in said] == [
        "results/a-rows.csv:4", "results/b-big.csv"]  # d-semicolons.csv reads fine
    assert "more than 3 rows (the limit MAX_RESULTS_ROWS)" in said[0]
    assert "larger than 2,000 bytes (the limit MAX_RESULTS_BYTES)" in said[1]
    for name in ("a-rows.csv", "b-big.csv"):
        (course / "results" / name).unlink()
    results, said = read(course)
    assert said == []
    (sitting,) = results.cohorts[0].sittings
    assert (sitting.learner, sitting.name, points(sitting)["final.q6"]) == ("L01", "Ana", 3.0)


def test_an_xlsx_date_and_cohort_columns(course):
    import datetime

    book = Workbook()
    ws = book.active
    ws.title = "A"
    ws.append(["learner", "name", "cohort", "date", "4"])
    ws.append(["L01", "王芳", "十月班", datetime.datetime(2026, 10, 12), 3])
    ws.append(["L02", "李雷", "十月班", datetime.datetime(2026, 10, 13), 5.0])
    book.save(course / "results" / "answers.xlsx")
    results, said = read(course)
    assert said[1:] == []  # (said[0]: the warning about the missing question columns)
    (cohort,) = results.cohorts
    assert (cohort.name, cohort.date) == ("十月班", "2026-10-12")
    layout = layout_of(course)
    fourth = next(c for c in layout.versions["A"].columns if c.number == 4).question
    assert [points(s)[fourth] for s in cohort.sittings] == [3.0, 5.0]  # the essay's points


def test_all_the_results_files_together_are_bounded(course, monkeypatch):
    """Each file is under MAX_RESULTS_ROWS, but 200 of them would not be: the rows of all of them
    count too, and the file that crosses MAX_RESULTS_ROWS_IN_COURSE is named."""
    from trainerkit import limits

    monkeypatch.setattr(limits, "MAX_RESULTS_ROWS_IN_COURSE", 8)
    for name in ("a", "b", "c"):
        write_csv(course / "results" / f"{name}.csv",
                  [HEADER[:4]] + [[f"L{k}", "", "A", "A"] for k in range(3)])
    results, said = read(course)
    errors = [line for line in said if ": error: " in line]
    assert results is None
    assert [line.split(": error: ")[0] for line in errors] == ["results/c.csv"]
    assert "more than 8 rows up to this one (the limit MAX_RESULTS_ROWS_IN_COURSE)" in errors[0]
