"""The training system's catalogue planned (issue 17): what catalog.docx and catalog.html show,
as plain data (`plan_catalogue`; catalogue.py draws both from it), and the copies of library
modules that courses keep (`find_copies`, `lint_copies`).

- each course: its title, audience, modules (title, minutes, library or own), total time and
  objectives;
- the module × course matrix: where each library module is used, and where a course keeps its
  own copy of one (`find_copies`; `lint_copies` warns at the copy);
- each objective, the courses that teach it, and the quiz questions, role-plays and call
  simulations that assess it, across courses;
- with results, mastery per objective for each course and cohort, and pooled over all of them;
  with QA results (Course.qa_results, when there), the QA figures per objective.

A library module (its file under SYSTEM/library) is the same module in every course: its
objectives, questions, role-plays and simulations are counted once, with the courses that use
it. A course's own module is its own, even when another course has one of the same id.

A copy: a course's own module whose text (after its front matter; NFKC, case folded, spaces
squeezed, blank lines dropped) is the same as a library module's, or a near copy at a difflib
ratio of at least NEAR_COPY (0.9): 2 M / (the two texts' lengths), M the characters difflib
matches, line by line and then by character within the lines that differ. A near copy keeps
at least SAME_LINES of its text in lines left as they were, so only the library modules whose
lines in common (an index of lines) hold that much are compared: 480 own modules against a
library of 100 take a fraction of a second here.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostics, Location
from .messages import _
from .model import Course, Module, Roleplay, module_blocks
from .results.items import course_items
from .simulation import Simulation, objective_id
from .system import LIBRARY

NEAR_COPY = 0.9  # a difflib ratio at or above it: a near copy of a library module
LEAST_TEXT = 40  # characters of normalised text a module needs to be compared at all
SAME_LINES = 0.5  # the share of a near copy's text in lines it left as they were, at least
CHAR_COMPARE = 20_000  # changed lines longer than this are not compared by character (quadratic)
ITEM_CHARS = 60  # a question's stem in the objectives table, at most
USED, COPY, NONE = "used", "copy", "none"


# ---------------------------------------------------------------------------------------------
# Library modules and copies


@functools.lru_cache(maxsize=4096)
def _real(path: str) -> Path:
    """A path resolved, once: the catalogue asks of every module in every course."""
    return Path(path).resolve()


def is_library(module: Module, system_root: Path) -> bool:
    """Whether a module is the system's: its file is under SYSTEM/library."""
    return _real(str(module.path)).is_relative_to(_real(str(Path(system_root) / LIBRARY)))


def relative(path: Path, root: Path) -> str:
    """A path as the trainer writes it in course.yml: relative to the system (library/x.md) or
    the course (modules/x.md); else its name."""
    real, home = _real(str(path)), _real(str(root))
    return real.relative_to(home).as_posix() if real.is_relative_to(home) else Path(path).name


def comparable(text: str) -> str:
    """A module's text as copies are compared: its body after the front matter, NFKC, case
    folded, each line's spaces squeezed, blank lines dropped."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((k for k in range(1, len(lines)) if lines[k].strip() in ("---", "...")), None)
        if end is not None:
            lines = lines[end + 1:]
    out = (" ".join(unicodedata.normalize("NFKC", line).casefold().split()) for line in lines)
    return "\n".join(line for line in out if line)


def _matched(a: str, b: str) -> int:
    """How many characters difflib matches between two texts, the common start and end taken
    off first (a copy's edits are a few places: the rest costs nothing)."""
    start = 0
    most = min(len(a), len(b))
    while start < most and a[start] == b[start]:
        start += 1
    end = 0
    while end < most - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start:len(a) - end], b[start:len(b) - end]
    if not a or not b:
        return start + end
    if len(a) * len(b) > CHAR_COMPARE ** 2:  # too long to compare by character: not matched
        return start + end
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return start + end + sum(block.size for block in blocks)


@functools.lru_cache(maxsize=4096)
def _line_counts(text: str) -> Counter:
    """How often each line of a normalised text is in it (a library text: once, not per pair)."""
    return Counter(text.split("\n"))


def similarity(a: str, b: str) -> float:
    """difflib's ratio of two normalised texts, 2 M / (len a + len b): M the characters matched,
    found line by line, then by character within the lines that differ; 0 when less than
    SAME_LINES of the text is in lines left as they were (what a copy edited here and there
    keeps; modules written from one pattern keep far less)."""
    if a == b:
        return 1.0
    total = len(a) + len(b)
    if 2 * min(len(a), len(b)) < NEAR_COPY * total:  # lengths too far apart to reach it
        return 2 * min(len(a), len(b)) / total
    lines_a, lines_b = a.split("\n"), b.split("\n")
    # The lines two texts have in common, counted as often as both have them, hold at least
    # what difflib finds left as it was: too few, and difflib is not asked (modules written
    # from one pattern share their headings and markers, rarely half their text).
    common = _line_counts(a) & _line_counts(b)
    if 2 * sum(len(line) * n for line, n in common.items()) < SAME_LINES * total:
        return 0.0
    m = difflib.SequenceMatcher(None, lines_a, lines_b, autojunk=False)
    last_a, last_b = len(lines_a), len(lines_b)
    opcodes = m.get_opcodes()
    same = sum(sum(len(line) for line in lines_a[i1:i2]) for tag, i1, i2, _j1, _j2 in opcodes if tag == "equal")
    if 2 * same < SAME_LINES * total:
        return 0.0
    matched = 0
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            matched += sum(len(line) for line in lines_a[i1:i2])
            matched += sum(1 for i, j in zip(range(i1, i2), range(j1, j2)) if i + 1 < last_a and j + 1 < last_b)
        elif tag == "replace":
            matched += _matched("\n".join(lines_a[i1:i2]), "\n".join(lines_b[j1:j2]))
            matched += 1 if i2 < last_a and j2 < last_b else 0  # the line break after them
    return min(1.0, 2 * matched / total)


@dataclass(frozen=True)
class Copy:
    """A course's own module that copies a library module: ratio 1.0 for the same text."""

    course: Course
    module: Module
    library: str  # the library module's path in the system (library/opening.md)
    title: str  # the library module's title
    ratio: float


@dataclass(frozen=True)
class LibraryModule:
    """A module of the system's library: its path in the system, title, minutes, objectives
    (the first course's module, or the file parsed when no course uses it)."""

    path: str
    file: Path
    title: str
    minutes: int | None
    module: Module | None


def library_modules(system_root: Path, courses: list[Course]) -> list[LibraryModule]:
    """Every module file of SYSTEM/library (quiz banks aside), by path: those the courses use
    as they parsed them, the others parsed here for their title."""
    from .parse import parse_module
    from .reading import read_text

    system_root = Path(system_root)
    used: dict[str, Module] = {}
    for course in courses:
        for m in course.modules:
            if is_library(m, system_root):
                used.setdefault(relative(m.path, system_root), m)
    found = dict(used)
    folder = system_root / LIBRARY
    if folder.is_dir():
        for path in sorted(folder.rglob("*.md")):
            name = relative(path, system_root)
            if name in found or path.name.endswith(".quiz.md") or not path.is_file():
                continue
            quiet = Diagnostics()  # a module no course uses: only its title is wanted here
            text = read_text(path, quiet)
            if text is None or not text.lstrip().startswith("---"):
                continue  # not a module (a note, a README)
            module = parse_module(path, text, system_root, quiet, confine=system_root)
            found[name] = module
    out = []
    for name in sorted(found):
        m = found[name]
        out.append(LibraryModule(name, Path(m.path), m.title or Path(name).stem, m.duration,
                                 m if name in used else None))
    return out


def find_copies(system_root: Path, courses: list[Course],
                library: list[LibraryModule] | None = None) -> list[Copy]:
    """Each course's own modules that copy a library module (the closest one, at NEAR_COPY or
    above), in the courses' and modules' order. Only the library modules whose lines in common
    with a module (counted as often as both have them) hold SAME_LINES of the two texts are
    compared with difflib (similarity would find less: see there), so a system of hundreds of
    modules written alike is not compared pair by pair."""
    from .reading import read_text

    system_root = Path(system_root)
    key = (str(system_root), tuple(id(c) for c in courses))
    if _found[:1] == [key]:
        return list(_found[2])
    library = library_modules(system_root, courses) if library is None else library
    quiet = Diagnostics()  # the files were read by the build: a problem is already reported
    texts: dict[str, str] = {}
    for lib in library:
        text = read_text(lib.file, quiet)
        if text is not None and len(norm := comparable(text)) >= LEAST_TEXT:
            texts[lib.path] = norm
    exact = {t: name for name, t in texts.items()}
    titles = {lib.path: lib.title for lib in library}
    index: dict[str, list[tuple[str, int]]] = {}  # a line: the library texts holding it, how often
    for name, t in texts.items():
        for line, n in _line_counts(t).items():
            index.setdefault(line, []).append((name, n))
    out: list[Copy] = []
    for course in courses:
        for m in course.modules:
            if is_library(m, system_root):
                continue
            text = read_text(Path(m.path), quiet)
            own = comparable(text) if text is not None else ""
            if len(own) < LEAST_TEXT:
                continue
            if own in exact:
                out.append(Copy(course, m, exact[own], titles[exact[own]], 1.0))
                continue
            shared: dict[str, int] = {}  # the characters in lines in common, with each
            for line, n in _line_counts(own).items():
                for name, theirs in index.get(line, ()):
                    shared[name] = shared.get(name, 0) + len(line) * min(n, theirs)
            best, ratio = "", 0.0
            for name, common in sorted(shared.items(), key=lambda kv: -kv[1]):
                if 2 * common < SAME_LINES * (len(own) + len(texts[name])):
                    continue  # similarity's own bound: it would be 0
                r = similarity(own, texts[name])
                if r > ratio:
                    best, ratio = name, r
            if best and ratio >= NEAR_COPY:
                out.append(Copy(course, m, best, titles[best], ratio))
    _found[:] = [key, courses, out]  # lint_copies and the catalogue ask for the same courses
    return list(out)


_found: list = []  # the last courses' copies: [key, the courses (kept alive), copies]


def lint_copies(courses: list[Course], diags: Diagnostics, system_root: Path | None = None,
                copies: list[Copy] | None = None) -> list[Copy]:
    """A warning at each course's own module that copies a library module: which one, and how
    to merge it back. The copies found are returned."""
    roots = [c.system for c in courses if c.system is not None]
    root = Path(system_root) if system_root is not None else (roots[0] if roots else None)
    if root is None:
        return []
    found = find_copies(root, courses) if copies is None else copies
    for c in found:
        where = Location.of(c.module.path, c.module.loc.line or 1)
        if c.ratio >= 1.0:
            diags.warning(where, _('this module is a copy of the library module {library} ("{title}"); '
                                   "list {library} in course.yml's modules instead, and delete this copy",
                                   library=c.library, title=c.title))
        else:
            diags.warning(where, _('this module is {percent}% the same as the library module {library} '
                                   '("{title}"); merge your changes into {library}, list it in '
                                   "course.yml's modules instead, and delete this copy",
                                   percent=int(c.ratio * 100), library=c.library, title=c.title))
    return found


# ---------------------------------------------------------------------------------------------
# The plan: plain data


def _course_name(course: Course) -> str:
    return Path(course.root).name


def _stem(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ITEM_CHARS else text[: ITEM_CHARS - 1] + "…"


class _Objectives:
    """The objectives of every course, each once: a library module's by its id, a course's own
    by its course and id; with the courses that teach them and what assesses them."""

    def __init__(self, system_root: Path):
        self.root = system_root
        self.rows: dict[tuple[str, int], dict[str, Any]] = {}

    def in_library(self, path: Path | str) -> bool:
        """Whether a file (a quiz bank) is the system's: under SYSTEM/library."""
        return bool(path) and _real(str(path)).is_relative_to(_real(str(self.root / LIBRARY)))

    def key(self, course: Course, module: Module, number: int) -> tuple[str, int]:
        return (str(_real(str(module.path))), number)

    def add_course(self, course: Course) -> None:
        name = _course_name(course)
        for m in course.modules:
            library = is_library(m, self.root)
            for n, words in enumerate(m.objectives, 1):
                row = self.rows.setdefault(self.key(course, m, n), {
                    "id": f"{m.id}.{n}", "text": words, "module": m.title, "library": library,
                    "courses": [], "questions": [], "roleplays": [], "simulations": [],
                    "_seen": {}})
                if name not in row["courses"]:
                    row["courses"].append(name)
        by_id = {m.id: m for m in course.modules}

        def assess(objective: str, kind: str, key: tuple, words: str) -> None:
            module_id, _dot, number = objective.rpartition(".")
            m = by_id.get(module_id)
            if m is None or not number.isdigit():
                return
            row = self.rows.get(self.key(course, m, int(number)))
            if row is None:
                return
            seen = row["_seen"]
            if (kind, key) not in seen:
                seen[(kind, key)] = {"text": words, "courses": []}
                row[kind].append(seen[(kind, key)])
            entry = seen[(kind, key)]
            if name not in entry["courses"]:
                entry["courses"].append(name)

        for item in course_items(course).values():
            if item.objective:
                # a module's ```quiz and a library quiz bank are the same questions in every
                # course; a course's own quiz file's questions are its own
                own = "" if item.quiz.module or self.in_library(item.quiz.path) else name
                label = f"{item.id} {_stem(item.text)}".strip()
                assess(item.objective, "questions", (str(_real(str(item.quiz.path))), item.id, own), label)
        for m in course.modules:
            for block in module_blocks(m):
                here = (str(_real(str(m.path))), getattr(block, "title", ""))
                if isinstance(block, Roleplay):
                    # a role-play names no objective: it practises its module's
                    for n in range(1, len(m.objectives) + 1):
                        assess(f"{m.id}.{n}", "roleplays", here, block.title)
                elif isinstance(block, Simulation) and block.objective:
                    assess(objective_id(block, m.id), "simulations", here, block.title)

    def order(self) -> list[tuple[str, int]]:
        """The objectives' keys as every table lists them: the library's first, then each
        course's own, as the courses list them."""
        return sorted(self.rows, key=lambda k: not self.rows[k]["library"])  # stable: as listed

    def plan(self) -> list[dict[str, Any]]:
        out = []
        for key in self.order():
            row = self.rows[key]
            row = {k: v for k, v in row.items() if k != "_seen"}
            row["assessed"] = bool(row["questions"] or row["roleplays"] or row["simulations"])
            out.append(row)
        return out


def _possible(overall: dict, ident: str) -> float:
    """The points possible on an objective over a course's cohorts, from its figures: each
    question's maximum times the learners marked on it, each simulation's best score times the
    learners who played it (as analysis.py counts them)."""
    total = 0.0
    for q in overall.get("questions") or ():
        if q.get("objective") == ident:
            total += float(q.get("max") or 0) * int(q.get("learners") or 0)
    for s in overall.get("simulations") or ():
        if s.get("objective") == ident:
            total += max(0.0, float(s.get("best_score") or 0)) * int(s.get("learners") or 0)
    return total


def _mastery(courses: list[Course], objectives: _Objectives) -> list[dict[str, Any]]:
    """Per objective with results: a row per course and cohort, and all of them pooled (the
    points earned over the points possible; learners at their course's pass mark)."""
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for course in courses:
        results = course.results
        if not isinstance(results, dict):
            continue
        by_id = {m.id: m for m in course.modules}
        overall = {o.get("id"): o for o in (results.get("overall") or {}).get("objectives") or ()}
        for cohort in results.get("cohorts") or ():
            for o in cohort.get("objectives") or ():
                module_id, _dot, number = str(o.get("id", "")).rpartition(".")
                m = by_id.get(module_id)
                key = objectives.key(course, m, int(number)) if m and number.isdigit() else None
                if key not in objectives.rows or not o.get("learners"):
                    continue
                entry = rows.setdefault(key, {**{k: objectives.rows[key][k] for k in ("id", "text", "module")},
                                              "rows": [], "_earned": 0.0, "_possible": 0.0,
                                              "_masters": 0, "_learners": 0, "_courses": set()})
                entry["rows"].append({"course": _course_name(course), "cohort": str(cohort.get("name") or ""),
                                      "learners": int(o.get("learners") or 0), "masters": int(o.get("masters") or 0),
                                      "mastery": o.get("mastery")})
                entry["_masters"] += int(o.get("masters") or 0)
                entry["_learners"] += int(o.get("learners") or 0)
                if _course_name(course) not in entry["_courses"]:
                    entry["_courses"].add(_course_name(course))
                    pooled = overall.get(o.get("id")) or {}
                    possible = _possible(results.get("overall") or {}, str(o.get("id")))
                    if pooled.get("mastery") is not None and possible > 0:
                        entry["_earned"] += float(pooled["mastery"]) * possible / 100
                        entry["_possible"] += possible
    out = []
    for key in objectives.order():
        if key not in rows:
            continue
        e = rows[key]
        out.append({"id": e["id"], "text": e["text"], "module": e["module"], "rows": e["rows"],
                    "all": {"learners": e["_learners"], "masters": e["_masters"],
                            "mastery": 100 * e["_earned"] / e["_possible"] if e["_possible"] else None}})
    return out


QA_PHASES = ("before", "after", "all")  # results/qa.py's phases shown: before and after the training


def _qa(courses: list[Course], objectives: _Objectives) -> list[dict[str, Any]]:
    """The QA of live calls per objective (Course.qa_results, results/qa.py: per objective the
    points met and marked before and after the training, and in all), a row per course and,
    for an objective of several courses, all of them pooled (points met over points marked)."""
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for course in courses:
        qa = getattr(course, "qa_results", None)
        if not isinstance(qa, dict):
            continue
        by_id = {m.id: m for m in course.modules}
        for o in qa.get("objectives") or ():
            module_id, _dot, number = str(o.get("id", "")).rpartition(".")
            m = by_id.get(module_id)
            key = objectives.key(course, m, int(number)) if m and number.isdigit() else None
            if key not in objectives.rows or not (o.get("all") or {}).get("calls"):
                continue
            entry = rows.setdefault(key, {**{k: objectives.rows[key][k] for k in ("id", "text", "module")},
                                          "rows": [], "_sums": {p: [0.0, 0.0, 0] for p in QA_PHASES}})
            row: dict[str, Any] = {"course": _course_name(course)}
            for phase in QA_PHASES:
                f = o.get(phase) or {}
                row[phase] = {"percent": f.get("percent"), "calls": int(f.get("calls") or 0)}
                s = entry["_sums"][phase]
                s[0] += float(f.get("earned") or 0)
                s[1] += float(f.get("possible") or 0)
                s[2] += int(f.get("calls") or 0)
            entry["rows"].append(row)
    out = []
    for key in objectives.order():
        if key in rows:
            e = rows[key]
            pooled = {p: {"percent": 100 * s[0] / s[1] if s[1] else None, "calls": s[2]}
                      for p, s in e["_sums"].items()}
            out.append({"id": e["id"], "text": e["text"], "module": e["module"], "rows": e["rows"],
                        "all": pooled})
    return out


def plan_catalogue(system_root: Path, title: str, language: str, courses: list[Course]) -> dict[str, Any]:
    """The catalogue as plain data: title, language, courses, matrix, objectives, mastery, qa."""
    system_root = Path(system_root)
    library = library_modules(system_root, courses)
    copies = find_copies(system_root, courses, library)
    by_course: dict[str, dict[str, Copy]] = {}
    for c in copies:
        by_course.setdefault(_course_name(c.course), {})[c.library] = c
    plans = []
    for course in courses:
        name = _course_name(course)
        copied = {str(_real(str(c.module.path))): c.library for c in by_course.get(name, {}).values()}
        modules = []
        for m in course.modules:
            lib = is_library(m, system_root)
            modules.append({"id": m.id, "title": m.title, "minutes": m.duration,
                            "path": relative(m.path, system_root if lib else course.root),
                            "library": lib, "copy_of": copied.get(str(_real(str(m.path))), "")})
        plans.append({"name": name, "title": course.title, "audience": course.audience,
                      "language": course.language, "modules": modules, "minutes": course.duration,
                      "objectives": [{"id": f"{m.id}.{n}", "text": words, "module": m.title}
                                     for m in course.modules for n, words in enumerate(m.objectives, 1)]})
    uses = [{relative(m.path, system_root) for m in course.modules if is_library(m, system_root)}
            for course in courses]
    rows = []
    for lib in library:
        cells = []
        for course, used in zip(courses, uses):
            name = _course_name(course)
            c = by_course.get(name, {}).get(lib.path)
            if lib.path in used:
                cells.append({"kind": USED, "module": lib.path, "percent": None})
            elif c is not None:
                cells.append({"kind": COPY, "module": relative(c.module.path, course.root),
                              "percent": None if c.ratio >= 1.0 else int(c.ratio * 100)})
            else:
                cells.append({"kind": NONE, "module": "", "percent": None})
        rows.append({"path": lib.path, "title": lib.title, "minutes": lib.minutes, "cells": cells,
                     "uses": sum(1 for c in cells if c["kind"] == USED),
                     "copies": sum(1 for c in cells if c["kind"] == COPY)})
    objectives = _Objectives(system_root)
    for course in courses:
        objectives.add_course(course)
    titles = {_course_name(c): c.title for c in courses}
    return {"title": title, "language": language, "courses": plans, "titles": titles,
            "matrix": {"courses": [{"name": _course_name(c), "title": c.title} for c in courses],
                       "rows": rows},
            "objectives": objectives.plan(), "mastery": _mastery(courses, objectives),
            "qa": _qa(courses, objectives), "near_copy": int(NEAR_COPY * 100)}
