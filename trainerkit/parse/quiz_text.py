"""A quiz's Markdown pieces: a choice's or feedback's text as one model text (inline), and a
question's blocks parsed by the module parser with locations in the trainer's file
(OffsetParser)."""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostics, Location
from ..model import Span, Text
from .markdown import inline_text, markdown
from .module import Parser
from .quiz_html import Warn, clean_tokens


class OffsetParser(Parser):
    """The module parser for a piece of a quiz: locations point into the trainer's file."""

    def __init__(self, path: Path, text: str, root: Path, diags: Diagnostics, first_line: int,
                 confine: Path | None = None):
        super().__init__(path, text, root, diags, confine)
        self.first_line = first_line
        self.tokens = clean_tokens(self.tokens, self.warning)

    def loc(self, line0: int | None) -> Location:
        return Location.of(self.path, self.first_line + (line0 or 0))


def inline(text: str, warn: Warn | None = None) -> Text:
    """Markdown text (a choice, feedback) as one model text; paragraphs become line breaks; its
    HTML taken as quiz_html says (warn: where a dropped tag is said)."""
    spans: list[Span] = []
    for tok in clean_tokens(markdown().parse(text), warn):
        part: Text = ()
        if tok.type == "inline":
            part, _images = inline_text(tok.children)
        elif tok.type in ("fence", "code_block"):
            part = (Span(tok.content.rstrip("\n"), code=True),)
        if part:
            if spans:
                spans.append(Span("\n"))
            spans.extend(part)
    return tuple(spans)
