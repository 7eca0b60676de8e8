"""How long the call simulations (issue 16) take at their largest: a module holding one
`::: simulation` of N steps and two endings (default 58 + 2 = 60, MAX_SIMULATION_STEPS), each step with three replies
that lead forward (one or two steps on) or back to the start, so the paths explode, and endings.

    python benchmarks/simulation.py [58]

Times, best of 3: the check (parse, the checks and the best and worst paths, which walk the paths
up to simulation.MAX_PATHS / MAX_WALK_STEPS), and building the deck (a slide per step, the
replies as jumps), the guide (the branch map and the key), practice.html and scorm.zip, each
without the cache and with the paths walked afresh; prints each file's size.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path


def simulation_text(steps: int) -> str:
    """A simulation of steps steps in a line, each with three replies, and three endings."""
    lines = ["::: simulation 大规模模拟", "objective: 1"]
    for k in range(steps):
        lines.append(f"[s{k}]")
        lines.append(f"客户: 第 {k} 步，我还是很着急，你们到底怎么处理？")
        nxt, skip = f"s{k + 1}" if k + 1 < steps else "good", f"s{k + 2}" if k + 2 < steps else "good"
        lines.append(f"* 我理解您的心情，我马上为您处理第 {k} 步。 -> [{nxt}] +2")
        lines.append(f"  先共情，再处理。")
        lines.append(f"* 我直接跳过这一步。 -> [{skip}] +1")
        lines.append(f"* 请您冷静。 -> [{'bad' if k % 3 == 0 else 's0'}] -2")
    lines += ["[good] end", "结局: 客户满意。", "[bad] end", "结局: 客户投诉。", ":::"]
    return "\n".join(lines) + "\n"


def course(folder: Path, steps: int) -> Path:
    (folder / "modules").mkdir(parents=True)
    (folder / "course.yml").write_text("title: 模拟通话基准\nlanguage: zh-CN\n", encoding="utf-8")
    (folder / "modules" / "01-sim.md").write_text(
        "---\ntitle: 模拟通话\nduration: 30\nobjectives:\n  - 在压力下选择合适的回复\n---\n\n"
        "# 练习\n\n## 一通来电\n\n" + simulation_text(steps), encoding="utf-8")
    return folder


def best_of(n: int, run) -> float:
    from trainerkit import simulation

    times = []
    for _ in range(n):
        simulation._walks.cache_clear()  # each run walks the paths afresh, as a build does
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from trainerkit.build import build, check

    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 58  # and two endings: 60, the most
    tmp = Path(tempfile.mkdtemp())
    try:
        root = course(tmp / "course", steps)
        found = []
        seconds = best_of(3, lambda: found.__setitem__(slice(None), check(root)))
        errors = [d for d in found if d.severity == "error"]
        print(f"{steps} steps and 2 endings: check {seconds:.2f} s, {len(errors)} errors, {len(found)} warnings")
        for output in ("deck", "guide", "practice", "scorm"):
            out = tmp / f"out-{output}"
            seconds = best_of(3, lambda: build(root, out, only=[output], use_cache=False, jobs=1))
            sizes = ", ".join(f"{p.name} {p.stat().st_size / 1024:,.0f} KB"
                              for p in sorted(out.iterdir()) if not p.name.startswith("."))
            print(f"  {output}: {seconds:.2f} s ({sizes})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
