"""A call simulation on paper (issue 16): the handout's numbered sections a class plays without a
screen, and the facilitator guide's key. Read back from handout.docx and guide.docx as a person
sees them: the sections in number order with the start at 1, each reply's "→ n" naming its
target's section, room to write the path and add up the points, and no score or feedback
anywhere in the handout; the key in the guide with every reply's points and feedback, the best
and worst paths and the debrief. The numbering is the same in both documents and across builds.
LibreOffice converts both; openxml-audit finds nothing."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from conftest import pdf_text, to_pdf
from conftest import SIMULATION_EXAMPLE as EXAMPLE
from readback_docx import NS, _p_text, docx_open, w
from trainerkit.build import build, load
from trainerkit.errors import Diagnostics, Location
from trainerkit.model import Span, Turn, text_of
from trainerkit.plan import plan_guide, plan_handout
from trainerkit.render.docx import render_document
from trainerkit.simulation import Reply, Simulation, Step, best_walk, paper_numbers, worst_walk
from trainerkit.templates import Templates

# The same in Traditional Chinese as a Taiwanese trainer writes it (an ending as "[good] 結束").
TRADITIONAL = """::: simulation 第三次來電的車主
目標: 1
[start]
客戶：我已經打了三次電話了！你們到底管不管？
* 打了三次還沒解決，確實讓人著急。我馬上幫您查。 → [listen] +2
* 系統顯示您只打過兩次。 → [angry] -2
  不要糾正客戶對事實的感受，先同理。
* 請您冷靜一點。 → [angry] -1
[listen]
客戶：定損員到現在都沒來！
* 我現在就聯絡定損員，2 小時內給您回電。 → [good] +2
* 定損員很忙，您再等等。 → [angry] -2
[angry]
客戶：你這什麼態度？我要投訴你！
* 非常抱歉，我們重新來，我馬上幫您查進度。 → [listen] +1
* 那您投訴吧。 → [bad] -3
[good] 結束
結局: 客戶同意等待回電，情緒平穩。
[bad] 結束
結局: 客戶掛斷電話並投訴。
:::
"""

MODULE = """---
title: {title}
duration: 30
objectives:
  - {objective}
---

# {section}

## {slide}

{body}
"""


def write_course(root: Path, language: str, body: str, seed: int = 7) -> Path:
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text(f"title: Paper calls\nlanguage: {language}\nquiz:\n  seed: {seed}\n",
                                     encoding="utf-8")
    words = {"en": ("Practice calls", "Empathise first", "Simulations", "The third call"),
             "zh-CN": ("来电模拟", "先共情再处理", "模拟", "第三次来电"),
             "zh-TW": ("來電模擬", "先同理再處理", "模擬", "第三次來電")}[language]
    (root / "modules" / "01-calls.md").write_text(MODULE.format(
        title=words[0], objective=words[1], section=words[2], slide=words[3], body=body),
        encoding="utf-8")
    return root


def T(s: str):
    return text_of(s)


def hand_built() -> Simulation:
    """An English simulation built by hand (the parser's job is not under test here)."""
    here = Location("modules/01-calls.md", 12)
    return Simulation("The third call", (
        Step("start", (Turn("Customer", T("This is the third time I have called!")),), (
            Reply(T("Three calls and still not solved: I'll look at it now."), "listen", 2),
            Reply(T("Our system shows only two calls."), "angry", -2, T("Never correct the customer's count.")),
            Reply(T("Please calm down."), "angry", -1, T("Telling someone to calm down rarely calms them.")),
        )),
        Step("listen", (Turn("Customer", T("The assessor never came!")),), (
            Reply(T("I'll call the assessor now and ring you back within 2 hours."), "good", 2),
            Reply(T("The assessors are busy; please wait."), "angry", -2),
        )),
        Step("angry", (Turn("Customer", T("What kind of attitude is that? I'll complain!")),), (
            Reply(T("I'm sorry, let's start again: I'm checking your claim now."), "listen", 1),
            Reply(T("Go ahead and complain."), "bad", -3, T("The call is lost here.")),
        )),
        Step("good", end=True, outcome=T("The customer agrees to wait for the call back.")),
        Step("bad", end=True, outcome=T("The customer hangs up and complains.")),
    ), objective="1", time=12, loc=here)


def with_simulation(root: Path, sim: Simulation):
    """The course of root with sim as its one slide's content (in place of its placeholder)."""
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    module = course.modules[0]
    section = module.sections[-1]
    slide = replace(section.slides[0], blocks=(sim,))
    module = replace(module, sections=module.sections[:-1] + (replace(section, slides=(slide,)),))
    return replace(course, modules=(module,))


# ---------------------------------------------------------------------------------------------
# Reading the documents back


def body_of(data: bytes) -> etree._Element:
    return docx_open(data).element.body


def all_text(data: bytes) -> str:
    return "\n".join(_p_text(p) for p in body_of(data).iter(w("p")))


def cards(data: bytes) -> list[list[str]]:
    """Every top-level one-cell box (a section, the path, the key): the texts of all its
    paragraphs, nested tables' included, in reading order."""
    out = []
    for tbl in body_of(data).iterchildren(w("tbl")):
        cells = tbl.findall("w:tr/w:tc", NS)
        if len(cells) == 1:
            out.append([_p_text(p) for p in cells[0].iter(w("p")) if _p_text(p)])
    return out


def sections(data: bytes, word: str) -> dict[int, list[str]]:
    """The handout's sections by number (the card headed "Section 3" / "第 3 段")."""
    pattern = re.compile(word.replace("{n}", r"(\d+)") + "$")
    found: dict[int, list[str]] = {}
    order = []
    for card in cards(data):
        m = pattern.match(card[0])
        if m:
            found[int(m.group(1))] = card[1:]
            order.append(int(m.group(1)))
    assert order == sorted(order), f"the sections are not in number order: {order}"
    return found


def key_rows(data: bytes, first: str) -> list[list[str]]:
    """The rows of the key table: the table whose header row starts with first."""
    for tbl in body_of(data).iter(w("tbl")):
        rows = [["\n".join(_p_text(p) for p in tc.iter(w("p"))) for tc in tr.findall("w:tc", NS)]
                for tr in tbl.findall("w:tr", NS)]
        if rows and rows[0][:1] == [first] and len(rows[0]) == 5:
            return rows
    raise AssertionError("no key table in the guide")


def key_by_section(rows: list[list[str]]) -> dict[int, list[list[str]]]:
    """The key's rows under each section number ("3 · angry" opens a section)."""
    out: dict[int, list[list[str]]] = {}
    current = None
    for row in rows[1:]:
        if row[0]:
            current = int(row[0].split(" · ")[0])
        out.setdefault(current, []).append(row)
    return out


def reply_line(k: int, reply: Reply, numbers: dict[str, int]) -> str:
    """A reply as the handout prints it: a box to tick, its letter, its text, its target."""
    return f"☐\t{'ABCDEF'[k]}. {''.join(s.text for s in reply.text)}  → {numbers[reply.target]}"


# ---------------------------------------------------------------------------------------------
# The numbering


def test_numbers_start_at_one_and_are_the_same_every_time() -> None:
    sim = hand_built()
    numbers = paper_numbers(sim, 7)
    assert numbers["start"] == 1
    assert sorted(numbers.values()) == list(range(1, len(sim.steps) + 1))
    assert paper_numbers(sim, 7) == numbers == paper_numbers(replace(sim, loc=Location("x.md", 99)), 7)
    # another seed or title shuffles the others again; the start stays 1
    shuffles = {tuple(sorted(paper_numbers(replace(sim, title=f"Call {n}"), seed).items()))
                for n in range(6) for seed in (0, 1)}
    assert len(shuffles) > 1
    assert all(dict(s)["start"] == 1 for s in shuffles)


# ---------------------------------------------------------------------------------------------
# The handout and the guide from a simulation built by hand (English)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[Simulation, bytes, bytes]:
    root = write_course(tmp_path_factory.mktemp("en") / "course", "en", "Placeholder.")
    sim = hand_built()
    course = with_simulation(root, sim)
    handout = render_document(plan_handout(course, Templates(course, Diagnostics())))
    guide = render_document(plan_guide(course, Templates(course, Diagnostics())))
    return sim, handout, guide


def test_the_handout_plays_the_call_in_numbered_sections(english) -> None:
    sim, handout, _guide = english
    numbers = paper_numbers(sim, 7)
    found = sections(handout, "Section {n}")
    assert sorted(found) == list(range(1, len(sim.steps) + 1))
    assert found[1][:2] == ["Customer", "This is the third time I have called!"]  # the start is 1
    for step in sim.steps:
        lines = found[numbers[step.name]]
        if step.end:
            assert lines[-2:] == [f"Outcome: {''.join(s.text for s in step.outcome)}", "→ End of the call"]
        else:
            # the customer's lines as a script, then each reply with its target's section
            assert lines[:2] == ["Customer", "".join(s.text for s in step.turns[0].text)]
            assert lines[2:] == [reply_line(k, r, numbers) for k, r in enumerate(step.replies)]
    text = all_text(handout)
    assert "Call simulation · The third call" in text
    assert "Start at section 1." in text


def test_the_handout_shows_no_score_and_no_feedback(english) -> None:
    sim, handout, _guide = english
    text = all_text(handout)
    for step in sim.steps:
        for reply in step.replies:
            if reply.feedback:
                assert "".join(s.text for s in reply.feedback) not in text
    assert not re.search(r"[+-]\d", text), re.findall(r".{20}[+-]\d.{5}", text)
    assert "Best path" not in text and "Worst path" not in text and "Debrief" not in text


def test_the_handout_has_room_for_the_path_and_the_points(english) -> None:
    sim, handout, _guide = english
    path = next(c for c in cards(handout) if c[0] == "Your path")
    # a row per section of the longest path (start, angry, listen, good: 4), then the total
    assert path[1:] == ["Section", "Reply", "Points", "1", "2", "3", "4", "Total"]
    tbl = next(t for t in body_of(handout).iterchildren(w("tbl")) if "Your path" in _p_text(t.find(".//w:p", NS)))
    inner = tbl.find(".//w:tc//w:tbl", NS)
    heights = [h.get(w("val")) for h in inner.iterfind("w:tr/w:trPr/w:trHeight", NS)]
    assert len(heights) == 5 and all(int(h) >= 400 for h in heights)  # room to write by hand


def test_the_guide_has_the_key_with_points_feedback_and_the_best_path(english) -> None:
    sim, _handout, guide = english
    numbers = paper_numbers(sim, 7)
    rows = key_rows(guide, "Section")
    assert rows[0] == ["Section", "Reply", "→", "Points", "Feedback"]
    by_section = key_by_section(rows)
    assert sorted(by_section) == list(range(1, len(sim.steps) + 1))
    for step in sim.steps:
        got = by_section[numbers[step.name]]
        assert got[0][0] == f"{numbers[step.name]} · {step.name}"
        if step.end:
            assert got == [[got[0][0], f"Outcome: {''.join(s.text for s in step.outcome)}", "End", "", ""]]
            continue
        assert [r[1:] for r in got] == [
            [f"{'ABC'[k]}. {''.join(s.text for s in r.text)}", f"→ {numbers[r.target]}",
             f"{r.score:+g}", "".join(s.text for s in r.feedback)] for k, r in enumerate(step.replies)]
    text = all_text(guide)
    best, worst = best_walk(sim), worst_walk(sim)
    assert best.steps == ("start", "listen", "good") and best.score == 4
    n = numbers
    assert f"Best path: 1A → {n['listen']}A → {n['good']} (4 points)" in text
    assert worst.score == -5
    assert f"Worst path: 1B → {n['angry']}B → {n['bad']} (-5 points)" in text
    assert "A learner's result: their points out of 4, as a percent (0 at the least)." in text
    assert "Key: points and feedback" in text


def test_the_guide_has_the_debrief_and_the_time(english) -> None:
    _sim, _handout, guide = english
    d = docx_open(guide)
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    at = paras.index(("Heading 3", "Debrief · The third call"))
    assert paras[at + 1] == ("Normal", "Play the call 12 min, then debrief about 6 min")
    assert [t for _s, t in paras[at + 2:at + 6]] == [
        "Which reply did you pick first, and why?",
        "Where did the call turn better or worse, and what did the customer say then?",
        "Read the best path aloud: which of its replies will you use on your next real call?",
        "Which reply cost the most points, and what would you say instead?"]
    # the simulation's heading, then the key, then the debrief
    assert paras.index(("Heading 3", "Call simulation · The third call")) < at


# ---------------------------------------------------------------------------------------------
# End to end from the issue's Markdown: Chinese, Simplified and Traditional


@pytest.fixture(scope="module")
def chinese(tmp_path_factory) -> tuple[Path, Path]:
    root = write_course(tmp_path_factory.mktemp("zh") / "course", "zh-CN", EXAMPLE)
    out = tmp_path_factory.mktemp("zh-out")
    build(root, out, only=["handout", "guide"], jobs=1, use_cache=False)
    return root, out


def parsed_example(root: Path) -> Simulation:
    diags = Diagnostics()
    course = load(root, diags)
    return next(b for b in course.modules[0].slides[0].blocks if isinstance(b, Simulation))


def test_from_markdown_the_handout_and_the_guide_number_the_sections_alike(chinese) -> None:
    root, out = chinese
    sim = parsed_example(root)
    numbers = paper_numbers(sim, 7)
    handout, guide = (out / "handout.docx").read_bytes(), (out / "guide.docx").read_bytes()
    found = sections(handout, "第 {n} 段")
    assert found[1][:2] == ["客户", "我已经打了三次电话了!你们到底管不管?"]
    key = key_by_section(key_rows(guide, "段"))
    assert sorted(found) == sorted(key) == [1, 2, 3, 4, 5]
    for n, lines in found.items():
        step = next(s for s in sim.steps if numbers[s.name] == n)
        assert key[n][0][0] == f"{n} · {step.name}"
        if step.end:
            assert lines[-1] == "→ 通话结束" and key[n][0][2] == "结束"
            assert lines[-2] == key[n][0][1]  # the same outcome: "结局：..."
            continue
        # the same replies under the same number, in the same order, going to the same sections
        assert all(line.startswith("☐\t") for line in lines[2:])  # a box to tick the reply picked
        handout_replies = [line[2:].rsplit("  → ", 1) for line in lines[2:]]
        assert [[text, f"→ {to}"] for text, to in handout_replies] == [r[1:3] for r in key[n]]
        for (text, to), reply in zip(handout_replies, step.replies):
            assert int(to) == numbers[reply.target]
    text = all_text(guide)
    assert "最佳路径：1A → " in text and "（4 分）" in text
    assert "最差路径：1B → " in text and "（-5 分）" in text
    assert "不要纠正客户对事实的感受,先共情。" in text
    assert "不要纠正客户对事实的感受" not in all_text(handout)
    assert "复盘 · 第三次来电的车主" in text and "第一步你选了哪个回复？为什么？" in text
    assert "从第 1 段开始。" in all_text(handout) and "你走过的路径" in all_text(handout)


def test_a_rebuild_numbers_the_sections_the_same(chinese, tmp_path) -> None:
    root, out = chinese
    again = tmp_path / "again"
    shutil.copytree(root, tmp_path / "copy")
    build(tmp_path / "copy", again, only=["handout", "guide"], jobs=1, use_cache=False)
    for name in ("handout.docx", "guide.docx"):
        assert cards((out / name).read_bytes()) == cards((again / name).read_bytes())
    assert sections((out / "handout.docx").read_bytes(), "第 {n} 段") == \
        sections((again / "handout.docx").read_bytes(), "第 {n} 段")


def test_another_seed_shuffles_but_keeps_the_start_at_one(chinese, tmp_path) -> None:
    root, _out = chinese
    sim = parsed_example(root)
    seeds = {s: paper_numbers(sim, s) for s in range(8)}
    assert len({tuple(sorted(v.items())) for v in seeds.values()}) > 1
    seed = next(s for s, v in seeds.items() if v != seeds[7])
    other = write_course(tmp_path / "course", "zh-CN", EXAMPLE, seed=seed)
    build(other, tmp_path / "out", only=["handout"], jobs=1, use_cache=False)
    found = sections((tmp_path / "out" / "handout.docx").read_bytes(), "第 {n} 段")
    assert found[1][:2] == ["客户", "我已经打了三次电话了!你们到底管不管?"]
    numbers = seeds[seed]
    listen = found[numbers["listen"]]
    assert listen[:2] == ["客户", "定损员到现在都没来!"]


def test_traditional_chinese_words(tmp_path) -> None:
    root = write_course(tmp_path / "course", "zh-TW", TRADITIONAL)
    build(root, tmp_path / "out", only=["handout", "guide"], jobs=1, use_cache=False)
    handout = (tmp_path / "out" / "handout.docx").read_bytes()
    guide = (tmp_path / "out" / "guide.docx").read_bytes()
    found = sections(handout, "第 {n} 段")
    assert found[1][0] == "客戶"
    assert "從第 1 段開始。" in all_text(handout) and "你走過的路徑" in all_text(handout)
    assert any(line == "→ 通話結束" for lines in found.values() for line in lines)
    text = all_text(guide)
    assert "解答：得分與回饋" in text and "最佳路徑：1A → " in text and "最差路徑：" in text
    assert "不要糾正客戶對事實的感受，先同理。" in text and "對事實的感受" not in all_text(handout)
    assert "演練檢討 · 第三次來電的車主" in text and "第一步你選了哪一個回覆？為什麼？" in text
    assert key_rows(guide, "段")[0] == ["段", "所選回覆", "→", "得分", "回饋"]


def test_the_documents_pass_openxml_audit(english, chinese, tmp_path) -> None:
    from test_schema import findings

    _sim, handout, guide = english
    for name, data in (("handout.docx", handout), ("guide.docx", guide)):
        path = tmp_path / name
        path.write_bytes(data)
        assert findings(path) == []
    _root, out = chinese
    for name in ("handout.docx", "guide.docx"):
        assert findings(out / name) == []


# ---------------------------------------------------------------------------------------------
# A real consumer


def test_libreoffice_prints_the_sections_and_the_key(chinese, tmp_path) -> None:
    root, out = chinese
    numbers = paper_numbers(parsed_example(root), 7)
    handout = pdf_text(to_pdf(out / "handout.docx", tmp_path))
    guide = pdf_text(to_pdf(out / "guide.docx", tmp_path))
    flat = re.sub(r"\s+", "", handout)
    for n in range(1, 6):
        assert f"第{n}段" in flat
    assert f"我现在就联系定损员,2小时内给您回电。→{numbers['good']}" in flat
    assert "→通话结束" in flat and "你走过的路径" in flat and "合计" in flat
    assert not re.search(r"[+-]\d", handout)
    flat = re.sub(r"\s+", "", guide)
    assert f"最佳路径：1A→{numbers['listen']}A→{numbers['good']}（4分）" in flat
    assert "不要纠正客户对事实的感受,先共情。" in flat.replace("，", ",")
    assert "+2" in guide and "-3" in guide


def test_the_branch_map_stands_between_the_simulation_heading_and_the_key(english) -> None:
    _sim, _handout, guide = english
    kinds = []
    for el in body_of(guide):
        text = _p_text(el) if el.tag == w("p") else ""
        if el.tag == w("p") and text == "Call simulation · The third call":
            kinds.append("heading")
        elif el.tag == w("p") and el.find(".//w:drawing", NS) is not None:
            kinds.append("map")
        elif el.tag == w("tbl") and _p_text(el.find(".//w:p", NS)) == "Key: points and feedback":
            kinds.append("key")
    assert kinds == ["heading", "map", "key"]
