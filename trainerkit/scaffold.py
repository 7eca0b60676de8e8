"""`trainerkit new`: a new course folder from a starter that shows every block and a quiz, and
`trainerkit new --system`: a new training system (trainerkit.yml, a library module and its quiz
bank, two courses that share them)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .messages import _
from .resources import builtin_dir

LANGUAGES = ("zh-CN", "zh-TW", "en")


class ScaffoldError(Exception):
    """The new course cannot be made where asked; the message says why."""


def starter(language: str, system: bool = False) -> Path:
    """The starter folder of a language: a course, or with system a training system."""
    return builtin_dir() / "new" / "system" / language if system else builtin_dir() / "new" / language


def new_course(target: Path, language: str = "zh-CN") -> list[Path]:
    """Copy the starter course for a language into target, which must not hold a course (or any
    file) yet; returns the files made."""
    return _copy_starter(target, language, system=False)


def new_system(target: Path, language: str = "zh-CN") -> list[Path]:
    """Copy the starter training system for a language into target (which must be empty or not
    exist): trainerkit.yml, library/ with a shared module and quiz bank, and courses/ with a
    new-hire course and a refresher that both list the library module; returns the files made."""
    return _copy_starter(target, language, system=True)


def _copy_starter(target: Path, language: str, system: bool) -> list[Path]:
    if language not in LANGUAGES:
        raise ScaffoldError(_('no starter course for "{language}"; choose one of {choices}',
                              language=language, choices=", ".join(LANGUAGES)))
    source = starter(language, system)
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
