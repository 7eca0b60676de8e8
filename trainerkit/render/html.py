"""HTML from the model: question text for the self-check page, GIFT and QTI, and the page itself
(one self-contained file: styles, script and pictures inside, nothing fetched)."""

from __future__ import annotations

import base64
import json
import mimetypes
from html import escape
from typing import Any, Iterable

from .. import model
from ..model import Course, Question, QuestionGroup, Quiz, QuizText, Text


def text_html(text: Text) -> str:
    """Inline model text as HTML."""
    out = []
    for span in text:
        if span.text == "\n":
            out.append("<br/>")
            continue
        s = escape(span.text, quote=False).replace("\n", "<br/>")
        if span.code:
            s = f"<code>{s}</code>"
        if span.bold:
            s = f"<strong>{s}</strong>"
        if span.italic:
            s = f"<em>{s}</em>"
        if span.strike:
            s = f"<del>{s}</del>"
        if span.link:
            s = f'<a href="{escape(span.link)}">{s}</a>'
        out.append(s)
    return "".join(out)


def blocks_html(blocks: Iterable[Any], pictures: bool = True) -> str:
    """Blocks as HTML, on one line (GIFT needs that). pictures: embed images as data URIs;
    otherwise show their alt text."""
    out = []
    for block in blocks:
        if isinstance(block, model.Paragraph):
            out.append(f"<p>{text_html(block.text)}</p>")
        elif isinstance(block, model.Heading):
            out.append(f"<p><strong>{text_html(block.text)}</strong></p>")
        elif isinstance(block, model.Code):
            code = escape(block.text, quote=False)
            out.append(f"<pre><code>{code}</code></pre>")
        elif isinstance(block, model.BulletList):
            out.append(_list_html(block))
        elif isinstance(block, model.Table):
            head = "".join(f"<th>{text_html(c)}</th>" for c in block.header)
            rows = "".join("<tr>" + "".join(f"<td>{text_html(c)}</td>" for c in row) + "</tr>"
                           for row in block.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(block, model.Image):
            out.append(_image_html(block, pictures))
        elif isinstance(block, (model.Quote, model.Aside, model.KB)):
            out.append(f"<blockquote>{blocks_html(block.blocks, pictures)}</blockquote>")
        elif isinstance(block, model.Columns):
            for column in block.columns:
                out.append(blocks_html(column, pictures))
    return "".join(out)


def _list_html(block: model.BulletList) -> str:
    out, stack = [], []
    for item in block.items:
        tag = "ol" if item.ordered else "ul"
        while len(stack) > item.level + 1:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) < item.level + 1:
            out.append(f"<{tag}>")
            stack.append(tag)
        elif out and not out[-1].endswith(f"<{tag}>"):
            out.append("</li>")
        box = "" if item.check is None else ("☑ " if item.check else "☐ ")
        out.append(f"<li>{box}{text_html(item.text)}")
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


def _image_html(image: model.Image, pictures: bool) -> str:
    alt = escape(image.alt)
    if not pictures:
        return f"<p>[{alt}]</p>" if alt else ""
    mime = mimetypes.guess_type(image.path.name)[0] or "image/png"
    data = base64.b64encode(image.path.read_bytes()).decode("ascii")
    width = f' style="max-width:{round(image.width * 100)}%"' if image.width else ""
    return f'<p><img src="data:{mime};base64,{data}" alt="{alt}"{width}/></p>'


# ---------------------------------------------------------------------------------------------
# The self-check page


def question_data(q: Question, ident: str, pictures: bool = True) -> dict[str, Any]:
    """What the page (and the export templates) know of a question."""
    data: dict[str, Any] = {
        "id": ident, "kind": q.kind, "title": q.title, "points": q.points,
        "stem": blocks_html(q.stem, pictures),
        "choices": [{"id": f"{ident}-{k}", "html": text_html(c.text), "correct": c.correct,
                     "feedback": text_html(c.feedback), "text": model.plain(c.text)}
                    for k, c in enumerate(q.choices)],
        "answers": list(q.answers),
        "low": q.numeric.low if q.numeric else None,
        "high": q.numeric.high if q.numeric else None,
        "exact": q.numeric.exact if q.numeric else None,
        "feedback": text_html(q.feedback),
        "correct_feedback": text_html(q.correct_feedback),
        "incorrect_feedback": text_html(q.incorrect_feedback),
        "solution": text_html(q.solution),
        "objective": (f"{q.objective.module}.{q.objective.number} {q.objective.text}"
                      if q.objective else ""),
    }
    if q.numeric is not None:
        from ..quiz import numeric_text

        data["answer_text"] = numeric_text(q)
    return data


def page_parts(quizzes: list[Quiz]) -> list[dict[str, Any]]:
    """Every quiz with every question, groups included (a self-check is practice)."""
    parts = []
    n = 0
    for k, quiz in enumerate(quizzes, 1):
        items: list[dict[str, Any]] = []
        for item in quiz.items:
            if isinstance(item, QuizText):
                items.append({"kind": "text", "title": item.title, "html": blocks_html(item.text)})
                continue
            questions = item.questions if isinstance(item, QuestionGroup) else (item,)
            for q in questions:
                n += 1
                data = question_data(q, f"q{n}")
                data["number"] = n
                items.append(data)
        parts.append({"title": quiz.title, "description": blocks_html(quiz.description),
                      "items": items})
    return parts


def quiz_page(course: Course, quizzes: list[Quiz], templates) -> str | None:
    """The self-check page, from the quiz.html.j2 template."""
    parts = page_parts(quizzes)
    key = {item["id"]: {k: item[k] for k in ("kind", "points", "answers", "low", "high",
                                               "feedback", "correct_feedback",
                                               "incorrect_feedback")}
           | {"choices": [{"id": c["id"], "correct": c["correct"], "feedback": c["feedback"],
                           "html": c["html"]} for c in item["choices"]],
              "answer_text": item.get("answer_text", "")}
           for part in parts for item in part["items"] if item["kind"] != "text"}
    # JSON inside <script>: "</" must not end the script element.
    key_json = json.dumps(key, ensure_ascii=False).replace("</", "<\\/")
    return templates.text("quiz.html.j2", parts=parts, key_json=key_json,
                          language=course.language)
