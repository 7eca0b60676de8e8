"""The slide cache: a module's slides as drawn, kept between builds under a key covering
everything their XML depends on (render/unit_cache.Keys: this package's code and the shared
modules it draws with, the libraries' versions, the reference deck's bytes, the deck's language
and labels, the slides as planned, the bytes of their pictures), in the entry format both
writers share (sealed JSON index and blobs). An entry is checked value by value when it is read
back: a damaged or foreign one is a miss, drawn again, never trusted.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pptx
from lxml import etree

from ... import layouts as layouts_module
from ... import model as m
from ... import text as tx
from .. import callcentre, lists, ooxml, unit_cache
from ..unit_cache import Blobs, Keys, UnitCache, cached_blob, seal, unseal
from .media import recording_digests
from .package import Group, Rendered
from .pictures import Media, Pictures
from .zip import Deflated

SlideCache = UnitCache  # where render_deck keeps rendered modules between builds

_CACHE_MAGIC = b"trainerkit slides\n"
_CACHE_FORMAT = "4"  # 4: a slide's anchor and its jumps to other slides (simulations)
_HERE = Path(__file__).resolve().parent


def slide_keys(deck: m.Deck, labels: dict[str, str]) -> Keys:
    """The keys of this deck's modules: the settings hashed once."""
    code = unit_cache.code_digest(str(_HERE), *(str(Path(mod.__file__).resolve()) for mod in
                                                 (tx, callcentre, ooxml, lists, unit_cache, layouts_module)))
    reference = hashlib.sha256(Path(deck.reference).read_bytes()).hexdigest()
    others = sorted((lang, sorted(words.items())) for lang, words in deck.labels_in.items())
    return Keys("slides-", (_CACHE_FORMAT, pptx.__version__, etree.__version__, code, reference,
                            repr(deck.language), repr(sorted(labels.items())), repr(others),
                            repr((deck.footer, deck.date))))


def group_key(keys: Keys, slides: tuple[m.DeckSlide, ...], pictures: Pictures) -> str:
    """The key of a module's slides: their every field, and the bytes of the pictures they show
    and the recordings they play."""
    return keys.key(slides, *recording_digests(slides, pictures.read), read=pictures.read)


def encode(key: str, group: Group) -> bytes:
    """A cache entry: a JSON index and the blobs it points into, behind a checksum."""
    blobs = Blobs()
    add = blobs.add

    def member(d: Deflated | None):
        return None if d is None else [d.crc, d.size, *add(d.data)]

    slides = [[r.layout, member(r.xml), member(r.notes), [list(x) for x in r.rels],
               None if r.tail is None else add(r.tail), r.anchor] for r in group.slides]
    media = {sha: [md.ext, md.content_type, md.filename, *add(md.blob)] for sha, md in group.media.items()}
    return seal(_CACHE_MAGIC, {"key": key, "slides": slides, "media": media}, blobs.parts)


def decode(key: str, data: object, layouts: dict[str, object]) -> Group | None:
    """A cache entry back, or None when it is missing, for another key, or damaged in any way
    (a value of the wrong type or out of range in the index: a damaged entry is drawn again)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        return None
    try:
        return _decode(key, bytes(data), layouts)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None


def _decode(key: str, data: bytes, layouts: dict[str, object]) -> Group | None:
    entry = unseal(_CACHE_MAGIC, data)
    if entry is None:
        return None
    index, blob_area = entry

    def blob(ref) -> bytes:
        start, length = ref
        return cached_blob(blob_area, start, length)

    def member(ref) -> Deflated:
        crc, size, start, length = ref
        if not (isinstance(crc, int) and isinstance(size, int) and 0 <= crc < 2 ** 32 and 0 <= size < 2 ** 31):
            raise ValueError("bad member")
        return Deflated(crc, size, blob([start, length]))

    if index["key"] != key:
        return None
    media = {}
    for sha, (ext, ctype, filename, start, length) in index["media"].items():
        data_ = blob([start, length])
        if hashlib.sha1(data_).hexdigest() != sha or not re.fullmatch(r"[A-Za-z0-9]{1,8}", ext) \
                or not str(ctype).startswith(("image/", "audio/", "video/")) or not isinstance(filename, str):
            return None
        media[sha] = Media(ext, ctype, data_, filename)
    slides = []
    for layout, xml_ref, notes_ref, rels, tail_ref, anchor in index["slides"]:
        if not isinstance(layout, str) or layout not in layouts or not isinstance(anchor, str):
            return None
        xml = member(xml_ref)
        notes = member(notes_ref) if notes_ref is not None else None
        first = 3 if notes is not None else 2
        out_rels = []
        for k, (rId, kind, target) in enumerate(rels):
            if rId != f"rId{first + k}" or not isinstance(target, str) or \
                    (kind not in ("link", "slide") and target not in media) or \
                    kind not in ("image", "link", "audio", "video", "media", "slide"):
                return None
            out_rels.append((rId, kind, target))
        if len({(kind, t) for _, kind, t in out_rels}) != len(out_rels):
            return None
        tail = blob(tail_ref) if tail_ref is not None else None  # a numbered slide's end
        slides.append(Rendered(layout, xml, notes, out_rels, tail, anchor))
    anchors = {r.anchor for r in slides if r.anchor}
    if any(kind == "slide" and target not in anchors for r in slides for _, kind, target in r.rels):
        return None  # a jump out of its module: not what drawing makes
    return Group(slides, media)
