"""The QA scorecard (issue 17): qa-scorecard.xlsx and qa-scorecard.docx read back (points summing
to 100 as the split worked out by hand gives them, fatal items marked, every compliance line
verbatim, course.yml qa: weights and fatal respected, located problems with them), the sheet's
formulas computed by LibreOffice Calc, the files audited; and filled-in scorecards in
results/qa/ scored against figures worked out by hand (a fatal miss gives 0), per agent and per
objective, before and after each agent's training date (their cohort's, else qa: trained), in
the report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from trainerkit.build import build, load
from trainerkit.errors import Diagnostics, TrainerkitError

from conftest import IN_CI, need_tool
from readback_docx import docx_paragraphs, docx_tables

VERBATIM_1 = "为保障服务质量,本次通话将被录音。"
VERBATIM_2 = "请您提供保单号码,以便核实您的身份。"

OPENING = f"""---
title: 开场
id: opening
duration: 30
objectives:
  - 按规范开场
  - 核实客户身份
---

# 开场

## 标准开场

::: script 开场白
坐席: 您好,XX保险,工号 1024,很高兴为您服务。
!坐席: {VERBATIM_1}
客户: 你好。
:::

## 用语

::: phrases
avoid: 你冷静一点
say: 我理解您很着急
avoid: 这不归我管
say: 我帮您联系负责的同事
:::

## 核实身份

::: script 核实
!坐席: {VERBATIM_2}
客户: 好的。
:::

::: simulation 核实身份
objective: 2
[start]
客户: 我要查理赔。
* 请您提供保单号码。 -> [done] +1
* 您自己去网上查。 -> [done] -1
[done] end
结局: 完成。
:::
"""

CALM = """---
title: 安抚
id: calm
duration: 60
objectives:
  - 用 HEARD 安抚客户
---

# 安抚

## HEARD

::: model HEARD
1. **Hear** 倾听:让客户把话说完
2. **Empathize** 共情:表达理解
3. **Resolve** 解决:给出方案与时限
:::

## 演练

::: roleplay 愤怒的理赔客户
customer: 45 岁
situation: 理赔两周未处理
goal: 平复情绪
observe:
- 是否先倾听再解释
- 是否确认了下一步和时限
:::

## 又一次开场

::: script 复述
!坐席: 为保障服务质量,本次通话将被录音。
:::
"""


def make_course(root: Path, extra: str = "", calm: str = CALM) -> Path:
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: 投诉处理\nlanguage: zh-CN\n" + extra, encoding="utf-8")
    (root / "modules" / "01-opening.md").write_text(OPENING, encoding="utf-8")
    (root / "modules" / "02-calm.md").write_text(calm, encoding="utf-8")
    return root


def sheet_of(path: Path):
    return load_workbook(path).worksheets[0]


def items_of(ws) -> dict[str, dict]:
    """The sheet's item columns by their key (row 9): module, kind, text, points, objective,
    fatal mark, and whether the fatal cell is filled red."""
    out = {}
    for col in range(5, ws.max_column + 1):
        key = ws.cell(row=9, column=col).value
        if not key or key == "score":
            continue
        out[key] = {"module": ws.cell(row=3, column=col).value, "kind": ws.cell(row=4, column=col).value,
                    "text": ws.cell(row=5, column=col).value, "points": ws.cell(row=6, column=col).value,
                    "objective": ws.cell(row=7, column=col).value, "fatal": ws.cell(row=8, column=col).value,
                    "fill": ws.cell(row=8, column=col).fill.start_color.rgb}
    return out


EPOCH = "1796083200"  # 2026-12-01: a fixed build time, so two builds give the same bytes


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_course(tmp_path_factory.mktemp("qa") / "course")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build(root, root.parent / "out", only=["qa-scorecard"], use_cache=False)
    return root.parent / "out"


# -- the scorecard ---------------------------------------------------------------------------


def test_the_items_are_what_the_course_taught_with_points_summing_to_100(built: Path) -> None:
    """Opening (30 min) holds 3 + 2 items... worked out by hand: its compliance lines (each once),
    its avoided phrases; calm (60 min) its model's steps, its checklist, and its own copy of a
    compliance line. 100 by time: opening 100 × 30/90 = 33.3 -> 33, calm 66.7 -> 67; opening's
    33 over 4 items: 8.25 -> 9, 8, 8, 8; calm's 67 over 6: 11.17 -> 12, 11, 11, 11, 11, 11."""
    items = items_of(sheet_of(built / "qa-scorecard.xlsx"))
    assert list(items) == ["opening.qa1", "opening.qa2", "opening.qa3", "opening.qa4",
                           "calm.qa1", "calm.qa2", "calm.qa3", "calm.qa4", "calm.qa5", "calm.qa6"]
    assert [items[k]["text"] for k in items] == [
        VERBATIM_1, "你冷静一点", "这不归我管", VERBATIM_2,
        "Hear — 倾听:让客户把话说完", "Empathize — 共情:表达理解", "Resolve — 解决:给出方案与时限",
        "是否先倾听再解释", "是否确认了下一步和时限", VERBATIM_1]
    assert [items[k]["points"] for k in items] == [9, 8, 8, 8, 12, 11, 11, 11, 11, 11]
    assert sum(i["points"] for i in items.values()) == 100
    assert [items[k]["kind"] for k in items] == ["须逐字说出", "不得说", "不得说", "须逐字说出",
                                                 "步骤", "步骤", "步骤", "观察项", "观察项", "须逐字说出"]
    assert items["opening.qa1"]["module"] == "开场" and items["calm.qa1"]["module"] == "安抚"
    # the verification slide practises objective 2 (its simulation's); the rest their module's first
    assert [items[k]["objective"] for k in items] == ["opening.1"] * 3 + ["opening.2"] + ["calm.1"] * 6
    fatal = [k for k, i in items.items() if i["fatal"]]
    assert fatal == ["opening.qa1", "opening.qa4", "calm.qa6"]
    assert all(items[k]["fatal"] == "致命项" and items[k]["fill"].endswith("F8CBAD") for k in fatal)


def test_the_sheet_says_the_fatal_rule_checks_marks_and_freezes_its_header(built: Path) -> None:
    ws = sheet_of(built / "qa-scorecard.xlsx")
    assert "整通电话计 0 分" in ws["A2"].value
    assert [ws.cell(row=9, column=n).value for n in range(1, 5)] == ["agent", "evaluator", "call", "date"]
    assert ws.freeze_panes == "E10"
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"Y,N"' and str(dv.sqref) == "E10:N69"
    assert ws["O10"].value.startswith("=IF(") and "$E$8:$N$8" in ws["O10"].value
    # a Chinese item's column is as wide as its text wraps to (a character counts as two columns)
    assert ws.column_dimensions["E"].width == 26 and ws.column_dimensions["F"].width == 12
    assert ws.row_dimensions[5].height >= 15 * 2


def test_the_same_course_gives_the_same_bytes(built: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_course(tmp_path / "course")
    build(root, tmp_path / "again", only=["qa-scorecard"], use_cache=False)
    for name in ("qa-scorecard.xlsx", "qa-scorecard.docx"):
        assert (tmp_path / "again" / name).read_bytes() == (built / name).read_bytes(), name


def test_the_form_has_a_header_the_rule_and_a_table_per_module(built: Path) -> None:
    data = (built / "qa-scorecard.docx").read_bytes()
    text = "\n".join(t for _style, t in docx_paragraphs(data))
    assert "整通电话计 0 分" in text
    tables = docx_tables(data)
    head = [c for row in tables[0]["rows"] for c in row]
    assert [c.split("：")[0] for c in head] == ["坐席", "质检员", "通话编号", "通话日期"]
    opening, calm = tables[1]["rows"], tables[2]["rows"]
    assert opening[0] == ["编号", "项目", "分值", "目标", "是", "否"]
    assert [r[0] for r in opening[1:]] == ["opening.qa1", "opening.qa2", "opening.qa3", "opening.qa4"]
    assert opening[1][1] == f"致命项 须逐字说出：{VERBATIM_1}" and opening[2][1] == "不得说：你冷静一点"
    assert [r[2] for r in opening[1:]] + [r[2] for r in calm[1:]] == ["9", "8", "8", "8", "12", "11", "11", "11", "11", "11"]
    assert opening[4][3] == "opening.2" and all(r[4:] == ["☐", "☐"] for r in opening[1:] + calm[1:])
    assert "总分值：100" in tables[3]["rows"][0][0]


def test_openxml_audit_finds_nothing(built: Path) -> None:
    try:
        import openxml_audit
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("openxml-audit is not installed (pip install .[test])")
    for name in ("qa-scorecard.xlsx", "qa-scorecard.docx"):
        result = openxml_audit.OpenXmlValidator(max_errors=0).validate(built / name)
        assert not result.errors, [f"{name}: {e.part_uri}: {e.description}" for e in result.errors]


def test_calc_computes_the_score_as_trainerkit_does(built: Path, tmp_path: Path) -> None:
    """Calls typed into the generated sheet, recomputed by LibreOffice Calc: all met 100; a fatal
    item N 0; y and n in lower case count; an empty cell is left out of the points marked
    (opening.qa2 N, calm.qa1 empty: 100 × (100 - 8 - 12) / (100 - 12) = 90.9); nothing marked
    leaves the score empty."""
    soffice = need_tool("soffice")
    wb = load_workbook(built / "qa-scorecard.xlsx")
    ws = wb.worksheets[0]
    keys = [ws.cell(row=9, column=n).value for n in range(1, ws.max_column + 1)]
    calls = [{k: "Y" for k in keys[4:-1]},
             {**{k: "Y" for k in keys[4:-1]}, "opening.qa4": "N"},
             {**{k: "y" for k in keys[4:-1]}, "opening.qa2": "n", "calm.qa1": ""},
             {}]
    for r, marks in enumerate(calls, 10):
        ws.cell(row=r, column=1, value=f"L0{r - 9}")
        for k, v in marks.items():
            ws.cell(row=r, column=keys.index(k) + 1, value=v or None)
    wb.save(tmp_path / "filled.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "back"),
                    str(tmp_path / "filled.xlsx")], check=True, capture_output=True, timeout=240)
    back = load_workbook(tmp_path / "back" / "filled.xlsx", data_only=True).worksheets[0]
    scores = [back.cell(row=r, column=len(keys)).value for r in range(10, 14)]
    assert scores[:3] == [100, 0, pytest.approx(90.9)] and scores[3] in (None, "")
    assert [dv.formula1 for dv in back.data_validations.dataValidation] == ['"Y,N"']


def test_weights_and_fatal_items_from_course_yml(tmp_path: Path) -> None:
    """opening: 40 over its 4 items: 10 each; calm.qa4 (an item by id) 20, and 是否确认了下一步和时限
    (an item by its text) 10: calm's other 4 share the 30 left: 7.5 -> 8, 8, 7, 7."""
    root = make_course(tmp_path / "course", "qa:\n  weights:\n    opening: 40\n    calm.qa4: 20\n"
                                            "    是否确认了下一步和时限: 10\n  fatal: [calm.qa1, 这不归我管]\n")
    build(root, tmp_path / "out", only=["qa-scorecard"], use_cache=False)
    items = items_of(sheet_of(tmp_path / "out" / "qa-scorecard.xlsx"))
    assert [i["points"] for i in items.values()] == [10, 10, 10, 10, 8, 8, 7, 20, 10, 7]
    assert [k for k, i in items.items() if i["fatal"]] == ["opening.qa1", "opening.qa3", "opening.qa4",
                                                          "calm.qa1", "calm.qa6"]


def test_untimed_modules_share_equally(tmp_path: Path) -> None:
    """A module without a duration: the modules share 100 equally, 50 and 50; calm's 50 over 6:
    8.33 -> 9, 9, 8, 8, 8, 8."""
    root = make_course(tmp_path / "course", calm=CALM.replace("duration: 60\n", ""))
    course = load(root, Diagnostics())
    from trainerkit.results.qa_card import qa_sections

    sections = qa_sections(course)
    assert [[i.points for i in s.items] for s in sections] == [[13, 13, 12, 12], [9, 9, 8, 8, 8, 8]]


def test_unknown_keys_warn_and_impossible_weights_stop_at_their_line(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", "qa:\n  weights:\n    closing: 10\n    opening: 30\n"
                                            "  fatal: [nothing.qa9]\n")
    result = build(root, tmp_path / "out", only=["qa-scorecard"], use_cache=False)
    warned = {(d.location.line, str(d.message)) for d in result.warnings}
    assert any(line == 5 and '"closing"' in m for line, m in warned), warned
    assert any(line == 7 and '"nothing.qa9"' in m for line, m in warned), warned
    over = make_course(tmp_path / "over", "qa:\n  weights:\n    opening: 60\n    calm: 50\n")
    with pytest.raises(TrainerkitError) as e:
        build(over, tmp_path / "out2", only=["qa-scorecard"], use_cache=False)
    (found,) = [d for d in e.value.diagnostics if d.severity == "error"]
    assert found.location.path.endswith("course.yml") and found.location.line == 4  # weights:
    assert "110" in str(found.message)
    half = make_course(tmp_path / "half", "qa:\n  weights:\n    opening: 12.5\n")
    with pytest.raises(TrainerkitError) as e:
        build(half, tmp_path / "out3", only=["qa-scorecard"], use_cache=False)
    assert [d.location.line for d in e.value.diagnostics if d.severity == "error"] == [5]


# -- filled-in scorecards --------------------------------------------------------------------

HEADER = ("agent,evaluator,call,date,opening.qa1,opening.qa2,opening.qa3,opening.qa4,"
          "calm.qa1,calm.qa2,calm.qa3,calm.qa4,calm.qa5,calm.qa6,score\n")
# points:                                9 8 8 8 | 12 11 11 11 11 11
CALLS = [
    "L01,张三,C1,2026-11-05,Y,N,Y,Y,Y,Y,N,Y,,Y,",    # before: 100 - 8 - 11 - 11(empty) = 70 of 89
    "L01,张三,C2,2026-11-20,Y,Y,Y,N,Y,Y,Y,Y,Y,Y,",   # after: opening.qa4 (fatal) N: 0
    "L02,李四,C3,2026-11-20,Y,N,N,Y,N,N,Y,Y,Y,Y,",   # before (trained 2026-12-05): 100-8-8-12-11 = 61
    "L02,李四,C4,2026-12-10,是,是,是,是,是,是,是,是,否,是,",  # after: 100 - 11 = 89
    "L03,王五,C5,2026-12-01,Y,Y,Y,Y,N/A,Y,Y,Y,Y,Y,",  # no roster: qa: trained 2026-11-25: after, 88/88
]


def make_filled(root: Path, rows=CALLS, roster: bool = True) -> None:
    (root / "results" / "qa").mkdir(parents=True)
    (root / "results" / "qa" / "calls.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    if roster:  # the cohorts' dates: their role-play checklists' date column
        (root / "results" / "roster.csv").write_text(
            "learner,name,cohort\nL01,张三,2026-11-a\nL02,李四,2026-12-b\n", encoding="utf-8")
        for cohort, day, learner in (("2026-11-a", "2026-11-10", "L01"), ("2026-12-b", "2026-12-05", "L02")):
            (root / "results" / f"{cohort}-roleplay.csv").write_text(
                "learner,cohort,date,scenario,是否先倾听再解释,是否确认了下一步和时限\n"
                f"{learner},{cohort},{day},愤怒的理赔客户,1,1\n", encoding="utf-8")


def test_filled_in_scorecards_are_scored_per_call_agent_and_objective(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", "qa:\n  trained: 2026-11-25\n")
    make_filled(root)
    diags = Diagnostics()
    qa = load(root, diags).qa_results
    assert not diags.errors, diags.sorted()
    calls = {c["call"]: c for c in qa["calls"]}
    assert calls["C1"]["score"] == pytest.approx(100 * 70 / 89)
    assert calls["C2"]["score"] == 0 and calls["C2"]["fatal"]
    assert calls["C3"]["score"] == pytest.approx(61) and calls["C4"]["score"] == pytest.approx(89)
    assert calls["C5"]["score"] == 100
    assert [calls[c]["phase"] for c in ("C1", "C2", "C3", "C4", "C5")] == ["before", "after", "before", "after", "after"]
    assert [calls[c]["trained"] for c in ("C1", "C3", "C5")] == ["2026-11-10", "2026-12-05", "2026-11-25"]
    assert qa["before"]["calls"] == 2 and qa["before"]["mean"] == pytest.approx((100 * 70 / 89 + 61) / 2)
    assert qa["after"]["calls"] == 3 and qa["after"]["mean"] == pytest.approx((0 + 89 + 100) / 3)
    assert qa["after"]["fatal"] == 1 and qa["all"]["fatal"] == 1
    agents = {a["id"]: a for a in qa["agents"]}
    assert agents["L02"]["name"] == "李四" and agents["L02"]["before"]["mean"] == pytest.approx(61)
    # opening.1 is opening.qa1-3 (9, 8, 8): before C1 17/25 and C3 9/25 -> 26/50; after C2 25,
    # C4 25, C5 25 of 75. calm.1 (12, 11, 11, 11, 11, 11): before C1 45/56, C3 44/67 -> 89/123
    objectives = {o["id"]: o for o in qa["objectives"]}
    assert list(objectives) == ["opening.1", "opening.2", "calm.1"]
    assert (objectives["opening.1"]["before"]["earned"], objectives["opening.1"]["before"]["possible"]) == (26, 50)
    assert objectives["opening.1"]["after"]["percent"] == pytest.approx(100)
    assert objectives["opening.2"]["after"]["percent"] == pytest.approx(100 * 16 / 24)  # C2's N counts
    assert (objectives["calm.1"]["before"]["earned"], objectives["calm.1"]["before"]["possible"]) == (89, 123)
    assert objectives["calm.1"]["text"] == "用 HEARD 安抚客户"


def test_the_report_shows_the_qa_of_live_calls(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", "qa:\n  trained: 2026-11-25\n")
    make_filled(root)
    build(root, tmp_path / "out", only=["report"], use_cache=False)
    data = (tmp_path / "out" / "report.docx").read_bytes()
    assert any(t == "真实通话质检" for _style, t in docx_paragraphs(data))
    tables = [t["rows"] for t in docx_tables(data)]
    summary = next(t for t in tables if t[0][:3] == ["", "培训前", "培训后"])
    assert summary[1] == ["通话数", "2", "3", "5"]
    assert summary[2] == ["平均得分", "69.8", "63.0", "65.7"]  # (78.65+61)/2, (0+89+100)/3, 328.65/5
    objectives = next(t for t in tables if t[0] == ["目标", "培训前", "培训后", "变化"])
    assert objectives[1] == ["opening.1 按规范开场", "52%（2 通）", "100%（3 通）", "+48 pp"]
    agents = next(t for t in tables if t[0][:3] == ["坐席", "姓名", "培训日期"])
    assert agents[1] == ["L01", "张三", "2026-11-10", "78.7（1 通）", "0.0（1 通）", "-78.7"]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "真实通话质检" in html and "69.8" in html


def test_problems_in_a_filled_in_scorecard_are_located(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course")
    make_filled(root, ["L01,张三,C1,2026-11-05,maybe,Y,Y,Y,Y,Y,Y,Y,Y,Y,",
                       ",张三,C2,2026-11-06,Y,Y,Y,Y,Y,Y,Y,Y,Y,Y,",
                       "L01,张三,C3,11/31/2026,Y,Y,Y,Y,Y,Y,Y,Y,Y,Y,"], roster=False)
    diags = Diagnostics()
    load(root, diags)
    found = [(d.location.line, str(d.message)) for d in diags.errors]
    assert [line for line, _m in found] == [2, 3, 4]
    assert '"maybe"' in found[0][1] and "opening.qa1" in found[0][1]
    assert "agent" in found[1][1] and '"11/31/2026"' in found[2][1]
    assert all(d.location.path.endswith("calls.csv") for d in diags.errors)
    (root / "results" / "qa" / "notes.csv").write_text("坐席备注,日期\n态度好,2026-12-01\n", encoding="utf-8")
    diags = Diagnostics()
    load(root, diags)
    (other,) = [d for d in diags.errors if d.location.path.endswith("notes.csv")]
    assert '"agent"' in str(other.message)


def test_the_generated_workbook_filled_in_reads_back(built: Path, tmp_path: Path) -> None:
    """The scorecard itself, filled in and saved into results/qa/: its rows above the keys are
    skipped, its score formula is left alone, each call scored."""
    root = make_course(tmp_path / "course", "qa:\n  trained: 2026-11-25\n")
    wb = load_workbook(built / "qa-scorecard.xlsx")
    ws = wb.worksheets[0]
    for col, value in enumerate(["L09", "质检A", "C9", "2026-12-01"] + ["Y"] * 9 + ["N"], 1):
        ws.cell(row=10, column=col, value=value)
    (root / "results" / "qa").mkdir(parents=True)
    wb.save(root / "results" / "qa" / "week49.xlsx")
    diags = Diagnostics()
    qa = load(root, diags).qa_results
    assert not diags.errors, diags.sorted()
    (call,) = qa["calls"]
    assert call["agent"] == "L09" and call["score"] == 0 and call["fatal"] and call["phase"] == "after"
    shutil.rmtree(root / "results")


def test_a_csv_saved_by_chinese_excel_reads_alike(tmp_path: Path) -> None:
    """GB18030 (Chinese Excel's "CSV"), Chinese headers (坐席, 质检员, 通话编号, 通话日期) and marks
    (是/否, empty): the same scores as the UTF-8 file."""
    root = make_course(tmp_path / "course", "qa:\n  trained: 2026-11-25\n")
    (root / "results" / "qa").mkdir(parents=True)
    header = HEADER.replace("agent,evaluator,call,date", "坐席,质检员,通话编号,通话日期")
    rows = [r.replace(",Y", ",是").replace(",N", ",否") for r in CALLS[:2]]
    (root / "results" / "qa" / "第49周.csv").write_bytes((header + "\n".join(rows) + "\n").encode("gb18030"))
    diags = Diagnostics()
    qa = load(root, diags).qa_results
    assert not diags.errors, diags.sorted()
    assert [c["score"] for c in qa["calls"]] == [pytest.approx(100 * 70 / 89), 0]
    assert [c["evaluator"] for c in qa["calls"]] == ["张三", "张三"]  # the column after the agent's


@pytest.mark.parametrize("value", ["2026-13-01", "soon"])
def test_a_training_date_that_is_none_is_an_error_at_its_line(tmp_path: Path, value: str) -> None:
    root = make_course(tmp_path / "course", f"qa:\n  trained: {value}\n")
    diags = Diagnostics()
    course = load(root, diags)
    assert [(d.location.line, "2026-11-20" in str(d.message)) for d in diags.errors] == [(4, True)]
    assert course.qa.trained == ""


def test_libreoffice_prints_the_samples_form_without_half_empty_pages(sample_build: Path, tmp_path: Path) -> None:
    """The sample course's form as LibreOffice lays it out: every page but the last filled past
    two thirds (each module's table had been kept whole, each on a page of its own, half of
    every page left empty), every item on it, each page's table under its header row."""
    import re

    from conftest import to_pdf
    from extents import pdf_words

    src = tmp_path / "qa-scorecard.docx"
    shutil.copy(sample_build / "qa-scorecard.docx", src)
    pages = pdf_words(to_pdf(src, tmp_path))
    assert len(pages) >= 2
    top, bottom = 56.7, 842 - 56.7  # the built-in reference's 2 cm margins, in points
    for words in pages[:-1]:
        lowest = max(y1 for _, _, _, y1, t in words if y1 < bottom)
        assert (lowest - top) / (bottom - top) > 2 / 3, lowest
    text = ["".join(w[4] for w in page) for page in pages]
    ids = re.findall(r"[a-z-]+\.qa\d+", "".join(text))
    written = [row[0] for table in docx_tables(src.read_bytes()) for row in table["rows"][1:]
               if re.fullmatch(r"[a-z-]+\.qa\d+", row[0])]
    assert ids == written and len(written) > 10
    for page in text[1:]:
        assert "编号" in page[:40], page[:80]
