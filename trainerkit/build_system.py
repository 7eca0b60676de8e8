"""Building and checking a training system (system.py): every course of it into OUT/<course>/,
in parallel, each library module parsed once for all of them, then the system-wide steps (the
lints that compare courses, the catalogue) into OUT/. Every problem of every course comes back
at once; a course that fails keeps its earlier outputs, and the others are still built."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .build import BuildResult, build, load, shared_parses, up_to_date
from .cache import cache_for, code_fingerprint, outputs_intact, read_manifest, write_manifest
from .errors import Diagnostic, Diagnostics, Location, TrainerkitError
from .messages import _
from .output_folder import check_out_dir, held_locks, output_lock, sigterm_stops, write_atomically
from .system import COURSES, LIBRARY, course_dirs, module_root, read_system

OUT = Path("build")  # where a system is built without -o: OUT/<course>/, the catalogue in OUT/
SYSTEM_STEP = "catalogue"  # what made the system-wide files, in OUT/'s manifest


@dataclass
class SystemResult:
    """What a system build did: each course's result by its folder name, the problems of the
    courses that failed, the system-wide files written into out_dir (or kept, up to date), and
    every warning of the courses and of the system-wide lints, each once."""

    out_dir: Path
    courses: dict[str, BuildResult] = field(default_factory=dict)
    failed: dict[str, list[Diagnostic]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    system_up_to_date: bool = False  # the catalogue was as the courses are: not made again
    catalogue: bool = False  # the system-wide steps ran (or were up to date)

    @property
    def built(self) -> list[str]:
        """The courses built by this build (not up to date)."""
        return [n for n, r in self.courses.items() if not r.up_to_date]


class SystemBuildError(TrainerkitError):
    """Some courses (or the system-wide steps) failed: every problem, and what was built."""

    def __init__(self, diagnostics: list[Diagnostic], result: SystemResult):
        super().__init__(diagnostics)
        self.result = result


def build_system(system_dir: Path, out_dir: Path | None = None, courses: Iterable[str] = (),
                 strict: bool = False, jobs: int | None = None, use_cache: bool = True,
                 progress: Callable[[str], None] | None = None, pdf: bool = False,
                 catalogue: bool | None = None, catalogue_only: bool = False) -> SystemResult:
    """Build every course of a system (or those named in courses) into out_dir/<course>/ (out_dir
    defaults to build/), jobs courses at once (default: the number of cores), each as
    build.build builds a course and caches it; then, when the whole system was built (or with
    catalogue), the system-wide lints and the catalogue into out_dir. catalogue_only: no course
    is built, only the system-wide files (the last job of a CI matrix that built the courses).

    Raises SystemBuildError with every problem of every course when any has errors; the courses
    without are built all the same."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    root = Path(system_dir).absolute()
    out = Path(out_dir) if out_dir else OUT
    diags = Diagnostics(strict=strict)
    system = read_system(root, diags)
    names = tuple(dict.fromkeys(courses))
    dirs = course_dirs(root, diags, names)
    check_out_dir(root, out, diags)
    _outside_sources(root, out, diags)
    if diags.errors:  # no such course, or an output folder that cannot be: nothing is built
        raise TrainerkitError(diags.sorted())
    result = SystemResult(out)
    whole = catalogue if catalogue is not None else (catalogue_only or not names)
    every = course_dirs(root, Diagnostics()) if names and whole else dirs
    made: list = []  # the system-wide files, made while the workers build the courses

    def meanwhile() -> None:
        made.append(_make_system_files(system, every, out, strict, use_cache, say))

    with sigterm_stops(), output_lock(out, say):
        with shared_parses(cache_for(out, "parsed") if use_cache else None,
                           cache_for(out, "rendered") if use_cache else None):
            if not catalogue_only:
                _build_courses(dirs, out, strict, jobs, use_cache, pdf, say, result,
                               meanwhile if whole else None)
            if whole and not result.failed:
                _system_step(system, every, out, strict, use_cache, say, result, made)
    _speak(system)
    for r in result.courses.values():
        diags.extend(r.warnings)
    for found in result.failed.values():
        diags.extend(found)
    diags.extend(result.warnings)
    result.warnings = [d for d in diags.sorted() if d.severity != "error"]
    result.seconds = time.perf_counter() - started
    if diags.errors:
        raise SystemBuildError(diags.sorted(), result)
    return result


def _outside_sources(root: Path, out: Path, diags: Diagnostics) -> None:
    """The output folder must not be inside the system's library/ or courses/ (check_out_dir
    covers its images/ and templates/, and a course's own folders)."""
    resolved = out.resolve()
    for name in (LIBRARY, COURSES):
        folder = (root / name).resolve()
        if resolved == folder or resolved.is_relative_to(folder):
            diags.error(Location.of(out), _(
                "the output folder is inside the training system's {folder}/ folder, which holds "
                "its courses' files; choose another with -o, such as build/", folder=name))
            return


# ---------------------------------------------------------------------------------------------
# The courses


def _build_courses(dirs: list[Path], out: Path, strict: bool, jobs: int | None, use_cache: bool,
                   pdf: bool, say: Callable[[str], None], result: SystemResult,
                   meanwhile: Callable[[], None] | None = None) -> None:
    """Each course built into out/<name>/ unless it is up to date: in forked workers, the
    library modules they use parsed first, here, once; meanwhile (when any is built): what this
    process does while the workers build (the catalogue), or after them with a single job."""
    stale, total = [], len(dirs)
    for d in dirs:
        earlier = None if pdf or not use_cache else up_to_date(d, out / d.name, strict=strict)
        if earlier is None:
            stale.append(d)
        else:
            result.courses[d.name] = earlier
    if not stale:
        return
    sizes = share_library(stale, out, strict, use_cache, jobs)
    done = [total - len(stale)]

    def finished(course: Path, built: BuildResult | None, found: list[Diagnostic]) -> None:
        done[0] += 1
        if built is not None:
            result.courses[course.name] = built
            say(_("built {course} ({done}/{total})", course=course.name, done=done[0], total=total))
        else:
            result.failed[course.name] = found
            say(_("{course} failed ({done}/{total})", course=course.name, done=done[0], total=total))

    stale.sort(key=lambda d: -sizes.get(d, 0))  # the largest first: the workers end together
    workers = max(1, min(jobs if jobs is not None else (os.cpu_count() or 1), len(stale)))
    import multiprocessing

    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for d in stale:
            finished(d, *_build_one(d, out / d.name, strict, use_cache, pdf))
        if meanwhile is not None:
            meanwhile()
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from .build import _worker_starts, _workers_end_with_the_build

        _warm()
        context = multiprocessing.get_context("fork")  # the workers inherit the parsed library
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_starts,
                                 initargs=(os.getpid(), held_locks())) as pool, \
                _workers_end_with_the_build(pool):
            futures = {pool.submit(_build_one, d, out / d.name, strict, use_cache, pdf): d
                       for d in stale}
            if meanwhile is not None:
                meanwhile()
            for future in as_completed(futures):
                finished(futures[future], *future.result())
    order = {d.name: i for i, d in enumerate(dirs)}
    result.courses = dict(sorted(result.courses.items(), key=lambda kv: order[kv[0]]))


def _warm() -> None:
    """Import what every course's build needs, once, before the workers are forked: each would
    import it again otherwise (about 0.4 s a worker), and read the built-in labels (each would
    read them again)."""
    from . import outputs, plan, templates  # noqa: F401
    from .render import docx, pptx  # noqa: F401

    templates.labels_for("en", None)


def _build_one(course: Path, out: Path, strict: bool, use_cache: bool, pdf: bool
               ) -> tuple[BuildResult | None, list[Diagnostic]]:
    """One course built, in a worker or here: its result, or its problems."""
    try:
        return build(course, out, strict=strict, jobs=1, use_cache=use_cache, pdf=pdf), []
    except TrainerkitError as e:
        return None, list(e.diagnostics)


def share_library(dirs: list[Path], out: Path, strict: bool, use_cache: bool,
                  jobs: int | None = 1) -> dict[Path, int]:
    """Parse the library modules these courses use, each once, into build.shared_parses (taken
    from out's cache when unchanged there), so every course's load reuses them; the size of
    each course's modules, to build the largest first. What the modules' checks find is kept
    with them and shown by each course that uses them. With a cache and jobs > 1, the modules
    not in it are parsed first by forked workers, each a share, into the cache, which this
    process then reads them from (a library parsed from scratch took 1.1 s here, alone)."""
    from .build import _parse_cached, parse_key
    from .load import load_course

    cache = cache_for(out, "parsed") if use_cache else None
    seen: set[tuple[Path, str]] = set()
    sizes: dict[Path, int] = {}
    todo: list = []  # (the module read, where its pictures are looked for, deck, confine)
    for d in dirs:
        try:
            course, modules, _quizzes = load_course(d, Diagnostics(strict=strict))
        except OSError:  # gone while read: its own build says so
            continue
        sizes[d] = sum(len(m.text) for m in modules)
        for src in modules:
            place = module_root(course, src.path)
            if place == Path(course.root) or (src.path, src.text) in seen:
                continue  # the course's own (its build parses it), or done already
            seen.add((src.path, src.text))
            todo.append((src, place, course.deck, course.home))
    # what is not in the cache yet (a file there may still be foreign: then it is parsed here)
    new = [t for t in todo if cache is not None
           and not cache.holds(parse_key(t[0], t[1], strict, t[2], t[3]))]
    workers = max(1, min(jobs if jobs is not None else (os.cpu_count() or 1), len(new) // 8))
    if cache is not None and workers > 1:
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor

            from .build import _worker_starts, _workers_end_with_the_build

            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers - 1, mp_context=context, initializer=_worker_starts,
                                     initargs=(os.getpid(), held_locks())) as pool, \
                    _workers_end_with_the_build(pool):
                shares = [new[k::workers] for k in range(workers)]
                futures = [pool.submit(_parse_share, part, out, strict) for part in shares[1:]]
                _parse_share(shares[0], out, strict)  # this process parses its own share
                for future in futures:
                    future.result()
    for src, place, deck, home in todo:  # from the cache now, into shared_parses
        _parse_cached(src, place, Diagnostics(strict=strict), cache, deck, home)
    return sizes


def _parse_share(todo: list, out: Path, strict: bool) -> None:
    """In a worker (or here): some library modules parsed into out's cache."""
    from .build import _parse_cached

    cache = cache_for(out, "parsed")
    for src, place, deck, home in todo:
        _parse_cached(src, place, Diagnostics(strict=strict), cache, deck, home)


# ---------------------------------------------------------------------------------------------
# The system-wide steps: the lints across courses, the catalogue


def _system_step(system, dirs: list[Path], out: Path, strict: bool, use_cache: bool,
                 say: Callable[[str], None], result: SystemResult, made: list) -> None:
    """The system-wide files written into out: made already (made, while the courses were
    built), or now, unless every course is as when they were last made (the courses'
    manifests say what each read)."""
    result.catalogue = True
    fingerprint = _system_fingerprint(system, dirs, out, strict) if use_cache else None
    manifest = read_manifest(out) if fingerprint else None
    if (not made and manifest and manifest.get("fingerprint") == fingerprint
            and outputs_intact(out, manifest)):
        result.files = sorted(manifest["outputs"])
        result.warnings = [Diagnostic.from_dict(d) for d in manifest.get("diagnostics", [])]
        result.system_up_to_date = True
        return
    files, found = made[0] if made else _make_system_files(system, dirs, out, strict, use_cache, say)
    result.warnings = found.sorted()
    if found.errors:
        return
    say(_("writing the catalogue"))
    earlier = (read_manifest(out) or {}).get("made") or {}
    stale = [n for n, o in earlier.items() if o == SYSTEM_STEP and n not in files]
    write_atomically(out, files, stale)
    result.files = sorted(files)
    write_manifest(out, fingerprint or "", result.files, [d.as_dict() for d in found.sorted()],
                   {"inputs": {}, "absent": [], "listing": ""} if fingerprint else None,
                   dict.fromkeys(files, SYSTEM_STEP))


def _make_system_files(system, dirs: list[Path], out: Path, strict: bool, use_cache: bool,
                       say: Callable[[str], None]) -> tuple[dict[str, bytes], Diagnostics]:
    """The lints that compare the courses and the catalogue's files, with what they found; a
    course that does not read without errors (it changed since it was built) stops them."""
    say(_("reading the courses for the catalogue"))
    found = Diagnostics(strict=strict)
    loaded = load_courses(dirs, out, strict, use_cache, found)
    if found.errors:
        return {}, found
    found = Diagnostics(strict=strict)  # each course's own problems are its build's to say
    system_lints(loaded, found, system.root)
    return catalogue(system, loaded, found, cache_for(out, "outputs") if use_cache else None), found


def _system_fingerprint(system, dirs: list[Path], out: Path, strict: bool) -> str | None:
    """What the system-wide files are made from: trainerkit's code, the options, the date, and
    what each course's last build read (its manifest); None when a course's is not known."""
    from . import dates

    h = hashlib.sha256(code_fingerprint().encode())
    h.update(json.dumps([str(system.root), system.title, strict, dates.fingerprint()]).encode())
    for d in dirs:
        manifest = read_manifest(out / d.name)
        if not manifest or not manifest.get("fingerprint") or not isinstance(manifest.get("inputs"), dict):
            return None
        h.update(json.dumps([d.name, manifest["fingerprint"], manifest["inputs"], manifest.get("absent"),
                             manifest.get("listing")], sort_keys=True).encode())
    return h.hexdigest()


def load_courses(dirs: list[Path], out: Path | None, strict: bool, use_cache: bool,
                 diags: Diagnostics) -> list:
    """Every course read as build.load reads it, its modules from its own cache in out/<name>/,
    the library's parsed once (inside shared_parses): a few milliseconds a course once built."""
    loaded = []
    for d in dirs:
        cache = cache_for(out / d.name, "parsed") if use_cache and out is not None else None
        loaded.append(load(d, diags, cache, lint=False))  # its lints are its build's to say
    return loaded


def system_lints(courses: list, diags: Diagnostics, root: Path) -> None:
    """The lints that compare the courses of a system: compliance lines that differ between
    courses (check_kb), own copies of library modules (catalogue_plan)."""
    from .catalogue_plan import lint_copies
    from .check_kb import compliance_lints

    compliance_lints(courses, diags)
    lint_copies(courses, diags, system_root=root)


def _named_language(system) -> str:
    """The language trainerkit.yml names, "" when it names none."""
    node = system.settings.value.get("language") if system.settings is not None else None
    return node.value.strip() if node is not None and isinstance(node.value, str) else ""


def system_language(system, courses: list) -> str:
    """The system's language: trainerkit.yml's, else the one most of its courses are in."""
    if named := _named_language(system):
        return named
    languages = [c.language for c in courses]
    return max(sorted(set(languages)), key=languages.count) if languages else "en"


def _speak(system) -> None:
    """Messages in the system's language after its courses were read (each read chooses its
    own): trainerkit.yml's, when it names one."""
    from . import messages

    if named := _named_language(system):
        messages.choose(course=named)


def catalogue(system, courses: list, diags: Diagnostics, cache=None) -> dict[str, bytes]:
    """catalog.docx and catalog.html (catalogue.py); cache: where they are kept whole by their
    plan's digest."""
    from .catalogue import catalogue_files

    return catalogue_files(system.root, system.title, system_language(system, courses), courses,
                           diags=diags, cache=cache)


# ---------------------------------------------------------------------------------------------
# Checking a system


def check_system(system_dir: Path, courses: Iterable[str] = (), strict: bool = False,
                 loaded: list | None = None, jobs: int | None = None) -> tuple[list[Diagnostic], dict[str, int]]:
    """Every problem of every course (or those named), then the lints that compare them (when
    the whole system is checked and no course has errors), without writing anything; and the
    number of errors of each course. The courses are checked jobs at once (default: the number
    of cores) in forked workers, the library parsed once before; those read go on loaded."""
    root = Path(system_dir).absolute()
    diags = Diagnostics(strict=strict)
    system = read_system(root, diags)
    names = tuple(dict.fromkeys(courses))
    dirs = course_dirs(root, diags, names)
    if diags.errors:
        return diags.sorted(), {}
    found: dict[Path, list[Diagnostic]] = {}
    read: list = []
    with shared_parses():
        share_library(dirs, Path(os.devnull), strict, False)
        workers = max(1, min(jobs if jobs is not None else (os.cpu_count() or 1), len(dirs)))
        import multiprocessing

        if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
            from .build import check

            for d in dirs:
                found[d] = check(d, strict=strict, loaded=read)
        else:
            from concurrent.futures import ProcessPoolExecutor

            from .build import _worker_starts, _workers_end_with_the_build

            _warm()
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_starts,
                                     initargs=(os.getpid(), held_locks())) as pool, \
                    _workers_end_with_the_build(pool):
                futures = {d: pool.submit(_check_one, d, strict) for d in dirs}
                # meanwhile, the courses read here for the lints that compare them
                read = load_courses(dirs, None, strict, False, Diagnostics(strict=strict))
                found = {d: f.result() for d, f in futures.items()}
    errors = {d.name: sum(x.severity == "error" for x in found[d]) for d in dirs}
    for d in dirs:
        diags.extend(found[d])
    if not names and not any(errors.values()):
        system_lints(read, diags, root)
    if loaded is not None:
        loaded.extend(read)
    _speak(system)
    return diags.sorted(), errors


def _check_one(course: Path, strict: bool) -> list[Diagnostic]:
    """One course checked, in a worker: its problems."""
    from .build import check

    return check(course, strict=strict)
