"""`::: shortcuts`: keys and what they do, one a line.

    ::: shortcuts CRM 快捷键
    Ctrl+K: 打开知识库搜索
    :::
"""

from __future__ import annotations

from ..errors import Location
from ..messages import _
from ..model import Shortcut, Shortcuts
from .lines import Context, Lines, split_label
from .markdown import parse_inline


def parse_shortcuts(title: str, lines: Lines, ctx: Context, loc: Location) -> Shortcuts:
    items: list[Shortcut] = []
    for n, raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ")):
            line = line[2:].strip()
        labelled = split_label(line, max_label=40, words_only=False)
        if labelled is None or not labelled[1]:
            ctx.error(n, _('a shortcut line is "keys: what they do", for example '
                           '"Ctrl+K: 打开知识库搜索"'))
            continue
        items.append(Shortcut(labelled[0].strip("`"), parse_inline(labelled[1]), ctx.loc(n)))
    if not items:
        ctx.error(loc.line - 1, _('this shortcuts block is empty; write one "keys: action" a line'))
    return Shortcuts(title, tuple(items), loc)
