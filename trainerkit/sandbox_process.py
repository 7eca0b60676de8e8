"""A course's own templates rendered in a child process that the operating system bounds.

The sandbox (sandbox.py) counts what a template does and gives a precise error at its line; but
one step of a template may be a single C-level operation (a sum of lists, a comparison of huge
nested lists, a formatted width) that runs for minutes or asks for gigabytes before any count is
taken. So a course's templates run in a forked child whose address space is capped
(limits.TEMPLATE_MEMORY above what it starts with), and the parent stops it after
limits.TEMPLATE_SECONDS. Whatever happens there ends as a located error, never as a frozen or
crashed build.

The child answers in JSON over a pipe, so nothing it sends is ever unpickled. Linux only (fork,
setrlimit, PR_SET_PDEATHSIG); elsewhere a course's templates render in the build's process under
the sandbox's counting alone.
"""

from __future__ import annotations

import json
import os
import pickle
import select
import signal
import struct
import sys
import time
from typing import Any, Callable

from . import limits
from .children import die_with_parent
from .messages import Msg, _
from .sandbox import too_long

_HEADER = struct.Struct(">I")


class ChildProblem(Exception):
    """What went wrong in the child: a message for the trainer (a Msg) and the template line (0
    when unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


def available() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class TemplateChild:
    """Runs render(name, context) -> str in a child process, one request at a time. describe(e,
    name) turns an exception met there into (message, line). A child is started on first use
    in each process (a forked build worker starts its own) and ends with its parent."""

    def __init__(self, render: Callable[[str, dict], str],
                 describe: Callable[[BaseException, str], tuple[str, int]]):
        self._render = render
        self._describe = describe
        self._pid = 0
        self._owner = 0
        self._to_child = self._from_child = -1

    def run(self, name: str, context: dict) -> str:
        """The template's output; ChildProblem when it failed, ran too long or ran out of memory."""
        if self._owner != os.getpid():
            self._start()
        request = pickle.dumps((name, context), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(self._to_child, _HEADER.pack(len(request)) + request)
            answer = self._read(time.monotonic() + limits.TEMPLATE_SECONDS + 1)
        except (OSError, EOFError, TimeoutError) as e:
            self.stop()
            if isinstance(e, TimeoutError):
                raise ChildProblem(too_long(limits.TEMPLATE_SECONDS)) from None
            raise ChildProblem(_("this template needs more than {most} MB of memory or stopped the "
                                 "process that ran it; a template should only arrange the course's "
                                 "text", most=limits.TEMPLATE_MEMORY // 2**20)) from None
        if "text" in answer and isinstance(answer["text"], str):
            return answer["text"]
        raise ChildProblem(_from_child(answer.get("error")), int(answer.get("line") or 0))

    def stop(self) -> None:
        if self._owner == os.getpid() and self._pid:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (OSError, ChildProcessError):
                pass
        self._pid = self._owner = 0

    def __del__(self) -> None:
        self.stop()

    # -- the parent's side ---------------------------------------------------------------------

    def _start(self) -> None:
        requests_r, requests_w = os.pipe()
        answers_r, answers_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: serve until the parent closes its end
            try:
                os.close(requests_w)
                os.close(answers_r)
                self._serve(requests_r, answers_w)
            finally:
                os._exit(0)
        os.close(requests_r)
        os.close(answers_w)
        self._pid, self._owner = pid, os.getpid()
        self._to_child, self._from_child = requests_w, answers_r

    def _read(self, deadline: float) -> dict:
        size = _HEADER.unpack(self._read_exactly(_HEADER.size, deadline))[0]
        if size > limits.TEMPLATE_OUTPUT * 4 + 65536:
            raise EOFError("an answer too large")
        data = json.loads(self._read_exactly(size, deadline).decode("utf-8"))
        if not isinstance(data, dict):
            raise EOFError("not an answer")
        return data

    def _read_exactly(self, n: int, deadline: float) -> bytes:
        out = bytearray()
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_child], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(self._from_child, min(n - len(out), 1 << 20))
            if not chunk:
                raise EOFError
            out += chunk
        return bytes(out)

    # -- the child's side ----------------------------------------------------------------------

    def _serve(self, requests: int, answers: int) -> None:
        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        _cap_memory(limits.TEMPLATE_MEMORY)
        while True:
            head = _read_child(requests, _HEADER.size)
            if head is None:
                return
            body = _read_child(requests, _HEADER.unpack(head)[0])
            if body is None:
                return
            name, context = pickle.loads(body)  # from the parent, never from the course
            try:
                answer: dict[str, Any] = {"text": self._render(name, context)}
            except BaseException as e:  # noqa: BLE001
                # The child's catch-all, on purpose: whatever the course's template raised (even
                # MemoryError under the child's cap, or SystemExit) goes back to the parent as a
                # message and the template's line, which the parent reports as a located error.
                try:
                    message, line = self._describe(e, name)
                except MemoryError:
                    message, line = _("this template needs too much memory"), 0
                answer = {"error": _to_parent(message), "line": line}
            data = json.dumps(answer, ensure_ascii=False, default=str).encode("utf-8")
            _write_all(answers, _HEADER.pack(len(data)) + data)


def _to_parent(message: str) -> dict | str:
    """A message as the child sends it: a Msg by its id and values (translated in the parent)."""
    return message.as_dict() if isinstance(message, Msg) else str(message)


def _from_child(sent: Any) -> str:
    """The message the child sent, a Msg again when it was one."""
    if isinstance(sent, dict):
        try:
            return Msg.from_dict(sent)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            pass
    return str(sent) if isinstance(sent, str) else _("template error")


def _read_child(fd: int, n: int) -> bytes | None:
    out = bytearray()
    while len(out) < n:
        chunk = os.read(fd, n - len(out))
        if not chunk:
            return None
        out += chunk
    return bytes(out)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _cap_memory(extra: int) -> None:
    """Cap the child's address space at what it has now plus extra bytes."""
    import resource

    try:
        with open("/proc/self/statm") as f:
            now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = now + extra
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or cap < soft:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):
        pass
