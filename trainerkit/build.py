"""The build: load -> parse -> check -> plan -> render -> write, and nothing written unless all
of it worked."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from .cache import (
    FileCache, cache_for, check_file_names, code_fingerprint, course_fingerprint, course_inputs,
    MANIFEST, file_digest, get_output, inputs_unchanged, outputs_intact, put_output, read_manifest,
    record_pdfs, shadowing_place, write_manifest,
)
from . import dates
from .children import die_with_parent
from .errors import Diagnostic, Diagnostics, TrainerkitError
from .messages import _
from .output_folder import (
    Terminated, check_out_dir, held_locks, output_lock, sigterm_stops, write_atomically,
)

if TYPE_CHECKING:  # the rest is imported where it is used: an up-to-date build needs none of it
    from .load import SourceFile
    from .model import Course, Module
    from .outputs import Output
    from .templates import Templates


@dataclass
class BuildResult:
    out_dir: Path
    files: list[str]
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False  # nothing changed since the last build: nothing was written
    pdfs: list[str] = field(default_factory=list)  # PDFs written by this build (--pdf)
    pdf_problem: str = ""  # why PDFs were not written (no LibreOffice, a conversion failed): a Msg


def default_out_dir(course_dir: Path) -> Path:
    """build/<course folder name>, or build/<file stem> for a single Markdown file."""
    course_dir = Path(course_dir)
    return Path("build") / (course_dir.stem if course_dir.is_file() else course_dir.resolve().name)


def course_root(course_dir: Path) -> Path:
    """The folder of a course: the course folder, or the folder of a single Markdown file built
    as a course (a pandoc slide deck), where its pictures and templates/ are looked for."""
    course_dir = Path(course_dir)
    return course_dir.parent if course_dir.is_file() else course_dir


def load(course_dir: Path, diags: Diagnostics, cache: FileCache | None = None,
         lint: bool = True) -> Course:
    """The whole course, parsed and checked; errors are in diags. With a cache, modules whose
    text (and pictures) did not change are not parsed again. lint=False: without the course's
    lints (advice its own build gives; a system's catalogue reads the course again without them)."""
    from .check import check_course, lint_course
    from .load import load_course, load_deck
    from .system import module_root

    root = course_root(course_dir)
    check_file_names(root, diags)
    if diags.errors:  # a name that cannot be shown: nothing below could report on that file
        from .model import Course

        return Course(root=root, title=root.name)
    if Path(course_dir).is_file():
        course, modules, quizzes = load_deck(Path(course_dir), diags)
    else:
        course, modules, quizzes = load_course(root, diags)
    parsed = tuple(_parse_cached(src, module_root(course, src.path), diags, cache, course.deck,
                                 course.home) for src in modules)
    course = replace(course, modules=parsed)
    # Quizzes (issue 4): the modules' ```quiz blocks and the quiz files, objectives checked.
    from .parse.quiz import parse_course_quizzes

    course = parse_course_quizzes(course, quizzes, diags)
    check_course(course, diags, each_module=False)  # each module's own: in _parse_cached
    if lint:
        lint_course(course, diags)
    if course.results_files and not diags.errors:  # the class's answers (issue 15), read last
        from .results import results_of

        course = replace(course, results=results_of(course, diags))
        from .check import check_results

        check_results(course, diags)  # the questions that misbehaved, at their own file:line
    if course.qa_files and not diags.errors:  # filled-in QA scorecards of live calls (issue 17)
        from .results.qa import qa_of

        course = replace(course, qa_results=qa_of(course, diags))
    return course


def parse_key(src: SourceFile, root: Path, strict: bool, deck: bool, confine: Path | None) -> str:
    """The cache key of a parsed module: the code, where its pictures are looked for and
    confined to, its path, the options and its text (for a library module, no course)."""
    return f"module\0{code_fingerprint()}\0{root}\0{confine}\0{src.path}\0{strict}\0{deck}\0{src.text}"


def _parse_cached(src: SourceFile, root: Path, diags: Diagnostics, cache: FileCache | None,
                  deck: bool = False, confine: Path | None = None) -> Module:
    """parse_module and the module's own checks (check.check_module), through the cache: a module
    is reused, with the problems they found, when its text, its place and the pictures and
    recordings it shows are as they were, and it had no errors."""
    from .check import check_module
    from .model import Image, Module, Recording, module_blocks
    from .parse import parse_module

    if cache is None and _SHARED is None:
        module = parse_module(src.path, src.text, root, diags, deck, confine)
        check_module(module, diags, deck)
        return module
    key = parse_key(src, root, diags.strict, deck, confine)
    shared = _SHARED.get(key) if _SHARED is not None else None
    if shared is not None:  # parsed already in this system build (a library module)
        diags.extend(shared[1])
        return shared[0]
    entry = _SHARED_CACHE[0].get_object(key) if _SHARED_CACHE[0] is not None else None
    if entry is None and cache is not None:
        entry = cache.get_object(key)
    if isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], Module):
        module, found, pictures = entry
        try:
            if all(file_digest(Path(p)) == digest if digest else not os.path.lexists(p)
                   for p, digest in pictures):
                diags.extend(found)
                if _SHARED is not None:
                    _SHARED[key] = entry
                return module
        except OSError:
            pass  # a picture is gone: parse again, which says so
    own = Diagnostics(strict=diags.strict)
    module = parse_module(src.path, src.text, root, own, deck, confine)
    check_module(module, own, deck)  # what it finds is kept and shown again with the module
    diags.extend(own.items)
    if not own.errors:
        # its pictures and recordings: a recording's length and type are read when it is parsed
        shown = [b.path for b in module_blocks(module) if isinstance(b, (Image, Recording))]
        pictures = [(str(p), file_digest(p)) for p in shown]
        # A picture appearing beside the module under a shown one's name would be shown instead.
        pictures += [(str(s), "") for s in (shadowing_place(p, src.path.parent, root) for p in shown)
                     if s is not None and not os.path.lexists(s)]
        if cache is not None:
            cache.put_object(key, (module, own.items, pictures))
        if _SHARED is not None:
            _SHARED[key] = (module, own.items, pictures)
    return module


_SHARED: dict | None = None  # modules parsed in this system build, by their cache key: shared_parses
_SHARED_CACHE: list = [None, None]  # where shared_parses looks first: parsed modules, drawn units


@contextlib.contextmanager
def shared_parses(cache: FileCache | None = None, rendered: FileCache | None = None):
    """While it lasts, a module parsed (or taken from a cache) once is reused by every later
    load in this process and in processes forked from it: a system build parses each library
    module once for all its courses (their keys name no course). Its pictures are not looked at
    again: a picture changed during the build is caught by the manifest (course_inputs).
    cache: looked in before a course's own (the system's, where its library modules are kept);
    rendered: where every course's writers keep their drawn units (_Shared)."""
    global _SHARED
    before, before_caches = _SHARED, list(_SHARED_CACHE)
    _SHARED = {} if before is None else before
    _SHARED_CACHE[0] = cache if cache is not None else before_caches[0]
    _SHARED_CACHE[1] = rendered if rendered is not None else before_caches[1]
    try:
        yield _SHARED
    finally:
        _SHARED, _SHARED_CACHE[:] = before, before_caches


class _Shared:
    """A course's cache of drawn units in a system build: the units, whose keys hash everything
    they depend on (render/unit_cache.py), and the deck's slide counts (keyed the same way),
    kept in the system's cache, so a library module's slides and document parts are drawn and
    measured once for all the courses using it (what the course's own cache kept from builds
    outside the system build is still found there)."""

    def __init__(self, own: FileCache, shared: FileCache):
        self.own, self.shared = own, shared

    def get(self, key: str) -> bytes | None:
        found = self.shared.get(key)
        return found if found is not None else self.own.get(key)

    def put(self, key: str, data: bytes) -> None:
        self.shared.put(key, data)


def check(course_dir: Path, strict: bool = False, loaded: list | None = None) -> list[Diagnostic]:
    """Every problem of a course, without writing anything; the course read goes on loaded."""
    from .outputs import OUTPUTS
    from .templates import Templates

    diags = Diagnostics(strict=strict)
    course = load(course_dir, diags)
    if loaded is not None:
        loaded.append(course)
    if not diags.errors:
        templates = Templates(course, diags)
        for output in OUTPUTS.values():  # plan everything: template errors show here too
            if output.has_content(course):
                output.check(course, templates)
                output.plan(course, templates)
    return diags.sorted()


def build(course_dir: Path, out_dir: Path | None = None, only: Iterable[str] | None = None,
          strict: bool = False, jobs: int | None = None, use_cache: bool = True,
          progress: Callable[[str], None] | None = None, pdf: bool = False) -> BuildResult:
    """Build a course's outputs into out_dir; raises TrainerkitError with every problem found.

    With strict, warnings count as errors. jobs: outputs rendered at once (default: the number of
    cores). use_cache: reuse what an earlier build into out_dir made from the same inputs; an
    unchanged course is not built again at all. progress: told what is happening, a line at a
    time, for a status display. pdf: also write a PDF beside each deck and document that has
    none or an older one (LibreOffice), recorded in the manifest as outputs are.

    The output folder is checked first, then locked for the whole build, the up-to-date check
    included: another build into it waits (output_folder.LOCK_WAIT seconds at most, then it is
    refused), so the manifest always describes the outputs beside it. SIGTERM stops a build as
    Ctrl-C does (raising Terminated).
    """
    course_dir = Path(course_dir)
    out_dir = Path(out_dir) if out_dir else default_out_dir(course_dir)
    diags = Diagnostics()
    check_out_dir(course_root(course_dir), out_dir, diags)
    diags.raise_if_errors()  # before anything, the lock and the cache included, is written
    say = progress or (lambda message: None)
    with sigterm_stops(), output_lock(out_dir, say):
        result = _build(course_dir, out_dir, only, strict, jobs, use_cache, say)
        if pdf:  # under the lock: the manifest records them
            _make_pdfs(result, say)
        return result


def _build(course_dir: Path, out_dir: Path, only: Iterable[str] | None, strict: bool,
           jobs: int | None, use_cache: bool, say: Callable[[str], None]) -> BuildResult:
    started = time.perf_counter()
    options = _options(course_dir, only, strict)
    root = course_root(course_dir)
    fingerprint = course_fingerprint(root, out_dir, options) if use_cache else ""
    if use_cache:
        earlier = _unchanged(root, out_dir, fingerprint, started)
        if earlier is not None:
            return earlier

    from .outputs import OUTPUTS
    from .templates import Templates

    since = time.time_ns()  # an input changed from now on may have been read before the change
    diags = Diagnostics(strict=strict)
    say(_("reading the course"))
    course = load(course_dir, diags, cache_for(out_dir, "parsed") if use_cache else None)
    diags.raise_if_errors()

    wanted = list(only) if only else list(course.outputs or OUTPUTS)
    templates = Templates(course, diags, cache_for(out_dir, "parsed") if use_cache else None)
    outputs = [OUTPUTS[name] for name in wanted if OUTPUTS[name].has_content(course)]
    pictures: set = set()  # what templates showed, for the manifest
    made_by: dict[str, str] = {}
    files = make_all(outputs, course, templates, out_dir if use_cache else None, jobs, say, pictures,
                     made_by)
    diags.raise_if_errors()  # every output planned first: a template error stops them all
    say(_("writing"))
    stale, made, pdfs = _what_stays(out_dir, read_manifest(out_dir) or {}, made_by,
                                    set(wanted) if only else None)
    write_atomically(out_dir, files, stale)
    write_manifest(out_dir, fingerprint, sorted(files), [d.as_dict() for d in diags.sorted()],
                   course_inputs(course, pictures, since) if use_cache else None, made, pdfs)
    return BuildResult(out_dir, sorted(files), diags.sorted(), time.perf_counter() - started)


def _options(course_dir: Path, only: Iterable[str] | None, strict: bool) -> dict:
    """The options a build's fingerprint covers besides the course's files."""
    # the build's date is an input too: an output made yesterday is not today's (dates.py)
    options = {"only": sorted(only) if only else None, "strict": strict, "date": dates.fingerprint()}
    if course_root(course_dir) != Path(course_dir):  # a single Markdown file: which one is built too
        options["file"] = Path(course_dir).name
    return options


def _unchanged(root: Path, out_dir: Path, fingerprint: str, started: float) -> BuildResult | None:
    """The last build's result when nothing it read or made changed since; None otherwise."""
    manifest = read_manifest(out_dir)
    if (manifest and manifest.get("fingerprint") == fingerprint
            and inputs_unchanged(root, manifest) and outputs_intact(out_dir, manifest)):
        warnings = [Diagnostic.from_dict(d) for d in manifest.get("diagnostics", [])]
        return BuildResult(out_dir, sorted(manifest["outputs"]), warnings,
                           time.perf_counter() - started, up_to_date=True)
    return None


def up_to_date(course_dir: Path, out_dir: Path, only: Iterable[str] | None = None,
               strict: bool = False) -> BuildResult | None:
    """What build would return without building anything (the course unchanged since the last
    build into out_dir), or None when it would build. Read without the lock: a system build
    asks it first, to know which courses to build (build itself asks again, under the lock)."""
    course_dir = Path(course_dir)
    root = course_root(course_dir)
    fingerprint = course_fingerprint(root, out_dir, _options(course_dir, only, strict))
    return _unchanged(root, out_dir, fingerprint, time.perf_counter())


# ---------------------------------------------------------------------------------------------
# What earlier builds made: removed when stale, remembered while it is not

_OWN = (MANIFEST, ".trainerkit-cache", ".trainerkit-lock")  # never an output, whatever is recorded


def _recorded(manifest: dict) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The files a trusted manifest says trainerkit made, by the output that made them ("" when
    not known: a manifest of before made was recorded), and its PDFs with [source, output]."""
    made = {n: "" for n in manifest.get("outputs") or {} if isinstance(n, str)}
    found = manifest.get("made")
    made.update({n: o for n, o in (found.items() if isinstance(found, dict) else ())
                 if isinstance(n, str) and isinstance(o, str)})
    found = manifest.get("pdfs")
    pdfs = {n: list(v) for n, v in (found.items() if isinstance(found, dict) else ())
            if isinstance(n, str) and isinstance(v, list) and len(v) == 2
            and all(isinstance(x, str) for x in v)}
    return ({n: o for n, o in made.items() if n not in _OWN},
            {n: v for n, v in pdfs.items() if n not in _OWN})


def _what_stays(out_dir: Path, manifest: dict, made_by: dict[str, str], built: set[str] | None
                ) -> tuple[list[str], dict[str, str], dict[str, list[str]]]:
    """(stale, made, pdfs): the files to remove, and what the manifest records next. built: the
    outputs this build makes (None: a full build, which makes all the course has). A file an
    earlier build made is stale when this build covers its output and did not make it again;
    one it does not cover is kept, and remembered while it is there, so a later build can
    remove it. A PDF goes with its source: stale when its source is, kept while its source is."""
    before, pdfs_before = _recorded(manifest)

    def covered(output: str) -> bool:
        return built is None or output in built

    stale = [n for n, o in before.items() if n not in made_by and covered(o)]
    made = {n: o for n, o in before.items()
            if n not in made_by and not covered(o) and os.path.lexists(out_dir / n)}
    made.update(made_by)
    pdfs: dict[str, list[str]] = {}
    for name, (source, output) in pdfs_before.items():
        if name in made:  # an output by that name now: it is the output's
            continue
        if source in made or not covered(before.get(source) or output):
            if os.path.lexists(out_dir / name):
                pdfs[name] = [source, made.get(source, output)]
        else:
            stale.append(name)
    return stale, made, pdfs


def _make_pdfs(result: BuildResult, say: Callable[[str], None]) -> None:
    """PDFs beside the result's decks and documents, recorded in the manifest with their source."""
    from .pdf import PdfUnavailable, make_pdfs

    say(_("making PDFs with LibreOffice"))
    try:
        result.pdfs = make_pdfs(result.out_dir, result.files)
    except PdfUnavailable as e:
        result.pdf_problem, result.pdfs = e.message, list(e.written)
    manifest = read_manifest(result.out_dir) if result.pdfs else None
    if manifest is not None:
        made, pdfs = _recorded(manifest)
        for name in result.pdfs:
            source = next(f for f in result.files if Path(f).with_suffix(".pdf").name == name)
            pdfs[name] = [source, made.get(source, "")]
        record_pdfs(result.out_dir, manifest, pdfs)


# ---------------------------------------------------------------------------------------------
# Rendering, several outputs at once

_WORK: tuple = ()  # what forked workers make: set just before the pool starts


def make_all(outputs: list, course: "Course", templates: "Templates", cache_dir: Path | None,
             jobs: int | None, say: Callable[[str], None] = lambda message: None,
             pictures: set | None = None, made_by: dict[str, str] | None = None) -> dict[str, bytes]:
    """Plan and render every output; problems met while planning go to templates.diags, and
    then nothing is rendered; pictures gets (picture, folder of its template) of every picture
    the templates' output showed, and made_by the output that made each file. Outputs are independent, so with more than one job each is planned
    and rendered in a worker process of its own (the deck, the slowest, starts first)."""
    import multiprocessing

    pictures = set() if pictures is None else pictures
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    order = sorted(range(len(outputs)), key=lambda i: -outputs[i].cost)  # stable: ties keep order
    results: dict[int, dict[str, bytes]] = {}
    say(_("making {outputs}", outputs=", ".join(outputs[i].name for i in order)))
    if jobs > 1 and len(outputs) > 1 and "fork" in multiprocessing.get_all_start_methods():
        global _WORK
        _WORK = (outputs, course, templates, cache_dir)
        try:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            context = multiprocessing.get_context("fork")
            # This process makes the first (the deck) itself while workers make the rest.
            with ProcessPoolExecutor(min(jobs - 1, len(outputs) - 1), mp_context=context,
                                     initializer=_worker_starts,
                                     initargs=(os.getpid(), held_locks())) as pool, \
                    _workers_end_with_the_build(pool):
                futures = {pool.submit(_make_one, i): i for i in order[1:]}
                results[order[0]], found, shown = _make_one(order[0])
                templates.diags.extend(found)
                pictures.update(shown)
                say(_made(outputs[order[0]].name, len(results), len(outputs)))
                for future in as_completed(futures):
                    i = futures[future]
                    results[i], found, shown = future.result()
                    templates.diags.extend(found)
                    pictures.update(shown)
                    say(_made(outputs[i].name, len(results), len(outputs)))
        finally:
            _WORK = ()
    else:
        plans = {i: _planned(outputs[i], course, templates, cache_dir) for i in order}
        pictures.update(_template_pictures(templates))
        if templates.diags.errors:
            return {}
        for i in order:
            results[i] = _rendered(outputs[i], plans[i], cache_dir)
            say(_made(outputs[i].name, len(results), len(outputs)))
    files: dict[str, bytes] = {}
    for i in sorted(results):
        for filename, data in results[i].items():
            if filename in files:  # two outputs must never claim one file
                raise RuntimeError(f"{filename} is written by two outputs")
            files[filename] = data
            if made_by is not None:
                made_by[filename] = outputs[i].name
    return files


def _made(name: str, done: int, total: int) -> str:
    """The progress line for an output made: "made deck (2/5)"."""
    return _("made {output} ({done}/{total})", output=name, done=done, total=total)


def _make_one(index: int) -> tuple[dict[str, bytes], list[Diagnostic], list[tuple[Path, Path]]]:
    """In a worker: plan one output, and render it unless planning found an error; with the
    problems found and the pictures its templates showed."""
    outputs, course, templates, cache_dir = _WORK
    own = Diagnostics(strict=templates.diags.strict)
    shared, templates.diags = templates.diags, own  # what it finds travels back with the result
    try:
        planned = _planned(outputs[index], course, templates, cache_dir)
        if own.errors:
            return {}, own.items, []
        return _rendered(outputs[index], planned, cache_dir), own.items, _template_pictures(templates)
    finally:
        templates.diags = shared


def _template_pictures(templates: "Templates") -> list[tuple[Path, Path]]:
    """(picture, folder of the template) of each picture in the templates' parsed output."""
    from .model import Image, walk

    found = []
    for (path, _text), (intro, sections, _found) in getattr(templates, "_parsed", {}).items():
        blocks = list(walk(intro))
        for section in sections:
            blocks += walk(section.blocks)
            for slide in section.slides:
                blocks += walk(slide.blocks)
        found += [(b.path, Path(path).parent) for b in blocks if isinstance(b, Image)]
    return found


def _worker_starts(parent: int, inherited: tuple[int, ...]) -> None:
    """In each worker, first: leave Ctrl-C and SIGTERM to the build (which ends its workers),
    let go of the output folder's lock, and die with the build, even when it is killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal sends Ctrl-C to every process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)  # the lock stays the build's: it lasts while any copy of it is open
    if not die_with_parent():
        # No PR_SET_PDEATHSIG (macOS, BSD): a thread that notices the build is gone.
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)
        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the build died before this worker was ready
        os._exit(1)


def _end_workers(pool) -> None:
    """Kill a pool's workers at once, instead of waiting for them to finish what they make."""
    import multiprocessing

    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes or multiprocessing.active_children():
        with contextlib.suppress(OSError, AttributeError, ValueError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def _workers_end_with_the_build(pool):
    """On Ctrl-C, SIGTERM or a crash while a pool works, kill its workers at once."""
    try:
        yield
    except BaseException:
        _end_workers(pool)
        raise


def _planned(output: "Output", course: "Course", templates: "Templates", cache_dir: Path | None) -> object:
    """An output checked and planned; what is wrong goes to templates.diags."""
    output.check(course, templates)
    return output.plan(course, templates, _rendered_cache(cache_dir))


def _rendered_cache(cache_dir: Path | None) -> FileCache | None:
    """Where writers keep drawn units, and plans what they measured, between builds."""
    if cache_dir is None:
        return None
    own = cache_for(cache_dir, "rendered")
    return _Shared(own, _SHARED_CACHE[1]) if _SHARED_CACHE[1] is not None else own  # type: ignore[return-value]


def _rendered(output: "Output", planned: object, cache_dir: Path | None) -> dict[str, bytes]:
    """An output's files: taken whole from the cache when its plan (and every file its writer
    reads) is as when they were made, so its writer is neither imported nor run; otherwise
    rendered, its units through the writer's cache, and kept whole for the next build."""
    if cache_dir is None:
        return output.render(planned, None)
    whole = cache_for(cache_dir, "outputs")
    key = output.digest(planned)
    files = get_output(whole, output.name, key) if key is not None else None
    if files is None:
        files = output.render(planned, _rendered_cache(cache_dir))
        if key is not None:
            put_output(whole, output.name, key, files)
    return files


__all__ = ["build", "check", "BuildResult", "Terminated", "TrainerkitError"]
