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
