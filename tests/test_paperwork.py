"""The class's paperwork from its roster (issue 15): signin.docx (a page per day, the roster's
rows, the header row on every page), evaluation.docx (the default questions per language, a
course's own, its errors), certificates.pptx (a Title Slide per learner who passed), read
back with python-docx and python-pptx, audited by openxml-audit and converted by LibreOffice."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import IN_CI, need_tool, pdf_text, to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

ROSTER = [("L01", "王芳", "一组"), ("L02", "李娜", "一组"), ("L03", "张伟", "二组"),
          ("L04", "陈静", ""), ("L05", "Jane Lee", "二组")]


def write_course(root: Path, language: str = "zh-CN", schedule: bool = True,
                 days: tuple[int, ...] = (180, 420), title: str = "投诉处理") -> Path:
    """A small course: a module per day, each as long as days says (minutes)."""
    (root / "modules").mkdir(parents=True)
    yml = [f"title: {title}", f"language: {language}", "author: 张老师", "organization: 客服中心"]
    if schedule:
        yml += ["schedule:", '  start: "09:00"']
    (root / "course.yml").write_text("\n".join(yml) + "\n", encoding="utf-8")
    for n, minutes in enumerate(days, 1):
        day = f"day: {n}\n" if n > 1 else ""
        (root / "modules" / f"0{n}-m{n}.md").write_text(
            f"---\ntitle: 单元{n}\nduration: {minutes}\n{day}objectives:\n  - 倾听\n---\n"
            f"# 单元{n}\n\n## 第一页\n\n内容\n", encoding="utf-8")
    return root


def analysis(roster=ROSTER, passed=("L01", "L05"), cohort: str = "", date: str = "2026-11-12") -> dict:
    """An analysis dict of the contract's shape, as build.load would set it."""
    learners = [{"id": i, "name": n, "cohort": cohort, "version": "A", "percent": 92.5 if i in passed else 55.0,
                 "passed": i in passed, "points": 0, "max": 0, "objectives": {}, "roleplay": {},
                 "source": "scoresheet", "loc": "results/c.csv:2"} for i, n, _t in roster]
    return {"course": "", "language": "zh-CN", "pass_mark": 80.0,
            "roster": [{"id": i, "name": n, "cohort": cohort, "team": t} for i, n, t in roster],
            "cohort": "2026-11", "learners": learners, "questions": [], "objectives": [], "test": {},
            "roleplays": [], "evaluation": {}, "flags": [],
            "cohorts": [{"name": "2026-11", "date": date, "files": ["results/2026-11.csv"]}]}


def loaded(root: Path, results: dict | None):
    from trainerkit.build import load
    from trainerkit.errors import Diagnostics

    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, diags.errors
    return replace(course, results=results)


def make(course, name: str, out: Path | None = None):
    """An output's files (written into out when given), and the problems it met."""
    from trainerkit.errors import Diagnostics
    from trainerkit.outputs import OUTPUTS
    from trainerkit.templates import Templates

    diags = Diagnostics()
    templates = Templates(course, diags)
    output = OUTPUTS[name]
    output.check(course, templates)
    files = output.render(output.plan(course, templates))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for file, data in files.items():
            (out / file).write_bytes(data)
    return files, diags


def docx_of(data: bytes):
    import io

    import docx

    return docx.Document(io.BytesIO(data))


def cells(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def page_breaks(doc) -> int:
    body = doc.element.body
    return (len(body.findall(f".//{W}br[@{W}type='page']"))
            + len(body.findall(f".//{W}pageBreakBefore")))


# ---------------------------------------------------------------------------------------------
# The sign-in sheet


def test_signin_a_page_per_day_with_the_roster_in_order(tmp_path):
    course = loaded(write_course(tmp_path / "c"), analysis())
    files, diags = make(course, "signin")
    doc = docx_of(files["signin.docx"])
    assert len(doc.tables) == 2 and page_breaks(doc) == 1  # two days, a page each
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["投诉处理 · 签到表"] * 2
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "第 1 天 · 09:00–12:00 · 日期：______年____月____日" in text
    assert "第 2 天 · 09:00–16:00" in text and "讲师：张老师 · 客服中心" in text
    day1, day2 = (cells(t) for t in doc.tables)
    # Day 1 ends at noon: one sign-in; day 2 runs all day: morning and afternoon.
    assert day1[0] == ["序号", "学员编号", "姓名", "组别", "签到"]
    assert day2[0] == ["序号", "学员编号", "姓名", "组别", "上午签到", "下午签到"]
    for rows in (day1, day2):
        assert [r[:4] for r in rows[1:6]] == [[str(k), i, n, t] for k, (i, n, t) in enumerate(ROSTER, 1)]
        assert rows[6][:2] == ["6", ""] and rows[7][:2] == ["7", ""]  # two for walk-ins
        assert all(c == "" for r in rows[1:] for c in r[4:])  # nothing in the room to sign
    for table in doc.tables:
        trs = table._tbl.findall(f"{W}tr")
        assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeated on each page
        heights = [tr.find(f"{W}trPr/{W}trHeight") for tr in trs[1:]]
        assert all(h is not None and int(h.get(f"{W}val")) >= 567 for h in heights)  # 1 cm to sign
        widths = [int(g.get(f"{W}w")) for g in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]
        assert min(widths[4:]) > max(widths[:4])  # the room to sign is the widest
    assert not diags.errors


def test_signin_without_a_schedule_is_one_day_and_no_team_column(tmp_path):
    roster = [(i, n, "") for i, n, _t in ROSTER]
    course = loaded(write_course(tmp_path / "c", "en", schedule=False, days=(90,), title="Complaints"),
                    analysis(roster))
    doc = docx_of(make(course, "signin")[0]["signin.docx"])
    assert len(doc.tables) == 1 and page_breaks(doc) == 0
    rows = cells(doc.tables[0])
    assert rows[0] == ["No.", "Learner ID", "Name", "Sign-in"]  # 90 minutes: half a day
    assert [r[2] for r in rows[1:6]] == [n for _i, n, _t in roster]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Day 1" not in text and "Date: ____" in text and "Trainer: 张老师" in text


def test_signin_is_for_the_rosters_last_cohort(tmp_path):
    """A trainer adds the next class to roster.csv: the sheets (two days) are for that class only."""
    results = analysis()
    for k, r in enumerate(results["roster"]):
        r["cohort"] = "2026-11" if k < 3 else "2026-12"
    course = loaded(write_course(tmp_path / "c"), results)
    doc = docx_of(make(course, "signin")[0]["signin.docx"])
    assert len(doc.tables) == 2 and page_breaks(doc) == 1
    assert [[r[1] for r in cells(t)[1:-2]] for t in doc.tables] == [["L04", "L05"]] * 2
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count("期次：2026-12") == 2 and "2026-11" not in text


def test_signin_header_row_repeats_on_the_next_page(tmp_path):
    roster = [(f"L{k:02d}", f"学员{k}", "") for k in range(1, 41)]
    course = loaded(write_course(tmp_path / "c", days=(420,)), analysis(roster))
    make(course, "signin", tmp_path / "out")
    pdf = to_pdf(tmp_path / "out" / "signin.docx", tmp_path / "out")
    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for page in pages:
        assert "学员编号" in page and "上午签到" in page  # the header row on every page
    assert "L01" in pages[0] and "L40" in pages[-1] and "L40" not in pages[0]


# ---------------------------------------------------------------------------------------------
# The evaluation form


@pytest.mark.parametrize("language, first, recommend, title", [
    ("zh-CN", "课程内容与我的工作相关。", "你有多大可能向同事推荐本课程？", "课程评估表"),
    ("zh-TW", "課程內容和我的工作相關。", "你有多大可能向同事推薦這門課程？", "課程滿意度調查表"),
    ("en", "The content is relevant to my job.", "How likely are you to recommend", "Course evaluation"),
])
def test_evaluation_questions_in_the_course_language(tmp_path, language, first, recommend, title):
    from trainerkit.results.evaluation import form

    course = loaded(write_course(tmp_path / "c", language), analysis())
    questions = form(course)
    assert [q["id"] for q in questions] == [str(n) for n in range(1, 10)]
    assert [q["kind"] for q in questions] == ["rating"] * 7 + ["text"] * 2
    assert questions[0]["text"] == first and questions[0]["scale"] == [1, 5]
    assert questions[6]["text"].startswith(recommend) and questions[6]["scale"] == [0, 10]
    assert questions[6]["optional"] is True
    doc = docx_of(make(course, "evaluation")[0]["evaluation.docx"])
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == [f"投诉处理 · {title}"] * len(ROSTER)  # a form per learner
    assert page_breaks(doc) == len(ROSTER) - 1
    ratings, recommend_table = cells(doc.tables[0]), cells(doc.tables[1])
    assert ratings[0][2:] == ["1", "2", "3", "4", "5"]
    assert [r[:2] for r in ratings[1:]] == [[q["id"], q["text"]] for q in questions[:6]]
    assert all(c == "☐" for r in ratings[1:] for c in r[2:])
    assert recommend_table[0][2:] == [str(n) for n in range(11)]
    assert recommend_table[1][0] == "7" and recommend_table[1][2:] == ["☐"] * 11
    text = [p.text for p in doc.paragraphs]
    assert f"8. {questions[7]['text']}" in text and f"9. {questions[8]['text']}" in text
    name_line = next(t for t in text if t.startswith(("姓名", "Name")))
    assert set(name_line.split("：" if "：" in name_line else ": ")[1]) == {"_"}  # left blank
    assert not any("王芳" in t for t in text)  # anonymous: no learner's name on a form


def test_a_course_writes_its_own_questions(tmp_path):
    from trainerkit.results.evaluation import form

    root = write_course(tmp_path / "c")
    (root / "templates").mkdir()
    (root / "templates" / "evaluation.yml").write_text(
        "zh-CN:\n"
        "  - 案例贴近我们的来电。\n"
        "  - id: pace\n    text: 课程节奏如何？\n    kind: choice\n    choices:\n      - 太快\n      - 刚好\n      - 太慢\n"
        "  - id: wish\n    text: 还想学什么？\n    kind: text\n"
        "en:\n  - The cases are like our calls.\n", encoding="utf-8")
    course = loaded(root, analysis())
    assert form(course) == [
        {"id": "1", "text": "案例贴近我们的来电。", "kind": "rating", "scale": [1, 5], "choices": [],
         "optional": False},
        {"id": "pace", "text": "课程节奏如何？", "kind": "choice", "scale": None,
         "choices": ["太快", "刚好", "太慢"], "optional": False},
        {"id": "wish", "text": "还想学什么？", "kind": "text", "scale": None, "choices": [],
         "optional": False}]
    doc = docx_of(make(course, "evaluation")[0]["evaluation.docx"])
    text = [p.text for p in doc.paragraphs]
    assert "pace. 课程节奏如何？" in text and "wish. 还想学什么？" in text
    assert ["A. 太快", "B. 刚好", "C. 太慢"] == [t.split("\t")[-1] for t in text if t.endswith(("太快", "刚好", "太慢"))][:3]
    assert cells(doc.tables[0])[1][:2] == ["1", "案例贴近我们的来电。"]
    # Its English group is the English course's; a plain list is the course language's.
    en = replace(course, language="en")
    assert [q["text"] for q in form(en)] == ["The cases are like our calls."]
    (root / "templates" / "evaluation.yml").write_text("- 只有一题\n", encoding="utf-8")
    assert [q["text"] for q in form(course)] == ["只有一题"]


def test_a_course_s_english_questions_do_not_replace_the_built_in_chinese(tmp_path):
    from trainerkit.results.evaluation import form

    root = write_course(tmp_path / "c", "zh-TW")
    (root / "templates").mkdir()
    (root / "templates" / "evaluation.yml").write_text("en:\n  - Only English\n", encoding="utf-8")
    assert form(loaded(root, None))[0]["text"] == "課程內容和我的工作相關。"


def test_a_bad_evaluation_file_gives_located_errors(tmp_path):
    from trainerkit.build import check

    root = write_course(tmp_path / "c")
    (root / "templates").mkdir()
    (root / "templates" / "evaluation.yml").write_text(
        "zh-CN:\n"                      # 1
        "  - text: 讲师清楚\n"           # 2
        "    knd: rating\n"             # 3  unknown key
        "  - text: 节奏\n"               # 4
        "    kind: choise\n"            # 5  bad kind
        "  - text: 评分\n"               # 6
        "    scale: [1, 20]\n"          # 7  too many points
        "  - text: 选一个\n"             # 8
        "    kind: choice\n"            # 9  no choices
        "  - id: learner\n"             # 10 a reserved column
        "    text: 你是谁\n"             # 11
        "  - id: 1\n"                   # 12 the first question's id again
        "    text: 重复\n"               # 13
        "  - kind: text\n"              # 14 no text
        "  - text: 备注\n"               # 15
        "    kind: text\n"              # 16
        "    scale: [1, 5]\n"           # 17 a scale on a text question
        "chinese: []\n", encoding="utf-8")  # 18 not a language
    found = [(d.location.line, str(d.message)) for d in check(root) if d.severity == "error"]
    lines = [line for line, _m in found]
    assert lines == [3, 5, 7, 9, 10, 12, 14, 17, 18], found
    messages = dict(found)
    assert 'unknown key "knd" in an evaluation question; did you mean "kind"?' in messages[3]
    assert 'unknown kind "choise" of question; did you mean "choice"?' in messages[5]
    assert "[1, 5] or [0, 10]" in messages[7]
    assert 'needs "choices:"' in messages[9]
    assert 'question id "learner" is the name of a column' in messages[10]
    assert 'question id "1" is already used by the question on line 2' in messages[12]
    assert 'has no "text:"' in messages[14]
    assert '"scale" is for rating questions' in messages[17]
    assert '"chinese" is not a language tag' in messages[18]
    assert all(str(d.location.path).endswith("evaluation.yml") for d in check(root) if d.severity == "error")


def test_which_outputs_a_course_gets(tmp_path):
    from trainerkit.outputs import OUTPUTS

    root = write_course(tmp_path / "c")
    names = ("signin", "evaluation", "certificates")
    none = loaded(root, None)
    assert [OUTPUTS[n].has_content(none) for n in names] == [False, False, False]
    nobody_passed = loaded(root, analysis(passed=()))
    assert [OUTPUTS[n].has_content(nobody_passed) for n in names] == [True, True, False]
    assert [OUTPUTS[n].has_content(loaded(root, analysis())) for n in names] == [True, True, True]
    # Its own questions and no roster: a single form to copy.
    (root / "templates").mkdir()
    (root / "templates" / "evaluation.yml").write_text("- 案例贴近我们的来电。\n", encoding="utf-8")
    assert [OUTPUTS[n].has_content(none) for n in names] == [False, True, False]
    doc = docx_of(make(none, "evaluation")[0]["evaluation.docx"])
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["投诉处理 · 课程评估表"]
    assert page_breaks(doc) == 0


# ---------------------------------------------------------------------------------------------
# The certificates


def test_certificates_a_title_slide_per_learner_who_passed(tmp_path):
    import io

    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    course = loaded(write_course(tmp_path / "c"), analysis(passed=("L01", "L05")))
    prs = Presentation(io.BytesIO(make(course, "certificates")[0]["certificates.pptx"]))
    reference = Presentation(str(Path(__file__).parents[1] / "templates" / "reference.pptx"))
    title_layout = next(l.name for l in reference.slide_layouts
                        if any(p.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE for p in l.placeholders))
    slides = list(prs.slides)
    assert len(slides) == 2
    for slide, name in zip(slides, ["王芳", "Jane Lee"]):
        assert slide.slide_layout.name == title_layout == "Title Slide"
        title = next(s for s in slide.placeholders if s.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE)
        subtitle = next(s for s in slide.placeholders if s.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE)
        assert title.text_frame.text == "结业证书"
        lines = [p.text for p in subtitle.text_frame.paragraphs]
        assert lines == [name, "已完成《投诉处理》课程学习并通过考核", "2026年11月12日", "讲师：张老师 · 客服中心"]
        assert subtitle.text_frame.paragraphs[0].runs[0].font.bold
        assert slide.notes_slide.notes_text_frame.text == "测验成绩 92.5%（及格线 80%）"
    text = " ".join(s.text_frame.text for sl in slides for s in sl.placeholders)
    assert "李娜" not in text and "张伟" not in text  # who failed gets none
    # The name is tagged with the course's language and its East Asian face.
    rpr = slides[0].placeholders[1].text_frame.paragraphs[0].runs[0]._r.find(f"{A}rPr")
    assert rpr.get("lang") == "zh-CN" and rpr.find(f"{A}ea").get("typeface")


def test_certificates_in_english_with_the_build_date(tmp_path, monkeypatch):
    import io

    from pptx import Presentation

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
    course = loaded(write_course(tmp_path / "c", "en-US", title="Complaints"), analysis(date=""))
    prs = Presentation(io.BytesIO(make(course, "certificates")[0]["certificates.pptx"]))
    subtitle = list(prs.slides)[0].placeholders[1]
    assert [p.text for p in subtitle.text_frame.paragraphs] == [
        "王芳", "has completed the course Complaints", "December 1, 2026", "Trainer: 张老师 · 客服中心"]
    assert list(prs.slides)[0].shapes.title.text == "Certificate of Completion"


# ---------------------------------------------------------------------------------------------
# What Office and LibreOffice make of them


@pytest.fixture(scope="module")
def paperwork(tmp_path_factory) -> Path:
    """The three files for a course in Taiwan's Chinese, written out."""
    root = write_course(tmp_path_factory.mktemp("course") / "c", "zh-TW", title="客訴處理")
    roster = [("L01", "林怡君", "第一組"), ("L02", "陳冠宇", "第二組"), ("L03", "王小明", "")]
    course = loaded(root, analysis(roster, passed=("L01", "L02")))
    out = tmp_path_factory.mktemp("paperwork")
    for name in ("signin", "evaluation", "certificates"):
        make(course, name, out)
    return out


def test_taiwan_s_names_are_tagged_zh_TW(paperwork):
    from pptx import Presentation

    for slide, name in zip(Presentation(str(paperwork / "certificates.pptx")).slides, ["林怡君", "陳冠宇"]):
        run = slide.placeholders[1].text_frame.paragraphs[0].runs[0]
        assert run.text == name and run._r.find(f"{A}rPr").get("lang") == "zh-TW"
    doc = docx_of((paperwork / "signin.docx").read_bytes())
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-TW"
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "Microsoft JhengHei"  # Traditional glyphs


def test_every_file_passes_openxml_audit(paperwork):
    try:
        import openxml_audit
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("openxml-audit is not installed (pip install .[test])")
    for name in ("signin.docx", "evaluation.docx", "certificates.pptx"):
        result = openxml_audit.OpenXmlValidator(max_errors=0).validate(paperwork / name)
        assert not result.errors, [f"{name}: {e.part_uri}: {e.description} ({e.path})" for e in result.errors]


def test_libreoffice_converts_them(paperwork, tmp_path):
    pdftoppm = need_tool("pdftoppm")
    texts = {}
    for name in ("signin.docx", "evaluation.docx", "certificates.pptx"):
        pdf = to_pdf(paperwork / name, tmp_path)
        texts[name] = pdf_text(pdf)
        subprocess.run([pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / Path(name).stem)], check=True)
    signin = [p for p in texts["signin.docx"].split("\f") if p.strip()]
    assert len(signin) == 2 and all("林怡君" in p and "王小明" in p for p in signin)
    assert "上午簽到" in signin[1] and "第 2 天" in signin[1]
    forms = [p for p in texts["evaluation.docx"].split("\f") if p.strip()]
    assert len(forms) == 3 and all("課程內容和我的工作相關" in p for p in forms)  # a page each
    slides = [p for p in texts["certificates.pptx"].split("\f") if p.strip()]
    assert len(slides) == 2 and "林怡君" in slides[0] and "陳冠宇" in slides[1]
    assert "王小明" not in texts["certificates.pptx"]
    assert all((tmp_path / f"{Path(n).stem}-1.png").is_file() for n in texts)


# ---------------------------------------------------------------------------------------------
# End to end: a course with results/, built


def course_with_results(root: Path) -> Path:
    """A course with a quiz of two questions, results/roster.csv and a cohort's answers typed in:
    L01 and L03 answered both right (100%), L02 one of two (50%, below the pass mark of 80)."""
    write_course(root)
    (root / "quizzes").mkdir()
    (root / "quizzes" / "final.txt").write_text(
        "Quiz title: 结业测验\n\n"
        "1.  客户说完后，坐席下一步应当？\na)  立即给出解决方案\n*b) 表达理解与共情\nc)  核实身份\n\n"
        "2.  道歉时应当？\n*a) 为客户的感受道歉\nb)  先解释原因\n", encoding="utf-8")
    (root / "results").mkdir()
    (root / "results" / "roster.csv").write_text(
        "learner,name,team\nL01,王芳,一组\nL02,李娜,一组\nL03,张伟,二组\n", encoding="utf-8")
    (root / "results" / "2026-11.csv").write_text(
        "learner,name,1,2\nL01,王芳,b,a\nL02,李娜,a,a\nL03,张伟,B,A\n", encoding="utf-8")
    return root


def test_a_build_with_a_roster_and_answers_makes_the_paperwork(tmp_path):
    """Built as a trainer builds: the sign-in sheets list the roster, a form per learner, a
    certificate for each who passed."""
    import io

    from pptx import Presentation

    from trainerkit.build import build

    root = course_with_results(tmp_path / "c")
    out = tmp_path / "out"
    build(root, out)
    signin = docx_of((out / "signin.docx").read_bytes())
    assert [r[1:4] for r in cells(signin.tables[0])[1:4]] == [
        ["L01", "王芳", "一组"], ["L02", "李娜", "一组"], ["L03", "张伟", "二组"]]
    evaluation = docx_of((out / "evaluation.docx").read_bytes())
    assert len([p for p in evaluation.paragraphs if p.style.name == "Title"]) == 3
    prs = Presentation(io.BytesIO((out / "certificates.pptx").read_bytes()))
    assert [s.placeholders[1].text_frame.paragraphs[0].text for s in prs.slides] == ["王芳", "张伟"]
    assert [s.notes_slide.notes_text_frame.text for s in prs.slides] == ["测验成绩 100%（及格线 80%）"] * 2


def test_the_forms_answers_come_back_under_the_form_s_ids(tmp_path):
    """results/evaluation-<cohort>.csv, typed from the forms: its columns are the ids the form
    prints, and its answers are that cohort's evaluation."""
    from trainerkit.build import load
    from trainerkit.errors import Diagnostics
    from trainerkit.results.evaluation import form

    root = course_with_results(tmp_path / "c")
    (root / "results" / "evaluation-2026-11.csv").write_text(
        "learner,1,2,3,4,5,6,7,8,9\n,5,4,4,5,4,5,9,角色扮演,多练习\n,4,4,3,4,3,4,,,\n", encoding="utf-8")
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, diags.errors
    assert [c["name"] for c in course.results["cohorts"]] == ["2026-11"]
    answers = course.results["evaluation"]
    questions = {q["id"]: q for q in answers["questions"]}
    assert answers["responses"] == 2
    assert [q["id"] for q in form(course)] == list(questions)
    assert questions["1"]["mean"] == 4.5 and questions["1"]["kind"] == "rating"  # (5 + 4) / 2
    assert questions["8"]["comments"] == ["角色扮演"]
