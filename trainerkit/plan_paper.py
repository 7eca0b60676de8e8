"""Call simulations on paper (issue 16). The handout plays a simulation as a gamebook: its steps
become numbered sections (simulation.paper_numbers: the start is 1, the others shuffled by the
course's quiz seed and the simulation's title), each with the customer's lines as a script and
the replies, lettered, each saying where to go on ("→ 7"), an ending its outcome and that the call
ends; then a table to write down the path taken and add up the points. It never shows a score or
a feedback: learners play it. The guide gets the key instead: every section's replies with where
they lead, their scores and feedback, the best and worst paths, how a learner's result is
counted, the time and the debrief prompts (templates/guide-simulation.md.j2).

plan.py hands each document's blocks through on_paper, which puts these blocks where a
simulation is written; the deck draws simulations itself (plan_deck)."""

from __future__ import annotations

from dataclasses import replace
from string import ascii_uppercase
from typing import TYPE_CHECKING, Iterable

from .model import (
    KB, Aside, Block, BulletList, Columns, DocBlock, Heading, ListItem, Paragraph, Quote, Script,
    Span, Table, Text, text_of,
)
from .simulation import (
    BranchMap, Simulation, Step, Walk, best_walk, paper_numbers, walks, worst_walk,
)

if TYPE_CHECKING:
    from .templates import Templates

EMU_PER_CM = 360_000
PATH_ROW = EMU_PER_CM * 9 // 10  # a row of the path table: room to write a number by hand
ARROW = "→"


def on_paper(blocks: Iterable[Block], audience: str, templates: Templates,
             labels: dict[str, str]) -> tuple:
    """The blocks a document shows, each simulation (at any depth: boxes, quotes, knowledge-base
    cards, columns) replaced by its paper version (learner) or its key (facilitator). The same
    tuple when there is no simulation in it."""
    blocks = tuple(blocks)
    if not any(_holds_simulation(b) for b in blocks):
        return blocks
    seed = templates.course.quiz.seed
    out: list[DocBlock] = []
    for block in blocks:
        if isinstance(block, Simulation):
            out += (handout_blocks(block, labels, seed) if audience == "learner"
                    else guide_blocks(block, templates, labels, seed))
        elif isinstance(block, (Aside, Quote, KB)) and _holds_simulation(block):
            out.append(replace(block, blocks=on_paper(block.blocks, audience, templates, labels)))
        elif isinstance(block, Columns) and _holds_simulation(block):
            out.append(replace(block, columns=tuple(on_paper(c, audience, templates, labels)
                                                    for c in block.columns)))
        else:
            out.append(block)
    return tuple(out)


def _holds_simulation(block: object) -> bool:
    if isinstance(block, Simulation):
        return True
    if isinstance(block, (Aside, Quote, KB)):
        return any(_holds_simulation(b) for b in block.blocks)
    if isinstance(block, Columns):
        return any(_holds_simulation(b) for c in block.columns for b in c)
    return False


# ---------------------------------------------------------------------------------------------
# The handout: sections to play


def handout_blocks(sim: Simulation, labels: dict[str, str], seed: int | str = 0) -> list[Block]:
    """A simulation as learners play it on paper: the title, how to play, the sections in number
    order, and the table for the path taken. No score, no feedback."""
    numbers = paper_numbers(sim, seed)
    out: list[Block] = [Heading(3, text_of(title_line(sim, labels)), sim.loc),
                        Paragraph(text_of(labels["sim_paper_how"]), sim.loc)]
    for step in sections(sim, numbers):
        out += _section(step, numbers, labels)
    out += path_table(sim, labels)
    return out


def title_line(sim: Simulation, labels: dict[str, str]) -> str:
    return f"{labels['sim_paper']} · {sim.title}" if sim.title else labels["sim_paper"]


def sections(sim: Simulation, numbers: dict[str, int]) -> list[Step]:
    """The steps in section order (1 first)."""
    return sorted(sim.steps, key=lambda s: numbers.get(s.name, len(numbers) + 1))


def section_name(step: Step, numbers: dict[str, int], labels: dict[str, str]) -> str:
    """What a section is headed with: "Section 3" (第 3 段)."""
    return labels["sim_paper_section"].format(n=numbers.get(step.name, "?"))


def _section(step: Step, numbers: dict[str, int], labels: dict[str, str]) -> list[Block]:
    """One section, as a card headed by its number (a KB box: a short one is never split over
    two pages): the customer's lines as a script, then the lettered replies as boxes to tick,
    each with the section it goes to; an ending's outcome and that the call ends."""
    inside: list[Block] = []
    if step.turns:
        inside.append(Script("", step.turns, step.loc))
    if step.end:
        if step.outcome:
            inside.append(Paragraph((Span(labels["sim_paper_outcome"] + labels.get("colon", ": "),
                                          bold=True),) + step.outcome, step.loc))
        inside.append(Paragraph((Span(f"{ARROW} {labels['sim_paper_end']}", bold=True),), step.loc))
    elif step.replies:
        inside.append(BulletList(tuple(
            ListItem((Span(f"{letter(k)}. "),) + reply.text
                     + (Span(f"  {ARROW} {numbers.get(reply.target, '?')}", bold=True),),
                     0, False, None, reply.loc, False)
            for k, reply in enumerate(step.replies)), step.loc))
    return [KB(section_name(step, numbers, labels), tuple(inside), step.loc)]


def letter(k: int) -> str:
    """A reply's letter in its section (A, B, C ...)."""
    return ascii_uppercase[k] if k < len(ascii_uppercase) else str(k + 1)


def longest(sim: Simulation) -> int:
    """How many sections the longest path visits (its ending included): the path table's rows."""
    found, _complete = walks(sim)
    return max((len(w.steps) for w in found), default=len(sim.steps)) or 1


def path_table(sim: Simulation, labels: dict[str, str]) -> list[Block]:
    """Room to write down the path, in a card as the sections are: a row per section visited
    (the section, the letter of the reply picked, the points the trainer gives), and the total
    under the points."""
    rows = tuple((text_of(str(k)), (), (), ()) for k in range(1, longest(sim) + 1))
    rows += (((Span(labels["total"], bold=True),), (), (), ()),)
    header = ((), text_of(labels["sim_paper_col_section"]), text_of(labels["sim_paper_col_reply"]),
              text_of(labels["sim_paper_col_points"]))
    table = Table(header, rows, ("center", "center", "center", "center"), sim.loc,
                  row_height_emu=PATH_ROW, widths=(14, 30, 30, 26))
    return [KB(labels["sim_paper_path"], (table,), sim.loc)]


# ---------------------------------------------------------------------------------------------
# The guide: the key


def guide_blocks(sim: Simulation, templates: Templates, labels: dict[str, str],
                 seed: int | str = 0) -> list[DocBlock]:
    """A simulation in the facilitator's guide: its title, the branch map (the flowchart
    engineer's block, when it has landed), the key in a card (every section's replies with where
    they lead, their scores and feedback; the best and worst paths; how a learner's result is
    counted), then the debrief with its time (templates/guide-simulation.md.j2)."""
    numbers = paper_numbers(sim, seed)
    out: list[DocBlock] = [Heading(3, text_of(title_line(sim, labels)), sim.loc)]
    out += branch_map(sim, numbers)
    best, worst = best_walk(sim), worst_walk(sim)
    key: list[Block] = [key_table(sim, numbers, labels)]
    if best is not None:
        key.append(Paragraph(text_of(labels["sim_key_best"].format(
            path=path_text(sim, best, numbers), points=points_text(best.score, labels))), sim.loc))
    if worst is not None and best is not None and worst.steps != best.steps:
        key.append(Paragraph(text_of(labels["sim_key_worst"].format(
            path=path_text(sim, worst, numbers), points=points_text(worst.score, labels))), sim.loc))
    if best is not None and best.score > 0:
        key.append(Paragraph(text_of(labels["sim_key_percent"].format(best=f"{best.score:g}")), sim.loc))
    out.append(KB(labels["sim_key"], tuple(key), sim.loc))
    intro, _sections = templates.fragment(
        "guide-simulation.md.j2", simulation=sim, labels=dict(labels),
        best=_walk_data(sim, best, numbers, labels), worst=_walk_data(sim, worst, numbers, labels))
    out += intro
    return out


def branch_map(sim: Simulation, numbers: dict[str, int]) -> list[DocBlock]:
    """The branch map drawn as a flowchart, right before the key (render/docx/branch_map.py):
    its boxes numbered as the paper's sections."""
    return [BranchMap(sim, best_walk(sim), tuple(numbers.items()), sim.loc)]


def key_table(sim: Simulation, numbers: dict[str, int], labels: dict[str, str]) -> Table:
    """The key: a row per reply of each section in number order (the section, the reply with its
    letter, the section it goes to, its score, its feedback); an ending's row its outcome."""
    rows: list[tuple[Text, ...]] = []
    for step in sections(sim, numbers):
        where = text_of(f"{numbers.get(step.name, '?')} · {step.name}")
        if step.end or not step.replies:
            outcome = (Span(labels["sim_paper_outcome"] + labels.get("colon", ": "), bold=True),) \
                + step.outcome if step.outcome else ()
            rows.append((where, outcome, text_of(labels["sim_key_end"]), (), ()))
            continue
        for k, reply in enumerate(step.replies):
            rows.append((where if k == 0 else (), (Span(f"{letter(k)}. "),) + reply.text,
                         text_of(f"{ARROW} {numbers.get(reply.target, '?')}"),
                         text_of(signed(reply.score)), reply.feedback))
    header = tuple(text_of(labels[k]) for k in ("sim_paper_col_section", "sim_paper_col_reply")) \
        + (text_of(ARROW), text_of(labels["sim_paper_col_points"]), text_of(labels["feedback"]))
    return Table(header, tuple(rows), (None, None, "center", "center", None), sim.loc,
                 widths=(14, 36, 10, 10, 30))


def signed(score: float) -> str:
    """A reply's score as the key prints it: +2, -1.5, 0."""
    return "0" if score == 0 else f"{score:+g}"


def points_text(score: float, labels: dict[str, str]) -> str:
    """A path's points in words: "4 points", "1 point" (4 分)."""
    word = labels["point"] if abs(score) == 1 else labels["points"]
    return f"{score:g} {word}"


def path_text(sim: Simulation, walk: Walk, numbers: dict[str, int]) -> str:
    """A path as the paper numbers it, each section with the letter of the reply taken:
    "1A → 4A → 6"."""
    parts = [f"{numbers.get(name, '?')}{letter(k)}" for name, k in zip(walk.steps, walk.replies)]
    parts.append(str(numbers.get(walk.steps[-1], "?")))
    return f" {ARROW} ".join(parts)


def _walk_data(sim: Simulation, walk: Walk | None, numbers: dict[str, int],
               labels: dict[str, str]) -> dict | None:
    """What the debrief template is told of a path: plain data."""
    if walk is None:
        return None
    return {"path": path_text(sim, walk, numbers), "points": points_text(walk.score, labels),
            "score": walk.score, "score_text": f"{walk.score:g}", "steps": list(walk.steps)}
