"""The Markdown dialect: CommonMark plus tables, strikethrough, front matter, fenced divs and
attributes, set up once; and the turning of inline tokens into model text."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import table as _gfm_table
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .. import limits
from ..messages import _
from ..model import Span, Text
from ..text import is_cjk  # the one definition of a character set without spaces

DIV = "div"  # every fenced div (`::: name`) is a container_div token; its name is in token.info


@functools.lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The one parser every module, template and quiz goes through."""
    md = MarkdownIt("commonmark", {"typographer": False}).enable(["table", "strikethrough"])
    md.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
    md.use(front_matter_plugin)
    # Pandoc's fenced divs: `::: name title`, nested with longer fences (`:::: columns`).
    md.use(container_plugin, name=DIV, marker=":", validate=lambda params, *a: bool(params.strip()))
    return md


# ---------------------------------------------------------------------------------------------
# Tables, bounded before markdown-it makes a token of a cell

REFUSED_TABLES = "trainerkit.refused_tables"  # env key: [(0-based line, message), ...]
_TABLE_CELLS = "trainerkit.table_cells"        # env key: cells of the tables taken so far


def _bounded_table(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """markdown-it's table rule, held to limits.MAX_TABLE_COLUMNS and MAX_TABLE_CELLS per table
    and MAX_MODULE_TABLE_CELLS per text (one parse): each cell costs about 45 µs and 1.5 KB to
    parse and more to draw, and one line of pipes holds thousands (3,000 columns by 50 rows took
    7 s and 250 MB to parse, 55 s to build). The table's size is known from its delimiter row
    and its lines before any token is made; a table over a limit makes none: its lines are
    passed over, and the refusal goes into env[REFUSED_TABLES] for the caller to report."""
    if not _gfm_table(state, startLine, endLine, True):
        return False
    if silent:
        return True
    columns = len(_delimiter_cells(state, startLine + 1))
    end = _table_end(state, startLine, endLine)
    rows = end - startLine - 1  # the header row counted
    cells = columns * rows
    used = state.env.get(_TABLE_CELLS, 0)
    problem = None
    if columns > limits.MAX_TABLE_COLUMNS:
        problem = _("this table has {columns:,} columns, more than {most} (the limit "
                    "MAX_TABLE_COLUMNS): no slide or page can show them; split it into several "
                    "tables, or turn it round so that the columns become rows",
                    columns=columns, most=limits.MAX_TABLE_COLUMNS)
    elif cells > limits.MAX_TABLE_CELLS:
        problem = _("this table has {cells:,} cells ({columns} columns, {rows:,} rows), more than "
                    "{most:,} (the limit MAX_TABLE_CELLS); split it into several tables",
                    cells=cells, columns=columns, rows=rows, most=limits.MAX_TABLE_CELLS)
    elif used + cells > limits.MAX_MODULE_TABLE_CELLS:
        problem = _("this table would bring the cells of this file's tables to {cells:,}, more than "
                    "{most:,} (the limit MAX_MODULE_TABLE_CELLS); move some tables to another module",
                    cells=used + cells, most=limits.MAX_MODULE_TABLE_CELLS)
    if problem is not None:
        state.env.setdefault(REFUSED_TABLES, []).append((startLine, problem))
        state.line = end
        return True
    state.env[_TABLE_CELLS] = used + cells
    return _gfm_table(state, startLine, endLine, False)


def _delimiter_cells(state: StateBlock, line: int) -> list[str]:
    """The cells of a table's delimiter row (|---|:-:|), which fix its number of columns."""
    text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]].strip()
    return [c for c in text.strip("|").split("|")] if text else []


def _table_end(state: StateBlock, startLine: int, endLine: int) -> int:
    """The line after a table's last row, found as markdown-it's table rule finds it (without
    making tokens): a blank line, a less indented one, an indented code line or one that starts
    another block ends it."""
    terminators = state.md.block.ruler.getRules("blockquote")
    line = startLine + 2
    while line < endLine:
        if state.sCount[line] < state.blkIndent:
            break
        if any(rule(state, line, endLine, True) for rule in terminators):
            break
        if not state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]].strip():
            break
        if state.is_code_block(line):
            break
        line += 1
    return line


_NEWLINE = re.compile(r"\r\n?|\n")


def source_lines(text: str) -> list[str]:
    """The lines of a text as markdown-it counts them (its token maps index these): only \n, \r\n
    and \r end a line, not the other breaks str.splitlines knows (U+2028, \x85 ...)."""
    lines = _NEWLINE.split(text)
    if lines and not lines[-1]:
        lines.pop()
    return lines


def unclosed_fences(tokens: list[Token], lines: list[str]) -> list[tuple[int, str]]:
    """(0-based line, message) for each fenced div (`::: trainer`, `:::: columns`) and code
    fence (``` or ~~~) that never closes: markdown-it closes them at the end of the file (or of
    the list or quote they sit in) and says nothing, so the rest of the module vanishes into
    them. Found from each token's lines: a closed one ends on a fence line of its own."""
    found: list[tuple[int, str]] = []
    for tok in tokens:
        if not tok.map:
            continue
        start, stop = tok.map
        if tok.type == "container_div_open":
            # map[1] is the closing line itself (the end of the file or parent when there is none);
            # a longer fence that closes the parent closes this one too, as in pandoc.
            if stop < len(lines) and _is_closing(lines[stop], ":", len(tok.markup)):
                continue
        elif tok.type == "fence":
            # map[1] is the line after the closing fence.
            if stop - 1 > start and _is_closing(lines[stop - 1], tok.markup[:1], len(tok.markup)):
                continue
        else:
            continue
        space = " " if tok.type == "container_div_open" else ""
        opener = f"{tok.markup}{space}{tok.info.strip()}".strip()
        close = tok.markup
        if stop >= len(lines):
            found.append((start, _('"{opener}" never closes, so everything after it to the end of '
                                   "the file goes into it; add a line {close} where it should end",
                                   opener=opener, close=close)))
        else:
            found.append((start, _('"{opener}" never closes, so everything after it to the end of '
                                   "the list, quote or block it sits in goes into it; add a line "
                                   "{close} where it should end", opener=opener, close=close)))
    return found


def _is_closing(line: str, char: str, length: int) -> bool:
    """Whether a line is a closing fence: only char, at least length of it, spaces around (and
    the > of a quote it sits in before it)."""
    text = line.lstrip(" \t>").strip()
    return bool(char) and len(text) >= length and text == char * len(text)


def div_name(token: Token) -> tuple[str, str]:
    """The name and the title of a fenced div: `::: script 理赔进度投诉` -> ("script", "理赔进度投诉")."""
    info = token.info.strip()
    if info.startswith("{") and info.endswith("}"):  # pandoc's ::: {.notes}
        info = info[1:-1].strip().lstrip(".")
    name, _space, title = info.partition(" ")
    return name.strip().lower(), title.strip()


# ---------------------------------------------------------------------------------------------
# Inline text


InlineImage = tuple[Token, "dict[str, str] | None"]


def inline_text(children: list[Token] | None) -> tuple[Text, list[InlineImage]]:
    """Model text from an inline token's children; images are returned apart (they become blocks),
    each with the attributes written right after it, pandoc style: ![alt](x.png){width=60%}
    (None when those are malformed)."""
    spans: list[Span] = []
    images: list[InlineImage] = []
    bold = italic = strike = 0
    link: list[str] = []
    pending_soft = False

    def add(text: str, code: bool = False) -> None:
        nonlocal pending_soft
        if pending_soft:
            prev = spans[-1].text[-1:] if spans else ""
            # Chinese lines wrapped in the source join without a space; English ones with one.
            if not (is_cjk(prev) and is_cjk(text[:1])) and prev and text:
                spans.append(Span(" "))
            pending_soft = False
        span = Span(text, bold=bold > 0, italic=italic > 0, code=code, strike=strike > 0,
                    link=link[-1] if link else None)
        if spans and _same_format(spans[-1], span) and not code and not spans[-1].code \
                and text != "\n" and spans[-1].text != "\n":
            spans[-1] = Span(spans[-1].text + text, span.bold, span.italic, False, span.strike,
                             span.link)
        else:
            spans.append(span)

    after_image = False
    for tok in children or []:
        t = tok.type
        if t == "text":
            content = tok.content
            if after_image and content.startswith("{") and "}" in content:
                end = content.index("}")
                images[-1] = (images[-1][0], _parse_attrs(content[1:end]))
                content = content[end + 1:]
            if content:
                add(content)
        elif t == "softbreak":
            pending_soft = True
        elif t == "hardbreak":
            pending_soft = False
            spans.append(Span("\n"))
        elif t == "code_inline":
            add(tok.content, code=True)
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "s_open":
            strike += 1
        elif t == "s_close":
            strike -= 1
        elif t == "link_open":
            link.append(str(tok.attrs.get("href", "")))
        elif t == "link_close":
            if link:
                link.pop()
        elif t == "image":
            images.append((tok, {}))
        elif t in ("html_inline",):
            add(tok.content)
        elif tok.content:
            add(tok.content)
        after_image = t == "image"
    # Trim spaces at the ends (a line break before an image leaves one).
    while spans and not spans[-1].text.strip():
        spans.pop()
    while spans and not spans[0].text.strip():
        spans.pop(0)
    if spans and spans[0].text != spans[0].text.lstrip():
        first = spans[0]
        spans[0] = Span(first.text.lstrip(), first.bold, first.italic, first.code, first.strike,
                        first.link)
    return tuple(spans), images


def image_alt(token: Token) -> str:
    """The alt text of an image, without its Markdown marks."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def _same_format(a: Span, b: Span) -> bool:
    return (a.bold, a.italic, a.code, a.strike, a.link) == (b.bold, b.italic, b.code, b.strike, b.link)


def parse_inline(text: str) -> Text:
    """Model text from one line of Markdown (used by the line-based call-centre blocks)."""
    tokens = markdown().parseInline(text.strip())
    if not tokens:
        return ()
    spans, _images = inline_text(tokens[0].children)
    return spans


# ---------------------------------------------------------------------------------------------
# Attributes after a heading: ## Title {layout="Two Content"}


def split_attributes(title: str) -> tuple[str, dict[str, str] | None]:
    """('Title', {'layout': 'Two Content'}) from 'Title {layout="Two Content"}'; None if malformed."""
    stripped = title.rstrip()
    if not stripped.endswith("}") or "{" not in stripped:
        return title.strip(), {}
    start = stripped.rfind("{")
    body = stripped[start + 1:-1]
    attrs = _parse_attrs(body)
    if attrs is None:
        return title.strip(), None
    return stripped[:start].strip(), attrs


def _parse_attrs(body: str) -> dict[str, str] | None:
    attrs: dict[str, str] = {}
    i, n = 0, len(body)
    while i < n:
        while i < n and body[i].isspace():
            i += 1
        if i >= n:
            break
        if body[i] in ".#":
            j = i + 1
            while j < n and not body[j].isspace():
                j += 1
            key = "class" if body[i] == "." else "id"
            attrs[key] = (attrs.get(key, "") + " " + body[i + 1:j]).strip() if key == "class" else body[i + 1:j]
            i = j
            continue
        j = i
        while j < n and body[j] not in "= \t":
            j += 1
        key = body[i:j]
        if not key or j >= n or body[j] != "=":
            return None
        j += 1
        if j < n and body[j] in "\"'":
            q = body[j]
            end = body.find(q, j + 1)
            if end < 0:
                return None
            attrs[key] = body[j + 1:end]
            i = end + 1
        else:
            end = j
            while end < n and not body[end].isspace():
                end += 1
            attrs[key] = body[j:end]
            i = end
    return attrs
