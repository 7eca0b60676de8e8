"""Text helpers shared by the writers: script runs, language tags and a rough width measure.

No Office library is imported here, so any writer (pptx, docx, html) can use them.
"""

from __future__ import annotations

import math
import unicodedata

# Ideographs, kana, bopomofo, hangul, CJK punctuation and full-width forms: text set ~1 em wide
# and shaped with an East Asian font.
_CJK_RANGES = (
    (0x1100, 0x11FF),    # Hangul Jamo
    (0x2E80, 0x2FDF),    # CJK radicals, Kangxi radicals
    (0x2FF0, 0x303F),    # ideographic description, CJK symbols and punctuation
    (0x3040, 0x31FF),    # Hiragana, Katakana, Bopomofo, Hangul compatibility, Kanbun, ...
    (0x3200, 0x4DBF),    # enclosed CJK, compatibility, extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xA960, 0xA97F),    # Hangul Jamo extended A
    (0xAC00, 0xD7FF),    # Hangul syllables
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0xFE30, 0xFE4F),    # CJK compatibility forms
    (0xFF00, 0xFF60),    # full-width forms
    (0xFFE0, 0xFFE6),    # full-width signs
    (0x20000, 0x3FFFF),  # extensions B and later
)


def is_cjk(ch: str) -> bool:
    """True for a character set in an East Asian font (ideographs, kana, CJK punctuation, ...)."""
    cp = ord(ch)
    if cp < 0x1100:
        return False
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _is_neutral(ch: str) -> bool:
    """Spaces, digits and ASCII punctuation: they take the script of the text around them."""
    return ch.isspace() or ch.isdigit() or (ord(ch) < 0x80 and not ch.isalpha())


def script_segments(text: str) -> list[tuple[str, bool]]:
    """Split text into (segment, is_cjk) runs. Neutral characters (spaces, digits, ASCII
    punctuation) join the run before them; leading ones join the first run."""
    segments: list[tuple[str, bool]] = []
    pending = ""  # neutral characters before the first decided run
    for ch in text:
        if _is_neutral(ch):
            if segments:
                seg, cjk = segments[-1]
                segments[-1] = (seg + ch, cjk)
            else:
                pending += ch
            continue
        cjk = is_cjk(ch)
        if segments and segments[-1][1] == cjk:
            segments[-1] = (segments[-1][0] + ch, cjk)
        elif not segments:
            segments.append((pending + ch, cjk))
            pending = ""
        else:
            segments.append((ch, cjk))
    if pending:
        segments.append((pending, False))
    return segments


_CJK_LANGS = ("zh", "ja", "ko")
_DEFAULT_REGION = {"zh": "zh-CN", "zh-hans": "zh-CN", "zh-hant": "zh-TW", "en": "en-US", "ja": "ja-JP",
                   "ko": "ko-KR", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}


def normalize_lang(tag: str) -> str:
    """A BCP 47 tag as Office writes it: language-REGION ("zh" -> "zh-CN", "en" -> "en-US")."""
    tag = (tag or "en").replace("_", "-").strip()
    low = tag.lower()
    if low in _DEFAULT_REGION:
        return _DEFAULT_REGION[low]
    parts = tag.split("-")
    if parts[0].lower() == "zh" and len(parts) >= 2 and parts[1].lower() in ("hans", "hant"):
        region = parts[2].upper() if len(parts) > 2 else ("CN" if parts[1].lower() == "hans" else "TW")
        return f"zh-{region}"
    if len(parts) >= 2 and len(parts[1]) == 2:
        return f"{parts[0].lower()}-{parts[1].upper()}"
    return tag


def is_cjk_language(tag: str) -> bool:
    """True for Chinese, Japanese and Korean tags."""
    return normalize_lang(tag).split("-")[0].lower() in _CJK_LANGS


def run_languages(course_language: str) -> tuple[str, str]:
    """(language of CJK runs, language of Latin runs) for a course language.

    A Chinese (or Japanese, Korean) course tags its CJK runs with the course language and its
    Latin runs en-US; any other course tags Latin runs with its language and CJK runs zh-CN."""
    lang = normalize_lang(course_language)
    if is_cjk_language(lang):
        return lang, "en-US"
    return "zh-CN", lang


def theme_script(lang: str) -> str:
    """The theme font script code (a:font/@script) for a CJK language tag."""
    lang = normalize_lang(lang)
    if lang.startswith("ja"):
        return "Jpan"
    if lang.startswith("ko"):
        return "Hang"
    if lang in ("zh-TW", "zh-HK", "zh-MO"):
        return "Hant"
    return "Hans"


def char_em(ch: str) -> float:
    """Rough advance width of a character in em: CJK ~1, Latin ~0.55, narrow ones less."""
    if is_cjk(ch):
        return 1.0
    if ch == " ":
        return 0.28
    if ch in "iljtfrI.,;:'!|()[]":
        return 0.32
    if ch in "mwMW@":
        return 0.85
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper() or ch.isdigit():
        return 0.62
    return 0.52


def width_em(text: str) -> float:
    """Rough width of a line of text in em."""
    return sum(char_em(ch) for ch in text)


def line_count(text: str, line_em: float) -> int:
    """Lines a paragraph needs when a line holds line_em em (hard breaks as "\\n")."""
    if line_em <= 0:
        return max(1, text.count("\n") + 1)
    total = 0
    for line in text.split("\n"):
        w = width_em(line)
        if w <= line_em:
            total += 1
            continue
        # Word wrapping loses part of each line; Latin text loses more than CJK text.
        cjk_share = sum(1 for ch in line if is_cjk(ch)) / max(1, len(line))
        slack = 0.97 - 0.12 * (1 - cjk_share)
        total += max(1, math.ceil(w / (line_em * slack)))
    return total
