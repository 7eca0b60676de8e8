"""The block parsers against their fixture files, as mdit-py-plugins tests its plugins.

tests/fixtures/blocks/<block>.md holds examples in markdown-it-py's fixture format: a title line,
`.`, the Markdown of a tiny module, `.`, the model it parses into and the problems reported, `.`.
Each example goes through the real module parser. The model is shown one object a line, indented
by nesting: the class, its fields that differ from their defaults, `@line` where it was written;
text with its formatting as Markdown (`**bold**`, `*italic*`, `` `code` ``, `~~strike~~`,
`[text](link)`) in JSON quotes. Problems follow as `blocks.md:line: severity: message`. A line
holding only `.` ends a part, so an example cannot contain one.

`TRAINERKIT_FIXTURES=update pytest tests/test_block_fixtures.py` writes what the parser does now
into the files' expected parts; read the diff before committing it.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from trainerkit.errors import Diagnostics, Location
from trainerkit.model import Module, Span, Text
from trainerkit.parse import parse_module

FIXTURES = Path(__file__).parent / "fixtures" / "blocks"
FILES = sorted(FIXTURES.glob("*.md"))
MODULE = "blocks.md"
NO_TITLE = "this module has no title"  # every example lacks front matter: not the block's problem


def shown_text(text: Text) -> str:
    """A model text as Markdown marks, so formatting shows in a fixture."""
    out = []
    for span in text:
        s = span.text
        if span.code:
            s = f"`{s}`"
        if span.strike:
            s = f"~~{s}~~"
        if span.italic:
            s = f"*{s}*"
        if span.bold:
            s = f"**{s}**"
        if span.link is not None:
            s = f"[{s}]({span.link})"
        out.append(s)
    return json.dumps("".join(out), ensure_ascii=False)


def _is_text(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and all(isinstance(v, Span) for v in value)


def _is_cells(value: object) -> bool:
    """A table row or header: a tuple of texts (a cell may be empty)."""
    return (isinstance(value, tuple) and bool(value)
            and all(isinstance(v, tuple) and all(isinstance(s, Span) for s in v) for v in value))


def _is_objects(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and all(dataclasses.is_dataclass(v) for v in value)


def shown(obj: object, depth: int = 0) -> list[str]:
    """One model object (and what it holds) as indented lines."""
    pad = "  " * depth
    head = [type(obj).__name__]
    children: list[str] = []
    where = ""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.name == "loc":
            where = f"@{value.line}" if Path(value.path).name == MODULE else f"@{value}"
            continue
        default = f.default if f.default is not dataclasses.MISSING else (
            f.default_factory() if f.default_factory is not dataclasses.MISSING else dataclasses.MISSING)
        if value == default and f.name not in ("title", "text", "speaker", "keys", "label"):
            continue
        if _is_text(value):
            head.append(f"{f.name}={shown_text(value)}")
        elif _is_cells(value):
            head.append(f"{f.name}=[{', '.join(shown_text(cell) for cell in value)}]")
        elif isinstance(value, tuple) and value and all(_is_cells(row) for row in value):
            children.extend(f"{pad}  row [{', '.join(shown_text(cell) for cell in row)}]"
                            for row in value)
        elif _is_objects(value):
            children.append(f"{pad}  {f.name}:")
            for item in value:
                children.extend(shown(item, depth + 2))
        elif dataclasses.is_dataclass(value):  # one object in a field: a recording's transcript
            children.append(f"{pad}  {f.name}:")
            children.extend(shown(value, depth + 2))
        elif isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
            for n, column in enumerate(value, 1):  # Columns: a tuple of blocks per column
                children.append(f"{pad}  {f.name} {n}:")
                for item in column:
                    children.extend(shown(item, depth + 2))
        elif value == ():
            head.append(f'{f.name}=""' if f.type == "Text" else f"{f.name}=()")
        elif isinstance(value, Path):
            head.append(f"{f.name}={value.name}")
        else:
            head.append(f"{f.name}={json.dumps(value, ensure_ascii=False)}")
    return [pad + " ".join(head + ([where] if where else []))] + children


def shown_module(module: Module) -> list[str]:
    """The blocks of a module: its intro, then its sections and slides."""
    lines = [line for block in module.intro for line in shown(block)]
    for section in module.sections:
        if section.title is not None:
            lines.append(f"# {json.dumps(section.title, ensure_ascii=False)} @{section.loc.line}")
        lines.extend(line for block in section.blocks for line in shown(block, 1))
        for slide in section.slides:
            lines.append(f"## {json.dumps(slide.title, ensure_ascii=False)} @{slide.loc.line}")
            lines.extend(line for block in slide.blocks for line in shown(block, 1))
    return lines


def parsed(tmp_path: Path, markdown: str) -> str:
    """What the module parser makes of one example, as the fixture writes it."""
    path = tmp_path / MODULE
    path.write_text(markdown, encoding="utf-8")
    diags = Diagnostics()
    module = parse_module(path, markdown, tmp_path, diags)
    problems = [f"{Location(MODULE, d.location.line) if d.location else ''}: {d.severity}: {d.message}"
                for d in diags.sorted() if not d.message.startswith(NO_TITLE)]
    return "\n".join(shown_module(module) + problems) + "\n"


ORIGINAL_LINES = {path: [example[0] for example in read_fixture_file(path)] for path in FILES}
EXAMPLES = [(path, line, title, markdown, expected)
            for path in FILES for line, title, markdown, expected in read_fixture_file(path)]


def test_every_block_has_its_fixture_file():
    names = {p.stem for p in FILES}
    assert {"script", "phrases", "model", "shortcuts", "roleplay", "kb", "asides", "columns"} <= names


@pytest.mark.parametrize("path,line,title,markdown,expected", EXAMPLES,
                         ids=[f"{p.stem}:{line}" for p, line, *_ in EXAMPLES])
def test_block_fixture(tmp_path, path, line, title, markdown, expected):
    got = parsed(tmp_path, markdown)
    if os.environ.get("TRAINERKIT_FIXTURES") == "update":
        _update(path, ORIGINAL_LINES[path].index(line), got)
        return
    assert got == expected, f"{path.name}:{line}: {title}"


def _update(path: Path, index: int, got: str) -> None:
    """Write got as the expected part of the file's example number index (from 0)."""
    title_line = read_fixture_file(path)[index][0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dots = [i for i in range(title_line, len(lines)) if lines[i].rstrip() == "."][:3]
    lines[dots[1] + 1:dots[2]] = [got]
    path.write_text("".join(lines), encoding="utf-8")
