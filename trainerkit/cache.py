"""The build cache, under the output folder: a manifest that says an unchanged course needs no
build at all, parsed modules, and rendered parts (slides per module).

Content-addressed: every key covers what its value was made from, trainerkit's own code
included, so an edit, a template or theme change or a new trainerkit always reaches the outputs.
An entry that cannot be read is rebuilt, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from . import __version__

CACHE_DIR = ".trainerkit-cache"
MANIFEST = ".trainerkit-manifest.json"
SMALL = 2 * 1024 * 1024  # files up to this size are hashed by content; larger by size and time


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """trainerkit's version and the state of its code and built-in templates: a developer's
    change to either invalidates every cache entry, as a new release does."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    from .resources import builtin_dir

    for folder in (here, here / "parse", here / "render", builtin_dir()):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in (".py", ".j2", ".yml", ".pptx", ".docx"):
                st = path.stat()
                h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    st = path.stat()
    if st.st_size > SMALL:
        return f"{st.st_size}:{st.st_mtime_ns}"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def course_fingerprint(root: Path, out_dir: Path, options: dict[str, Any]) -> str:
    """Everything a build reads: every file of the course folder (hidden ones and the output
    folder aside), trainerkit's code, and the build's options."""
    root = root.resolve()
    out = out_dir.resolve()
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    for folder, dirs, files in os.walk(root):
        folder_path = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (folder_path / d).resolve() != out)
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = folder_path / name
            try:
                h.update(f"{path.relative_to(root)}\0{file_digest(path)}\0".encode())
            except OSError:
                h.update(f"{path.relative_to(root)}\0unreadable\0".encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# The manifest: what the last build made, from what


def read_manifest(out_dir: Path) -> dict | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


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


def write_manifest(out_dir: Path, fingerprint: str, files: list[str], diagnostics: list[dict]) -> None:
    outputs = {}
    for name in files:
        st = (out_dir / name).stat()
        outputs[name] = (st.st_size, st.st_mtime_ns)
    data = {"fingerprint": fingerprint, "outputs": outputs, "diagnostics": diagnostics}
    _write_atomic(out_dir / MANIFEST, json.dumps(data, ensure_ascii=False).encode("utf-8"))


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


class FileCache:
    """Bytes by key, one file each under a folder; safe to share between processes."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.folder / digest[:2] / digest

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        try:
            _write_atomic(self._path(key), data)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def get_object(self, key: str) -> Any | None:
        """An unpickled entry; a corrupt one counts as missing. Entries are signed with a key of
        this user's, so a file planted in the output folder is never unpickled (that could run
        code)."""
        import hmac

        data = self.get(key)
        if data is None or len(data) < 32:
            return None
        mac, body = data[:32], data[32:]
        if not hmac.compare_digest(mac, hmac.new(_signing_key(), body, "sha256").digest()):
            return None
        import pickle

        try:
            return pickle.loads(body)
        except Exception:
            return None

    def put_object(self, key: str, value: Any) -> None:
        import pickle

        try:
            body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        import hmac

        self.put(key, hmac.new(_signing_key(), body, "sha256").digest() + body)


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
    """An entry a writer keeps: its kind (magic), a sha256 of the rest, a JSON index and the blobs
    the index points into."""
    head = json.dumps(index, ensure_ascii=True).encode("ascii")
    body = len(head).to_bytes(4, "big") + head + b"".join(blobs)
    return magic + hashlib.sha256(body).digest() + body


def unseal(magic: bytes, data: bytes) -> tuple[dict, bytes] | None:
    """(index, blob area) of an entry, or None when it is of another kind or damaged."""
    n = len(magic)
    if data[:n] != magic or hashlib.sha256(data[n + 32:]).digest() != data[n:n + 32]:
        return None
    body = data[n + 32:]
    size = int.from_bytes(body[:4], "big")
    return json.loads(body[4:4 + size].decode("ascii")), body[4 + size:]


def get_quietly(cache: Any, key: str) -> bytes | None:
    """cache.get, where a store that fails counts as a miss."""
    try:
        return cache.get(key)
    except Exception:  # an unreadable entry is a miss
        return None


def put_quietly(cache: Any, key: str, data: bytes) -> None:
    """cache.put, where a store that cannot be written only costs time at the next build."""
    try:
        cache.put(key, data)
    except OSError:
        pass
