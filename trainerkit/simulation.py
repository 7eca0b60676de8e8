"""Call simulations as the model holds them (a `::: simulation` block: parse/simulation.py), and
what every writer asks of one: its start, where each reply leads, the best and worst paths and the
order its steps are shown in. One place for these, so the deck, the paper, the guide, the practice
page, the SCORM package and `trainerkit check` agree.

A path is a walk from the start to an ending that visits no step twice; its score is the sum of
its replies' scores. A simulation's percent for a path is its score out of the best path's score,
floored at 0 (and 100 when the best path scores 0 or less).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .errors import Location

NOWHERE = Location("<generated>", 0)
MAX_PATHS = 20_000  # paths walked at most per simulation (6 replies x 50 steps could be billions)
MAX_WALK_STEPS = 50_000  # steps tried at most per simulation, the dead ends included


@dataclass(frozen=True)
class Reply:
    """One of the agent's replies in a step: what the agent says (text: model Text spans), the
    step it leads to (target: a step's name), its score and its feedback (shown once picked)."""

    text: tuple
    target: str
    score: float = 0
    feedback: tuple = ()
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Step:
    """A step of the call: what is said (turns: model Turns, in script syntax), then the agent's
    replies; or an ending (end: True) with its outcome (model Text) and no replies."""

    name: str
    turns: tuple = ()
    replies: tuple[Reply, ...] = ()
    end: bool = False
    outcome: tuple = ()
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Simulation:
    """A branching practice call. steps: as written, the first is the start. objective: the
    objective it assesses as written (`objective: 2`: the module's second; `opening.2`), "" for
    none; time: its minutes, when given."""

    title: str
    steps: tuple[Step, ...]
    objective: str = ""
    time: int | None = None
    loc: Location = NOWHERE

    @property
    def start(self) -> Step:
        return self.steps[0]

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    @property
    def endings(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.end)


@dataclass(frozen=True)
class Walk:
    """A path: the steps' names from the start to an ending, the replies taken (indices into each
    step's replies), and its score."""

    steps: tuple[str, ...]
    replies: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class Jump:
    """A reply as a slide shows it: a shape that, clicked in the slide show, goes to the slide
    whose DeckSlide.anchor is target (a step's slide, or the start's from an ending)."""

    text: tuple
    target: str


@dataclass(frozen=True)
class Jumps:
    """The replies of a step's slide, as shapes that jump (the deck writer draws them)."""

    jumps: tuple[Jump, ...]
    loc: Location = NOWHERE


def anchor(sim: Simulation, step: str) -> str:
    """The name a step's slide goes by, for the jumps to it: unique in the deck."""
    return f"simulation:{sim.loc}:{step}"


def objective_id(sim: Simulation, module: str) -> str:
    """The objective's id as quizzes write it (`opening.2`): a bare number is the module's."""
    o = sim.objective.strip()
    return f"{module}.{o}" if o.isdigit() else o


def walks(sim: Simulation, most: int = MAX_PATHS) -> tuple[list[Walk], bool]:
    """Every path from the start to an ending that visits no step twice (at most `most`), and
    whether all of them were walked. Walked once per simulation: every writer asks (best_walk,
    order, percent ...), and a walk cut short at MAX_WALK_STEPS takes a second or so."""
    found, complete = _walks(sim, most)
    return list(found), complete


@functools.lru_cache(maxsize=4)  # the writers ask one simulation after another; 20,000 paths are ~25 MB
def _walks(sim: Simulation, most: int) -> tuple[tuple[Walk, ...], bool]:
    return walk_all(sim, most, MAX_WALK_STEPS)


def walk_all(sim: Simulation, most: int, budget: int) -> tuple[tuple[Walk, ...], bool]:
    """The paths from the start, at most `most`, trying at most `budget` steps; not cached."""
    by_name = {s.name: s for s in sim.steps}
    out: list[Walk] = []
    complete = True

    tried = 0

    def go(step: Step, names: list[str], taken: list[int], score: float) -> None:
        nonlocal complete, tried
        tried += 1  # paths that end nowhere cost as much: a dense loop has billions of them
        if len(out) >= most or tried > budget:
            complete = False
            return
        if step.end:
            out.append(Walk(tuple(names), tuple(taken), score))
            return
        for k, reply in enumerate(step.replies):
            nxt = by_name.get(reply.target)
            if nxt is None or nxt.name in names:
                continue
            go(nxt, names + [nxt.name], taken + [k], score + reply.score)

    if sim.steps:
        go(sim.start, [sim.start.name], [], 0.0)
    return tuple(out), complete


def best_walk(sim: Simulation) -> Walk | None:
    """The path with the highest score (the first written, of equal ones), None without any."""
    found, _ = walks(sim)
    return max(found, key=lambda w: w.score, default=None)


def worst_walk(sim: Simulation) -> Walk | None:
    found, _ = walks(sim)
    return min(found, key=lambda w: w.score, default=None)


def percent(sim: Simulation, score: float) -> float:
    """A score as a percent of the best path's, floored at 0 (100 when the best scores 0 or less)."""
    best = best_walk(sim)
    top = best.score if best is not None else 0.0
    if top <= 0:
        return 100.0
    return max(0.0, min(100.0, 100.0 * score / top))


def order(sim: Simulation) -> list[Step]:
    """The steps in the order they are shown (slides, the guide's key): the best path's first,
    then the others as written, endings last of all."""
    best = best_walk(sim)
    names = list(best.steps[:-1]) if best else [sim.start.name] if sim.steps else []
    rest = [s.name for s in sim.steps if s.name not in names and not s.end]
    ends = ([best.steps[-1]] if best else []) + [s.name for s in sim.steps if s.end and (not best or s.name != best.steps[-1])]
    by_name = {s.name: s for s in sim.steps}
    seen: list[str] = []
    for n in names + rest + ends:
        if n not in seen:
            seen.append(n)
    return [by_name[n] for n in seen]


def reachable(sim: Simulation) -> set[str]:
    """The names of the steps some reply chain from the start reaches (the start included)."""
    by_name = {s.name: s for s in sim.steps}
    if not sim.steps:
        return set()
    seen = {sim.start.name}
    todo = [sim.start]
    while todo:
        for reply in todo.pop().replies:
            nxt = by_name.get(reply.target)
            if nxt is not None and nxt.name not in seen:
                seen.add(nxt.name)
                todo.append(nxt)
    return seen


def trapped(sim: Simulation) -> list[Step]:
    """Reachable steps from which no ending can be reached: a loop no path leaves."""
    by_name = {s.name: s for s in sim.steps}
    leads = {s.name for s in sim.steps if s.end}
    changed = True
    while changed:
        changed = False
        for s in sim.steps:
            if s.name not in leads and any(r.target in leads for r in s.replies):
                leads.add(s.name)
                changed = True
    live = reachable(sim)
    return [s for s in sim.steps if s.name in live and s.name not in leads and s.replies
            and all(r.target in by_name for r in s.replies)]


def paper_numbers(sim: Simulation, seed: int | str = 0) -> dict[str, int]:
    """Each step's section number on paper (the handout's sections, the guide's key and branch
    map): the start is 1, the other steps shuffled over 2..n by a generator seeded with the
    course's quiz seed and the simulation's title, so a rebuild numbers them the same."""
    import random

    if not sim.steps:
        return {}
    rest = [s.name for s in sim.steps[1:]]
    random.Random(f"trainerkit-simulation:{seed}:{sim.title}").shuffle(rest)
    return {name: n for n, name in enumerate([sim.start.name] + rest, 1)}


@dataclass(frozen=True)
class BranchMap:
    """A simulation's branch map in the facilitator's guide, drawn as a native flowchart
    (render/docx/branch_map.py): each step a box (with its section number on paper, when
    numbers has it), each reply an arrow labelled with its score, the best path picked out.
    best: the best path (best_walk), None without one; numbers: (step name, section number)
    pairs (paper_numbers)."""

    simulation: Simulation
    best: Walk | None = None
    numbers: tuple[tuple[str, int], ...] = ()
    loc: Location = NOWHERE

