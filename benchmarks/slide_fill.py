"""How full each slide of a course's deck is, as LibreOffice draws it (issue 12: slides that fill).

    python benchmarks/slide_fill.py tests/fixtures/long-slides

Builds the deck into a temporary folder, converts it to PDF with LibreOffice (soffice) and
prints, per slide with a body, how far down the body its text reaches and how far past the body
it runs (tests/extents.py), marking the slides that continue on the next one. Needs soffice and
pdftotext (Debian: libreoffice-impress, poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from extents import slide_extents  # noqa: E402

from trainerkit.build import build  # noqa: E402


def main() -> None:
    course = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "long-slides")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(course, out, only=["deck"], use_cache=False)
        deck = out / "deck.pptx"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(deck)], check=True, capture_output=True)
        extents = slide_extents(deck, Path(tmp) / "deck.pdf")
    titles = {e.number: e.title for e in extents}

    def continues(e) -> bool:
        base = e.title.split(" (cont.)")[0].split("（续）")[0].split("（續）")[0]
        nxt = titles.get(e.number + 1, "")
        return bool(base) and nxt.startswith(base) and any(m in nxt for m in ("(cont.)", "（续）", "（續）"))

    print(f"{'slide':>5}  {'full':>5}  {'past':>6}  title")
    for e in extents:
        print(f"{e.number:>5}  {e.fullness:>5.0%}  {e.past:>5.1f}pt  {e.title}{' (continues)' if continues(e) else ''}")
    continuing = [e.fullness for e in extents if continues(e)]
    if continuing:
        print(f"\n{len(continuing)} slides continue; the least full is {min(continuing):.0%}; "
              f"{sum(e.past > 2 for e in extents)} slides run past their body")


if __name__ == "__main__":
    main()
