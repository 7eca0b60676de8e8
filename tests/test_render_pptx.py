"""The deck writer: decks built by hand, rendered, read back with python-pptx (and LibreOffice)."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image as PILImage

from trainerkit import model as m
from trainerkit.layouts import layout_names
from trainerkit.render.pptx import render_deck
from trainerkit.render.unit_cache import slide_runs
from trainerkit.text import run_languages, script_segments

from conftest import need_tool
from pptx.oxml.ns import qn
from readback import (
    pptx_body_shapes,
    pptx_body_text,
    pptx_empty_placeholders,
    pptx_layouts,
    pptx_notes,
    pptx_open,
    pptx_package_problems,
    pptx_paragraphs,
    pptx_pictures,
    pptx_runs,
    pptx_title,
    pptx_table_shapes,
    pptx_tables,
    pptx_titles,
    pptx_to_pdf_text,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "templates" / "reference.pptx"
LABELS_ZH = {"continued": "（续）"}
LABELS_EN = {"continued": "(cont.)"}
T = m.text_of


def deck(*slides: m.DeckSlide, language: str = "zh-CN", labels=None) -> m.Deck:
    return m.Deck("投诉处理", language, tuple(slides), REFERENCE, author="赵红",
                  labels=labels if labels is not None else (LABELS_ZH if language.startswith("zh") else LABELS_EN))


def content(title: str, *blocks: m.Block, layout: str = "Title and Content", notes=()) -> m.DeckSlide:
    return m.DeckSlide(title, layout, "content", tuple(blocks), tuple(notes))


def bullets(*items: tuple | str, ordered: bool = False) -> m.BulletList:
    """A list from "text" or (text, level) or (text, level, ordered) items."""
    out = []
    for it in items:
        text, level, numbered = (it, 0, ordered) if isinstance(it, str) else (tuple(it) + (ordered,))[:3]
        out.append(m.ListItem(T(text), level, numbered))
    return m.BulletList(tuple(out))


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "flow.png"
    PILImage.new("RGB", (1200, 800), "#2E75B6").save(path)
    return path


# ---------------------------------------------------------------------------------------------
# The reference deck


def test_reference_deck_is_16_9_with_the_standard_layouts():
    prs = pptx_open(REFERENCE.read_bytes())
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    names = layout_names(REFERENCE)
    for name in ["Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison",
                 "Title Only", "Blank", "Picture with Caption"]:
        assert name in names
    # Every layout placeholder lies inside the wide page.
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            assert 0 <= ph.left and ph.left + ph.width <= prs.slide_width, (layout.name, ph.name)


def test_the_layouts_read_without_python_pptx_are_python_pptxs(tmp_path: Path):
    """trainerkit.layouts (zipfile and lxml) lists the layouts python-pptx lists, in order, with
    their parts and placeholders; Chinese names find the English ones and the other way round."""
    from pptx import Presentation

    from trainerkit.layouts import STANDARD_LAYOUTS, layout_lookup, read_layouts

    zh = tmp_path / "公司模板.pptx"
    prs = Presentation(str(REFERENCE))
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            layout.name = STANDARD_LAYOUTS[layout._element.get("type")][1]
    prs.save(str(zh))
    for path in (REFERENCE, ROOT / "tests" / "fixtures" / "format-examples" / "templates" / "reference.pptx", zh):
        prs = Presentation(str(path))
        want = [(lay.name, lay._element.get("type", ""), str(lay.part.partname),
                 [ph.placeholder_format.idx for ph in lay.placeholders])
                for master in prs.slide_masters for lay in master.slide_layouts]
        got = [(lay.name, lay.type, lay.part, [ph.idx for ph in lay.placeholders]) for lay in read_layouts(path)]
        assert got == want
    lookup = layout_lookup(zh)
    assert lookup["Two Content"] == lookup["两栏内容"] == "两栏内容"
    assert layout_lookup(REFERENCE)["比较"] == "Comparison"


def test_checking_a_course_does_not_load_python_pptx():
    import subprocess
    import sys

    code = "import sys, trainerkit.check, trainerkit.plan; assert 'pptx' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_damaged_reference_deck_is_a_layouts_error(tmp_path: Path):
    from trainerkit.layouts import LayoutsError, read_layouts

    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"PK not a zip")
    with pytest.raises(LayoutsError):
        read_layouts(bad)


def test_reference_theme_fonts():
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = pptx_open(REFERENCE.read_bytes())
    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for kind in ("majorFont", "minorFont"):
        font = theme.find(f".//{a}{kind}")
        assert font.find(f"{a}latin").get("typeface") == "Calibri"
        # no East Asian face of its own: each script's, so the language chooses (issue 13)
        assert font.find(f"{a}ea").get("typeface") == ""
        scripts = {f.get("script"): f.get("typeface") for f in font.findall(f"{a}font")}
        assert scripts["Hans"] == "Microsoft YaHei" and scripts["Hant"] == "Microsoft JhengHei"


# ---------------------------------------------------------------------------------------------
# Slides, titles, text


def test_titles_layouts_and_title_slide_subtitle():
    d = deck(
        m.DeckSlide("投诉处理与标准话术", "Title Slide", "title", (m.Paragraph(T("新员工培训 · 第二周")),)),
        m.DeckSlide("为什么开场白重要", "Section Header", "section", ()),
        content("第一印象", bullets("客户在前 10 秒形成印象")),
    )
    data = render_deck(d)
    assert pptx_titles(data) == ["投诉处理与标准话术", "为什么开场白重要", "第一印象"]
    assert pptx_layouts(data) == ["Title Slide", "Section Header", "Title and Content"]
    prs = pptx_open(data)
    sub = [ph for ph in prs.slides[0].placeholders if ph.placeholder_format.idx == 1]
    assert sub and sub[0].text_frame.text == "新员工培训 · 第二周"
    assert pptx_package_problems(data) == []


def test_reference_slides_are_dropped(tmp_path: Path):
    from pptx import Presentation

    prs = Presentation(str(REFERENCE))
    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = "An example slide of the corporate template"
    ref = tmp_path / "corp.pptx"
    prs.save(ref)
    d = m.Deck("t", "en", (content("Only", bullets("one")),), ref, labels=LABELS_EN)
    data = render_deck(d)
    assert pptx_titles(data) == ["Only"]
    assert pptx_package_problems(data) == []


def test_levels_bullets_numbers_and_plain_paragraphs():
    d = deck(content(
        "要点",
        m.Paragraph(T("开场白")),
        bullets("倾听", ("让客户说完", 1), ("不要打断", 2), "共情"),
        m.Heading(3, T("HEARD")),
        bullets("Hear", ("detail", 1, False), "Empathize", ordered=True),
    ))
    paras = pptx_body_text(pptx_open(render_deck(d)).slides[0])
    assert [(p.level, p.text, p.bullet) for p in paras] == [
        (0, "开场白", "none"),
        (0, "倾听", "bullet"), (1, "让客户说完", "bullet"), (2, "不要打断", "bullet"), (0, "共情", "bullet"),
        (0, "HEARD", "none"),
        (0, "Hear", "number"), (1, "detail", "bullet"), (0, "Empathize", "number"),
    ]


def test_spans_bold_italic_code_strike_link_and_line_break():
    text = (m.Span("Use "), m.Span("this", bold=True), m.Span(" "), m.Span("now", italic=True), m.Span(" "),
            m.Span("Ctrl+K", code=True), m.Span(" "), m.Span("old", strike=True), m.Span(" "),
            m.Span("wiki", link="https://example.com/wiki"), m.Span("\n"), m.Span("next"))
    prs = pptx_open(render_deck(deck(content("Spans", m.Paragraph(text)), language="en")))
    shape = pptx_body_shapes(prs.slides[0])[0]
    assert pptx_paragraphs(shape)[0].text == "Use this now Ctrl+K old wiki\nnext"
    runs = {r.text: r for r in shape.text_frame.paragraphs[0].runs}
    assert runs["this"].font.bold and runs["now"].font.italic
    assert runs["Ctrl+K"].font.name == "Consolas"
    assert runs["old"]._r.rPr.get("strike") == "sngStrike"
    assert runs["wiki"].hyperlink.address == "https://example.com/wiki"


def test_notes_on_the_notes_page():
    d = deck(content("第一印象", bullets("微笑"), notes=(
        m.Paragraph(T("请学员回忆一次印象深刻的来电。")), bullets("问：发生了什么？", ("追问", 1)))))
    slide = pptx_open(render_deck(d)).slides[0]
    assert pptx_notes(slide) == "请学员回忆一次印象深刻的来电。\n• 问：发生了什么？\n    • 追问"


def test_empty_placeholders_are_removed(picture: Path):
    d = deck(
        m.DeckSlide("Only a title", "Title Slide", "title", ()),
        content("Only a picture", m.Image(picture, "flow")),
        content("Two columns, one empty", m.Columns(((m.Paragraph(T("left")),), ())), layout="Two Content"),
        content("Comparison without headings", m.Columns(((m.Paragraph(T("a")),), (m.Paragraph(T("b")),))),
                layout="Comparison"),
        m.DeckSlide("", "Title Only", "content", ()),
    )
    for slide in pptx_open(render_deck(d)).slides:
        assert pptx_empty_placeholders(slide) == []


# ---------------------------------------------------------------------------------------------
# Languages and fonts


def test_script_segments_and_languages():
    assert script_segments("客户在前 10 秒 with a smile!") == [("客户在前 10 秒 ", True), ("with a smile!", False)]
    assert run_languages("zh-CN") == ("zh-CN", "en-US")
    assert run_languages("en") == ("zh-CN", "en-US")
    assert run_languages("de-DE") == ("zh-CN", "de-DE")


@pytest.mark.parametrize("language, cjk_lang, latin_lang, face", [
    ("zh-CN", "zh-CN", "en-US", "Microsoft YaHei"), ("en", "zh-CN", "en-US", "Microsoft YaHei"),
    ("zh-TW", "zh-TW", "en-US", "Microsoft JhengHei"), ("zh-HK", "zh-HK", "en-US", "Microsoft JhengHei")])
def test_runs_carry_lang_and_east_asian_typeface(language, cjk_lang, latin_lang, face):
    d = deck(content("第一印象 First impressions", m.Paragraph(T("使用 standard greeting 问候客户"))),
             language=language)
    runs = pptx_runs(pptx_open(render_deck(d)).slides[0])
    assert ("使用 ", cjk_lang, face) in runs
    assert ("standard greeting ", latin_lang, None) in runs
    assert ("问候客户", cjk_lang, face) in runs
    assert ("第一印象 ", cjk_lang, face) in runs  # the title too
    assert all(lang is not None for _, lang, _ in runs)


def test_east_asian_typeface_follows_the_theme(tmp_path: Path):
    from lxml import etree
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation(str(REFERENCE))
    part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    theme.find(f".//{a}minorFont/{a}ea").set("typeface", "")
    for f in theme.iter(f"{a}font"):
        if f.get("script") == "Hans":
            f.set("typeface", "DengXian")
    part._blob = etree.tostring(theme)
    ref = tmp_path / "corp.pptx"
    prs.save(ref)
    d = m.Deck("t", "zh-CN", (content("T", m.Paragraph(T("正文"))),), ref, labels=LABELS_ZH)
    runs = pptx_runs(pptx_body_shapes(pptx_open(render_deck(d)).slides[0])[0])
    assert runs == [("正文", "zh-CN", "DengXian")]


# ---------------------------------------------------------------------------------------------
# Tables, pictures, columns


def test_table_cells_and_header(picture: Path):
    table = m.Table((T("按键"), T("作用")), ((T("Ctrl+K"), T("打开知识库搜索")), (T("F5"), T("刷新当前工单"))))
    slide = pptx_open(render_deck(deck(content("快捷键", m.Paragraph(T("常用：")), table)))).slides[0]
    assert pptx_tables(slide) == [[["按键", "作用"], ["Ctrl+K", "打开知识库搜索"], ["F5", "刷新当前工单"]]]
    shape = pptx_table_shapes(slide)[0]
    assert shape.table.first_row
    text = pptx_body_shapes(slide)[0]
    assert text.top + text.height <= shape.top  # text above the table, no overlap
    sizes = {r.font.size.pt for row in shape.table.rows for c in row.cells for p in c.text_frame.paragraphs
             for r in p.runs}
    assert min(sizes) >= 14


def test_long_table_continues_with_its_header_repeated():
    rows = tuple((T(f"Ctrl+{i}"), T(f"动作 {i}")) for i in range(40))
    data = render_deck(deck(content("快捷键", m.Table((T("按键"), T("作用")), rows))))
    prs = pptx_open(data)
    assert len(prs.slides) > 1
    assert pptx_titles(data)[1] == "快捷键（续）"
    seen = []
    for slide in prs.slides:
        (t,) = pptx_tables(slide)
        assert t[0] == ["按键", "作用"]
        seen += [r[0] for r in t[1:]]
        shape = pptx_table_shapes(slide)[0]
        assert shape.top + shape.height <= prs.slide_height
    assert seen == [f"Ctrl+{i}" for i in range(40)]


@pytest.mark.parametrize("width", [None, 0.5, 1.0])
def test_picture_inside_the_body_and_not_over_the_text(picture: Path, width):
    d = deck(content("流程", m.Paragraph(T("来电流程如下：")), bullets("接听", "核实"), m.Image(picture, "flow", width)))
    prs = pptx_open(render_deck(d))
    slide = prs.slides[0]
    (pic,) = pptx_pictures(slide)
    body = [ph for ph in prs.slide_layouts.get_by_name("Title and Content").placeholders
            if ph.placeholder_format.idx == 1][0]
    assert body.left <= pic.left and pic.left + pic.width <= body.left + body.width
    assert body.top <= pic.top and pic.top + pic.height <= body.top + body.height
    assert abs(pic.width / pic.height - 1.5) < 0.01  # aspect ratio kept
    text = pptx_body_shapes(slide)[0]
    beside = text.left + text.width <= pic.left
    below = text.top + text.height <= pic.top
    assert beside or below
    assert pic._element.nvPicPr.cNvPr.get("descr") == "flow"


def test_a_huge_picture_is_scaled_into_the_slide(tmp_path: Path):
    path = tmp_path / "huge.png"
    PILImage.new("RGB", (600, 4000), "white").save(path)
    prs = pptx_open(render_deck(deck(content("Tall", m.Image(path, "tall")))))
    (pic,) = pptx_pictures(prs.slides[0])
    assert pic.top >= 0 and pic.top + pic.height <= prs.slide_height
    assert pic.left >= 0 and pic.left + pic.width <= prs.slide_width


def test_columns_side_by_side():
    cols = m.Columns(((m.Paragraph(T("不说")), bullets("这不归我们管。")),
                      (m.Paragraph(T("要说")), bullets("我来帮您联系负责的同事。"))))
    slide = pptx_open(render_deck(deck(content("话术", cols, layout="Two Content")))).slides[0]
    left, right = pptx_body_shapes(slide)
    assert left.left + left.width <= right.left
    assert [p.text for p in pptx_paragraphs(left)] == ["不说", "这不归我们管。"]
    assert [p.text for p in pptx_paragraphs(right)] == ["要说", "我来帮您联系负责的同事。"]


def test_comparison_headings_go_into_the_header_placeholders():
    cols = m.Columns(((m.Heading(3, T("Avoid")), bullets("You need to calm down.")),
                      (m.Heading(3, T("Say")), bullets("I can hear how frustrating this has been."))))
    slide = pptx_open(render_deck(deck(content("Phrases", cols, layout="Comparison"), language="en"))).slides[0]
    by_idx = {ph.placeholder_format.idx: ph.text_frame.text for ph in slide.placeholders}
    assert by_idx[1] == "Avoid" and by_idx[3] == "Say"
    assert by_idx[2] == "You need to calm down." and by_idx[4] == "I can hear how frustrating this has been."


def test_comparison_headings_come_from_the_columns_first_bold_line():
    bold = lambda text: (m.Span(text, bold=True),)  # noqa: E731
    cols = m.Columns(((m.Paragraph(bold("Avoid")), bullets("You need to calm down.")),
                      (m.Paragraph(bold("Say ") + (m.Span("\n"), m.Span("Warm, and owning it."))),
                       bullets("I can hear how frustrating this has been."))))
    slide = pptx_open(render_deck(deck(content("Phrases", cols, layout="Comparison"), language="en"))).slides[0]
    by_idx = {ph.placeholder_format.idx: ph.text_frame.text for ph in slide.placeholders}
    assert by_idx[1] == "Avoid" and by_idx[3] == "Say"
    assert by_idx[2] == "You need to calm down."
    assert by_idx[4] == "Warm, and owning it.\nI can hear how frustrating this has been."
    assert pptx_empty_placeholders(slide) == []


def test_a_column_opening_with_plain_text_leaves_the_comparison_headings_alone():
    cols = m.Columns(((m.Paragraph((m.Span("Avoid", bold=True), m.Span(" these"))), bullets("Calm down.")),
                      (m.Paragraph(T("Say")), bullets("I hear you."))))
    slide = pptx_open(render_deck(deck(content("Phrases", cols, layout="Comparison"), language="en"))).slides[0]
    texts = [ph.text_frame.text for ph in slide.placeholders if ph.placeholder_format.idx]
    assert "Avoid these\nCalm down." in texts and "Say\nI hear you." in texts


def test_more_columns_than_placeholders():
    cols = m.Columns(tuple((m.Paragraph(T(f"列 {i}")),) for i in range(3)))
    prs = pptx_open(render_deck(deck(content("三列", cols, layout="Two Content"))))
    shapes = pptx_body_shapes(prs.slides[0])
    assert [s.text_frame.text for s in shapes] == ["列 0", "列 1", "列 2"]
    for a, b in zip(shapes, shapes[1:]):
        assert a.left + a.width <= b.left
    assert shapes[-1].left + shapes[-1].width <= prs.slide_width


# ---------------------------------------------------------------------------------------------
# Overflow


def test_overflowing_list_continues_on_the_next_slide():
    items = [f"第 {i} 条：客户在前 10 秒形成印象，语速适中 and keep a smile" for i in range(30)]
    d = deck(content("第一印象", bullets(*items), notes=(m.Paragraph(T("备注只在第一张")),)))
    data = render_deck(d)
    prs = pptx_open(data)
    titles = pptx_titles(data)
    assert len(titles) >= 3
    assert titles[0] == "第一印象" and all(t == "第一印象（续）" for t in titles[1:])
    assert set(pptx_layouts(data)) == {"Title and Content"}
    texts = [p.text for s in prs.slides for p in pptx_body_text(s)]
    assert texts == items  # nothing lost, nothing repeated, in order
    assert pptx_notes(prs.slides[0]) == "备注只在第一张"
    assert all(pptx_notes(s) == "" for s in list(prs.slides)[1:])
    for s in prs.slides:  # no text shrunk below 14 pt
        for shape in pptx_body_shapes(s):
            for p in shape.text_frame.paragraphs:
                for r in p.runs:
                    assert r.font.size is None or r.font.size.pt >= 14


def test_english_continuation_label_and_numbering_restarts_where_it_left_off():
    items = [f"Step number {i} of a long procedure that the agent follows" for i in range(1, 26)]
    data = render_deck(deck(content("Procedure", bullets(*items, ordered=True)), language="en"))
    prs = pptx_open(data)
    assert pptx_titles(data)[1] == "Procedure (cont.)"
    first_on_second = pptx_body_text(prs.slides[1])[0]
    assert first_on_second.bullet == "number"
    assert first_on_second.start == items.index(first_on_second.text) + 1


def test_a_module_in_its_own_language_continues_with_its_words():
    """A slide of a module in its own language (plan decides it: DeckSlide.language) is
    titled with that language's words (Deck.labels_in); the other modules keep the course's."""
    en_items = [f"Step number {i} of a long procedure that the agent follows" for i in range(1, 26)]
    zh_items = [f"第 {i} 条：客户在前 10 秒形成印象，语速适中 keep a smile" for i in range(30)]
    zh = replace(content("第一印象", bullets(*zh_items)), group="m1")
    en = replace(content("Procedure", bullets(*en_items)), group="m2", language="en")
    data = render_deck(replace(deck(zh, en, language="zh-CN"), labels_in={"en": {"continued": "(cont.)"}}))
    titles = pptx_titles(data)
    zh_later = [t for t in titles if t.startswith("第一印象")][1:]
    en_later = [t for t in titles if t.startswith("Procedure")][1:]
    assert titles[0] == "第一印象" and zh_later and all(t == "第一印象（续）" for t in zh_later)
    assert en_later and all(t == "Procedure (cont.)" for t in en_later)
    slides = list(pptx_open(data).slides)
    zh_runs = {lang for s in slides if pptx_title(s).startswith("第一印象") for _, lang, _ in pptx_runs(s)}
    en_runs = {lang for s in slides if pptx_title(s).startswith("Procedure") for _, lang, _ in pptx_runs(s)}
    assert "zh-CN" in zh_runs and en_runs <= {"en-US", None}


def test_short_content_stays_on_one_slide():
    data = render_deck(deck(content("短", bullets(*[f"要点 {i}" for i in range(6)]))))
    assert pptx_titles(data) == ["短"]


# ---------------------------------------------------------------------------------------------
# Size and speed


def test_a_big_deck_is_whole_and_valid():
    """400 slides (speed: benchmarks/run.py, not a timed test)."""
    slides = [content(f"幻灯片 {i}", m.Paragraph(T(f"第 {i} 张 slide")), bullets("要点 a", ("point b", 1)),
                      notes=(m.Paragraph(T("备注")),)) for i in range(400)]
    data = render_deck(deck(*slides))
    assert len(pptx_open(data).slides) == 400
    assert pptx_titles(data)[-1] == "幻灯片 399"
    assert pptx_package_problems(data) == []


# ---------------------------------------------------------------------------------------------
# A real consumer


def test_libreoffice_renders_the_chinese_text(tmp_path: Path, picture: Path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("soffice and pdftotext are needed on CI")
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    d = deck(
        m.DeckSlide("投诉处理与标准话术", "Title Slide", "title", (m.Paragraph(T("新员工培训")),)),
        content("第一印象", bullets("客户在前十秒形成印象", ("语速适中", 1)), m.Image(picture, "flow", 0.4)),
        content("快捷键", m.Table((T("按键"), T("作用")), ((T("F5"), T("刷新当前工单")),))),
    )
    path = tmp_path / "deck.pptx"
    path.write_bytes(render_deck(d))
    text = pptx_to_pdf_text(path, tmp_path)
    for s in ["投诉处理与标准话术", "新员工培训", "客户在前十秒形成印象", "语速适中", "刷新当前工单"]:
        assert s in text


def test_a_model_is_drawn_as_a_process_of_shapes_in_order():
    steps = tuple(m.Step(label, T(text)) for label, text in [("Hear", "倾听：让客户把话说完"), ("Empathize", "共情"),
                                                            ("Apologize", "致歉"), ("Resolve", "解决"), ("Diagnose", "复盘")])
    prs = pptx_open(render_deck(deck(content("HEARD 五步", m.Paragraph(T("五步：")), m.Model("HEARD", steps)))))
    slide = prs.slides[0]
    boxes = sorted((s for s in slide.shapes if s.name.startswith("Step ")), key=lambda s: s.left)
    assert [b.text_frame.text for b in boxes] == [f"{i}. {s.label}\n{m.plain(s.text)}" for i, s in enumerate(steps, 1)]
    for a, b in zip(boxes, boxes[1:]):
        assert a.left + a.width < b.left and a.top == b.top
    assert all(0 <= b.left and b.left + b.width <= prs.slide_width and b.top + b.height <= prs.slide_height for b in boxes)
    text = [s for s in pptx_body_shapes(slide) if not s.name.startswith(("Step ", "Arrow "))]
    assert all(t.top + t.height <= boxes[0].top for t in text)  # the text sits above the process
    assert [p.text for t in text for p in pptx_paragraphs(t)] == ["五步："]  # "HEARD" is in the slide title already
    assert pptx_empty_placeholders(slide) == []


# ---------------------------------------------------------------------------------------------
# Call-centre blocks (issue #3)

LABELS = {**LABELS_ZH, "verbatim": "必须逐字", "avoid": "不说", "say": "要说", "agent": "坐席", "customer": "客户",
          "situation": "情境", "goal": "目标", "time": "时间", "minutes": "分钟", "observe": "观察要点", "colon": "："}
STEPS8 = [("Greet", "开场：问候并报工号"), ("Verify", "核实：三要素"), ("Listen", "倾听：让客户说完"),
          ("Empathize", "共情：说出情绪"), ("Resolve", "解决：方案与时限"), ("Escalate", "升级：按矩阵转交"),
          ("Confirm", "确认：复述下一步"), ("Close", "结束：致谢并小结 ACW")]


def script(n: int = 2) -> m.Script:
    turns = []
    for i in range(n):
        turns += [m.Turn("客户", T(f"第 {i} 次：我的理赔已经两周没人处理了！")),
                  m.Turn("坐席", T(f"非常抱歉让您久等了 {i}。"), verbatim=i % 2 == 0)]
    return m.Script("理赔进度投诉", tuple(turns))


def test_a_script_is_a_dialogue_with_coloured_speakers_and_marked_compliance_lines():
    from readback import pptx_styled_runs

    prs = pptx_open(render_deck(deck(content("示范通话", script(2)), labels=LABELS)))
    (shape,) = pptx_body_shapes(prs.slides[0])
    paras = pptx_paragraphs(shape)
    assert [p.text for p in paras] == ["理赔进度投诉", "客户：\t第 0 次：我的理赔已经两周没人处理了！",
                                       "坐席：\t\u00a0必须逐字\u00a0 非常抱歉让您久等了 0。",
                                       "客户：\t第 1 次：我的理赔已经两周没人处理了！", "坐席：\t非常抱歉让您久等了 1。"]
    assert all(p.bullet == "none" for p in paras)
    runs = pptx_styled_runs(shape)
    labels = {r[0].text: r[0] for r in runs[1:]}
    assert labels["客户："].bold and labels["坐席："].bold
    assert labels["坐席："].color == "accent1" and labels["客户："].color == "accent2"  # theme colours, one per speaker
    tag = runs[2][2]
    assert tag.text.strip() == "必须逐字" and tag.bold and tag.color == "accent3" and tag.highlight == "accent3"
    assert not any(r.color and r.color.startswith("rgb:") for para in runs for r in para)
    assert "!" not in shape.text_frame.text


def test_a_script_turn_has_its_bullet_before_its_tab_stops_and_every_part_is_in_schema_order():
    """a:pPr holds spacing, bullet, then tabLst (the old writer put a:tabLst before a:buNone)."""
    import io
    import zipfile

    from lxml import etree

    from trainerkit.render import ooxml

    data = render_deck(deck(content("示范通话", script(2)), content("步骤", m.Model("", tuple(
        m.Step(a, T(b)) for a, b in STEPS8[:4]))), labels=LABELS))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slide = etree.fromstring(z.read("ppt/slides/slide1.xml"))
        tabbed = [p for p in slide.iter(ooxml.qn("a:pPr")) if p.find(ooxml.qn("a:tabLst")) is not None]
        assert tabbed and all([etree.QName(c).localname for c in p] == ["buNone", "tabLst"] for p in tabbed)
        for name in z.namelist():
            if name.endswith(".xml"):
                assert list(ooxml.misplaced(etree.fromstring(z.read(name)))) == [], name


def test_a_long_script_continues_on_the_next_slide_in_order():
    s = script(12)
    data = render_deck(deck(content("示范通话", s), labels=LABELS))
    prs = pptx_open(data)
    assert len(prs.slides) >= 2 and pptx_titles(data)[1] == "示范通话（续）"
    turns = [p.text.split("\t")[-1] for sl in prs.slides for p in pptx_body_text(sl) if "\t" in p.text]
    assert [t.replace("\u00a0必须逐字\u00a0 ", "") for t in turns] == [m.plain(t.text) for t in s.turns]
    counts = [len(pptx_body_text(sl)) for sl in prs.slides]
    assert min(counts) >= max(counts) // 2  # balanced, not a nearly empty last slide


def test_phrases_read_avoid_then_say_in_theme_cue_colours():
    from readback import pptx_fill_color

    ph = m.Phrases("推荐话术与禁用语", (m.PhrasePair(T("这不归我们管。"), T("我来帮您联系负责的同事。")),
                                     m.PhrasePair(T("You need to calm down."), T("I can hear how frustrating this has been."))))
    slide = pptx_open(render_deck(deck(content("推荐话术与禁用语", ph), labels=LABELS))).slides[0]
    assert pptx_tables(slide) == [[["\u2717 不说", "\u2713 要说"], ["这不归我们管。", "我来帮您联系负责的同事。"],
                                   ["You need to calm down.", "I can hear how frustrating this has been."]]]
    assert pptx_body_shapes(slide) == []  # the block title repeats the slide title: not shown twice
    table = pptx_table_shapes(slide)[0].table
    for row in table.rows:
        assert [pptx_fill_color(c) for c in row.cells] == ["accent3", "accent6"]
    assert table.columns[0].width == pytest.approx(table.columns[1].width, rel=0.01)


@pytest.mark.parametrize("n", [2, 5, 8])
def test_a_model_of_2_to_8_steps_is_boxes_in_reading_order_inside_the_slide(n):
    steps = tuple(m.Step(label, T(text)) for label, text in STEPS8[:n])
    prs = pptx_open(render_deck(deck(content("通话流程 Call flow", m.Model("Call flow", steps)))))
    slide = prs.slides[0]
    assert len(prs.slides) == 1
    boxes = [s for s in slide.shapes if s.name.startswith("Step ")]
    assert len(boxes) == n
    reading = sorted(boxes, key=lambda s: (s.top, s.left))
    assert [b.name for b in reading] == [f"Step {i}" for i in range(1, n + 1)]
    assert [b.text_frame.text for b in reading] == [f"{i}. {lab}\n{txt}" for i, (lab, txt) in enumerate(STEPS8[:n], 1)]
    rows = sorted({b.top for b in boxes})
    assert len(rows) == (1 if n <= 5 else 2)
    for b in boxes:
        assert 0 <= b.left and b.left + b.width <= prs.slide_width and 0 <= b.top and b.top + b.height <= prs.slide_height
        assert b.text_frame._txBody.bodyPr.find(qn("a:noAutofit")) is not None
        for other in boxes:
            if other is not b:  # no two boxes overlap
                assert b.left + b.width <= other.left or other.left + other.width <= b.left or \
                    b.top + b.height <= other.top or other.top + other.height <= b.top
        sizes = [r.font.size.pt for p in b.text_frame.paragraphs for r in p.runs]
        assert min(sizes) >= 12
    assert pptx_empty_placeholders(slide) == []


@pytest.mark.parametrize("layout", ["Two Content", "Title and Content"])
def test_a_step_box_keeps_every_latin_word_on_one_line(layout):
    """No "Ma/p": each box is wider than its longest word at its run's size. Widths from
    Carlito Bold (Calibri's metrics, the deck's Latin face), as Pillow draws it."""
    from PIL import ImageFont
    from pptx.util import Emu

    from conftest import need_file

    face = need_file("/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf", "fonts-crosextra-carlito")
    font = ImageFont.truetype(str(face), 100)
    steps = tuple(m.Step(label, T(text)) for label, text in [
        ("Empathize", "Map the feeling"), ("Apologize", "Acknowledge"), ("Troubleshoot", "Diagnose"),
        ("Resolve", "Escalate"), ("Summarize", "Confirmation")])
    model = m.Model("HEARD", steps)
    blocks = (m.Columns(((model,), (m.Paragraph(T("Say it in your own words.")),))),) \
        if layout == "Two Content" else (model,)
    slide = pptx_open(render_deck(deck(content("Steps", *blocks, layout=layout), language="en"))).slides[0]
    boxes = [s for s in slide.shapes if s.name.startswith("Step ")]
    assert len(boxes) == 5
    others = [s for s in pptx_body_shapes(slide) if not s.name.startswith(("Step ", "Arrow "))]
    if layout == "Two Content":  # the boxes stay in their column
        right = [t for t in others if t.text_frame.text == "Say it in your own words."]
        assert len(right) == 1 and max(b.left + b.width for b in boxes) <= right[0].left
    for box in boxes:
        body = box.text_frame._txBody.bodyPr
        inner = box.width - int(body.get("lIns", 91440)) - int(body.get("rIns", 91440))
        for p in box.text_frame.paragraphs:
            for r in p.runs:
                for word in r.text.split():
                    width = Emu(int(font.getlength(word) / 100 * r.font.size.pt * 12700))
                    assert width <= inner, f"{word!r} at {r.font.size.pt} pt breaks in a box {Emu(inner).inches:.2f} in wide"


def test_a_roleplay_slide_is_a_scenario_card_without_the_agent_brief():
    """plan takes the brief out of what the room sees (plan.without_brief); the writer shows
    every field it is given."""
    from trainerkit.plan import without_brief

    rp = m.Roleplay("愤怒的理赔客户", customer="45 岁，张先生，第三次来电", agent="只给坐席看：理赔专员工号 0931",
                    situation="车险理赔已两周未处理", goal="平复情绪，给出明确的处理时限", time=10,
                    observe=("是否先倾听再解释", "是否使用共情话术"))
    given = pptx_open(render_deck(deck(content("场景一：愤怒的理赔客户", rp), labels=LABELS))).slides[0]
    card = next(s for s in given.shapes if s.name == "Scenario")
    assert [p.text for p in pptx_paragraphs(card)][4:6] == ["Your brief", "只给坐席看：理赔专员工号 0931"]
    prs = pptx_open(render_deck(deck(content("场景一：愤怒的理赔客户", *without_brief((rp,))), labels=LABELS)))
    assert len(prs.slides) == 1
    slide = prs.slides[0]
    shapes = {s.name: s for s in slide.shapes}
    scenario, observe = shapes["Scenario"], shapes["Observe"]
    assert [p.text for p in pptx_paragraphs(scenario)] == ["情境", "车险理赔已两周未处理", "客户", "45 岁，张先生，第三次来电",
                                                           "目标", "平复情绪，给出明确的处理时限"]
    assert [(p.text, p.char) for p in pptx_paragraphs(observe)] == [
        ("时间", None), ("10 分钟", None), ("观察要点", None), ("是否先倾听再解释", "\u2610"), ("是否使用共情话术", "\u2610")]
    assert scenario.left + scenario.width <= observe.left
    everything = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "0931" not in everything and "坐席" not in everything
    for s in (scenario, observe):
        assert s.top + s.height <= prs.slide_height


def test_task_items_show_boxes_instead_of_bullets():
    items = m.BulletList((m.ListItem(T("准备好耳机"), check=True), m.ListItem(T("登录 CRM"), check=False),
                          m.ListItem(T("普通要点"))))
    d = deck(content("清单", items, notes=(items,)))
    slide = pptx_open(render_deck(d)).slides[0]
    assert [(p.text, p.char, p.bullet) for p in pptx_body_text(slide)] == [
        ("准备好耳机", "\u2611", "bullet"), ("登录 CRM", "\u2610", "bullet"), ("普通要点", None, "bullet")]
    assert pptx_notes(slide) == "\u2611 准备好耳机\n\u2610 登录 CRM\n• 普通要点"


def test_an_ordered_task_item_shows_its_box_and_ends_the_numbered_run():
    """render/lists.py: "1. [ ] x" shows the box (as in the documents); the next number starts again."""
    items = m.BulletList((m.ListItem(T("登录 CRM"), ordered=True, number=1),
                          m.ListItem(T("戴好耳机"), ordered=True, number=None, check=False),
                          m.ListItem(T("接听"), ordered=True, number=None)))
    slide = pptx_open(render_deck(deck(content("清单", items, notes=(items,))))).slides[0]
    assert [(p.text, p.char) for p in pptx_body_text(slide)] == [("登录 CRM", None), ("戴好耳机", "\u2610"), ("接听", None)]
    assert pptx_notes(slide) == "1. 登录 CRM\n\u2610 戴好耳机\n1. 接听"


def test_a_tiny_remainder_is_avoided_and_splits_are_even():
    def pages(n):
        data = render_deck(deck(content("要点", bullets(*[f"第 {i} 条：客户在前 10 秒形成印象，语速适中 and keep a smile"
                                                         for i in range(n)]))))
        prs = pptx_open(data)
        return [len(pptx_body_text(s)) for s in prs.slides], prs
    counts, prs = pages(10)  # a little too much for one slide at 24 pt: one slide at a slightly smaller size
    assert counts == [10]
    sizes = {r.font.size.pt for s in prs.slides for sh in pptx_body_shapes(s) for p in sh.text_frame.paragraphs
             for r in p.runs if r.font.size is not None}
    assert sizes and min(sizes) >= 16
    counts, _ = pages(18)
    assert len(counts) == 2 and abs(counts[0] - counts[1]) <= 1


def test_a_paragraph_taller_than_a_slide_is_split_at_sentence_ends():
    sentences = [f"这是第 {i} 句很长的说明文字，用来测试一个比整张幻灯片还高的段落会不会在句末被切开 and some English words。"
                 for i in range(22)]
    data = render_deck(deck(content("长段落", m.Paragraph(T("".join(sentences))))))
    prs = pptx_open(data)
    assert len(prs.slides) >= 2
    texts = [p.text for s in prs.slides for p in pptx_body_text(s)]
    assert "".join(texts) == "".join(sentences)
    assert all(t.endswith("。") for t in texts)
    for s in prs.slides:
        for sh in pptx_body_shapes(s):
            for p in sh.text_frame.paragraphs:
                for r in p.runs:
                    assert r.font.size is None or r.font.size.pt >= 16


def test_the_notes_page_shows_a_wide_slide():
    from pptx.enum.shapes import PP_PLACEHOLDER

    prs = pptx_open(render_deck(deck(content("第一印象", bullets("微笑"), notes=(m.Paragraph(T("备注")),)))))
    master = prs.notes_master
    (image,) = [ph for ph in master.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_IMAGE]
    assert image.width / image.height == pytest.approx(16 / 9, rel=0.01)
    body = [ph for ph in master.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.BODY][0]
    assert image.top + image.height <= body.top


def test_libreoffice_renders_a_script_and_an_eight_step_model(tmp_path: Path):
    from conftest import pdf_text, to_pdf

    need_tool("soffice")
    need_tool("pdftotext")
    steps = tuple(m.Step(label, T(text)) for label, text in STEPS8)
    d = deck(content("示范通话", script(2)), content("通话流程 Call flow", m.Model("Call flow", steps)), labels=LABELS)
    path = tmp_path / "blocks.pptx"
    path.write_bytes(render_deck(d))
    text = pdf_text(to_pdf(path, tmp_path))
    flat = "".join(text.split())
    for s in ["坐席：", "客户：", "必须逐字", "非常抱歉让您久等了0。", "第0次：我的理赔已经两周没人处理了！"]:
        assert s in flat, s
    assert "!坐席" not in flat
    for i, (label, body) in enumerate(STEPS8, 1):
        assert f"{i}.{label}" in flat, label
        assert body[:5] in flat, body  # boxes side by side: pdftotext interleaves their wrapped lines


# ---------------------------------------------------------------------------------------------
# The slide cache: a module's slides are reused while nothing they depend on changes


class CountingCache:
    """A dict-backed cache that counts what render_deck asks of it."""

    def __init__(self):
        self.data: dict[str, bytes] = {}
        self.gets: list[str] = []
        self.hits: list[str] = []
        self.puts: list[str] = []

    def get(self, key: str):
        self.gets.append(key)
        value = self.data.get(key)
        if value is not None:
            self.hits.append(key)
        return value

    def put(self, key: str, data: bytes) -> None:
        self.puts.append(key)
        self.data[key] = data

    def reset_counts(self):
        self.gets, self.hits, self.puts = [], [], []


def course_deck(picture: Path, edit: str = "", labels=None) -> m.Deck:
    """A title slide and three modules: continuations, a table, notes, a picture (shown in two
    modules), a link, a process, Chinese and English."""
    def module(g: str, n: int, extra: str = "") -> list[m.DeckSlide]:
        long = bullets(*[f"{g} 要点 {i}：先倾听，再解释 listen first" for i in range(16)])
        table = m.Table((T("情形 Case"), T("处理")), tuple((T(f"{g}-{i}"), T("升级 escalate")) for i in range(3)))
        link = m.Paragraph((m.Span("见 "), m.Span("知识库", link=f"https://kb.example.com/{g}")))
        steps = m.Model("流程", tuple(m.Step(f"S{i}", T(f"第 {i} 步")) for i in range(1, 5)))
        out = [m.DeckSlide(f"{g} 模块 {n}{extra}", "Section Header", "module", (), group=g),
               m.DeckSlide(f"{g} 长列表", "Title and Content", "content", (long,),
                           (m.Paragraph(T(f"{g} 备注 notes")),), group=g),
               m.DeckSlide(f"{g} 表格", "Title and Content", "content", (m.Paragraph(T("常用：")), table, link),
                           (m.Paragraph(T("问学员")),), group=g),
               m.DeckSlide(f"{g} 图", "Title and Content", "content",
                           (m.Paragraph(T("流程图")), m.Image(picture, "flow", 0.5)), group=g),
               m.DeckSlide(f"{g} 流程", "Title and Content", "content", (steps,), group=g)]
        return out

    slides = [m.DeckSlide("投诉处理", "Title Slide", "title", (m.Paragraph(T("赵红")),))]
    slides += module("m1", 1) + module("m2", 2, edit) + module("m3", 3)
    return m.Deck("投诉处理", "zh-CN", tuple(slides), REFERENCE, author="赵红",
                  labels=labels if labels is not None else LABELS_ZH)


def check_package(data: bytes) -> None:
    from readback import pptx_part_problems

    assert pptx_package_problems(data) == []
    assert pptx_part_problems(data) == []


def test_the_slide_cache_gives_the_same_deck(picture: Path):
    from readback import pptx_readback

    d = course_deck(picture)
    plain = render_deck(d)
    cache = CountingCache()
    cold = render_deck(d, cache)
    # Two entries per module (its opening, then the rest), and one for the slides before them
    # (the title and agenda).
    assert len(slide_runs(d.slides)) == 7
    assert len(cache.gets) == 7 and cache.hits == [] and len(set(cache.puts)) == 7
    cache.reset_counts()
    warm = render_deck(d, cache)
    assert len(cache.hits) == 7 and cache.puts == []
    expected = pptx_readback(plain)
    assert len(expected) > 16  # the long list continues on a second slide
    assert pptx_readback(cold) == expected
    assert pptx_readback(warm) == expected
    for data in (plain, cold, warm):
        check_package(data)
    # The picture shown in every module is one part of the package, with cached modules too.
    import zipfile, io
    assert len([n for n in zipfile.ZipFile(io.BytesIO(warm)).namelist() if n.startswith("ppt/media/")]) == 1
    # Cached slides come back in the order of the deck.
    assert pptx_titles(warm)[0] == "投诉处理"


def test_only_the_changed_module_is_rendered_again(picture: Path, tmp_path: Path):
    from readback import pptx_readback

    cache = CountingCache()
    render_deck(course_deck(picture), cache)
    first = dict(cache.data)
    cache.reset_counts()
    edited = course_deck(picture, edit="（修订）")
    data = render_deck(edited, cache)
    assert len(cache.gets) == 7 and len(cache.hits) == 6 and len(cache.puts) == 1  # m2's opening only
    assert cache.puts[0] not in first  # the edited module got a key of its own
    assert pptx_readback(data) == pptx_readback(render_deck(edited))
    assert "m2 模块 2（修订）" in pptx_titles(data)
    check_package(data)

    # Another picture under the same path: every module that shows it is drawn again.
    cache.reset_counts()
    PILImage.new("RGB", (800, 800), "#C00000").save(picture)
    data = render_deck(edited, cache)
    assert len(cache.hits) == 4 and len(cache.puts) == 3  # the title and openings show no picture
    assert pptx_readback(data) == pptx_readback(render_deck(edited))

    # Other labels (the continuation label is drawn on slides): every module again.
    cache.reset_counts()
    relabelled = course_deck(picture, edit="（修订）", labels={"continued": "（接上页）"})
    data = render_deck(relabelled, cache)
    assert cache.hits == [] and len(cache.puts) == 7
    assert "m1 长列表（接上页）" in pptx_titles(data)

    # Another reference deck (a theme change), even one with the same layouts: again.
    other = tmp_path / "reference.pptx"
    other.write_bytes(REFERENCE.read_bytes() + b"\0")  # a zip still opens with trailing bytes
    cache.reset_counts()
    render_deck(m.Deck(relabelled.title, relabelled.language, relabelled.slides, other,
                       labels=relabelled.labels), cache)
    assert cache.hits == [] and len(cache.puts) == 7


def test_a_module_elsewhere_in_another_deck_reuses_its_slides(picture: Path):
    """A library module at another place in another course: only its opening (which says its
    number) is drawn again; its other slides come from the cache, continuations included."""
    from readback import pptx_readback

    d = course_deck(picture)
    cache = CountingCache()
    render_deck(d, cache)
    title, m1, m3 = d.slides[:1], d.slides[1:6], d.slides[11:]
    moved = replace(m3[0], title="m3 模块 1")  # m3 first in the other course: "module 1"
    other = replace(d, slides=title + (moved,) + m3[1:] + m1)
    cache.reset_counts()
    data = render_deck(other, cache)
    assert len(cache.gets) == 5 and len(cache.hits) == 4 and len(cache.puts) == 1
    assert pptx_readback(data) == pptx_readback(render_deck(other))
    assert pptx_titles(data)[1:3] == ["m3 模块 1", "m3 长列表"]
    check_package(data)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "flipped", "pickle", "empty", "not bytes", "other key"])
def test_a_damaged_cache_entry_is_rendered_again(picture: Path, damage: str):
    import pickle

    from readback import pptx_readback

    d = course_deck(picture)
    cache = CountingCache()
    render_deck(d, cache)
    keys = list(cache.puts)
    victim, donor = keys[1], keys[0]
    entry = cache.data[victim]
    cache.data[victim] = {
        "truncated": entry[: len(entry) // 2],
        "garbage": bytes(range(256)) * 40,
        "flipped": entry[:-200] + bytes([entry[-200] ^ 0x20]) + entry[-199:],
        "pickle": pickle.dumps({"slides": ["<p:sld/>"]}),
        "empty": b"",
        "not bytes": "a string",
        "other key": cache.data[donor],
    }[damage]
    cache.reset_counts()
    data = render_deck(d, cache)
    assert len(cache.gets) == 7 and cache.puts == [victim]  # only the damaged one drawn again, and stored
    assert pptx_readback(data) == pptx_readback(render_deck(d))
    check_package(data)
    cache.reset_counts()
    render_deck(d, cache)
    assert len(cache.hits) == 7 and cache.puts == []  # repaired


@pytest.mark.parametrize("index", [
    {"key": "k"}, {"key": "k", "media": [], "slides": []}, {"key": "k", "media": {}, "slides": [["Title Slide"]]},
    {"key": "k", "media": {}, "slides": [[["not", "a", "name"], None, None, []]]},
    {"key": "k", "media": {}, "slides": [["Title Slide", [1, 2, 3], None, []]]},
    {"key": "k", "media": {}, "slides": [["Title Slide", [1, 2, 0, 10 ** 9], None, []]]},
    {"key": "k", "media": {"x": [1, 2, 3, 4, 5]}, "slides": []},
    {"key": "k", "media": {}, "slides": [["Title Slide", [1, 2, 0, 0], None, [["rId2", "link", 7]]]]},
    {"key": "k", "media": {}, "slides": 5},
])
def test_a_signed_entry_of_the_wrong_shape_is_a_miss(index):
    """An entry signed with this user's key but not of this writer's shape (an older writer's,
    a bug's) is a miss: cache.decode catches exactly the errors reading it can raise."""
    from trainerkit.cache import seal
    from trainerkit.render.pptx.cache import _CACHE_MAGIC, decode

    assert decode("k", seal(_CACHE_MAGIC, index, [b"x" * 10]), {"Title Slide": object()}) is None


def test_a_cache_that_fails_is_only_slower(picture: Path):
    from readback import pptx_readback

    class Broken:
        def get(self, key):
            raise OSError("disk gone")

        def put(self, key, data):
            raise OSError("disk full")

    d = course_deck(picture)
    assert pptx_readback(render_deck(d, Broken())) == pptx_readback(render_deck(d))


def test_the_zip_writer_and_its_zip64_fallback_write_the_same_members():
    import io
    import zipfile

    from trainerkit.render.pptx.zip import ZipWriter, deflate

    z = ZipWriter()
    z.add("[Content_Types].xml", b"<Types/>")
    z.add("ppt/media/image1.png", b"\x89PNG" + bytes(range(256)) * 8, stored=True)
    z.add("ppt/slides/slide1.xml", deflated=deflate("<p:sld>幻灯片</p:sld>".encode() * 50))
    for data in (z.finish(), z._zipfile()):
        with zipfile.ZipFile(io.BytesIO(data)) as f:
            assert f.testzip() is None
            assert f.namelist() == ["[Content_Types].xml", "ppt/media/image1.png", "ppt/slides/slide1.xml"]
            assert f.getinfo("ppt/media/image1.png").compress_type == zipfile.ZIP_STORED
            assert f.read("ppt/slides/slide1.xml") == "<p:sld>幻灯片</p:sld>".encode() * 50


def test_a_process_alone_on_its_slide_sits_in_the_middle_of_the_body():
    steps = tuple(m.Step(label, T(text)) for label, text in
                  [("Hear", "倾听"), ("Empathize", "共情"), ("Apologize", "致歉")])
    alone = pptx_open(render_deck(deck(content("HEARD", m.Model("", steps))))).slides[0]
    after_text = pptx_open(render_deck(deck(content("HEARD", m.Paragraph(T("五步：")),
                                                     m.Model("", steps))))).slides[0]

    def box_top(slide) -> int:
        return min(sh.top for sh in slide.shapes
                   if sh.shape_type == 1 and sh.has_text_frame and "Hear" in sh.text_frame.text)

    title = alone.shapes.title
    body_top = title.top + title.height
    assert box_top(alone) - body_top > 914400  # more than an inch of room above: centred
    assert box_top(after_text) - body_top < 914400  # under text it follows the text


def test_full_width_punctuation_does_not_hang_out_of_a_table_cell():
    """The reference's master lets punctuation hang past a line's end (hangingPunct="1"); a
    full-width mark is wider than a cell's inset, so every cell paragraph says hangingPunct="0"
    (aligned ones keep their alignment), while body text keeps the master's setting."""
    import io
    from lxml import etree
    from pptx import Presentation

    table = m.Table((T("情况"), T("处理")), ((T("客户要求投诉，"), T("先安抚，再记录。")),),
                    align=("left", None))
    prs = Presentation(io.BytesIO(render_deck(deck(content("投诉", bullets("正文，"), table)))))
    slide = prs.slides[-1]
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    cells = slide.shapes._spTree.findall(f".//{a}tc")
    assert len(cells) == 4
    for tc in cells:
        ppr = tc.find(f".//{a}p/{a}pPr")
        assert ppr is not None and ppr.get("hangingPunct") == "0", etree.tostring(tc)
    assert cells[0].find(f".//{a}pPr").get("algn") == "l"
    body = [sh for sh in slide.shapes if sh.has_text_frame and "正文" in sh.text_frame.text][0]
    assert all(p._p.find(f"{a}pPr") is None or p._p.find(f"{a}pPr").get("hangingPunct") is None
               for p in body.text_frame.paragraphs)


@pytest.mark.parametrize("agent, customer", [("專員", "客戶"), ("客服代表", "客戶"), ("客服专员", "客户"),
                                             ("Agent", "Caller")])
def test_the_agent_and_the_caller_get_their_colours_whatever_they_are_called(agent, customer):
    """A script's two sides are told by their names in English, Simplified and Traditional
    Chinese (Taiwan's 專員, Hong Kong's 客服代表): the agent accent1, the caller accent2,
    whichever speaks first."""
    from trainerkit.render.pptx.items import speaker_colors

    assert speaker_colors([customer, agent], {}) == {customer: "accent2", agent: "accent1"}
    assert speaker_colors(["督導", customer], {})["督導"] not in ("accent2",)
