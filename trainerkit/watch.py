"""`trainerkit watch`: rebuild whenever a file of the course changes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator


def course_changes(course_dir: Path, out_dir: Path, stop: threading.Event | None = None,
                   debounce_ms: int = 300) -> Iterator[list[Path]]:
    """Each batch of changed course files (hidden files, editors' temporaries and the output
    folder aside), as they happen, until stop is set."""
    from watchfiles import DefaultFilter, watch

    out = out_dir.resolve()

    class CourseFiles(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            p = Path(path)
            if p.resolve().is_relative_to(out) or any(part.startswith(".") for part in p.parts[-3:]):
                return False
            if p.name.endswith(("~", ".swp", ".tmp")) or p.name.startswith("~$"):
                return False
            return super().__call__(change, path)

    for changes in watch(course_dir, watch_filter=CourseFiles(), stop_event=stop,
                         debounce=debounce_ms, step=50, raise_interrupt=False):
        yield sorted({Path(p) for _, p in changes})
