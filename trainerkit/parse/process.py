"""`::: model`: a de-escalation or call-flow model, as an ordered list of steps.

    ::: model HEARD
    1. **Hear** 倾听:让客户把话说完
    2. **Empathize** 共情:表达理解
    :::

The bold lead of a step is its label ("Hear"); the rest is its text.
"""

from __future__ import annotations

from ..errors import Location
from ..messages import _
from ..model import ListItem, Model, Span, Step
from .lines import Context

MAX_STEPS = 8  # more do not read well on one slide


def parse_model(title: str, items: list[ListItem], strays: list[int | None], ctx: Context,
                loc: Location) -> Model:
    """A model from the items of the numbered lists inside its fence; `strays` are the 0-based
    lines of anything else written there (each an error)."""
    for line0 in strays:
        ctx.error(line0, _("a model is a numbered list of steps: 1. **Step** what it means"))
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
        ctx.error(loc.line - 1, _("this model has no steps; write them as a numbered list: "
                                  "1. **Hear** 倾听"))
    elif len(steps) > MAX_STEPS:
        ctx.warning(loc.line - 1, _("this model has {n} steps; more than {most} will not read well "
                                    "on one slide", n=len(steps), most=MAX_STEPS))
    return Model(title, tuple(steps), loc)
