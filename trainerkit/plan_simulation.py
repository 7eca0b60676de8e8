"""The deck's view of a call simulation (issue 16): one slide per step, the best path's steps
first (simulation.order), so the class votes its way through the call.

A step's slide: the customer's lines as a script slide shows them, then the agent's replies as
shapes lettered A, B, C … that jump, clicked in the slide show, to the slide of the step they lead
to (simulation.Jumps; each slide's DeckSlide.anchor is what they name). An ending's slide: its
outcome and a jump back to the start. The speaker notes (the facilitator's) give every reply's
score, feedback and where it leads, and which reply is best; the start's notes the best and worst
paths. The room never sees a score.

The slide a trainer wrote the simulation on keeps its other blocks; when the simulation is all it
holds, the step slides take its place (its own notes go to the start's), but a section's or a
module's opening slide always stays. Every step slide carries
the written slide's place, so the guide's heading of that slide gives the range of its slides
(plan.slide_numbers).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from .model import Block, BulletList, DeckSlide, ListItem, Paragraph, Script, Span, text_of
from .simulation import (
    MAX_PATHS, Jump, Jumps, Simulation, Step, Walk, anchor, best_walk, order, walk_all, walks, worst_walk,
)

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP_LAYOUT = "Title and Content"  # the layout of a script slide (plan.default_layout)
REPLY_BUDGET = 2_500  # steps tried from a step off the best path, for its best reply


def with_simulations(slides: Iterable[DeckSlide], labels: dict[str, str]) -> list[DeckSlide]:
    """Slides with each simulation among their blocks expanded into its step slides, which follow
    the slide it was written on (that slide stays when it has anything else to show)."""
    out: list[DeckSlide] = []
    for ds in slides:
        sims = [b for b in ds.blocks if isinstance(b, Simulation)]
        if not sims:
            out.append(ds)
            continue
        rest = tuple(b for b in ds.blocks if not isinstance(b, Simulation))
        notes = ds.notes
        if rest or ds.kind != "content":  # a section's or module's opening slide stays
            out.append(replace(ds, blocks=rest))
            notes = ()
        for sim in sims:
            out += step_slides(sim, ds, labels, notes)
            notes = ()
    return out


def step_slides(sim: Simulation, written: DeckSlide, labels: dict[str, str],
                notes: tuple[Block, ...] = ()) -> list[DeckSlide]:
    """A simulation's slides, one per step in simulation.order; notes: the written slide's own
    notes, put before the start's."""
    if not sim.steps:
        return []
    best = best_walk(sim)
    out = []
    for step in order(sim):
        start = step is sim.start
        title = sim.title or written.title
        if not start and title:
            title = f"{title} · {step.name}"
        elif not start:
            title = step.name
        blocks: list[Block] = [Script("", step.turns, step.loc)] if step.turns else []
        if step.end:
            blocks += _ending(sim, step, labels)
            said = _ending_notes(sim, step, labels, best)
        else:
            blocks.append(Jumps(tuple(Jump(_lettered(k, r.text), anchor(sim, r.target))
                                      for k, r in enumerate(step.replies) if sim.step(r.target)), step.loc))
            said = _reply_notes(sim, step, labels)
            if start:
                said = list(notes) + said + _path_notes(sim, labels, best)
        out.append(DeckSlide(title, STEP_LAYOUT, "content", tuple(blocks), tuple(said), written.loc,
                             written.group, written.language, anchor(sim, step.name)))
    return out


def _lettered(k: int, text: tuple) -> tuple:
    """A reply as the room sees it: its letter (to vote by), then its words."""
    return (Span(f"{LETTERS[k % len(LETTERS)]}.", bold=True), Span(" ")) + tuple(text)


def _ending(sim: Simulation, step: Step, labels: dict[str, str]) -> list[Block]:
    """An ending's slide below its lines: the outcome, and the jump back to the start."""
    out: list[Block] = []
    if step.outcome:
        out.append(Paragraph((Span(labels.get("sim_outcome", "Outcome") + _colon(labels), bold=True),)
                             + tuple(step.outcome), step.loc))
    again = labels.get("sim_again", "Start the call again")
    out.append(Jumps((Jump(text_of(again), anchor(sim, sim.start.name)),), step.loc))
    return out


def score_text(score: float) -> str:
    """A score as the notes and keys show it: +2, -1, 0, +1.5."""
    whole = int(score) if float(score).is_integer() else score
    return f"+{whole}" if score > 0 else f"{whole}"


def best_reply(sim: Simulation, step: Step) -> int | None:
    """The reply that leads, from this step, to the highest-scoring end (the first of equal
    ones): the best path's own where the step is on it. None when no path ends. A step off the
    best path walks from itself within REPLY_BUDGET steps: asked of every step, the whole walk
    each time made a 60-step simulation's deck take 20 s."""
    best = best_walk(sim)
    if best is not None and step.name in best.steps[:-1]:
        return best.replies[best.steps.index(step.name)]
    others = tuple(s for s in sim.steps if s is not step)
    found = max(walk_all(replace(sim, steps=(step,) + others), MAX_PATHS, REPLY_BUDGET)[0],
                key=lambda w: w.score, default=None)
    return found.replies[0] if found is not None and found.replies else None


def _reply_notes(sim: Simulation, step: Step, labels: dict[str, str]) -> list[Block]:
    """Every reply of a step: its letter, score and where it leads (the best one said so), with
    its feedback under it."""
    best = best_reply(sim, step)
    items: list[ListItem] = []
    for k, r in enumerate(step.replies):
        head = f"{LETTERS[k % len(LETTERS)]}. {score_text(r.score)} → {r.target}"
        if k == best:
            head += labels.get("sim_best", " (best)")
        items.append(ListItem((Span(head, bold=True), Span(" ")) + tuple(r.text), 0, loc=r.loc))
        if r.feedback:
            items.append(ListItem(tuple(r.feedback), 1, loc=r.loc))
    if not items:
        return []
    return [Paragraph((Span(labels.get("sim_replies", "Replies"), bold=True),), step.loc),
            BulletList(tuple(items), step.loc)]


def _path_text(walk: Walk, labels: dict[str, str]) -> str:
    """A path as its steps' names and its score: "start → listen → good (+4)"."""
    return (labels.get("sim_path", "{path} ({score})").replace("{path}", " → ".join(walk.steps))
            .replace("{score}", score_text(walk.score)))


def _path_notes(sim: Simulation, labels: dict[str, str], best: Walk | None) -> list[Block]:
    """The start's notes after its replies: the best and the worst path, with their scores."""
    worst = worst_walk(sim)
    if best is None or worst is None:
        return []
    colon = _colon(labels)
    return [Paragraph((Span(labels.get("sim_best_path", "Best path") + colon, bold=True), Span(_path_text(best, labels)))),
            Paragraph((Span(labels.get("sim_worst_path", "Worst path") + colon, bold=True), Span(_path_text(worst, labels))))]


def _ending_notes(sim: Simulation, step: Step, labels: dict[str, str], best: Walk | None) -> list[Block]:
    """An ending's notes: what the paths that end here score, against the best path."""
    found, _ = walks(sim)
    scores = sorted(w.score for w in found if w.steps[-1] == step.name)
    if not scores or best is None:
        return []
    low, high = score_text(scores[0]), score_text(scores[-1])
    line = labels.get("sim_ending_scores", "Calls that end here score {scores}; the best path {best}.")
    line = line.replace("{scores}", low if low == high else f"{low} … {high}").replace("{best}", score_text(best.score))
    return [Paragraph(text_of(line), step.loc)]


def _colon(labels: dict[str, str]) -> str:
    """What separates a label from its text ("：" in Chinese, ": " in English)."""
    return labels.get("colon", ": ")
