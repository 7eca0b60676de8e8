"""Processes a build starts (output workers, the template child) end with it, even when it is
killed: on Linux the kernel is asked to kill them when their parent dies."""

from __future__ import annotations

import signal
import sys


def die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG); False
    where that cannot be asked (macOS, BSD, Windows)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False
