"""The registry of outputs: each declares its name, its files and whether a course has content
for it, and has the same two steps: plan (what to show) and render (bytes). The CLI and the
build loop read this registry."""

from __future__ import annotations

from typing import Any

from .model import Course
from .templates import Templates


class Output:
    """One thing `trainerkit build` makes."""

    name: str = ""
    files: tuple[str, ...] = ()
    description: str = ""

    def has_content(self, course: Course) -> bool:
        return bool(course.modules)

    def plan(self, course: Course, templates: Templates) -> Any:
        raise NotImplementedError

    def render(self, planned: Any, cache: Any = None) -> dict[str, bytes]:
        """The output's files. cache: a store of rendered parts (get/put bytes by key) the
        writer may use, or None."""
        raise NotImplementedError


class DeckOutput(Output):
    name = "deck"
    files = ("deck.pptx",)
    description = "the slide deck, with speaker notes"

    def plan(self, course, templates):
        from .plan import plan_deck

        return plan_deck(course, templates)

    def render(self, planned, cache=None):
        import inspect

        from .render.pptx import render_deck

        if cache is not None and "cache" in inspect.signature(render_deck).parameters:
            return {"deck.pptx": render_deck(planned, cache=cache)}
        return {"deck.pptx": render_deck(planned)}


class DocumentOutput(Output):
    """A Word document planned by plan.plan_<name>."""

    def plan(self, course, templates):
        from . import plan

        return getattr(plan, f"plan_{self.name}")(course, templates)

    def render(self, planned, cache=None):
        import inspect

        from .render.docx import render_document

        if cache is not None and "cache" in inspect.signature(render_document).parameters:
            return {self.files[0]: render_document(planned, cache=cache)}
        return {self.files[0]: render_document(planned)}


class HandoutOutput(DocumentOutput):
    name = "handout"
    files = ("handout.docx",)
    description = "the learner handout: what learners keep"


class GuideOutput(DocumentOutput):
    name = "guide"
    files = ("guide.docx",)
    description = "the facilitator guide: agenda, timings, notes, trainer blocks"


class CardsOutput(DocumentOutput):
    """A document of cards, made when some module has the blocks it collects."""

    collects = ""  # the plan function that lists a module's blocks for these cards

    def has_content(self, course):
        from . import plan

        collect = getattr(plan, self.collects)
        return any(collect(m) for m in course.modules)


class QuickrefOutput(CardsOutput):
    name = "quickref"
    files = ("quickref.docx",)
    description = "quick-reference cards: every shortcuts and kb block, to print and cut out"
    collects = "quickref_blocks"


class RoleplayOutput(CardsOutput):
    name = "roleplay"
    files = ("roleplay.docx",)
    description = "role-play cards: one per role (agent, customer, observer) per scenario"
    collects = "roleplays"


class QuizOutput(Output):
    """The quizzes: a printable paper and its key per version, the self-check page, GIFT, QTI.
    files names version A; course.yml's quiz: versions adds quiz-B.docx, quiz-B-key.docx, ..."""

    name = "quiz"
    files = ("quiz-A.docx", "quiz-A-key.docx", "quiz.html", "quiz.gift", "quiz-qti.zip")
    description = "printable quiz versions with answer keys, a self-check web page, Moodle GIFT, Canvas QTI"

    def has_content(self, course):
        from .model import course_quizzes

        return any(q.questions for q in course_quizzes(course))

    def plan(self, course, templates):
        from .quiz import plan_quiz

        return plan_quiz(course, templates)

    def render(self, planned, cache=None):
        from .quiz.qti import zip_bytes
        from .render.docx import render_document

        files = {name: render_document(doc) for name, doc in planned.documents.items()}
        files.update({name: text.encode("utf-8") for name, text in planned.texts.items()})
        if planned.qti:
            files["quiz-qti.zip"] = zip_bytes(planned.qti)
        return files


OUTPUTS: dict[str, Output] = {o.name: o for o in (
    DeckOutput(), HandoutOutput(), GuideOutput(), QuickrefOutput(), RoleplayOutput(), QuizOutput())}
