"""The build cache, under the output folder: a manifest that says an unchanged course needs no
build at all, parsed modules, and rendered parts (slides per module).

Content-addressed: every key covers what its value was made from, trainerkit's own code
included, so an edit, a template or theme change or a new trainerkit always reaches the outputs.
The output folder may be on a shared drive that others write to: every entry and the manifest
are signed with a key of this user's, so a planted or damaged one is a miss, rebuilt and never
trusted; and the course is read only as far as the build reads it (regular files, inside it).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, Iterable

from . import __version__, limits
from .files import read_checked, read_regular
from .system import COURSE_FOLDERS as KNOWN_FOLDERS  # what the build lists or globs

CACHE_DIR = ".trainerkit-cache"
MANIFEST = ".trainerkit-manifest.json"
SMALL = 2 * 1024 * 1024  # files up to this size are hashed by content; larger by size and time
MAX_ENTRY = 256 * 1024 * 1024  # a cache entry larger than this is never read (nor written)
MAX_MANIFEST = 16 * 1024 * 1024
# Entries of the known folders listed at most (more: never up to date); a course may hold no more.
MAX_LISTED = limits.MAX_COURSE_ENTRIES
_MANIFEST_MAGIC = b"trainerkit manifest 2\n"


def code_folders() -> list[Path]:
    """The folders code_fingerprint covers: trainerkit/ and every package below it (parse/,
    quiz/, render/ and the writers' own packages), then the built-in templates."""
    from .resources import builtin_dir

    here = Path(__file__).resolve().parent
    folders = [Path(top) for top, _, _ in os.walk(here) if Path(top).name != "__pycache__"]
    return sorted(folders) + [builtin_dir()]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """trainerkit's version and the state of its code and built-in templates: a developer's
    change to either invalidates every cache entry, as a new release does."""
    h = hashlib.sha256(__version__.encode())
    for folder in code_folders():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in (".py", ".j2", ".yml", ".pptx", ".docx"):
                st = path.stat()
                h.update(f"{path.relative_to(folder.parent)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """A file's digest (a large one's size and time); OSError for anything but a regular file,
    which is never opened."""
    return _digest(path, os.stat(path))


def _digest(path: str | Path, st: os.stat_result) -> str:
    if stat.S_ISREG(st.st_mode) and st.st_size > SMALL:
        return f"{st.st_size}:{st.st_mtime_ns}"
    return hashlib.sha256(read_checked(path, st, SMALL, True)).hexdigest()


# ---------------------------------------------------------------------------------------------
# The fingerprint: what the last build read, and whether any of it changed


def course_fingerprint(root: Path, out_dir: Path, options: dict[str, Any]) -> str:
    """What a build depends on besides the course's files: trainerkit's code, the build's
    options and where the course is. The files are checked by inputs_unchanged."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    h.update(os.fsencode(os.path.realpath(root)))
    return h.hexdigest()


def check_file_names(root: Path, diags: Any) -> None:
    """A located error for every file name in the folders the build lists (modules/, quizzes/,
    templates/) that is not UTF-8: such a name cannot be shown, linked or listed in the outputs;
    and for a folder in them nested deeper than limits.MAX_FOLDER_DEPTH (never opened). Names
    elsewhere in the course are never read, so they do not matter. A folder of more than
    MAX_LISTED entries is left to the load's walk of the course, which says so."""
    from .errors import Diagnostics, Location
    from .load import too_deep
    from .messages import _

    real = os.fsencode(os.path.realpath(root))
    for folder in ("modules", "quizzes", "templates"):
        found = Diagnostics()
        count = [0]
        for rel, kind, _target in _walk(real, os.fsencode(folder), count):
            shown = os.path.join(os.fsencode(root), rel).decode("utf-8", "backslashreplace")
            if kind == "t":
                too_deep(shown, found)
                continue
            try:
                rel.decode("utf-8")
            except UnicodeDecodeError:
                found.error(Location.of(shown), _(
                    "this folder name is not UTF-8 text, so it cannot be shown or listed; rename it "
                    "(or move it out of the course folder)") if kind == "d" else _(
                    "this file name is not UTF-8 text, so it cannot be shown or listed; rename it "
                    "(or move it out of the course folder)"))
        if count[0] <= MAX_LISTED:  # listed in part, in no fixed order: the load says what is wrong
            diags.extend(found.items)


_SEP = os.sep.encode()


def _walk(root: bytes, rel: bytes, count: list[int]):
    """(path relative to root, kind, symlink target) of rel and everything below it, as bytes,
    in a fixed order; root has its symlinks resolved; kind: d folder, f file, l symlink, o
    anything else, - missing, ? unreadable, t a folder nested deeper than
    limits.MAX_FOLDER_DEPTH in the course (not opened). A symlink is followed only to a folder
    inside the course (each folder once). Never opens a file. count[0] counts the entries
    yielded; past MAX_LISTED the walk stops (and reads no more of a folder than that). Walked
    with a stack, never by recursion."""
    path = os.path.join(root, rel)
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        yield rel, "-", b""
        return
    kind = ("l" if stat.S_ISLNK(mode) else "d" if stat.S_ISDIR(mode)
            else "f" if stat.S_ISREG(mode) else "o")
    yield from _below(root, rel, path, kind, count, set())


def _below(root: bytes, rel: bytes, path: bytes, kind: str, count: list[int], seen: set):
    """_walk of an entry of known kind: pre-order, each folder's entries sorted by name."""
    stack = [(rel, path, kind)]
    while stack and count[0] <= MAX_LISTED:
        rel, path, kind = stack.pop()
        count[0] += 1
        if kind == "l":
            try:
                target = os.readlink(path)
            except OSError:
                target = b"?"
            yield rel, "l", target
            if (rel.count(_SEP) + 1 > limits.MAX_FOLDER_DEPTH  # a folder there would be too deep
                    or not os.path.realpath(path).startswith(root + _SEP) or not os.path.isdir(path)):
                continue
        elif kind == "d" and rel.count(_SEP) + 1 > limits.MAX_FOLDER_DEPTH:
            yield rel, "t", b""
            continue
        else:
            yield rel, kind, b""
            if kind != "d":
                continue
        try:
            st = os.stat(path)
            if (st.st_dev, st.st_ino) in seen or count[0] > MAX_LISTED:
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = []
            with os.scandir(path) as it:
                for e in it:  # no more than could still be listed
                    entries.append((e.name, "l" if e.is_symlink() else "d" if e.is_dir(follow_symlinks=False)
                                    else "f" if e.is_file(follow_symlinks=False) else "o"))
                    if count[0] + len(entries) > MAX_LISTED:
                        break
        except OSError:
            yield rel, "?", b""
            continue
        entries.sort(reverse=True)  # popped in order
        stack.extend((os.path.join(rel, name), os.path.join(path, name), kind) for name, kind in entries)


def _listing(root: Path, folders: tuple[str, ...] = KNOWN_FOLDERS) -> tuple[str, list[bytes]]:
    """A digest of the names in the known folders (so an added or removed module is seen),
    and the regular files under templates/ (which the templates and labels are read from).
    folders: the folders listed, relative to root (a training system's: system.listed)."""
    broot = os.fsencode(os.path.realpath(root))
    h = hashlib.sha256()
    count = [0]
    templates = []
    for folder in folders:
        for rel, kind, target in _walk(broot, os.fsencode(folder), count):
            h.update(rel + b"\0" + kind.encode() + b"\0" + target + b"\0")
            if kind in "fl" and os.path.basename(folder) == "templates":
                templates.append(rel)
    if count[0] > MAX_LISTED:
        return os.urandom(16).hex(), templates  # too many to list: never up to date
    return h.hexdigest(), templates


class _Digests:
    """Digests of files inside a course, each folder resolved once: a file whose path leaves
    the course through a symlink, or that is not a regular file, gets a digest that matches
    nothing read, and is never opened."""

    def __init__(self, root: Path):
        self.root = os.path.realpath(root)
        self.inside = self.root + os.sep
        self._folders: dict[str, str | None] = {}

    def digest(self, rel: str, since_ns: int | None = None) -> str:
        parent, name = os.path.split(os.path.join(self.root, rel))
        folder = self._folders.get(parent, "")
        if folder == "":
            folder = os.path.realpath(parent)
            folder = self._folders[parent] = folder if (folder + os.sep).startswith(self.inside) else None
        if folder is None or not name:
            return "outside the course"
        path = os.path.join(folder, name)
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                path = os.path.realpath(path)
                if not path.startswith(self.inside):
                    return "outside the course"
                st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                return "not a file"
            if since_ns is not None and max(st.st_mtime_ns, st.st_ctime_ns) >= since_ns:
                return "changed during the build"
            return _digest(path, st)
        except OSError:
            return "unreadable"


def course_inputs(course: Any, pictures: Iterable[tuple[Path, Path]] = (),
                  since_ns: int | None = None) -> dict | None:
    """What a build of course read, for the manifest: every input file (course.yml, modules,
    quizzes, pictures, templates and labels, themes) by its path in the course and its digest;
    the places a picture would have been taken from first, which must stay empty; and a digest
    of the known folders' names. pictures: (picture, folder its Markdown was in) of template
    output. A file changed at or after since_ns (the build's start) gets a digest that never
    matches, as the build may have read it before the change. None when some input cannot be
    named inside the course (then the next build is never up to date)."""
    from .model import media_blocks
    from .system import listed

    root, folders = listed(Path(course.root))  # a course in a system: the system's folder
    real_root = os.path.realpath(root)
    files: list[Path] = [Path(course.root) / "course.yml"]
    files += [root / name for name in folders if name.endswith(".yml")]
    files += [m.path for m in course.modules]
    files += list(course.quiz_files) + list(course.results_files) + list(course.qa_files)
    files += [p for p in (course.theme_pptx, course.theme_docx) if p is not None]
    # every picture and recording the modules and the quiz banks show (a recording's length is
    # read when its module is parsed, and its bytes go into the deck)
    shown: list[tuple[Path, Path]] = [(b.path, m.path.parent) for m in course.modules for b in media_blocks(m)]
    shown += [(b.path, Path(q.loc.path).parent if q.loc.path else root) for q in course.quizzes for b in media_blocks(q)]
    shown += list(pictures)
    files += [picture for picture, _ in shown]

    def rel(path: Path) -> str | None:
        for base in (str(root), real_root):
            r = os.path.relpath(path, base)
            if not r.startswith(".." + os.sep) and r != ".." and not os.path.isabs(r):
                return r
        return None

    folders = tuple(f for f in folders if not f.endswith(".yml"))
    listing, templates = _listing(root, folders)
    if since_ns is not None:  # a folder that changed during the build: not listed as it was read
        for folder in folders:
            try:
                st = os.stat(os.path.join(real_root, folder))
                if max(st.st_mtime_ns, st.st_ctime_ns) >= since_ns:
                    listing = "changed during the build"
            except OSError:
                pass
    digests = _Digests(root)
    inputs: dict[str, str] = {}
    for path in files:
        r = rel(path)
        if r is None:
            return None
        inputs[r] = digests.digest(r, since_ns)
    for r in templates:
        r = os.fsdecode(r)
        inputs[r] = digests.digest(r, since_ns)
    absent = set()
    for picture, folder in shown:
        first = shadowing_place(picture, folder, Path(real_root))
        if first is not None and not os.path.lexists(first):
            absent.add(os.path.relpath(first, real_root))
    return {"inputs": inputs, "absent": sorted(absent), "listing": listing}


def shadowing_place(picture: Path, folder: Path, root: Path) -> Path | None:
    """Where a file would be shown instead of picture, shown from Markdown in folder: the parser
    looks for a picture beside its Markdown first, then from the course folder, so a picture
    taken from the course folder is replaced by one appearing beside the Markdown under the same
    name. None when there is no such place (or it is outside the course)."""
    real_root = os.path.realpath(root)
    r = os.path.relpath(os.path.realpath(picture), real_root)
    f = os.path.relpath(os.path.realpath(folder), real_root)
    if r.startswith(".." + os.sep) or f == "." or f == ".." or f.startswith(".." + os.sep):
        return None
    first = os.path.normpath(os.path.join(f, r))
    return None if first == r else Path(real_root, first)


def inputs_unchanged(course_dir: Path, manifest: dict) -> bool:
    """Whether every file the last build read is as it was, no picture would now be taken from
    another place, and the known folders hold the same names. Reads only those files."""
    from .system import listed

    root, folders = listed(Path(course_dir))
    folders = tuple(f for f in folders if not f.endswith(".yml"))
    try:
        inputs, absent, listing = manifest["inputs"], manifest["absent"], manifest["listing"]
        if not (isinstance(inputs, dict) and isinstance(absent, list) and isinstance(listing, str)):
            return False
        digests = _Digests(root)
        for rel, digest in inputs.items():
            if not isinstance(rel, str) or digests.digest(rel) != digest:
                return False
        for rel in absent:
            if not isinstance(rel, str) or os.path.lexists(os.path.join(digests.root, rel)):
                return False
        return _listing(root, folders)[0] == listing
    except (KeyError, TypeError, ValueError, OSError):
        return False


# ---------------------------------------------------------------------------------------------
# The manifest: what the last build made, from what; signed, so a planted one is ignored


def _manifest_mac(out_dir: Path, body: bytes) -> bytes:
    import hmac

    place = os.fsencode(os.path.realpath(out_dir))
    return hmac.new(_signing_key(), b"manifest\0" + place + b"\0" + body, "sha256").digest()


def read_manifest(out_dir: Path) -> dict | None:
    """The last build's manifest, or None when there is none or it is not this user's (its
    signature does not match: planted or copied from another folder) or damaged. Only a
    regular file is read, never a symlink."""
    import hmac

    try:
        data = read_regular(out_dir / MANIFEST, MAX_MANIFEST, follow=False)
    except OSError:
        return None
    n = len(_MANIFEST_MAGIC)
    if data[:n] != _MANIFEST_MAGIC or len(data) < n + 65:
        return None
    try:
        mac = bytes.fromhex(data[n:n + 64].decode("ascii"))
    except ValueError:
        return None
    body = data[n + 65:]
    if not hmac.compare_digest(mac, _manifest_mac(out_dir, body)):
        return None
    try:
        manifest = json.loads(body.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("outputs"), dict):
        return None
    return manifest


def outputs_intact(out_dir: Path, manifest: dict) -> bool:
    """Whether every file the manifest lists is still there as the build left it."""
    try:
        for name, (size, mtime) in manifest["outputs"].items():
            st = (out_dir / name).stat()
            if st.st_size != size or st.st_mtime_ns != mtime:
                return False
        return True
    except (OSError, KeyError, TypeError, ValueError):
        return False


def write_manifest(out_dir: Path, fingerprint: str, files: list[str], diagnostics: list[dict],
                   inputs: dict | None = None, made: dict[str, str] | None = None,
                   pdfs: dict[str, list[str]] | None = None) -> None:
    """Record what this build made and (inputs, from course_inputs) what it read; without
    inputs the next build is not up to date. made: every file trainerkit made in the folder
    that is there now (this build's and earlier builds' that it did not touch) with the output
    that made it, and pdfs: each PDF made with --pdf with [its source, that source's output],
    so any later build can remove what the course no longer makes."""
    outputs = {}
    for name in files:
        st = (out_dir / name).stat()
        outputs[name] = (st.st_size, st.st_mtime_ns)
    # Without inputs nothing says the course is unchanged: no fingerprint to match either.
    data = {"fingerprint": fingerprint if inputs else None, "outputs": outputs,
            "diagnostics": diagnostics, "made": made if made is not None else dict.fromkeys(files, ""),
            "pdfs": pdfs or {}}
    data.update(inputs or {"inputs": None})
    _store_manifest(out_dir, data)


def record_pdfs(out_dir: Path, manifest: dict, pdfs: dict[str, list[str]]) -> None:
    """The manifest read at this build's start, stored again with the PDFs it now records."""
    _store_manifest(out_dir, {**manifest, "pdfs": pdfs})


def _store_manifest(out_dir: Path, data: dict) -> None:
    body = json.dumps(data, ensure_ascii=True).encode("ascii")
    _write_atomic(out_dir / MANIFEST,
                  _MANIFEST_MAGIC + _manifest_mac(out_dir, body).hex().encode("ascii") + b"\n" + body)


def _write_atomic(path: Path, data: bytes) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------------------------------------
# Entries


# Besides pickle.UnpicklingError, what unpickling an entry of this user's can raise when it was
# made by another version of trainerkit's classes (a class moved or renamed, a field gone) or is
# damaged despite its signature; anything else is a bug of ours and is not hidden.
UNPICKLING_ERRORS = (ImportError, AttributeError, TypeError, ValueError, EOFError, IndexError,
                     KeyError, RecursionError)


class FileCache:
    """Bytes by key, one file each under a folder; safe to share between processes. The folder
    may be on a shared drive that others write to: an entry is only ever read as a regular
    file of a sane size (a planted FIFO, device or symlink is a miss), and nothing is written
    through a symlinked folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / digest[:2] / digest

    def holds(self, key: str) -> bool:  # an entry is there under key (whether it is good: get)
        return self._path(key).is_file()

    def get(self, key: str) -> bytes | None:
        try:
            return read_regular(self._path(key), MAX_ENTRY, follow=False)
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if len(data) > MAX_ENTRY or not _real_folders(path.parent, 3):
            return
        try:
            _write_atomic(path, data)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def get_object(self, key: str) -> Any | None:
        """An unpickled entry; a corrupt one counts as missing. Entries are signed with a key of
        this user's, over the entry's key too, so a file planted in the output folder (or an
        entry of this user's moved to another key) is never unpickled (that could run code)."""
        import hmac

        data = self.get(key)
        if data is None or len(data) < 32:
            return None
        view = memoryview(data)
        if not hmac.compare_digest(view[:32], _object_mac(key, view[32:])):
            return None
        import pickle

        try:
            return pickle.loads(view[32:])
        except (pickle.UnpicklingError, *UNPICKLING_ERRORS):  # signed, but not of today's classes
            return None

    def put_object(self, key: str, value: Any) -> None:
        import pickle

        try:
            body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        self.put(key, _object_mac(key, body) + body)


def _object_mac(key: str, body: bytes | memoryview) -> bytes:
    import hmac

    mac = hmac.new(_signing_key(), b"pickle\0", "sha256")
    mac.update(hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest())
    mac.update(body)
    return mac.digest()


def _real_folders(folder: Path, levels: int) -> bool:
    """Whether folder and its parents up to levels up are real folders or not there yet (not
    symlinks, which could send a write anywhere)."""
    for _ in range(levels):
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
        except FileNotFoundError:
            pass
        except OSError:
            return False
        folder = folder.parent
    return True


@functools.lru_cache(maxsize=1)
def _signing_key() -> bytes:
    """A random key kept in the user's cache folder (made on first use); when it cannot be kept,
    one for this process only, so the cache still works within it."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "trainerkit" / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        _write_atomic(path, key)
        os.chmod(path, 0o600)
    except OSError:
        pass
    return key


def cache_for(out_dir: Path, kind: str) -> FileCache:
    return FileCache(out_dir / CACHE_DIR / kind)


# ---------------------------------------------------------------------------------------------
# The entries the writers keep: checked bytes, never pickle


class Blobs:
    """The blobs of an entry being made: add one, keep the [start, length] it returns in the
    index, and seal the entry with .parts."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> list[int]:
        self.parts.append(data)
        self.size += len(data)
        return [self.size - len(data), len(data)]


def blob(area: bytes, start: object, length: object) -> bytes:
    """The blob at [start, length] of an unsealed entry's area; ValueError when the reference
    does not point inside it (a damaged entry)."""
    if not (isinstance(start, int) and isinstance(length, int) and 0 <= start
            and 0 <= length and start + length <= len(area)):
        raise ValueError("bad blob reference")
    return area[start:start + length]


def seal(magic: bytes, index: dict, blobs: list[bytes]) -> bytes:
    """An entry a writer keeps: its kind (magic), a signature (HMAC with this user's key) of
    the kind and the rest, a JSON index and the blobs the index points into. The index holds
    the entry's key, which the writer checks, so the signature covers that too."""
    head = json.dumps(index, ensure_ascii=True).encode("ascii")
    body = len(head).to_bytes(4, "big") + head + b"".join(blobs)
    return magic + _sealed_mac(magic, body) + body


def unseal(magic: bytes, data: bytes) -> tuple[dict, bytes] | None:
    """(index, blob area) of an entry, or None when it is of another kind, damaged, or not
    signed with this user's key (planted by someone else: a miss, never trusted)."""
    import hmac

    n = len(magic)
    if not isinstance(data, (bytes, bytearray)) or len(data) < n + 36 or data[:n] != magic:
        return None
    view = memoryview(data)
    if not hmac.compare_digest(view[n:n + 32], _sealed_mac(magic, view[n + 32:])):
        return None
    body = view[n + 32:]
    size = int.from_bytes(body[:4], "big")
    try:
        index = json.loads(bytes(body[4:4 + size]).decode("ascii"))
    except ValueError:
        return None
    if not isinstance(index, dict):
        return None
    return index, bytes(body[4 + size:])


def _sealed_mac(magic: bytes, body: bytes | memoryview) -> bytes:
    import hmac

    mac = hmac.new(_signing_key(), b"sealed\0", "sha256")
    mac.update(magic)
    mac.update(body)
    return mac.digest()


def get_quietly(cache: Any, key: str) -> bytes | None:
    """cache.get, where a store that fails counts as a miss."""
    try:
        return cache.get(key)
    except (OSError, ValueError):  # an unreadable entry, or a store that cannot say: a miss
        return None


def put_quietly(cache: Any, key: str, data: bytes) -> None:
    """cache.put, where a store that cannot be written only costs time at the next build."""
    try:
        cache.put(key, data)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------
# Whole outputs: the files an output made from a plan, reused while its plan is the same

_OUTPUT_MAGIC = b"trainerkit output 1\n"
MAX_OUTPUT_FILES = 64  # an output writes a handful of files (the quiz: two per version and three)


def get_output(cache: Any, name: str, key: str) -> dict[str, bytes] | None:
    """The files output name made last, when they were made from key (outputs.plan_digest):
    a sealed entry of this user's (a regular file of at most MAX_ENTRY bytes) whose index holds
    that key and plain file names pointing inside it. None otherwise: a miss, never trusted."""
    opened = unseal(_OUTPUT_MAGIC, get_quietly(cache, _output_key(name)) or b"")
    if opened is None:
        return None
    index, area = opened
    listed = index.get("files")
    if index.get("key") != key or not isinstance(listed, dict) or len(listed) > MAX_OUTPUT_FILES:
        return None
    files: dict[str, bytes] = {}
    try:
        for filename, ref in listed.items():
            if not _plain_name(filename) or not isinstance(ref, list) or len(ref) != 2:
                return None
            files[filename] = blob(area, ref[0], ref[1])
    except ValueError:
        return None
    return files


def put_output(cache: Any, name: str, key: str, files: dict[str, bytes]) -> None:
    """Keep the files output name made from key, in place of the ones it made before (one entry
    per output, so edits do not pile up whole decks in the cache)."""
    if len(files) > MAX_OUTPUT_FILES or not all(_plain_name(n) for n in files):
        return
    blobs = Blobs()
    index = {"key": key, "files": {filename: blobs.add(data) for filename, data in files.items()}}
    if blobs.size <= MAX_ENTRY:
        put_quietly(cache, _output_key(name), seal(_OUTPUT_MAGIC, index, blobs.parts))


def _output_key(name: str) -> str:
    return f"whole output\0{name}"


def _plain_name(filename: object) -> bool:
    """A file name an output may write: in the output folder itself, not hidden, printable."""
    return (isinstance(filename, str) and 0 < len(filename) <= 255 and not filename.startswith(".")
            and not any(c in filename for c in "/\\\0") and filename.isprintable())
