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

from conftest import COURSES, SOURCES



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
    assert docs["handout"].units and len(docs["handout"].units) <= 2 * len(course.modules)
    for kind, doc in docs.items():
        starts = sorted(guessed_module_starts(doc.blocks))
        assert set(starts) <= set(doc.units) and list(doc.units) == sorted(set(doc.units)), kind
        assert all(isinstance(doc.blocks[k], model.PageBreak) for k in starts), kind
        # A module's opening (its number in the course) is a unit of its own; what follows it
        # starts a second unit, before the module's first section or slide heading.
        for k in set(doc.units) - set(starts):
            assert max(s for s in starts if s < k) + 2 < k, kind
            assert not isinstance(doc.blocks[k], (model.PageBreak, model.Contents)), kind
    with_openings = [m for m in course.modules if m.objectives or m.duration]
    assert len(docs["handout"].units) == len(course.modules) + len(with_openings)


# ---------------------------------------------------------------------------------------------
# The registry and whole outputs in the cache


def test_every_output_declares_itself() -> None:
    from trainerkit import OUTPUT_NAMES
    from trainerkit.outputs import OUTPUTS, Output

    assert set(OUTPUTS) == set(OUTPUT_NAMES)
    for name, output in OUTPUTS.items():
        assert isinstance(output, Output) and output.name == name and output.files and output.description
        for step in ("plan", "render"):
            assert getattr(type(output), step) is not getattr(Output, step), (name, step)


# The sample course's outputs a module edit does not reach, kept whole in the cache (their
# names start their files' names).
KEPT_WHOLE = ("quickref", "roleplay", "quiz", "scoresheet", "signin", "evaluation", "certificates",
              "report", "scorm", "practice", "qa-scorecard")


@pytest.fixture()
def complaint(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "course"
    shutil.copytree(COURSES / "complaint-handling", root)
    return root


def rendering(monkeypatch) -> list[str]:
    """The names of the outputs whose writer runs, from now on."""
    from trainerkit.outputs import OUTPUTS

    ran: list[str] = []
    for output in OUTPUTS.values():
        original = type(output).render

        def render(self, planned, cache=None, _original=original):
            ran.append(self.name)
            return _original(self, planned, cache)
        monkeypatch.setattr(type(output), "render", render)
    return ran


def test_an_output_an_edit_does_not_touch_is_taken_whole_from_the_cache(
        complaint: Path, tmp_path: Path, monkeypatch) -> None:
    from trainerkit.build import build

    out = tmp_path / "out"
    first = build(complaint, out, jobs=1)
    before = {name: (out / name).read_bytes() for name in first.files}
    module = complaint / "modules" / "01-opening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n## One more\n\n- a point\n", encoding="utf-8")
    ran = rendering(monkeypatch)
    again = build(complaint, out, jobs=1)
    assert again.files == first.files and not again.up_to_date
    assert set(ran) == {"deck", "handout", "guide"}, ran  # cards and quiz: as they were
    for name in again.files:
        same = (out / name).read_bytes() == before[name]
        assert same == name.startswith(KEPT_WHOLE), name


def test_whole_outputs_are_kept_by_the_build_s_workers_too(complaint: Path, tmp_path: Path) -> None:
    from trainerkit.build import build

    out = tmp_path / "out"
    first = build(complaint, out, jobs=3)
    before = {name: (out / name).read_bytes() for name in first.files}
    module = complaint / "modules" / "01-opening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n## One more\n\n- a point\n", encoding="utf-8")
    again = build(complaint, out, jobs=3)
    kept = {name for name in again.files if (out / name).read_bytes() == before[name]}
    assert kept == {name for name in again.files
                    if name.startswith(KEPT_WHOLE)}


def test_a_damaged_or_foreign_whole_output_is_rendered_again(
        complaint: Path, tmp_path: Path, monkeypatch) -> None:
    from trainerkit import cache
    from trainerkit.build import build

    out = tmp_path / "out"
    build(complaint, out, jobs=1)
    wholes = [p for p in (out / cache.CACHE_DIR / "outputs").rglob("*") if p.is_file()]
    assert len(wholes) == len(KEPT_WHOLE)  # one per output kept whole
    for path in wholes:
        data = bytearray(path.read_bytes())
        data[-1] ^= 1
        path.write_bytes(bytes(data))
    module = complaint / "modules" / "01-opening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ran = rendering(monkeypatch)
    build(complaint, out, jobs=1)
    assert sorted(ran) == sorted(["deck", "handout", "guide", *KEPT_WHOLE])
    assert len([p for p in (out / cache.CACHE_DIR / "outputs").rglob("*") if p.is_file()]) == len(KEPT_WHOLE)


def test_a_whole_output_is_only_taken_for_its_own_key(tmp_path: Path) -> None:
    from trainerkit import cache

    store = cache.FileCache(tmp_path / "outputs")
    cache.put_output(store, "quickref", "k1", {"quickref.docx": b"cards"})
    assert cache.get_output(store, "quickref", "k1") == {"quickref.docx": b"cards"}
    assert cache.get_output(store, "quickref", "k2") is None
    assert cache.get_output(store, "roleplay", "k1") is None
    cache.put_output(store, "quiz", "k", {"../escape.docx": b"x"})  # never kept
    assert cache.get_output(store, "quiz", "k") is None


def test_a_changed_picture_changes_the_digest(tmp_path: Path) -> None:
    from PIL import Image

    from trainerkit.outputs import plan_digest

    picture = tmp_path / "p.png"
    Image.new("RGB", (9, 9), "navy").save(picture)
    doc = model.Document(kind="handout", title="t", language="en", reference=None,
                         blocks=(model.Image(picture, "p"),))
    first = plan_digest("handout", doc)
    Image.new("RGB", (9, 9), "red").save(picture)
    assert first is not None and plan_digest("handout", doc) not in (None, first)
    picture.unlink()
    assert plan_digest("handout", doc) is None  # the writer says what is missing


# ---------------------------------------------------------------------------------------------
# The guide's slide numbers: the deck's slide counts, kept per module


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_slide_is_counted_on_its_own(name: str) -> None:
    """deck_slide_counts measures only the modules an edit changed: that holds while a planned
    slide's count does not depend on the slides around it."""
    from dataclasses import replace

    from trainerkit.render.pptx import slide_counts

    course, templates = loaded(name)
    deck = plan_deck(course, templates)
    whole = slide_counts(deck)
    odd = tuple(deck.slides[1::2])
    assert slide_counts(replace(deck, slides=odd)) == whole[1::2]


def test_kept_slide_counts_are_those_measured(tmp_path: Path, monkeypatch) -> None:
    from trainerkit import cache
    from trainerkit.outputs import deck_slide_counts
    from trainerkit.render import pptx

    course, templates = loaded("complaint-handling")
    deck = plan_deck(course, templates)
    store = cache.FileCache(tmp_path / "rendered")
    measured = pptx.slide_counts(deck)
    assert deck_slide_counts(deck, store) == measured
    asked: list[int] = []
    original = pptx.slide_counts
    monkeypatch.setattr(pptx, "slide_counts", lambda d: asked.append(len(d.slides)) or original(d))
    assert deck_slide_counts(deck, store) == measured
    groups = {ds.group for ds in deck.slides}
    assert asked == [] and len(groups) > 2  # the title and agenda are kept too
    first = next(ds for ds in deck.slides if ds.group)
    edited = tuple(ds if ds is not first else replace_title(ds) for ds in deck.slides)
    asked.clear()
    from dataclasses import replace

    assert deck_slide_counts(replace(deck, slides=edited), store) == measured
    assert first.kind == "module"
    assert asked == [1]  # the edited module's opening only (a run of its own: unit_cache.slide_runs)
    later = next(ds for ds in deck.slides if ds.group == first.group and ds.kind == "content")
    edited = tuple(ds if ds is not later else replace_title(ds) for ds in deck.slides)
    asked.clear()
    assert deck_slide_counts(replace(deck, slides=edited), store) == measured
    in_run = sum(1 for ds in deck.slides if ds.group == first.group and ds.kind != "module")
    assert asked == [in_run] and in_run > 1  # the rest of the module, not its opening


def replace_title(slide: model.DeckSlide) -> model.DeckSlide:
    from dataclasses import replace

    return replace(slide, title=slide.title + " again")
