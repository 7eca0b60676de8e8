"""Time (and optionally profile) the deck writer on a generated course.

    python benchmarks/generate.py /tmp/bench50 --modules 50
    python benchmarks/profile_deck.py /tmp/bench50            # render_deck time, best of --repeat
    python benchmarks/profile_deck.py /tmp/bench50 --profile  # cProfile, top functions
    python benchmarks/profile_deck.py /tmp/bench50 --cache    # cold, warm, one module edited
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trainerkit.build import load  # noqa: E402
from trainerkit.errors import Diagnostics  # noqa: E402
from trainerkit.outputs import OUTPUTS  # noqa: E402
from trainerkit.templates import Templates  # noqa: E402


class DictCache:
    def __init__(self):
        self.data: dict[str, bytes] = {}
        self.gets = self.hits = self.puts = 0

    def get(self, key):
        self.gets += 1
        v = self.data.get(key)
        self.hits += v is not None
        return v

    def put(self, key, data):
        self.puts += 1
        self.data[key] = data


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("course", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--cache", action="store_true")
    a = ap.parse_args()
    from trainerkit.render.pptx import render_deck

    d = Diagnostics()
    course = load(a.course, d)
    deck = OUTPUTS["deck"].plan(course, Templates(course, d))
    print(f"{len(deck.slides)} deck slides")
    if a.profile:
        pr = cProfile.Profile()
        pr.enable()
        render_deck(deck)
        pr.disable()
        pstats.Stats(pr).sort_stats("cumulative").print_stats(45)
        pstats.Stats(pr).sort_stats("tottime").print_stats(30)
        return
    if a.cache:
        cache = DictCache()
        for label in ("cold", "warm", "warm"):
            s = time.perf_counter()
            data = render_deck(deck, cache)
            print(f"{label}: {time.perf_counter() - s:.3f} s, {len(data) // 1024} KiB, "
                  f"gets {cache.gets} hits {cache.hits} puts {cache.puts}")
        i = next(k for k, s in enumerate(deck.slides) if s.group)
        edited = replace(deck, slides=deck.slides[:i] + (replace(deck.slides[i], title=deck.slides[i].title + " *"),)
                         + deck.slides[i + 1:])
        s = time.perf_counter()
        render_deck(edited, cache)
        print(f"one module edited: {time.perf_counter() - s:.3f} s, gets {cache.gets} hits {cache.hits} puts {cache.puts}")
        return
    best = []
    for _ in range(a.repeat):
        s = time.perf_counter()
        data = render_deck(deck)
        best.append(time.perf_counter() - s)
    print(f"render_deck: best {min(best):.3f} s of {[round(b, 3) for b in best]}, {len(data) // 1024} KiB, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")


if __name__ == "__main__":
    main()
