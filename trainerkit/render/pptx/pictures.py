"""The picture files a deck shows: each read once per rendering, its sha1 (one media part per
distinct picture), its header (format, pixels, dpi) and its natural size on a slide.

A file that cannot be read, or is no picture, is a located error at the block that shows it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PIL import UnidentifiedImageError
from PIL.Image import DecompressionBombError
from pptx.parts.image import Image as PptxImage

from ... import model as m
from ...errors import Diagnostic, TrainerkitError
from ...messages import _
from .geometry import EMU_PER_IN


@dataclass
class Media:
    """A picture as it goes into the package: one part per distinct picture."""

    ext: str
    content_type: str
    blob: bytes
    filename: str


class Pictures:
    """The pictures of one rendering: files read, headers parsed, media drawn (by sha1)."""

    def __init__(self) -> None:
        self._files: dict[Path, bytes] = {}
        self._pictures: dict[Path, tuple[str, bytes, PptxImage]] = {}
        self.media: dict[str, Media] = {}  # pictures drawn, by sha1

    def read(self, path: Path) -> bytes:
        """A file's bytes, read once (the cache key and the drawing use the same read)."""
        blob = self._files.get(path)
        if blob is None:
            blob = self._files[path] = Path(path).read_bytes()
        return blob

    def picture(self, image: m.Image) -> tuple[str, bytes, PptxImage]:
        """(sha1, bytes, parsed header) of a picture file."""
        path = Path(image.path)
        hit = self._pictures.get(path)
        if hit is None:
            try:
                blob = self.read(path)
                pic = PptxImage.from_blob(blob, path.name)
                pic.size  # noqa: B018  (parses the header: fails on a file that is no picture)
            except (OSError, UnidentifiedImageError, DecompressionBombError, ValueError, SyntaxError) as e:
                picture, reason = str(image.path), str(e)
                raise TrainerkitError(Diagnostic(image.loc, "error", _("cannot read image {picture}: {reason}",
                                                                       picture=picture, reason=reason))) from e
            hit = self._pictures[path] = (hashlib.sha1(blob).hexdigest(), blob, pic)
        return hit

    def natural_size(self, image: m.Image) -> tuple[int, int]:
        """The picture's size in EMU at its own dpi (72 when it names none)."""
        _, _, pic = self.picture(image)
        px_w, px_h = pic.size
        dpi_x, dpi_y = pic.dpi
        return int(px_w * EMU_PER_IN / (dpi_x or 72)), int(px_h * EMU_PER_IN / (dpi_y or 72))

    def media_of(self, image: m.Image) -> str:
        """The sha1 of a picture drawn, its media kept for the package."""
        sha, blob, pic = self.picture(image)
        if sha not in self.media:
            self.media[sha] = Media(pic.ext, pic.content_type, blob, pic.filename)
        return sha
