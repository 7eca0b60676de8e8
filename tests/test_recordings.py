"""Call recordings and videos (issue 14): what a trainer gets when a module links an audio or
video file. Read back from the outputs: the deck's media parts, their relationships and content
types, the media shapes (a:audioFile / a:videoFile, p14:media, p14:trim) and the slide timing
that plays them (lxml on the zip); the transcript in the speaker notes (python-pptx), in the
handout and the guide (python-docx); LibreOffice converts the deck; the self-check page plays
the recording (<audio> with a data: address, allowed by its Content-Security-Policy) and the
paper points to it. Bad media files give located errors."""

from __future__ import annotations

import base64
import re
import struct
import wave
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import IN_CI, pdf_text, to_pdf

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
AUDIO_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/audio"
VIDEO_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/video"
MEDIA_REL = "http://schemas.microsoft.com/office/2007/relationships/media"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
R_ID = f"{{{NS['r']}}}id"
R_EMBED = f"{{{NS['r']}}}embed"
R_LINK = f"{{{NS['r']}}}link"


def make_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    """A real WAV file of silence, seconds long."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(b"\x80" * int(seconds * rate))
    return path


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def make_mp4(path: Path, seconds: float) -> Path:
    """The smallest MP4 file that says how long it is: ftyp, and moov with its mvhd."""
    mvhd = (struct.pack(">B3xIIII", 0, 0, 0, 1000, int(seconds * 1000)) + struct.pack(">IH", 0x10000, 0x100)
            + b"\0" * 10 + struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
            + b"\0" * 24 + struct.pack(">I", 2))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isommp41")
                     + _box(b"moov", _box(b"mvhd", mvhd)) + _box(b"mdat", b""))
    return path


MODULE = """---
title: 听一通真实来电
duration: 20
objectives:
  - 听出客户的情绪
---

## 第三次来电

![来电录音：第三次来电](calls/third-call.wav){start=0:01 end=0:03}

::: transcript
坐席: 您好，XX保险，工号 1024。
!坐席: 为保障服务质量，本次通话将被录音。
客户: 我的理赔已经两周没人处理了！
:::

## 示范视频

![演示视频](videos/demo.mp4)

## 小测

```quiz
Objective: 1
1. ![来电录音：第三次来电](calls/third-call.wav)

   客户最在意的是什么？
*a) 理赔的进度
b) 坐席的工号
```
"""


def make_course(root: Path, module: str = MODULE) -> Path:
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: 投诉处理\nlanguage: zh-CN\n", encoding="utf-8")
    (root / "modules" / "01-calls.md").write_text(module, encoding="utf-8")
    make_wav(root / "calls" / "third-call.wav", 5)
    make_mp4(root / "videos" / "demo.mp4", 12.5)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from trainerkit.build import build

    course = make_course(tmp_path_factory.mktemp("course") / "calls")
    out = tmp_path_factory.mktemp("out")
    build(course, out)
    return out


def _xml(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name))


def _media_slides(deck: Path) -> dict[str, tuple[object, dict[str, tuple[str, str]]]]:
    """Each slide that plays something: its XML and its relationships (rId -> type, target)."""
    out = {}
    with zipfile.ZipFile(deck) as z:
        for name in z.namelist():
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                sld = _xml(z, name)
                if sld.find(".//p:nvPr/a:audioFile", NS) is None and sld.find(".//p:nvPr/a:videoFile", NS) is None:
                    continue
                rels_name = name.replace("slides/", "slides/_rels/") + ".rels"
                rels = {r.get("Id"): (r.get("Type"), r.get("Target"))
                        for r in _xml(z, rels_name).findall("rel:Relationship", NS)}
                out[name] = (sld, rels)
    return out


def test_the_deck_embeds_each_file_as_a_media_part_with_its_content_type(built):
    deck = built / "deck.pptx"
    with zipfile.ZipFile(deck) as z:
        names = z.namelist()
        wavs = [n for n in names if re.fullmatch(r"ppt/media/media\d+\.wav", n)]
        mp4s = [n for n in names if re.fullmatch(r"ppt/media/media\d+\.mp4", n)]
        assert len(wavs) == 1 and len(mp4s) == 1, names
        types = _xml(z, "[Content_Types].xml")
        declared = {o.get("PartName"): o.get("ContentType") for o in types.findall("ct:Override", NS)}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types.findall("ct:Default", NS)}
        assert declared.get("/" + wavs[0], defaults.get("wav")) == "audio/wav"
        assert declared.get("/" + mp4s[0], defaults.get("mp4")) == "video/mp4"


def test_the_media_parts_hold_the_files_bytes(tmp_path):
    from trainerkit.build import build

    course = make_course(tmp_path / "c")
    out = tmp_path / "out"
    build(course, out, only=["deck"])
    with zipfile.ZipFile(out / "deck.pptx") as z:
        wav = next(n for n in z.namelist() if n.endswith(".wav"))
        mp4 = next(n for n in z.namelist() if n.endswith(".mp4"))
        assert z.read(wav) == (course / "calls" / "third-call.wav").read_bytes()
        assert z.read(mp4) == (course / "videos" / "demo.mp4").read_bytes()


def test_a_media_shape_links_and_embeds_its_part_with_both_relationships(built):
    slides = _media_slides(built / "deck.pptx")
    kinds = {}
    for name, (sld, rels) in slides.items():
        for pic in sld.iterfind(".//p:pic", NS):
            nv_pr = pic.find("p:nvPicPr/p:nvPr", NS)
            linked = nv_pr.find("a:audioFile", NS)
            kind = "audio"
            if linked is None:
                linked, kind = nv_pr.find("a:videoFile", NS), "video"
            if linked is None:
                continue
            link_type, link_target = rels[linked.get(R_LINK)]
            assert link_type == (AUDIO_REL if kind == "audio" else VIDEO_REL)
            ext = nv_pr.find("p:extLst/p:ext", NS)
            assert ext.get("uri") == "{DAA4B4D4-6D71-4841-9C94-3DE7FCFB9230}"
            media = ext.find("p14:media", NS)
            embed_type, embed_target = rels[media.get(R_EMBED)]
            assert embed_type == MEDIA_REL and embed_target == link_target  # one part, two relationships
            assert link_target.startswith("../media/media")
            poster_type, poster = rels[pic.find("p:blipFill/a:blip", NS).get(R_EMBED)]
            assert poster_type == IMAGE_REL and poster.endswith(".png")  # the icon or poster frame
            click = pic.find("p:nvPicPr/p:cNvPr/a:hlinkClick", NS)
            assert click is not None and click.get("action") == "ppaction://media"
            kinds[kind] = (name, pic, media)
    assert set(kinds) == {"audio", "video"}, slides.keys()
    # The recording plays 0:01 to 0:03 of 5 seconds: 1000 ms cut from the start, 2000 from the end.
    trim = kinds["audio"][2].find("p14:trim", NS)
    assert (trim.get("st"), trim.get("end")) == ("1000", "2000")
    assert kinds["video"][2].find("p14:trim", NS) is None  # the whole video plays


def test_the_slide_timing_plays_the_media_on_a_click(built):
    slides = _media_slides(built / "deck.pptx")
    seen = set()
    for sld, _rels in slides.values():
        pic = next(p for p in sld.iterfind(".//p:pic", NS)
                   if p.find("p:nvPicPr/p:nvPr/a:audioFile", NS) is not None
                   or p.find("p:nvPicPr/p:nvPr/a:videoFile", NS) is not None)
        spid = pic.find("p:nvPicPr/p:cNvPr", NS).get("id")
        kind = "audio" if pic.find("p:nvPicPr/p:nvPr/a:audioFile", NS) is not None else "video"
        root = sld.find("p:timing/p:tnLst/p:par/p:cTn", NS)
        assert root.get("nodeType") == "tmRoot"
        node = root.find(f"p:childTnLst/p:{kind}/p:cMediaNode", NS)
        assert node is not None, f"no p:{kind} node"
        assert node.find("p:tgtEl/p:spTgt", NS).get("spid") == spid
        assert node.find("p:cTn/p:stCondLst/p:cond", NS).get("delay") == "indefinite"
        main = root.find("p:childTnLst/p:seq/p:cTn[@nodeType='mainSeq']", NS)
        effect = main.find(".//p:cTn[@presetClass='mediacall']", NS)
        assert effect.get("nodeType") == "clickEffect"
        command = effect.find("p:childTnLst/p:cmd", NS)
        assert (command.get("type"), command.get("cmd")) == ("call", "playFrom(0.0)")
        assert command.find("p:cBhvr/p:tgtEl/p:spTgt", NS).get("spid") == spid
        played = command.find("p:cBhvr/p:cTn", NS).get("dur")
        assert played == ("2000" if kind == "audio" else "12500")  # the part that plays, in ms
        seen.add(kind)
    assert seen == {"audio", "video"}


def test_the_transcript_is_in_the_speaker_notes_and_the_caption_on_the_slide(built):
    from pptx import Presentation

    prs = Presentation(str(built / "deck.pptx"))
    slide = next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "第三次来电")
    texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    assert "来电录音：第三次来电 · 0:02" in texts  # the caption and how long the part plays
    notes = slide.notes_slide.notes_text_frame.text
    lines = notes.split("\n")
    assert lines[0] == "来电录音：第三次来电"  # the caption heads the transcript
    assert "坐席： 您好，XX保险，工号 1024。" in lines
    assert any(line.startswith("坐席： 为保障服务质量") and "必须逐字" in line for line in lines)
    assert "客户： 我的理赔已经两周没人处理了！" in lines


@pytest.mark.parametrize("name", ["handout.docx", "guide.docx"])
def test_the_documents_show_the_caption_and_the_transcript_as_a_script(built, name):
    from docx import Document

    doc = Document(str(built / name))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "▶ 来电录音：第三次来电 · 0:02" in paragraphs
    assert "▶ 演示视频 · 0:12" in paragraphs or "▶ 演示视频 · 0:13" in paragraphs
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["坐席", "您好，XX保险，工号 1024。"] in rows
    assert ["客户", "我的理赔已经两周没人处理了！"] in rows
    assert any(r[0].startswith("坐席") and "必须逐字" in r[0] and r[1].startswith("为保障") for r in rows)


def test_libreoffice_converts_the_deck(built, tmp_path):
    pdf = to_pdf(built / "deck.pptx", tmp_path)
    text = pdf_text(pdf)
    assert "来电录音：第三次来电" in text and "演示视频" in text


def test_the_deck_opens_without_repair(built):
    try:
        import openxml_audit
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("openxml-audit is not installed (pip install .[test])")
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(built / "deck.pptx")
    assert not result.errors, [f"{e.part_uri}: {e.description} ({e.path})" for e in result.errors]


def test_the_quiz_page_plays_the_recording_from_inside_itself(built):
    from trainerkit.quiz.html import page_csp

    page = (built / "quiz.html").read_text(encoding="utf-8")
    audio = re.search(r'<audio controls[^>]* src="data:audio/wav;base64,([A-Za-z0-9+/=]+)"', page)
    assert audio, "no <audio> element with a data: address"
    assert base64.b64decode(audio.group(1))[:4] == b"RIFF"
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert csp == page_csp()
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["media-src"] == "data:" and directives["default-src"] == "'none'"
    assert not re.search(r'\bsrc="(?!data:)', page)  # nothing fetched: the page stays offline
    assert "<figcaption>来电录音：第三次来电</figcaption>" in page


def test_the_paper_points_to_the_recording_by_its_caption(built):
    from docx import Document

    texts = [p.text for p in Document(str(built / "quiz-A.docx")).paragraphs]
    assert any("▶ 听录音：来电录音：第三次来电" in t for t in texts), texts
    gift = (built / "quiz.gift").read_text(encoding="utf-8")
    assert "[来电录音：第三次来电]" in gift and "base64" not in gift


# ---------------------------------------------------------------------------------------------
# Bad media files: located errors


def _problems(course: Path) -> list[str]:
    from trainerkit.build import check

    return [f"{Path(d.location.path).name}:{d.location.line}: {d.severity}: {d.message}"
            for d in check(course) if d.location is not None]


def _course_with(tmp_path: Path, body: str) -> Path:
    module = "---\ntitle: T\nduration: 10\nobjectives:\n  - o\n---\n\n## 录音\n\n" + body
    return make_course(tmp_path / "c", module)


def test_a_missing_file_is_an_error_at_its_line_with_a_near_name(tmp_path):
    course = _course_with(tmp_path, "![a](calls/Third-call.wav)\n\n![b](calls/none.mp3)\n")
    problems = _problems(course)
    assert any(p.startswith("01-calls.md:10: error: recording \"Third-call.wav\" does not exist")
               and 'did you mean "third-call.wav"?' in p for p in problems), problems
    assert any(p.startswith("01-calls.md:12: error: recording \"none.mp3\" does not exist")
               for p in problems), problems


def test_a_picture_named_mp3_and_a_wav_named_mp3_are_errors(tmp_path):
    from PIL import Image

    course = _course_with(tmp_path, "![a](calls/picture.mp3)\n\n![b](calls/wav.mp3)\n")
    Image.new("RGB", (8, 8), "white").save(course / "calls" / "picture.mp3", "PNG")
    make_wav(course / "calls" / "wav.mp3", 1)
    problems = _problems(course)
    assert any(p.startswith('01-calls.md:10: error: recording "picture.mp3" is not a sound or video file')
               for p in problems), problems
    assert any(p.startswith('01-calls.md:12: error: recording "wav.mp3" is a file of type WAV')
               and "rename it to end in .wav" in p for p in problems), problems


def test_a_file_over_25_mb_is_a_warning(tmp_path):
    course = _course_with(tmp_path, "![big](calls/big.wav)\n")
    big = course / "calls" / "big.wav"
    size = 26 * 2**20
    rate = 8000
    header = (b"RIFF" + struct.pack("<I", size - 8) + b"WAVE"
              + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate, 1, 8)
              + b"data" + struct.pack("<I", size - 44))
    with open(big, "wb") as f:  # sparse: 26 MB that take no room on the disk
        f.write(header)
        f.truncate(size)
    problems = _problems(course)
    assert any(p.startswith('01-calls.md:10: warning: recording "big.wav" is 26.0 MB, more than 25 MB')
               for p in problems), problems
    assert not [p for p in problems if ": error:" in p], problems


def test_a_trim_outside_the_recording_and_an_end_before_the_start_are_errors(tmp_path):
    course = _course_with(tmp_path, "![a](calls/third-call.wav){start=0:06}\n\n"
                                    "![b](calls/third-call.wav){end=9}\n\n"
                                    "![c](calls/third-call.wav){start=0:03 end=0:02}\n")
    problems = _problems(course)
    assert '01-calls.md:10: error: recording "third-call.wav" plays for 0:05; its start=0:06 is past ' \
           "its end" in problems, problems
    assert '01-calls.md:12: error: recording "third-call.wav" plays for 0:05; its end=0:09 is past ' \
           "its end" in problems, problems
    assert any(p.startswith("01-calls.md:14: error: this recording's end=0:02 does not come after "
                            "its start=0:03") for p in problems), problems


def test_a_transcript_that_follows_no_recording_is_an_error(tmp_path):
    course = _course_with(tmp_path, "Some words.\n\n::: transcript\n坐席: 您好。\n:::\n")
    problems = _problems(course)
    assert any(p.startswith("01-calls.md:12: error: a ::: transcript must come right after its "
                            "recording") for p in problems), problems
