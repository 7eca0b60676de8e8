"""Every .pptx and .docx trainerkit makes opens in PowerPoint and Word without a repair prompt:
each part of each file of the sample courses, the starters and the format examples passes
openxml-audit (the Open XML SDK's schema and semantic checks, plus the app checks Office
repairs for), and a slip such as a:tabLst before a:buNone is caught, named by file and part."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import COURSES, FIXTURES, IN_CI, ROOT, SOURCES

try:
    import openxml_audit
except ImportError:  # a laptop without the test extra skips; CI must have it
    if IN_CI:
        raise
    pytest.skip("openxml-audit is not installed (pip install .[test])", allow_module_level=True)

OFFICE = (".pptx", ".docx")
BLOCKS = "block-examples"  # every example of tests/fixtures/blocks that parses, one module each


def findings(path: Path) -> list[str]:
    """Every problem openxml-audit reports in one file, as `file: part: message` lines."""
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(path)
    return [f"{path.name}: {e.part_uri or '(package)'}: {e.severity.value}: {e.description}"
            + (f" (at {e.path})" if e.path else "") for e in result.errors]


def block_examples(course: Path) -> Path:
    """A course of the block fixtures' examples that parse without an error, one module each,
    so every block kind and its edge cases reach the writers."""
    from markdown_it.utils import read_fixture_file

    (course / "modules").mkdir(parents=True)
    (course / "course.yml").write_text("title: Block examples\n", encoding="utf-8")
    n = 0
    for fixture in sorted((FIXTURES / "blocks").glob("*.md")):
        for _, title, source, expected in read_fixture_file(fixture):
            if ": error:" in expected or "Recording " in expected:
                continue  # a recording's file is not there: test_recordings.py validates those
            if 'objective="opening.' in expected:
                continue  # a simulation assessing another module's objective: no such module here
            n += 1
            front = (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nduration: 10\n"
                     "objectives:\n  - see it\n  - use it\n---\n")
            (course / "modules" / f"{n:02d}-{fixture.stem}-{n}.md").write_text(
                front + source, encoding="utf-8")
    assert n >= 20, f"only {n} block examples parse"
    return course


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each source of the golden read-backs, and the block examples, built once for this module."""
    from trainerkit.build import build

    out = tmp_path_factory.mktemp("schema")
    sources = dict(SOURCES, **{BLOCKS: block_examples(out / "sources" / BLOCKS)})
    folders = {}
    for name, source in sources.items():
        build(source, out / name)
        folders[name] = out / name
    return folders


@pytest.mark.parametrize("source", sorted(SOURCES) + [BLOCKS])
def test_every_office_file_passes_the_validator(built, source):
    files = sorted(p for p in built[source].iterdir() if p.suffix in OFFICE)
    assert any(p.suffix == ".pptx" for p in files) and any(p.suffix == ".docx" for p in files), \
        f"{source} made no deck or no document: {[p.name for p in files]}"
    problems = [line for path in files for line in findings(path)]
    assert not problems, f"{source}: {len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("name", ["reference.pptx", "reference.docx"])
def test_the_builtin_references_pass_the_validator(name):
    """What every course starts from: make_reference_pptx.py's and make_reference_docx.py's files."""
    assert findings(ROOT / "templates" / name) == []


def rewrite_member(src: Path, dst: Path, name: str, edit) -> None:
    """A copy of an Office file with one zip member's text changed."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == name:
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)


def test_a_tab_list_before_bu_none_is_caught(built, tmp_path):
    """The slip of issue 12: a:tabLst before a:buNone in a:pPr (PowerPoint offers to repair)."""
    deck = built["complaint-handling"] / "deck.pptx"
    with zipfile.ZipFile(deck) as z:
        slide = next(n for n in sorted(z.namelist())
                     if re.fullmatch(r"ppt/slides/slide\d+\.xml", n) and b"<a:buNone/>" in z.read(n))
    broken = tmp_path / "deck.pptx"
    rewrite_member(deck, broken, slide, lambda xml: xml.replace(
        "<a:buNone/>", '<a:tabLst><a:tab pos="914400" algn="l"/></a:tabLst><a:buNone/>', 1))
    problems = findings(broken)
    assert any(line.startswith(f"deck.pptx: /{slide}: error:") and "buNone" in line
               for line in problems), problems


def test_a_course_reference_without_theme_settings_or_fonts_still_makes_valid_documents(tmp_path):
    """A corporate reference.docx saved without a theme, settings or font table (parts every
    document of Word's has): the documents get the built-in's, so theme fonts resolve and Word
    finds nothing to repair."""
    from trainerkit.build import build
    from trainerkit.render.docx import builtin_template

    dropped = ("word/theme/theme1.xml", "word/settings.xml", "word/fontTable.xml")
    course = tmp_path / "hello"
    shutil.copytree(COURSES / "hello", course)
    (course / "templates").mkdir()
    reference = course / "templates" / "reference.docx"
    with zipfile.ZipFile(builtin_template("reference.docx")) as zin, \
            zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in dropped:
                continue
            if info.filename in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                data = re.sub(rb"<(Relationship|Override) [^>]*(theme|settings|fontTable)[^>]*/>",
                              b"", data)
            zout.writestr(info, data)
    with zipfile.ZipFile(reference) as z:
        assert not set(dropped) & set(z.namelist())
        assert not re.search(rb"theme|settings|fontTable", z.read("word/_rels/document.xml.rels"))
    yml = course / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8")
                   + "theme:\n  docx: templates/reference.docx\n", encoding="utf-8")
    out = tmp_path / "out"
    build(course, out)
    documents = sorted(out.glob("*.docx"))
    assert documents
    for path in documents:
        assert findings(path) == [], path.name
        with zipfile.ZipFile(path) as z:
            theme = next(n for n in z.namelist() if n.startswith("word/theme/"))
            assert b'<a:latin typeface="Calibri"/>' in z.read(theme)
