"""The plan's audience decisions and the units it marks, on the sample courses, the starters and
the format examples (the sources of the golden read-backs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainerkit import model
from trainerkit.build import load
from trainerkit.errors import Diagnostics
from trainerkit.plan import plan_deck, without_brief
from trainerkit.templates import Templates

from conftest import COURSES, FIXTURES, ROOT

SOURCES = {
    "complaint-handling": COURSES / "complaint-handling",
    "hello": COURSES / "hello",
    "starter-zh-CN": ROOT / "templates" / "new" / "zh-CN",
    "starter-en": ROOT / "templates" / "new" / "en",
    "format-examples": FIXTURES / "format-examples",
}


def loaded(name: str) -> tuple[model.Course, Templates]:
    """A source course, parsed and checked, with its templates."""
    diags = Diagnostics()
    course = load(Path(SOURCES[name]), diags)
    assert not diags.errors, diags.sorted()
    return course, Templates(course, diags)


def test_without_brief_empties_the_agent_brief_however_nested() -> None:
    rp = model.Roleplay("Refund", customer="angry", agent="offer a refund", situation="late parcel")
    nested = (rp, model.Columns(((model.Quote((rp,)),), (model.Aside("notes", (rp,)),))))
    out = without_brief(nested)
    found = [b for b in model.walk(out) if isinstance(b, model.Roleplay)]
    assert len(found) == 3 and all(b.agent == "" and b.customer == "angry" for b in found)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_deck_is_planned_without_the_agent_brief(name: str) -> None:
    course, templates = loaded(name)
    deck = plan_deck(course, templates)
    for slide in deck.slides:
        for block in model.walk(slide.blocks + slide.notes):
            if isinstance(block, model.Roleplay):
                assert block.agent == "", slide.loc


def guessed_module_starts(blocks: tuple) -> set[int]:
    """The document writer's guess before Document.units (render/docx.py _module_starts): a
    PageBreak followed by a Heading of level 0."""
    return {k for k in range(len(blocks) - 1)
            if isinstance(blocks[k], model.PageBreak) and isinstance(blocks[k + 1], model.Heading)
            and blocks[k + 1].level == 0}


def planned_documents(course: model.Course, templates: Templates) -> dict[str, model.Document]:
    """Every Document the plan makes of a course: handout, guide, cards, quiz papers and keys."""
    from trainerkit import plan
    from trainerkit.quiz import plan_quiz

    docs = {"handout": plan.plan_handout(course, templates), "guide": plan.plan_guide(course, templates),
            "quickref": plan.plan_quickref(course, templates),
            "roleplay": plan.plan_roleplay(course, templates)}
    docs.update(plan_quiz(course, templates).documents)
    return docs


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_units_are_where_the_writer_guessed_modules_start(name: str) -> None:
    course, templates = loaded(name)
    docs = planned_documents(course, templates)
    assert docs["handout"].units and len(docs["handout"].units) == len(course.modules)
    for kind, doc in docs.items():
        assert list(doc.units) == sorted(guessed_module_starts(doc.blocks)), kind
        assert all(isinstance(doc.blocks[k], model.PageBreak) for k in doc.units), kind
