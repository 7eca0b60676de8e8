"""`::: model`: a de-escalation or call-flow model, as an ordered list of steps.

    ::: model HEARD
    1. **Hear** 倾听:让客户把话说完
    2. **Empathize** 共情:表达理解
    :::

The bold lead of a step is its label ("Hear"); the rest is its text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Location
from ..model import ListItem, Model, Span, Step

if TYPE_CHECKING:
    from .module import Parser


def parse_model(title: str, parser: "Parser", i: int, end: int, loc: Location) -> Model:
    items: list[ListItem] = []
    for j in range(i + 1, end):
        tok = parser.tokens[j]
        if tok.level != parser.tokens[i].level + 1 or tok.nesting == -1:
            continue
        if tok.type == "ordered_list_open":
            from .module import close_index
            parser.list_items(j, close_index(parser.tokens, j), 0, items)
        elif tok.type != "container_div_close":
            parser.error(tok.map[0] if tok.map else None,
                         "a model is a numbered list of steps: 1. **Step** what it means")
    steps: list[Step] = []
    for item in items:
        if item.level > 0 and steps:
            last = steps[-1]
            steps[-1] = Step(last.label, last.text + (Span("\n"),) + item.text, last.loc)
            continue
        text = item.text
        label = ""
        if text and text[0].bold:
            label = text[0].text.strip()
            rest = list(text[1:])
            if rest:
                first = rest[0]
                rest[0] = Span(first.text.lstrip(" :：-—"), first.bold, first.italic, first.code,
                               first.strike, first.link)
                if not rest[0].text:
                    rest.pop(0)
            text = tuple(rest)
        steps.append(Step(label, text, item.loc))
    if not steps:
        parser.error(loc.line - 1, "this model has no steps; write them as a numbered list: "
                                   "1. **Hear** 倾听")
    elif len(steps) > 8:
        parser.warning(loc.line - 1, f"this model has {len(steps)} steps; more than 8 will not read "
                                     "well on one slide")
    return Model(title, tuple(steps), loc)
