"""PDFs beside the decks and documents, through LibreOffice (soffice --headless)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .messages import Msg, _

OFFICE_SUFFIXES = (".pptx", ".docx")
INSTALL_HINT = _("install LibreOffice to make PDFs (Debian/Ubuntu: apt-get install libreoffice-impress "
                  "libreoffice-writer fonts-noto-cjk; Windows and macOS: libreoffice.org)")


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or it failed; message (a Msg) says what to do. written: the
    PDFs that were made all the same (the build records them)."""

    def __init__(self, message: Msg, written: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.written = list(written or ())


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/Applications/LibreOffice.app/Contents/MacOS/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if os.path.exists(candidate):
            return candidate
    return None


def make_pdfs(out_dir: Path, files: list[str], timeout: float = 600) -> list[str]:
    """Write NAME.pdf beside each deck and document that has none or an older one; returns the
    PDFs written. One LibreOffice run with a profile of its own, so builds can run at once; each
    PDF is moved into place whole."""
    todo = []
    for name in files:
        src = out_dir / name
        pdf = src.with_suffix(".pdf")
        if name.endswith(OFFICE_SUFFIXES) and (not pdf.exists() or pdf.stat().st_mtime_ns < src.stat().st_mtime_ns):
            todo.append(src)
    if not todo:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(_("no PDFs written: LibreOffice was not found; {hint}", hint=INSTALL_HINT))
    with tempfile.TemporaryDirectory(prefix="trainerkit-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        converted = Path(tmp) / "pdf"
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(converted), *map(str, todo)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(_("no PDFs written: LibreOffice took longer than {seconds:.0f} s",
                                   seconds=timeout))
        except OSError as e:
            raise PdfUnavailable(_("no PDFs written: LibreOffice could not start ({problem})",
                                   problem=str(e)))
        written = []
        for src in todo:
            pdf = converted / (src.stem + ".pdf")
            if pdf.is_file() and pdf.stat().st_size > 0:
                _move_into_place(pdf, src.with_suffix(".pdf"))
                written.append(src.with_suffix(".pdf").name)
        missing = [s.name for s in todo if s.with_suffix(".pdf").name not in written]
        if missing:
            detail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or [""]
            message = (_("LibreOffice did not convert {files} {detail}", files=", ".join(missing),
                         detail=detail[0].strip()) if detail[0].strip()
                       else _("LibreOffice did not convert {files}", files=", ".join(missing)))
            raise PdfUnavailable(message, written)
        return written


def _move_into_place(pdf: Path, target: Path) -> None:
    """Copy beside the target first (the temporary folder may be on another disk), then rename:
    a reader never sees half a PDF."""
    staged = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(pdf, staged)
    os.replace(staged, target)

