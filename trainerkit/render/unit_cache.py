"""The cache the deck and document writers share: a module's drawn XML, kept between builds.

One key and one entry format for both writers:
- the key of a unit (a module's slides, a module's body) hashes everything its XML depends on:
  the writer's own code (every file of its package, and the shared modules it names), trainerkit's
  and the libraries' versions, the reference file's bytes, the output's language and labels and
  any other setting the writer names, the unit as planned (every field, nested blocks
  included), and the bytes of every picture it shows;
- an entry is `cache.seal`ed: a JSON index holding the key, and the blobs the index points into,
  signed with this user's key. A writer checks the key and every value it reads back; a
  damaged, foreign or planted entry is a miss and is drawn again.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from pathlib import Path
from typing import Any, Iterable, Protocol

from .. import __version__
from .. import model as m
from ..cache import Blobs, get_quietly, put_quietly, seal, unseal
from ..cache import blob as cached_blob

__all__ = ["UnitCache", "Keys", "Blobs", "seal", "unseal", "cached_blob", "get_quietly",
           "put_quietly", "code_digest", "file_digest"]


class UnitCache(Protocol):
    """Where a writer keeps drawn units between builds (build.py gives it one per output)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


@functools.lru_cache(maxsize=None)
def code_digest(*paths: str) -> str:
    """The code of a writer: every .py file of the packages and the files named, in name order.
    A changed writer never reuses a unit an older one drew."""
    h = hashlib.sha256()
    for name in paths:
        path = Path(name)
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def slide_runs(slides: Iterable[m.DeckSlide]) -> list[tuple[m.DeckSlide, ...]]:
    """The runs of slides the deck writer draws, measures and caches one by one: the title and
    agenda, then each module's (DeckSlide.group) opening slide on its own, as it says the module's
    number in this course, and the rest of the module, which is then the same in every course
    that lays the module out alike (a training system's courses share its library's slides)."""
    runs = itertools.groupby(slides, key=lambda ds: (ds.group, ds.kind == "module"))
    return [tuple(run) for _, run in runs]


class Keys:
    """The keys of one writer's units in one rendering: the settings are hashed once, then each
    unit adds its planned blocks and its pictures."""

    def __init__(self, prefix: str, settings: Iterable[object]):
        h = hashlib.sha256()
        for piece in (__version__, *settings):
            h.update(str(piece).encode("utf-8", "surrogatepass") + b"\0")
        self.prefix = prefix
        self._base = h.digest()

    def key(self, unit: Any, *extra: object, read=lambda path: Path(path).read_bytes()) -> str:
        """The key of one unit: its repr (every field), the extra values the writer names, and
        the digest of every picture in it (read with `read`, so a writer's own reads are used)."""
        h = hashlib.sha256(self._base)
        text = repr(unit)
        h.update(text.encode("utf-8", "surrogatepass"))
        for piece in extra:
            h.update(b"\0" + str(piece).encode("utf-8", "surrogatepass"))
        if "Image(" in text:
            for image in images_in(unit):
                path = Path(image.path)
                try:
                    digest = hashlib.sha256(read(path)).hexdigest()
                except OSError:
                    digest = "unreadable"  # drawing reports it
                h.update(f"\0{path}\0{digest}".encode("utf-8", "surrogatepass"))
        return self.prefix + h.hexdigest()


def images_in(value: Any) -> Iterable[m.Image]:
    """Every picture in some blocks, however deeply nested (cards, columns, boxes, slides)."""
    return (b for b in m.media_blocks(value) if isinstance(b, m.Image))


def media_in(value: Any) -> Iterable[Path]:
    """The files of every picture and recording in some blocks: what a writer reads besides them."""
    return (Path(b.path) for b in m.media_blocks(value))
