"""Diagnostics: every problem found in a course, with the place it was found."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a trainer's file: path and 1-based line (0 when the whole file is meant)."""

    path: str
    line: int = 0

    @classmethod
    def of(cls, path: Path | str, line: int = 0) -> "Location":
        return cls(display_path(path), line)

    def __str__(self) -> str:
        path = self.path if self.path.isprintable() else _printable(self.path)
        return f"{path}:{self.line}" if self.line else path


def _printable(text: str) -> str:
    """A file name with its control characters written as escapes: a name holding a line break
    must not start a line of its own in the list of problems."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def display_path(path: Path | str) -> str:
    """Show a path relative to the working folder when it lies below it, as compilers do."""
    return _display_path(str(path), os.getcwd())


@functools.lru_cache(maxsize=4096)
def _display_path(path: str, cwd: str) -> str:
    p = Path(path)
    try:
        rel = os.path.relpath(p)
    except ValueError:  # another drive on Windows
        return str(p)
    return str(p) if rel.startswith("..") else rel


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where, how bad, and a message that says how to fix it."""

    location: Location | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message}"

    @classmethod
    def from_dict(cls, d: dict) -> "Diagnostic":
        loc = Location(d["path"], d.get("line") or 0) if d.get("path") else None
        return cls(loc, d["severity"], d["message"])

    def as_dict(self) -> dict:
        return {
            "path": self.location.path if self.location else None,
            "line": self.location.line if self.location else None,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Diagnostics:
    """A collector: stages add every problem they find and carry on, so all are reported at once."""

    items: list[Diagnostic] = field(default_factory=list)
    strict: bool = False  # warnings count as errors (`--strict`)

    def error(self, location: Location | None, message: str) -> None:
        self.items.append(Diagnostic(location, "error", message))

    def warning(self, location: Location | None, message: str) -> None:
        self.items.append(Diagnostic(location, "error" if self.strict else "warning", message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise TrainerkitError(self.sorted())

    def sorted(self) -> list[Diagnostic]:
        """In file order, so a trainer can walk down the list; each problem once (outputs made
        in parallel may meet the same one)."""
        unique = list(dict.fromkeys(self.items))
        return sorted(unique, key=lambda d: (d.location or Location(""), d.severity))


class TrainerkitError(Exception):
    """The course has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):  # so it crosses from a worker process intact
        return (TrainerkitError, (self.diagnostics,))
