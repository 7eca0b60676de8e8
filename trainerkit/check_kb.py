"""The lints of knowledge-base cards (`::: kb`) and call scripts (`::: script`): kept simple
enough to read out on a call, with their compliance (`!`) lines word for word everywhere.

- A sentence longer than course.yml's lint: sentence_chars Chinese characters or sentence_words
  English words, in a kb card (its paragraphs, list items, table cells, headings) or a script
  turn. Sentences end at 。！？；!?; , at a full stop followed by a space, and at a line end. Han
  characters and Latin words (digits included) are counted apart: a sentence mixing both is
  over when either count is.
- A kb card with more than card_steps steps (its top-level list items; its paragraphs when it
  has no list), and a list in a card nested deeper than list_depth levels.
- A compliance line that differs from the same line elsewhere (compliance_lints): the same
  speaker, a near-identical text (similar(), by words and characters), not equal. Over one
  course (lint_kb) or every course of a training system (a library module's line counted once).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

from .errors import Diagnostic, Diagnostics, Location
from .messages import _
from .model import (
    KB, BulletList, Course, Heading, Module, Paragraph, Script, Table, Turn, module_blocks, plain,
    walk,
)
from .settings import LintSettings
from .simulation import Simulation

SIMILAR = 0.8  # a compliance line this close to another (difflib ratio over tokens) is the same line
SHOWN = 30  # columns of a sentence quoted in its warning (a Chinese character two), to find it by

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# A sentence ends at Chinese and Western sentence punctuation, a full stop before a space or
# the end (not in 3.5 or www.example.com), and a line end.
_END = re.compile(r"[。！？；!?;\n]+|\.(?=\s|$)")
_TOKEN = re.compile(f"[{_HAN}]|[^\\W_{_HAN}]+|[^\\w\\s]")


# ---------------------------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Length:
    """How long a sentence is: its Han characters and its other words (Latin, digits)."""

    chars: int
    words: int


def measure(sentence: str) -> Length:
    han = len(_HAN_CHAR.findall(sentence))
    words = sum(1 for w in _WORD.findall(_HAN_CHAR.sub(" ", sentence)))
    return Length(han, words)


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a text, each with the number of line ends before it."""
    out = []
    start = 0
    for m in list(_END.finditer(text)) + [None]:
        end = m.end() if m is not None else len(text)
        piece = text[start:end].strip()
        if piece:
            out.append((text.count("\n", 0, start), piece))
        start = end
    return out


def lint_sentences(text: str, loc: Location, lint: LintSettings, diags: Diagnostics,
                   exact_lines: bool = False) -> None:
    """A warning for each sentence of text over the lint's lengths, at loc (on the sentence's
    own line with exact_lines: text's line ends are the file's, as a script's turns are)."""
    for offset, sentence in sentences(text):
        n = measure(sentence)
        if n.chars <= lint.sentence_chars and n.words <= lint.sentence_words:
            continue
        where = Location(loc.path, loc.line + offset) if exact_lines and loc.line else loc
        shown = opening(sentence)
        if n.chars > lint.sentence_chars:
            message = _('this sentence has {n} Chinese characters, more than {most} (lint: '
                        'sentence_chars): "{sentence}"; split it into shorter sentences, one '
                        "point each", n=n.chars, most=lint.sentence_chars, sentence=shown)
        else:
            message = _('this sentence has {n} words, more than {most} (lint: sentence_words): '
                        '"{sentence}"; split it into shorter sentences, one point each',
                        n=n.words, most=lint.sentence_words, sentence=shown)
        diags.warning(where, message)


def opening(sentence: str) -> str:
    """The start of a sentence, as its warning quotes it: SHOWN columns, a whole word last."""
    width = 0
    for n, c in enumerate(sentence):
        width += 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if width > SHOWN:
            cut = sentence[:n]
            if c.isalnum() and cut[-1:].isalnum() and " " in cut:
                cut = cut[:cut.rindex(" ")]
            return cut.rstrip() + "…"
    return sentence


# ---------------------------------------------------------------------------------------------
# Cards and scripts


def lint_kb(course: Course, diags: Diagnostics) -> None:
    """Every kb card's and script's lints in the course, and its compliance lines against each
    other (lint_course calls it; a training system's check calls compliance_lints over all)."""
    lint = course.lint
    for module in course.modules:
        lint_module(module, lint, diags)
    compliance_lints([course], diags)


def lint_module(module: Module, lint: LintSettings, diags: Diagnostics) -> None:
    for block in module_blocks(module):
        if isinstance(block, KB):
            lint_card(block, lint, diags)
        elif isinstance(block, Script):
            for turn in block.turns:
                lint_sentences(plain(turn.text), turn.loc, lint, diags, exact_lines=True)


def lint_card(card: KB, lint: LintSettings, diags: Diagnostics) -> None:
    """A card's sentences, steps and list depth."""
    lists = []
    paragraphs = 0
    for block in walk(card.blocks):
        if isinstance(block, Paragraph):
            paragraphs += 1
            lint_sentences(plain(block.text), block.loc, lint, diags)
        elif isinstance(block, Heading):
            lint_sentences(plain(block.text), block.loc, lint, diags)
        elif isinstance(block, BulletList):
            lists.append(block)
            for item in block.items:
                lint_sentences(plain(item.text), item.loc, lint, diags)
        elif isinstance(block, Table):
            for cell in block.header + tuple(c for row in block.rows for c in row):
                lint_sentences(plain(cell), block.loc, lint, diags)
    steps = sum(1 for b in lists for i in b.items if i.level == 0) if lists else paragraphs
    if steps > lint.card_steps:
        what = _("steps (its top-level list items)") if lists else _("steps (its paragraphs)")
        diags.warning(card.loc, _('this kb card has {n} {what}, more than {most} (lint: card_steps); '
                                  "split it into two cards, one per stage of the process, or move "
                                  "the detail into the notes", n=steps, what=what,
                                  most=lint.card_steps))
    for block in lists:
        deep = [i for i in block.items if i.level + 1 > lint.list_depth]
        if deep:
            depth = max(i.level for i in block.items) + 1
            diags.warning(deep[0].loc, _("this list in a kb card nests {n} levels deep, more than "
                                         "{most} (lint: list_depth); make the deepest items steps "
                                         "of their own, or a card of their own",
                                         n=depth, most=lint.list_depth))


# ---------------------------------------------------------------------------------------------
# Compliance lines


def normal(text: str) -> str:
    """A line as it is compared: its characters without formatting, spaces collapsed."""
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """What similar() compares: each Han character, each other word and each punctuation mark
    (full- and half-width alike), case folded."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def similar(a: str, b: str) -> bool:
    """Two different compliance lines that are the same line written two ways: a word or a
    mark changed, added or left out (difflib's ratio over tokens at least SIMILAR)."""
    if a == b:
        return False
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    if 2 * min(len(ta), len(tb)) / (len(ta) + len(tb)) < SIMILAR:
        return False
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR \
        and matcher.ratio() >= SIMILAR


def candidates(lines: list[list[str]]):
    """The pairs (x, y) of lines (as tokens) that may be SIMILAR, without trying every pair: a
    prefix filter. Two lines of ratio r >= s share at least s/(2-s) of the tokens of either (a
    token told apart from its earlier copies in its line), so, with every line's tokens sorted
    rarest first, they share one of the first len - floor(s/(2-s) * len) + 1 of each."""
    tagged = []
    for line in lines:
        seen: dict[str, int] = {}
        own = []
        for t in line:
            own.append((t, seen.get(t, 0)))
            seen[t] = seen.get(t, 0) + 1
        tagged.append(own)
    freq: dict[tuple[str, int], int] = {}
    for own in tagged:
        for t in own:
            freq[t] = freq.get(t, 0) + 1
    share = SIMILAR / (2 - SIMILAR)
    index: dict[tuple[str, int], list[int]] = {}
    sets = [set(own) for own in tagged]
    for y in sorted(range(len(lines)), key=lambda n: len(tagged[n])):
        n = len(tagged[y])
        if not n:
            continue
        prefix = sorted(tagged[y], key=lambda t: (freq[t], t))[:n - math.floor(share * n) + 1]
        met = {x for t in prefix for x in index.get(t, ())}
        for x in sorted(met):
            m = len(tagged[x])  # at most n: the lines come shortest first
            if 2 * m >= SIMILAR * (m + n) and 2 * len(sets[x] & sets[y]) >= SIMILAR * (m + n):
                yield (x, y) if x < y else (y, x)
        for t in prefix:
            index.setdefault(t, []).append(y)


def compliance_turns(course: Course) -> list[Turn]:
    """The course's compliance lines in reading order: its scripts' and its simulations' (not a
    recording's transcript: that is what was said)."""
    out = []
    for module in course.modules:
        for block in module_blocks(module):
            if isinstance(block, Script):
                out.extend(t for t in block.turns if t.verbatim)
            elif isinstance(block, Simulation):
                out.extend(t for step in block.steps for t in step.turns if getattr(t, "verbatim", False))
    return out


def _variant(other: str, text: str, count: int, total: int, speaker: str):
    return _('this compliance line differs from the same line at {other}: a compliance line is '
             'said word for word, so it must be written the same everywhere; copy the wording '
             'used most ({count} of the {total} times this line is written): "{speaker}: {text}"',
             other=other, count=count, total=total, speaker=speaker, text=text)


def compliance_lints(courses: list[Course], diags: Diagnostics) -> None:
    """A warning at each compliance line written differently from the same line elsewhere in
    the courses (a training system's, or one course's), naming a place of the wording used most
    and quoting it. A line is counted once per course it is in (a library module's line, in
    five courses, five times); a tie goes to the wording read first. The place named is one in
    the same file if there is one, else the one most courses use. What an earlier run over
    fewer courses (a course's own check) said about these lines is replaced."""
    uses: dict[Location, int] = {}  # where -> how many courses have it, in reading order
    said: dict[Location, tuple[str, str, str]] = {}  # where -> (speaker key, text, speaker)
    for course in courses:
        for loc in dict.fromkeys(t.loc for t in compliance_turns(course)):
            uses[loc] = uses.get(loc, 0) + 1
        for turn in compliance_turns(course):
            said.setdefault(turn.loc, (normal(turn.speaker).casefold(), normal(plain(turn.text)),
                                       normal(turn.speaker)))
    first = {loc: n for n, loc in enumerate(uses)}
    by_text: dict[tuple[str, str], list[Location]] = {}
    for loc, (speaker, text, _shown) in said.items():
        by_text.setdefault((speaker, text), []).append(loc)
    keys = list(by_text)  # the distinct wordings, in reading order
    parent = list(range(len(keys)))  # union-find: wordings of one speaker joined when similar

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_speaker: dict[str, list[int]] = {}
    for i, (speaker, _text) in enumerate(keys):
        by_speaker.setdefault(speaker, []).append(i)
    for group in by_speaker.values():
        for x, y in candidates([tokens(keys[i][1]) for i in group]):
            i, j = group[x], group[y]
            if root(i) != root(j) and similar(keys[i][1], keys[j][1]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    clusters: dict[int, list[int]] = {}
    for i in range(len(keys)):
        clusters.setdefault(root(i), []).append(i)
    found = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        count = {i: sum(uses[loc] for loc in by_text[keys[i]]) for i in members}
        total = sum(count.values())
        best = min(members, key=lambda i: (-count[i], i))
        places = by_text[keys[best]]
        speaker = said[places[0]][2]
        for i in members:
            if i == best:
                continue
            for loc in by_text[keys[i]]:
                other = min(places, key=lambda p: (p.path != loc.path, -uses[p], first[p]))
                found.append((loc, _variant(str(other), keys[best][1], count[best], total, speaker)))
    diags.items[:] = [d for d in diags.items if not (d.location in said and _is_variant(d))]
    for loc, message in sorted(found, key=lambda f: f[0]):
        diags.warning(loc, message)


def _is_variant(d: Diagnostic) -> bool:
    return getattr(d.message, "id", None) == _variant("", "", 0, 0, "").id


def latest_compliance(items: list[Diagnostic]) -> list[Diagnostic]:
    """items with, at each place, only the last compliance-line warning: a system's, added after
    its courses' own (which knew fewer courses), when the two were collected apart."""
    last = {d.location: n for n, d in enumerate(items) if _is_variant(d)}
    return [d for n, d in enumerate(items) if not _is_variant(d) or last[d.location] == n]
