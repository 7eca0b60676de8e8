"""Call recordings and videos: the image syntax with an audio or video file, and the
`::: transcript` right after one.

    ![来电录音:第三次来电](calls/third-call.mp3){start=0:12 end=0:45}

    ::: transcript
    坐席: 您好,XX保险,工号 1024。
    !坐席: 为保障服务质量,本次通话将被录音。
    客户: 我的理赔已经两周没人处理了!
    :::

The file's extension makes it a recording (mp3, m4a, wav) or a video (mp4); its path follows the
rules of pictures (beside the module, or from the course folder; inside the course). Its header
is read here, once (probe), so the checks and the deck agree on what it is and how long it
plays; check.py reports a file that is missing or is no audio or video.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Diagnostics, Location
from ..load import inside, is_loop
from ..messages import _
from ..model import Block, Recording, Script
from .lines import Context, Lines
from .markdown import image_alt
from .script import parse_script

if TYPE_CHECKING:
    from markdown_it.token import Token

# The extensions taken, the kind each is, and the container its header must show (an .m4a is
# an MP4 file holding sound only).
KINDS = {".mp3": "audio", ".m4a": "audio", ".wav": "audio", ".mp4": "video"}
CONTAINERS = {".mp3": "mp3", ".m4a": "mp4", ".wav": "wav", ".mp4": "mp4"}


def kind_of(src: str) -> str | None:
    """"audio" or "video" for a path the image syntax links to, by its extension; None for a
    picture (or anything else)."""
    path = urllib.parse.unquote(src).split("?", 1)[0].split("#", 1)[0]
    return KINDS.get(Path(path).suffix.lower())


@dataclass(frozen=True)
class Transcript:
    """A `::: transcript` as parsed, before the parser joins it to the recording before it
    (attach): never part of the model."""

    script: Script
    loc: Location


def parse_transcript(title: str, lines: Lines, ctx: Context, loc: Location) -> Transcript:
    """What is said in a recording, in script syntax (speakers, `!` compliance lines)."""
    return Transcript(parse_script(title, lines, ctx, loc), loc)


def attach(blocks: list[Block], new: list, diags: Diagnostics) -> None:
    """Add new blocks after blocks; a transcript joins the recording right before it, and is
    an error anywhere else."""
    for block in new:
        if not isinstance(block, Transcript):
            blocks.append(block)
            continue
        last = blocks[-1] if blocks else None
        if isinstance(last, Recording) and last.transcript is None:
            blocks[-1] = replace(last, transcript=block.script)
        elif isinstance(last, Recording):
            diags.error(block.loc, _("this recording already has a ::: transcript; put what is "
                                     "said in one ::: transcript block"))
        else:
            diags.error(block.loc, _("a ::: transcript must come right after its recording, "
                                     "![caption](calls/call.mp3), with nothing between them"))


def recording(src: str, tok: "Token", attrs: dict[str, str] | None, loc: Location, module: Path,
              root: Path, diags: Diagnostics, confine: Path | None = None) -> Recording | None:
    """The recording an image link to an audio or video file makes (None when its path cannot
    be used; said as a located error)."""
    if attrs is None:
        diags.error(loc, _("the attributes after this recording are malformed; write them like "
                           "{{start=0:12 end=0:45}}"))
        attrs = {}
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
        diags.error(loc, _('recording "{src}" is on the web; remote files are not fetched: save it '
                           "into the course's folder (calls/, for example) and link it by its path",
                           src=src))
        return None
    path = module.parent / src
    if not path.exists() and ((root / src).exists() or (root / src).parent.is_dir()
                              and not path.parent.is_dir()):
        path = root / src  # calls/x.mp3 from a module in modules/: what a trainer means
    if is_loop(path) or (not path.exists() and is_loop(root / src)):
        diags.error(loc, _('recording "{src}" is a link that leads back to itself (a loop); put '
                           "the file itself there", src=src))
        return None
    if not inside(confine or root, path):
        diags.error(loc, _('recording "{src}" is outside the course folder; copy it into the '
                           "course's folder (calls/, for example)", src=src))
        return None
    times: dict[str, float | None] = {"start": None, "end": None}
    for key, value in attrs.items():
        if key in times:
            times[key] = seconds(value)
            if times[key] is None:
                diags.error(loc, _('recording {key} "{value}" is not a time; write minutes and '
                                   "seconds like 0:12 or 1:05:30, or seconds like 12",
                                   key=key, value=value))
        elif key not in ("class", "id"):
            diags.warning(loc, _('recording attribute "{key}" is not used; only start and end are',
                                 key=key))
    suffix = Path(src).suffix.lower()
    container, length = probe(path) if path.is_file() else ("", None)
    return Recording(path.resolve(), image_alt(tok), KINDS[suffix],  # type: ignore[arg-type]
                     times["start"], times["end"], None, loc, container, length)


_TIME = re.compile(r"(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d*)?|\.\d+)")


def seconds(value: str) -> float | None:
    """A time in a recording: "0:12", "1:05:30", "12" or "12.5" as seconds; None when it is none
    (minutes and seconds past 59 in h:mm:ss are not times either)."""
    found = _TIME.fullmatch(value.strip())
    if not found:
        return None
    hours, minutes, secs = found.groups()
    if (minutes is not None and float(secs) >= 60) or (hours is not None and int(minutes) >= 60):
        return None
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs)


def clock(value: float) -> str:
    """Seconds as a trainer writes them: 12 -> "0:12", 3723.5 -> "1:02:03.5"."""
    whole = int(value)
    rest = value - whole
    h, m, s = whole // 3600, whole // 60 % 60, whole % 60
    frac = f"{rest:.1f}"[1:] if rest >= 0.05 else ""
    return f"{h}:{m:02d}:{s:02d}{frac}" if h else f"{m}:{s:02d}{frac}"


def probe(path: Path) -> tuple[str, float | None]:
    """What a media file's header says it is: "mp3", "mp4" (which .m4a files are too) or
    "wav", and how long it plays in seconds; ("", None) when it is none of them or cannot be
    read. Read with mutagen, which reads headers only (a recording of an hour is not decoded)."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return "", None
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        container = "mp3"
    elif head[4:8] == b"ftyp":
        container = "mp4"
    elif head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        container = "wav"
    else:
        return "", None
    from mutagen import MutagenError
    from mutagen.mp3 import MP3
    from mutagen.mp4 import MP4
    from mutagen.wave import WAVE

    reader = {"mp3": MP3, "mp4": MP4, "wav": WAVE}[container]
    try:
        length = reader(path).info.length
    except (MutagenError, OSError, ValueError, EOFError, IndexError, KeyError):
        return "", None  # the right first bytes, but no frames or boxes behind them
    return container, (float(length) if length and length > 0 else None)
