"""The built-in templates: where they are (a source checkout or a wheel), and the built-in
reference document's parts (styles, numbering, theme, settings, fonts), read once per process for what a course's own
reference lacks."""

from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree


def builtin_template(name: str) -> Path:
    """A built-in template file: templates/ of a source checkout, or trainerkit/templates/ in a wheel."""
    here = Path(__file__).resolve()
    for folder in (here.parents[3] / "templates", here.parents[2] / "templates"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"built-in template {name!r} not found next to the trainerkit package")


@lru_cache(maxsize=1)
def _builtin_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(builtin_template("reference.docx")) as z:
        return {name: z.read(name) for name in z.namelist() if name.startswith("word/")}


def builtin_styles() -> etree._Element:
    """A fresh copy of the built-in reference's styles part."""
    return etree.fromstring(_builtin_parts()["word/styles.xml"])


def builtin_numbering() -> etree._Element:
    """A fresh copy of the built-in reference's numbering part."""
    return etree.fromstring(_builtin_parts()["word/numbering.xml"])


def builtin_part(name: str) -> bytes:
    """One part of the built-in reference as stored ("word/theme/theme1.xml"), for a course's
    reference saved without it."""
    return _builtin_parts()[name]
