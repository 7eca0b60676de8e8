"""Pictures in the quiz exports: packed into the QTI zip as text2qti packs them, and held inside
quiz.gift's HTML as the self-check page holds them (never lost, never on the trainer's disk)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from trainerkit.build import build

from conftest import COURSES

SAMPLE = COURSES / "complaint-handling"
QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


PICTURE_QUIZ = """Title: Pictures

1.  Which step comes first?

    ![The call flow](../images/flow.png)

*a) Greet
b) Verify

2.  And on this screen?

    ![The call flow again](../images/flow.png)

    ![The CRM screen](../images/other/flow.png)

*a) Notes
b) Risks
"""


def course_with_pictures(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """The hello course with a quiz showing one picture twice and another of the same name."""
    root = tmp_path / "course"
    shutil.copytree(COURSES / "hello", root)
    (root / "quizzes").mkdir()
    (root / "images" / "other").mkdir(parents=True)
    flow = (SAMPLE / "images" / "call-flow.png").read_bytes()
    crm = (SAMPLE / "images" / "crm-screen.png").read_bytes()
    (root / "images" / "flow.png").write_bytes(flow)
    (root / "images" / "other" / "flow.png").write_bytes(crm)
    (root / "quizzes" / "pictures.txt").write_text(PICTURE_QUIZ, encoding="utf-8")
    return root, flow, crm


def _img_sources(html_text: str) -> list[str]:
    from lxml import html as lxml_html

    return [img.get("src") for img in lxml_html.fromstring(f"<div>{html_text}</div>").iter("img")]


def test_qti_packs_the_quiz_pictures_as_text2qti_does(tmp_path):
    """Each picture is a file of the zip (images/<name>), listed in the manifest's resources and
    shown from the package ($IMS-CC-FILEBASE$), never from the trainer's disk; a picture shown
    twice is packed once, and another of the same name gets its own."""
    root, flow, crm = course_with_pictures(tmp_path)
    build(root, tmp_path / "out", only=["quiz"])
    with zipfile.ZipFile(tmp_path / "out" / "quiz-qti.zip") as z:
        members = {n: z.read(n) for n in z.namelist()}
    pictures = sorted(n for n in members if n.startswith("images/"))
    assert len(pictures) == 2 and "images/flow.png" in pictures
    other = next(p for p in pictures if p != "images/flow.png")
    assert members["images/flow.png"] == flow and members[other] == crm
    manifest = etree.fromstring(members["imsmanifest.xml"])
    ns = {"m": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
    listed = {r.get("href"): [f.get("href") for f in r.findall("m:file", ns)]
              for r in manifest.iterfind(".//m:resource[@type='webcontent']", ns)}
    assert listed == {p: [p] for p in pictures}
    assessment = next(v for n, v in members.items() if n.endswith(".xml") and "/" in n
                      and not n.endswith("assessment_meta.xml"))
    shown = [src for text in etree.fromstring(assessment).iterfind(".//q:mattext", QTI)
             for src in _img_sources(text.text or "")]
    assert shown == ["%24IMS-CC-FILEBASE%24/images/flow.png"] * 2 + ["%24IMS-CC-FILEBASE%24/" + other]
    assert not any(str(tmp_path).encode() in v for v in members.values())


def test_gift_holds_the_quiz_pictures_inside(tmp_path, monkeypatch):
    """quiz.gift's questions show their pictures as data: addresses (a GIFT file travels alone);
    one over the size bound shows its description, and the trainer is told where."""
    import base64

    from trainerkit.quiz import gift

    root, flow, crm = course_with_pictures(tmp_path)
    result = build(root, tmp_path / "out", only=["quiz"])
    assert not [w for w in result.warnings if "picture" in w.message]
    text = (tmp_path / "out" / "quiz.gift").read_text(encoding="utf-8")
    unescaped = re.sub(r"\\(.)", r"\1", text)
    sources = _img_sources(unescaped)
    assert len(sources) == 3 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert [base64.b64decode(s.split(",", 1)[1]) for s in sources] == [flow, flow, crm]
    assert str(root) not in text

    monkeypatch.setattr(gift, "GIFT_PICTURE_LIMIT", min(len(flow), len(crm)) - 1)
    result = build(root, tmp_path / "out2", only=["quiz"])
    text = (tmp_path / "out2" / "quiz.gift").read_text(encoding="utf-8")
    assert "data\\:image" not in text and "[The call flow]" in text and "[The CRM screen]" in text
    told = [str(w) for w in result.warnings if "quiz.gift holds" in w.message]
    assert len(told) == 2 and all("pictures.txt:" in w and "save it smaller" in w for w in told), told


def test_gift_pegjs_reads_the_pictures_whole(gift_pegjs, tmp_path):
    """The data: addresses survive GIFT's escaping: the parser gives back each picture's bytes."""
    import base64

    root, flow, crm = course_with_pictures(tmp_path)
    build(root, tmp_path / "out", only=["quiz"])
    questions = [q for q in gift_pegjs(tmp_path / "out" / "quiz.gift") if q.get("type") == "MC"]
    stems = [q["stem"] for q in questions]
    assert all(s["format"] == "html" for s in stems)
    sources = [src for s in stems for src in _img_sources(s["text"])]
    assert [base64.b64decode(s.split(",", 1)[1]) for s in sources] == [flow, flow, crm]


@pytest.mark.parametrize("attributes, style", [
    ("{width=10em}", "width:160px;max-width:100%;height:auto"),  # text2qti's 10em: 16 px each
    ("{height=1in}", "height:96px;max-width:100%;width:auto"),
    ("{width=50%}", "max-width:50%"),
    ("", None),
])
def test_quiz_pictures_keep_the_size_asked_for(tmp_path, attributes, style):
    """The page, quiz.gift and the QTI zip show a picture at the size its attributes ask for."""
    from lxml import html as lxml_html

    root, _, _ = course_with_pictures(tmp_path)
    (root / "quizzes" / "pictures.txt").write_text(
        "Title: Sizes\n\n1.  Which step comes first?\n\n"
        f"    ![The call flow](../images/flow.png){attributes}\n\n*a) Greet\nb) Verify\n",
        encoding="utf-8")
    out = tmp_path / "out"
    build(root, out, only=["quiz"])
    with zipfile.ZipFile(out / "quiz-qti.zip") as z:
        qti = next(z.read(n) for n in z.namelist() if re.fullmatch(r"tk\w+/tk\w+\.xml", n))
    pages = {"quiz.html": (out / "quiz.html").read_text(encoding="utf-8"),
             "quiz.gift": re.sub(r"\\(.)", r"\1", (out / "quiz.gift").read_text(encoding="utf-8")),
             "quiz-qti.zip": "".join(t.text or "" for t in
                                     etree.fromstring(qti).iterfind(".//q:mattext", QTI))}
    for name, text in pages.items():
        images = list(lxml_html.fromstring(f"<div>{text}</div>").iter("img"))
        assert [img.get("style") for img in images] == [style], name
