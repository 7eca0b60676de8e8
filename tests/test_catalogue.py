"""The training system's catalogue (issue 17): catalog.docx read back with python-docx, checked by
openxml-audit and converted by LibreOffice; catalog.html read with lxml and shown in Chromium
(the matrix's header row and module column stay in view); a course title with <script> shown as
text. The system: two library modules, three courses (one lists both, one keeps its own copy of
a library module, one a near copy), results in two of them, the mastery worked by hand."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest
from docx import Document as Docx
from lxml import html as lhtml

from trainerkit.build import load
from trainerkit.catalogue import catalogue_files
from trainerkit.catalogue_plan import NEAR_COPY, comparable, find_copies, lint_copies, similarity
from trainerkit.errors import Diagnostics

from conftest import SIMULATION_EXAMPLE, pdf_text, to_pdf
from test_schema import findings

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = "复训 <script>alert(1)</script>"

OPENING = """\
---
title: 开场与身份核实
duration: 20
objectives:
  - 用标准开场白接听来电
  - 说明核实身份的原因
---
# 开场

## 标准开场白

::: script 开场
坐席: 您好，示例保险，工号 1024，很高兴为您服务。
! 坐席: 为了保护您的信息安全，需要先核实您的身份。
:::

```quiz
Objective: 1
1.  开场白的第一句说什么？
*a) 您好，示例保险
b)  喂，哪位

Objective: 2
2.  核实身份之前要先做什么？
*a) 说明核实的原因
b)  直接要身份证号
```
"""

VERIFY_BODY = """\
# 核实身份

## 三要素核实

- 先核对姓名，再核对保单号，最后核对手机号后四位
- 任何一项不符，不得透露保单信息
- 客户拒绝核实时，说明这是为了保护客户自己的信息

```quiz
Objective: 1
1.  客户拒绝提供保单号时，坐席应当？
*a) 说明核实是为了保护客户的信息
b)  直接告诉客户保单信息
```

::: roleplay 拒绝核实的客户
customer: 不愿意报保单号的客户
agent: 坐席
observe:
- 说明核实的原因
- 没有透露保单信息
:::

""" + SIMULATION_EXAMPLE


def verify(title: str, body: str = VERIFY_BODY) -> str:
    return f"---\ntitle: {title}\nduration: 30\nobjectives:\n  - 按三要素核实客户身份\n---\n{body}"


WRAPUP = """\
---
title: 结束通话
duration: 10
objectives:
  - 按标准结束语结束通话
---
## 结束语

- 请问还有其他可以帮您的吗？
"""

CALM = """\
---
title: 安抚情绪
duration: 15
objectives:
  - 先共情再解决问题
---
## 共情

- 先复述客户的感受，再说明下一步
"""


# QA of live calls (results/qa/), the agents trained on 2026-11-15; opening.qa1 (the verbatim
# line, opening.1) is worth 40 points on both courses' scorecards.
QA_NEW_HIRE = """\
agent,evaluator,call,date,opening.qa1,verify.qa1,verify.qa2
A1,Q1,c1,2026-11-01,N,Y,N
A1,Q1,c2,2026-11-20,Y,Y,Y
A2,Q1,c3,2026-11-21,Y,N,Y
"""
QA_REFRESHER = """\
agent,evaluator,call,date,opening.qa1
B1,Q2,d1,2026-11-02,Y
B1,Q2,d2,2026-11-22,N
B2,Q2,d3,2026-11-23,Y
"""


def sheet(rows: list[str], questions: int) -> str:
    header = "learner,name," + ",".join(str(k) for k in range(1, questions + 1))
    return "\n".join([header] + rows) + "\n"


def make_system(root: Path) -> Path:
    """The system: library/opening.md (opening.1, opening.2: a question each) and
    library/verify.md (verify.1: a question, a role-play, a simulation); new-hire lists both and
    its own wrapup.md (assessed by nothing), with two cohorts of results; refresher (a hostile
    title) lists opening.md and keeps an exact copy of verify.md as modules/verify-copy.md, with
    one cohort; complaints keeps a near copy (one line changed) and its own calm.md. new-hire
    and refresher have QA scorecards of live calls."""
    (root / "library").mkdir(parents=True)
    (root / "trainerkit.yml").write_text("title: 客服培训体系\nlanguage: zh-CN\n", encoding="utf-8")
    (root / "library" / "opening.md").write_text(OPENING, encoding="utf-8")
    (root / "library" / "verify.md").write_text(verify("核实客户身份"), encoding="utf-8")
    courses = root / "courses"
    a, b, c = courses / "new-hire", courses / "refresher", courses / "complaints"
    for course in (a, b, c):
        (course / "modules").mkdir(parents=True)
    (a / "course.yml").write_text(
        "title: 新人入职培训\naudience: 新入职坐席\n"
        "modules: [library/opening.md, library/verify.md, modules/wrapup.md]\nqa:\n  trained: 2026-11-15\n",
        encoding="utf-8")
    (a / "modules" / "wrapup.md").write_text(WRAPUP, encoding="utf-8")
    (a / "results").mkdir()
    # questions: 1 opening.q1 (a), 2 opening.q2 (a), 3 verify.q1 (a); refresher's 3: verify-copy.q1
    (a / "results" / "2026-10-a.csv").write_text(sheet(["L01,王芳,a,a,a", "L02,李娜,b,a,b"], 3),
                                                 encoding="utf-8")
    (a / "results" / "2026-11-a.csv").write_text(
        sheet(["L03,张伟,a,b,a", "L04,陈静,a,a,a", "L05,刘洋,a,b,b"], 3), encoding="utf-8")
    (a / "results" / "qa").mkdir()
    (a / "results" / "qa" / "calls.csv").write_text(QA_NEW_HIRE, encoding="utf-8")
    (b / "course.yml").write_text(
        f'title: "{HOSTILE}"\naudience: 在岗一年以上的坐席\n'
        "modules: [library/opening.md, modules/verify-copy.md]\nqa:\n  trained: 2026-11-15\n", encoding="utf-8")
    (b / "modules" / "verify-copy.md").write_text(verify("身份核实（复训版）"), encoding="utf-8")
    (b / "results").mkdir()
    (b / "results" / "qa").mkdir()
    (b / "results" / "qa" / "calls.csv").write_text(QA_REFRESHER, encoding="utf-8")
    (b / "results" / "2026-11-b.csv").write_text(
        sheet(["M01,赵一,b,a,a", "M02,钱二,a,a,a", "M03,孙三,b,b,b", "M04,李四,b,a,b"], 3), encoding="utf-8")
    (c / "course.yml").write_text(
        "title: 投诉处理进阶\nmodules: [modules/verify-local.md, modules/calm.md]\n", encoding="utf-8")
    near = VERIFY_BODY.replace("最后核对手机号后四位", "最后核对证件号后四位")
    (c / "modules" / "verify-local.md").write_text(verify("核实身份", near), encoding="utf-8")
    (c / "modules" / "calm.md").write_text(CALM, encoding="utf-8")
    return root


def loaded(root: Path):
    diags = Diagnostics()
    courses = [load(root / "courses" / name, diags) for name in ("complaints", "new-hire", "refresher")]
    assert not diags.errors, [str(d) for d in diags.errors]
    return courses


@pytest.fixture(scope="module")
def system(tmp_path_factory) -> tuple[Path, dict[str, bytes], list]:
    root = make_system(tmp_path_factory.mktemp("system") / "system")
    courses = loaded(root)
    return root, catalogue_files(root, "客服培训体系", "zh-CN", courses), courses


def near_percent(system) -> int:
    """The near copy's ratio as the matrix shows it: a whole percent, 90 to 99."""
    root, _files, courses = system
    ratio = next(c.ratio for c in find_copies(root, courses) if Path(c.module.path).name == "verify-local.md")
    assert 90 <= int(ratio * 100) < 100
    return int(ratio * 100)


def _tables(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def _fill(cell) -> str | None:
    shd = cell._tc.find(f".//{W}shd")
    return None if shd is None else shd.get(f"{W}fill")


# -- copies ----------------------------------------------------------------------------------------


def test_copies_found_and_linted(system) -> None:
    """refresher's verify-copy.md is the library's text under another name and title (a copy);
    complaints' verify-local.md differs in one line (a near copy, at or above NEAR_COPY); their
    own wrapup.md and calm.md copy nothing."""
    root, _files, courses = system
    copies = {(Path(c.module.path).name, c.library): c.ratio for c in find_copies(root, courses)}
    assert set(copies) == {("verify-copy.md", "library/verify.md"), ("verify-local.md", "library/verify.md")}
    assert copies[("verify-copy.md", "library/verify.md")] == 1.0
    assert NEAR_COPY <= copies[("verify-local.md", "library/verify.md")] < 1.0
    diags = Diagnostics()
    lint_copies(courses, diags)
    said = sorted(str(d) for d in diags.items)
    assert len(said) == 2 and all(": warning: " in s for s in said)
    local, copy = said  # complaints/... sorts before refresher/...
    assert "complaints/modules/verify-local.md:1: warning: this module is" in local
    assert "% the same as the library module library/verify.md" in local
    assert "merge your changes into library/verify.md" in local
    assert "refresher/modules/verify-copy.md:1: warning: this module is a copy of the library " \
           "module library/verify.md (\"核实客户身份\")" in copy
    assert "list library/verify.md in course.yml's modules instead, and delete this copy" in copy


def test_similarity_threshold() -> None:
    """The same text after front matter, case and spacing is a copy; a text a third rewritten
    is not a near copy."""
    a = comparable(verify("一", VERIFY_BODY))
    assert comparable(verify("二", VERIFY_BODY.replace("- ", "-   ").upper())) == a
    rewritten = VERIFY_BODY[: len(VERIFY_BODY) // 3] + "完全不同的内容。" * 80
    assert similarity(a, comparable(rewritten)) < NEAR_COPY
    # line by line, then by character: what difflib's ratio of the whole texts says
    near = comparable(verify("三", VERIFY_BODY.replace("最后核对手机号后四位", "最后核对证件号后四位")
                             .replace("不得透露", "不能透露")))
    whole = difflib.SequenceMatcher(None, a, near, autojunk=False).ratio()
    assert NEAR_COPY < similarity(a, near) < 1.0 and abs(similarity(a, near) - whole) < 0.005


# -- the Word catalogue ----------------------------------------------------------------------------


def test_catalogue_docx_reads_back(system, tmp_path: Path) -> None:
    _root, files, _courses = system
    doc = Docx(io.BytesIO(files["catalog.docx"]))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    headings = [t for s, t in paras if s == "Title" or s.startswith("Heading")]
    assert headings[0] == "客服培训体系 · 课程目录"
    assert headings[1:5] == ["课程", "投诉处理进阶", "新人入职培训", HOSTILE]
    assert headings[5:] == ["公共模块的使用情况", "学习目标及其考核方式", "各学习目标掌握情况", "各学习目标的真实通话质检"]
    text = "\n".join(t for _s, t in paras)
    assert "共 3 门课程，2 个公共模块" in text
    assert "培训对象：新入职坐席" in text and "培训对象：未填写（course.yml 的 audience:）" in text
    assert "opening.2  说明核实身份的原因" in text
    tables = _tables(doc)
    # each course: its modules with minutes and source, then the total
    new_hire = tables[1]
    assert new_hire[0] == ["模块", "时长", "来源", "文件"]
    assert new_hire[1:] == [["开场与身份核实", "20 分钟", "公共模块", "library/opening.md"],
                            ["核实客户身份", "30 分钟", "公共模块", "library/verify.md"],
                            ["结束通话", "10 分钟", "本课程自有", "modules/wrapup.md"],
                            ["总时长", "60 分钟", "", ""]]
    # on paper the copy on a line of its own: a narrow column breaks no path
    assert tables[2][2] == ["身份核实（复训版）", "30 分钟", "本课程自有\n副本：library/verify.md",
                            "modules/verify-copy.md"]
    # the matrix: a row per library module, a column per course (complaints, new-hire, refresher)
    matrix = doc.tables[3]
    rows = [[c.text for c in r.cells] for r in matrix.rows]
    assert rows[0] == ["公共模块", "投诉处理进阶", "新人入职培训", HOSTILE]
    assert rows[1] == ["开场与身份核实\nlibrary/opening.md", "", "✓", "✓"]
    percent = near_percent(system)
    assert rows[2][1:] == [f"近似副本（{percent}%）\nmodules/verify-local.md", "✓", "副本\nmodules/verify-copy.md"]
    fills = [_fill(c) for c in matrix.rows[2].cells]
    assert fills[1:] == ["FFEB9C", "C6EFCE", "FFEB9C"]  # copies amber, used green
    assert _fill(matrix.rows[1].cells[1]) is None  # not used: no fill
    # the objectives and what assesses them, across courses
    objectives = {r[0]: r[1:] for r in tables[4][1:]}
    assert objectives["opening.1\n用标准开场白接听来电"] == [
        f"新人入职培训，{HOSTILE}", f"opening.q1 开场白的第一句说什么？（新人入职培训，{HOSTILE}）", "—", "—"]
    assert objectives["verify.1\n按三要素核实客户身份"] == [
        "新人入职培训", "verify.q1 客户拒绝提供保单号时，坐席应当？（新人入职培训）",
        "拒绝核实的客户（新人入职培训）", "第三次来电的车主（新人入职培训）"]
    assert objectives["verify-copy.1\n按三要素核实客户身份"][0] == HOSTILE  # a copy is its course's own
    assert objectives["wrapup.1\n按标准结束语结束通话"] == ["新人入职培训", "—", "—", "—"]
    wrapup = next(r for r in doc.tables[4].rows if r.cells[0].text.startswith("wrapup.1"))
    assert _fill(wrapup.cells[0]) == "FFC7CE"  # assessed by nothing: red
    # library objectives first, then the courses' own
    order = [r[0].split("\n")[0] for r in tables[4][1:]]
    assert order[:3] == ["opening.1", "opening.2", "verify.1"]


def test_catalogue_mastery_by_hand(system) -> None:
    """Mastery per objective, each course and cohort, and pooled (points earned / possible; one
    point a question; pass mark 80):
      opening.1 (question 1): new-hire 2026-10-a L01 a, L02 b = 1/2 = 50%, 1/2 at the mark;
      2026-11-a a, a, a = 3/3 = 100%, 3/3; refresher 2026-11-b b, a, b, b = 1/4 = 25%, 1/4;
      all: (1 + 3 + 1) / (2 + 3 + 4) = 5/9 = 55.6 -> "56%", 5/9.
      opening.2 (question 2): a, a = 2/2 = 100%; b, a, b = 1/3 = 33.3 -> "33%"; a, a, b, a =
      3/4 = 75%; all 6/9 = 66.7 -> "67%", 6/9.
      verify.1 (question 3, new-hire only): a, b = 50%; a, a, b = 2/3 = 66.7 -> "67%";
      all 3/5 = 60%, 3/5. verify-copy.1 (refresher's own copy, question 3): a, a, b, b = 2/4 = 50%:
      one course and cohort, so no pooled row."""
    _root, files, _courses = system
    doc = Docx(io.BytesIO(files["catalog.docx"]))
    rows = [[c.text for c in r.cells] for r in doc.tables[5].rows]
    assert rows[0] == ["学习目标", "课程", "期次", "学员人数", "掌握率", "达标人数"]
    body = [r[1:] for r in rows[1:]]
    assert body == [
        ["新人入职培训", "2026-10-a", "2", "50%", "1/2"],
        ["新人入职培训", "2026-11-a", "3", "100%", "3/3"],
        [HOSTILE, "2026-11-b", "4", "25%", "1/4"],
        ["全部课程和期次", "", "9", "56%", "5/9"],
        ["新人入职培训", "2026-10-a", "2", "100%", "2/2"],
        ["新人入职培训", "2026-11-a", "3", "33%", "1/3"],
        [HOSTILE, "2026-11-b", "4", "75%", "3/4"],
        ["全部课程和期次", "", "9", "67%", "6/9"],
        ["新人入职培训", "2026-10-a", "2", "50%", "1/2"],
        ["新人入职培训", "2026-11-a", "3", "67%", "2/3"],
        ["全部课程和期次", "", "5", "60%", "3/5"],
        [HOSTILE, "2026-11-b", "4", "50%", "2/4"],  # its own copy's: a, a, b, b
    ]
    assert [r[0] for r in rows[1:] if r[0]] == ["opening.1\n用标准开场白接听来电", "opening.2\n说明核实身份的原因",
                                              "verify.1\n按三要素核实客户身份", "verify-copy.1\n按三要素核实客户身份"]


def test_catalogue_docx_valid_and_in_libreoffice(system, tmp_path: Path) -> None:
    _root, files, _courses = system
    path = tmp_path / "catalog.docx"
    path.write_bytes(files["catalog.docx"])
    assert findings(path) == []
    # the system's language and its East Asian face, as the other documents have them
    defaults = Docx(str(path)).styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "Microsoft YaHei"
    flat = " ".join(pdf_text(to_pdf(path, tmp_path)).split())
    for words in ("客服培训体系 · 课程目录", "公共模块的使用情况", "近似副本", "verify-local.md",
                  "全部课程和期次", "56%", "<script>alert(1)</script>"):
        assert words in flat, words


def test_catalogue_qa_by_hand(system) -> None:
    """The QA of live calls per objective (points met / points marked), before and after the
    training (2026-11-15):
      opening.1 (opening.qa1, 40 points): new-hire before c1 N = 0/40 = 0% (1 call), after c2 Y,
      c3 Y = 80/80 = 100% (2), all 80/120 = 66.7 -> "67%" (3); refresher before d1 Y = 100% (1),
      after d2 N, d3 Y = 40/80 = 50% (2), all 67% (3); both courses: before 40/80 = 50% (2),
      after 120/160 = 75% (4), all 160/240 = 67% (6).
      verify.1 (verify.qa1, qa2: 30 each, new-hire): before 30/60 = 50%, after c2 60/60 and c3
      30/60 = 90/120 = 75%, all 120/180 = 66.7 -> "67%"."""
    _root, files, _courses = system
    doc = Docx(io.BytesIO(files["catalog.docx"]))
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert rows[0] == ["学习目标", "课程", "培训前", "培训后", "全部通话"]
    assert [r[1:] for r in rows[1:]] == [
        ["新人入职培训", "0%（1 通）", "100%（2 通）", "67%（3 通）"],
        [HOSTILE, "100%（1 通）", "50%（2 通）", "67%（3 通）"],
        ["全部课程", "50%（2 通）", "75%（4 通）", "67%（6 通）"],
        ["新人入职培训", "50%（1 通）", "75%（2 通）", "67%（3 通）"],
    ]
    assert rows[1][0] == "opening.1\n用标准开场白接听来电" and rows[4][0] == "verify.1\n按三要素核实客户身份"
    tree = lhtml.fromstring(files["catalog.html"])
    pooled = tree.xpath("//section[@id='qa']//tbody/tr[3]")[0]
    assert [c.text_content() for c in pooled] == ["全部课程", "50%（2 通）", "75%（4 通）", "67%（6 通）"]


def test_a_large_system_on_paper() -> None:
    """Eight courses: the Word matrix in two tables of six and two courses, each with the module
    column first; an objective of more than three courses says how many (the matrix says which),
    of three or fewer names them."""
    from trainerkit.catalogue import catalogue_blocks
    from trainerkit.model import Paragraph, Table
    from trainerkit.templates import labels_for

    names = [f"c{k}" for k in range(8)]
    cell = {"kind": "used", "module": "library/a.md", "percent": None}
    entry = {"text": "a.q1 问题", "courses": names[:3]}
    plan = {"title": "体系", "language": "zh-CN", "near_copy": 90, "mastery": [], "qa": [], "courses": [],
            "titles": {n: f"课程{n}" for n in names},
            "matrix": {"courses": [{"name": n, "title": f"课程{n}"} for n in names],
                       "rows": [{"path": "library/a.md", "title": "开场", "minutes": 10, "uses": 8, "copies": 0,
                                 "cells": [cell] * 8}]},
            "objectives": [{"id": "a.1", "text": "开场", "module": "开场", "library": True, "assessed": True,
                            "courses": names[:5], "questions": [entry], "roleplays": [], "simulations": []}]}
    blocks = catalogue_blocks(plan, labels_for("zh-CN", None))
    tables = [b for b in blocks if isinstance(b, Table)]
    header = lambda table: ["".join(s.text for s in h) for h in table.header]  # noqa: E731
    assert header(tables[0]) == ["公共模块"] + [f"课程c{k}" for k in range(6)]
    assert header(tables[1]) == ["公共模块", "课程c6", "课程c7"]
    assert tables[0].widths[0] == tables[1].widths[0] == 28.0
    row = ["".join(s.text for s in c) for c in tables[2].rows[0]]
    assert row[1] == "5 门课程" and row[2] == "a.q1 问题（课程c0，课程c1，课程c2）"
    # no role-play or simulation assesses any objective: no columns of dashes; their share
    # goes to the questions, and the note on role-plays is left out
    assert header(tables[2]) == ["学习目标", "所在课程", "测验题"]
    assert tables[2].widths == (20.0, 16.0, 64.0)
    assert not any("角色扮演" in "".join(s.text for s in b.text) for b in blocks if isinstance(b, Paragraph))


@pytest.mark.parametrize("language, words, face", [
    ("en", ["Support · Course catalogue", "Where the library modules are used", "All courses and cohorts"],
     "Microsoft YaHei"),
    ("zh-TW", ["Support · 課程目錄", "共用單元的使用情形", "全部課程與梯次", "梯次"], "Microsoft JhengHei"),
    ("zh-HK", ["Support · 課程目錄", "全部課程與班別", "班別"], "Microsoft JhengHei"),
])
def test_catalogue_in_the_system_s_language(system, language, words, face) -> None:
    """The catalogue speaks trainerkit.yml's language, whatever its courses are written in:
    its words (Hong Kong's where they differ from Taiwan's), its runs' tag and East Asian face."""
    root, _files, courses = system
    files = catalogue_files(root, "Support", language, courses)
    doc = Docx(io.BytesIO(files["catalog.docx"]))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    for w in words:
        assert w in text, w
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == (language if language != "en" else "zh-CN")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == face
    page = files["catalog.html"].decode("utf-8")
    assert f'<html lang="{language}"' in page and all(w in page for w in words[1:])


# -- the page --------------------------------------------------------------------------------------


def test_catalogue_html_reads_back_and_escapes(system) -> None:
    _root, files, _courses = system
    page = files["catalog.html"].decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in page and "Noto Sans CJK SC" in page
    tree = lhtml.fromstring(files["catalog.html"])
    assert tree.xpath("string(//h1)") == tree.xpath("string(//title)") == "客服培训体系 · 课程目录"
    assert [h.text_content() for h in tree.xpath("//section[@id='courses']/h3")] == [
        "投诉处理进阶", "新人入职培训", HOSTILE]
    header = [th.text_content() for th in tree.xpath("//div[@class='matrix']//thead/tr/th")]
    assert header == ["公共模块", "投诉处理进阶", "新人入职培训", HOSTILE]
    cells = [[(td.get("class"), td.text_content()) for td in tr.xpath("td")]
             for tr in tree.xpath("//div[@class='matrix']//tbody/tr")]
    assert cells[0] == [("none", ""), ("used", "✓"), ("used", "✓")]
    assert cells[1] == [("copy", f"近似副本（{near_percent(system)}%）modules/verify-local.md"), ("used", "✓"),
                        ("copy", "副本modules/verify-copy.md")]
    assert tree.xpath("//div[@class='matrix']//tbody/tr[2]/td[1]/br")  # the file on a line of its own
    verify_row = next(tr for tr in tree.xpath("//section[@id='objectives']//tbody/tr")
                      if tr.xpath("string(td[1])").startswith("verify.1"))
    tds = [" ".join(td.text_content().split()) for td in verify_row.xpath("td")]
    assert tds[2:] == ["verify.q1 客户拒绝提供保单号时，坐席应当？（新人入职培训）", "拒绝核实的客户（新人入职培训）",
                       "第三次来电的车主（新人入职培训）"]
    mastery = [" ".join(" ".join(c.text_content().split()) for c in tr.xpath("td|th"))
               for tr in tree.xpath("//section[@id='mastery']//tbody/tr")]
    assert mastery[3] == "全部课程和期次 9 56% 5/9"
    assert mastery[0].startswith("opening.1") and mastery[0].endswith("新人入职培训 2026-10-a 2 50% 1/2")


def test_catalogue_page_in_chromium(system, browser, tmp_path: Path) -> None:
    """Offline at phone width, nothing run: the matrix scrolls sideways in its own box while the
    library module column stays at its left edge, and its header row stays at its top."""
    _root, files, _courses = system
    path = tmp_path / "catalog.html"
    path.write_bytes(files["catalog.html"])
    page = browser.new_page(viewport={"width": 375, "height": 640})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    box = page.locator(".matrix")
    box.scroll_into_view_if_needed()
    first = page.locator(".matrix tbody th").first
    before = first.bounding_box()
    width = page.evaluate("() => { const m = document.querySelector('.matrix');"
                          " m.scrollLeft = 400; return m.scrollWidth - m.clientWidth; }")
    assert width > 0  # three courses do not fit 375 px: the box scrolls
    after = first.bounding_box()
    assert abs(after["x"] - before["x"]) < 1  # the module column stayed
    cell = page.locator(".matrix tbody td").last.bounding_box()
    assert cell["x"] + cell["width"] <= 375 + 1
    assert page.evaluate("() => getComputedStyle(document.querySelector('.matrix thead th')).position") == "sticky"
    assert dialogs == [] and all(u.startswith("file://") for u in asked)
    page.close()


# -- a library quiz bank, what keeps together on paper, the columns shown --------------------------

BANK = """\
Quiz title: 开场题库
Objective: opening.1
1.  开场白里要报什么？
*a) 工号
b)  生日
"""


def test_a_library_bank_s_question_is_one_line_naming_its_courses(tmp_path: Path) -> None:
    """A quiz bank under library/ that two courses list is the same questions in both, as a
    library module's own ```quiz is: one line each, naming the two courses (was one line per
    course); a course's own quiz file stays its own."""
    root = tmp_path / "system"
    (root / "library").mkdir(parents=True)
    (root / "trainerkit.yml").write_text("title: 体系\nlanguage: zh-CN\n", encoding="utf-8")
    (root / "library" / "opening.md").write_text(OPENING, encoding="utf-8")
    (root / "library" / "bank.txt").write_text(BANK, encoding="utf-8")
    for name, title in (("a", "甲课程"), ("b", "乙课程")):
        (root / "courses" / name / "quizzes").mkdir(parents=True)
        (root / "courses" / name / "quizzes" / "own.txt").write_text(
            BANK.replace("开场白里要报什么", f"{title}自己的题"), encoding="utf-8")
        (root / "courses" / name / "course.yml").write_text(
            f"title: {title}\nmodules: [library/opening.md]\nquizzes: [library/bank.txt, quizzes/own.txt]\n",
            encoding="utf-8")
    diags = Diagnostics()
    courses = [load(root / "courses" / n, diags) for n in ("a", "b")]
    assert not diags.errors, [str(d) for d in diags.errors]
    files = catalogue_files(root, "体系", "zh-CN", courses)
    doc = Docx(io.BytesIO(files["catalog.docx"]))
    [objectives] = [t for t in _tables(doc) if t[0][0] == "学习目标" and t[0][2] == "测验题"]
    [opening] = [r for r in objectives if r[0].startswith("opening.1")]
    assert opening[2].split("\n") == ["opening.q1 开场白的第一句说什么？（甲课程，乙课程）",
                                      "bank.q1 开场白里要报什么？（甲课程，乙课程）",
                                      "own.q1 甲课程自己的题？（甲课程）", "own.q1 乙课程自己的题？（乙课程）"]
    tree = lhtml.fromstring(files["catalog.html"])
    lines = [li.text_content() for li in tree.xpath("//section[@id='objectives']//tbody/tr[1]/td[3]//li")]
    assert lines == opening[2].split("\n")


def _keeps(tr) -> list[bool]:
    """Whether each paragraph of a table row keeps with the next."""
    out = []
    for p in tr.iter(f"{W}p"):
        k = p.find(f"{W}pPr/{W}keepNext")
        out.append(k is not None and k.get(f"{W}val", "1") not in ("0", "false"))
    return out


def test_catalogue_docx_keeps_headings_labels_and_groups_with_their_rows(system) -> None:
    """In the XML: every table's header row repeats on each page (w:tblHeader); a course's
    audience line keeps with its table, the objectives' label with its list; in the mastery
    table (13 rows: too long to keep whole), the header row, and each objective's rows but its
    last, keep with the next, so its label is on the page of its rows."""
    _root, files, _courses = system
    doc = Docx(io.BytesIO(files["catalog.docx"]))
    for t in doc.tables:
        assert t.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    body = list(doc.element.body)
    for here, after in zip(body, body[1:]):
        text = "".join(here.itertext())
        if text.startswith("培训对象："):
            assert after.tag == f"{W}tbl" and _keeps(here) == [True], text
        if text == "学习目标" and here.tag == f"{W}p":
            assert _keeps(here) == [True]
    mastery = doc.tables[5]
    rows = [tr._tr for tr in mastery.rows]
    assert len(rows) == 13
    keep = [all(_keeps(tr)) for tr in rows]
    # header; opening.1 (3 rows and the pooled one); opening.2 (likewise); verify.1 (2 and
    # pooled); verify-copy.1 (one row, which the row before keeps with: a long table never
    # ends on a page of one row, render/docx/keeps.keep_row)
    assert keep == [True, True, True, True, False, True, True, True, False, True, True, True, False]


def test_catalogue_on_paper_in_libreoffice(tmp_path: Path) -> None:
    """The sample system's catalog.docx as LibreOffice lays it out: each course's heading is on
    the page of its audience line and its table's first row (the new-hire course's heading and
    audience line sat at a page's foot, its table on the next page), and no page of the mastery
    or QA table starts with rows of an unnamed objective (a page started with a course's second
    cohort of calm.2)."""
    import re

    from conftest import ROOT
    from trainerkit.catalogue_plan import plan_catalogue

    system = ROOT / "systems" / "contact-centre"
    diags = Diagnostics()
    names = sorted(p.name for p in (system / "courses").iterdir() if (p / "course.yml").is_file())
    courses = [load(system / "courses" / n, diags) for n in names]
    files = catalogue_files(system, "安心保险", "zh-CN", courses)
    path = tmp_path / "catalog.docx"
    path.write_bytes(files["catalog.docx"])
    pages = pdf_text(to_pdf(path, tmp_path)).split("\f")
    plan = plan_catalogue(system, "安心保险", "zh-CN", courses)
    for c in plan["courses"]:
        [(page, at)] = [(p, m.end()) for p in pages
                        for m in re.finditer(rf"^\s*{re.escape(c['title'])}\s*$", p, re.M)]
        after = " ".join(page[at:].split())
        assert after.startswith(f"培训对象：{c['audience']}") and c["modules"][0]["title"] in after, c["title"]
    ids = {o["id"] for o in plan["objectives"]}
    headers = ("学习目标 课程 期次", "学习目标 课程 培训前")
    for k, page in enumerate(pages):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        starts = [n for n, line in enumerate(lines) if line.startswith(headers)]
        if starts and starts[0] + 1 < len(lines):
            first = lines[starts[0] + 1].split()[0]
            assert first in ids, (k + 1, lines[starts[0] + 1])
    # the mastery and QA tables list the objectives in the objectives table's order
    order = [o["id"] for o in plan["objectives"]]
    for part in ("mastery", "qa"):
        shown = [o["id"] for o in plan[part]]
        assert shown == [i for i in order if i in shown], part


def test_an_objective_too_long_for_a_page_names_itself_on_each_row() -> None:
    """An objective of more mastery rows than keep together (GROUP_ROWS) is split where the page
    ends: each of its rows after the first says its id, and none is asked to keep with the next;
    a short one's rows keep with the next but its last."""
    from trainerkit.catalogue import GROUP_ROWS, catalogue_blocks
    from trainerkit.model import Table
    from trainerkit.templates import labels_for

    def rows(n: int) -> list[dict]:
        return [{"course": "c", "cohort": f"k{k}", "learners": 2, "masters": 1, "mastery": 50.0} for k in range(n)]

    all_ = {"learners": 4, "masters": 2, "mastery": 50.0}
    plan = {"title": "体系", "language": "zh-CN", "near_copy": 90, "qa": [], "courses": [], "objectives": [],
            "titles": {"c": "课程"}, "matrix": {"courses": [], "rows": []},
            "mastery": [{"id": "a.1", "text": "长", "module": "a", "rows": rows(GROUP_ROWS), "all": all_},
                        {"id": "b.1", "text": "短", "module": "b", "rows": rows(2), "all": all_}]}
    groups: dict[int, list[int]] = {}
    [table] = [b for b in catalogue_blocks(plan, labels_for("zh-CN", None), groups) if isinstance(b, Table)]
    first = ["".join(s.text for s in r[0]) for r in table.rows]
    assert first == ["a.1\n长"] + ["a.1"] * GROUP_ROWS + ["b.1\n短", "", ""]
    assert groups[id(table)] == [GROUP_ROWS + 1, GROUP_ROWS + 2]


def test_the_copy_search_skips_only_pairs_difflib_would_not_call_copies():
    """find_copies compares a module with a library module only when their lines in common hold
    SAME_LINES of the two texts; for every pair it skips, similarity is 0 (seeded pairs: near
    copies edited here and there, modules written from one pattern, unrelated ones)."""
    import random

    from trainerkit.catalogue_plan import NEAR_COPY, SAME_LINES, _line_counts, similarity

    rng = random.Random(7)
    words = ["客户", "核实", "身份", "工单", "回电", "投诉", "定损", "保单", "the", "caller", "check",
             "verify", "::: notes", ":::", "- ", "## "]

    def text(n: int) -> list[str]:
        return ["".join(rng.choice(words) for _ in range(rng.randint(3, 12))) for _ in range(n)]

    skipped = compared = 0
    for _ in range(400):
        base = text(rng.randint(5, 40))
        other = list(base)
        for _ in range(rng.randint(0, len(base))):  # edits: from none to every line
            k = rng.randrange(len(other))
            choice = rng.random()
            if choice < 0.4:
                other[k] = other[k] + rng.choice(words)
            elif choice < 0.7:
                other.insert(k, "".join(rng.choice(words) for _ in range(5)))
            else:
                other[k] = ":::"  # pattern lines many modules share
        a, b = "\n".join(base), "\n".join(other)
        common = sum(len(line) * n for line, n in (_line_counts(a) & _line_counts(b)).items())
        if 2 * common < SAME_LINES * (len(a) + len(b)):
            skipped += 1
            assert similarity(a, b) < NEAR_COPY
        else:
            compared += 1
    assert skipped > 50 and compared > 50  # both kinds were tried
