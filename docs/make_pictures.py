"""Pictures of what trainerkit makes, for the quick starts: docs/pictures/*.png.

    python3 docs/make_pictures.py            # from the repository root

Builds courses/complaint-handling into a temporary folder, converts the deck, handout, guide,
quick-reference card, role-play cards and quiz A to PDF with LibreOffice, finds the pages to show
by their text (so the pictures follow the sample course when it changes) and renders each to PNG
with pdftoppm. Every picture is kept under 150 KB. Needs LibreOffice (soffice) and poppler-utils
(pdftoppm, pdftotext).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "courses" / "complaint-handling"
PICTURES = ROOT / "docs" / "pictures"
MAX_BYTES = 150 * 1024

# name: (PDF, text on the page to show (None: the first page), resolution in dpi).
# Slides are 13.3 inches wide, so 60 dpi is 800 pixels; document pages are narrower and their
# 10.5-point Chinese text needs 90 dpi to stay readable.
SHOTS: dict[str, tuple[str, str | None, int]] = {
    "deck-title": ("deck", None, 60),
    "deck-agenda": ("deck", "议程", 60),
    "deck-script": ("deck", "标准开场白（呼入）", 60),
    "deck-model": ("deck", "HEARD 五步", 60),
    "deck-phrases": ("deck", "推荐话术与禁用语", 60),
    "deck-roleplay": ("deck", "场景一：愤怒的理赔客户", 60),
    "handout-page": ("handout", "核实口诀", 90),
    "guide-page": ("guide", "特殊情况怎么处理", 90),
    "quickref": ("quickref", None, 90),
    "roleplay-cards": ("roleplay", None, 90),
    "quiz-paper": ("quiz-A", None, 90),
}


def run(*args: str | Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], check=True, **kw)


def page_of(pdf: Path, text: str | None) -> int:
    """The first page of the PDF whose text holds `text` (spaces ignored); 1 when text is None."""
    if text is None:
        return 1
    pages = run("pdftotext", "-layout", pdf, "-", capture_output=True, text=True).stdout.split("\f")
    want = "".join(text.split())
    for n, page in enumerate(pages, 1):
        if want in "".join(page.split()):
            return n
    sys.exit(f"{pdf.name}: no page shows {text!r}; update SHOTS in {Path(__file__).name}")


def render(pdf: Path, page: int, dpi: int, out: Path) -> None:
    """One page to PNG, at `dpi` or lower until it is under MAX_BYTES."""
    from PIL import Image

    while True:
        stem = out.with_suffix("")
        run("pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
            pdf, stem)
        # A 256-colour palette keeps text sharp and the file a third of the size.
        with Image.open(out) as im:
            im.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(out, optimize=True)
        if out.stat().st_size <= MAX_BYTES or dpi <= 40:
            return
        dpi -= 10


def main() -> None:
    for tool in ("soffice", "pdftoppm", "pdftotext"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (Debian: apt-get install libreoffice-impress "
                     "libreoffice-writer fonts-noto-cjk poppler-utils)")
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trainerkit-pictures-") as tmp:
        tmp = Path(tmp)
        out = tmp / "build"
        run(sys.executable, "-m", "trainerkit.cli", "build", COURSE, "-o", out, cwd=ROOT)
        sources = sorted({pdf for pdf, _, _ in SHOTS.values()})
        files = [out / (name + (".pptx" if name == "deck" else ".docx")) for name in sources]
        # A private LibreOffice profile: no clash with a LibreOffice the user has open.
        run("soffice", f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless",
            "--convert-to", "pdf", "--outdir", tmp / "pdf", *files, capture_output=True)
        for name, (source, text, dpi) in SHOTS.items():
            pdf = tmp / "pdf" / f"{source}.pdf"
            if not pdf.is_file():
                sys.exit(f"LibreOffice did not convert {source}")
            page = page_of(pdf, text)
            png = PICTURES / f"{name}.png"
            render(pdf, page, dpi, png)
            print(f"{png.relative_to(ROOT)}: {source} page {page}, {png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
