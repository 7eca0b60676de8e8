"""A training system: a folder with trainerkit.yml at its root, its courses in courses/*/, the
modules, quiz banks and pictures they share in library/, and the shared reference deck, document
and template overrides in templates/.

This module finds a system and its courses and reads trainerkit.yml; load.py applies its
settings as a course's defaults and looks a course's paths up in the course, then in the system.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import config
from .config import Node
from .errors import Diagnostics, Location
from .messages import _
from .reading import read_text

SYSTEM_FILE = "trainerkit.yml"
COURSES = "courses"
LIBRARY = "library"
COURSE_FOLDERS = ("modules", "quizzes", "images", "templates", "results")  # a course's own, listed
MAX_COURSES = 2000  # courses listed in one system before the listing stops, with an error


@dataclass(frozen=True)
class System:
    """A training system read: its folder, its title and trainerkit.yml's mapping (None when it
    is empty or could not be read: its own error says so)."""

    root: Path
    title: str
    settings: Node | None = None

    @property
    def file(self) -> Path:
        return self.root / SYSTEM_FILE


def is_system(folder: Path) -> bool:
    """Whether a folder is a training system's root (it holds trainerkit.yml)."""
    return (Path(folder) / SYSTEM_FILE).is_file()


def system_of(course_dir: Path) -> Path | None:
    """The system a course folder belongs to: the folder two levels up when the course is in its
    courses/ and it holds trainerkit.yml; None for a course on its own."""
    course_dir = Path(course_dir).absolute()
    parent = course_dir.parent
    if parent.name == COURSES and is_system(parent.parent):
        return parent.parent
    return None


def read_system(root: Path, diags: Diagnostics) -> System:
    """trainerkit.yml read: its keys are those of course.yml (load.COURSE_KEYS checks them),
    title naming the system."""
    root = Path(root).absolute()
    path = root / SYSTEM_FILE
    if path.is_symlink():
        diags.error(Location.of(path), _("{file} is a symbolic link; a training system's files "
                                         "must be in its folder: copy the file here instead of "
                                         "linking it", file=SYSTEM_FILE))
        return System(root, root.name)
    text = read_text(path, diags)  # UTF-8, bounded; another encoding named
    if text is None:
        return System(root, root.name)
    node = config.read_yaml(text, path, 1, diags) if text.strip() else None
    if node is not None and not isinstance(node.value, dict):
        diags.error(Location.of(path, node.line),
                    _('{file} must be "key: value" lines, starting with "title: ..."', file=SYSTEM_FILE))
        node = None
    title = config.as_text(node.value.get("title"), path, "title", diags) if node else ""
    return System(root, title or root.name, node)


def course_dirs(root: Path, diags: Diagnostics, names: tuple[str, ...] = ()) -> list[Path]:
    """The system's courses: the folders of courses/ holding a course.yml, by name; with names,
    only those (a name that is no course is a located error, with the names there are)."""
    folder = Path(root) / COURSES
    found: list[Path] = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
                    continue
                if (Path(entry.path) / "course.yml").is_file():
                    found.append(Path(entry.path))
                if len(found) > MAX_COURSES:
                    diags.error(Location.of(folder), _(
                        "there are more than {most:,} courses in this folder; split the system",
                        most=MAX_COURSES))
                    return []
    except OSError:
        pass
    found.sort(key=lambda p: p.name)
    if not found:
        diags.error(Location.of(Path(root) / SYSTEM_FILE, 1),
                    _("this training system has no courses: put each course in its own folder "
                      "under {folder}/, with its course.yml", folder=COURSES))
    if names:
        known = {p.name: p for p in found}
        for name in names:
            if name not in known:
                diags.error(Location.of(folder), _(
                    'there is no course "{name}" in {folder}/{suggestion}', name=name, folder=COURSES,
                    suggestion=config.suggest(name, sorted(known), _(
                        "; the courses are: {known}", known=", ".join(sorted(known)[:12])))))
        found = [known[n] for n in dict.fromkeys(names) if n in known]
    return found


def module_root(course, path: Path) -> Path:
    """Where a picture a module or quiz file names, not found beside it, is looked for: the
    course's folder for the course's own files, the system's for the library's (so a library
    module reads the same in every course, and is parsed once for all of them)."""
    system = getattr(course, "system", None)
    root = Path(course.root)
    if system is None:
        return root
    try:
        Path(path).absolute().relative_to(root.absolute())
        return root
    except ValueError:
        return Path(system)


def listed(course_dir: Path) -> tuple[Path, tuple[str, ...]]:
    """What the up-to-date check of a course lists, and files it relative to: the course's own
    folders (modules/, quizzes/, images/, templates/, results/) under the course, or, for a
    course in a system, under the system's folder, with the system's library/, images/,
    templates/ and trainerkit.yml (a .yml here is a file, read as an input)."""
    own = COURSE_FOLDERS
    system = system_of(course_dir)
    if system is None:
        return Path(course_dir), own
    rel = Path(course_dir).absolute().relative_to(system).as_posix()
    return system, tuple(f"{rel}/{f}" for f in own) + (LIBRARY, "images", "templates", SYSTEM_FILE)


def shown_path(course, path) -> str | None:
    """A file as a course names it, whatever folder the build ran in: relative to the course's
    folder (quizzes/final.txt), or a library file relative to its system's (library/opening.md,
    as course.yml lists it); None when it is in neither."""
    for base in (course.root, getattr(course, "system", None)):
        if base is None:
            continue
        try:
            return Path(path).resolve().relative_to(Path(base).resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            continue
    return None
