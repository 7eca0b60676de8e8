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
