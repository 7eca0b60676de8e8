"""Text as every stage sees it: script runs (CJK or not), language tags, the characters XML
cannot hold, and the East Asian font used when a theme names none (how wide text is: fonts.py).

The one definition of each: parse, check, the writers and the CLI import them from here. No
Office or Markdown library is imported here.
"""

from __future__ import annotations

import re
import unicodedata

# Characters XML 1.0 cannot hold at all, not even as &#...; (control characters, U+FFFE/U+FFFF,
# lone surrogates): Office refuses a file that holds one. load.py removes them from files (with a
# warning), config.read_yaml from what YAML escapes make; the writers drop any that slip through.
# (Written as the characters it holds: the same set as "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-
# \U0010ffff]", which takes re 8 ms to compile at every start.)
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The East Asian typeface for CJK runs when the reference names none, by script: LibreOffice
# falls back to Noto Sans CJK where it is missing.
EA_FONTS = {"Hans": "Microsoft YaHei", "Hant": "Microsoft JhengHei", "Jpan": "Yu Gothic", "Hang": "Malgun Gothic"}


# The CJK faces a web page lists (before the generic ones), by script: Traditional text drawn
# with a Simplified face gets mainland glyph shapes, and the other way round.
PAGE_FONTS = {
    "Hant": ("PingFang TC", "Microsoft JhengHei", "Noto Sans CJK TC"),
    "Hant-HK": ("PingFang HK", "PingFang TC", "Microsoft JhengHei", "Noto Sans CJK HK", "Noto Sans CJK TC"),
    "Hans": ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"),
}


def page_font_family(tag: str) -> str:
    """A page's CSS font-family for a language: the system faces, then the CJK faces of its
    script (Traditional first for zh-TW, zh-HK, zh-Hant), then the generic family."""
    script = chinese_script(tag) or "Hans"
    region = normalize_lang(tag).split("-")[-1] if script == "Hant" else ""
    faces = PAGE_FONTS.get(f"Hant-{region}" if region in ("HK", "MO") else script, PAGE_FONTS["Hans"])
    return ", ".join(["system-ui", "-apple-system", '"Segoe UI"', *(f'"{f}"' for f in faces),
                      '"Noto Sans"', "sans-serif"])


def default_ea_font(tag: str) -> str:
    """The East Asian typeface of a language's CJK text: Microsoft JhengHei (微軟正黑體) for
    Traditional Chinese, Microsoft YaHei for Simplified (and for any language not CJK)."""
    return EA_FONTS.get(theme_script(tag), EA_FONTS["Hans"])


def xml_safe(text: str) -> str:
    """Text XML can hold: what it cannot is dropped."""
    return XML_FORBIDDEN.sub("", text)


def columns(text: str) -> int:
    """Columns a text takes in a terminal or a monospaced table: wide and full-width take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

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
    hit = _CJK.get(ch)
    if hit is None:
        if len(ch) != 1:  # "" (the start of an empty text) is not CJK
            return False
        _learn(ch)
        hit = _CJK[ch]
    return hit


def _is_cjk(ch: str) -> bool:
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
    if not text:
        return []
    if text.isascii():  # no CJK character: one Latin run (neutral characters join it)
        return [(text, False)]
    kinds = _KIND
    starts: list[int] = []
    flags: list[bool] = []
    current = None
    for i, ch in enumerate(text):
        kind = kinds.get(ch)
        if kind is None:
            _learn(ch)
            kind = kinds[ch]
        if kind == 0:  # neutral: stays with the run it is in
            continue
        cjk = kind == 1
        if current is None:
            starts.append(0)  # leading neutral characters join the first run
        elif cjk != current:
            starts.append(i)
        else:
            continue
        flags.append(cjk)
        current = cjk
    if not starts:
        return [(text, False)]
    ends = starts[1:] + [len(text)]
    return [(text[a:b], cjk) for a, b, cjk in zip(starts, ends, flags)]


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


def chinese_script(tag: str | None) -> str | None:
    """"Hant" for Traditional Chinese (zh-TW, zh-HK, zh-MO, zh-Hant and zh-Hant-*), "Hans" for
    Simplified (zh, zh-CN, zh-SG, zh-Hans and zh-Hans-*), None for any other language."""
    parts = (tag or "").replace("_", "-").split(".")[0].split("@")[0].lower().split("-")
    if parts[0] != "zh":
        return None
    if "hans" in parts[1:]:
        return "Hans"
    if "hant" in parts[1:] or any(p in ("tw", "hk", "mo") for p in parts[1:]):
        return "Hant"
    return "Hans"


def lookup_tags(tag: str) -> list[str]:
    """Where words for a language are looked up, most exact first: the full tag, its script,
    its language, then English ("zh-HK" -> zh-HK, zh-Hant, zh, en)."""
    parts = (tag or "en").replace("_", "-").split("-")
    lang = parts[0].lower()
    full = "-".join([lang] + [p.upper() if len(p) == 2 else p.title() for p in parts[1:]])
    out = [full]
    script = chinese_script(tag)
    if script:
        out.append(f"zh-{script}")
    out += [lang, "en"]
    return list(dict.fromkeys(out))


def theme_script(lang: str) -> str:
    """The theme font script code (a:font/@script) for a CJK language tag."""
    lang = normalize_lang(lang)
    if lang.startswith("ja"):
        return "Jpan"
    if lang.startswith("ko"):
        return "Hang"
    return chinese_script(lang) or "Hans"


# Per character, computed once (the measure asks of every character many times while slides
# are paginated): whether it is CJK, and its script kind for script_segments (0 neutral, 1 CJK,
# 2 other).
_CJK: dict[str, bool] = {}
_KIND: dict[str, int] = {}


def _learn(chars: str) -> None:
    for ch in chars:
        if ch not in _CJK:
            cjk = _is_cjk(ch)
            _CJK[ch] = cjk
            _KIND[ch] = 0 if _is_neutral(ch) else (1 if cjk else 2)
