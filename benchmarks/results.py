"""How long reading a class's answers and analysing them takes (issue 15), by class size.

    python benchmarks/results.py [30 1000 5000 10000]

Copies the sample course (courses/complaint-handling) into a temporary folder, replaces its
results/ with one score-sheet CSV of N learners (learner,name,version,1,2,...: random letters,
numbers and essay points, on both printed versions), and times, best of 3, build.load of the
course without results and with them (the difference is reading, scoring and the analysis), then
the report output alone (plan and render of report.docx and report.html). Peak memory is the
process's maximum resident size after the run with results (ru_maxrss).
"""

from __future__ import annotations

import csv
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "courses" / "complaint-handling"


def answers_csv(course, path: Path, n: int, rng: random.Random) -> None:
    """N learners' answers in the score sheet's CSV columns, each on a version in turn."""
    from trainerkit.results.sheet import version_sheets

    sheets = version_sheets(course)
    width = max(len(s.columns) for s in sheets)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["learner", "name", "version"] + [str(k) for k in range(1, width + 1)])
        for k in range(n):
            sheet = sheets[k % len(sheets)]
            row = [f"L{k:05d}", f"学员{k}", sheet.version]
            for col in sheet.columns:
                if col.letters:
                    picks = rng.sample(col.letters, 2 if col.multiple else 1)
                    row.append(",".join(sorted(picks)))
                elif col.kind == "numerical":
                    row.append(str(rng.choice([30, 45, 60, 200, 24])))
                elif col.kind in ("essay", "upload"):
                    row.append(str(rng.randint(0, int(col.most))))
                else:
                    row.append(rng.choice(["Apologize", "致歉", "x"]))
            w.writerow(row + [""] * (width - len(sheet.columns)))


def best(f, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from trainerkit.build import load
    from trainerkit.errors import Diagnostics
    from trainerkit.outputs import OUTPUTS
    from trainerkit.templates import Templates

    sizes = [int(a) for a in sys.argv[1:]] or [30, 1000, 5000, 10000]
    print("| learners | load without results | load with results | reading and analysis | report planned and drawn |")
    print("|---|---|---|---|---|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "course"
            shutil.copytree(SAMPLE, root)
            shutil.rmtree(root / "results")
            plain = best(lambda: load(root, Diagnostics()))
            course = load(root, Diagnostics())
            (root / "results").mkdir()
            answers_csv(course, root / "results" / "class.csv", n, random.Random(n))
            diags = Diagnostics()
            with_results = best(lambda: load(root, Diagnostics()))
            course = load(root, diags)
            assert not diags.errors, [str(d) for d in diags.errors]
            assert len(course.results["learners"]) == n
            report = OUTPUTS["report"]
            drawn = best(lambda: report.render(report.plan(course, Templates(course, Diagnostics()))), 1)
            print(f"| {n:,} | {plain:.2f} s | {with_results:.2f} s | {with_results - plain:.2f} s | {drawn:.2f} s |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
