"""The results report (issue 15): report.docx read back with python-docx, checked by
openxml-audit and converted by LibreOffice; report.html driven in Chromium at phone width with
the network blocked; the numbers as a hand calculation rounds them; a hostile learner name shown
as text; no report without results, and a stale one removed."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document as Docx

from trainerkit.build import build, load
from trainerkit.charts import Chart, Series
from trainerkit.errors import Diagnostics
from trainerkit.results.report import has_answers, one, pct, plan_report, rounded, whole
from trainerkit.render.svg import chart_svg
from trainerkit.templates import Templates

from conftest import need_tool, pdf_text, to_pdf
from test_schema import findings

HOSTILE = "<script>alert(1)</script>"

MODULE = """\
---
title: {title}
duration: 30
objectives:
  - {o1}
  - {o2}
---

## {slide}

- {point}

```quiz
Objective: 1
1.  {q1}
*a) {right}
b)  {wrong1}
c)  {wrong2}

Objective: 1
2.  {q2}
a)  {wrong1}
*b) {right}
c)  {wrong2}

Objective: 1
3.  {q3}
*a) {right}
b)  {wrong1}

Objective: 2
Points: 5
4.  {q4}
____
```

```roleplay
title: {scenario}
customer: {customer}
agent: {agent}
observe:
  - {item1}
  - {item2}
```
"""

WORDS = {
    "zh-CN": dict(title="投诉电话", o1="倾听并复述客户诉求", o2="按升级矩阵处理", slide="开场", point="先倾听",
                  q1="客户说完后，坐席下一步应当？", q2="哪一句是共情？", q3="升级前要先做什么？",
                  q4="描述你会如何安抚客户。", right="表达理解", wrong1="立即挂断", wrong2="转接他人",
                  scenario="第三次来电", customer="很生气的客户", agent="坐席", item1="复述客户诉求",
                  item2="道歉并说明下一步"),
    "zh-TW": dict(title="客訴電話", o1="傾聽並複述客戶訴求", o2="依升級矩陣處理", slide="開場", point="先傾聽",
                  q1="客戶說完後，專員下一步應該？", q2="哪一句是同理？", q3="升級前要先做什麼？",
                  q4="描述你會如何安撫客戶。", right="表達理解", wrong1="直接掛斷", wrong2="轉給別人",
                  scenario="第三通來電", customer="很生氣的客戶", agent="客服專員", item1="複述客戶訴求",
                  item2="道歉並說明下一步"),
    "en": dict(title="Complaint calls", o1="Listen and restate the complaint", o2="Escalate by the matrix",
               slide="Opening", point="Listen first", q1="What comes after the customer finishes?",
               q2="Which line shows empathy?", q3="What comes before an escalation?",
               q4="How would you calm the customer?", right="Show understanding", wrong1="Hang up",
               wrong2="Transfer the call", scenario="The third call", customer="An angry customer",
               agent="The agent", item1="Restate the complaint", item2="Apologise and say the next step"),
}


def make_course(tmp_path: Path, language: str = "zh-CN", results: str | None = None) -> Path:
    """A one-module course with a quiz of four questions and a role-play; results: the text of
    results/2026-11-cohort2.csv (the score sheet's columns), or none."""
    root = tmp_path / f"course-{language}"
    (root / "modules").mkdir(parents=True)
    words = WORDS[language]
    (root / "course.yml").write_text(f"title: {words['title']}\nlanguage: {language}\n", encoding="utf-8")
    (root / "modules" / "01-calls.md").write_text(MODULE.format(**words), encoding="utf-8")
    if results is not None:
        (root / "results").mkdir()
        (root / "results" / "2026-11-cohort2.csv").write_text(results, encoding="utf-8")
    return root


def learner(ident, name, points, percent, passed, o1, o2, roleplay=None):
    return {"id": ident, "name": name, "cohort": "2026-11-cohort2", "version": "", "source": "scoresheet",
            "points": points, "max": 20.0, "percent": percent, "passed": passed,
            "objectives": {"calls.1": o1, "calls.2": o2},
            "roleplay": {} if roleplay is None else {WORDS["zh-CN"]["scenario"]: roleplay},
            "loc": f"results/2026-11-cohort2.csv:{int(ident[1:]) + 1}"}


def question(ident, text, facility, disc, detail, flags=(), kind="single", objective="calls.1", line=13):
    return {"id": ident, "text": text, "quiz": "", "kind": kind, "objective": objective, "max": 5.0,
            "loc": f"modules/01-calls.md:{line}", "learners": 5, "unanswered": 5 - sum(c[2] for c in detail),
            "facility": facility, "sd": 30.0, "discrimination": disc, "efficiency": None, "guess": 33.3,
            "choices": {c[0]: c[2] for c in detail},
            "choice_detail": [{"text": c[0], "correct": c[1], "count": c[2], "top": 0, "bottom": 0}
                              for c in detail],
            "flags": [{"code": code, "message": message} for code, message in flags]}


def analysis() -> dict:
    """A hand-made analysis of five learners, as analysis.py shapes it. The figures a reader
    checks, worked by hand:
      percents 90, 60, 80, 50, 100: mean 380/5 = 76.0 -> "76%"; median 80 -> "80%";
      SD (n-1) sqrt(1720/4) = 20.74 -> "20.7"; passed at 80: L01, L03, L05 = 3/5 = 60%;
      alpha 71.3 (percent) -> 0.713 -> "0.71";
      calls.1 mastery 82.5 -> "83%" (half up, as by hand), 3/5 masters; calls.2 40.0 -> "40%", 0/5;
      calls.q2 discrimination -12.5 -> "-13" (half away from zero)."""
    w = WORDS["zh-CN"]
    learners = [learner("L01", "王芳", 18.0, 90.0, True, 95.0, 60.0, 100.0),
                learner("L02", HOSTILE, 12.0, 60.0, False, 70.0, 20.0, 50.0),
                learner("L03", "Li Lei", 16.0, 80.0, True, 85.0, 40.0, 50.0),
                learner("L04", "张伟", 10.0, 50.0, False, 60.0, 20.0, 50.0),
                learner("L05", "陈静", 20.0, 100.0, True, 100.0, 60.0, 100.0)]
    questions = [
        question("calls.q1", w["q1"], 98.0, 5.0, [(w["right"], True, 5), (w["wrong1"], False, 0),
                                                  (w["wrong2"], False, 0)],
                 [("easy", "98% got it right: it tells no one apart"),
                  ("unused", 'nobody picked "立即挂断", "转接他人": rewrite or drop those distractors')]),
        question("calls.q2", w["q2"], 60.0, -12.5, [(w["wrong1"], False, 1), (w["right"], True, 3),
                                                    (w["wrong2"], False, 1)],
                 [("negative", "negative discrimination (-12.5): check the key and the wording"),
                  ("key", 'more of the top half picked "立即挂断" (2) than the right answer (1): check the key')],
                 line=19),
        question("calls.q3", w["q3"], 70.0, 45.0, [(w["right"], True, 3), (w["wrong1"], False, 1)], line=25),
        question("calls.q4", w["q4"], 40.0, 30.0, [], kind="essay", objective="calls.2", line=30),
    ]
    objectives = [
        {"id": "calls.1", "text": w["o1"], "module": "calls", "mastery": 82.5, "masters": 3, "learners": 5,
         "questions": 3, "caution": ""},
        {"id": "calls.2", "text": w["o2"], "module": "calls", "mastery": 40.0, "masters": 0, "learners": 5,
         "questions": 1, "caution": "only 1 question assesses it: add questions before you rely on it"},
    ]
    test = {"learners": 5, "questions": 4, "max": 20.0, "mean": 76.0, "sd": 20.74, "median": 80.0,
            "passed": 3, "pass_rate": 60.0, "alpha": 71.3, "error_ratio": None, "standard_error": None,
            "cautions": ["only 5 learners: read these figures as a first sign, not a verdict"]}
    roleplays = [{"scenario": w["scenario"], "learners": 5, "mean": 70.0, "items": [
        {"text": w["item1"], "done": 5, "observed": 5, "share": 100.0, "flags": []},
        {"text": w["item2"], "done": 2, "observed": 5, "share": 40.0,
         "flags": [{"code": "missed", "message": f'only 40% did "{w["item2"]}": practise it again'}]}]}]
    evaluation = {"responses": 5, "questions": [
        {"id": "e1", "text": "整体满意度", "kind": "rating", "mean": 4.4, "counts": {"5": 3, "4": 1, "3": 1},
         "comments": []},
        {"id": "e2", "text": "会推荐给同事吗", "kind": "choice", "mean": None, "counts": {"会": 4, "不会": 1},
         "comments": []},
        {"id": "e3", "text": "建议", "kind": "text", "mean": None, "counts": {},
         "comments": ["多些练习", HOSTILE]}]}
    flags = ([{**f, "kind": "question", "id": q["id"], "loc": q["loc"]} for q in questions for f in q["flags"]]
             + [{"code": "not_mastered", "message": "no learner reached the pass mark (80%) on this objective",
                 "kind": "objective", "id": "calls.2", "loc": "modules/01-calls.md:1"}]
             + [{**roleplays[0]["items"][1]["flags"][0], "kind": "roleplay", "id": w["scenario"],
                 "loc": "modules/01-calls.md:33"}])
    latest = {"name": "2026-11-cohort2", "date": "2026-11-16", "files": ["results/2026-11-cohort2.csv"],
              "learners": learners, "questions": questions, "objectives": objectives, "test": test,
              "roleplays": roleplays, "evaluation": evaluation, "flags": flags}
    first = copy.deepcopy(latest)
    first.update(name="2026-10-cohort1", date="2026-10-12", files=["results/2026-10-cohort1.csv"])
    first["test"].update(mean=68.0, pass_rate=40.0, passed=2, alpha=65.0)
    first["objectives"][0]["mastery"] = 70.0
    first["objectives"][1]["mastery"] = 25.0
    overall = copy.deepcopy(latest)
    overall["test"].update(learners=10, mean=72.0, pass_rate=50.0, passed=5, alpha=69.0)
    return {"course": w["title"], "language": "zh-CN", "pass_mark": 80.0,
            "roster": [{"id": lr["id"], "name": lr["name"], "cohort": "", "team": ""} for lr in learners],
            "cohort": "2026-11-cohort2", **{k: latest[k] for k in
                                            ("learners", "questions", "objectives", "test", "roleplays",
                                             "evaluation", "flags")},
            "cohorts": [first, latest], "overall": overall}


def planned(tmp_path: Path, language: str = "zh-CN", results: dict | None = None):
    root = make_course(tmp_path, language)
    diags = Diagnostics()
    course = replace(load(root, diags), results=analysis() if results is None else results)
    assert not diags.errors, [str(d) for d in diags.errors]
    templates = Templates(course, diags)
    plan = plan_report(course, templates, chart_svg)
    assert not diags.errors, [str(d) for d in diags.errors]
    return course, plan


def rendered(tmp_path: Path, language: str = "zh-CN", results: dict | None = None) -> tuple[Path, Path]:
    """report.docx and report.html of the hand-made analysis, written into tmp_path/out."""
    from trainerkit.outputs import OUTPUTS

    course, plan = planned(tmp_path, language, results)
    files = OUTPUTS["report"].render(plan)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return out / "report.docx", out / "report.html"


# -- numbers as a person reads them ------------------------------------------------------------


def test_numbers_round_as_a_hand_calculation() -> None:
    assert rounded(82.5) == "83" and rounded(83.5) == "84"  # half up, not to even
    assert rounded(-12.5) == "-13"
    assert pct(82.5) == "83%" and pct(None) == "—" and pct(0) == "0%"
    assert one(20.74) == "20.7" and one(20.75) == "20.8"
    assert whole(45.0) == "45" and whole(None) == "—"


def test_has_answers() -> None:
    assert not has_answers(None) and not has_answers({})
    a = analysis()
    assert has_answers(a)
    empty = {**a, "cohorts": [{**c, "learners": [], "roleplays": [], "evaluation": {"responses": 0}}
                              for c in a["cohorts"]]}
    assert not has_answers(empty)
    only_roleplays = {**empty, "cohorts": [{**empty["cohorts"][0], "roleplays": a["roleplays"]}]}
    assert has_answers(only_roleplays)


# -- report.docx -------------------------------------------------------------------------------


def _paragraphs(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def _tables(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def test_report_docx_reads_back(tmp_path: Path) -> None:
    docx_path, _ = rendered(tmp_path)
    doc = Docx(str(docx_path))
    paras = _paragraphs(doc)
    headings = [(s, t) for s, t in paras if s == "Title" or s.startswith("Heading")]
    assert headings[0] == ("Title", "投诉电话 · 培训成效报告")
    # summary first, then the rest, in real Word heading styles
    assert [t for s, t in headings if s == "Heading 1"] == [
        "概要", "各学习目标掌握情况", "学员成绩", "待复查项目", "题目分析", "角色扮演观察清单", "课程评估", "各期趋势"]
    assert ("Heading 2", "学员 × 学习目标掌握情况") in headings
    assert ("Heading 2", "第三次来电") in headings
    assert any(t == "2026-11-cohort2 · 2026年11月16日" for _, t in paras)
    tables = _tables(doc)
    summary = dict((r[0], r[1]) for r in tables[0])
    assert summary["期次"] == "2026-11-cohort2"
    assert summary["日期"] == "2026年11月16日"
    assert summary["学员人数"] == "5"
    assert summary["平均分"] == "76%（中位数 80%；标准差 20.7）"
    assert summary["通过率"] == "60%（3/5；及格线 80%）"
    assert summary["信度（克隆巴赫 α 系数）"] == "0.71"
    assert any(t.startswith("注意：only 5 learners") for _, t in paras)
    mastery = next(t for t in tables if t[0][:2] == ["#", "学习目标"])
    assert mastery[1:] == [["calls.1", WORDS["zh-CN"]["o1"], "83%", "3/5"],
                           ["calls.2", WORDS["zh-CN"]["o2"], "40%", "0/5"]]
    learners = next(t for t in tables if t[0][:2] == ["学员", "姓名"])
    assert learners[0] == ["学员", "姓名", "得分", "%", "结果", "角色扮演"]
    assert learners[1:] == [["L01", "王芳", "18/20", "90%", "通过", "100%"],
                            ["L02", HOSTILE, "12/20", "60%", "未通过", "50%"],
                            ["L03", "Li Lei", "16/20", "80%", "通过", "50%"],
                            ["L04", "张伟", "10/20", "50%", "未通过", "50%"],
                            ["L05", "陈静", "20/20", "100%", "通过", "100%"]]
    grid = next(t for t in tables if t[0] == ["学员", "calls.1", "calls.2"])
    assert grid[1] == ["王芳", "95%", "60%"]
    review = next(t for t in tables if t[0] == ["项目", "原因"])
    rows = {r[0].split("\n")[0].split(" · ")[0]: r for r in review[1:]}
    assert set(rows) == {"calls.q1", "calls.q2", "calls.2", "第三次来电"}
    q2 = rows["calls.q2"]
    assert "答对率 60% · 区分度 -13" in q2[0]
    assert "区分度为负：negative discrimination (-12.5)" in q2[1]
    assert "答案可能有误：more of the top half" in q2[1]
    assert q2[0].endswith("\n位置：modules/01-calls.md:19")
    assert rows["calls.2"][1].startswith("无学员掌握：") and rows["第三次来电"][1].startswith("多数学员未做到：")
    evaluation = next(t for t in tables if t[0] == ["题目", "结果"])
    assert evaluation[1] == ["整体满意度", "平均 4.4（5 3，4 1，3 1）"]
    trend = next(t for t in tables if t[0][0] == "期次" and len(t[0]) == 6)
    assert [r[0] for r in trend[1:]] == ["2026-10-cohort1", "2026-11-cohort2", "全部期次"]
    assert trend[1][3:] == ["68%", "40%（2/5）", "0.65"]
    assert trend[3][2:] == ["10", "72%", "50%（5/10）", "0.69"]
    assert HOSTILE in [t for _, t in paras if t.startswith("<")] or any(HOSTILE in t for _, t in paras)
    # real Word styles: every table in the house table style, the headings the built-in ones
    assert {t.style.name for t in doc.tables} == {"trainerkit Table"}
    assert doc.core_properties.title == "投诉电话 · 培训成效报告"


def test_report_heat_map_cells_are_shaded(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    docx_path, _ = rendered(tmp_path)
    doc = Docx(str(docx_path))
    grid = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["学员", "calls.1", "calls.2"])

    def fill(cell) -> str | None:
        shd = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        return None if shd is None else shd.get(qn("w:fill"))

    # 王芳: calls.1 95% (at or above 80: green), calls.2 60% (within 20 below: amber);
    # L02: 70% (amber), 20% (red)
    assert [fill(c) for c in grid.rows[1].cells] == [None, "C6EFCE", "FFEB9C"]
    assert [fill(c) for c in grid.rows[2].cells] == [None, "FFEB9C", "FFC7CE"]


def test_report_docx_charts(tmp_path: Path) -> None:
    """Six native charts, each with its title, in the order the report reads."""
    import zipfile

    from lxml import etree

    docx_path, _ = rendered(tmp_path)
    with zipfile.ZipFile(docx_path) as z:
        names = sorted((n for n in z.namelist() if n.startswith("word/charts/chart") and n.endswith(".xml")),
                       key=lambda n: int(n[len("word/charts/chart"):-4]))
        titles = []
        kinds = []
        for name in names:
            root = etree.fromstring(z.read(name))
            ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
                  "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
            titles.append("".join(root.xpath("/c:chartSpace/c:chart/c:title//a:t/text()", namespaces=ns)))
            kinds.append([etree.QName(e).localname for e in root.xpath("//c:plotArea/*", namespaces=ns)
                          if etree.QName(e).localname.endswith("Chart")])
    assert titles == ["成绩分布", "各学习目标掌握情况", "各题答对率与区分度", "各题选项分布", "各期平均分与通过率",
                      "各期学习目标掌握率"]
    assert kinds[0] == ["barChart"] and kinds[2] == ["scatterChart"] and kinds[4][0] == "lineChart"


def test_report_docx_passes_openxml_audit(tmp_path: Path) -> None:
    docx_path, _ = rendered(tmp_path)
    assert findings(docx_path) == []


def test_report_in_libreoffice(tmp_path: Path) -> None:
    docx_path, _ = rendered(tmp_path)
    text = pdf_text(to_pdf(docx_path, tmp_path))
    flat = " ".join(text.split())
    for words in ("培训成效报告", "概要", "76%（中位数 80%；标准差 20.7）", "60%（3/5；及格线 80%）",
                  "待复查项目", "modules/01-calls.md:19", "Li Lei", "全部期次"):
        assert words in flat, words
    for title in ("成绩分布", "各学习目标掌握情况", "各题答对率与区分度", "各题选项分布", "各期平均分与通过率",
                  "各期学习目标掌握率", "及格线 80%"):
        assert title in flat, title


def test_report_in_english(tmp_path: Path) -> None:
    docx_path, html_path = rendered(tmp_path, "en")
    doc = Docx(str(docx_path))
    summary = dict((r[0], r[1]) for r in _tables(doc)[0])
    assert summary["Pass rate"] == "60% (3/5; pass mark 80%)"
    assert summary["Mean score"] == "76% (median 80%; SD 20.7)"
    assert summary["Role-play · 第三次来电"] == "70% (5 observed)" and summary["Evaluation"] == "5 responses"
    assert "Pass mark 80%" in html_path.read_text(encoding="utf-8")  # the charts' line
    assert "<html lang=\"en\">" in html_path.read_text(encoding="utf-8")


def test_report_in_traditional_chinese(tmp_path: Path) -> None:
    docx_path, html_path = rendered(tmp_path, "zh-TW")
    doc = Docx(str(docx_path))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == ["摘要", "各學習目標達成情形", "學員成績", "待檢討清單"]
    page = html_path.read_text(encoding="utf-8")
    assert '<html lang="zh-TW">' in page and "鑑別度" in page


# -- report.html -------------------------------------------------------------------------------


def test_page_is_one_file_that_fetches_nothing(tmp_path: Path) -> None:
    _, html_path = rendered(tmp_path)
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert "default-src 'none'" in page
    lowered = page.lower()
    for fetch in ("<script", "<link", "src=", "href=\"http", "@import", "url(", "xml-stylesheet"):
        assert fetch not in lowered, fetch
    assert page.count("<svg") == 6


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    a = analysis()
    a["cohort"] = HOSTILE
    a["objectives"][0]["id"] = "calls.1" + HOSTILE  # reaches a chart's categories
    _, html_path = rendered(tmp_path, results=a)
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    svg = chart_svg(Chart("bar", HOSTILE, (HOSTILE,), (Series(HOSTILE, (50.0,)),), line=80,
                          line_label=HOSTILE, percent=True))
    assert "<script" not in svg.lower() and "&lt;script&gt;" in svg


def test_svg_is_the_same_for_the_same_chart() -> None:
    chart = Chart("column", "成绩分布", ("0–9", "10–19"), (Series("学员人数", (1.0, 2.0)),), language="zh-CN")
    first = chart_svg(chart, "1")
    assert first == chart_svg(chart, "1")
    assert 'id="chart-1"' in first and "<!--" not in first
    assert "Noto Sans CJK SC" in first and "成绩分布" in first


def _open(browser, path: Path, width: int = 375):
    """The page at a phone's width, every request but the page's own file refused."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    requests: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri()
               else (requests.append(route.request.url), route.abort()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


def test_page_in_chromium_at_phone_width(browser, tmp_path: Path) -> None:
    _, html_path = rendered(tmp_path)
    page, requests = _open(browser, html_path)
    assert requests == []
    sizes = page.eval_on_selector_all("svg", "els => els.map(e => [e.getBoundingClientRect().width, "
                                      "e.getBoundingClientRect().height])")
    assert len(sizes) == 6 and all(w > 200 and h > 100 for w, h in sizes), sizes
    text = page.inner_text("body")
    for words in ("培训成效报告", "76%（中位数 80%；标准差 20.7）", "60%（3/5；及格线 80%）", "0.71",
                  "modules/01-calls.md:19", "全部期次"):
        assert words in text, words
    # no horizontal overflow: wide tables scroll inside their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # the hostile name is text, in the learners' table, and nothing ran
    assert page.evaluate("document.scripts.length") == 0
    cells = page.eval_on_selector_all("td", "els => els.map(e => e.textContent)")
    assert HOSTILE in cells
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    page.close()


def test_page_prints(browser, tmp_path: Path) -> None:
    """Printed (A4), the page keeps its text and charts: Chromium's PDF of it reads back."""
    _, html_path = rendered(tmp_path)
    page, _requests = _open(browser, html_path, 800)
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    flat = " ".join(pdf_text(pdf).split())
    for words in ("培训成效报告", "76%（中位数 80%；标准差 20.7）", "成绩分布", "各期平均分与通过率"):
        assert words in flat, words


# -- in the build --------------------------------------------------------------------------------


SHEET = """\
learner,name,version,1,2,3,4
L01,王芳,,a,b,a,5
L02,<script>alert(1)</script>,,a,a,b,2
L03,Li Lei,,a,b,a,4
L04,张伟,,b,c,b,1
L05,陈静,,a,b,a,5
"""


def test_no_results_no_report(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    result = build(root, tmp_path / "out")
    assert "report.docx" not in result.files and not (tmp_path / "out" / "report.html").exists()


def test_report_built_from_results_and_removed_with_them(tmp_path: Path) -> None:
    """The score sheet's CSV read, analysed and reported, by hand: questions 1-3 one point each
    (right: a, b, a), the essay 5 points (as given). L01 1+1+1+5 = 8/8 = 100%; L02 1+0+0+2 = 3/8 =
    37.5% -> "38%"; L03 7/8 = 87.5% -> "88%"; L04 0+0+0+1 = 1/8 = 12.5% -> "13%"; L05 8/8.
    Passed at 80: L01, L03, L05 = 3/5 = 60%. Mean 337.5/5 = 67.5 -> "68%", median 87.5 -> "88%",
    SD sqrt(6437.5/4) = 40.12 -> "40.1". calls.1 (questions 1-3): 10/15 = 66.7 -> "67%", at 80:
    L01, L03, L05 (3/3 each) = 3/5; calls.2 (the essay): 17/25 = 68%, at 80: 5, 4, 5 of 5 = 3/5."""
    root = make_course(tmp_path, results=SHEET)
    out = tmp_path / "out"
    build(root, out)
    assert (out / "report.docx").is_file() and (out / "report.html").is_file()
    tables = _tables(Docx(str(out / "report.docx")))
    summary = dict((r[0], r[1]) for r in tables[0])
    assert summary["学员人数"] == "5"
    assert summary["平均分"] == "68%（中位数 88%；标准差 40.1）"
    assert summary["通过率"] == "60%（3/5；及格线 80%）"
    learners = next(t for t in tables if t[0][:2] == ["学员", "姓名"])
    assert [r[:5] for r in learners[1:]] == [["L01", "王芳", "8/8", "100%", "通过"],
                                             ["L02", HOSTILE, "3/8", "38%", "未通过"],
                                             ["L03", "Li Lei", "7/8", "88%", "通过"],
                                             ["L04", "张伟", "1/8", "13%", "未通过"],
                                             ["L05", "陈静", "8/8", "100%", "通过"]]
    mastery = next(t for t in tables if t[0][:2] == ["#", "学习目标"])
    assert [r[2:] for r in mastery[1:]] == [["67%", "3/5"], ["68%", "3/5"]]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page.lower()
    shutil.rmtree(root / "results")
    build(root, out)
    assert not (out / "report.docx").exists() and not (out / "report.html").exists()
