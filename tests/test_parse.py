"""The parser: Markdown a trainer writes, into the model, with the lines it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainerkit.errors import Diagnostics
from trainerkit.model import (
    KB, Aside, BulletList, Code, Columns, Heading, Image, Model, Phrases, QuizSource,
    Quote, Roleplay, Script, Shortcuts, Table, plain,
)
from trainerkit.parse import parse_module
from trainerkit.parse.module import module_id


def parse(tmp_path: Path, text: str, name: str = "01-opening.md"):
    (tmp_path / "modules").mkdir(exist_ok=True)
    path = tmp_path / "modules" / name
    path.write_text(text, encoding="utf-8")
    diags = Diagnostics()
    return parse_module(path, text, tmp_path, diags), diags


def png(path: Path, size: tuple[int, int] = (40, 30)) -> None:
    from PIL import Image as Pillow

    path.parent.mkdir(parents=True, exist_ok=True)
    Pillow.new("RGB", size, "white").save(path)


FRONT = "---\ntitle: 开场白\nduration: 1h30m\nobjectives:\n  - 问候\n  - 核实身份\n---\n"


def test_front_matter_outline_and_intro(tmp_path):
    m, d = parse(tmp_path, FRONT + "Before any heading.\n\n# 为什么\n\nSection text.\n\n## 第一印象\n\n"
                 "- a\n\n## Second {layout=\"Two Content\"}\n\ntext\n")
    assert not d.items
    assert (m.id, m.title, m.duration, m.objectives) == ("opening", "开场白", 90, ("问候", "核实身份"))
    assert [plain(b.text) for b in m.intro] == ["Before any heading."]
    (section,) = m.sections
    assert section.title == "为什么" and section.loc.line == 10
    assert [plain(b.text) for b in section.blocks] == ["Section text."]
    assert [(s.title, s.layout, s.loc.line) for s in section.slides] == [
        ("第一印象", None, 14), ("Second", "Two Content", 18)]


def test_slides_before_a_section_sit_in_an_untitled_one(tmp_path):
    m, _ = parse(tmp_path, "## One\n\nx\n\n---\n\ny\n")
    (section,) = m.sections
    assert section.title is None
    assert [s.title for s in section.slides] == ["One", ""]  # a rule starts an untitled slide


def test_nested_and_numbered_lists_flatten_with_levels(tmp_path):
    m, _ = parse(tmp_path, "## S\n\n- a\n  - b **bold**\n    - c\n- d\n\n3. x\n4. y\n")
    bullets, numbered = m.sections[0].slides[0].blocks
    assert [(plain(i.text), i.level, i.ordered) for i in bullets.items] == [
        ("a", 0, False), ("b bold", 1, False), ("c", 2, False), ("d", 0, False)]
    assert any(s.bold and s.text == "bold" for s in bullets.items[1].text)
    assert [(i.number, i.ordered) for i in numbered.items] == [(3, True), (4, True)]


def test_inline_formatting_and_cjk_line_joins(tmp_path):
    m, _ = parse(tmp_path, "## S\n\n中文第一行\n第二行 **粗** *斜* `code` [link](https://x.org)\nand English\n")
    (para,) = m.sections[0].slides[0].blocks
    assert plain(para.text) == "中文第一行第二行 粗 斜 code link and English"
    kinds = {s.text: (s.bold, s.italic, s.code, s.link) for s in para.text}
    assert kinds["粗"] == (True, False, False, None)
    assert kinds["斜"] == (False, True, False, None)
    assert kinds["code"] == (False, False, True, None)
    assert kinds["link"] == (False, False, False, "https://x.org")


def test_table_image_quote_code(tmp_path):
    png(tmp_path / "images" / "flow.png")
    m, d = parse(tmp_path, "## S\n\n| 时限 | SLA |\n|:--|--:|\n| 首次响应 | 24h |\n\n"
                 "![呼叫流程](images/flow.png){width=60%}\n\n> 引用\n\n```text\nkb > search\n```\n")
    assert not d.errors, d.items
    table, image, quote, code = m.sections[0].slides[0].blocks
    assert isinstance(table, Table)
    assert [plain(c) for c in table.header] == ["时限", "SLA"]
    assert [[plain(c) for c in r] for r in table.rows] == [["首次响应", "24h"]]
    assert table.align == ("left", "right")
    assert isinstance(image, Image) and image.width == 0.6 and image.alt == "呼叫流程"
    assert image.path == (tmp_path / "images" / "flow.png").resolve()
    assert isinstance(quote, Quote) and plain(quote.blocks[0].text) == "引用"
    assert isinstance(code, Code) and code.text == "kb > search" and code.language == "text"


@pytest.mark.parametrize("src, phrase", [
    ("https://example.com/x.png", "remote images are not fetched"),
    ("../../../etc/x.png", "outside the course"),
    ("images/none.png", "does not exist"),
])
def test_bad_images_are_located_errors(tmp_path, src, phrase):
    _, d = parse(tmp_path, f"## S\n\ntext\n\n![x]({src})\n")
    (err,) = d.errors
    assert err.location.line == 5 and phrase in err.message


def test_bad_image_width(tmp_path):
    png(tmp_path / "a.png")
    for bad in ("300%", "wide", "0px", "9000in"):
        _, d = parse(tmp_path, f"![x](../a.png){{width={bad}}}\n")
        assert "percentage" in d.errors[0].message and "cm" in d.errors[0].message, bad


def test_image_sizes_in_pandoc_units(tmp_path):
    png(tmp_path / "a.png")
    m, d = parse(tmp_path, "## S\n\n![x](../a.png){width=10em height=2.5cm}\n")
    (image,) = m.slides[0].blocks
    assert not d.errors
    assert (image.width, image.width_emu, image.height, image.height_emu) == (None, 1524000, None, 900000)
    m, d = parse(tmp_path, "## S\n\n![x](../a.png){width=40% height=.5in}\n")
    (image,) = m.slides[0].blocks
    assert (image.width, image.height_emu) == (0.4, 457200)


def test_asides_and_columns(tmp_path):
    m, d = parse(tmp_path, "## S\n\n:::: columns\n::: column\nleft\n:::\n::: column\nright\n:::\n::::\n\n"
                 "::: notes\nsay this\n:::\n\n::: trainer\nwatch the clock\n:::\n\n"
                 "::: handout\nkeep this\n:::\n\n::: slides\nroom only\n:::\n")
    assert not d.errors
    columns, *asides = m.sections[0].slides[0].blocks
    assert isinstance(columns, Columns)
    assert [plain(c[0].text) for c in columns.columns] == ["left", "right"]
    assert [(a.kind, plain(a.blocks[0].text)) for a in asides] == [
        ("notes", "say this"), ("trainer", "watch the clock"), ("handout", "keep this"),
        ("slides", "room only")]
    assert all(isinstance(a, Aside) for a in asides)


def test_columns_need_two(tmp_path):
    _, d = parse(tmp_path, "## S\n\n:::: columns\n::: column\nleft\n:::\n::::\n")
    assert "two or more" in d.errors[0].message and d.errors[0].location.line == 3


def test_heading_inside_a_slide_and_bad_attributes(tmp_path):
    m, d = parse(tmp_path, "## S {layout=\"X}\n\n### Sub\n\n## T {colour=red}\n")
    assert isinstance(m.sections[0].slides[0].blocks[0], Heading)
    assert [e.location.line for e in d.errors] == [1, 5]
    assert "malformed" in d.errors[0].message and 'unknown heading attribute "colour"' in d.errors[1].message


def test_call_centre_blocks(tmp_path):
    text = """## S

::: script 理赔进度投诉
坐席: 您好,XX保险,工号 1024。
!坐席：为保障服务质量,本次通话将被录音。
客户: 我的理赔已经两周没人处理了!
而且没人回电话。
:::

::: phrases 话术
avoid: 这不归我们管。
say: 我来帮您联系负责的同事。
不说: You need to calm down.
说: I can hear how frustrating this has been.
:::

::: model HEARD
1. **Hear** 倾听:让客户把话说完
2. **Empathize** 共情:表达理解
:::

::: shortcuts CRM 快捷键
Ctrl+K: 打开知识库搜索
Ctrl+Shift+H: 客户历史工单
:::

::: kb 理赔报案要点
- 先问:出险时间、地点、经过
:::

::: roleplay 愤怒的理赔客户
customer: 45 岁,第三次来电
agent: 系统显示材料已齐
situation: 车险理赔已两周未处理
goal: 给出明确的处理时限
time: 10
observe:
- 是否先倾听再解释
- 是否使用共情话术
:::

```quiz
1.  HEARD?
*a) yes
b)  no
```
"""
    m, d = parse(tmp_path, text)
    assert not d.errors, d.items
    script, phrases, model, shortcuts, kb, roleplay, quiz = m.sections[0].slides[0].blocks
    assert isinstance(script, Script) and script.title == "理赔进度投诉"
    assert [(t.speaker, t.verbatim, t.loc.line) for t in script.turns] == [
        ("坐席", False, 4), ("坐席", True, 5), ("客户", False, 6)]
    assert plain(script.turns[2].text) == "我的理赔已经两周没人处理了!\n而且没人回电话。"
    assert isinstance(phrases, Phrases)
    assert [(plain(p.avoid), plain(p.say)) for p in phrases.pairs] == [
        ("这不归我们管。", "我来帮您联系负责的同事。"),
        ("You need to calm down.", "I can hear how frustrating this has been.")]
    assert isinstance(model, Model)
    assert [(s.label, plain(s.text)) for s in model.steps] == [
        ("Hear", "倾听:让客户把话说完"), ("Empathize", "共情:表达理解")]
    assert isinstance(shortcuts, Shortcuts)
    assert [(s.keys, plain(s.action)) for s in shortcuts.items] == [
        ("Ctrl+K", "打开知识库搜索"), ("Ctrl+Shift+H", "客户历史工单")]
    assert isinstance(kb, KB) and isinstance(kb.blocks[0], BulletList)
    assert isinstance(roleplay, Roleplay)
    assert (roleplay.customer, roleplay.agent, roleplay.time) == ("45 岁,第三次来电", "系统显示材料已齐", 10)
    assert roleplay.observe == ("是否先倾听再解释", "是否使用共情话术")
    assert isinstance(quiz, QuizSource) and quiz.first_line == 43 and "HEARD?" in quiz.text


@pytest.mark.parametrize("body, line, phrase", [
    ("::: script\n没有说话人的一句话\n坐席: 您好\n:::", 4, "no speaker"),
    ("::: phrases\navoid: 这不归我们管。\navoid: 再说一遍\nsay: ok\n:::", 4, "without its"),
    ("::: roleplay x\nmood: angry\n:::", 4, 'unknown role-play key "mood"'),
    ("::: scirpt\nx\n:::", 3, 'did you mean "script"'),
    ("::: model\n- not numbered\n:::", 4, "numbered list"),
])
def test_call_centre_block_errors(tmp_path, body, line, phrase):
    _, d = parse(tmp_path, "## S\n\n" + body + "\n")
    assert any(e.location.line == line and phrase in e.message for e in d.errors), d.items


def test_front_matter_errors_are_located(tmp_path):
    _, d = parse(tmp_path, "---\ntitle: x\ndurtion: 30\nduration: soon\nobjectives: {a: 1}\n---\n")
    assert [(e.location.line, e.message.split(";")[0]) for e in d.errors] == [
        (3, 'unknown key "durtion" in the front matter'),
        (4, '"duration" must be minutes, like 30, "45m" or "1h30m"'),
        (5, '"objectives" must be a list, one item a line starting with "- "'),
    ]
    assert 'did you mean "duration"' in d.errors[0].message


@pytest.mark.parametrize("name, expected", [
    ("01-opening.md", "opening"), ("2_heard.md", "heard"), ("kb.md", "kb"), ("03-开场白.md", "开场白")])
def test_module_id_from_file_name(name, expected):
    assert module_id(Path(name)) == expected


def _png_cut_short(p: Path) -> None:
    png(p)
    p.write_bytes(p.read_bytes()[:20])  # its IHDR chunk cut: Pillow raises ValueError


def _bmp_of_unknown_compression(p: Path) -> None:
    from PIL import Image as Pillow

    Pillow.new("RGB", (4, 4)).save(p, "BMP")
    data = bytearray(p.read_bytes())
    data[30] = 104  # Pillow raises OSError("Unsupported BMP compression")
    p.write_bytes(bytes(data))


@pytest.mark.parametrize("make, phrase", [
    (lambda p: p.write_bytes(b"not a picture at all"), "not a picture"),
    (lambda p: p.write_text("<svg/>"), "SVG"),
    (_png_cut_short, "not a picture"),
    (_bmp_of_unknown_compression, "not a picture"),
])
def test_files_that_are_not_pictures(tmp_path, make, phrase):
    make(tmp_path / ("x.svg" if phrase == "SVG" else "x.png"))
    name = "x.svg" if phrase == "SVG" else "x.png"
    _, d = parse(tmp_path, f"![x](../{name})\n")
    assert phrase in d.errors[0].message


def test_decompression_bomb_is_refused_unread(tmp_path):
    # A 20000 x 20000 PNG of one colour is tiny on disk and 400 megapixels in memory.
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 20000, 20000, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (20000 // 8 + 1) * 20000)
    (tmp_path / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                                        + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
    _, d = parse(tmp_path, "![x](../bomb.png)\n")
    assert "pixels" in d.errors[0].message


def test_a_line_after_time_in_a_roleplay_is_an_error_not_a_crash(tmp_path):
    _, d = parse(tmp_path, "::: roleplay x\ntime: 10\nand some more\n:::\n")  # found by hypothesis
    assert [e.location.line for e in d.errors] == [3]


@pytest.mark.parametrize("value", ["!!bool maybe", "!!timestamp soon", "!!float _", "2020-13-45",
                                   "9" * 5000])
def test_front_matter_values_yaml_cannot_make_stay_text(tmp_path, value):
    """PyYAML's constructors raise KeyError, AttributeError, IndexError or ValueError on these; the
    value stays the text the trainer wrote."""
    m, d = parse(tmp_path, f"---\ntitle: {value}\n---\n\n## S\n")
    assert m.title == value.split(" ")[-1]
    assert not d.errors


# -- issue 12: nothing swallowed silently -------------------------------------------------------


def messages(d: Diagnostics, severity: str = "error") -> list[tuple[int, str]]:
    return [(x.location.line, x.message) for x in d.items if x.severity == severity]


def test_a_div_left_open_is_an_error_where_it_opened_and_nothing_more(tmp_path):
    _, d = parse(tmp_path, "---\ntitle: T\n---\n\n## A\n\n::: trainer\nsecret\n\n## B\n\nmore\n")
    assert messages(d) == [(7, '"::: trainer" never closes, so everything after it to the end of '
                               "the file goes into it; add a line ::: where it should end")]


def test_columns_left_open_say_so_without_follow_on_errors(tmp_path):
    _, d = parse(tmp_path, "## A\n\n:::: columns\n::: column\nx\n:::\n::: column\ny\n:::\n\n## B\n\nz\n")
    assert messages(d) == [(3, '":::: columns" never closes, so everything after it to the end of '
                               "the file goes into it; add a line :::: where it should end")]


@pytest.mark.parametrize("fence", ["```python", "~~~", "````"])
def test_a_code_fence_left_open_is_an_error(tmp_path, fence):
    _, d = parse(tmp_path, f"## A\n\n{fence}\nx = 1\n\n## B\n")
    close = fence.rstrip("python")
    assert messages(d) == [(3, f'"{fence}" never closes, so everything after it to the end of the '
                               f"file goes into it; add a line {close} where it should end")]


def test_a_fence_left_open_in_a_list_names_the_list(tmp_path):
    _, d = parse(tmp_path, "## A\n\n- step\n\n  ```\n  code\n- next\n")
    assert messages(d) == [(5, '"```" never closes, so everything after it to the end of the list, '
                               "quote or block it sits in goes into it; add a line ``` where it "
                               "should end")]


def test_a_div_left_open_inside_another_names_the_block(tmp_path):
    _, d = parse(tmp_path, "## A\n\n::: trainer\n:::: handout\nx\n:::\n")
    assert messages(d) == [(4, '":::: handout" never closes, so everything after it to the end of '
                               "the list, quote or block it sits in goes into it; add a line :::: "
                               "where it should end")]


@pytest.mark.parametrize("text", [
    "> ```\n> code\n> ```\n\nafter\n",                       # in a quote
    "- a\n\n  ::: trainer\n  x\n  :::\n- b\n",                # in a list
    ":::: columns\n::: column\nx\n:::\n::: column\ny\n::::\n",  # the longer fence closes both
    "````\n```\nnot a fence\n```\n````\n",                    # a shorter fence is content
    "::: {.notes}\nx\n:::\n",
    "a\u2028line separator, which markdown-it does not break at\n\n```\ncode\n```\n",
    "```\r\nWindows line ends\r\n```\r\n",
])
def test_closed_fences_are_not_reported(tmp_path, text):
    _, d = parse(tmp_path, "---\ntitle: T\n---\n\n## A\n\n" + text)
    assert not [m for _, m in messages(d) if "never closes" in m]


def test_a_front_matter_left_open_is_named_once_at_line_1(tmp_path):
    m, d = parse(tmp_path, "---\ntitle: 开场白\nobjectives:\n  - 问候\n\n## 第一印象\n\n- a\n")
    assert [str(x).split(": ", 1)[1] for x in d.items] == [
        "error: the front matter that starts with --- on this line never closes; add a line --- "
        "after its last line (line 4), before the module's content"]
    assert d.items[0].location.line == 1
    assert [s.title for s in m.sections[0].slides] == ["第一印象"]  # its lines made no slide


def test_a_rule_at_the_top_is_not_taken_for_a_front_matter(tmp_path):
    m, d = parse(tmp_path, "---\n\nA slide without a title.\n")
    assert not messages(d)


# -- Traditional Chinese keywords (issue 13) ------------------------------------------------------
# Every Traditional keyword of a block, as a Taiwanese trainer writes it, beside the Simplified one
# it stands for and the English key: each of the three makes the same block.

ROLEPLAY_KEYS = [  # (Traditional, Simplified, English)
    ("客戶", "客户", "customer"), ("坐席", "坐席", "agent"), ("專員", "专员", "agent"),
    ("專員", "坐席", "agent"), ("情境", "情境", "situation"), ("場景", "场景", "situation"),
    ("目標", "目标", "goal"), ("時間", "时间", "time"), ("時長", "时长", "time"),
    ("觀察", "观察", "observe"), ("觀察要點", "观察要点", "observe"),
]
PHRASES_KEYS = [
    ("不說", "不说", "avoid"), ("避免", "避免", "avoid"), ("禁用", "禁用", "avoid"),
    ("說", "说", "say"), ("推薦", "推荐", "say"), ("建議", "建议", "say"),
]


def block_with(key: str, english: str) -> str:
    """A block with one line written with key (which means the English key)."""
    if english in ("avoid", "say"):
        lines = f"{key}：這不歸我們管。\nsay: 我來查。" if english == "avoid" else \
            f"avoid: 不知道。\n{key}：我幫您查一下。"
        return f"## S\n\n::: phrases\n{lines}\n:::\n"
    value = {"time": "10", "observe": "是否先傾聽\n- 是否給出時限"}.get(english,
                                                                      "陳小姐，第二次來電")
    return f"## S\n\n::: roleplay 演練\n{key}：{value}\n:::\n"


def parsed_block(tmp_path: Path, text: str):
    m, d = parse(tmp_path, text)
    return m.sections[0].slides[0].blocks[0], [str(x) for x in d.items]


@pytest.mark.parametrize("traditional, simplified, english", ROLEPLAY_KEYS + PHRASES_KEYS,
                         ids=[f"{t}-{s}" for t, s, _ in ROLEPLAY_KEYS + PHRASES_KEYS])
def test_every_traditional_keyword_is_taken_as_its_simplified_and_english_one(
        tmp_path, traditional, simplified, english):
    block, problems = parsed_block(tmp_path, block_with(traditional, english))
    assert not [p for p in problems if ": error: " in p], problems
    assert (block, problems) == parsed_block(tmp_path, block_with(simplified, english))
    assert (block, problems) == parsed_block(tmp_path, block_with(english, english))
    if isinstance(block, Roleplay):  # the value went where the key says
        assert getattr(block, english) not in ("", (), None)


def test_every_chinese_keyword_is_taken_in_both_scripts():
    """Each Chinese key of the blocks, converted to the other script character by character, is a
    key too, with the same meaning: no Simplified key lacks its Traditional form, nor the other
    way round (Taiwan's own words, such as 專員, come on top)."""
    opencc = pytest.importorskip("opencc")
    from trainerkit.parse.phrases import AVOID, SAY
    from trainerkit.parse.roleplay import ALIASES

    tables = {"roleplay": ALIASES, "phrases": {**{k: "avoid" for k in AVOID}, **{k: "say" for k in SAY}}}
    missing = []
    for config in ("s2t", "t2s"):
        convert = opencc.OpenCC(config).convert
        for block, table in tables.items():
            for key, meaning in table.items():
                if not key.isascii() and table.get(convert(key)) != meaning:
                    missing.append(f"{block}: {convert(key)} ({key})")
    assert missing == []


def test_the_role_play_hints_list_the_keys_as_a_message_of_their_own():
    """The keys a role-play hint lists are one translatable message (its translations list the
    Chinese keys in the trainer's script), in the order of KEYS; each translation, where the
    catalogues have it, names keys the parser takes, in that order."""
    from trainerkit.messages import Msg
    from trainerkit.parse.roleplay import ALIASES, KEY_LIST, KEYS, unknown_key

    assert str(KEY_LIST).split(", ") == list(KEYS)
    assert unknown_key("心情").args["keys"] is KEY_LIST
    assert unknown_key("觀察點") == 'unknown role-play key "觀察點"; did you mean "觀察要點"?'
    for lang in ("zh-CN", "zh-TW"):
        shown = KEY_LIST.text(lang)
        if shown != str(KEY_LIST):
            assert [ALIASES.get(word) for word in shown.split("、")] == list(KEYS), (lang, shown)
    assert isinstance(unknown_key("mood"), Msg)
