"""Load: read course.yml and the files it names, check them, and hand the texts to the parser.

Nothing here knows Markdown; nothing here writes.
"""

from __future__ import annotations

import datetime
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from . import config, limits, messages
from .config import OUTPUT_NAMES, Node
from .errors import Diagnostics, Location
from .messages import Msg, _
from .model import Break, Course, LintSettings, QASettings, QuizSettings, Schedule
from .reference import check_reference
from .reading import read_text
from .system import SYSTEM_FILE, read_system, system_of

COURSE_FILE = "course.yml"
COURSE_KEYS = ("title", "subtitle", "language", "author", "organization", "modules", "quizzes",
               "quiz", "outputs", "theme", "schedule", "footer", "version", "results", "lint", "qa",
               "audience")
COURSE_LISTS = ("modules", "quizzes", "results")  # a course's own: never a system's default
LINT_KEYS = ("sentence_chars", "sentence_words", "card_steps", "list_depth")
QA_KEYS = ("weights", "fatal", "trained")
SCHEDULE_KEYS = ("start", "end", "breaks")
BREAK_KEYS = ("after", "at", "minutes", "title")
QUIZ_KEYS = ("versions", "seed", "shuffle", "pass_mark")
RESULTS_SUFFIXES = (".csv", ".xlsx")
THEME_KEYS = ("pptx", "docx")
QUIZ_SUFFIXES = (".txt", ".quiz.md")


@dataclass(frozen=True)
class SourceFile:
    """A trainer's file, read: its path and its text (None when it could not be read)."""

    path: Path
    text: str


def inside(root: Path, path: Path) -> bool:
    """Whether path, symlinks resolved, lies inside the course folder (a symlink loop does not)."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False


def is_loop(path: Path) -> bool:
    """Whether path is a symbolic link that leads, through links, back to itself."""
    try:
        path.resolve(strict=True)
        return False
    except RuntimeError:
        return True
    except OSError as e:
        return e.errno == errno.ELOOP


def _largest(sizes: list[tuple[int, Path]], root: Path) -> str:
    """The three largest files, for a message that says which to make smaller."""
    top = sorted(sizes, key=lambda x: -x[0])[:3]
    return ", ".join(f"{os.path.relpath(f, root)} ({_mb(n)})" for n, f in top)


def _mb(n: int) -> str:
    return f"{n / limits.MB:,.1f} MB" if n >= limits.MB else f"{n / 1024:,.0f} KB"


def load_course(root: Path, diags: Diagnostics) -> tuple[Course, list[SourceFile], list[SourceFile]]:
    """Read course.yml and the module and quiz files; the Course has no modules yet. A course in
    a training system (system.py) takes trainerkit.yml's settings as its defaults, finds the
    files it names in its own folder first, then in the system's, and is confined to the
    system's folder."""
    root = root.resolve() if not root.is_absolute() else root
    _names_cache.clear()  # folders are listed afresh for each load (trainerkit watch loads again)
    course_file = root / COURSE_FILE
    if course_file.is_symlink():  # it could point at any file of the machine
        diags.error(Location.of(course_file),
                    _("{file} is a symbolic link; a course's files must be in its folder: copy the "
                      "file here instead of linking it", file=COURSE_FILE))
        return Course(root=root, title=root.name), [], []
    if not course_file.is_file():
        diags.error(Location.of(course_file),
                    _('no {file} in this folder; a course folder needs one with at least '
                      '"title: ..." (see the format reference)', file=COURSE_FILE))
        return Course(root=root, title=root.name), [], []
    node = _mapping_of(course_file, diags)
    if node is None:
        return Course(root=root, title=root.name), [], []

    system = system_of(root)
    home = system or root
    places = (root, system) if system else (root,)
    base: dict = {}
    if system is not None:  # its settings are the course's defaults
        snode = load_system(system, diags)
        if snode is not None:
            base = _settings(snode, system / SYSTEM_FILE, (system,), system, diags, {}, system=True)
    p, d, v = course_file, diags, node.value
    config.check_keys(node, COURSE_KEYS, p, COURSE_FILE, d)
    title = config.as_text(v.get("title"), p, "title", d)
    if not title:
        d.error(Location.of(p, 1), _('the course has no title; add a line "title: ..." to course.yml'))
        title = root.name
    given = _settings(node, p, places, home, d, base)
    messages.choose(course=given["language"])  # the trainer's language: what every message is shown in

    modules = _file_list(places, home, v.get("modules"), "modules", _("module file"), _("module files"),
                         (".md",), d, p, limits.MAX_MODULES, "MAX_MODULES")
    quizzes = _file_list(places, home, v.get("quizzes"), "quizzes", _("quiz file"), _("quiz files"),
                         QUIZ_SUFFIXES, d, p, limits.MAX_QUIZ_FILES, "MAX_QUIZ_FILES")
    if modules == [] and v.get("modules") is None:
        d.error(Location.of(root / "modules"),
                _("the course has no modules; add Markdown files to modules/ or list them under "
                  '"modules:" in course.yml'))
    results = _file_list((root,), root, v.get("results"), "results", _("results file"),
                         _("results files"), RESULTS_SUFFIXES, d, p, limits.MAX_RESULTS_FILES,
                         "MAX_RESULTS_FILES")
    qa_files = _file_list((root / "results",), root, None, "qa", _("QA scorecard"), _("QA scorecards"),
                          RESULTS_SUFFIXES, d, p, limits.MAX_RESULTS_FILES, "MAX_RESULTS_FILES")
    over = modules is None or quizzes is None  # too many files: none of them is read
    modules, quizzes = modules or [], quizzes or []

    course = Course(root=root, title=title, quiz_files=tuple(quizzes), loc=Location.of(p, 1),
                    results_files=tuple(results or ()), qa_files=tuple(qa_files or ()),
                    system=system, **given)
    if over or not _course_within_limit(root, d) or not _text_within_limit(root, modules + quizzes, d):
        return course, [], []
    return course, _read_all(modules, d, modules=True), _read_all(quizzes, d)


def _mapping_of(path: Path, diags: Diagnostics) -> Node | None:
    """A course.yml or trainerkit.yml read as a mapping (None, with its error, when it is not)."""
    text = read_text(path, diags)
    node = config.read_yaml(text, path, 1, diags) if text is not None else None
    if node is None:
        return None
    if not isinstance(node.value, dict):
        diags.error(Location.of(path, node.line),
                    _('{file} must be "key: value" lines, starting with "title: ..."', file=path.name))
        return None
    return node


def load_system(system: Path, diags: Diagnostics) -> Node | None:
    """A training system's trainerkit.yml, its keys checked: course.yml's, title naming the
    system; the course's lists (modules, quizzes, results) belong in each course.yml."""
    path = system / SYSTEM_FILE
    node = read_system(system, diags).settings
    if node is None:
        return None
    config.check_keys(node, COURSE_KEYS, path, SYSTEM_FILE, diags)
    for key in COURSE_LISTS:
        if key in node.value:
            diags.error(Location.of(path, node.line_of(key)), _(
                '"{key}" belongs in each course\'s course.yml, not in {file}: a course lists its own '
                "{key}, library ones by their path in the system (library/opening.md)",
                key=key, file=SYSTEM_FILE))
    return node


def _settings(node: Node, p: Path, places: tuple[Path, ...], home: Path, d: Diagnostics,
              base: dict, system: bool = False) -> dict:
    """The Course fields a course.yml (or trainerkit.yml, system) sets, each checked at its line
    in p, over base (the system's settings): a key not given keeps base's value, and in quiz:,
    theme: and lint: each key not given keeps base's. places: where the files it names are
    looked for, in order; home: what they are confined to."""
    v = node.value
    out = dict(base) if base else {"language": "en"}
    for key in ("subtitle", "author", "organization", "footer", "version", "audience"):
        if key in v:
            out[key] = config.as_text(v.get(key), p, key, d)
    if "language" in v:
        out["language"] = config.as_language(v.get("language"), p, "language", d)

    qnode = config.as_mapping(v.get("quiz"), p, "quiz", d)
    if qnode:
        config.check_keys(qnode, QUIZ_KEYS, p, "quiz", d)
        q, quiz = qnode.value, out.get("quiz", QuizSettings())
        quiz = QuizSettings(
            versions=config.as_int(q.get("versions"), p, "versions", d, quiz.versions, minimum=1),
            seed=config.as_int(q.get("seed"), p, "seed", d, quiz.seed),
            shuffle=config.as_bool(q.get("shuffle"), p, "shuffle", d, quiz.shuffle),
            pass_mark=config.as_int(q.get("pass_mark"), p, "pass_mark", d, quiz.pass_mark, minimum=0),
        )
        if quiz.pass_mark > 100:
            d.error(Location.of(p, q["pass_mark"].line),
                    _('"pass_mark" is a percent: write a number from 0 to 100, such as 80'))
        if quiz.versions > 26:
            d.error(Location.of(p, q["versions"].line), _('"versions" can be at most 26 (A to Z)'))
        out["quiz"] = quiz

    if v.get("outputs") is not None:
        outputs = []
        for name, line in config.as_text_list(v["outputs"], p, "outputs", d):
            if name not in OUTPUT_NAMES:
                d.error(Location.of(p, line), _('unknown output "{name}"{suggestion}', name=name,
                                                suggestion=_suggest_output(name)))
            else:
                outputs.append(name)
        out["outputs"] = tuple(outputs)

    tnode = config.as_mapping(v.get("theme"), p, "theme", d)
    if tnode:
        config.check_keys(tnode, THEME_KEYS, p, "theme", d)
        for key, field, what, suffixes, kind in (
                ("pptx", "theme_pptx", _("theme pptx"), (".pptx", ".potx"), _("reference deck")),
                ("docx", "theme_docx", _("theme docx"), (".docx", ".dotx"), _("reference document"))):
            if key not in tnode.value:
                continue
            path = _course_path(places, home, tnode.value.get(key), what, suffixes, d, p)
            # A refused reference is not opened at all: the built-in one stands in while the
            # errors are collected, and the build stops on them.
            out[field] = path if path is not None and check_reference(path, kind, d) else None
    if system:  # the system's templates/reference.pptx and .docx, unless its theme: names others
        for field, names in (("theme_pptx", ("reference.pptx", "reference.potx")),
                             ("theme_docx", ("reference.docx", "reference.dotx"))):
            found = [home / "templates" / n for n in names if (home / "templates" / n).is_file()]
            if field not in out and found and inside(home, found[0]):
                out[field] = found[0] if check_reference(found[0], _("reference deck") if field ==
                                                         "theme_pptx" else _("reference document"), d) else None

    if "schedule" in v:
        out["schedule"] = _schedule(v.get("schedule"), p, d)
    lnode = config.as_mapping(v.get("lint"), p, "lint", d)
    if lnode:
        config.check_keys(lnode, LINT_KEYS, p, "lint", d)
        lint = out.get("lint", LintSettings())
        out["lint"] = LintSettings(**{
            key: config.as_int(lnode.value.get(key), p, key, d, getattr(lint, key), minimum=1)
            for key in LINT_KEYS}, loc=Location.of(p, lnode.line))
    if "qa" in v:
        out["qa"] = _qa(v.get("qa"), p, d)
    return out


def _qa(node: Node | None, p: Path, d: Diagnostics) -> QASettings:
    """qa: its weights (a mapping of a module id or item to its points) and fatal items (a list),
    with their lines; what the keys name is checked where the scorecard is planned."""
    qnode = config.as_mapping(node, p, "qa", d)
    if qnode is None:
        return QASettings()
    config.check_keys(qnode, QA_KEYS, p, "qa", d)
    weights = []
    wnode = config.as_mapping(qnode.value.get("weights"), p, "weights", d)
    for key, value in (wnode.value.items() if wnode else ()):
        if isinstance(value.value, bool) or not isinstance(value.value, (int, float)) or value.value < 0:
            d.error(Location.of(p, value.line), _(
                'the weight of "{key}" must be a number of points, such as 20', key=key))
            continue
        weights.append((key, float(value.value), wnode.line_of(key)))
    fatal = tuple(config.as_text_list(qnode.value.get("fatal"), p, "fatal", d)) \
        if qnode.value.get("fatal") is not None else ()
    trained = ""
    tnode = qnode.value.get("trained")
    if tnode is not None and tnode.value is not None:
        value = tnode.value
        day = value if isinstance(value, datetime.date) else None
        if isinstance(day, datetime.datetime):
            day = day.date()
        if day is None and isinstance(value, str):
            try:
                day = datetime.date.fromisoformat(value.strip())
            except ValueError:
                day = None
        if day is None:
            d.error(Location.of(p, tnode.line), _(
                'qa: trained must be the training date, written as 2026-11-20'))
        else:
            trained = day.isoformat()
    return QASettings(tuple(weights), fatal, Location.of(p, qnode.line), trained)


def _schedule(node: Node | None, p: Path, d: Diagnostics) -> Schedule | None:
    """course.yml's schedule: start (and end) as times of day, breaks after a module or at a time."""
    snode = config.as_mapping(node, p, "schedule", d)
    if snode is None:
        return None
    config.check_keys(snode, SCHEDULE_KEYS, p, "schedule", d)
    s = snode.value
    start = config.as_clock(s.get("start"), p, "start", d)
    if start is None:
        if s.get("start") is None:
            d.error(Location.of(p, snode.line), _('the schedule has no start; add start: "09:00" under it'))
        return None
    end = config.as_clock(s.get("end"), p, "end", d)
    if end is not None and end <= start:
        d.error(Location.of(p, s["end"].line), _("the day ends before it starts; the end must be later than the start"))
        end = None
    breaks = []
    bnode = s.get("breaks")
    if bnode is not None and bnode.value is not None:
        if not isinstance(bnode.value, list):
            d.error(Location.of(p, bnode.line), _('"breaks" must be a list, one break a line starting with "- "'))
        else:
            for item in bnode.value:
                if not isinstance(item.value, dict):
                    d.error(Location.of(p, item.line), _('a break needs "minutes:" and "after:" (a module id) or "at:" (a time)'))
                    continue
                config.check_keys(item, BREAK_KEYS, p, "a break", d)
                b = item.value
                minutes = config.as_minutes(b.get("minutes"), p, "minutes", d)
                after = config.as_text(b.get("after"), p, "after", d)
                at = config.as_clock(b.get("at"), p, "at", d)
                if minutes is None:
                    if b.get("minutes") is None:
                        d.error(Location.of(p, item.line), _('this break has no length; add "minutes: 15"'))
                    continue
                if b.get("at") is not None and at is None:
                    continue  # its time is wrong: said above
                if bool(after) == (at is not None):
                    d.error(Location.of(p, item.line), _('a break comes "after:" a module (its id) or "at:" a '
                                                         "time of day, one of the two"))
                    continue
                breaks.append(Break(minutes, config.as_text(b.get("title"), p, "title", d), after, at,
                                    Location.of(p, item.line)))
    return Schedule(start, end, tuple(breaks), Location.of(p, snode.line))


def _text_within_limit(root: Path, paths: list[Path], d: Diagnostics) -> bool:
    """Whether the modules and quiz files add up to at most limits.MAX_COURSE_TEXT_BYTES."""
    sizes = []
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError:
            continue  # reading it says what is wrong
        if size <= limits.MAX_TEXT_FILE_BYTES:  # a larger one is refused on its own when read
            sizes.append((size, path))
    total = sum(n for n, _ in sizes)
    if total <= limits.MAX_COURSE_TEXT_BYTES:
        return True
    d.error(Location.of(root / COURSE_FILE, 1),
            _("the modules and quiz files add up to {total}, more than {most} (the limit "
              "MAX_COURSE_TEXT_BYTES); the largest: {largest}. Split the course into several courses",
              total=_mb(total), most=_mb(limits.MAX_COURSE_TEXT_BYTES), largest=_largest(sizes, root)))
    return False


# What trainerkit reads of a course besides course.yml, the modules and quizzes (which it names):
# templates, reference files and pictures. Other files (recordings, notes) are not counted.
_COUNTED = (".md", ".txt", ".yml", ".yaml", ".j2", ".pptx", ".potx", ".docx", ".dotx", ".png",
            ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg")
_TEXT = (".md", ".txt", ".yml", ".yaml")


def _course_within_limit(root: Path, d: Diagnostics) -> bool:
    """Whether the files of the course that trainerkit reads add up to at most
    limits.MAX_COURSE_BYTES (by their sizes, before any is read), the course holds at most
    limits.MAX_COURSE_ENTRIES files and folders and none nested deeper than
    limits.MAX_FOLDER_DEPTH; a located error when not (the first found: the walk stops there).
    Hidden folders (.git) and output folders (they hold a build manifest) are not looked into.
    Walked with a stack of folders, never by recursion; symlinked folders are not followed."""
    total = 0
    sizes: list[tuple[int, Path]] = []
    looked_at = 0
    stack = [(os.fspath(root), 0)]
    while stack:
        folder, depth = stack.pop()
        entries = []
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    looked_at += 1
                    if looked_at > limits.MAX_COURSE_ENTRIES:
                        too_many_entries(root, d)
                        return False
                    entries.append(entry)
        except OSError:
            continue  # unreadable: passed over, as what the build reads says so itself
        if any(e.name == OUTPUT_MANIFEST for e in entries):
            continue  # an output folder
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 > limits.MAX_FOLDER_DEPTH:
                        too_deep(entry.path, d)
                        return False
                    stack.append((entry.path, depth + 1))
                    continue
                if not name.lower().endswith(_COUNTED):
                    continue
                if entry.is_symlink():  # counted where it leads, if that is a file in the course
                    st = os.stat(entry.path)
                    if not stat.S_ISREG(st.st_mode) or not inside(root, Path(entry.path)):
                        continue
                elif entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                else:
                    continue  # a FIFO, a device: never opened, met later with its error
            except (OSError, RuntimeError):  # gone, or a symlink loop: met later with its error
                continue
            if st.st_size > limits.MAX_TEXT_FILE_BYTES and name.lower().endswith(_TEXT):
                continue  # refused on its own when read (MAX_TEXT_FILE_BYTES)
            total += st.st_size
            sizes.append((st.st_size, Path(entry.path)))
    if total <= limits.MAX_COURSE_BYTES:
        return True
    d.error(Location.of(root / COURSE_FILE, 1),
            _("the course's files add up to {total}, more than {most} (the limit MAX_COURSE_BYTES); "
              "the largest: {largest}. Make pictures smaller, or move files the course does not use "
              "out of its folder",
              total=_mb(total), most=_mb(limits.MAX_COURSE_BYTES), largest=_largest(sizes, root)))
    return False


OUTPUT_MANIFEST = ".trainerkit-manifest.json"  # cache.MANIFEST: a folder holding one is a build's


def too_many_entries(root: Path, d: Diagnostics) -> None:
    """The error for a course folder of more than limits.MAX_COURSE_ENTRIES files and folders."""
    d.error(Location.of(root),
            _("the course folder holds more than {most:,} files and folders (the limit "
              "MAX_COURSE_ENTRIES; hidden folders such as .git and output folders are not looked "
              "into); move what the course does not use out of its folder",
              most=limits.MAX_COURSE_ENTRIES))


def too_deep(folder: str | Path, d: Diagnostics) -> None:
    """The error for a folder nested deeper than limits.MAX_FOLDER_DEPTH, which is not opened."""
    d.error(Location.of(folder),
            _("this folder is nested more than {most} folders deep in the course (the limit "
              "MAX_FOLDER_DEPTH), so trainerkit does not look into it; move what it holds higher "
              "up, or out of the course folder", most=limits.MAX_FOLDER_DEPTH))


def _read_all(paths: list[Path], diags: Diagnostics, modules: bool = False) -> list[SourceFile]:
    """The files read; an empty module (nothing but white space) is left out with a warning, as
    it would make only a blank opening slide and an agenda line."""
    out = []
    for path in paths:
        text = read_text(path, diags, guess=True)
        if text is None:
            continue
        if modules and not text.strip():
            diags.warning(Location.of(path, 1),
                          _("this module file is empty, so it is left out of the course (no slide, "
                            "no agenda line); write its content, or delete the file"))
            continue
        out.append(SourceFile(path, text))
    return out


def _file_list(places: tuple[Path, ...], home: Path, node: Node | None, key: str, what: Msg,
               whats: Msg, suffixes: tuple[str, ...], d: Diagnostics, p: Path, most: int,
               limit: str) -> list[Path] | None:
    """The files a list key names, checked; by default the files of the folder named key, by
    name. what, whats: a file of that kind and several ("module file", "module files"). None,
    with a located error, when there are more than most (the limit named limit): counted
    before any is looked at further. places: where a named file is looked for, in order (the
    course, then its system); home: what every file must be inside (symlinks resolved)."""
    root = places[0]
    if node is None or node.value is None:
        folder = root / key
        if not folder.is_dir():
            return []
        found = []
        try:
            with os.scandir(folder) as it:
                for n, entry in enumerate(it):
                    if n >= limits.MAX_COURSE_ENTRIES:
                        break  # the walk of the whole course says so
                    if entry.name.startswith(".") or not entry.name.endswith(suffixes):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                    except OSError:  # a symlink loop
                        continue
                    found.append(folder / entry.name)
                    if len(found) > most:
                        d.error(Location.of(folder),
                                _("there are more than {most:,} {whats} in this folder (the limit "
                                  "{limit}); split the course into several courses",
                                  most=most, whats=whats, limit=limit))
                        return None
        except OSError:
            return []
        found.sort()
        for f in [f for f in found if not inside(home, f)]:
            d.error(Location.of(f), _("this {what} links to a file outside the course folder; copy "
                                      "the file into the course instead of linking it", what=what))
            found.remove(f)
        return found
    if isinstance(node.value, list) and len(node.value) > most:
        d.error(Location.of(p, node.line),
                _('"{key}" lists {n:,} {whats}, more than {most:,} (the limit {limit}); split the '
                  "course into several courses",
                  key=key, n=len(node.value), whats=whats, most=most, limit=limit))
        return None
    out: list[Path] = []
    seen: set[Path] = set()
    for name, line in config.as_text_list(node, p, key, d):
        path = _course_path(places, home, Node(name, line), what, suffixes, d, p)
        if path is None:
            continue
        if path in seen:
            d.error(Location.of(p, line), _('"{name}" is listed twice under "{key}"; remove one',
                                            name=name, key=key))
            continue
        seen.add(path)
        out.append(path)
    return out


def _course_path(places: tuple[Path, ...], home: Path, node: Node | None, what: Msg,
                 suffixes: tuple[str, ...], d: Diagnostics, p: Path) -> Path | None:
    """A path named in course.yml (or trainerkit.yml): relative to the course, else to its
    system (places, in order), inside home, existing, of the right kind; what: the kind of file,
    as messages name it (_("module file"))."""
    if node is None or node.value is None:
        return None
    name = str(node.value).strip()
    loc = Location.of(p, node.line)
    path = places[0] / name
    for place in places[1:]:
        if not path.exists() and not path.is_symlink() and (place / name).exists():
            path = place / name
    if is_loop(path):
        d.error(loc, _('{what} "{name}" is a link that leads back to itself (a loop); put the '
                       "file itself there", what=what, name=name))
        return None
    if Path(name).is_absolute() or not inside(home, path):
        if len(places) > 1 or home != places[0]:
            d.error(loc, _('{what} "{name}" is outside the training system\'s folder; copy it into '
                           "the system (its library/ or the course) and name it relative to the "
                           "course or the system", what=what, name=name))
        else:
            d.error(loc, _('{what} "{name}" is outside the course folder; copy it into the course '
                           "and name it relative to course.yml", what=what, name=name))
        return None
    if not path.is_file():
        d.error(loc, _('{what} "{name}" does not exist{near}', what=what, name=name,
                       near=_near_files(places[0] / name)))
        return None
    if not name.lower().endswith(suffixes):
        d.error(loc, _('{what} "{name}" must be a {suffixes} file', what=what, name=name,
                       suffixes=_or(suffixes)))
        return None
    return path


def _or(words: tuple[str, ...]) -> str:
    """".md", or ".pptx or .potx" in the message's language."""
    if len(words) == 1:
        return words[0]
    return _("{some} or {last}", some=", ".join(words[:-1]), last=words[-1])


def _near_files(path: Path) -> Msg:
    """What a missing file's folder holds, for the message: the name it most likely meant, or
    the names it has."""
    folder = path.parent
    if not folder.is_dir():
        return _('; there is no folder "{folder}"', folder=folder.name)
    names = _names_in(folder)
    if not names:
        return _("; {folder}/ is empty", folder=folder.name)
    return config.suggest(path.name, names, _("; {folder}/ has: {names}", folder=folder.name,
                                              names=", ".join(names[:8])))


_names_cache: dict[str, list[str]] = {}


def _names_in(folder: Path) -> list[str]:
    """The first limits.MAX_SUGGESTION_NAMES file names of a folder, sorted, looked at once per
    folder: what a "did you mean" compares a missing file's name with."""
    key = os.fspath(folder)
    if key not in _names_cache:
        names = []
        try:
            with os.scandir(folder) as it:
                for n, entry in enumerate(it):
                    if n >= limits.MAX_SUGGESTION_NAMES:
                        break
                    try:
                        if entry.is_file():
                            names.append(entry.name)
                    except OSError:
                        pass
        except OSError:
            pass
        if len(_names_cache) > 100:
            _names_cache.clear()
        _names_cache[key] = sorted(names)
    return _names_cache[key]


def _suggest_output(name: str) -> Msg:
    return config.suggest(name, OUTPUT_NAMES, _("; outputs are: {known}", known=", ".join(OUTPUT_NAMES)))


def load_deck(path: Path, diags: Diagnostics) -> tuple[Course, list[SourceFile], list[SourceFile]]:
    """A single Markdown file (a pandoc slide deck) as a course of one module, with no course.yml:
    its folder is the course's (pictures and templates/ are found as in a course), its pandoc
    title block (title, subtitle, author, date, lang) names the course."""
    root = path.parent.resolve()
    file = root / path.name
    course = Course(root=root, title=path.stem, deck=True, loc=Location.of(file, 1))
    if path.suffix.lower() != ".md":
        diags.error(Location.of(path), _("build takes a course folder or a Markdown file (.md); "
                                         "this file is neither"))
        return course, [], []
    if file.is_symlink():  # it could point at any file of the machine
        diags.error(Location.of(file), _("this file is a symbolic link; build the file it points "
                                         "to, or copy it here"))
        return course, [], []
    if not _text_within_limit(root, [file], diags):
        return course, [], []
    text = read_text(file, diags, guess=True)
    if text is None:
        return course, [], []
    if not text.strip():
        diags.error(Location.of(file, 1), _("this file is empty, so there is nothing to build; "
                                            "write its slides (## a slide title, then its content)"))
        return course, [], []
    if text.lstrip("\ufeff").startswith("%"):  # pandoc's older title block: % title, % author, % date
        return _percent_title_block(text, course, file)
    meta = _title_block(text, file)
    if meta is None:
        return course, [SourceFile(file, text)], []
    p, d, v = file, diags, meta.value
    title = config.as_text(v.get("title"), p, "title", Diagnostics())  # the parse says its errors
    language = config.as_language(v.get("lang"), p, "lang", d)
    messages.choose(course=language)
    course = Course(root=root, title=title or path.stem, language=language or "en",
                    subtitle=config.as_text(v.get("subtitle"), p, "subtitle", d),
                    author=_authors(v.get("author"), p, d),
                    date=config.as_text(v.get("date"), p, "date", d), deck=True,
                    loc=Location.of(file, 1))
    return course, [SourceFile(file, text)], []


def _percent_title_block(text: str, course: Course, file: Path
                         ) -> tuple[Course, list[SourceFile], list[SourceFile]]:
    """pandoc's % title block (its first lines starting with %: title, authors separated by ;,
    date) names the course; those lines are blanked for the parser, so the slides keep their
    line numbers."""
    lines = text.lstrip("\ufeff").split("\n")
    fields: list[str] = []
    while len(fields) < 3 and len(fields) < len(lines) and lines[len(fields)].startswith("%"):
        fields.append(lines[len(fields)][1:].strip())
    title, authors, date = (fields + ["", "", ""])[:3]
    course = Course(root=course.root, title=title or file.stem, deck=True, loc=course.loc,
                    author=", ".join(a.strip() for a in authors.split(";") if a.strip()), date=date)
    body = "\n" * len(fields) + "\n".join(lines[len(fields):])
    return course, [SourceFile(file, body)], []


def _title_block(text: str, path: Path) -> Node | None:
    """The YAML between a file's opening --- and the next ---, as a mapping; None when there is
    none or it cannot be read (the module's parse reports why)."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for n in range(1, len(lines)):
        if lines[n].rstrip() == "---":
            node = config.read_yaml("\n".join(lines[1:n]), path, 2, Diagnostics())
            return node if node is not None and isinstance(node.value, dict) else None
    return None


def _authors(node: Node | None, path: Path, diags: Diagnostics) -> str:
    """pandoc's author: one name, or a list of them (shown joined by commas)."""
    if node is not None and isinstance(node.value, list):
        return ", ".join(t for t, _ in config.as_text_list(node, path, "author", diags))
    return config.as_text(node, path, "author", diags)
