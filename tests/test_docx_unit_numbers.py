"""The guide's slide numbers and the document writer's unit cache (model.Document.numbers): a
module's pages are keyed without the numbers its headings say, so the same module at another
place in another course (another deck, other slide numbers) is reused, its numbers written in
again; what it reads back as, byte for byte, is what is drawn afresh there. A number the writer
cannot find whole in one run of the cached heading is a miss, drawn afresh, never a wrong number."""

from __future__ import annotations


import pytest

from trainerkit.model import Document, Heading, PageBreak, Paragraph, Span, text_of
from trainerkit.render.docx import render_document
from trainerkit.templates import labels_for

from readback_docx import docx_members, docx_paragraphs
from test_render_docx import CountingCache


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def module(name: str, first_slide: int, slides: int = 3, lead: str = "幻灯片 ") -> list:
    """A module's part of a guide: its title, then slide headings numbered from first_slide
    ("幻灯片 12 · …", as plan.py writes them) with a paragraph each."""
    out: list = [PageBreak(), Heading(0, text_of(f"模块 {name}"))]
    for k in range(slides):
        number = f"{first_slide + k}" if k != 1 else f"{first_slide + k}–{first_slide + k + 1}"
        out += [Heading(2, (Span(f"{lead}{number} · "), *text_of(f"{name} 第 {k} 张 slide"))),
                Paragraph(text_of(f"讲解要点 {name}{k}：先倾听 listen first"))]
    return out


def guide(parts: list[tuple[str, int]], lead: str = "幻灯片 ") -> Document:
    blocks: list = []
    units, numbers = [], []
    for name, first in parts:
        units.append(len(blocks))
        for block in module(name, first, lead=lead):
            if isinstance(block, Heading) and block.level == 2:
                number = block.text[0].text[len(lead):].split(" · ")[0]
                numbers.append((len(blocks), len(lead), len(number)))
            blocks.append(block)
    return Document("guide", "Guide", "zh-CN", tuple(blocks), None, labels_for("zh-CN", None),
                    units=tuple(units), unit_languages=("",) * len(units), numbers=tuple(numbers))


def headings(data: bytes) -> list[str]:
    return [t for style, t in docx_paragraphs(data) if style.startswith("Heading")]


def test_a_module_elsewhere_is_reused_with_its_own_slide_numbers():
    cache = CountingCache()
    render_document(guide([("a", 3), ("b", 8), ("z", 20)]), cache=cache)
    assert (cache.gets, cache.puts) == (3, 3)
    # b first, a later (its 4 becomes 41, a range 41–42), z last in both
    moved = guide([("b", 3), ("c", 9), ("a", 40), ("z", 60)])
    data = render_document(moved, cache=cache.reset())
    assert (cache.gets, cache.puts) == (4, 1)  # only c drawn
    assert docx_members(data) == docx_members(render_document(moved))
    shown = headings(data)
    assert "幻灯片 3 · b 第 0 张 slide" in shown and "幻灯片 41–42 · a 第 1 张 slide" in shown
    assert not any(h.startswith("幻灯片 8 ") for h in shown)


def test_an_english_lead_and_a_number_grown_longer():
    cache = CountingCache()
    render_document(guide([("a", 1), ("y", 4)], lead="Slide "), cache=cache)
    later = guide([("z", 1), ("a", 998), ("y", 1001)], lead="Slide ")
    data = render_document(later, cache=cache.reset())
    assert (cache.gets, cache.puts) == (3, 1)
    assert docx_members(data) == docx_members(render_document(later))
    assert "Slide 999–1000 · a 第 1 张 slide" in headings(data)


def test_a_heading_not_drawn_as_planned_is_drawn_afresh():
    """A lead holding a tab (drawn as w:tab, not text): the cached heading's text is not its
    planned text, so where the number is cannot be told; the unit is drawn again, and right."""
    cache = CountingCache()
    render_document(guide([("a", 3), ("y", 9)], lead="幻灯片\t"), cache=cache)
    moved = guide([("a", 5), ("y", 11)], lead="幻灯片\t")
    data = render_document(moved, cache=cache.reset())
    assert (cache.gets, cache.puts) == (2, 2)
    assert docx_members(data) == docx_members(render_document(moved))
    assert any(h.endswith("5 · a 第 0 张 slide") for h in headings(data))
