"""A call simulation on slides (issue 16): one slide per step, best path first, the replies as
shapes that jump in the slide show to their step's slide, an ending's outcome and its jump back
to the start, every reply's score and feedback in the speaker notes; the guide's slide numbers
and the agenda right with the extra slides.

Read back as a person gets it: the deck with python-pptx (each reply shape's
click_action.target_slide, compared by slide id and by the target slide's title), the guide with
python-docx, the module's unit cache rebuilt from (the jumps still land), openxml-audit, and
LibreOffice's PDF with pypdf (LibreOffice exports each jump as a /Link annotation whose /Dest is
the target's page).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from trainerkit import model as m
from trainerkit import simulation as sim_
from trainerkit.build import build, load
from trainerkit.errors import Diagnostics, Location
from trainerkit.plan import plan_deck, slide_numbers
from trainerkit.plan_simulation import best_reply, score_text, step_slides, with_simulations
from trainerkit.render import pptx as deck_writer
from trainerkit.templates import Templates

from conftest import IN_CI, pdf_text, to_pdf
from conftest import SIMULATION_EXAMPLE as EXAMPLE

OPENING = """---
title: 开场
duration: 20
objectives:
  - 说明来电流程
---

## 欢迎

今天练习投诉来电。
"""

PRACTICE = f"""---
title: 第三次来电
duration: 30
objectives:
  - 安抚情绪激动的客户
---

## 开场白

客户已经打了三次电话。

## 练习：第三次来电的车主

{EXAMPLE}
::: notes
全班举手投票，选一个回复。
:::

## 复盘

- 哪个回复最有效？
"""

TITLE = "第三次来电的车主"
ORDER = ["start", "listen", "angry", "good", "bad"]  # the best path (start, listen, good) first, endings last
TARGETS = {"start": ["listen", "angry", "angry"], "listen": ["good", "angry"], "angry": ["listen", "bad"],
           "good": ["start"], "bad": ["start"]}
REPLIES = {"start": ["A. 打了三次还没解决,确实让人着急。我马上帮您查。", "B. 系统显示您只打过两次。", "C. 请您冷静一点。"],
           "listen": ["A. 我现在就联系定损员,2 小时内给您回电。", "B. 定损员很忙,您再等等。"],
           "angry": ["A. 非常抱歉,我们重新来,我马上帮您查进度。", "B. 那您投诉吧。"],
           "good": ["重新开始这通电话"], "bad": ["重新开始这通电话"]}
LINES = {"start": "我已经打了三次电话了!你们到底管不管?", "listen": "定损员到现在都没来!",
         "angry": "你这什么态度?我要投诉你!", "good": "客户同意等待回电,情绪平稳。", "bad": "客户挂断并投诉。"}


def title_of(step: str) -> str:
    return TITLE if step == "start" else f"{TITLE} · {step}"


def make_course(root: Path, practice: str = PRACTICE, opening: str = OPENING, language: str = "zh-CN") -> Path:
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text(f"title: 投诉处理\nlanguage: {language}\n", encoding="utf-8")
    (root / "modules" / "01-opening.md").write_text(opening, encoding="utf-8")
    (root / "modules" / "02-practice.md").write_text(practice, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    course = make_course(tmp_path_factory.mktemp("course") / "calls")
    out = tmp_path_factory.mktemp("out")
    build(course, out, only=["deck", "guide"], jobs=1)
    return out


def slide_title(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def simulation_slides(prs) -> dict[str, object]:
    """The step slides by step name (read from their titles)."""
    out = {}
    for slide in prs.slides:
        title = slide_title(slide)
        if title == TITLE:
            out["start"] = slide
        elif title.startswith(f"{TITLE} · "):
            out[title.split(" · ", 1)[1]] = slide
    return out


def reply_shapes(slide) -> list:
    return [sh for sh in slide.shapes if sh.name.startswith("Reply ")]


def body_text(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


# ---------------------------------------------------------------------------------------------
# The deck, read back


def test_one_slide_per_step_best_path_first(built):
    prs = Presentation(built / "deck.pptx")
    titles = [slide_title(s) for s in prs.slides]
    at = titles.index(TITLE)
    assert titles[at:at + 5] == [title_of(s) for s in ORDER]
    assert titles[at - 1] == "开场白" and titles[at + 5] == "复盘"
    assert "练习：第三次来电的车主" not in titles  # the slide held only the simulation: its steps take its place
    assert all(prs.slides[k].slide_layout.name == "Title and Content" for k in range(at, at + 5))


def test_each_slide_shows_the_customers_lines_and_the_replies(built):
    prs = Presentation(built / "deck.pptx")
    slides = simulation_slides(prs)
    for step in ORDER:
        slide = slides[step]
        assert LINES[step] in body_text(slide), step
        assert [sh.text_frame.text for sh in reply_shapes(slide)] == REPLIES[step], step
    start = body_text(slides["start"])
    assert "客户" in start and "+2" not in start and "不要纠正" not in start  # no score, no feedback for the room
    assert "结局：客户同意等待回电" in body_text(slides["good"])


def test_each_reply_jumps_to_its_target_steps_slide(built):
    prs = Presentation(built / "deck.pptx")
    slides = simulation_slides(prs)
    for step, targets in TARGETS.items():
        shapes = reply_shapes(slides[step])
        assert len(shapes) == len(targets)
        for shape, target in zip(shapes, targets):
            jumped = shape.click_action.target_slide
            assert jumped is not None, (step, shape.text_frame.text)
            assert jumped.slide_id == slides[target].slide_id, (step, target)
            assert slide_title(jumped) == title_of(target)


def test_an_ending_jumps_back_to_the_start(built):
    prs = Presentation(built / "deck.pptx")
    slides = simulation_slides(prs)
    for ending in ("good", "bad"):
        (shape,) = reply_shapes(slides[ending])
        assert shape.click_action.target_slide.slide_id == slides["start"].slide_id


def test_the_reply_shapes_are_theme_coloured_and_stacked_in_the_body(built):
    prs = Presentation(built / "deck.pptx")
    slides = simulation_slides(prs)
    body = next(ph for ph in prs.slide_layouts.get_by_name("Title and Content").placeholders
                if ph.placeholder_format.idx == 1)
    for step, slide in slides.items():
        shapes = reply_shapes(slide)
        for a, b in zip(shapes, shapes[1:]):
            assert a.top + a.height < b.top, step  # stacked, apart
        for sh in shapes:
            assert body.left <= sh.left and sh.left + sh.width <= body.left + body.width
            assert sh.top + sh.height <= body.top + body.height, step
            xml = sh._element.xml
            assert "schemeClr" in xml and "srgbClr" not in xml


def test_the_notes_give_every_replys_score_and_feedback_and_the_best(built):
    prs = Presentation(built / "deck.pptx")
    slides = simulation_slides(prs)
    notes = {step: s.notes_slide.notes_text_frame.text for step, s in slides.items()}
    start = notes["start"]
    assert start.startswith("全班举手投票")  # the written slide's own notes come first
    for line in ("A. +2 → listen（最佳） 打了三次还没解决", "B. -2 → angry 系统显示您只打过两次", "C. -1 → angry 请您冷静一点"):
        assert line in start
    assert "不要纠正客户对事实的感受,先共情。" in start
    assert "最佳路径：start → listen → good（+4）" in start
    assert "最差路径：start → angry → bad（-5）" in start
    assert "A. +2 → good（最佳）" in notes["listen"] and "B. -2 → angry" in notes["listen"]
    assert "A. +1 → listen（最佳）" in notes["angry"] and "B. -3 → bad" in notes["angry"]
    assert "+1 … +4" in notes["good"] and "最佳路径得分 +4" in notes["good"]
    assert "-5 … -3" in notes["bad"]


def test_the_deck_opens_without_repair(built):
    try:
        from test_schema import findings
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("openxml-audit is not installed (pip install .[test])")
    assert findings(built / "deck.pptx") == []


# ---------------------------------------------------------------------------------------------
# The guide's slide numbers and the agenda


def test_the_guides_slide_numbers_count_the_step_slides(built):
    prs = Presentation(built / "deck.pptx")
    titles = [slide_title(s) for s in prs.slides]
    start, after = titles.index(TITLE) + 1, titles.index("复盘") + 1
    heads = [p.text for p in Document(built / "guide.docx").paragraphs if p.style.name == "Heading 2"]
    assert f"幻灯片 {start}–{start + 4} · 练习：第三次来电的车主" in heads
    assert f"幻灯片 {after} · 复盘" in heads
    for head in heads:  # every other heading names the slide of its title
        found = re.fullmatch(r"幻灯片 (\d+) · (.+)", head)
        if found:
            assert titles[int(found.group(1)) - 1] == found.group(2)


def test_the_agenda_is_the_same_with_or_without_the_simulation(tmp_path):
    with_sim = make_course(tmp_path / "a")
    without = make_course(tmp_path / "b", practice=PRACTICE.replace(EXAMPLE, "占位\n"))

    def agenda(root: Path) -> list[list[str]]:
        course, templates = loaded(root)
        deck = plan_deck(course, templates)
        ds = next(s for s in deck.slides if s.kind == "agenda")
        table = next(b for b in ds.blocks if isinstance(b, m.Table))
        return [[m.plain(c) for c in row] for row in table.rows]

    rows = agenda(with_sim)
    assert rows == agenda(without)
    assert [r[1] for r in rows[:2]] == ["开场", "第三次来电"]


def test_slide_numbers_give_a_simulation_one_range():
    loc, other = Location("m.md", 5), Location("m.md", 9)
    slides = tuple(m.DeckSlide(f"s{k}", "Title and Content", "content", (), loc=loc, group="m") for k in range(5))
    deck = m.Deck("t", "en", (m.DeckSlide("T", "Title Slide", "title", ()),) + slides
                  + (m.DeckSlide("x", "Title and Content", "content", (), loc=other, group="m"),), Path("r.pptx"))
    assert slide_numbers(deck, [1, 1, 1, 2, 1, 1, 1]) == {loc: "2–7", other: "8"}


# ---------------------------------------------------------------------------------------------
# The unit cache: cached slides get new part names, the jumps follow them


def test_jumps_land_right_when_the_module_comes_from_the_cache(tmp_path, monkeypatch):
    course = make_course(tmp_path / "calls")
    out = tmp_path / "out"
    build(course, out, only=["deck"], jobs=1)
    before = [slide_title(s) for s in Presentation(out / "deck.pptx").slides].index(TITLE)
    drawn: list[str] = []
    original = deck_writer.draw_slides
    monkeypatch.setattr(deck_writer, "draw_slides",
                        lambda slides, *a, **k: drawn.extend(s.title for s in slides) or original(slides, *a, **k))
    # A slide more in the module before: the practice module's slides move, drawn last time.
    (course / "modules" / "01-opening.md").write_text(OPENING + "\n## 规则\n\n先听后说。\n", encoding="utf-8")
    build(course, out, only=["deck"], jobs=1)
    assert "规则" in drawn and TITLE not in drawn  # the simulation's module came from the cache
    prs = Presentation(out / "deck.pptx")
    slides = simulation_slides(prs)
    titles = [slide_title(s) for s in prs.slides]
    assert titles.index(TITLE) == before + 1
    for step, targets in TARGETS.items():
        for shape, target in zip(reply_shapes(slides[step]), targets):
            assert shape.click_action.target_slide.slide_id == slides[target].slide_id
            assert slide_title(shape.click_action.target_slide) == title_of(target)


def test_a_cached_entry_whose_jump_leaves_its_module_is_a_miss():
    from trainerkit.render.pptx.cache import decode, encode
    from trainerkit.render.pptx.package import Group, Rendered
    from trainerkit.render.pptx.zip import deflate

    xml = deflate(b"<p:sld/>")
    good = Group([Rendered("Title and Content", xml, None, [("rId2", "slide", "b")], anchor="a"),
                  Rendered("Title and Content", xml, None, [("rId2", "slide", "a")], anchor="b")], {})
    layouts = {"Title and Content": object()}
    back = decode("k", encode("k", good), layouts)
    assert [(r.anchor, r.rels) for r in back.slides] == [("a", [("rId2", "slide", "b")]), ("b", [("rId2", "slide", "a")])]
    away = Group([Rendered("Title and Content", xml, None, [("rId2", "slide", "elsewhere")], anchor="a")], {})
    assert decode("k", encode("k", away), layouts) is None


# ---------------------------------------------------------------------------------------------
# LibreOffice: the PDF has the replies, and links to the right pages


def test_libreoffice_converts_the_jumps_to_links_to_their_pages(built, tmp_path):
    pypdf = pytest.importorskip("pypdf") if not IN_CI else __import__("pypdf")
    pdf = to_pdf(built / "deck.pptx", tmp_path)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    for replies in REPLIES.values():
        for reply in replies:
            assert re.sub(r"\s+", "", reply) in text
    reader = pypdf.PdfReader(str(pdf))
    page_of = {page.indirect_reference.idnum: k for k, page in enumerate(reader.pages)}
    prs = Presentation(built / "deck.pptx")
    index = {s.slide_id: k for k, s in enumerate(prs.slides)}
    slides = simulation_slides(prs)
    for step, targets in TARGETS.items():
        page = reader.pages[index[slides[step].slide_id]]
        links = [a.get_object() for a in page.get("/Annots") or []]
        links = [a for a in links if a.get("/Subtype") == "/Link"]
        links.sort(key=lambda a: -float(a["/Rect"][3]))  # top first: A, B, C
        went = []
        for a in links:
            dest = a.get("/Dest")
            if dest is None and "/A" in a:
                dest = a["/A"].get("/D")
            if isinstance(dest, str):
                dest = reader.named_destinations[dest]
            went.append(page_of[dest[0].idnum] if not hasattr(dest, "page") else
                        reader.get_destination_page_number(dest))
        assert went == [index[slides[t].slide_id] for t in targets], step


# ---------------------------------------------------------------------------------------------
# Other languages, many replies, a slide with more on it (a hand-built simulation)


ENGLISH = """---
title: The third call
duration: 30
objectives:
  - Calm an upset caller
---

## Practice

::: simulation The caller who rang three times
[start]
Customer: This is the third time I have called! Does anyone there actually care?
Customer: I was promised a call back on Monday and nobody rang.
!Agent: This call is recorded for quality and training purposes.
* Three calls and still no answer: I understand why you are frustrated. Let me look at your claim right now. -> [listen] +2
* Our system shows you only called twice. -> [listen] -2
  Do not correct the customer's sense of the facts; acknowledge the feeling first.
* Please calm down, sir. -> [listen] -1
* I am sorry about that. Can you give me your claim number, your date of birth and the registration of the car, please? -> [listen] +1
* That is not my department; I can transfer you to claims, but the wait is about forty minutes at the moment. -> [bad] -2
* Let me put you on hold. -> [bad] -3
[listen]
Customer: The assessor still has not come!
* I will call the assessor now and ring you back within two hours. -> [good] +2
* The assessors are very busy; please wait. -> [bad] -2
[good] end
outcome: The customer agrees to wait for the call back.
[bad] end
outcome: The customer hangs up and files a complaint.
:::
"""


def test_six_long_replies_fit_one_slide_in_english(tmp_path):
    course = make_course(tmp_path / "en", practice=ENGLISH, opening=OPENING.replace("开场", "Opening")
                         .replace("说明来电流程", "Explain the call").replace("欢迎", "Welcome")
                         .replace("今天练习投诉来电。", "Today we practise complaints."), language="en")
    out = tmp_path / "out"
    build(course, out, only=["deck"], jobs=1)
    prs = Presentation(out / "deck.pptx")
    titles = [slide_title(s) for s in prs.slides]
    at = titles.index("The caller who rang three times")
    assert titles[at:] == ["The caller who rang three times"] + [f"The caller who rang three times · {s}"
                                                                  for s in ("listen", "good", "bad")]
    start = prs.slides[at]
    shapes = reply_shapes(start)
    assert [sh.text_frame.text[:3] for sh in shapes] == ["A. ", "B. ", "C. ", "D. ", "E. ", "F. "]
    for a, b in zip(shapes, shapes[1:]):
        assert a.top + a.height <= b.top
    assert shapes[-1].top + shapes[-1].height <= prs.slide_height * 0.92
    sizes = {r.font.size.pt for sh in shapes for p in sh.text_frame.paragraphs for r in p.runs}
    assert min(sizes) >= 14
    assert "verbatim" in body_text(start)
    good = prs.slides[at + 2]
    assert "Outcome: The customer agrees" in body_text(good)
    assert [sh.text_frame.text for sh in reply_shapes(good)] == ["Start the call again"]
    notes = start.notes_slide.notes_text_frame.text
    assert "Replies (score → next step)" in notes and "A. +2 → listen (best)" in notes
    assert "Best path: start → listen → good (+4)" in notes


TRADITIONAL = """---
title: 第三次來電
duration: 30
objectives:
  - 安撫情緒激動的客戶
---

## 練習

::: simulation 第三次來電的車主
目標: 1
[開始]
客戶: 我已經打了三次電話了！你們到底管不管？
* 打了三次還沒解決，確實讓人著急。我馬上幫您查。 -> [傾聽] +2
* 請您冷靜一點。 -> [傾聽] -1
  先同理客戶的感受。
[傾聽]
客戶: 定損員到現在都沒來！
* 我現在就聯絡定損員，兩小時內回電給您。 -> [good] +2
* 那您投訴吧。 -> [bad] -3
[good] 結束
結局: 客戶同意等候回電，情緒平穩。
[bad] 結束
結局: 客戶掛斷並投訴。
:::
"""


def test_traditional_chinese_labels(tmp_path):
    course = make_course(tmp_path / "tw", practice=TRADITIONAL, language="zh-TW")
    out = tmp_path / "out"
    build(course, out, only=["deck"], jobs=1)
    prs = Presentation(out / "deck.pptx")
    titles = [slide_title(s) for s in prs.slides]
    at = titles.index("第三次來電的車主")
    assert titles[at:] == ["第三次來電的車主"] + [f"第三次來電的車主 · {s}" for s in ("傾聽", "good", "bad")]
    start, good = prs.slides[at], prs.slides[at + 2]
    assert reply_shapes(start)[0].click_action.target_slide.slide_id == prs.slides[at + 1].slide_id
    assert [sh.text_frame.text for sh in reply_shapes(good)] == ["重新開始這通電話"]
    assert "結局：客戶同意等候回電" in body_text(good)
    notes = start.notes_slide.notes_text_frame.text
    assert "回覆（得分 → 下一步）" in notes and "A. +2 → 傾聽（最佳）" in notes and "最佳路徑：開始 → 傾聽 → good（+4）" in notes


def loaded(root: Path) -> tuple[m.Course, Templates]:
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, diags.sorted()
    return course, Templates(course, diags)


def hand_built(path: str = "modules/02-practice.md") -> sim_.Simulation:
    """The issue's example, built by hand (as the model holds it)."""
    T, at = m.text_of, (lambda n: Location(path, n))
    turn = (lambda text, n: (m.Turn("客户", T(text), False, at(n)),))
    R = sim_.Reply
    return sim_.Simulation(TITLE, (
        sim_.Step("start", turn(LINES["start"], 2), (R(T("打了三次"), "listen", 2, (), at(3)),
                                                    R(T("系统显示"), "angry", -2, T("先共情。"), at(4)))),
        sim_.Step("listen", turn(LINES["listen"], 6), (R(T("我现在就联系"), "good", 2),
                                                      R(T("您再等等"), "angry", -2))),
        sim_.Step("angry", turn(LINES["angry"], 9), (R(T("重新来"), "listen", 1), R(T("投诉吧"), "bad", -3))),
        sim_.Step("good", end=True, outcome=T(LINES["good"])),
        sim_.Step("bad", end=True, outcome=T(LINES["bad"]))), objective="1", loc=at(1))


def test_a_hand_built_simulation_beside_other_blocks_keeps_its_slide(tmp_path):
    """A simulation put into a parsed course (dataclasses.replace) on a slide with a paragraph
    and notes: the slide stays with them, the steps follow it, each jump to its step's anchor."""
    course, templates = loaded(make_course(tmp_path / "c", practice=PRACTICE.replace(EXAMPLE, "占位\n")))
    sim = hand_built()
    module = course.modules[1]
    sections = tuple(replace(sec, slides=tuple(
        replace(s, blocks=(m.Paragraph(m.text_of("先读题。")),) + s.blocks + (sim,)) if s.title.startswith("练习") else s
        for s in sec.slides)) for sec in module.sections)
    course = replace(course, modules=(course.modules[0], replace(module, sections=sections)))
    deck = plan_deck(course, templates)
    titles = [ds.title for ds in deck.slides]
    at = titles.index("练习：第三次来电的车主")
    assert titles[at + 1:at + 6] == [title_of(s) for s in ORDER]
    written = deck.slides[at]
    assert not any(isinstance(b, sim_.Simulation) for b in written.blocks)
    assert m.plain(written.blocks[0].text) == "先读题。" and written.notes  # its notes stay with it
    steps = deck.slides[at + 1:at + 6]
    assert [ds.anchor for ds in steps] == [sim_.anchor(sim, s) for s in ORDER]
    assert {ds.loc for ds in steps} == {written.loc} and {ds.group for ds in steps} == {module.id}
    jumps = [b for b in steps[0].blocks if isinstance(b, sim_.Jumps)][0]
    assert [j.target for j in jumps.jumps] == [sim_.anchor(sim, "listen"), sim_.anchor(sim, "angry")]
    prs = Presentation(io.BytesIO(deck_writer.render_deck(deck)))
    by_id = {s.slide_id: slide_title(s) for s in prs.slides}
    first = prs.slides[at + 1]
    assert [by_id[sh.click_action.target_slide.slide_id] for sh in reply_shapes(first)] == \
        [title_of("listen"), title_of("angry")]
    assert deck_writer.slide_counts(deck)[at + 1:at + 6] == [1] * 5


def test_the_plans_small_decisions():
    sim = hand_built()
    assert [score_text(x) for x in (2, -2, 0, 1.5, -0.5)] == ["+2", "-2", "0", "+1.5", "-0.5"]
    assert best_reply(sim, sim.step("start")) == 0
    assert best_reply(sim, sim.step("angry")) == 0  # back to listening leads on to the good end
    labels = {"colon": ": "}
    slides = step_slides(sim, m.DeckSlide("", "Title and Content", "content", (sim,), group="g"), labels)
    assert [ds.title for ds in slides] == [title_of(s) for s in ORDER]
    assert with_simulations([m.DeckSlide("x", "Title Only", "content", ())], labels)[0].title == "x"
    section = with_simulations([m.DeckSlide("Part 2", "Section Header", "section", (sim,))], labels)
    assert [ds.title for ds in section] == ["Part 2"] + [title_of(s) for s in ORDER]
    assert section[0].blocks == ()
