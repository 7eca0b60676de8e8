"""Benchmark trainerkit against pandoc on synthetic courses, side by side in one run.

    python benchmarks/run.py                 # 25, 50 and 100 modules
    python benchmarks/run.py --sizes 50      # one size

For each size it builds the deck and the handout with trainerkit (a fresh process, empty output
folder) and with pandoc (pptx and docx from the same Markdown, concatenated), then measures
rebuilds (unchanged, one module edited) and the CLI's start-up. pandoc comes from the
pypandoc-binary package (pip install pypandoc-binary). Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import make_course  # noqa: E402

MEASURE = r"""
import json, resource, sys, time
t = time.perf_counter()
from trainerkit.build import build
result = build(sys.argv[1], sys.argv[2], only=["deck", "handout"], use_cache=sys.argv[3] == "1")
seconds = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "self_kb": me, "workers_kb": kids, "up_to_date": result.up_to_date}))
"""

REBUILDS = r"""
import json, sys, time
from pathlib import Path
from trainerkit.build import build
course, out = Path(sys.argv[1]), Path(sys.argv[2])
def timed():
    t = time.perf_counter(); r = build(course, out, only=["deck", "handout"]); return time.perf_counter() - t, r
full, _ = timed()
unchanged, r = timed(); assert r.up_to_date
modules = sorted((course / "modules").glob("*.md"))
edits = []
for module in modules[len(modules) // 4::len(modules) // 4][:3]:  # three edits, three modules
    module.write_text(module.read_text(encoding="utf-8") + "\n- one more point\n", encoding="utf-8")
    seconds, r = timed(); assert not r.up_to_date
    edits.append(seconds)
print(json.dumps({"full": full, "unchanged": unchanged, "edited": sorted(edits)[1], "edits": edits}))
"""


# trainerkit runs as installed: from compiled bytecode, which pip writes at install time (an
# environment that sets PYTHONDONTWRITEBYTECODE would compile every module at every start).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, **kw)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} failed:\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t, proc


def best(n: int, fn):
    return min(fn() for _ in range(n))


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def measure_size(modules: int, work: Path, repeat: int) -> dict:
    course = make_course(work / f"course{modules}", modules)
    slides = sum(f.read_text(encoding="utf-8").count("\n## ") for f in (course / "modules").glob("*.md"))
    merged = work / f"all{modules}.md"
    merged.write_text("\n\n".join(f.read_text(encoding="utf-8") for f in sorted((course / "modules").glob("*.md"))),
                      encoding="utf-8")
    pandoc = pandoc_path()

    def trainerkit_cold() -> tuple[float, dict]:
        out = work / f"out{modules}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, proc = wall([sys.executable, "-c", MEASURE, str(course), str(out), "1"])
        return seconds, json.loads(proc.stdout)

    runs = [trainerkit_cold() for _ in range(repeat)]
    tk_seconds = min(r[0] for r in runs)
    mem_mb = max((r[1]["self_kb"] + r[1]["workers_kb"]) / 1024 for r in runs)
    pptx = best(repeat if modules <= 50 else 1, lambda: wall([pandoc, str(merged), "-o", str(work / "p.pptx")])[0])
    docx = best(repeat, lambda: wall([pandoc, str(merged), "-o", str(work / "p.docx")])[0])

    out = work / f"re{modules}"
    shutil.rmtree(out, ignore_errors=True)
    _, proc = wall([sys.executable, "-c", REBUILDS, str(course), str(out)])
    rebuild = json.loads(proc.stdout)
    # The same through the command line, start-up included.
    cli = [sys.executable, "-m", "trainerkit.cli", "build", str(course), "-o", str(out), "--only", "deck,handout"]
    cli_unchanged = best(repeat, lambda: wall(cli)[0])
    module = sorted((course / "modules").glob("*.md"))[modules // 3]
    def cli_edit() -> float:
        module.write_text(module.read_text(encoding="utf-8") + "\n- another point\n", encoding="utf-8")
        return wall(cli)[0]
    cli_edited = best(repeat, cli_edit)
    return {"modules": modules, "slides": slides, "trainerkit": tk_seconds, "memory_mb": mem_mb,
            "pandoc_pptx": pptx, "pandoc_docx": docx, "rebuild": rebuild,
            "cli_unchanged": cli_unchanged, "cli_edited": cli_edited}


def startup(repeat: int) -> dict:
    imports = best(repeat * 3, lambda: wall([sys.executable, "-c", "import click, jinja2"])[0])
    helps = best(repeat * 3, lambda: wall([sys.executable, "-m", "trainerkit.cli", "--help"])[0])
    return {"import_click_jinja2": imports, "help": helps}


def report(rows: list[dict], start: dict) -> str:
    lines = ["| modules | slides | trainerkit deck+handout | pandoc pptx | pandoc docx | ratio (pandoc / trainerkit) | peak memory |",
             "|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        pandoc = r["pandoc_pptx"] + r["pandoc_docx"]
        lines.append(f"| {r['modules']} | {r['slides']} | {r['trainerkit']:.2f} s | {r['pandoc_pptx']:.2f} s | "
                     f"{r['pandoc_docx']:.2f} s | {pandoc / r['trainerkit']:.1f} x | {r['memory_mb']:.0f} MB |")
    by = {r["modules"]: r for r in rows}
    lines.append("")
    for a, b in ((25, 50), (50, 100)):
        if a in by and b in by:
            lines.append(f"- growth {a} -> {b} modules: trainerkit x{by[b]['trainerkit'] / by[a]['trainerkit']:.2f}, "
                         f"pandoc pptx x{by[b]['pandoc_pptx'] / by[a]['pandoc_pptx']:.2f}")
    lines += ["", "| modules | full build (API) | unchanged rebuild | one module edited (median of 3) | unchanged (CLI) | edited (CLI) |",
              "|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        rb = r["rebuild"]
        lines.append(f"| {r['modules']} | {rb['full']:.2f} s | {rb['unchanged'] * 1000:.0f} ms ({rb['unchanged'] / rb['full']:.1%}) | "
                     f"{rb['edited']:.2f} s ({rb['edited'] / rb['full']:.0%}) | {r['cli_unchanged'] * 1000:.0f} ms "
                     f"({r['cli_unchanged'] / r['trainerkit']:.1%} of the CLI build) | {r['cli_edited']:.2f} s "
                     f"({r['cli_edited'] / r['trainerkit']:.0%}) |")
    lines += ["", f"- `python -c 'import click, jinja2'`: {start['import_click_jinja2'] * 1000:.0f} ms; "
              f"`trainerkit --help`: {start['help'] * 1000:.0f} ms "
              f"({start['help'] / start['import_click_jinja2']:.2f} x)"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark trainerkit against pandoc.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the best counts")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    load_before = os.getloadavg()  # the machine may be shared: say how busy it was
    with tempfile.TemporaryDirectory(prefix="tk-bench-") as tmp:
        rows = [measure_size(n, Path(tmp), args.repeat) for n in args.sizes]
        start = startup(args.repeat)
    load_after = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average (1 min) "
          f"{load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end\n")
    print(report(rows, start))
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "startup": start,
                                         "load": [load_before[0], load_after[0]]}, indent=2),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
