"""The build: load -> parse -> check -> plan -> render -> write, and nothing written unless all
of it worked."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import signal
import stat
import sys
import threading
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from .cache import (
    FileCache, cache_for, check_file_names, code_fingerprint, course_fingerprint, course_inputs,
    file_digest, inputs_unchanged, outputs_intact, read_manifest, shadowing_place, write_manifest,
)
from .cache import CACHE_DIR, MANIFEST
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

    check_file_names(Path(course_dir), diags)
    if diags.errors:  # a name that cannot be shown: nothing below could report on that file
        from .model import Course

        return Course(root=Path(course_dir), title=Path(course_dir).name)
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
            if all(file_digest(Path(p)) == digest if digest else not os.path.lexists(p)
                   for p, digest in pictures):
                diags.extend(found)
                return module
        except OSError:
            pass  # a picture is gone: parse again, which says so
    own = Diagnostics(strict=diags.strict)
    module = parse_module(src.path, src.text, root, own)
    diags.extend(own.items)
    if not own.errors:
        shown = [b.path for b in module_blocks(module) if isinstance(b, Image)]
        pictures = [(str(p), file_digest(p)) for p in shown]
        # A picture appearing beside the module under a shown one's name would be shown instead.
        pictures += [(str(s), "") for s in (shadowing_place(p, src.path.parent, root) for p in shown)
                     if s is not None and not os.path.lexists(s)]
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


def _one_build_per_folder(run: Callable[..., BuildResult]) -> Callable[..., BuildResult]:
    """build, with its output folder checked and then locked for the whole build, the up-to-date
    check included, so two builds into one folder run one after the other and the manifest
    always describes the outputs beside it; SIGTERM stops it as Ctrl-C does."""
    import inspect

    signature = inspect.signature(run)

    @functools.wraps(run)
    def build(*args, **kwargs) -> BuildResult:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        course_dir = Path(bound.arguments["course_dir"])
        out_dir = bound.arguments["out_dir"]
        out_dir = Path(out_dir) if out_dir else default_out_dir(course_dir)
        diags = Diagnostics()
        _check_out_dir(course_dir, out_dir, diags)
        diags.raise_if_errors()  # before anything, the lock and the cache included, is written
        bound.arguments.update(course_dir=course_dir, out_dir=out_dir)
        say = bound.arguments["progress"] or (lambda message: None)
        with _sigterm_stops(), output_lock(out_dir, say):
            return run(*bound.args, **bound.kwargs)

    return build


@_one_build_per_folder
def build(course_dir: Path, out_dir: Path | None = None, only: Iterable[str] | None = None,
          strict: bool = False, jobs: int | None = None, use_cache: bool = True,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build a course's outputs into out_dir; raises TrainerkitError with every problem found.

    With strict, warnings count as errors. jobs: outputs rendered at once (default: the number of
    cores). use_cache: reuse what an earlier build into out_dir made from the same inputs; an
    unchanged course is not built again at all. progress: told what is happening, a line at a
    time, for a status display.

    One build at a time per output folder: another one waits (LOCK_WAIT seconds at most, then
    it is refused). SIGTERM stops a build as Ctrl-C does (raising Terminated).
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    course_dir = Path(course_dir)
    out_dir = Path(out_dir) if out_dir else default_out_dir(course_dir)
    options = {"only": sorted(only) if only else None, "strict": strict}
    fingerprint = course_fingerprint(course_dir, out_dir, options) if use_cache else ""
    if use_cache:
        manifest = read_manifest(out_dir)
        if (manifest and manifest.get("fingerprint") == fingerprint
                and inputs_unchanged(course_dir, manifest) and outputs_intact(out_dir, manifest)):
            warnings = [Diagnostic.from_dict(d) for d in manifest.get("diagnostics", [])]
            return BuildResult(out_dir, sorted(manifest["outputs"]), warnings,
                               time.perf_counter() - started, up_to_date=True)

    from .outputs import OUTPUTS
    from .templates import Templates

    since = time.time_ns()  # an input changed from now on may have been read before the change
    diags = Diagnostics(strict=strict)
    say("reading the course")
    course = load(course_dir, diags, cache_for(out_dir, "parsed") if use_cache else None)
    diags.raise_if_errors()

    wanted = list(only) if only else list(course.outputs or OUTPUTS)
    templates = Templates(course, diags, cache_for(out_dir, "parsed") if use_cache else None)
    outputs = [OUTPUTS[name] for name in wanted if OUTPUTS[name].has_content(course)]
    pictures: set = set()  # what templates showed, for the manifest
    files = make_all(outputs, course, templates, out_dir if use_cache else None, jobs, say, pictures)
    diags.raise_if_errors()  # every output planned first: a template error stops them all
    say("writing")
    previous = read_manifest(out_dir) or {}
    stale = [] if only else [n for n in previous.get("outputs", {}) if n not in files and "/" not in n]
    write_atomically(out_dir, files, stale)
    if use_cache:
        write_manifest(out_dir, fingerprint, sorted(files), [d.as_dict() for d in diags.sorted()],
                       course_inputs(course, pictures, since))
    return BuildResult(out_dir, sorted(files), diags.sorted(), time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------
# Rendering, several outputs at once

_WORK: tuple = ()  # what forked workers make: set just before the pool starts


def make_all(outputs: list, course: "Course", templates: "Templates", cache_dir: Path | None,
             jobs: int | None, say: Callable[[str], None] = lambda message: None,
             pictures: set | None = None) -> dict[str, bytes]:
    """Plan and render every output; problems met while planning go to templates.diags, and
    then nothing is rendered; pictures gets (picture, folder of its template) of every picture
    the templates' output showed. Outputs are independent, so with more than one job each is planned
    and rendered in a worker process of its own (the deck, the slowest, starts first)."""
    import multiprocessing

    pictures = set() if pictures is None else pictures
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
            with ProcessPoolExecutor(min(jobs - 1, len(outputs) - 1), mp_context=context,
                                     initializer=_worker_starts,
                                     initargs=(os.getpid(), tuple(_LOCKS.values()))) as pool, \
                    _workers_end_with_the_build(pool):
                futures = {pool.submit(_make_one, i): i for i in order[1:]}
                results[order[0]], found, shown = _make_one(order[0])
                templates.diags.extend(found)
                pictures.update(shown)
                say(f"made {outputs[order[0]].name} ({len(results)}/{len(outputs)})")
                for future in as_completed(futures):
                    i = futures[future]
                    results[i], found, shown = future.result()
                    templates.diags.extend(found)
                    pictures.update(shown)
                    say(f"made {outputs[i].name} ({len(results)}/{len(outputs)})")
        finally:
            _WORK = ()
    else:
        plans = {i: outputs[i].plan(course, templates) for i in order}
        pictures.update(_template_pictures(templates))
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


def _make_one(index: int) -> tuple[dict[str, bytes], list[Diagnostic], list[tuple[Path, Path]]]:
    """In a worker: plan one output, and render it unless planning found an error; with the
    problems found and the pictures its templates showed."""
    outputs, course, templates, cache_dir = _WORK
    own = Diagnostics(strict=templates.diags.strict)
    shared, templates.diags = templates.diags, own  # what it finds travels back with the result
    try:
        planned = outputs[index].plan(course, templates)
        if own.errors:
            return {}, own.items, []
        return outputs[index].render(planned, _render_cache(cache_dir)), own.items, _template_pictures(templates)
    finally:
        templates.diags = shared


def _template_pictures(templates: "Templates") -> list[tuple[Path, Path]]:
    """(picture, folder of the template) of each picture in the templates' parsed output."""
    from .model import Image, walk

    found = []
    for (path, _), (intro, sections, _) in getattr(templates, "_parsed", {}).items():
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
    if not _die_with_parent():
        # No PR_SET_PDEATHSIG (macOS, BSD): a thread that notices the build is gone.
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)
        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the build died before this worker was ready
        os._exit(1)


def _die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


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


def _render_cache(cache_dir: Path | None) -> FileCache | None:
    return cache_for(cache_dir, "rendered") if cache_dir is not None else None


SOURCE_FOLDERS = ("modules", "quizzes", "images", "templates")
LOCK_FILE = ".trainerkit-lock"
LOCK_WAIT = 120.0  # seconds a build waits for another one into the same folder; see _lock_wait
_ROOM = 100  # bytes trainerkit's own files add below the output folder's path, at most


def _check_out_dir(course_dir: Path, out_dir: Path, diags: Diagnostics) -> None:
    """The output folder must not be the course folder, above it, or inside a folder the course
    reads from; no folder on the way to it that a course could ship may be a symbolic link (the
    writes would land elsewhere); and its path must not be too long for the system."""
    if _path_too_long(out_dir, diags):
        return
    out = out_dir.resolve()
    root = course_dir.resolve()
    if root.is_relative_to(out):
        diags.error(Location.of(out_dir), "the output folder would hold the course's own files; "
                                          "choose another with -o, such as build/")
        return
    if out.is_relative_to(root):
        for folder in [root / n for n in SOURCE_FOLDERS] + _named_folders(course_dir):
            if out.is_relative_to(folder.resolve()):
                diags.error(Location.of(out_dir),
                            f"the output folder is inside the course's {folder.relative_to(root)}/ "
                            "folder, which holds the course's own files; choose another with -o, "
                            "such as build/")
                return
    link = _symlink_on_the_way(course_dir, out_dir)
    if link is not None:
        diags.error(Location.of(link),
                    "this folder is a symbolic link, so the build's files would be written "
                    "wherever it points; delete the link, or choose another output folder with -o")


def _named_folders(course_dir: Path) -> list[Path]:
    """The folders below the course root that course.yml names files in (modules, quizzes,
    themes); its problems are reported by the build itself."""
    from .load import load_course

    try:
        course, modules, quizzes = load_course(course_dir.resolve(), Diagnostics())
    except Exception:  # noqa: BLE001 - the build's own load says what is wrong
        return []
    named = [m.path for m in modules] + [q.path for q in quizzes] + list(course.quiz_files)
    named += [t for t in (course.theme_pptx, course.theme_docx) if t is not None]
    root = course_dir.resolve()
    return sorted({Path(p).parent for p in named} - {root})


def _symlink_on_the_way(course_dir: Path, out_dir: Path) -> Path | None:
    """The first symbolic link among the folders the build writes into or creates that a course
    could have shipped: the output folder itself, and every folder on its way that lies inside
    the course folder or, for a relative -o, below the working folder."""
    cwd = Path(os.getcwd())
    full = cwd / out_dir
    roots = {Path(os.path.abspath(course_dir)), course_dir.resolve()}
    if not out_dir.is_absolute():
        roots.add(cwd)
    parts = full.parts
    for n in range(1, len(parts) + 1):
        path = Path(*parts[:n])
        here = Path(os.path.abspath(path))
        if (n == len(parts) or any(here != r and here.is_relative_to(r) for r in roots)) \
                and os.path.islink(path):
            return path
    return None


def _path_too_long(out_dir: Path, diags: Diagnostics) -> bool:
    """A located error when a file name in the output folder's path, or the path with
    trainerkit's own files below it, is longer than the system allows."""
    full = os.path.abspath(out_dir)
    existing = Path(full)
    while not os.path.isdir(existing) and existing != existing.parent:
        existing = existing.parent
    name_max, path_max = _limit(existing, "PC_NAME_MAX", 255), _limit(existing, "PC_PATH_MAX", 4096)
    for part in Path(full).parts:
        if len(os.fsencode(part)) > name_max:
            diags.error(Location.of(out_dir),
                        f'a folder name in the output folder\'s path is too long '
                        f'({len(os.fsencode(part))} bytes, "{part[:40]}…"); this system allows '
                        f"{name_max} bytes a name; choose a shorter one with -o")
            return True
    size = max(len(os.fsencode(full)), len(os.fsencode(str(out_dir)))) + _ROOM
    if size >= path_max:
        diags.error(Location.of(out_dir),
                    f"the output folder's path is too long ({size - _ROOM} bytes, and the files "
                    f"trainerkit writes in it need up to {_ROOM} more; this system allows "
                    f"{path_max - 1} in all); choose a shorter one with -o")
        return True
    return False


def _limit(folder: Path, name: str, default: int) -> int:
    try:
        return os.pathconf(folder, name)
    except (OSError, ValueError, AttributeError):  # no pathconf on Windows
        return default if os.name != "nt" else {"PC_NAME_MAX": 255, "PC_PATH_MAX": 260}[name]


# ---------------------------------------------------------------------------------------------
# The output folder's lock: one build at a time per folder

_LOCKS: dict[str, int] = {}  # output folder -> the open lock file this process holds


class Terminated(KeyboardInterrupt):
    """The build was stopped by SIGTERM (a CI job cancelled, kill): handled as Ctrl-C is."""


@contextlib.contextmanager
def _sigterm_stops():
    """While a build runs, SIGTERM raises Terminated, so the build ends its workers and removes
    its temporary files on the way out; only when nobody else handles SIGTERM."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return

    def stop(signum, frame):
        raise Terminated()

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("TRAINERKIT_LOCK_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


@contextlib.contextmanager
def output_lock(out_dir: Path, say: Callable[[str], None], wait: float | None = None):
    """Hold the output folder's lock (out_dir/.trainerkit-lock) for the whole build, the
    up-to-date check included; wait for another build that holds it, wait seconds at most
    (default LOCK_WAIT, or TRAINERKIT_LOCK_WAIT), then refuse with a located error. The folder
    is made first, one level at a time, none of them a symbolic link; then leftovers of builds
    that were killed are removed and trainerkit's own files in it are checked."""
    wait = _lock_wait() if wait is None else wait
    path = out_dir / LOCK_FILE
    try:
        _make_folders(out_dir)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0), 0o644)
    except OSError as e:
        raise TrainerkitError(Diagnostic(Location.of(e.filename or out_dir), "error",
                                         _cannot_write(e))) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TrainerkitError(Diagnostic(Location.of(path), "error", _not_a_file(path)))
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            holder = _holder(fd)
            if time.monotonic() >= deadline:
                raise TrainerkitError(Diagnostic(
                    Location.of(out_dir), "error",
                    f"another trainerkit build{holder} is writing into this folder and did not "
                    f"finish within {wait:g} s; wait for it to end, or build into another folder "
                    "with -o"))
            say(f"waiting for another build{holder} into {out_dir}")
            time.sleep(0.1)
        try:
            _LOCKS[str(out_dir.resolve())] = fd
            if os.name != "nt":  # Windows refuses to read a locked range: no process id there
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            _remove_leftovers(out_dir)
            problem = _foreign_own_files(out_dir)
            if problem:
                raise TrainerkitError(Diagnostic(Location.of(problem[0]), "error", problem[1]))
            yield
        finally:
            _LOCKS.pop(str(out_dir.resolve()), None)
            _unlock(fd)
    finally:
        os.close(fd)


def _make_folders(out_dir: Path) -> None:
    """mkdir -p, one level at a time, refusing a symbolic link met on the way."""
    missing = []
    folder = out_dir
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)
    if os.path.islink(out_dir) or not out_dir.is_dir():
        raise OSError(errno.ENOTDIR, "this is not a folder", str(out_dir))


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except (BlockingIOError, PermissionError):
        return False
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
            return False
        raise


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(fd: int) -> str:
    """' (process 1234)': who holds the lock, as it wrote into the lock file."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
        return f" (process {int(text)})" if text else ""
    except (OSError, ValueError, AttributeError, UnicodeDecodeError):
        return ""


_LEFTOVER = re.compile(r"\.trainerkit-[a-z0-9_]{8}")  # write_atomically's temporary folders


def _remove_leftovers(out_dir: Path) -> None:
    """The temporary folders of builds that were killed while writing (none runs now)."""
    with contextlib.suppress(OSError), os.scandir(out_dir) as entries:
        for entry in entries:
            if _LEFTOVER.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


def _foreign_own_files(out_dir: Path) -> tuple[Path, str] | None:
    """(path, problem) when trainerkit's own files in the output folder are not what it makes:
    the cache a folder of folders and files, the manifest a file, no symbolic link among them
    (a course that ships them so would have trainerkit read or write elsewhere)."""
    manifest = out_dir / MANIFEST
    if os.path.lexists(manifest) and (os.path.islink(manifest) or not manifest.is_file()):
        return manifest, ("this is not the manifest trainerkit writes (it is a symbolic link or not "
                          "a file); delete it and build again")
    cache = out_dir / CACHE_DIR
    fix = ("; delete the folder .trainerkit-cache (it is only a cache, made again by the next "
           "build) and build again")
    if not os.path.lexists(cache):
        return None
    if os.path.islink(cache) or not cache.is_dir():
        return cache, "trainerkit's cache folder is a symbolic link or not a folder" + fix
    folders = [str(cache)]
    while folders:  # scandir knows each entry's type without a stat: fast for thousands
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return Path(entry.path), "a symbolic link inside trainerkit's cache folder" + fix
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif not entry.is_file(follow_symlinks=False):
                    return Path(entry.path), "something other than a file in trainerkit's cache" + fix
    return None


def _cannot_write(e: OSError) -> str:
    if e.errno == errno.ENAMETOOLONG:
        return "this path is too long for the system; choose a shorter output folder with -o"
    return (f"cannot write here ({e.strerror or e}); check the folder's permissions and free "
            "space, or choose another output folder with -o")


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return (f'there is a folder named "{path.name}" where trainerkit writes this file; move '
                "or rename that folder and build again")
    return (f'"{path.name}" is not an ordinary file (a device, pipe or socket) where trainerkit '
            "writes this file; remove it and build again")


def write_atomically(out_dir: Path, files: dict[str, bytes], stale: Iterable[str] = ()) -> None:
    """Write every file into a temporary folder beside the outputs, then move them all into place
    with atomic renames while Ctrl-C waits, so no reader ever sees a half-written file and a
    failed or interrupted build leaves the previous outputs as they were. stale: outputs an
    earlier build made that this one no longer makes (a course without role-plays now), removed
    so nobody hands out an old file."""
    try:
        _make_folders(out_dir)
        tmp = Path(tempfile.mkdtemp(prefix=".trainerkit-", dir=out_dir))
    except OSError as e:
        raise TrainerkitError(Diagnostic(Location.of(e.filename or out_dir), "error",
                                         _cannot_write(e))) from None
    try:
        for name, data in files.items():
            try:
                with open(tmp / name, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except OSError as e:
                raise TrainerkitError(Diagnostic(Location.of(out_dir / name), "error",
                                                 _cannot_write(e))) from None
        odd = [name for name in files
               if os.path.lexists(out_dir / name) and not os.path.islink(out_dir / name)
               and not (out_dir / name).is_file()]
        if odd:  # a folder or a pipe where an output goes: not a file open in PowerPoint
            raise TrainerkitError([Diagnostic(Location.of(out_dir / name), "error",
                                              _not_a_file(out_dir / name)) for name in odd])
        locked = [name for name in files  # a symbolic link is replaced, never opened
                  if not os.path.islink(out_dir / name) and not _replaceable(out_dir / name)]
        if locked:
            raise TrainerkitError([Diagnostic(Location.of(out_dir / name), "error",
                                              "cannot replace this file: it is open in another "
                                              "program (PowerPoint or Word?); close it and build "
                                              "again") for name in locked])
        with _interrupts_deferred():
            for name in files:
                os.replace(tmp / name, out_dir / name)
            for name in stale:
                if _plain_name(name):  # names come from the manifest, which may be planted
                    with contextlib.suppress(OSError):
                        (out_dir / name).unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _plain_name(name: str) -> bool:
    """A file name of the output folder itself: no folder, no way out of it."""
    return (bool(name) and name not in (".", "..") and os.path.basename(name) == name
            and not any(sep and sep in name for sep in (os.sep, os.altsep)))


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
    """Hold Ctrl-C (SIGINT) and SIGTERM back for the few milliseconds the renames take, then
    deliver them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if signal.SIGINT in caught and previous[signal.SIGINT] is signal.default_int_handler:
            raise KeyboardInterrupt
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)  # as if it came now, to whoever handled it before


__all__ = ["build", "check", "BuildResult", "Terminated", "TrainerkitError"]
