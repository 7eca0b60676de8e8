"""Footers, versions and dates (issue 14): read back from what a trainer gets.

- slides: the layout's footer, date and slide-number placeholders hold the course's footer
  line, the build date and a slide-number field, where the layout has them and nowhere else;
  the numbers stay right when cached slides move;
- documents: the page footer's line and "第 3 页，共 15 页" (PAGE and NUMPAGES fields) in the
  course's language, and a corporate reference's own footer kept;
- covers: the version and the build date in the course's locale form;
- a fixed date (--date, SOURCE_DATE_EPOCH) gives the same bytes build after build.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation

from trainerkit import dates
from trainerkit import model as m
from trainerkit.build import build
from trainerkit.cli import main
from trainerkit.render.pptx import render_deck

from conftest import ROOT, need_tool, pdf_text, to_pdf
from readback import pptx_footer_kind, pptx_footers, pptx_paragraphs
from readback_docx import docx_outline

REFERENCE = ROOT / "templates" / "reference.pptx"
DAY = date(2026, 12, 1)
EPOCH = "1796083200"  # 2026-12-01 00:00 UTC
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LINE_ZH = "内部培训资料 · 请勿外传 · v1.0"

# (language, footer:, the line, the version word, the date, the page-number words)
LANGUAGES = {
    "zh-CN": ("内部培训资料 · 请勿外传", LINE_ZH, "版本", "2026年12月1日", ("第 ", " 页，共 ", " 页")),
    "zh-TW": ("內部訓練資料 · 請勿外流", "內部訓練資料 · 請勿外流 · v1.0", "版本", "2026年12月1日",
              ("第 ", " 頁，共 ", " 頁")),
    "en-GB": ("Internal training material · do not share",
              "Internal training material · do not share · v1.0", "Version", "1 December 2026",
              ("Page ", " of ", "")),
    "en-US": ("Internal training material · do not share",
              "Internal training material · do not share · v1.0", "Version", "December 1, 2026",
              ("Page ", " of ", "")),
}
MODULE = """---
title: {title}
duration: 30
objectives:
  - {goal}
---

# {section}

## {slide} 1

- {point}

## {slide} 2

- {point}

::: roleplay {title}
customer: {point}
situation: {point}
goal: {goal}
:::

::: shortcuts CRM
Ctrl+K: {point}
:::
"""
WORDS = {
    "zh": dict(title="开场白", goal="完成问候", section="为什么", slide="第一印象", point="语速适中"),
    "zh-TW": dict(title="開場白", goal="完成問候", section="為什麼", slide="第一印象", point="語速適中"),
    "en": dict(title="Opening", goal="Greet the caller", section="Why", slide="First impressions",
               point="Speak at a steady pace"),
}


@pytest.fixture(autouse=True)
def no_fixed_date(monkeypatch):
    """Each test starts with the date not fixed (--date is remembered for the process)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dates.fix(None)
    yield
    dates.fix(None)


def make_course(folder: Path, language: str = "zh-CN", footer: bool = True, version: str = "1.0",
                modules: int = 2, theme: str = "") -> Path:
    """A small course: modules with a section, two slides, a role-play and shortcuts each."""
    words = WORDS["zh-TW" if language == "zh-TW" else language[:2]]
    (folder / "modules").mkdir(parents=True, exist_ok=True)
    lines = [f"title: {words['title']}", f"language: {language}", "author: 赵红"]
    if footer:
        lines.append(f"footer: {LANGUAGES[language][0]}")
    if version:
        lines.append(f'version: "{version}"')
    (folder / "course.yml").write_text("\n".join(lines) + "\n" + theme, encoding="utf-8")
    for n in range(1, modules + 1):
        (folder / "modules" / f"0{n}-m{n}.md").write_text(MODULE.format(**words), encoding="utf-8")
    return folder


def slide_kinds(slide) -> list[str]:
    return [k for s in slide.shapes if (k := pptx_footer_kind(s))]


# ---------------------------------------------------------------------------------------------
# Slides


def test_content_slides_carry_the_footer_the_date_and_a_slide_number_field(tmp_path: Path):
    dates.fix(DAY)
    result = build(make_course(tmp_path / "c"), tmp_path / "out", only=["deck"], use_cache=False)
    prs = Presentation(str(result.out_dir / "deck.pptx"))
    slides = list(prs.slides)
    assert len(slides) > 5
    assert pptx_footers(slides[0]) == {"ftr": LINE_ZH}  # the title slide: the footer alone
    for n, slide in enumerate(slides[1:], 2):
        assert pptx_footers(slide) == {"dt": "2026年12月1日", "ftr": LINE_ZH, "sldNum": str(n)}, n
        number = next(s for s in slide.shapes if pptx_footer_kind(s) == "sldNum")
        fields = number._element.findall(f".//{A}fld")
        assert [f.get("type") for f in fields] == ["slidenum"]
        assert slide_kinds(slide) == ["dt", "ftr", "sldNum"]  # the last shapes, in Office's order
        assert list(slide.shapes)[-1].shape_id == number.shape_id
        # Placed and styled by the layout: the slide's placeholder has no box of its own.
        layout_ph = next(p for p in slide.slide_layout.placeholders
                         if p.placeholder_format.idx == number.placeholder_format.idx)
        assert number._element.find(f"{P}spPr").find(f"{A}xfrm") is None
        assert (number.left, number.top, number.width) == (layout_ph.left, layout_ph.top, layout_ph.width)
    with zipfile.ZipFile(result.out_dir / "deck.pptx") as z:
        assert z.testzip() is None


def test_a_course_without_footer_or_version_has_slide_numbers_only(tmp_path: Path):
    result = build(make_course(tmp_path / "c", footer=False, version=""), tmp_path / "out",
                   only=["deck"], use_cache=False)
    slides = list(Presentation(str(result.out_dir / "deck.pptx")).slides)
    assert pptx_footers(slides[0]) == {}
    assert [pptx_footers(s) for s in slides[1:]] == [{"sldNum": str(n)} for n in range(2, len(slides) + 1)]


def reference_without_footers(path: Path, layouts: set[str]) -> Path:
    """The built-in reference deck with the date, footer and slide number taken out of some
    layouts (a corporate template that has none there)."""
    prs = Presentation(str(REFERENCE))
    for layout in prs.slide_layouts:
        if layout.name in layouts:
            for ph in list(layout.placeholders):
                if ph.placeholder_format.type in (13, 15, 16):  # slide number, footer, date
                    ph._element.getparent().remove(ph._element)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def test_a_layout_without_footer_placeholders_gets_nothing_in_their_place(tmp_path: Path):
    course = make_course(tmp_path / "c", theme="theme:\n  pptx: templates/reference.pptx\n")
    reference_without_footers(course / "templates" / "reference.pptx", {"Title and Content"})
    result = build(course, tmp_path / "out", only=["deck"], use_cache=False)
    slides = list(Presentation(str(result.out_dir / "deck.pptx")).slides)
    plain = [s for s in slides if s.slide_layout.name == "Title and Content"]
    others = [s for s in slides[1:] if s.slide_layout.name != "Title and Content"]
    assert plain and others
    for slide in plain:
        assert pptx_footers(slide) == {}
        texts = " ".join(p.text for s in slide.shapes if s.has_text_frame for p in pptx_paragraphs(s))
        assert "请勿外传" not in texts and "2026" not in texts  # nothing drawn instead
    for slide in others:  # the Section Header keeps its own, numbered as in the deck
        n = slides.index(slide) + 1
        assert pptx_footers(slide)["sldNum"] == str(n)
        assert pptx_footers(slide)["ftr"] == LINE_ZH


class DictCache:
    def __init__(self):
        self.data: dict[str, bytes] = {}
        self.hits = 0

    def get(self, key):
        value = self.data.get(key)
        self.hits += value is not None
        return value

    def put(self, key, data):
        self.data[key] = data


def hand_deck(extra: int = 0, date_text: str = "2026年12月1日") -> m.Deck:
    """A title slide and two modules; extra: more slides in the first one."""
    T = m.text_of
    slides = [m.DeckSlide("投诉处理", "Title Slide", "title", (m.Paragraph(T("赵红")),))]
    for g in ("m1", "m2"):
        count = 3 + (extra if g == "m1" else 0)
        slides += [m.DeckSlide(f"{g} 第 {k} 页", "Title and Content", "content",
                               (m.Paragraph(T(f"{g} 内容 {k}")),), group=g) for k in range(count)]
    return m.Deck("投诉处理", "zh-CN", tuple(slides), REFERENCE, labels={"continued": "（续）"},
                  footer=LINE_ZH, date=date_text)


def test_slide_numbers_stay_right_when_cached_slides_move(tmp_path: Path):
    cache = DictCache()
    first = Presentation(io.BytesIO(render_deck(hand_deck(), cache=cache)))
    assert [pptx_footers(s).get("sldNum") for s in first.slides] == [None, "2", "3", "4", "5", "6", "7"]
    cache.hits = 0
    data = render_deck(hand_deck(extra=2), cache=cache)  # m1 grows: m2's slides come from the cache
    assert cache.hits == 2  # the title slide's and m2's
    again = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text for s in again.slides]
    assert [pptx_footers(s).get("sldNum") for s in again.slides] == \
        [None] + [str(n) for n in range(2, len(titles) + 1)]
    assert titles[-1] == "m2 第 2 页" and pptx_footers(again.slides[-1])["sldNum"] == "9"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every slide's deflate stream, closed at saving, reads back


def test_the_slide_cache_covers_the_footer_and_the_date(tmp_path: Path):
    cache = DictCache()
    render_deck(hand_deck(date_text="2026年12月1日"), cache=cache)
    cache.hits = 0
    prs = Presentation(io.BytesIO(render_deck(hand_deck(date_text="2026年12月2日"), cache=cache)))
    assert {pptx_footers(s)["dt"] for s in list(prs.slides)[1:]} == {"2026年12月2日"}
    assert cache.hits == 0  # every module drawn again for the new day


def test_libreoffice_numbers_the_slides_and_pages(tmp_path: Path):
    need_tool("soffice")
    dates.fix(DAY)
    result = build(make_course(tmp_path / "c"), tmp_path / "out", only=["deck", "handout"],
                   use_cache=False)
    deck_pdf = to_pdf(result.out_dir / "deck.pptx", tmp_path / "pdf")
    pages = pdf_text(deck_pdf).split("\f")
    assert "请勿外传" in pages[2] and "2026" in pages[2]
    assert pages[2].split()[-1] == "3"  # the field, as Impress computes it
    handout_pdf = to_pdf(result.out_dir / "handout.docx", tmp_path / "pdf")
    pages = [p for p in pdf_text(handout_pdf).split("\f") if p.strip()]
    assert len(pages) >= 2
    for k, page in enumerate(pages, 1):
        assert f"第 {k} 页，共 {len(pages)} 页" in page and "内部培训资料 · 请勿外传 · v1.0" in page


# ---------------------------------------------------------------------------------------------
# Documents


def footer_parts(path: Path) -> list[etree._Element]:
    """The footer parts of a .docx, in the order its section refers to them."""
    d = docx.Document(str(path))
    out = []
    for ref in d.sections[0]._sectPr.findall(f"{W}footerReference"):
        part = d.part.related_parts[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        out.append((ref.get(f"{W}type"), part.element))
    return out


def paragraph_texts(element: etree._Element) -> list[str]:
    """Each paragraph's text, a tab as \\t and a field as its result."""
    out = []
    for p in element.iter(f"{W}p"):
        out.append("".join(t.text or "" if t.tag == f"{W}t" else "\t" for t in p.iter(f"{W}t", f"{W}tab")
                           if t.getparent().tag == f"{W}r"))
    return out


def instructions(element: etree._Element) -> list[str]:
    return [t.text.strip() for t in element.iter(f"{W}instrText")]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_documents_say_the_line_and_the_page_numbers_in_the_course_language(tmp_path: Path, language: str):
    _footer, line, _word, _date, (before, middle, after) = LANGUAGES[language]
    result = build(make_course(tmp_path / "c", language), tmp_path / "out",
                   only=["handout", "guide", "quickref", "roleplay"], use_cache=False)
    for name in ("handout.docx", "guide.docx", "quickref.docx", "roleplay.docx"):
        footers = footer_parts(result.out_dir / name)
        assert [kind for kind, _ in footers] == ["default"], name
        element = footers[0][1]
        assert paragraph_texts(element) == [f"{line}\t{before}1{middle}1{after}"], name
        assert instructions(element) == ["PAGE", "NUMPAGES"], name
        tab = element.find(f".//{W}tabs/{W}tab")
        assert tab.get(f"{W}val") == "right"  # the numbers at the right margin
        d = docx.Document(str(result.out_dir / name))
        assert d.sections[0].footer.paragraphs[0].style.name.lower() == "footer"


def test_the_quiz_papers_number_their_pages(tmp_path: Path):
    course = make_course(tmp_path / "c")
    (course / "quizzes").mkdir()
    (course / "quizzes" / "final.txt").write_text("1. 开场白第一句？\n*a) 您好\nb) 喂\n", encoding="utf-8")
    result = build(course, tmp_path / "out", only=["quiz"], use_cache=False)
    for name in ("quiz-A.docx", "quiz-A-key.docx"):
        (_kind, element), = footer_parts(result.out_dir / name)
        assert paragraph_texts(element)[-1].endswith("第 1 页，共 1 页")
        assert instructions(element) == ["PAGE", "NUMPAGES"]


def corporate_reference(path: Path, page_field: bool) -> Path:
    """A company's reference document with a footer of its own ("ACME 机密", with or without
    its page number) and a first page of its own ("封面")."""
    d = docx.Document(str(ROOT / "templates" / "reference.docx"))
    section = d.sections[0]
    p = section.footer.paragraphs[0]
    p.text = "ACME 机密 "
    if page_field:
        simple = etree.SubElement(p._p, f"{W}fldSimple", {f"{W}instr": " PAGE "})
        etree.SubElement(etree.SubElement(simple, f"{W}r"), f"{W}t").text = "1"
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = "封面"
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


@pytest.mark.parametrize("page_field", [True, False])
def test_a_corporate_footer_is_kept_and_the_line_added_under_it(tmp_path: Path, page_field: bool):
    course = make_course(tmp_path / "c", theme="theme:\n  docx: templates/reference.docx\n")
    corporate_reference(course / "templates" / "reference.docx", page_field)
    result = build(course, tmp_path / "out", only=["handout"], use_cache=False)
    footers = dict(footer_parts(result.out_dir / "handout.docx"))
    assert sorted(footers) == ["default", "first"]
    own = paragraph_texts(footers["default"])
    assert own[0].startswith("ACME 机密")  # theirs, first and as it was
    if page_field:  # it shows the page: the line only, no second page number
        assert own[1:] == [LINE_ZH]
        assert instructions(footers["default"]) == []
    else:
        assert own[1:] == [f"{LINE_ZH}\t第 1 页，共 1 页"]
        assert instructions(footers["default"]) == ["PAGE", "NUMPAGES"]
    assert paragraph_texts(footers["first"]) == ["封面"]  # the cover's own footer, untouched


def test_a_document_without_footer_or_version_numbers_its_pages_only(tmp_path: Path):
    result = build(make_course(tmp_path / "c", "en-GB", footer=False, version=""), tmp_path / "out",
                   only=["handout"], use_cache=False)
    (_kind, element), = footer_parts(result.out_dir / "handout.docx")
    assert paragraph_texts(element) == ["Page 1 of 1"]
    assert element.find(f".//{W}tabs") is None  # the Footer style's own alignment


# ---------------------------------------------------------------------------------------------
# Covers and the date's form


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_covers_show_the_version_and_the_date_in_the_course_locale(tmp_path: Path, language: str):
    _footer, _line, word, day, _pages = LANGUAGES[language]
    dates.fix(DAY)
    result = build(make_course(tmp_path / "c", language), tmp_path / "out",
                   only=["deck", "handout", "guide"], use_cache=False)
    edition = f"{word} 1.0 · {day}"
    title = Presentation(str(result.out_dir / "deck.pptx")).slides[0]
    subtitle = [p.text for s in title.shapes if s.has_text_frame and s != title.shapes.title
                and not pptx_footer_kind(s) for p in pptx_paragraphs(s)]
    assert subtitle[-1] == edition
    for name in ("handout.docx", "guide.docx"):
        outline = docx_outline((result.out_dir / name).read_bytes())
        cover = [item[2] for item in outline[:8]]
        assert edition in cover, name


def test_a_version_written_with_its_v_is_shown_once(tmp_path: Path):
    dates.fix(DAY)
    result = build(make_course(tmp_path / "c", version="v2.1"), tmp_path / "out", only=["deck"],
                   use_cache=False)
    slides = list(Presentation(str(result.out_dir / "deck.pptx")).slides)
    title = slides[0]
    lines = [p.text for s in title.shapes if s.has_text_frame for p in pptx_paragraphs(s)]
    assert "版本 2.1 · 2026年12月1日" in lines
    assert pptx_footers(slides[1])["ftr"] == "内部培训资料 · 请勿外传 · v2.1"


@pytest.mark.parametrize("version, line", [
    ("1.0", "F · v1.0"), ("3", "F · v3"), ("1.0-beta", "F · v1.0-beta"), ("v2.1", "F · v2.1"),
    ("2026 春季版", "F · 2026 春季版"), ("第二版", "F · 第二版"), ("", "F"),
])
def test_the_footer_line(version: str, line: str):
    assert m.Course(Path("."), "x", footer="F", version=version).footer_line == line
    assert m.Course(Path("."), "x", version="1.0").footer_line == "v1.0"


@pytest.mark.parametrize("language, text", [
    ("zh-CN", "2026年12月2日"), ("zh-TW", "2026年12月2日"), ("zh-HK", "2026年12月2日"),
    ("en-GB", "2 December 2026"), ("en-US", "December 2, 2026"), ("en", "December 2, 2026"),
    ("xx-YY", "December 2, 2026"),  # a language Babel does not know: English
])
def test_dates_in_each_locale_form(language: str, text: str):
    assert dates.date_text(date(2026, 12, 2), language) == text


# ---------------------------------------------------------------------------------------------
# A fixed date: the same bytes


def members(path: Path) -> dict[str, tuple]:
    """A zip's members: each one's bytes and its time."""
    with zipfile.ZipFile(path) as z:
        return {i.filename: (z.read(i), i.date_time) for i in z.infolist()}


def test_a_fixed_date_gives_the_same_bytes_build_after_build(tmp_path: Path, monkeypatch):
    course = make_course(tmp_path / "c")
    runner = CliRunner()
    for out in ("a", "b"):
        result = runner.invoke(main, ["build", str(course), "-o", str(tmp_path / out), "--date", "2026-12-01",
                                      "--no-cache", "-q"])
        assert result.exit_code == 0, result.output
    dates.fix(None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the same day by the environment
    result = runner.invoke(main, ["build", str(course), "-o", str(tmp_path / "c-out"), "-q"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir() if not p.name.startswith("."))
    assert {"deck.pptx", "handout.docx", "guide.docx", "quickref.docx", "roleplay.docx"} <= set(names)
    for name in names:
        first = (tmp_path / "a" / name).read_bytes()
        assert (tmp_path / "b" / name).read_bytes() == first, name
        assert (tmp_path / "c-out" / name).read_bytes() == first, name
        if name.endswith((".pptx", ".docx")):
            assert {t for _data, t in members(tmp_path / "a" / name).values()} == {(1980, 1, 1, 0, 0, 0)}
    for name in ("deck.pptx", "handout.docx"):
        core = zipfile.ZipFile(tmp_path / "a" / name).read("docProps/core.xml").decode()
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-12-01T00:00:00Z" in core, name
        assert "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-12-01T00:00:00Z" in core, name


def test_without_a_fixed_date_the_build_is_today(tmp_path: Path):
    result = build(make_course(tmp_path / "c"), tmp_path / "out", only=["handout"], use_cache=False)
    today = dates.date_text(date.today(), "zh-CN")
    outline = docx_outline((result.out_dir / "handout.docx").read_bytes())
    assert f"版本 1.0 · {today}" in [item[2] for item in outline[:8]]
    props = docx.Document(str(result.out_dir / "handout.docx")).core_properties
    assert abs((props.created - datetime.now(timezone.utc)).total_seconds()) < 600


def test_date_option_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15
    assert dates.build_day() == date(2027, 1, 15)
    dates.fix(DAY)
    assert dates.build_day() == DAY and dates.stamp() == "2026-12-01T00:00:00"


@pytest.mark.parametrize("value", ["tomorrow", "99999999999999999999"])
def test_a_source_date_epoch_that_is_no_moment_is_wrong_usage(tmp_path: Path, monkeypatch, value: str):
    course = make_course(tmp_path / "c")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = CliRunner().invoke(main, ["build", str(course), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.output and value in result.output
    assert not (tmp_path / "out" / "deck.pptx").exists()
    with pytest.raises(Exception, match="SOURCE_DATE_EPOCH"):  # the library says so too
        dates.fixed_time()


def test_a_wrong_date_option_is_wrong_usage(tmp_path: Path):
    result = CliRunner().invoke(main, ["build", str(make_course(tmp_path / "c")), "--date", "2026-13-01"])
    assert result.exit_code == 2 and "--date" in result.output


def test_a_plan_says_its_date_so_whole_outputs_are_not_reused_across_dates(tmp_path: Path):
    """The cover's date is in the plan: an output kept whole under its plan's digest is made
    again for another day."""
    from trainerkit.outputs import OUTPUTS
    from trainerkit.errors import Diagnostics
    from trainerkit.build import load
    from trainerkit.templates import Templates

    course = load(make_course(tmp_path / "c"), Diagnostics())
    digests = []
    for day in (date(2026, 12, 1), date(2026, 12, 2)):
        dates.fix(day)
        templates = Templates(course, Diagnostics())
        planned = OUTPUTS["handout"].plan(course, templates)
        assert planned.fixed_time == f"{day.isoformat()}T00:00:00"
        digests.append(repr(planned))
        deck = OUTPUTS["deck"].plan(course, templates)
        assert deck.date == dates.date_text(day, "zh-CN") and deck.footer == LINE_ZH
    assert digests[0] != digests[1]


def test_a_build_for_another_date_is_not_up_to_date(tmp_path: Path):
    course = make_course(tmp_path / "c")
    out = tmp_path / "out"
    for day in (date(2026, 12, 1), date(2026, 12, 2)):
        dates.fix(day)
        build(course, out, only=["deck"])
    title = Presentation(str(out / "deck.pptx")).slides[0]
    lines = [p.text for s in title.shapes if s.has_text_frame for p in pptx_paragraphs(s)]
    assert "版本 1.0 · 2026年12月2日" in lines


def test_outputs_pass_the_schema_checks(tmp_path: Path):
    openxml_audit = pytest.importorskip("openxml_audit")
    course = make_course(tmp_path / "c", theme="theme:\n  pptx: templates/reference.pptx\n"
                                               "  docx: templates/reference.docx\n")
    reference_without_footers(course / "templates" / "reference.pptx", {"Title and Content"})
    corporate_reference(course / "templates" / "reference.docx", page_field=False)
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    result = build(course, tmp_path / "out", only=["deck", "handout"], use_cache=False)
    for name in ("deck.pptx", "handout.docx"):
        found = openxml_audit.OpenXmlValidator(max_errors=0).validate(result.out_dir / name)
        assert not [e.description for e in found.errors], name


def test_a_planned_deck_without_footer_fields_draws_none():
    """The writer shows what it is handed: a Deck without footer or date gets numbers only."""
    deck = replace(hand_deck(), footer="", date="")
    prs = Presentation(io.BytesIO(render_deck(deck)))
    assert [pptx_footers(s) for s in prs.slides][:3] == [{}, {"sldNum": "2"}, {"sldNum": "3"}]


def test_quiz_papers_carry_the_footer_line_too(tmp_path: Path):
    """The printed quiz versions and their keys have the course's footer line, as the other
    documents do."""
    import zipfile

    root = tmp_path / "q"
    shutil.copytree(ROOT / "templates" / "new" / "zh-CN", root)
    out = tmp_path / "out"
    build(root, out, only=["quiz"])
    for name in ("quiz-A.docx", "quiz-A-key.docx"):
        with zipfile.ZipFile(out / name) as z:
            footers = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer")]
        assert any("内部培训资料" in f and "PAGE" in f for f in footers), name
