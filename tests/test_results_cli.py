"""`trainerkit results COURSE_DIR [--format text|json]`: what a trainer reads on the terminal and
what a tool reads as JSON (the keys issue 15 promises), the guidance when there are no results
yet, and a course's problems as located errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from trainerkit.cli import main

from test_results_stats import ANSWERS_CSV, CHECKLIST_CSV, write_course

LEARNER_KEYS = {"id", "name", "cohort", "version", "source", "points", "max", "percent", "passed",
                "objectives", "roleplay", "simulation", "loc"}
QUESTION_KEYS = {"id", "text", "quiz", "kind", "objective", "max", "loc", "learners", "unanswered",
                 "facility", "sd", "discrimination", "efficiency", "guess", "choices", "choice_detail", "flags"}
OBJECTIVE_KEYS = {"id", "text", "module", "mastery", "masters", "learners", "questions", "simulations",
                  "caution"}
TEST_KEYS = {"learners", "questions", "max", "mean", "sd", "median", "passed", "pass_rate", "alpha",
             "error_ratio", "standard_error", "cautions"}
FIGURES = {"learners", "questions", "objectives", "test", "roleplays", "simulations", "evaluation", "flags"}


@pytest.fixture
def course_with_results(tmp_path):
    """The worked example's course with two classes' files, as a trainer types them: the first
    class (the worked example's L1-L3), then the whole worked example with its checklist."""
    root = write_course(tmp_path / "calls")
    (root / "results").mkdir()
    first = "".join(ANSWERS_CSV.splitlines(keepends=True)[:4])
    (root / "results" / "2026-10.csv").write_text(first, encoding="utf-8")
    (root / "results" / "2026-11.csv").write_text(ANSWERS_CSV, encoding="utf-8")
    (root / "results" / "2026-11-roleplay.csv").write_text(CHECKLIST_CSV.replace(",c1,", ",2026-11,"),
                                                           encoding="utf-8")
    return root


def test_json_has_the_keys_the_issue_promises(course_with_results):
    result = CliRunner().invoke(main, ["results", str(course_with_results), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"course", "language", "pass_mark", "roster", "cohort", "cohorts", "overall"} | FIGURES <= set(data)
    assert data["cohort"] == "2026-11" and data["pass_mark"] == 80
    assert set(data["learners"][0]) == LEARNER_KEYS
    assert set(data["questions"][0]) == QUESTION_KEYS
    assert set(data["objectives"][0]) == OBJECTIVE_KEYS
    assert set(data["test"]) == TEST_KEYS
    assert [c["name"] for c in data["cohorts"]] == ["2026-10", "2026-11"]
    assert FIGURES | {"name", "date", "files"} <= set(data["cohorts"][0])
    assert data["cohorts"][1]["files"] == ["results/2026-11-roleplay.csv", "results/2026-11.csv"]
    assert FIGURES <= set(data["overall"]) and data["overall"]["test"]["learners"] == 9
    # the worked example's figures, rounded to 2 decimals; choices by their text
    q1 = data["questions"][0]
    assert (q1["facility"], q1["discrimination"], q1["efficiency"]) == (66.67, 54.77, 66.67)
    assert q1["choices"] == {"Red": 2, "Green": 4, "Blue": 0}
    assert [f["code"] for f in q1["flags"]] == ["unused"]
    assert data["objectives"][0]["mastery"] == 55.56
    assert (data["test"]["mean"], data["test"]["sd"], data["test"]["alpha"]) == (53.33, 35.02, 63.77)
    assert data["learners"][2]["objectives"] == {"calls.1": 66.67, "calls.2": 50.0}
    assert data["learners"][0]["roleplay"] == {"Angry caller": 66.67}


def test_text_shows_the_summary_objectives_questions_and_learners(course_with_results, monkeypatch):
    monkeypatch.chdir(course_with_results.parent)  # places print relative to here, as errors do
    result = CliRunner().invoke(main, ["results", "calls"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Worked example: results of 2026-11\n")
    assert "6 learners · mean 53% · median 50% · SD 35% · passed 2 of 6 (33%) · alpha 0.64" in out
    assert "low confidence: with 6 learners" in out
    assert "calls.1  ██████░░░░  56%  2/6  Greet the caller" in out
    assert "Questions to review" in out and "  calls.q1  calls/modules/01-calls.md:26\n" in out
    assert 'nobody picked "Blue": rewrite or drop that distractor' in out
    assert "✗   0/3   0%  Agrees a next step" in out
    assert "  L3  Name L3  A           3/5   60  ✗" in out
    assert "2026-10: 3 learners, mean 80%, passed 67%" in out  # the cohorts, oldest first
    assert all(len(line) <= 80 for line in out.splitlines()), out


def test_text_fits_80_columns_in_chinese():
    from trainerkit.results.text import _wrap, render
    from trainerkit.text import columns

    message = "没有人选“蓝色”：改写或删除这个干扰项。" * 4
    lines = _wrap(message, 40, "  - ", "    ")
    assert all(columns(line) <= 40 for line in lines), lines
    assert not any(line.strip()[0] in "，。：”" for line in lines[1:])  # no line starts with a closing mark
    assert "".join(line.strip(" -") for line in lines) == message
    a = {"course": "投诉处理", "cohort": "第二期", "pass_mark": 80.0, "learners": [], "questions": [],
         "objectives": [{"id": "opening.1", "text": "按“三要素”规则完成客户身份核实，不主动透露客户信息" * 2,
                         "module": "opening", "mastery": 45.0, "masters": 1, "learners": 12, "questions": 3,
                         "caution": ""}],
         "test": {"learners": 0, "cautions": []}, "roleplays": [],
         "evaluation": {"responses": 0, "questions": []}, "cohorts": [], "overall": {}}
    out = render(a)
    assert all(columns(line) <= 80 for line in out.splitlines()), out
    assert "█████░░░░░  45%" in out and out.splitlines()[-1].endswith("…")


def test_no_results_says_where_to_put_them(tmp_path):
    root = write_course(tmp_path / "calls")
    result = CliRunner().invoke(main, ["results", str(root)])
    assert result.exit_code == 0, result.output
    assert "has no results yet" in result.output
    assert str(root / "results") in result.output and "scoresheet.xlsx" in result.output
    assert "trainerkit build" in result.output


def test_a_course_with_errors_gives_located_errors_and_exit_1(tmp_path):
    root = write_course(tmp_path / "calls")
    (root / "course.yml").write_text("title: Worked example\nlanguage: en\nquiz:\n  pass_mark: 180\n",
                                     encoding="utf-8")
    result = CliRunner().invoke(main, ["results", str(root)])
    assert result.exit_code == 1
    assert "course.yml:4: error:" in result.output and "pass_mark" in result.output
    assert "Results failed: 1 error." in result.output


def test_a_bad_answer_is_a_located_error(tmp_path, monkeypatch):
    root = write_course(tmp_path / "calls")
    (root / "results").mkdir()
    (root / "results" / "c1.csv").write_text(ANSWERS_CSV.replace("L4,Name L4,A,a,", "L4,Name L4,A,e,"),
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["results", "calls"])
    assert result.exit_code == 1
    assert result.output == ('calls/results/c1.csv:5: error: learner L4 answered "e" to question 1 of '
                             "version A, which has choices A–C\nResults failed: 1 error.\n")
    result = CliRunner().invoke(main, ["results", "calls", "--format", "json"])  # the same, for tools
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False and data["errors"] == 1
    assert data["diagnostics"][0]["path"] == "calls/results/c1.csv" and data["diagnostics"][0]["line"] == 5


def test_help():
    result = CliRunner().invoke(main, ["results", "--help"])
    assert result.exit_code == 0
    assert "--format [text|json]" in result.output and "--lang" in result.output
    assert "scoresheet.xlsx" in result.output
