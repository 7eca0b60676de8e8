"""Benchmark a training system (issue 17): 40 courses of 12 modules drawing on a 100-module
library, against the library's modules built once as a single course.

    python benchmarks/system.py                  # the three measures, a Markdown report
    python benchmarks/system.py --make DIR       # only write the system into DIR

It measures, each in a fresh process with an empty output folder unless said:
  (a) the 100 library modules built as one course, from scratch;
  (b) the whole system (`trainerkit build SYSTEM`), from scratch;
  (c) one library module used by exactly 10 courses edited, then the system built again: only
      those 10 courses are built (checked from their manifests), the 30 others are up to date.
The modules are benchmarks/generate.py's (20 slides each, Chinese and English, tables, notes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import module_text  # noqa: E402

LIBRARY_MODULES = 100
COURSES = 40
PER_COURSE = 12  # modules a course lists: 11 from the library and 1 of its own
SHARED_BY = 10  # the library module edited in (c) is used by exactly this many courses
EDITED = "library/m001.md"


def make_system(root: Path, library: int = LIBRARY_MODULES, courses: int = COURSES,
                per_course: int = PER_COURSE, slides: int = 20, seed: int = 17) -> Path:
    """Write the system: trainerkit.yml, library/m001.md … and courses/c01/ …; library/m001.md
    is used by the first SHARED_BY courses and no other. Returns its folder."""
    rng = random.Random(seed)
    (root / "library").mkdir(parents=True, exist_ok=True)
    (root / "trainerkit.yml").write_text(
        "title: 基准培训体系 Benchmark system\nlanguage: zh-CN\norganization: trainerkit\n"
        "author: trainerkit\nquiz:\n  pass_mark: 70\n", encoding="utf-8")
    for n in range(1, library + 1):
        (root / "library" / f"m{n:03d}.md").write_text(module_text(n, slides, rng), encoding="utf-8")
    for c in range(1, courses + 1):
        folder = root / "courses" / f"c{c:02d}"
        (folder / "modules").mkdir(parents=True, exist_ok=True)
        picked = rng.sample(range(2, library + 1), per_course - 1 - (c <= SHARED_BY))
        if c <= SHARED_BY:
            picked.insert(rng.randrange(len(picked) + 1), 1)
        own = f"modules/{c:02d}-own.md"
        (folder / own).write_text(module_text(1000 + c, slides, rng), encoding="utf-8")
        listed = [f"library/m{n:03d}.md" for n in picked] + [own]
        (folder / "course.yml").write_text(
            f"title: 课程 {c} Course {c}\nmodules:\n" + "".join(f"  - {m}\n" for m in listed),
            encoding="utf-8")
    return root


def library_course(system: Path, root: Path) -> Path:
    """The library's modules once, as one course of their own (measure a)."""
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text("title: 体系的模块库 The library\nlanguage: zh-CN\n"
                                     "organization: trainerkit\nauthor: trainerkit\n", encoding="utf-8")
    for f in sorted((system / "library").glob("*.md")):
        shutil.copy(f, root / "modules" / f.name)
    return root


# trainerkit runs as installed: from compiled bytecode (see run.py)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cli(*args: str, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    """A `trainerkit` command in a fresh process, timed from start to exit."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "trainerkit.cli", *args], capture_output=True,
                          text=True, env=ENV, cwd=cwd)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"trainerkit {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return seconds, proc


def built_at(out: Path) -> dict[str, int]:
    """Each course's manifest's modification time: a course built again has a newer one."""
    return {d.name: (d / ".trainerkit-manifest.json").stat().st_mtime_ns
            for d in sorted(out.iterdir()) if (d / ".trainerkit-manifest.json").is_file()}


def measure(work: Path, repeat: int) -> dict:
    system = make_system(work / "system")
    library = library_course(system, work / "library-course")
    slides = sum(f.read_text(encoding="utf-8").count("\n## ") for f in (system / "library").glob("*.md"))

    def cold(target: Path, out: Path) -> float:
        shutil.rmtree(out, ignore_errors=True)
        return cli("build", str(target), "-o", str(out), "-q", cwd=work)[0]

    a = min(cold(library, work / "out-library") for _ in range(repeat))
    b = min(cold(system, work / "out-system") for _ in range(repeat))
    out = work / "out-system"
    unchanged = min(cli("build", str(system), "-o", str(out), "-q", cwd=work)[0] for _ in range(repeat))
    users = sorted(c.parent.name for c in (system / "courses").glob("*/course.yml")
                   if EDITED in c.read_text(encoding="utf-8"))
    edits = []
    for i in range(repeat):
        before = built_at(out)
        module = system / EDITED
        module.write_text(module.read_text(encoding="utf-8") + f"\n- one more point {i}\n", encoding="utf-8")
        seconds, _proc = cli("build", str(system), "-o", str(out), "-q", cwd=work)
        after = built_at(out)
        rebuilt = sorted(name for name in after if after[name] != before.get(name))
        if rebuilt != users:
            raise SystemExit(f"the edit rebuilt {rebuilt}, not the {len(users)} courses using it: {users}")
        edits.append(seconds)
    return {"library_modules": LIBRARY_MODULES, "library_slides": slides, "courses": COURSES,
            "per_course": PER_COURSE, "a_library": a, "b_system": b, "unchanged": unchanged,
            "c_edit": sorted(edits)[len(edits) // 2], "edits": edits, "rebuilt": users}


def report(r: dict) -> str:
    ratio = r["b_system"] / r["a_library"]
    return "\n".join([
        f"| measure | time | target |", "|:--|--:|:--|",
        f"| (a) the {r['library_modules']} library modules ({r['library_slides']} slides) as one "
        f"course, from scratch | {r['a_library']:.2f} s | |",
        f"| (b) the system, {r['courses']} courses × {r['per_course']} modules, from scratch | "
        f"{r['b_system']:.2f} s ({ratio:.2f} × (a)) | within 3 × (a): "
        f"{'**met**' if ratio <= 3 else '**not met**'} |",
        f"| the system again, nothing changed | {r['unchanged']:.2f} s | |",
        f"| (c) one library module edited, used by {len(r['rebuilt'])} courses: those rebuilt "
        f"(median of {len(r['edits'])}) | {r['c_edit']:.2f} s | within 2 s: "
        f"{'**met**' if r['c_edit'] <= 2 else '**not met**'} |",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make", type=Path, metavar="DIR", help="only write the system into DIR")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the best counts")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    if args.make:
        make_system(args.make)
        print(f"wrote a system of {COURSES} courses and {LIBRARY_MODULES} library modules to {args.make}")
        return
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="tk-system-") as tmp:
        figures = measure(Path(tmp), args.repeat)
    load_after = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average (1 min) "
          f"{load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end\n")
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
