"""A reference deck or document within the size limits can still be hostile: XML parts that
python-pptx and python-docx parse into trees twenty times their size (45 MB of small elements
took 990 MB), and damaged deflate data that used to surface as a zlib.error "This is a bug"."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from trainerkit import limits
from trainerkit.resources import builtin

from .conftest import assert_clean_failure, trainerkit, write_course

PARTS = {"pptx": "ppt/slideMasters/slideMaster1.xml", "docx": "word/styles.xml"}


def junk(size: int) -> bytes:
    """Small random elements, which deflate about 3:1 (under MAX_REFERENCE_RATIO)."""
    rnd = random.Random(1)
    out, n = [b"<junk>"], 0
    while n < size:
        e = b"<b%xa%d/>" % (rnd.randrange(16**6), rnd.randrange(999))
        out.append(e)
        n += len(e)
    out.append(b"</junk>")
    return b"".join(out)


def copy(kind: str, target: Path, change=None, extra=None) -> Path:
    """The built-in reference with change(name, data) applied to each member."""
    with zipfile.ZipFile(builtin(f"reference.{kind}")) as src, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            z.writestr(info.filename, change(info.filename, data) if change else data)
        if extra:
            extra(z)
    return target


def padded(name: str, size: int):
    """A change that puts size bytes of junk inside the root element of member name."""
    def change(member: str, data: bytes) -> bytes:
        if member != name:
            return data
        end = data.rfind(b"</")
        return data[:end] + junk(size) + data[end:]
    return change


def course_with(tmp_path: Path, kind: str) -> tuple[Path, Path]:
    course = write_course(tmp_path / "c", {"course.yml": f"title: T\ntheme:\n  {kind}: templates/ref.{kind}\n"})
    (course / "templates").mkdir(exist_ok=True)
    return course, course / "templates" / f"ref.{kind}"


def build(tmp_path: Path, course: Path):
    return trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_an_xml_part_over_its_limit_is_refused_before_it_is_parsed(tmp_path: Path, kind: str) -> None:
    course, ref = course_with(tmp_path, kind)
    copy(kind, ref, padded(PARTS[kind], limits.MAX_REFERENCE_XML_BYTES + 2**16))
    assert ref.stat().st_size < limits.MAX_REFERENCE_XML_BYTES  # it packs far smaller
    run = build(tmp_path, course)
    assert_clean_failure(run, f"ref.{kind}: error:", "MAX_REFERENCE_XML_BYTES", PARTS[kind])
    assert not (tmp_path / "out" / "deck.pptx").exists()


def test_an_xml_part_is_known_by_its_content_type_not_its_name(tmp_path: Path) -> None:
    """python-pptx parses a part by the content type [Content_Types].xml gives it."""
    course, ref = course_with(tmp_path, "pptx")

    def change(member: str, data: bytes) -> bytes:
        if member == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/ppt/big.bin" ContentType='
                                b'"application/vnd.openxmlformats-officedocument.theme+xml"/></Types>')
        return data
    copy("pptx", ref, change, extra=lambda z: z.writestr(
        "ppt/big.bin", junk(limits.MAX_REFERENCE_XML_BYTES + 2**16)))
    run = build(tmp_path, course)
    assert_clean_failure(run, "ref.pptx: error:", "MAX_REFERENCE_XML_BYTES", "ppt/big.bin")


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_xml_parts_over_their_limit_together(tmp_path: Path, kind: str) -> None:
    each = limits.MAX_REFERENCE_XML_BYTES - 2**16
    count = limits.MAX_REFERENCE_ALL_XML_BYTES // each + 1
    course, ref = course_with(tmp_path, kind)
    blob = b"<?xml version='1.0'?>" + junk(each)
    copy(kind, ref, extra=lambda z: [z.writestr(f"customXml/item{i}.xml", blob) for i in range(count)])
    run = build(tmp_path, course)
    assert_clean_failure(run, f"ref.{kind}: error:", "MAX_REFERENCE_ALL_XML_BYTES")


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_media_parts_keep_the_larger_limit(tmp_path: Path, kind: str) -> None:
    """A picture larger than the XML limit is still welcome (a photo on the title slide)."""
    course, ref = course_with(tmp_path, kind)
    rnd = random.Random(2)
    picture = rnd.randbytes(limits.MAX_REFERENCE_XML_BYTES + 2**20)  # not parsed; random: 1:1
    copy(kind, ref, extra=lambda z: z.writestr("media/photo.jpeg", picture))
    run = build(tmp_path, course)
    assert run.returncode == 0, run.output
    assert "Traceback" not in run.output


def damage(path: Path, member_end: str) -> str:
    """XOR a few bytes of the deflated data of the first member whose name ends so."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = next(i for i in z.infolist() if i.filename.endswith(member_end))
    off = info.header_offset
    start = off + 30 + int.from_bytes(data[off + 26:off + 28], "little") \
        + int.from_bytes(data[off + 28:off + 30], "little")
    for k in range(2, min(12, info.compress_size)):
        data[start + k] ^= 0x5A
    path.write_bytes(bytes(data))
    return info.filename


@pytest.mark.parametrize("kind, member", [
    ("pptx", ".rels"), ("pptx", "slideMaster1.xml"), ("pptx", "theme1.xml"),
    ("docx", ".rels"), ("docx", "document.xml"), ("docx", "styles.xml"),
])
def test_damaged_deflate_data_is_a_located_error(tmp_path: Path, kind: str, member: str) -> None:
    course, ref = course_with(tmp_path, kind)
    copy(kind, ref)
    name = damage(ref, member)
    run = build(tmp_path, course)
    assert_clean_failure(run, f"ref.{kind}: error:", name, "damaged")


def test_xml_that_does_not_parse_in_a_reference_document(tmp_path: Path) -> None:
    """Found only when python-docx opens it, in a worker: still a located error."""
    course, ref = course_with(tmp_path, "docx")
    copy("docx", ref, lambda m, d: b"<w:styles><oops" if m == "word/styles.xml" else d)
    run = build(tmp_path, course)
    assert_clean_failure(run, "ref.docx: error:", "cannot open this reference document")
