"""Traditional Chinese as a Taiwanese trainer reads it (issue 13): the zh-TW starter of `trainerkit
new`, built and read back, holds no Simplified-only character and no mainland term in anything
trainerkit wrote (the course's words and trainerkit's own labels alike), tags its runs zh-TW, and
checks clean; the zh-Hant and zh-HK labels are Traditional words, complete.

"No Simplified character, no mainland term" is what OpenCC's s2twp (Simplified to Taiwan, with
Taiwan's words) says: converting a Taiwanese text leaves it unchanged. (Fonts are tested where
the font defaults are decided.)
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree
from pptx import Presentation

from trainerkit.build import build, check
from trainerkit.cli import main
from trainerkit.templates import labels_for
from trainerkit.text import is_cjk

from conftest import IN_CI, ROOT

STARTER = ROOT / "templates" / "new" / "zh-TW"
LABELS = ROOT / "templates" / "labels.yml"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def s2twp():
    """OpenCC's Simplified-to-Taiwan converter (with Taiwan's words), as a function of a text."""
    try:
        import opencc
    except ImportError:
        if IN_CI:
            pytest.fail("OpenCC is not installed; CI must have it (pip install .[test])")
        pytest.skip("OpenCC is not installed (pip install opencc)")
    return opencc.OpenCC("s2twp").convert


# Mainland terms that s2twp lets through, in Traditional characters (Taiwan's word after each):
# 坐席 (客服專員), 工號 (代號, 員工編號), 復盤 (檢討), 快捷鍵 (快速鍵), 反饋 (回饋), 共情 (同理),
# 質量 (品質), 質檢 (品管), 自測 (自我評量), 賬 (帳).
MAINLAND = ("坐席", "工號", "復盤", "快捷鍵", "反饋", "共情", "質量", "質檢", "自測", "賬")


def not_taiwanese(texts: dict[str, list[str]], s2twp) -> list[str]:
    """Each line, named by where it is, that s2twp would change (a Simplified character or a
    mainland term, with what Taiwan writes instead), or that holds a mainland term it misses."""
    bad = []
    for where, lines in texts.items():
        for line in lines:
            for part in line.splitlines():
                if any(is_cjk(c) for c in part) and s2twp(part) != part:
                    bad.append(f"{where}: {part!r} -> {s2twp(part)!r}")
                bad += [f"{where}: {part!r} says {word}" for word in MAINLAND if word in part]
    return bad


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh-TW") / "out"
    result = build(STARTER, out, use_cache=False)  # raises on an error
    assert result.warnings == [], [str(d) for d in result.warnings]
    return out


# -- reading every output back ---------------------------------------------------------------------


def deck_texts(path: Path) -> list[str]:
    """What python-pptx reads in a deck: every shape's text, table cells, and the notes."""
    out = []
    prs = Presentation(str(path))

    def shape_texts(shapes):
        for sh in shapes:
            if sh.shape_type == 6:  # a group
                yield from shape_texts(sh.shapes)
            if sh.has_text_frame:
                yield sh.text_frame.text
            if getattr(sh, "has_table", False) and sh.has_table:
                for row in sh.table.rows:
                    for cell in row.cells:
                        yield cell.text
    for slide in prs.slides:
        out += shape_texts(slide.shapes)
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    out += [prs.core_properties.title or "", prs.core_properties.subject or ""]
    return out


def docx_texts(path: Path) -> list[str]:
    """What python-docx reads in a document: paragraphs and table cells (nested ones too),
    headers and footers, the document's title."""
    d = Document(str(path))
    out = []

    def body(container):
        for p in container.paragraphs:
            out.append(p.text)
        for t in container.tables:
            for row in t.rows:
                for cell in row.cells:
                    body(cell)
    body(d)
    for section in d.sections:
        body(section.header)
        body(section.footer)
    out += [d.core_properties.title or "", d.core_properties.subject or ""]
    return out


def xml_texts(path: Path) -> list[str]:
    """Every text node of every XML part of an Office file, so nothing hides from the reads above
    (text boxes, fields, the properties)."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                out += [t for t in etree.fromstring(z.read(name)).itertext() if t.strip()]
    return out


def sheet_messages(path: Path) -> list[str]:
    """The in-cell checks' titles and messages of a workbook (attributes, which no text node has)."""
    from openpyxl import load_workbook

    return [text for ws in load_workbook(path).worksheets for dv in ws.data_validations.dataValidation
            for text in (dv.errorTitle, dv.error) if text]


def page_texts(path: Path) -> list[str]:
    """quiz.html as a learner's browser has it: its text and attributes unescaped, and the words
    its script shows (JSON, \\u-escaped or not)."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw)
    return html.unescape(raw).splitlines()


def outputs_texts(out: Path) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for path in sorted(out.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == ".pptx":
            texts[path.name] = deck_texts(path)
            texts[path.name + " (XML)"] = xml_texts(path)
        elif path.suffix == ".docx":
            texts[path.name] = docx_texts(path)
            texts[path.name + " (XML)"] = xml_texts(path)
        elif path.suffix == ".xlsx":  # the cells, comments and properties; the checks' messages
            texts[path.name] = xml_texts(path) + sheet_messages(path)
        elif path.suffix == ".html":
            texts[path.name] = page_texts(path)
        elif path.suffix == ".gift":
            texts[path.name] = path.read_text(encoding="utf-8").splitlines()
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    text = html.unescape(z.read(name).decode("utf-8"))
                    texts[f"{path.name}/{name}"] = text.splitlines()
    return texts


def test_every_output_is_made(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == [
        "deck.pptx", "guide.docx", "handout.docx", "practice.html", "qa-scorecard.docx",
        "qa-scorecard.xlsx", "quickref.docx", "quiz-A-key.docx", "quiz-A.docx", "quiz-B-key.docx",
        "quiz-B.docx", "quiz-qti.zip", "quiz.gift", "quiz.html", "roleplay.docx", "scoresheet.xlsx",
        "scorm.zip"]


def test_no_simplified_character_and_no_mainland_term_in_anything_written(built: Path,
                                                                          s2twp) -> None:
    bad = not_taiwanese(outputs_texts(built), s2twp)
    assert bad == [], "\n".join(bad)


def test_trainerkits_own_words_are_taiwans(built: Path) -> None:
    """The labels reach the outputs in Taiwan's words (never the Simplified set)."""
    texts = outputs_texts(built)
    joined = {name: "\n".join(lines) for name, lines in texts.items()}
    expect = {
        "deck.pptx": ["議程", "學習目標", "合計", "必須逐字", "所需時間", "單元 1", "避免說", "建議說",
                      "觀察要點", "情境", "分鐘"],
        "guide.docx": ["講師手冊", "議程", "結束", "投影片", "講師備註", "講師提示", "演練檢討",
                       "學員補充資料", "觀察員："],
        "handout.docx": ["學員講義", "學習目標"],
        "quickref.docx": ["快速參考卡", "快速鍵"],
        "roleplay.docx": ["角色扮演卡", "客服專員", "專員須知", "你的身分", "看到就打勾", "檢討紀錄"],
        "quiz-A.docx": ["結業測驗", "姓名", "日期", "得分", "複選"],
        "quiz-A-key.docx": ["答案"],
        "quiz.html": ["自我評量", "送出並看結果", "重新作答"],
        "quiz.gift": ["以 GIFT 格式匯入", "題組"],
        "scoresheet.xlsx": ["成績登記表", "學員編號", "學員姓名", "填寫：", "不是有效的答案"],
        "scorm.zip/index.html": ["自我評量", "完成並送出成績", "未在學習平臺中開啟，不會記錄成績。"],
        "scorm.zip/quiz.html": ["在學習平臺中開啟時，成績會被記錄。"],
    }
    missing = [f"{name}: {word}" for name, words in expect.items() for word in words
               if word not in joined[name]]
    assert missing == []
    for name, text in joined.items():  # not one of the Simplified labels
        assert not {"议程", "学习目标", "幻灯片", "坐席须知", "测验"} & set(re.findall(r"\w+", text)), name


# -- language tags ---------------------------------------------------------------------------------


def test_the_decks_chinese_runs_are_tagged_zh_TW(built: Path) -> None:
    """Every run holding Chinese, on the slides and in the notes, says lang="zh-TW" (spell
    checking, line breaking and the font PowerPoint picks follow it); no run says zh-CN."""
    wrong, tagged = [], 0
    with zipfile.ZipFile(built / "deck.pptx") as z:
        for name in z.namelist():
            if not re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", name):
                continue
            root = etree.fromstring(z.read(name))
            for r in root.iter(f"{A}r", f"{A}fld"):
                text = "".join(t.text or "" for t in r.iter(f"{A}t"))
                if not any(is_cjk(c) for c in text):
                    continue
                rpr = r.find(f"{A}rPr")
                lang = rpr.get("lang") if rpr is not None else None
                if lang != "zh-TW":
                    wrong.append(f"{name}: {text!r} lang={lang}")
                tagged += 1
            wrong += [f"{name}: {e.tag} lang=zh-CN" for e in root.iter()
                      if e.get("lang") == "zh-CN"]
    assert tagged > 100 and wrong == [], wrong[:10]


@pytest.mark.parametrize("name", ["handout.docx", "guide.docx", "quickref.docx", "roleplay.docx",
                                  "quiz-A.docx", "quiz-A-key.docx"])
def test_the_documents_say_zh_TW_for_east_asian_text(built: Path, name: str) -> None:
    """The documents' East Asian language is zh-TW, in the default style and wherever a style or
    run names one."""
    langs = []
    with zipfile.ZipFile(built / name) as z:
        for part in z.namelist():
            if part.startswith("word/") and part.endswith(".xml"):
                root = etree.fromstring(z.read(part))
                langs += [e.get(f"{W}eastAsia") for e in root.iter(f"{W}lang")
                          if e.get(f"{W}eastAsia")]
        defaults = etree.fromstring(z.read("word/styles.xml")).find(f"{W}docDefaults//{W}lang")
    assert defaults is not None and defaults.get(f"{W}eastAsia") == "zh-TW"
    assert set(langs) == {"zh-TW"}


def test_the_quiz_page_says_zh_TW(built: Path) -> None:
    page = (built / "quiz.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="zh-TW"', page)
    assert 'lang="zh-CN"' not in page


# -- the starter -----------------------------------------------------------------------------------


def test_new_zh_TW_makes_a_taiwanese_course_that_checks_clean(tmp_path: Path, s2twp) -> None:
    course = tmp_path / "my-course"
    made = CliRunner().invoke(main, ["new", str(course), "--lang", "zh-TW"])
    assert made.exit_code == 0, made.output
    assert "language: zh-TW" in (course / "course.yml").read_text(encoding="utf-8").splitlines()
    assert check(course) == []  # no errors, no warnings
    sources = {str(p.relative_to(course)): p.read_text(encoding="utf-8").splitlines()
               for p in sorted(course.rglob("*")) if p.suffix in (".yml", ".md", ".txt")}
    assert len(sources) == 4
    bad = not_taiwanese(sources, s2twp)
    assert bad == [], "\n".join(bad)


def test_the_starter_writes_traditional_keywords() -> None:
    """A Taiwanese trainer copies what the starter shows: its blocks use the Traditional keys."""
    complaints = (STARTER / "modules" / "02-complaints.md").read_text(encoding="utf-8")
    for key in ("客戶:", "專員:", "情境:", "目標:", "時間:", "觀察要點:", "不說:", "說:"):
        assert f"\n{key}" in complaints, key
    assert "duration: 30分鐘" in complaints


# -- the labels ------------------------------------------------------------------------------------


def _labels() -> dict[str, dict[str, str]]:
    import yaml

    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def test_the_traditional_labels_are_complete_and_taiwans_words(s2twp) -> None:
    labels = _labels()
    assert set(labels["zh-Hant"]) == set(labels["zh-Hans"]) == set(labels["en"])
    bad = {k: (v, s2twp(v)) for k, v in labels["zh-Hant"].items() if s2twp(v) != v}
    assert bad == {}


def test_hong_kong_says_only_what_differs_from_taiwan() -> None:
    labels = _labels()
    hk = labels["zh-HK"]
    assert set(hk) <= set(labels["zh-Hant"])
    assert all(hk[k] != labels["zh-Hant"][k] for k in hk)
    assert labels["zh-MO"] == hk


def test_a_hong_kong_course_gets_hong_kongs_words(tmp_path: Path) -> None:
    """The same course with language: zh-HK: Hong Kong's words where they differ from Taiwan's,
    Taiwan's elsewhere, its runs tagged zh-HK."""
    import shutil

    course = tmp_path / "hk"
    shutil.copytree(STARTER, course)
    yml = course / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("language: zh-TW", "language: zh-HK"),
                   encoding="utf-8")
    out = tmp_path / "out"
    build(course, out, use_cache=False)
    texts = {name: "\n".join(lines) for name, lines in outputs_texts(out).items()}
    assert "客服代表須知" in texts["roleplay.docx"] and "你的身份" in texts["roleplay.docx"]
    assert "快捷鍵" in texts["deck.pptx"].splitlines()  # the shortcuts block's label
    assert "可選多項" in texts["quiz-A.docx"] and "提交並查看結果" in texts["quiz.html"]
    assert "議程" in texts["deck.pptx"] and "講師手冊" in texts["guide.docx"]  # from zh-Hant
    with zipfile.ZipFile(out / "deck.pptx") as z:
        slide = z.read("ppt/slides/slide2.xml").decode("utf-8")
    assert 'lang="zh-HK"' in slide and 'lang="zh-TW"' not in slide


@pytest.mark.parametrize("tag, agent, shortcuts, agenda", [
    ("zh-TW", "客服專員", "快速鍵", "議程"),
    ("zh-Hant", "客服專員", "快速鍵", "議程"),
    ("zh-Hant-TW", "客服專員", "快速鍵", "議程"),
    ("zh-HK", "客服代表", "快捷鍵", "議程"),
    ("zh-MO", "客服代表", "快捷鍵", "議程"),
    ("zh-CN", "坐席", "快捷键", "议程"),
    ("zh", "坐席", "快捷键", "议程"),
    ("en", "Agent", "Shortcuts", "Agenda"),
])
def test_each_tag_gets_its_words(tag: str, agent: str, shortcuts: str, agenda: str) -> None:
    words = labels_for(tag, None)
    assert (words["agent"], words["shortcuts"], words["agenda"]) == (agent, shortcuts, agenda)


def test_a_new_course_in_an_unknown_language_is_refused_with_the_choices(tmp_path: Path) -> None:
    from trainerkit.scaffold import ScaffoldError, new_course

    with pytest.raises(ScaffoldError) as refused:
        new_course(tmp_path / "x", "fr")
    message = refused.value.args[0]
    assert message == 'no starter course for "fr"; choose one of zh-CN, zh-TW, en'
    assert message.text("en") == message


def test_the_quiz_page_text_is_read_from_the_json_too(built: Path) -> None:
    """The page's script words (Correct, Not quite, ...) are in its text as read above."""
    lines = "\n".join(page_texts(built / "quiz.html"))
    assert "正確答案" in lines and "未作答" in lines
