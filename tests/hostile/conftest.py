"""The hostile-course suite: every attack runs trainerkit in a subprocess capped with
resource.setrlimit (address space and CPU time), and must end, within the caps, in a build or in
located errors: never a traceback, a hang, a write outside the course and output folders, or code
of the course author's running."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

MEMORY_CAP = 600 * 2**20   # bytes of address space: "a few hundred MB"
CPU_CAP = 30               # seconds of CPU time
WALL_CAP = 90              # seconds, so a hang fails the test instead of the suite

LOCATED = re.compile(r"^\S.*?:\d+: error: .+", re.M)  # path:line: error: message


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def located_errors(self) -> list[str]:
        return LOCATED.findall(self.stderr)


def _capped(memory: int, cpu: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        os.setsid()  # its own process group, so a test can kill the whole build
    return limit


def trainerkit(*args: str, cwd: Path, memory: int = MEMORY_CAP, cpu: int = CPU_CAP,
               timeout: float = WALL_CAP, env: dict | None = None) -> Run:
    """Run the trainerkit CLI under the caps and return what it said."""
    full_env = dict(os.environ, **(env or {}))
    try:
        done = subprocess.run([sys.executable, "-m", "trainerkit.cli", *args], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout, env=full_env,
                              preexec_fn=_capped(memory, cpu), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"trainerkit {' '.join(args)} did not end within {timeout} s: {e.stderr!r}")
    return Run(done.returncode, done.stdout, done.stderr)


def assert_clean_failure(run: Run, *expected: str) -> None:
    """Exit 1 with located errors, no traceback and no 'This is a bug'; each expected text is
    in the errors."""
    assert "Traceback" not in run.output and "This is a bug" not in run.output, run.output
    assert run.returncode == 1, run.output
    assert run.located_errors() or any(": error:" in line for line in run.stderr.splitlines()), run.output
    for text in expected:
        assert text in run.stderr, (text, run.stderr)


def assert_ended_cleanly(run: Run) -> None:
    """A build or a clean failure, but never a crash (a signal, a traceback, MemoryError)."""
    assert "Traceback" not in run.output and "This is a bug" not in run.output, run.output
    assert run.returncode in (0, 1), run.output


def write_course(root: Path, files: dict[str, str | bytes]) -> Path:
    """A course folder from {relative path: text or bytes}; a minimal one when files lack it."""
    base = {
        "course.yml": "title: Hostile\nlanguage: en\n",
        "modules/01-a.md": "---\ntitle: A\nduration: 10\nobjectives:\n  - Do a thing\n---\n\n# S\n\n## Slide\n\n- point\n",
    }
    base.update(files)
    for name, content in base.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A fresh, minimal, valid course folder under tmp_path/course; tests add their attack."""
    return write_course(tmp_path / "course", {})


def start_trainerkit(*args: str, cwd: Path, memory: int = MEMORY_CAP, cpu: int = CPU_CAP,
                     env: dict | None = None) -> subprocess.Popen:
    """Start the trainerkit CLI under the caps, in a process group of its own (its id is the
    process's), without waiting: for tests that run builds side by side or kill one."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "trainerkit.cli", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env,
                            preexec_fn=_capped(memory, cpu), stdin=subprocess.DEVNULL)
