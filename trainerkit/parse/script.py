"""`::: script`: a call script, one turn a line.

    ::: script 理赔进度投诉
    坐席: 您好,XX保险,工号 1024,很高兴为您服务。
    !坐席: 为保障服务质量,本次通话将被录音。      <- compliance line: said word for word
    客户: 我的理赔已经两周没人处理了!
    这是客户接着说的话。                          <- no speaker: continues the turn above
    :::
"""

from __future__ import annotations

from ..errors import Location
from ..messages import _
from ..model import Script, Span, Turn
from .lines import Context, Lines, split_label
from .markdown import parse_inline


def parse_script(title: str, lines: Lines, ctx: Context, loc: Location) -> Script:
    turns: list[Turn] = []
    for n, raw in lines:
        read_turn(raw, n, turns, ctx)
    if not turns:
        ctx.error(loc.line - 1, _('this script is empty; write one turn a line, "Speaker: words"'))
    return Script(title, tuple(turns), loc)


def read_turn(raw: str, n: int, turns: list[Turn], ctx: Context) -> None:
    """One script line onto turns: "Speaker: words" (or "：") a new turn, "!Speaker: ..." a
    compliance line, a line without a speaker the turn above going on (also `::: simulation`)."""
    line = raw.strip()
    if not line:
        return
    verbatim = line.startswith("!")
    if verbatim:
        line = line[1:].lstrip()
    labelled = split_label(line)
    if labelled is None:
        if not turns:
            ctx.error(n, _('this script line has no speaker; write it as "Speaker: words", '
                           'for example "坐席: 您好" or "Agent: Hello"'))
            return
        if verbatim:
            ctx.error(n, _('a compliance line (starting with "!") needs its speaker: '
                           '"!坐席: ..."'))
        last = turns[-1]
        turns[-1] = Turn(last.speaker, last.text + (Span("\n"),) + parse_inline(line),
                         last.verbatim, last.loc)
        return
    speaker, words = labelled
    if not words:
        ctx.warning(n, _('"{speaker}" says nothing on this line', speaker=speaker))
    turns.append(Turn(speaker, parse_inline(words), verbatim, ctx.loc(n)))
