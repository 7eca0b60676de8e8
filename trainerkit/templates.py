"""The Jinja templates that say what trainerkit adds (title slide, agenda, openings, covers), and
the words it uses, in the course language. A course's templates/ overrides them file by file.

Templates emit the Markdown a trainer writes; it goes through the same parser.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .cache import code_fingerprint
from .errors import Diagnostics, Location
from .load import inside
from .model import Block, Course, Section
from .resources import builtin, builtin_dir


@functools.lru_cache(maxsize=None)
def _read_labels(path: Path, mtime: float) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): {str(a): str(b) for a, b in (v or {}).items()} for k, v in data.items()}


def labels_for(language: str, course_root: Path | None, diags: Diagnostics | None = None) -> dict[str, str]:
    """The generated words for a language: exact tag, then its first part, then English; a
    course's templates/labels.yml overrides any of them."""
    files = [builtin("labels.yml")]
    if course_root is not None and (course_root / "templates" / "labels.yml").is_file():
        files.append(course_root / "templates" / "labels.yml")
    merged: dict[str, str] = {}
    tags = ["en", language.split("-")[0].lower(), language]
    for path in files:
        try:
            table = _read_labels(path, path.stat().st_mtime)
        except (yaml.YAMLError, OSError, AttributeError) as e:
            if diags is not None:
                diags.error(Location.of(path), f"cannot read these labels: {e}; it must be "
                                               '"language:" groups of "name: word" lines')
            continue
        for tag in tags:
            merged.update(table.get(tag, {}))
    return merged


_MD_SPECIAL = set("\\`*_{}[]<>#+-!|~")


def md_escape(value: Any) -> str:
    """Text from course.yml or front matter, made safe to put in Markdown as it is."""
    text = "" if value is None else str(value)
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


class Templates:
    """Renders templates into parsed blocks; problems are located in the template file."""

    def __init__(self, course: Course, diags: Diagnostics, cache: Any = None):
        self.course = course
        self.diags = diags
        self.cache = cache  # a FileCache for parsed template output across builds, or None
        self._parsed: dict[tuple[str, str], tuple] = {}
        self.labels = labels_for(course.language, course.root, diags)
        loaders = []
        if course.templates_dir.is_dir():
            for path in sorted(course.templates_dir.rglob("*")):
                if not inside(course.root, path):  # a symlink out of the course
                    diags.error(Location.of(path), "this template points outside the course folder; "
                                                   "copy the file into templates/ instead of linking it")
            loaders.append(FileSystemLoader(str(course.templates_dir), followlinks=False))
        loaders.append(FileSystemLoader(str(builtin_dir())))
        # A course's own templates are the trainer's code: run them sandboxed.
        self.env = SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                                        keep_trailing_newline=True, autoescape=False)
        self.env.filters["md"] = md_escape
        self.env.filters["minutes"] = self.minutes
        self.env.filters["clock"] = self.clock

    def minutes(self, value: int | None) -> str:
        if value is None:
            return self.labels.get("not_timed", "")
        return f"{value} {self.labels['minutes']}"

    @staticmethod
    def clock(value: int | None) -> str:
        """Minutes from the start as h:mm."""
        if value is None:
            return ""
        return f"{value // 60}:{value % 60:02d}"

    def path_of(self, name: str) -> Path:
        own = self.course.templates_dir / name
        return own if own.is_file() else builtin(name)

    def text(self, name: str, **context: Any) -> str | None:
        """A template's output, or None (with a located error) when it fails."""
        try:
            template = self.env.get_template(name)
            return template.render(course=self.course, labels=self.labels, **context)
        except TemplateSyntaxError as e:
            self.diags.error(Location.of(self.path_of(name), e.lineno or 0),
                             f"template error: {e.message}")
        except TemplateNotFound:
            self.diags.error(Location.of(self.path_of(name)), f'template "{name}" is missing')
        except UndefinedError as e:
            self.diags.error(Location.of(self.path_of(name)),
                             f"template error: {e.message}; check the names used in it")
        except TemplateError as e:
            self.diags.error(Location.of(self.path_of(name)), f"template error: {e}")
        except Exception as e:  # a course template may do anything; it must not crash the build
            self.diags.error(Location.of(self.path_of(name)),
                             f"template error: {type(e).__name__}: {e}")
        return None

    def fragment(self, name: str, **context: Any) -> tuple[list[Block], list[Section]]:
        """A template's output parsed like a module: intro blocks and sections."""
        from .parse import parse_fragment

        text = self.text(name, **context)
        if text is None:
            return [], []
        path = self.path_of(name)
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
        intro, sections, _ = self._parsed[memo]
        return list(intro), list(sections)
