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

    def render(self, planned: Any) -> dict[str, bytes]:
        raise NotImplementedError


class DeckOutput(Output):
    name = "deck"
    files = ("deck.pptx",)
    description = "the slide deck, with speaker notes"

    def plan(self, course, templates):
        from .plan import plan_deck

        return plan_deck(course, templates)

    def render(self, planned):
        from .render.pptx import render_deck

        return {"deck.pptx": render_deck(planned)}


class DocumentOutput(Output):
    """A Word document planned by plan.plan_<name>."""

    def plan(self, course, templates):
        from . import plan

        return getattr(plan, f"plan_{self.name}")(course, templates)

    def render(self, planned):
        from .render.docx import render_document

        return {self.files[0]: render_document(planned)}


class HandoutOutput(DocumentOutput):
    name = "handout"
    files = ("handout.docx",)
    description = "the learner handout: what learners keep"


class GuideOutput(DocumentOutput):
    name = "guide"
    files = ("guide.docx",)
    description = "the facilitator guide: agenda, timings, notes, trainer blocks"


OUTPUTS: dict[str, Output] = {o.name: o for o in (DeckOutput(), HandoutOutput(), GuideOutput())}
