"""The SCORM 1.2 package (scorm.zip): the self-check quiz and the practice calls as one SCO, for a
learning platform to import and track (Moodle, most corporate LMSs).

The package holds imsmanifest.xml (scorm-manifest.xml.j2: one organization, one item, one
resource listing every file), the launch page index.html (scorm-index.html.j2) and the pages it
shows in frames: quiz.html (the self-check page, its intro saying that results are recorded)
and practice.html (the practice page, when the course has simulations). The pages are the same
offline pages as the quiz and practice outputs: opened from the unzipped folder they work
without a platform. The launch page's one script (RUNTIME_SCRIPT) finds the platform's API up
the window.parent chain (then the opener's), listens for the pages' "trainerkit:result" events
and reports what docs/format.md ("scorm.zip") says: score, status, session time, an interaction
per question and per call. Without an API it reports nothing and the pages work as they are.

As the quiz page, the launch page runs only trainerkit's script, allowed by its hash in a
Content-Security-Policy trainerkit writes before anything a template says; a course's own
scorm-index.html.j2 arranges the page but cannot add script to it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from html import escape
from typing import Callable

from ..model import Course, course_quizzes
from ..text import page_font_family
from .html import html_lang, quiz_page, script_json
from .practice import course_simulations, has_simulations, practice_page
from .qti import xml_line


@dataclass
class ScormPlan:
    """The package's files, each as its text, in the order they are zipped (the manifest first)."""

    members: dict[str, str] = field(default_factory=dict)


def has_content(course: Course) -> bool:
    """A course with quiz questions or simulations has a package."""
    return any(q.questions for q in course_quizzes(course)) or has_simulations(course)


def plan_scorm(course: Course, templates, is_agent: Callable[[str], bool] | None = None) -> ScormPlan:
    """The package's files; is_agent: whether a speaker is the agent (the practice page's, which
    draws the agent's lines as the learner's). A template that fails leaves the package empty,
    with its located error reported."""
    labels = templates.labels
    pages: dict[str, str] = {}
    quizzes = [q for q in course_quizzes(course) if q.questions]
    if quizzes:
        page = quiz_page(course, quizzes, templates,
                         labels={"self_check_intro": labels["scorm_self_check_intro"]})
        if page is None:
            return ScormPlan()
        pages["quiz.html"] = page
    simulations = len(list(course_simulations(course)))
    if simulations:
        page = practice_page(course, templates, is_agent,
                             labels={"practice_intro": labels["scorm_practice_intro"]})
        if page is None:
            return ScormPlan()
        pages["practice.html"] = page
    shown = [{"file": name, "title": labels["self_check" if name == "quiz.html" else "practice"]}
             for name in pages]
    data = {"pass_mark": course.quiz.pass_mark, "quiz": bool(quizzes),
            "simulations": simulations,
            "words": {k: str(labels[f"scorm_{k}"]) for k in ("online", "offline", "sent")}}
    index = templates.text("scorm-index.html.j2", pages=shown, data_json=script_json(data),
                           script=RUNTIME_SCRIPT, fonts=page_font_family(course.language))
    if index is None:
        return ScormPlan()
    files = ["index.html", *pages]
    ident = "tk" + hashlib.sha1(f"scorm\x1f{course.title}".encode("utf-8")).hexdigest()[:24]
    manifest = templates.text("scorm-manifest.xml.j2", identifier=ident, title=xml_line(course.title),
                              version=xml_line(course.version), files=files,
                              mastery_score=f"{course.quiz.pass_mark:g}")
    if manifest is None:
        return ScormPlan()
    return ScormPlan({"imsmanifest.xml": manifest, "index.html": launch_start(course.language) + index,
                      **pages})


def launch_start(language: str) -> str:
    """The launch page's first lines, written before the template's output: its policy lets only
    RUNTIME_SCRIPT run and frames show only the package's own pages."""
    digest = base64.b64encode(hashlib.sha256(RUNTIME_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = ("default-src 'none'; "
           f"script-src 'sha256-{digest}'; "
           "style-src 'unsafe-inline'; "
           "frame-src 'self'; "
           "base-uri 'none'; "
           "form-action 'none'")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(html_lang(language), quote=True)}">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n')


ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every member's time: the same course gives the same bytes


def package_bytes(members: dict[str, str | bytes]) -> bytes:
    """scorm.zip: the members in order, deflated, with fixed times and permissions."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read the same everywhere
            info.external_attr = 0o644 << 16
            zf.writestr(info, text if isinstance(text, bytes) else text.encode("utf-8"))
    return stream.getvalue()


# The launch page's one script: the pages as tabs, and the SCORM 1.2 runtime calls. It reads its
# data from the JSON block "scorm-data" (pass mark, what the course has, the status words).
#
# What it reports (docs/format.md "scorm.zip"): the score is the mean of the parts' percents, the
# quiz one part (its points scored out of those posed) and each call one (its percent, from the
# practice page); a part not done yet counts 0. The status stays incomplete, with no score,
# until the quiz is checked and every call has been played to an ending; then the score is
# reported, and the status is passed at or above the pass mark, else failed. A part done again
# counts its latest result. An interaction per question and per call (the latest); the
# session time at each commit; LMSFinish on the Finish button or when the page goes away.
RUNTIME_SCRIPT = r"""
"use strict";
const DATA = JSON.parse(document.getElementById("scorm-data").textContent);
const WORDS = DATA.words;
const statusLine = document.getElementById("scorm-status");
const finishButton = document.getElementById("scorm-finish");

const tabs = [...document.querySelectorAll("[role=tab]")];
function show(tab) {  // one page shown at a time; the others keep their state
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", on ? "true" : "false");
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
  }
}
tabs.forEach((t, i) => {
  t.addEventListener("click", () => show(t));
  t.addEventListener("keydown", e => {
    const step = {ArrowRight: 1, ArrowLeft: -1, ArrowDown: 1, ArrowUp: -1}[e.key];
    if (!step) return;
    const next = tabs[(i + step + tabs.length) % tabs.length];
    show(next);
    next.focus();
    e.preventDefault();
  });
});

function apiIn(win) {  // SCORM 1.2: the API object of this window or of a parent
  for (let i = 0; win && i < 500; i++) {
    try {
      if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
    } catch (e) { /* a window of another origin: look further up */ }
    if (!win.parent || win.parent === win) break;
    win = win.parent;
  }
  return null;
}
function findApi() {
  let api = apiIn(window);
  for (const w of [window.top && window.top.opener, window.opener]) {
    if (!api && w) api = apiIn(w);
  }
  return api;
}
const API = findApi();
const started = Date.now();
let open = false, finished = false;
function call(name, ...args) {
  try { return String(API[name](...args)); } catch (e) { return "false"; }
}
function set(element, value) {
  if (open) call("LMSSetValue", element, String(value));
}

function two(n) { return String(n).padStart(2, "0"); }
function clock(d) { return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds()); }
function span(ms) {  // CMITimespan HHHH:MM:SS.SS
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.min(9999, Math.floor(cs / 360000)), m = Math.floor(cs / 6000) % 60;
  const s = Math.floor(cs / 100) % 60, c = cs % 100;
  return String(h).padStart(4, "0") + ":" + two(m) + ":" + two(s) + "." + two(c);
}
function decimal(x) {  // CMIDecimal, two places at most
  const t = String(Math.round(Number(x) * 100) / 100);
  return /^-?\d{1,10}(\.\d+)?$/.test(t) ? t : "0";
}
function weight(x) { return decimal(Math.max(-100, Math.min(100, Number(x) || 0))); }
function clip(s) {  // CMIString255, on one line
  return Array.from(String(s == null ? "" : s).replace(/\s+/g, " ").trim()).slice(0, 255).join("");
}
function ident(s) { return /^[A-Za-z0-9_-]{1,255}$/.test(String(s)) ? String(s) : ""; }

const slots = new Map();  // an interaction's id -> its n: a part done again overwrites its own
function interaction(id, fields) {
  if (!slots.has(id)) slots.set(id, slots.size);
  const base = "cmi.interactions." + slots.get(id) + ".";
  set(base + "id", id);
  for (const [k, v] of Object.entries(fields)) set(base + k, v);
}
const TYPES = {single: "choice", true_false: "choice", multiple: "choice", short: "fill-in",
               numerical: "numeric", essay: "fill-in", upload: "fill-in"};
function response(d, type) {
  if (type === "choice") return String(d.response || "").toLowerCase().replace(/[^a-z,]/g, "");
  if (type === "numeric") {
    const x = parseFloat(String(d.response || "").normalize("NFKC").replace(/[,\s]/g, ""));
    return isNaN(x) ? "" : decimal(x);
  }
  return clip(d.response);
}

let quizChecked = false, quizPercent = null;
const calls = new Map();  // a call's id -> its latest percent
function update() {
  const parts = [];
  if (DATA.quiz && !(quizChecked && quizPercent === null)) parts.push(quizChecked ? quizPercent : 0);
  for (const p of calls.values()) parts.push(p);
  for (let k = calls.size; k < DATA.simulations; k++) parts.push(0);
  const done = (!DATA.quiz || quizChecked) && calls.size >= DATA.simulations;
  if (done && parts.length) {
    const raw = Number(decimal(parts.reduce((a, b) => a + b, 0) / parts.length));
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", decimal(raw));
    set("cmi.core.lesson_status", raw >= DATA.pass_mark ? "passed" : "failed");
  } else {
    set("cmi.core.lesson_status", done ? "completed" : "incomplete");
  }
  set("cmi.core.session_time", span(Date.now() - started));
  if (open) call("LMSCommit", "");
}
function record(d) {
  if (!d || typeof d !== "object") return;
  if (d.kind === "question") {
    const type = TYPES[d.type] || "fill-in";
    interaction(ident(d.id) || "q" + (slots.size + 1), {
      type, student_response: response(d, type),
      result: d.correct === true ? "correct" : d.correct === false ? "wrong" : "neutral",
      weighting: weight(d.points), time: clock(new Date())});
  } else if (d.kind === "quiz") {
    quizChecked = true;
    quizPercent = d.percent == null || !isFinite(d.percent) ? null : Math.max(0, Math.min(100, Number(d.percent)));
    update();
  } else if (d.kind === "simulation") {
    const key = String(d.id);
    const percent = Math.max(0, Math.min(100, Number(d.percent) || 0));
    const n = [...calls.keys()].indexOf(key);
    calls.set(key, percent);
    const path = Array.isArray(d.path) ? d.path.map(String) : [];
    interaction(ident(d.id) || "call" + (n < 0 ? calls.size : n + 1), {
      type: "performance", student_response: clip(path.join(" \u2192 ")), result: decimal(percent),
      weighting: weight(d.best), time: clock(new Date())});
    update();
  }
}

const heard = new WeakSet();
function listen(frame) {  // the page's results: reachable when the page is of the same origin
  let doc = null;
  try { doc = frame.contentDocument; } catch (e) { doc = null; }
  if (!doc || heard.has(doc)) return;
  heard.add(doc);
  doc.addEventListener("trainerkit:result", e => { if (!finished) record(e.detail); });
}
document.querySelectorAll("iframe").forEach(f => {
  f.addEventListener("load", () => listen(f));
  listen(f);
});

function finish() {
  if (!open || finished) return;
  finished = true;
  set("cmi.core.session_time", span(Date.now() - started));
  call("LMSCommit", "");
  call("LMSFinish", "");
  open = false;
  finishButton.hidden = true;
  statusLine.textContent = WORDS.sent;
}
if (API && call("LMSInitialize", "") === "true") {
  open = true;
  const was = call("LMSGetValue", "cmi.core.lesson_status");
  if (was === "not attempted" || was === "" || was === "false") set("cmi.core.lesson_status", "incomplete");
  call("LMSCommit", "");
  finishButton.hidden = false;
  finishButton.addEventListener("click", finish);
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
}
statusLine.textContent = open ? WORDS.online : WORDS.offline;
"""
