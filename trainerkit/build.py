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
from typing import TYPE_CHECKING, Callable, Iterable

from .cache import (
    FileCache, cache_for, code_fingerprint, course_fingerprint, file_digest, outputs_intact,
    read_manifest, write_manifest,
)
from .errors import Diagnostic, Diagnostics, Location, TrainerkitError

if TYPE_CHECKING:  # the rest is imported where it is used: an up-to-date build needs none of it
    from .load import SourceFile
    from .model import Course, Module
    from .templates import Templates


@dataclass
class BuildResult:
    out_dir: Path
    files: list[str]
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False  # nothing changed since the last build: nothing was written


def default_out_dir(course_dir: Path) -> Path:
    return Path("build") / course_dir.resolve().name


def load(course_dir: Path, diags: Diagnostics, cache: FileCache | None = None) -> Course:
    """The whole course, parsed and checked; errors are in diags. With a cache, modules whose
    text (and pictures) did not change are not parsed again."""
    from .check import check_course, lint_course
    from .load import load_course

    course, modules, quizzes = load_course(Path(course_dir), diags)
    parsed = tuple(_parse_cached(src, course.root, diags, cache) for src in modules)
    course = replace(course, modules=parsed)
    # Quizzes (issue 4): the modules' ```quiz blocks and the quiz files, objectives checked.
    from .parse.quiz import parse_course_quizzes

    course = parse_course_quizzes(course, quizzes, diags)
    check_course(course, diags)
    lint_course(course, diags)
    return course


def _parse_cached(src: SourceFile, root: Path, diags: Diagnostics, cache: FileCache | None) -> Module:
    """parse_module, through the cache: a module is reused when its text, its place and the
    pictures it shows are as they were, and it parsed without errors."""
    from .model import Image, Module, module_blocks
    from .parse import parse_module

    if cache is None:
        return parse_module(src.path, src.text, root, diags)
    key = f"module\0{code_fingerprint()}\0{root}\0{src.path}\0{diags.strict}\0{src.text}"
    entry = cache.get_object(key)
    if isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], Module):
        module, found, pictures = entry
        try:
            if all(file_digest(Path(p)) == digest for p, digest in pictures):
                diags.extend(found)
                return module
        except OSError:
            pass  # a picture is gone: parse again, which says so
    own = Diagnostics(strict=diags.strict)
    module = parse_module(src.path, src.text, root, own)
    diags.extend(own.items)
    if not own.errors:
        pictures = [(str(b.path), file_digest(b.path)) for b in module_blocks(module)
                    if isinstance(b, Image)]
        cache.put_object(key, (module, own.items, pictures))
    return module


def check(course_dir: Path, strict: bool = False) -> list[Diagnostic]:
    """Every problem of a course, without writing anything."""
    from .outputs import OUTPUTS
    from .templates import Templates

    diags = Diagnostics(strict=strict)
    course = load(course_dir, diags)
    if not diags.errors:
        templates = Templates(course, diags)
        for output in OUTPUTS.values():  # plan everything: template errors show here too
            if output.has_content(course):
                output.plan(course, templates)
    return diags.sorted()


def build(course_dir: Path, out_dir: Path | None = None, only: Iterable[str] | None = None,
          strict: bool = False, jobs: int | None = None, use_cache: bool = True,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build a course's outputs into out_dir; raises TrainerkitError with every problem found.

    With strict, warnings count as errors. jobs: outputs rendered at once (default: the number of
    cores). use_cache: reuse what an earlier build into out_dir made from the same inputs; an
    unchanged course is not built again at all. progress: told what is happening, a line at a
    time, for a status display.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    course_dir = Path(course_dir)
    out_dir = Path(out_dir) if out_dir else default_out_dir(course_dir)
    options = {"only": sorted(only) if only else None, "strict": strict}
    fingerprint = course_fingerprint(course_dir, out_dir, options) if use_cache else ""
    if use_cache:
        manifest = read_manifest(out_dir)
        if manifest and manifest.get("fingerprint") == fingerprint and outputs_intact(out_dir, manifest):
            warnings = [Diagnostic.from_dict(d) for d in manifest.get("diagnostics", [])]
            return BuildResult(out_dir, sorted(manifest["outputs"]), warnings,
                               time.perf_counter() - started, up_to_date=True)

    from .outputs import OUTPUTS
    from .templates import Templates

    diags = Diagnostics(strict=strict)
    _check_out_dir(course_dir, out_dir, diags)
    diags.raise_if_errors()  # before anything, the cache included, is written there
    say("reading the course")
    course = load(course_dir, diags, cache_for(out_dir, "parsed") if use_cache else None)
    diags.raise_if_errors()

    wanted = list(only) if only else list(course.outputs or OUTPUTS)
    templates = Templates(course, diags, cache_for(out_dir, "parsed") if use_cache else None)
    outputs = [OUTPUTS[name] for name in wanted if OUTPUTS[name].has_content(course)]
    files = make_all(outputs, course, templates, out_dir if use_cache else None, jobs, say)
    diags.raise_if_errors()  # every output planned first: a template error stops them all
    say("writing")
    previous = read_manifest(out_dir) or {}
    stale = [] if only else [n for n in previous.get("outputs", {}) if n not in files and "/" not in n]
    write_atomically(out_dir, files, stale)
    if use_cache:
        write_manifest(out_dir, fingerprint, sorted(files), [d.as_dict() for d in diags.sorted()])
    return BuildResult(out_dir, sorted(files), diags.sorted(), time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------
# Rendering, several outputs at once

_WORK: tuple = ()  # what forked workers make: set just before the pool starts


def make_all(outputs: list, course: "Course", templates: "Templates", cache_dir: Path | None,
             jobs: int | None, say: Callable[[str], None] = lambda message: None) -> dict[str, bytes]:
    """Plan and render every output; problems met while planning go to templates.diags, and
    then nothing is rendered. Outputs are independent, so with more than one job each is planned
    and rendered in a worker process of its own (the deck, the slowest, starts first)."""
    import multiprocessing

    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    order = sorted(range(len(outputs)), key=lambda i: outputs[i].name != "deck")
    results: dict[int, dict[str, bytes]] = {}
    say("making " + ", ".join(outputs[i].name for i in order))
    if jobs > 1 and len(outputs) > 1 and "fork" in multiprocessing.get_all_start_methods():
        global _WORK
        _WORK = (outputs, course, templates, cache_dir)
        try:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            context = multiprocessing.get_context("fork")
            # This process makes the first (the deck) itself while workers make the rest.
            with ProcessPoolExecutor(min(jobs - 1, len(outputs) - 1), mp_context=context) as pool:
                futures = {pool.submit(_make_one, i): i for i in order[1:]}
                results[order[0]], found = _make_one(order[0])
                templates.diags.extend(found)
                say(f"made {outputs[order[0]].name} ({len(results)}/{len(outputs)})")
                for future in as_completed(futures):
                    i = futures[future]
                    results[i], found = future.result()
                    templates.diags.extend(found)
                    say(f"made {outputs[i].name} ({len(results)}/{len(outputs)})")
        finally:
            _WORK = ()
    else:
        plans = {i: outputs[i].plan(course, templates) for i in order}
        if templates.diags.errors:
            return {}
        for i in order:
            results[i] = outputs[i].render(plans[i], _render_cache(cache_dir))
            say(f"made {outputs[i].name} ({len(results)}/{len(outputs)})")
    files: dict[str, bytes] = {}
    for i in sorted(results):
        for filename, data in results[i].items():
            if filename in files:  # two outputs must never claim one file
                raise RuntimeError(f"{filename} is written by two outputs")
            files[filename] = data
    return files


def _make_one(index: int) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """In a worker: plan one output, and render it unless planning found an error."""
    outputs, course, templates, cache_dir = _WORK
    own = Diagnostics(strict=templates.diags.strict)
    shared, templates.diags = templates.diags, own  # what it finds travels back with the result
    try:
        planned = outputs[index].plan(course, templates)
        if own.errors:
            return {}, own.items
        return outputs[index].render(planned, _render_cache(cache_dir)), own.items
    finally:
        templates.diags = shared


def _render_cache(cache_dir: Path | None) -> FileCache | None:
    return cache_for(cache_dir, "rendered") if cache_dir is not None else None


def _check_out_dir(course_dir: Path, out_dir: Path, diags: Diagnostics) -> None:
    """The output folder must not be the course folder, one of its source folders, or above it."""
    out = out_dir.resolve()
    root = course_dir.resolve()
    forbidden = [root] + [root / n for n in ("modules", "quizzes", "images", "templates")]
    if out in forbidden or root.is_relative_to(out):
        diags.error(Location.of(out_dir), "the output folder would hold the course's own files; "
                                          "choose another with -o, such as build/")


def write_atomically(out_dir: Path, files: dict[str, bytes], stale: Iterable[str] = ()) -> None:
    """Write every file into a temporary folder beside the outputs, then move them all into place
    with atomic renames while Ctrl-C waits, so no reader ever sees a half-written file and a
    failed or interrupted build leaves the previous outputs as they were. stale: outputs an
    earlier build made that this one no longer makes (a course without role-plays now), removed
    so nobody hands out an old file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".trainerkit-", dir=out_dir))
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        locked = [name for name in files if not _replaceable(out_dir / name)]
        if locked:
            raise TrainerkitError([Diagnostic(Location.of(out_dir / name), "error",
                                              "cannot replace this file: it is open in another "
                                              "program (PowerPoint or Word?); close it and build "
                                              "again") for name in locked])
        with _interrupts_deferred():
            for name in files:
                os.replace(tmp / name, out_dir / name)
            for name in stale:
                with contextlib.suppress(OSError):
                    (out_dir / name).unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _replaceable(path: Path) -> bool:
    """Whether an earlier output can be replaced: on Windows a file open in PowerPoint or Word
    cannot, and finding that out before the first rename keeps the outputs all old or all new."""
    try:
        with open(path, "r+b"):
            return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


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
