"""The checks of `::: simulation` blocks (parse/simulation.py reads them; trainerkit/simulation.py
walks them), and the line `trainerkit check` prints for each: its best and worst paths' scores.

A step's name is checked against the others: a reply's target that no step has (with the nearest
name), a name given twice, a step nothing reaches, a step with no replies that is no ending, a
loop no path leaves, an ending as the start, more than MAX_REPLIES replies (a warning), an ending
without its outcome (a warning), no ending at all; the objective against the module's objectives,
as a quiz's "Objective:" is.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from . import limits
from .errors import Diagnostics, Location
from .messages import Msg, _, _n
from .model import Course, Module, module_blocks
from .parse.lines import split_label
from .parse.simulation import OBJECTIVE
from .simulation import Simulation, Walk, reachable, trapped, walks

MAX_REPLIES = 6  # more replies than a slide shows as buttons, or a class votes on


def simulations(module: Module) -> list[Simulation]:
    return [b for b in module_blocks(module) if isinstance(b, Simulation)]


def check_simulations(module: Module, diags: Diagnostics) -> None:
    """Every problem of the module's simulations but their objectives, each at its line."""
    for sim in simulations(module):
        check_simulation(sim, diags)


def check_simulation(sim: Simulation, diags: Diagnostics) -> None:
    if not sim.steps or len(sim.steps) > limits.MAX_SIMULATION_STEPS:
        return  # the parser said so
    first: dict[str, Location] = {}
    for step in sim.steps:
        if step.name in first:
            diags.error(step.loc, _('step "[{name}]" is already a step at line {line}; give one of '
                                    'them another name', name=step.name, line=first[step.name].line))
        else:
            first[step.name] = step.loc
    names = list(first)
    for step in sim.steps:
        for reply in step.replies:
            if reply.target and reply.target not in first:
                diags.error(reply.loc, _no_step(reply.target, names))
        if not step.end and not step.replies and first[step.name] == step.loc:
            diags.error(step.loc, _('step "[{name}]" has no replies and is not an ending; add the '
                                    'agent\'s replies ("* words -> [step] +1"), or write "[{name}] '
                                    'end" and its outcome', name=step.name))
        if len(step.replies) > MAX_REPLIES:
            diags.warning(step.loc, _('step "[{name}]" has {n} replies; more than {most} are hard '
                                      'to choose from on a slide or in a class vote: keep the '
                                      'telling ones', name=step.name, n=len(step.replies),
                                      most=MAX_REPLIES))
        if step.end and not step.outcome:
            diags.warning(step.loc, _('the ending "[{name}]" has no outcome; add a line "outcome: '
                                      'how the call ended" (or 结局:)', name=step.name))
    if sim.start.end:
        diags.error(sim.start.loc, _('the first step is the start of the call, so it cannot be an '
                                     'ending; put "[{name}] end" after the steps that lead to it',
                                     name=sim.start.name))
    live = reachable(sim)
    for step in sim.steps[1:]:
        if step.name not in live and first.get(step.name) == step.loc:
            diags.error(step.loc, _('no reply leads to step "[{name}]", so no call reaches it; '
                                    'point a reply at it with "-> [{name}]", or delete it',
                                    name=step.name))
    if not sim.endings:
        diags.error(sim.loc, _('this simulation has no ending, so no call can end; add one, like '
                               '"[good] end" and its line "outcome: ..."'))
        return
    stuck = trapped(sim)
    if stuck:
        diags.error(stuck[0].loc, _n(
            "from step {steps} no path leads to an ending: the call can only go round in a loop or "
            "stop; give it a reply that leads on towards an ending",
            "from steps {steps} no path leads to an ending: the call can only go round in a loop or "
            "stop; give one of them a reply that leads on towards an ending", len(stuck),
            steps=", ".join(f"[{s.name}]" for s in stuck)))
    found, complete = walks(sim)
    if not complete:
        diags.warning(sim.loc, _("this simulation has more paths than trainerkit walks (the limits "
                                 "MAX_PATHS and MAX_WALK_STEPS of trainerkit/simulation.py): its "
                                 "best and worst paths are those of the {n:,} walked; fewer "
                                 "replies that lead back make it easier to follow", n=len(found)))


def _no_step(target: str, names: list[str]) -> Msg:
    close = difflib.get_close_matches(target, names, n=1, cutoff=0.5)
    if close:
        return _('there is no step "[{name}]" in this simulation; did you mean "[{close}]"?',
                 name=target, close=close[0])
    return _('there is no step "[{name}]" in this simulation; its steps are: {names}', name=target,
             names=", ".join(f"[{n}]" for n in names))


def check_simulation_objectives(course: Course, diags: Diagnostics) -> None:
    """`objective: N` names one of the module's objectives, `objective: id.N` one of module id's."""
    modules = {m.id: m for m in course.modules}
    for module in course.modules:
        for sim in simulations(module):
            if sim.objective:
                problem = _objective_problem(sim.objective, module, modules)
                if problem is not None:
                    diags.error(_objective_line(sim, module), problem)


def _objective_problem(objective: str, home: Module, modules: dict[str, Module]) -> Msg | None:
    module_id, _dot, number = objective.rpartition(".")
    module = modules.get(module_id) if module_id else home
    if module is None:
        return _('no module has the id "{id}" (Objective: {value}); the module ids are: {ids}',
                 id=module_id, value=objective, ids=", ".join(modules))
    if module.given is None:  # its front matter could not be read: that error says enough
        return None
    k, count = int(number), len(module.objectives)
    if 1 <= k <= count:
        return None
    has = _n("has {n} objective", "has {n} objectives", count) if count else \
        _("has no objectives (add them to its front matter)")
    return _('objective {k} does not exist: module "{module}" {has}', k=k, module=module.id, has=has)


def _objective_line(sim: Simulation, module: Module) -> Location:
    """The simulation's "objective:" line, read again from its module's file (the model keeps
    the block's line only); the block's line when the file says otherwise."""
    try:
        lines = Path(module.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return sim.loc
    if Location.of(module.path).path != sim.loc.path:
        return sim.loc
    stop = sim.steps[0].loc.line - 1 if sim.steps else len(lines)
    for n in range(sim.loc.line, min(stop, len(lines))):
        labelled = split_label(lines[n].strip())
        if labelled and labelled[0].lower() in OBJECTIVE:
            return Location(sim.loc.path, n + 1)
    return sim.loc


def simulation_lines(course: Course) -> list[Msg]:
    """A line per simulation for `trainerkit check`: where it is, its best and worst paths'
    scores and steps, and how many paths it has."""
    out = []
    for module in course.modules:
        for sim in simulations(module):
            if not sim.steps or len(sim.steps) > limits.MAX_SIMULATION_STEPS:
                continue
            found, _complete = walks(sim)
            if not found:
                continue
            best, worst = max(found, key=_score), min(found, key=_score)
            out.append(_n('{where}: simulation "{title}": best path {best} ({best_path}), worst '
                          'path {worst} ({worst_path}); {n} path',
                          '{where}: simulation "{title}": best path {best} ({best_path}), worst '
                          'path {worst} ({worst_path}); {n} paths', len(found),
                          where=str(sim.loc), title=sim.title, best=points(best.score),
                          best_path=_path(best), worst=points(worst.score), worst_path=_path(worst)))
    return out


def _score(walk: Walk) -> float:
    return walk.score


def _path(walk: Walk) -> str:
    return " → ".join(walk.steps)


def points(score: float) -> str:
    """A score as a trainer writes it: 4, -5, 2.5 (no 4.0)."""
    return f"{score:g}"
