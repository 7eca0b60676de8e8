"""A language per module (issue 13): an English module of a Chinese course reads as English, a
Traditional one as Taiwanese Chinese, in every output; the agenda and covers stay in the
course's language. Read back with python-pptx and lxml."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from trainerkit.build import build

from readback import pptx_open, pptx_runs, pptx_title

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

MODULES = {
    "01-zh.md": """---
title: 开场白
duration: 20
objectives:
  - 使用标准开场白
---

## 标准开场白

::: script 开场
坐席: 您好，很高兴为您服务。
!坐席: 本次通话将被录音。
客户: 我要查理赔。
:::
""",
    "02-en.md": """---
title: The English desk
language: en
duration: 30
objectives:
  - Greet an English-speaking caller
---

## Greeting

::: script Opening
Agent: Good morning, how can I help?
!Agent: This call is recorded.
Customer: I need to check my claim.
:::

::: roleplay A claim call
customer: An English-speaking customer
situation: Claim delayed
goal: Calm the customer
time: 10
observe:
  - Empathy first
:::
""",
    "03-tw.md": """---
title: 信用卡掛失
language: zh-TW
duration: 15
objectives:
  - 協助客戶完成掛失
---

## 掛失流程

- 確認客戶身分
- 立即停卡，避免盜刷
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    (root / "modules").mkdir()
    (root / "course.yml").write_text("title: 多语种课程\nlanguage: zh-CN\n", encoding="utf-8")
    for name, text in MODULES.items():
        (root / "modules" / name).write_text(text, encoding="utf-8")
    out = root / "out"
    build(root, out, use_cache=False)
    return out


def slides_of(out: Path) -> list:
    return list(pptx_open((out / "deck.pptx").read_bytes()).slides)


def text_of(slide) -> str:
    return " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def docx_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_each_modules_slides_speak_its_language(built):
    slides = slides_of(built)
    by_title = {pptx_title(s): s for s in slides}
    assert "学习目标" in text_of(by_title["开场白"]) and "模块 1" in text_of(by_title["开场白"])
    english = text_of(by_title["The English desk"])
    assert "Learning objectives" in english and "Module 2 · Duration: 30 min" in english
    assert "学习目标" not in english and "分钟" not in english
    greeting = text_of(by_title["Greeting"])
    assert "verbatim" in greeting and "必须逐字" not in greeting  # the compliance badge
    assert "Situation" in greeting and "情境" not in greeting  # the scenario card
    assert "必须逐字" in text_of(by_title["标准开场白"])
    taiwan = text_of(by_title["信用卡掛失"])
    assert "學習目標" in taiwan and "单元" not in taiwan and "学习" not in taiwan
    assert "议程" in [pptx_title(s) for s in slides]  # the agenda stays in the course's language


def test_a_traditional_module_has_zh_TW_runs_in_JhengHei_and_the_rest_stay_zh_CN(built):
    slides = slides_of(built)
    tw = [r for s in slides if pptx_title(s) in ("信用卡掛失", "掛失流程") for r in pptx_runs(s)]
    cn = [r for s in slides if pptx_title(s) in ("开场白", "标准开场白") for r in pptx_runs(s)]
    en = [r for s in slides if pptx_title(s) in ("The English desk", "Greeting") for r in pptx_runs(s)]
    cjk = lambda runs: {(lang, face) for text, lang, face in runs if re.search("[\u4e00-\u9fff]", text)}  # noqa: E731
    assert cjk(tw) == {("zh-TW", "Microsoft JhengHei")}
    assert cjk(cn) == {("zh-CN", "Microsoft YaHei")}
    assert cjk(en) == set() and {lang for _, lang, _ in en} == {"en-US"}


@pytest.mark.parametrize("name", ["handout.docx", "guide.docx"])
def test_the_documents_tag_a_modules_runs_with_its_language(built, name):
    body = docx_xml(built / name)
    # the module's own part and the contents' entry of its title (the agenda, in the course's
    # language, is not the module's)
    tw_runs = [r for r in body.iter(f"{W}r") if re.search("盜刷|協助|掛失流程", "".join(r.itertext()))]
    assert tw_runs
    for r in tw_runs:
        lang = r.find(f"{W}rPr/{W}lang")
        fonts = r.find(f"{W}rPr/{W}rFonts")
        assert lang is not None and lang.get(f"{W}eastAsia") == "zh-TW"
        assert fonts is not None and fonts.get(f"{W}eastAsia") == "Microsoft JhengHei"
    zh_runs = [r for r in body.iter(f"{W}r") if "您好" in "".join(r.itertext())]
    assert zh_runs and all(r.find(f"{W}rPr/{W}lang") is None for r in zh_runs)  # the document's own
    text = "".join(body.itertext())
    assert "Learning objectives" in text and "学习目标" in text and "學習目標" in text


def test_the_guide_numbers_each_modules_slides_in_its_words(built):
    text = "".join(docx_xml(built / "guide.docx").itertext())
    assert re.search(r"幻灯片 \d+ · 标准开场白", text)
    assert re.search(r"Slide \d+ · Greeting", text)
    assert re.search(r"投影片 \d+ · 掛失流程", text)


def test_role_play_cards_follow_their_modules_language(built):
    text = "".join(docx_xml(built / "roleplay.docx").itertext())
    assert "Situation" in text and "情境" not in text


def test_an_english_module_without_language_reads_as_english(tmp_path):
    """No language: in its front matter: what it is written in decides."""
    root = tmp_path / "c"
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: 课程\nlanguage: zh-CN\noutputs: [deck]\n", encoding="utf-8")
    (root / "modules" / "01-en.md").write_text(MODULES["02-en.md"].replace("language: en\n", ""), encoding="utf-8")
    build(root, root / "out", use_cache=False)
    slides = slides_of(root / "out")
    assert "Learning objectives" in text_of(next(s for s in slides if pptx_title(s) == "The English desk"))
