"""`trainerkit new`: a new course folder from a starter that shows every block and a quiz."""

from __future__ import annotations

import shutil
from pathlib import Path

from .messages import _
from .resources import builtin_dir

LANGUAGES = ("zh-CN", "zh-TW", "en")


class ScaffoldError(Exception):
    """The new course cannot be made where asked; the message says why."""


def starter(language: str) -> Path:
    return builtin_dir() / "new" / language


def new_course(target: Path, language: str = "zh-CN") -> list[Path]:
    """Copy the starter course for a language into target, which must not hold a course (or any
    file) yet; returns the files made."""
    if language not in LANGUAGES:
        raise ScaffoldError(_('no starter course for "{language}"; choose one of {choices}',
                              language=language, choices=", ".join(LANGUAGES)))
    source = starter(language)
    if not source.is_dir():
        raise ScaffoldError(_("the starter course for {language} is missing; reinstall trainerkit",
                              language=language))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(_("{folder} already exists and is not empty; trainerkit new never "
                              "overwrites: choose a new folder name", folder=str(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if target.exists():
        target.rmdir()  # empty, checked above
    staging.rename(target)
    return sorted(p for p in target.rglob("*") if p.is_file())
