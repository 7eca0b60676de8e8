"""Where trainerkit's own files are: the built-in templates and reference documents.

Kept free of heavy imports: the CLI and the cache ask for these paths before anything else runs.
"""

from __future__ import annotations

import functools
from pathlib import Path


@functools.lru_cache(maxsize=1)
def builtin_dir() -> Path:
    """The built-in templates: inside the installed package, or beside it in a source checkout
    (found once per process: a build asks hundreds of times)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "labels.yml").is_file():
            return candidate
    raise FileNotFoundError("trainerkit's built-in templates are missing; reinstall trainerkit")


def builtin(name: str) -> Path:
    return builtin_dir() / name
