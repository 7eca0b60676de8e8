"""scoresheet.xlsx, the sheet a trainer types the class's answers into: read back with openpyxl
(sheets, headers in the printed order of each paper, comments, in-cell checks, frozen panes,
widths, the roster's learners), the same bytes from two builds, none for a course with nothing
to score, and LibreOffice opening it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from trainerkit.build import build, load
from trainerkit.errors import Diagnostics
from trainerkit.model import plain
from trainerkit.quiz.versions import make_versions

from conftest import COURSES, need_tool, pdf_text, to_pdf
from readback_docx import docx_paragraphs

EPOCH = "1796083200"  # 2026-12-01 00:00 UTC

QUIZ = """\
Quiz title: 投诉处理 · 结业测验
Shuffle answers: true

Title: HEARD 顺序
Points: 2
1.  客户说完后，坐席下一步应当？
a)  立即给出解决方案
*b) 表达理解与共情
c)  核实身份
d)  转接组长

2.  客户说“我都打了三次电话了！”，以下哪些回应合适？
[*] 打了三次还没结果，换作是我也会着急。
[ ] 你先冷静一下。
[*] 非常抱歉让您多次来电，我马上为您查询。

3.  二次投诉的首次联系时限是几小时？
=   2

4.  HEARD 中的 A 代表什么？
*   致歉
*   Apologize

5.  坐席可以承诺回电的具体时间。
*a) 正确
b)  错误

Points: 5
6.  描述你会如何平复第三次来电的客户。
____
"""

MODULE = """\
---
title: 角色扮演
duration: 20
---

## 愤怒的客户

::: roleplay 愤怒的理赔客户
customer: 张先生，第三次来电
agent: 理赔专员
situation: 理赔两周未处理
goal: 平复情绪，给出处理时限
time: 10
observe:
- 是否先倾听再解释
- 是否使用共情话术，避免禁用语
- Did the agent confirm the next step, the owner and the deadline?
:::
"""

ROSTER = [{"id": "L01", "name": "王芳", "cohort": "", "team": ""},
          {"id": "L02", "name": "欧阳娜娜", "cohort": "", "team": ""},
          {"id": "007", "name": "Li Lei", "cohort": "", "team": ""}]


def make_course(root: Path, language: str = "zh-CN", quiz: bool = True, roleplay: bool = True) -> Path:
    """A course with two shuffled versions of one quiz file (single, multiple, numerical, short,
    true/false, essay) and a role-play with a three-item observer checklist."""
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text(
        f"title: 投诉处理\nlanguage: {language}\nquiz:\n  versions: 2\n  seed: 3\n  shuffle: true\n",
        encoding="utf-8")
    module = MODULE if roleplay else "---\ntitle: 开场\n---\n\n## 开场\n\n- 问候\n"
    (root / "modules" / "01-roleplay.md").write_text(module, encoding="utf-8")
    if quiz:
        (root / "quizzes").mkdir()
        (root / "quizzes" / "final.txt").write_text(QUIZ, encoding="utf-8")
    return root


def course_of(root: Path):
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    return course


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The course built once, its date fixed."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    tmp = tmp_path_factory.mktemp("scoresheet")
    try:
        build(make_course(tmp / "course"), tmp / "out", use_cache=False)
    finally:
        mp.undo()
    return tmp


def workbook(path: Path):
    return load_workbook(path)  # not read_only: comments and validations are read too


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def comment_sizes(data: bytes, sheet: int) -> dict[tuple[int, int], tuple[int, int]]:
    """The comment boxes of the sheet-th worksheet, (width, height) in pixels by (row, column)
    counted from 0, from the VML drawing its relationships name."""
    from lxml import etree

    v = "{urn:schemas-microsoft-com:vml}"
    x = "{urn:schemas-microsoft-com:office:excel}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = etree.fromstring(z.read(f"xl/worksheets/_rels/sheet{sheet}.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Type").endswith("/vmlDrawing"))
        vml = etree.fromstring(z.read(target.lstrip("/")))  # openpyxl names it from the root
    out = {}
    for shape in vml.iter(f"{v}shape"):
        style = dict(p.split(":", 1) for p in shape.get("style").replace(" ", "").split(";") if p)
        data = shape.find(f"{x}ClientData")
        out[(int(data.findtext(f"{x}Row")), int(data.findtext(f"{x}Column")))] = (
            int(style["width"].removesuffix("px")), int(style["height"].removesuffix("px")))
    return out


def checks(ws) -> dict[str, object]:
    """Each checked column's validation, by the column's letter."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[re.match(r"[A-Z]+", rng.coord).group()] = (dv, rng.coord)
    return out


# -- the sheets and their columns --------------------------------------------------------------


def test_a_sheet_per_version_and_per_role_play(built: Path) -> None:
    wb = workbook(built / "out" / "scoresheet.xlsx")
    assert wb.sheetnames == ["A", "B", "愤怒的理赔客户"]
    for name in ("A", "B"):
        assert headers(wb[name]) == ["learner", "name", "1", "2", "3", "4", "5", "6"]
        assert all(isinstance(c.value, str) for c in wb[name][1])  # numbers as text
    assert headers(wb["愤怒的理赔客户"]) == [
        "learner", "name", "是否先倾听再解释", "是否使用共情话术，避免禁用语",
        "Did the agent confirm the next step, the owner and the deadline?"]


def test_each_header_is_the_question_its_paper_prints_at_that_number(built: Path) -> None:
    """Column k+2 of sheet B is question k of quiz-B.docx: its comment holds the stem the paper
    prints after "k. ", and the two versions print the questions in different orders."""
    wb = workbook(built / "out" / "scoresheet.xlsx")
    orders: dict[str, list[str]] = {}
    papers: dict[str, dict[int, str]] = {}
    for letter in ("A", "B"):
        paper = [t for _, t in docx_paragraphs((built / "out" / f"quiz-{letter}.docx").read_bytes())]
        printed = {int(m.group(1)): m.group(2) for t in paper if (m := re.match(r"(\d+)\. (.+)", t))}
        assert sorted(printed) == [1, 2, 3, 4, 5, 6]
        ws = wb[letter]
        orders[letter] = []
        for cell in ws[1][2:]:
            stem = cell.comment.text.splitlines()[0]
            assert printed[int(cell.value)].startswith(stem), (letter, cell.value, stem)
            orders[letter].append(stem)
        papers[letter] = printed
    assert orders["A"] != orders["B"] and sorted(orders["A"]) == sorted(orders["B"])
    # the third question of paper B heads column E (the fifth) of sheet B, as make_versions poses it
    third = make_versions(course_of(built / "course"))[1].posed[2]
    assert third.number == 3 and wb["B"]["E1"].value == "3"
    assert papers["B"][3].startswith(wb["B"]["E1"].comment.text.splitlines()[0])
    assert wb["B"]["E1"].comment.text.splitlines()[0] == plain(third.question.stem[0].text)


def test_comments_say_the_question_its_points_and_what_to_type(built: Path) -> None:
    wb = workbook(built / "out" / "scoresheet.xlsx")
    ws = wb["A"]
    comments = {c.comment.text.splitlines()[0]: c.comment for c in ws[1][2:]}
    assert all(c.author == "trainerkit" for c in comments.values())
    assert comments["客户说完后，坐席下一步应当？"].text.splitlines()[1:] == ["2 分", "填写：A–D"]
    assert comments["客户说“我都打了三次电话了！”，以下哪些回应合适？"].text.splitlines()[1:] == [
        "1 分", "填写：多个字母，如 A,C"]
    assert comments["二次投诉的首次联系时限是几小时？"].text.splitlines()[2] == "填写：数字"
    assert comments["HEARD 中的 A 代表什么？"].text.splitlines()[2] == "填写：照抄学员写的答案"
    assert comments["坐席可以承诺回电的具体时间。"].text.splitlines()[2] == "填写：A–B"
    assert comments["描述你会如何平复第三次来电的客户。"].text.splitlines()[1:] == ["5 分", "填写：得分 0–5"]
    learner = ws["A1"].comment.text
    assert learner.startswith("学员编号") and "所考版本" in learner  # two versions: which sheet
    assert ws["B1"].comment.text == "学员姓名"
    rp = wb["愤怒的理赔客户"]
    assert "所考版本" not in rp["A1"].comment.text
    assert rp["D1"].comment.text == "是否使用共情话术，避免禁用语\n1 = 做到了，0 = 没做到"
    # sized to show (openpyxl reads no size back: the VML drawing's shapes say it): a comment
    # of a longer line is wider, one of more lines taller
    sizes = comment_sizes((built / "out" / "scoresheet.xlsx").read_bytes(), 1)
    column = {c.comment.text.splitlines()[0]: c.column - 1 for c in ws[1][2:]}
    wide = sizes[(0, column["客户说“我都打了三次电话了！”，以下哪些回应合适？"])]
    narrow = sizes[(0, column["二次投诉的首次联系时限是几小时？"])]
    assert wide[0] > narrow[0] >= 160 and wide[0] <= 320
    assert wide[1] >= 3 * 15 and narrow[1] >= 3 * 15
    assert sizes[(0, 0)][1] > sizes[(0, 1)][1]  # the learner's note: two long lines, wrapped


def test_in_cell_checks_offer_the_letters_and_bound_the_points(built: Path) -> None:
    wb = workbook(built / "out" / "scoresheet.xlsx")
    ws = wb["A"]
    by_stem = {c.comment.text.splitlines()[0]: c.column_letter for c in ws[1][2:]}
    found = checks(ws)
    single, rng = found[by_stem["客户说完后，坐席下一步应当？"]]
    assert single.type == "list" and single.formula1 == '"A,B,C,D"' and single.allow_blank
    assert rng == f"{by_stem['客户说完后，坐席下一步应当？']}2:{by_stem['客户说完后，坐席下一步应当？']}41"
    assert single.errorStyle == "stop" and single.showErrorMessage
    assert single.errorTitle == "不是有效答案" and single.error == "请填写字母 A，B，C，D 之一；未作答请留空。"
    assert found[by_stem["坐席可以承诺回电的具体时间。"]][0].formula1 == '"A,B"'
    essay = found[by_stem["描述你会如何平复第三次来电的客户。"]][0]
    assert (essay.type, essay.operator, essay.formula1, essay.formula2, essay.errorStyle) == (
        "decimal", "between", "0", "5", "stop")
    assert essay.error == "请填写所给的分数，0 到 5 之间。"
    number = found[by_stem["二次投诉的首次联系时限是几小时？"]][0]
    assert number.type == "decimal" and number.errorStyle == "warning"  # the trainer may keep what was written
    # several letters and a typed answer are not checked: "A,C" and 致歉 are no list's items
    assert by_stem["客户说“我都打了三次电话了！”，以下哪些回应合适？"] not in found
    assert by_stem["HEARD 中的 A 代表什么？"] not in found
    assert "A" not in found and "B" not in found
    rp = checks(wb["愤怒的理赔客户"])
    assert sorted(rp) == ["C", "D", "E"]
    assert all(dv.formula1 == '"0,1"' and dv.error == "请填写 1（做到了）或 0（没做到）。" for dv, _ in rp.values())


def test_header_row_and_learner_columns_are_frozen_bold_and_wide_enough(built: Path) -> None:
    wb = workbook(built / "out" / "scoresheet.xlsx")
    for ws in wb.worksheets:
        assert ws.freeze_panes == "C2"
        assert all(c.font.b for c in ws[1])
        assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    rp = wb["愤怒的理赔客户"]
    # 是否先倾听再解释: 8 Chinese characters are 16 columns wide, and wider than an English item of 16
    assert rp.column_dimensions["C"].width >= 16
    assert rp.column_dimensions["E"].width <= 32 and rp.row_dimensions[1].height > 15  # wraps
    ws = wb["A"]
    assert ws["C2"].number_format in ("@", "General")
    assert ws["A2"].number_format == "@" and ws["A41"].number_format == "@"  # 007 stays 007


def test_without_a_roster_forty_empty_rows_are_ready(built: Path) -> None:
    wb = workbook(built / "out" / "scoresheet.xlsx")
    for ws in wb.worksheets:
        assert all(c.value is None for row in ws.iter_rows(min_row=2) for c in row)


def test_the_roster_s_learners_are_prefilled_on_every_sheet(built: Path) -> None:
    """course.results is the analysis (build.load sets it); its roster prefills id and name."""
    from trainerkit.outputs import OUTPUTS
    from trainerkit.templates import Templates

    course = course_of(built / "course")
    output = OUTPUTS["scoresheet"]
    course = replace(course, results={"roster": ROSTER})
    planned = output.plan(course, Templates(course, Diagnostics()))
    assert planned["rows"] == [["L01", "王芳"], ["L02", "欧阳娜娜"], ["007", "Li Lei"]]
    wb = load_workbook(io.BytesIO(output.render(planned)["scoresheet.xlsx"]))
    for ws in wb.worksheets:
        got = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=5, max_col=3)]
        assert got == [["L01", "王芳", None], ["L02", "欧阳娜娜", None], ["007", "Li Lei", None],
                       [None, None, None]]
        assert ws.column_dimensions["B"].width >= 12
    # what a roster says is text, never a formula, and control characters are left out
    odd = [{"id": "L09", "name": "=1+1"}, {"id": "L10", "name": "Zhang\x07 Wei"}]
    planned = output.plan(replace(course, results={"roster": odd}), Templates(course, Diagnostics()))
    ws = load_workbook(io.BytesIO(output.render(planned)["scoresheet.xlsx"]))["A"]
    assert (ws["B2"].value, ws["B2"].data_type, ws["B3"].value) == ("=1+1", "s", "Zhang Wei")
    # a class of 45: checks reach 10 rows past the last learner (for those who join on the day)
    many = [{"id": f"L{n:02}", "name": f"学员{n}"} for n in range(1, 46)]
    planned = output.plan(replace(course, results={"roster": many}), Templates(course, Diagnostics()))
    ws = load_workbook(io.BytesIO(output.render(planned)["scoresheet.xlsx"]))["A"]
    assert ws["A46"].value == "L45" and ws["A47"].value is None
    assert {coord.split(":")[1][1:] for _, coord in checks(ws).values()} == {"56"}  # 2–46 the class, 47–56 spare


def test_english_words_in_an_english_course(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", language="en")
    result = build(root, tmp_path / "out", only=["scoresheet"], use_cache=False)
    assert result.files == ["scoresheet.xlsx"]
    wb = workbook(tmp_path / "out" / "scoresheet.xlsx")
    texts = [c.comment.text for c in wb["A"][1]]
    assert texts[0] == ("The learner's id (L01, L02 …), the same on every sheet\nType a learner's "
                        "answers on the sheet of the version they sat (A, B …); leave their row "
                        "empty on the others.")
    assert "2 points\nType: A–D" in "\n".join(texts) and "1 point\nType: several letters, e.g. A,C" \
        in "\n".join(texts)
    assert "Type: points 0–5" in "\n".join(texts) and "Type: a number" in "\n".join(texts)
    found = checks(wb["A"])
    assert {dv.error for dv, _ in found.values()} >= {
        "Type one of the letters A, B, C, D, or leave the cell empty for no answer.",
        "Type the points given, from 0 to 5."}
    assert wb.properties.title == "投诉处理 · Score sheet"


# -- when it is made, and the same bytes -------------------------------------------------------


def test_two_builds_give_the_same_bytes_dated_the_build_s_day(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_course(tmp_path / "course")
    first, second = [build(root, tmp_path / out, only=["scoresheet"], use_cache=False)
                     for out in ("one", "two")]
    data = (tmp_path / "one" / "scoresheet.xlsx").read_bytes()
    assert data == (tmp_path / "two" / "scoresheet.xlsx").read_bytes()
    wb = load_workbook(io.BytesIO(data))
    assert wb.properties.created == wb.properties.modified == datetime(2026, 12, 1)
    assert wb.properties.language == "zh-CN"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None


def test_kept_whole_in_the_cache(tmp_path: Path, monkeypatch) -> None:
    from trainerkit.outputs import OUTPUTS

    root = make_course(tmp_path / "course")
    build(root, tmp_path / "out", jobs=1)
    before = (tmp_path / "out" / "scoresheet.xlsx").read_bytes()
    ran: list[str] = []
    original = type(OUTPUTS["scoresheet"]).render
    monkeypatch.setattr(type(OUTPUTS["scoresheet"]), "render",
                        lambda self, planned, cache=None: ran.append("x") or original(self, planned, cache))
    module = root / "modules" / "01-roleplay.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n## 复盘\n\n- 一点\n", encoding="utf-8")
    build(root, tmp_path / "out", jobs=1)
    assert ran == [] and (tmp_path / "out" / "scoresheet.xlsx").read_bytes() == before
    # a choice's text is on no sheet: the sheet is kept; a question's text is in a comment
    (root / "quizzes" / "final.txt").write_text(QUIZ.replace("核实身份", "核实客户身份"), encoding="utf-8")
    build(root, tmp_path / "out", jobs=1)
    assert ran == []
    (root / "quizzes" / "final.txt").write_text(QUIZ.replace("几小时", "多少小时"), encoding="utf-8")
    build(root, tmp_path / "out", jobs=1)
    assert ran == ["x"] and "多少小时" in "".join(
        c.comment.text for c in load_workbook(tmp_path / "out" / "scoresheet.xlsx")["A"][1])


def test_made_only_when_there_is_something_to_score(tmp_path: Path) -> None:
    hello = tmp_path / "hello"
    shutil.copytree(COURSES / "hello", hello)
    assert "scoresheet.xlsx" not in build(hello, tmp_path / "h", use_cache=False).files
    only_rp = make_course(tmp_path / "rp", quiz=False)
    assert "scoresheet.xlsx" in build(only_rp, tmp_path / "r", use_cache=False).files
    assert load_workbook(tmp_path / "r" / "scoresheet.xlsx").sheetnames == ["愤怒的理赔客户"]
    only_quiz = make_course(tmp_path / "q", roleplay=False)
    build(only_quiz, tmp_path / "q-out", use_cache=False)
    wb = load_workbook(tmp_path / "q-out" / "scoresheet.xlsx")
    assert wb.sheetnames == ["A", "B"]


def test_a_stale_score_sheet_is_removed(tmp_path: Path) -> None:
    """The quiz and the role-play gone, the next build removes the sheet it made before."""
    root = make_course(tmp_path / "course")
    build(root, tmp_path / "out")
    assert (tmp_path / "out" / "scoresheet.xlsx").exists()
    shutil.rmtree(root / "quizzes")
    (root / "modules" / "01-roleplay.md").write_text("---\ntitle: 开场\n---\n\n## 开场\n\n- 问候\n",
                                                     encoding="utf-8")
    result = build(root, tmp_path / "out")
    assert "scoresheet.xlsx" not in result.files and not (tmp_path / "out" / "scoresheet.xlsx").exists()


def test_libreoffice_opens_it(built: Path, tmp_path: Path) -> None:
    src = tmp_path / "scoresheet.xlsx"
    shutil.copy(built / "out" / "scoresheet.xlsx", src)
    text = pdf_text(to_pdf(src, tmp_path))
    for word in ("learner", "name", "是否先倾听再解释"):
        assert word in text, word


def test_libreoffice_keeps_the_comments_and_checks(built: Path, tmp_path: Path) -> None:
    """Calc opens the sheet and saves it as its own .xlsx: the sheets, headers, comments and
    in-cell checks are all still there, so Calc read them as what they are."""
    soffice = need_tool("soffice")
    shutil.copy(built / "out" / "scoresheet.xlsx", tmp_path / "in.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "back"),
                    str(tmp_path / "in.xlsx")], check=True, capture_output=True, timeout=240)
    ours, back = workbook(tmp_path / "in.xlsx"), workbook(tmp_path / "back" / "in.xlsx")
    assert back.sheetnames == ours.sheetnames
    for name in ours.sheetnames:
        assert headers(back[name]) == headers(ours[name])
        assert [c.comment.text for c in back[name][1]] == [c.comment.text for c in ours[name][1]]
        lists = lambda ws: sorted((dv.type, dv.formula1, dv.error) for dv in ws.data_validations.dataValidation)  # noqa: E731
        assert lists(back[name]) == lists(ours[name])


def test_no_schema_findings(built: Path) -> None:
    """openxml-audit (the Open XML SDK's checks) finds nothing: the strings are shared and the
    fonts' children in order, as Excel writes them."""
    import openxml_audit

    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(built / "out" / "scoresheet.xlsx")
    assert [f"{e.part_uri}: {e.severity.value}: {e.description}" for e in result.errors] == []


# -- with the class's results ------------------------------------------------------------------


def test_a_roster_in_results_prefills_the_sheet(tmp_path: Path) -> None:
    """results/roster.csv, before the class: its learners on every sheet, ids as written."""
    root = make_course(tmp_path / "course")
    (root / "results").mkdir()
    (root / "results" / "roster.csv").write_text(
        "learner,name,cohort,team\nL01,王芳,2027-01,一组\n007,Li Lei,2027-01,二组\n", encoding="utf-8")
    build(root, tmp_path / "out", only=["scoresheet"], use_cache=False)
    wb = workbook(tmp_path / "out" / "scoresheet.xlsx")
    for ws in wb.worksheets:
        assert [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=4, max_col=2)] == [
            ["L01", "王芳"], ["007", "Li Lei"], [None, None]]


def test_a_roster_of_several_classes_prefills_its_last(tmp_path: Path) -> None:
    """The trainer adds the next class to roster.csv: the sheet is for that class, not for all."""
    root = make_course(tmp_path / "course")
    (root / "results").mkdir()
    (root / "results" / "roster.csv").write_text(
        "learner,name,cohort\nL01,王芳,2026-12\nL02,李雷,2026-12\nL03,韩梅梅,2027-01\n", encoding="utf-8")
    build(root, tmp_path / "out", only=["scoresheet"], use_cache=False)
    ws = workbook(tmp_path / "out" / "scoresheet.xlsx").worksheets[0]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=3, max_col=2)] == [
        ["L03", "韩梅梅"], [None, None]]


def test_the_sheet_typed_in_is_read_back_as_the_paper_it_stands_for(tmp_path: Path) -> None:
    """The sheet filled in as a trainer would (L01 sat B and got every question right, in B's
    letters; L02 sat A and left all blank but the essay) and dropped into results/: the readers
    map B's letters back, so L01 scores full marks and L02 only the essay's points."""
    root = make_course(tmp_path / "course")
    build(root, tmp_path / "out", only=["scoresheet", "quiz"], use_cache=False)
    course = course_of(root)
    wb = workbook(tmp_path / "out" / "scoresheet.xlsx")
    versions = {v.letter: v for v in make_versions(course)}
    for letter, row, learner in (("B", 2, ("L01", "王芳")), ("A", 3, ("L02", "李娜"))):
        ws = wb[letter]
        ws.cell(row=row, column=1, value=learner[0])
        ws.cell(row=row, column=2, value=learner[1])
        for col, posed in enumerate(versions[letter].posed, 3):
            q = posed.question
            if learner[0] == "L02":
                value = 4 if q.kind == "essay" else None
            elif q.kind in ("single", "true_false", "multiple"):
                value = ",".join("ABCD"[k] for k, c in enumerate(posed.choices) if c.correct)
            elif q.kind == "numerical":
                value = 2
            elif q.kind == "short":
                value = q.answers[0]
            else:
                value = 5
            ws.cell(row=row, column=col, value=value)
    (root / "results").mkdir()
    wb.save(root / "results" / "2027-01.xlsx")
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    learners = {x["id"]: x for x in course.results["learners"]}
    assert learners["L01"]["version"] == "B" and learners["L01"]["percent"] == 100.0
    # L02: the essay's 4 of its 5 points, of 2 + 1 + 1 + 1 + 1 + 5 = 11: 36.4 %
    assert learners["L02"]["points"] == 4 and learners["L02"]["max"] == 11
