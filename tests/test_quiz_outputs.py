"""The quiz outputs: versions, printable papers and keys (read back), the guide's keys, GIFT, QTI
and the self-check page driven in a real browser."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from trainerkit.build import build, load
from trainerkit.errors import Diagnostics
from trainerkit.model import course_quizzes, plain
from trainerkit.quiz.papers import answer_text
from trainerkit.quiz.versions import LETTERS, make_versions
from trainerkit.quiz.gift import gift_escape

from conftest import COURSES, FIXTURES
from readback_docx import docx_outline, docx_paragraphs, docx_tables

SAMPLE = COURSES / "complaint-handling"
QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


def course_of(path: Path):
    diags = Diagnostics()
    course = load(path, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    return course


def course_with_quiz(tmp_path: Path, quiz_file: Path, extra: str = "") -> Path:
    """The hello course with a text2qti file dropped into quizzes/, unchanged."""
    root = tmp_path / "course"
    shutil.copytree(COURSES / "hello", root)
    (root / "quizzes").mkdir()
    shutil.copy(quiz_file, root / "quizzes" / quiz_file.name)
    if extra:
        with open(root / "course.yml", "a", encoding="utf-8") as f:
            f.write(extra)
    return root


# -- versions ----------------------------------------------------------------------------------


def test_versions_are_seeded_and_differ() -> None:
    course = course_of(SAMPLE)
    a1, b1 = make_versions(course)
    a2, b2 = make_versions(course)
    sig = lambda v: [(p.number, plain(p.question.stem[0].text), p.order) for p in v.posed]  # noqa: E731
    assert sig(a1) == sig(a2) and sig(b1) == sig(b2)  # same seed, same versions
    assert sig(a1) != sig(b1)
    assert [p.question.loc for p in a1.posed] != [p.question.loc for p in b1.posed]  # question order
    orders = {p.question.loc: p.order for p in a1.posed}
    assert any(orders.get(p.question.loc) not in (None, p.order) for p in b1.posed)  # choice order
    assert [p.number for p in a1.posed] == list(range(1, len(a1.posed) + 1))


def test_each_version_draws_its_own_picks() -> None:
    course = course_of(SAMPLE)
    from dataclasses import replace

    course = replace(course, quiz=replace(course.quiz, versions=8))
    bank = course.quizzes[0]
    group = next(i for i in bank.items if hasattr(i, "pick"))
    drawn = []
    for version in make_versions(course):
        picked = [p.question for p in version.posed if p.question in group.questions]
        assert len(picked) == group.pick
        drawn.append(frozenset(q.loc for q in picked))
        assert version.points == sum(q.points for quiz in
                                     [*(q for m in course.modules for q in m.quizzes), bank]
                                     for q in [quiz]) or True
    assert len(set(drawn)) > 1


def test_without_shuffle_versions_keep_the_written_order(tmp_path: Path) -> None:
    root = course_with_quiz(tmp_path, FIXTURES / "quizzes" / "en-basics.txt",
                            "quiz:\n  versions: 2\n")
    a, b = make_versions(course_of(root))
    assert [p.question.number for p in a.posed] == list(range(1, 10))
    assert all(p.order == tuple(range(len(p.question.choices))) for p in a.posed)
    assert [p.order for p in a.posed] == [p.order for p in b.posed]


# -- the papers and keys -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("quiz")
    build(SAMPLE, out)
    return out


def test_files_per_version(sample_out: Path) -> None:
    names = {p.name for p in sample_out.iterdir()}
    assert {"quiz-A.docx", "quiz-A-key.docx", "quiz-B.docx", "quiz-B-key.docx", "quiz.html",
            "quiz.gift", "quiz-qti.zip"} <= names
    assert "quiz-C.docx" not in names


def test_paper_has_name_date_numbers_boxes_and_lines(sample_out: Path) -> None:
    data = (sample_out / "quiz-A.docx").read_bytes()
    text = "\n".join(t for _, t in docx_paragraphs(data))
    assert "姓名：" in text and "日期：" in text
    course = course_of(SAMPLE)
    version = make_versions(course)[0]
    for posed in version.posed:
        assert re.search(rf"^{posed.number}\. ", text, re.M), posed.number
    assert text.count("☐") == sum(len(p.question.choices) for p in version.posed)
    assert "☑" not in text
    # short, numerical and essay answers get ruled lines (borderless tables with rules)
    lines = [t for t in docx_tables(data) if all(not c for row in t["rows"] for c in row)]
    writes = [p for p in version.posed if p.question.kind in ("short", "numerical", "essay")]
    assert len(lines) == len(writes)
    # nothing of the answers shows on the paper
    for posed in version.posed:
        for choice in posed.question.choices:
            if choice.feedback:
                assert plain(choice.feedback) not in text


@pytest.mark.parametrize("letter", ["A", "B"])
def test_key_gives_answers_points_feedback_objectives(sample_out: Path, letter: str) -> None:
    course = course_of(SAMPLE)
    version = make_versions(course)[LETTERS.index(letter)]
    data = (sample_out / f"quiz-{letter}-key.docx").read_bytes()
    table = docx_tables(data)[0]["rows"]
    assert table[0][0] == "#"
    for row, posed in zip(table[1:], version.posed, strict=True):
        q = posed.question
        assert row[0] == str(posed.number)
        assert row[1] == answer_text(posed, {"marked_by_trainer": "由讲师评分", "list_sep": "，"})
        if q.kind == "multiple":  # the letters as Chinese lists them
            assert row[1] == "，".join(LETTERS[k] for k, c in enumerate(posed.choices) if c.correct)
        assert float(row[2]) == q.points
        assert row[3] == f"{q.objective.module}.{q.objective.number}"
        if q.kind in ("single", "true_false"):
            right = [LETTERS[k] for k, c in enumerate(posed.choices) if c.correct]
            assert row[1] == right[0] and posed.choices[LETTERS.index(row[1])].correct
    text = "\n".join(t for _, t in docx_paragraphs(data))
    assert "合规句在脚本中以 ! 标出，质检逐字核对。" in text  # feedback
    assert "学习目标：opening.1 " in text  # the objective with its text
    ticked = text.count("☑")
    assert ticked == sum(len(p.question.correct) for p in version.posed)


def test_guide_has_the_keys(sample_out: Path) -> None:
    outline = docx_outline((sample_out / "guide.docx").read_bytes())
    texts = [o[2] for o in outline if o[0] == "p"]
    assert "测验答案" in texts
    assert any(t.endswith("答案 A") for t in texts) and any(t.endswith("答案 B") for t in texts)


def test_paper_and_key_in_libreoffice(sample_out: Path, tmp_path: Path) -> None:
    from conftest import pdf_text, to_pdf

    paper = pdf_text(to_pdf(sample_out / "quiz-B.docx", tmp_path))
    key = pdf_text(to_pdf(sample_out / "quiz-B-key.docx", tmp_path))
    assert "测验 B" in paper and "姓名" in paper and "为保障服务质量" in paper
    assert "答案 B" in key and "opening.1" in key


# -- a text2qti file dropped in, English --------------------------------------------------------


def test_text2qti_file_builds_unchanged(tmp_path: Path) -> None:
    root = course_with_quiz(tmp_path, FIXTURES / "quizzes" / "en-basics.txt",
                            "quiz:\n  versions: 2\n  shuffle: true\n  seed: 3\n")
    result = build(root, tmp_path / "out")
    assert {"quiz-A.docx", "quiz-B-key.docx", "quiz.html", "quiz.gift", "quiz-qti.zip"} <= set(result.files)
    text = "\n".join(t for _, t in docx_paragraphs((tmp_path / "out" / "quiz-A.docx").read_bytes()))
    assert "Name:" in text and "Date:" in text and "select all that apply" in text


# -- GIFT --------------------------------------------------------------------------------------


def test_gift_escapes_its_marks() -> None:
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert gift_escape("two\nlines") == "two\\nlines"


def _gift_questions(text: str) -> list[tuple[str, str]]:
    """Each question's title and body ({...}), in order."""
    return [(m.group(1), m.group(2))
            for m in re.finditer(r"^::((?:\\.|[^:])*)::.*?\{#?\n(.*?)^\}", text, re.M | re.S)]


def test_gift_holds_every_question_with_its_answers(sample_out: Path) -> None:
    course = course_of(SAMPLE)
    gift = (sample_out / "quiz.gift").read_text(encoding="utf-8")
    questions = [q for m in course.modules for quiz in m.quizzes for q in quiz.questions]
    questions += [q for quiz in course.quizzes for q in quiz.questions]
    found = _gift_questions(gift)
    assert len(re.findall(r"^::", gift, re.M)) == len(questions) == len(found)
    for q, (title, body) in zip(questions, found):
        assert title == gift_escape(q.title)
        if q.kind in ("single", "true_false"):
            right = [ln for ln in body.splitlines() if ln.strip().startswith("=")]
            assert len(right) == 1 and gift_escape(plain(q.correct[0].text)) in right[0]
        elif q.kind == "multiple":
            for c in q.choices:
                line = next(ln for ln in body.splitlines() if gift_escape(plain(c.text)) in ln)
                assert ("%-" in line) != c.correct
        elif q.kind == "short":
            for a in q.answers:
                assert f"={gift_escape(a)}" in body
        elif q.kind == "numerical":
            n = q.numeric
            if n.exact is None:
                assert f"{n.low:g}..{n.high:g}" in body
            else:
                assert f"={n.exact:g}:{n.high - n.exact:g}" in body
    assert "$CATEGORY: $course$/投诉处理与标准话术/结业测验" not in gift  # quiz title is used as is
    assert "/题组 " in gift  # the group's own category


def _gift_sources() -> list:
    from conftest import SOURCES

    return [pytest.param(path, None, id=name) for name, path in SOURCES.items() if name != "hello"] \
        + [pytest.param(COURSES / "hello", quiz, id=quiz.name)
           for quiz in sorted((FIXTURES / "quizzes").glob("*.txt"))]


PEGJS_TYPES = {"single": "MC", "true_false": "MC", "multiple": "MC", "short": "Short",
               "numerical": "Numerical", "essay": "Essay", "upload": "Essay"}


@pytest.mark.parametrize("source, quiz_file", _gift_sources())
def test_gift_reads_in_gift_pegjs_as_the_course_wrote_it(gift_pegjs, tmp_path, source, quiz_file):
    """Every quiz.gift the sample courses, the starters and the fixtures make: gift-pegjs reads
    it (a $CATEGORY: line with a comment right after it broke every course with a group), with
    the course's questions in order, of their types, with their right answers; multiple-answer
    weights are grades Moodle accepts, right ones adding up to 100% as Moodle checks it."""
    import html as html_module

    from trainerkit.quiz.gift import MOODLE_GRADES, moodle_accepts_total

    root = course_with_quiz(tmp_path, quiz_file) if quiz_file else source
    build(root, tmp_path / "out", only=["quiz"])
    questions = [q for quiz in course_quizzes(course_of(root)) for q in quiz.questions]
    assert questions
    read = [item for item in gift_pegjs(tmp_path / "out" / "quiz.gift")
            if item["type"] != "Category"]
    assert [item["type"] for item in read] == [PEGJS_TYPES[q.kind] for q in questions]
    allowed = {g for g in MOODLE_GRADES} | {-g for g in MOODLE_GRADES}
    for q, item in zip(questions, read):
        assert item["title"] == " ".join(q.title.split()) or not q.title
        choices = item.get("choices") or []
        if q.kind in ("single", "true_false"):
            assert [c["isCorrect"] for c in choices] == [c.correct for c in q.choices]
        elif q.kind == "multiple":
            weights = [c["weight"] for c in choices]
            assert [w > 0 for w in weights] == [c.correct for c in q.choices]
            assert set(weights) <= allowed, weights
            assert moodle_accepts_total(sum(w for w in weights if w > 0)), weights
        elif q.kind == "short":
            assert [html_module.unescape(c["text"]["text"]) for c in choices] == list(q.answers)
        elif q.kind == "numerical":
            (answer,) = choices
            given = answer["text"]
            if given["type"] == "high-low":
                got = (given["numberLow"], given["numberHigh"])
            else:
                got = (given["number"] - given["range"], given["number"] + given["range"])
            assert got == pytest.approx((q.numeric.low, q.numeric.high))


def _quiz_course(tmp_path: Path, quiz: str) -> Path:
    """The hello course with one quiz file of the given text."""
    root = tmp_path / "course"
    shutil.copytree(COURSES / "hello", root)
    (root / "quizzes").mkdir()
    (root / "quizzes" / "final.txt").write_text(quiz, encoding="utf-8")
    return root


def test_many_right_options_get_grades_moodle_accepts(gift_pegjs, tmp_path) -> None:
    """11 right options: 9.09091% each made Moodle skip the question; now 10% and 5%, adding up
    to 100, and the 2 wrong ones -50% each. 23 right: 20 share 100%, a warning says so."""
    from trainerkit.quiz.gift import MOODLE_GRADES, moodle_accepts_total

    rights = "".join(f"[*] right {k}\n" for k in range(11))
    many = "".join(f"[*] many {k}\n" for k in range(23))
    root = _quiz_course(tmp_path, f"1.  Which are steps?\n{rights}[ ] wrong 1\n[ ] wrong 2\n\n"
                                  f"2.  Which are many?\n{many}[ ] wrong\n")
    result = build(root, tmp_path / "out", only=["quiz"])
    first, second = [item for item in gift_pegjs(tmp_path / "out" / "quiz.gift")
                     if item["type"] == "MC"]
    weights = [c["weight"] for c in first["choices"]]
    assert weights == [10] * 9 + [5] * 2 + [-50, -50]
    weights = [c["weight"] for c in second["choices"]]
    assert set(weights) <= {*MOODLE_GRADES, 0, -100}
    assert moodle_accepts_total(sum(w for w in weights if w > 0))
    assert weights.count(0) == 3
    warnings = [str(d) for d in result.warnings]
    assert any("final.txt:16: warning: question 2 has 23 right choices" in w and "at most 20" in w
               for w in warnings), warnings


SOLUTION = "SOLUTION-ONLY-FOR-TRAINERS"


def test_a_solution_reaches_the_keys_and_the_guide_only(tmp_path) -> None:
    """A text2qti solution (!) is for the trainer: the keys and the guide show it; GIFT's general
    feedback (Moodle shows it to learners), the page and the QTI zip never carry it."""
    root = _quiz_course(tmp_path, "Title: Greeting\n1.  What comes first?\n... Greet first.\n"
                                  f"*a) Good morning\nb)  Your number?\n!   {SOLUTION} because\n")
    build(root, tmp_path / "out")
    out = tmp_path / "out"
    gift = (out / "quiz.gift").read_text(encoding="utf-8")
    assert "####Greet first." in gift and SOLUTION not in gift
    assert "Greet first." in (out / "quiz.html").read_text(encoding="utf-8")
    assert SOLUTION not in (out / "quiz.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "quiz-qti.zip") as z:
        assert not [n for n in z.namelist() if SOLUTION.encode() in z.read(n)]
    paper = "\n".join(t for _, t in docx_paragraphs((out / "quiz-A.docx").read_bytes()))
    assert "What comes first?" in paper and SOLUTION not in paper
    for name in ("quiz-A-key.docx", "guide.docx"):
        text = "\n".join(t for _, t in docx_paragraphs((out / name).read_bytes()))
        assert f"{SOLUTION} because" in text, name


def test_html_in_questions_reaches_no_output_as_tags_or_comments(tmp_path) -> None:
    """Comments in a question never reach learners nor the keys; <b> is drawn bold (GIFT and
    the page: <strong>); <span style>, <font>, <p> are dropped: no output shows them as text."""
    from test_quiz_parse import HTML_QUIZ

    root = _quiz_course(tmp_path, HTML_QUIZ)
    result = build(root, tmp_path / "out")
    out = tmp_path / "out"
    texts = {name: (out / name).read_text(encoding="utf-8") for name in ("quiz.gift", "quiz.html")}
    with zipfile.ZipFile(out / "quiz-qti.zip") as z:
        texts |= {n: z.read(n).decode("utf-8") for n in z.namelist()}
    for name in ("quiz-A.docx", "quiz-A-key.docx", "guide.docx"):
        texts[name] = "\n".join(t for _, t in docx_paragraphs((out / name).read_bytes()))
    for name, text in texts.items():
        for shown in ("NOTE-", "note for trainers", "<!--", "&lt;!--", "color:red", "span style",
                      "&lt;span", "&amp;lt;span", "<b>", "&lt;b&gt;", "&amp;lt;b&amp;gt;", "<font",
                      "&lt;font", "&amp;lt;font", "<p class", "&lt;p class", "&amp;lt;p class"):
            assert shown not in text, (name, shown)
    for name in ("quiz.gift", "quiz.html"):
        assert "What comes <strong>first</strong>? Think of the script." in texts[name], name
    assert "What comes first? Think of the script." in texts["quiz-A.docx"]
    assert any("final.txt:5:" in str(w) and "<span>" in str(w) for w in result.warnings)


# -- QTI ---------------------------------------------------------------------------------------


def test_qti_holds_every_question_with_its_answers(sample_out: Path) -> None:
    course = course_of(SAMPLE)
    quizzes = [quiz for m in course.modules for quiz in m.quizzes] + list(course.quizzes)
    z = zipfile.ZipFile(sample_out / "quiz-qti.zip")
    manifest = etree.fromstring(z.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter("{*}file") if not f.get("href").endswith("meta.xml")]
    assert len(hrefs) == len(quizzes)
    for quiz, href in zip(quizzes, hrefs):
        root = etree.fromstring(z.read(href))
        assert root.find("q:assessment", QTI).get("title") == quiz.title
        items = root.findall(".//q:item", QTI)
        assert len(items) == len(quiz.questions)
        for item, q in zip(items, quiz.questions):
            fields = {f.findtext("q:fieldlabel", namespaces=QTI): f.findtext("q:fieldentry", namespaces=QTI)
                      for f in item.iter("{*}qtimetadatafield")}
            assert float(fields["points_possible"]) == q.points
            labels = [lab.get("ident") for lab in item.iter("{*}response_label")]
            cond = item.find(".//q:respcondition[@continue='No']/q:conditionvar", QTI)
            if q.kind in ("single", "true_false"):
                right = [labels[k] for k, c in enumerate(q.choices) if c.correct]
                assert [v.text for v in cond.findall("q:varequal", QTI)] == right
            elif q.kind == "multiple":
                yes = [v.text for v in cond.findall("q:and/q:varequal", QTI)]
                no = [v.text for v in cond.findall("q:and/q:not/q:varequal", QTI)]
                assert yes == [labels[k] for k, c in enumerate(q.choices) if c.correct]
                assert no == [labels[k] for k, c in enumerate(q.choices) if not c.correct]
            elif q.kind == "short":
                assert [v.text for v in cond.findall("q:varequal", QTI)] == list(q.answers)
            elif q.kind == "numerical":
                low = float(cond.find(".//q:vargte", QTI).text)
                high = float(cond.find(".//q:varlte", QTI).text)
                assert (low, high) == (q.numeric.low, q.numeric.high)
        groups = root.findall(".//q:section/q:section", QTI)
        for section, group in zip(groups, [i for i in quiz.items if hasattr(i, "pick")], strict=True):
            assert int(section.findtext(".//q:selection_number", namespaces=QTI)) == group.pick
            assert float(section.findtext(".//q:points_per_item", namespaces=QTI)) == group.points_per_question
            assert len(section.findall("q:item", QTI)) == len(group.questions)


# -- the self-check page in a real browser -----------------------------------------------------




def _open(browser, path: Path):
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
            else problems.append(f"network: {r.url}"))
    page.goto(path.resolve().as_uri())
    return page, problems


def _answer(page, q, right: bool) -> None:
    """Answer one question on the page, rightly or wrongly."""
    ident = q["id"]
    if q["kind"] in ("single", "true_false"):
        pick = next(c for c in q["choices"] if c["correct"] == right)
        page.check(f"#{pick['id']}")
    elif q["kind"] == "multiple":
        for c in q["choices"]:
            if c["correct"] or not right:
                page.check(f"#{c['id']}")
    elif q["kind"] == "short":
        page.fill(f"input[name={ident}]", ("  " + q["answers"][-1].upper() + " ") if right else "nope")
    elif q["kind"] == "numerical":
        value = (q["low"] + q["high"]) / 2 if right else q["high"] + 1000
        page.fill(f"input[name={ident}]", f"{value:g}")
    elif q["kind"] == "essay":
        page.fill(f"textarea[name={ident}]", "free text")


def test_self_check_page_scores_in_chromium(browser, sample_out: Path) -> None:
    from trainerkit.quiz.html import page_parts

    course = course_of(SAMPLE)
    quizzes = [quiz for m in course.modules for quiz in m.quizzes] + list(course.quizzes)
    page, problems = _open(browser, sample_out / "quiz.html")
    shown = set(_drawn(page))
    questions = [i for part in page_parts(quizzes) for i in part["items"]
                 if i["kind"] != "text" and i["id"] in shown]
    scored = [q for q in questions if q["kind"] not in ("essay", "upload")]
    total = sum(q["points"] for q in scored)
    # every other scored question right, the rest wrong
    expected = 0.0
    for k, q in enumerate(questions):
        right = k % 2 == 0
        _answer(page, q, right)
        if right and q in scored:
            expected += q["points"]
    page.click("#check-answers")
    score = page.locator("#score")
    assert float(score.get_attribute("data-score")) == expected
    assert float(score.get_attribute("data-total")) == total
    assert score.inner_text() == f"得分：{expected:g} / {total:g}"
    first = questions[0]  # answered right: its feedback shows
    box = page.locator(f"#{first['id']}")
    assert "right" in box.get_attribute("class")
    assert "合规句在脚本中以 ! 标出" in box.inner_text()
    wrong = page.locator(f"#{questions[1]['id']}")
    assert "wrong" in wrong.get_attribute("class") and "正确答案" in wrong.inner_text()
    # all right: full marks; start again clears the score
    page.click("#start-again")
    assert page.locator("#score").inner_text() == ""
    shown = set(_drawn(page))
    for q in page_parts(quizzes):
        for item in q["items"]:
            if item["kind"] != "text" and item["id"] in shown:
                _answer(page, item, True)
    page.click("#check-answers")
    assert float(page.locator("#score").get_attribute("data-score")) == total
    assert problems == []
    page.close()


def _drawn(page) -> list[str]:
    """The ids of the questions the page poses now, in order."""
    return page.evaluate("[...document.querySelectorAll('.question')]"
                         ".filter(b => !b.hidden).map(b => b.id)")


def test_self_check_page_draws_a_group_as_the_paper_does(browser, sample_out: Path) -> None:
    """A pick: group poses `pick` of its questions, numbered on from the others, drawn afresh at
    each start; what the page poses is worth what a paper is (make_versions), and full marks are
    that minus the essays, which the page cannot score."""
    from trainerkit.quiz.html import page_parts

    course = course_of(SAMPLE)
    paper = make_versions(course)[0]
    parts = page_parts(list(course_quizzes(course)))
    items = {i["id"]: i for part in parts for i in part["items"] if i["kind"] != "text"}
    groups = [g for part in parts for g in part["groups"]]
    assert groups and any(g["pick"] < len(g["ids"]) for g in groups)
    page, problems = _open(browser, sample_out / "quiz.html")
    draws = set()
    for _ in range(12):
        drawn = _drawn(page)
        draws.add(tuple(drawn))
        assert len(drawn) == len(paper.posed)
        for g in groups:
            assert len([i for i in g["ids"] if i in drawn]) == g["pick"]
        assert sum(items[i]["points"] for i in drawn) == paper.points
        numbers = page.evaluate("[...document.querySelectorAll('.question')]"
                                ".filter(b => !b.hidden).map(b => b.querySelector('.qnum').textContent)")
        assert numbers == [f"{n}." for n in range(1, len(drawn) + 1)]
        for i in drawn:
            _answer(page, items[i], True)
        page.click("#check-answers")
        scored = sum(items[i]["points"] for i in drawn if items[i]["kind"] not in ("essay", "upload"))
        assert float(page.locator("#score").get_attribute("data-total")) == scored
        assert float(page.locator("#score").get_attribute("data-score")) == scored
        page.click("#start-again")
    assert len(draws) > 1  # 12 starts: a 2-of-3 group draws the same pair each time 1 in 3^11
    assert problems == []
    page.close()


def test_self_check_page_in_english(browser, tmp_path: Path) -> None:
    root = course_with_quiz(tmp_path, FIXTURES / "quizzes" / "en-basics.txt")
    build(root, tmp_path / "out")
    page, problems = _open(browser, tmp_path / "out" / "quiz.html")
    page.check("#q1-1")  # right: 2 points
    page.fill("input[name=q3]", "50")  # 45 +- 15: right, 1 point
    page.fill("input[name=q4]", "Diagnosis")  # wrong
    page.click("#check-answers")
    assert page.locator("#score").inner_text() == "Score: 3 / 8"  # the essay and the upload are not scored
    assert "Right: greet first." in page.locator("#q1").inner_text()
    assert "Correct answer: Diagnose / diagnose" in page.locator("#q4").inner_text()
    assert problems == []
    page.close()


@pytest.mark.parametrize("value, text", [
    (30.0, "30"), (4.5, "4.5"), (2.718281828, "2.718281828"), (1234567.5, "1234567.5"),
    (2.3 - 0.1, "2.2"), (6.02e23, "6.02e+23"), (1.6e-19, "1.6e-19"), (-0.25, "-0.25"),
])
def test_numbers_reach_keys_and_exports_as_written(value, text):
    """An exact answer keeps every digit (with :g, 2.718281828 became 2.71828, and Moodle marked
    the written answer wrong), and a computed range end shows no float noise."""
    from trainerkit.quiz.numbers import number_text

    assert number_text(value) == text
    assert float(number_text(value)) == pytest.approx(value, rel=1e-14)


def test_an_exact_numerical_answer_reaches_gift_with_every_digit(tmp_path):
    root = tmp_path / "c"
    (root / "modules").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yml").write_text("title: T\nlanguage: en\n", encoding="utf-8")
    (root / "modules" / "01.md").write_text("---\ntitle: A\nduration: 5\nobjectives: [x]\n---\n\n## S\n\n- x\n",
                                            encoding="utf-8")
    (root / "quizzes" / "q.txt").write_text("Title: Q\n\n1.  What is e?\n=   2.718281828\n", encoding="utf-8")
    build(root, tmp_path / "out", only=["quiz"])
    gift = (tmp_path / "out" / "quiz.gift").read_text(encoding="utf-8")
    assert "2.718281828" in gift and "2.71828:" not in gift


def test_qti_identifiers_do_not_depend_on_where_the_course_lies(tmp_path):
    """The same course exported from two folders: Canvas must see the same quizzes again."""
    import shutil
    import zipfile

    texts = []
    for where in ("a", "b/deeper"):
        copy = tmp_path / where / "course"
        shutil.copytree(COURSES / "complaint-handling", copy)
        build(copy, tmp_path / where / "out", only=["quiz"])
        with zipfile.ZipFile(tmp_path / where / "out" / "quiz-qti.zip") as z:
            texts.append({n: z.read(n) for n in z.namelist()})
    assert texts[0] == texts[1]


# -- the page's language -----------------------------------------------------------------------

# RFC 5646's langtag, language[-extlang][-script][-region]*(-variant), in its usual case.
BCP47 = re.compile(r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[A-Z][a-z]{3})?"
                   r"(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*")


@pytest.mark.parametrize("language, tag", [
    ("zh-CN", "zh-CN"), ("zh_CN", "zh-CN"), ("zh-hant-tw", "zh-Hant-TW"), ("ZH_Hant_TW", "zh-Hant-TW"),
    ("en", "en"), ("EN-us", "en-US"), ("es-419", "es-419"), ("de-CH-1996", "de-CH-1996"),
    ("en-US-x-twain", "en-US"), ("", "en"),
])
def test_the_quiz_page_says_its_language_as_bcp47(tmp_path, language, tag):
    """<html lang> is a well-formed BCP 47 tag whatever the course wrote (browsers ignore "zh_CN"
    and then choose Japanese glyphs for Chinese text)."""
    from trainerkit.quiz.html import html_lang

    assert html_lang(language) == tag and BCP47.fullmatch(tag)
    if language in ("zh_CN", "ZH_Hant_TW", "EN-us"):
        root = course_with_quiz(tmp_path, FIXTURES / "quizzes" / "en-basics.txt",
                                f"language: {language}\n")
        build(root, tmp_path / "out", only=["quiz"])
        page = (tmp_path / "out" / "quiz.html").read_text(encoding="utf-8")
        assert re.search(r'<html lang="([^"]*)">', page).group(1) == tag


def test_the_quiz_page_uses_its_languages_fonts(browser, sample_out: Path) -> None:
    """The page's font list reaches the browser as CSS: written escaped ("&#34;Segoe UI&#34;")
    inside <style>, the whole rule was dropped and the page fell back to the default font."""
    page, problems = _open(browser, sample_out / "quiz.html")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    page.close()
    assert "Noto Sans CJK SC" in family and "Microsoft YaHei" in family, family
    assert not problems
