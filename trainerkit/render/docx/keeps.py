"""What stays together on a page: which blocks keep with the next (a question's stem with its
choices or writing lines, short task lists), which table rows keep with the next (short tables
stay whole), and which boxes are short enough never to be split."""

from __future__ import annotations

from typing import Iterable

from ... import model

SHORT_BOX = 1200  # boxes up to this size() are not split over pages
KEEP_TOGETHER_ROWS = 12  # tables up to this many rows are not split across pages


def answer_area(block: object) -> bool:
    """Choices to tick (a task list) or lines to write on: what a question's stem leads into."""
    return isinstance(block, model.WritingLines) or (
        isinstance(block, model.BulletList) and bool(block.items)
        and all(i.check is not None for i in block.items))


def opens_question(block: object) -> bool:
    """Whether a paragraph opens a question (the quiz papers mark it: its bold "7. ")."""
    return isinstance(block, model.Paragraph) and block.opens_question


def plan_keeps(blocks: tuple | list, questions: bool) -> set[int]:
    """Ids of top-level blocks to keep with what follows: the paragraph that leads into choices
    or writing lines, and short task lists (each item but the last keeps with the next). In a
    quiz paper or key (questions), the lead is the whole stem, back to the paragraph that opens
    the question, six paragraphs at most."""
    keeps: set[int] = set()
    for i, block in enumerate(blocks):
        if answer_area(block) and isinstance(block, model.BulletList) \
                and len(block.items) <= KEEP_TOGETHER_ROWS:
            keeps.add(id(block))
        if i + 1 < len(blocks) and answer_area(blocks[i + 1]):
            j = i
            while j >= max(0, i - 5) and isinstance(blocks[j], model.Paragraph):
                keeps.add(id(blocks[j]))
                if not questions or opens_question(blocks[j]):
                    break
                j -= 1
            if questions and j >= 0 and opens_question(blocks[j]):
                # A part's description right under its heading stays with its first question.
                intro = []
                k = j - 1
                while k >= max(0, j - 2) and isinstance(blocks[k], model.Paragraph) \
                        and not opens_question(blocks[k]):
                    intro.append(blocks[k])
                    k -= 1
                if intro and k >= 0 and isinstance(blocks[k], model.Heading):
                    keeps.update(id(b) for b in intro)
    return keeps


def keep_row(row: int, rows: int) -> bool:
    """Whether row `row` of a table of `rows` rows keeps with the next: short tables stay whole."""
    return rows <= KEEP_TOGETHER_ROWS and row < rows - 1


def size(blocks: Iterable) -> int:
    """A rough size of some blocks in characters, lines counted as 40: enough to tell a short
    box from one that may need more than a page."""
    total = 0
    for b in blocks:
        if isinstance(b, (model.Paragraph, model.Heading)):
            total += 40 + len(model.plain(b.text))
        elif isinstance(b, model.BulletList):
            total += sum(40 + len(model.plain(i.text)) for i in b.items)
        elif isinstance(b, model.Code):
            total += 40 * (b.text.count("\n") + 1)
        elif isinstance(b, model.Table):
            total += 60 * (len(b.rows) + 1)
        elif isinstance(b, (model.Aside, model.Quote, model.KB)):
            total += 40 + size(b.blocks)
        elif isinstance(b, model.Columns):
            total += max((size(c) for c in b.columns), default=0)
        elif isinstance(b, model.Roleplay):
            total += 300 + 40 * len(b.observe)
        else:  # pictures, scripts, ...: assume big
            total += 600
    return total


def is_short_box(blocks: Iterable) -> bool:
    """Whether a box is short enough to keep on one page (a long one must split, or be cut)."""
    return size(blocks) <= SHORT_BOX
