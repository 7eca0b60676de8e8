"""HTML a trainer wrote in a quiz, as text2qti takes it: comments (<!-- ... -->) are stripped
everywhere (learners must never read a trainer's note); the tags trainerkit draws in every output
(<b> <strong> <i> <em> <s> <del> <strike> <br>) become its own bold, italic, strike-through and
line breaks; tags that only style text (<span style>, <font>, <u>, <p> ...) are dropped, their
text kept, with a located warning. Any other markup (<img>, <script>, <div onmouseover>) is not
formatting: it stays text, as the trainer wrote it, with a warning (issue 10: a shared course's
HTML never reaches a page as HTML)."""

from __future__ import annotations

import re
from typing import Callable

from markdown_it.token import Token

from ..messages import Msg, _
from .markdown import markdown

# warn(line offset from the text's first line, message)
Warn = Callable[[int, str], None]

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
DRAWN = {"b": "strong", "strong": "strong", "i": "em", "em": "em",
         "s": "s", "del": "s", "strike": "s"}
STYLING = {"span", "font", "u", "ins", "mark", "small", "big", "sub", "sup", "tt", "kbd", "p",
           "center", "abbr", "cite", "q", "var", "samp", "bdi", "bdo", "wbr", "nobr"}
ADVICE = _("write Markdown instead: **bold**, *italic*, ~~struck~~")


def dropped(name: str) -> Msg:
    """The warning for a styling tag trainerkit does not draw."""
    return _("the HTML tag <{tag}> is dropped from the quiz (its text is kept): quiz outputs draw "
             "only what every one of them can; {advice}", tag=name, advice=ADVICE)


def as_text(name: str) -> Msg:
    """The warning for markup that is not formatting."""
    return _("the HTML <{tag}> is shown as text: quiz outputs never carry a course's HTML; "
             "remove it, or {advice}", tag=name, advice=ADVICE)


def without_comments(text: str) -> str:
    """Text with its closed HTML comments removed (a lone <!-- is text, as CommonMark reads it)."""
    return _COMMENT.sub("", text) if "<!--" in text else text


def _said(content: str, at: int, warn: Warn | None) -> str:
    """What a tag is: drawn, styling (dropped) or other (text); warned at its opening tag."""
    match = _TAG.fullmatch(content)
    name = match.group(2).lower() if match else ""
    if name in DRAWN or name == "br":
        return "drawn"
    closing = bool(match and match.group(1))
    if warn is not None and not closing:
        warn(at, dropped(name) if name in STYLING else as_text(name or content[:20].strip("<>")))
    return "styling" if name in STYLING else "text"


def clean_inline(children: list[Token], warn: Warn | None) -> list[Token]:
    """An inline token's children with comments removed, drawn tags as markdown-it's own tokens
    (balanced: a tag left open is closed at the end), styling tags dropped, other markup as text."""
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
        kind = _said(content, at, warn)
        if kind == "text":
            text = Token("text", "", 0)
            text.content = content
            out.append(text)
            continue
        if kind == "styling":
            continue
        match = _TAG.fullmatch(content)
        assert match is not None
        name = match.group(2).lower()
        if name == "br":
            out.append(Token("hardbreak", "br", 0))
        elif match.group(1):  # a closing tag: only one that closes what is open
            if DRAWN[name] in open_tags:
                open_tags.remove(DRAWN[name])
                out.append(Token(f"{DRAWN[name]}_close", "", -1))
        else:
            open_tags.append(DRAWN[name])
            out.append(Token(f"{DRAWN[name]}_open", "", 1))
    out.extend(Token(f"{kind}_close", "", -1) for kind in reversed(open_tags))
    return out


def _only_styling(text: str, warn: Warn | None, line: int) -> str | None:
    """Text with its styling and drawn tags dropped (warned), or None when it holds other markup."""
    tags = list(_TAG.finditer(text))
    names = [m.group(2).lower() for m in tags]
    if any(n not in STYLING and n not in DRAWN and n != "br" for n in names):
        return None
    for match in tags:
        if warn is not None and not match.group(1):
            warn(line + text[:match.start()].count("\n"), dropped(match.group(2).lower()))
    return _TAG.sub("", text)


def clean_tokens(tokens: list[Token], warn: Warn | None) -> list[Token]:
    """A quiz text's tokens with its HTML taken as this module says: an HTML block of comments is
    gone, one of styling tags becomes the Markdown of its text (its lines kept), any other stays
    (the module parser shows it as text, with its warning); every inline token is cleaned."""
    out: list[Token] = []
    for tok in tokens:
        if tok.type == "html_block":
            first = tok.map[0] if tok.map else 0
            content = without_comments(tok.content)
            if not content.strip():
                continue
            text = _only_styling(content, warn, first)
            if text is None:
                tok.content = content
                out.append(tok)
                continue
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
    """A field written as plain text (a title, a short answer): comments gone, styling tags
    dropped with a warning; any other markup stays, as written (with a warning)."""
    text = without_comments(text)
    if "<" not in text:
        return text
    return _TAG.sub(lambda m: m.group() if _said(m.group(), 0, warn) == "text" else "", text)
