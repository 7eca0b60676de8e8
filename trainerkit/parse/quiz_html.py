"""HTML a trainer wrote in a quiz, as text2qti takes it: comments are stripped everywhere (learners
must never read a trainer's note), the tags trainerkit can draw in every output (<b> <strong> <i>
<em> <s> <del> <strike> <br>) become its own bold, italic, strike-through and line breaks, and any
other tag (<span style>, <font>, <div>) is dropped, its text kept, with a located warning: never
shown as a literal tag, never passed on as HTML."""

from __future__ import annotations

import re
from typing import Callable

from markdown_it.token import Token

from .markdown import markdown

# warn(line offset from the text's first line, message)
Warn = Callable[[int, str], None]

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?/?>")
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>|<![^>]*>|<\?.*?\?>", re.S)
KEPT = {"b": "strong", "strong": "strong", "i": "em", "em": "em",
        "s": "s", "del": "s", "strike": "s"}
ADVICE = "write Markdown instead: **bold**, *italic*, ~~struck~~"


def dropped(name: str) -> str:
    """The warning for a tag trainerkit does not keep."""
    return (f"the HTML tag <{name}> is dropped from the quiz (its text is kept): quiz outputs show "
            f"only what every one of them can draw; {ADVICE}")


def without_comments(text: str) -> str:
    """Text with its HTML comments removed (an unclosed one runs to the end, as in a browser)."""
    return _COMMENT.sub("", text)


def clean_inline(children: list[Token], warn: Warn | None) -> list[Token]:
    """An inline token's children with comments removed, kept tags as markdown-it's own tokens
    (balanced: a tag left open is closed at the end) and other tags dropped with a warning."""
    out: list[Token] = []
    open_tags: list[str] = []
    line = 0
    for k, tok in enumerate(children):
        if tok.type in ("softbreak", "hardbreak"):
            line += 1
        elif tok.type == "text":
            line += tok.content.count("\n")
        if tok.type != "html_inline":
            out.append(tok)
            continue
        content, at = tok.content, line
        line += content.count("\n")
        if content.startswith("<!--"):
            after = children[k + 1] if k + 1 < len(children) else None
            if out and out[-1].type == "text" and (
                    after is None or after.type in ("softbreak", "hardbreak")
                    or after.type == "text" and after.content[:1].isspace()):
                out[-1].content = out[-1].content.rstrip(" \t")  # "a <!-- x --> b": one space
            continue
        match = _TAG.fullmatch(content)
        name = match.group(2).lower() if match else ""
        if name in KEPT:
            kind = KEPT[name]
            if match.group(1):  # a closing tag: only one that closes what is open
                if kind in open_tags:
                    open_tags.remove(kind)
                    out.append(Token(f"{kind}_close", "", -1))
            else:
                open_tags.append(kind)
                out.append(Token(f"{kind}_open", "", 1))
        elif name == "br":
            out.append(Token("hardbreak", "br", 0))
        elif warn is not None and not (match and match.group(1)):  # said at its opening tag
            warn(at, dropped(name or content[:20]))
    out.extend(Token(f"{kind}_close", "", -1) for kind in reversed(open_tags))
    return out


def block_text(content: str, warn: Warn | None, line: int) -> str:
    """An HTML block's text as Markdown: comments gone, every tag dropped, each with a warning at
    its opening tag (a kept one too: a block of HTML is not one trainerkit draws)."""
    text = without_comments(content)
    for match in _ANY_TAG.finditer(text):
        if warn is not None and not match.group().startswith("</"):
            tag = _TAG.fullmatch(match.group())
            warn(line + text[:match.start()].count("\n"),
                 dropped(tag.group(2).lower() if tag else match.group()[:20]))
    return _ANY_TAG.sub("", text)


def clean_tokens(tokens: list[Token], warn: Warn | None) -> list[Token]:
    """A quiz text's tokens with its HTML taken as this module says: an HTML block becomes the
    Markdown of its text (its lines kept), inline HTML is cleaned in every inline token."""
    out: list[Token] = []
    for tok in tokens:
        if tok.type == "html_block":
            first = tok.map[0] if tok.map else 0
            text = block_text(tok.content, warn, first)
            if text.strip():
                for new in clean_tokens(markdown().parse(text), warn_from(warn, first)):
                    if new.map:
                        new.map = [new.map[0] + first, new.map[1] + first]
                    out.append(new)
            continue
        if tok.type == "inline" and tok.children:
            first = tok.map[0] if tok.map else 0
            tok.children = clean_inline(tok.children, warn_from(warn, first))
        out.append(tok)
    return out


def warn_from(warn: Warn | None, first: int) -> Warn | None:
    """warn for a text that starts at line offset first."""
    if warn is None:
        return None
    return lambda line, message: warn(first + line, message)


def field_text(text: str, warn: Warn | None) -> str:
    """A field written as plain text (a title, a short answer): comments gone, any tag dropped
    with a warning at its opening tag (a typed answer or a name cannot hold one)."""
    return block_text(text, warn, 0) if "<" in text else text
