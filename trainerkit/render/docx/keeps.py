"""What stays together on a page: which blocks keep with the next (a question's stem with its
choices or writing lines, short task lists), which table rows keep with the next (short tables
stay whole: a few rows, a third of a page at most), and which boxes are short enough never to
be split."""

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


def keep_row(row: int, rows: int, whole: bool = True, header: bool = False) -> bool:
    """Whether row `row` of a table of `rows` rows keeps with the next: short tables stay whole
    (whole: short enough on the page too, short_table); a longer one may split between rows,
    but not right after its header row (header: row 0 is one) nor before its last row."""
    if row >= rows - 1:
        return False
    if whole and rows <= KEEP_TOGETHER_ROWS:
        return True
    return (header and row == 0) or row == rows - 2


# A table taller than this share of the page's text height may split between rows (its header
# row repeated): kept whole, it would leave the rest of a page empty when it does not fit there.
KEEP_TOGETHER_PAGE = 1 / 3
LINE = 334  # twips a line of Table Text takes (10.5 pt at 1.1 lines), as LibreOffice draws it
ROW = 140  # twips a row adds: its paragraph's spacing and the cell margins
HALF_EM = 105  # twips of one display_len unit at 10.5 pt
CELL_MARGINS = 216  # twips: the cell's left and right margins


def short_table(lengths: list[list[int]], widths: list[int], page_height: int,
                least_row: int = 0) -> bool:
    """Whether a table takes at most KEEP_TOGETHER_PAGE of the page: lengths, each row's cell
    texts' widths in Latin characters (tables.display_len: a CJK character counts two), in
    columns of these widths (twips), wrapped into lines; least_row: a body row's least height."""
    height = 0
    for k, row in enumerate(lengths):
        lines = max((-(-n * HALF_EM // max(w - CELL_MARGINS, HALF_EM)) or 1
                     for n, w in zip(row, widths)), default=1)
        height += max(lines * LINE + ROW, least_row if k else 0)
    return height <= page_height * KEEP_TOGETHER_PAGE


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
