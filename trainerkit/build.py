"""The build: load -> parse -> check -> plan -> render -> write, and nothing written unless all
of it worked."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from .check import check_course, lint_course
from .errors import Diagnostic, Diagnostics, Location, TrainerkitError
from .load import load_course
from .model import Course
from .outputs import OUTPUTS
from .parse import parse_module
from .templates import Templates


@dataclass
class BuildResult:
    out_dir: Path
    files: list[str]
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0


def default_out_dir(course_dir: Path) -> Path:
    return Path("build") / course_dir.resolve().name


def load(course_dir: Path, diags: Diagnostics) -> Course:
    """The whole course, parsed and checked; errors are in diags."""
    course, modules, quizzes = load_course(Path(course_dir), diags)
    parsed = tuple(parse_module(src.path, src.text, course.root, diags) for src in modules)
    course = replace(course, modules=parsed)
    # Quizzes (issue 4): the modules' ```quiz blocks and the quiz files, objectives checked.
    from .parse.quiz import parse_course_quizzes

    course = parse_course_quizzes(course, quizzes, diags)
    check_course(course, diags)
    lint_course(course, diags)
    return course


def check(course_dir: Path, strict: bool = False) -> list[Diagnostic]:
    """Every problem of a course, without writing anything."""
    diags = Diagnostics(strict=strict)
    course = load(course_dir, diags)
    if not diags.errors:
        templates = Templates(course, diags)
        for output in OUTPUTS.values():  # plan everything: template errors show here too
            if output.has_content(course):
                output.plan(course, templates)
    return diags.sorted()


def build(course_dir: Path, out_dir: Path | None = None, only: Iterable[str] | None = None,
          strict: bool = False) -> BuildResult:
    """Build a course's outputs into out_dir; raises TrainerkitError with every problem found.
    With strict, warnings count as errors."""
    started = time.perf_counter()
    course_dir = Path(course_dir)
    out_dir = Path(out_dir) if out_dir else default_out_dir(course_dir)
    diags = Diagnostics(strict=strict)
    course = load(course_dir, diags)
    _check_out_dir(course, out_dir, diags)
    diags.raise_if_errors()

    wanted = list(only) if only else list(course.outputs or OUTPUTS)
    for name in [n for n in wanted if n not in OUTPUTS]:
        diags.warning(course.loc, f'output "{name}" is not made by this version of trainerkit yet; '
                                  "it is skipped")
        wanted.remove(name)
    templates = Templates(course, diags)
    planned = [(OUTPUTS[name], OUTPUTS[name].plan(course, templates))
               for name in wanted if OUTPUTS[name].has_content(course)]
    diags.raise_if_errors()
    files: dict[str, bytes] = {}
    for output, plan in planned:
        for filename, data in output.render(plan).items():
            if filename in files:  # two outputs must never claim one file
                raise RuntimeError(f"{filename} is written by two outputs")
            files[filename] = data
    diags.raise_if_errors()
    write_atomically(out_dir, files)
    return BuildResult(out_dir, sorted(files), diags.sorted(), time.perf_counter() - started)


def _check_out_dir(course: Course, out_dir: Path, diags: Diagnostics) -> None:
    """The output folder must not be the course folder or one of its source folders."""
    out = out_dir.resolve()
    root = course.root.resolve()
    forbidden = [root] + [root / n for n in ("modules", "quizzes", "images", "templates")]
    if out in forbidden or root.is_relative_to(out):
        diags.error(Location.of(out_dir), "the output folder would hold the course's own files; "
                                          "choose another with -o, such as build/")


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write every file into a temporary folder beside the outputs, then move them all into place
    with atomic renames while Ctrl-C waits, so no reader ever sees a half-written file and a
    failed or interrupted build leaves the previous outputs as they were."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".trainerkit-", dir=out_dir))
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        with _interrupts_deferred():
            for name in files:
                os.replace(tmp / name, out_dir / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def _interrupts_deferred():
    """Hold Ctrl-C (SIGINT) back for the few milliseconds the renames take, then deliver it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt


__all__ = ["build", "check", "BuildResult", "TrainerkitError"]
