"""What a non-editable install gets: every package of trainerkit is named in setup.cfg (a
package left out installs without it, while the tests, run from the checkout, still pass)."""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_installed() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(cfg["options"]["packages"].split())
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "trainerkit").rglob("__init__.py")}
    assert found, "no packages found"
    assert found - listed == set(), "add these to setup.cfg [options] packages"


def test_every_built_in_file_is_package_data() -> None:
    """Every file trainerkit reads from templates/ (labels, reference decks, the font widths ...)
    is matched by a package_data pattern; only the scripts that make them stay out."""
    import fnmatch

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    patterns = [p.strip() for p in cfg["options.package_data"]["trainerkit.templates"].split(",")]
    folder = ROOT / "templates"
    missing = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir() or "__pycache__" in rel or (path.suffix == ".py" and "/" not in rel):
            continue
        if not any(fnmatch.fnmatch(rel, p) for p in patterns):
            missing.append(rel)
    assert missing == [], "add patterns for these to setup.cfg [options.package_data]"


def test_the_compiled_catalogues_are_package_data() -> None:
    """The messages' .mo files (trainerkit/locale) install with the package: without them every
    message would silently be English."""
    import fnmatch

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    patterns = [p.strip() for p in cfg["options.package_data"]["trainerkit"].split(",")]
    files = [p.relative_to(ROOT / "trainerkit").as_posix() for p in (ROOT / "trainerkit" / "locale").rglob("*.mo")]
    assert len(files) >= 4  # trainerkit and click, Simplified and Traditional
    assert [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)] == []
