"""How wide text is, and how many lines it takes, in the fonts a deck names: real advance widths
from templates/font-widths.json (read from the fonts' metric-compatible open fonts by
templates/make_font_widths.py: Carlito for Calibri, Liberation Sans for Arial, Noto Sans CJK for
Microsoft YaHei and JhengHei ...), so no font has to be installed.

Lines break as PowerPoint and LibreOffice break them: Latin text at spaces, CJK text between any
two characters, never before closing punctuation (，。）」 , . ) ...) nor after opening
punctuation (（「“ ...); a word wider than the line breaks where it must. A space at the end of a
line takes no room. Kerning is not applied: text measures a little wider than it is drawn.

A typeface the table does not know is measured as Arial: wider than most body fonts.
"""

from __future__ import annotations

import json
import math
from typing import Iterable, Sequence

from . import text as tx
from .resources import builtin

Pieces = Sequence[tuple[str, bool, bool]]  # (text, bold, code) runs of one paragraph

# No line starts with these (closing marks, and what sits after a word), none ends with these
# (opening marks): the East Asian line-breaking rules (kinsoku) both PowerPoint and LibreOffice keep.
NO_START = frozenset("，。、；：？！）」』】〉》〕］｝”’…‥・ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
                     "〜～％‰℃°,.;:!?)]}%")
NO_END = frozenset("（「『【〈《〔［｛“‘([{")
DEFAULT_LATIN = "liberation-sans"
MONO = "liberation-mono"  # code, whatever monospaced face it names


class Face:
    """One typeface's widths, regular and bold, in em."""

    def __init__(self, name: str, table: dict):
        self.name = name
        self.regular = _widths(table["regular"])
        self.bold = _widths(table["bold"])
        self.average = table["regular"]["average"] / table["regular"]["units_per_em"]
        self.average_bold = table["bold"]["average"] / table["bold"]["units_per_em"]
        regular = table["regular"]
        self.height = (regular["ascent"] + regular["descent"]) / regular["units_per_em"]  # em


def _widths(style: dict) -> dict[str, float]:
    upm = style["units_per_em"]
    out: dict[str, float] = {}
    for run in style["widths"]:
        if len(run) == 3:
            first, count, w = run
            em = w / upm
            for k in range(count):
                out[chr(first + k)] = em
        else:
            first, ws = run
            for k, w in enumerate(ws):
                out[chr(first + k)] = w / upm
    return out


_TABLE: dict | None = None
_FACES: dict[str, Face] = {}
_BY_NAME: dict[str, str] = {}


def _table() -> dict:
    global _TABLE
    if _TABLE is None:
        _TABLE = json.loads(builtin("font-widths.json").read_text(encoding="utf-8"))["fonts"]
        for key, font in _TABLE.items():
            for name in font["stands_for"]:
                _BY_NAME[name.casefold()] = key
    return _TABLE


def _face(key: str) -> Face:
    face = _FACES.get(key)
    if face is None:
        face = _FACES[key] = Face(key, _table()[key])
    return face


def table_for(typeface: str) -> str:
    """The width table a typeface is measured with (Arial's when the table does not know it)."""
    _table()
    key = _BY_NAME.get((typeface or "").strip().casefold())
    if key is None or _TABLE[key]["kind"] != "latin":
        return DEFAULT_LATIN
    return key


class Measure:
    """Widths and line counts for text set in one Latin typeface, CJK characters in the CJK
    table (every CJK face trainerkit meets has full-width ideographs)."""

    def __init__(self, latin: str = "Calibri"):
        self.latin = _face(table_for(latin))
        self.mono = _face(MONO)
        self.cjk = _face("noto-sans-cjk")
        self._units: dict[tuple, tuple[tuple[float, float], ...]] = {}

    def char_em(self, ch: str, bold: bool = False, code: bool = False) -> float:
        if tx.is_cjk(ch):
            w = (self.cjk.bold if bold else self.cjk.regular).get(ch)
            return 1.0 if w is None else w
        face = self.mono if code else self.latin
        w = (face.bold if bold else face.regular).get(ch)
        if w is None:
            if ch in "\t\n\r":
                return 0.0
            return face.average_bold if bold else face.average
        return w

    def natural_height(self, text: str) -> float:
        """A line's height in em from the fonts' ascent and descent (the CJK face's where the
        text holds CJK): LibreOffice sets table cells so, where PowerPoint uses 1.2 em."""
        return self.cjk.height if any(tx.is_cjk(ch) for ch in text) else self.latin.height

    def width(self, text: str, bold: bool = False, code: bool = False) -> float:
        """The width of a line of text in em."""
        return sum(self.char_em(ch, bold, code) for ch in text)

    def longest_word(self, texts: Iterable[str], bold: bool = False) -> float:
        """The widest piece no line break may split (a Latin word with what clings to it), in em."""
        best = 0.0
        for t in texts:
            for line in t.split("\n"):
                for w, _ in self.units(((line, bold, False),)):
                    best = max(best, w)
        return best

    def units(self, pieces: Pieces) -> tuple[tuple[float, float], ...]:
        """The pieces of one line as the units a line break may not split: (width, width of the
        spaces after it), in em."""
        key = tuple(pieces)
        hit = self._units.get(key)
        if hit is not None:
            return hit
        out: list[tuple[float, float]] = []
        w = sp = 0.0
        prev = ""
        for ch, bold, code in ((ch, b, c) for text, b, c in pieces for ch in text):
            em = self.char_em(ch, bold, code)
            if ch == " " or ch == "\u3000" or ch == "\t":
                sp += em
                prev = ch
                continue
            if prev and _breaks(prev, ch, sp > 0):
                out.append((w, sp))
                w = sp = 0.0
            elif sp:  # a space that may not break (never here: spaces always break)
                w += sp
                sp = 0.0
            w += em
            prev = ch
        if w or sp or not out:
            out.append((w, sp))
        result = tuple(out)
        if len(self._units) > 20000:
            self._units.clear()
        self._units[key] = result
        return result

    def lines(self, pieces: Pieces | str, line_em: float) -> int:
        """Lines a paragraph takes when a line holds line_em em (hard breaks as "\\n")."""
        if isinstance(pieces, str):
            pieces = ((pieces, False, False),)
        total = 0
        for line in _split_lines(pieces):
            total += self._line_count(self.units(line), line_em)
        return max(total, 1)

    @staticmethod
    def _line_count(units: tuple[tuple[float, float], ...], line_em: float) -> int:
        if line_em <= 0:
            return 1
        lines, used = 1, 0.0
        for w, sp in units:
            if used and used + w > line_em + 1e-9:
                lines += 1
                used = 0.0
            if not used and w > line_em + 1e-9:  # a word wider than a line: broken where it must
                extra = math.ceil(w / line_em - 1e-9) - 1
                lines += extra
                w -= extra * line_em
            used += w + sp
        return lines


def _breaks(prev: str, ch: str, spaced: bool) -> bool:
    """May a line break between prev and ch (spaced: spaces stand between them)?"""
    if ch in NO_START or prev in NO_END:
        return False
    if spaced:
        return True
    return tx.is_cjk(prev) or tx.is_cjk(ch)


def _split_lines(pieces: Pieces) -> list[list[tuple[str, bool, bool]]]:
    """The pieces cut at hard line breaks."""
    out: list[list[tuple[str, bool, bool]]] = [[]]
    for text, bold, code in pieces:
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                out.append([])
            if part:
                out[-1].append((part, bold, code))
    return out


def pieces(spans, code: bool = False) -> tuple[tuple[str, bool, bool], ...]:
    """Spans (anything with text, bold and code) as the pieces a Measure takes."""
    return tuple((sp.text, sp.bold, code or sp.code) for sp in spans)


_MEASURES: dict[str, Measure] = {}


def measure(latin: str = "Calibri") -> Measure:
    """The Measure of a Latin typeface (one per table, shared: its unit cache with it)."""
    key = table_for(latin)
    hit = _MEASURES.get(key)
    if hit is None:
        hit = _MEASURES[key] = Measure(latin)
    return hit
