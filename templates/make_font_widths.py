"""Write font-widths.json: the advance widths trainerkit measures slide text with.

The deck's fonts (Calibri, Arial, Microsoft YaHei ...) are rarely installed where trainerkit runs,
so their metric-compatible open fonts are read instead, with fontTools, and only what the measure
needs is kept: each character's advance width, in the font's units, as runs of consecutive code
points. Run it where the fonts are installed (Debian: fonts-crosextra-carlito, fonts-liberation2,
fonts-noto-cjk), then commit the file:

    python templates/make_font_widths.py

tests/test_fonts.py runs it again and fails when the shipped file no longer matches the fonts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # trainerkit.text, from this checkout
OUT = Path(__file__).with_name("font-widths.json")

# name in the table -> (files per style, the typefaces a deck names that it stands for)
LATIN = {
    "carlito": ({"regular": "crosextra/Carlito-Regular.ttf", "bold": "crosextra/Carlito-Bold.ttf"},
                ["Calibri", "Calibri Light", "Carlito"]),
    "liberation-sans": ({"regular": "liberation2/LiberationSans-Regular.ttf",
                         "bold": "liberation2/LiberationSans-Bold.ttf"},
                        ["Arial", "Arimo", "Helvetica", "Liberation Sans"]),
    "liberation-serif": ({"regular": "liberation2/LiberationSerif-Regular.ttf",
                          "bold": "liberation2/LiberationSerif-Bold.ttf"},
                         ["Times New Roman", "Tinos", "Times", "Liberation Serif"]),
    "liberation-mono": ({"regular": "liberation2/LiberationMono-Regular.ttf",
                         "bold": "liberation2/LiberationMono-Bold.ttf"},
                        ["Courier New", "Consolas", "Cousine", "Courier", "Liberation Mono"]),
}
CJK = ("noto-sans-cjk", {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"},
       ["Microsoft YaHei", "Microsoft JhengHei", "PingFang SC", "PingFang TC", "PingFang HK",
        "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK HK", "SimSun", "SimHei", "DengXian",
        "PMingLiU", "MingLiU", "新細明體", "微軟正黑體", "微软雅黑", "等线", "宋体"])
CJK_FACE = "Noto Sans CJK SC"  # one face of the collection: every face has the same widths
FONT_DIRS = [Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype/noto"),
             Path("/usr/share/fonts/opentype"), Path("/usr/share/fonts")]

# What a Latin font is measured over (the rest falls back to its average width): Latin, Greek,
# Cyrillic, general punctuation, currency, letterlike symbols, number forms, arrows, maths.
LATIN_SPANS = [(0x20, 0x52F), (0x2000, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x27BF)]


def find(rel: str) -> Path:
    for base in FONT_DIRS:
        for path in (base / rel, *base.rglob(Path(rel).name)):
            if path.is_file():
                return path
    raise SystemExit(f"font {rel} is not installed (Debian: fonts-crosextra-carlito fonts-liberation2 fonts-noto-cjk)")


def runs(widths: dict[int, int]) -> list[list]:
    """Consecutive code points as [first, [width, ...]], or [first, count, width] where a run
    of at least 8 has one width (Hangul, say)."""
    plain: list[list] = []
    for cp in sorted(widths):
        if plain and plain[-1][0] + len(plain[-1][1]) == cp:
            plain[-1][1].append(widths[cp])
        else:
            plain.append([cp, [widths[cp]]])
    out: list[list] = []
    for first, ws in plain:
        k = 0
        while k < len(ws):
            j = k
            while j < len(ws) and ws[j] == ws[k]:
                j += 1
            if j - k >= 8:
                out.append([first + k, j - k, ws[k]])
            elif out and isinstance(out[-1][1], list) and out[-1][0] + len(out[-1][1]) == first + k:
                out[-1][1].extend(ws[k:j])
            else:
                out.append([first + k, ws[k:j]])
            k = j
    return out


def latin_style(path: Path) -> dict:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
    widths = {cp: hmtx[g][0] for cp, g in cmap.items() if any(lo <= cp <= hi for lo, hi in LATIN_SPANS)}
    letters = [widths[cp] for cp in range(0x61, 0x7B) if cp in widths]
    return {"units_per_em": font["head"].unitsPerEm, "average": round(sum(letters) / len(letters)),
            **vertical(font), "widths": runs(widths)}


def vertical(font) -> dict:
    """The font's ascent and descent (hhea): how tall LibreOffice sets a line in a table cell."""
    return {"ascent": font["hhea"].ascent, "descent": -font["hhea"].descent}


def cjk_style(path: Path) -> dict:
    """The collection's widths where they are not the full em: ideographs, kana and full-width
    forms are 1 em; what differs (Hangul, half-width forms, combining marks) is listed."""
    from fontTools.ttLib import TTCollection

    from trainerkit.text import is_cjk

    font = next(f for f in TTCollection(str(path), lazy=True).fonts if f["name"].getDebugName(1).startswith(CJK_FACE))
    cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
    upm = font["head"].unitsPerEm
    odd = {cp: hmtx[g][0] for cp, g in cmap.items() if is_cjk(chr(cp)) and hmtx[g][0] != upm}
    return {"units_per_em": upm, "average": upm, **vertical(font), "widths": runs(odd)}


def build() -> dict:
    fonts = {}
    for name, (files, names) in LATIN.items():
        fonts[name] = {"kind": "latin", "stands_for": names,
                       **{style: latin_style(find(rel)) for style, rel in files.items()}}
    name, files, names = CJK
    fonts[name] = {"kind": "cjk", "stands_for": names,
                   **{style: cjk_style(find(rel)) for style, rel in files.items()}}
    return {"about": "advance widths in font units, as [first code point, [widths...]]; "
                     "written by templates/make_font_widths.py from the metric-compatible open fonts",
            "fonts": fonts}


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


if __name__ == "__main__":
    OUT.write_text(dump(build()), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)", file=sys.stderr)
