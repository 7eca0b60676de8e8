"""Reading a course's files, which may come from anyone: regular files only, never a device, a
FIFO or a socket (opening one could hang the build or read without end), and never more than a
limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_regular(path: str | Path, limit: int, follow: bool = True) -> bytes:
    """The bytes of a regular file. A device, FIFO, socket or folder is never opened (it is
    found by stat first, and the file is opened non-blocking and checked again, in case it was
    swapped in between); with follow=False a symlink is not followed either. OSError when the
    file is none of those or larger than limit."""
    st = os.stat(path) if follow else os.lstat(path)
    return read_checked(path, st, limit, follow)


_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_checked(path: str | Path, st: os.stat_result, limit: int, follow: bool) -> bytes:
    """read_regular, given the path's stat."""
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    if st.st_size > limit:
        raise OSError(errno.EFBIG, "too large", str(path))
    fd = os.open(path, _OPEN if follow else _OPEN | getattr(os, "O_NOFOLLOW", 0))
    try:
        fst = os.fstat(fd)
        if not stat.S_ISREG(fst.st_mode) or (fst.st_dev, fst.st_ino) != (st.st_dev, st.st_ino):
            raise OSError(errno.EINVAL, "the file changed while it was opened", str(path))
        data = os.read(fd, fst.st_size + 1)
        if len(data) > fst.st_size or len(data) > limit:
            raise OSError(errno.EFBIG, "the file grew while it was read", str(path))
        while len(data) < fst.st_size:  # a short read (a network drive)
            chunk = os.read(fd, fst.st_size - len(data))
            if not chunk:
                break
            data += chunk
        return data
    finally:
        os.close(fd)


def same_name(root: Path, name: str, most: int = 5000) -> Path | None:
    """A file called name under root (not in hidden folders, nor through links), the first of
    the first `most` entries looked at, folder by folder; None when there is none: where a
    missing picture may have gone."""
    folders, seen = [root], 0
    while folders and seen < most:
        try:
            entries = sorted(os.scandir(folders.pop(0)), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if entry.is_dir():
                folders.append(Path(entry.path))
            elif entry.name == name and entry.is_file():
                return Path(entry.path)
    return None
