"""The Jinja templates that say what trainerkit adds (title slide, agenda, openings, covers), and
the words it uses, in the course language. A course's templates/ overrides them file by file.

Templates emit the Markdown a trainer writes; it goes through the same parser.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import time
from pathlib import Path
from typing import Any, Callable

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.loaders import split_template_path

from .cache import code_fingerprint
from . import limits
from .errors import Diagnostic, Diagnostics, Location
from .files import read_regular
from .load import inside
from .messages import Msg, _
from .model import Block, Course, Section
from .resources import builtin, builtin_dir
from .sandbox import BoundedEnvironment, TemplateLimit, bound_filters, line_of
from .sandbox_process import ChildProblem, TemplateChild
from .sandbox_process import available as child_available
from .text import lookup_tags


@functools.lru_cache(maxsize=None)
def _read_labels(path: Path, mtime: float) -> tuple[dict[str, dict[str, str]], tuple[Diagnostic, ...]]:
    """A labels.yml as {language: {name: word}}, and the problems found in it, each at its line.
    Read as course.yml is (issue 10): size and alias expansion bounded, control characters
    removed, and every word a single value, so no alias is ever expanded into text."""
    from . import config
    from .reading import read_text

    found = Diagnostics()
    text = read_text(path, found)
    trusted = path == builtin("labels.yml")
    root = config.read_yaml(text, path, 1, found, trusted) if text is not None else None
    out: dict[str, dict[str, str]] = {}
    if root is None or root.value is None or root.value == {}:
        return out, tuple(found.items)

    def problem(line: int, message: Msg) -> None:
        found.error(Location.of(path, line), _('{problem}; a labels file is "language:" groups of '
                                               '"name: word" lines', problem=message))

    if not isinstance(root.value, dict):
        problem(root.line, _("these labels are not in groups by language"))
        return out, tuple(found.items)
    for tag, group in root.value.items():
        if group.value is None:
            continue
        if not isinstance(group.value, dict):
            problem(group.line, _('"{tag}" must be a group of "name: word" lines', tag=str(tag)))
            continue
        words: dict[str, str] = {}
        for name, word in group.value.items():
            if isinstance(word.value, (dict, list)):
                problem(word.line, _('the label "{name}" must be one word or phrase, not a list or group',
                                     name=str(name)))
                continue
            text = "" if word.value is None else str(word.value)
            if len(text) > limits.MAX_LABEL_CHARS:
                size = f"{len(text):,}"
                problem(word.line, _('the label "{name}" is {size} characters long, more than {most} '
                                     "(the limit MAX_LABEL_CHARS)", name=str(name), size=size,
                                     most=limits.MAX_LABEL_CHARS))
                continue
            words[name] = text
        out[tag] = words
    return out, tuple(found.items)


def labels_for(language: str, folders: "Path | tuple[Path, ...] | None",
               diags: Diagnostics | None = None) -> dict[str, str]:
    """The generated words for a language: exact tag, then its first part, then English; a
    course's templates/labels.yml overrides any of them. folders: a course's folder, or the
    template folders (Course.template_folders: the course's, then its system's, which the
    course's overrides)."""
    files = [builtin("labels.yml")]
    if isinstance(folders, Path):
        folders = (folders / "templates",)
    for folder in reversed(folders or ()):
        own = folder / "labels.yml"
        if own.is_file() or own.is_symlink():
            if inside(folders[-1].parent, own):  # the course's folder, or its system's
                files.append(own)
            elif diags is not None:
                diags.error(Location.of(own), _("these labels point outside the course folder; copy "
                                                "the file into templates/ instead of linking it"))
    tables = []
    for path in files:
        try:
            table, found = _read_labels(path, path.stat().st_mtime)
        except OSError as e:
            reason = str(e.strerror or e)
            found, table = (Diagnostic(Location.of(path), "error",
                                       _("cannot read these labels: {reason}", reason=reason)),), {}
        if diags is not None:
            diags.extend(found)
        tables.append(table)
    # The more exact tag wins, and for one tag the course's file: a course's English words
    # never stand in for the built-in Chinese ones of a Chinese course.
    merged: dict[str, str] = {}
    for tag in reversed(lookup_tags(language)):  # en first, the full tag last: it wins
        for table in tables:
            merged.update(table.get(tag, {}))
    return merged


_MD_SPECIAL = set("\\`*_{}[]<>#+-!|~")


def md_escape(value: Any) -> str:
    """Text from course.yml or front matter, made safe to put in Markdown as it is."""
    text = "" if value is None else str(value)
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


def template_data(value: Any, root: Path | None = None, memo: dict[int, Any] | None = None) -> Any:
    """What a template may see of a value: text, numbers, booleans, None, and lists and mappings
    of those; never an object with methods. A path is shown relative to the course (root), a
    model object as a mapping of its fields and properties. memo shares what was converted."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    memo = {} if memo is None else memo
    known = memo.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    if isinstance(value, Path):
        out: Any = _path_text(value, root)
    elif isinstance(value, dict):
        out = {str(k): template_data(v, root, memo) for k, v in value.items()}
    elif isinstance(value, (list, tuple)):
        out = [template_data(v, root, memo) for v in value]
    elif isinstance(value, (set, frozenset)):
        out = sorted(str(v) for v in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {name: template_data(getattr(value, name), root, memo)
               for name in _shown_names(type(value))}
        out["type"] = type(value).__name__
        memo[id(value)] = (value, out)  # model objects are frozen: convert each once
    else:  # a date, an enum: as text
        out = str(value)
    return out


def _path_text(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


# What templates do not see of the model: the content of slides and quizzes (a template arranges
# the course's outline; the writers show the content), and the parser's bookkeeping.
_NOT_SHOWN = frozenset({"blocks", "intro", "quizzes", "given", "templates_dir", "template_folders",
                        "home", "system", "qa", "lint"})


@functools.lru_cache(maxsize=None)
def _shown_names(cls: type) -> tuple[str, ...]:
    """A model class's fields, and its properties (a module's slides, a course's duration)."""
    names = [f.name for f in dataclasses.fields(cls)]
    names += [n for n in dir(cls) if isinstance(getattr(cls, n, None), property)
              and not n.startswith("_") and n not in names]
    return tuple(n for n in names if n not in _NOT_SHOWN)


class TemplatesOnly(ChoiceLoader):
    """The course's templates, then the built-in ones: files named *.j2 only, so that an include
    cannot pull labels.yml or a reference deck into an output."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Any]:
        if not template.endswith(".j2"):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)

    def load(self, environment: Any, name: str, globals: Any = None) -> Any:
        if not name.endswith(".j2"):
            raise TemplateNotFound(name)
        return super().load(environment, name, globals)


class _Compiled(BytecodeCache):
    """Templates compiled once per process, for every Templates it makes (a training system's
    build makes one per course, and compiling the built-in templates was a tenth of a course):
    Jinja keys each by the template's name and file and checks its source's checksum, so a
    changed or a course's own template is compiled afresh. In memory only, never on disk."""

    MOST = 512

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if len(self.store) >= self.MOST:
            self.store.clear()
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


class CourseTemplateLoader(BaseLoader):
    """A course's templates/ folder: regular files only (a pipe or a device is never opened),
    each at most limits.MAX_TEMPLATE_BYTES and all of them together at most
    limits.MAX_TEMPLATES_BYTES, since compiling a template costs time and memory by its size."""

    def __init__(self, folders: "Path | tuple[Path, ...]"):
        self.folders = (folders,) if isinstance(folders, Path) else tuple(folders)
        self.read = 0

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        # the course's templates/, then its training system's: the first that has the file
        paths = [f.joinpath(*split_template_path(template)) for f in self.folders]
        path = next((p for p in paths if p.is_file() or p.is_symlink()), paths[0])
        try:
            data = read_regular(path, limits.MAX_TEMPLATE_BYTES)
        except OSError as e:
            if e.errno == errno.EFBIG:
                raise TemplateLimit(_("this template is larger than {kb} KB (the limit "
                                      "MAX_TEMPLATE_BYTES); a template only arranges the course's "
                                      "text", kb=limits.MAX_TEMPLATE_BYTES // 1024)) from None
            raise TemplateNotFound(template) from None  # missing, or not a regular file
        self.read += len(data)
        if self.read > limits.MAX_TEMPLATES_BYTES:
            raise TemplateLimit(_("the course's templates together are larger than {kb} KB (the "
                                  "limit MAX_TEMPLATES_BYTES); keep only the templates you changed",
                                  kb=limits.MAX_TEMPLATES_BYTES // 1024))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateLimit(_("this template is not UTF-8 text; save it as UTF-8")) from None
        mtime = path.stat().st_mtime
        return text, str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


class Templates:
    """Renders templates into parsed blocks; problems are located in the template file."""

    def __init__(self, course: Course, diags: Diagnostics, cache: Any = None):
        self.course = course
        self.diags = diags
        self.cache = cache  # a FileCache for parsed template output across builds, or None
        self._parsed: dict[tuple[str, str], tuple] = {}
        self.labels = labels_for(course.language, course.template_folders, diags)
        self._labels_in: dict[str, dict[str, str]] = {course.language: self.labels}
        self._memo: dict[int, Any] = {}  # model objects already shown to a template
        self._failed: set[str] = set()  # templates that went past a limit: not run again
        self._spent = 0.0  # seconds the course's own templates took in this process
        self._over_budget = False
        self._lines = 0  # lines of template output parsed in this process
        loaders: list[BaseLoader] = []
        folders = [f for f in course.template_folders if f.is_dir()]
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if not inside(course.home, path):  # a symlink out of the course
                    diags.error(Location.of(path), _("this template points outside the course folder; "
                                                     "copy the file into templates/ instead of linking it"))
                elif not (path.is_file() or path.is_dir()):
                    diags.error(Location.of(path), _("this is not a regular file (a pipe, a device or "
                                                     "a socket); a course holds only ordinary files"))
        if folders:
            loaders.append(CourseTemplateLoader(tuple(folders)))
        loaders.append(FileSystemLoader(str(builtin_dir())))
        # A course's own templates may come from anyone: they run in a sandbox that sees plain
        # data only, within bounds of time and size.
        self.env = BoundedEnvironment(loader=TemplatesOnly(loaders), undefined=StrictUndefined,
                                      bytecode_cache=COMPILED,
                                      keep_trailing_newline=True, autoescape=False)
        self.env.filters["md"] = md_escape
        self.env.filters["minutes"] = self.minutes
        self.env.filters["clock"] = self.clock
        self.env.filters = bound_filters(self.env, self.env.filters)
        self.env.tests = bound_filters(self.env, self.env.tests)
        own = loaders[0] if isinstance(loaders[0], CourseTemplateLoader) else None
        self._child = TemplateChild(self._render, self.describe) if own and child_available() else None


    def labels_in(self, language: str) -> dict[str, str]:
        """The generated words in another language (a module written in it), the course's own
        templates/labels.yml still overriding them."""
        hit = self._labels_in.get(language)
        if hit is None:
            hit = self._labels_in[language] = labels_for(language, self.course.template_folders)
        return hit

    def minutes(self, value: int | None, labels: dict[str, str] | None = None) -> str:
        """Minutes in words ("30 分钟"), in labels' language (default: the course's)."""
        labels = labels if isinstance(labels, dict) else self.labels
        if value is None:
            return labels.get("not_timed", "")
        return f"{value} {labels['minutes']}"

    @staticmethod
    def clock(value: int | None) -> str:
        """Minutes from the start as h:mm."""
        if value is None:
            return ""
        return f"{value // 60}:{value % 60:02d}"

    def path_of(self, name: str) -> Path:
        own = [f / name for f in self.course.template_folders if (f / name).is_file()]
        return own[0] if own else builtin(name)

    def text(self, name: str, **context: Any) -> str | None:
        """A template's output, or None (with a located error) when it fails. A course's own
        template runs in a child process the operating system bounds (sandbox_process.py)."""
        if name in self._failed or self._over_budget:
            return None  # its error is already reported
        if self._spent > limits.TEMPLATE_BUILD_SECONDS:
            self._over_budget = True
            seconds = f"{limits.TEMPLATE_BUILD_SECONDS:g}"
            self.diags.error(Location.of(self.course.templates_dir),
                             _("the course's templates together run longer than {seconds} s (the "
                               "limit TEMPLATE_BUILD_SECONDS); a template should only arrange the "
                               "course's text", seconds=seconds))
            return None
        data = {key: template_data(value, self.course.root, self._memo) for key, value in context.items()}
        path = self.path_of(name)
        own = path != builtin(name)
        started = time.monotonic()
        try:
            if own and self._child is not None:
                return self._child.run(name, data)
            return self._render(name, data)
        except ChildProblem as e:
            message, line, stop = e.message, e.line, True
        except Exception as e:
            # Caught broadly on purpose: a template rendered here (the built-ins, and a course's
            # own where no child can run it: not Linux) may raise anything Jinja or a filter can, as
            # TypeError or ZeroDivisionError on the course's data. Each becomes a located error at
            # the template's file and line (describe), never a silent skip or a crash of the build.
            message, line = self.describe(e, name)
            stop = isinstance(e, (TemplateLimit, RecursionError, MemoryError))
        finally:
            if own:
                self._spent += time.monotonic() - started
        if stop:
            self._failed.add(name)
        self.diags.error(Location.of(path, line), message)
        return None

    def _render(self, name: str, data: dict[str, Any]) -> str:
        """Compile (once) and render a template; raises what went wrong."""
        try:
            template = self.env.get_template(name)
        except (RecursionError, SyntaxError, MemoryError) as e:
            if isinstance(e, TemplateSyntaxError):
                raise
            raise TemplateLimit(_("this template is nested too deeply (ifs, loops or brackets inside "
                                  "one another); make it flatter")) from None
        return self.env.render(template, {"course": self.course_data, "labels": dict(self.labels),
                                          **data})

    def describe(self, e: BaseException, name: str) -> tuple[str, int]:
        """The message and the template line for a failure of the template name."""
        line = line_of(e, str(self.path_of(name)))
        if isinstance(e, TemplateLimit):
            return (e.args[0] if e.args else _("this template went past a limit")), line
        if isinstance(e, RecursionError):
            return _("this template calls itself without end (a macro or include that calls "
                     "itself); remove the loop"), line
        if isinstance(e, MemoryError):
            return _("this template needs more than {mb} MB of memory; a template should only "
                     "arrange the course's text", mb=limits.TEMPLATE_MEMORY // 2**20), line
        # Jinja's own words (what it found wrong) stay as Jinja says them.
        if isinstance(e, TemplateSyntaxError):
            return _("template error: {problem}", problem=str(e.message)), e.lineno or 0
        if isinstance(e, TemplateNotFound):
            return _('template "{name}" is missing', name=str(e.name)), 0
        if isinstance(e, UndefinedError):
            return _("template error: {problem}; check the names used in it", problem=str(e.message)), line
        if isinstance(e, TemplateError):
            return _("template error: {problem}", problem=str(e)), line
        problem = f"{type(e).__name__}: {e}"
        return _("template error: {problem}", problem=problem), line

    @functools.cached_property
    def course_data(self) -> dict[str, Any]:
        """The course as templates see it: plain data, made once."""
        return template_data(self.course, self.course.root, self._memo)

    def fragment(self, name: str, **context: Any) -> tuple[list[Block], list[Section]]:
        """A template's output parsed like a module: intro blocks and sections."""
        from .parse import parse_fragment

        text = self.text(name, **context)
        if text is None:
            return [], []
        path = self.path_of(name)
        # What a template writes is parsed as a module is, and bounded as a module is.
        lines = text.count("\n") + 1
        self._lines += lines
        over = [(bound, what) for n, bound, what in (
            (len(text), limits.MAX_TEXT_FILE_BYTES, _("characters (the limit MAX_TEXT_FILE_BYTES)")),
            (lines, limits.TEMPLATE_OUTPUT_LINES, _("lines (the limit TEMPLATE_OUTPUT_LINES)")),
            (self._lines, limits.TEMPLATE_BUILD_LINES, _("lines in all (the limit TEMPLATE_BUILD_LINES)")),
        ) if n > bound]
        if over:
            self._failed.add(name)
            bound, what = over[0]
            most = f"{bound:,}"
            self.diags.error(Location.of(path), _("this template writes more than {most} {what}; a "
                                                  "template should only arrange the course's text",
                                                  most=most, what=what))
            return [], []
        # The same output (a module's opening, in the deck and in each document) is parsed once,
        # and with a cache once across builds too.
        memo = (str(path), text)
        if memo not in self._parsed:
            key = f"fragment\0{code_fingerprint()}\0{self.course.root}\0{path}\0{text}"
            entry = self.cache.get_object(key) if self.cache is not None else None
            if not (isinstance(entry, tuple) and len(entry) == 3):
                own = Diagnostics(strict=self.diags.strict)
                intro, sections = parse_fragment(path, text, self.course.root, own)
                entry = (intro, sections, own.items)
                if self.cache is not None and not own.errors:
                    self.cache.put_object(key, entry)
            self._parsed[memo] = entry
            self.diags.extend(entry[2])
        intro, sections, _diags = self._parsed[memo]
        return list(intro), list(sections)
