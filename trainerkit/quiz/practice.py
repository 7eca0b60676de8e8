"""The practice page (practice.html): every call simulation of the course, played as a
conversation in one self-contained offline page, and the plain data it is made from.

practice_data gives each simulation as JSON-shaped data (ids, titles, objectives, the steps with
their turns, replies, scores and feedback as escaped HTML); PRACTICE_SCRIPT plays them; the
template templates/practice.html.j2 lays out the page around them. The SCORM package reuses all
three. When a call ends the script dispatches

    document.dispatchEvent(new CustomEvent("trainerkit:result", {detail: {kind: "simulation",
        id, title, objective, path: [step names], score, best, percent}}))

As on the self-check page (quiz/html.py), every text of the course is escaped here or goes into
the page as a text node; the only script that runs is PRACTICE_SCRIPT, allowed by its hash in the
Content-Security-Policy trainerkit writes before anything the template says.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Callable, Iterator

from ..model import Course, Module, module_blocks, plain
from ..simulation import Simulation, best_walk, objective_id
from ..text import page_font_family
from .html import html_lang, page_csp, script_json, text_html

# The words the page's script shows (templates/labels.yml), besides those the template writes.
PRACTICE_WORDS = ("colon", "score", "point", "points", "practice_you", "practice_outcome",
                  "practice_result", "practice_path", "practice_again", "verbatim")


def course_simulations(course: Course) -> Iterator[tuple[Module, Simulation, str]]:
    """Every simulation of the course in reading order, with its module and its id: a stable
    slug (sim-<module id>-<n>, n counting the module's simulations from 1) that HTML ids,
    SCORM interaction ids and the results can all carry (letters, digits, - and _ only)."""
    used: set[str] = set()
    for i, module in enumerate(course.modules, 1):
        base = re.sub(r"[^A-Za-z0-9_]+", "-", module.id).strip("-") or f"module{i}"
        sims = [b for b in module_blocks(module) if isinstance(b, Simulation)]
        for k, sim in enumerate(sims, 1):
            ident = f"sim-{base}-{k}"
            while ident in used:  # two module ids that differ only in other characters
                ident += "x"
            used.add(ident)
            yield module, sim, ident


def has_simulations(course: Course) -> bool:
    return any(True for _ in course_simulations(course))


def objective_text(course: Course, oid: str) -> str:
    """The text of objective "module.N" as its module's front matter says it, "" if none."""
    module, _, number = oid.rpartition(".")
    for m in course.modules:
        if m.id == module and number.isdigit() and 1 <= int(number) <= len(m.objectives):
            return m.objectives[int(number) - 1]
    return ""


def _number(x: float) -> float | int:
    """A score as JSON shows it: 2, not 2.0."""
    return int(x) if float(x).is_integer() else x


def simulation_data(course: Course, module: Module, sim: Simulation, ident: str,
                    is_agent: Callable[[str], bool]) -> dict[str, Any]:
    """What the page knows of one simulation. Targets are indices into steps (-1 for a step that
    does not exist, which `trainerkit check` reports); HTML is trainerkit's escaped HTML."""
    index = {s.name: k for k, s in enumerate(sim.steps)}
    best = best_walk(sim)
    oid = objective_id(sim, module.id) if sim.objective else ""
    steps = []
    for step in sim.steps:
        steps.append({
            "name": step.name,
            "end": step.end,
            "turns": [{"speaker": t.speaker, "html": text_html(t.text), "verbatim": t.verbatim,
                       "agent": bool(is_agent(t.speaker))} for t in step.turns],
            "outcome": text_html(step.outcome),
            "replies": [{"html": text_html(r.text), "text": plain(r.text),
                         "target": index.get(r.target, -1), "score": _number(r.score),
                         "feedback": text_html(r.feedback)} for r in step.replies],
        })
    language = html_lang(module.language) if module.language else ""
    return {"id": ident, "title": sim.title, "objective": oid,
            "objective_text": objective_text(course, oid) if oid else "",
            "lang": language if language != html_lang(course.language) else "",
            "time": sim.time, "best": _number(best.score if best else 0), "steps": steps}


def practice_data(course: Course, is_agent: Callable[[str], bool] | None = None) -> list[dict[str, Any]]:
    """Every simulation of the course as the page (and the SCORM package) plays it. is_agent:
    whether a turn's speaker is the agent (render.callcentre.is_agent, handed down by the
    output: this layer cannot import it); without it every turn is the caller's."""
    who = is_agent or (lambda speaker: False)
    return [simulation_data(course, module, sim, ident, who)
            for module, sim, ident in course_simulations(course)]


def practice_words(labels: dict[str, str]) -> dict[str, str]:
    return {name: str(labels.get(name, "")) for name in PRACTICE_WORDS}


# The page's one script. It reads the JSON block "practice-data" and plays every section.sim
# of the page; text of the course goes in as text nodes (titles, step names, speakers, labels),
# only trainerkit's own escaped HTML (turns, replies, feedback, outcomes) as HTML.
PRACTICE_SCRIPT = r"""
"use strict";
(() => {
const DATA = JSON.parse(document.getElementById("practice-data").textContent);
const W = DATA.words;
let ready = false;  // the page opens on the call, not focused on its first line
function html(markup) {  // only trainerkit's own HTML comes here
  const t = document.createElement("template");
  t.innerHTML = markup;
  return t.content;
}
function el(tag, cls, ...parts) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  e.append(...parts);
  return e;
}
function num(x) { return String(+x.toFixed(2)).replace("-", "\u2212"); }
function signed(x) { return (x > 0 ? "+" : "") + num(x); }
function points(x) { return signed(x) + " " + (Math.abs(x) === 1 ? W.point : W.points); }
function fill(text, values) {  // "{score} of {best}": a label's fields, as text
  return text.replace(/\{(\w+)\}/g, (m, k) => k in values ? values[k] : m);
}
function percentOf(score, best) {  // simulation.percent: out of the best path's score, floored at 0
  if (best <= 0) return 100;
  return Math.round(Math.max(0, Math.min(100, 100 * score / best)) * 100) / 100;
}
function Player(box, sim) {
  const chat = box.querySelector(".chat"), replies = box.querySelector(".replies");
  const choices = box.querySelector(".choices"), ending = box.querySelector(".ending");
  const shown = box.querySelector(".score-value");
  let step, score, path;
  function show(nodes) {  // new lines of the call: the first takes the focus
    nodes.forEach(n => chat.append(n));
    if (nodes.length) {
      nodes[0].tabIndex = -1;
      if (ready) nodes[0].focus();
    }
  }
  function turns(s) {
    return s.turns.map(t => {
      const who = el("span", "who", t.speaker);
      const li = el("li", "bubble " + (t.agent ? "agent" : "caller"), who,
                    el("div", "said", html(t.html)));
      if (t.verbatim) li.append(el("span", "verbatim", W.verbatim));
      return li;
    });
  }
  function setScore() {
    shown.textContent = num(score);
    box.dataset.score = score;
  }
  function enter(k, lines) {
    step = sim.steps[k];
    path.push(step.name);
    lines.push(...turns(step));
    choices.replaceChildren();
    if (step.end) {
      replies.hidden = true;
      finish(lines);
      return;
    }
    replies.hidden = false;
    step.replies.forEach((r, i) => {
      if (r.target < 0) return;
      const b = el("button", "reply", html(r.html));
      b.type = "button";
      b.dataset.reply = i;
      b.addEventListener("click", () => pick(r));
      choices.append(b);
    });
    show(lines);
  }
  function pick(r) {
    const me = el("li", "bubble me", el("span", "who", W.practice_you), el("div", "said", html(r.html)));
    const cls = r.score > 0 ? "up" : r.score < 0 ? "down" : "even";
    const note = el("li", "note " + cls, el("span", "delta", points(r.score)));
    if (r.feedback) note.append(el("span", "fb", html(r.feedback)));
    score += r.score;
    setScore();
    chat.append(me);
    enter(r.target, [note]);
  }
  function finish(lines) {
    const best = sim.best, percent = percentOf(score, best);
    const result = el("p", "result", el("strong", "", W.score + W.colon),
                      fill(W.practice_result, {score: num(score), best: num(best),
                                               percent: String(Math.round(percent))}));
    result.dataset.score = score;
    result.dataset.best = best;
    result.dataset.percent = percent;
    const bar = el("span", "");
    bar.style.width = percent + "%";
    const meter = el("div", "meter", bar);
    meter.setAttribute("aria-hidden", "true");
    const route = el("ol", "route", ...path.map(n => el("li", "", n)));
    const again = el("button", "again", W.practice_again);
    again.type = "button";
    again.addEventListener("click", start);
    const head = el("h3", "", W.practice_outcome);
    const outcome = el("div", "outcome", html(step.outcome));
    ending.replaceChildren(head, outcome, result, meter,
                           el("p", "route-head", W.practice_path + W.colon.trimEnd()), route, again);
    ending.hidden = false;
    box.classList.add("done");
    if (!lines.length) lines.push(head);
    show(lines);
    document.dispatchEvent(new CustomEvent("trainerkit:result", {detail: {
      kind: "simulation", id: sim.id, title: sim.title, objective: sim.objective,
      path: path.slice(), score: score, best: best, percent: percent}}));
  }
  function start() {
    score = 0; path = [];
    chat.replaceChildren();
    ending.hidden = true; ending.replaceChildren();
    box.classList.remove("done");
    setScore();
    enter(0, []);
  }
  return {start};
}
const boxes = [...document.querySelectorAll("section.sim")];
boxes.forEach((box, k) => Player(box, DATA.sims[k]).start());
const menu = [...document.querySelectorAll(".menu button")];
function choose(k, focus) {
  boxes.forEach((box, i) => { box.hidden = i !== k; });
  menu.forEach((b, i) => b.setAttribute("aria-current", i === k ? "true" : "false"));
  if (focus) boxes[k].querySelector("h2").focus();
}
menu.forEach((b, k) => b.addEventListener("click", () => choose(k, true)));
if (boxes.length) choose(0, false);
ready = true;
})();
"""


def practice_csp() -> str:
    return page_csp(PRACTICE_SCRIPT)


def practice_start(language: str) -> str:
    """The page's first lines, trainerkit's own, before the template's output (as the quiz
    page's: quiz.html.page_start), with the policy that lets PRACTICE_SCRIPT run."""
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(html_lang(language), quote=True)}">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{practice_csp()}">\n')


def practice_page(course: Course, templates, is_agent: Callable[[str], bool] | None = None,
                  labels: dict[str, str] | None = None) -> str | None:
    """The practice page: trainerkit's first lines, then the practice.html.j2 template; None
    (with the template's located error) when the template fails. labels: words said otherwise
    on this page (the SCORM package's, whose results are sent)."""
    sims = practice_data(course, is_agent)
    words = practice_words({**templates.labels, **(labels or {})})
    body = templates.text("practice.html.j2", sims=sims,
                          data_json=script_json({"sims": sims, "words": words}),
                          script=PRACTICE_SCRIPT, language=html_lang(course.language),
                          fonts=page_font_family(course.language),
                          **({"labels": {**templates.labels, **labels}} if labels else {}))
    if body is None:
        return None
    return practice_start(course.language) + body
