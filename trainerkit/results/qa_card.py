"""The QA scorecard's items, made from the course itself (issue 17): what quality assurance
checks on live calls, weeks after the class. One place for it: the scorecard output
(qa_scorecard.py, qa-scorecard.xlsx and .docx) shows these items and results/qa.py reads the
filled-in scorecards back through them.

Each module with something to check is a section, its items in reading order, each text once:

- its compliance lines (the `!` turns of its scripts, transcripts and simulation steps): to be said verbatim, and
  fatal;
- its avoided phrases (a phrases block's `avoid` side): not to be said;
- the steps of its models;
- its role-plays' observer checklists.

An item's id is `<module id>.qa<n>` (n counts the module's items from 1), as questions are
`<module id>.q<n>`. Its objective: the objective of a call simulation on the same slide (the
slide practises what it checks), else the module's first objective (`opening.1`), else none.

Points are whole numbers summing to exactly 100 (see points()): course.yml `qa: weights:` gives
a module (by id) or an item (by id, or by its text) its points; what no weight names is shared
by the modules left, by their time (every one timed) or equally, then equally by each module's
items; shares are rounded by largest remainder (ties to the earlier), so the sum stays 100.
`qa: fatal:` makes more items fatal (an item, or every item of a module). A key naming nothing
on the scorecard is a warning at its course.yml line; weights that cannot add up to 100 an error.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from ..errors import Diagnostics, Location
from ..messages import _
from ..model import (Course, Model, Module, Phrases, Recording, Roleplay, Script, Simulation, plain,
                     walk)
from ..simulation import objective_id

Kind = Literal["verbatim", "avoid", "step", "observe"]
TOTAL = 100


@dataclass(frozen=True)
class QAItem:
    """One thing checked on a call: its id (opening.qa3), module id, kind, text (a compliance
    line exactly as written), points, objective id ("" for none), whether missing it zeroes the
    call (fatal), and where it was written."""

    id: str
    module: str
    kind: Kind
    text: str
    points: int = 0
    objective: str = ""
    fatal: bool = False
    loc: Location = Location("<generated>", 0)


@dataclass(frozen=True)
class QASection:
    """A module's part of the scorecard."""

    module: str
    title: str
    items: tuple[QAItem, ...]

    @property
    def points(self) -> int:
        return sum(i.points for i in self.items)


def _key(text: str) -> str:
    """A text as compared with a key of qa: (NFKC, case folded, spaces squeezed)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _slide_blocks(module: Module):
    """A module's blocks in reading order, each run with the blocks that stand with it (its
    slide, or the module's intro, or a section's own blocks)."""
    yield module.intro
    for section in module.sections:
        yield section.blocks
        for slide in section.slides:
            yield slide.blocks


def module_items(module: Module) -> list[QAItem]:
    """A module's items, each text once per kind, points and fatal not yet given (verbatim
    lines are fatal)."""
    out: list[QAItem] = []
    seen: set[tuple[str, str]] = set()
    first = f"{module.id}.1" if module.objectives else ""

    def add(kind: Kind, text: str, objective: str, loc: Location) -> None:
        text = " ".join(text.split())
        if not text or (kind, _key(text)) in seen:
            return
        seen.add((kind, _key(text)))
        out.append(QAItem(f"{module.id}.qa{len(out) + 1}", module.id, kind, text,
                          objective=objective, fatal=kind == "verbatim", loc=loc))

    for blocks in _slide_blocks(module):
        found = list(walk(blocks))
        sims = [b for b in found if isinstance(b, Simulation) and b.objective.strip()]
        objective = objective_id(sims[0], module.id) if sims else first
        for block in found:
            if isinstance(block, (Script, Recording)):
                script = block.transcript if isinstance(block, Recording) else block
                for turn in script.turns if script is not None else ():
                    if turn.verbatim:
                        add("verbatim", plain(turn.text), objective, turn.loc)
            elif isinstance(block, Simulation):
                own = objective_id(block, module.id) if block.objective.strip() else objective
                for step in block.steps:
                    for turn in step.turns:
                        if getattr(turn, "verbatim", False):
                            add("verbatim", plain(turn.text), own, turn.loc)
            elif isinstance(block, Phrases):
                for pair in block.pairs:
                    add("avoid", plain(pair.avoid), objective, pair.loc)
            elif isinstance(block, Model):
                for step in block.steps:
                    rest = plain(step.text).strip()
                    text = f"{step.label} — {rest}" if step.label and rest else step.label or rest
                    add("step", text, objective, step.loc)
            elif isinstance(block, Roleplay):
                for line in block.observe:
                    add("observe", line, objective, block.loc)
    return out


def qa_sections(course: Course, diags: Diagnostics | None = None) -> list[QASection]:
    """The scorecard: a section per module with items, their points (summing to 100) and
    fatal items as course.yml's qa: sets them. Problems with qa: go to diags (when given);
    with weights that cannot add up to 100, the default split is used."""
    sections = [QASection(m.id, m.title, tuple(items)) for m in course.modules
                if (items := module_items(m))]
    if not sections:
        return []
    qa = course.qa
    modules = {s.module: s for s in sections}
    by_id = {i.id: i for s in sections for i in s.items}
    by_text: dict[str, list[QAItem]] = {}
    for item in by_id.values():
        by_text.setdefault(_key(item.text), []).append(item)

    def named(key: str, line: int) -> list[QAItem] | str | None:
        """What a key names: a module id (str), items, or None (with its warning)."""
        if key in modules:
            return key
        if key in by_id:
            return [by_id[key]]
        if _key(key) in by_text:
            return by_text[_key(key)]
        if diags is not None:
            diags.warning(Location(qa.loc.path, line), _(
                'qa: "{key}" names no module or item of the QA scorecard; use a module id '
                '({module}), an item id ({item}) or an item\'s text as qa-scorecard.xlsx shows it',
                key=key, module=sections[0].module, item=sections[0].items[0].id))
        return None

    module_w: dict[str, int] = {}
    item_w: dict[str, int] = {}
    for key, points, line in qa.weights:
        if points != int(points):
            if diags is not None:
                diags.error(Location(qa.loc.path, line), _(
                    'the weight of "{key}" must be a whole number of points, such as 20', key=key))
            continue
        found = named(key, line)
        if isinstance(found, str):
            module_w[found] = int(points)
        elif found:
            for item in found:
                item_w[item.id] = int(points)
    fatal: set[str] = set()
    for key, line in qa.fatal:
        found = named(key, line)
        if isinstance(found, str):
            fatal.update(i.id for i in modules[found].items)
        elif found:
            fatal.update(i.id for i in found)
    points = split(sections, module_w, item_w, _durations(course))
    if points is None:
        if diags is not None and (module_w or item_w):
            given = sum(module_w.values()) + sum(v for k, v in item_w.items()
                                                 if by_id[k].module not in module_w)
            diags.error(qa.loc, _(
                "the QA scorecard's weights cannot make 100 points: the modules and items they "
                "name hold {given}, a module's items may weigh more than the module, or no item is "
                "left to take the rest; change qa: weights: so that they make 100 in all",
                given=given))
        points = split(sections, {}, {}, _durations(course)) or {}
    return [replace(s, items=tuple(replace(i, points=points.get(i.id, 0), fatal=i.fatal or i.id in fatal)
                                   for i in s.items)) for s in sections]


def _durations(course: Course) -> dict[str, int]:
    return {m.id: m.duration or 0 for m in course.modules}


def largest_remainder(total: int, shares: list[Fraction]) -> list[int]:
    """Whole numbers, one per share, summing to total, each the floor of its share of total
    (shares in proportion) or one more: the largest remainders first, ties to the earlier."""
    whole = sum(shares)
    if not shares:
        return []
    if whole <= 0:
        shares, whole = [Fraction(1)] * len(shares), Fraction(len(shares))
    exact = [Fraction(total) * s / whole for s in shares]
    out = [int(e) for e in exact]  # exact >= 0: int() is the floor
    left = total - sum(out)
    for k in sorted(range(len(exact)), key=lambda k: (-(exact[k] - out[k]), k))[:left]:
        out[k] += 1
    return out


def split(sections: list[QASection], module_w: dict[str, int], item_w: dict[str, int],
          durations: dict[str, int]) -> dict[str, int] | None:
    """Each item's whole points, summing to 100, or None when the weights cannot: an item's
    weight is its points; a module's weight its items' total, those without a weight sharing
    what the weighted ones leave; the rest of 100 goes to the other modules with items
    without a weight, by their time when every one is timed, else equally."""
    out: dict[str, int] = {}
    rest = TOTAL
    free: list[QASection] = []
    for s in sections:
        fixed = sum(item_w.get(i.id, 0) for i in s.items)
        loose = [i for i in s.items if i.id not in item_w]
        out.update({i.id: item_w[i.id] for i in s.items if i.id in item_w})
        if s.module in module_w:
            budget = module_w[s.module]
            if budget < fixed or (not loose and budget != fixed):
                return None
            for i, p in zip(loose, largest_remainder(budget - fixed, [Fraction(1)] * len(loose))):
                out[i.id] = p
            rest -= budget
        else:
            rest -= fixed
            if loose:
                free.append(s)
    if rest < 0 or (rest > 0 and not free):
        return None
    timed = all(durations.get(s.module, 0) > 0 for s in free)
    weights = [Fraction(durations[s.module]) if timed else Fraction(1) for s in free]
    for s, budget in zip(free, largest_remainder(rest, weights)):
        loose = [i for i in s.items if i.id not in item_w]
        for i, p in zip(loose, largest_remainder(budget, [Fraction(1)] * len(loose))):
            out[i.id] = p
    return out


def scorecard_items(course: Course) -> dict[str, QAItem]:
    """Every item of the scorecard by its id, in order (what the readers map columns by)."""
    return {i.id: i for s in qa_sections(course) for i in s.items}
