"""What the deck and the documents say of a call recording or video: its caption line (the
caption, or the word for a recording and its file name, and how long the part played lasts),
the mark before it where no icon shows (documents), and lengths as a trainer reads them (0:33,
1:02:03). The quiz outputs, which are not writers, point to a recording in quiz/papers.py."""

from __future__ import annotations

from pathlib import Path

from .. import model as m

MARK = "\u25b6"  # ▶: the play sign, in the fonts of every system (an emoji may not be)
_ENGLISH = {"recording": "Recording", "video": "Video", "colon": ": "}


def played(rec: m.Recording) -> float | None:
    """How long the part of the recording that plays lasts, in seconds (None: unknown)."""
    end = rec.end if rec.end is not None else rec.length
    if end is None:
        return None
    return max(0.0, end - (rec.start or 0.0))


def clock(seconds: float) -> str:
    """0:33, 1:02:03: a length, to the second."""
    whole = int(round(seconds))
    h, rest = divmod(whole, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def word(labels: dict[str, str], key: str) -> str:
    """The course's word for key (recording, video, colon), English where there are no labels."""
    return labels.get(key, _ENGLISH[key])


def caption(rec: m.Recording, labels: dict[str, str]) -> str:
    """The recording's caption, or the word for a recording (a video) and its file name."""
    text = rec.caption.strip()
    if text:
        return text
    return f"{word(labels, 'video' if rec.kind == 'video' else 'recording')}{word(labels, 'colon')}" \
           f"{Path(rec.path).name}"


def caption_line(rec: m.Recording, labels: dict[str, str]) -> str:
    """The line under (or for) a recording: its caption and how long it plays ("来电录音：第三次来电 · 0:33")."""
    length = played(rec)
    text = caption(rec, labels)
    return f"{text} · {clock(length)}" if length else text

