"""Slides that fill, and never spill (issue 12): text is measured with the real advance widths of
the deck's fonts (trainerkit/fonts.py, from templates/font-widths.json), a slide continues only
when the rest does not fit, and LibreOffice's rendering shows it: every slide that continues is
at least 70% full down its body, and no slide's text runs past its body.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from trainerkit import fonts
from trainerkit.build import build

from conftest import FIXTURES, IN_CI, ROOT, SOURCES, need_file, need_tool, to_pdf
from extents import slide_extents
from readback import pptx_footer_kind, pptx_layouts, pptx_notes, pptx_open, pptx_titles

LONG = FIXTURES / "long-slides"
FONT_FILES = {
    "Carlito-Regular.ttf": "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "Carlito-Bold.ttf": "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",
    "LiberationSans-Regular.ttf": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
}


def font_file(name: str) -> Path:
    return need_file(FONT_FILES[name], "fonts-crosextra-carlito fonts-liberation2")


def advance(path: Path, text: str) -> float:
    """The width of text in em, summed from the font's own hmtx table (fontTools)."""
    fonttools = pytest.importorskip("fontTools.ttLib") if not IN_CI else __import__("fontTools.ttLib").ttLib
    font = fonttools.TTFont(str(path))
    cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
    return sum(hmtx[cmap[ord(ch)]][0] for ch in text) / font["head"].unitsPerEm


# -- the width table -------------------------------------------------------------------------------


def test_the_shipped_width_table_is_what_the_fonts_say():
    """Regenerating templates/font-widths.json from the installed open fonts gives the shipped
    file: the table was read from the fonts, not typed in."""
    for name in FONT_FILES:
        font_file(name)
    if not list(Path("/usr/share/fonts").rglob("NotoSansCJK-Regular.ttc")):
        need_tool("fc-list")  # a laptop without fonts-noto-cjk skips, CI fails
        message = "fonts-noto-cjk is not installed (see .ci/run)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    spec = importlib.util.spec_from_file_location("make_font_widths", ROOT / "templates" / "make_font_widths.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    shipped = (ROOT / "templates" / "font-widths.json").read_text(encoding="utf-8")
    assert maker.dump(maker.build()) == shipped, "run python templates/make_font_widths.py and commit the file"


@pytest.mark.parametrize("typeface, file, bold", [
    ("Calibri", "Carlito-Regular.ttf", False),
    ("Calibri", "Carlito-Bold.ttf", True),
    ("Arial", "LiberationSans-Regular.ttf", False),
])
def test_widths_are_the_fonts_advance_widths(typeface, file, bold):
    text = "Thank you for calling Harbour Insurance, my name is Dana (ext. 1024) - how can I help?"
    want = advance(font_file(file), text)
    assert fonts.measure(typeface).width(text, bold=bold) == pytest.approx(want, abs=1e-9)


def test_cjk_is_full_width_hangul_a_little_less_and_unknown_faces_measure_as_arial():
    measure = fonts.measure("Calibri")
    assert measure.width("客户已经打了三次电话，。（）") == 14.0
    assert measure.width("한국") == pytest.approx(1.84)
    assert fonts.table_for("Calibri Light") == "carlito"
    assert fonts.table_for("Corporate Sans") == fonts.table_for("Arial") == "liberation-sans"
    assert fonts.measure("Consolas").width("x = 1", code=True) == pytest.approx(5 * 1229 / 2048)


# -- line breaking: worked examples -------------------------------------------------------------------


def test_latin_text_breaks_at_spaces_and_a_space_at_the_end_of_a_line_takes_no_room():
    measure = fonts.measure("Calibri")
    word = measure.width("claim")
    space = measure.width(" ")
    text = "claim claim claim claim"
    assert measure.lines(text, 2 * word + space) == 2  # two words a line; the space after the second hangs
    assert measure.lines(text, 2 * word + space - 0.01) == 4
    assert measure.lines(text, 4 * word + 3 * space) == 1
    assert measure.lines("claim\nclaim", 100) == 2  # a hard break
    long = "x" * 30
    assert measure.lines(long, measure.width("x" * 10)) == 3  # a word wider than the line breaks where it must


def test_cjk_text_breaks_anywhere_but_before_closing_or_after_opening_punctuation():
    measure = fonts.measure("Calibri")
    assert measure.lines("一二三四五六七八", 4) == 2
    # "，" may not start a line: "四，" moves down together, so the first line holds three
    units = measure.units((("一二三四，五六", False, False),))
    assert [round(w, 3) for w, _ in units] == [1, 1, 1, 2, 1, 1]
    assert measure.lines("一二三四，五六", 4) == 2 and measure.lines("一二三四，五六七八", 4) == 3
    # "（" may not end a line: it goes down with what it opens
    assert [round(w, 3) for w, _ in measure.units((("一二（三）", False, False),))] == [1, 1, 3]
    # Latin inside CJK text is a word of its own, breakable on both sides
    assert len(measure.units((("请按F5刷新", False, False),))) == 5


# -- the deck as LibreOffice draws it ------------------------------------------------------------------


def built_deck(source: Path, out: Path) -> Path:
    build(source, out, only=["deck"], use_cache=False)
    return out / "deck.pptx"


def continues(titles: list[str], k: int) -> bool:
    """Whether slide k (0-based) is followed by its own continuation."""
    if k + 1 >= len(titles) or not titles[k]:
        return False
    base = titles[k].split(" (cont.)")[0].split("（续）")[0]
    nxt = titles[k + 1]
    return nxt != titles[k] and nxt.startswith(base) and ("(cont.)" in nxt or "（续）" in nxt)


@pytest.mark.parametrize("name", ["long-slides", "complaint-handling", "starter-zh-CN", "starter-en"])
def test_every_slide_that_continues_is_well_filled_and_no_text_runs_past_its_body(name, tmp_path):
    need_tool("soffice")
    need_tool("pdftotext")
    source = LONG if name == "long-slides" else SOURCES[name]
    pptx = built_deck(source, tmp_path / "out")
    pdf = to_pdf(pptx, tmp_path)
    titles = pptx_titles(pptx.read_bytes())
    extents = {e.number: e for e in slide_extents(pptx, pdf)}
    assert extents, "no slide with a body was found"
    past = [(e.number, e.title, round(e.past, 1)) for e in extents.values() if e.past > 2.0]
    assert past == [], "text runs past the body of these slides (number, title, points)"
    thin = [(k + 1, titles[k], round(extents[k + 1].fullness, 2)) for k in range(len(titles))
            if continues(titles, k) and k + 1 in extents and extents[k + 1].fullness < 0.70]
    assert thin == [], "these slides continue on the next one but are less than 70% full"
    if name == "long-slides":
        assert sum(continues(titles, k) for k in range(len(titles))) >= 4  # the fixture does continue


def test_an_english_script_of_18_turns_takes_three_full_slides_not_five(tmp_path):
    titles = pptx_titles(built_deck(LONG, tmp_path / "out").read_bytes())
    script = [t for t in titles if t.startswith("A claims call")]
    assert script == ["A claims call, turn by turn"] + ["A claims call, turn by turn (cont.)"] * 2


def test_a_section_too_long_for_its_slide_goes_on_content_slides_under_its_title(tmp_path):
    talk = tmp_path / "talk.md"
    items = "\n".join(f"- Point {i}: take ownership of the delay and say what went wrong plainly" for i in range(14))
    talk.write_text(f"---\ntitle: Sections\n---\n\n# A section with a lot to say\n\n{items}\n\n"
                    "::: notes\nSection notes.\n:::\n\n# A short section\n\nOne line under it.\n",
                    encoding="utf-8")
    prs = pptx_open(built_deck(talk, tmp_path / "out").read_bytes())
    titles, layouts = pptx_titles(prs), pptx_layouts(prs)
    assert titles[1:] == ["A section with a lot to say", "A section with a lot to say",
                          "A section with a lot to say (cont.)", "A short section"]
    assert layouts[1:] == ["Section Header", "Title and Content", "Title and Content", "Section Header"]
    slides = list(prs.slides)
    assert pptx_notes(slides[1]) == "Section notes." and pptx_notes(slides[2]) == ""
    body = [sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame and sh != slides[1].shapes.title
            and pptx_footer_kind(sh) is None]
    assert not any(body)  # the section slide holds its title only (and its slide number)
    assert "A short section" == titles[4] and "One line under it." in "".join(
        sh.text_frame.text for sh in slides[4].shapes if sh.has_text_frame)


# -- continuation titles in the module's language ---------------------------------------------------------


def two_language_course(tmp_path: Path, language: str, own_labels: str = "") -> Path:
    root = tmp_path / "course"
    shutil.copytree(LONG, root)
    (root / "course.yml").write_text(f"title: Two languages\nlanguage: {language}\noutputs: [deck]\n",
                                     encoding="utf-8")
    if own_labels:
        (root / "templates").mkdir()
        (root / "templates" / "labels.yml").write_text(own_labels, encoding="utf-8")
    return root


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_continuation_titles_follow_each_modules_language(tmp_path, language):
    titles = pptx_titles(built_deck(two_language_course(tmp_path, language), tmp_path / "out").read_bytes())
    later = [t for t in titles if "(cont.)" in t or "（续）" in t]
    assert "A claims call, turn by turn (cont.)" in later and "示范通话（续）" in later
    assert not any(t.startswith("A claims") and "（续）" in t for t in later)
    assert not any(t.startswith("示范通话") and "(cont.)" in t for t in later)


def test_a_courses_own_english_label_titles_its_english_module(tmp_path):
    own = "en:\n  continued: (continued)\n"
    course = two_language_course(tmp_path, "zh-CN", own)
    titles = pptx_titles(built_deck(course, tmp_path / "out").read_bytes())
    assert "A claims call, turn by turn (continued)" in titles and "示范通话（续）" in titles


def test_the_fixture_is_what_the_test_says():
    """The long-slides fixture's English script has 18 turns (the issue's case)."""
    text = (LONG / "modules" / "01-english.md").read_text(encoding="utf-8")
    script = text.split("::: script")[1].split(":::")[0]
    assert sum(1 for line in script.splitlines()[1:] if line.lstrip("!").split(":")[0] in ("Agent", "Customer")) == 18
