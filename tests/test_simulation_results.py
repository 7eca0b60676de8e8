"""Call simulations in the results (issue 16, "Results"): scoresheet.xlsx's sheet of them read
back with openpyxl, the sheet typed in as a trainer would (points, a path of step names, a path
of the paper's section numbers, points after an ambiguous path) and read back, the same columns
beside a paper's answers in a CSV, every bad cell a located error at its row, a simulation's
points counted toward its objective (worked by hand below), the JSON keys, the report's table
and the terminal's lines.

The course is the issue's example (第三次来电的车主) in a module with two questions, one per
objective; the simulation assesses objective 2. Its paths: start → listen → good 4 (the best),
start → listen → angry → bad -3, start → angry → listen → good 1 or 2 (by the reply picked at
the start), start → angry → bad -5 or -4 (the worst -5)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument
from openpyxl import load_workbook

from trainerkit.build import build, load
from trainerkit.cli import main
from trainerkit.errors import Diagnostics
from trainerkit.render.xlsx import render_scoresheet
from trainerkit.results.sheet import scoresheet_plan
from trainerkit.simulation import paper_numbers
from trainerkit.templates import Templates

from conftest import SIMULATION_EXAMPLE

TITLE = "第三次来电的车主"
SIMULATION = SIMULATION_EXAMPLE.replace("objective: 1", "objective: 2")
MODULE = f"""\
---
title: 处理投诉来电
id: calls
duration: 30
objectives:
  - 按 HEARD 顺序回应投诉客户
  - 用共情话术替代禁用语
---

## 模拟通话

{SIMULATION}
## 小测

```quiz
Title: HEARD 顺序
Points: 2
Objective: 1
1.  客户说完后，坐席下一步应当？
a)  立即给出解决方案
*b) 表达理解与共情

Title: 禁用语
Points: 2
Objective: 2
2.  哪一句最合适？
*a) 打了三次还没结果，换作是我也会着急。
b)  你先冷静一下。
```
"""
HEADER = ["learner", "name", "1", "2", TITLE]


def make_course(root: Path, language: str = "zh-CN", rows: list[list] | None = None,
                name: str = "c1.csv") -> Path:
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text(f"title: 投诉处理\nlanguage: {language}\n", encoding="utf-8")
    (root / "modules" / "01-calls.md").write_text(MODULE, encoding="utf-8")
    if rows is not None:
        write_csv(root / "results" / name, rows)
    return root


def write_csv(path: Path, rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def loaded(root: Path):
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, [d.text("en") for d in diags.errors]
    return course


def results_of(root: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["results", str(root), *options])
    return result.exit_code, result.output


def analysis(root: Path) -> dict:
    code, out = results_of(root, "--format", "json")
    assert code == 0, out
    return json.loads(out)


def the_workbook(root: Path):
    course = loaded(root)
    plan = scoresheet_plan(course, Templates(course, Diagnostics()).labels)
    return load_workbook(io.BytesIO(render_scoresheet(plan)))


# -- the score sheet ---------------------------------------------------------------------------------


def test_the_score_sheet_has_a_sheet_of_simulations(tmp_path):
    book = the_workbook(make_course(tmp_path / "course"))
    assert book.sheetnames == ["A", "模拟通话"]
    ws = book["模拟通话"]
    assert [c.value for c in ws[1]] == ["learner", "name", TITLE]
    comment = ws["C1"].comment.text
    assert "最佳路径：start → listen → good（4 分）" in comment
    assert "最高 4" in comment and "start → listen → good" in comment
    assert ws.freeze_panes == "C2"
    english = the_workbook(make_course(tmp_path / "english", language="en"))
    assert english.sheetnames == ["A", "Simulations"]
    assert "Best path: start → listen → good (4 points)" in english["Simulations"]["C1"].comment.text


def test_the_filled_in_sheet_reads_back(tmp_path):
    """Typed as a trainer would: points as a number, a path of step names, the paper's section
    numbers, an ambiguous path with its points; a learner without a cell did not play."""
    root = make_course(tmp_path / "course")
    book = the_workbook(root)
    numbers = paper_numbers(next(b for b in loaded(root).modules[0].sections[0].slides[0].blocks
                                 if type(b).__name__ == "Simulation"), 0)
    on_paper = " → ".join(str(numbers[s]) for s in ("start", "angry", "bad"))
    # as the paper's path table has it: each section and the letter of the reply picked
    lettered = f"1C → {numbers['angry']}A → {numbers['listen']}a → {numbers['good']}"
    ws = book["模拟通话"]
    typed = [("L01", "王芳", 4), ("L02", "李娜", "start → angry → listen → good = 1"),
             ("L03", "张伟", "start, listen, good"), ("L04", "刘洋", on_paper + " = -4"),
             ("L05", "陈静", None), ("L06", "杨帆", lettered)]
    for row, (learner, name, value) in enumerate(typed, 2):
        ws.cell(row=row, column=1, value=learner)
        ws.cell(row=row, column=2, value=name)
        ws.cell(row=row, column=3, value=value)
    (root / "results").mkdir()
    book.save(root / "results" / "2026-11.xlsx")
    a = analysis(root)
    got = {lr["id"]: lr["simulation"] for lr in a["learners"]}
    # 4 of 4; 1 of 4; the best path, 4; -4 floored at 0; -1 + 1 + 2 = 2 of 4
    assert got == {"L01": {TITLE: 100}, "L02": {TITLE: 25}, "L03": {TITLE: 100}, "L04": {TITLE: 0},
                   "L06": {TITLE: 50}}
    sim = a["simulations"][0]
    assert sim["learners"] == 5 and sim["best"] == 2 and sim["paths"] == 4
    assert sim["mean"] == 55  # (100 + 25 + 100 + 0 + 50) / 5
    assert sim["path"] == ["start", "angry", "listen", "good"] and sim["path_count"] == 2


def test_a_csv_beside_the_answers(tmp_path):
    root = make_course(tmp_path / "course", rows=[
        HEADER, ["L01", "王芳", "B", "A", "4"], ["L02", "李娜", "A", "B", "-2 分"],
        ["L03", "张伟", "", "", "start>listen>good"]])
    a = analysis(root)
    assert [(lr["id"], lr["percent"], lr["simulation"]) for lr in a["learners"]] == [
        ("L01", 100, {TITLE: 100}), ("L02", 0, {TITLE: 0}), ("L03", None, {TITLE: 100})]
    assert a["learners"][2]["source"] == "simulation"


BAD = [
    (["L01", "王芳", "", "", "5"], '5 points is more than the best path scores (4: start → listen → good)'),
    (["L02", "李娜", "", "", "start → angry → listen → good"],
     "the path start → angry → listen → good scores 1 / 2, by the replies picked; add the points "
     "after the path: start → angry → listen → good = 2"),
    (["L03", "张伟", "", "", "start>lisen>good"], 'there is no step "lisen"; did you mean "listen"?'),
    (["L04", "刘洋", "", "", "listen>good"], 'the path starts at "listen"; a path starts at the start, "start"'),
    (["L05", "陈静", "", "", "start>good"], '"start" does not lead to "good": its replies lead to listen, angry'),
    (["L06", "杨帆", "", "", "start>listen"], 'the path stops at "listen", which is not an ending (good, bad)'),
    (["L07", "赵磊", "", "", "start>angry>bad = 3"], "the path start → angry → bad scores -5 / -4, not 3"),
    (["L08", "黄丽", "", "", "1 → 9"], "there is no section 9 on paper: its sections are 1–5"),
    (["L09", "吴昊", "", "", "1D → 2"], "section 1 has no reply D"),
    (["", "周婷", "", "", "4"], "this row has a simulation's result but no learner id"),
]


def test_every_bad_cell_is_an_error_at_its_row(tmp_path):
    root = make_course(tmp_path / "course", rows=[HEADER] + [r for r, _m in BAD])
    code, out = results_of(root)
    assert code == 1, out
    for line, (row, message) in enumerate(BAD, 2):
        found = [x for x in out.splitlines() if x.startswith(f"results/c1.csv:{line}: error: ")
                 or f"/results/c1.csv:{line}: error: " in x]
        assert len(found) == 1 and message in found[0], (line, out)
        if row[0]:
            assert f'learner {row[0]}, "{TITLE}": ' in found[0]


def test_twice_in_a_cohort_and_two_columns(tmp_path):
    root = make_course(tmp_path / "course", rows=[
        ["learner", "name", TITLE], ["L01", "王芳", "4"], ["L01", "王芳", "2"]])
    code, out = results_of(root)
    assert code == 1 and 'learner L01 is in cohort "c1" twice for the simulation' in out
    assert "c1.csv:2" in out and "c1.csv:3" in out
    write_csv(root / "results" / "c1.csv", [["learner", TITLE, TITLE], ["L01", "4", "4"]])
    code, out = results_of(root)
    assert code == 1 and f'the simulation "{TITLE}" has two columns; keep one' in out


def test_mastery_counts_the_simulation_toward_its_objective(tmp_path):
    """Worked by hand. The simulation counts for 4 points possible (its best path) toward
    calls.2 and earns its percent of them; calls.2's question is worth 2.

    L01: q1 2/2, q2 2/2, simulation 4 (100%: 4 of 4) -> calls.2 (2 + 4) / (2 + 4) = 100%
    L02: q1 0/2, q2 0/2, simulation 1 (25%: 1 of 4)  -> calls.2 (0 + 1) / (2 + 4) = 16.67%
    L03: no paper, simulation start→listen→good 4    -> calls.2 4 / 4 = 100%
    calls.2: (2 + 4 + 0 + 1 + 4) / (2 + 4 + 2 + 4 + 4) = 11 / 16 = 68.75%, 2 of 3 at 80%
    calls.1: (2 + 0) / (2 + 2) = 50%, the simulation not in it; the test's score is the quiz's
    alone (L02 0%)."""
    root = make_course(tmp_path / "course", rows=[
        HEADER, ["L01", "王芳", "B", "A", "4"], ["L02", "李娜", "A", "B", "start → angry → listen → good = 1"],
        ["L03", "张伟", "", "", "start>listen>good"]])
    a = analysis(root)
    objectives = {o["id"]: o for o in a["objectives"]}
    assert objectives["calls.2"]["mastery"] == 68.75
    assert (objectives["calls.2"]["masters"], objectives["calls.2"]["learners"]) == (2, 3)
    assert objectives["calls.2"]["simulations"] == 1 and objectives["calls.1"]["simulations"] == 0
    assert objectives["calls.1"]["mastery"] == 50
    mine = {lr["id"]: lr["objectives"] for lr in a["learners"]}
    assert mine["L01"] == {"calls.1": 100, "calls.2": 100}
    assert mine["L02"]["calls.2"] == pytest.approx(16.67, abs=0.01)
    assert mine["L03"] == {"calls.2": 100}
    assert [lr["percent"] for lr in a["learners"]] == [100, 0, None]


def test_the_json_keys(tmp_path):
    root = make_course(tmp_path / "course", rows=[
        ["learner", "name", TITLE], ["L01", "王芳", "start → listen → good"],
        ["L02", "李娜", "start → listen → good"], ["L03", "张伟", "start → angry → bad = -5"]])
    a = analysis(root)
    for figures in (a, a["cohorts"][0], a["overall"]):
        [sim] = figures["simulations"]
        assert set(sim) == {"title", "module", "objective", "loc", "best_score", "worst_score",
                            "best_path", "learners", "mean", "best", "paths", "path", "path_count"}
        assert (sim["title"], sim["module"], sim["objective"]) == (TITLE, "calls", "calls.2")
        assert (sim["best_score"], sim["worst_score"], sim["best_path"]) == (4, -5, ["start", "listen", "good"])
        assert (sim["learners"], sim["best"], sim["paths"]) == (3, 2, 3)
        assert sim["path"] == ["start", "listen", "good"] and sim["path_count"] == 2
        assert sim["mean"] == pytest.approx(200 / 3, abs=0.01)
        assert sim["loc"].endswith("modules/01-calls.md:12")
    assert all("simulation" in lr for lr in a["learners"])


def test_the_report_and_the_terminal(tmp_path):
    root = make_course(tmp_path / "course", language="en", rows=[
        ["learner", "name", TITLE], ["L01", "Wang Fang", "start → listen → good"],
        ["L02", "Li Na", "start → listen → good"], ["L03", "Zhang Wei", "-5"]])
    build(root, tmp_path / "out", only=["report"], use_cache=False)
    doc = WordDocument(str(tmp_path / "out" / "report.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Call simulations" in headings
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Simulation")
    assert [c.text for c in table.rows[0].cells] == ["Simulation", "Learners", "Mean", "Best path",
                                                     "Most common path"]
    assert [c.text for c in table.rows[1].cells] == [TITLE, "3", "67%", "2/3",
                                                     "start → listen → good (2/2)"]
    result = CliRunner().invoke(main, ["results", str(root)])
    assert result.exit_code == 0, result.output
    assert f"{TITLE}: 3 learners, mean 67%, 2 reached the best path" in result.output
    assert "most common path: start → listen → good (2)" in result.output


def test_the_sample_course_results_hold_its_simulation():
    """courses/complaint-handling: the first class's points beside its papers (CSV), the second
    class's paths on scoresheet.xlsx's 模拟通话 sheet (make_results.py)."""
    from conftest import COURSES

    a = analysis(COURSES / "complaint-handling")
    first, second = (c["simulations"] for c in a["cohorts"])
    assert [s["title"] for s in first] == [s["title"] for s in second] == ["第三次来电的车主"]
    assert first[0]["paths"] == 0 and first[0]["path"] is None and first[0]["learners"] >= 12
    assert second[0]["paths"] == second[0]["learners"] >= 12
    assert second[0]["path"] == ["开场", "定损", "平复"] == second[0]["best_path"]
    assert {o["id"]: o["simulations"] for o in a["objectives"]}["complaints.2"] == 1
    assert a["simulations"] == second and a["overall"]["simulations"][0]["learners"] == (
        first[0]["learners"] + second[0]["learners"])
