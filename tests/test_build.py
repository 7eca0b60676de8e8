"""The whole road, as a trainer takes it: a course folder in, three files out, read back."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from docx import Document as open_docx
from pptx import Presentation

from trainerkit import __version__
from trainerkit.build import build
from trainerkit.cli import main

from conftest import COURSES, FIXTURES, outputs_in, pdf_text, to_pdf

SAMPLE = COURSES / "complaint-handling"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def slide_titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in prs.slides]


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def docx_text(path: Path) -> str:
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_sample_course_builds_every_output(sample_build: Path) -> None:
    names = set(outputs_in(sample_build))
    assert {"deck.pptx", "guide.docx", "handout.docx", "quickref.docx", "roleplay.docx"} <= names


def test_deck_structure(sample_build: Path) -> None:
    prs = Presentation(str(sample_build / "deck.pptx"))
    slides = list(prs.slides)
    titles = slide_titles(prs)
    assert len(slides) >= 20
    # Title slide, then the agenda with every module, its duration and the total.
    assert titles[0] == "投诉处理与标准话术"
    assert slides[0].slide_layout.name == "Title Slide"
    assert "新员工培训 · 第二周" in slide_text(slides[0])
    assert titles[1] == "议程"
    agenda = slide_text(slides[1])
    for needle in ("开场白与身份核实", "投诉处理与 HEARD 模型", "40 分钟", "合计", "220 分钟"):
        assert needle in agenda, needle
    # Each module opens with its objectives, then its sections and slides.
    opening = slides[titles.index("开场白与身份核实")]
    assert "学习目标" in slide_text(opening)
    assert "按“三要素”规则完成客户身份核实" in slide_text(opening)
    assert "本模块对应来电流程的第 1–3 步" in slide_text(opening)  # content before the first heading
    section = slides[titles.index("为什么开场白重要")]
    assert section.slide_layout.name == "Section Header"
    assert titles.index("开场白与身份核实") < titles.index("为什么开场白重要") < titles.index("前 10 秒决定什么")
    comparison = slides[titles.index("好的开场 vs 常见问题")]
    assert comparison.slide_layout.name == "Comparison"


def test_deck_bullets_levels_and_notes(sample_build: Path) -> None:
    prs = Presentation(str(sample_build / "deck.pptx"))
    slide = next(s for s in prs.slides if s.shapes.title is not None
                 and s.shapes.title.text_frame.text == "前 10 秒决定什么")
    paragraphs = [(p.text, p.level) for shape in slide.placeholders if shape.has_text_frame
                  and shape.placeholder_format.idx != 0 for p in shape.text_frame.paragraphs]
    assert ("客户在前 10 秒形成对整通电话的印象", 0) in paragraphs
    assert ("语速：每分钟 180–220 字", 1) in paragraphs
    assert "播放两段录音" in notes_of(slide)
    # Trainer-only and handout-only text never reaches the room.
    everything = "\n".join(slide_text(s) + notes_of(s) for s in prs.slides)
    assert "质检扣分项最集中" not in everything  # a ::: trainer block


def test_deck_runs_carry_language_and_east_asian_font(sample_build: Path) -> None:
    prs = Presentation(str(sample_build / "deck.pptx"))
    cjk_runs = 0
    for slide in prs.slides:
        for r in slide.shapes._spTree.iter(f"{A}r"):
            text = r.find(f"{A}t").text or ""
            rpr = r.find(f"{A}rPr")
            assert rpr is not None and rpr.get("lang"), f"run without language: {text!r}"
            if any("\u4e00" <= ch <= "\u9fff" for ch in text):
                cjk_runs += 1
                assert rpr.get("lang") == "zh-CN", text
                ea = rpr.find(f"{A}ea")
                assert ea is not None and ea.get("typeface"), f"no East Asian font on {text!r}"
    assert cjk_runs > 50


def test_handout_has_content_but_no_notes_or_trainer_blocks(sample_build: Path) -> None:
    text = docx_text(sample_build / "handout.docx")
    assert "前 10 秒决定什么" in text and "客户在前 10 秒形成对整通电话的印象" in text
    assert "播放两段录音" not in text  # speaker notes
    assert "质检扣分项最集中" not in text  # trainer block
    doc = open_docx(str(sample_build / "handout.docx"))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "为什么开场白重要" in headings


def test_guide_has_agenda_notes_and_trainer_blocks(sample_build: Path) -> None:
    text = docx_text(sample_build / "guide.docx")
    for needle in ("议程", "合计", "09:40", "播放两段录音", "质检扣分项最集中", "讲师备注", "前 10 秒决定什么"):
        assert needle in text, needle


def test_every_format_example_builds_with_a_corporate_4_3_template(tmp_path: Path) -> None:
    course = FIXTURES / "format-examples"
    result = build(course, tmp_path)
    assert {"deck.pptx", "handout.docx", "guide.docx"} <= set(result.files)
    prs = Presentation(str(tmp_path / "deck.pptx"))
    theme = Presentation(str(course / "templates" / "reference.pptx"))
    assert (prs.slide_width, prs.slide_height) == (theme.slide_width, theme.slide_height)
    assert "第一印象" in " ".join(slide_titles(prs))


def test_deck_and_handout_convert_with_libreoffice(sample_build: Path, tmp_path: Path) -> None:
    for name, needles in (("deck.pptx", ["投诉处理与标准话术", "前 10 秒决定什么"]),
                          ("handout.docx", ["开场白与身份核实", "客户在前 10 秒形成对整通电话的印象"])):
        text = pdf_text(to_pdf(sample_build / name, tmp_path))
        squashed = "".join(text.split())
        for needle in needles:
            assert "".join(needle.split()) in squashed, (name, needle)


# -- the command line --------------------------------------------------------------------------


def test_cli_builds_into_default_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", str(COURSES / "hello")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "hello" / "deck.pptx").is_file()
    assert "Built deck.pptx, guide.docx, handout.docx in" in result.output  # hello has no cards


def test_only_builds_the_named_outputs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(COURSES / "hello"), "-o", str(tmp_path),
                                       "--only", "deck"])
    assert result.exit_code == 0, result.output
    assert list(outputs_in(tmp_path)) == ["deck.pptx"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(tmp_path / "nope")]).exit_code == 2
    bad = runner.invoke(main, ["build", str(COURSES / "hello"), "--only", "dekc"])
    assert bad.exit_code == 2 and "unknown output dekc" in bad.output


def test_version_and_help() -> None:
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    for args in (["--help"], ["build", "--help"], ["check", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0 and "Usage:" in result.output


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "modules").mkdir(parents=True)
    (course / "course.yml").write_text("title: T\n", encoding="utf-8")
    module = course / "modules" / "01-a.md"
    module.write_text("---\ntitle: A\n---\n\n## One\n\n- x\n", encoding="utf-8")
    out = tmp_path / "out"
    build(course, out)
    before = outputs_in(out)
    sources = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    module.write_text("---\ntitle: A\nduration: soon\n---\n\n## One\n\n::: scirpt\n:::\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(course), "-o", str(out)])
    assert result.exit_code == 1
    assert "01-a.md:3: error:" in result.output and "01-a.md:8: error:" in result.output
    assert outputs_in(out) == before  # no temp folder left either
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file() and p != module} == \
        {p: b for p, b in sources.items() if p != module}


def test_output_folder_may_not_be_the_course(tmp_path: Path) -> None:
    course = tmp_path / "hello"
    shutil.copytree(COURSES / "hello", course)
    before = sorted(p for p in course.rglob("*"))
    for out in (course, course / "modules", tmp_path):
        result = CliRunner().invoke(main, ["build", str(course), "-o", str(out)])
        assert result.exit_code == 1 and "output folder" in result.output
    assert sorted(p for p in course.rglob("*")) == before  # not even a cache was written there


def test_check_reports_clean_course() -> None:
    result = CliRunner().invoke(main, ["check", str(COURSES / "hello")])
    assert result.exit_code == 0 and "no errors" in result.output


def test_quiz_blocks_show_questions_on_the_slide_and_answers_in_the_notes(sample_build: Path) -> None:
    prs = Presentation(str(sample_build / "deck.pptx"))
    quiz = next(s for s in prs.slides if s.shapes.title is not None
                and s.shapes.title.text_frame.text == "随堂小测")
    text = slide_text(quiz)
    assert "1. 以下哪一句必须一字不改地说出？" in text and "B. 为保障服务质量，本次通话将被录音" in text
    notes = notes_of(quiz)
    assert "答案" in notes and "1. B. 为保障服务质量，本次通话将被录音" in notes
    assert "答案" not in text  # the room sees the questions, not the answers


def test_a_corporate_deck_made_in_chinese_powerpoint(tmp_path: Path) -> None:
    """Its layouts are called 标题幻灯片, 比较 ...: English and Chinese names both find them."""
    from trainerkit.render.pptx import STANDARD_LAYOUTS
    from trainerkit.resources import builtin

    course = tmp_path / "c"
    (course / "modules").mkdir(parents=True)
    (course / "templates").mkdir()
    prs = Presentation(str(builtin("reference.pptx")))
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            layout.name = STANDARD_LAYOUTS[layout._element.get("type")][1]
    prs.save(str(course / "templates" / "公司模板.pptx"))
    (course / "course.yml").write_text("title: 课程\nlanguage: zh-CN\ntheme:\n  pptx: templates/公司模板.pptx\n",
                                       encoding="utf-8")
    (course / "modules" / "01-a.md").write_text(
        "---\ntitle: 模块\n---\n\n# 一节\n\n## 对比 {layout=\"Comparison\"}\n\n:::: columns\n::: column\n左\n:::\n"
        "::: column\n右\n:::\n::::\n\n## 仅标题页 {layout=\"仅标题\"}\n\n## 错的 {layout=\"比叫\"}\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(course), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and 'unknown layout "比叫"; did you mean "比较"?' in result.output
    text = (course / "modules" / "01-a.md").read_text(encoding="utf-8").replace("比叫", "比较")
    (course / "modules" / "01-a.md").write_text(text, encoding="utf-8")
    build(course, tmp_path / "out")
    deck = Presentation(str(tmp_path / "out" / "deck.pptx"))
    layouts = {slide_titles(deck)[i]: s.slide_layout.name for i, s in enumerate(deck.slides)}
    assert layouts["课程"] == "标题幻灯片" and layouts["一节"] == "节标题"
    assert layouts["对比"] == "比较" and layouts["仅标题页"] == "仅标题" and layouts["错的"] == "比较"


def test_a_deck_without_the_layouts_trainerkit_needs_is_a_located_error(tmp_path: Path) -> None:
    from trainerkit.resources import builtin

    course = tmp_path / "c"
    shutil.copytree(COURSES / "hello", course)
    (course / "templates").mkdir(exist_ok=True)
    prs = Presentation(str(builtin("reference.pptx")))
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            layout.name = f"Corporate {layout.name}"
            layout._element.attrib.pop("type", None)
    prs.save(str(course / "templates" / "odd.pptx"))
    with open(course / "course.yml", "a", encoding="utf-8") as f:
        f.write("theme:\n  pptx: templates/odd.pptx\n")
    result = CliRunner().invoke(main, ["check", str(course)])
    assert result.exit_code == 1
    assert "odd.pptx: error: this deck lacks layouts trainerkit needs: Title Slide" in result.output


def test_the_guide_names_each_slide_by_its_number_in_the_deck(sample_build: Path) -> None:
    from readback_docx import docx_outline

    titles = slide_titles(Presentation(str(sample_build / "deck.pptx")))
    headings = [x[2] for x in docx_outline((sample_build / "guide.docx").read_bytes())
                if x[0] == "p" and x[1] == "Heading 2" and x[2].startswith("幻灯片 ")]
    assert len(headings) > 30
    spans = 0
    for heading in headings:
        number, title = heading[len("幻灯片 "):].split(" · ", 1)
        first, _, last = number.partition("–")
        shown = titles[int(first) - 1]
        # a simulation's slide ("模拟通话：第三次来电的车主") becomes its steps' slides, titled
        # by the simulation ("第三次来电的车主", "第三次来电的车主 · listen")
        assert shown == title or title.endswith(shown), heading
        if last:  # the content continues: the next slides are its "(续)", or the steps
            spans += 1
            assert all(titles[k - 1].startswith(shown) for k in range(int(first), int(last) + 1))
    assert spans >= 1
