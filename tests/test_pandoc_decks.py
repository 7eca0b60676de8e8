"""A pandoc slide deck builds unchanged (issue 12): `trainerkit build talk.md`, read back with
python-pptx as the trainer's audience would see it."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from trainerkit.cli import main

PANDOC = Path(__file__).parent / "fixtures" / "pandoc"


def texts(slide) -> list[str]:
    """The text of every text shape of a slide, in order."""
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def build_file(folder: Path, name: str, monkeypatch, *args: str):
    """`trainerkit build <name>` run in folder, as a trainer would type it."""
    monkeypatch.chdir(folder)
    return CliRunner().invoke(main, ["build", name, *args])


def deck_folder(tmp_path: Path, name: str = "talk.md") -> Path:
    """A folder holding only the fixture deck file."""
    folder = tmp_path / "talks"
    folder.mkdir()
    shutil.copy(PANDOC / name, folder / name)
    return folder


def test_a_single_file_builds_into_build_of_its_stem_and_nothing_else(tmp_path, monkeypatch):
    folder = deck_folder(tmp_path)
    result = build_file(folder, "talk.md", monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert "build/talk/" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["build", "talk.md"]  # no course.yml made
    assert (folder / "build" / "talk" / "deck.pptx").is_file()
    again = build_file(folder, "talk.md", monkeypatch)
    assert again.exit_code == 0 and "Up to date" in again.stdout


def test_the_title_block_fills_the_title_slide_and_the_language(tmp_path, monkeypatch):
    folder = deck_folder(tmp_path)
    assert build_file(folder, "talk.md", monkeypatch).exit_code == 0
    prs = Presentation(str(folder / "build" / "talk" / "deck.pptx"))
    first = prs.slides[0]
    assert first.slide_layout.name == "Title Slide"
    shown = "\n".join(texts(first))
    for part in ("Handling an Angry Caller", "A ten-minute refresher", "Mei Lin, Sam Ortiz",
                 "2026-03-04"):
        assert part in shown
    assert prs.core_properties.title == "Handling an Angry Caller"
    assert 'lang="en-GB"' in first.shapes[0].text_frame._txBody.xml


def test_a_deck_without_objectives_is_the_deck_its_author_wrote(tmp_path, monkeypatch):
    folder = deck_folder(tmp_path)
    assert build_file(folder, "talk.md", monkeypatch).exit_code == 0
    prs = Presentation(str(folder / "build" / "talk" / "deck.pptx"))
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]
    assert titles == ["Handling an Angry Caller", "Listen first", "Then act"]  # no agenda, no opening
    assert "Ask the room" in prs.slides[2].notes_slide.notes_text_frame.text


def test_a_deck_with_objectives_keeps_its_agenda(tmp_path, monkeypatch):
    folder = deck_folder(tmp_path)
    text = (folder / "talk.md").read_text().replace("lang: en-GB\n", "lang: en-GB\nduration: 10\n"
                                                    "objectives:\n  - Calm a caller\n")
    (folder / "talk.md").write_text(text)
    assert build_file(folder, "talk.md", monkeypatch).exit_code == 0
    prs = Presentation(str(folder / "build" / "talk" / "deck.pptx"))
    assert len(prs.slides) > 3
    assert any("Calm a caller" in "\n".join(texts(s)) for s in prs.slides)


def test_text_before_the_first_slide_is_a_slide_of_its_own(tmp_path, monkeypatch):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "intro.md").write_text("---\ntitle: Intro\n---\n\nWelcome, everyone.\n\n## One\n\nText\n")
    assert build_file(folder, "intro.md", monkeypatch).exit_code == 0
    prs = Presentation(str(folder / "build" / "intro" / "deck.pptx"))
    assert any("Welcome, everyone." in "\n".join(texts(s)) for s in prs.slides)


def test_a_bad_lang_and_a_file_that_is_not_markdown_are_located_errors(tmp_path, monkeypatch):
    folder = deck_folder(tmp_path)
    (folder / "talk.md").write_text((folder / "talk.md").read_text().replace("en-GB", "English!"))
    result = build_file(folder, "talk.md", monkeypatch)
    assert result.exit_code == 1
    assert 'talk.md:8: error: "lang" must be a language tag' in result.stderr
    (folder / "notes.txt").write_text("hello")
    result = build_file(folder, "notes.txt", monkeypatch)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "notes.txt: error: build takes a course folder or a Markdown file" in result.stderr


def test_column_widths_reach_the_deck(tmp_path, monkeypatch):
    folder = deck_folder(tmp_path, "columns.md")
    assert build_file(folder, "columns.md", monkeypatch).exit_code == 0
    slide = Presentation(str(folder / "build" / "columns" / "deck.pptx")).slides[1]
    narrow = next(sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text == "Calm callers")
    wide = next(sh for sh in slide.shapes if sh.has_text_frame and "Angry" in sh.text_frame.text)
    assert narrow.left < wide.left
    assert abs(wide.width / narrow.width - 70 / 30) < 0.05


def test_column_widths_that_do_not_fit_are_located_errors(tmp_path, monkeypatch):
    folder = deck_folder(tmp_path, "columns.md")
    text = (folder / "columns.md").read_text()
    (folder / "columns.md").write_text(text.replace('width="70%"', 'width="80%"'))
    result = build_file(folder, "columns.md", monkeypatch)
    assert result.exit_code == 1
    assert "columns.md:7: error: the column widths add up to more than 100%" in result.stderr
    (folder / "columns.md").write_text(text.replace('width="70%"', 'width="wide"'))
    result = build_file(folder, "columns.md", monkeypatch)
    assert result.exit_code == 1
    assert 'columns.md:11: error: column attribute "width="wide"" is not understood' in result.stderr


def picture_deck(tmp_path: Path, attributes: str) -> Path:
    """A deck of one slide showing a 400 x 200 picture with the given attributes."""
    from PIL import Image as PILImage

    folder = tmp_path / "pics"
    folder.mkdir(exist_ok=True)
    PILImage.new("RGB", (400, 200), "navy").save(folder / "chart.png")
    (folder / "pics.md").write_text(f"---\ntitle: Pictures\n---\n\n## Chart\n\n"
                                    f"![The queue](chart.png){{{attributes}}}\n")
    return folder


def picture_size(folder: Path) -> tuple[int, int]:
    pic = next(sh for sh in Presentation(str(folder / "build" / "pics" / "deck.pptx")).slides[1].shapes
               if sh.shape_type == 13)  # MSO_SHAPE_TYPE.PICTURE
    return pic.width, pic.height


def test_image_sizes_in_every_unit_pandoc_takes(tmp_path, monkeypatch):
    cases = {"width=8cm": (8 * 360000, 4 * 360000), "width=3in": (3 * 914400, 1.5 * 914400),
             "width=200px": (200 * 9525, 100 * 9525), "width=10em": (10 * 152400, 5 * 152400),
             "height=2in": (4 * 914400, 2 * 914400), "width=4in height=1in": (4 * 914400, 914400)}
    for attributes, (w, h) in cases.items():
        folder = picture_deck(tmp_path, attributes)
        result = build_file(folder, "pics.md", monkeypatch)
        assert result.exit_code == 0, result.stderr
        assert "not used" not in result.stderr
        got = picture_size(folder)
        assert abs(got[0] - w) <= 9525 and abs(got[1] - h) <= 9525, (attributes, got)


def test_image_percentages_of_width_and_height(tmp_path, monkeypatch):
    folder = picture_deck(tmp_path, "width=50%")
    assert build_file(folder, "pics.md", monkeypatch).exit_code == 0
    half = picture_size(folder)
    folder = picture_deck(tmp_path, "height=30%")
    assert build_file(folder, "pics.md", monkeypatch).exit_code == 0
    low = picture_size(folder)
    assert abs(half[0] / half[1] - 2) < 0.01 and abs(low[0] / low[1] - 2) < 0.01
    assert low[1] < half[1]


def test_an_image_size_not_understood_is_a_located_error(tmp_path, monkeypatch):
    folder = picture_deck(tmp_path, "width=wide")
    result = build_file(folder, "pics.md", monkeypatch)
    assert result.exit_code == 1
    assert 'pics.md:7: error: image width "wide" must be a percentage' in result.stderr


P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def clicks(slide) -> list[list[tuple[int, int]]]:  # text builds only
    """The slide show's clicks on a slide: for each, the (shape id, paragraph) it shows."""
    timing = slide._element.find(f"{P}timing")
    if timing is None:
        return []
    main = next(c for c in timing.iter(f"{P}cTn") if c.get("nodeType") == "mainSeq")
    out = []
    for click in main.find(f"{P}childTnLst"):
        out.append([(int(t.get("spid")), int(t.find(f"{P}txEl/{P}pRg").get("st")))
                    for t in click.iter(f"{P}spTgt")])
    return out


def built_deck(tmp_path: Path, monkeypatch) -> Path:
    folder = deck_folder(tmp_path, "builds.md")
    result = build_file(folder, "builds.md", monkeypatch)
    assert result.exit_code == 0, result.stderr
    return folder / "build" / "builds"


def test_an_incremental_list_shows_item_by_item(tmp_path, monkeypatch):
    slide = Presentation(str(built_deck(tmp_path, monkeypatch) / "deck.pptx")).slides[1]
    body = next(sh for sh in slide.shapes if sh.has_text_frame and "Greet" in sh.text_frame.text)
    assert body.text_frame.text == "Greet the caller\nby name\nListen\nOffer a fix"
    # the nested item comes with its parent; each top-level item on its own click
    assert clicks(slide) == [[(body.shape_id, 0), (body.shape_id, 1)], [(body.shape_id, 2)],
                             [(body.shape_id, 3)]]
    builds = slide._element.findall(f"{P}timing/{P}bldLst/{P}bldP")
    assert [(int(b.get("spid")), b.get("build")) for b in builds] == [(body.shape_id, "p")]


def test_lists_are_not_incremental_unless_asked(tmp_path, monkeypatch):
    prs = Presentation(str(built_deck(tmp_path, monkeypatch) / "deck.pptx"))
    assert "All at once" in "\n".join(texts(prs.slides[2]))
    assert clicks(prs.slides[2]) == [] and clicks(prs.slides[0]) == []


def test_a_pause_is_a_click_and_never_printed(tmp_path, monkeypatch):
    from docx import Document as open_docx

    out = built_deck(tmp_path, monkeypatch)
    prs = Presentation(str(out / "deck.pptx"))
    slide = prs.slides[3]
    body = next(sh for sh in slide.shapes if sh.has_text_frame and "listen" in sh.text_frame.text)
    assert body.text_frame.text == "First we listen.\nThen we act.\nAnd we follow up."
    assert clicks(slide) == [[(body.shape_id, 1)], [(body.shape_id, 2)]]
    everything = "\n".join(t for s in prs.slides for t in texts(s))
    for name in ("handout.docx", "guide.docx"):
        doc = "\n".join(p.text for p in open_docx(str(out / name)).paragraphs)
        assert "Then we act." in doc and ". . ." not in doc
    assert ". . ." not in everything


def test_builds_pass_the_validator_and_libreoffice_reads_them(tmp_path, monkeypatch):
    import subprocess
    import zipfile

    from conftest import need_tool

    openxml_audit = __import__("pytest").importorskip("openxml_audit")
    deck = built_deck(tmp_path, monkeypatch) / "deck.pptx"
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(deck)
    assert not result.errors, [e.description for e in result.errors]
    soffice = need_tool("soffice")
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "odp", "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True,
                   timeout=180)
    content = zipfile.ZipFile(tmp_path / "deck.odp").read("content.xml").decode()
    assert content.count("<anim:set ") == 7  # 4 list paragraphs, 2 after pauses, a table
    assert content.count('presentation:node-type="on-click"') == 6


def test_a_table_after_a_pause_appears_on_the_click(tmp_path, monkeypatch):
    slide = Presentation(str(built_deck(tmp_path, monkeypatch) / "deck.pptx")).slides[4]
    table = next(sh for sh in slide.shapes if sh.has_table)
    timing = slide._element.find(f"{P}timing")
    targets = [(int(t.get("spid")), t.find(f"{P}txEl")) for t in timing.iter(f"{P}spTgt")]
    assert targets == [(table.shape_id, None)]  # the whole table, on the one click
    assert "The queue today:" in "\n".join(texts(slide))


def test_pandocs_percent_title_block_names_the_deck(tmp_path, monkeypatch):
    folder = tmp_path / "habits"
    folder.mkdir()
    (folder / "habits.md").write_text("% Habits\n% John Doe; Jane Roe\n% March 22, 2005\n\n"
                                      "## Getting up\n\n- Turn off alarm\n\n## Breakfast\n\n- Eat eggs\n")
    result = build_file(folder, "habits.md", monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert "no title" not in result.stderr
    prs = Presentation(str(folder / "build" / "habits" / "deck.pptx"))
    assert "\n".join(texts(prs.slides[0])).split("\n") == ["Habits", "John Doe, Jane Roe",
                                                           "March 22, 2005"]
    assert [s.shapes.title.text for s in list(prs.slides)[1:]] == ["Getting up", "Breakfast"]
    assert not any("%" in t for s in prs.slides for t in texts(s))


def test_a_deck_keeps_to_its_folder_as_a_course_does(tmp_path, monkeypatch):
    from PIL import Image as PILImage

    PILImage.new("RGB", (40, 20), "red").save(tmp_path / "outside.png")
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "talk.md").write_text("---\ntitle: T\n---\n\n## S\n\n![x](../outside.png)\n")
    result = build_file(folder, "talk.md", monkeypatch)
    assert result.exit_code == 1
    assert 'talk.md:7: error: image "../outside.png" is outside the course folder' in result.stderr
    (folder / "empty.md").write_text("\n\n")
    result = build_file(folder, "empty.md", monkeypatch)
    assert result.exit_code == 1
    assert "empty.md:1: error: this file is empty, so there is nothing to build" in result.stderr
    assert not (folder / "build" / "empty" / "deck.pptx").exists()


def test_a_deck_is_not_told_it_lacks_objectives_and_check_and_info_take_it(tmp_path, monkeypatch):
    """A pandoc deck has no front matter of a module: no "no objectives" or "no duration"
    warnings; `trainerkit check` and `trainerkit info` take the file as `build` does."""
    folder = deck_folder(tmp_path)
    built = build_file(folder, "talk.md", monkeypatch)
    assert built.exit_code == 0, built.stderr
    assert "no objectives" not in built.stderr and "no duration" not in built.stderr, built.stderr
    checked = CliRunner().invoke(main, ["check", "talk.md"])
    assert checked.exit_code == 0, checked.stderr
    assert "no objectives" not in checked.stderr and "no duration" not in checked.stderr
    info = CliRunner().invoke(main, ["info", "talk.md", "--format", "json"])
    assert info.exit_code == 0, info.stderr
    import json

    summary = json.loads(info.stdout)
    assert summary["slides"] >= 3 and len(summary["modules"]) == 1
