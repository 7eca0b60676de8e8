"""The timed day: when each module and each break starts and ends, day by day (course.yml's
schedule:, a module's day:). The one place that decides it; the agenda, the guide, info and
check all ask here.

The rules, as a trainer runs a day:
- each day starts at the schedule's start; a module with "day: N" starts day N (the days in
  between may be empty), the others follow the module before them;
- a module runs for its duration (one without a duration takes no time);
- a break "after: <module id>" follows that module at once;
- a break "at: 12:00" never cuts a module: it starts when the module running at 12:00 ends
  (exactly at 12:00 when a module ends then), after that module's own "after:" breaks, and only
  between two modules of a day. It comes every day that is still running then, as lunch does;
  a day that starts at or after its time, or ends before it, has none.
A course without a schedule is timed from 0:00 (minutes from the start of each day) and has no
breaks, as it always was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Break, Course, Module


@dataclass(frozen=True)
class Slot:
    """A module or a break in a day, from start to end (minutes after midnight; in a course
    without a schedule, minutes from the start of the day)."""

    kind: Literal["module", "break"]
    start: int
    end: int
    module: Module | None = None
    number: int = 0  # the module's number in the course (1, 2, ...)
    pause: Break | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Day:
    """One day of the course: its number (1, 2, ...), when it starts, its modules and breaks."""

    number: int
    start: int
    slots: tuple[Slot, ...]

    @property
    def end(self) -> int:
        return self.slots[-1].end if self.slots else self.start


@dataclass(frozen=True)
class Timeline:
    """The course's days in order (only those with modules); timed: whether the course has a
    schedule (clock times) or is timed from 0:00; planned_end: the schedule's end, if given."""

    timed: bool
    days: tuple[Day, ...]
    planned_end: int | None = None

    @property
    def slots(self) -> list[Slot]:
        return [s for day in self.days for s in day.slots]

    def module_slots(self) -> list[tuple[Day, Slot]]:
        """Every module's slot, in course order, with its day."""
        return [(day, s) for day in self.days for s in day.slots if s.kind == "module"]

    def clock(self, minutes: int) -> str:
        """A time as the agenda writes it: "09:40" in a timed course, "0:40" (from the start)
        in one without a schedule."""
        hours, mins = divmod(minutes, 60)
        return f"{hours:02d}:{mins:02d}" if self.timed else f"{hours}:{mins:02d}"


def days_of(course: Course) -> list[tuple[int, list[tuple[int, Module]]]]:
    """The modules grouped by day, each with its number in the course: a module's day: starts a
    later day; a day: that is not later than the day already reached keeps the module there
    (check says so)."""
    days: list[tuple[int, list[tuple[int, Module]]]] = []
    current = 1
    for number, module in enumerate(course.modules, 1):
        if module.day is not None and module.day > current:
            current = module.day
        if not days or days[-1][0] != current:
            days.append((current, []))
        days[-1][1].append((number, module))
    return days


def timeline(course: Course) -> Timeline:
    """When each module and each break of the course starts and ends (see the rules above)."""
    schedule = course.schedule
    start = schedule.start if schedule is not None else 0
    breaks = schedule.breaks if schedule is not None else ()
    after: dict[str, list[Break]] = {}
    for b in breaks:
        if b.after:
            after.setdefault(b.after, []).append(b)
    at = sorted((b for b in breaks if b.at is not None), key=lambda b: b.at or 0)
    days = []
    for number, modules in days_of(course):
        t, slots = start, []
        waiting = [b for b in at if (b.at or 0) > start]
        for k, (n, module) in enumerate(modules):
            end = t + (module.duration or 0)
            slots.append(Slot("module", t, end, module=module, number=n))
            t = end
            for b in after.get(module.id, ()):
                slots.append(Slot("break", t, t + b.minutes, pause=b))
                t += b.minutes
            if k + 1 < len(modules):  # between two modules: the breaks whose time has come
                while waiting and (waiting[0].at or 0) <= t:
                    b = waiting.pop(0)
                    slots.append(Slot("break", t, t + b.minutes, pause=b))
                    t += b.minutes
        days.append(Day(number, start, tuple(slots)))
    return Timeline(schedule is not None, tuple(days),
                    schedule.end if schedule is not None else None)


def agenda(course: Course, line: Timeline | None = None) -> dict:
    """The timeline as the agenda templates see it, plain data with the times written out:
    timed, start and end (the schedule's, "" without one), and days, each with its number,
    start, end and entries: a module's kind ("module"), number, id, title, minutes (its duration,
    None if it has none), start and end; a break's kind ("break"), title, minutes, start, end."""
    line = line or timeline(course)
    schedule = course.schedule
    days = []
    for day in line.days:
        items = []
        for s in day.slots:
            times = {"start": line.clock(s.start), "end": line.clock(s.end)}
            if s.module is not None:
                items.append({"kind": "module", "number": s.number, "id": s.module.id,
                              "title": s.module.title, "minutes": s.module.duration, **times})
            elif s.pause is not None:
                items.append({"kind": "break", "title": s.pause.title, "minutes": s.minutes, **times})
        days.append({"number": day.number, "start": line.clock(day.start),
                     "end": line.clock(day.end), "entries": items})
    return {"timed": line.timed, "days": days,
            "start": line.clock(schedule.start) if schedule is not None else "",
            "end": line.clock(schedule.end) if schedule is not None and schedule.end is not None else ""}
