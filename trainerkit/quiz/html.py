"""HTML from the model: question text for the self-check page, GIFT and QTI, and the page itself
(one self-contained file: styles, script and pictures inside, nothing fetched).

A course may come from anyone, so every text of it is escaped here: the HTML this module writes
holds only the elements and attributes it makes itself (p, strong, em, code, del, a href, lists,
tables, img with a data: address, audio and video with controls and a data: address); a trainer's
raw HTML arrives as text and is shown as text. The page runs only trainerkit's own script
(PAGE_SCRIPT), allowed by its hash in the page's Content-Security-Policy, which trainerkit writes
before anything a template says."""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import re
from html import escape
from typing import Any, Callable, Iterable, Union

from .. import model
from .numbers import numeric_text
from ..model import Course, Question, QuestionGroup, Quiz, QuizText, Text
from ..text import page_font_family

# How an export shows a picture: True, inside as a data: address (the page); False, as its
# description in brackets; or a function giving its address (None: its description instead).
Pictures = Union[bool, Callable[[model.Image], "str | None"]]

# Addresses a link may have on a page: the web, mail and phone; or none (relative).
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside "java\tscript:"


def safe_href(link: str) -> str | None:
    """The link as it may go into href, or None when its scheme could run script (javascript:,
    vbscript:, data:) or is unknown."""
    bare = _IGNORED_IN_URL.sub("", link)
    m = _SCHEME.match(bare)
    if m and m.group(1).lower() not in SAFE_SCHEMES:
        return None
    return link.strip()


def script_json(value: Any) -> str:
    """JSON to put inside a <script> element: < > & U+2028 U+2029 written as \\u escapes, so no
    text can end the element (</script>), open a comment state (<!--) or end a JS line."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)  # the parser refuses inf, nan
    for ch in "&<>\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


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
        href = safe_href(span.link) if span.link else None
        if href is not None:
            s = f'<a href="{escape(href, quote=True)}">{s}</a>'
        out.append(s)
    return "".join(out)


def blocks_html(blocks: Iterable[Any], pictures: Pictures = True) -> str:
    """Blocks as HTML, on one line (GIFT needs that); pictures as `pictures` says (Pictures)."""
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
        elif isinstance(block, model.Recording):
            out.append(_recording_html(block, pictures))
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


def data_url(image: model.Image, data: bytes | None = None) -> str:
    """The picture inside a data: address, which needs no file beside the page."""
    mime = mimetypes.guess_type(image.path.name)[0] or "image/png"
    encoded = base64.b64encode(image.path.read_bytes() if data is None else data).decode("ascii")
    return f"data:{mime};base64,{encoded}"


def _image_html(image: model.Image, pictures: Pictures) -> str:
    alt = escape(image.alt)
    if pictures is True:
        src: str | None = data_url(image)
    else:
        src = pictures(image) if pictures else None
    if src is None:
        return f"<p>[{alt}]</p>" if alt else ""
    return f'<p><img src="{escape(src, quote=True)}" alt="{alt}"{_image_style(image)}/></p>'


def _image_style(image: model.Image) -> str:
    """The size the trainer asked for: a share of the width as a largest width; px, in, cm or em
    (text2qti's {width=10em}) as CSS pixels (96 to the inch), the other side following."""
    sizes = [f"{side}:{round(emu / EMU_PER_PX)}px"
             for side, emu in (("width", image.width_emu), ("height", image.height_emu)) if emu]
    if image.width and not image.width_emu:
        sizes.insert(0, f"max-width:{round(image.width * 100)}%")
    if image.width_emu or image.height_emu:
        sizes.append("max-width:100%")  # never past the page or the question's box
        sizes.append("width:auto" if not image.width_emu else "height:auto" if not image.height_emu
                     else "object-fit:contain")
    return f' style="{";".join(sizes)}"' if sizes else ""


EMU_PER_PX = 9525  # 914400 EMU to the inch, 96 CSS pixels to the inch

# A recording's type on the page, by its file's extension.
MEDIA_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".wav": "audio/wav", ".mp4": "video/mp4"}


def _recording_html(rec: model.Recording, pictures: Pictures) -> str:
    """A call recording or video: on the page (pictures True) a player with the file inside as
    a data: address, the part to play in data-start and data-end (PAGE_SCRIPT keeps to it) and
    its caption under it; in an export, its caption in brackets (the platform has no file)."""
    caption = escape(rec.caption or rec.path.name)
    if pictures is not True:
        return f"<p>[{caption}]</p>"
    mime = MEDIA_TYPES.get(rec.path.suffix.lower(), "audio/mpeg")
    encoded = base64.b64encode(rec.path.read_bytes()).decode("ascii")
    tag = "video" if rec.kind == "video" else "audio"
    part = "".join(f' data-{key}="{value:g}"' for key, value in (("start", rec.start), ("end", rec.end))
                   if value is not None)
    return (f'<figure class="recording" style="margin:.5rem 0"><{tag} controls preload="metadata" src="data:{mime};base64,'
            f'{encoded}" title="{caption}"{part}></{tag}><figcaption>{caption}</figcaption></figure>')


# ---------------------------------------------------------------------------------------------
# The self-check page


def question_data(q: Question, ident: str, pictures: Pictures = True) -> dict[str, Any]:
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
        "objective": (f"{q.objective.module}.{q.objective.number} {q.objective.text}"
                      if q.objective else ""),
    }
    if q.numeric is not None:

        data["answer_text"] = numeric_text(q)
    return data


def page_parts(quizzes: list[Quiz]) -> list[dict[str, Any]]:
    """Every quiz with every question; a group's questions carry its id, and each part lists
    its groups (pick, question ids): the page's script poses `pick` of them, as a paper does."""
    parts = []
    n = 0
    for k, quiz in enumerate(quizzes, 1):
        items: list[dict[str, Any]] = []
        groups: list[dict[str, Any]] = []
        for item in quiz.items:
            if isinstance(item, QuizText):
                items.append({"kind": "text", "title": item.title, "html": blocks_html(item.text)})
                continue
            group = None
            if isinstance(item, QuestionGroup):
                group = {"id": f"p{k}g{len(groups) + 1}", "pick": item.pick, "ids": []}
                groups.append(group)
            for q in (item.questions if isinstance(item, QuestionGroup) else (item,)):
                n += 1
                data = question_data(q, f"q{n}")
                data["number"] = n
                data["group"] = group["id"] if group else None
                if group:
                    group["ids"].append(data["id"])
                items.append(data)
        parts.append({"title": quiz.title, "description": blocks_html(quiz.description),
                      "items": items, "groups": groups})
    return parts


# The page's one script. It reads its data from the JSON block "quiz-data"; text of the course
# (answers, labels, the numeric answer) goes in as text nodes, and only the HTML of this module
# (choices and feedback) as HTML. Checking dispatches a "trainerkit:result" event on the
# document per question posed ({kind: "question", id, title, objective, type: the question's
# kind, response: the letters ticked "A,C" or the text typed, correct: true, false or null
# (not scored), points, score}), then one for the whole ({kind: "quiz", score, total,
# percent: null when nothing was scored}): the SCORM package's launch page reports them.
PAGE_SCRIPT = r"""
"use strict";
const DATA = JSON.parse(document.getElementById("quiz-data").textContent);
const KEY = DATA.key, WORDS = DATA.words;
function norm(s) {
  return (s || "").normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}
function toNumber(s) {
  const t = norm(s).replace(/,/g, "");
  const m = t.match(/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?/);
  return m ? parseFloat(m[0]) : NaN;
}
function letter(i) { return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]; }
function html(markup) {  // only trainerkit's own HTML (choices, feedback) comes here
  const t = document.createElement("template");
  t.innerHTML = markup;
  return t.content;
}
function line(cls, ...parts) {  // a div of text (strings) and nodes
  const div = document.createElement("div");
  if (cls) div.className = cls;
  div.append(...parts);
  return div;
}
function draw() {  // each group poses `pick` of its questions, as a paper does: new ones each start
  for (const g of DATA.groups) {
    const ids = g.ids.slice();
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    const drawn = new Set(ids.slice(0, g.pick));
    for (const id of g.ids) {
      const box = document.getElementById(id);
      box.hidden = box.disabled = !drawn.has(id);
    }
  }
  let n = 0;
  document.querySelectorAll(".question").forEach(box => {
    if (!box.hidden) box.querySelector(".qnum").textContent = ++n + ".";
  });
}
function tell(detail) {  // what was checked, for a page around this one (the SCORM package)
  document.dispatchEvent(new CustomEvent("trainerkit:result", {detail}));
}
function check() {
  let score = 0, total = 0;
  const told = [];
  for (const [id, q] of Object.entries(KEY)) {
    const box = document.getElementById(id);
    if (box.hidden) continue;  // not drawn this time: neither scored nor counted
    const result = box.querySelector(".result");
    const fb = [];
    let right = null;
    const typed = box.querySelector("input[type=text], textarea");
    let response = typed ? typed.value : "";
    box.querySelectorAll("label.choice").forEach(l => l.classList.remove("is-right", "is-wrong"));
    if (q.kind === "single" || q.kind === "true_false" || q.kind === "multiple") {
      const chosen = new Set([...box.querySelectorAll("input:checked")].map(i => i.value));
      response = q.choices.map((c, i) => chosen.has(c.id) ? letter(i) : "").filter(x => x).join(",");
      right = chosen.size > 0 && q.choices.every(c => c.correct === chosen.has(c.id));
      q.choices.forEach((c, i) => {
        const label = document.getElementById(c.id + "-label");
        if (c.correct) label.classList.add("is-right");
        else if (chosen.has(c.id)) label.classList.add("is-wrong");
        if (chosen.has(c.id) && c.feedback) fb.push([letter(i) + ". ", html(c.feedback)]);
      });
      if (!right) fb.unshift([WORDS.correct_answer + WORDS.colon +
        q.choices.map((c, i) => c.correct ? letter(i) : null).filter(x => x).join(", ")]);
    } else if (q.kind === "short") {
      const given = norm(box.querySelector("input").value);
      right = given !== "" && q.answers.some(a => norm(a) === given);
      if (!right) fb.unshift([WORDS.correct_answer + WORDS.colon + q.answers.join(" / ")]);
    } else if (q.kind === "numerical") {
      const x = toNumber(box.querySelector("input").value);
      right = !isNaN(x) && x >= q.low - 1e-9 && x <= q.high + 1e-9;
      if (!right) fb.unshift([WORDS.correct_answer + WORDS.colon + q.answer_text]);
    }
    if (right === true && q.correct_feedback) fb.push([html(q.correct_feedback)]);
    if (right === false && q.incorrect_feedback) fb.push([html(q.incorrect_feedback)]);
    if (q.feedback) fb.push([html(q.feedback)]);
    box.classList.remove("right", "wrong");
    result.className = "result shown";
    let head;
    if (right === null) {
      result.classList.add("open");
      head = line("", WORDS.not_scored);
    } else {
      total += q.points;
      if (right) score += q.points;
      box.classList.add(right ? "right" : "wrong");
      result.classList.add(right ? "right" : "wrong");
      head = line("", right ? "\u2714 " + WORDS.right : "\u2718 " + WORDS.wrong);
    }
    result.replaceChildren(head, ...fb.map(parts => line("fb", ...parts)));
    told.push({kind: "question", id, title: q.title, objective: q.objective, type: q.kind,
               response, correct: right, points: q.points, score: right ? q.points : 0});
  }
  const out = document.getElementById("score");
  out.dataset.score = score;
  out.dataset.total = total;
  out.textContent = WORDS.score + WORDS.colon + (+score.toFixed(2)) + " / " + (+total.toFixed(2));
  told.forEach(tell);
  tell({kind: "quiz", score, total, percent: total ? 100 * score / total : null});
  return false;
}
function reset() {
  document.getElementById("quiz").reset();
  document.querySelectorAll(".question").forEach(b => b.classList.remove("right", "wrong"));
  document.querySelectorAll(".result").forEach(r => { r.className = "result"; r.replaceChildren(); });
  document.querySelectorAll("label.choice").forEach(l => l.classList.remove("is-right", "is-wrong"));
  const out = document.getElementById("score");
  out.textContent = ""; delete out.dataset.score; delete out.dataset.total;
  draw();
}
document.querySelectorAll("audio, video").forEach(m => {  // a recording's part: {start= end=}
  const start = parseFloat(m.dataset.start || "0"), end = parseFloat(m.dataset.end || "0");
  m.addEventListener("loadedmetadata", () => { if (start) m.currentTime = start; });
  m.addEventListener("play", () => {
    if (m.currentTime < start || (end && m.currentTime >= end)) m.currentTime = start;
  });
  m.addEventListener("timeupdate", () => { if (end && m.currentTime >= end) m.pause(); });
});
draw();
document.getElementById("quiz").addEventListener("submit", e => e.preventDefault());
document.getElementById("check-answers").addEventListener("click", check);
document.getElementById("start-again").addEventListener("click", reset);
"""

PAGE_WORDS = ("right", "wrong", "correct_answer", "not_scored", "score", "colon", "unanswered")


def page_csp(script: str = PAGE_SCRIPT) -> str:
    """The page's Content-Security-Policy: nothing is fetched, and the only script that runs is
    trainerkit's own (by its hash); styles may be inline, pictures and recordings only data:
    addresses."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; "
            f"script-src 'sha256-{digest}'; "
            "style-src 'unsafe-inline'; "
            "img-src data:; "
            "media-src data:; "
            "base-uri 'none'; "
            "form-action 'none'")


_EXTLANG = re.compile(r"[A-Za-z]{3}")
_SCRIPT = re.compile(r"[A-Za-z]{4}")
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")
_VARIANT = re.compile(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}")


def html_lang(language: str) -> str:
    """The course language as a well-formed BCP 47 tag for <html lang>, in its usual case
    (zh_CN -> zh-CN, zh-hant-tw -> zh-Hant-TW): browsers pick fonts and hyphenation by it, and
    ignore a malformed one. Subtags from the first that fits no place are dropped; no usable
    language subtag gives "en", the course default."""
    parts = re.split(r"[-_]", (language or "").strip())
    if not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]):
        return "en"
    tag, rest = [parts[0].lower()], parts[1:]
    for pattern, case in ((_EXTLANG, str.lower), (_SCRIPT, str.title), (_REGION, str.upper)):
        if rest and pattern.fullmatch(rest[0]):
            tag.append(case(rest.pop(0)))
    while rest and _VARIANT.fullmatch(rest[0]) and rest[0].lower() not in tag:
        tag.append(rest.pop(0).lower())
    return "-".join(tag)


def page_start(language: str) -> str:
    """The page's first lines, written by trainerkit before the template's output, so the
    Content-Security-Policy holds whatever a course's own quiz.html.j2 says after it."""
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(html_lang(language), quote=True)}">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{page_csp()}">\n')


def quiz_page(course: Course, quizzes: list[Quiz], templates,
              labels: dict[str, str] | None = None) -> str | None:
    """The self-check page: trainerkit's first lines, then the quiz.html.j2 template. labels:
    words said otherwise on this page (the SCORM package's, whose results are sent)."""
    parts = page_parts(quizzes)
    key = {item["id"]: {k: item[k] for k in ("kind", "points", "answers", "low", "high",
                                               "feedback", "correct_feedback",
                                               "incorrect_feedback", "title", "objective")}
           | {"choices": [{"id": c["id"], "correct": c["correct"], "feedback": c["feedback"]}
                          for c in item["choices"]],
              "answer_text": item.get("answer_text", "")}
           for part in parts for item in part["items"] if item["kind"] != "text"}
    words = {name: str(templates.labels.get(name, "")) for name in PAGE_WORDS}
    groups = [{"pick": g["pick"], "ids": g["ids"]} for part in parts for g in part["groups"]]
    body = templates.text("quiz.html.j2", parts=parts,
                          data_json=script_json({"key": key, "words": words, "groups": groups}),
                          script=PAGE_SCRIPT, language=html_lang(course.language),
                          fonts=page_font_family(course.language),
                          **({"labels": {**templates.labels, **labels}} if labels else {}))
    if body is None:
        return None
    return page_start(course.language) + body
