"""Quick-reference cards, role-play cards and the guide's debriefs, read back from the sample."""

from __future__ import annotations

from pathlib import Path

from readback_docx import _p_text, docx_open, docx_outline, w

AGENT_BRIEF = "你已通过工单看到前两次来电记录"


def cards(path: Path) -> list[list[str]]:
    """Per card sheet (a top-level table), the text of each card (cell), nested tables included."""
    body = docx_open(path.read_bytes()).element.body
    out = []
    for table in body.iterchildren(w("tbl")):
        cells = [tc for tr in table.iterchildren(w("tr")) for tc in tr.iterchildren(w("tc"))]
        texts = ["\n".join(_p_text(p) for p in tc.iter(w("p"))) for tc in cells]
        out.append([t for t in texts if t.strip()])
    return out


def test_quickref_collects_every_shortcuts_and_kb_block_by_module(sample_build: Path) -> None:
    outline = docx_outline((sample_build / "quickref.docx").read_bytes())
    assert outline[0][:3] == ("p", "Title", "投诉处理与标准话术 · 速查卡")
    headings = [x[2] for x in outline if x[0] == "p" and x[1] == "Heading 1"]
    assert headings and "知识库与系统快捷键" in headings
    sheets = [x for x in outline if x[0] == "table" and x[1] == "Card Sheet"]
    assert len(sheets) == len(headings)  # one sheet of cards per module that has any
    text = "\n".join(c for sheet in cards(sample_build / "quickref.docx") for c in sheet)
    for needle in ("CRM 快捷键", "Ctrl+K", "打开知识库搜索", "理赔报案要点", "出险时间、地点、经过"):
        assert needle in text, needle
    # Every card says which course and module it belongs to, for when it is cut out.
    for sheet in cards(sample_build / "quickref.docx"):
        for card in sheet:
            assert card.startswith("投诉处理与标准话术 · ")


def test_one_card_per_role_and_the_customer_never_sees_the_agent_brief(sample_build: Path) -> None:
    sheets = cards(sample_build / "roleplay.docx")
    assert len(sheets) == 2  # the sample's two scenarios
    for sheet in sheets:
        agent, customer, observer = sheet
        assert "\n坐席 · " in agent and "\n客户 · " in customer and "\n观察员 · " in observer
        assert "坐席须知" in agent and "坐席须知" not in customer and "坐席须知" not in observer
        assert "你的身份" in customer
        assert "☐" in observer and "复盘记录" in observer
    agent, customer, observer = sheets[0]
    assert AGENT_BRIEF in agent
    assert AGENT_BRIEF not in customer and AGENT_BRIEF not in observer
    assert "45 岁" in customer and "45 岁" not in agent
    assert "是否先倾听再解释" in observer and "时间：10 分钟" in agent


def test_guide_has_the_debrief_and_the_handout_does_not(sample_build: Path) -> None:
    guide = "\n".join(str(x) for x in docx_outline((sample_build / "guide.docx").read_bytes()))
    for needle in ("复盘 · 愤怒的理赔客户", "演练 10 分钟，随后复盘约 5 分钟", "是否先倾听再解释",
                   "坐席：哪里做得好？", AGENT_BRIEF):
        assert needle in guide, needle
    handout = "\n".join(str(x) for x in docx_outline((sample_build / "handout.docx").read_bytes()))
    assert "复盘 · 愤怒的理赔客户" not in handout and "坐席：哪里做得好？" not in handout


def test_call_centre_blocks_in_the_documents(sample_build: Path) -> None:
    handout = docx_outline((sample_build / "handout.docx").read_bytes())
    tables = [rows for kind, _s, rows in handout if kind == "table"]
    script = next(t for t in tables if any("为保障服务质量，本次通话将被录音。" in c for r in t for c in r))
    assert all(len(r) == 2 for r in script)  # speaker | words
    verbatim_row = next(r for r in script if "本次通话将被录音" in r[1])
    assert "必须逐字" in " ".join(verbatim_row) and "!" not in verbatim_row[0]
    phrases = next(t for t in tables if any("这不归我们管" in c for r in t for c in r))
    assert "不说" in phrases[0][0] and "要说" in phrases[0][1]
    texts = [x[2] for x in handout if x[0] == "p"]
    assert any("Hear" in t and "倾听" in t for t in texts)  # the model's steps, numbered


def test_module_quizzes_in_the_documents_answers_only_for_the_facilitator(sample_build: Path) -> None:
    for name, answers in (("handout.docx", False), ("guide.docx", True)):
        text = "\n".join(str(x) for x in docx_outline((sample_build / name).read_bytes()))
        assert "1. 以下哪一句必须一字不改地说出？" in text and "B. 为保障服务质量，本次通话将被录音" in text
        assert ("1. B. 为保障服务质量，本次通话将被录音" in text) == answers, name


def test_a_call_simulation_on_a_kb_card_is_printed_on_it_as_on_paper(tmp_path: Path) -> None:
    """Nothing a trainer wrote in a card is left off it: a simulation there gets its paper
    version (numbered sections, a box to tick per reply, the path table), as in the handout,
    and never the replies' points."""
    from trainerkit.build import build

    (tmp_path / "modules").mkdir()
    (tmp_path / "course.yml").write_text(
        "title: KB\nlanguage: zh-CN\nmodules: [modules/01.md]\noutputs: [quickref]\n", encoding="utf-8")
    (tmp_path / "modules" / "01.md").write_text(
        "---\ntitle: 模块\nduration: 10\nobjectives:\n  - 核实身份\n---\n# 模块\n\n## 卡片\n\n"
        ":::: kb 理赔要点\n- 先核实身份\n\n::: simulation 来电\n[start]\n客户: 您好，我要报案\n"
        "* 您好，请问出险时间？ -> [good] +2\n* 等一下。 -> [good] -1\n[good] end\n结局: 客户满意。\n:::\n::::\n",
        encoding="utf-8")
    build(tmp_path, tmp_path / "out", use_cache=False)
    (card,) = [c for sheet in cards(tmp_path / "out" / "quickref.docx") for c in sheet]
    for needle in ("理赔要点", "先核实身份", "来电", "您好，我要报案", "A. 您好，请问出险时间？", "B. 等一下。",
                   "客户满意"):
        assert needle in card, (needle, card)
    assert "+2" not in card and "-1" not in card
