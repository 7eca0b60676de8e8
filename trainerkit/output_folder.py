"""The output folder: whether a build may write into it (not into the course's own folders, not
through a symbolic link, a path the system can hold), one build at a time in it (a lock), and
writing into it atomically, so a reader never sees a half-written file and a failed build
leaves the earlier outputs as they were.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from .cache import CACHE_DIR, MANIFEST
from .errors import Diagnostic, Diagnostics, Location, TrainerkitError
from .messages import Msg, _

SOURCE_FOLDERS = ("modules", "quizzes", "images", "templates")
LOCK_FILE = ".trainerkit-lock"
LOCK_WAIT = 120.0  # seconds a build waits for another one into the same folder; see _lock_wait
_ROOM = 100  # bytes trainerkit's own files add below the output folder's path, at most


def check_out_dir(course_dir: Path, out_dir: Path, diags: Diagnostics) -> None:
    """The output folder must not be the course folder, above it, or inside a folder the course
    reads from; no folder on the way to it that a course could ship may be a symbolic link (the
    writes would land elsewhere); and its path must not be too long for the system."""
    if _path_too_long(out_dir, diags):
        return
    out = out_dir.resolve()
    root = course_dir.resolve()
    if root.is_relative_to(out):
        diags.error(Location.of(out_dir), _("the output folder would hold the course's own files; "
                                            "choose another with -o, such as build/"))
        return
    if out.is_relative_to(root):
        for folder in [root / n for n in SOURCE_FOLDERS] + _named_folders(course_dir):
            if out.is_relative_to(folder.resolve()):
                diags.error(Location.of(out_dir),
                            _("the output folder is inside the course's {folder}/ folder, which "
                              "holds the course's own files; choose another with -o, such as build/",
                              folder=str(folder.relative_to(root))))
                return
    link = _symlink_on_the_way(course_dir, out_dir)
    if link is not None:
        diags.error(Location.of(link),
                    _("this folder is a symbolic link, so the build's files would be written "
                      "wherever it points; delete the link, or choose another output folder with -o"))


def _named_folders(course_dir: Path) -> list[Path]:
    """The folders below the course root that course.yml names files in (modules, quizzes,
    themes); its problems are reported by the build itself."""
    from .load import load_course

    try:  # the course's problems go to a Diagnostics thrown away: the build's own load says them
        course, modules, quizzes = load_course(course_dir.resolve(), Diagnostics())
    except OSError:  # the folder changed or went away while it was read; the load will say so
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
                        _("a folder name in the output folder's path is too long ({size} bytes, "
                          '"{name}…"); this system allows {most} bytes a name; choose a shorter one '
                          "with -o", size=len(os.fsencode(part)), name=part[:40], most=name_max))
            return True
    size = max(len(os.fsencode(full)), len(os.fsencode(str(out_dir)))) + _ROOM
    if size >= path_max:
        diags.error(Location.of(out_dir),
                    _("the output folder's path is too long ({size} bytes, and the files "
                      "trainerkit writes in it need up to {room} more; this system allows {most} in "
                      "all); choose a shorter one with -o", size=size - _ROOM, room=_ROOM,
                      most=path_max - 1))
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


def held_locks() -> tuple[int, ...]:
    """The lock files this process holds open: a forked worker closes its copies."""
    return tuple(_LOCKS.values())


class Terminated(KeyboardInterrupt):
    """The build was stopped by SIGTERM (a CI job cancelled, kill): handled as Ctrl-C is."""


@contextlib.contextmanager
def sigterm_stops():
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
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise TrainerkitError(Diagnostic(Location.of(path), "error", _not_a_file(path)))
        if st.st_nlink != 1:  # a hard link to a file elsewhere: writing the pid would change it
            raise TrainerkitError(Diagnostic(
                Location.of(path), "error", _("this lock file is also another file (a hard link), "
                                              "which the build would overwrite; delete it and build "
                                              "again")))
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            holder = _holder(fd)
            if time.monotonic() >= deadline:
                raise TrainerkitError(Diagnostic(
                    Location.of(out_dir), "error",
                    _("another trainerkit build{holder} is writing into this folder and did not "
                      "finish within {seconds:g} s; wait for it to end, or build into another "
                      "folder with -o", holder=holder, seconds=wait)))
            say(_("waiting for another build{holder} into {folder}", holder=holder, folder=str(out_dir)))
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
        raise OSError(errno.ENOTDIR, _("this is not a folder"), str(out_dir))


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
    """' (process 1234)': who holds the lock, as it wrote into the lock file ("" when not known)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
        return _(" (process {pid})", pid=int(text)) if text else ""
    except (OSError, ValueError, AttributeError, UnicodeDecodeError):
        return ""


_LEFTOVER = re.compile(r"\.trainerkit-[a-z0-9_]{8}")  # write_atomically's temporary folders


def _remove_leftovers(out_dir: Path) -> None:
    """The temporary folders of builds that were killed while writing (none runs now)."""
    with contextlib.suppress(OSError), os.scandir(out_dir) as entries:
        for entry in entries:
            if _LEFTOVER.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


def _foreign_own_files(out_dir: Path) -> tuple[Path, Msg] | None:
    """(path, problem) when trainerkit's own files in the output folder are not what it makes:
    the cache a folder of folders and files, the manifest a file, no symbolic link among them
    (a course that ships them so would have trainerkit read or write elsewhere)."""
    manifest = out_dir / MANIFEST
    if os.path.lexists(manifest) and (os.path.islink(manifest) or not manifest.is_file()):
        return manifest, _("this is not the manifest trainerkit writes (it is a symbolic link or "
                           "not a file); delete it and build again")
    cache = out_dir / CACHE_DIR
    fix = _("; delete the folder .trainerkit-cache (it is only a cache, made again by the next "
            "build) and build again")
    if not os.path.lexists(cache):
        return None
    if os.path.islink(cache) or not cache.is_dir():
        return cache, _("trainerkit's cache folder is a symbolic link or not a folder{fix}", fix=fix)
    folders = [str(cache)]
    while folders:  # scandir knows each entry's type without a stat: fast for thousands
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return Path(entry.path), _("a symbolic link inside trainerkit's cache folder{fix}",
                                               fix=fix)
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif not entry.is_file(follow_symlinks=False):
                    return Path(entry.path), _("something other than a file in trainerkit's "
                                               "cache{fix}", fix=fix)
    return None


def _cannot_write(e: OSError) -> Msg:
    if e.errno == errno.ENAMETOOLONG:
        return _("this path is too long for the system; choose a shorter output folder with -o")
    return _("cannot write here ({problem}); check the folder's permissions and free space, or "
             "choose another output folder with -o", problem=e.strerror or str(e))


def _not_a_file(path: Path) -> Msg:
    if path.is_dir():
        return _('there is a folder named "{name}" where trainerkit writes this file; move or '
                 "rename that folder and build again", name=path.name)
    return _('"{name}" is not an ordinary file (a device, pipe or socket) where trainerkit writes '
             "this file; remove it and build again", name=path.name)


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
                                              _("cannot replace this file: it is open in another "
                                                "program (PowerPoint or Word?); close it and build "
                                                "again")) for name in locked])
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
