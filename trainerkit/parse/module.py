"""A module file (or a template's output) from markdown-it tokens to the model.

`#` starts a section, `##` a slide; fenced divs become asides, columns and call-centre blocks.
"""

from __future__ import annotations

import difflib
import re
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.token import Token

from .. import config
from ..errors import Diagnostics, Location, display_path
from .. import limits
from ..files import same_name
from ..load import inside, is_loop
from ..messages import Msg, _
from ..model import (
    KB, Aside, Block, BulletList, Code, Columns, Heading, Image, ListItem, Module, Paragraph,
    QuizSource, Quote, Recording, Section, Slide, Span, Table, Text, plain,
)
from . import blocks as callcentre
from .markdown import (
    REFUSED_TABLES, div_name, image_alt, inline_text, markdown, parse_inline, source_lines,
    split_attributes, unclosed_fences,
)
from .recording import attach, kind_of, recording

_MARKUP = re.compile(r"[*_`\[\]\\<&!~]")  # a heading holding none of these is plain text
FRONT_MATTER_KEYS = ("title", "id", "duration", "objectives", "language", "day")
ASIDES = ("notes", "trainer", "handout", "slides")
HEADING_ATTRIBUTES = ("layout", "class", "id")
BUILDS = ("incremental", "nonincremental")  # pandoc's: lists item by item in the slide show, or not
KNOWN_DIVS = (ASIDES + BUILDS + ("columns", "column", "kb") + tuple(callcentre.LINE_BLOCKS)
              + ("model",))
PAUSE = ". . ."  # pandoc's pause: what follows appears on the next click


@dataclass
class _Section:
    title: str | None
    layout: str | None
    loc: Location
    blocks: list[Block] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)


@dataclass
class _Slide:
    title: str
    layout: str | None
    loc: Location
    blocks: list[Block] = field(default_factory=list)


class Parser:
    """Turns one Markdown text into blocks, reporting problems with their file and line."""

    def __init__(self, path: Path, text: str, root: Path, diags: Diagnostics,
                 confine: Path | None = None):
        self.path = path
        self.root = root  # where a picture not beside the Markdown is looked for
        self.confine = confine or root  # what every picture must be inside (a training system)
        self.diags = diags
        self.lines = source_lines(text)  # as the tokens' maps count them
        env: dict = {}
        self.tokens = markdown().parse(text, env)
        # Tables over a limit made no tokens: said when the blocks are first asked for, once
        # a subclass has set up its locations (parse/quiz.py's _OffsetParser).
        # Fences that never close swallowed the rest of the text: said the same way.
        unclosed = unclosed_fences(self.tokens, self.lines)
        self._unclosed = {line0 for line0, _message in unclosed}
        self._refused: list[tuple[int, str]] = sorted(env.get(REFUSED_TABLES, []) + unclosed)

    def _report_refused(self) -> None:
        refused, self._refused = self._refused, []
        for line0, message in refused:
            self.error(line0, message)

    # -- locations ------------------------------------------------------------------------------

    def loc(self, line0: int | None) -> Location:
        """Location of a 0-based source line."""
        return Location.of(self.path, (line0 or 0) + 1)

    def error(self, line0: int | None, message: str) -> None:
        self.diags.error(self.loc(line0), message)

    def warning(self, line0: int | None, message: str) -> None:
        self.diags.warning(self.loc(line0), message)

    # -- the module's outline -------------------------------------------------------------------

    def front_matter(self) -> tuple[config.Node | None, int]:
        """The front matter, if any, and the 1-based line where its YAML starts."""
        for tok in self.tokens[:1]:
            if tok.type == "front_matter":
                node = config.read_yaml(tok.content, self.path, 2, self.diags)
                if node is not None and not isinstance(node.value, dict):
                    self.diags.error(Location.of(self.path, 2),
                                     _('front matter must be "key: value" lines between two --- lines'))
                    return None, 2
                return node, 2
        return None, 0

    def outline(self) -> tuple[list[Block], list[Section]]:
        """Content before the first heading, and the sections (with their slides)."""
        self._report_refused()
        intro: list[Block] = []
        sections: list[_Section] = []
        slide: _Slide | None = None
        tokens = self.tokens
        i, n = 0, len(tokens)

        count = 0

        def close_slide() -> None:
            nonlocal slide, count
            if slide is not None:
                count += 1
                if count == limits.MAX_SLIDES_PER_MODULE + 1:
                    self.diags.error(slide.loc, _("this file has more than {most:,} slides (the limit "
                                                  "MAX_SLIDES_PER_MODULE); split it into several "
                                                  "modules", most=limits.MAX_SLIDES_PER_MODULE))
                if count > limits.MAX_SLIDES_PER_MODULE:
                    slide = None
                    return
                sections[-1].slides.append(
                    Slide(slide.title, with_pauses(slide.blocks), slide.layout, slide.loc))
                slide = None

        while i < n:
            tok = tokens[i]
            if tok.type == "front_matter":
                i += 1
                continue
            if tok.type == "heading_open" and tok.tag in ("h1", "h2"):
                title, layout = self.heading_title(tokens[i + 1], tok)
                line = tok.map[0] if tok.map else 0
                close_slide()
                if tok.tag == "h1":
                    sections.append(_Section(title, layout, self.loc(line)))
                else:
                    if not sections:
                        sections.append(_Section(None, None, self.loc(line)))
                    slide = _Slide(title, layout, self.loc(line))
                i += 3
                continue
            if tok.type == "hr":  # pandoc: a rule starts a new slide without a title
                close_slide()
                if not sections:
                    sections.append(_Section(None, None, self.loc(tok.map[0] if tok.map else 0)))
                slide = _Slide("", None, self.loc(tok.map[0] if tok.map else 0))
                i += 1
                continue
            end = close_index(tokens, i)
            target = slide.blocks if slide is not None else sections[-1].blocks if sections else intro
            attach(target, self.block(i, end), self.diags)  # a ::: transcript joins its recording
            i = end + 1
        close_slide()
        return list(with_pauses(intro)), [
            Section(s.title, with_pauses(s.blocks), tuple(s.slides), s.layout, s.loc)
            for s in sections
        ]

    def heading_title(self, inline: Token, tok: Token) -> tuple[str, str | None]:
        title, attrs = split_attributes(inline.content)
        line = tok.map[0] if tok.map else 0
        if attrs is None:
            self.error(line, _('the attributes after this heading are malformed; write them like '
                               '{{layout="Two Content"}}'))
            attrs = {}
        for key in attrs:
            if key not in HEADING_ATTRIBUTES:
                self.error(line, _('unknown heading attribute "{key}"{suggestion}', key=key,
                                   suggestion=config.suggest(key, HEADING_ATTRIBUTES)))
        text = plain(parse_inline(title)) if _MARKUP.search(title) else title
        if not text and tok.tag == "h2":
            self.warning(line, _("this slide has an empty title; write it after the ##"))
        layout = attrs.get("layout")
        return text, (layout.strip() if layout else None)

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, start: int, stop: int) -> list[Block]:
        """The blocks of tokens[start:stop] (one nesting level)."""
        if self._refused:
            self._report_refused()
        out: list[Block] = []
        i = start
        while i < stop:
            end = close_index(self.tokens, i)
            attach(out, self.block(i, end), self.diags)
            i = end + 1
        return out

    def block(self, i: int, end: int) -> list[Block]:
        """The block(s) that tokens[i..end] make."""
        tok = self.tokens[i]
        t = tok.type
        line = tok.map[0] if tok.map else None
        loc = self.loc(line)
        if t == "paragraph_open":
            return self.paragraph(self.tokens[i + 1], loc)
        if t == "heading_open":
            title, _attrs = split_attributes(self.tokens[i + 1].content)
            return [Heading(int(tok.tag[1]), parse_inline(title), loc)]
        if t in ("bullet_list_open", "ordered_list_open"):
            items: list[ListItem] = []
            self.list_items(i, end, 0, items)
            return [BulletList(tuple(items), loc)]
        if t == "table_open":
            return [self.table(i, end, loc)]
        if t == "blockquote_open":
            return [Quote(tuple(self.blocks(i + 1, end)), loc)]
        if t == "fence" and tok.info.strip().split(" ")[0].lower() == "quiz":
            return [QuizSource(tok.content, (line or 0) + 2, loc)]
        if t in ("fence", "code_block"):
            return [Code(tok.content.rstrip("\n"), tok.info.strip().split(" ")[0], loc)]
        if t == "html_block":
            self.warning(line, _("HTML is not supported in training material; it is shown as text"))
            return [Paragraph((Span(tok.content.strip()),), loc)] if tok.content.strip() else []
        if t == "container_div_open":
            return self.div(i, end, tok, loc)
        if t == "hr":  # inside a div: nothing to draw
            return []
        return []

    def paragraph(self, inline: Token, loc: Location) -> list[Block]:
        spans, images = inline_text(inline.children)
        pictures = [self.image(tok, attrs, loc) for tok, attrs in images]
        pictures = [p for p in pictures if p is not None]
        text = [Paragraph(spans, loc)] if spans else []
        image_first = bool(inline.children) and inline.children[0].type == "image"
        return (pictures + text) if image_first else (text + pictures)

    def image(self, tok: Token, attrs: dict[str, str] | None, loc: Location) -> Image | Recording | None:
        src = urllib.parse.unquote(str(tok.attrs.get("src", "")))
        if kind_of(src):  # an audio or video file: a call recording (parse/recording.py)
            return recording(src, tok, attrs, loc, self.path, self.root, self.diags, self.confine)
        if attrs is None:
            self.diags.error(loc, _("the attributes after this image are malformed; write them like "
                                    "{{width=60%}}"))
            attrs = {}
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
            self.diags.error(loc, _('image "{src}" is on the web; remote images are not fetched: '
                                    "save it into the course's images/ folder and link it by its path",
                                    src=src))
            return None
        if not src:
            self.diags.error(loc, _("this image has no path; write ![alt](images/picture.png)"))
            return None
        path = self.path.parent / src
        if not path.exists() and (self.root / src).exists():
            path = self.root / src  # images/x.png from a module in modules/: what a trainer means
        if is_loop(path) or (not path.exists() and is_loop(self.root / src)):
            self.diags.error(loc, _('image "{src}" is a link that leads back to itself (a loop); '
                                    "put the picture file itself there", src=src))
            return None
        if not inside(self.confine, path):
            self.diags.error(loc, _('image "{src}" is outside the course folder; copy it into the '
                                    "course's images/ folder", src=src))
            return None
        if not path.is_file():
            self.diags.error(loc, _missing_picture(src, self.path, self.root, self.confine))
            return None
        problem = picture_problem(path)
        if problem:
            self.diags.error(loc, _('image "{src}" {problem}', src=src, problem=problem))
            return None
        size: dict[str, float | int | None] = {}
        for key, value in attrs.items():
            if key in ("width", "height"):
                fraction, emu = _size(value)
                if fraction is None and emu is None and key == "width":
                    self.diags.error(loc, _('image width "{value}" must be a percentage of the slide or '
                                            "page width (1% to 100%, like 60%), or a length in px, in, "
                                            "cm, mm or em, like 8cm", value=value))
                elif fraction is None and emu is None:
                    self.diags.error(loc, _('image height "{value}" must be a percentage of the slide or '
                                            "page height (1% to 100%, like 60%), or a length in px, in, "
                                            "cm, mm or em, like 8cm", value=value))
                size[key], size[key + "_emu"] = fraction, emu
            elif key not in ("class", "id"):
                self.diags.warning(loc, _('image attribute "{key}" is not used; only width and '
                                          "height are", key=key))
        return Image(path.resolve(), image_alt(tok), size.get("width"), loc,  # type: ignore[arg-type]
                     size.get("height"), size.get("width_emu"), size.get("height_emu"))  # type: ignore[arg-type]

    def list_items(self, i: int, end: int, level: int, out: list[ListItem]) -> None:
        tokens = self.tokens
        ordered = tokens[i].type == "ordered_list_open"
        number = int(tokens[i].attrs.get("start", 1) or 1) if ordered else None
        j = i + 1
        while j < end:
            tok = tokens[j]
            if tok.type != "list_item_open":
                j += 1
                continue
            item_end = close_index(tokens, j)
            parts: list[Text] = []
            nested: list[tuple[int, int]] = []
            k = j + 1
            while k < item_end:
                sub = tokens[k]
                sub_end = close_index(tokens, k)
                if sub.type == "paragraph_open":
                    spans, images = inline_text(tokens[k + 1].children)
                    if images:
                        self.warning(sub.map[0] if sub.map else None,
                                     _("a picture inside a list item is not shown; put it on a line "
                                       "of its own, outside the list"))
                    if spans:
                        parts.append(spans)
                elif sub.type in ("bullet_list_open", "ordered_list_open"):
                    nested.append((k, sub_end))
                else:
                    for block in self.blocks(k, sub_end + 1):
                        flat = _flat_text(block)
                        if flat:
                            parts.append(flat)
                k = sub_end + 1
            text: list[Span] = []
            for part in parts:
                if text:
                    text.append(Span("\n"))
                text.extend(part)
            check = _task_box(text)
            out.append(ListItem(tuple(text), level, ordered, number,
                                self.loc(tok.map[0] if tok.map else None), check))
            if number is not None:
                number += 1
            for a, b in nested:
                self.list_items(a, b, level + 1, out)
            j = item_end + 1

    def table(self, i: int, end: int, loc: Location) -> Table:
        header: list[Text] = []
        rows: list[list[Text]] = []
        align: list[str | None] = []
        in_head = False
        for tok in self.tokens[i:end]:
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open" and not in_head:
                rows.append([])
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                if in_head:
                    align.append(style.split(":", 1)[1].strip() if ":" in style else None)
            elif tok.type == "inline":
                spans, _images = inline_text(tok.children)
                (header if in_head else rows[-1]).append(spans)
        return Table(tuple(header), tuple(tuple(r) for r in rows), tuple(align), loc)

    def div(self, i: int, end: int, tok: Token, loc: Location) -> list[Block]:
        name, title = div_name(tok)
        line = tok.map[0] if tok.map else 0
        if name in ASIDES or name in BUILDS:
            return [Aside(name, tuple(self.blocks(i + 1, end)), loc)]  # type: ignore[arg-type]
        if name == "columns":
            return self.columns(i, end, loc)
        if name == "column":
            self.error(line, _("::: column must be inside a :::: columns block (note the four colons)"))
            return self.blocks(i + 1, end)
        if name == "kb":
            return [KB(title, tuple(self.blocks(i + 1, end)), loc)]
        if name == "model":
            items, strays = self.numbered_items(i, end)
            return [callcentre.parse_model(title, items, strays, self, loc)]
        if name in callcentre.LINE_BLOCKS:
            start_line = line + 1
            stop_line = tok.map[1] if tok.map else start_line
            lines = [(n, self.lines[n]) for n in range(start_line, min(stop_line, len(self.lines)))]
            # The closing fence is not content.
            if lines and lines[-1][1].strip().startswith(":::") and not lines[-1][1].strip(": "):
                lines = lines[:-1]
            block = callcentre.LINE_BLOCKS[name](title, lines, self, loc)
            return [block] if block is not None else []
        known = ", ".join(sorted(k for k in KNOWN_DIVS if k != "column"))
        close = difflib.get_close_matches(name, KNOWN_DIVS, n=1)
        if close:
            self.error(line, _('unknown block "::: {name}" (did you mean "{close}"?); the blocks are: '
                               "{known}", name=name, close=close[0], known=known))
        else:
            self.error(line, _('unknown block "::: {name}"; the blocks are: {known}', name=name,
                               known=known))
        return self.blocks(i + 1, end)

    def numbered_items(self, i: int, end: int) -> tuple[list[ListItem], list[int | None]]:
        """The items of the numbered lists directly inside the div tokens[i..end], and the
        0-based lines of anything else there (a `::: model` takes only numbered lists)."""
        items: list[ListItem] = []
        strays: list[int | None] = []
        level = self.tokens[i].level + 1
        for j in range(i + 1, end):
            tok = self.tokens[j]
            if tok.level != level or tok.nesting == -1:
                continue
            if tok.type == "ordered_list_open":
                self.list_items(j, close_index(self.tokens, j), 0, items)
            elif tok.type != "container_div_close":
                strays.append(tok.map[0] if tok.map else None)
        return items, strays

    def columns(self, i: int, end: int, loc: Location) -> list[Block]:
        cols: list[tuple[Block, ...]] = []
        widths: list[float | None] = []
        unclosed = (self.tokens[i].map or [None])[0] in self._unclosed
        last_column = max((t.map[0] for t in self.tokens[i + 1:end] if t.map
                           and t.type == "container_div_open" and div_name(t)[0] == "column"),
                          default=-1)
        j = i + 1
        while j < end:
            sub = self.tokens[j]
            sub_end = close_index(self.tokens, j)
            if sub.type == "container_div_open" and div_name(sub)[0] == "column":
                cols.append(tuple(self.blocks(j + 1, sub_end)))
                widths.append(self.column_width(div_name(sub)[1], sub.map[0] if sub.map else None))
            elif unclosed and sub.map and sub.map[0] > last_column:
                pass  # what an unclosed :::: columns swallowed after its columns: said once
            else:
                self.error(sub.map[0] if sub.map else None,
                           _("content inside :::: columns must be inside a ::: column block; if a "
                             "block inside a column ended it early, give the outer fences one more "
                             "colon (:::: columns ... ::::) than the ::: column fences"))
            j = sub_end + 1
        if len(cols) < 2:
            self.error(loc.line - 1, _(":::: columns needs two or more ::: column blocks inside"))
        if sum(w or 0 for w in widths) > 100:
            self.error(loc.line - 1, _("the column widths add up to more than 100%; make them "
                                       'smaller, such as width="40%" and width="60%"'))
            widths = []
        return [Columns(tuple(cols), loc, tuple(widths) if any(widths) else ())]

    def column_width(self, attributes: str, line: int | None) -> float | None:
        """A column's width in percent from pandoc's {.column width="40%"}; None when not given."""
        found = re.fullmatch(r'\s*width\s*=\s*"?\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*"?\s*', attributes)
        if found and 1 <= float(found.group(1)) <= 100:
            return float(found.group(1))
        if attributes.strip():
            self.error(line, _('column attribute "{attributes}" is not understood; give a width as '
                               'a percentage of the slide, like ::: {{.column width="40%"}}',
                               attributes=attributes.strip()))
        return None


MAX_PIXELS = 40_000_000  # 8000 x 5000: far beyond any slide or page, still safe to decode
PICTURE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")


def picture_problem(path: Path) -> Msg | None:
    """Why a picture cannot go into a deck or document (None when it can). Reads the header
    only, so a decompression bomb is refused before it is decoded."""
    from PIL import Image as Pillow

    try:
        with Pillow.open(path) as picture:
            fmt, (w, h) = picture.format, picture.size
    except Pillow.DecompressionBombError:
        return _("has far too many pixels to be a picture; refused")
    except (OSError, ValueError, EOFError):
        # Not a picture (UnidentifiedImageError is an OSError; Pillow turns its readers' SyntaxError
        # and struct.error into it), or a broken header: OSError, ValueError or EOFError.
        kind = path.suffix.lower()
        if kind == ".svg":
            return _("is an SVG drawing, which Office decks cannot take here; export it as PNG")
        return _("is not a picture trainerkit can read; save it as PNG or JPEG")
    if fmt not in PICTURE_FORMATS:
        return _("is a {format} picture; save it as PNG or JPEG", format=fmt)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > limits.MAX_PICTURE_BYTES:
        return _("is a file of {size:,.0f} MB, more than {most} MB (the limit MAX_PICTURE_BYTES); save "
                 "it smaller, as JPEG for a photo", size=size / limits.MB,
                 most=limits.MAX_PICTURE_BYTES // limits.MB)
    if w * h > MAX_PIXELS:
        return _("is {width} x {height} pixels, too large to place safely; resize it (a slide needs "
                 "at most about 2000 pixels across)", width=w, height=h)
    return None


def close_index(tokens: list[Token], i: int) -> int:
    """Index of the token that closes tokens[i] (i itself for a token that opens nothing)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _missing_picture(src: str, module: Path, root: Path, confine: Path | None = None) -> Msg:
    """The error for a missing picture: where it was looked for (inside the course, or the
    system), and a near miss if any: another case, a typo, or a file of that name elsewhere in
    the folder (a module moved into a system's library/ with its pictures left behind)."""
    confine = confine or root
    places = [p for p in (module.parent / src, root / src) if inside(confine, p)] or [module.parent / src]
    shown = list(dict.fromkeys(display_path(p.resolve()) for p in places))
    looked: Msg | str = shown[0] if len(shown) == 1 else _("{first} or {second}", first=shown[0],
                                                           second=shown[1])
    folder = next((p.parent for p in places if p.parent.is_dir()), None)
    if folder is not None:
        names = [f.name for f in folder.iterdir() if f.is_file()]
        same_case = [n for n in names if n.lower() == Path(src).name.lower()]
        if same_case:
            return _('image "{src}" does not exist (looked for {places}); did you mean "{close}"? '
                     "(capital letters count)", src=src, places=looked, close=same_case[0])
        close = difflib.get_close_matches(Path(src).name, names, n=1, cutoff=0.7)
        if close:
            return _('image "{src}" does not exist (looked for {places}); did you mean "{close}"?',
                     src=src, places=looked, close=close[0])
    found = same_name(confine, Path(src).name)
    if found is not None:
        import os

        write = Path(os.path.relpath(found, module.parent)).as_posix()
        return _('image "{src}" does not exist (looked for {places}); {found} has that name: '
                 'write "{write}"', src=src, places=looked, found=display_path(found), write=write)
    return _('image "{src}" does not exist (looked for {places})', src=src, places=looked)


def _task_box(text: list[Span]) -> bool | None:
    """A task item's box, "[ ] " or "[x] " at its start, taken off the text."""
    if not text or text[0].code:
        return None
    first = text[0]
    head = first.text[:4]
    if head in ("[ ] ", "[x] ", "[X] ") or first.text in ("[ ]", "[x]", "[X]"):
        rest = first.text[4:]
        if rest:
            text[0] = Span(rest, first.bold, first.italic, first.code, first.strike, first.link)
        else:
            text.pop(0)
        return head[1] != " "
    return None


# EMU per unit of a length in pandoc's image attributes: px at pandoc's 96 dpi, em as 16 px
# (a browser's default text size, and what text2qti's width=10em means on a page).
_EMU_PER = {"px": 9525, "in": 914400, "cm": 360000, "mm": 36000, "pt": 12700, "em": 152400}
_MAX_EMU = 914400 * 60  # 60 inches: beyond any slide or page; a larger one is a typing slip


def _size(value: str) -> tuple[float | None, int | None]:
    """An image width or height: (fraction, None) for a percentage, (None, EMU) for a length in
    px, in, cm, mm, pt or em (a bare number is px, as in pandoc); (None, None) when invalid."""
    found = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(%|px|in|cm|mm|pt|em)?\s*",
                         value.lower())
    if not found:
        return None, None
    number, unit = float(found.group(1)), found.group(2) or "px"
    if unit == "%":
        return (number / 100, None) if 0 < number <= 100 else (None, None)
    emu = int(number * _EMU_PER[unit])
    return (None, emu) if 0 < emu <= _MAX_EMU else (None, None)


def with_pauses(blocks: list[Block] | tuple[Block, ...]) -> tuple[Block, ...]:
    """pandoc's pause (a paragraph of only ". . .") as a build step: what follows it, to the end
    of the slide, column or block it sits in, goes into a "step" aside, shown on the next click
    in the slide show and unwrapped in the documents. The pause itself is never shown."""
    out: list[Block] = []
    for k, block in enumerate(blocks):
        if isinstance(block, Paragraph) and "".join(s.text for s in block.text).strip() == PAUSE:
            rest = with_pauses(blocks[k + 1:])
            if rest:
                out.append(Aside("step", rest, block.loc))
            return tuple(out)
        if isinstance(block, Columns):
            block = replace(block, columns=tuple(with_pauses(c) for c in block.columns))
        elif isinstance(block, (Aside, Quote)):
            block = replace(block, blocks=with_pauses(block.blocks))
        out.append(block)
    return tuple(out)


def _flat_text(block: Block) -> Text:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Code):
        return (Span(block.text, code=True),)
    if isinstance(block, Heading):
        return block.text
    return ()


_NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")


def module_id(path: Path) -> str:
    """The default id of a module: its file name without number prefix and suffix."""
    stem = path.name
    for suffix in (".quiz.md", ".md"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return _NUMBER_PREFIX.sub("", stem) or stem


_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:(\s|$)")


def _open_front_matter(lines: list[str]) -> int | None:
    """The 0-based last line of a front matter whose closing --- is missing (None when there is
    none such): a --- on line 1 followed by "key:" lines; it ends, as far as can be told, before
    the first blank line or heading. Asked only when markdown-it found no front matter."""
    if not lines or lines[0].rstrip() != "---" or len(lines) < 2 or not _YAML_KEY.match(lines[1]):
        return None
    last = 1
    for n in range(2, len(lines)):
        line = lines[n]
        if not line.strip() or line.startswith("#"):
            break
        last = n
    return last


def parse_module(path: Path, text: str, root: Path, diags: Diagnostics, deck: bool = False,
                 confine: Path | None = None) -> Module:
    """One module file into the model; problems go to diags. deck: a single Markdown file built
    as a course, whose front matter may be pandoc's title block (config.PANDOC_TITLE_KEYS) and
    which may have no title, as a pandoc deck may."""
    parser = Parser(path, text, root, diags, confine)
    has_front = bool(parser.tokens) and parser.tokens[0].type == "front_matter"
    open_end = None if has_front else _open_front_matter(parser.lines)
    if open_end is not None:
        # Named once at line 1: its lines are not taken for Markdown (a rule and a paragraph
        # of keys) nor its YAML checked further, which would only repeat that it never closed.
        diags.error(Location.of(path, 1),
                    _("the front matter that starts with --- on this line never closes; add a line "
                      "--- after its last line (line {line}), before the module's content",
                      line=open_end + 1))
        text = "\n" * (open_end + 1) + "\n".join(parser.lines[open_end + 1:])
        parser = Parser(path, text, root, diags, confine)
    meta, start = parser.front_matter()
    if open_end is not None:
        start = 2  # a front matter was meant: no "no title" warning on top of its error
    title, mid, duration, objectives, language = "", module_id(path), None, (), ""
    day: int | None = None
    has_meta = start > 0
    given: frozenset[str] | None = frozenset(meta.value) if meta is not None else (
        None if has_meta else frozenset())
    if meta is not None:
        keys = FRONT_MATTER_KEYS + (config.PANDOC_TITLE_KEYS if deck else ())
        config.check_keys(meta, keys, path, "the front matter", diags)
        v = meta.value
        title = config.as_text(v.get("title"), path, "title", diags)
        mid = config.as_text(v.get("id"), path, "id", diags) or mid
        duration = config.as_minutes(v.get("duration"), path, "duration", diags)
        objectives = tuple(t for t, _line in config.as_text_list(v.get("objectives"), path,
                                                             "objectives", diags))
        if not deck:  # a pandoc deck's language is its "lang", the course's
            language = config.as_language(v.get("language"), path, "language", diags, "")
        if v.get("day") is not None:
            day = config.as_int(v.get("day"), path, "day", diags, 1, minimum=1)
    intro, sections = parser.outline()
    if not title:
        title = mid
        if not (has_meta and meta is None) and not deck:  # a failed one has its own error
            diags.warning(Location.of(path, 1), _('this module has no title; add "title: ..." to '
                                                  "its front matter (between --- lines at the top)"))
    return Module(id=mid, title=title, path=path, duration=duration, objectives=objectives,
                  intro=tuple(intro), sections=tuple(sections), loc=Location.of(path, 1),
                  given=given, language=language, day=day)


def parse_fragment(name: Path, text: str, root: Path, diags: Diagnostics) -> tuple[list[Block], list[Section]]:
    """Markdown that a template produced: its intro blocks and sections."""
    return Parser(name, text, root, diags).outline()
