"""The document writer's module cache against a table of many rows (issue 10: it was quadratic).

    python benchmarks/docx_cache_rows.py            # 9,999 rows: the most limits.MAX_TABLE_CELLS allows
    python benchmarks/docx_cache_rows.py --rows 5000

Builds the handout of a one-module course whose slide holds one table, once with an empty cache
(every module drawn and stored) and once with --no-cache, each in a fresh process, and prints the
seconds of each.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_course(root: Path, rows: int) -> Path:
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: Rows\nlanguage: en\n", encoding="utf-8")
    # A table this long is reference material for the handout: on a slide it would be refused
    # (limits.MAX_SLIDE_ITEMS), as no room can follow hundreds of continuation slides.
    body = ["---", "title: Rows", "duration: 10", "objectives: [Read a table]", "---", "", "## Table", "",
            "::: handout", "", "| n | text |", "|---|---|"]
    body += [f"| {n} | row {n} |" for n in range(rows)] + ["", ":::"]
    (root / "modules" / "01-rows.md").write_text("\n".join(body) + "\n", encoding="utf-8")
    return root


def timed_build(course: Path, out: Path, *extra: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "trainerkit.cli", "build", str(course), "-o", str(out),
                    "--only", "handout", "-q", *extra], check=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=9_999)  # two columns: 20,000 cells with the header
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp) / "course", rows)
        cached = timed_build(course, Path(tmp) / "out-cache")
        plain = timed_build(course, Path(tmp) / "out-nocache", "--no-cache")
    print(f"{rows:,} table rows, handout: with the cache (empty) {cached:.1f} s, "
          f"--no-cache {plain:.1f} s")


if __name__ == "__main__":
    main()
