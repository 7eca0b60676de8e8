"""The attacks of issue 10, measured: how long a build of each hostile course takes and how much
memory it peaks at, and how it ends.

    python benchmarks/hostile.py            # prints a Markdown table

Each attack is a small course made in a temporary folder and built in a fresh process
(`trainerkit build COURSE -o OUT`), so its peak memory (ru_maxrss of the build and its workers) is
its own. The table is in docs/benchmarks.md; tests/hostile/ checks the same attacks end in
located errors.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE = "---\ntitle: A\nduration: 10\nobjectives:\n  - X\n---\n\n# S\n\n## Slide\n\n- point\n"


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def course(root: Path, files: dict) -> Path:
    files = {"course.yml": "title: Hostile\nlanguage: en\n", "modules/01-a.md": MODULE, **files}
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def zip_bomb_theme(path: Path) -> None:
    """The built-in reference deck with a 3 GiB part of zeros added (a 3 MB file)."""
    with zipfile.ZipFile(ROOT / "templates" / "reference.pptx") as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        with out.open("ppt/media/bomb.bin", "w", force_zip64=True) as f:
            block = b"\0" * 2**24
            for _ in range(3 * 64):
                f.write(block)


def symlink(target: str):
    return lambda path: os.symlink(target, path)


def fifo(path: Path) -> None:
    os.mkfifo(path)


ATTACKS = {
    "YAML alias bomb in course.yml": {"course.yml": "title: Hostile\n" + alias_bomb()},
    "YAML alias bomb in labels.yml": {"templates/labels.yml": "en:\n  agenda: x\n" + alias_bomb()},
    "nested range(99999) loops in a template": {
        "templates/module-opening.md.j2": "## x\n\n{% for i in range(99999) %}{% for j in range(99999) %}"
                                          "{% endfor %}{% endfor %}"},
    "'a' * 3e9 in a template": {"templates/module-opening.md.j2": "## x\n\n{{ 'a' * 3000000000 }}"},
    "a sum of lists in a template": {
        "templates/module-opening.md.j2": "## x\n\n{{ ([[0] * 100] * 8000) | sum(start=[]) | length }}"},
    "a 3 GiB part in reference.pptx": {
        "course.yml": "title: Hostile\ntheme:\n  pptx: templates/reference.pptx\n",
        "templates/reference.pptx": zip_bomb_theme},
    "a 50 MB module of tiny slides": {
        "modules/01-a.md": "---\ntitle: A\n---\n" + "## s\n" * (50 * 2**20 // 5)},
    "a symlink to /dev/zero as a picture": {"images/zero.png": symlink("/dev/zero"),
                                            "modules/01-a.md": MODULE + "\n![x](../images/zero.png)\n"},
    "a FIFO in modules/": {"modules/02-pipe.md": fifo},
    "a FIFO named like a template": {"templates/deck-title.md.j2": fifo},
}


def measure(name: str, files: dict, work: Path) -> dict:
    root = course(work / "course", files)
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL); "
             "print(r.returncode, time.perf_counter() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, repr(r.stderr.splitlines()[:1]))")
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "trainerkit.cli", "build",
                           str(root), "-o", str(work / "out")], capture_output=True, text=True, cwd=work)
    code, seconds, kb, first = done.stdout.split(" ", 3)
    return {"attack": name, "exit": int(code), "seconds": float(seconds), "mb": int(kb) / 1024,
            "said": eval(first)[0] if eval(first) else ""}  # noqa: S307 - our own repr


def main() -> None:
    rows = []
    for name, files in ATTACKS.items():
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(measure(name, files, Path(tmp)))
        print(f"{name}: {rows[-1]}", file=sys.stderr)
    print("| attack | exit | seconds | peak memory | first line said |")
    print("|---|--:|--:|--:|---|")
    for r in rows:
        said = r["said"].split(": error: ", 1)[-1][:90].replace("|", "\\|")
        print(f"| {r['attack']} | {r['exit']} | {r['seconds']:.2f} | {r['mb']:.0f} MB | {said} |")


if __name__ == "__main__":
    main()
