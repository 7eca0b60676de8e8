"""`trainerkit info`: what a course holds, at a glance: the agenda with timings (in a timed
course the day's clock times, its breaks and days), slides and questions per module, and which
objectives the quizzes cover."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Course, Module, Roleplay, course_quizzes, module_blocks
from .schedule import agenda, timeline


@dataclass
class ModuleInfo:
    id: str
    title: str
    duration: int | None
    starts: int  # minutes after midnight in a timed course, from the start of its day otherwise
    slides: int
    questions: int
    roleplays: int
    objectives: list[tuple[int, str, int]] = field(default_factory=list)  # number, text, questions
    day: int = 1


@dataclass
class CourseInfo:
    title: str
    language: str
    modules: list[ModuleInfo]
    duration: int
    quiz_files: list[tuple[str, int]]  # name, questions
    schedule: dict = field(default_factory=dict)  # the timeline as the agenda sees it (schedule.agenda)

    @property
    def slides(self) -> int:
        return sum(m.slides for m in self.modules)

    @property
    def questions(self) -> int:
        return sum(m.questions for m in self.modules) + sum(n for _, n in self.quiz_files)

    @property
    def uncovered(self) -> list[tuple[str, int, str]]:
        return [(m.id, n, text) for m in self.modules for n, text, q in m.objectives if q == 0]

    def as_dict(self) -> dict:
        return {
            "title": self.title, "language": self.language, "duration": self.duration,
            "slides": self.slides, "questions": self.questions,
            "modules": [vars(m) for m in self.modules],
            "quiz_files": [{"file": f, "questions": n} for f, n in self.quiz_files],
            "uncovered_objectives": [{"module": m, "objective": n, "text": t} for m, n, t in self.uncovered],
            "schedule": self.schedule,
        }


def course_info(course: Course) -> CourseInfo:
    """The summary of a parsed course."""
    assessed: dict[tuple[str, int], int] = {}
    for quiz in course_quizzes(course):
        for q in quiz.questions:
            if q.objective:
                key = (q.objective.module, q.objective.number)
                assessed[key] = assessed.get(key, 0) + 1
    line = timeline(course)
    modules = []
    for day, slot in line.module_slots():
        m = slot.module
        modules.append(ModuleInfo(
            m.id, m.title, m.duration, slot.start, _slide_count(m),
            sum(len(q.questions) for q in m.quizzes),
            sum(isinstance(b, Roleplay) for b in module_blocks(m)),
            [(n, text, assessed.get((m.id, n), 0)) for n, text in enumerate(m.objectives, 1)],
            day.number))
    files = [(q.path.name, len(q.questions)) for q in course.quizzes]
    return CourseInfo(course.title, course.language, modules, course.duration, files,
                      agenda(course, line))


def _slide_count(module: Module) -> int:
    """The module's own slides as written: its opening, its sections and its ## slides (the deck
    may add continuation slides where content does not fit)."""
    return 1 + sum((1 if s.title is not None else 0) + len(s.slides) for s in module.sections)


@dataclass
class SystemCourse:
    """One course of a training system, as `trainerkit info SYSTEM` lists it."""

    name: str  # its folder under courses/
    title: str
    language: str
    modules: int
    library_modules: int  # of them, from the system's library/
    duration: int
    objectives: int
    assessed: int  # objectives a quiz question assesses
    questions: int


def system_info(courses: list[Course]) -> list[SystemCourse]:
    """A line per course of a system: its modules (and how many come from the library), its
    time, its objectives and how many the quizzes assess."""
    rows = []
    for course in courses:
        summary = course_info(course)
        library = 0
        if course.system is not None:
            library = sum(not _inside(m.path, course.root) for m in course.modules)
        objectives = sum(len(m.objectives) for m in summary.modules)
        rows.append(SystemCourse(course.root.name, course.title, course.language, len(summary.modules),
                                 library, summary.duration, objectives,
                                 objectives - len(summary.uncovered), summary.questions))
    return rows


def _inside(path, folder) -> bool:
    try:
        path.absolute().relative_to(folder.absolute())
        return True
    except ValueError:
        return False


def system_lines(rows: list[SystemCourse]) -> list[str]:
    """The table `trainerkit info SYSTEM` prints: a line per course, then the totals."""
    from .messages import _, text
    from .text import columns

    def minutes(n: int) -> str:
        return text(_("{n} min", n=n))

    table = [tuple(text(w) for w in (_("course"), _("modules"), _("library"), _("time"),
                                      _("objectives"), _("assessed"), _("title")))]
    for r in rows:
        table.append((r.name, str(r.modules), str(r.library_modules), minutes(r.duration),
                      str(r.objectives), str(r.assessed), r.title))
    table.append((text(_("total")), str(sum(r.modules for r in rows)),
                  str(sum(r.library_modules for r in rows)), minutes(sum(r.duration for r in rows)),
                  str(sum(r.objectives for r in rows)), str(sum(r.assessed for r in rows)), ""))
    widths = [max(columns(r[i]) for r in table) for i in range(6)]
    lines = []
    for r in table:
        cells = [r[0] + " " * (widths[0] - columns(r[0]))]
        cells += [" " * (widths[i] - columns(c)) + c for i, c in enumerate(r[1:6], 1)]
        lines.append(("  ".join(cells) + "  " + r[6]).rstrip())
    return lines
