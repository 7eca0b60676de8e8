"""A training system's templates/ (issue 17): its reference deck and document restyle every
course, its labels and template overrides reach every course, and a course's own templates/
still wins over the system's. The decks and documents are read back."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from pptx import Presentation

from trainerkit.build import build
from trainerkit.resources import builtin

from test_system_build import write

MODULE = ("---\ntitle: Opening the call\nduration: 10\nobjectives:\n  - Greet the caller\n---\n"
          "# Opening\n\n## The greeting\n\n- Say your name and the company's\n")


def renamed_theme(source: Path, target: Path, name: str) -> None:
    """A copy of a reference deck or document whose theme is called name: what a corporate
    template's theme says it is, read back from the outputs."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("theme/theme1.xml"):
                text = data.decode("utf-8")
                start = text.index(' name="', text.index("<a:theme")) + len(' name="')
                data = (text[:start] + name + text[text.index('"', start):]).encode("utf-8")
            out.writestr(item, data)


def theme_name(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        text = z.read(part).decode("utf-8")
    start = text.index(' name="', text.index("<a:theme")) + len(' name="')
    return text[start:text.index('"', start)]


def system(tmp_path: Path) -> Path:
    root = write(tmp_path / "sys", {
        "trainerkit.yml": "title: Programme\nlanguage: en\noutputs: [deck, handout]\n",
        "library/opening.md": MODULE,
        "templates/labels.yml": "en:\n  agenda: Today's calls\n  objectives: What you will do\n",
        "courses/plain/course.yml": "title: Plain course\nmodules: [library/opening.md]\n",
        "courses/own/course.yml": "title: Own course\nmodules: [library/opening.md]\n",
        "courses/own/templates/labels.yml": "en:\n  agenda: Our day\n",
    })
    renamed_theme(builtin("reference.pptx"), root / "templates" / "reference.pptx", "Corporate deck")
    renamed_theme(builtin("reference.docx"), root / "templates" / "reference.docx", "Corporate document")
    return root


def titles(deck: Path) -> list[str]:
    return [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title is not None]


def test_the_systems_reference_deck_and_document_restyle_every_course(tmp_path):
    root = system(tmp_path)
    for name in ("plain", "own"):
        out = tmp_path / "out" / name
        build(root / "courses" / name, out, use_cache=False, jobs=1)
        assert theme_name(out / "deck.pptx", "ppt/theme/theme1.xml") == "Corporate deck"
        assert theme_name(out / "handout.docx", "word/theme/theme1.xml") == "Corporate document"
    # a course alone, outside any system, keeps the built-in ones
    alone = write(tmp_path / "alone", {"course.yml": "title: Alone\noutputs: [deck]\n",
                                       "modules/opening.md": MODULE})
    build(alone, tmp_path / "out-alone", use_cache=False, jobs=1)
    assert theme_name(tmp_path / "out-alone" / "deck.pptx", "ppt/theme/theme1.xml") != "Corporate deck"


def test_the_systems_labels_reach_every_course_and_a_courses_own_win(tmp_path):
    root = system(tmp_path)
    build(root / "courses" / "plain", tmp_path / "plain", use_cache=False, jobs=1)
    build(root / "courses" / "own", tmp_path / "own", use_cache=False, jobs=1)
    plain, own = titles(tmp_path / "plain" / "deck.pptx"), titles(tmp_path / "own" / "deck.pptx")
    assert "Today's calls" in plain and "Agenda" not in plain
    assert "Our day" in own and "Today's calls" not in own  # the course's own label wins
    # a label the course does not override still comes from the system's file
    opening = [s for s in Presentation(str(tmp_path / "own" / "deck.pptx")).slides
               if s.shapes.title is not None and s.shapes.title.text == "Opening the call"]
    text = " ".join(sh.text_frame.text for sh in opening[0].shapes if sh.has_text_frame)
    assert "What you will do" in text


def test_a_systems_template_override_and_a_courses_own(tmp_path):
    root = system(tmp_path)
    cover = builtin("handout-cover.md.j2").read_text(encoding="utf-8")
    write(root, {"templates/handout-cover.md.j2": "The programme's cover line\n\n" + cover})
    write(root, {"courses/own/templates/handout-cover.md.j2": "This course's own cover line\n\n" + cover})
    for name in ("plain", "own"):
        build(root / "courses" / name, tmp_path / name, use_cache=False, jobs=1)
    plain = "\n".join(p.text for p in Document(str(tmp_path / "plain" / "handout.docx")).paragraphs)
    own = "\n".join(p.text for p in Document(str(tmp_path / "own" / "handout.docx")).paragraphs)
    assert "The programme's cover line" in plain and "This course's own cover line" not in plain
    assert "This course's own cover line" in own and "The programme's cover line" not in own


def test_a_changed_system_template_rebuilds_its_courses(tmp_path):
    root = system(tmp_path)
    out = tmp_path / "plain"
    build(root / "courses" / "plain", out, jobs=1)
    assert build(root / "courses" / "plain", out, jobs=1).up_to_date
    write(root, {"templates/labels.yml": "en:\n  agenda: Calls of the day\n"})
    result = build(root / "courses" / "plain", out, jobs=1)
    assert not result.up_to_date
    assert "Calls of the day" in titles(out / "deck.pptx")
