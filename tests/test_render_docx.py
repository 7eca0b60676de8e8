"""The Word writer: documents built by hand, rendered, read back as a person sees them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from trainerkit import model
from trainerkit.model import (
    KB, Aside, BulletList, Code, Columns, Contents, Cover, Document, Heading, Image, ListItem,
    Model, PageBreak, Paragraph, PhrasePair, Phrases, Quote, Roleplay, Script, Shortcut,
    Shortcuts, Span, Step, Table, Turn, text_of,
)
from trainerkit.model import Card, CardSheet, WritingLines
from trainerkit.render.docx import builtin_template, render_document

from readback_docx import (
    NS, cell_borders, docx_core, docx_defaults, docx_flow, docx_ids, docx_list_items, docx_open,
    docx_outline, docx_paragraphs, docx_pictures, docx_tables, docx_toc, w,
    docx_bookmarks_resolve, docx_links, docx_members,
)

ROOT = Path(__file__).resolve().parents[1]


def labels(lang: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "templates" / "labels.yml").read_text(encoding="utf-8"))
    return {k: str(v) for k, v in data["zh-Hans" if lang.startswith("zh") else "en"].items()}


def png(path: Path, size=(400, 200), color=(46, 116, 181)) -> Path:
    from PIL import Image as PILImage, ImageDraw

    img = PILImage.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle([10, 10, size[0] - 10, size[1] - 10], outline=color, width=6)
    draw.line([10, 10, size[0] - 10, size[1] - 10], fill=color, width=4)
    img.save(path, dpi=(96, 96))
    return path


def doc(*blocks, language="en", kind="handout", reference=None, title="Test") -> Document:
    """A document of these blocks; a module's unit starts at each PageBreak before a level-0
    heading, as plan.py makes them."""
    return Document(kind=kind, title=title, language=language, blocks=tuple(blocks),
                    reference=reference, labels=labels(language), author="赵红",
                    units=units_of(blocks))


def units_of(blocks) -> tuple[int, ...]:
    return tuple(k for k in range(len(blocks) - 1) if isinstance(blocks[k], PageBreak)
                 and isinstance(blocks[k + 1], Heading) and blocks[k + 1].level == 0)


def T(s: str) -> model.Text:
    return text_of(s)


def sample_document(tmp: Path, language: str = "zh-CN", kind: str = "guide") -> Document:
    """A bilingual document with every block the writer knows."""
    image = png(tmp / "flow.png")
    wide = png(tmp / "wide.png", size=(3000, 600), color=(197, 90, 17))
    blocks = [
        Cover("投诉处理与标准话术 Complaint handling", (T("新员工培训 · 第二周"), T("某保险公司客户服务中心"))),
        Contents("目录", depth=2),
        Heading(0, T("模块 1：开场白与身份核实")),
        Heading(1, T("为什么开场白重要 Why the opening matters")),
        Heading(2, T("第一印象 First impressions")),
        Paragraph((Span("客户在前 10 秒形成印象。"), Span("Bold", bold=True), Span(" and "),
                   Span("italic", italic=True), Span(", "), Span("code()", code=True), Span(", "),
                   Span("struck", strike=True), Span(", "),
                   Span("a link", link="https://example.com/kb"), Span("\n"),
                   Span("第二行 after a line break."))),
        BulletList((ListItem(T("语速适中,面带微笑 Smile")), ListItem(T("Nested bullet 子项"), level=1),
                    ListItem(T("Third level 第三级"), level=2), ListItem(T("Back to top 顶层")))),
        BulletList((ListItem(T("第一步 First"), ordered=True, number=1),
                    ListItem(T("第二步 Second"), ordered=True, number=2),
                    ListItem(T("嵌套 nested a"), level=1, ordered=True, number=1),
                    ListItem(T("嵌套 nested b"), level=1, ordered=True, number=2),
                    ListItem(T("第三步 Third"), ordered=True, number=3))),
        Paragraph(T("A second numbered list restarts:")),
        BulletList((ListItem(T("Alpha 甲"), ordered=True, number=1),
                    ListItem(T("Beta 乙"), ordered=True, number=2))),
        Table((T("步骤 Step"), T("话术 Wording"), T("时限 Time")),
              ((T("问候"), T("您好,XX保险,工号 1024,很高兴为您服务。"), T("3 s")),
               (T("核实"), T("请问您的保单号是多少?May I have your policy number?"), T("10 s"))),
              align=(None, None, "right")),
        Image(image, alt="通话流程 Call flow", width=0.5),
        Image(wide, alt="Wide picture, capped to the text width"),
        Code("def greet(name):\n    return f\"您好, {name}\"\n"),
        Quote((Paragraph(T("客户不会记得你说了什么,但会记得你给他的感受。")),)),
        Columns(((Paragraph(T("左栏 Left column")), BulletList((ListItem(T("一")), ListItem(T("二"))))),
                 (Paragraph(T("右栏 Right column")), Image(image, alt="")))),
        Aside("notes", (Paragraph(T("请学员回忆一次印象深刻的来电。Ask for a memorable call.")),)),
        Aside("trainer", (Paragraph(T("注意时间:这一节不超过 10 分钟。")),
                          BulletList((ListItem(T("Keep it short")),)))),
        Aside("handout", (Paragraph(T("学员资料:课后阅读。")),)),
        PageBreak(),
        Heading(1, T("话术 Scripts")),
        Script("理赔进度投诉", (
            Turn("坐席", T("您好,XX保险,工号 1024,很高兴为您服务。")),
            Turn("坐席", T("为保障服务质量,本次通话将被录音。"), verbatim=True),
            Turn("客户", T("我的理赔已经两周没人处理了!")),
        )),
        Phrases("推荐话术与禁用语", (PhrasePair(T("这不归我们管。"), T("我来帮您联系负责的同事,请稍等。")),
                               PhrasePair(T("You need to calm down."), T("I can hear how frustrating this has been.")))),
        Model("HEARD", (Step("Hear", T("倾听:让客户把话说完")), Step("Empathize", T("共情:表达理解")),
                        Step("Apologize", T("致歉")))),
        Shortcuts("CRM 快捷键", (Shortcut("Ctrl+K", T("打开知识库搜索")), Shortcut("F5", T("刷新当前工单")))),
        KB("理赔报案要点", (BulletList((ListItem(T("先问:出险时间、地点、经过")),
                                     ListItem(T("系统路径:理赔 > 新建报案")))),)),
        Roleplay("愤怒的理赔客户", customer="45 岁,第三次来电,情绪激动", agent="先倾听",
                 situation="车险理赔已两周未处理", goal="平复情绪,给出明确的处理时限", time=10,
                 observe=("是否先倾听再解释", "是否使用共情话术")),
        Heading(3, T("小结 Summary")),
        Paragraph(T("End. 完。")),
    ]
    return doc(*blocks, language=language, kind=kind, title="投诉处理 Complaint handling")


# ---------------------------------------------------------------------------------------------


def test_builtin_reference_is_found_and_has_the_styles():
    ref = builtin_template("reference.docx")
    names = {s.name for s in docx_open(ref.read_bytes()).styles}
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                 "List Bullet 2", "List Number", "List Number 3", "Caption", "Quote",
                 "Source Code", "Verbatim Char", "Hyperlink", "trainerkit Table", "Note Box",
                 "Trainer Box", "toc 1"):
        assert name in names, name


def test_reference_script_is_reproducible(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("mk", ROOT / "templates" / "make_reference_docx.py")
    mk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mk)
    out = mk.build(tmp_path / "reference.docx")
    assert out.read_bytes() == (ROOT / "templates" / "reference.docx").read_bytes(), \
        "templates/reference.docx is stale: run python templates/make_reference_docx.py"


def test_headings_and_paragraphs_get_word_styles_in_order():
    data = render_document(doc(
        Heading(0, T("Course")), Heading(1, T("Section")), Heading(2, T("Slide")),
        Heading(3, T("Sub")), Heading(5, T("Deep")), Paragraph(T("Body text.")),
        Quote((Paragraph(T("Quoted")),)), Code("x = 1\ny = 2"),
    ))
    assert docx_paragraphs(data) == [
        ("Title", "Course"), ("Heading 1", "Section"), ("Heading 2", "Slide"),
        ("Heading 3", "Sub"), ("Heading 3", "Deep"), ("Normal", "Body text."),
        ("Quote", "Quoted"), ("Source Code", "x = 1\ny = 2"),
    ]


def test_spans_bold_italic_code_strike_link_and_line_break():
    data = render_document(doc(Paragraph((
        Span("b", bold=True), Span("i", italic=True), Span("c", code=True), Span("s", strike=True),
        Span("link", link="https://example.com/a"), Span("\n"), Span("after")))))
    d = docx_open(data)
    p = d.paragraphs[0]
    assert p.text == "bicslink\nafter"
    runs = p.runs  # runs outside hyperlinks
    assert runs[0].bold and runs[1].italic and runs[3].font.strike
    assert runs[2].style.name == "Verbatim Char"
    links = p._p.findall("w:hyperlink", NS)
    assert len(links) == 1
    rid = links[0].get(f"{{{NS['r']}}}id")
    assert d.part.rels[rid].target_ref == "https://example.com/a"
    assert d.part.rels[rid].is_external
    assert p._p.find("w:r/w:br", NS) is not None


def test_lists_levels_styles_and_numbering_restart():
    data = render_document(doc(
        BulletList((ListItem(T("a")), ListItem(T("b"), level=1), ListItem(T("c"), level=2),
                    ListItem(T("d"), level=3))),
        BulletList((ListItem(T("one"), ordered=True, number=1),
                    ListItem(T("two"), ordered=True, number=2),
                    ListItem(T("sub one"), level=1, ordered=True, number=1),
                    ListItem(T("sub two"), level=1, ordered=True, number=2),
                    ListItem(T("three"), ordered=True, number=3),
                    ListItem(T("sub again"), level=1, ordered=True, number=1))),
        Paragraph(T("between")),
        BulletList((ListItem(T("uno"), ordered=True, number=1),
                    ListItem(T("dos"), ordered=True, number=2))),
        BulletList((ListItem(T("from five"), ordered=True, number=5),
                    ListItem(T("six"), ordered=True, number=6))),
    ))
    items = docx_list_items(data)
    assert [(s, lvl, text) for s, lvl, _, text in items[:4]] == [
        ("List Bullet", 0, "a"), ("List Bullet 2", 1, "b"), ("List Bullet 3", 2, "c"),
        ("List Bullet 3", 2, "d"),
    ]
    assert all(label in "•–▪" for _, _, label, _ in items[:4])
    assert [(s, label, text) for s, _, label, text in items[4:]] == [
        ("List Number", "1.", "one"), ("List Number", "2.", "two"),
        ("List Number 2", "1.", "sub one"), ("List Number 2", "2.", "sub two"),
        ("List Number", "3.", "three"), ("List Number 2", "1.", "sub again"),
        ("List Number", "1.", "uno"), ("List Number", "2.", "dos"),
        ("List Number", "5.", "from five"), ("List Number", "6.", "six"),
    ]


def test_numbering_part_is_well_formed():
    data = render_document(doc(*[BulletList((ListItem(T(f"{k}"), ordered=True, number=1),))
                                 for k in range(5)]))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    tags = [etree.QName(c).localname for c in numbering]
    # every abstractNum before every num, ids unique, each num names an existing abstractNum
    assert tags == sorted(tags, key=lambda t: t != "abstractNum")
    num_ids = [n.get(w("numId")) for n in numbering.findall("w:num", NS)]
    assert len(num_ids) == len(set(num_ids))
    abstract_ids = {a.get(w("abstractNumId")) for a in numbering.findall("w:abstractNum", NS)}
    for n in numbering.findall("w:num", NS):
        assert n.find("w:abstractNumId", NS).get(w("val")) in abstract_ids
    assert len({i[2] for i in docx_list_items(data)}) == 1  # all "1."


def test_table_cells_style_and_header_row():
    data = render_document(doc(Table(
        (T("Step"), T("Say")), ((T("Greet"), T("Hello")), (T("Verify"), (Span("Policy", bold=True),))),
        align=("left", "right"))))
    (table,) = docx_tables(data)
    assert table["style"] == "trainerkit Table"
    assert table["rows"] == [["Step", "Say"], ["Greet", "Hello"], ["Verify", "Policy"]]
    assert table["header"] == [True, False, False]
    d = docx_open(data)
    t = d.tables[0]
    assert t.cell(1, 1).paragraphs[0].alignment == 2  # right
    assert t.cell(2, 1).paragraphs[0].runs[0].bold


def _keeps(tbl) -> list[bool]:
    """Per row: whether its first paragraph keeps with the next."""
    out = []
    for tr in tbl.iterchildren(w("tr")):
        k = tr.find("w:tc/w:p/w:pPr/w:keepNext", NS)
        out.append(k is not None and k.get(w("val")) not in ("0", "false"))
    return out


def test_short_tables_stay_on_one_page_long_ones_may_split():
    """A table of a few rows taking at most a third of the page stays whole; a longer one, or
    one of a few tall rows, may split between rows, but never right after its header row nor
    before its last row."""
    short = Table((T("h"),), tuple((T(str(k)),) for k in range(3)))
    long = Table((T("h"),), tuple((T(str(k)),) for k in range(30)))
    # 10 rows of about 3 lines each (in a column half the page wide): about half a page
    tall = Table((T("编号"), T("项目")), tuple((T(f"q{k}"), T("先倾听客户的问题，再解释处理的流程和时限。" * 3))
                                             for k in range(10)))
    fits = Table((T("编号"), T("项目")), tuple((T(f"q{k}"), T("先倾听，再解释。")) for k in range(8)))
    d = docx_open(render_document(doc(short, Paragraph(T("x")), long, Paragraph(T("x")), tall,
                                      Paragraph(T("x")), fits)))
    tbls = d.element.body.findall("w:tbl", NS)
    assert _keeps(tbls[0]) == [True, True, True, False]
    assert _keeps(tbls[1]) == [True] + [False] * 28 + [True, False]
    assert _keeps(tbls[2]) == [True] + [False] * 8 + [True, False]
    assert _keeps(tbls[3]) == [True] * 8 + [False]
    for tbl in tbls:
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in tbl.findall("w:tr", NS))


def test_adjacent_tables_are_kept_apart():
    t = Table((T("a"),), ((T("b"),),))
    outline = docx_outline(render_document(doc(t, t)))
    assert [o[0] for o in outline] == ["table", "p", "table", "p"]


def test_picture_scaled_with_caption(tmp_path):
    img = png(tmp_path / "a.png", size=(400, 200))
    big = png(tmp_path / "b.png", size=(4000, 1000))
    data = render_document(doc(Image(img, alt="Call flow", width=0.5), Image(img),
                               Image(big, alt="Big"), language="en"))
    pics = docx_pictures(data)
    assert len(pics) == 3
    text_width_emu = 9638 * 635
    assert pics[0]["cx"] == text_width_emu // 2 and pics[0]["cy"] == text_width_emu // 4
    assert pics[1]["cx"] == 400 * 914400 // 96  # natural size
    assert pics[2]["cx"] == text_width_emu  # capped
    assert all(p["content_type"] == "image/png" for p in pics)
    assert pics[0]["descr"] == "Call flow"
    ids = [p["id"] for p in pics]
    assert len(set(ids)) == 3
    paras = docx_paragraphs(data)
    assert ("Caption", "Figure 1: Call flow") in paras
    assert ("Caption", "Figure 2: Big") in paras
    assert [s for s, _ in paras].count("Caption") == 2  # no caption without alt


def test_picture_sizes_as_on_the_slide(tmp_path):
    """{height=50%}, {width=5cm}, {height=2in} and both lengths size Word's pictures as the deck's:
    a share of the page's text height, lengths as asked, proportions kept when one is given, and
    never past the text width."""
    import docx

    img = png(tmp_path / "a.png", size=(400, 200))
    tall = png(tmp_path / "tall.png", size=(200, 400))
    cm, inch = 360000, 914400
    data = render_document(doc(
        Image(tall, height=0.5), Image(img, width_emu=5 * cm), Image(img, height_emu=2 * inch),
        Image(img, width_emu=4 * cm, height_emu=3 * cm), Image(img, width_emu=60 * cm)))
    document = docx.Document(io.BytesIO(data))
    sec = document.sections[0]
    text_w = sec.page_width - sec.left_margin - sec.right_margin
    text_h = sec.page_height - sec.top_margin - sec.bottom_margin
    sizes = [(s.width, s.height) for s in document.inline_shapes]
    half, five, two, both, wide = sizes
    assert abs(half[1] - text_h // 2) < 1000 and abs(half[0] * 2 - half[1]) < 1000
    assert five == (5 * cm, 5 * cm // 2)
    assert two == (4 * inch, 2 * inch)
    assert both == (4 * cm, 3 * cm)
    assert abs(wide[0] - text_w) < 1000 and abs(wide[1] - text_w // 2) < 1000


def test_chinese_caption_uses_label_and_fullwidth_colon(tmp_path):
    img = png(tmp_path / "a.png")
    paras = docx_paragraphs(render_document(doc(Image(img, alt="通话流程"), language="zh-CN")))
    assert ("Caption", "图 1：通话流程") in paras


def test_missing_picture_is_an_error_naming_the_place(tmp_path):
    from trainerkit.errors import Location, TrainerkitError

    with pytest.raises(TrainerkitError, match="m.md:7"):
        render_document(doc(Image(tmp_path / "nope.png", loc=Location("m.md", 7))))


def test_cover_contents_and_toc_entries():
    data = render_document(doc(
        Cover("My course", (T("Week 2"), T("ACME"))), Contents("Contents", depth=2),
        Heading(1, T("Intro")), Heading(2, T("First slide")), Heading(3, T("Too deep")),
        Heading(1, T("Next")),
    ))
    paras = docx_paragraphs(data)
    assert paras[:4] == [("Title", "My course"), ("Subtitle", "Week 2"), ("Subtitle", "ACME"),
                         ("Normal", "\f")]
    assert paras[4] == ("TOC Heading", "Contents")
    toc = docx_toc(data)
    assert toc["instr"].startswith("TOC ") and '\\o "1-2"' in toc["instr"]
    assert [(s, t) for s, t, _ in toc["entries"]] == [
        ("toc 1", "Intro"), ("toc 2", "First slide"), ("toc 1", "Next")]
    for _, _, anchor in toc["entries"]:
        assert anchor in toc["bookmarks"]
    ids = docx_ids(data)["bookmark"]
    assert len(ids) == len(set(ids))


def test_toc_with_titles_maps_title_to_first_level():
    toc = docx_toc(render_document(doc(
        Contents("目录", depth=1), Heading(0, T("Module 1")), Heading(1, T("Section")),
        Heading(2, T("Slide")), Heading(0, T("Module 2")), language="zh-CN")))
    assert '\\t "Title,1,Heading 1,2"' in toc["instr"]
    assert [(s, t) for s, t, _ in toc["entries"]] == [
        ("toc 1", "Module 1"), ("toc 2", "Section"), ("toc 1", "Module 2")]


def test_asides_are_labelled_boxes():
    data = render_document(doc(
        Aside("notes", (Paragraph(T("Ask a question.")),)),
        Aside("trainer", (Paragraph(T("Watch the time.")),)),
        Aside("handout", (Paragraph(T("Read later.")),)),
        Aside("slides", (Paragraph(T("Slides only.")),)),
        kind="guide"))
    tables = docx_tables(data)
    assert [t["style"] for t in tables] == ["Note Box", "Trainer Box", "Card Box", "Card Box"]
    cells = [t["cell_paragraphs"][0][0] for t in tables]
    assert cells[0] == [("Box Label", "Speaker notes"), ("Normal", "Ask a question.")]
    assert cells[1] == [("Box Label", "Trainer"), ("Normal", "Watch the time.")]
    assert cells[2] == [("Box Label", "Handout"), ("Normal", "Read later.")]
    assert cells[3] == [("Normal", "Slides only.")]
    zh = docx_tables(render_document(doc(Aside("trainer", (Paragraph(T("注意")),)),
                                         language="zh-CN")))
    assert zh[0]["cell_paragraphs"][0][0][0] == ("Box Label", "讲师提示")


def test_short_boxes_do_not_split_and_their_first_line_does_not_keep_with_next():
    """LibreOffice moves a whole table to the next page when its first paragraph keeps with
    the next one: the label that opens a box must not."""
    data = render_document(doc(Aside("notes", (Paragraph(T("short")),)),
                               Aside("notes", tuple(Paragraph(T("long " * 40)) for _ in range(20)))))
    tbls = docx_open(data).element.body.findall("w:tbl", NS)
    assert tbls[0].find("w:tr/w:trPr/w:cantSplit", NS) is not None
    assert tbls[1].find("w:tr/w:trPr/w:cantSplit", NS) is None
    assert _keeps(tbls[0]) == [False]


def test_task_items_are_boxes_to_tick():
    items = docx_paragraphs(render_document(doc(BulletList((
        ListItem(T("todo"), check=False), ListItem(T("done"), check=True),
        ListItem(T("nested"), level=1, check=False))))))
    assert items == [("Checklist", "☐\ttodo"), ("Checklist", "☑\tdone"), ("Checklist", "☐\tnested")]


def test_card_sheet_and_writing_lines():
    cards = (
        Card("坐席 · 愤怒的客户", (Paragraph(T("情境：理赔延误")),), header="课程 · 模块", role="agent"),
        Card("CRM 快捷键", (Shortcuts("CRM 快捷键", (Shortcut("F5", T("刷新")),)),), header="h", role="kb"),
        Card("观察员", (Paragraph(T("记录")), WritingLines(3)), role="observer"),
    )
    data = render_document(doc(CardSheet(cards, across=2), language="zh-CN"))
    tables = docx_tables(data)
    sheet = tables[0]
    assert sheet["style"] == "Card Sheet"
    assert len(sheet["rows"]) == 2 and len(sheet["rows"][0]) == 2
    first = sheet["cell_paragraphs"][0][0]
    assert first == [("Box Label", "课程 · 模块"), ("Block Title", "坐席 · 愤怒的客户"),
                     ("Card Text", "情境：理赔延误")]
    # the shortcuts card does not repeat its title
    assert [t for _, t in sheet["cell_paragraphs"][0][1]].count("CRM 快捷键") == 1
    assert sheet["rows"][1][1] == ""  # the empty slot of the last row
    lines = [t for t in tables if t["rows"] == [[""], [""], [""]]]
    assert len(lines) == 1 and "single" in lines[0]["borders"]
    d = docx_open(data)
    rows = d.element.body.find("w:tbl", NS).findall("w:tr", NS)
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)  # a card never splits


def test_card_text_is_tighter_than_normal():
    """Role-play cards: three to a page needs less space after each paragraph than Normal."""
    styles = docx_open(render_document(doc(CardSheet((Card("c", (Paragraph(T("x")),)),)))))
    card_text = styles.styles["Card Text"].element
    assert card_text.find("w:pPr/w:spacing", NS).get(w("after")) == "60"
    assert card_text.find("w:basedOn", NS).get(w("val")) == "Normal"


def test_empty_slot_of_a_card_sheet_has_no_cut_lines():
    cards = tuple(Card(f"card {k}", (Paragraph(T("x")),)) for k in range(3))
    body = docx_open(render_document(doc(CardSheet(cards, across=2)))).element.body
    rows = body.find("w:tbl", NS).findall("w:tr", NS)
    (top_left, top_right), (bottom_left, filler) = [r.findall("w:tc", NS) for r in rows]
    assert cell_borders(filler) == {"top": "nil", "left": "nil", "bottom": "nil", "right": "nil"}
    # the cards next to it keep their own edge there, drawn like the sheet's cut lines
    assert cell_borders(bottom_left) == {"right": "dashed"}
    assert cell_borders(top_right) == {"bottom": "dashed"}
    assert cell_borders(top_left) == {}
    # a full last row has no filler
    body = docx_open(render_document(doc(CardSheet(cards[:2], across=2)))).element.body
    assert not body.findall(".//w:tcBorders", NS)


def test_writing_lines_stay_together():
    """Each row cannot split and keeps with the next (the last one does not), and a low
    paragraph follows: some air before the next question, and no blank line closing a card."""
    data = render_document(doc(Paragraph(T("1. q")), WritingLines(4), Paragraph(T("2. q"))))
    body = docx_open(data).element.body
    rows = body.find("w:tbl", NS).findall("w:tr", NS)
    assert len(rows) == 4
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    assert [r.find(".//w:keepNext", NS).get(w("val"), "1") for r in rows] == ["1", "1", "1", "0"]
    after = body.find("w:tbl", NS).getnext()
    spacing = after.find("w:pPr/w:spacing", NS)
    assert spacing.get(w("lineRule")) == "exact" and int(spacing.get(w("line"))) <= 200
    # in a card, the cell ends with a paragraph one point high
    body = docx_open(render_document(doc(CardSheet((Card("c", (WritingLines(2),)),), across=1)))) \
        .element.body
    last = body.find("w:tbl/w:tr/w:tc", NS)[-1]
    assert last.find("w:pPr/w:spacing", NS).get(w("line")) == "20"
    assert last.find("w:pPr/w:rPr/w:sz", NS).get(w("val")) == "2"


def test_question_stems_keep_with_their_choices_and_lines():
    def q(n, s):
        return Paragraph((Span(f"{n}. ", bold=True), Span(s)))

    choices = BulletList(tuple(ListItem(T(f"{c}. x"), check=False) for c in "ABC"))
    blocks = (Heading(1, T("Part 2")), Paragraph(T("Closed book.")),
              q(7, "Which?"), Paragraph(T("A second stem paragraph.")), choices,
              q(8, "Why?"), WritingLines(2), Paragraph(T("after")))
    flow = docx_flow(render_document(doc(*blocks, kind="quiz")))
    keeps = {text: keep for _, text, keep, _ in flow}
    assert keeps["Closed book."]  # the part's description stays with its first question
    assert keeps["7. Which?"] and keeps["A second stem paragraph."]
    assert [keeps[f"☐	{c}. x"] for c in "ABC"] == [True, True, False]
    assert keeps["8. Why?"] and not keeps["after"]
    # outside a quiz, only the paragraph right before the choices keeps
    flow = docx_flow(render_document(doc(*blocks)))
    keeps = {text: keep for _, text, keep, _ in flow}
    assert keeps["A second stem paragraph."] and not keeps["7. Which?"]
    assert not keeps["Closed book."]


def test_sample_quiz_paper_keeps_every_stem_with_its_answers(sample_build):
    flow = docx_flow((sample_build / "quiz-A.docx").read_bytes())
    stems = [(text, keep) for _, text, keep, _ in flow if text[:1].isdigit() and ". " in text[:5]]
    assert len(stems) >= 20 and all(keep for _, keep in stems), [t for t, k in stems if not k]


def test_page_break_is_the_next_paragraph_starting_a_page():
    """Not a paragraph holding a break: after content that fills its page exactly, that
    paragraph would sit alone on a blank page."""
    flow = docx_flow(render_document(doc(Paragraph(T("one")), PageBreak(), Heading(1, T("two")))))
    assert [(text, brk) for _, text, _, brk in flow] == [("one", False), ("two", True)]


def test_quiz_source_is_not_drawn():
    data = render_document(doc(KB("kb", (model.QuizSource("1. q?\n*a) yes", 1),
                                         Paragraph(T("after")))), Paragraph(T("end"))))
    assert "q?" not in str(docx_outline(data))


def test_columns_are_a_borderless_table():
    (table,) = docx_tables(render_document(doc(Columns(
        ((Paragraph(T("left")),), (Paragraph(T("right")), Paragraph(T("more"))))))))
    assert table["rows"] == [["left", "right\nmore"]]
    assert set(table["borders"]) == {"nil"}


def test_columns_take_their_widths_from_the_deck_file(tmp_path):
    """pandoc's {.column width="30%"} makes Word's columns as the slide's: 30% and the 70% left."""
    import docx

    data = render_document(doc(Columns(((Paragraph(T("left")),), (Paragraph(T("right")),)),
                                       widths=(30.0, None))))
    table = docx.Document(io.BytesIO(data)).tables[0]
    grid = [c.width for c in table.columns]
    cells = [c.width for c in table.rows[0].cells]
    assert grid == cells
    assert abs(grid[0] / sum(grid) - 0.30) < 0.01 and abs(grid[1] / sum(grid) - 0.70) < 0.01
    equal = docx.Document(io.BytesIO(render_document(doc(Columns(
        ((Paragraph(T("left")),), (Paragraph(T("right")),))))))).tables[0]
    assert equal.columns[0].width == equal.columns[1].width


def test_full_width_punctuation_stays_inside_its_cell():
    """Word hangs a line's last ，or 。 past the text's edge unless told not to: every paragraph
    of every cell (a table's, a script's, a column's) says so, and the text is unchanged."""
    import docx

    data = render_document(doc(
        Table((T("角色"), T("话术")), ((T("坐席"), T("请问您的订单号是多少？")),
                                     (T("客户"), T("我已经等了三天，")))),
        Script("开场", (Turn("坐席", T("您好，这里是客服中心。")),)),
        Columns(((Paragraph(T("左栏：")),), (Paragraph(T("右栏；")),))),
        Paragraph(T("正文。")), language="zh-CN"))
    document = docx.Document(io.BytesIO(data))
    in_cells = [p for t in document.tables for row in t.rows for c in row.cells
                for p in c.paragraphs]
    assert "我已经等了三天，" in [p.text for p in in_cells]
    assert len(in_cells) >= 8
    for p in in_cells:
        flag = p._p.find(f"{{{NS['w']}}}pPr/{{{NS['w']}}}overflowPunct")
        assert flag is not None and flag.get(w("val")) == "0", p.text
    (body,) = [p._p for p in document.paragraphs if p.text == "正文。"]
    assert body.find(f".//{{{NS['w']}}}overflowPunct") is None  # body text as Word sets it


def test_call_centre_blocks():
    data = render_document(doc(
        Script("Opening", (Turn("Agent", T("Hello.")), Turn("Agent", T("This call is recorded."), verbatim=True),
                           Turn("Customer", T("Hi")))),
        Phrases("Say this", (PhrasePair(T("Calm down."), T("I hear you.")),)),
        Model("HEARD", (Step("Hear", T("listen")), Step("Empathize", T("understand")))),
        Shortcuts("Keys", (Shortcut("Ctrl+K", T("Search")),)),
        KB("Claims", (Paragraph(T("Ask when.")),)),
        Roleplay("Angry customer", customer="third call", situation="claim late", goal="calm",
                 time=10, observe=("listens first",)),
    ))
    outline = docx_outline(data)
    titles = [o[2] for o in outline if o[0] == "p" and o[1] == "Block Title"]
    assert titles == ["Opening", "Say this", "HEARD", "Keys"]
    tables = docx_tables(data)
    script = tables[0]
    assert script["rows"] == [["Agent", "Hello."], ["Agent\nverbatim", "This call is recorded."],
                              ["Customer", "Hi"]]
    assert script["fills"][1] == ["FBE9E7", "FBE9E7"] and script["fills"][0] == [None, None]
    assert not any("!" in c for row in script["rows"] for c in row)
    assert tables[1]["rows"] == [["✗ Avoid", "✓ Say instead"], ["Calm down.", "I hear you."]]
    assert tables[1]["header"] == [True, False]
    items = docx_list_items(data)
    assert [(label, text) for _, _, label, text in items] == [("1.", "Hear listen"),
                                                              ("2.", "Empathize understand")]
    d = docx_open(data)
    step = [p for p in d.paragraphs if p.text.startswith("Hear")][0]
    assert step.runs[0].bold and step.runs[0].text == "Hear"
    assert tables[2]["rows"] == [["Ctrl+K", "Search"]]
    keys_run = d.tables[2].cell(0, 0).paragraphs[0].runs[0]
    assert keys_run.style.name == "Verbatim Char"
    kb = tables[3]
    assert kb["style"] == "Card Box"
    assert kb["cell_paragraphs"][0][0][:2] == [("Block Title", "Claims"), ("Normal", "Ask when.")]
    rp = [t for s, t in tables[4]["cell_paragraphs"][0][0]]
    assert rp == ["Angry customer", "Situation: claim late", "Customer: third call", "Goal: calm",
                  "Time: 10 min", "Observe", "☐\tlistens first"]


def test_call_centre_blocks_in_chinese():
    data = render_document(doc(
        Script("", (Turn("坐席", T("本次通话将被录音。"), verbatim=True),)),
        Roleplay("愤怒的客户", situation="理赔延误", time=10),
        language="zh-CN"))
    tables = docx_tables(data)
    assert tables[0]["rows"] == [["坐席\n必须逐字", "本次通话将被录音。"]]
    assert [t for _, t in tables[1]["cell_paragraphs"][0][0]] == [
        "愤怒的客户", "情境：理赔延误", "时间：10 分钟"]


@pytest.mark.parametrize("language, latin, east_asian, face", [
    ("zh-CN", "en-US", "zh-CN", "Microsoft YaHei"), ("zh", "en-US", "zh-CN", "Microsoft YaHei"),
    ("en", "en", "zh-CN", "Microsoft YaHei"), ("en-GB", "en-GB", "zh-CN", "Microsoft YaHei"),
    ("zh-TW", "en-US", "zh-TW", "Microsoft JhengHei"), ("zh-HK", "en-US", "zh-HK", "Microsoft JhengHei")])
def test_language_tags_and_east_asian_font(language, latin, east_asian, face):
    data = render_document(doc(Paragraph(T("x")), language=language))
    d = docx_defaults(data)
    assert (d["lang"], d["lang_east_asia"]) == (latin, east_asian)
    assert d["font_east_asia"] == face
    assert d["font_ascii"] == "Calibri"
    assert docx_core(data) == {"title": "Test", "author": "赵红", "language": language}


def test_corporate_reference_keeps_page_setup_footer_and_fonts(tmp_path):
    """A reference made by python-docx's own template (Word's styles, no trainerkit styles):
    its body goes, its section and header stay, missing styles are copied in."""
    import docx as python_docx
    from docx.shared import Cm

    ref = python_docx.Document()
    ref.add_paragraph("Corporate body text that must disappear")
    sec = ref.sections[0]
    sec.left_margin = sec.right_margin = Cm(3)
    sec.header.paragraphs[0].text = "ACME Confidential"
    rpr = ref.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    rpr.find("w:rFonts", NS).set(w("eastAsia"), "SimSun")
    path = tmp_path / "corp.docx"
    ref.save(path)
    data = render_document(doc(
        Heading(1, T("Section")), BulletList((ListItem(T("one"), ordered=True, number=1),)),
        Table((T("a"),), ((T("b"),),)), Aside("trainer", (Paragraph(T("t")),)),
        Code("x"), reference=path))
    d = docx_open(data)
    assert "Corporate body text" not in "".join(p.text for p in d.paragraphs)
    assert abs(d.sections[0].left_margin - Cm(3)) < Cm(0.01)
    assert d.sections[0].header.paragraphs[0].text == "ACME Confidential"
    assert docx_defaults(data)["font_east_asia"] == "SimSun"  # the reference's is kept
    styles = {s.name for s in d.styles}
    assert {"trainerkit Table", "Trainer Box", "Source Code"} <= styles
    assert docx_list_items(data)[0][2] == "1."
    outline = docx_outline(data)
    assert outline[0] == ("p", "Heading 1", "Section")


def test_reference_without_numbering_part_gets_one(tmp_path):
    """A bare reference (no numbering.xml, no trainerkit styles) still numbers its lists."""
    src = builtin_template("reference.docx")
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bare, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/numbering.xml":
                continue
            if item.filename == "word/_rels/document.xml.rels":
                root = etree.fromstring(data)
                for rel in list(root):
                    if rel.get("Target") == "numbering.xml":
                        root.remove(rel)
                data = etree.tostring(root)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b'<Override PartName="/word/numbering.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.'
                                    b'wordprocessingml.numbering+xml"/>', b"")
            zout.writestr(item, data)
    data = render_document(doc(
        BulletList((ListItem(T("a"), ordered=True, number=1), ListItem(T("b"), ordered=True, number=2))),
        BulletList((ListItem(T("c"), ordered=True, number=1), ListItem(T("x")))),
        reference=bare))
    assert [(label, text) for _, _, label, text in docx_list_items(data)] == [
        ("1.", "a"), ("2.", "b"), ("1.", "c"), ("•", "x")]


def test_a_word_2010_reference_gives_one_styles_part_and_keeps_its_theme(tmp_path):
    """python-docx's default template, as Word 2010 saved it, carries stylesWithEffects.xml:
    the document has none (Word would offer a repair where it disagrees with styles.xml), and
    keeps the reference's own theme."""
    import docx as python_docx

    ref = tmp_path / "word2010.docx"
    python_docx.Document().save(ref)
    ref_members = docx_members(ref.read_bytes())
    assert "word/stylesWithEffects.xml" in ref_members
    data = render_document(doc(Aside("trainer", (Paragraph(T("t")),)), reference=ref))
    members = docx_members(data)
    assert not [n for n in members if "stylesWithEffects" in n]
    assert b"stylesWithEffects" not in members["[Content_Types].xml"]
    assert b"stylesWithEffects" not in members["word/_rels/document.xml.rels"]
    assert members["word/theme/theme1.xml"] == ref_members["word/theme/theme1.xml"]
    assert b'w:styleId="TrainerBox"' in members["word/styles.xml"]


def test_the_builtin_theme_names_the_fonts_the_styles_use():
    """Theme fonts resolve to the built-in document's own fonts (Calibri; Microsoft YaHei for
    Simplified, Microsoft JhengHei for Traditional text, which the document's language picks)."""
    for language, face, script in (("zh-CN", "Microsoft YaHei", "Hans"), ("zh-TW", "Microsoft JhengHei", "Hant")):
        data = render_document(doc(Paragraph(T("x")), language=language))
        members = docx_members(data)
        rels = etree.fromstring(members["word/_rels/document.xml.rels"])
        target = next(r.get("Target") for r in rels if r.get("Type").endswith("/theme"))
        theme = etree.fromstring(members["word/" + target])
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        minor = theme.find(f"{a}themeElements/{a}fontScheme/{a}minorFont")
        defaults = docx_defaults(data)
        assert minor.find(f"{a}latin").get("typeface") == defaults["font_ascii"] == "Calibri"
        scripts = {f.get("script"): f.get("typeface") for f in minor.findall(f"{a}font")}
        assert scripts[script] == defaults["font_east_asia"] == face


def test_sample_document_is_valid_and_ids_unique(tmp_path):
    data = render_document(sample_document(tmp_path))
    ids = docx_ids(data)
    assert len(ids["docPr"]) == 3 and len(set(ids["docPr"])) == 3
    assert len(set(ids["bookmark"])) == len(ids["bookmark"])
    # the image used twice is stored once
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 2
        body = etree.fromstring(z.read("word/document.xml")).find("w:body", NS)
    assert etree.QName(body[-1]).localname == "sectPr"
    # every cell ends with a paragraph
    for tc in body.iter(w("tc")):
        assert etree.QName(tc[-1]).localname == "p"


def test_a_large_handout_renders_whole():
    """1,000 sections, each in the table of contents (speed: benchmarks/, not a timed test)."""
    blocks = []
    for k in range(1000):
        blocks += [
            Heading(2, T(f"幻灯片 Slide {k}")),
            Paragraph(T("客户在前 10 秒形成印象 " * 3)),
            BulletList((ListItem(T("one"), ordered=True, number=1),
                        ListItem(T("two"), ordered=True, number=2))),
            Table((T("A"), T("B")), ((T("1"), T("壹")), (T("2"), T("贰")))),
        ]
    data = render_document(doc(Contents("Contents"), *blocks))
    assert len(docx_toc(data)["entries"]) == 1000
    assert len([t for s, t in docx_paragraphs(data) if s == "Heading 2"]) == 1000


def test_libreoffice_keeps_cards_after_their_heading(tmp_path):
    """A card sheet right after a heading starts on the heading's page (a regression: a keep
    on a box's first paragraph made LibreOffice push the whole sheet to the next page)."""
    from conftest import pdf_text, to_pdf

    cards = tuple(Card(f"卡片 {k}", (Paragraph(T("情境：车险理赔已两周未处理 " * 2)),) * 12,
                       header="课程 · 模块", role=("agent", "customer", "observer")[k])
                  for k in range(3))
    src = tmp_path / "cards.docx"
    src.write_bytes(render_document(doc(Heading(0, T("角色扮演卡")), Heading(1, T("愤怒的客户")),
                                        CardSheet(cards, across=1), language="zh-CN")))
    first_page = pdf_text(to_pdf(src, tmp_path)).split("\f")[0]
    assert "卡片 0" in first_page


def test_libreoffice_splits_a_tall_table_rather_than_leave_half_a_page(tmp_path):
    """A table of half a page under text filling the first half: LibreOffice starts it there
    and continues it on the next page under its header row again, two rows at least; a short
    table after it stays whole."""
    from conftest import to_pdf
    from extents import pdf_words

    filler = [Paragraph(T(f"第 {k} 段：先倾听客户的问题，再解释处理的流程和时限。")) for k in range(16)]
    tall = Table((T("编号"), T("项目")), tuple((T(f"q{k}"), T("先倾听客户的问题，再解释处理的流程和时限。" * 3))
                                             for k in range(8)))
    short = Table((T("编号"), T("项目")), tuple((T(f"s{k}"), T("先倾听。")) for k in range(5)))
    src = tmp_path / "tables.docx"
    src.write_bytes(render_document(doc(Heading(0, T("表格")), *filler, tall, Paragraph(T("之后")),
                                        *filler[:6], short, language="zh-CN")))
    pages = pdf_words(to_pdf(src, tmp_path))
    text = ["".join(w[4] for w in page) for page in pages]
    assert "q0" in text[0], text[0]  # not pushed to the next page whole
    rows_on = [[w[4] for w in page if w[4].startswith("q")] for page in pages]
    assert len(rows_on[1]) >= 2 and text[1].startswith("编号项目"), text[1]
    assert all(("s0" in t) == ("s4" in t) for t in text)  # the short table whole
def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, by pdftotext -f/-l."""
    import subprocess

    from conftest import need_tool

    pdftotext = need_tool("pdftotext")
    info = subprocess.run([need_tool("pdfinfo"), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    return [subprocess.run([pdftotext, "-f", str(k), "-l", str(k), "-layout", str(pdf), "-"],
                           check=True, capture_output=True, text=True).stdout
            for k in range(1, pages + 1)]


def test_libreoffice_prints_a_scenarios_three_cards_on_one_page(tmp_path, sample_build):
    """The sample's first scenario (under the document title) fits its agent, customer and
    observer cards on page 1; the second starts page 2, with no blank page between."""
    from conftest import to_pdf

    src = tmp_path / "roleplay.docx"
    src.write_bytes((sample_build / "roleplay.docx").read_bytes())
    pages = [" ".join(p.split()) for p in _pdf_pages(to_pdf(src, tmp_path))]
    assert len(pages) == 2, pages
    for role in ("坐席", "客户", "观察员"):
        assert f"{role} · 愤怒的理赔客户" in pages[0], role
        assert f"{role} · Medical claim declined" in pages[1], role


def test_libreoffice_never_leaves_a_stem_without_its_choices(tmp_path, sample_build):
    import re

    from conftest import to_pdf

    src = tmp_path / "quiz-A.docx"
    src.write_bytes((sample_build / "quiz-A.docx").read_bytes())
    pages = [[line.strip() for line in p.splitlines() if line.strip()]
             for p in _pdf_pages(to_pdf(src, tmp_path))]
    for k in range(len(pages) - 1):
        body, following = pages[k][:-1], pages[k + 1]  # the page number aside
        if body and re.match(r"\d+\. ", body[-1]):
            assert not following[0].startswith("☐"), (body[-1], following[0])
    seven = next(k for k, p in enumerate(pages) if any(line.startswith("7. ") for line in p))
    assert any(line.startswith("☐ A.") for line in pages[seven][
        next(i for i, line in enumerate(pages[seven]) if line.startswith("7. ")):])


def test_libreoffice_renders_the_chinese_text(tmp_path):
    from conftest import pdf_text, to_pdf

    src = tmp_path / "guide.docx"
    src.write_bytes(render_document(sample_document(tmp_path)))
    text = pdf_text(to_pdf(src, tmp_path))
    squeezed = "".join(text.split())
    for needle in ("投诉处理与标准话术", "第一印象", "为保障服务质量", "必须逐字", "讲师提示",
                   "图1：通话流程", "Whytheopeningmatters", "Ctrl+K", "☐"):
        assert needle in squeezed, needle
    assert "1.第一步First" in squeezed and "1.Alpha甲" in squeezed


# ---------------------------------------------------------------------------------------------
# The module cache (issue #6): a rebuild reuses the body XML of modules that did not change


class CountingCache(dict):
    """A cache in a dict that counts lookups and stores."""

    def __init__(self, *args):
        super().__init__(*args)
        self.gets = self.puts = 0

    def get(self, key):
        self.gets += 1
        return super().get(key)

    def put(self, key, data):
        self.puts += 1
        self[key] = data

    def reset(self) -> "CountingCache":
        self.gets = self.puts = 0
        return self


def modular_document(tmp: Path, names: str = "abcd", *, edited: str = "", image: Path | None = None,
                     language: str = "zh-CN", reference: Path | None = None,
                     labels_: dict | None = None) -> Document:
    """A guide of one module per letter of names, each with every block the writer knows (the
    sample document's), so that numbering, pictures, links, captions and TOC bookmarks cross
    modules; the module named `edited` gets one more paragraph."""
    sample = sample_document(tmp, language=language)
    blocks = list(sample.blocks[:2])  # cover, contents (depth 2)
    body = list(sample.blocks[3:])
    if image is not None:
        body = [replace_image(b, image) for b in body]
    for name in names:
        blocks += [PageBreak(), Heading(0, T(f"模块 {name} Module {name}"))] + body
        blocks.append(Paragraph(T(f"End of {name}, https://example.com/{name}")))
        blocks.append(Paragraph((Span("link", link=f"https://example.com/{name}"),)))
        own = png(tmp / f"own-{name}.png", color=(ord(name) % 256, 80, 80))  # its rId moves with it
        blocks.append(Image(own, alt=f"Own picture {name}", width=0.3))
        if name == edited:
            blocks.append(Paragraph(T("One more paragraph.")))
    d = doc(*blocks, language=language, kind="guide", reference=reference)
    if labels_ is not None:
        d = Document(kind=d.kind, title=d.title, language=d.language, blocks=d.blocks,
                     reference=d.reference, labels=labels_, author=d.author, units=d.units)
    return d


def replace_image(block, path: Path):
    from dataclasses import replace as dc_replace

    if isinstance(block, Image):
        return dc_replace(block, path=path)
    if isinstance(block, Columns):
        return dc_replace(block, columns=tuple(tuple(replace_image(b, path) for b in col)
                                               for col in block.columns))
    return block


def same_as_read(a: bytes, b: bytes) -> None:
    assert docx_outline(a) == docx_outline(b)
    assert docx_list_items(a) == docx_list_items(b)
    assert docx_toc(a) == docx_toc(b)
    assert docx_pictures(a) == docx_pictures(b)
    assert docx_links(a) == docx_links(b)
    assert docx_tables(a) == docx_tables(b)
    assert docx_bookmarks_resolve(b)
    ids = docx_ids(b)
    assert len(set(ids["docPr"])) == len(ids["docPr"]) and len(set(ids["bookmark"])) == len(ids["bookmark"])


@pytest.fixture
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_cached_modules_read_back_as_drawn(tmp_path, fixed_time):
    d = modular_document(tmp_path)
    plain = render_document(d)
    cache = CountingCache()
    first = render_document(d, cache=cache)
    assert (cache.gets, cache.puts) == (4, 4)  # one entry per module; cover and contents always drawn
    second = render_document(d, cache=cache.reset())
    assert (cache.gets, cache.puts) == (4, 0)
    for data in (first, second):
        same_as_read(plain, data)
        assert docx_members(data) == docx_members(plain)  # byte for byte, every part
    # What crosses modules stays right: lists restart, figures count on, TOC links resolve.
    labels_shown = [label for style, _, label, _ in docx_list_items(second) if style == "List Number"]
    assert labels_shown.count("1.") >= 4 * 3
    captions = [t for s, t in docx_paragraphs(second) if s == "Caption"]
    assert [c.split(" ")[1].split("：")[0] for c in captions] == [str(k) for k in range(1, 13)]
    toc = docx_toc(second)
    assert len([e for e in toc["entries"] if e[1].startswith("模块")]) == 4
    assert all(anchor in toc["bookmarks"] for _, _, anchor in toc["entries"])


def test_one_edited_module_is_the_only_one_drawn_again(tmp_path, fixed_time):
    cache = CountingCache()
    render_document(modular_document(tmp_path), cache=cache)
    edited = modular_document(tmp_path, edited="c")
    data = render_document(edited, cache=cache.reset())
    assert (cache.gets, cache.puts) == (4, 1)
    assert docx_members(data) == docx_members(render_document(edited))


@pytest.mark.parametrize("names", ["xabcd", "abd", "dcba", "aab", "abcdd"])
def test_modules_moved_added_or_removed_keep_ids_unique_and_toc_right(tmp_path, fixed_time, names):
    """Cached modules in other places (TOC bookmark names, numbering, picture and link rIds,
    drawing ids and figure numbers all differ there) read back as if drawn there."""
    cache = CountingCache()
    render_document(modular_document(tmp_path), cache=cache)
    d = modular_document(tmp_path, names)
    data = render_document(d, cache=cache.reset())
    assert cache.gets == len(names) and cache.puts < len(names)
    plain = render_document(d)
    same_as_read(plain, data)
    assert docx_members(data) == docx_members(plain)


def test_what_every_module_depends_on_misses_them_all(tmp_path, fixed_time):
    picture = png(tmp_path / "pic.png")
    cache = CountingCache()
    render_document(modular_document(tmp_path, image=picture), cache=cache)
    render_document(modular_document(tmp_path, image=picture), cache=cache.reset())
    assert cache.puts == 0

    png(tmp_path / "pic.png", color=(200, 30, 30))  # same path, other bytes
    d = modular_document(tmp_path, image=picture)
    data = render_document(d, cache=cache.reset())
    assert (cache.gets, cache.puts) == (4, 4)
    assert docx_members(data) == docx_members(render_document(d))

    other_labels = {**labels("zh-CN"), "figure": "插图"}
    data = render_document(modular_document(tmp_path, image=picture, labels_=other_labels),
                           cache=cache.reset())
    assert (cache.gets, cache.puts) == (4, 4)
    assert any(t.startswith("插图 ") for s, t in docx_paragraphs(data) if s == "Caption")

    reference = tmp_path / "reference.docx"
    with zipfile.ZipFile(builtin_template("reference.docx")) as src, \
            zipfile.ZipFile(reference, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.comment = b"another reference"
    d = modular_document(tmp_path, image=picture, reference=reference)
    data = render_document(d, cache=cache.reset())
    assert (cache.gets, cache.puts) == (4, 4)
    assert docx_members(data) == docx_members(render_document(d))


@pytest.mark.parametrize("damage", ["flip", "truncate", "junk", "empty", "not bytes", "raises"])
def test_a_damaged_entry_is_a_miss_and_the_output_still_right(tmp_path, fixed_time, damage):
    d = modular_document(tmp_path, "ab")
    cache = CountingCache()
    render_document(d, cache=cache)
    for key, data in list(cache.items()):
        dict.__setitem__(cache, key, {
            "flip": lambda b: b[:-10] + bytes([b[-10] ^ 0xFF]) + b[-9:],
            "truncate": lambda b: b[: len(b) // 2],
            "junk": lambda b: b"junk",
            "empty": lambda b: b"",
            "not bytes": lambda b: 42,
            "raises": lambda b: b,
        }[damage](data))
    if damage == "raises":
        def broken_get(key):
            cache.gets += 1
            raise OSError("unreadable")
        cache.get = broken_get
    out = render_document(d, cache=cache.reset())
    assert (cache.gets, cache.puts) == (2, 2)
    assert docx_members(out) == docx_members(render_document(d))


def test_a_module_holding_a_contents_block_is_drawn_every_time(tmp_path, fixed_time):
    blocks = [Contents("Contents", depth=1),
              PageBreak(), Heading(0, T("One")), Paragraph(T("a")),
              PageBreak(), Heading(0, T("Two")), Contents("In two", depth=1), Heading(1, T("2.1"))]
    d = doc(*blocks)
    cache = CountingCache()
    render_document(d, cache=cache)
    assert (cache.gets, cache.puts) == (1, 1)
    data = render_document(d, cache=cache.reset())
    assert (cache.gets, cache.puts) == (1, 0)
    assert docx_members(data) == docx_members(render_document(d))


def test_reused_modules_get_the_bookmarks_of_this_documents_contents(tmp_path, fixed_time):
    """The TOC lives outside the modules: a shallower one bookmarks fewer headings in them."""
    cache = CountingCache()
    deep = modular_document(tmp_path)
    render_document(deep, cache=cache)
    shallow = Document(kind=deep.kind, title=deep.title, language=deep.language,
                       blocks=(deep.blocks[0], Contents("目录", depth=0)) + deep.blocks[2:],
                       reference=deep.reference, labels=deep.labels, author=deep.author,
                       units=deep.units)
    data = render_document(shallow, cache=cache.reset())
    assert (cache.gets, cache.puts) == (4, 0)
    assert len(docx_toc(data)["entries"]) == 4
    same_as_read(render_document(shallow), data)
    assert docx_members(data) == docx_members(render_document(shallow))


# ---------------------------------------------------------------------------------------------
# The parts of render/docx/ (issue 11): units from the plan, question stems from the papers,
# child order through ooxml


def test_units_are_the_plans_not_guessed_from_page_breaks(tmp_path, fixed_time):
    from dataclasses import replace as dc_replace

    blocks = [Paragraph(T("intro")), PageBreak(), Heading(0, T("One")), Paragraph(T("a")),
              PageBreak(), Heading(0, T("Two")), Paragraph(T("b"))]
    planned = doc(*blocks)
    assert planned.units == (1, 4)
    cache = CountingCache()
    render_document(planned, cache=cache)
    assert (cache.gets, cache.puts) == (2, 2)
    # Without units (a quiz paper, cards) the document is one part, drawn every time.
    cache = CountingCache()
    data = render_document(dc_replace(planned, units=()), cache=cache)
    assert (cache.gets, cache.puts) == (0, 0)
    assert docx_members(data) == docx_members(render_document(planned))
    # One unit from the first PageBreak to the end.
    cache = CountingCache()
    render_document(dc_replace(planned, units=(1,)), cache=cache)
    assert (cache.gets, cache.puts) == (1, 1)


def test_a_question_opens_where_the_paper_says_not_at_any_bold_number():
    from trainerkit.render.docx.keeps import opens_question, plan_keeps

    opener = Paragraph((Span("1. ", bold=True), Span("Which greeting?")), opens_question=True)
    trainer_bold = Paragraph((Span("2. ", bold=True), Span("is the step the caller is at.")))
    stem = Paragraph(T("Choose one."))
    choices = BulletList((ListItem(T("A. Hello"), check=False), ListItem(T("B. Hi"), check=False)))
    assert opens_question(opener) and not opens_question(trainer_bold)
    keeps = plan_keeps((opener, trainer_bold, stem, choices), questions=True)
    # The whole stem keeps with its choices, back to the paragraph the paper marked (a regex on
    # the bold "2. " stopped there and let the question's first line fall to the page before).
    assert {id(b) for b in (opener, trainer_bold, stem, choices)} <= keeps


def test_children_go_in_their_schema_place_whatever_order_they_are_added_in():
    from trainerkit.render import ooxml
    from trainerkit.render.docx.tables import set_borders
    from trainerkit.render.docx.wml import W, add

    p = etree.Element(W.p)
    add(p, W.r)
    add(p, W.pPr)
    assert [ch.tag for ch in p] == [W.pPr, W.r]
    tc = etree.Element(W.tc)
    tcpr = add(tc, W.tcPr)
    add(tcpr, W.tcW)
    add(tcpr, W.vAlign)
    add(tcpr, W.shd)
    set_borders(tc, {"right": None})
    set_borders(tc, {"top": {"val": "dashed"}})
    assert [etree.QName(ch).localname for ch in tcpr] == ["tcW", "tcBorders", "shd", "vAlign"]
    assert [etree.QName(ch).localname for ch in tcpr.find(W.tcBorders)] == ["top", "right"]
    assert list(ooxml.misplaced(tc)) == []


def test_every_part_of_a_document_is_in_schema_order(tmp_path):
    from trainerkit.render import ooxml

    for kind in ("guide", "quiz"):
        data = render_document(sample_document(tmp_path, kind=kind))
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.endswith(".xml"):
                    assert list(ooxml.misplaced(etree.fromstring(z.read(name)))) == [], name


def test_no_part_of_the_writer_is_over_700_lines():
    folder = ROOT / "trainerkit" / "render" / "docx"
    sizes = {f.name: len(f.read_text(encoding="utf-8").splitlines()) for f in folder.glob("*.py")}
    assert {"__init__.py", "styles.py", "numbering.py", "blocks.py", "keeps.py", "cache.py",
            "package.py"} <= set(sizes)
    assert max(sizes.values()) <= 700
