"""A trainer's text file read: UTF-8 (with or without a BOM), bounded in size and lines, another
encoding named by the one it most likely is (charset-normalizer), and the characters no Office
file may hold removed with a warning."""

from __future__ import annotations

import errno
from pathlib import Path

from . import limits
from .errors import Diagnostics, Location
from .files import read_regular
from .messages import Msg, _
from .text import XML_FORBIDDEN


def _mb(n: int) -> str:
    return f"{n / limits.MB:,.1f} MB" if n >= limits.MB else f"{n / 1024:,.0f} KB"


def unreadable(e: OSError, path: Path, diags: Diagnostics, where: Location, too_big: Msg) -> None:
    """Why read_regular refused a trainer's file, as a located error: too_big (at where) when
    it is over its limit, else not a regular file, else the system's reason."""
    if e.errno == errno.EFBIG:
        diags.error(where, too_big)
    elif e.errno == errno.EINVAL:
        diags.error(Location.of(path), _("this is not a regular file (a device, a pipe or a "
                                         "folder); a course holds only ordinary files"))
    else:
        diags.error(Location.of(path), _("cannot read this file: {problem}", problem=e.strerror or str(e)))


def read_text(path: Path, diags: Diagnostics, guess: bool = False) -> str | None:
    """A trainer's text file as str: UTF-8 (a BOM is fine); a located error when it is not text
    or larger than limits.MAX_TEXT_FILE_BYTES (never more than that is read). A file in another
    encoding is named with the one it most likely is; with guess, its text read in that one is
    returned all the same, so that what depends on the file (a quiz naming its module's id) is not
    reported missing as well: the error stops the build."""
    try:
        data = read_regular(path, limits.MAX_TEXT_FILE_BYTES)  # never a FIFO or a device
    except OSError as e:
        unreadable(e, path, diags, Location.of(path, 1), _(
            "this file is larger than {most} (the limit MAX_TEXT_FILE_BYTES); split it into several "
            "modules or quiz files", most=_mb(limits.MAX_TEXT_FILE_BYTES)))
        return None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its mark: Notepad's "Unicode"
        diags.error(Location.of(path, 1),
                    _('this file is UTF-16 text (what Notepad calls "Unicode"), not UTF-8; save it '
                      "as UTF-8 in your editor"))
        return _as(data, "utf-16", path, diags) if guess else None
    if b"\0" in data[:8192]:
        diags.error(Location.of(path), _("this is not a text file (it holds binary data); a module "
                                         "or quiz must be UTF-8 text"))
        return None
    lines = data.count(b"\n") + 1
    if lines > limits.MAX_TEXT_FILE_LINES:
        diags.error(Location.of(path, limits.MAX_TEXT_FILE_LINES + 1),
                    _("this file has {lines:,} lines, more than {most:,} (the limit "
                      "MAX_TEXT_FILE_LINES); split it into several modules or quiz files",
                      lines=lines, most=limits.MAX_TEXT_FILE_LINES))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        codec, name = likely_encoding(data)
        byte = hex(data[e.start])
        if name:
            message = _('this file is not UTF-8 text (byte {byte} on this line): it is most likely '
                        '{encoding}; open it as {encoding} and save it as UTF-8 in your editor '
                        '(VS Code: "Reopen with Encoding", then "Save with Encoding")',
                        byte=byte, encoding=name)
        else:
            message = _("this file is not UTF-8 text (byte {byte} on this line); save it as UTF-8 "
                        "in your editor", byte=byte)
        diags.error(Location.of(path, line), message)
        return _as(data, codec, path, diags) if guess and codec else None
    return without_forbidden_characters(text, path, diags)


# What a trainer's editor is likely to have saved instead of UTF-8, by the names editors show:
# charset-normalizer's codec names, their families taken together.
_ENCODING_NAMES = {
    "gb18030": "GB18030", "gbk": "GB18030", "gb2312": "GB18030", "hz": "GB18030",
    "big5": "Big5", "big5hkscs": "Big5", "cp950": "Big5",
    "cp1252": "Windows-1252", "latin_1": "Windows-1252", "iso8859_15": "Windows-1252",
    "shift_jis": "Shift_JIS", "cp932": "Shift_JIS", "euc_jp": "EUC-JP", "euc_kr": "EUC-KR",
    "cp949": "EUC-KR", "utf_16": "UTF-16", "cp1251": "Windows-1251", "cp1250": "Windows-1250",
}
# Encodings editors save by default somewhere (Chinese, Western, Japanese, Korean, Cyrillic,
# Central European Windows), in the order they are named when one reads a text as well as another.
_PREFERRED = ("gb18030", "big5", "cp1252", "shift_jis", "cp932", "euc_kr", "cp949", "cp1251",
              "cp1250", "utf_16")


def likely_encoding(data: bytes) -> tuple[str | None, str | None]:
    """(codec, name an editor shows) of the encoding bytes that are not UTF-8 most likely are,
    found by charset-normalizer ((None, None) when nothing reads them). Of the encodings that read
    the text about as well as the best, the first that editors commonly save is named: a short
    Western text reads as well in a DOS code page, but it was Windows-1252 that saved it."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:limits.MB]))
    if not matches:
        return None, None
    best = min(m.chaos for m in matches)
    good = [m for m in matches if m.chaos <= best + 0.01]
    names = {c for m in good for c in m.could_be_from_charset}
    if "gb18030" in names and "big5" in names:  # a short Chinese text reads in both
        favoured = "big5" if _big5_trails(data) else "gb18030"
        good.sort(key=lambda m: favoured not in m.could_be_from_charset)
    codec = next((c for m in good for c in _PREFERRED if c in m.could_be_from_charset),
                 good[0].encoding)
    return codec, _ENCODING_NAMES.get(codec, codec.replace("_", "-").upper())


def _big5_trails(data: bytes) -> bool:
    """Whether some character's second byte lies in 0x40-0x7E, which Big5 uses for about a third
    of its characters and GB2312 (the common part of GB18030) never does."""
    i, n = 0, min(len(data), limits.MB)
    while i < n - 1:
        if data[i] >= 0xA1:
            if 0x40 <= data[i + 1] <= 0x7E:
                return True
            i += 2
        else:
            i += 1
    return False


def _as(data: bytes, codec: str, path: Path, diags: Diagnostics) -> str:
    """Text in the encoding a file most likely has, for the checks after its encoding error."""
    text = data.decode(codec, errors="replace").lstrip("\ufeff")
    return without_forbidden_characters(text, path, Diagnostics())



def without_forbidden_characters(text: str, path: Path, diags: Diagnostics) -> str:
    """Remove control characters that no Office file may hold, with a warning where they were."""
    if not XML_FORBIDDEN.search(text):
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if XML_FORBIDDEN.search(line):
            bad = sorted({f"U+{ord(c):04X}" for c in XML_FORBIDDEN.findall(line)})
            diags.warning(Location.of(path, n + 1),
                          _("removed invisible control characters ({characters}) that Office files "
                            "cannot hold; your editor may have pasted them", characters=", ".join(bad)))
            lines[n] = XML_FORBIDDEN.sub("", line)
    return "\n".join(lines)
