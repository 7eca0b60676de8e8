"""Diagnostics: every problem found in a course, with the place it was found."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from . import messages

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
    """One problem: where, how bad, and a message that says how to fix it. The message is a
    messages.Msg (English, translated when shown); a plain str is shown as it is."""

    location: Location | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        return self.text()

    def text(self, tag: str | None = None) -> str:
        """The line a trainer reads, "path:line: error: ...", in a language (default: the one
        chosen for this process)."""
        where = f"{self.location}: " if self.location else ""
        return f"{where}{messages.text(SEVERITY[self.severity], tag)}: {messages.text(self.message, tag)}"

    @classmethod
    def from_dict(cls, d: dict) -> "Diagnostic":
        loc = Location(d["path"], d.get("line") or 0) if d.get("path") else None
        message = messages.Msg.from_dict(d) if "id" in d else d.get("english", d["message"])
        return cls(loc, d["severity"], message)

    def as_dict(self, tag: str | None = None) -> dict:
        """The diagnostic for tools: where, how bad, the message as shown and, for matching on,
        its stable English id and values and its English text."""
        out = {
            "path": self.location.path if self.location else None,
            "line": self.location.line if self.location else None,
            "severity": self.severity,
            "message": messages.text(self.message, tag),
            "english": str.__str__(self.message),
        }
        if isinstance(self.message, messages.Msg):
            out.update(self.message.as_dict())
        return out


# The severities as a trainer reads them.
SEVERITY = {"error": messages._("error"), "warning": messages._("warning")}


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
