"""Helpers for the line-based call-centre blocks: one `label: text` a line."""

from __future__ import annotations

from typing import Protocol

from ..errors import Location

Lines = list[tuple[int, str]]  # (0-based line, text)


class Context(Protocol):
    def loc(self, line0: int | None) -> Location: ...
    def error(self, line0: int | None, message: str) -> None: ...
    def warning(self, line0: int | None, message: str) -> None: ...


def split_label(line: str, max_label: int = 24, words_only: bool = True) -> tuple[str, str] | None:
    """("坐席", "您好") from "坐席: 您好" or "坐席：您好"; None when the line has no short label.

    The label ends at the first ASCII colon followed by a space or the line end, or at the first
    full-width colon; it must be short and hold no sentence punctuation, so a sentence with a
    colon in it stays a sentence."""
    candidates = []
    ascii_at = line.find(":")
    while ascii_at >= 0:
        if ascii_at + 1 == len(line) or line[ascii_at + 1] in " \t":
            candidates.append(ascii_at)
            break
        ascii_at = line.find(":", ascii_at + 1)
    wide_at = line.find("：")
    if wide_at >= 0:
        candidates.append(wide_at)
    if not candidates:
        return None
    at = min(candidates)
    label = line[:at].strip()
    if not label or len(label) > max_label:
        return None
    if words_only and any(c in label for c in "。，,.!?！？;；"):
        return None
    return label, line[at + 1:].strip()
