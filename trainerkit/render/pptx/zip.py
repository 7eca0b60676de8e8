"""The zip the deck is: members given as bytes or already deflated (a slide is deflated once,
when it is drawn, and a cached slide goes in as it was stored), written without zipfile's
recompression; a package too big for a plain zip is written by zipfile with ZIP64 instead.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import NamedTuple

# Deflate level for the package: 1 is several times faster than zlib's default and the deck only
# a little larger. Pictures that are already compressed are stored as they are.
ZIP_LEVEL = 1
STORED = {"png", "jpg", "jpeg", "gif", "jfif", "webp", "tif", "tiff", "wdp", "mp4", "m4a", "mp3"}


class Deflated(NamedTuple):
    """A zip member's data, deflated (raw, no zlib header), with its CRC-32 and size."""

    crc: int
    size: int
    data: bytes


def deflate(raw: bytes) -> Deflated:
    """raw as a zip member's deflated data (one zlib call: the same bytes as a compressobj)."""
    return Deflated(zlib.crc32(raw), len(raw), zlib.compress(raw, ZIP_LEVEL, -15))


def deflate_open(head: bytes) -> Deflated:
    """The start of a member, deflated and flushed to a byte boundary without ending the stream:
    the rest (a slide's number and what follows it, known only when the deck is saved) is
    deflated on its own and appended by close. Its crc and size are the head's."""
    c = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    return Deflated(zlib.crc32(head), len(head), c.compress(head) + c.flush(zlib.Z_SYNC_FLUSH))


def close(head: Deflated, rest: bytes) -> Deflated:
    """A member whose start deflate_open made, ended with rest: one valid deflate stream."""
    return Deflated(zlib.crc32(rest, head.crc), head.size + len(rest),
                    head.data + zlib.compress(rest, ZIP_LEVEL, -15))


class ZipWriter:
    """A zip of members given as bytes or already deflated (cached slides are not compressed
    again). zipfile cannot take deflated data; a package too big for a plain zip (65,535 members
    or 4 GiB) is written by zipfile with ZIP64 instead."""

    _DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, 00:00: the same deck gives the same bytes

    def __init__(self) -> None:
        self.members: list[tuple[str, bool, Deflated]] = []  # (name, stored, data)

    def add(self, name: str, data: bytes | None = None, *, stored: bool = False,
            deflated: Deflated | None = None) -> None:
        if deflated is None:
            deflated = Deflated(zlib.crc32(data), len(data), data) if stored else deflate(data)
        self.members.append((name, stored, deflated))

    def finish(self) -> bytes:
        total = sum(len(d.data) + len(n) + 128 for n, _, d in self.members)
        if len(self.members) >= 0xFFFF or total >= 0xFFFFFFFF:
            return self._zipfile()
        out: list[bytes] = []
        central: list[bytes] = []
        pos = 0
        for name, stored, d in self.members:
            raw = name.encode("utf-8")
            flags = 0 if name.isascii() else 0x800
            method = 0 if stored else 8
            head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, self._DATE,
                               d.crc, len(d.data), d.size, len(raw), 0)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, flags, method, 0, self._DATE,
                                       d.crc, len(d.data), d.size, len(raw), 0, 0, 0, 0, 0o600 << 16, pos) + raw)
            out += (head, raw, d.data)
            pos += len(head) + len(raw) + len(d.data)
        directory = b"".join(central)
        end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), pos, 0)
        return b"".join(out) + directory + end

    def _zipfile(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", allowZip64=True) as z:
            for name, stored, d in self.members:
                info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o600 << 16
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                z.writestr(info, d.data if stored else zlib.decompress(d.data, -15),
                           compresslevel=None if stored else ZIP_LEVEL)
        return buf.getvalue()
