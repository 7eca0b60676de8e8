"""The deck writer: decks built by hand, rendered, read back with python-pptx (and LibreOffice)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image as PILImage

from trainerkit import model as m
from trainerkit.render.pptx import layout_names, render_deck
from trainerkit.render.text import run_languages, script_segments

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


def test_reference_theme_fonts():
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = pptx_open(REFERENCE.read_bytes())
    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for kind in ("majorFont", "minorFont"):
        font = theme.find(f".//{a}{kind}")
        assert font.find(f"{a}latin").get("typeface") == "Calibri"
        assert font.find(f"{a}ea").get("typeface") == "Microsoft YaHei"


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


@pytest.mark.parametrize("language, cjk_lang, latin_lang", [("zh-CN", "zh-CN", "en-US"), ("en", "zh-CN", "en-US"),
                                                             ("zh-TW", "zh-TW", "en-US")])
def test_runs_carry_lang_and_east_asian_typeface(language, cjk_lang, latin_lang):
    d = deck(content("第一印象 First impressions", m.Paragraph(T("使用 standard greeting 问候客户"))),
             language=language)
    runs = pptx_runs(pptx_open(render_deck(d)).slides[0])
    assert ("使用 ", cjk_lang, "Microsoft YaHei") in runs
    assert ("standard greeting ", latin_lang, None) in runs
    assert ("问候客户", cjk_lang, "Microsoft YaHei") in runs
    assert ("第一印象 ", cjk_lang, "Microsoft YaHei") in runs  # the title too
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


def test_short_content_stays_on_one_slide():
    data = render_deck(deck(content("短", bullets(*[f"要点 {i}" for i in range(6)]))))
    assert pptx_titles(data) == ["短"]


# ---------------------------------------------------------------------------------------------
# Size and speed


def test_a_big_deck_is_fast_and_valid():
    slides = [content(f"幻灯片 {i}", m.Paragraph(T(f"第 {i} 张 slide")), bullets("要点 a", ("point b", 1)),
                      notes=(m.Paragraph(T("备注")),)) for i in range(400)]
    t = time.perf_counter()
    data = render_deck(deck(*slides))
    elapsed = time.perf_counter() - t
    assert len(pptx_open(data).slides) == 400
    assert pptx_package_problems(data) == []
    assert elapsed < 6, elapsed  # about 1 s here; a quadratic writer takes far longer


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
    prs = pptx_open(render_deck(deck(content("HEARD", m.Paragraph(T("五步：")), m.Model("HEARD", steps)))))
    slide = prs.slides[0]
    boxes = sorted((s for s in slide.shapes if s.name.startswith("Step ")), key=lambda s: s.left)
    assert [b.text_frame.text for b in boxes] == [f"{s.label}\n{m.plain(s.text)}" for s in steps]
    for a, b in zip(boxes, boxes[1:]):
        assert a.left + a.width < b.left and a.top == b.top
    assert all(0 <= b.left and b.left + b.width <= prs.slide_width and b.top + b.height <= prs.slide_height for b in boxes)
    text = [s for s in pptx_body_shapes(slide) if not s.name.startswith(("Step ", "Arrow "))]
    assert all(t.top + t.height <= boxes[0].top for t in text)  # the text sits above the process
    assert pptx_empty_placeholders(slide) == []
