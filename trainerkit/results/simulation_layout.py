"""A call simulation as the score sheet has it (its column, headed by its title) and the sheet's
columns: one place for the layout, which the score sheet output writes and the readers
(simulations.py) read back through."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model import Course, module_blocks
from ..simulation import Simulation, Walk, objective_id, paper_numbers, percent, walks
from .items import normal

ARROW = " → "


@dataclass(frozen=True)
class SimulationColumn:
    """A simulation as the score sheet has it: header (its title, made unique), the simulation,
    its module's id, its objective's id ("" for none) and the course's quiz seed (which numbers
    the paper version's sections)."""

    header: str
    simulation: Simulation
    module: str
    objective: str
    seed: int | str = 0

    @cached_property
    def _walked(self) -> list[Walk]:
        return walks(self.simulation)[0]

    @property
    def best(self) -> Walk | None:
        return max(self._walked, key=lambda w: w.score, default=None)

    @property
    def worst(self) -> Walk | None:
        return min(self._walked, key=lambda w: w.score, default=None)

    @property
    def top(self) -> float:
        """The best path's score: the points possible it counts for (0 without a path)."""
        best = self.best
        return max(0.0, best.score) if best is not None else 0.0

    @cached_property
    def steps(self) -> dict[str, str]:
        """The steps' names as compared (normal()), to the names as written."""
        return {normal(s.name): s.name for s in self.simulation.steps}

    @cached_property
    def sections(self) -> dict[str, str]:
        """The paper version's section numbers ("1"), to the steps' names."""
        return {str(n): name for name, n in paper_numbers(self.simulation, self.seed).items()}

    def percent(self, score: float) -> float:
        return _percent(self.simulation, score)


_PERCENTS: dict[tuple[int, float], float] = {}


def _percent(sim: Simulation, score: float) -> float:
    """simulation.percent, once per simulation and score (it walks every path)."""
    key = (id(sim), score)
    if key not in _PERCENTS:
        if len(_PERCENTS) > 10_000:
            _PERCENTS.clear()
        _PERCENTS[key] = percent(sim, score)
    return _PERCENTS[key]


def simulation_columns(course: Course) -> list[SimulationColumn]:
    """The course's simulations in the order of the modules, each headed by its title (a second
    one of the same title gets " (2)")."""
    out: list[SimulationColumn] = []
    taken: set[str] = set()
    for module in course.modules:
        for block in module_blocks(module):
            if not isinstance(block, Simulation):
                continue
            header, n = block.title.strip() or "simulation", 1
            while normal(header) in taken:
                n += 1
                header = f"{block.title.strip()} ({n})"
            taken.add(normal(header))
            out.append(SimulationColumn(header, block, module.id,
                                        objective_id(block, module.id) if block.objective else "",
                                        course.quiz.seed))
    return out


def path_text(names) -> str:
    return ARROW.join(names)


def number_text(value: float) -> str:
    from ..quiz.numbers import number_text as shown

    return shown(value)


# -- the score sheet's sheet ---------------------------------------------------------------------


def sheet_columns(course: Course, labels: dict[str, str]) -> list[dict]:
    """The simulations sheet's columns after learner and name (sheet.scoresheet_plan's form):
    one per simulation, headed by its title, its comment the best path and what to type."""
    from ..quiz.papers import points_text

    out = []
    for col in simulation_columns(course):
        best = col.best
        example = path_text(best.steps) if best else ""
        lines = [col.header]
        if best is not None:
            lines.append(_fill(labels["sheet_best_path"], path=example,
                               points=points_text(best.score, labels)))
        lines.append(_fill(labels["sheet_type"], what=_fill(
            labels["sheet_simulation"], most=number_text(col.top), example=example)))
        out.append({"header": col.header, "comment": "\n".join(lines), "cell": "simulation",
                    "check": None})
    return out


def _fill(label: str, **fields: str) -> str:
    """A label with its {fields} filled in (a course's own label may leave any out)."""
    for name, value in fields.items():
        label = label.replace("{" + name + "}", value)
    return label
