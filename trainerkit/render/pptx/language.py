"""A module's own language, read from its text: a Chinese course may hold an English module, and
that module's continuation slides say "(cont.)", not "（续）"."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Iterable

from ... import model as m
from ... import text as tx
from ...templates import labels_for

_ENGLISH: dict[str, str] | None = None


def english_labels() -> dict[str, str]:
    """trainerkit's own English words (read once): what an English module in another course uses."""
    global _ENGLISH
    if _ENGLISH is None:
        _ENGLISH = labels_for("en", None)
    return _ENGLISH


def _texts(node: object) -> Iterable[str]:
    """Every piece of text a block shows: the text of its spans, at any depth."""
    if isinstance(node, m.Span):
        yield node.text
    elif isinstance(node, (tuple, list)):
        for child in node:
            yield from _texts(child)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            yield from _texts(getattr(node, f.name))


def mostly_latin(slides: Iterable[m.DeckSlide]) -> bool:
    """Whether the slides' titles and blocks hold more Latin words than CJK characters (a
    character carries about a word: a Chinese module with English terms stays Chinese)."""
    words = chars = 0
    for ds in slides:
        for piece in itertools.chain((ds.title,), _texts(ds.blocks)):
            latin = False
            for ch in piece:
                is_latin = ch.isalpha() and ord(ch) < 0x250
                words += is_latin and not latin
                chars += ch.isalpha() and tx.is_cjk(ch)
                latin = is_latin
    return words > chars


def continued_labels(deck: m.Deck, labels: dict[str, str]) -> dict[str, str]:
    """Per module (DeckSlide.group), its continuation label where it differs from the course's:
    the English one for a mostly-Latin module of a course whose label is CJK."""
    label = labels.get("continued", "(cont.)")
    if not (label and any(tx.is_cjk(ch) for ch in label)):
        return {}
    english = english_labels().get("continued", "(cont.)")
    modules: dict[str, list[m.DeckSlide]] = {}
    for ds in deck.slides:
        if ds.group:
            modules.setdefault(ds.group, []).append(ds)
    return {group: english for group, slides in modules.items() if mostly_latin(slides)}
