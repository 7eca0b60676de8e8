"""`trainerkit watch`: rebuild whenever a file of the course changes."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Iterator

# Names editors and Office write beside the file a trainer saves, and remove again.
EDITOR_TEMPORARIES = re.compile(
    r"""^(?:
        \.?.*\.sw[a-px]                  # vim's swap files: .x.md.swp, .swo, .swx
      | 4913                             # vim's probe whether the folder is writable
      | .*~                              # vim's and emacs' backups: x.md~
      | \#.*\#                           # emacs' auto-save: #x.md#
      | \.\#.*                           # emacs' lock: .#x.md
      | .*___jb_(?:tmp|old|bak)___       # JetBrains' safe write: x.md___jb_tmp___
      | ~\$.*                            # Office's owner file: ~$handout.docx
      | .*\.tmp                          # Office's and others' temporary copies
      | \.DS_Store | Thumbs\.db | desktop\.ini   # folder views of macOS and Windows
      | \.~lock\..*\#                    # LibreOffice's lock: .~lock.deck.pptx#
      | .*\.crswap                       # Chrome's File System Access saves
      | flycheck_.*
    )$""", re.VERBOSE)


def editor_temporary(name: str) -> bool:
    """True for a file an editor or Office writes while saving, which is not part of the course."""
    return bool(EDITOR_TEMPORARIES.match(name))


def is_course_change(path: Path, course_dir: Path, out_dir: Path) -> bool:
    """True when a change at path can change what the course builds: not the output folder,
    not a hidden file or folder inside the course, not an editor's temporary."""
    course, out = course_dir.resolve(), out_dir.resolve()
    p = path if path.is_absolute() else course / path
    try:
        p = p.parent.resolve() / p.name  # the file itself may be gone already
    except OSError:
        return False
    if p == out or out in p.parents:
        return False
    try:
        inside = p.relative_to(course).parts
    except ValueError:
        inside = p.parts[-1:]
    if any(part.startswith(".") for part in inside):
        return False
    if any(part in ("__pycache__", "node_modules") for part in inside[:-1]):
        return False
    return not editor_temporary(p.name)


def course_changes(course_dir: Path, out_dir: Path, stop: threading.Event | None = None,
                   debounce_ms: int = 300) -> Iterator[list[Path]]:
    """Each batch of changed course files (hidden files, editors' temporaries and the output
    folder aside), as they happen, until stop is set or Ctrl-C ends it quietly."""
    from watchfiles import watch

    def wanted(change, path: str) -> bool:
        return is_course_change(Path(path), course_dir, out_dir)

    # raise_interrupt: without it watchfiles logs "KeyboardInterrupt caught, stopping watch"
    changes_seen = watch(course_dir, watch_filter=wanted, stop_event=stop, debounce=debounce_ms,
                         step=50, raise_interrupt=True)
    try:
        for changes in changes_seen:
            yield sorted({Path(p) for _, p in changes})
    except KeyboardInterrupt:
        return


def courses_changed(changed: list[Path], system_root: Path, out_dir: Path, names: list[str],
                    retry: set[str] = frozenset()) -> list[str]:
    """The courses of a training system that a batch of changed files can change: the course a
    file inside courses/<name>/ belongs to; for a library module, quiz bank or picture, the
    courses whose last build read it (their manifests in out_dir/<name>/ say so); every course
    for trainerkit.yml and templates/. retry: courses built again whatever changed (those whose
    last build failed, which may have stopped before reading all they use)."""
    from .cache import read_manifest
    from .system import COURSES, SYSTEM_FILE

    root = system_root.resolve()
    hit = {n for n in names if n in retry}
    read: dict[str, set[str]] = {}
    for path in changed:
        try:
            p = path if path.is_absolute() else root / path
            rel = (p.parent.resolve() / p.name).relative_to(root).parts
        except (OSError, ValueError):
            continue
        if not rel:
            continue
        if rel[0] in (SYSTEM_FILE, "templates"):
            return list(names)
        if rel[0] == COURSES:
            if len(rel) > 1 and rel[1] in names:
                hit.add(rel[1])
            continue
        name = "/".join(rel)
        for n in names:
            if n not in read:
                manifest = read_manifest(out_dir / n) or {}
                inputs, absent = manifest.get("inputs"), manifest.get("absent")
                read[n] = (set(inputs) if isinstance(inputs, dict) else {None}) | set(absent or ())
            if name in read[n] or None in read[n]:  # no manifest to say: built again
                hit.add(n)
    return [n for n in names if n in hit]
