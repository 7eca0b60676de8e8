"""QTI 1.2 as Canvas imports it: one assessment per quiz (a module's ```quiz block or a quiz
file), one item per question, a group as a section that picks its number. The XML comes from the
qti-*.xml.j2 templates; this module gives them the questions and packs the zip."""

from __future__ import annotations

import hashlib
import io
import urllib.parse
import zipfile
from typing import Any

from .. import model
from ..system import shown_path
from ..text import xml_safe
from ..model import Course, Question, QuestionGroup, Quiz, QuizText
from .html import Pictures, blocks_html, question_data

QTI_TYPE = {"single": "multiple_choice_question", "true_false": "true_false_question",
            "multiple": "multiple_answers_question", "short": "short_answer_question",
            "numerical": "numerical_question", "essay": "essay_question",
            "upload": "file_upload_question"}


def xml_text(value: Any) -> str:
    """Text XML can hold: what it cannot is dropped; the templates escape the rest (autoescape)."""
    return xml_safe("" if value is None else str(value))


def xml_line(value: Any) -> str:
    """Text for an attribute or a title: XML text on one line (an attribute's line breaks would
    come back as spaces anyway)."""
    return " ".join(xml_text(value).split())


def _clean(value: Any) -> Any:
    """Every text of the templates' data made XML text."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _ident(*parts: str) -> str:
    return "tk" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


class PackedPictures:
    """The quizzes' pictures as files of the package, as text2qti packs them: images/<name> in
    the zip, listed in the manifest as webcontent, and shown from $IMS-CC-FILEBASE$/images/<name>
    (Canvas's address of the imported package's files). The same picture is packed once; two
    pictures of one name get the first bytes of their digest in theirs."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}            # zip path -> bytes
        self.by_digest: dict[str, str] = {}          # digest -> zip path
        self.manifest: list[dict[str, str]] = []     # {id, href} for qti-manifest.xml.j2

    def __call__(self, image: model.Image) -> str | None:
        try:
            data = image.path.read_bytes()
        except OSError:  # reported by the course check; its description stands in
            return None
        digest = hashlib.sha256(data).hexdigest()
        path = self.by_digest.get(digest)
        if path is None:
            name, n = image.path.name, 8
            while f"images/{name}" in self.files:
                name = f"{image.path.stem}_{digest[:n]}{image.path.suffix}"
                n *= 2
            path = f"images/{name}"
            self.files[path] = data
            self.by_digest[digest] = path
            self.manifest.append({"id": f"tk_image_{digest[:24]}",
                                  "href": urllib.parse.quote(path)})
        return "%24IMS-CC-FILEBASE%24/" + urllib.parse.quote(path)


def _item(q: Question, ident: str, pictures: Pictures = False) -> dict[str, Any]:
    data = question_data(q, ident, pictures=pictures)
    data["type"] = QTI_TYPE[q.kind]
    data["points_text"] = f"{q.points:g}"
    data["title"] = xml_line(q.title)
    for c in data["choices"]:
        c["id"] = c["id"].replace("-", "_")
    return data


def assessment(quiz: Quiz, course: Course, index: int, pictures: Pictures = False) -> dict[str, Any]:
    # The quiz's place relative to the course: the same course exported from another folder keeps
    # its identifiers, so a learning platform sees the same quiz again, not a new one.
    where = (shown_path(course, quiz.path) or str(quiz.path)) if quiz.path else str(quiz.path)
    ident = _ident(course.title, where, quiz.module or "", str(index), quiz.title)
    items: list[dict[str, Any]] = []
    n = 0
    for k, item in enumerate(quiz.items):
        if isinstance(item, QuizText):
            items.append({"kind": "text", "id": f"{ident}_t{k}", "title": xml_line(item.title),
                          "html": blocks_html(item.text, pictures)})
        elif isinstance(item, QuestionGroup):
            questions = []
            for q in item.questions:
                n += 1
                questions.append(_item(q, f"{ident}_q{n}", pictures))
            items.append({"kind": "group", "id": f"{ident}_g{k}", "pick": item.pick,
                          "points_text": f"{item.points_per_question:g}", "questions": questions})
        else:
            n += 1
            items.append(_item(item, f"{ident}_q{n}", pictures))
    return _clean({
            "id": ident, "title": xml_line(quiz.title),
            "description": blocks_html(quiz.description, pictures),
            "items": items, "points_text": f"{quiz.points:.1f}",
            "shuffle_answers": "true" if quiz.shuffle_answers else "false",
            "show_correct_answers": "false" if quiz.show_correct_answers is False else "true",
            "one_question_at_a_time": "true" if quiz.one_question_at_a_time else "false",
            "cant_go_back": "true" if quiz.cant_go_back else "false"})


def quiz_qti(course: Course, quizzes: list[Quiz], templates) -> dict[str, str | bytes]:
    """The zip's members: the manifest, per quiz its assessment and Canvas's settings, and the
    pictures. The templates escape everything (autoescape); course.title and labels go through
    xml_line."""
    templates.env.filters.setdefault("xml_line", xml_line)
    pictures = PackedPictures()
    assessments = [assessment(q, course, k, pictures) for k, q in enumerate(quizzes)]
    members: dict[str, str | bytes] = {}
    manifest = templates.text("qti-manifest.xml.j2", assessments=assessments,
                              images=pictures.manifest)
    if manifest is None:
        return {}
    members["imsmanifest.xml"] = manifest
    for a in assessments:
        xml = templates.text("qti-assessment.xml.j2", assessment=a)
        meta = templates.text("qti-meta.xml.j2", assessment=a)
        if xml is None or meta is None:
            return {}
        members[f"{a['id']}/{a['id']}.xml"] = xml
        members[f"{a['id']}/assessment_meta.xml"] = meta
    members.update(pictures.files)
    return members


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    """The QTI package; fixed timestamps, so the same course gives the same bytes."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("non_cc_assessments/", (1980, 1, 1, 0, 0, 0)), b"")
        for name, text in members.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text if isinstance(text, bytes) else text.encode("utf-8"))
    return stream.getvalue()
